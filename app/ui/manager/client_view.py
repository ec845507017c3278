"""The manager's client view: profile, bonus history, invitation QR code, partner bonus.

It only reads, except the partner enrolment (journaled by the teller): looking a customer up
here creates no operation at the till.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.api.errors import ApiError
from app.api.models import Client, Invitation
from app.base.i18n import translate
from app.core.customer.bonuses import SummarizedHistory
from app.core.customer.requests import CustomerRequests, InputRefused, Job, enrol_failure
from app.core.ledger.teller import Teller
from app.core.link.session import Connection
from app.ui.background.requests import Requests
from app.ui.manager.history_tab import HistoryTab
from app.ui.widgets.client_card import ClientCard, expiry_text
from app.ui.widgets.labels import ERROR_STYLE, error_label, make_label, named, touch
from app.ui.widgets.qr_view import QrCodeView

if TYPE_CHECKING:
    from app.api.imshop import ImshopClient

OK_STYLE = "color: #1b5e20; font-weight: bold;"


PARTNER_TAB = 3


class ClientView(QDialog):
    def __init__(
        self,
        connection: Connection,
        teller: Teller,
        client: Client | None = None,
        parent: QWidget | None = None,
        *,
        held: tuple[tuple[str, ...], Decimal] = ((), Decimal(0)),
    ) -> None:
        """``held``: the till's active holds for ``client`` and their points, shown as the
        cashier's card shows them."""
        super().__init__(parent)
        self.setObjectName("clientView")
        self.setWindowTitle(self.tr("Customer"))
        # At most the window it opens over, less room for its frame: a 1024×600 terminal too
        over = parent.window().size() if parent is not None else self.screen().size()
        self.resize(min(900, over.width() - 24), min(640, over.height() - 40))
        self.asks = CustomerRequests(connection, teller, held[0])
        self._held = held[1]
        self._enrol_started = 0.0
        self.requests = Requests.of(parent)

        self.search = named(QLineEdit(), "clientSearch", self.tr("Phone, card or app code"))
        self.search.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self.search.setPlaceholderText(self.tr("Look up a customer: phone, card or app code"))
        self.search.returnPressed.connect(self.look_up)
        self.search_error = error_label("clientSearchError", self.tr("Search problem"))

        self.tabs = named(QTabWidget(), "clientTabs", self.tr("Customer details"))
        self.tabs.addTab(self._profile_tab(), self.tr("Profile"))
        self.history = HistoryTab(self)
        self.tabs.addTab(self.history, self.tr("Bonus history"))
        self.tabs.addTab(self._invitation_tab(), self.tr("Invitation"))
        self.tabs.addTab(self._partner_tab(), self.tr("Partner bonus"))
        # A touch terminal has no Esc, and a till with no window manager draws no title bar
        close = touch(named(QPushButton(self.tr("Close (Esc)")), "clientClose", self.tr("Close")))
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.search_error)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
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
        buttons = QHBoxLayout()
        buttons.addWidget(self.enrol_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        # Below the button, not above: a message that appears must not move what a finger
        # is about to tap again
        layout.addWidget(self.email_error)
        layout.addWidget(self.progress)
        layout.addWidget(self.partner_result)
        if self.asks.connection.partner_insecure:
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
        if self.asks.teller.partner is None:
            self.enrol_button.setEnabled(False)
            self._partner_says(
                self.tr("The partner key is not set. Call IT to set it."), ERROR_STYLE
            )
        return tab

    # ---- looking up ------------------------------------------------------------------------

    @property
    def client(self) -> Client | None:
        return self.asks.client

    @property
    def imshop(self) -> ImshopClient | None:
        return self.asks.imshop

    def look_up(self) -> None:
        try:
            job = self.asks.look_up(self.search.text())
        except InputRefused as problem:
            self._search_problem(translate("Search", str(problem)))
            return
        self._run(job, self._found, self._search_failed)

    def refresh(self) -> None:
        """Read the customer on screen again (the balance may have changed since the cashier
        window read it: a sale was just made)."""
        job = self.asks.refresh()
        if job is not None:
            self._run(job, self._read_again, lambda _error: None)

    def _found(self, client: Client) -> None:
        self.show_client(client)

    def _read_again(self, client: Client) -> None:
        self.asks.read_again(client)  # the card only
        self.card.show_client(client, date.today())
        if self.asks.hold_ids:
            self.card.set_held(self._held)

    def _search_failed(self, error: ApiError) -> None:
        self._search_problem(error.user_message())

    def _search_problem(self, text: str) -> None:
        self.search_error.setText(text)
        self.search_error.show()

    def show_client(self, client: Client) -> None:
        self.asks.shown(client)
        self.search_error.hide()
        self.tabs.setEnabled(True)
        self.card.show_client(client, date.today())
        if self.asks.hold_ids:
            self.card.set_held(self._held)
        self.expiry.clear()
        self.email.setText(client.email or "")
        self.email_error.hide()
        if not self.asks.waiting:
            self.partner_result.clear()
        self._load_history()
        self._load_invitation()

    def _load_history(self) -> None:
        job = self.asks.history()
        self.history.loading(configured=job is not None)
        if job is not None:
            self._run(job, self._show_history, self.history.failed)

    def _load_invitation(self) -> None:
        self.qr.set_text("")
        self.link.clear()
        self.code.clear()
        job = self.asks.invitation()
        if job is None:
            self.invitation_status.setText(self.tr("The invitation service is not configured."))
            return
        self.invitation_status.setText(self.tr("Loading the invitation…"))
        self._run(job, self._show_invitation, self._invitation_failed)

    # ---- partner ---------------------------------------------------------------------------

    def enrol(self) -> None:
        if not self.asks.can_enrol:
            return
        try:
            job = self.asks.enrol(self.email.text())
        except InputRefused as problem:
            self.email_error.setText(translate("ClientView", str(problem)))
            self.email_error.show()
            self.partner_result.clear()  # the last email's result is not this one's
            return
        self.email_error.hide()
        self._run(job, self._enrolled, self._enrol_failed)
        self._enrol_started = time.monotonic()
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
        self.asks.stop_waiting()
        self._enrol_done()
        self._partner_says(
            self.tr("Stopped waiting. The partner's answer, when it comes, goes into the journal."),
            "",
        )

    def _enrol_done(self) -> None:
        self.asks.enrol_ended()
        self._tick.stop()
        self.progress.hide()
        self.stop_button.hide()
        self.enrol_button.setEnabled(self.asks.teller.partner is not None)

    def _partner_says(self, text: str, style: str) -> None:
        self.partner_result.setText(text)
        self.partner_result.setStyleSheet(style)

    # ---- replies ---------------------------------------------------------------------------

    def _run(
        self, job: Job, done: Callable[[Any], None], failed: Callable[[ApiError], None]
    ) -> None:
        """Run ``job`` in the background; what came of it is shown only while it counts."""
        self.requests.submit(
            self,
            job.call,
            done=lambda result: done(result) if job.current() else None,
            failed=lambda error: failed(error) if job.current() else None,
        )

    def _show_invitation(self, invitation: Invitation) -> None:
        fits = self.qr.set_text(invitation.url)
        self.link.setText(invitation.url)
        self._code_value, is_code = self.asks.code_of(invitation)
        label = self.tr("Code: %1") if is_code else self.tr("User ID: %1")
        self.code.setText(label.replace("%1", self._code_value))
        if fits:
            self.invitation_status.clear()
        else:
            self.invitation_status.setText(
                self.tr("The link is too long for a QR code. Copy the link below instead.")
            )
            self.invitation_status.setStyleSheet(ERROR_STYLE)

    def _show_history(self, summarized: SummarizedHistory) -> None:
        self.history.show_history(summarized)
        balance = self.asks.client.balance if self.asks.client is not None else None
        self.expiry.setText(
            expiry_text(summarized.history, summary=summarized.summary, balance=balance)
        )

    def _invitation_failed(self, error: ApiError) -> None:
        self.invitation_status.setText(error.user_message())
        self.invitation_status.setStyleSheet(ERROR_STYLE)

    def _enrolled(self, _result: object) -> None:
        self._enrol_done()
        self._partner_says(self.tr("Done: the customer will get the partner bonus."), OK_STYLE)

    def _enrol_failed(self, error: ApiError) -> None:
        self._enrol_done()
        source, fine = enrol_failure(error)
        text = translate("ClientView", source) if source else error.user_message()
        self._partner_says(text, OK_STYLE if fine else ERROR_STYLE)

    def done(self, result: int) -> None:
        self.requests.forget(self)
        self.asks.close()
        super().done(result)
