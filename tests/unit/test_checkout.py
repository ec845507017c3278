"""The checkout state machine without a window or a network."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from app.api.errors import ApiTimeout, FieldRejected, FiguresRejected, OutcomeUnknown
from app.api.loyalty import Granted
from app.api.models import Client, Held, Level, Recalc, Retail
from app.core.journal.entry import Kind, State, Verdict
from app.core.ledger.outcome import Went
from app.core.ledger.teller_errors import BalanceUnread, ReconciledUnknown
from app.core.sale.checkout import Checkout
from app.core.sale.money import AmountProblem, parse_amount, parse_points
from app.core.sale.state import HoldStatus, InputProblem, Phase, SpendMode
from tests.unit.sale_outcomes import outcome_of_error

CASHBACK = Level(
    id="l", title="Бонусы", percent=Decimal(10), type="cashback", maxSpendPercent=Decimal(100)
)
CLIENT = Client(
    id="c1", name="ИВАН", level=CASHBACK, balance=Decimal(878), birthday=date(2021, 3, 29)
)


def grant(id: str, until: datetime, amount: Decimal, lasts: float = 600.0) -> Granted:
    """A hold reply as the loyalty client hands it over: timed from its arrival (now)."""
    return Granted(Held(id=id, until=until, amount=amount), time.monotonic(), lasts)


def recalc(amount: str, spend: int, earn: int = 0) -> Recalc:
    return Recalc(
        amount=Decimal(amount),
        percent=Decimal(10),
        type="cashback",
        spend=Decimal(spend),
        earn=Decimal(earn),
    )


def with_customer() -> Checkout:
    checkout = Checkout()
    token, key, to_release = checkout.search("+7 (920) 000-00-01")
    assert to_release == []
    assert key == "79200000001"
    assert checkout.searched(token, CLIENT)
    return checkout


def previewed(amount: str, spend: int, earn: int) -> Checkout:
    """A customer on screen with the preview for ``amount`` received."""
    checkout = with_customer()
    token = checkout.enter_amount(amount)
    assert token is not None
    assert checkout.recalculated(token, recalc(amount, spend, earn))
    return checkout


@pytest.mark.parametrize(
    ("typed", "value"),
    [("1 234,50", "1234.50"), ("1234.50", "1234.50"), ("1234", "1234"), ("1\u00a0000", "1000")],
)
def test_amounts_a_cashier_types(typed: str, value: str) -> None:
    assert parse_amount(typed) == Decimal(value)


@pytest.mark.parametrize("typed", ["", "abc", "12,345", "-5", "0", "1e3", "1.2.3", "99999999999"])
def test_nonsense_amounts(typed: str) -> None:
    with pytest.raises(AmountProblem):
        parse_amount(typed)


def test_a_negative_amount_is_called_what_it_is() -> None:
    with pytest.raises(AmountProblem) as caught:
        parse_amount("-5")
    assert caught.value.source == "The amount must be more than zero."


def test_points_are_whole() -> None:
    assert parse_points("1 000") == 1000
    with pytest.raises(AmountProblem):
        parse_points("10.5")


def test_a_preview_for_an_older_amount_is_dropped() -> None:
    checkout = with_customer()
    old = checkout.enter_amount("100")
    new = checkout.enter_amount("1000")
    assert old is not None
    assert new is not None
    assert not checkout.recalculated(old, recalc("100", 100, 10))
    assert checkout.recalc is None
    assert checkout.recalculated(new, recalc("1000", 878, 100))
    assert checkout.recalc is not None
    assert checkout.recalc.amount == 1000


def test_a_reply_for_an_older_customer_is_dropped() -> None:
    checkout = with_customer()
    token = checkout.enter_amount("100")
    checkout.search("79200000002")
    assert token is not None
    assert not checkout.recalculated(token, recalc("100", 100, 10))


def test_spend_never_exceeds_the_preview_limit() -> None:
    checkout = previewed("500", 500, 50)
    checkout.choose_spend(SpendMode.MAX)
    assert checkout.spend == 500
    assert checkout.to_pay == 0
    with pytest.raises(InputProblem):
        checkout.choose_spend(SpendMode.CUSTOM, "501")
    checkout.choose_spend(SpendMode.CUSTOM, "120")
    assert checkout.to_pay == 380
    assert checkout.earn == 0
    checkout.choose_spend(SpendMode.NONE)
    assert (checkout.spend, checkout.earn) == (0, 50)


def test_a_hold_that_arrives_after_the_customer_changed_must_be_released() -> None:
    checkout = previewed("500", 500, 50)
    checkout.choose_spend(SpendMode.MAX)
    hold_token, amount = checkout.hold_request(10)
    assert amount == 500
    assert checkout.cancel() == []  # not yet made: nothing to release now
    held = grant(id="h1", until=datetime.now(tz=UTC) + timedelta(minutes=10), amount=Decimal(500))
    assert not checkout.held(hold_token, held)  # the caller releases it


class FakeClock:
    """A monotonic clock the test moves."""

    def __init__(self, now: float = 5000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def timed(checkout: Checkout) -> FakeClock:
    clock = FakeClock()
    checkout.clock = clock
    return clock


def test_hold_lifecycle_and_cancel() -> None:
    checkout = previewed("500", 500, 50)
    clock = timed(checkout)
    checkout.choose_spend(SpendMode.MAX)
    hold_token, _ = checkout.hold_request(10)
    until = datetime.now(tz=UTC) + timedelta(minutes=10)
    reply = Granted(Held(id="h1", until=until, amount=Decimal(500)), clock.now, 600.0)
    assert checkout.held(hold_token, reply)
    assert checkout.active_hold_ids == ["h1"]
    with pytest.raises(InputProblem):
        checkout.hold_request(10)
    clock.now += 599.5
    assert checkout.hold_left() == pytest.approx(0.5)
    assert not checkout.expire_holds()
    clock.now += 0.5
    assert checkout.expire_holds()
    assert not checkout.expire_holds()  # once
    assert checkout.hold is not None
    assert checkout.hold.status is HoldStatus.EXPIRED
    assert checkout.cancel() == []


def test_cancel_returns_the_active_hold() -> None:
    checkout = previewed("500", 500, 50)
    checkout.choose_spend(SpendMode.MAX)
    hold_token, _ = checkout.hold_request(10)
    checkout.held(
        hold_token,
        grant(id="h1", until=datetime.now(tz=UTC) + timedelta(minutes=5), amount=Decimal(500)),
    )
    assert checkout.cancel() == ["h1"]
    assert checkout.phase is Phase.IDLE
    assert checkout.client is None


def test_outcome_unknown_blocks_repeating() -> None:
    checkout = previewed("100", 100, 10)
    retail_token = checkout.submit(checkout.sale())
    with pytest.raises(InputProblem):
        checkout.cancel()  # the outcome must be seen first
    assert checkout.sale_ended(
        retail_token, outcome_of_error(OutcomeUnknown(ApiTimeout("read timeout")))
    )
    assert checkout.phase is Phase.UNKNOWN
    assert checkout.confirm_problem() is not None
    with pytest.raises(InputProblem):
        checkout.submit(checkout.sale())


def test_a_field_rejection_returns_to_editing_with_the_field_marked() -> None:
    checkout = previewed("100", 100, 10)
    checkout.choose_spend(SpendMode.MAX)
    retail_token = checkout.submit(checkout.sale())
    rejected = FieldRejected({"spend": "Spend can't be more 78"})
    assert checkout.sale_ended(retail_token, outcome_of_error(rejected))
    assert checkout.phase is Phase.CUSTOMER
    assert checkout.field_errors == {"spend": "Spend can't be more 78"}
    assert checkout.confirm_problem() is not None


def test_completed_operation_ends_our_hold_and_stays_until_next_customer() -> None:
    checkout = previewed("100", 100, 10)
    retail_token = checkout.submit(checkout.sale())
    retail = Retail(amount=Decimal(100), total=Decimal(100), type="cashback", earn=Decimal(10))
    assert checkout.sale_ended(retail_token, Went(retail))
    assert checkout.phase is Phase.DONE
    assert checkout.result == retail
    assert checkout.enter_amount("5") is None  # nothing to edit on a finished operation


def test_an_unknown_retail_that_did_not_happen_may_be_repeated_with_a_warning() -> None:
    from app.core.journal.entry import Verdict
    from app.core.ledger.teller_errors import ReconciledUnknown

    checkout = previewed("100", 100, 10)
    token = checkout.submit(checkout.sale())
    lost = ReconciledUnknown(ApiTimeout("read timeout"), Verdict.NOT_HAPPENED, 7)
    assert checkout.sale_ended(token, outcome_of_error(lost))
    assert checkout.phase is Phase.CUSTOMER
    assert checkout.repeat_warning
    assert checkout.confirm_problem() is None
    checkout.cancel()
    assert not checkout.repeat_warning


def test_an_undecided_retail_blocks_repeating() -> None:
    from app.core.journal.entry import Verdict
    from app.core.ledger.teller_errors import ReconciledUnknown

    checkout = previewed("100", 100, 10)
    token = checkout.submit(checkout.sale())
    assert checkout.sale_ended(
        token, outcome_of_error(ReconciledUnknown(ApiTimeout("t"), Verdict.UNDECIDED, 8))
    )
    assert checkout.phase is Phase.UNKNOWN
    assert checkout.confirm_problem() is not None


# ---- unknown outcomes and checked figures (issue: money safety, round two) ----------------


def submitted(amount: str = "300", spend: int = 100) -> tuple[Checkout, object]:
    checkout = previewed(amount, spend, 0)
    checkout.choose_spend(SpendMode.MAX)
    return checkout, checkout.submit(checkout.sale())


def lost(verdict: Verdict, entry_id: int = 7) -> ReconciledUnknown:
    return ReconciledUnknown(ApiTimeout("no reply"), verdict, entry_id)


def test_checking_blocks_a_repeat_until_the_recheck_decides() -> None:
    checkout, token = submitted()
    assert checkout.sale_ended(token, outcome_of_error(lost(Verdict.CHECKING)))
    assert checkout.phase is Phase.CHECKING
    assert checkout.checking_entry == 7
    assert checkout.confirm_problem() is not None
    with pytest.raises(InputProblem):
        checkout.submit(checkout.sale())
    request = checkout.recheck_request()
    assert request is not None
    recheck, entry = request
    assert entry == 7
    assert checkout.sale_ended(recheck, outcome_of_error(lost(Verdict.NOT_HAPPENED)))
    assert (checkout.phase, checkout.repeat_warning) == (Phase.CUSTOMER, True)
    assert checkout.recheck_request() is None
    assert checkout.confirm_problem() is None


def test_a_recheck_that_proves_the_spend_shows_the_result() -> None:
    checkout, token = submitted()
    checkout.sale_ended(token, outcome_of_error(lost(Verdict.CHECKING)))
    recheck, _entry = checkout.recheck_request() or (None, None)
    assert recheck is not None
    spent = Retail(amount=Decimal(300), total=Decimal(200), type="cashback", spend=Decimal(100))
    assert checkout.sale_ended(recheck, Went(spent))
    assert (checkout.phase, checkout.checking_entry) == (Phase.DONE, None)


def test_a_recheck_for_a_customer_who_left_is_dropped() -> None:
    checkout, token = submitted()
    checkout.sale_ended(token, outcome_of_error(lost(Verdict.CHECKING)))
    request = checkout.recheck_request()
    assert request is not None
    checkout.cancel()  # allowed: the entry stays open in the journal, the sweep settles it
    assert checkout.phase is Phase.IDLE
    assert not checkout.sale_ended(request[0], outcome_of_error(lost(Verdict.NOT_HAPPENED)))
    assert checkout.recheck_request() is None


def test_an_undecided_outcome_is_final_for_the_screen() -> None:
    checkout, token = submitted()
    checkout.sale_ended(token, outcome_of_error(lost(Verdict.UNDECIDED)))
    assert checkout.phase is Phase.UNKNOWN
    assert checkout.recheck_request() is None
    assert checkout.confirm_problem() is not None


def test_balance_unread_returns_to_the_customer_with_a_choice() -> None:
    checkout, token = submitted()
    assert checkout.sale_ended(token, outcome_of_error(BalanceUnread(ApiTimeout("slow"))))
    assert (checkout.phase, checkout.without_balance) == (Phase.CUSTOMER, True)
    assert checkout.confirm_problem() is None
    checkout.cancel()
    assert not checkout.without_balance


def test_f9_during_a_sale_in_flight_says_so() -> None:
    checkout, _token = submitted()
    assert checkout.confirm_problem() == "The operation is being sent: wait."


@pytest.mark.parametrize(
    ("spend", "earn", "amount", "balance_ok"),
    [
        (-100, 0, "100", False),  # negative points
        (400, 0, "300", False),  # more than the purchase
        (0, -5, "300", False),
        (900, 0, "1000", False),  # more than the balance of 878
        (878, 0, "1000", True),
    ],
)
def test_preview_figures_are_checked(spend: int, earn: int, amount: str, balance_ok: bool) -> None:
    checkout = with_customer()
    token = checkout.enter_amount(amount)
    assert token is not None
    assert checkout.recalculated(token, recalc(amount, spend, earn))
    if balance_ok:
        assert checkout.recalc is not None
        assert checkout.to_pay is not None
    else:
        assert checkout.recalc is None
        assert isinstance(checkout.error, FiguresRejected)
        assert checkout.to_pay is None
        assert checkout.confirm_problem() is not None


def test_a_preview_for_another_amount_is_refused() -> None:
    checkout = with_customer()
    token = checkout.enter_amount("300")
    assert token is not None
    checkout.recalculated(token, recalc("30", 10, 0))
    assert checkout.recalc is None


def test_a_stopped_repeat_shows_the_earlier_operation_as_the_result() -> None:
    from app.core.journal.entry import Entry
    from app.core.ledger.teller_errors import EarlierOperationHappened

    checkout, token = submitted()
    entry = Entry(
        id=3,
        created=datetime.now(tz=UTC),
        kind=Kind.RETAIL,
        state=State.DONE,
        training=True,
        server="s",
        point="p",
        client_id="c1",
        customer="",
        lookup=None,
        amount=Decimal(300),
        spend=Decimal(100),
        earn=None,
        total=None,
        points=Decimal(0),
        hold_id=None,
        hold_until=None,
        hold_ids=(),
        balance_before=Decimal(878),
        balance_after=None,
        verdict=Verdict.SPENT,
        reason="",
    )
    stopped = EarlierOperationHappened(entry, Verdict.SPENT)
    assert checkout.sale_ended(token, outcome_of_error(stopped)) is True
    assert checkout.phase is Phase.DONE
    assert checkout.error is stopped
    assert checkout.result is not None
    assert (checkout.result.spend, checkout.result.total) == (Decimal(100), Decimal(200))


def test_submit_and_recheck_use_the_retail_token() -> None:
    checkout, token = submitted()
    assert token.kind == "retail"
    assert checkout.busy("retail")
    checkout.sale_ended(token, outcome_of_error(lost(Verdict.CHECKING)))
    request = checkout.recheck_request()
    assert request is not None
    assert request[0].kind == "retail"
    checkout.checking_entry = None
    assert checkout.recheck_request() is None  # checking, but nothing to check


def test_a_blocked_submit_names_its_context() -> None:
    checkout = with_customer()
    with pytest.raises(InputProblem) as caught:
        checkout.submit(checkout.sale())
    assert (caught.value.context, caught.value.source) == ("Checkout", "Enter the purchase amount.")


def test_completion_ends_the_active_hold_and_the_choice_to_send_without_balance() -> None:
    checkout = previewed("300", 100, 0)
    checkout.choose_spend(SpendMode.MAX)
    hold_token, _amount = checkout.hold_request()
    until = datetime.now(tz=UTC) + timedelta(minutes=10)
    assert checkout.held(hold_token, grant(id="h1", until=until, amount=Decimal(100)))
    checkout.without_balance = True
    token = checkout.submit(checkout.sale())
    stale = checkout.issue("retail")  # a newer request of the kind replaced it
    done = Retail(amount=Decimal(300), total=Decimal(200), type="cashback", spend=Decimal(100))
    assert checkout.sale_ended(token, Went(done)) is False
    assert checkout.sale_ended(stale, Went(done)) is True
    assert checkout.hold is not None
    assert checkout.hold.status is HoldStatus.ENDED_BY_OPERATION
    assert checkout.without_balance is False


def test_a_failure_after_checking_forgets_the_entry() -> None:
    checkout, token = submitted()
    checkout.sale_ended(token, outcome_of_error(lost(Verdict.CHECKING)))
    recheck, _entry = checkout.recheck_request() or (None, None)
    assert recheck is not None
    error = ApiTimeout("x")
    assert checkout.sale_ended(recheck, outcome_of_error(error))
    assert checkout.checking_entry is None
    assert checkout.error is error


def test_a_hold_reply_with_no_hold_requested_is_refused() -> None:
    checkout = previewed("300", 100, 0)
    token = checkout.issue("hold")
    until = datetime.now(tz=UTC) + timedelta(minutes=10)
    assert checkout.held(token, grant(id="h1", until=until, amount=Decimal(100))) is False


def test_a_server_out_of_reach_before_the_sale_is_asked_again_not_sent_to_blindly() -> None:
    """The balance read found no server at all: F9 reads it again; sending without the
    balance is offered only when the server answered (slowly or wrongly)."""
    from app.api.errors import Unreachable
    from app.core.ledger.teller_errors import ServerAway

    checkout, token = submitted()
    assert checkout.sale_ended(token, outcome_of_error(ServerAway(Unreachable("refused"))))
    assert (checkout.phase, checkout.without_balance) == (Phase.CUSTOMER, False)
    assert checkout.confirm_problem() is None


def test_a_discount_customer_pays_the_amount_less_the_discount_and_spends_nothing() -> None:
    """The discount level's «to pay» rule, without a window: 5 % of 1 500,00 is 75,00; the
    customer pays 1 425,00, never spends, and F9 sends exactly that."""
    checkout = Checkout()
    token, _key, _release = checkout.search("79200000004")
    discount_client = CLIENT.model_copy(
        update={"level": CLIENT.level.model_copy(update={"type": "discount", "percent": 5})}
    )
    assert checkout.searched(token, discount_client)
    asked = checkout.enter_amount("1500")
    assert asked is not None
    recalc = Recalc(
        amount=Decimal(1500), percent=Decimal(5), type="discount", spend=Decimal(0), earn=0
    )
    assert checkout.recalculated(asked, recalc)
    assert (checkout.discount, checkout.to_pay, checkout.spend) == (
        Decimal("75.00"),
        Decimal("1425.00"),
        Decimal(0),
    )
    with pytest.raises(InputProblem):
        checkout.choose_spend(SpendMode.MAX)
    sale = checkout.sale()
    assert sale is not None
    assert (sale.discount, sale.to_pay, sale.spend, sale.earn) == (
        Decimal("75.00"),
        Decimal("1425.00"),
        Decimal(0),
        Decimal(0),
    )
    odd = checkout.enter_amount("99,99")  # rounding to the kopeck: 5 % of 99,99 is 5,00
    assert odd is not None
    checkout.recalculated(
        odd,
        Recalc(amount=Decimal("99.99"), percent=Decimal(5), type="discount", spend=0, earn=0),
    )
    assert (checkout.discount, checkout.to_pay) == (Decimal("5.00"), Decimal("94.99"))


def test_leaving_a_customer_starts_every_field_of_theirs_over_and_keeps_the_rest() -> None:
    """Nothing of one customer reaches the next: every field not named as outliving the
    customer is as a fresh checkout has it, whatever it held; the clocks, the recent sales and
    the token counters stay."""
    from dataclasses import fields

    from app.core.sale.checkout import OUTLIVES_THE_CUSTOMER

    checkout = previewed("1000", 878, 100)
    checkout.choose_spend(SpendMode.MAX)
    token, amount = checkout.hold_request(10)
    until = datetime.now(tz=UTC) + timedelta(minutes=10)
    assert checkout.held(token, grant("h1", until, amount))
    checkout.receipt, checkout.handed = "R-1", Decimal(1000)
    clock = checkout.clock = lambda: 5.0
    generation = checkout.generation
    assert checkout.cancel() == ["h1"]  # the hold to release
    fresh = Checkout()
    left_over = [
        each.name
        for each in fields(Checkout)
        if each.name not in OUTLIVES_THE_CUSTOMER
        and getattr(checkout, each.name) != getattr(fresh, each.name)
    ]
    assert left_over == []
    assert checkout.clock is clock and checkout.generation == generation + 1
    assert checkout.phase is Phase.IDLE
