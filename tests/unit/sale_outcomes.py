"""A sale outcome as the teller's failure makes it (through the same ``outcome_of`` the
requests use)."""

from __future__ import annotations

from typing import NoReturn

from app.api.errors import ApiError
from app.core.ledger.outcome import SaleOutcome, outcome_of


def outcome_of_error(error: ApiError) -> SaleOutcome:
    def send() -> NoReturn:
        raise error

    return outcome_of(send)
