"""What became of a sale, as the checkout takes it (app/core/ledger/outcome.py): every answer and
exception of the teller becomes one value carrying what the cashier is told."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.api.errors import ApiError, ApiTimeout, FieldRejected, OutcomeUnknown, ProtocolError
from app.api.models import Retail
from app.core.journal.entry import Verdict
from app.core.ledger.outcome import (
    Checking,
    NotHappened,
    NotSent,
    Unknown,
    Went,
    outcome_of,
    trouble_in,
)
from app.core.ledger.teller_errors import BalanceUnread, ReconciledUnknown, StillChecking
from app.core.sale.checkout import Checkout
from app.core.sale.state import Phase, Token
from tests.unit.sale_outcomes import outcome_of_error
from tests.unit.test_checkout import previewed


def sent() -> tuple[Checkout, Token]:
    """A customer, a previewed earn of 100 ₽, and its sale sent."""
    checkout = previewed("100", 0, 10)
    sale = checkout.sale()
    assert sale is not None
    return checkout, checkout.submit(sale)


RETAIL = Retail(amount=Decimal(300), total=Decimal(200), type="cashback", spend=Decimal(100))


def test_a_sale_that_went_through_carries_its_retail_and_no_error() -> None:
    outcome = outcome_of(lambda: RETAIL)
    assert outcome == Went(RETAIL) and outcome.earlier is None
    assert trouble_in(outcome) is None


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (ReconciledUnknown(ApiTimeout("t"), Verdict.CHECKING, 7), Checking),
        (ReconciledUnknown(ApiTimeout("t"), Verdict.NOT_HAPPENED, 7), NotHappened),
        (ReconciledUnknown(ApiTimeout("t"), Verdict.UNDECIDED, 7), Unknown),
        (OutcomeUnknown(ProtocolError("HTML")), Unknown),
        (BalanceUnread(ApiTimeout("slow")), NotSent),
        (StillChecking(3), NotSent),
        (FieldRejected({"amount": "too much"}), NotSent),
        (ApiTimeout("connect timeout"), NotSent),
    ],
)
def test_each_failure_is_one_value_that_keeps_its_error(error: ApiError, kind: type) -> None:
    outcome = outcome_of_error(error)
    assert type(outcome) is kind
    assert outcome.error is error  # the cashier's message comes from it
    # What it says of the link: the failed balance read's own error (a refused connection is
    # an outage, not "the server fails"), else the error itself.
    told = error.cause if isinstance(error, BalanceUnread) else error
    assert trouble_in(outcome) is told


def test_a_checking_outcome_names_its_entry() -> None:
    outcome = outcome_of_error(ReconciledUnknown(ApiTimeout("t"), Verdict.CHECKING, 7))
    assert isinstance(outcome, Checking) and outcome.entry_id == 7


def test_the_checkout_shows_the_error_of_the_outcome() -> None:
    checkout, token = sent()
    lost = ReconciledUnknown(ApiTimeout("t"), Verdict.CHECKING, 9)
    assert checkout.sale_ended(token, outcome_of_error(lost))
    assert checkout.phase is Phase.CHECKING and checkout.error is lost
    assert checkout.checking_entry == 9


def test_a_repeat_that_is_then_unknown_no_longer_says_it_may_be_repeated() -> None:
    """After "did not happen: you may repeat", a repeat whose reply was lost too said "did
    not happen" again: the warning outlived the attempt it was about."""
    checkout, token = sent()
    not_happened = ReconciledUnknown(ApiTimeout("t"), Verdict.NOT_HAPPENED, 9)
    checkout.sale_ended(token, outcome_of_error(not_happened))
    assert checkout.repeat_warning and checkout.error is not_happened
    sale = checkout.sale()
    assert sale is not None
    again = checkout.submit(sale)
    unknown = OutcomeUnknown(ApiTimeout("t"))
    assert checkout.sale_ended(again, outcome_of_error(unknown))
    assert checkout.phase is Phase.UNKNOWN
    assert checkout.repeat_warning is False
    assert checkout.error is unknown
