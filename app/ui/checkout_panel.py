"""The right half of the cashier window: amount, preview, spend, hold, confirm, result.

Layout only; the window connects the signals and fills the labels.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.api.constants import HOLD_MINUTES_DEFAULT, HOLD_MINUTES_MAX

ERROR_STYLE = "color: #b71c1c; font-weight: bold;"


W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str, accessible: str) -> W:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


def make_label(name: str, text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    return label


def error_label(name: str, accessible: str) -> QLabel:
    label = make_label(name)
    label.setAccessibleName(accessible)
    # Bold through the font, not the style sheet: a wrapped label measures its height with
    # its font, and a style-sheet bold would not fit in the lines measured.
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setStyleSheet("color: #b71c1c;")
    label.setWordWrap(True)
    label.hide()
    return label


def big(label: QLabel, size: int) -> QLabel:
    font = label.font()
    font.setPointSize(size)
    font.setBold(True)
    label.setFont(font)
    return label


class CheckoutPanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checkoutPanel")
        self.amount_caption = QLabel(self.tr("Purchase amount (F3)"))
        self.amount = named(QLineEdit(), "amountField", self.tr("Purchase amount"))
        self.amount.setPlaceholderText(self.tr("e.g. 1 234,50"))
        self.amount.setFont(big(QLabel(), 18).font())
        self.amount_caption.setBuddy(self.amount)
        self.amount_error = error_label("amountError", self.tr("Amount problem"))
        self.preview = make_label("previewLabel")
        self.preview.setAccessibleName(self.tr("Preview"))
        self.preview.setWordWrap(True)

        self.earn_button = named(
            QPushButton(self.tr("No spending, earn (F4)")),
            "earnButton",
            self.tr("No spending, earn"),
        )
        self.max_button = named(
            QPushButton(self.tr("Spend maximum (F6)")), "spendMaxButton", self.tr("Spend maximum")
        )
        self.spend_field = named(QLineEdit(), "spendField", self.tr("Points to spend"))
        self.spend_field.setPlaceholderText(self.tr("Points (F7)"))
        # Wide enough for "1 000 000" and its placeholder at a large font.
        self.spend_field.setMinimumWidth(self.spend_field.fontMetrics().horizontalAdvance("0") * 12)
        for button in (self.earn_button, self.max_button):
            button.setCheckable(True)
        self.spend_error = error_label("spendError", self.tr("Spending problem"))
        self.to_pay = big(make_label("toPayLabel"), 22)
        self.to_pay.setAccessibleName(self.tr("To pay"))

        self.minutes = named(QSpinBox(), "holdMinutes", self.tr("Hold minutes"))
        self.minutes.setRange(1, HOLD_MINUTES_MAX)
        self.minutes.setValue(HOLD_MINUTES_DEFAULT)
        self.minutes.setSuffix(self.tr(" min"))
        self.hold_button = named(
            QPushButton(self.tr("Hold points (F5)")), "holdButton", self.tr("Hold points")
        )
        self.release_button = named(
            QPushButton(self.tr("Release hold (F8)")), "releaseButton", self.tr("Release hold")
        )
        self.hold_status = make_label("holdStatus")
        self.hold_status.setAccessibleName(self.tr("Hold status"))
        self.hold_status.setWordWrap(True)

        self.confirm_button = named(
            QPushButton(self.tr("Confirm (F9)")), "confirmButton", self.tr("Confirm the operation")
        )
        self.confirm_button.setMinimumHeight(48)
        font = self.confirm_button.font()
        font.setPointSize(14)
        font.setBold(True)
        self.confirm_button.setFont(font)
        self.cancel_button = named(
            QPushButton(self.tr("Cancel / next customer (Esc)")),
            "cancelButton",
            self.tr("Cancel, next customer"),
        )
        self.cancel_button.setMinimumHeight(48)
        self.result = make_label("resultLabel")
        self.result.setAccessibleName(self.tr("Result"))
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.RichText)
        self.result.hide()

        spend_row = QHBoxLayout()
        spend_row.addWidget(self.earn_button)
        spend_row.addWidget(self.max_button)
        spend_row.addWidget(self.spend_field)
        hold_row = QGridLayout()
        hold_row.addWidget(self.minutes, 0, 0)
        hold_row.addWidget(self.hold_button, 0, 1)
        hold_row.addWidget(self.release_button, 0, 2)
        actions = QHBoxLayout()
        actions.addWidget(self.confirm_button, 2)
        actions.addWidget(self.cancel_button, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.amount_caption)
        layout.addWidget(self.amount)
        layout.addWidget(self.amount_error)
        layout.addWidget(self.preview)
        layout.addLayout(spend_row)
        layout.addWidget(self.spend_error)
        layout.addWidget(self.to_pay)
        layout.addLayout(hold_row)
        layout.addWidget(self.hold_status)
        layout.addStretch(1)
        layout.addWidget(self.result)
        layout.addLayout(actions)
