"""The support desk's questions over the chain's copy of every till's journal: what needs a
decision, a day's totals per till and store (the till's own F11 arithmetic), and the tills."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import psycopg


@dataclass(frozen=True)
class Undecided:
    created: datetime
    host: str
    store_point: str
    customer: str
    kind: str
    amount: Decimal | None
    attempted: str  # "spend 100", "earn 30", or the state
    entry_id: int
    till_id: str


def undecided(conn: psycopg.Connection, *, limit: int = 1000) -> list[Undecided]:
    """Every operation needing a decision, across tills, oldest first."""
    rows = conn.execute(
        "SELECT created, host, store_point, customer, kind, amount, attempted_spend, "
        "attempted_earn, state, entry_id, till_id FROM till_entries WHERE needs_decision "
        "ORDER BY created LIMIT %s",
        (limit,),
    ).fetchall()
    found = []
    for created, host, point, customer, kind, amount, spend, earn, state, entry, till in rows:
        if spend:
            attempted = f"spend {spend.normalize():f}"
        elif earn:
            attempted = f"earn {earn.normalize():f}"
        else:
            attempted = state
        found.append(
            Undecided(created, host, point, customer, kind, amount, attempted, entry, str(till))
        )
    return found


@dataclass(frozen=True)
class DayTotals:
    """One till's figures for a day, as its F11 shows them."""

    host: str
    store_point: str
    purchases: int
    spent: Decimal
    earned: Decimal
    needs_decision: int
    queued: int
    till_id: str


def day_range(day: date) -> tuple[datetime, datetime]:
    """The day from local midnight to the next (the till's F11 counts by its own day)."""
    start = datetime.combine(day, time()).astimezone()
    return start, datetime.combine(day + timedelta(days=1), time()).astimezone()


def totals(conn: psycopg.Connection, day: date, *, point: str | None = None) -> list[DayTotals]:
    """Per till and store: purchases, points spent and earned, needing a decision, waiting
    for the link — the arithmetic of the till's F11 and CSV (app/core/journal/reads.py, totals)."""
    start, end = day_range(day)
    rows = conn.execute(
        "SELECT host, store_point, count(*) FILTER (WHERE purchase), "
        "coalesce(sum(spent), 0), coalesce(sum(earned), 0), "
        "count(*) FILTER (WHERE needs_decision), count(*) FILTER (WHERE waiting), till_id "
        "FROM till_entries WHERE created >= %s AND created < %s "
        "AND (%s::text IS NULL OR store_point = %s) "
        "GROUP BY till_id, host, store_point ORDER BY store_point, host",
        (start, end, point, point),
    ).fetchall()
    return [
        DayTotals(host, store, int(n), Decimal(s), Decimal(e), int(u), int(q), str(till))
        for host, store, n, s, e, u, q, till in rows
    ]


@dataclass(frozen=True)
class TillRow:
    host: str
    store_point: str
    profile: str
    version: str
    last_shipment: datetime
    clock_offset_s: float | None
    queued_earns: int
    backlog: int
    till_id: str
    # Journals that shipped under this till's ID in the last day: more than one is a journal
    # set aside (once) or a copied disk or profile (two computers at once): look at the hosts.
    journals: int = 1


def tills(conn: psycopg.Connection) -> list[TillRow]:
    has_origin = conn.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_name = 'till_entries' "
        "AND column_name = 'origin'"
    ).fetchone()
    journals = (
        "(SELECT count(DISTINCT e.origin) FROM till_entries e WHERE e.till_id = t.till_id "
        "AND e.shipped_at > now() - interval '1 day')"
        if has_origin
        else "1"
    )
    rows = conn.execute(
        "SELECT host, store_point, profile, version, last_shipment, clock_offset_s, "  # noqa: S608
        f"queued_earns, backlog, till_id, {journals} FROM tills t ORDER BY store_point, host"
    ).fetchall()
    return [
        TillRow(
            host,
            point,
            profile,
            version,
            last,
            offset,
            int(queued),
            int(backlog),
            str(till),
            max(1, int(count or 0)),
        )
        for host, point, profile, version, last, offset, queued, backlog, till, count in rows
    ]


def as_dicts(rows: list[Any]) -> list[dict[str, Any]]:
    return [asdict(row) for row in rows]
