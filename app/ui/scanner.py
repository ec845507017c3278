"""Recognises a barcode scanner's burst (fast keystrokes ending in Enter) wherever focus is.

The rule (README, "Scanners"), from the rhythms measured in ``tests/ui/test_scan_rhythm.py``:

* A **burst** is at least ``MIN_LENGTH`` characters, each within ``SCAN_GAP_MS`` (80 ms) of
  the one before. Keyboard-wedge scanners send a key every 2–60 ms (USB HID at its polling
  rate; Bluetooth and "keyboard emulation" modes at the slow end). A person's sustained typing
  is slower: about 120–250 ms between keys for fast to average typists, 180–300 ms on a
  numeric keypad; a fast person's *pair* of keys can come 30–60 ms apart, but not six in a
  row.
* The terminator (Enter, keypad Enter) may come up to ``SUFFIX_MS`` (600 ms) after the last
  character: scanners with a configurable suffix delay and Bluetooth scanners send it
  100–400 ms late.
* In the open confirmation nothing is a person's typing: every printable key counts, however
  slow (a 110 ms scanner too), and an Enter within ``SUFFIX_MS`` of one never confirms
  (:mod:`app.ui.confirm`).

When a burst ends outside the search field, the characters it typed into the focused line edit
are taken back out and :attr:`scanned` is emitted. Nothing is recognised while ``suspended()``
says so (a confirmation is open).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

SCAN_GAP_MS = 80
SUFFIX_MS = 600
MIN_LENGTH = 6


class BurstTracker:
    """Keystroke timing, without Qt: is this a scanner's burst, or was a key typed just now?"""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.last = -1e9  # ms of the last printable key

    def type(self, char: str, now: float) -> bool:
        """Record a printable key; ``True`` when it starts a new burst."""
        fresh = not self.chars or now - self.last > SCAN_GAP_MS
        if fresh:
            self.chars.clear()
        self.chars.append(char)
        self.last = now
        return fresh

    def enter(self, now: float) -> str | None:
        """Enter was pressed: the burst it ends (``MIN_LENGTH`` keys, every gap short, the
        Enter within ``SUFFIX_MS``), if any."""
        burst = "".join(self.chars)
        in_time = bool(self.chars) and now - self.last <= SUFFIX_MS
        self.chars.clear()
        return burst if in_time and len(burst) >= MIN_LENGTH else None

    def typed_within(self, now: float, ms: float) -> bool:
        return now - self.last <= ms

    def reset(self) -> None:
        self.chars.clear()


def now_ms() -> float:
    return time.monotonic() * 1000


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
        now = now_ms()
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            burst = self._burst.enter(now)
            if burst is not None and not self._suspended():
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
            if self._burst.type(text, now):
                focus = QApplication.focusWidget()
                self._target = focus if isinstance(focus, QLineEdit) else None
                self._before = self._target.text() if self._target else ""
        else:
            self._burst.reset()
        return False
