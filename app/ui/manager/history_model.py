"""The bonus history as a table model, sortable and filterable through a proxy."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

from PySide6.QtCore import (
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QWidget

from app.api.models import BonusEntry
from app.base.text import clean_text
from app.ui.widgets import format as fmt
from app.ui.widgets.table_model import Index, ListTableModel


class HistoryModel(ListTableModel[BonusEntry]):
    ADDED, EXPIRED, DESCRIPTION, ACTIVATION, EXPIRATION = range(5)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headers = [
            self.tr("Added"),
            self.tr("Expired"),
            self.tr("Description"),
            self.tr("Active from"),
            self.tr("Expires"),
        ]
        self._no_expiry = self.tr("no expiry")

    def set_entries(self, entries: list[BonusEntry]) -> None:
        self.beginResetModel()
        self.entries = entries
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in Python with one key per row: a proxy comparing rows through ``data()``
        took 540 ms for 10,000 entries."""
        keys = {
            self.ADDED: lambda e: e.added,
            self.EXPIRED: lambda e: e.expired,
            self.DESCRIPTION: lambda e: e.description.casefold(),
            self.ACTIVATION: lambda e: e.activation,
            self.EXPIRATION: lambda e: e.expiration.timestamp() if e.expiration else float("inf"),
        }
        self.layoutAboutToBeChanged.emit()
        self.entries.sort(key=keys[column], reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.ADDED:
                return fmt.points(entry.added)
            if column == self.EXPIRED:
                return fmt.points(entry.expired) if entry.expired else ""
            if column == self.DESCRIPTION:
                return clean_text(entry.description)
            if column == self.ACTIVATION:
                return _when(entry.activation)
            return _when(entry.expiration) if entry.expiration else self._no_expiry
        if role == Qt.ItemDataRole.ToolTipRole and column == self.DESCRIPTION:
            # Long descriptions are cut in the cell; a tooltip would take markup as markup.
            return escape(clean_text(entry.description))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.ADDED, self.EXPIRED):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _when(moment: datetime) -> str:
    return moment.astimezone().strftime("%d.%m.%Y %H:%M")


class HistoryFilter(QSortFilterProxyModel):
    """Filters on the description, ignoring case; sorting is left to the source model."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFilterKeyColumn(HistoryModel.DESCRIPTION)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None and column >= 0:
            source.sort(column, order)
