"""The one confirmation of a money operation: a summary, Enter to confirm, Esc to go back.

A barcode scanner types like a keyboard and ends with Enter, so a scan fired while this dialog
is open must never press Confirm. :class:`ScanGuard` watches the dialog's keys: an Enter that
comes within ``ENTER_GUARD_MS`` of a printable key is swallowed, and a whole burst is kept as
:attr:`ConfirmDialog.scanned` for the window to offer once the dialog has closed. The dialog is
opened with ``open()`` (no nested event loop); the window acts on ``finished``.
"""

from __future__ import annotations

from html import escape

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from app.core.text import display_text
from app.ui.checkout_panel import make_label
from app.ui.scanner import BurstTracker, now_ms

ENTER_GUARD_MS = 100
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)


class ScanGuard(QObject):
    """Swallows Enter (and Space) right after typed characters inside ``dialog``."""

    scanned = Signal(str)

    def __init__(self, dialog: QDialog) -> None:
        super().__init__(dialog)
        self._dialog = dialog
        self._burst = BurstTracker()
        self._last: tuple[int, QWidget | None] = (0, None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self._dialog:
            return False
        # An unhandled key travels up to the parents, and an application filter sees every
        # step: count it once, where it was delivered first.
        address = shiboken6.getCppPointer(event)[0]
        (last_address, last_widget), self._last = self._last, (address, watched)
        if (
            last_address == address
            and last_widget is not None
            and shiboken6.isValid(last_widget)
            and watched.isAncestorOf(last_widget)
        ):
            return False
        now = now_ms()
        text = event.text()
        if event.key() in ENTER_KEYS:
            burst = self._burst.enter(now) if event.key() != Qt.Key.Key_Space else None
            if burst is not None:
                self.scanned.emit(burst)
                return True
            return self._burst.typed_within(now, ENTER_GUARD_MS)
        if len(text) == 1 and text.isprintable() and not text.isspace():
            self._burst.type(text, now)
        return False


class ConfirmDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, lines: list[tuple[str, str]]) -> None:
        super().__init__(parent)
        self.setObjectName("confirmDialog")
        self.setAccessibleName(title)
        self.setWindowTitle(title)
        self.setModal(True)
        self.lines = lines
        self.scanned = ""  # a scan that arrived while the dialog was open
        rows = "".join(
            f"<tr><td style='padding-right:24px; padding-bottom:6px'>{escape(label)}</td>"
            f"<td><b>{escape(display_text(value, limit=120))}</b></td></tr>"
            for label, value in lines
        )
        summary = make_label("confirmSummary", f"<table style='font-size:20pt'>{rows}</table>")
        summary.setTextFormat(Qt.TextFormat.RichText)
        summary.setWordWrap(True)
        buttons = QDialogButtonBox()
        ok = buttons.addButton(self.tr("Confirm (Enter)"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("confirmOk")
        ok.setDefault(True)
        back = buttons.addButton(self.tr("Back (Esc)"), QDialogButtonBox.ButtonRole.RejectRole)
        back.setObjectName("confirmBack")
        for button in (ok, back):
            button.setMinimumHeight(56)  # a finger's target on a touch till
            font = button.font()
            font.setPointSize(15)
            font.setBold(button is ok)
            button.setFont(font)
            button.setMinimumWidth(button.sizeHint().width() + 8)
        self.setMinimumWidth(520)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(buttons)
        ok.setFocus()
        self.guard = ScanGuard(self)
        self.guard.scanned.connect(self._keep_scan)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.guard)
            self.finished.connect(lambda _result: app.removeEventFilter(self.guard))

    def _keep_scan(self, text: str) -> None:
        self.scanned = text
