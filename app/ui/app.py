"""Starting the cashier window: language, connection (training sandbox or a real server)."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable

from PySide6.QtWidgets import QApplication

from app import i18n
from app.core.session import Connection, TrainingSandbox
from app.paths import data_dir
from app.ui.main_window import MainWindow

log = logging.getLogger(__name__)

KEYRING_SERVICE = "LoyaltyTill"


def production_connector(base_url: str, point: str) -> Callable[[], Connection]:
    def connect() -> Connection:
        import keyring
        import keyring.errors

        from app.api.errors import KeyRejected

        try:
            key = keyring.get_password(KEYRING_SERVICE, "production:loyalty")
        except keyring.errors.KeyringError as exc:
            raise KeyRejected(
                f"no usable keyring: {exc!r}", api="loyalty", operation="connect"
            ) from exc
        if not key:
            raise KeyRejected(
                "no loyalty key stored for the production profile",
                api="loyalty",
                operation="connect",
            )
        return Connection(base_url.rstrip("/"), point, key, training=False)

    return connect


def run(args: argparse.Namespace) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Loyalty Till")
    i18n.install(app, args.lang)
    training = args.training or not args.base_url
    sandbox: TrainingSandbox | None = None
    if training:
        sandbox = TrainingSandbox(data_dir() / "training.sqlite3")
        connect: Callable[[], Connection] = sandbox.start
    else:
        connect = production_connector(args.base_url, args.point)
    window = MainWindow(connect, training=training)
    window.show()
    window.raise_()
    window.activateWindow()  # F-key shortcuts fire only in the active window
    window.focus_search()
    window.start_session()
    try:
        return app.exec()
    finally:
        if sandbox is not None:
            sandbox.stop()
