"""A journal entry as the program reads it: its kind, its state, what reconciliation decided,
and how a row of the ``entries`` table becomes one."""

from __future__ import annotations

import enum
import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any


class Kind(enum.StrEnum):
    HOLD = "hold"
    RELEASE = "release"
    RETAIL = "retail"
    ENROL = "enrol"


class State(enum.StrEnum):
    PENDING = "pending"  # intent written, no answer (yet, or ever: a crash)
    DONE = "done"
    REJECTED = "rejected"  # the server refused: nothing happened
    FAILED = "failed"  # the request never reached the server: nothing happened
    UNKNOWN = "unknown"  # may have happened; ``verdict`` says what reconciliation found
    QUEUED = "queued"  # an offline earn waiting for the server; nothing was sent yet


class Fate(enum.StrEnum):
    """What ended a hold this till made (none yet: it is held, or it expired unused)."""

    USED = "used"  # the sale took it
    RELEASED = "released"
    ENDED = "ended"  # another operation at the point ended it (the server's rule)


class Verdict(enum.StrEnum):
    SPENT = "spent"
    EARNED = "earned"
    NOT_HAPPENED = "not-happened"
    CHECKING = "checking"  # no proof it happened; the settle window is not over yet
    UNDECIDED = "undecided"


@dataclass(frozen=True)
class Entry:
    id: int
    created: datetime
    kind: Kind
    state: State
    training: bool
    server: str
    point: str
    client_id: str | None
    customer: str
    lookup: str | None
    amount: Decimal | None
    spend: Decimal | None
    earn: Decimal | None
    total: Decimal | None
    points: Decimal | None
    hold_id: str | None
    hold_until: datetime | None
    hold_ids: tuple[str, ...]
    balance_before: Decimal | None
    balance_after: Decimal | None
    verdict: Verdict | None
    reason: str
    receipt: str | None = None  # the POS's receipt ID, when the sale was handed over
    # The server's clock at the entry's latest change (from its replies' Date), beside the
    # till's own ``created``: a till whose clock is off still shows when it happened.
    server_time: datetime | None = None
    # An earn recorded while the server could not be reached; ``posted`` is when it was last
    # sent (the till's time), ``created`` when the cashier recorded it.
    offline: bool = False
    posted: datetime | None = None
    revision: int = 1  # counts the entry's changes (the chain's copy is shipped per revision)
    to_pay: Decimal | None = None  # a retail: what the confirmation said the customer pays
    decided_by: str | None = None  # "manager": a person settled it (the reason is their note)
    fate: Fate | None = None  # a hold: what ended it (see :attr:`hold_state`)
    # A retail judged "did not happen" that a later balance read proved went through (when).
    proved_late: datetime | None = None
    origin: str | None = None  # the journal identity it was made under (None: before 0.x)

    def hold_state(self, now: float) -> Fate | str:
        """A hold's fate, or ``"held"`` / ``"expired"`` by its end (the till's clock, which
        the journal's hold ends are in)."""
        if self.fate is not None:
            return self.fate
        if self.hold_until is not None and self.hold_until.timestamp() <= now:
            return "expired"
        return "held"

    @property
    def sent(self) -> datetime:
        """When the request left (or was to leave): what the settle window counts from."""
        return self.posted or self.created

    @property
    def waiting(self) -> bool:
        """An offline earn not yet posted: the program sends it, nobody needs to decide."""
        return self.state is State.QUEUED

    @property
    def settled(self) -> bool:
        """Nothing left for a person to decide about this entry (a queued earn is the
        program's to post)."""
        if self.state is State.PENDING:
            return False
        if self.offline and self.state in (State.REJECTED, State.FAILED):
            return False  # an earn the customer is owed, refused: a manager decides
        if self.proved_late is not None and self.decided_by is None:
            return False  # "did not happen" went through after all: was it repeated?
        # An unknown hold expires by itself, an unknown release shows among the holds left
        # active, and enrolling again is harmless (error 10): only a retail needs a verdict.
        return not (
            self.kind is Kind.RETAIL
            and self.state is State.UNKNOWN
            and self.verdict in (None, Verdict.UNDECIDED, Verdict.CHECKING)
        )


@dataclass(frozen=True)
class Totals:
    operations: int
    spent: Decimal
    earned: Decimal
    unknown: int
    queued: int = 0  # offline earns not yet posted: not in the figures above
    queued_amount: Decimal = Decimal(0)


def _from_dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def entry_from_row(row: sqlite3.Row | Mapping[str, Any]) -> Entry:
    return Entry(
        id=row["id"],
        created=datetime.fromtimestamp(row["created"]).astimezone(),
        kind=Kind(row["kind"]),
        state=State(row["state"]),
        training=bool(row["training"]),
        server=row["server"],
        point=row["point"],
        client_id=row["client_id"],
        customer=row["customer"],
        lookup=row["lookup"],
        amount=_from_dec(row["amount"]),
        spend=_from_dec(row["spend"]),
        earn=_from_dec(row["earn"]),
        total=_from_dec(row["total"]),
        points=_from_dec(row["points"]),
        hold_id=row["hold_id"],
        hold_until=None
        if row["hold_until"] is None
        else datetime.fromtimestamp(row["hold_until"]).astimezone(),
        hold_ids=tuple(json.loads(row["hold_ids"])),
        balance_before=_from_dec(row["balance_before"]),
        balance_after=_from_dec(row["balance_after"]),
        verdict=None if row["verdict"] is None else Verdict(row["verdict"]),
        reason=row["reason"],
        receipt=row["receipt"],
        server_time=None
        if row["server_time"] is None
        else datetime.fromtimestamp(row["server_time"]).astimezone(),
        offline=bool(row["offline"]),
        posted=None
        if row["posted"] is None
        else datetime.fromtimestamp(row["posted"]).astimezone(),
        revision=row["revision"],
        to_pay=_from_dec(row["to_pay"]),
        decided_by=row["decided_by"],
        fate=None if row["fate"] is None else Fate(row["fate"]),
        proved_late=None
        if row["proved_late"] is None
        else datetime.fromtimestamp(row["proved_late"]).astimezone(),
        origin=row["origin"],
    )
