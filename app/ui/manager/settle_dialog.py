"""The manager settles an operation whose outcome the program could not tell.

The dialog shows what was attempted (spend or earn, amount, customer masked, when), asks for a
note (who confirmed it with the loyalty program, how), and defaults to No: Enter alone never
records a money verdict. The window asks for the manager PIN before recording.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.journal.entry import Entry
from app.ui.widgets import format as fmt
from app.ui.widgets.labels import error_label, make_label, named, touch

NOTE_LIMIT = 200


class SettleDialog(QDialog):
    def __init__(self, entry: Entry, happened: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settleDialog")
        self.setWindowTitle(self.tr("Settle the operation"))
        self.setModal(True)
        self.entry = entry
        self.happened = happened
        attempted = self._attempted(entry)
        verdict = (
            self.tr("Record that it HAPPENED?")
            if happened
            else self.tr("Record that it did NOT happen?")
        )
        question = make_label("settleQuestion", verdict)
        font = question.font()
        font.setBold(True)
        font.setPointSize(font.pointSize() + 2)
        question.setFont(font)
        form = QFormLayout()
        for caption, value in (
            (self.tr("Operation"), attempted),
            (self.tr("Amount"), fmt.money(entry.amount) if entry.amount is not None else "—"),
            (self.tr("To pay"), fmt.money(entry.to_pay) if entry.to_pay is not None else "—"),
            (self.tr("Customer"), entry.customer or "—"),
            (self.tr("Time"), entry.created.strftime("%d.%m.%Y %H:%M:%S")),
        ):
            label = QLabel(value)
            label.setTextFormat(Qt.TextFormat.PlainText)
            form.addRow(caption, label)
        self.note = named(QLineEdit(), "settleNote", self.tr("Note"))
        self.note.setMaxLength(NOTE_LIMIT)
        self.note.setPlaceholderText(self.tr("Who confirmed it, and how (required)"))
        form.addRow(self.tr("Note"), self.note)
        self.note_error = error_label("settleNoteError", self.tr("Note problem"))
        # Its place is kept while it is hidden: when it shows, «Yes, record» stays where the
        # finger that tapped it is (it moved 25 px down and the second tap missed)
        self.note_error.setText(self.tr("Write who confirmed it, and how."))
        keep = self.note_error.sizePolicy()
        keep.setRetainSizeWhenHidden(True)
        self.note_error.setSizePolicy(keep)
        # A touch terminal has no keyboard for the note: the usual ones, one tap each
        notes = QHBoxLayout()
        for number, text in enumerate(
            (
                self.tr("Checked against the POS receipt"),
                self.tr("Checked with the loyalty program's support"),
                self.tr("The customer's app shows it"),
            )
        ):
            choice = touch(named(QPushButton(text), f"settleNote{number}", text))
            choice.setAutoDefault(False)
            choice.clicked.connect(lambda _=False, t=text: self.note.setText(t))
            notes.addWidget(choice)
        buttons = QDialogButtonBox()
        self.yes = buttons.addButton(self.tr("Yes, record"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.yes.setObjectName("settleYes")
        self.yes.setAutoDefault(False)
        self.no = buttons.addButton(self.tr("No"), QDialogButtonBox.ButtonRole.RejectRole)
        self.no.setObjectName("settleNo")
        self.no.setDefault(True)
        for button in (self.yes, self.no):
            touch(button)  # finger-sized on a touch terminal
        self.yes.clicked.connect(self._record)
        self.no.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addLayout(form)
        layout.addLayout(notes)
        layout.addWidget(self.note_error)
        layout.addWidget(buttons)
        self.note.setFocus()

    def _attempted(self, entry: Entry) -> str:
        """What the sale was, as the confirmation showed it: a spend, a discount, an earn."""
        spend, earn = entry.spend or Decimal(0), entry.points or Decimal(0)
        if spend > 0:
            return self.tr("spend %1 points").replace("%1", fmt.points(spend))
        discount = (
            entry.amount - entry.to_pay
            if entry.amount is not None and entry.to_pay is not None
            else Decimal(0)
        )
        if discount > 0:
            return self.tr("a purchase with a discount of %1").replace("%1", fmt.money(discount))
        return self.tr("earn %1 points").replace("%1", fmt.points(earn))

    @property
    def note_text(self) -> str:
        return " ".join(self.note.text().split())

    def _record(self) -> None:
        if not self.note_text:
            self.note_error.show()
            self.note.setFocus()
            return
        self.accept()
