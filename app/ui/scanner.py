"""Recognises a barcode scanner's burst (fast keystrokes ending in Enter) wherever focus is.

A scanner types like a keyboard, far faster than a person: every gap under ``MAX_GAP_MS``. When
such a burst of at least ``MIN_LENGTH`` characters ends with Enter outside the search field,
the characters it typed into the focused line edit are taken back out and :attr:`scanned` is
emitted. Nothing is recognised while ``suspended()`` says so (a confirmation is open).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

MAX_GAP_MS = 35
MIN_LENGTH = 6


class ScanDetector(QObject):
    scanned = Signal(str)

    def __init__(self, search_field: QLineEdit, suspended: Callable[[], bool]) -> None:
        super().__init__(search_field)
        self._search = search_field
        self._suspended = suspended
        self._chars: list[str] = []
        self._last = 0.0
        self._target: QLineEdit | None = None
        self._before = ""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.isAutoRepeat() or watched is not QApplication.focusObject():
            return False
        now = time.monotonic() * 1000
        gap_ok = bool(self._chars) and now - self._last <= MAX_GAP_MS
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            burst = "".join(self._chars)
            self._chars.clear()
            if gap_ok and len(burst) >= MIN_LENGTH and not self._suspended():
                focus = QApplication.focusWidget()
                if focus is self._search:
                    return False  # the search field's own Enter handles it
                if self._target is not None:
                    self._target.setText(self._before)
                self.scanned.emit(burst)
                return True
            return False
        text = event.text()
        if len(text) == 1 and text.isprintable() and text.isalnum():
            if not gap_ok:
                self._chars.clear()
                focus = QApplication.focusWidget()
                self._target = focus if isinstance(focus, QLineEdit) else None
                self._before = self._target.text() if self._target else ""
            self._chars.append(text)
            self._last = now
        else:
            self._chars.clear()
        return False
