"""The hand-off over loopback HTTP, for a POS that can call a URL but not run a program.

Off unless ``handoff_http_port`` is set; bound to 127.0.0.1 only. Every request is signed
with the till's token from the OS keyring (``loyalty-till credentials set --key handoff``) and
every reply to a signed request is signed back (:mod:`app.handoff.signing`): a program that
took the port first learns nothing it can use and cannot answer for the till. The older
``Authorization: Bearer <token>`` is accepted only with ``handoff_http_auth = "bearer"``.
The calls are those of the local socket:

    POST /ping                                  → {"ok": true, "till": "loyalty-till"}
    POST /show                                  → {"ok": true}
    POST /sale {"amount": "1500,00", "receipt": "R-1", "wait": true, "timeout": 600}
        → 200 {"ok": true, "state": …} or, with wait, 200 the outcome (app.handoff.protocol.Outcome)
        → 401 unsigned or badly signed, 422 a bad amount or receipt, 409 the till is busy,
          504 the wait ran out (the sale goes on in the window)

uvicorn serves it on a thread of its own; each call crosses to the GUI thread through a queued
signal, and the reply waits on a future — the GUI thread never waits on HTTP.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import math
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QObject, Signal
from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from app.base.i18n import QT_TRANSLATE_NOOP
from app.base.server_thread import ServerThread
from app.handoff.desk import HandoffDesk
from app.handoff.protocol import HandoffProblem, Outcome
from app.handoff.signing import NONCE, SIGNATURE, TIME, RequestCheck, reply_signature

log = logging.getLogger(__name__)

BODY_MAX = 4096  # a sale is a few dozen bytes
WAIT_DEFAULT = 600.0
WAIT_MAX = 3600.0


class _ToGui(QObject):
    """Runs a function on the GUI thread (this object's thread) and fills a future."""

    call = Signal(object, object)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.call.connect(self._run)

    def _run(self, fn: Callable[[], Any], future: Future[Any]) -> None:
        try:
            future.set_result(fn())
        except BaseException as error:  # handed to the waiting request, never lost
            future.set_exception(error)

    def submit(self, fn: Callable[[], Any]) -> Future[Any]:
        future: Future[Any] = Future()
        self.call.emit(fn, future)
        return future


def build_app(
    desk: HandoffDesk,
    gui: _ToGui,
    token: str,
    *,
    bearer: bool = False,
    origins: Sequence[str] = (),
) -> ASGIApp:
    """The endpoint's routes. ``bearer``: also accept ``Authorization: Bearer <token>``
    (``handoff_http_auth = "bearer"``, for a POS that cannot sign yet). ``origins``: the web
    pages (a browser POS) that may call it (:func:`for_browsers`)."""
    signed = RequestCheck(token)
    expected = f"Bearer {token}".encode()

    def refused(request: Request, body: bytes) -> JSONResponse | None:
        """A 401 for a request that is neither signed right nor (when allowed) a bearer."""
        if bearer and request.headers.get("authorization") is not None:
            given = request.headers["authorization"].encode()
            if hmac.compare_digest(given, expected):
                return None
        problem = signed.problem(request.method, request.url.path, request.headers, body)
        if problem is None:
            return None
        log.warning("hand-off request refused: %s %s", request.url.path, problem)
        return JSONResponse({"ok": False, "code": "unauthorised", "why": problem}, 401)

    def reply(request: Request, payload: dict[str, Any], status: int = 200) -> Response:
        """JSON, signed under the request's nonce when the request was signed."""
        body = json.dumps(payload, ensure_ascii=False).encode()
        headers = {}
        nonce = request.headers.get(NONCE)
        if nonce is not None and request.headers.get(SIGNATURE) is not None:
            headers[SIGNATURE] = reply_signature(token, nonce.strip(), status, body)
        return Response(body, status, headers, media_type="application/json")

    async def admitted(request: Request) -> bytes | Response:
        """The body of a request the till serves, or the reply that refuses it: too long
        (413), or not signed right (401)."""
        declared = request.headers.get("content-length", "0")
        if not declared.isdigit() or int(declared) > BODY_MAX:
            return reply(request, {"ok": False, "code": "bad-request"}, 413)
        body = await request.body()
        return refused(request, body) or body

    async def ping(request: Request) -> Response:
        if isinstance(body := await admitted(request), Response):
            return body
        return reply(request, {"ok": True, "till": "loyalty-till"})

    async def show(request: Request) -> Response:
        if isinstance(body := await admitted(request), Response):
            return body
        await asyncio.wrap_future(gui.submit(desk.show))
        return reply(request, {"ok": True})

    def problem(request: Request, problem: HandoffProblem) -> Response:
        status = 409 if problem.code == "busy" else 422
        payload = {"ok": False, "code": problem.code, "message": problem.message}
        return reply(request, payload, status)

    async def sale(request: Request) -> Response:
        if isinstance(raw := await admitted(request), Response):
            return raw
        try:
            body = json.loads(raw)
        except (ValueError, RecursionError):  # not JSON, or nested past Python's parser
            body = None
        if not isinstance(body, dict) or not isinstance(body.get("amount"), str):
            return problem(
                request,
                HandoffProblem(
                    "bad-amount",
                    QT_TRANSLATE_NOOP("Handoff", 'Send the amount as JSON: {"amount": "1500,00"}.'),
                ),
            )
        receipt = body.get("receipt")
        wait = body.get("wait") is True
        timeout = body.get("timeout", WAIT_DEFAULT)
        if not isinstance(receipt, str | None) or not _seconds(timeout):
            return problem(
                request,
                HandoffProblem(
                    "bad-request",
                    QT_TRANSLATE_NOOP(
                        "Handoff", "The receipt is a string and the timeout a number of seconds."
                    ),
                ),
            )
        waiter = _FutureWaiter() if wait else None
        try:
            state = await asyncio.wrap_future(
                gui.submit(lambda: desk.sale(body["amount"], receipt, waiter))
            )
        except HandoffProblem as refusal:
            return problem(request, refusal)
        if waiter is None:
            return reply(request, {"ok": True, "state": state})
        try:
            outcome = await asyncio.wait_for(
                asyncio.shield(asyncio.wrap_future(waiter.ended)),
                min(max(float(timeout), 1.0), WAIT_MAX),
            )
        except TimeoutError:
            gui.submit(lambda: desk.forget(waiter))  # the sale goes on in the window
            return reply(request, {"ok": False, "code": "timeout"}, 504)
        return reply(request, outcome.as_json())

    routes = Starlette(
        routes=[
            Route("/ping", ping, methods=["POST"]),
            Route("/show", show, methods=["POST"]),
            Route("/sale", sale, methods=["POST"]),
        ]
    )
    return for_browsers(routes, origins)


def for_browsers(app: ASGIApp, origins: Sequence[str]) -> ASGIApp:
    """CORS for the allow-listed origins only (Starlette's middleware), with Chrome's Private
    Network Access preflight answered for them; a request that carries any other ``Origin``
    gets 403 with no CORS header before anything reaches the till, so a page elsewhere can
    neither read a reply nor hand an amount over. Requests without ``Origin`` (a POS script,
    curl) are not a browser's, and pass as before."""
    allowed = frozenset(origins)
    cors = CORSMiddleware(
        app,
        allow_origins=sorted(allowed),
        allow_methods=["POST"],
        allow_headers=["content-type", TIME.lower(), NONCE.lower(), SIGNATURE.lower()],
        expose_headers=[SIGNATURE],
        allow_private_network=True,
        max_age=600,
    )

    async def gate(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            origin = Headers(scope=scope).get("origin")
            if origin is not None and origin not in allowed:
                log.warning(
                    "hand-off: a page from %s refused (not in handoff_http_origins)", origin[:80]
                )
                await PlainTextResponse("origin not allowed", 403)(scope, receive, send)
                return
        await cors(scope, receive, send)

    return gate


class _FutureWaiter:
    """An HTTP request waiting for the outcome; it may time out (or its client hang up)."""

    def __init__(self) -> None:
        self.ended: Future[Outcome] = Future()

    def deliver(self, outcome: Outcome) -> None:
        if self.ended.set_running_or_notify_cancel():
            self.ended.set_result(outcome)


def _seconds(value: object) -> bool:
    """A timeout the wait can use: a finite number, not a flag (JSON's NaN and Infinity pass
    Python's parser; true is an int). Out of range is clamped, not refused."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


class HttpEndpoint:
    """The endpoint on 127.0.0.1:``port`` (0: any free port, for tests), bound here (an
    ``OSError`` when the port is taken), served from :meth:`start`."""

    def __init__(
        self,
        desk: HandoffDesk,
        port: int,
        token: str,
        *,
        bearer: bool = False,
        origins: Sequence[str] = (),
    ) -> None:
        app = build_app(desk, _ToGui(desk), token, bearer=bearer, origins=origins)
        self._thread = ServerThread(app, "127.0.0.1", port, "handoff-http", guarded=True)
        self.port = self._thread.port

    def start(self, timeout: float = 10.0) -> HttpEndpoint:
        self._thread.start(timeout)
        log.info("hand-off endpoint on http://127.0.0.1:%s", self.port)
        return self

    def stop(self) -> None:
        self._thread.stop()
