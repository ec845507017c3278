"""Every refusal the checkout can give the cashier, reached the way a cashier reaches it: its
exact words, and a Russian translation under the context the window translates it with (a
refusal in a wrong context would reach the screen in English)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from app.api.errors import ApiTimeout, OutcomeUnknown
from app.base.i18n import translate
from app.core.journal.entry import Verdict
from app.core.ledger.teller_errors import ReconciledUnknown
from app.core.sale.checkout import Checkout
from app.core.sale.state import InputProblem, SpendMode
from tests.unit.sale_outcomes import outcome_of_error
from tests.unit.test_checkout import grant, previewed, recalc, with_customer


def _sent() -> Checkout:
    checkout = previewed("100", 0, 10)
    checkout.submit(checkout.sale())  # type: ignore[arg-type]
    return checkout


def _ended(verdict: Verdict | None) -> Checkout:
    checkout = previewed("100", 0, 10)
    token = checkout.submit(checkout.sale())  # type: ignore[arg-type]
    error = (
        OutcomeUnknown(ApiTimeout("t"))
        if verdict is None
        else ReconciledUnknown(ApiTimeout("t"), verdict, 1)
    )
    checkout.sale_ended(token, outcome_of_error(error))
    return checkout


def _amount_asked() -> Checkout:
    checkout = with_customer()
    checkout.enter_amount("100")
    return checkout


def _field_marked() -> Checkout:
    checkout = previewed("100", 50, 0)
    with pytest.raises(InputProblem):
        checkout.choose_spend(SpendMode.CUSTOM, "500")  # above the limit: marked
    return checkout


def _choice_lost() -> Checkout:
    checkout = previewed("100", 50, 0)
    checkout.choose_spend(SpendMode.MAX)
    token = checkout.refresh_recalc()
    assert token is not None
    checkout.recalculated(token, recalc("100", 20, 0))  # the same amount, another limit
    return checkout


def _hold_on_its_way() -> Checkout:
    checkout = previewed("100", 50, 0)
    checkout.choose_spend(SpendMode.MAX)
    checkout.hold_request(10)
    return checkout


def _held() -> Checkout:
    checkout = previewed("100", 50, 0)
    checkout.choose_spend(SpendMode.MAX)
    token, amount = checkout.hold_request(10)
    until = datetime.now(UTC) + timedelta(minutes=10)
    assert checkout.held(token, grant("h1", until, amount))
    return checkout


CONFIRM: list[tuple[Callable[[], Checkout], str]] = [
    (Checkout, "Find the customer first."),
    (with_customer, "Enter the purchase amount."),
    (_amount_asked, "Wait for the preview."),
    (_field_marked, "Correct the marked field first."),
    (_choice_lost, "The points to spend changed: choose again (F4, F6 or F7)."),
    (_hold_on_its_way, "Wait for the hold to finish."),
    (_sent, "The operation is being sent: wait."),
    (
        lambda: _ended(Verdict.CHECKING),
        "Still checking whether the last operation went through: wait.",
    ),
    (lambda: _ended(None), "The last operation's outcome is unknown: do not repeat it."),
]


@pytest.mark.parametrize(("state", "words"), CONFIRM)
def test_why_f9_cannot_confirm(qapp, state: Callable[[], Checkout], words: str) -> None:
    from app.base import i18n

    i18n.install(qapp, "ru")
    problem = state().confirm_problem()
    assert problem == words
    assert translate("Checkout", problem) != problem  # the window translates it so


HOLD: list[tuple[Callable[[], Checkout], int, str]] = [
    (lambda: previewed("100", 50, 0), 0, "Hold for 1 to 30 minutes."),
    (lambda: previewed("100", 50, 0), 31, "Hold for 1 to 30 minutes."),
    (with_customer, 10, "Enter the amount before holding points."),
    (_held, 10, "Points are already held (F8 releases)."),
    (_field_marked, 10, "Correct the marked field first."),
    (lambda: previewed("100", 50, 0), 10, "Choose points to spend before holding."),
]


@pytest.mark.parametrize(("state", "minutes", "words"), HOLD)
def test_why_f5_cannot_hold(qapp, state: Callable[[], Checkout], minutes: int, words: str) -> None:
    from app.base import i18n

    i18n.install(qapp, "ru")
    with pytest.raises(InputProblem) as refused:
        state().hold_request(minutes)
    assert refused.value.source == words
    assert translate(refused.value.context, words) != words


@pytest.mark.parametrize("action", ["cancel", "search"])
def test_nothing_leaves_the_screen_while_the_sale_is_sent(qapp, action: str) -> None:
    from app.base import i18n

    i18n.install(qapp, "ru")
    checkout = _sent()
    with pytest.raises(InputProblem) as refused:
        checkout.cancel() if action == "cancel" else checkout.search("79200000002")
    assert refused.value.source == "Wait for the operation to finish."
    assert translate(refused.value.context, refused.value.source) != refused.value.source
