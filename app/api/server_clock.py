"""The server's time, read from the ``Date`` header of its replies, against the till's clocks.

A till's wall clock drifts (minutes, on tills nobody synchronises), so nothing the till decides
compares a server's time (a hold's ``until``) with the till's wall clock. Each reply is stamped
with the moment it arrived on the **monotonic** clock, which only counts durations, and with the
server's ``Date`` when it sent one. From those:

* a hold lasts ``until - Date`` seconds from its reply's arrival (never longer than asked);
* the offset of the till's wall clock from the server's is ``Date - wall time at arrival``,
  good to about a second (``Date`` has whole seconds) plus the reply's latency.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

# Offsets smaller than this are the Date header's resolution plus latency, not a drifting clock.
SKEW_NOTICE_SECONDS = 60.0


@dataclass(frozen=True)
class Stamp:
    """When a reply arrived: the till's monotonic and wall clocks, and the server's ``Date``."""

    arrived: float  # time.monotonic() at arrival
    wall: float  # time.time() at arrival
    server: float | None  # the reply's Date as a Unix time, if it had a readable one

    @property
    def offset(self) -> float | None:
        """Seconds the server's clock is ahead of the till's wall clock (negative: behind)."""
        return None if self.server is None else self.server - self.wall


def server_date(header: str | None) -> float | None:
    """The ``Date`` header (RFC 9110 IMF-fixdate, or the obsolete forms) as a Unix time."""
    if not header:
        return None
    from email.utils import parsedate_to_datetime  # 11 ms of start-up, needed at the first reply

    try:
        parsed = parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:  # the obsolete forms without a zone are GMT by definition
        return None
    return parsed.timestamp()


def stamp_now(
    date_header: str | None,
    *,
    monotonic: Callable[[], float] = time.monotonic,
    wall: Callable[[], float] = time.time,
) -> Stamp:
    return Stamp(monotonic(), wall(), server_date(date_header))


class ServerClock:
    """The latest offset seen from one server (thread-safe: replies arrive on workers)."""

    def __init__(self, wall: Callable[[], float] = time.time) -> None:
        self._lock = threading.Lock()
        self._latest: Stamp | None = None
        self._wall = wall

    def saw(self, stamp: Stamp) -> None:
        if stamp.server is None:
            return
        with self._lock:
            if self._latest is None or stamp.arrived >= self._latest.arrived:
                self._latest = stamp

    @property
    def offset(self) -> float | None:
        """Seconds the server is ahead of this till's wall clock, from the latest reply."""
        with self._lock:
            return None if self._latest is None else self._latest.offset

    def now(self) -> float | None:
        """The server's time now, estimated from the latest reply's offset."""
        offset = self.offset
        return None if offset is None else self._wall() + offset


def skew_minutes(offset: float | None) -> int:
    """Whole minutes the till's clock is off (positive: the till is behind the server), or 0
    when the offset is unknown or within :data:`SKEW_NOTICE_SECONDS`."""
    if offset is None or abs(offset) < SKEW_NOTICE_SECONDS:
        return 0
    return round(offset / 60)
