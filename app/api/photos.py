"""Downloading a customer's photo (a URL from the loyalty reply), bounded in size and time."""

from __future__ import annotations

import httpx

from app.api.errors import ApiTimeout, ConnectionFailed, ProtocolError, ServerError

MAX_PHOTO_BYTES = 2 * 1024 * 1024


def fetch_photo(url: str, *, timeout: float = 5.0) -> bytes:
    where = {"api": "photo", "operation": "photo"}
    try:
        with httpx.stream("GET", url, timeout=timeout, follow_redirects=True) as response:
            if response.status_code >= 400:
                raise ServerError(
                    response.status_code, f"photo HTTP {response.status_code}", **where
                )
            data = bytearray()
            for chunk in response.iter_bytes():
                data.extend(chunk)
                if len(data) > MAX_PHOTO_BYTES:
                    raise ProtocolError(f"photo larger than {MAX_PHOTO_BYTES} bytes", **where)
            return bytes(data)
    except httpx.TimeoutException as exc:
        raise ApiTimeout(f"photo: {exc!r}", **where) from exc
    except (httpx.TransportError, httpx.InvalidURL) as exc:
        raise ConnectionFailed(f"photo: {exc!r}", **where) from exc
