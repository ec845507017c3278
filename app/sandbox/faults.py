"""Fault injection for the sandbox: an ASGI middleware in front of the API routes.

A fault is switched on at run time (``POST /_sandbox/faults`` or ``--fault`` on the command
line) and applies to the named routes, for ``count`` requests or until cleared. The phase says
whether it strikes before the request is processed or after it was committed; the difference
is what makes an outcome unknown: a retail committed and then dropped spent the points even
though the till never heard so.

``late`` is the server that applies a request after the client gave up: it reads the whole
request, waits ``latency_ms``, and only then processes (commits) it and answers whoever is
still listening. With a delay longer than the client's read timeout, the client sees a
timeout for an operation that happens afterwards.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from app.sandbox.routes import MODES, ROUTES, Mode

if TYPE_CHECKING:  # the CLI reads MODES and ROUTES without loading the web stack
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

Phase = Literal["before", "after"]
# Where each mode strikes unless told otherwise: failures a proxy or a crash produce before the
# server acts; a broken or lost reply comes after the server committed.
DEFAULT_PHASE: dict[str, Phase] = {
    "error500": "before",
    "html502": "before",
    "hang": "before",
    "partner_error": "before",
    "late": "before",
    "busy429": "before",
    "maintenance503": "before",
    "redirect307": "before",
    "refused": "before",
    "malformed": "after",
    "drop": "after",
    "none": "before",
}
HANG_LIMIT_SECONDS = 600.0

HTML_503 = (
    b"<!DOCTYPE html><html><head><title>Maintenance</title></head><body><h1>We'll be back "
    b"soon</h1><p>Scheduled maintenance until 04:00.</p></body></html>"
)
REFUSED = b'{"success": false, "message": "Operation temporarily unavailable for this point"}'
HTML_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    b"</body>\r\n</html>\r\n"
)


class FaultError(ValueError):
    """A fault description that does not make sense."""


class ConnectionDropped(Exception):
    """Raised after a partial reply, so that the server closes the connection mid-body."""


@dataclass(frozen=True)
class Fault:
    mode: Mode = "none"
    latency_ms: int = 0
    routes: frozenset[str] = field(default_factory=frozenset)
    phase: Phase | None = None
    count: int | None = None
    code: int = 11

    @property
    def strikes(self) -> Phase:
        return self.phase or DEFAULT_PHASE[self.mode]

    def applies_to(self, route: str) -> bool:
        return not self.routes or route in self.routes

    @property
    def active(self) -> bool:
        return (self.mode != "none" or self.latency_ms > 0) and self.count != 0

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["routes"] = sorted(self.routes)
        return data

    @classmethod
    def from_json(cls, data: Any) -> Fault:
        if not isinstance(data, dict):
            raise FaultError("a fault is a JSON object")
        unknown = set(data) - {"mode", "latency_ms", "routes", "phase", "count", "code"}
        if unknown:
            raise FaultError(f"unknown fault fields: {sorted(unknown)}")
        mode = data.get("mode", "none")
        if mode not in MODES:
            raise FaultError(f"mode must be one of {MODES}")
        latency = data.get("latency_ms", 0)
        if isinstance(latency, bool) or not isinstance(latency, int) or not 0 <= latency <= 600_000:
            raise FaultError("latency_ms must be a whole number from 0 to 600000")
        routes = data.get("routes", [])
        if not isinstance(routes, list) or not set(routes) <= set(ROUTES.values()):
            raise FaultError(f"routes must be a list of {sorted(ROUTES.values())}")
        phase = data.get("phase")
        if phase not in (None, "before", "after"):
            raise FaultError("phase must be before or after")
        count = data.get("count")
        if count is not None and (
            isinstance(count, bool) or not isinstance(count, int) or count < 0
        ):
            raise FaultError("count must be a whole number or null")
        code = data.get("code", 11)
        if isinstance(code, bool) or not isinstance(code, int) or not 1 <= code <= 11:
            raise FaultError("code must be a partner error code from 1 to 11")
        return cls(mode, latency, frozenset(routes), phase, count, code)

    @classmethod
    def parse_cli(cls, text: str) -> Fault:
        """``MODE[:route,route][@after|@before]``, e.g. ``drop:retail`` or ``hang@after``."""
        phase: str | None = None
        if "@" in text:
            text, phase = text.split("@", 1)
        mode, _, routes = text.partition(":")
        data: dict[str, Any] = {"mode": mode, "routes": [r for r in routes.split(",") if r]}
        if phase:
            data["phase"] = phase
        return cls.from_json(data)


class FaultInjector:
    """The fault in force, shared by the server's threads."""

    def __init__(self, fault: Fault | None = None) -> None:
        self._lock = threading.Lock()
        self._fault = fault or Fault()
        self.stopping = threading.Event()

    def set(self, fault: Fault) -> None:
        with self._lock:
            self._fault = fault

    def clear(self) -> None:
        self.set(Fault())

    def current(self) -> Fault:
        with self._lock:
            return self._fault

    def take(self, route: str) -> Fault | None:
        """The fault for one request to ``route``, counting it down; ``None`` if none applies."""
        with self._lock:
            fault = self._fault
            if not fault.active or not fault.applies_to(route):
                return None
            if fault.count is not None:
                self._fault = replace(fault, count=fault.count - 1)
            return fault


