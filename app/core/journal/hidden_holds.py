"""Which of a customer's holds may still count against a balance, though nobody names them:
the rules in one place (the journal only fetches the rows, the verdicts only do arithmetic).

A search shows the balance less every active hold it does not name. So a retail whose reply
was lost must be judged allowing for each hold that

1. can still count at the moment in question (its end, in the till's time, is later);
2. no release or retail that went through named (``hold_id``, ``hold_ids``);
3. no retail that went through at the same point ended (any operation at a point ends every
   hold made there before it);
4. the request does not name itself (its ``hold`` list);
5. was made before the retail being judged (a later hold was never in the balance it saw).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the journal calls these; kinds and states compare as their strings
    from app.core.journal.entry import Entry


def still_counting(holds: Sequence[Entry], enders: Sequence[Entry], *, at: float) -> list[Entry]:
    """Rules 1-3: the holds that may still count at ``at`` (a Unix time of this till)."""
    done = [e for e in enders if e.state == "done" and e.kind in ("release", "retail")]
    named_by_done: set[str] = set()
    for entry in done:
        if entry.hold_id:
            named_by_done.add(entry.hold_id)
        named_by_done.update(entry.hold_ids)
    retails = [e for e in done if e.kind == "retail"]
    return [
        hold
        for hold in holds
        if hold.hold_until is not None
        and hold.hold_until.timestamp() > at
        and (hold.hold_id is None or hold.hold_id not in named_by_done)
        and not any(r.point == hold.point and r.created >= hold.created for r in retails)
    ]


def hidden(
    holds: Sequence[Entry],
    enders: Sequence[Entry],
    *,
    at: float,
    named: Sequence[str] = (),
    made_before: datetime | None = None,
) -> list[Entry]:
    """Rules 1-5: the holds a reconciliation must allow for."""
    return [
        hold
        for hold in still_counting(holds, enders, at=at)
        if (hold.hold_id is None or hold.hold_id not in named)
        and (made_before is None or hold.created <= made_before)
    ]
