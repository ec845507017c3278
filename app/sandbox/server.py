"""The sandbox's HTTP server: the three APIs on Starlette and uvicorn, plus an admin API.

Run standalone with ``loyalty-till sandbox``, or in-process (training mode, tests) with
:class:`SandboxServer`, which binds 127.0.0.1 on an ephemeral port and stops cleanly.
"""

from __future__ import annotations

import html
import json
import logging
import threading
from collections.abc import Awaitable, Callable
from email.utils import formatdate
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from app.base.server_thread import ServerThread, listening_socket
from app.sandbox.faults import Fault, FaultError, FaultInjector, FaultMiddleware
from app.sandbox.store import SandboxStore
from app.sandbox.store_base import Clock
from app.sandbox.wire_values import Rejected

log = logging.getLogger(__name__)

Handler = Callable[[Request], Awaitable[Response]]


class ServerDate:
    """Every reply's ``Date`` header from the sandbox's own clock, as a real server's comes from
    its clock (which the tests move, to play a server whose time differs from the till's).
    uvicorn's own Date header is turned off where this runs."""

    def __init__(self, app: Any, clock: Clock) -> None:
        self.app = app
        self.clock = clock

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def dated(message: Any) -> None:
            if message["type"] == "http.response.start":
                date = formatdate(self.clock.now(), usegmt=True).encode()
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"date"]
                message = {**message, "headers": [*headers, (b"date", date)]}
            await send(message)

        await self.app(scope, receive, dated)


class _Json(JSONResponse):
    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


async def _body(request: Request) -> Any:
    raw = await request.body()
    try:
        return json.loads(raw) if raw else None
    except (ValueError, UnicodeDecodeError):
        return None


def build_app(store: SandboxStore, injector: FaultInjector) -> Starlette:
    def loyalty(method: Callable[..., dict[str, Any]], *, with_base: bool = False) -> Handler:
        async def endpoint(request: Request) -> Response:
            if not await run_in_threadpool(store.key_accepted, request.headers.get("apikey")):
                return _Json({"apikey": "Invalid API key."}, status_code=401)
            body = await _body(request)
            if not isinstance(body, dict):
                return _Json({"body": "Body must be a JSON object."}, status_code=422)
            args: tuple[Any, ...] = (
                (body, str(request.base_url).rstrip("/")) if with_base else (body,)
            )
            try:
                return _Json(await run_in_threadpool(method, *args))
            except Rejected as rejected:
                return _Json(rejected.fields, status_code=422)

        return endpoint

    async def history(request: Request) -> Response:
        body = await _body(request)
        if not isinstance(body, dict):
            return _Json({"bonuses": []})
        return _Json(await run_in_threadpool(store.bonus_history, body))

    async def invitation(request: Request) -> Response:
        body = await _body(request)
        reply = await run_in_threadpool(store.invitation, body if isinstance(body, dict) else {})
        return _Json(reply if reply is not None else {"success": False})

    async def partner(request: Request) -> Response:
        return _Json(await run_in_threadpool(store.partner_add, await _body(request)))

    async def photo(request: Request) -> Response:
        found = await run_in_threadpool(store.has_photo, request.path_params["client_id"])
        if found is None:
            return Response(status_code=404)
        return Response(_avatar_svg(*found), media_type="image/svg+xml")

    def admin(handler: Callable[[Request], Awaitable[Any]]) -> Handler:
        async def endpoint(request: Request) -> Response:
            if not await run_in_threadpool(store.key_accepted, request.headers.get("apikey")):
                return _Json({"apikey": "Invalid API key."}, status_code=401)
            try:
                return _Json(await handler(request))
            except FaultError as exc:
                return _Json({"fault": str(exc)}, status_code=422)

        return endpoint

    async def faults_set(request: Request) -> Any:
        fault = Fault.from_json(await _body(request))
        injector.set(fault)
        log.info("sandbox fault set: %s", fault.to_json())
        return fault.to_json()

    async def faults_get(request: Request) -> Any:
        return injector.current().to_json()

    async def faults_clear(request: Request) -> Any:
        injector.clear()
        return injector.current().to_json()

    async def clock(request: Request) -> Any:
        body = await _body(request)
        advance = body.get("advance_seconds") if isinstance(body, dict) else None
        if isinstance(advance, bool) or not isinstance(advance, int | float) or advance < 0:
            raise FaultError("advance_seconds must be a non-negative number")
        store.clock.offset += float(advance)
        return {"offset_seconds": store.clock.offset}

    async def reset(request: Request) -> Any:
        injector.clear()
        store.clock.offset = 0.0
        await run_in_threadpool(store.load_demo)
        return {"reset": True}

    async def holds(request: Request) -> Any:
        rows = await run_in_threadpool(store.holds, request.query_params.get("client"))
        return [row.__dict__ for row in rows]

    async def operations(request: Request) -> Any:
        return await run_in_threadpool(store.operations, request.query_params.get("client"))

    async def health(request: Request) -> Response:
        return _Json({"ok": True})

    routes = [
        Route(
            "/integration/general/client", loyalty(store.search, with_base=True), methods=["POST"]
        ),
        Route("/integration/general/recalc", loyalty(store.recalc), methods=["POST"]),
        Route("/integration/general/bonuses/hold", loyalty(store.hold), methods=["POST"]),
        Route("/integration/general/bonuses/release", loyalty(store.release), methods=["POST"]),
        Route("/integration/general/retail", loyalty(store.retail), methods=["POST"]),
        Route("/irp/bonus-history", history, methods=["POST"]),
        Route("/irp/invitation", invitation, methods=["POST"]),
        Route("/api/Register/Add", partner, methods=["POST"]),
        Route("/photos/{client_id}.svg", photo, methods=["GET"]),
        Route("/_sandbox/health", health, methods=["GET"]),
        Route("/_sandbox/faults", admin(faults_get), methods=["GET"]),
        Route("/_sandbox/faults", admin(faults_set), methods=["POST"]),
        Route("/_sandbox/faults", admin(faults_clear), methods=["DELETE"]),
        Route("/_sandbox/clock", admin(clock), methods=["POST"]),
        Route("/_sandbox/reset", admin(reset), methods=["POST"]),
        Route("/_sandbox/holds", admin(holds), methods=["GET"]),
        Route("/_sandbox/operations", admin(operations), methods=["GET"]),
    ]
    return Starlette(
        routes=routes,
        middleware=[
            Middleware(ServerDate, clock=store.clock),
            Middleware(FaultMiddleware, injector=injector),
        ],
    )


