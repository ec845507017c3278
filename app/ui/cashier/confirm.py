"""The one confirmation of a money operation: a summary, Enter to confirm, Esc to go back.

A barcode scanner types like a keyboard and ends with Enter (or Tab), so nothing typed while
this dialog is open may press Confirm. :class:`ScanGuard` watches the dialog's keys:

* an Enter (or Space, or a Tab) within ``SUFFIX_MS`` of a printable key never confirms — the
  characters are kept as :attr:`ConfirmDialog.scanned` for the window to offer once the dialog
  has closed, however slowly they came (in this dialog nobody types);
* an Enter in the dialog's first ``EARLY_MS`` on screen (F9 and Enter pressed together by a
  macro key or a POS) does not confirm either;
* keys that still reach the window beneath (sent before the dialog took the keyboard) are
  held back from it and counted as the dialog's: they never type into the sale's fields.

Neither is dropped silently: the dialog says why and that Enter again confirms. A warned
confirmation (the same sale again) defaults to Back: Enter goes back, only F9 or a click on
"Confirm anyway" sends. The dialog is shown, not modal (no nested event loop); the window
acts on ``finished``.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from app.base.text import display_text
from app.ui.cashier.window_dialogs import take_keyboard
from app.ui.widgets.labels import make_label

if TYPE_CHECKING:
    from app.core.sale.checkout import Checkout
    from app.core.sale.state import Sale
    from app.ui.cashier.checkout_text import CheckoutText
from app.ui.cashier.scanner import MIN_LENGTH, SUFFIX_MS, now_ms

EARLY_MS = 250
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
TERMINATORS = (*ENTER_KEYS, Qt.Key.Key_Tab)


class ScanGuard(QObject):
    """Keeps typed characters, and the Enter that follows them, away from ``dialog``'s buttons."""

    scanned = Signal(str)
    ignored = Signal(str)  # "typed" or "early": why an Enter did not confirm

    def __init__(self, dialog: ConfirmDialog) -> None:
        super().__init__(dialog)
        self._dialog = dialog
        self._typed: list[str] = []
        self._last_char = -1e9
        self._last: tuple[int, QWidget | None] = (0, None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if not isinstance(watched, QWidget):
            return False
        beneath = self._dialog.parentWidget()
        if beneath is not None and watched.window() is beneath.window():
            self._key(event)  # meant for the dialog, arrived at the window: never typed there
            return True
        if watched.window() is not self._dialog:
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
        return self._key(event)

    def _key(self, event: QKeyEvent) -> bool:
        """``True`` when the key must not reach the dialog's buttons."""
        now = now_ms()
        key = event.key()
        if key in TERMINATORS and now - self._last_char <= SUFFIX_MS:
            text, self._typed = "".join(self._typed), []
            if len(text) >= MIN_LENGTH:
                self.scanned.emit(text)
            if key != Qt.Key.Key_Tab:
                self.ignored.emit("typed")
            return True
        if key in ENTER_KEYS and self._dialog.early(now):
            self.ignored.emit("early")
            return True
        text = event.text()
        if len(text) == 1 and text.isprintable() and not text.isspace():
            self._typed.append(text)
            self._last_char = now
        return False


NARROWEST, WIDE = 520, 780  # the confirmation's width in pixels, by the screen's room


class ConfirmDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        lines: list[tuple[str, str]],
        *,
        warned: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("confirmDialog")
        self.setAccessibleName(title)
        self.setWindowTitle(title)
        # Not modal: a modal dialog makes Qt drop, before any filter sees them, the keys that
        # were already on their way to the window beneath (F9 and Enter from one macro key,
        # seen on X11). The window disables its own controls instead, and the guard below
        # takes every key that reaches them while this dialog is open.
        self.setModal(False)
        self.lines = lines
        self.warned = warned
        self.scanned = ""  # what was typed (a scan) while the dialog was open
        self.shown_at = now_ms()
        rows = "".join(
            f"<tr><td style='padding-right:24px; padding-bottom:6px'>{escape(label)}</td>"
            f"<td><b>{escape(display_text(value, limit=200))}</b></td></tr>"
            for label, value in lines
        )
        summary = make_label("confirmSummary", f"<table style='font-size:20pt'>{rows}</table>")
        summary.setTextFormat(Qt.TextFormat.RichText)
        summary.setWordWrap(True)
        self.hint = make_label("confirmHint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #b71c1c; font-size: 14pt; font-weight: bold;")
        self.hint.hide()
        buttons = QDialogButtonBox()
        ok_text = self.tr("Confirm anyway (F9)") if warned else self.tr("Confirm (Enter)")
        ok = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("confirmOk")
        back_text = self.tr("Back (Enter, Esc)") if warned else self.tr("Back (Esc)")
        back = buttons.addButton(back_text, QDialogButtonBox.ButtonRole.RejectRole)
        back.setObjectName("confirmBack")
        default = back if warned else ok
        default.setDefault(True)
        for button in (ok, back):
            button.setMinimumHeight(56)  # a finger's target on a touch till
            font = button.font()
            font.setPointSize(15)
            font.setBold(button is default)
            button.setFont(font)
            button.setMinimumWidth(button.sizeHint().width() + 8)
        # Wide enough that a long value (the offline note) wraps to two or three lines, not
        # five, and never wider than the screen the till has.
        screen = parent.screen() if parent is not None else QApplication.primaryScreen()
        room = screen.availableGeometry().width() - 48 if screen is not None else WIDE
        self.setMinimumWidth(max(NARROWEST, min(WIDE, room)))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        if warned:
            QShortcut(QKeySequence(Qt.Key.Key_F9), self, self._confirm_by_key)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        default.setFocus()
        self.guard = ScanGuard(self)
        self.guard.scanned.connect(self._keep_scan)
        self.guard.ignored.connect(self._explain)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.guard)
            self.finished.connect(lambda _result: app.removeEventFilter(self.guard))

    def showEvent(self, event: QShowEvent) -> None:
        self.shown_at = now_ms()
        super().showEvent(event)

    def early(self, now: float) -> bool:
        """Within the first ``EARLY_MS`` on screen: an Enter now was pressed with F9."""
        return now - self.shown_at < EARLY_MS

    def _confirm_by_key(self) -> None:
        if self.early(now_ms()):
            self._explain("early")
            return
        self.accept()

    def _keep_scan(self, text: str) -> None:
        self.scanned = text

    def _explain(self, why: str) -> None:
        key = self.tr("F9") if self.warned else self.tr("Enter")
        if why == "early":
            text = self.tr("Not confirmed yet: press %1 again to confirm.")
        else:
            text = self.tr(
                "Not confirmed: keys were typed just before it (a scanner?). Check the sale and "
                "press %1 again to confirm."
            )
        self.hint.setText(text.replace("%1", key))
        self.hint.show()
        self.adjustSize()  # no window manager grows it for the new line


