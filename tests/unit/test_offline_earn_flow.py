"""The offline earn in the workflow: which failures offer it, the keys that record it, and
everything else that stays refused while the server is out of reach."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.api.errors import (
    ApiError,
    ApiTimeout,
    CertificateProblem,
    ConnectionFailed,
    ConnectTimeout,
    ServerError,
    Unreachable,
)
from app.base.i18n import translate
from app.core.journal.store import JournalUnwritable
from app.core.ledger.outcome import NotSent, Queued
from app.core.ledger.teller_errors import JournalRefused
from app.core.sale.effects import (
    CountQueued,
    CustomerShown,
    Focus,
    Preview,
    QueueEarn,
    SaleNotSent,
    SaleQueued,
    SearchCustomer,
)
from app.core.sale.state import Phase, SpendMode
from app.core.sale.workflow import Workflow


def of(kind: type, effects: list) -> list:
    return [effect for effect in effects if isinstance(effect, kind)]


def search_fails(flow: Workflow, text: str, error: ApiError) -> list:
    [search] = of(SearchCustomer, flow.search(text))
    return search.on_failure(error)


@pytest.mark.parametrize(
    ("error", "offered"),
    [
        (Unreachable("connection refused"), True),
        (Unreachable("no such host"), True),
        (ConnectTimeout("connect timed out"), True),
        # The request may have reached a server that is slow or failing: not proved away.
        (ApiTimeout("read timed out"), False),
        (ConnectionFailed("connection reset by peer"), False),
        (ServerError(500, "Internal Server Error"), False),
        (CertificateProblem("expired", "certificate expired"), False),  # IT's, not an outage
    ],
)
def test_only_a_server_proved_out_of_reach_offers_the_offline_earn(
    error: ApiError, offered: bool
) -> None:
    flow = Workflow(ready=True)
    effects = search_fails(flow, "8 (920) 000-00-01", error)
    assert (flow.checkout.phase is Phase.OFFLINE) is offered
    assert bool(of(CustomerShown, effects)) is offered  # the POS's amount goes in, as for a card
    message = flow.message("search")
    assert message is not None
    offer = translate(
        "Workflow",
        "No connection to the server: the customer cannot be looked up now, but an earn can be "
        "recorded.",
    )
    assert (message.text == offer) is offered


def test_an_offline_earn_is_the_amount_f4_f9_and_enter() -> None:
    flow = Workflow(ready=True)
    effects = search_fails(flow, "8 (920) 000-00-01", Unreachable("refused"))
    assert Focus("amount") in effects
    assert of(Preview, flow.amount_typed("1 500,50")) == []  # nobody to preview
    c = flow.checkout
    assert c.amount == Decimal("1500.50")
    flow.choose_spend(SpendMode.NONE)  # F4
    assert flow.confirm_allowed()
    sale = c.sale()
    assert sale is not None and sale.offline
    assert (sale.amount, sale.spend, sale.to_pay, sale.hold_ids) == (
        Decimal("1500.50"),
        Decimal(0),
        Decimal("1500.50"),
        (),
    )
    c.receipt = "R-77"
    [queue] = of(QueueEarn, flow.submit(sale))
    assert (queue.lookup, queue.amount, queue.receipt) == (
        "79200000001",
        Decimal("1500.50"),
        "R-77",
    )
    assert c.sale_in_flight
    effects = queue.on_reply(Queued(41))
    assert c.phase is Phase.QUEUED and c.queued_entry == 41
    assert of(SaleQueued, effects) == [
        SaleQueued(c.generation, 41, Decimal("1500.50"), "+7 920 ***-**-01")
    ]
    assert of(CountQueued, effects) and Focus("search") in effects
    assert c.for_pos() == (Decimal("1500.50"), Decimal(0))
    assert not flow.confirm_allowed()  # recorded once: F9 again sends nothing


@pytest.mark.parametrize("mode", [SpendMode.MAX, SpendMode.CUSTOM])
def test_nothing_is_spent_or_held_offline(mode: SpendMode) -> None:
    flow = Workflow(ready=True)
    search_fails(flow, "79200000001", Unreachable("refused"))
    flow.amount_typed("300")
    flow.choose_spend(mode, "100")
    spend = flow.message("spend")
    assert spend is not None or mode is SpendMode.CUSTOM
    assert flow.checkout.spend_mode is SpendMode.NONE
    assert flow.checkout.spend == 0
    flow.hold(10)
    hold = flow.message("hold")
    assert hold is not None
    assert hold.text == translate("Checkout", "Points cannot be held without the server.")
    sale = flow.checkout.sale()
    assert sale is not None and sale.spend == 0


def test_an_offline_earn_the_journal_refuses_is_not_recorded_and_may_be_tried_again() -> None:
    flow = Workflow(ready=True)
    search_fails(flow, "79200000001", Unreachable("refused"))
    flow.amount_typed("300")
    sale = flow.checkout.sale()
    assert sale is not None
    [queue] = of(QueueEarn, flow.submit(sale))
    effects = queue.on_reply(NotSent(JournalRefused(JournalUnwritable("disk full"))))
    assert flow.checkout.phase is Phase.OFFLINE
    assert of(SaleNotSent, effects)
    assert flow.confirm_allowed()


def test_a_code_typed_through_the_russian_layout_is_recorded_as_its_latin_reading() -> None:
    """Nobody can answer "perhaps the Russian layout is on" offline: the earn is recorded for
    the code the keys meant (no phone, card or app code has Russian letters)."""
    flow = Workflow(ready=True)
    search_fails(flow, "ФИ12СВ34", Unreachable("refused"))  # AB12CD34 through ЙЦУКЕН
    flow.amount_typed("300")
    sale = flow.checkout.sale()
    assert sale is not None
    [queue] = of(QueueEarn, flow.submit(sale))
    assert queue.lookup == "AB12CD34"
