"""The link to the loyalty server as the replies tell it (:class:`~app.core.link.state.LinkState`),
and, while it is down, a probe in the background: a search no customer matches, after a delay
that doubles from 2 s to 60 s with jitter (:func:`~app.core.link.state.retry_delay`), until the
server answers; then the header returns to normal without the cashier doing anything."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from app.api.errors import ApiError
from app.core.link.state import PROBE, Link, LinkState, probe_answered, retry_delay

if TYPE_CHECKING:
    from app.api.loyalty import LoyaltyClient
    from app.ui.background.requests import Requests


class LinkWatch(QObject):
    def __init__(
        self,
        requests: Requests,
        state: LinkState,  # the workflow's: the screen draws it
        loyalty: Callable[[], LoyaltyClient | None],
        changed: Callable[[], None],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self._requests = requests
        self._loyalty = loyalty
        self._changed = changed
        self._probe = QTimer(self, singleShot=True)
        self._probe.timeout.connect(self._ask)

    def answered(self, error: ApiError | None) -> None:
        """Note what a request's outcome says of the link; while offline, ask again later."""
        self.state.answered(error)
        if self.state.link is Link.OFFLINE and not self._probe.isActive():
            self._probe.start(int(retry_delay(self.state.probes) * 1000))

    def stop(self) -> None:
        """The window is closing: no more probes, and no reply to one on its way."""
        self._probe.stop()
        self._requests.forget(self)

    def _ask(self) -> None:
        loyalty = self._loyalty()
        if loyalty is None or self.state.link is not Link.OFFLINE:
            return

        def probed(error: ApiError | None) -> None:
            if self.state.link is not Link.OFFLINE:
                return  # a request of the cashier's was answered first
            self.state.probes += 1
            self.answered(probe_answered(error))
            self._changed()

        self._requests.submit(
            self,
            lambda: loyalty.search(PROBE),
            key="probe",
            done=lambda _found: probed(None),
            failed=probed,
        )
