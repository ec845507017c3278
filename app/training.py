"""Training mode: the embedded sandbox, and a connection pointed at it with its demo keys.

It puts the sandbox and the core's connection together, so it lives above both
(tests/unit/test_layers.py): the core never starts a server, and the sandbox never reads the
till's code.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.core.link.session import Connection

if TYPE_CHECKING:
    from app.sandbox.server import SandboxServer


def training_connection(url: str) -> Connection:
    """Everything pointed at a sandbox at ``url``, with its demo keys."""
    from app.sandbox import demo

    return Connection(
        url,
        demo.POINT_ID,
        demo.API_KEY,
        training=True,
        history_url=f"{url}/irp/bonus-history",
        invitation_url=f"{url}/irp/invitation",
        partner_url=f"{url}/api/Register/Add",
        partner_key=demo.PARTNER_KEY,
    )


class TrainingSandbox:
    """The embedded sandbox of training mode, started in the background and stopped at exit."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._server: SandboxServer | None = None

    def start(self) -> Connection:
        """Start the sandbox, or reuse it when training mode is entered again."""
        if self._server is None:
            from app.sandbox.server import SandboxServer  # uvicorn: only when training

            self._server = SandboxServer(self.db_path).start()
        return training_connection(self._server.url)

    def stop(self) -> None:
        """At exit: a till that never trained never loads the sandbox to learn it has none."""
        if self._server is not None:
            self._server.stop()
            self._server = None
