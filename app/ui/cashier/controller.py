"""Carries out the workflow's effects: requests through the request service, timers, the
connection, the last session's recovery and the background sweep.

The window calls the cashier's actions here and draws what it reads back; this object never
touches a widget (it is a plain ``QObject`` with timers and signals).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.api.errors import ApiError
from app.core.ledger.outcome import trouble_in
from app.core.ledger.recovery import RecoveryReport, recover
from app.core.ledger.teller import Teller
from app.core.link.state import Link
from app.core.sale.checkout import Checkout
from app.core.sale.effects import (
    CountQueued,
    CountUnsettled,
    Effect,
    Event,
    Focus,
    LoadExtras,
    RecheckAt,
    Request,
    RetryPreview,
    Services,
    SweepLater,
    WatchHold,
)
from app.core.sale.messages import Level, Message
from app.core.sale.state import Sale, SpendMode
from app.core.sale.workflow import Workflow
from app.ui.background.chain_sender import ChainSender
from app.ui.background.earn_sender import EarnSender
from app.ui.background.journal_sweep import JournalSweep
from app.ui.background.link_watch import LinkWatch
from app.ui.background.requests import Requests
from app.ui.cashier.customer_extras import load_extras

if TYPE_CHECKING:
    from app.api.imshop import ImshopClient
    from app.api.loyalty import LoyaltyClient
    from app.chain.shipping import Shipper
    from app.core.journal.reads import JournalReader
    from app.core.journal.store import Journal
    from app.core.ledger.earn_queue import QueueReport
    from app.core.link.session import Connection

log = logging.getLogger(__name__)

HOLD_CHECK_MS = 15_000
RETRY_PREVIEW_MS = 3_000
EXIT_RELEASE_SECONDS = 3.0  # the window is closing: wait this long at most


class TillController(QObject):
    changed = Signal()  # the state changed: redraw
    focus = Signal(str)  # where the keyboard goes: "search", "amount", "search-if-empty"
    connected = Signal()
    photo = Signal(bytes)
    expiry = Signal(object)  # SummarizedHistory
    recovered = Signal(object)  # RecoveryReport
    happened = Signal(
        object
    )  # what happened to a sale (app.core.sale.workflow.Event), after redraw

    def __init__(
        self,
        connect: Callable[[], Connection],
        journal: Journal,
        requests: Requests,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.flow = Workflow()
        self.requests = requests
        self.journal = journal
        self.reader: JournalReader = journal.reader()
        self.connection: Connection | None = None
        self.loyalty: LoyaltyClient | None = None
        self.teller: Teller | None = None
        self.imshop: ImshopClient | None = None
        self.link_watch = LinkWatch(
            requests, self.flow.link, lambda: self.loyalty, self._probed, self
        )
        # No pass while offline: the link's probe finds the server back, then server_back().
        self.earns = EarnSender(
            requests,
            self.flow.counts,
            lambda: None if self.link is Link.OFFLINE else self.teller,
            lambda: self.reader,
            self._posted,
            self.changed.emit,
            self,
        )
        self.chain: ChainSender | None = None  # the journal's copy in the chain's database
        self._connect = connect
        self._tick = self._timer(1000, self._hold_tick)
        self._hold_check = self._timer(HOLD_CHECK_MS, self.check_hold)
        self._retry = self._timer(RETRY_PREVIEW_MS, lambda: self._apply(self.flow.retry_preview()))
        self._retry.setSingleShot(True)
        self.sweep = JournalSweep(
            requests,
            journal,
            lambda: self.reader,
            lambda: self.teller,
            self._counted,
            lambda: self.earns.count(),  # a post proved not made is queued again
            self._proved_late,
            self,
        )

    def _timer(self, interval: int, action: Callable[[], None]) -> QTimer:
        timer = QTimer(self, interval=interval)
        timer.timeout.connect(action)
        return timer

    @property
    def checkout(self) -> Checkout:
        return self.flow.checkout

    # ---- connection ------------------------------------------------------------------------

    def start(self, connect: Callable[[], Connection] | None = None) -> None:
        """Connect in the background (training mode starts the sandbox here)."""
        if connect is not None:
            self._connect = connect
            self.connection = self.loyalty = self.teller = self.imshop = None
            self.flow.disconnected()
        self.flow.link.connecting(new_profile=connect is not None)
        self.requests.submit(
            self,
            self._connect,
            key="connect",  # a newer start's connection replaces this one's
            done=self._connected,
            failed=self._not_connected,
        )
        self.changed.emit()

    def _connected(self, connection: Connection) -> None:
        self.connection = connection
        self.loyalty = connection.loyalty_client()
        self.teller = Teller(
            self.loyalty,
            self.journal,
            server=connection.base_url,
            training=connection.training,
            partner=connection.partner_client(),
            settle_seconds=connection.settle_seconds,
        )
        self.imshop = connection.imshop_client()
        self.flow.link.ready()
        teller = self.teller
        self.requests.submit(
            self,
            lambda: recover(teller),
            writes=True,
            done=self._recovered,
            failed=lambda _error: self._tell_last(
                self.tr("Could not check the last session's operations")
            ),
        )
        self.connected.emit()
        self._apply(self.flow.connected())  # and the search typed while connecting

    def _not_connected(self, error: ApiError) -> None:
        self.flow.link.not_connected(error)
        self.changed.emit()

    def _recovered(self, report: RecoveryReport) -> None:
        self.recovered.emit(report)
        if self.chain is not None:
            self.chain.soon()  # what the last session left unshipped
        self.count_unsettled()
        self.earns.count()  # earns queued in an earlier session go out now
        self.sweep.later()  # what is still checked or watched; it stops when nothing is

    def _proved_late(self, count: int) -> None:
        """Sales judged "did not happen" went through after all: the manager must look."""
        self._tell_last(
            self.tr(
                "A sale judged «did not happen» went through after all (%n): the manager "
                "checks it in the journal (F11) — was it made again?",
                "",
                count,
            )
        )

    @property
    def link(self) -> Link:
        return self.flow.link.link

    @property
    def config_problem(self) -> str | None:
        return self.flow.link.config_problem

    def _tell_last(self, text: str) -> None:
        self.flow.messages["last"] = Message(text, Level.WARNING)
        self.changed.emit()

    # ---- the cashier's actions -------------------------------------------------------------

    @property
    def clock_offset(self) -> float | None:
        """Seconds the loyalty server's clock is ahead of this till's, from its last reply."""
        return self.loyalty.clock.offset if self.loyalty is not None else None

    @property
    def ready(self) -> bool:
        return self.flow.ready

    def search(self, text: str) -> None:
        self._apply(self.flow.search(text))

    def amount_typed(self, text: str) -> None:
        self._apply(self.flow.amount_typed(text))

    def hand_over(self, amount: Decimal, receipt: str | None) -> None:
        """The POS's sale for the customer on screen (the desk fills the amount next)."""
        self.flow.hand_over(amount, receipt)

    def choose_spend(self, mode: SpendMode, custom: str = "") -> None:
        self._apply(self.flow.choose_spend(mode, custom))

    def hold(self, minutes: int) -> None:
        self._apply(self.flow.hold(minutes))

    def release(self) -> None:
        self._apply(self.flow.release())

    def check_hold(self) -> None:
        """Is our hold still counted? (Every 15 s while it is held.)"""
        self._apply(self.flow.check_hold())

    def confirm_allowed(self) -> bool:
        allowed = self.flow.confirm_allowed()
        self.changed.emit()
        return allowed

    def submit(self, confirmed: Sale) -> None:
        self._apply(self.flow.submit(confirmed))

    def cancel(self) -> None:
        self._apply(self.flow.cancel())

    # ---- effects ---------------------------------------------------------------------------

    def _apply(self, effects: list[Effect]) -> None:
        """Carry the effects out, redraw once, then move the keyboard: a field this change
        enabled can take focus only once it is drawn enabled."""
        for effect in effects:
            if not isinstance(effect, Focus | Event):
                self._carry_out(effect)
        self.changed.emit()
        for effect in effects:
            if isinstance(effect, Focus):
                self.focus.emit(effect.target)
        for effect in effects:
            if isinstance(effect, Event):
                self.happened.emit(effect)

    def _carry_out(self, effect: Effect) -> None:
        match effect:
            case Request():
                self._ask(effect)
            case RecheckAt(entry_id, generation) if self.teller is not None:
                delay = self.teller.settle_deadline(self.reader.get(entry_id)) - time.time()
                QTimer.singleShot(
                    max(0, int(delay * 1000) + 50),
                    self,
                    lambda: self._apply(self.flow.recheck(generation, entry_id)),
                )
            case LoadExtras(generation, client, photo) if self.connection is not None:
                load_extras(
                    self.requests,
                    self,
                    self.connection,
                    self.imshop,
                    client,
                    with_photo=photo,
                    current=lambda: self.flow.checkout.generation == generation,
                    photo=self.photo.emit,
                    expiry=self.expiry.emit,
                )
            case RetryPreview(on):
                self._retry.start() if on else self._retry.stop()
            case WatchHold(on):
                for timer in (self._tick, self._hold_check):
                    timer.start() if on else timer.stop()
            case CountUnsettled():
                self.count_unsettled()
            case CountQueued():
                self.earns.count()
            case SweepLater():
                self.sweep.later()
            case _:
                log.warning("effect %r dropped: not connected", effect)

    def _ask(self, request: Request[Any]) -> None:
        """Run a request off the GUI thread; what came of it goes to the handler the workflow
        bound, which alone decides whether it is still current (the checkout's tokens: one
        staleness mechanism). Every reply reaches it, so a hold granted after the cashier moved
        on is seen, and released, rather than dropped on its way."""
        if self.teller is None or self.loyalty is None:
            log.warning("request %r dropped: not connected", request)
            return
        services = Services(self.teller, self.loyalty)

        def done(result: object) -> None:
            if request.asks_server:
                self._answered(trouble_in(result))
            self._apply(request.on_reply(result))
            self.sweep.if_behind()
            self._journal_changed(request)

        def failed(error: ApiError) -> None:
            self._answered(error)
            self._apply(request.on_failure(error))
            self.sweep.if_behind()
            self._journal_changed(request)

        self.requests.submit(
            self,
            lambda: request.call(services),
            done=done,
            failed=failed,
            writes=request.writes,
        )

    def ship_to(self, shipper: Shipper) -> None:
        """Ship the journal to the chain's database from now on (the settings are loaded)."""
        if self.chain is None:
            shipper.clock_offset = lambda: self.clock_offset
            self.chain = ChainSender(self.requests, shipper, self)
            self.chain.soon()

    def _journal_changed(self, request: Request[Any]) -> None:
        if request.writes and self.chain is not None:
            self.chain.soon()

    def _answered(self, error: ApiError | None) -> None:
        """What a reply says of the link; the server found again posts the waiting earns."""
        was = self.link
        self.link_watch.answered(error)
        if was is not Link.CONNECTED and self.link is Link.CONNECTED:
            self.earns.server_back()

    def _probed(self) -> None:
        if self.link is Link.CONNECTED:
            self.earns.server_back()
        self.changed.emit()

    def _posted(self, report: QueueReport) -> None:
        """A pass over the offline earns: what it says of the link, the counts, the sweep."""
        if report.posted or report.to_manager or report.checking:
            self._answered(None)  # the server answered this pass
        if report.stopped is not None:
            self.link_watch.answered(report.stopped)
        if report.checking:
            self.sweep.later()
        if self.flow.queue_passed(report.posted, report.to_manager):
            self.changed.emit()
        self.count_unsettled()

    def _hold_tick(self) -> None:
        effects = self.flow.tick()
        if effects:
            self._apply(effects)
        else:
            self.changed.emit()  # the countdown

    # ---- the journal -----------------------------------------------------------------------

    def count_unsettled(self) -> None:
        self.sweep.count()

    def _counted(self, count: int) -> None:
        self.flow.counts.unsettled = count
        self.changed.emit()

    # ---- closing ---------------------------------------------------------------------------

    def close(self) -> None:
        """Release our hold (best effort, bounded) and stop delivering replies."""
        for timer in (self._tick, self._hold_check, self._retry):
            timer.stop()
        self.sweep.stop()
        if self.chain is not None:
            self.chain.stop()
        self.link_watch.stop()
        self.earns.stop()
        hold_ids = self.flow.checkout.active_hold_ids
        if hold_ids and self.teller is not None:
            teller = self.teller
            releasing = self.requests.submit(
                self,
                lambda: teller.release_all(hold_ids),  # logs what it could not release
                done=lambda _none: None,
                failed=lambda _error: None,
            )
            if not self.requests.wait_for(releasing, EXIT_RELEASE_SECONDS):
                log.warning("closing: holds %s not released yet; they end by themselves", hold_ids)
        self.requests.forget(self)
        self.reader.close()
        # The loyalty client is not closed here: a reply may still be on its way on a worker
        # thread; its pool closes when the last reference goes.
