"""Amounts as a cashier types them, parsed into ``Decimal`` (never float)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from app.base.i18n import QT_TRANSLATE_NOOP

MAX_AMOUNT = Decimal("10000000")
_GROUPING = re.compile(r"[\s\u00a0\u202f']")
_SHAPE = re.compile(r"^[0-9]+([.,][0-9]{1,2})?$")  # ASCII digits only: \d takes ٣ and ३ too


class AmountProblem(ValueError):
    """Why a typed amount is not an amount; ``source`` is a message of context ``Amount``."""

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.source = source


def parse_amount(text: str) -> Decimal:
    """``1 234,50``, ``1234.50``, ``1234`` → ``Decimal('1234.50')``; anything else is refused."""
    compact = _GROUPING.sub("", text.strip())
    if not compact:
        raise AmountProblem(QT_TRANSLATE_NOOP("Amount", "Enter the purchase amount."))
    if compact.startswith("-") and _SHAPE.match(compact[1:]):
        raise AmountProblem(QT_TRANSLATE_NOOP("Amount", "The amount must be more than zero."))
    if not _SHAPE.match(compact):
        raise AmountProblem(QT_TRANSLATE_NOOP("Amount", "Type the amount in digits, e.g. 1234.50."))
    try:
        amount = Decimal(compact.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise AmountProblem(QT_TRANSLATE_NOOP("Amount", "Type the amount in digits.")) from exc
    if amount <= 0:
        raise AmountProblem(QT_TRANSLATE_NOOP("Amount", "The amount must be more than zero."))
    if amount > MAX_AMOUNT:
        raise AmountProblem(
            QT_TRANSLATE_NOOP("Amount", "That amount is too large for one purchase.")
        )
    return amount


def parse_points(text: str) -> Decimal:
    """A whole, non-negative number of points (``1 000`` works)."""
    compact = _GROUPING.sub("", text.strip())
    if not compact:
        return Decimal(0)
    if not compact.isascii() or not compact.isdigit():
        raise AmountProblem(QT_TRANSLATE_NOOP("Amount", "Points are a whole number, e.g. 150."))
    return Decimal(compact)
