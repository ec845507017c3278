"""Recognises a barcode scanner's burst wherever focus is (the rule: :mod:`app.core.sale.scanning`).

* A burst ended by Enter, keypad Enter or Tab **outside the search field**: the characters it
  typed into the focused line edit are taken back out and :attr:`ScanDetector.scanned` is
  emitted with the code (in its Latin reading if it came through the Russian layout).
* A burst ended **in the search field**: the burst in the field is replaced by its reading and
  the field's own Enter searches; a Tab that ends it searches too and never moves focus.
* Modifier keys (a scanner's Shift for capital letters) are part of a burst, not its end.

Nothing is recognised while ``suspended()`` says so (a confirmation is open: it keeps what is
typed, :mod:`app.ui.cashier.confirm`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from app.core.sale.scanning import MIN_LENGTH, SUFFIX_MS, BurstTracker, as_scanned, now_ms

__all__ = ["MIN_LENGTH", "SUFFIX_MS", "ScanDetector", "now_ms"]

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
TERMINATOR_KEYS = (*ENTER_KEYS, Qt.Key.Key_Tab)
MODIFIER_KEYS = (
    Qt.Key.Key_Shift,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_Meta,
    Qt.Key.Key_CapsLock,
)


class ScanDetector(QObject):
    scanned = Signal(str)

    def __init__(self, search_field: QLineEdit, suspended: Callable[[], bool]) -> None:
        super().__init__(search_field)
        self._search = search_field
        self._suspended = suspended
        self._burst = BurstTracker()
        self._target: QLineEdit | None = None
        self._before = ""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.isAutoRepeat() or watched is not QApplication.focusObject():
            return False
        focus = QApplication.focusWidget()
        if focus is None or focus.window() is not self._search.window():
            return False  # another window's keys (settings, the scanner check) are its own
        now = now_ms()
        key = event.key()
        if key in TERMINATOR_KEYS:
            burst = self._burst.enter(now)
            if burst is None or self._suspended():
                return False
            return self._ended(burst, key)
        if key in MODIFIER_KEYS:
            return False  # Shift for a capital letter: the burst goes on
        text = event.text()
        if len(text) == 1 and text.isprintable() and not text.isspace():
            if self._burst.type(text, now):
                focus = QApplication.focusWidget()
                self._target = focus if isinstance(focus, QLineEdit) else None
                self._before = self._target.text() if self._target else ""
        else:
            self._burst.reset()
        return False

    def _ended(self, burst: str, key: int) -> bool:
        code = as_scanned(burst)
        if QApplication.focusWidget() is self._search:
            text = self._search.text()
            if code != burst and text.endswith(burst):
                self._search.setText(text[: len(text) - len(burst)] + code)
            if key == Qt.Key.Key_Tab:
                self._search.returnPressed.emit()  # a Tab-ended scan searches, focus stays
                return True
            return False  # the search field's own Enter searches
        if self._target is not None:
            self._target.setText(self._before)
        self.scanned.emit(code)
        return True
