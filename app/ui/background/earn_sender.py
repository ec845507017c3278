"""Posting the offline earns in the background
(:func:`~app.core.ledger.earn_queue.post_queued`), never on the GUI thread and never two passes
at once.

A pass starts a moment after an earn is recorded (the server may be back already), when a
request finds the server again, and — while earns wait — after a delay that doubles from 2 s to
60 s with jitter (:func:`~app.core.link.state.retry_delay`), so that the tills of a chain whose
link returns at once do not all post in the same second. The queue itself is the journal; its
counts for the header are the workflow's (:class:`~app.core.journal.reads.JournalCounts`).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from app.api.errors import ApiError
from app.core.journal.reads import JournalCounts
from app.core.ledger.earn_queue import QueueReport, post_queued
from app.core.link.state import retry_delay
from app.ui.background.requests import MONEY_PASSES

if TYPE_CHECKING:
    from app.core.journal.reads import JournalReader
    from app.core.ledger.teller import Teller
    from app.ui.background.requests import Requests

# After the server is found again, the first pass waits up to this long (a jitter of its own).
BACK_JITTER_SECONDS = 5.0


class EarnSender(QObject):
    def __init__(
        self,
        requests: Requests,
        counts: JournalCounts,  # the workflow's: the header draws them
        teller: Callable[[], Teller | None],  # None: no pass now
        reader: Callable[[], JournalReader],
        posted: Callable[[QueueReport], None],
        counted: Callable[[], None],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self._counts = counts
        self.failed_passes = 0  # in a row, for the next delay
        self._requests = requests
        self._teller = teller
        self._reader = reader
        self._posted = posted
        self._counted = counted
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._post)

    def count(self) -> None:
        """Count the queue off the GUI thread; a pass is planned while earns wait."""
        reader = self._reader()

        def counted(figures: tuple[int, datetime | None]) -> None:
            self._counts.queued, self._counts.last_posted = figures
            if self._counts.queued and not self._timer.isActive():
                self._plan(retry_delay(self.failed_passes))
            self._counted()

        self._requests.submit(
            self,
            lambda: (reader.queued_count(), reader.last_posted()),
            key="queue-count",
            done=counted,
            failed=lambda _error: None,
        )

    def server_back(self) -> None:
        """A request found the server: post what waits, after a short jitter."""
        if self._counts.queued:
            self.failed_passes = 0
            self._plan(random.uniform(0.2, BACK_JITTER_SECONDS))  # noqa: S311 - jitter, no secret

    def _plan(self, seconds: float) -> None:
        self._timer.start(int(seconds * 1000))

    def _post(self) -> None:
        teller = self._teller()
        if teller is None or self._requests.pending(self, "post-queued"):
            return
        self._requests.submit(
            self,
            lambda: post_queued(teller),
            key="post-queued",
            lane=MONEY_PASSES,  # never beside the sweep
            writes=True,
            done=self._passed,
            failed=self._broke,
        )

    def _passed(self, report: QueueReport) -> None:
        self.failed_passes = self.failed_passes + 1 if report.stopped is not None else 0
        self._posted(report)
        self.count()

    def _broke(self, error: ApiError) -> None:
        """A pass that broke without a report (the journal, a bug): tried again later."""
        self._passed(QueueReport(stopped=error))

    def stop(self) -> None:
        self._timer.stop()
        self._requests.forget(self)
