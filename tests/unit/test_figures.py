"""Figures from the server are checked against the request before use."""

from __future__ import annotations

from decimal import Decimal

import pydantic
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.api.errors import FiguresRejected
from app.api.models import ClientReply, Recalc, Retail
from app.core.ledger.figures import check_recalc, check_retail, recalc_problem, retail_problem

D = Decimal


def retail(**changes: object) -> Retail:
    fields: dict[str, object] = {
        "amount": D(300),
        "total": D(200),
        "percent": D(10),
        "type": "cashback",
        "spend": D(100),
    }
    fields.update(changes)
    return Retail.model_validate(fields)


@pytest.mark.parametrize(
    ("changes", "asked_spend", "problem"),
    [
        ({}, 100, None),
        ({"amount": D(30)}, 100, "reply is for 30"),
        ({"spend": D(10)}, 100, "reply spent 10"),
        ({"spend": D(-100), "total": D(400)}, 100, "reply spent -100"),
        ({"spend": None, "earn": D(30), "total": D(300)}, 0, None),
        ({"spend": D(0), "earn": D(30), "total": D(300)}, 0, None),
        ({"spend": D(5), "earn": D(30), "total": D(295)}, 0, "reply spent 5"),
        ({"earn": D(-1)}, 100, "reply earned -1"),
        ({"percent": D(101)}, 100, "percent 101"),
        ({"percent": D(-1)}, 100, "percent -1"),
        ({"total": D(250)}, 100, "total 250 is not 300 - 100"),
        ({"type": "discount", "spend": D(0), "total": D(270)}, 0, None),
        ({"type": "discount", "spend": D(0), "total": D(300)}, 0, None),
        ({"type": "discount", "spend": D(0), "total": D(301)}, 0, "discount total 301"),
        ({"type": "discount", "spend": D(0), "total": D(-1)}, 0, "discount total -1"),
    ],
)
def test_retail_reply_consistency(changes, asked_spend, problem) -> None:
    found = retail_problem(retail(**changes), amount=D(300), spend=D(asked_spend))
    if problem is None:
        assert found is None
        check_retail(retail(**changes), amount=D(300), spend=D(asked_spend))
    else:
        assert found is not None
        assert problem in found
        with pytest.raises(FiguresRejected):
            check_retail(retail(**changes), amount=D(300), spend=D(asked_spend))


def recalc(**changes: object) -> Recalc:
    fields: dict[str, object] = {
        "amount": D(300),
        "percent": D(10),
        "type": "cashback",
        "spend": D(300),
        "earn": D(30),
    }
    fields.update(changes)
    return Recalc.model_validate(fields)


@pytest.mark.parametrize(
    ("changes", "balance", "problem"),
    [
        ({}, 878, None),
        ({}, 300, None),  # exactly the balance
        ({}, 299, "with a balance of 299"),
        ({}, -5, "with a balance of -5"),
        ({"spend": D(0)}, -5, None),
        ({"amount": D(30)}, 878, "preview is for 30"),
        ({"spend": D(301)}, 878, "on a purchase of 300"),
        ({"spend": D(-1)}, 878, "negative figure"),
        ({"earn": D(-1)}, 878, "negative figure"),
        ({"percent": D(100)}, 878, None),
        ({"percent": D(100.5)}, 878, "outside 0..100"),
        ({"percent": D(-1)}, 878, "outside 0..100"),
        ({"type": "discount", "spend": D(0)}, 0, None),
        ({"type": "discount", "spend": D(10)}, 878, "a discount level offers"),
    ],
)
def test_recalc_consistency(changes, balance, problem) -> None:
    found = recalc_problem(recalc(**changes), amount=D(300), balance=D(balance))
    if problem is None:
        assert found is None
        check_recalc(recalc(**changes), amount=D(300), balance=D(balance))
    else:
        assert found is not None
        assert problem in found
        with pytest.raises(FiguresRejected):
            check_recalc(recalc(**changes), amount=D(300), balance=D(balance))


@pytest.mark.parametrize("balance", [2**63, -(2**63), 10**12 + 1, "1e400"])
def test_absurd_balances_are_refused_by_the_model(balance: object) -> None:
    reply = {
        "success": True,
        "client": {"id": "c", "level": {"type": "cashback"}, "balance": balance},
    }
    with pytest.raises(pydantic.ValidationError):
        ClientReply.model_validate(reply)


def test_the_largest_sane_balance_is_accepted() -> None:
    reply = {
        "success": True,
        "client": {"id": "c", "level": {"type": "cashback"}, "balance": 10**12},
    }
    assert ClientReply.model_validate(reply).client.balance == D(10**12)


# ---- every check from both sides (mutation testing found one-sided ones) ----------------------

MONEY = st.integers(min_value=1, max_value=10_000_000).map(lambda cents: D(cents) / 100)
OFF = st.integers(min_value=1, max_value=100_000).map(lambda cents: D(cents) / 100)


@given(amount=MONEY, share=st.integers(0, 100), off=OFF, below=st.booleans())
def test_a_cashback_total_other_than_amount_minus_spend_is_refused_above_and_below(
    amount: Decimal, share: int, off: Decimal, below: bool
) -> None:
    """The total is what the cashier reads and what the POS is told to charge: too low is as
    wrong as too high."""
    spend = (amount * share / 100).quantize(D("0.01"))
    right = amount - spend
    wrong = right - off if below else right + off
    asked = {"amount": amount, "spend": spend or None, "earn": None if spend else D(1)}
    assert retail_problem(retail(**asked, total=right), amount=amount, spend=spend) is None
    problem = retail_problem(retail(**asked, total=wrong), amount=amount, spend=spend)
    assert problem is not None
    assert "total" in problem


@given(amount=MONEY, off=OFF, below=st.booleans())
def test_a_reply_for_another_amount_or_spend_is_refused_either_way(
    amount: Decimal, off: Decimal, below: bool
) -> None:
    other = amount - off if below else amount + off
    reply = retail(amount=other, spend=None, earn=D(1), total=other)
    assert retail_problem(reply, amount=amount, spend=D(0)) is not None
    spent = retail(amount=amount, spend=off, total=amount - off)
    assert retail_problem(spent, amount=amount, spend=D(0)) is not None
    assert retail_problem(spent, amount=amount, spend=off) is None


@given(amount=MONEY, over=OFF)
def test_a_discount_total_outside_zero_to_amount_is_refused_on_both_ends(
    amount: Decimal, over: Decimal
) -> None:
    def discount(total: Decimal) -> Retail:
        return retail(type="discount", spend=None, earn=D(0), total=total, amount=amount)

    for inside in (D(0), amount, (amount / 2).quantize(D("0.01"))):
        assert retail_problem(discount(inside), amount=amount, spend=D(0)) is None
    assert retail_problem(discount(amount + over), amount=amount, spend=D(0)) is not None
    assert retail_problem(discount(-over), amount=amount, spend=D(0)) is not None


@given(amount=MONEY, balance=st.integers(0, 10_000_000).map(D), extra=OFF)
def test_a_preview_limit_is_refused_just_above_the_amount_or_the_balance_and_taken_at_it(
    amount: Decimal, balance: Decimal, extra: Decimal
) -> None:
    def preview(spend: Decimal) -> Recalc:
        return Recalc(amount=amount, percent=D(10), type="cashback", spend=spend, earn=D(0))

    limit = min(amount, balance)
    assert recalc_problem(preview(limit), amount=amount, balance=balance) is None
    assert recalc_problem(preview(limit + extra), amount=amount, balance=balance) is not None
    assert recalc_problem(preview(-extra), amount=amount, balance=balance) is not None
