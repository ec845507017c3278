"""The start's heavy work waits for the first frame: it runs once, after the search field has
the keyboard, or after a bounded wait when the keyboard never comes."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from app.sandbox import demo
from app.ui.start import first_frame
from app.ui.start.first_frame import OnScreen


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


def test_a_scan_typed_while_the_till_connects_is_kept_and_found(qtbot, window) -> None:
    """The first connection comes once the cashier can type: it used to cancel the empty
    screen, which cleared the search field mid-scan (the digits before it were lost and the
    rest was searched for)."""
    connection = window.controller.connection
    phone = demo.CLIENTS[0].phone
    window.focus_search()
    qtbot.keyClicks(window.search, phone[:5])
    window.reconnect(lambda: connection, training=True)  # nobody on screen: nothing to cancel
    qtbot.keyClicks(window.search, phone[5:])
    qtbot.keyClick(window.search, Qt.Key.Key_Return)  # found once connected, not dropped
    qtbot.waitUntil(lambda: window.card.name.text() == "ИВАН", timeout=5000)
    assert window.search.text() == phone


def test_a_customer_on_screen_is_cancelled_by_a_new_connection(qtbot, window) -> None:
    window.search.setText(demo.CLIENTS[0].phone)
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.controller.checkout.client is not None, timeout=5000)
    connection = window.controller.connection
    window.reconnect(lambda: connection, training=True)
    assert window.controller.checkout.client is None
    assert window.search.text() == ""
