"""What a balance read proves about a retail whose reply was lost: pure arithmetic, no I/O.

The balance a search shows is the customer's points less every active hold the search did
not name. So around a lost retail three things can move it: the retail itself, holds nobody
named (a hold whose reply was lost has no known ID) expiring, and — if the retail happened —
the retail ending every hold at the point. Each hypothesis predicts a *set* of balances:

* **did not happen**: ``before + x``, where ``x`` is the sum of some of the hidden holds
  (those that were active at the first read and expired since);
* **happened, spend S**: ``before − S + a``, where ``a`` is the sum of the hidden holds that
  were active at the first read (the retail ended them, so their points came back);
* **happened, earn E**: ``before + a`` or ``before + E + a`` (a real server may credit the
  earned points later).

A verdict is given only when the balance read afterwards lies in exactly one set. "Did not
happen" is final only once the settle window since the request left is over: a server may
still apply a request it received after the client gave up. Until then the verdict is
"checking". The README's "Unknown outcomes" table lists the cases.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from itertools import combinations

from app.core.journal.entry import Verdict

# More hidden holds than this and the subsets get too many to be evidence of anything.
MAX_HIDDEN_HOLDS = 8


def subset_sums(amounts: Sequence[Decimal]) -> set[Decimal]:
    """Every sum of a subset of ``amounts``, the empty subset (0) included."""
    sums: set[Decimal] = set()
    for size in range(len(amounts) + 1):
        for chosen in combinations(amounts, size):
            sums.add(sum(chosen, Decimal(0)))
    return sums


def predictions(
    before: Decimal, *, spend: Decimal, earn: Decimal, hidden_holds: Sequence[Decimal]
) -> tuple[set[Decimal], set[Decimal]]:
    """The balances that (happened, did not happen) predict for the read after the retail."""
    possible = subset_sums(hidden_holds)
    not_happened = {before + x for x in possible}
    if spend > 0:
        happened = {before - spend + a for a in possible}
    else:
        happened = {before + a for a in possible} | {before + earn + a for a in possible}
    return happened, not_happened


def decide(
    before: Decimal | None,
    after: Decimal,
    *,
    spend: Decimal,
    earn: Decimal,
    hidden_holds: Sequence[Decimal] = (),
    window_over: bool = True,
) -> Verdict:
    """The verdict for an unknown retail from the balances read before and after it."""
    if before is None or len(hidden_holds) > MAX_HIDDEN_HOLDS:
        return Verdict.UNDECIDED  # no balance can ever tell: waiting would not help
    happened, not_happened = predictions(before, spend=spend, earn=earn, hidden_holds=hidden_holds)
    if after in happened and after not in not_happened:
        return Verdict.SPENT if spend > 0 else Verdict.EARNED
    if not window_over:
        return Verdict.CHECKING
    if after in not_happened and after not in happened:
        return Verdict.NOT_HAPPENED
    return Verdict.UNDECIDED
