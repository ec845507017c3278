"""What the bonus history says about the points: what expires next, what is not active yet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.api.models import BonusEntry


@dataclass(frozen=True)
class BonusSummary:
    added: Decimal
    expired: Decimal
    next_expiry: date | None  # local date on which the next points expire
    next_expiry_points: Decimal
    pending: Decimal  # added but not active yet


def remaining(entry: BonusEntry) -> Decimal:
    return max(Decimal(0), entry.added - entry.expired)


def summarize(entries: Sequence[BonusEntry], now: datetime) -> BonusSummary:
    """Totals, and the next expiry among points that are still there and not expired.

    The history shows accruals; spending is not itemised in it, so "what expires next" is
    what the accruals say, which a server that spends oldest points first makes an upper bound.
    """
    expiring: dict[date, Decimal] = {}
    pending = Decimal(0)
    for entry in entries:
        left = remaining(entry)
        if left <= 0:
            continue
        if entry.activation > now:
            pending += left
        if entry.expiration is not None and entry.expiration > now:
            day = entry.expiration.astimezone().date()
            expiring[day] = expiring.get(day, Decimal(0)) + left
    next_day = min(expiring) if expiring else None
    return BonusSummary(
        added=sum((e.added for e in entries), Decimal(0)),
        expired=sum((e.expired for e in entries), Decimal(0)),
        next_expiry=next_day,
        next_expiry_points=expiring.get(next_day, Decimal(0)) if next_day else Decimal(0),
        pending=pending,
    )
