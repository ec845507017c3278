"""The customer view's requests without its widgets (app/core/customer/requests.py): which
replies still count, what an email must be, and what an enrolment's failure means. Calls go to
the real sandbox."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.api.errors import ApiTimeout, OutcomeUnknown, PartnerRejected, ProtocolError
from app.core.customer.requests import (
    CustomerRequests,
    InputRefused,
    enrol_failure,
    normalised_email,
)
from app.core.journal.entry import Kind
from app.core.ledger.teller import Teller
from app.sandbox import demo
from app.sandbox.server import SandboxServer
from app.training import training_connection

IVAN, MARIA = demo.CLIENTS[0], demo.CLIENTS[1]


@pytest.fixture
def asks(sandbox: SandboxServer, teller: Teller) -> Iterator[CustomerRequests]:
    requests = CustomerRequests(training_connection(sandbox.url), teller)
    yield requests
    requests.close()


def test_a_reply_for_the_customer_before_does_not_count(asks: CustomerRequests) -> None:
    first = asks.look_up(IVAN.phone)
    found = first.call()
    assert found.id == IVAN.id and first.current()
    asks.shown(found)
    history, invitation = asks.history(), asks.invitation()
    assert history is not None and invitation is not None
    second = asks.look_up(MARIA.phone)  # the manager looked someone else up meanwhile
    assert not first.current() and not history.current() and not invitation.current()
    assert second.current()
    assert second.call().id == MARIA.id


def test_the_history_and_invitation_are_of_the_customer_shown(asks: CustomerRequests) -> None:
    assert asks.history() is None and asks.refresh() is None  # nobody on screen
    asks.shown(asks.look_up(IVAN.phone).call())
    history, invitation = asks.history(), asks.invitation()
    assert history is not None and invitation is not None
    assert len(history.call().history.bonuses) == 4
    code, is_code = asks.code_of(invitation.call())
    assert code and isinstance(is_code, bool)


def test_an_unsearchable_text_is_refused_before_anything_is_sent(asks) -> None:
    with pytest.raises(InputRefused):
        asks.look_up("  ")
    assert asks.client is None


@pytest.mark.parametrize("email", ["", "   ", "ivan@", "not an address"])
def test_an_email_must_be_an_address(email: str) -> None:
    with pytest.raises(InputRefused):
        normalised_email(email)


def test_an_email_is_normalised() -> None:
    assert normalised_email("  Ivan@Example.RU ") == "Ivan@example.ru"


def test_stopping_the_wait_drops_the_reply_and_the_journal_still_gets_it(
    asks: CustomerRequests, teller: Teller
) -> None:
    asks.shown(asks.look_up(IVAN.phone).call())
    job = asks.enrol("ivan.partner@example.ru")
    assert asks.waiting and not asks.can_enrol  # one enrolment at a time
    asks.stop_waiting()
    assert not job.current() and asks.can_enrol
    job.call()  # the request went on
    [entry] = [e for e in teller.journal.entries() if e.kind is Kind.ENROL]
    assert entry.client_id == IVAN.id


def test_what_an_enrolment_failure_says() -> None:
    assert enrol_failure(PartnerRejected(10)) == (None, True)  # the partner had the email
    assert enrol_failure(PartnerRejected(11)) == (None, False)
    unknown_time, fine = enrol_failure(OutcomeUnknown(ApiTimeout("slow")))
    assert unknown_time is not None and "in time" in unknown_time and not fine
    garbled, fine = enrol_failure(OutcomeUnknown(ProtocolError("HTML")))
    assert garbled is not None and "understood" in garbled and not fine
    assert enrol_failure(ProtocolError("refused")) == (None, False)
