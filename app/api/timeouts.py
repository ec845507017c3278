"""Timeouts and retry policy of the API clients, importable without loading httpx."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    import ssl

    import httpx


@dataclass(frozen=True)
class Timeouts:
    """Seconds. ``connect`` is short (a till on a LAN either connects fast or not at all)."""

    connect: float = 3.0
    read: float = 10.0

    def for_httpx(self) -> httpx.Timeout:
        import httpx

        return httpx.Timeout(self.read, connect=self.connect, pool=self.connect)


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded retries with exponential backoff, for reads only."""

    attempts: int = 3
    first_wait: float = 0.3
    max_wait: float = 2.0


NO_RETRY = RetryPolicy(attempts=1)

# A string at run time: ssl (9 ms) stays off the start-up path until a client is made.
Verify: TypeAlias = "bool | str | ssl.SSLContext"

__all__ = ["NO_RETRY", "RetryPolicy", "Timeouts", "Verify"]
