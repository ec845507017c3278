"""Starting the cashier window: logging, language, journal, connection (training or real)."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from app import i18n, logs
from app.core.journal import Journal
from app.core.session import Connection, TrainingSandbox
from app.paths import data_dir, log_dir
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
        logs.register_secret(key)
        return Connection(base_url.rstrip("/"), point, key, training=False)

    return connect


def exception_hook(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    """An unexpected error is logged and shown; the program keeps running where it can."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, trace)
        return
    log.critical("unhandled exception", exc_info=(kind, error, trace))
    if QApplication.instance() is not None:
        QMessageBox.critical(
            None,
            QApplication.translate("Crash", "Unexpected error"),
            QApplication.translate(
                "Crash",
                "Something went wrong inside the program. It was written to the log; tell IT "
                "if it happens again. The program keeps running.",
            ),
        )


def run(args: argparse.Namespace) -> int:
    logs.setup(log_dir())
    sys.excepthook = exception_hook
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Loyalty Till")
    i18n.install(app, args.lang)
    journal = Journal(data_dir() / "journal.sqlite3")
    training = args.training or not args.base_url
    sandbox: TrainingSandbox | None = None
    if training:
        sandbox = TrainingSandbox(data_dir() / "training.sqlite3")
        connect: Callable[[], Connection] = sandbox.start
    else:
        connect = production_connector(args.base_url, args.point)
    window = MainWindow(connect, journal, training=training)
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
        journal.close()
