"""The right half of the cashier window: amount, preview, spend, hold, confirm, result.

Layout only; the window connects the signals and fills the labels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.api.constants import HOLD_MINUTES_DEFAULT, HOLD_MINUTES_MAX
from app.api.errors import FieldRejected
from app.base.i18n import translate
from app.core.sale.checkout import Checkout
from app.core.sale.messages import Level
from app.core.sale.state import Phase, SpendMode
from app.core.sale.workflow import Workflow
from app.ui.widgets import format as fmt
from app.ui.widgets.labels import (
    ERROR_STYLE,
    TOUCH,
    big,
    error_label,
    make_label,
    named,
    show_text,
    touch,
)

if TYPE_CHECKING:
    from app.ui.cashier.checkout_text import CheckoutText

LEVEL_STYLE = {Level.INFO: "", Level.WARNING: "color: #e65100;", Level.ERROR: ERROR_STYLE}

RESULT_STYLES = {
    "done": "background: #e8f5e9; color: #1b5e20; border: 2px solid #2e7d32;",
    "info": "background: #e3f2fd; color: #0d47a1; border: 2px solid #1565c0;",
    "warning": "background: #fff3e0; color: #e65100; border: 2px solid #ef6c00;",
    "error": "background: #ffebee; color: #b71c1c; border: 2px solid #c62828;",
}


class CheckoutPanel(QFrame):
    """The right half: amount, preview, the spend choice, "to pay", and the hold."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checkoutPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.amount_caption = QLabel(self.tr("Purchase amount (F3)"))
        self.amount = touch(named(QLineEdit(), "amountField", self.tr("Purchase amount")), 22)
        # The hints tell an on-screen keypad (app/ui/cashier/touch_keypad.py) which fields want
        # digits
        self.amount.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        self.amount.setPlaceholderText(self.tr("e.g. 1234.50"))
        self.amount_caption.setBuddy(self.amount)
        self.amount_error = error_label("amountError", self.tr("Amount problem"))
        self.preview = make_label("previewLabel")
        self.preview.setAccessibleName(self.tr("Preview"))
        self.preview.setWordWrap(True)

        self.earn_button = touch(
            named(
                QPushButton(self.tr("Earn (F4)")),
                "earnButton",
                self.tr("No spending, earn"),
            )
        )
        self.max_button = touch(
            named(
                QPushButton(self.tr("Spend maximum (F6)")),
                "spendMaxButton",
                self.tr("Spend maximum"),
            )
        )
        self.spend_field = touch(named(QLineEdit(), "spendField", self.tr("Points to spend")))
        self.spend_field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.spend_field.setPlaceholderText(self.tr("Or type the points to spend (F7)"))
        for button in (self.earn_button, self.max_button):
            button.setCheckable(True)
        self.spend_error = error_label("spendError", self.tr("Spending problem"))
        self.to_pay = big(make_label("toPayLabel"), 28)
        self.to_pay.setAccessibleName(self.tr("To pay"))
        self.points_line = big(make_label("pointsLine"), 16)
        self.points_line.setAccessibleName(self.tr("Points in this purchase"))

        self.minutes = touch(named(QSpinBox(), "holdMinutes", self.tr("Hold minutes")))
        self.minutes.setRange(1, HOLD_MINUTES_MAX)
        self.minutes.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.minutes.setValue(HOLD_MINUTES_DEFAULT)
        self.minutes.setSuffix(self.tr(" min"))
        self.minutes.setToolTip(self.tr("Minutes to hold the points (Shift+F5)"))
        # Its own arrows are 15×20 px: a finger needs keys of its own (the arrow keys still work)
        self.minutes.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        self.fewer_minutes = self._step_button("−", "holdFewer", self.tr("One minute less"), -1)
        self.more_minutes = self._step_button("+", "holdMore", self.tr("One minute more"), 1)
        self.hold_button = touch(
            named(QPushButton(self.tr("Hold points (F5)")), "holdButton", self.tr("Hold points"))
        )
        self.release_button = touch(
            named(
                QPushButton(self.tr("Release hold (F8)")), "releaseButton", self.tr("Release hold")
            )
        )
        self.hold_status = make_label("holdStatus")
        self.hold_status.setAccessibleName(self.tr("Hold status"))
        self.hold_status.setWordWrap(True)

        spend = QGridLayout()
        spend.addWidget(self.earn_button, 0, 0)
        spend.addWidget(self.max_button, 0, 1)
        spend.addWidget(self.spend_field, 1, 0, 1, 2)
        self.hold_box = QWidget()
        self.hold_box.setObjectName("holdBox")
        hold_row = QHBoxLayout()
        hold_row.setContentsMargins(0, 0, 0, 0)
        hold_row.setSpacing(4)
        for widget in (self.fewer_minutes, self.minutes, self.more_minutes):
            hold_row.addWidget(widget)
        hold_row.addWidget(self.hold_button, 1)
        hold_row.addWidget(self.release_button, 1)
        hold = QVBoxLayout(self.hold_box)
        hold.setContentsMargins(0, 0, 0, 0)
        hold.addLayout(hold_row)
        hold.addWidget(self.hold_status)

        layout = QVBoxLayout(self)
        self._layout = layout
        layout.addWidget(self.amount_caption)
        layout.addWidget(self.amount)
        layout.addWidget(self.amount_error)
        layout.addWidget(self.preview)
        layout.addLayout(spend)
        layout.addWidget(self.spend_error)
        layout.addWidget(self.to_pay)
        layout.addWidget(self.points_line)
        layout.addStretch(1)
        layout.addWidget(self.hold_box)

    def _step_button(self, text: str, name: str, accessible: str, step: int) -> QToolButton:
        button = named(QToolButton(), name, accessible)
        button.setText(text)
        button.setFixedSize(TOUCH, TOUCH)  # square, finger-sized
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a tap leaves the keyboard where it was
        button.setAutoRepeat(True)
        button.clicked.connect(lambda: self.minutes.stepBy(step))
        return button

    def compact(self, on: bool) -> None:
        """A short screen: less air, a smaller "to pay" (still the largest figure)."""
        self._layout.setSpacing(2 if on else 6)
        margin = 5 if on else 9
        self._layout.setContentsMargins(margin, margin, margin, margin)
        big(self.to_pay, 22 if on else 28)

    def clear_inputs(self) -> None:
        self.amount.clear()
        self.spend_field.clear()
        self.minutes.setValue(HOLD_MINUTES_DEFAULT)

    def show_checkout(self, c: Checkout, texts: CheckoutText, flow: Workflow) -> None:
        """Enable what the cashier may use now; show the errors, the preview and the hold."""
        editing = c.phase is Phase.CUSTOMER
        self._enable(c, editing=editing, offline=c.phase is Phase.OFFLINE)
        self._show_spend(c)
        amount = c.amount_problem or c.field_errors.get("amount")
        show_text(self.amount_error, translate("Amount", amount) if amount else "")
        spend_message = flow.message("spend")
        show_text(
            self.spend_error, _spend_problem(c) or (spend_message.text if spend_message else "")
        )
        offline = c.phase in (Phase.OFFLINE, Phase.QUEUED)  # what was searched stands for them
        has_customer = (c.client is not None or offline) and c.phase is not Phase.SEARCHING
        self.preview.setText(texts.preview(c) if has_customer else "")
        to_pay, points = texts.to_pay(c) if has_customer else ("", "")
        self.to_pay.setText(to_pay)
        self.points_line.setText(points)
        self._show_hold(c, texts, flow, editing=editing)

    def _enable(self, c: Checkout, *, editing: bool, offline: bool) -> None:
        """While the server is out of reach only the earn is open: the amount and F4."""
        self.amount.setEnabled(editing or offline)
        hold_controls: tuple[QWidget, ...] = (self.minutes, self.fewer_minutes, self.more_minutes)
        for control in hold_controls:
            control.setEnabled(editing)
        self.earn_button.setEnabled((editing and not c.is_discount) or offline)
        for widget in (self.max_button, self.spend_field):
            widget.setEnabled(editing and not c.is_discount)
        self.earn_button.setChecked(c.spend_mode is SpendMode.NONE and c.choice_lost is None)
        self.max_button.setChecked(c.spend_mode is SpendMode.MAX)
        self.hold_button.setEnabled(editing and not c.is_discount and c.recalc is not None)
        self.release_button.setEnabled(bool(c.active_hold_ids))

    def _show_spend(self, c: Checkout) -> None:
        """The field always shows the points F9 would spend: the maximum as it arrives, and
        nothing once a reply dropped the choice."""
        if c.spend_mode is SpendMode.MAX and c.recalc is not None:
            shown = fmt.points(c.spend)
            if self.spend_field.text() != shown:
                self.spend_field.setText(shown)
        elif c.choice_lost is not None and self.spend_field.text():
            self.spend_field.clear()

    def _show_hold(
        self, c: Checkout, texts: CheckoutText, flow: Workflow, *, editing: bool
    ) -> None:
        self.hold_box.setVisible(c.hold is not None or (editing and not c.is_discount))
        hold_text, level = texts.hold(c)
        if not hold_text and (message := flow.message("hold")) is not None:
            hold_text, level = message.text, message.level
        self.hold_status.setText(hold_text)
        self.hold_status.setStyleSheet(LEVEL_STYLE[level or Level.INFO])