class Confirmation(QObject):
    """The one confirmation of the cashier window: opened over ``window`` from the sale F9
    would send, the window's controls off meanwhile (what modality would do, keys aside).
    ``closed(sale, scanned)`` follows: the sale to send (``None``: Back) and a scan that came
    while it was open."""

    def __init__(
        self,
        window: QWidget,
        texts: CheckoutText,
        controls: Callable[..., None],
        closed: Callable[[Sale | None, str], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.texts = texts
        self.controls = controls
        self.closed = closed
        self.dialog: ConfirmDialog | None = None

    def open(self, c: Checkout) -> None:
        sale = c.sale()
        assert sale is not None
        earlier = c.repeat_of(sale)
        dialog = ConfirmDialog(
            self.window,
            self.tr("Confirm the operation"),
            self.texts.summary(c, sale, earlier),
            warned=earlier is not None,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda result: self._finished(dialog, sale, result))
        self.dialog = dialog
        self.controls(enabled=False)
        dialog.show()  # not open(): that makes it window-modal
        take_keyboard(dialog)

    def _finished(self, dialog: ConfirmDialog, sale: Sale, result: int) -> None:
        self.dialog = None
        self.controls(enabled=True)
        accepted = result == QDialog.DialogCode.Accepted
        self.closed(sale if accepted else None, dialog.scanned)
