"""The one confirmation of a money operation: a summary, Enter to confirm, Esc to go back.

Tests answer it by replacing :func:`ask` (one place, as STYLE.md suggests).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from app.ui.checkout_panel import make_label


class ConfirmDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, lines: list[tuple[str, str]]) -> None:
        super().__init__(parent)
        self.setObjectName("confirmDialog")
        self.setAccessibleName(title)
        self.setWindowTitle(title)
        self.setModal(True)
        rows = "".join(
            f"<tr><td style='padding-right:16px'>{escape(label)}</td>"
            f"<td><b>{escape(value)}</b></td></tr>"
            for label, value in lines
        )
        summary = make_label("confirmSummary", f"<table style='font-size:16pt'>{rows}</table>")
        summary.setTextFormat(Qt.TextFormat.RichText)
        buttons = QDialogButtonBox()
        ok = buttons.addButton(self.tr("Confirm (Enter)"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("confirmOk")
        ok.setDefault(True)
        back = buttons.addButton(self.tr("Back (Esc)"), QDialogButtonBox.ButtonRole.RejectRole)
        back.setObjectName("confirmBack")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(buttons)
        ok.setFocus()


def ask(parent: QWidget | None, title: str, lines: list[tuple[str, str]]) -> bool:
    dialog = ConfirmDialog(parent, title, lines)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()
