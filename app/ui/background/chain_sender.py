"""Shipping the journal to the chain's PostgreSQL from the window, in the background
(:class:`~app.chain.shipping.Shipper`): a moment after the journal changed, then every half
minute while anything is left; after a failure the delay doubles from 2 s to 60 s with jitter
(:func:`~app.core.link.state.retry_delay`), so the tills of a chain whose database comes back do not
all reconnect in the same second. Nothing here waits on the GUI thread or touches a sale."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from app.core.link.state import retry_delay

LANE = "chain"  # the chain's one database connection: a ship, then the next, then its close

if TYPE_CHECKING:
    from app.chain.shipping import Shipper, ShipReport
    from app.ui.background.requests import Requests

SOON_MS = 1_000  # after a journal change: a few changes travel in one batch
IDLE_MS = 30_000  # while anything is left to ship, or to notice a database back


class ChainSender(QObject):
    def __init__(self, requests: Requests, shipper: Shipper, parent: QObject) -> None:
        super().__init__(parent)
        self.shipper = shipper
        self.failures = 0  # in a row
        self.last: ShipReport | None = None
        self._requests = requests
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._ship)

    def soon(self) -> None:
        """The journal changed: ship in a moment (unless the database is failing: its own
        delay stands)."""
        if self.failures == 0 and not (
            self._timer.isActive() and self._timer.remainingTime() < SOON_MS
        ):
            self._timer.start(SOON_MS)

    def stop(self) -> None:
        """No more ships; the connection closed after the ship still running (one lane), and
        nothing delivered after this (the owner is forgotten for good)."""
        self._timer.stop()
        shipper = self.shipper
        self._requests.submit(
            self,
            shipper.close,
            lane=LANE,
            writes=True,  # run even though forgotten next: the connection must be let go
            done=lambda _none: None,
            failed=lambda _e: None,
        )
        self._requests.forget(self)

    def _ship(self) -> None:
        if self._requests.pending(self, "chain"):
            self._timer.start(SOON_MS)
            return
        shipper = self.shipper
        self._requests.submit(
            self,
            lambda: shipper.try_ship(),
            key="chain",
            lane=LANE,
            writes=True,  # it marks the journal: closing waits for it (bounded)
            done=self._shipped,
            failed=lambda _error: self._timer.start(IDLE_MS),
        )

    def _shipped(self, report: ShipReport) -> None:
        self.last = report
        if report.error is not None:
            self.failures += 1
            self._timer.start(int(retry_delay(self.failures - 1) * 1000))
            return
        self.failures = 0
        self._timer.start(SOON_MS if report.left else IDLE_MS)
