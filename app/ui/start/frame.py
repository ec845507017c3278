"""The first frame: a window with the search field, on screen and taking keys before the rest
of the program is even imported (the core, the journal, the cashier's window: ~150 ms on the
2-core CI machine). Then the cashier's window takes its place and everything typed meanwhile:
the text and its cursor, an Enter (a scanner's suffix), and keys still on their way to this
window, forwarded in order. Only PySide6 is imported here, and not its ``Qt`` namespace.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from app.ui.widgets.banner import training_banner

# Qt.Key.Key_Return and Qt.Key.Key_Enter, as the numbers QKeyEvent.key() gives: importing
# PySide6's ``Qt`` namespace builds all its enums, 20 ms that the first frame need not wait for.
ENTER_KEYS = (0x01000004, 0x01000005)


class StartFrame(QWidget):
    """``training``: the training banner shows from the first frame (the cashier must never
    take the demo for the real till, not even for a moment)."""

    def __init__(self, *, training: bool) -> None:
        super().__init__()
        self.setObjectName("startFrame")
        self.setWindowTitle(QApplication.translate("MainWindow", "Loyalty Till"))
        layout = QVBoxLayout(self)
        if training:
            shown = training_banner()
            shown.show()
            layout.addWidget(shown)
        self.field = QLineEdit()
        self.field.setObjectName("startSearch")
        self.field.setPlaceholderText(
            QApplication.translate("SearchBar", "Phone, card or code (F2)")
        )
        font = self.field.font()
        font.setPointSize(font.pointSize() + 6)
        self.field.setFont(font)
        self.field.installEventFilter(self)
        layout.addWidget(self.field)
        layout.addStretch(1)
        self.entered = False  # an Enter came before the cashier's window did
        self.focused_at: float | None = None  # when the field first had the keyboard
        self._forward: QLineEdit | None = None

    def show_first(self) -> None:
        """On screen, full size, the field with the keyboard; drawn before this returns."""
        screen = self.screen().availableGeometry()
        self.setGeometry(screen)
        self.showMaximized()
        self.raise_()
        self.activateWindow()
        self.field.setFocus()
        QApplication.processEvents()
        if self.field.hasFocus() and self.focused_at is None:
            self.focused_at = time.time()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.field:
            return False
        if event.type() == QEvent.Type.FocusIn and self.focused_at is None:
            self.focused_at = time.time()
        if event.type() not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            return False
        assert isinstance(event, QKeyEvent)
        if self._forward is not None:  # a key on its way when the window changed: passed on
            copy = QKeyEvent(event.type(), event.key(), event.modifiers(), event.text())
            QApplication.sendEvent(self._forward, copy)
            return True
        if event.type() == QEvent.Type.KeyPress and event.key() in ENTER_KEYS:
            self.entered = True
            return True
        return False

    def hand_over(self, search: QLineEdit, enter: Callable[[], None]) -> None:
        """The cashier's window is on screen: what was typed goes to its ``search`` (and an
        Enter to ``enter``); keys still arriving here follow; this window leaves."""
        if self.field.text():
            search.setText(self.field.text())
            search.setCursorPosition(self.field.cursorPosition())
            search.textEdited.emit(search.text())  # typed by the cashier, as such
        self._forward = search
        self.hide()
        if self.entered:
            enter()
