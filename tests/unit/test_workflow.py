"""The cashier's workflow as effects, without widgets, threads or a network: what each key
press and each reply leads to."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from app.api.errors import ApiTimeout, ClientNotFound, OutcomeUnknown, ProtocolError
from app.api.loyalty import Granted
from app.api.models import Client, Held, Level, Recalc, Retail
from app.base.i18n import translate
from app.core.journal.entry import Verdict
from app.core.ledger.outcome import Went
from app.core.ledger.teller_errors import ReconciledUnknown
from app.core.sale.effects import (
    CheckHold,
    CountUnsettled,
    Focus,
    HoldPoints,
    LoadExtras,
    Preview,
    ReadBalance,
    Recheck,
    RecheckAt,
    ReleaseHold,
    Request,
    RetryPreview,
    SearchCustomer,
    SendRetail,
    SweepLater,
    WatchHold,
)
from app.core.sale.state import Ask, HoldStatus, Phase, SpendMode
from app.core.sale.workflow import Workflow
from tests.unit.sale_outcomes import outcome_of_error

CASHBACK = Level(
    id="l", title="Бонусы", percent=Decimal(10), type="cashback", maxSpendPercent=Decimal(100)
)
IVAN = Client(
    id="c1",
    name="ИВАН",
    phone="79200000001",
    level=CASHBACK,
    balance=Decimal(878),
    birthday=date(2021, 3, 29),
)
MARIA = Client(id="c2", name="МАРИЯ", level=CASHBACK, balance=Decimal(10))


def grant(id: str, until: datetime, amount: Decimal, lasts: float = 600.0) -> Granted:
    """A hold reply as the loyalty client hands it over: timed from its arrival (now)."""
    return Granted(Held(id=id, until=until, amount=amount), time.monotonic(), lasts)


def of(kind: type, effects: list) -> list:
    return [effect for effect in effects if isinstance(effect, kind)]


def found(flow: Workflow, client: Client = IVAN, text: str = "79200000001") -> list:
    [search] = of(SearchCustomer, flow.search(text))
    return search.on_reply(client)


def previewed(flow: Workflow, amount: str = "1000", spend: int = 878, earn: int = 100) -> None:
    found(flow)
    [preview] = of(Preview, flow.amount_typed(amount))
    recalc = Recalc(
        amount=Decimal(amount),
        percent=Decimal(10),
        type="cashback",
        spend=Decimal(spend),
        earn=Decimal(earn),
    )
    preview.on_reply(recalc)


def held(flow: Workflow, hold_id: str = "h1") -> list:
    flow.choose_spend(SpendMode.MAX)
    [hold] = of(HoldPoints, flow.hold(10))
    until = datetime.now(tz=UTC) + timedelta(minutes=10)
    reply = Held(id=hold_id, until=until, amount=hold.amount)
    return hold.on_reply(Granted(reply, flow.checkout.clock(), 600.0))


def test_a_found_customer_loads_extras_and_moves_the_keyboard_to_the_amount() -> None:
    flow = Workflow(ready=True)
    effects = found(flow)
    assert of(LoadExtras, effects) == [LoadExtras(flow.checkout.generation, IVAN)]
    assert Focus("amount") in effects
    assert flow.checkout.phase is Phase.CUSTOMER


def test_a_search_typed_while_connecting_goes_out_once_connected_and_nothing_before() -> None:
    flow = Workflow()
    assert flow.search("79200000001") == []  # no connection: nothing can be asked yet
    assert flow.search("79200000002") == []  # the later search replaces the earlier one
    assert flow.hold(10) == [] and not flow.confirm_allowed()
    [search] = of(SearchCustomer, flow.connected())
    assert search.key == "79200000002"
    assert flow.waiting_search is None and of(SearchCustomer, flow.connected()) == []
    flow.disconnected()  # another profile: the searches wait again
    assert flow.search("79200000001") == [] and flow.waiting_search == "79200000001"


def test_a_typed_amount_asks_for_a_preview_with_the_holds() -> None:
    flow = Workflow(ready=True)
    previewed(flow, "500", 500, 50)
    held(flow)
    [preview] = of(Preview, flow.amount_typed("600"))
    assert (preview.client_id, preview.amount, preview.hold_ids) == ("c1", Decimal(600), ("h1",))
    assert flow.amount_typed("12,345") == []  # nothing asked from an amount that is not one


def test_a_hold_that_came_after_the_customer_left_is_released() -> None:
    flow = Workflow(ready=True)
    previewed(flow)
    flow.choose_spend(SpendMode.MAX)
    [hold] = of(HoldPoints, flow.hold(10))
    found(flow, MARIA, "79200000002")  # the next customer before the reply
    late = grant(id="late", until=datetime.now(tz=UTC) + timedelta(minutes=10), amount=hold.amount)
    effects = hold.on_reply(late)
    assert [(r.hold_id, r.generation) for r in of(ReleaseHold, effects)] == [("late", -1)]
    assert flow.checkout.hold is None
    assert flow.message("last") is None  # Maria is not told about Ivan's hold


def test_leaving_a_customer_releases_the_active_hold_and_stops_its_timers() -> None:
    flow = Workflow(ready=True)
    previewed(flow)
    effects = held(flow)
    assert WatchHold(True) in effects
    assert of(Preview, effects)  # the preview is asked again with the hold named
    assert flow.message("last") is not None
    generation = flow.checkout.generation
    effects = flow.cancel()
    assert [(r.hold_id, r.generation) for r in of(ReleaseHold, effects)] == [("h1", generation)]
    assert WatchHold(False) in effects
    assert Focus("search") in effects
    assert flow.messages == {}  # the customer's messages left with them


def test_a_sale_is_followed_by_a_balance_read() -> None:
    flow = Workflow(ready=True)
    previewed(flow)
    flow.choose_spend(SpendMode.MAX)
    [sale] = of(SendRetail, flow.submit(flow.checkout.sale()))
    assert (sale.sale.amount, sale.sale.spend, sale.lookup) == (
        Decimal(1000),
        Decimal(878),
        "79200000001",
    )
    retail = Retail(amount=Decimal(1000), total=Decimal(122), type="cashback", spend=Decimal(878))
    effects = sale.on_reply(Went(retail))
    [balance] = of(ReadBalance, effects)
    assert balance.key == "79200000001"
    assert CountUnsettled() in effects
    assert WatchHold(False) in effects
    balance.on_reply(IVAN.model_copy(update={"balance": Decimal(0)}))
    assert flow.checkout.balance_after == 0


def test_the_hold_is_checked_while_it_is_held_and_its_end_asks_the_preview_again() -> None:
    flow = Workflow(ready=True)
    assert flow.check_hold() == []  # nobody on screen
    previewed(flow)
    held(flow)
    [check] = flow.check_hold()
    assert isinstance(check, CheckHold)
    assert (check.key, check.hold_id, check.amount) == ("79200000001", "h1", Decimal(878))
    assert flow.check_hold() == []  # one check at a time
    effects = check.on_reply(False)
    assert flow.checkout.hold is not None
    assert flow.checkout.hold.status is HoldStatus.ENDED_BY_OPERATION
    assert WatchHold(False) in effects
    assert of(Preview, effects)


def test_an_expired_hold_stops_the_countdown() -> None:
    flow = Workflow(ready=True)
    now = [1000.0]
    flow.checkout.clock = lambda: now[0]
    previewed(flow)
    held(flow)  # 600 s from its reply, by the monotonic clock
    assert flow.tick() == []
    now[0] += 599
    assert flow.tick() == []
    now[0] += 1
    effects = flow.tick()
    assert WatchHold(False) in effects
    assert flow.checkout.hold is not None
    assert flow.checkout.hold.status is HoldStatus.EXPIRED


def test_a_failed_search_replaces_searching_with_its_reason() -> None:
    flow = Workflow(ready=True)
    [search] = of(SearchCustomer, flow.search("79990000000"))
    effects = search.on_failure(ClientNotFound({}))
    assert flow.checkout.phase is Phase.IDLE
    message = flow.message("search")
    assert message is not None
    assert message.text
    assert Focus("search") in effects
    assert of(SearchCustomer, flow.search("  ")) == []  # refused before anything is sent


def test_only_a_lost_connection_retries_the_preview() -> None:
    flow = Workflow(ready=True)
    found(flow)
    [preview] = of(Preview, flow.amount_typed("100"))
    assert preview.on_failure(ApiTimeout("slow")) == [RetryPreview(True)]
    [again] = flow.retry_preview()
    assert isinstance(again, Preview)
    flow.amount_typed("100")
    [preview] = of(Preview, flow.amount_typed("200"))
    assert preview.on_failure(ProtocolError("an HTML page")) == []
    assert flow.retry_preview() == []
    assert not flow.checkout.busy("recalc")  # no phantom request blocks F9


def test_f9_during_a_sale_says_it_is_being_sent() -> None:
    flow = Workflow(ready=True)
    previewed(flow)
    flow.submit(flow.checkout.sale())
    assert not flow.confirm_allowed()
    message = flow.message("action")
    assert message is not None
    assert message.text == translate("Checkout", "The operation is being sent: wait.")


def test_a_lost_sale_is_checked_at_the_end_of_its_window_and_only_for_its_customer() -> None:
    flow = Workflow(ready=True)
    previewed(flow)
    [sale] = of(SendRetail, flow.submit(flow.checkout.sale()))
    lost = ReconciledUnknown(ApiTimeout("t"), Verdict.CHECKING, 7)
    effects = sale.on_reply(outcome_of_error(lost))
    assert RecheckAt(7, flow.checkout.generation) in effects
    assert flow.checkout.phase is Phase.CHECKING
    [recheck] = flow.recheck(flow.checkout.generation, 7)
    assert isinstance(recheck, Recheck) and recheck.entry_id == 7
    assert flow.recheck(flow.checkout.generation - 1, 7) == [SweepLater()]


def test_an_unknown_sale_moves_the_keyboard_to_the_next_customer() -> None:
    flow = Workflow(ready=True)
    previewed(flow)
    [sale] = of(SendRetail, flow.submit(flow.checkout.sale()))
    effects = sale.on_reply(outcome_of_error(OutcomeUnknown(ApiTimeout("t"))))
    assert flow.checkout.phase is Phase.UNKNOWN
    assert Focus("search-if-empty") in effects
    assert flow.message("last") is not None


def test_a_release_is_told_only_to_the_customer_it_was_for() -> None:
    flow = Workflow(ready=True)
    previewed(flow)
    held(flow)
    [release, *_] = flow.release()
    assert isinstance(release, ReleaseHold)
    release.on_reply(None)
    assert flow.message("last") is not None
    found(flow, MARIA, "79200000002")
    release.on_failure(ApiTimeout("t"))
    assert flow.message("last") is None


def test_every_request_kind_is_one_class_that_names_its_call() -> None:
    """The kinds of request, each one class: its call, its kind (the checkout's word, #36:
    one vocabulary), whether closing waits for it. Staleness is the tokens' alone: no kind
    replaces another on its way. A new kind fails here until it is listed."""
    kinds = {c.__name__: (c.kind, c.writes) for c in Request.__subclasses__()}
    assert [c.__name__ for c in Request.__subclasses__() if not c.asks_server] == ["QueueEarn"]
    assert all(isinstance(c.kind, Ask) for c in Request.__subclasses__())
    assert kinds == {  # name: (kind, writes the journal)
        "SearchCustomer": ("search", True),  # its balance is evidence for a lost sale
        "Preview": ("recalc", False),
        "HoldPoints": ("hold", True),
        "ReleaseHold": ("release", True),
        "SendRetail": ("retail", True),
        "QueueEarn": ("retail", True),  # the offline earn: journal only, one sale at a time
        "Recheck": ("recheck", True),
        "ReadBalance": ("balance", False),
        "CheckHold": ("hold-check", True),  # a hold found ended early is journaled
    }
    assert all(cls.call is not Request.call for cls in Request.__subclasses__())


def test_enter_on_a_sales_result_only_says_how_to_move_on() -> None:
    """#36, finding 5: the rule lived in the window and was reachable only by a window test."""
    flow = Workflow(ready=True)
    previewed(flow)
    flow.choose_spend(SpendMode.MAX)
    [sale] = of(SendRetail, flow.submit(flow.checkout.sale()))
    retail = Retail(amount=Decimal(1000), total=Decimal(122), type="cashback", spend=Decimal(878))
    sale.on_reply(Went(retail))
    assert flow.checkout.phase is Phase.DONE
    assert flow.on_enter("79200000001") is None  # a bouncing Enter
    note = flow.message("search")
    assert note is not None and "Esc" in note.text
    assert flow.checkout.phase is Phase.DONE  # the result stays
    flow.typed_in_search()
    assert flow.on_enter("79200000002") == "79200000002"  # a new customer typed


