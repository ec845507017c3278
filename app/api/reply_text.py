"""Reading what a server sent: JSON without surprises (no NaN, no Infinity), a server's words
in one line whatever shape they take, a 422's refused fields, and the headers' odd bits."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from app.api.errors import (
    ApiError,
    ClientNotFound,
    FieldRejected,
    KeyRejected,
    PointNotFound,
    ProtocolError,
)
from app.base.logs import mask


def _reject_constant(name: str) -> object:
    raise ValueError(f"JSON constant {name} is not a number")


def parse_json(content: bytes) -> Any:
    """Parse a reply body; numbers with a fraction become Decimal; NaN/Infinity are refused."""
    return json.loads(content, parse_float=Decimal, parse_constant=_reject_constant)


def snippet(content: bytes, limit: int = 200) -> str:
    text = content[:limit].decode("utf-8", errors="replace")
    return " ".join(text.split())


def rejection(content: bytes, where: dict[str, str]) -> ApiError:
    """What a 422 reply's body says was refused."""
    try:
        payload = parse_json(content)
    except (ValueError, UnicodeDecodeError):
        return ProtocolError(f"HTTP 422 with a body that is not JSON: {snippet(content)}", **where)
    if isinstance(payload, list) and payload:
        payload = {"request": payload}
    if not isinstance(payload, dict) or not payload:
        return ProtocolError(f"HTTP 422 with an unexpected body: {snippet(content)}", **where)
    fields = {str(k): sentence(v) for k, v in payload.items()}
    detail = f"HTTP 422: {fields!r}"
    if "apikey" in fields:
        return KeyRejected(detail, **where)
    if "point" in fields and "not found" in fields["point"].lower():
        return PointNotFound(fields, detail=detail, **where)
    if "client" in fields and "not found" in fields["client"].lower():
        return ClientNotFound(fields, detail=detail, **where)
    return FieldRejected(fields, detail=detail, **where)


def sentence(value: object, limit: int = 200) -> str:
    """Whatever shape a server's explanation takes (a string, a list of them, nested objects
    with messages), one line of its words: ``{"spend": ["Too much", "Try 100"]}`` →
    ``"Too much; Try 100"``."""
    words: list[str] = []

    def collect(item: object) -> None:
        if isinstance(item, str):
            if item.strip():
                words.append(" ".join(item.split()))
        elif isinstance(item, dict):
            for key in ("message", "error", "detail", "description", "msg"):
                if key in item:
                    collect(item[key])
                    return
            for inner in item.values():
                collect(inner)
        elif isinstance(item, list | tuple):
            for inner in item:
                collect(inner)
        elif item is not None and not isinstance(item, bool):
            words.append(str(item))

    collect(value)
    text = "; ".join(words)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def no_userinfo(url: str) -> str:
    """``url`` without a user name or password, for the log."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return mask(url)
    host = parts.hostname or ""
    return mask(parts._replace(netloc=f"{host}:{parts.port}" if parts.port else host).geturl())


def retry_after_seconds(header: str | None) -> int | None:
    """``Retry-After`` in seconds (the HTTP-date form is not worth a till's clock)."""
    if header and header.strip().isdigit():
        return int(header.strip())
    return None
