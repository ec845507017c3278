"""The arithmetic of unknown outcomes: which balance proves what (README, "Unknown outcomes")."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.core.journal.entry import Verdict
from app.core.ledger.verdicts import MAX_HIDDEN_HOLDS, decide, predictions, subset_sums

D = Decimal
SPENT, EARNED, NOT, UNDECIDED, CHECKING = (
    Verdict.SPENT,
    Verdict.EARNED,
    Verdict.NOT_HAPPENED,
    Verdict.UNDECIDED,
    Verdict.CHECKING,
)

# (spend, earn, hidden holds, before, after, verdict once the window is over, inside it)
CASES = [
    # no hidden holds: the plain rules
    (100, 0, [], 878, 778, SPENT, SPENT),
    (1, 0, [], 878, 877, SPENT, SPENT),  # the smallest spend is a spend, not an earn
    (100, 0, [], 878, 878, NOT, CHECKING),
    (100, 0, [], 878, 700, UNDECIDED, CHECKING),
    (0, 25, [], 878, 903, EARNED, EARNED),
    (0, 25, [], 878, 878, UNDECIDED, CHECKING),  # earned points may be credited later
    (0, 0, [], 878, 878, UNDECIDED, CHECKING),
    # a hold whose reply was lost (100), the same size as the spend: the two cancel out
    (100, 0, [100], 778, 778, UNDECIDED, CHECKING),
    # ...and it expired while nothing happened: +100 is "did not happen" only
    (100, 0, [100], 778, 878, NOT, CHECKING),
    # a lost hold of 50 and a spend of 100: each outcome has its own figures
    (100, 0, [50], 828, 778, SPENT, SPENT),  # spent 100, the hold's 50 came back
    (100, 0, [50], 828, 728, SPENT, SPENT),  # spent 100, the hold had never been made
    (100, 0, [50], 828, 828, NOT, CHECKING),
    (100, 0, [50], 828, 878, NOT, CHECKING),  # not happened, the hold expired
    # two hidden holds (10, 20): did-not-happen predicts 900..930, happened 870..900
    (30, 0, [10, 20], 900, 870, SPENT, SPENT),
    (30, 0, [10, 20], 900, 900, UNDECIDED, CHECKING),  # spent 30, both holds came back
    (30, 0, [10, 20], 900, 910, NOT, CHECKING),
    (35, 0, [10, 20], 900, 865, SPENT, SPENT),
    # an earn with a hidden hold
    (0, 40, [100], 778, 918, EARNED, EARNED),
    (0, 40, [100], 778, 878, UNDECIDED, CHECKING),  # +100: the hold expired, or earned later
]


@pytest.mark.parametrize(("spend", "earn", "holds", "before", "after", "final", "early"), CASES)
def test_verdict_table(spend, earn, holds, before, after, final, early) -> None:
    kwargs = {"spend": D(spend), "earn": D(earn), "hidden_holds": [D(h) for h in holds]}
    assert decide(D(before), D(after), window_over=True, **kwargs) is final
    assert decide(D(before), D(after), window_over=False, **kwargs) is early


def test_no_balance_before_can_never_tell() -> None:
    for window_over in (True, False):
        verdict = decide(None, D(0), spend=D(10), earn=D(0), window_over=window_over)
        assert verdict is UNDECIDED


def test_too_many_hidden_holds_is_undecided() -> None:
    holds = [D(1)] * (MAX_HIDDEN_HOLDS + 1)
    assert decide(D(100), D(0), spend=D(100), earn=D(0), hidden_holds=holds) is UNDECIDED
    just_enough = [D(1000)] * MAX_HIDDEN_HOLDS
    assert decide(D(100), D(0), spend=D(100), earn=D(0), hidden_holds=just_enough) is SPENT


def test_subset_sums() -> None:
    assert subset_sums([]) == {D(0)}
    assert subset_sums([D(10), D(20)]) == {D(0), D(10), D(20), D(30)}
    assert subset_sums([D(5), D(5)]) == {D(0), D(5), D(10)}


def test_predictions_of_a_spend_and_an_earn() -> None:
    happened, not_happened = predictions(D(100), spend=D(30), earn=D(0), hidden_holds=[D(5)])
    assert happened == {D(70), D(75)}
    assert not_happened == {D(100), D(105)}
    happened, not_happened = predictions(D(100), spend=D(0), earn=D(7), hidden_holds=[])
    assert happened == {D(100), D(107)}
    assert not_happened == {D(100)}


def test_without_a_window_argument_the_window_is_over() -> None:
    assert decide(D(878), D(878), spend=D(100), earn=D(0)) is NOT