def test_a_second_enter_takes_the_latin_reading_offered() -> None:
    flow = Workflow(ready=True)
    [search] = of(SearchCustomer, flow.search("ШТМ001"))
    search.on_failure(ClientNotFound({"client": "Client not found."}))
    assert flow.latin_offer == "INV001"
    assert flow.on_enter("ШТМ001") == "INV001"
    flow.typed_in_search()
    assert flow.on_enter("ШТМ0012") == "ШТМ0012"


def test_points_held_leaves_with_the_hold_however_it_is_worded() -> None:
    """#36, finding 4: the end of a hold was told by comparing translated text."""
    flow = Workflow(ready=True)
    now = [1000.0]
    flow.checkout.clock = lambda: now[0]
    previewed(flow)
    held(flow)
    last = flow.message("last")
    assert last is not None and last.while_held
    now[0] += 600
    flow.tick()
    assert flow.message("last") is None


def test_a_scan_during_the_confirmation_waits_and_the_next_enter_finds_it() -> None:
    flow = Workflow(ready=True)
    previewed(flow)
    flow.choose_spend(SpendMode.MAX)
    [sale] = of(SendRetail, flow.submit(flow.checkout.sale()))
    flow.scanned_during_confirmation()
    note = flow.message("search")
    assert note is not None and "Enter" in note.text
    retail = Retail(amount=Decimal(1000), total=Decimal(122), type="cashback", spend=Decimal(878))
    sale.on_reply(Went(retail))
    assert flow.on_enter("100002") == "100002"  # not held back by the result on screen
    assert of(SearchCustomer, flow.search("100002"))
    assert flow.message("search") is None
