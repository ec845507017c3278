"""An ASGI app served by uvicorn on a thread of this process: the training sandbox and the
POS hand-off endpoint both run this way."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol


def listening_socket(host: str, port: int) -> socket.socket:
    """A listening socket whose connections send small replies at once.

    Replies go out as two writes (headers, body); without TCP_NODELAY, Nagle holds the body
    until the client's delayed ACK, adding 40 ms to every small reply on Linux (measured:
    recalc 44 ms → 1.1 ms). Accepted connections inherit the option."""
    listener = socket.create_server((host, port))
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return listener


# The hand-off endpoint: any local user can open connections to a loopback port. At most this
# many at once (the oldest that has not sent a request is closed to make room, so a POS that
# sends at once is served), and the request's headers within this many seconds.
MAX_CONNECTIONS = 64
HEADER_SECONDS = 5.0


class GuardedH11(H11Protocol):
    """uvicorn's HTTP/1.1 protocol that cannot be starved of descriptors by idle
    connections: uvicorn itself times out neither a connection that never sends a request nor
    the number of them (about 1,100 idle ones stopped the till)."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.made = time.monotonic()
        self.idle_timer = self.loop.call_later(HEADER_SECONDS, self._close_if_idle)
        live = [c for c in self.connections if not c.transport.is_closing()]
        if len(live) > MAX_CONNECTIONS:
            waiting = [c for c in live if getattr(c, "cycle", 0) is None]
            if waiting:
                min(waiting, key=lambda c: getattr(c, "made", 0.0)).transport.close()

    def _close_if_idle(self) -> None:
        if self.cycle is None and not self.transport.is_closing():
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self.idle_timer.cancel()
        super().connection_lost(exc)


class ServerThread:
    """``app`` on ``host:port`` (port 0: any free one), bound at construction, served from
    :meth:`start` until :meth:`stop`. ``guarded``: for a port any local user may reach."""

    def __init__(
        self,
        app: Any,
        host: str,
        port: int,
        name: str,
        *,
        date_header: bool = True,
        guarded: bool = False,
    ) -> None:
        self._socket = listening_socket(host, port)
        self.host, self.port = self._socket.getsockname()[:2]
        config = uvicorn.Config(
            app,
            # uvicorn's own logging set-up asks sys.stdout.isatty(): a windowed Windows program
            # has no standard streams, and training mode failed to start there. Its loggers go
            # through the program's logging instead.
            log_config=None,
            log_level="warning",
            lifespan="off",
            timeout_graceful_shutdown=1,
            access_log=False,
            date_header=date_header,
            http=GuardedH11 if guarded else "auto",
            h11_max_incomplete_event_size=16 * 1024 if guarded else None,
            # asyncio accepts up to ``backlog`` connections in one go before any of them runs:
            # uvicorn's 2,048 is enough to exhaust a till's 1,024 descriptors in one burst.
            backlog=MAX_CONNECTIONS if guarded else 2048,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def _run(self) -> None:
        self._server.run(sockets=[self._socket])

    def start(self, timeout: float = 10.0) -> None:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"{self._thread.name} did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        self._socket.close()