def _spend_problem(c: Checkout) -> str:
    """What is wrong with the points to spend, in the cashier's words ("" when nothing)."""
    spend = c.field_errors.get("spend")
    if not spend:
        return ""
    if isinstance(c.error, FieldRejected):
        return c.error.field_message("spend") or spend
    # the checkout's own words ("Checkout") or the points parser's ("Amount")
    said = translate("Checkout", spend)
    spend = said if said != spend else translate("Amount", spend)
    if c.recalc is not None:
        spend = spend.replace("%1", fmt.points(c.recalc.spend))
    return spend


class SaleActions(QWidget):
    """Full width under the card and the panel: the result, which cannot be missed, and the
    two keys that end a sale."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result = make_label("resultLabel")
        self.result.setAccessibleName(self.tr("Result"))
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        self.result.setAlignment(Qt.AlignmentFlag.AlignCenter)
        big(self.result, 16)
        self.result.hide()
        self.confirm_button = touch(
            named(
                QPushButton(self.tr("Confirm (F9)")),
                "confirmButton",
                self.tr("Confirm the operation"),
            ),
            16,
        )
        self.confirm_button.setMinimumHeight(56)
        font = self.confirm_button.font()
        font.setBold(True)
        self.confirm_button.setFont(font)
        self.cancel_button = touch(
            named(
                QPushButton(self.tr("Next customer (Esc)")),
                "cancelButton",
                self.tr("Next customer"),
            ),
            13,
        )
        self.cancel_button.setMinimumHeight(56)
        self._padding = 10
        buttons = QHBoxLayout()
        buttons.addWidget(self.confirm_button, 2)
        buttons.addWidget(self.cancel_button, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.result)
        layout.addLayout(buttons)

    def compact(self, on: bool) -> None:
        """A short screen: the two keys at the touch minimum, less padding round the result."""
        for button in (self.confirm_button, self.cancel_button):
            button.setMinimumHeight(TOUCH if on else 56)
        self._padding = 4 if on else 10

    def show_result(self, lines: list[str], kind: str) -> None:
        """Show ``lines`` in the panel coloured by ``kind``; no lines hides it."""
        if not lines:
            self.result.clear()
            self.result.hide()
            return
        # One or two lines, so the card stays in view; no full stops before the separators.
        self.result.setText(" · ".join(line.rstrip(".") for line in lines))
        self.result.setStyleSheet(f"{RESULT_STYLES[kind]} padding: {self._padding}px;")
        self.result.show()
