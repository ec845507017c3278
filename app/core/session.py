"""Which server the till talks to, and the training sandbox when none is configured."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from app.api.loyalty import LoyaltyClient

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Connection:
    base_url: str
    point: str
    apikey: str
    training: bool

    def loyalty_client(self) -> LoyaltyClient:
        return LoyaltyClient(self.base_url, self.apikey, self.point)

    def __repr__(self) -> str:  # never show the key
        return f"Connection({self.base_url!r}, point={self.point!r}, training={self.training})"


class TrainingSandbox:
    """The embedded sandbox of training mode, started in the background and stopped at exit."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._server: object | None = None

    def start(self) -> Connection:
        from app.sandbox import demo
        from app.sandbox.server import SandboxServer

        server = SandboxServer(self.db_path).start()
        self._server = server
        return Connection(server.url, demo.POINT_ID, demo.API_KEY, training=True)

    def stop(self) -> None:
        from app.sandbox.server import SandboxServer

        if isinstance(self._server, SandboxServer):
            self._server.stop()
            self._server = None
