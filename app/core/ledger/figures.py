"""Money figures from the server, checked against the request before they are shown or summed.

The models already refuse non-finite and absurdly large numbers; these checks are about
consistency: a preview may not offer more than the purchase or the balance, and a retail
reply must describe the operation that was asked for. A failed check is a
:class:`~app.api.errors.FiguresRejected`: for a preview the cashier is told the server's
figures do not add up; for a retail it becomes an unknown outcome, reconciled like a lost
reply, and its figures are never displayed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from app.api.errors import FiguresRejected

if TYPE_CHECKING:
    from app.api.models import Recalc, Retail

HUNDRED = Decimal(100)


def recalc_problem(recalc: Recalc, *, amount: Decimal, balance: Decimal) -> str | None:
    """Why a preview for ``amount`` cannot be right for a customer with ``balance`` points."""
    if recalc.amount != amount:
        return f"preview is for {recalc.amount}, asked {amount}"
    if not 0 <= recalc.percent <= HUNDRED:
        return f"percent {recalc.percent} outside 0..100"
    if recalc.spend < 0 or recalc.earn < 0:
        return f"negative figure: spend {recalc.spend}, earn {recalc.earn}"
    if recalc.spend > amount:
        return f"may spend {recalc.spend} on a purchase of {amount}"
    if recalc.type == "cashback" and recalc.spend > max(balance, Decimal(0)):
        return f"may spend {recalc.spend} with a balance of {balance}"
    if recalc.type == "discount" and recalc.spend != 0:
        return f"a discount level offers to spend {recalc.spend}"
    return None


def retail_problem(retail: Retail, *, amount: Decimal, spend: Decimal) -> str | None:
    """Why a retail reply does not describe the operation asked (``amount``, ``spend``)."""
    if retail.amount != amount:
        return f"reply is for {retail.amount}, asked {amount}"
    replied_spend = retail.spend or Decimal(0)
    if replied_spend != spend:
        return f"reply spent {replied_spend}, asked {spend}"
    if retail.earn is not None and retail.earn < 0:
        return f"reply earned {retail.earn}"
    if not 0 <= retail.percent <= HUNDRED:
        return f"percent {retail.percent} outside 0..100"
    if retail.type == "cashback" and retail.total != amount - spend:
        return f"total {retail.total} is not {amount} - {spend}"
    if retail.type == "discount" and not 0 <= retail.total <= amount:
        return f"discount total {retail.total} outside 0..{amount}"
    return None


def check_recalc(recalc: Recalc, *, amount: Decimal, balance: Decimal) -> Recalc:
    _refuse(recalc_problem(recalc, amount=amount, balance=balance), "recalc")
    return recalc


def check_retail(retail: Retail, *, amount: Decimal, spend: Decimal) -> Retail:
    _refuse(retail_problem(retail, amount=amount, spend=spend), "retail")
    return retail


def _refuse(problem: str | None, operation: str) -> None:
    if problem:
        raise FiguresRejected(
            f"figures do not add up: {problem}", api="loyalty", operation=operation
        )
