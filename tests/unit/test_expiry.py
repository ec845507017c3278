"""Expiry dates on the card carry the year when it is not this year."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from app.api.models import BonusEntry, BonusHistory
from app.ui.widgets.client_card import expiry_day, expiry_text


def test_the_year_is_shown_when_it_is_not_this_year() -> None:
    today = date(2026, 11, 23)
    assert expiry_day(date(2026, 11, 30), today) == "30.11"
    assert expiry_day(date(2027, 11, 23), today) == "23.11.2027"  # not "23.11", read as today
    assert expiry_day(date(2027, 1, 5), today) == "05.01.2027"


def test_the_card_line_names_the_next_year(qapp) -> None:
    from app.base import i18n

    i18n.install(qapp, "ru")
    now = datetime(2026, 11, 23, 12, tzinfo=UTC)
    entry = BonusEntry(
        added=Decimal(173),
        activationDate=now - timedelta(days=30),
        expirationDate=now + timedelta(days=365),
    )
    text = expiry_text(BonusHistory(bonuses=[entry]), now)
    assert text == "173 Б сгорят 23.11.2027"
