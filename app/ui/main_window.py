"""The cashier window: search → card → preview → spend → hold → confirm, keyboard first.

The checkout's state lives in :class:`~app.core.checkout.Checkout`; this window turns key
presses into its requests, runs them with the :class:`~app.ui.runner.Runner`, and draws the
state. Replies carry their token; the checkout drops those that are no longer current.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.api.errors import (
    ApiError,
    CertificateProblem,
    FieldRejected,
    KeyRejected,
    OutcomeUnknown,
    PointNotFound,
    Transient,
)
from app.core.bonuses import SummarizedHistory, summarized
from app.core.checkout import Checkout, HoldStatus, InputProblem, Phase, SpendMode, Token
from app.core.journal import Journal, Verdict
from app.core.recovery import RecoveryReport, recover
from app.core.session import Connection
from app.core.teller import EarlierOperationHappened, ReconciledUnknown, Teller
from app.i18n import translate
from app.ui import format as fmt
from app.ui.card import ClientCard, expiry_text
from app.ui.checkout_panel import ERROR_STYLE, CheckoutPanel, error_label, make_label, named
from app.ui.confirm import ConfirmDialog
from app.ui.elided_label import ElidedLabel
from app.ui.pin_prompt import manager_allowed
from app.ui.runner import Runner

if TYPE_CHECKING:
    from app.api.imshop import ImshopClient
    from app.api.loyalty import LoyaltyClient
    from app.api.models import Client
    from app.core.settings import Settings
    from app.ui.settings_context import SettingsContext
from app.ui.scanner import ScanDetector

log = logging.getLogger(__name__)

PREVIEW_DEBOUNCE_MS = 250
HOLD_CHECK_MS = 15_000
RETRY_PREVIEW_MS = 3_000
WARN_SECONDS = 60
EXIT_RELEASE_SECONDS = 3.0  # the window is closing: wait this long at most
SWEEP_MS = 5_000  # how often operations still being checked are looked at


class MainWindow(QMainWindow):
    def __init__(
        self, connect: Callable[[], Connection], journal: Journal, *, training: bool
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Loyalty Till"))
        self.checkout = Checkout()
        self.connection: Connection | None = None
        self.loyalty: LoyaltyClient | None = None
        self.teller: Teller | None = None
        self.imshop: ImshopClient | None = None
        self.journal = journal
        self.recovery: RecoveryReport | None = None
        self._connect = connect
        self._training = training
        self._queued_search: str | None = None
        self._connect_serial = 0
        self.settings_context: SettingsContext | None = None
        self._confirming = False
        self.confirm_dialog: ConfirmDialog | None = None
        self.runner = Runner(self)
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)
        self._build()
        self._timers()
        self._shortcuts()
        self.scanner = ScanDetector(self.search, lambda: self._confirming)
        self.scanner.scanned.connect(self._scanned)
        QApplication.instance().installEventFilter(self.scanner)  # type: ignore[union-attr]
        self._render()

    # ---- building --------------------------------------------------------------------------

    def _build(self) -> None:
        self.training_banner = make_label(
            "trainingBanner",
            self.tr("TRAINING MODE: demo server, no real points are spent or earned"),
        )
        self.training_banner.setAccessibleName(self.tr("Training mode"))
        self.training_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.training_banner.setWordWrap(True)  # never wider than a 1024-pixel screen
        self.training_banner.setStyleSheet(
            "background: #ff6f00; color: white; font-size: 16pt; font-weight: bold; padding: 8px;"
        )
        self.training_banner.setVisible(self._training)
        self.config_banner = make_label("configBanner")
        self.config_banner.setAccessibleName(self.tr("Configuration problem"))
        self.config_banner.setWordWrap(True)
        self.config_banner.setStyleSheet(
            "background: #b71c1c; color: white; font-size: 13pt; font-weight: bold; padding: 8px;"
        )
        self.config_banner.hide()

        self.search = named(QLineEdit(), "searchField", self.tr("Phone, card or app code"))
        self.search.setPlaceholderText(self.tr("Phone, card number or app code (F2)"))
        font = self.search.font()
        font.setPointSize(18)
        self.search.setFont(font)
        self.search_button = named(
            QPushButton(self.tr("Find (Enter)")), "searchButton", self.tr("Find the customer")
        )
        self.search_error = error_label("searchError", self.tr("Search problem"))
        self.card = ClientCard()
        self.panel = CheckoutPanel()

        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.search_button)
        self.journal_button = named(
            QPushButton(self.tr("Journal (F11)")), "journalButton", self.tr("Open the journal")
        )
        self.journal_button.clicked.connect(self.open_journal)
        self.client_button = named(
            QPushButton(self.tr("Customer (F10)")),
            "clientButton",
            self.tr("Open the customer view"),
        )
        self.client_button.clicked.connect(self.open_client_view)
        search_row.addWidget(self.client_button)
        search_row.addWidget(self.journal_button)
        middle = QHBoxLayout()
        middle.addWidget(self.card, 1)
        middle.addWidget(self.panel, 1)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.training_banner)
        layout.addWidget(self.config_banner)
        layout.addLayout(search_row)
        layout.addWidget(self.search_error)
        layout.addLayout(middle, 1)
        self.setCentralWidget(central)

        status = self.statusBar()
        self.status_server = ElidedLabel("statusServer")  # elided in the middle, tooltip whole
        self.status_point = make_label("statusPoint")  # always whole: …f4 and …ff differ
        self.status_mode = make_label("statusMode")
        self.status_connection = make_label("statusConnection")
        self.status_last = ElidedLabel("statusLast", mode=Qt.TextElideMode.ElideRight)
        self.status_journal = make_label("statusJournal")
        for label, name, stretch in (
            (self.status_server, self.tr("Server"), 1),
            (self.status_point, self.tr("Point"), 0),
            (self.status_mode, self.tr("Mode"), 0),
            (self.status_connection, self.tr("Connection"), 0),
            (self.status_last, self.tr("Last operation"), 1),
            (self.status_journal, self.tr("Unsettled operations"), 0),
        ):
            label.setAccessibleName(name)
            label.setContentsMargins(4, 0, 4, 0)  # words of neighbours never run together
            status.addWidget(label, stretch)
        self.status_mode.setText(self.tr("Training") if self._training else self.tr("Production"))
        self.status_connection.setText(self.tr("Connecting…"))
        self.resize(1100, 720)

        self.search.returnPressed.connect(self.start_search)
        self.search_button.clicked.connect(self.start_search)
        p = self.panel
        p.amount.textEdited.connect(lambda _text: self._debounce.start())
        p.earn_button.clicked.connect(lambda: self.choose_spend(SpendMode.NONE))
        p.max_button.clicked.connect(lambda: self.choose_spend(SpendMode.MAX))
        p.spend_field.textEdited.connect(lambda _text: self.choose_spend(SpendMode.CUSTOM))
        p.hold_button.clicked.connect(self.hold)
        p.release_button.clicked.connect(self.release)
        p.confirm_button.clicked.connect(self.confirm)
        p.cancel_button.clicked.connect(self.cancel)

    def _timers(self) -> None:
        self._debounce = QTimer(self, singleShot=True, interval=PREVIEW_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._amount_changed)
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._hold_tick)
        self._hold_check = QTimer(self, interval=HOLD_CHECK_MS)
        self._hold_check.timeout.connect(self._check_hold)
        self._retry = QTimer(self, singleShot=True, interval=RETRY_PREVIEW_MS)
        self._retry.timeout.connect(self._retry_preview)
        self._sweep = QTimer(self, interval=SWEEP_MS)
        self._sweep.timeout.connect(self._sweep_checking)

    def _shortcuts(self) -> None:
        keys: list[tuple[Any, Callable[[], None]]] = [
            (Qt.Key.Key_F2, self.focus_search),
            (Qt.Key.Key_F3, lambda: self._focus(self.panel.amount)),
            (Qt.Key.Key_F4, lambda: self.choose_spend(SpendMode.NONE)),
            (Qt.Key.Key_F5, self.hold),
            (Qt.Key.Key_F6, lambda: self.choose_spend(SpendMode.MAX)),
            (Qt.Key.Key_F7, lambda: self._focus(self.panel.spend_field)),
            (Qt.Key.Key_F8, self.release),
            (Qt.Key.Key_F9, self.confirm),
            (Qt.Key.Key_Escape, self.cancel),
            (Qt.Key.Key_F10, self.open_client_view),
            (Qt.Key.Key_F11, self.open_journal),
            (Qt.Key.Key_F12, self.open_settings),
        ]
        for key, action in keys:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(action)

    # ---- connection ------------------------------------------------------------------------

    def start_session(self) -> None:
        """Connect in the background (training mode starts the sandbox here)."""
        self._connect_serial += 1
        self.runner.submit(Token("connect", self._connect_serial, 0, 0), self._connect)

    def reconnect(self, connect: Callable[[], Connection], *, training: bool) -> bool:
        """Switch to another profile: the customer on screen is cancelled (holds released)
        first. Refused while an operation is being sent."""
        if self.checkout.phase is Phase.SUBMITTING or self._confirming:
            return False
        self.cancel()
        self._connect = connect
        self._training = training
        self.connection = None
        self.loyalty = None
        self.teller = None
        self.imshop = None
        self.training_banner.setVisible(training)
        self.config_banner.hide()
        self.status_server.set_full_text("")
        self.status_point.clear()
        self.status_mode.setStyleSheet("")
        self.status_mode.setText(self.tr("Training") if training else self.tr("Production"))
        self.status_connection.setText(self.tr("Connecting…"))
        self.start_session()
        return True

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
        teller = self.teller
        self.runner.submit(Token("recover", 0, 0, 0), lambda: recover(teller))
        self.status_server.set_full_text(self.tr("Server %1").replace("%1", connection.base_url))
        self.status_point.setText(self.tr("Point %1").replace("%1", connection.point))
        self.status_connection.setText(self.tr("Ready"))
        if not connection.training:
            self.status_mode.setText(self.tr("Profile: %1").replace("%1", connection.profile))
        if connection.insecure:
            self.status_mode.setText(
                self.status_mode.text()
                + " · "
                + self.tr("NOT PROTECTED: %1").replace("%1", ", ".join(connection.insecure))
            )
            self.status_mode.setStyleSheet(ERROR_STYLE)
        if self._queued_search is not None:
            text, self._queued_search = self._queued_search, None
            self.search.setText(text)
            self.start_search()

    def _connection_state(self, error: ApiError | None) -> None:
        if isinstance(error, ReconciledUnknown) and error.server_reachable:
            error = None  # the reply was lost, but the server answered the re-read
        if error is None:
            self.status_connection.setText(self.tr("Connected"))
            self.status_connection.setStyleSheet("")
        elif isinstance(error, Transient) or isinstance(getattr(error, "cause", None), Transient):
            self.status_connection.setText(self.tr("No connection to the server"))
            self.status_connection.setStyleSheet(ERROR_STYLE)
        if isinstance(error, KeyRejected | PointNotFound | CertificateProblem):
            self.config_banner.setText(error.user_message())
            self.config_banner.show()
        elif error is None:
            self.config_banner.hide()

    # ---- actions ---------------------------------------------------------------------------

    def focus_search(self) -> None:
        self._focus(self.search)
        self.search.selectAll()

    def _focus(self, widget: QLineEdit) -> None:
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _scanned(self, text: str) -> None:
        self.search.setText(text)
        self.start_search()

    def start_search(self) -> None:
        text = self.search.text()
        if self.loyalty is None or self.teller is None:
            self._queued_search = text
            self.status_connection.setText(self.tr("Connecting…"))
            return
        try:
            token, key, to_release = self.checkout.search(text)
        except InputProblem as problem:
            self._show_search_problem(translate(problem.context, problem.source))
            return
        self._clear_customer(to_release)
        self.search_error.hide()
        teller = self.teller
        assert teller is not None
        self.runner.submit(token, lambda: teller.search(key))  # the balance is evidence too
        self._render()

    def _amount_changed(self) -> None:
        token = self.checkout.enter_amount(self.panel.amount.text())
        if token is not None:
            self._send_recalc(token)
        self._render()

    def _send_recalc(self, token: Token) -> None:
        assert self.loyalty is not None
        assert self.checkout.client is not None
        loyalty, client_id = self.loyalty, self.checkout.client.id
        amount, holds = self.checkout.amount, self.checkout.active_hold_ids
        assert amount is not None
        self.runner.submit(token, lambda: loyalty.recalc(client_id, amount, hold_ids=holds))

    def _retry_preview(self) -> None:
        token = self.checkout.refresh_recalc()
        if token is not None and isinstance(self.checkout.error, Transient):
            self._send_recalc(token)

    def choose_spend(self, mode: SpendMode) -> None:
        if self.checkout.phase is not Phase.CUSTOMER:
            return
        try:
            self.checkout.choose_spend(mode, self.panel.spend_field.text())
        except InputProblem as problem:
            self.panel.spend_error.setText(translate(problem.context, problem.source))
            self.panel.spend_error.show()
            self._render(keep_spend_error=True)
            return
        if mode is SpendMode.MAX and self.checkout.recalc is not None:
            self.panel.spend_field.setText(fmt.points(self.checkout.recalc.spend))
        elif mode is SpendMode.NONE:
            self.panel.spend_field.clear()
        self._render()

    def hold(self) -> None:
        if self.teller is None or self._confirming:
            return
        try:
            token, amount = self.checkout.hold_request(self.panel.minutes.value())
        except InputProblem as problem:
            self._flash_hold(translate(problem.context, problem.source), error=True)
            return
        assert self.checkout.client is not None
        teller, client = self.teller, self.checkout.client
        minutes = self.panel.minutes.value()
        self.runner.submit(token, lambda: teller.hold(client, amount, minutes))
        self._render()

    def release(self) -> None:
        hold_id = self.checkout.release_request()
        if hold_id is None:
            return
        self._send_release(hold_id)
        self._after_hold_change()

    def _send_release(self, hold_id: str) -> None:
        if self.teller is None:
            return
        teller = self.teller
        self.runner.submit(Token("release", 0, 0, 0), lambda: teller.release(hold_id))

    def _after_hold_change(self) -> None:
        token = self.checkout.refresh_recalc()
        if token is not None:
            self._send_recalc(token)
        self._render()

    def confirm(self) -> None:
        if self._confirming or self.teller is None:
            return
        self._debounce.stop()
        if (
            self.checkout.phase is Phase.CUSTOMER
            and self.panel.amount.text().strip()
            and (self.checkout.amount is None and self.checkout.amount_problem is None)
        ):
            self._amount_changed()
        blocked = self.checkout.confirm_problem()
        if blocked:
            self._show_action_problem(translate("Checkout", blocked))
            return
        self._confirming = True
        dialog = ConfirmDialog(self, self.tr("Confirm the operation"), self._summary())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda result: self._confirmed(dialog, result))
        self.confirm_dialog = dialog
        dialog.open()

    def _confirmed(self, dialog: ConfirmDialog, result: int) -> None:
        """The confirmation closed: send on Enter/Confirm; offer a scan that came meanwhile."""
        self._confirming = False
        self.confirm_dialog = None
        self._reactivate()
        if dialog.scanned:
            self._offer_scan(dialog.scanned)
        if result != QDialog.DialogCode.Accepted:
            if not dialog.scanned:
                self._focus(self.panel.amount)
            return
        try:
            token = self.checkout.submit()
        except InputProblem as problem:
            self._show_action_problem(translate(problem.context, problem.source))
            return
        c = self.checkout
        assert c.client is not None
        assert c.amount is not None
        assert self.teller is not None
        teller, client, lookup, amount, spend = self.teller, c.client, c.lookup, c.amount, c.spend
        holds, earn, without_balance = c.active_hold_ids, c.earn, c.without_balance
        self.runner.submit(
            token,
            lambda: teller.retail(
                client,
                lookup,
                amount,
                spend,
                hold_ids=holds,
                expected_earn=earn,
                without_balance=without_balance,
            ),
        )
        if not dialog.scanned:
            self.focus_search()  # typing during the sale goes to the next customer's search
        self._render()

    def _offer_scan(self, text: str) -> None:
        """A scan arrived while the confirmation was open: it never confirmed anything; its
        customer is waiting in the search field for Enter."""
        self.search.setText(text)
        self.focus_search()
        self.search.deselect()
        self.search_error.setText(self.tr("Scanned during the confirmation: press Enter to find."))
        self.search_error.show()

    def _reactivate(self) -> None:
        """Take keyboard focus back after a dialog: a till has no window manager to do it."""
        self.raise_()
        self.activateWindow()

    def _summary(self) -> list[tuple[str, str]]:
        c = self.checkout
        assert c.client is not None
        assert c.amount is not None
        assert c.to_pay is not None
        lines = [(self.tr("Customer"), c.client.name), (self.tr("Amount"), fmt.money(c.amount))]
        if c.is_discount:
            lines.append((self.tr("Discount"), fmt.money(c.discount)))
        elif c.spend > 0:
            lines.append(
                (self.tr("Spend"), self.tr("%1 points").replace("%1", fmt.points(c.spend)))
            )
        else:
            lines.append((self.tr("Earn"), self.tr("%1 points").replace("%1", fmt.points(c.earn))))
        lines.append((self.tr("To pay"), fmt.money(c.to_pay)))
        if c.repeat_warning:
            lines.append(
                (
                    self.tr("Warning"),
                    self.tr(
                        "The last attempt got no answer; by the balance it did not happen. "
                        "Confirming sends it once more."
                    ),
                )
            )
        if c.without_balance:
            lines.append(
                (
                    self.tr("Warning"),
                    self.tr(
                        "The balance could not be read. If the reply to this operation is lost, "
                        "only the manager can tell whether it went through."
                    ),
                )
            )
        return lines

    def cancel(self) -> None:
        if self._confirming:
            return
        try:
            to_release = self.checkout.cancel()
        except InputProblem as problem:
            self._show_action_problem(translate(problem.context, problem.source))
            return
        self._clear_customer(to_release)
        self.search.clear()
        self.search_error.hide()
        self.focus_search()
        self._render()

    def _clear_customer(self, to_release: list[str]) -> None:
        """The customer left the screen: release their hold and empty the inputs."""
        for hold_id in to_release:
            self._send_release(hold_id)
        self._debounce.stop()
        self._retry.stop()
        self._tick.stop()
        self._hold_check.stop()
        self.panel.amount.clear()
        self.panel.spend_field.clear()
        self.panel.minutes.setValue(10)
        self.card.clear()
        # A customer's messages leave with the customer.
        self.panel.result.clear()
        self.panel.result.hide()
        self.panel.hold_status.clear()
        self.panel.hold_status.setStyleSheet("")
        self.panel.spend_error.hide()
        self.status_last.set_full_text("")

    def _check_hold(self) -> None:
        """Ask the server whether our hold still counts: it ends when any operation is made
        at this point, and the server does not tell us so."""
        c = self.checkout
        hold = c.hold
        if self.loyalty is None or c.client is None or not hold or not hold.id:
            return
        if hold.status is not HoldStatus.ACTIVE or c.busy("hold-check"):
            return
        loyalty, key, hold_id = self.loyalty, c.client.phone or c.client.id, hold.id

        def still_counted() -> tuple[str, bool]:
            named_balance = loyalty.search(key, hold_ids=[hold_id]).balance
            plain_balance = loyalty.search(key).balance
            return hold_id, named_balance - plain_balance >= hold.amount

        self.runner.submit(c.issue("hold-check"), still_counted)

    # ---- replies ---------------------------------------------------------------------------

    def _finished(self, token: Token, result: object) -> None:
        from app.api.models import Client  # loaded by the call that replied

        c = self.checkout
        kind = token.kind
        if kind == "connect":
            if token.customer == self._connect_serial:
                assert isinstance(result, Connection)
                self._connected(result)
            return
        if kind == "photo":
            if c.client is not None and token.customer == c.generation:
                assert isinstance(result, bytes)
                self.card.set_photo(result)
            return
        if kind == "expiry":
            if c.client is not None and token.customer == c.generation:
                assert isinstance(result, SummarizedHistory)
                self.card.expiry.setText(expiry_text(result.history, summary=result.summary))
            return
        if kind == "release":
            self.status_last.set_full_text(self.tr("Hold released"))
            return
        if kind == "recover":
            assert isinstance(result, RecoveryReport)
            self._show_recovery(result)
            if result.checking:
                self._sweep_later()
            return
        if kind == "sweep":
            c.accept(token)
            if not result:
                self._sweep.stop()  # nothing left whose window could end
            self._render_unsettled()
            return
        self._connection_state(None)
        if kind == "search" and isinstance(result, Client) and c.searched(token, result):
            self._customer_shown(result)
        elif kind == "recalc" and c.recalculated(token, result):  # type: ignore[arg-type]
            self._retry.stop()
        elif kind == "hold":
            if c.held(token, result):  # type: ignore[arg-type]
                self._tick.start()
                self._hold_check.start()
                self.status_last.set_full_text(self.tr("Points held"))
                self._after_hold_change()
            else:
                self._send_release(result.id)  # type: ignore[attr-defined]
        elif kind == "hold-check" and c.accept(token):
            hold_id, counted = cast(tuple[str, bool], result)
            if not counted and c.hold_ended_elsewhere(hold_id):
                self._after_hold_change()
        elif kind == "retail" and c.completed(token, result):  # type: ignore[arg-type]
            self._render_unsettled()  # a re-check may have settled an open entry
            self._tick.stop()
            self._hold_check.stop()
            self.status_last.set_full_text(self._result_text(plain=True))
            self.focus_search()  # the next customer: a scan, or Esc
            balance_token = c.balance_request()
            if balance_token is not None and self.loyalty is not None and c.client is not None:
                loyalty, key = self.loyalty, c.client.phone or c.client.id
                self.runner.submit(balance_token, lambda: loyalty.search(key))
        elif kind == "balance" and isinstance(result, Client) and c.balance_read(token, result):
            self.card.set_balance(result)
        self._render()

    def _retail_failed(self, error: ApiError) -> None:
        c = self.checkout
        self._render_unsettled()
        if c.phase is Phase.CHECKING and isinstance(error, ReconciledUnknown):
            self.status_last.set_full_text(self.tr("Checking the last operation…"))
            self._schedule_recheck(error.entry_id)
        elif c.phase is Phase.DONE:  # a repeat stopped: the earlier operation went through
            self._tick.stop()
            self._hold_check.stop()
            self.status_last.set_full_text(self._result_text(plain=True))
        elif isinstance(error, OutcomeUnknown):
            self.status_last.set_full_text(
                self.tr("Did not happen: may be repeated")
                if c.repeat_warning
                else self.tr("Outcome unknown")
            )
        self._render()
        # Editing goes on when the cashier may act on this customer; else the next one comes.
        if c.phase is Phase.CUSTOMER:
            self._focus(self.panel.amount)
        elif not self.search.text():
            self.focus_search()

    def _schedule_recheck(self, entry_id: int) -> None:
        """Check the customer on screen again when their settle window ends."""
        assert self.teller is not None
        delay = self.teller.settle_deadline(self.journal.get(entry_id)) - time.time()
        generation = self.checkout.generation
        QTimer.singleShot(
            max(0, int(delay * 1000) + 50), lambda: self._recheck(generation, entry_id)
        )

    def _recheck(self, generation: int, entry_id: int) -> None:
        c = self.checkout
        request = c.recheck_request() if c.generation == generation else None
        if request is None or request[1] != entry_id or self.teller is None:
            self._sweep_later()  # the customer left; the sweep settles the entry
            return
        token, _entry = request
        teller = self.teller
        self.runner.submit(token, lambda: teller.recheck(entry_id))

    def _sweep_later(self) -> None:
        if not self._sweep.isActive():
            self._sweep.start()

    def _sweep_checking(self) -> None:
        """Settle operations still being checked whose window is over (from a customer who
        left, or from the last session), in the background."""
        if self.teller is None or self.checkout.busy("sweep"):
            return
        teller = self.teller

        def sweep() -> bool:
            teller.recheck_due()
            return teller.still_checking()  # read here too, not on the GUI thread

        self.runner.submit(self.checkout.issue("sweep"), sweep)

    def _failed(self, token: Token, error: ApiError) -> None:
        c = self.checkout
        kind = token.kind
        if kind == "connect":
            if token.customer != self._connect_serial:
                return
            self.config_banner.setText(error.user_message())
            self.config_banner.show()
            self.status_connection.setText(self.tr("Not connected"))
            return
        if kind in ("balance", "hold-check", "sweep"):
            c.accept(token)
            return
        if kind in ("photo", "expiry"):
            return
        if kind == "release":
            self.status_last.set_full_text(self.tr("Could not release the hold; it ends by itself"))
            return
        if kind == "recover":
            self.status_last.set_full_text(self.tr("Could not check the last session's operations"))
            return
        self._connection_state(error)
        if kind == "search" and c.search_failed(token, error):
            self.card.clear()  # "Searching…" is replaced by the outcome
            self._show_search_problem(error.user_message())
        elif kind == "recalc" and c.recalc_failed(token, error):
            if isinstance(error, Transient):
                self._retry.start()
        elif kind == "hold" and c.hold_failed(token, error):
            if isinstance(error, OutcomeUnknown):
                message = self.tr(
                    "No answer: the points may be held without the program knowing. Such a "
                    "hold ends by itself; the outcome of this customer's next operation is "
                    "checked with it in mind."
                )
            else:
                message = error.user_message()
            self._flash_hold(message, error=True)
        elif kind == "retail" and c.submit_failed(token, error):
            self._retail_failed(error)
            return
        self._render()

    def _customer_shown(self, client: Client) -> None:
        self.search_error.hide()
        self.card.show_client(client, date.today())
        self._render()  # enables the amount field, which can then take focus
        self._focus(self.panel.amount)
        if client.photo:
            from app.api.photos import fetch_photo

            url, connection = client.photo, self.connection
            assert connection is not None
            token = Token("photo", self.checkout.generation, 0, 0)
            self.runner.submit(
                token,
                lambda: fetch_photo(url, verify=connection.verify, allowed=connection.url_allowed),
            )
        if self.imshop is not None and self.imshop.history_url and self.connection is not None:
            # What expires next, from the bonus history: in the background, never delaying
            # the card; a failure only leaves the line empty.
            imshop, user = self.imshop, self.connection.imshop_user(client)
            token = Token("expiry", self.checkout.generation, 0, 0)
            self.runner.submit(token, lambda: summarized(imshop.bonus_history(user)))

    def open_client_view(self) -> None:
        """The manager's view of the customer on screen, or a read-only lookup."""
        if self._confirming or self.connection is None or self.teller is None:
            return
        from app.ui.client_view import ClientView

        client = self.checkout.client
        view = ClientView(self.connection, self.teller, client, self)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.finished.connect(lambda _result: self._render_unsettled())
        view.finished.connect(lambda _result: self._reactivate())
        view.open()
        if client is None:
            view.search.setFocus()
        self.client_view = view

    # ---- the last session's loose ends, and the journal --------------------------------------

    def _show_recovery(self, report: RecoveryReport) -> None:
        self.recovery = report
        self._render_unsettled()
        if report.empty:
            return
        lines = [self.tr("The program was stopped during an operation last time.")]
        verdicts = {
            Verdict.SPENT: self.tr("the points were spent"),
            Verdict.EARNED: self.tr("the points were earned"),
            Verdict.NOT_HAPPENED: self.tr("it did not happen"),
            Verdict.CHECKING: self.tr(
                "still checking whether it went through: do not repeat it; the journal (F11) "
                "says when it is known"
            ),
            Verdict.UNDECIDED: self.tr(
                "cannot tell: do not repeat it; the manager has it in the journal"
            ),
        }
        for entry, verdict in report.reconciled:
            lines.append(
                self.tr("Operation at %1 for %2, amount %3: %4")
                .replace("%1", entry.created.strftime("%H:%M"))
                .replace("%2", entry.customer)
                .replace("%3", fmt.money(entry.amount or Decimal(0)))
                .replace("%4", verdicts[verdict])
            )
        for entry in report.released:
            lines.append(
                self.tr("A hold of %1 points left from last time was released.").replace(
                    "%1", fmt.points(entry.points or Decimal(0))
                )
            )
        for entry in report.still_held:
            lines.append(
                self.tr("A hold of %1 points could not be released; it ends by itself.").replace(
                    "%1", fmt.points(entry.points or Decimal(0))
                )
            )
        for _entry in report.interrupted:
            lines.append(
                self.tr("A hold, release or partner enrolment was interrupted; see the journal.")
            )
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Last session"),
            "\n".join(lines),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("recoveryBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _result: self._reactivate())
        box.open()

    def show_journal_moved(self, moved: Path) -> None:
        """The journal file could not be used at start: a new one was begun."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Journal"),
            self.tr(
                "The operations journal could not be read, so a new one was started. The old "
                "file was kept for IT as:"
            )
            + f"\n{moved}\n\n"
            + self.tr("Tell the manager: operations before this start are not in the journal."),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("journalMoved")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _result: self._reactivate())
        box.open()

    def show_settings_problems(self, problems: list[str]) -> None:
        """Settings files had errors; the program started with what was valid."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Settings"),
            self.tr("These settings could not be used; the program started without them. Tell IT:")
            + "\n\n"
            + "\n".join(problems),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("settingsProblems")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _render_unsettled(self) -> None:
        count = len(self.journal.unsettled())
        self.status_journal.setText(
            self.tr("Need checking: %1 (F11)").replace("%1", str(count)) if count else ""
        )
        self.status_journal.setStyleSheet(ERROR_STYLE if count else "")

    def open_journal(self) -> None:
        if self._confirming:
            return
        from app.ui.journal_window import JournalWindow

        dialog = JournalWindow(
            self.journal,
            self.diagnostics,
            self,
            authorize=lambda: manager_allowed(dialog, self._pin_hash()),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._render_unsettled())
        dialog.finished.connect(lambda _result: self._reactivate())
        dialog.open()
        self.journal_window = dialog

    def _pin_hash(self) -> str:
        context = self.settings_context
        return context.loaded.settings.manager_pin if context else ""

    def open_settings(self) -> None:
        """Settings and profile switching, behind the manager PIN when one is set."""
        context = self.settings_context
        if context is None or self._confirming or not manager_allowed(self, self._pin_hash()):
            return
        from app.ui.settings_dialog import SettingsDialog

        before = context.loaded.settings
        dialog = SettingsDialog(context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._settings_saved(before, set(dialog.keys_changed)))
        dialog.finished.connect(lambda _result: self._reactivate())
        dialog.open()
        self.settings_dialog = dialog

    def _settings_saved(self, before: Settings, keys_changed: set[str]) -> None:
        """Reconnect when the profile in use, its settings or its keys changed: a new key is
        used at once, not after a restart."""
        context = self.settings_context
        assert context is not None
        after = context.loaded.settings
        if (
            after.active_profile != before.active_profile
            or after.profile != before.profile
            or after.active_profile in keys_changed
        ):
            self.reconnect(context.connector(after), training=after.training)
        for problem in context.loaded.problems:
            log.warning("settings: %s", problem)

    def diagnostics(self) -> str:
        from app.core.diagnostics import diagnostics_text

        return diagnostics_text(self.connection)

    # ---- drawing ---------------------------------------------------------------------------

    def _show_search_problem(self, text: str) -> None:
        self.search_error.setText(text)
        self.search_error.show()
        self.focus_search()

    def _show_action_problem(self, text: str) -> None:
        self.panel.result.setText(f"<span style='{ERROR_STYLE}'>{_escape(text)}</span>")
        self.panel.result.show()

    def _flash_hold(self, text: str, *, error: bool) -> None:
        self.panel.hold_status.setText(text)
        self.panel.hold_status.setStyleSheet(ERROR_STYLE if error else "")

    def _hold_tick(self) -> None:
        if self.checkout.expire_holds(datetime.now(tz=UTC)):
            self._tick.stop()
            self._hold_check.stop()
            self._after_hold_change()
            return
        self._render_hold()

    def _render(self, *, keep_spend_error: bool = False) -> None:
        c = self.checkout
        p = self.panel
        has_customer = c.client is not None and c.phase in (
            Phase.CUSTOMER,
            Phase.SUBMITTING,
            Phase.CHECKING,
            Phase.DONE,
            Phase.UNKNOWN,
        )
        editing = c.phase is Phase.CUSTOMER
        p.amount.setEnabled(editing)
        for widget in (p.earn_button, p.max_button, p.spend_field):
            widget.setEnabled(editing and not c.is_discount)
        p.earn_button.setChecked(c.spend_mode is SpendMode.NONE)
        p.max_button.setChecked(c.spend_mode is SpendMode.MAX)
        p.hold_button.setEnabled(editing and not c.is_discount and c.recalc is not None)
        p.release_button.setEnabled(bool(c.active_hold_ids))
        p.confirm_button.setEnabled(c.confirm_problem() is None)
        self.search_button.setEnabled(c.phase is not Phase.SUBMITTING)
        if c.phase is Phase.SEARCHING:
            self.card.name.setText(self.tr("Searching…"))

        amount_problem = c.amount_problem or c.field_errors.get("amount")
        self._show_error(p.amount_error, amount_problem, "Amount")
        spend_problem = c.field_errors.get("spend")
        if spend_problem and isinstance(c.error, FieldRejected):
            spend_problem = c.error.field_message("spend") or spend_problem
        if not keep_spend_error:
            self._show_error(p.spend_error, spend_problem, "Checkout")
        p.preview.setText(self._preview_text() if has_customer else "")
        to_pay = c.to_pay
        p.to_pay.setText(
            self.tr("To pay: %1").replace("%1", fmt.money(to_pay))
            if to_pay is not None and has_customer
            else ""
        )
        if c.client is not None and c.client.level.type != "discount":
            held = c.hold.amount if c.hold and c.hold.status is HoldStatus.ACTIVE else Decimal(0)
            self.card.set_held(held)
        self._render_hold()
        self._render_result()

    def _show_error(self, label: QLabel, source: str | None, context: str) -> None:
        if source:
            label.setText(translate(context, source))
            label.show()
        else:
            label.hide()

    def _preview_text(self) -> str:
        c = self.checkout
        if c.recalc is None:
            if c.amount is not None and c.error is None:
                return self.tr("Calculating…")
            if c.amount is not None and c.error is not None and not c.field_errors:
                return c.error.user_message()
            return ""
        r = c.recalc
        if c.is_discount:
            return (
                self.tr("Discount %1%: %2")
                .replace("%1", fmt.points(r.percent))
                .replace("%2", fmt.money(c.discount))
            )
        return (
            self.tr("May spend up to %1 points · earns %2 points without spending (%3%)")
            .replace("%1", fmt.points(r.spend))
            .replace("%2", fmt.points(r.earn))
            .replace("%3", fmt.points(r.percent))
        )

    def _render_hold(self) -> None:
        hold = self.checkout.hold
        label = self.panel.hold_status
        if hold is None:
            if label.styleSheet() != ERROR_STYLE:
                label.clear()
            return
        style = ""
        if hold.status is HoldStatus.PENDING:
            text = self.tr("Holding %1 points…").replace("%1", fmt.points(hold.amount))
        elif hold.status is HoldStatus.ACTIVE and hold.held is not None:
            left = max(0, int((hold.held.until - datetime.now(tz=UTC)).total_seconds()))
            text = (
                self.tr("%1 points held · %2 left")
                .replace("%1", fmt.points(hold.amount))
                .replace("%2", f"{left // 60}:{left % 60:02d}")
            )
            if left <= WARN_SECONDS:
                text += " · " + self.tr("the hold ends in under a minute!")
                style = "color: #e65100; font-weight: bold;"
        elif hold.status is HoldStatus.EXPIRED:
            text, style = self.tr("The hold expired; the points are free again."), ERROR_STYLE
        elif hold.status is HoldStatus.RELEASED:
            text = self.tr("The hold was released.")
        elif self.checkout.phase is Phase.DONE:
            text = self.tr("The held points were used by this operation.")
        else:
            text = self.tr("The hold ended: an operation was made at this point.")
            style = ERROR_STYLE
        label.setText(text)
        label.setStyleSheet(style)

    def _render_result(self) -> None:
        c = self.checkout
        label = self.panel.result
        if c.phase is Phase.SUBMITTING:
            label.setText(self.tr("Sending the operation…"))
            label.show()
        elif c.phase is Phase.DONE:
            label.setText(self._result_text())
            label.show()
        elif c.phase is Phase.CHECKING and c.error is not None:
            label.setText(
                f"<span style='color:#e65100; font-weight:bold; font-size: 14pt'>"
                f"{_escape(c.error.user_message())}</span>"
            )
            label.show()
        elif c.phase is Phase.UNKNOWN and c.error is not None:
            label.setText(
                f"<span style='{ERROR_STYLE} font-size: 14pt'>"
                f"{_escape(c.error.user_message())}</span>"
            )
            label.show()
        elif c.phase is Phase.CUSTOMER and c.error is not None and c.recalc is not None:
            label.setText(f"<span style='{ERROR_STYLE}'>{_escape(c.error.user_message())}</span>")
            label.show()
        elif c.phase is not Phase.CUSTOMER or not label.text().startswith("<span"):
            label.clear()
            label.hide()

    def _result_text(self, *, plain: bool = False) -> str:
        c = self.checkout
        r = c.result
        assert r is not None
        parts = [self.tr("Done.")]
        if isinstance(c.error, EarlierOperationHappened):
            parts = [c.error.user_message()]
        if r.type == "discount":
            discount = max(r.amount - r.total, Decimal(0))
            parts.append(self.tr("Discount: %1").replace("%1", fmt.money(discount)))
        elif r.spend:
            parts.append(self.tr("Spent %1 points.").replace("%1", fmt.points(r.spend)))
        elif r.earn:
            parts.append(self.tr("Earned %1 points.").replace("%1", fmt.points(r.earn)))
        parts.append(self.tr("To pay: %1").replace("%1", fmt.money(r.total)))
        if c.balance_after is not None and r.type != "discount":
            parts.append(
                self.tr("New balance: %1 points").replace("%1", fmt.points(c.balance_after))
            )
        if plain:
            return " ".join(parts)
        return (
            "<div style='background:#e8f5e9; color:#1b5e20; font-size:16pt; padding:8px'>"
            + "<br>".join(_escape(p) for p in parts)
            + "</div>"
        )

    # ---- closing ---------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """Release our hold (best effort, bounded) and stop delivering replies."""
        hold_ids = self.checkout.active_hold_ids
        if hold_ids and self.teller is not None:
            teller = self.teller

            def release_all() -> None:
                for hold_id in hold_ids:
                    try:
                        teller.release(hold_id)
                    except ApiError as error:
                        log.warning("hold %s not released at exit: %s", hold_id, error.log_line())

            releasing = threading.Thread(target=release_all, daemon=True)
            releasing.start()
            releasing.join(EXIT_RELEASE_SECONDS)
        self.runner.close()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.scanner)
        # The loyalty client is not closed here: a reply may still be on its way on a worker
        # thread; its pool closes when the last reference goes.
        super().closeEvent(event)


def _escape(text: str) -> str:
    from html import escape

    return escape(text)
