"""The customer view's bonus history: the table (sortable, filtered by description), its totals,
and what the service said."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.api.errors import ApiError
from app.core.customer.bonuses import SummarizedHistory
from app.ui.manager.history_model import HistoryFilter, HistoryModel
from app.ui.widgets import format as fmt
from app.ui.widgets.labels import ERROR_STYLE, make_label, named


class HistoryTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = HistoryModel(self)
        self.proxy = HistoryFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filter = named(QLineEdit(), "historyFilter", self.tr("Search descriptions"))
        self.filter.setPlaceholderText(self.tr("Search in descriptions"))
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = named(QTableView(), "historyTable", self.tr("Bonus history"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(HistoryModel.ACTIVATION, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(HistoryModel.DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        # Fixed widths from the text a cell can hold: measuring 10,000 rows would stall.
        metrics = self.table.fontMetrics()
        for column, sample in (
            (HistoryModel.ADDED, "100 000"),
            (HistoryModel.EXPIRED, "100 000"),
            (HistoryModel.ACTIVATION, "00.00.0000 00:00"),
            (HistoryModel.EXPIRATION, "00.00.0000 00:00"),
        ):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 24)
        self.totals = make_label("historyTotals")
        self.status = make_label("historyStatus")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        layout.addWidget(self.status)

    def loading(self, *, configured: bool) -> None:
        self.model.set_entries([])
        self.totals.clear()
        self.status.setStyleSheet("")
        if configured:
            self.status.setText(self.tr("Loading the history…"))
        else:
            self.status.setText(self.tr("The bonus history service is not configured."))

    def show_history(self, summarized: SummarizedHistory) -> None:
        history, summary = summarized.history, summarized.summary
        self.model.set_entries(list(history.bonuses))
        header = self.table.horizontalHeader()
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.totals.setText(
            self.tr("Added %1 points · expired %2 points · %3 entries")
            .replace("%1", fmt.points(summary.added))
            .replace("%2", fmt.points(summary.expired))
            .replace("%3", str(len(history.bonuses)))
        )
        self.status.setText("" if history.bonuses else self.tr("No bonus history."))
        self.status.setStyleSheet("")

    def failed(self, error: ApiError) -> None:
        # The protocol: any other reply means "no history". The table stays empty, and the
        # manager is told the service failed rather than answered empty.
        self.status.setText(
            self.tr(
                "The history service did not answer properly, so no history is shown: %1"
            ).replace("%1", error.user_message())
        )
        self.status.setStyleSheet(ERROR_STYLE)
