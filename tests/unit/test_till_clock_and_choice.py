"""Money at a real till, without a window: a till clock that is off, a figure that must not
change under the cashier, the confirmed sale sent exactly, the same sale made twice, and the
events the POS hand-off listens to."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from email.utils import formatdate

import pytest

from app.api.errors import ApiTimeout, OutcomeUnknown
from app.api.loyalty import Granted, granted
from app.api.models import Held, Retail
from app.api.server_clock import ServerClock, Stamp, server_date, skew_minutes, stamp_now
from app.base.i18n import translate
from app.core.journal.entry import Verdict
from app.core.ledger.outcome import Went
from app.core.ledger.teller_errors import ReconciledUnknown
from app.core.sale.checkout import EXPIRY_MARGIN_SECONDS, REPEAT_WARNING_SECONDS, Checkout
from app.core.sale.effects import (
    CustomerLeft,
    CustomerShown,
    HoldPoints,
    Preview,
    Recheck,
    SaleEnded,
    SaleNotSent,
    SaleSent,
    SearchCustomer,
    SendRetail,
)
from app.core.sale.state import Ask, HoldStatus, InputProblem, Phase, SpendMode
from app.core.sale.workflow import Workflow
from tests.unit.sale_outcomes import outcome_of_error
from tests.unit.test_checkout import CLIENT, FakeClock
from tests.unit.test_checkout import recalc as preview

SEVEN_MINUTES = 7 * 60.0


def of(kind: type, effects: list) -> list:
    return [effect for effect in effects if isinstance(effect, kind)]


class Till:
    """A workflow with a customer on screen, its own monotonic and wall clocks."""

    def __init__(self) -> None:
        self.clock = FakeClock()
        self.wall = 1_800_000_000.0
        self.flow = Workflow(ready=True)
        self.c: Checkout = self.flow.checkout
        self.c.clock = self.clock
        self.c.wall_clock = lambda: self.wall
        [search] = of(SearchCustomer, self.flow.search("79200000001"))
        self.shown = search.on_reply(CLIENT)

    def amount(self, amount: str, spend: int, earn: int = 0) -> list:
        [asked] = of(Preview, self.flow.amount_typed(amount))
        return asked.on_reply(preview(amount, spend, earn))

    def again(self, spend: int, earn: int = 0) -> list:
        """The server is asked again for the same amount (a hold came or went)."""
        [asked] = of(Preview, self.flow._preview(self.c.refresh_recalc()))
        return asked.on_reply(preview(str(asked.amount), spend, earn))

    def hold(self, minutes: int, lasts: float) -> None:
        [asked] = of(HoldPoints, self.flow.hold(minutes))
        until = datetime.fromtimestamp(self.wall - SEVEN_MINUTES + lasts, tz=UTC)
        reply = Held(id="h1", until=until, amount=asked.amount)
        asked.on_reply(Granted(reply, self.clock.now, lasts))

    def send(self) -> SendRetail:
        [sent] = of(SendRetail, self.flow.submit(self.c.sale()))
        return sent


# ---- the server's time --------------------------------------------------------------------


@pytest.mark.parametrize("skew", [-SEVEN_MINUTES, 0.0, SEVEN_MINUTES])
@pytest.mark.parametrize("minutes", [1, 5, 10, 30])
def test_a_hold_lasts_what_the_server_gave_whatever_the_tills_clock(
    skew: float, minutes: int
) -> None:
    """Finding 2: the hold's end is ``until - Date`` from its arrival; the till's wall clock
    (``skew`` off the server's) takes no part."""
    server_now = 1_800_000_000.0
    stamp = Stamp(arrived=42.0, wall=server_now - skew, server=server_now)
    until = datetime.fromtimestamp(server_now + minutes * 60, tz=UTC)
    hold = granted(Held(id="h", until=until, amount=Decimal(5)), stamp, minutes=minutes)
    assert hold.lasts == minutes * 60
    assert hold.ends_at == 42.0 + minutes * 60
    assert stamp.offset == pytest.approx(skew)


def test_a_hold_never_lasts_longer_than_asked_and_without_a_date_lasts_what_was_asked() -> None:
    until = datetime.fromtimestamp(1_800_000_600, tz=UTC)
    held = Held(id="h", until=until, amount=Decimal(5))
    dated = Stamp(arrived=0.0, wall=0.0, server=1_800_000_000.0)
    assert granted(held, dated, minutes=5).lasts == 300  # the server said 600: capped
    assert granted(held, dated, minutes=30).lasts == 600  # the server ends it sooner
    assert granted(held, Stamp(arrived=0.0, wall=0.0, server=None), minutes=7).lasts == 420
    past = Stamp(arrived=0.0, wall=0.0, server=1_800_001_000.0)
    assert granted(held, past, minutes=10).lasts == 0  # already over by the server's clock


def test_the_date_header_and_the_clock_offset() -> None:
    now = 1_800_000_000.0
    assert server_date(formatdate(now, usegmt=True)) == now
    assert server_date("Tue, 01 Dec 2026 21:21:26 GMT") == 1796160086.0
    for broken in (None, "", "yesterday", "Tue, 99 Foo 2026 25:61:61 GMT"):
        assert server_date(broken) is None
    stamp = stamp_now(formatdate(now, usegmt=True), monotonic=lambda: 7.0, wall=lambda: now - 420)
    assert (stamp.arrived, stamp.offset) == (7.0, 420.0)
    clock = ServerClock(wall=lambda: now - 420)
    assert clock.offset is None
    assert clock.now() is None
    clock.saw(stamp)
    clock.saw(Stamp(arrived=1.0, wall=0.0, server=99.0))  # older: ignored
    clock.saw(Stamp(arrived=9.0, wall=0.0, server=None))  # no Date: tells nothing
    assert clock.offset == 420.0
    assert clock.now() == now
    assert [skew_minutes(x) for x in (None, 0, 59, -59, 60, 420, -420, 449)] == [
        0,
        0,
        0,
        0,
        1,
        7,
        -7,
        7,
    ]


def test_the_countdown_follows_the_monotonic_clock_not_the_servers_until() -> None:
    till = Till()
    till.amount("1000", 578, 100)
    till.flow.choose_spend(SpendMode.MAX)
    till.hold(5, lasts=300)  # its until is 7 minutes behind the till's wall clock
    assert till.c.hold_left() == 300
    assert till.flow.tick() == []
    till.clock.now += 299
    assert till.flow.tick() == []
    assert till.c.hold_left() == 1
    till.clock.now += 1
    assert till.flow.tick() != []
    assert till.c.hold is not None
    assert till.c.hold.status is HoldStatus.EXPIRED


@pytest.mark.parametrize(
    ("checked_at", "status"),
    [
        (60 - EXPIRY_MARGIN_SECONDS - 1, HoldStatus.ENDED_BY_OPERATION),
        (60 - EXPIRY_MARGIN_SECONDS, HoldStatus.EXPIRED),
        (59.0, HoldStatus.EXPIRED),
    ],
)
def test_a_hold_found_gone_near_its_end_expired_and_before_it_was_ended(
    checked_at: float, status: HoldStatus
) -> None:
    """Finding 2: a 1-minute hold the server let expire is not "another operation"."""
    till = Till()
    till.amount("1000", 578, 100)
    till.flow.choose_spend(SpendMode.MAX)
    till.hold(1, lasts=60)
    till.clock.now += checked_at
    [check] = till.flow.check_hold()
    check.on_reply(False)
    assert till.c.hold is not None
    assert till.c.hold.status is status


# ---- a figure the cashier chose never changes under them ------------------------------------


def test_a_hold_that_ends_drops_the_chosen_spend_and_f9_waits() -> None:
    """Finding 1: the preview after the hold came back spend 0; F9 sent an earn at full
    price. Now the choice is dropped, the screen says why, and nothing can be sent."""
    till = Till()
    till.amount("1000", 578, 100)
    till.flow.choose_spend(SpendMode.MAX)
    assert till.c.spend == 578
    till.again(spend=0, earn=100)  # what a server answers once the hold it locked is gone
    assert till.c.choice_lost == (Decimal(578), Decimal(0))
    assert (till.c.spend, till.c.to_pay, till.c.sale()) == (0, None, None)
    assert till.c.confirm_problem() is not None
    message = till.flow.message("spend")
    assert message is not None
    assert "578" in message.text
    assert of(SendRetail, till.flow.submit(till.c.sale())) == []  # F9 refuses
    assert till.c.phase is Phase.CUSTOMER
    till.flow.choose_spend(SpendMode.NONE)  # the cashier chooses again: earn
    assert till.c.choice_lost is None
    assert till.flow.message("spend") is None
    sent = till.send()
    assert (sent.sale.spend, sent.sale.to_pay) == (0, 1000)


def test_a_smaller_maximum_for_the_same_amount_drops_the_choice() -> None:
    till = Till()
    till.amount("1000", 578)
    till.flow.choose_spend(SpendMode.MAX)
    till.again(spend=577)
    assert till.c.choice_lost == (Decimal(578), Decimal(577))
    till.flow.choose_spend(SpendMode.MAX)
    assert till.c.spend == 577
    till.again(spend=577)  # the same figure again: nothing changes
    assert till.c.choice_lost is None
    assert till.c.sale() is not None


def test_a_new_amount_keeps_spend_the_maximum_of_that_amount() -> None:
    till = Till()
    till.amount("500", 500)
    till.flow.choose_spend(SpendMode.MAX)
    till.amount("1000", 878)  # the cashier's own correction
    assert till.c.choice_lost is None
    assert till.c.spend == 878
    till.again(spend=800)  # then a reply lowers it for that same amount
    assert till.c.choice_lost == (Decimal(878), Decimal(800))


def test_typed_points_above_a_new_limit_are_dropped_with_the_limit() -> None:
    till = Till()
    till.amount("1000", 578)
    till.flow.choose_spend(SpendMode.CUSTOM, "300")
    assert till.c.spend == 300
    till.again(spend=300)
    assert till.c.choice_lost is None
    till.again(spend=200)
    assert till.c.choice_lost == (Decimal(300), Decimal(200))
    assert till.c.spend == 0


def test_points_chosen_before_the_preview_are_taken_when_it_allows_them() -> None:
    till = Till()
    till.flow.amount_typed("1000")  # no preview yet
    till.flow.choose_spend(SpendMode.MAX)
    till.again(spend=578)
    assert (till.c.choice_lost, till.c.spend) == (None, 578)


# ---- what is sent is what the confirmation showed ------------------------------------------


def test_the_sale_sent_is_the_one_confirmed_and_a_changed_one_is_refused() -> None:
    till = Till()
    till.amount("1000", 578, 100)
    till.flow.choose_spend(SpendMode.MAX)
    shown = till.c.sale()
    assert shown is not None
    assert (shown.amount, shown.spend, shown.to_pay, shown.hold_ids) == (1000, 578, 422, ())
    till.flow.choose_spend(SpendMode.CUSTOM, "100")  # changed while the dialog was open
    assert of(SendRetail, till.flow.submit(shown)) == []
    assert till.c.phase is Phase.CUSTOMER
    message = till.flow.message("action")
    assert message is not None
    assert message.text == translate(
        "Checkout",
        "The figures changed while the confirmation was open; nothing was sent. Check them "
        "and confirm again (F9).",
    )
    now = till.c.sale()
    assert now is not None
    [sent] = of(SendRetail, till.flow.submit(now))
    assert sent.sale == now
    assert sent.sale.spend == 100


# ---- the same sale again --------------------------------------------------------------------


def completed(till: Till) -> None:
    sent = till.send()
    sale = sent.sale
    retail = Retail(
        amount=sale.amount,
        total=sale.to_pay,
        type="cashback",
        spend=sale.spend or None,
        earn=None if sale.spend else sale.earn,
    )
    sent.on_reply(Went(retail))
    assert till.c.phase is Phase.DONE


def test_the_same_purchase_minutes_later_is_named_and_another_is_not() -> None:
    till = Till()
    till.amount("200", 100, 20)
    till.flow.choose_spend(SpendMode.MAX)
    completed(till)
    [search] = of(SearchCustomer, till.flow.search("79200000001"))
    search.on_reply(CLIENT)
    till.amount("200", 0, 20)
    sale = till.c.sale()
    assert sale is not None
    earlier = till.c.repeat_of(sale)
    assert earlier is not None
    assert (earlier.amount, earlier.spend, earlier.wall) == (200, 100, till.wall)
    till.amount("210", 0, 21)
    other = till.c.sale()
    assert other is not None
    assert till.c.repeat_of(other) is None
    till.amount("200", 0, 20)
    till.clock.now += REPEAT_WARNING_SECONDS + 1
    again = till.c.sale()
    assert again is not None
    assert till.c.repeat_of(again) is None


# ---- events ---------------------------------------------------------------------------------


def test_the_sale_events_follow_what_happened() -> None:
    till = Till()
    generation = till.c.generation
    assert CustomerShown(generation) in till.shown
    till.amount("300", 100)
    till.flow.choose_spend(SpendMode.MAX)
    [sent] = of(SendRetail, effects := till.flow.submit(till.c.sale()))
    assert SaleSent(generation) in effects
    checking = ReconciledUnknown(ApiTimeout("no reply"), Verdict.CHECKING, 5)
    assert SaleSent(generation) in sent.on_reply(outcome_of_error(checking))
    recheck = till.flow.recheck(generation, 5)
    [again] = of(Recheck, recheck)
    not_happened = ReconciledUnknown(ApiTimeout("no reply"), Verdict.NOT_HAPPENED, 5)
    assert SaleNotSent(generation) in again.on_reply(outcome_of_error(not_happened))
    sent = till.send()
    effects = sent.on_reply(outcome_of_error(OutcomeUnknown(ApiTimeout("no reply"))))
    assert SaleEnded(generation, CLIENT, None) in effects
    assert CustomerLeft(generation, CLIENT, in_doubt=False) in till.flow.cancel()


def test_leaving_a_sale_still_being_checked_is_in_doubt() -> None:
    till = Till()
    till.amount("300", 100)
    sent = till.send()
    sent.on_reply(outcome_of_error(ReconciledUnknown(ApiTimeout("x"), Verdict.CHECKING, 3)))
    generation = till.c.generation
    [left] = of(CustomerLeft, till.flow.search("79200000002"))
    assert left == CustomerLeft(generation, CLIENT, in_doubt=True)


def test_the_checkouts_token_slots() -> None:
    """One outstanding request per slot (the request kinds themselves are listed in
    test_workflow); a re-check takes the sale's slot, since it stands for the same sale. The
    kinds are one vocabulary with the requests' (#36): "recheck" names the request only."""
    assert [kind.value for kind in Ask] == [
        "search",
        "recalc",
        "hold",
        "hold-check",
        "release",
        "retail",
        "balance",
        "recheck",
    ]
    with pytest.raises(InputProblem):
        Checkout().submit(None)  # type: ignore[arg-type]  # nothing to send: refused


def test_f9_waits_for_a_hold_whose_reply_is_on_its_way() -> None:
    till = Till()
    till.amount("1000", 578)
    till.flow.choose_spend(SpendMode.MAX)
    [asked] = of(HoldPoints, till.flow.hold(5))
    assert till.c.busy(Ask.HOLD)
    assert till.c.confirm_problem() == "Wait for the hold to finish."
    assert till.c.sale() is None
    assert of(SendRetail, till.flow.submit(None)) == []  # type: ignore[arg-type]
    until = datetime.fromtimestamp(till.wall + 300, tz=UTC)
    reply = Held(id="h1", until=until, amount=asked.amount)
    [refreshed] = of(Preview, asked.on_reply(Granted(reply, till.clock.now, 300.0)))
    assert refreshed.hold_ids == ("h1",)  # the preview is asked again with the hold
    refreshed.on_reply(preview("1000", 578))
    sale = till.c.sale()
    assert sale is not None
    assert sale.hold_ids == ("h1",)


def test_a_preview_waits_for_the_release_and_one_asked_before_it_is_stale() -> None:
    """F8 then F6 sent an earn: the preview left with the release and the server, still
    counting the hold, answered "spend up to 0". Now the preview waits for the release's
    reply, F9 waits with it, and a reply that was asked under the hold counts for nothing."""
    till = Till()
    till.amount("2000", 878, 200)
    till.flow.choose_spend(SpendMode.MAX)
    till.hold(10, 600.0)
    [under_hold] = of(Preview, till.flow._preview(till.c.refresh_recalc()))
    effects = till.flow.release()
    assert of(Preview, effects) == []  # not before the release is answered
    [release] = [e for e in effects if type(e).__name__ == "ReleaseHold"]
    assert till.c.recalc is None  # the figures were the held state's
    assert till.c.confirm_problem() == "Wait for the hold to be released."
    till.flow.choose_spend(SpendMode.MAX)  # F6 at once
    assert under_hold.on_reply(preview("2000", 0, 200)) == []  # asked under the hold: stale
    assert till.c.recalc is None and till.c.choice_lost is None
    [after] = of(Preview, release.on_reply(None))
    assert after.hold_ids == ()
    after.on_reply(preview("2000", 878, 200))
    sale = till.c.sale()
    assert sale is not None and sale.spend == 878 and sale.earn == 0


def test_an_amount_typed_while_a_hold_is_on_its_way_is_previewed_after_it() -> None:
    till = Till()
    till.amount("1000", 578)
    till.flow.choose_spend(SpendMode.MAX)
    [asked] = of(HoldPoints, till.flow.hold(5))
    assert of(Preview, till.flow.amount_typed("900")) == []  # the hold decides what counts
    assert till.c.confirm_problem() == "Wait for the preview."
    until = datetime.fromtimestamp(till.wall + 300, tz=UTC)
    reply = Held(id="h1", until=until, amount=asked.amount)
    [refreshed] = of(Preview, asked.on_reply(Granted(reply, till.clock.now, 300.0)))
    assert refreshed.amount == Decimal(900) and refreshed.hold_ids == ("h1",)


def test_spend_the_maximum_of_nothing_is_refused_not_sent_as_an_earn() -> None:
    till = Till()
    till.flow.choose_spend(SpendMode.MAX)  # before the preview: "the maximum, whatever it is"
    till.amount("2000", 0, 200)
    assert till.c.spend_mode is SpendMode.MAX
    assert till.c.sale() is None
    assert till.c.confirm_problem() == (
        "No points can be spent on this purchase: F4 earns points instead."
    )
    till.flow.choose_spend(SpendMode.NONE)
    sale = till.c.sale()
    assert sale is not None and sale.spend == 0 and sale.earn == 200


def test_the_clock_offset_follows_the_server_when_its_clock_or_ours_moves() -> None:
    """A mutant that kept the first offset for good survived: the offset must follow every
    newer reply (an NTP correction on either side), and a reply that arrived earlier never
    replaces a later one, whichever worker delivers it last."""
    clock = ServerClock(wall=lambda: 1000.0)
    clock.saw(Stamp(arrived=10.0, wall=1000.0, server=1420.0))
    assert clock.offset == 420.0
    clock.saw(Stamp(arrived=20.0, wall=1010.0, server=1010.0))  # the till's clock was set
    assert clock.offset == 0.0
    assert clock.now() == 1000.0
    clock.saw(Stamp(arrived=20.0, wall=1010.0, server=1005.0))  # same moment: the later word
    assert clock.offset == -5.0
    clock.saw(Stamp(arrived=15.0, wall=1000.0, server=1900.0))  # delivered late, older
    assert clock.offset == -5.0


def test_a_burst_is_told_at_its_exact_boundaries() -> None:
    """Each boundary of the scanner's rule, on both sides: the gap (80 ms), the terminator's
    delay (600 ms) and the length (6). A mutant moving one survived every test."""
    from app.core.sale.scanning import MIN_LENGTH, SCAN_GAP_MS, SUFFIX_MS, BurstTracker, rhythm

    def burst(gap: float, suffix: float, length: int = MIN_LENGTH) -> str | None:
        tracker = BurstTracker()
        now = 0.0
        for n in range(length):
            fresh = tracker.type(str(n % 10), now)
            assert fresh is (n == 0)  # a gap up to the limit goes on the same burst
            now += gap
        return tracker.enter(now - gap + suffix)

    assert burst(SCAN_GAP_MS, SUFFIX_MS) == "012345"
    assert burst(SCAN_GAP_MS, SUFFIX_MS + 1) is None
    assert burst(5, 5, MIN_LENGTH - 1) is None
    assert burst(5, 5, MIN_LENGTH) == "012345"
    tracker = BurstTracker()
    tracker.type("1", 0.0)
    assert tracker.type("2", SCAN_GAP_MS + 1) is True  # a longer gap starts afresh
    assert tracker.chars == ["2"]
    times = [0.0, 80.0, 160.0, 240.0, 320.0, 400.0]
    assert rhythm(times, 1000.0).is_scan
    assert not rhythm(times, 1000.5).is_scan
    assert not rhythm([*times[:5], 481.0], 500.0).is_scan  # one gap of 81 ms
    assert not rhythm(times[:5], 400.0).is_scan  # five keys
    assert not rhythm(times, None).is_scan
    assert rhythm(times, 1000.0).median_gap == 80.0
    assert rhythm([], None).median_gap == 0.0


def test_a_code_typed_through_the_russian_layout_is_told_and_read_back() -> None:
    """The layout rule, without a window (its mutants survived every money test): Russian
    letters and no Latin ones; 'a' and 'z' are Latin at both ends; digits alone are neither."""
    from app.core.sale.scanning import as_scanned, typed_on_russian_layout

    assert typed_on_russian_layout("ФИ12СВ34")
    assert typed_on_russian_layout("ф1")
    assert not typed_on_russian_layout("12345678")  # digits: the same on both layouts
    assert not typed_on_russian_layout("AB12CD34")
    assert not typed_on_russian_layout("Фa1")  # 'a' is Latin
    assert not typed_on_russian_layout("ФZ1")  # and so is 'Z'
    assert not typed_on_russian_layout("Фz")
    assert as_scanned("ФИ12СВ34") == "AB12CD34"
    assert as_scanned("ab12cd34") == "ab12cd34"  # Latin stays as it came
    assert as_scanned("12.5") == "12.5"  # no letters: nothing to read back (not "12/5")
