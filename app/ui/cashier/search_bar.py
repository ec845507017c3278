"""The search row: the field a scanner types into, Find, the customer view and the journal,
and under them the search's problem."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QToolButton, QVBoxLayout, QWidget

from app.ui.widgets.labels import TOUCH, error_label, named, touch


class SearchBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = touch(
            named(QLineEdit(), "searchField", self.tr("Phone, card or app code")), 18
        )
        self.field.setPlaceholderText(self.tr("Phone, card or code (F2)"))
        self.field.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self.find_button = self._button(
            self.tr("Find (Enter)"), "searchButton", self.tr("Find the customer")
        )
        self.client_button = self._button(
            self.tr("Customer (F10)"), "clientButton", self.tr("Open the customer view")
        )
        self.journal_button = self._button(
            self.tr("Journal (F11)"), "journalButton", self.tr("Open the journal")
        )
        self.help_button = named(QToolButton(), "helpButton", self.tr("Keys (Shift+F1)"))
        self.help_button.setText("?")
        self.help_button.setToolTip(self.tr("Keys (Shift+F1)"))
        self.help_button.setFixedSize(TOUCH, TOUCH)  # square, finger-sized
        self.error = error_label("searchError", self.tr("Search problem"))
        touch(self.error, 14).setMinimumHeight(0)
        row = QHBoxLayout()
        row.addWidget(self.field, 1)
        for button in (self.find_button, self.client_button, self.journal_button, self.help_button):
            row.addWidget(button)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addLayout(row)
        self._layout.addWidget(self.error)

    def spacing(self, pixels: int) -> None:
        self._layout.setSpacing(pixels)

    @staticmethod
    def _button(text: str, name: str, accessible: str) -> QPushButton:
        return touch(named(QPushButton(text), name, accessible))
