"""The manager's client view: profile, bonus history, invitation QR code, partner bonus.

It only reads, except the partner enrolment (journaled by the teller): looking a customer up
here creates no operation at the till.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from email_validator import EmailNotValidError, validate_email
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.api.errors import (
    ApiError,
    ApiTimeout,
    ConnectionFailed,
    OutcomeUnknown,
    PartnerRejected,
)
from app.api.models import BonusHistory, Client, Invitation
from app.core.bonuses import BonusSummary, SummarizedHistory, summarized
from app.core.search import normalise_search, search_problem
from app.core.session import Connection
from app.core.teller import Teller
from app.i18n import translate
from app.ui import format as fmt
from app.ui.card import ClientCard, expiry_text
from app.ui.checkout_panel import ERROR_STYLE, error_label, make_label, named
from app.ui.history_model import HistoryFilter, HistoryModel
from app.ui.qr_view import QrCodeView
from app.ui.requests import Requests

OK_STYLE = "color: #1b5e20; font-weight: bold;"


@dataclass(frozen=True)
class Ask:
    kind: str
    generation: int


PARTNER_TAB = 3


class ClientView(QDialog):
    def __init__(
        self,
        connection: Connection,
        teller: Teller,
        client: Client | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("clientView")
        self.setWindowTitle(self.tr("Customer"))
        self.resize(900, 640)
        self.connection = connection
        self.teller = teller
        self.loyalty = teller.loyalty
        self.imshop = connection.imshop_client()
        self.client: Client | None = None
        self._generation = 0  # the customer shown; replies for another are dropped
        self._enrol_serial = 0  # the enrolment waited for; "stop waiting" moves it on
        self._enrol_started = 0.0
        self._waiting = False
        self.requests = Requests.of(parent)

        self.search = named(QLineEdit(), "clientSearch", self.tr("Phone, card or app code"))
        self.search.setPlaceholderText(self.tr("Look up a customer: phone, card or app code"))
        self.search.returnPressed.connect(self.look_up)
        self.search_error = error_label("clientSearchError", self.tr("Search problem"))

        self.tabs = named(QTabWidget(), "clientTabs", self.tr("Customer details"))
        self.tabs.addTab(self._profile_tab(), self.tr("Profile"))
        self.tabs.addTab(self._history_tab(), self.tr("Bonus history"))
        self.tabs.addTab(self._invitation_tab(), self.tr("Invitation"))
        self.tabs.addTab(self._partner_tab(), self.tr("Partner bonus"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.search_error)
        layout.addWidget(self.tabs, 1)
        for number in range(4):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number + 1}"), self)
            shortcut.activated.connect(lambda n=number: self.tabs.setCurrentIndex(n))
        # On the partner tab the keyboard goes to the email, so that its "(Enter)" enrols.
        self.tabs.currentChanged.connect(
            lambda index: self.email.setFocus() if index == PARTNER_TAB else None
        )
        if client is not None:
            self.show_client(client)
            self.refresh()
        else:
            self.tabs.setEnabled(False)

    # ---- tabs ------------------------------------------------------------------------------

    def _profile_tab(self) -> QWidget:
        self.card = ClientCard()
        self.expiry = make_label("clientExpiry")
        self.expiry.setAccessibleName(self.tr("Expiring points"))
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.card, 1)
        layout.addWidget(self.expiry)
        return tab

    def _history_tab(self) -> QWidget:
        self.history_model = HistoryModel(self)
        self.history_proxy = HistoryFilter(self)
        self.history_proxy.setSourceModel(self.history_model)
        self.history_filter = named(QLineEdit(), "historyFilter", self.tr("Search descriptions"))
        self.history_filter.setPlaceholderText(self.tr("Search in descriptions"))
        self.history_filter.textChanged.connect(self.history_proxy.setFilterFixedString)
        self.history_table = named(QTableView(), "historyTable", self.tr("Bonus history"))
        self.history_table.setModel(self.history_proxy)
        self.history_table.setSortingEnabled(True)
        self.history_table.sortByColumn(HistoryModel.ACTIVATION, Qt.SortOrder.DescendingOrder)
        self.history_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history_table.verticalHeader().setDefaultSectionSize(24)
        self.history_table.verticalHeader().hide()
        header = self.history_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(HistoryModel.DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        # Fixed widths from the text a cell can hold: measuring 10,000 rows would stall.
        metrics = self.history_table.fontMetrics()
        for column, sample in (
            (HistoryModel.ADDED, "100 000"),
            (HistoryModel.EXPIRED, "100 000"),
            (HistoryModel.ACTIVATION, "00.00.0000 00:00"),
            (HistoryModel.EXPIRATION, "00.00.0000 00:00"),
        ):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 24)
        self.history_totals = make_label("historyTotals")
        self.history_status = make_label("historyStatus")
        self.history_status.setWordWrap(True)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.history_filter)
        layout.addWidget(self.history_table, 1)
        layout.addWidget(self.history_totals)
        layout.addWidget(self.history_status)
        return tab

    def _invitation_tab(self) -> QWidget:
        self.qr = QrCodeView()
        self.link = make_label("invitationLink")
        self.link.setTextFormat(Qt.TextFormat.PlainText)
        self.link.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code = make_label("invitationCode")
        self.code.setTextFormat(Qt.TextFormat.PlainText)
        font = self.code.font()
        font.setPointSize(20)
        font.setBold(True)
        self.code.setFont(font)
        self.invitation_status = make_label("invitationStatus")
        self.invitation_status.setWordWrap(True)
        copy_link = named(QPushButton(self.tr("Copy link")), "copyLink", self.tr("Copy link"))
        copy_link.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.link.text()))
        copy_code = named(QPushButton(self.tr("Copy code")), "copyCode", self.tr("Copy code"))
        self._code_value = ""
        copy_code.clicked.connect(lambda: QGuiApplication.clipboard().setText(self._code_value))
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.qr, 1)
        for label, button in ((self.link, copy_link), (self.code, copy_code)):
            row = QHBoxLayout()
            row.addWidget(label, 1)
            row.addWidget(button)
            layout.addLayout(row)
        layout.addWidget(self.invitation_status)
        return tab

    def _partner_tab(self) -> QWidget:
        self.email = named(QLineEdit(), "partnerEmail", self.tr("Customer's email"))
        self.email.returnPressed.connect(self.enrol)
        self.email_error = error_label("partnerEmailError", self.tr("Email problem"))
        self.enrol_button = named(
            QPushButton(self.tr("Enrol with the partner (Enter)")),
            "enrolButton",
            self.tr("Enrol with the partner"),
        )
        self.enrol_button.clicked.connect(self.enrol)
        self.stop_button = named(
            QPushButton(self.tr("Stop waiting")),
            "stopWaiting",
            self.tr("Stop waiting for the partner"),
        )
        self.stop_button.clicked.connect(self.stop_waiting)
        self.stop_button.hide()
        self.progress = named(QProgressBar(), "enrolProgress", self.tr("Waiting for the partner"))
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.partner_result = make_label("partnerResult")
        self.partner_result.setWordWrap(True)
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._show_waiting)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(make_label("partnerCaption", self.tr("Email for the partner bonus")))
        layout.addWidget(self.email)
        layout.addWidget(self.email_error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.enrol_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.partner_result)
        if self.connection.partner_insecure:
            note = make_label(
                "partnerInsecure",
                self.tr(
                    "The partner's address is plain http, as its document gives it: the email "
                    "travels unencrypted."
                ),
            )
            note.setWordWrap(True)
            note.setStyleSheet("color: #e65100;")
            layout.addWidget(note)
        layout.addStretch(1)
        if self.teller.partner is None:
            self.enrol_button.setEnabled(False)
            self._partner_says(
                self.tr("The partner key is not set. Call IT to set it."), ERROR_STYLE
            )
        return tab

    # ---- looking up ------------------------------------------------------------------------

    def look_up(self) -> None:
        problem = search_problem(self.search.text())
        if problem:
            self._search_problem(translate("Search", problem))
            return
        self._generation += 1
        key = normalise_search(self.search.text())
        loyalty = self.loyalty
        self._ask(Ask("search", self._generation), lambda: loyalty.search(key))

    def refresh(self) -> None:
        """Read the customer on screen again (the balance may have changed since the cashier
        window read it: a sale was just made)."""
        if self.client is None:
            return
        key = self.client.phone or self.client.id
        loyalty = self.loyalty
        self._ask(Ask("refresh", self._generation), lambda: loyalty.search(key))

    def _search_problem(self, text: str) -> None:
        self.search_error.setText(text)
        self.search_error.show()

    def show_client(self, client: Client) -> None:
        self._generation += 1
        self.client = client
        self.search_error.hide()
        self.tabs.setEnabled(True)
        self.card.show_client(client, date.today())
        self.expiry.clear()
        self.email.setText(client.email or "")
        self.email_error.hide()
        if not self._waiting:
            self.partner_result.clear()
        self._load_history(client)
        self._load_invitation(client)

    def _load_history(self, client: Client) -> None:
        self.history_model.set_entries([])
        self.history_totals.clear()
        if self.imshop is None or not self.imshop.history_url:
            self.history_status.setText(self.tr("The bonus history service is not configured."))
            return
        self.history_status.setText(self.tr("Loading the history…"))
        imshop, user = self.imshop, self.connection.imshop_user(client)

        self._ask(Ask("history", self._generation), lambda: summarized(imshop.bonus_history(user)))

    def _load_invitation(self, client: Client) -> None:
        self.qr.set_text("")
        self.link.clear()
        self.code.clear()
        if self.imshop is None or not self.imshop.invitation_url:
            self.invitation_status.setText(self.tr("The invitation service is not configured."))
            return
        self.invitation_status.setText(self.tr("Loading the invitation…"))
        imshop, user = self.imshop, self.connection.imshop_user(client)
        self._ask(Ask("invitation", self._generation), lambda: imshop.invitation(user))

    # ---- partner ---------------------------------------------------------------------------

    def email_problem(self) -> str | None:
        email = self.email.text().strip()
        if not email:
            return self.tr("Enter the customer's email.")
        try:
            validate_email(email, check_deliverability=False)
        except EmailNotValidError:
            return self.tr("This is not a valid email address. Check it with the customer.")
        return None

    def enrol(self) -> None:
        if self.client is None or self.teller.partner is None or self._waiting:
            return
        problem = self.email_problem()
        if problem:
            self.email_error.setText(problem)
            self.email_error.show()
            self.partner_result.clear()  # the last email's result is not this one's
            return
        self.email_error.hide()
        email = validate_email(self.email.text().strip(), check_deliverability=False).normalized
        teller, client_id = self.teller, self.client.id
        self._enrol_serial += 1
        self._ask(
            Ask("enrol", self._enrol_serial), lambda: teller.enrol(email, client_id=client_id)
        )
        self._enrol_started = time.monotonic()
        self._waiting = True
        self.enrol_button.setEnabled(False)
        self.stop_button.show()
        self.progress.show()
        self._tick.start()
        self._show_waiting()

    def _show_waiting(self) -> None:
        seconds = int(time.monotonic() - self._enrol_started)
        self._partner_says(self.tr("Waiting for the partner… %1 s").replace("%1", str(seconds)), "")

    def stop_waiting(self) -> None:
        """Stop waiting; the request goes on and its outcome is written to the journal."""
        self._enrol_serial += 1
        self._enrol_done()
        self._partner_says(
            self.tr("Stopped waiting. The partner's answer, when it comes, goes into the journal."),
            "",
        )

    def _enrol_done(self) -> None:
        self._waiting = False
        self._tick.stop()
        self.progress.hide()
        self.stop_button.hide()
        self.enrol_button.setEnabled(self.teller.partner is not None)

    def _partner_says(self, text: str, style: str) -> None:
        self.partner_result.setText(text)
        self.partner_result.setStyleSheet(style)

    # ---- replies ---------------------------------------------------------------------------

    def _ask(self, ask: Ask, call: Callable[[], object]) -> None:
        self.requests.submit(
            self,
            call,
            done=lambda result: self._finished(ask, result),
            failed=lambda error: self._failed(ask, error),
        )

    def _current(self, ask: Ask) -> bool:
        if ask.kind == "enrol":
            return ask.generation == self._enrol_serial
        return ask.generation == self._generation

    def _finished(self, ask: Ask, result: object) -> None:
        if not self._current(ask):
            return
        if ask.kind == "search" and isinstance(result, Client):
            self.show_client(result)
        elif ask.kind == "refresh" and isinstance(result, Client):
            self.client = result  # the same customer, read again: the card only
            self.card.show_client(result, date.today())
        elif ask.kind == "history" and isinstance(result, SummarizedHistory):
            self._show_history(result.history, result.summary)
        elif ask.kind == "invitation" and isinstance(result, Invitation):
            fits = self.qr.set_text(result.url)
            self.link.setText(result.url)
            self._code_value = result.referral_code or (
                self.connection.imshop_user(self.client) if self.client else ""
            )
            label = self.tr("Code: %1") if result.referral_code else self.tr("User ID: %1")
            self.code.setText(label.replace("%1", self._code_value))
            if fits:
                self.invitation_status.clear()
            else:
                self.invitation_status.setText(
                    self.tr("The link is too long for a QR code. Copy the link below instead.")
                )
                self.invitation_status.setStyleSheet(ERROR_STYLE)
        elif ask.kind == "enrol":
            self._enrol_done()
            self._partner_says(self.tr("Done: the customer will get the partner bonus."), OK_STYLE)

    def _show_history(self, history: BonusHistory, summary: BonusSummary) -> None:
        self.history_model.set_entries(list(history.bonuses))
        header = self.history_table.horizontalHeader()
        self.history_model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.history_totals.setText(
            self.tr("Added %1 points · expired %2 points · %3 entries")
            .replace("%1", fmt.points(summary.added))
            .replace("%2", fmt.points(summary.expired))
            .replace("%3", str(len(history.bonuses)))
        )
        self.history_status.setText("" if history.bonuses else self.tr("No bonus history."))
        self.history_status.setStyleSheet("")
        self.expiry.setText(expiry_text(history, summary=summary))

    def _failed(self, ask: Ask, error: ApiError) -> None:
        if not self._current(ask):
            return
        if ask.kind == "search":
            self._search_problem(error.user_message())
        elif ask.kind == "history":
            # The protocol: any other reply means "no history". The table stays empty, and
            # the manager is told the service failed rather than answered empty.
            self.history_status.setText(
                self.tr(
                    "The history service did not answer properly, so no history is shown: %1"
                ).replace("%1", error.user_message())
            )
            self.history_status.setStyleSheet(ERROR_STYLE)
        elif ask.kind == "invitation":
            self.invitation_status.setText(error.user_message())
            self.invitation_status.setStyleSheet(ERROR_STYLE)
        elif ask.kind == "enrol":
            self._enrol_done()
            if isinstance(error, PartnerRejected) and error.already_done:
                self._partner_says(error.user_message(), OK_STYLE)
            elif isinstance(error, OutcomeUnknown) and isinstance(
                error.cause, ApiTimeout | ConnectionFailed
            ):
                self._partner_says(
                    self.tr(
                        "The partner did not answer in time, so it is not known whether the "
                        "customer was enrolled. Trying again is safe: the partner recognises an "
                        "email it already has and says so."
                    ),
                    ERROR_STYLE,
                )
            elif isinstance(error, OutcomeUnknown):
                self._partner_says(
                    self.tr(
                        "The partner answered, but its answer could not be understood, so it is "
                        "not known whether the customer was enrolled. Trying again is safe: the "
                        "partner recognises an email it already has. If it happens again, tell "
                        "IT."
                    ),
                    ERROR_STYLE,
                )
            else:
                self._partner_says(error.user_message(), ERROR_STYLE)

    def done(self, result: int) -> None:
        self.requests.forget(self)
        if self.imshop is not None:
            self.imshop.close()
        super().done(result)
