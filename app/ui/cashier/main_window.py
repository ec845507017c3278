"""The cashier window: search → card → preview → spend → hold → confirm, keyboard first.

The window turns keys into the controller's actions and the state into widgets; it decides no
workflow rule. What follows each action or reply is :mod:`app.core.sale.workflow`'s; the
:class:`~app.ui.cashier.controller.TillController` carries it out off the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QWidget,
)

from app.base.i18n import translate
from app.core.sale.checkout import Checkout
from app.core.sale.state import Phase, Sale, SpendMode
from app.ui.background.requests import Requests
from app.ui.cashier.checkout_text import CheckoutText
from app.ui.cashier.confirm import Confirmation
from app.ui.cashier.controller import TillController
from app.ui.cashier.notices import Notices
from app.ui.cashier.scanner import ScanDetector
from app.ui.cashier.screen import CashierScreen
from app.ui.cashier.window_dialogs import WindowDialogs
from app.ui.widgets import format as fmt
from app.ui.widgets.client_card import expiry_text
from app.ui.widgets.elided_label import ElidedLabel
from app.ui.widgets.labels import show_text

if TYPE_CHECKING:
    from app.chain.shipping import Shipper
    from app.core.customer.bonuses import SummarizedHistory
    from app.core.journal.store import Journal
    from app.core.ledger.recovery import RecoveryReport
    from app.core.link.session import Connection
    from app.customer_display.display import CustomerDisplay
    from app.handoff.desk import HandoffDesk
    from app.handoff.http_endpoint import HttpEndpoint
    from app.ui.settings.context import SettingsContext

log = logging.getLogger(__name__)

PREVIEW_DEBOUNCE_MS = 250


class MainWindow(QMainWindow):
    def __init__(
        self,
        connect: Callable[[], Connection],
        journal: Journal,
        *,
        training: bool,
        requests: Requests | None = None,
        chain: Shipper | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Loyalty Till"))
        self.journal = journal
        self.requests = requests or Requests.shared()
        self.controller = TillController(connect, journal, self.requests, self)
        if chain is not None:  # shipped to the chain's database after every change
            self.controller.ship_to(chain)
        self.texts = CheckoutText(self)
        self.notices = Notices(self)
        self.dialogs = WindowDialogs(self, self)
        self.recovery: RecoveryReport | None = None
        self.confirmation = Confirmation(self, self.texts, self._controls, self._confirmed)
        self._training = training
        self._generation = -1  # the customer whose inputs are on screen
        self._build()
        self._shortcuts()
        self.scanner = ScanDetector(self.search, lambda: self.confirmation.dialog is not None)
        self.scanner.scanned.connect(self._scanned)
        QApplication.instance().installEventFilter(self.scanner)  # type: ignore[union-attr]
        ctl = self.controller
        ctl.changed.connect(self._render)
        ctl.focus.connect(self._focus_on)
        ctl.photo.connect(lambda data: self.card.set_photo(data))
        ctl.expiry.connect(self._show_expiry)
        ctl.recovered.connect(self._recovered)
        self._render()

    settings_context: SettingsContext | None = None
    handoff: HandoffDesk | None = None  # the POS hand-off, when the program set one up
    handoff_http: HttpEndpoint | None = None  # its loopback HTTP endpoint, when turned on
    customer_display: CustomerDisplay | None = None  # the customer's screen or pole display

    # ---- building --------------------------------------------------------------------------

    def _build(self) -> None:
        self.cashier_screen = screen = CashierScreen()
        self.header, self.next_step = screen.header, screen.next_step
        self.search, self.search_button = screen.bar.field, screen.bar.find_button
        self.client_button, self.journal_button = (
            screen.bar.client_button,
            screen.bar.journal_button,
        )
        self.search_error = screen.bar.error
        self.card, self.panel, self.sale = screen.card, screen.panel, screen.sale
        self.setCentralWidget(screen)
        self.status_last = ElidedLabel("statusLast", mode=Qt.TextElideMode.ElideRight)
        self.status_last.setAccessibleName(self.tr("Last operation"))
        self.statusBar().addWidget(self.status_last, 1)
        # Never larger than the screen: a 1024-pixel till has no window manager to fit it.
        available = self.screen().availableGeometry()
        self.resize(min(1100, available.width()), min(720, available.height()))
        screen.fit(self.height())
        self._debounce = QTimer(self, singleShot=True, interval=PREVIEW_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.amount_changed)
        p, a = self.panel, self.sale
        self.search.returnPressed.connect(self.start_search)
        self.search.textEdited.connect(self._search_edited)
        self.search_button.clicked.connect(self.start_search)
        self.client_button.clicked.connect(self.open_client_view)
        self.journal_button.clicked.connect(self.open_journal)
        screen.bar.help_button.clicked.connect(self.show_keys)
        p.amount.textEdited.connect(lambda _text: self._debounce.start())
        p.earn_button.clicked.connect(lambda: self.choose_spend(SpendMode.NONE))
        p.max_button.clicked.connect(lambda: self.choose_spend(SpendMode.MAX))
        p.spend_field.textEdited.connect(lambda _text: self.choose_spend(SpendMode.CUSTOM))
        p.hold_button.clicked.connect(self.hold)
        p.release_button.clicked.connect(self.controller.release)
        a.confirm_button.clicked.connect(self.confirm)
        a.cancel_button.clicked.connect(self.cancel)

    def _shortcuts(self) -> None:
        """The keys of app/ui/cashier/key_help.py's table, which the help overlay lists."""
        from app.ui.cashier.key_help import HELP_KEY, KEYS

        actions: dict[str, Callable[[], None]] = {
            "focus_search": self.focus_search,
            "focus_amount": lambda: self._focus(self.panel.amount),
            "earn_only": lambda: self.choose_spend(SpendMode.NONE),
            "hold": self.hold,
            "focus_minutes": lambda: self._focus(self.panel.minutes),
            "spend_max": lambda: self.choose_spend(SpendMode.MAX),
            "focus_points": lambda: self._focus(self.panel.spend_field),
            "release": self.controller.release,
            "confirm": self.confirm,
            "cancel": self.cancel,
            "open_client_view": self.open_client_view,
            "open_journal": self.open_journal,
            "open_settings": self.open_settings,
            "copy_for_pos": self.copy_for_pos,
        }
        bindings = [(key, actions[action]) for action, key, _text in KEYS]
        for key, action in [*bindings, (HELP_KEY, self.show_keys)]:
            shortcut = QShortcut(key, self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(action)

    def show_keys(self) -> None:
        """The keys, listed for a new cashier (Shift+F1, or the «?» button)."""
        from app.ui.cashier.key_help import KeyHelp

        help_window = KeyHelp(self)
        help_window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        help_window.finished.connect(lambda _result: self.focus_search())
        self.key_help = help_window
        help_window.open()

    # ---- connection ------------------------------------------------------------------------

    def start_session(self) -> None:
        """Connect in the background (training mode starts the sandbox here)."""
        self.controller.start()

    def reconnect(self, connect: Callable[[], Connection], *, training: bool) -> bool:
        """Switch to another profile: the customer on screen is cancelled (holds released)
        first. Refused while an operation is being sent or confirmed. With nobody on screen
        nothing is cancelled: what the cashier is typing or scanning, and an amount the POS
        handed over, stay (the first connection comes while the cashier may already type)."""
        if (
            self.controller.checkout.phase is Phase.SUBMITTING
            or self.confirmation.dialog is not None
        ):
            return False
        if self.controller.checkout.phase is not Phase.IDLE:
            self.cancel()
        self._training = training
        self.controller.start(connect)
        return True

    def _recovered(self, report: RecoveryReport) -> None:
        self.recovery = report
        self.notices.recovery(report)

    # ---- keys ------------------------------------------------------------------------------

    def focus_search(self) -> None:
        self._focus(self.search)
        self.search.selectAll()

    def _focus(self, widget: QWidget) -> None:
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _focus_on(self, target: str) -> None:
        if target == "amount":
            self._focus(self.panel.amount)
        elif target == "search" or not self.search.text():
            self.focus_search()

    def _scanned(self, text: str) -> None:
        self.search.setText(text)
        self.controller.flow.typed_in_search()
        self.start_search()

    def _search_edited(self, _text: str) -> None:
        self.controller.flow.typed_in_search()

    def start_search(self) -> None:
        """Enter in the search: what it means is the workflow's (:meth:`Workflow.on_enter`)."""
        what = self.controller.flow.on_enter(self.search.text())
        if what is None:
            self._render()
            return
        if what != self.search.text():
            self.search.setText(what)
        self.controller.search(what)

    def amount_changed(self) -> None:
        self.controller.amount_typed(self.panel.amount.text())

    def fill_amount(self, text: str) -> None:
        """An amount handed over by the POS: into the field, and the preview asked at once."""
        self._debounce.stop()
        self.panel.amount.setText(text)
        self.amount_changed()
        self._focus(self.panel.amount)

    def show_handoff_waiting(self) -> None:
        """A sale came from the POS before its customer: the next-step line says so."""
        self.focus_search()
        self._render()

    def copy_for_pos(self) -> None:
        """F1: "to pay" and the points to take off, tab-separated, for a POS to paste."""
        c = self.controller.checkout
        figures = c.for_pos()
        if figures is None:
            self.status_last.set_full_text(translate("Checkout", c.for_pos_refusal()))
            return
        to_pay, points = figures
        QApplication.clipboard().setText(f"{fmt.amount_input(to_pay)}\t{fmt.points(points)}")
        self.status_last.set_full_text(
            self.tr("Copied for the POS: to pay %1, points %2.")
            .replace("%1", fmt.money(to_pay))
            .replace("%2", fmt.points(points))
        )

    def choose_spend(self, mode: SpendMode) -> None:
        c = self.controller.checkout
        if self._debounce.isActive():
            self._debounce.stop()
            self.amount_changed()  # the choice is made against the amount as typed now
        self.controller.choose_spend(mode, self.panel.spend_field.text())
        if mode is SpendMode.NONE and c.spend_mode is SpendMode.NONE:
            self.panel.spend_field.clear()
        self._render()

    def hold(self) -> None:
        if self.confirmation.dialog is None:
            self.controller.hold(self.panel.minutes.value())

    def confirm(self) -> None:
        """F9: the confirmation of exactly what would be sent, drawn from the sale."""
        if self.confirmation.dialog is not None:
            return
        self._debounce.stop()
        c = self.controller.checkout
        typed = self.panel.amount.text().strip()
        editing = c.phase in (Phase.CUSTOMER, Phase.OFFLINE)
        if editing and typed and c.amount is None and c.amount_problem is None:
            self.amount_changed()  # F9 right after typing: the preview is asked for now
        if self.controller.confirm_allowed():
            self.confirmation.open(c)

    def _confirmed(self, sale: Sale | None, scanned: str) -> None:
        """The confirmation closed: ``sale`` is sent (``None``: Back); a scan that came
        meanwhile waits in the search field, never confirming anything."""
        self.reactivate()
        if scanned:
            self.search.setText(scanned)
            self.controller.flow.scanned_during_confirmation()
            self.focus_search()
            self.search.deselect()
        if sale is not None:
            self.controller.submit(sale)
            if not scanned:
                self.focus_search()  # typing during the sale goes to the next customer
        elif not scanned:
            self._focus(self.panel.amount)
        self._render()

    def _controls(self, *, enabled: bool) -> None:
        central = self.centralWidget()
        if central is not None:
            central.setEnabled(enabled)

    @property
    def confirm_open(self) -> bool:
        return self.confirmation.dialog is not None

    def bring_to_front(self) -> None:
        """Show the window (from minimised too) and take the keyboard."""
        if self.isMinimized():
            self.showNormal()
        else:
            self.show()
        self.reactivate()

    def reactivate(self) -> None:
        """Take keyboard focus back after a dialog: a till has no window manager to do it."""
        self.raise_()
        self.activateWindow()

    def cancel(self) -> None:
        if self.confirmation.dialog is not None:
            return
        if self.controller.checkout.phase is Phase.IDLE and self.handoff is not None:
            self.handoff.drop_waiting()  # Esc on an empty screen: the POS's amount is not wanted
        self.controller.cancel()
        if self.controller.checkout.phase is Phase.IDLE:
            self.search.clear()
            self.focus_search()

    # ---- other windows ---------------------------------------------------------------------

    def open_client_view(self) -> None:
        self.dialogs.show_client_view()

    def open_journal(self) -> None:
        self.dialogs.show_journal()

    def open_settings(self) -> None:
        self.dialogs.show_settings()

    # ---- drawing ---------------------------------------------------------------------------

    def _render(self) -> None:
        c, ctl = self.controller.checkout, self.controller
        if c.generation != self._generation:  # a new customer: the inputs start empty
            self._generation = c.generation
            self._debounce.stop()
            self.panel.clear_inputs()
        self.card.follow(c)
        self.panel.show_checkout(c, self.texts, ctl.flow)
        self.sale.confirm_button.setEnabled(c.confirm_problem() is None)
        self.search_button.setEnabled(c.phase is not Phase.SUBMITTING)
        self.header.show_state(
            ctl.connection,
            ctl.flow.link,
            training=self._training,
            problem=ctl.config_problem,
            counts=ctl.flow.counts,
            clock_offset=ctl.clock_offset,
        )
        step = self.texts.next_step(c, ready=ctl.flow.ready)
        waiting = self.handoff.waiting if self.handoff is not None else None
        if waiting is not None:  # an amount from the POS waits for its customer's card
            step = (
                self.tr("From the POS: %1. %2")
                .replace("%1", fmt.money(waiting))
                .replace("%2", step)
            )
        self.next_step.setText(step)
        search_message = ctl.flow.message("search")
        show_text(self.search_error, search_message.text if search_message else "")
        self._render_result(c)
        # The status bar says only what is still true, and never repeats the result panel.
        last = ctl.flow.message("last")
        self.status_last.set_full_text(last.text if last else "")

    def _show_expiry(self, history: SummarizedHistory) -> None:
        """What expires next, of the balance the card shows now (after a sale, the new one)."""
        c = self.controller.checkout
        balance = c.balance_after
        if balance is None and c.client is not None:
            balance = c.client.balance
        text = expiry_text(history.history, summary=history.summary, balance=balance)
        self.card.expiry.setText(text)

    def _render_result(self, c: Checkout) -> None:
        lines, kind = self.texts.result_panel(c, self.controller.flow.message("action"))
        self.sale.show_result(lines, kind)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.cashier_screen.fit(event.size().height())
        super().resizeEvent(event)

    # ---- closing ---------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """Release our hold (best effort, bounded) and stop delivering replies."""
        self.controller.close()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.scanner)
        super().closeEvent(event)
