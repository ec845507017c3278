"""The manager's view of the journal: filter by date and outcome, shift totals, CSV export,
settling undecided operations, and copying diagnostics for IT."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.journal import text as journal_text
from app.core.journal.entry import Entry, Kind, State, Verdict
from app.core.journal.store import Journal
from app.core.journal.text import export_csv
from app.ui.background.requests import Requests
from app.ui.manager.settle_dialog import SettleDialog
from app.ui.widgets import format as fmt
from app.ui.widgets.labels import make_label, named, touch
from app.ui.widgets.table_model import Index, ListTableModel

DETAILS_MIN_WIDTH = 160  # pixels below which the details column is left out of the table
GIVE_WAY_MIN_WIDTH = 60  # the narrowest an elided column gets
SKEWED = timedelta(minutes=1)  # a server time this far from the till's is shown beside it


class JournalModel(ListTableModel[Entry]):
    """The journal's rows in the manager's words (:mod:`app.core.journal.text`)."""

    SPENT, EARNED, DETAILS = 5, 6, 8
    # Elided when the table is narrow: the operation and the outcome first, then the time.
    GIVE_WAY = ((1, 2), (0,))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headers = [
            self.tr("Time"),
            self.tr("Operation"),
            self.tr("Outcome"),
            self.tr("Customer"),
            self.tr("Amount"),
            self.tr("Spent"),
            self.tr("Earned"),
            self.tr("To pay"),
            self.tr("Details"),
        ]

    def set_entries(self, entries: list[Entry]) -> None:
        self.beginResetModel()
        self.entries = list(reversed(entries))  # newest first
        self.rows = [journal_text.row(entry) for entry in self.entries]
        self.endResetModel()

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        entry, shown = self.entries[index.row()], self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(entry, shown, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column in (self.SPENT, self.EARNED) and shown.attempted:
                return self.tr("Attempted, not counted: %1").replace("%1", shown.attempted)
            if column == 0:
                return entry.created.strftime("%d.%m.%Y %H:%M:%S")
            if column in self.GIVE_WAY[0]:
                return self._display(entry, shown, column)
            if column == self.DETAILS and (said := self._display(entry, shown, column)):
                # The manager's words only: the technical reason is for IT (Copy diagnostics).
                return escape(said)
        if role == Qt.ItemDataRole.TextAlignmentRole and 4 <= column <= 7:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and shown.needs_attention:
            from PySide6.QtGui import QColor

            return QColor("#b71c1c")
        return None

    def _display(self, entry: Entry, shown: journal_text.Row, column: int) -> str:
        def money(value: Decimal | None) -> str:
            return "" if value is None else fmt.money(value)

        def counted_or_attempted(value: Decimal | None, attempted: Decimal | None) -> str:
            if value:
                return fmt.points(value)
            return f"({fmt.points(attempted)})" if attempted else ""

        retail = entry.kind is Kind.RETAIL and entry.state is not State.DONE
        if column == 0:  # the year is in the filter above; the whole date in the tooltip
            return entry.created.strftime("%d.%m %H:%M:%S")
        if column == 1:
            return shown.kind
        if column == 2:
            return shown.outcome
        if column == 3:
            return entry.customer
        if column == 4:
            return money(entry.amount)
        if column == self.SPENT:
            return counted_or_attempted(shown.spent, entry.spend if retail else None)
        if column == self.EARNED:
            attempted_earn = entry.points if retail and not entry.spend else None
            return counted_or_attempted(shown.earned, attempted_earn)
        if column == 7:
            return money(entry.total) if entry.state is State.DONE else ""
        parts = [shown.details] if shown.details else []
        if entry.receipt:  # a sale handed over by the POS: its receipt, to find it there
            parts.append(self.tr("receipt %1").replace("%1", entry.receipt))
        if entry.server_time is not None and abs(entry.server_time - entry.created) >= SKEWED:
            parts.append(
                self.tr("server time %1").replace("%1", entry.server_time.strftime("%H:%M:%S"))
            )
        return "; ".join(parts)

    def details(self, row: int) -> str:
        """The selected operation's details, whole (the line under the table)."""
        return self._display(self.entries[row], self.rows[row], self.DETAILS)


