"""What the customer may see of the sale: the customer display's content, as a value (#37).

A customer display (a second screen, or a 2×20 pole display) shows the customer their own
purchase. It is made from the sale's state by :func:`customer_facing`, never from the cashier's
window, and it carries only what the customer may read across the counter: their first name
as the server sends it, their level and balance, the amount, the points to spend or to earn,
what they pay, a hold's countdown, the result. Never a phone, an email, a birthday, an ID or
anything from the journal: :class:`CustomerFacing` has no field for them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from decimal import Decimal

from app.core.sale.checkout import Checkout
from app.core.sale.state import Phase


class Moment(enum.Enum):
    IDLE = "idle"  # nobody at the counter: "scan your app code"
    CUSTOMER = "customer"  # found: name, level, balance
    PURCHASE = "purchase"  # an amount: points, to pay, a hold's countdown
    RESULT = "result"  # went through: spent or earned, the new balance
    QUEUED = "queued"  # recorded without the server: points when the link is back
    IN_DOUBT = "in-doubt"  # the answer was lost: being checked, nothing to repeat


@dataclass(frozen=True)
class CustomerFacing:
    moment: Moment
    first_name: str = ""
    level: str = ""
    balance: Decimal | None = None
    amount: Decimal | None = None
    spend: Decimal = Decimal(0)
    earn: Decimal = Decimal(0)
    discount: Decimal = Decimal(0)
    to_pay: Decimal | None = None
    hold_seconds: int | None = None
    spent: Decimal | None = None  # the result: points spent, or earned
    earned: Decimal | None = None
    balance_after: Decimal | None = None
    training: bool = False


def first_name(name: str) -> str:
    """The first word of the name as the server sends it ("Иван Петров" → "Иван"): the
    customer's own name, not their full one, across the counter."""
    words = name.split()
    return words[0].capitalize() if words else ""


def customer_facing(c: Checkout, *, training: bool) -> CustomerFacing:
    """What the customer display shows for the sale ``c`` now."""
    client = c.client
    if c.phase is Phase.QUEUED:
        return CustomerFacing(Moment.QUEUED, amount=c.amount, to_pay=c.amount, training=training)
    if client is None or c.phase in (Phase.IDLE, Phase.SEARCHING, Phase.OFFLINE):
        return CustomerFacing(Moment.IDLE, training=training)
    who = CustomerFacing(
        Moment.CUSTOMER,
        first_name=first_name(client.name),
        level=client.level.title,
        balance=client.balance,
        training=training,
    )
    if c.phase is Phase.DONE and c.result is not None:
        return replace(
            who,
            moment=Moment.RESULT,
            amount=c.result.amount,
            to_pay=c.result.total,
            spent=c.result.spend if c.result.spend else None,
            earned=c.result.earn if c.result.earn and not c.result.spend else None,
            balance_after=c.balance_after,
        )
    if c.phase in (Phase.CHECKING, Phase.UNKNOWN, Phase.DONE):
        return replace(who, moment=Moment.IN_DOUBT)
    if c.amount is None or c.recalc is None:
        return who
    left = c.hold_left()
    return replace(
        who,
        moment=Moment.PURCHASE,
        amount=c.amount,
        spend=c.spend,
        earn=c.earn,
        discount=c.discount,
        to_pay=c.to_pay,
        hold_seconds=None if left is None else int(left),
    )