class FaultMiddleware:
    def __init__(self, app: ASGIApp, injector: FaultInjector) -> None:
        self.app = app
        self.injector = injector

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        route = ROUTES.get(scope.get("path", "")) if scope["type"] == "http" else None
        fault = self.injector.take(route) if route else None
        if fault is None:
            await self.app(scope, receive, send)
            return
        if fault.mode == "late":
            await self._late(fault, scope, receive, send)
            return
        if fault.latency_ms:
            await asyncio.sleep(fault.latency_ms / 1000)
        if fault.mode == "none":
            await self.app(scope, receive, send)
            return
        if fault.strikes == "before":
            await self._strike(fault, send, reply=None)
            return
        captured: list[Message] = []

        async def capture(message: Message) -> None:
            captured.append(message)

        await self.app(scope, receive, capture)
        await self._strike(fault, send, reply=captured)

    async def _strike(self, fault: Fault, send: Send, reply: list[Message] | None) -> None:
        mode = fault.mode
        if mode == "hang":
            await self._hang()
        elif mode == "error500":
            await _respond(send, 500, b'{"error": "Internal Server Error"}', b"application/json")
        elif mode == "html502":
            await _respond(send, 502, HTML_502, b"text/html")
        elif mode == "partner_error":
            body = json.dumps({"status": "fail", "error": fault.code}).encode()
            await _respond(send, 200, body, b"application/json")
        elif mode == "busy429":
            body = b'{"message": "Too Many Requests"}'
            await _respond(send, 429, body, b"application/json", [(b"retry-after", b"7")])
        elif mode == "maintenance503":
            await _respond(send, 503, HTML_503, b"text/html", [(b"retry-after", b"120")])
        elif mode == "redirect307":
            moved = [(b"location", b"https://new-loyalty.example.ru/integration/general/")]
            await _respond(send, 307, b"", b"text/plain", moved)
        elif mode == "refused":
            await _respond(send, 200, REFUSED, b"application/json")
        else:
            status, body = _status_and_body(reply)
            if mode == "malformed":
                await _respond(send, status, body[: max(1, len(body) // 2)], b"application/json")
            else:  # drop: announce the whole body, send half of it, and close the connection
                await send(
                    {
                        "type": "http.response.start",
                        "status": status,
                        "headers": [
                            (b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                        ],
                    }
                )
                await send(
                    {
                        "type": "http.response.body",
                        "body": body[: len(body) // 2],
                        "more_body": True,
                    }
                )
                raise ConnectionDropped("sandbox fault: connection dropped mid-reply")

    async def _late(self, fault: Fault, scope: Scope, receive: Receive, send: Send) -> None:
        """Take the request in, wait, then process it whether or not the client still waits."""
        received: list[Message] = []
        while True:
            message = await receive()
            received.append(message)
            if message["type"] != "http.request" or not message.get("more_body"):
                break
        waited = 0.0
        while waited < fault.latency_ms / 1000 and not self.injector.stopping.is_set():
            await asyncio.sleep(0.02)
            waited += 0.02

        async def replay() -> Message:
            return received.pop(0) if received else {"type": "http.disconnect"}

        async def to_client_if_listening(message: Message) -> None:
            # The client gave up long ago; the operation is committed all the same.
            with contextlib.suppress(OSError):
                await send(message)

        await self.app(scope, replay, to_client_if_listening)

    async def _hang(self) -> None:
        """Accept the request and never answer (until the server stops)."""
        waited = 0.0
        while not self.injector.stopping.is_set() and waited < HANG_LIMIT_SECONDS:
            await asyncio.sleep(0.05)
            waited += 0.05


def _status_and_body(reply: list[Message] | None) -> tuple[int, bytes]:
    """The status and body a route produced, or a plausible success body before processing."""
    if not reply:
        return 200, b'{"success": true}'
    status = next((m["status"] for m in reply if m["type"] == "http.response.start"), 200)
    body = b"".join(m.get("body", b"") for m in reply if m["type"] == "http.response.body")
    return status, body or b'{"success": true}'


async def _respond(
    send: Send,
    status: int,
    body: bytes,
    content_type: bytes,
    extra: list[tuple[bytes, bytes]] | None = None,
) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(body)).encode()),
                *(extra or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
