"""The manager's customer view without its widgets: which requests it makes, which of their
replies still count, and what an enrolment's failure means.

Every request is a :class:`Job`: its call (run off the GUI thread) and whether its reply is
still wanted. A look-up, a refresh, the history and the invitation belong to the customer on
screen (a new customer makes the older replies stale); an enrolment belongs to the wait the
manager may stop (its outcome still reaches the journal, through the teller).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from email_validator import EmailNotValidError, validate_email

from app.api.errors import ApiError, ApiTimeout, ConnectionFailed, OutcomeUnknown, PartnerRejected
from app.base.i18n import QT_TRANSLATE_NOOP
from app.core.customer.bonuses import SummarizedHistory, summarized
from app.core.sale.search import normalise_search, search_problem

if TYPE_CHECKING:
    from app.api.imshop import ImshopClient
    from app.api.models import Client, Invitation
    from app.core.ledger.teller import Teller
    from app.core.link.session import Connection


@dataclass(frozen=True)
class Job:
    """A call to run in the background, and whether its reply still counts when it comes."""

    call: Callable[[], Any]
    current: Callable[[], bool]


class InputRefused(ValueError):
    """What the manager typed cannot be sent (source text, context ``ClientView``)."""


class CustomerRequests:
    def __init__(
        self, connection: Connection, teller: Teller, hold_ids: tuple[str, ...] = ()
    ) -> None:
        self.connection = connection
        self.teller = teller
        # The holds the till has for the customer it opened with: their points are this
        # till's, so the balance is read as the cashier's card shows it (not less the hold).
        self.hold_ids = hold_ids
        self.imshop: ImshopClient | None = connection.imshop_client()
        self.client: Client | None = None
        self._generation = 0  # the customer shown; replies for another are dropped
        self._enrol_serial = 0  # the enrolment waited for; "stop waiting" moves it on
        self.waiting = False  # an enrolment is being waited for

    def _for_customer(self, call: Callable[[], Any]) -> Job:
        generation = self._generation
        return Job(call, lambda: generation == self._generation)

    # ---- the customer ----------------------------------------------------------------------

    def look_up(self, text: str) -> Job:
        """A new customer by phone, card or code; raises :class:`InputRefused` (context
        ``Search``) when the text cannot be searched."""
        problem = search_problem(text)
        if problem:
            raise InputRefused(problem)
        self._generation += 1
        self.hold_ids = ()  # another customer: the till's holds are not theirs
        key, loyalty = normalise_search(text), self.teller.loyalty
        return self._for_customer(lambda: loyalty.search(key))

    def shown(self, client: Client) -> None:
        """``client`` is on screen now: the replies for anyone before are stale."""
        self._generation += 1
        self.client = client

    def read_again(self, client: Client) -> None:
        """The customer on screen, read again: the same customer, so no reply goes stale."""
        self.client = client

    def refresh(self) -> Job | None:
        """The customer on screen read again (the balance may have changed since)."""
        if self.client is None:
            return None
        key, loyalty, holds = (
            self.client.phone or self.client.id,
            self.teller.loyalty,
            self.hold_ids,
        )
        return self._for_customer(lambda: loyalty.search(key, hold_ids=holds))

    def history(self) -> Job | None:
        """The bonus history with its summary; ``None`` when the service is not set up."""
        imshop = self.imshop
        if self.client is None or imshop is None or not imshop.history_url:
            return None
        user = self.connection.imshop_user(self.client)

        def read() -> SummarizedHistory:
            return summarized(imshop.bonus_history(user))

        return self._for_customer(read)

    def invitation(self) -> Job | None:
        imshop = self.imshop
        if self.client is None or imshop is None or not imshop.invitation_url:
            return None
        user = self.connection.imshop_user(self.client)

        def read() -> Invitation:
            return imshop.invitation(user)

        return self._for_customer(read)

    def code_of(self, invitation: Invitation) -> tuple[str, bool]:
        """What the manager reads out: the referral code, else the user ID (``False``)."""
        if invitation.referral_code:
            return invitation.referral_code, True
        return (self.connection.imshop_user(self.client) if self.client else ""), False

    # ---- the partner's bonus ---------------------------------------------------------------

    @property
    def can_enrol(self) -> bool:
        return self.client is not None and self.teller.partner is not None and not self.waiting

    def enrol(self, email: str) -> Job:
        """Enrol the customer on screen with ``email``; raises :class:`InputRefused` when the
        email is missing or not an address."""
        assert self.client is not None
        address = normalised_email(email)
        teller, client_id = self.teller, self.client.id
        self._enrol_serial += 1
        serial = self._enrol_serial
        self.waiting = True
        return Job(
            lambda: teller.enrol(address, client_id=client_id),
            lambda: serial == self._enrol_serial,
        )

    def enrol_ended(self) -> None:
        self.waiting = False

    def stop_waiting(self) -> None:
        """The manager stopped waiting: the enrolment goes on, its reply is not shown."""
        self._enrol_serial += 1
        self.waiting = False

    def close(self) -> None:
        if self.imshop is not None:
            self.imshop.close()


def normalised_email(email: str) -> str:
    text = email.strip()
    if not text:
        raise InputRefused(QT_TRANSLATE_NOOP("ClientView", "Enter the customer's email."))
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError:
        raise InputRefused(
            QT_TRANSLATE_NOOP(
                "ClientView", "This is not a valid email address. Check it with the customer."
            )
        ) from None


def enrol_failure(error: ApiError) -> tuple[str | None, bool]:
    """What the manager reads when an enrolment failed: a source text of context
    ``CustomerView`` (``None``: the error's own message), and whether it reads as success
    (the partner already had the email)."""
    if isinstance(error, PartnerRejected) and error.already_done:
        return None, True
    if isinstance(error, OutcomeUnknown) and isinstance(error.cause, ApiTimeout | ConnectionFailed):
        return QT_TRANSLATE_NOOP(
            "ClientView",
            "The partner did not answer in time, so it is not known whether the customer was "
            "enrolled. Trying again is safe: the partner recognises an email it already has "
            "and says so.",
        ), False
    if isinstance(error, OutcomeUnknown):
        return QT_TRANSLATE_NOOP(
            "ClientView",
            "The partner answered, but its answer could not be understood, so it is not known "
            "whether the customer was enrolled. Trying again is safe: the partner recognises an "
            "email it already has. If it happens again, tell IT.",
        ), False
    return None, False
