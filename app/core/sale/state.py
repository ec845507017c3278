"""The values a checkout is made of: its phases, the spend modes, a hold's status, the request
kinds and their tokens, the sale F9 sends, and the problem the cashier must correct."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.api.loyalty import Granted


class Phase(enum.Enum):
    IDLE = "idle"  # nobody on screen
    SEARCHING = "searching"
    CUSTOMER = "customer"  # card shown, amount and spend being chosen
    SUBMITTING = "submitting"  # retail sent, reply awaited
    CHECKING = "checking"  # reply lost; re-checked at the end of the settle window
    DONE = "done"  # result on screen until the next customer
    UNKNOWN = "unknown"  # retail outcome unknown: nothing may be repeated from here
    # The search found no server (nothing left the machine): an earn may be recorded for
    # what was searched, and posted when the link is back; nothing may be spent.
    OFFLINE = "offline"
    QUEUED = "queued"  # that earn is recorded; shown until the next customer


class SpendMode(enum.Enum):
    NONE = "none"  # earn
    MAX = "max"
    CUSTOM = "custom"


class HoldStatus(enum.Enum):
    PENDING = "pending"
    ACTIVE = "active"
    EXPIRED = "expired"
    RELEASED = "released"
    ENDED_BY_OPERATION = "ended-by-operation"


class Ask(enum.StrEnum):
    """The kinds of request: the checkout issues tokens for them (one outstanding of each) and
    each request class of app.core.sale.effects names its own (``Request.kind``). A re-check
    of a sale in doubt answers for the sale: its token is RETAIL's."""

    SEARCH = "search"
    RECALC = "recalc"
    HOLD = "hold"
    HOLD_CHECK = "hold-check"
    RELEASE = "release"  # the customer on screen's hold, being released
    RETAIL = "retail"  # the sale, and its re-check at the end of the settle window
    BALANCE = "balance"  # the balance after a sale
    RECHECK = "recheck"  # a sale in doubt read again at the end of its settle window


@dataclass(frozen=True)
class Token:
    """Which request a reply belongs to: its kind and the generations it was made in (the
    customer, the amount, and the holds: a preview asked before a hold was placed or released
    answers for a state that is gone)."""

    kind: Ask
    customer: int
    amount: int
    serial: int
    holds: int = 0


@dataclass
class HoldState:
    amount: Decimal
    status: HoldStatus = HoldStatus.PENDING
    held: Granted | None = None

    @property
    def id(self) -> str | None:
        return self.held.id if self.held else None


@dataclass(frozen=True)
class Sale:
    """Exactly what F9 sends, and what the confirmation shows."""

    client_id: str
    amount: Decimal
    spend: Decimal
    earn: Decimal
    discount: Decimal
    to_pay: Decimal
    hold_ids: tuple[str, ...]
    offline: bool = False  # an earn recorded now and posted when the server is back


@dataclass(frozen=True)
class RecentSale:
    """A sale completed at this till, remembered to warn about the same sale made again."""

    client_id: str
    amount: Decimal
    spend: Decimal
    earn: Decimal
    at: float  # the checkout's monotonic clock
    wall: float  # the till's time, to name it ("at 14:02")


class InputProblem(ValueError):
    """Input the cashier must correct; ``context``/``source`` make the translated message."""

    def __init__(self, context: str, source: str) -> None:
        super().__init__(source)
        self.context = context
        self.source = source
