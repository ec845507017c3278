"""The sandbox's reading of request values as the loyalty document states them: numbers
(never a bool, never NaN), whole points, an amount in roubles and kopecks, a list of hold IDs;
a value that breaks a rule is a documented 422 (:class:`Rejected`)."""

from __future__ import annotations

import secrets
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import Any

KOPECK = Decimal("0.01")


class Rejected(Exception):
    """A documented 422: ``fields`` is the body, ``{field: message}``."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__(fields)
        self.fields = fields


def object_id() -> str:
    return secrets.token_hex(12)


def decimal_field(value: Any, field: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise Rejected({field: f"{field.capitalize()} must be a number."})
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise Rejected({field: f"{field.capitalize()} must be a number."}) from exc
    if not number.is_finite():
        raise Rejected({field: f"{field.capitalize()} must be a number."})
    return number


def whole_points(value: Any, field: str) -> int:
    number = decimal_field(value, field)
    if number != number.to_integral_value():
        raise Rejected({field: f"{field.capitalize()} must be a whole number of points."})
    if number < 0:
        raise Rejected({field: f"{field.capitalize()} can't be negative."})
    return int(number)


def amount_field(value: Any) -> Decimal:
    amount = decimal_field(value, "amount")
    if amount <= 0:
        raise Rejected({"amount": "Amount must be more than 0."})
    if amount != amount.quantize(KOPECK, rounding=ROUND_DOWN):
        raise Rejected({"amount": "Amount can't have more than 2 decimal places."})
    if amount > Decimal("100000000"):
        raise Rejected({"amount": "Amount is too large."})
    return amount


def id_list(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise Rejected({"hold": "Hold must be a list of IDs."})
    return value
