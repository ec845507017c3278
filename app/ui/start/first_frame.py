"""What waits for the first frame: the window is drawn and its search field has the keyboard
before anything else starts.

Work begun earlier shares the interpreter with the first frame even on a worker thread:
importing pydantic to validate the settings held the interpreter lock while the window was
being drawn, and the search field took the focus 84 ms later than with that work started
after it (medians of 15 on the 2-core CI machine, 2 Dec 2026). The settings, the connection and the
POS hand-off start once the cashier can type; a keystroke meanwhile lands in the field.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from app.ui.cashier.main_window import MainWindow

# A till whose window never gets the keyboard (no window manager, another program in front)
# still connects: the start goes on after this long without the focus.
FOCUS_WAIT_MS = 1000
CONNECTED_POLL_MS = 5


class OnScreen(QObject):
    """Runs ``then`` once, on the turn after the search field first has the focus, or after
    :data:`FOCUS_WAIT_MS` without it."""

    def __init__(self, window: MainWindow, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self._then: Callable[[], None] | None = then
        window.search.installEventFilter(self)
        QTimer.singleShot(FOCUS_WAIT_MS, self, self._run)
        if window.search.hasFocus():
            QTimer.singleShot(0, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            QTimer.singleShot(0, self, self._run)  # after the focused field is drawn
        return False

    def _run(self) -> None:
        then, self._then = self._then, None
        if then is None:
            return
        self._window.search.removeEventFilter(self)
        then()


def report_ready(
    window: MainWindow, path: Path, modules: list[str], typed_from: float | None = None
) -> None:
    """Start-up measurement (tests/bench, tests/ui/test_program_start): the moment a search
    field first had the focus (``typed_from``: the first frame's, app/ui/start/frame.py; else
    the window's own), the moment the till is connected (a search would be answered), and the
    modules imported before the first frame; then quit."""
    ready: list[float] = [typed_from] if typed_from is not None else []

    def poll() -> None:
        if not ready:
            if not window.search.hasFocus():
                QTimer.singleShot(1, poll)
                return
            ready.append(time.time())
        if window.controller.teller is None:
            QTimer.singleShot(CONNECTED_POLL_MS, poll)
            return
        report = {"ready": ready[0], "connected": time.time(), "modules": modules}
        path.write_text(json.dumps(report))
        QApplication.quit()

    QTimer.singleShot(0, poll)
