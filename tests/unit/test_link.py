"""What the replies say of the link (app/core/link/state.py): offline since the first failure of an
outage, whether the outage is proved (nothing left the machine), and back on the first answer."""

from __future__ import annotations

from app.api.errors import ApiTimeout, ClientNotFound, KeyRejected, OutcomeUnknown, Unreachable
from app.core.journal.entry import Verdict
from app.core.ledger.teller_errors import ReconciledUnknown
from app.core.link.state import Link, LinkState, probe_answered, retry_delay


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def test_an_outage_is_dated_from_its_first_failure_and_ends_with_an_answer() -> None:
    clock = Clock()
    state = LinkState(clock=clock)
    state.answered(Unreachable("refused"))
    assert (state.link, state.offline_since, state.unreachable) == (Link.OFFLINE, 1_000.0, True)
    clock.now += 60
    state.answered(ApiTimeout("no reply in time"))  # still down: the same outage
    assert state.offline_since == 1_000.0
    assert state.unreachable is False  # a server that may have been reached
    state.answered(None)
    assert (state.link, state.offline_since, state.unreachable) == (Link.CONNECTED, None, False)


def test_a_lost_reply_whose_re_read_worked_is_an_answer() -> None:
    state = LinkState(clock=Clock())
    state.answered(Unreachable("refused"))
    lost = ReconciledUnknown(ApiTimeout("t"), Verdict.CHECKING, 1, server_reachable=True)
    state.answered(lost)
    assert state.link is Link.CONNECTED and state.offline_since is None


def test_an_unknown_outcome_of_a_timeout_is_offline() -> None:
    state = LinkState(clock=Clock())
    state.answered(OutcomeUnknown(ApiTimeout("t")))
    assert state.link is Link.OFFLINE and state.offline_since == 1_000.0


def test_a_rejected_key_is_a_configuration_problem_not_an_outage() -> None:
    state = LinkState(clock=Clock())
    state.answered(KeyRejected("401"))
    assert state.config_problem and state.offline_since is None


def test_another_profile_forgets_the_last_servers_outage() -> None:
    state = LinkState(clock=Clock())
    state.answered(Unreachable("refused"))
    state.connecting(new_profile=False)
    assert state.offline_since == 1_000.0  # the same server, connecting again
    state.connecting(new_profile=True)
    assert state.offline_since is None and not state.unreachable


def test_the_probe_waits_longer_each_time_up_to_a_minute_with_jitter() -> None:
    lowest = [retry_delay(n, rand=lambda: 0.0) for n in range(8)]
    highest = [retry_delay(n, rand=lambda: 1.0) for n in range(8)]
    assert highest == [2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0, 60.0]
    assert lowest == [h / 2 for h in highest]  # thirty tills spread over half the delay


def test_a_customer_not_found_is_the_probes_answer() -> None:
    assert probe_answered(ClientNotFound({"client": "not found"})) is None
    refused = Unreachable("refused")
    assert probe_answered(refused) is refused
    assert probe_answered(None) is None
