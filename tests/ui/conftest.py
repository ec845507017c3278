from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.api.timeouts import Timeouts
from app.base import i18n
from app.chain.shipping import Shipper
from app.core.journal.store import Journal
from app.sandbox.server import SandboxServer
from app.training import training_connection
from app.ui.background.requests import Requests
from app.ui.cashier.main_window import MainWindow

SETTLE_SECONDS = 2.0


def open_window(
    qtbot,
    qapp: QApplication,
    sandbox: SandboxServer,
    journal: Journal,
    chain: Shipper | None = None,
) -> MainWindow:
    """The cashier window, shown and connected to the sandbox (as a till starts it)."""
    i18n.install(qapp, "ru")
    # Loyalty, IMSHOP and partner on the sandbox; short timeouts and settle window, so that a
    # lost reply is decided within a test's patience.
    connection = replace(
        training_connection(sandbox.url),
        timeouts=Timeouts(connect=1.0, read=1.0),
        settle_seconds=SETTLE_SECONDS,
    )
    win = MainWindow(lambda: connection, journal, training=True, requests=Requests(), chain=chain)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    win.focus_search()
    win.start_session()
    qtbot.waitUntil(lambda: win.controller.teller is not None)
    return win


def close_window(qtbot, win: MainWindow) -> None:
    win.close()
    qtbot.waitUntil(lambda: win.requests.running == 0, timeout=20000)


@pytest.fixture
def window(
    qtbot, qapp: QApplication, sandbox: SandboxServer, tmp_path: Path
) -> Iterator[MainWindow]:
    journal = Journal(tmp_path / "journal.sqlite3")
    win = open_window(qtbot, qapp, sandbox, journal)
    yield win
    close_window(qtbot, win)
    journal.close()
