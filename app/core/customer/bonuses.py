"""What the bonus history says about the points: what expires next, what is not active yet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.api.models import BonusEntry, BonusHistory


@dataclass(frozen=True)
class BonusSummary:
    added: Decimal
    expired: Decimal
    next_expiry: date | None  # local date on which the next points expire
    next_expiry_points: Decimal
    pending: Decimal  # added but not active yet

    def within(self, balance: Decimal | None) -> BonusSummary:
        """What can still expire of a ``balance``: the history itemises accruals, not
        spending, so a customer who spent everything has nothing left to expire (their
        accruals still say «7 Б сгорят»)."""
        if balance is None or self.next_expiry_points <= balance:
            return self
        points = max(Decimal(0), balance)
        return replace(
            self, next_expiry=self.next_expiry if points else None, next_expiry_points=points
        )


@dataclass(frozen=True)
class SummarizedHistory:
    """A history with its summary, computed off the GUI thread (20,000 entries take ~30 ms)."""

    history: BonusHistory
    summary: BonusSummary


def summarized(history: BonusHistory) -> SummarizedHistory:
    return SummarizedHistory(history, summarize(history.bonuses, datetime.now(tz=UTC)))


def remaining(entry: BonusEntry) -> Decimal:
    return max(Decimal(0), entry.added - entry.expired)


def summarize(entries: Sequence[BonusEntry], now: datetime) -> BonusSummary:
    """Totals, and the next expiry among points that are still there and not expired.

    The history shows accruals; spending is not itemised in it, so "what expires next" is
    what the accruals say, which a server that spends oldest points first makes an upper bound.

    Two passes over plain comparisons: converting every entry's expiry to a local date cost
    60 ms for 20,000 entries on the GUI thread. Only the earliest expiry's local day is needed.
    """
    pending = Decimal(0)
    earliest: datetime | None = None
    for entry in entries:
        left = entry.added - entry.expired
        if left <= 0:
            continue
        if entry.activation > now:
            pending += left
        expiration = entry.expiration
        if (
            expiration is not None
            and expiration > now
            and (earliest is None or expiration < earliest)
        ):
            earliest = expiration
    next_day: date | None = None
    next_points = Decimal(0)
    if earliest is not None:
        local = earliest.astimezone()
        next_day = local.date()
        day_start = local.replace(hour=0, minute=0, second=0, microsecond=0)
        day_end = day_start + timedelta(days=1)
        for entry in entries:
            expiration = entry.expiration
            if expiration is not None and expiration > now and day_start <= expiration < day_end:
                next_points += remaining(entry)
    return BonusSummary(
        added=sum((e.added for e in entries), Decimal(0)),
        expired=sum((e.expired for e in entries), Decimal(0)),
        next_expiry=next_day,
        next_expiry_points=next_points,
        pending=pending,
    )
