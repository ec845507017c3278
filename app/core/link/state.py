"""What the till knows of its link to the loyalty server, from the replies (and failures) it
gets: connecting, ready, connected, offline, not connected; and the profile's configuration
problem a reply revealed (a rejected key, an unknown point, a refused certificate)."""

from __future__ import annotations

import enum
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from app.api.errors import (
    ApiError,
    CertificateProblem,
    ClientNotFound,
    KeyRejected,
    PointNotFound,
    Transient,
)
from app.core.ledger.teller_errors import ReconciledUnknown

# A search no customer can match: what the link check asks the loyalty server. "Not found" is
# an answer (the server is reachable, the key and point accepted); only a failure is not.
PROBE = "0000000000-loyalty-till-connection-test"
RETRY_FIRST_SECONDS = 2.0
RETRY_MAX_SECONDS = 60.0


def link_down(error: ApiError | None) -> bool:
    """Whether ``error`` proves the server cannot be reached now: no connection could be made
    (refused, no such host, connect timeout), so nothing left the machine. A certificate the
    till refuses is not an outage but IT's problem, and a slow or failing server is not
    proved away: a write to it may have arrived."""
    return error is not None and error.never_left and not isinstance(error, CertificateProblem)


def probe_answered(error: ApiError | None) -> ApiError | None:
    """What a probe's outcome says of the link: ``None`` when the server answered."""
    return None if isinstance(error, ClientNotFound) else error


def retry_delay(attempt: int, rand: Callable[[], float] = random.random) -> float:
    """When to ask again after ``attempt`` failed probes: doubling from 2 s to 60 s, each
    delay drawn between half and all of it, so that thirty tills whose link came back at once
    do not ask in the same second."""
    ceiling = min(RETRY_MAX_SECONDS, RETRY_FIRST_SECONDS * 2.0 ** max(0, attempt))
    return ceiling * (0.5 + 0.5 * rand())


class Link(enum.Enum):
    CONNECTING = "connecting"
    READY = "ready"  # connected, nothing asked yet
    CONNECTED = "connected"  # the last request was answered
    OFFLINE = "offline"  # the last request found no server
    NOT_CONNECTED = "not-connected"  # the profile could not be used


@dataclass
class LinkState:
    link: Link = Link.CONNECTING
    config_problem: str | None = None  # the cashier's words
    # Since when (the till's time, for the cashier) requests find no server, while they do.
    offline_since: float | None = None
    # Whether the outage is proved: the last failure never left the machine (no server
    # reachable), not a server that was slow to answer.
    unreachable: bool = False
    probes: int = 0  # probes that failed in this outage (for the next delay)
    clock: Callable[[], float] = field(default=time.time, repr=False)

    def connecting(self, *, new_profile: bool) -> None:
        self.link = Link.CONNECTING
        if new_profile:  # another server: what was said of the last one no longer holds
            self.config_problem = None
            self.offline_since, self.unreachable, self.probes = None, False, 0

    def ready(self) -> None:
        """Connected; nothing asked yet."""
        self.link = Link.READY

    def not_connected(self, error: ApiError) -> None:
        self.link = Link.NOT_CONNECTED
        self.config_problem = error.user_message()

    def answered(self, error: ApiError | None) -> None:
        """What a request's outcome says: answered (``None``), offline, or misconfigured."""
        if isinstance(error, ReconciledUnknown) and error.server_reachable:
            error = None  # the reply was lost, but the server answered the re-read
        if error is None:
            self.link = Link.CONNECTED
            self.config_problem = None
            self.offline_since, self.unreachable, self.probes = None, False, 0
        elif isinstance(error, Transient) or isinstance(getattr(error, "cause", None), Transient):
            self.link = Link.OFFLINE
            if self.offline_since is None:
                self.offline_since = self.clock()
            self.unreachable = error.never_left
        if isinstance(error, KeyRejected | PointNotFound | CertificateProblem):
            self.config_problem = error.user_message()
