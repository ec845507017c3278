"""The start's heavy work waits for the first frame: it runs once, after the search field has
the keyboard, or after a bounded wait when the keyboard never comes."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from app.ui import first_frame
from app.ui.first_frame import OnScreen


class Window(QWidget):
    """What OnScreen needs of the cashier window: its search field."""

    def __init__(self) -> None:
        super().__init__()
        self.search = QLineEdit()
        QVBoxLayout(self).addWidget(self.search)


def test_the_start_waits_for_the_focused_field_and_runs_once(qtbot) -> None:
    window = Window()
    qtbot.addWidget(window)
    ran: list[bool] = []
    OnScreen(window, lambda: ran.append(window.search.hasFocus()))
    qtbot.wait(100)
    assert ran == []  # not drawn, no keyboard: nothing has started
    window.show()
    window.activateWindow()
    window.search.setFocus()
    qtbot.waitUntil(lambda: ran != [], timeout=first_frame.FOCUS_WAIT_MS // 2)
    assert ran == [True]
    window.search.clearFocus()
    window.search.setFocus()  # the field taking the keyboard again starts nothing again
    qtbot.wait(100)
    assert ran == [True]


def test_a_window_that_never_gets_the_keyboard_still_starts(qtbot) -> None:
    """No window manager, another program in front: the till connects all the same."""
    window = Window()
    qtbot.addWidget(window)
    ran: list[float] = []
    began = time.monotonic()
    OnScreen(window, lambda: ran.append(time.monotonic() - began))
    qtbot.waitUntil(lambda: ran != [], timeout=first_frame.FOCUS_WAIT_MS * 3)
    assert not window.search.hasFocus()
    assert ran[0] >= first_frame.FOCUS_WAIT_MS / 1000 * 0.9  # the bounded wait, not at once
    qtbot.wait(100)
    assert len(ran) == 1
