"""What the bonus history says: totals, what expires next (on which local day), what is pending."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from app.api.models import BonusEntry
from app.core.customer.bonuses import summarize

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


def entry(
    added: int, *, expired: int = 0, active: float = -10, expires: float | None
) -> BonusEntry:
    return BonusEntry(
        added=Decimal(added),
        expired=Decimal(expired),
        activationDate=NOW + timedelta(days=active),
        expirationDate=None if expires is None else NOW + timedelta(days=expires),
    )


def test_the_next_local_day_sums_what_expires_on_it() -> None:
    entries = [
        entry(100, expires=3),
        entry(20, expires=3, active=-1),  # the same day, a little later
        entry(500, expires=40),
        entry(70, expired=70, expires=1),  # already gone: not the next expiry
        entry(30, expires=-2),  # expired yesterday
        entry(50, active=2, expires=None),  # not active yet, never expires
    ]
    entries[1] = entry(20, expires=3.01, active=-1)
    summary = summarize(entries, NOW)
    assert summary.next_expiry == (NOW + timedelta(days=3)).astimezone().date()
    assert summary.next_expiry_points == Decimal(120)
    assert summary.pending == Decimal(50)
    assert summary.added == Decimal(770)
    assert summary.expired == Decimal(70)


def test_no_expiry_in_the_future() -> None:
    summary = summarize([entry(10, expires=None), entry(5, expires=-1)], NOW)
    assert (summary.next_expiry, summary.next_expiry_points) == (None, Decimal(0))


def test_nothing_expires_of_a_balance_that_is_spent() -> None:
    """The history itemises accruals, not spending: «7 Б сгорят» stayed on the card of a
    customer who had just spent everything."""
    from app.core.customer.bonuses import BonusSummary

    summary = BonusSummary(
        added=Decimal(100),
        expired=Decimal(0),
        next_expiry=date(2027, 12, 7),
        next_expiry_points=Decimal(7),
        pending=Decimal(0),
    )
    assert summary.within(None) is summary
    assert summary.within(Decimal(7)) is summary
    assert summary.within(Decimal(5)).next_expiry_points == Decimal(5)
    assert summary.within(Decimal(5)).next_expiry == date(2027, 12, 7)
    spent = summary.within(Decimal(0))
    assert (spent.next_expiry, spent.next_expiry_points) == (None, Decimal(0))
