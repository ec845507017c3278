"""Message boxes the window shows on its own: the last session's loose ends, a journal that
had to be started anew, settings that could not be used. Each is non-blocking and gives the
keyboard back to the window when it closes (a till has no window manager to do it)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.core.journal.entry import Verdict
from app.core.ledger.recovery import RecoveryReport
from app.ui.widgets import format as fmt


class Notices(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window

    def _open(self, name: str, title: str, text: str) -> QMessageBox:
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self._window
        )
        box.setObjectName(name)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _result: self._reactivate())
        box.open()
        return box

    def _reactivate(self) -> None:
        self._window.raise_()
        self._window.activateWindow()

    def recovery(self, report: RecoveryReport) -> None:
        if report.empty:
            return
        lines = [self.tr("The program was stopped during an operation last time.")]
        verdicts = {
            Verdict.SPENT: self.tr("the points were spent"),
            Verdict.EARNED: self.tr("the points were earned"),
            Verdict.NOT_HAPPENED: self.tr("it did not happen"),
            Verdict.CHECKING: self.tr(
                "still checking whether it went through: do not repeat it; the journal (F11) "
                "says when it is known"
            ),
            Verdict.UNDECIDED: self.tr(
                "cannot tell: do not repeat it; the manager has it in the journal"
            ),
        }
        for entry, verdict in report.reconciled:
            lines.append(
                self.tr("Operation at %1 for %2, amount %3: %4")
                .replace("%1", entry.created.strftime("%H:%M"))
                .replace("%2", entry.customer)
                .replace("%3", fmt.money(entry.amount or Decimal(0)))
                .replace("%4", verdicts[verdict])
            )
        for entry in report.released:
            lines.append(
                self.tr("A hold of %1 points left from last time was released.").replace(
                    "%1", fmt.points(entry.points or Decimal(0))
                )
            )
        for entry in report.still_held:
            lines.append(
                self.tr("A hold of %1 points could not be released; it ends by itself.").replace(
                    "%1", fmt.points(entry.points or Decimal(0))
                )
            )
        for _entry in report.interrupted:
            lines.append(
                self.tr("A hold, release or partner enrolment was interrupted; see the journal.")
            )
        self._open("recoveryBox", self.tr("Last session"), "\n".join(lines))

    def journal_moved(self, moved: Path, carried: int) -> None:
        """The journal file could not be used at start: a new one was begun, with the open
        entries that could be read from the old one (``carried``); others may be lost."""
        if carried:
            told = self.tr(
                "%n open operation(s) (undecided, or waiting for the link) were read from it and "
                "carried over; if the old file was damaged at its beginning, others may be "
                "missing.",
                "",
                carried,
            )
        else:
            told = self.tr(
                "No open operation could be read from it: an undecided sale or an earn waiting "
                "for the link may be missing from the journal now."
            )
        self._open(
            "journalMoved",
            self.tr("Journal"),
            self.tr(
                "The operations journal could not be read, so a new one was started. The old "
                "file was kept for IT as:"
            )
            + f"\n{moved}\n\n"
            + told
            + "\n\n"
            + self.tr(
                "Tell the manager: operations before this start are not in the journal; check "
                "this till's sales of today in the loyalty program."
            ),
        )

    def settings_problems(self, problems: list[str]) -> None:
        """Settings files had errors; the program started with what was valid."""
        self._open(
            "settingsProblems",
            self.tr("Settings"),
            self.tr("These settings could not be used; the program started without them. Tell IT:")
            + "\n\n"
            + "\n".join(problems),
        )
