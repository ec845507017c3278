"""The journal's background work for the window: counting the entries that need someone, and
the sweep that settles, once their settle window is over, operations still being checked (from
a customer who left, or from the last session), reads again the customers of sales judged
"did not happen" during the hour they stay under watch, and writes outcomes the journal
refused for a while. Nothing of it runs on the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from app.core.link.state import retry_delay
from app.ui.background.requests import MONEY_PASSES

if TYPE_CHECKING:
    from app.api.errors import ApiError
    from app.core.journal.reads import JournalReader
    from app.core.journal.store import Journal
    from app.core.ledger.teller import Teller
    from app.ui.background.requests import Requests

SWEEP_MS = 5_000  # how often operations still being checked are looked at


class JournalSweep(QObject):
    def __init__(
        self,
        requests: Requests,
        journal: Journal,
        reader: Callable[[], JournalReader],
        teller: Callable[[], Teller | None],
        counted: Callable[[int], None],
        swept: Callable[[], None],
        proved_late: Callable[[int], None],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self._requests = requests
        self._journal = journal
        self._reader = reader
        self._teller = teller
        self._counted = counted
        self._swept = swept
        self._proved_late = proved_late  # how many "did not happen" went through after all
        self.timer = QTimer(self, interval=SWEEP_MS)  # longer after failures (retry_delay)
        self.failures = 0
        self.timer.timeout.connect(self._sweep)

    def count(self) -> None:
        """Count, off the GUI thread, the entries that need someone to check them."""
        reader = self._reader()
        self._requests.submit(
            self,
            lambda: len(reader.unsettled()),
            key="unsettled",
            done=self._counted,
            failed=lambda _error: None,
        )

    def later(self) -> None:
        if not self.timer.isActive():
            self.timer.start()

    def if_behind(self) -> None:
        """An outcome the journal could not write yet is retried by the sweep."""
        if self._journal.deferred:
            self.later()

    def stop(self) -> None:
        self.timer.stop()
        self._requests.forget(self)

    def _sweep(self) -> None:
        teller = self._teller()
        if teller is None or self._requests.pending(self, "sweep"):
            return
        journal = self._journal

        def sweep() -> tuple[bool, int]:
            written = journal.flush_deferred()
            teller.recheck_due()
            proved = teller.watch()  # "did not happen" read again when due
            # read here too, not on the GUI thread
            still = teller.still_checking() or teller.watching() or not written
            return still, len(proved)

        def swept(outcome: tuple[bool, int]) -> None:
            still, proved = outcome
            self.failures = 0
            self.timer.setInterval(SWEEP_MS)
            if not still:
                self.timer.stop()  # nothing left whose window could end
            if proved:
                self._proved_late(proved)
            self.count()
            self._swept()

        def broke(_error: ApiError) -> None:
            self.failures += 1  # a server away, a journal still locked: look again later
            self.timer.setInterval(max(SWEEP_MS, int(retry_delay(self.failures) * 1000)))

        self._requests.submit(
            self, sweep, key="sweep", lane=MONEY_PASSES, writes=True, done=swept, failed=broke
        )
