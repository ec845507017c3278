"""The bonus history as a table model, sortable and filterable through a proxy."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QWidget

from app.api.models import BonusEntry
from app.ui import format as fmt

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class HistoryModel(QAbstractTableModel):
    ADDED, EXPIRED, DESCRIPTION, ACTIVATION, EXPIRATION = range(5)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[BonusEntry] = []
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

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

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
                return entry.description
            if column == self.ACTIVATION:
                return _when(entry.activation)
            return _when(entry.expiration) if entry.expiration else self._no_expiry
        if role == SORT_ROLE:
            if column == self.ADDED:
                return float(entry.added)
            if column == self.EXPIRED:
                return float(entry.expired)
            if column == self.DESCRIPTION:
                return entry.description.casefold()
            if column == self.ACTIVATION:
                return entry.activation.timestamp()
            return entry.expiration.timestamp() if entry.expiration else float("inf")
        if role == Qt.ItemDataRole.ToolTipRole and column == self.DESCRIPTION:
            return entry.description  # long descriptions are cut in the cell
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.ADDED, self.EXPIRED):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _when(moment: datetime) -> str:
    return moment.astimezone().strftime("%d.%m.%Y %H:%M")


class HistoryFilter(QSortFilterProxyModel):
    """Sorts by the raw values and filters on the description, ignoring case."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterKeyColumn(HistoryModel.DESCRIPTION)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
