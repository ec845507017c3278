"""What became of a sale F9 sent, as a value: it went through, it is still being checked, it
proved not to have happened, nobody can tell, it was not sent, or (an offline earn) it was
recorded to be posted later.

The teller answers a retail with the operation or raises why not; :func:`outcome_of` turns that
into one of these values at the edge of core, so the checkout and the workflow decide on a
value (``match``) instead of catching exceptions — and "an earlier operation went through",
which ends the sale, is no longer a failure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.api.errors import ApiError, OutcomeUnknown
from app.core.journal.entry import Verdict
from app.core.ledger.teller_errors import BalanceUnread, EarlierOperationHappened, ReconciledUnknown

if TYPE_CHECKING:
    from app.api.models import Retail


@dataclass(frozen=True)
class Went:
    """The sale went through: this one, or (``earlier``) the unanswered one before it, which
    the balance proved; then the new one was not sent."""

    retail: Retail
    earlier: ApiError | None = None  # what the cashier is told when it was the earlier one


@dataclass(frozen=True)
class Checking:
    """The reply was lost and the settle window is not over: nothing may be repeated yet."""

    error: ReconciledUnknown

    @property
    def entry_id(self) -> int:
        return self.error.entry_id


@dataclass(frozen=True)
class NotHappened:
    """The reply was lost, and the balance proves nothing happened: it may be made again."""

    error: ReconciledUnknown


@dataclass(frozen=True)
class Unknown:
    """Nobody can tell whether it went through: the manager decides; nothing is repeated."""

    error: OutcomeUnknown


@dataclass(frozen=True)
class NotSent:
    """It did not reach the server, or the server refused it: nothing happened."""

    error: ApiError


@dataclass(frozen=True)
class Queued:
    """An offline earn was recorded in the journal (``entry_id``); it is posted later."""

    entry_id: int


SaleOutcome = Went | Checking | NotHappened | Unknown | NotSent | Queued


def outcome_of(send: Callable[[], Retail | int]) -> SaleOutcome:
    """Run the teller's retail, re-check or offline earn (which answers with its journal
    entry) and say what became of it."""
    try:
        sent = send()
        return Queued(sent) if isinstance(sent, int) else Went(sent)
    except EarlierOperationHappened as earlier:
        return Went(earlier.retail, earlier=earlier)
    except ReconciledUnknown as lost:
        if lost.verdict is Verdict.CHECKING:
            return Checking(lost)
        if lost.verdict is Verdict.NOT_HAPPENED:
            return NotHappened(lost)
        return Unknown(lost)
    except OutcomeUnknown as unknown:
        return Unknown(unknown)
    except ApiError as refused:
        return NotSent(refused)


def trouble_in(result: object) -> ApiError | None:
    """The error inside a sale's outcome (``None`` for any other reply): what it says about
    the link to the server."""
    if isinstance(result, Checking | NotHappened | Unknown | NotSent):
        if isinstance(result.error, BalanceUnread):
            return result.error.cause  # the read that failed tells of the link, not the refusal
        return result.error
    return None