_PALETTE = ("#2e7d32", "#1565c0", "#6a1b9a", "#c62828", "#ef6c00", "#00838f")


def _avatar_svg(initials: str, name: str) -> bytes:
    colour = _PALETTE[sum(map(ord, name)) % len(_PALETTE)]
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">'
        f'<rect width="256" height="256" fill="{colour}"/>'
        '<circle cx="128" cy="100" r="52" fill="#ffffff" fill-opacity="0.85"/>'
        '<path d="M40 256 C40 180 216 180 216 256 Z" fill="#ffffff" fill-opacity="0.85"/>'
        f"<title>{html.escape(initials)}</title></svg>"
    ).encode()


class SandboxServer:
    """A sandbox running in a background thread of this process."""

    def __init__(
        self,
        db_path: Path | str,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        fault: Fault | None = None,
    ) -> None:
        self.store = SandboxStore(db_path)
        self.injector = FaultInjector(fault)
        self._app = build_app(self.store, self.injector)
        self._thread = ServerThread(self._app, host, port, "sandbox", date_header=False)
        self.host, self.port = self._thread.host, self._thread.port
        self._link_lock = threading.Lock()
        self.link_is_down = False

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 10.0) -> SandboxServer:
        self._thread.start(timeout)
        log.info("sandbox listening on %s", self.url)
        return self

    def stop(self) -> None:
        self.injector.stopping.set()
        with self._link_lock:
            if not self.link_is_down:
                self._thread.stop()
        self.store.close()

    def link_down(self) -> None:
        """The store's link goes down: nothing listens on the port any more, so a till's
        connection is refused (nothing it sends can arrive). The data stays."""
        with self._link_lock:
            if not self.link_is_down:
                self._thread.stop()
                self.link_is_down = True

    def link_up(self, timeout: float = 10.0) -> None:
        """The link is back: the same address answers again, with the same data."""
        with self._link_lock:
            if self.link_is_down:
                self._thread = ServerThread(
                    self._app, self.host, self.port, "sandbox", date_header=False
                )
                self._thread.start(timeout)
                self.link_is_down = False

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve(db_path: Path, host: str, port: int, fault: Fault | None) -> None:
    """Run the sandbox in the foreground until interrupted (``loyalty-till sandbox``)."""
    store = SandboxStore(db_path)
    injector = FaultInjector(fault)
    listener = listening_socket(host, port)
    print(f"Loyalty Till sandbox on http://{host}:{port}  (apikey: demo, db: {db_path})")
    config = uvicorn.Config(
        build_app(store, injector), log_level="info", timeout_graceful_shutdown=1, date_header=False
    )
    try:
        uvicorn.Server(config).run(sockets=[listener])
    finally:
        listener.close()
        injector.stopping.set()
        store.close()
