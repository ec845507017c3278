"""What the till knows of its link to the loyalty server, from the replies (and failures) it
gets: connecting, ready, connected, offline, not connected; and the profile's configuration
problem a reply revealed (a rejected key, an unknown point, a refused certificate)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from app.api.errors import ApiError, CertificateProblem, KeyRejected, PointNotFound, Transient
from app.core.teller_errors import ReconciledUnknown


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

    def connecting(self, *, new_profile: bool) -> None:
        self.link = Link.CONNECTING
        if new_profile:
            self.config_problem = None

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
        elif isinstance(error, Transient) or isinstance(getattr(error, "cause", None), Transient):
            self.link = Link.OFFLINE
        if isinstance(error, KeyRejected | PointNotFound | CertificateProblem):
            self.config_problem = error.user_message()
