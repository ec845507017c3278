from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app import i18n
from app.core.journal import Journal
from app.core.session import training_connection
from app.sandbox.server import SandboxServer
from app.ui.main_window import MainWindow


@pytest.fixture
def window(
    qtbot, qapp: QApplication, sandbox: SandboxServer, confirmations, tmp_path: Path
) -> Iterator[MainWindow]:
    i18n.install(qapp, "ru")
    connection = training_connection(sandbox.url)  # loyalty, IMSHOP and partner on the sandbox
    journal = Journal(tmp_path / "journal.sqlite3")
    win = MainWindow(lambda: connection, journal, training=True)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    win.focus_search()
    win.start_session()
    qtbot.waitUntil(lambda: win.teller is not None)
    yield win
    win.close()
    qtbot.waitUntil(lambda: win.runner.running == 0, timeout=20000)
    journal.close()