class JournalWindow(QDialog):
    def __init__(
        self,
        journal: Journal,
        diagnostics: Callable[[], str],
        parent: QWidget | None = None,
        *,
        authorize: Callable[[], bool] = lambda: True,
        clock: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("journalWindow")
        self.setWindowTitle(self.tr("Journal"))
        self.journal = journal  # written only by a manager's decision
        self.reader = journal.reader()  # reads never wait for a write on a worker thread
        self.finished.connect(self._closing)
        self._diagnostics = diagnostics
        self._authorize = authorize  # the manager PIN: exporting data, settling operations
        today = QDate.currentDate()
        self.since = named(QDateEdit(today), "journalSince", self.tr("From"))
        self.until = named(QDateEdit(today), "journalUntil", self.tr("To"))
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd.MM.yyyy")  # one date format in both languages
            edit.dateChanged.connect(self.refresh)
        self.outcome = named(QComboBox(), "journalOutcome", self.tr("Outcome"))
        self.filters: list[tuple[str, tuple[State, ...]]] = [
            (self.tr("All"), ()),
            (self.tr("Done"), (State.DONE,)),
            (self.tr("Refused or not sent"), (State.REJECTED, State.FAILED)),
            (self.tr("Unknown or interrupted"), (State.UNKNOWN, State.PENDING)),
            (self.tr("Waiting for the link"), (State.QUEUED,)),
        ]
        for title, _states in self.filters:
            self.outcome.addItem(title)
        self.outcome.currentIndexChanged.connect(self.refresh)
        self.model = JournalModel(self)
        self.table = named(QTableView(), "journalTable", self.tr("Operations"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Columns as wide as their contents; the details take what is left (see _fit_columns).
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.viewport().installEventFilter(self)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setWordWrap(False)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection())
        self.clock = make_label("journalClock", clock)
        self.clock.setStyleSheet("color: #e65100; font-weight: bold;")
        self.clock.setVisible(bool(clock))
        # The selected operation's details, whole and wrapped: the column above elides them.
        # Always there (a hint when nothing is selected), so the buttons below never move.
        self.details = make_label("journalDetails")
        self.details.setWordWrap(True)
        self.details.setAccessibleName(self.tr("Details"))
        self.totals = make_label("journalTotals")
        self.totals.setAccessibleName(self.tr("Shift totals"))
        self.semicolon = named(
            QCheckBox(self.tr("Excel (Russian): ';' and decimal comma")),
            "journalSemicolon",
            self.tr("Excel format"),
        )
        self.semicolon.setChecked(True)
        export = named(QPushButton(self.tr("Export CSV…")), "journalExport", self.tr("Export"))
        export.clicked.connect(self.export)
        copy = named(
            QPushButton(self.tr("Copy diagnostics")), "copyDiagnostics", self.tr("Copy diagnostics")
        )
        copy.clicked.connect(self.copy_diagnostics)
        scanner = named(
            QPushButton(self.tr("Scanner check")), "scannerCheckButton", self.tr("Scanner check")
        )
        scanner.clicked.connect(self.check_scanner)
        self.mark_done = named(
            QPushButton(self.tr("It happened")),
            "markHappened",
            self.tr("Mark the operation as done"),
        )
        self.mark_not = named(
            QPushButton(self.tr("It did not happen")),
            "markNotHappened",
            self.tr("Mark the operation as not done"),
        )
        self.mark_done.clicked.connect(lambda: self.settle(happened=True))
        self.mark_not.clicked.connect(lambda: self.settle(happened=False))

        # A touch terminal has no Esc, and a till with no window manager draws no title bar
        close = named(QPushButton(self.tr("Close (Esc)")), "journalClose", self.tr("Close"))
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        filters = QHBoxLayout()
        widget: QWidget
        for widget in (
            make_label("sinceCaption", self.tr("From")),
            self.since,
            make_label("untilCaption", self.tr("to")),
            self.until,
            self.outcome,
        ):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(close)  # top right, where a finger looks for it
        # Two rows, so that the window fits a 1024-pixel screen in Russian at a large font.
        actions = QHBoxLayout()
        for widget in (self.mark_done, self.mark_not):
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(copy)
        for button in (self.mark_done, self.mark_not, copy, scanner, export, close):
            touch(button)  # finger-sized (44 px) on a touch terminal
        exports = QHBoxLayout()
        exports.addWidget(scanner)
        exports.addStretch(1)
        for widget in (self.semicolon, export):
            exports.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.clock)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.totals)
        layout.addLayout(actions)
        layout.addLayout(exports)
        # As wide as the cashier window it opens over (which fills the till's screen), at most
        # 1,300: the details column takes what is left.
        over = parent.window().size() if parent is not None else self.screen().size()
        self.resize(min(1300, over.width() - 24), min(560, over.height() - 40))
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()  # the table's own width, after the layout gave it
        return False

    def _fit_columns(self) -> None:
        """No sideways scroll bar, in any language or font: the columns at their contents'
        width and the details in what is left; where that is too little to read (a 1024-pixel
        screen in Russian) the details column goes (the line under the table says them whole),
        and where even the rest is too wide (16 pt) the operation, the outcome and the time
        give way, elided, with the whole text in their tooltips."""
        header, table, details = self.table.horizontalHeader(), self.table, self.model.DETAILS
        columns = range(self.model.columnCount())
        natural = {c: max(table.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in columns}
        room = table.viewport().width() - len(natural)  # a pixel of grid beside each column
        fixed = sum(width for column, width in natural.items() if column != details)
        table.setColumnHidden(details, room - fixed < DETAILS_MIN_WIDTH)
        overflow = fixed - room
        # Never narrower than its title: the title stays whole, the cells elide.
        floor = {c: max(GIVE_WAY_MIN_WIDTH, header.sectionSizeHint(c)) for c in columns}
        for group in JournalModel.GIVE_WAY:
            giving = [c for c in group if natural[c] > floor[c]]
            spare = sum(natural[c] - floor[c] for c in giving)
            for column in giving:
                cut = math.ceil(overflow * (natural[column] - floor[column]) / spare)
                given = max(0, min(cut, natural[column] - floor[column], overflow))
                natural[column] -= given
                overflow -= given
        for column in columns:
            if column != details:
                header.resizeSection(column, natural[column])

    def shown_entries(self) -> list[Entry]:
        since, until = self.since.date(), self.until.date()
        start = datetime(since.year(), since.month(), since.day()).astimezone()
        end = datetime(until.year(), until.month(), until.day()).astimezone()
        states = self.filters[self.outcome.currentIndex()][1]
        return self.reader.entries(since=start, until=end + timedelta(days=1), states=states)

    def refresh(self) -> None:
        entries = self.shown_entries()
        self.model.set_entries(entries)
        self._fit_columns()
        totals = self.reader.totals(entries)
        self.totals.setText(
            self.tr("Purchases: %1 · spent %2 points · earned %3 points · unknown: %4")
            .replace("%1", str(totals.operations))
            .replace("%2", fmt.points(totals.spent))
            .replace("%3", fmt.points(totals.earned))
            .replace("%4", str(totals.unknown))
        )
        if totals.queued:  # apart: not credited yet, so in none of the figures above
            self.totals.setText(
                self.totals.text()
                + " · "
                + self.tr("waiting for the link: %1 (%2)")
                .replace("%1", str(totals.queued))
                .replace("%2", fmt.money(totals.queued_amount))
            )
        self._selection()

    def _selected(self) -> Entry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.entries[rows[0].row()] if rows else None

    def _selection(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        entry = self.model.entries[rows[0].row()] if rows else None
        said = self.model.details(rows[0].row()) if rows else ""
        self.details.setText(
            self.tr("Details: %1").replace("%1", said)
            if said
            else self.tr("Select an operation to read its details here.")
        )
        self.details.setStyleSheet("" if said else "color: #616161;")
        open_retail = entry is not None and entry.kind is Kind.RETAIL and not entry.settled
        self.mark_done.setEnabled(open_retail)
        self.mark_not.setEnabled(open_retail)

    def _closing(self, _result: int) -> None:
        """A manager's decision still being written ends by itself, but its reply must not
        refresh through the reader closed here."""
        Requests.of(self.parentWidget()).forget(self)
        self.reader.close()

    def settle(self, *, happened: bool) -> None:
        """The manager checked with the loyalty program and records what it said: after a
        confirmation that shows what was attempted, with a note, behind the manager PIN."""
        entry = self._selected()
        if entry is None or entry.settled:
            return
        dialog = SettleDialog(entry, happened, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._record(dialog.entry, happened, dialog.note_text))
        self.settle_dialog = dialog
        dialog.open()

    def _record(self, entry: Entry, happened: bool, note: str) -> None:
        if not self._authorize():
            return
        if happened:
            verdict = Verdict.SPENT if (entry.spend or 0) > 0 else Verdict.EARNED
        else:
            verdict = Verdict.NOT_HAPPENED
        # Written by a worker through the one writer connection, never on the GUI thread: the
        # writer's lock is the workers' too, and a journal held by another program waits.
        journal = self.journal
        Requests.of(self.parentWidget()).submit(
            self,
            lambda: journal.resolve_by_manager(entry.id, verdict, note),
            done=lambda _none: self.refresh(),
            failed=lambda error: self.totals.setText(error.user_message()),
            writes=True,
        )

    def export(self) -> None:
        if not self._authorize():
            return
        default = Path.home() / f"journal-{datetime.now():%Y%m%d}.csv"
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export the journal"), str(default), self.tr("CSV (*.csv)")
        )
        if path:
            self.write_csv(Path(path))

    def write_csv(self, path: Path) -> None:
        excel = self.semicolon.isChecked()
        path.write_bytes(
            export_csv(self.shown_entries(), separator=";" if excel else ",", decimal_comma=excel)
        )

    def check_scanner(self) -> None:
        from app.ui.manager.scanner_check import ScannerCheck

        self.scanner_check = ScannerCheck(self)
        self.scanner_check.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.scanner_check.finished.connect(lambda _result: self.activateWindow())
        self.scanner_check.open()
        self.scanner_check.activateWindow()

    def copy_diagnostics(self) -> None:
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(self._diagnostics())
