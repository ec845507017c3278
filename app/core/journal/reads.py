"""The journal's queries, shared by the writer (:class:`~app.core.journal.store.Journal`) and the
screens' read-only :class:`JournalReader`; the hidden-hold rules are
:mod:`app.core.journal.hidden_holds`."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.base.sqlite_store import SqliteStore
from app.core.journal.entry import Entry, Kind, State, Totals, entry_from_row
from app.core.journal.hidden_holds import hidden, still_counting


@dataclass
class JournalCounts:
    """What the header says of the journal, as last counted off the GUI thread."""

    unsettled: int = 0  # entries that need the manager's decision (F11)
    queued: int = 0  # offline earns waiting to be posted
    last_posted: datetime | None = None  # when the latest of them went through


class JournalReads(SqliteStore):
    """The journal's queries, shared by the writer and by :class:`JournalReader`."""

    def _entries(self, where: str = "1", params: Sequence[Any] = ()) -> list[Entry]:
        with self._lock:
            rows = self._db.execute(
                f"SELECT * FROM entries WHERE {where} ORDER BY id",  # noqa: S608 - clauses are ours
                params,
            ).fetchall()
        return [entry_from_row(self._row(row)) for row in rows]

    def _row(self, row: sqlite3.Row) -> sqlite3.Row | Mapping[str, Any]:
        return row

    def get(self, entry_id: int) -> Entry:
        found = self._entries("id = ?", (entry_id,))
        if not found:
            raise KeyError(entry_id)
        return found[0]

    def entries(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        states: Sequence[State] = (),
    ) -> list[Entry]:
        clauses: list[str] = ["1"]
        params: list[Any] = []
        if since is not None:
            clauses.append("created >= ?")
            params.append(since.timestamp())
        if until is not None:
            clauses.append("created < ?")
            params.append(until.timestamp())
        if states:
            clauses.append(f"state IN ({','.join('?' * len(states))})")
            params.extend(str(s) for s in states)
        return self._entries(" AND ".join(clauses), params)

    def unsettled(self) -> list[Entry]:
        """Entries a person must see: a crash left them pending, a retail's outcome is
        unknown and reconciliation could not decide, or the server refused an offline earn."""
        return [
            e
            for e in self._entries(
                "state IN ('pending', 'unknown') "
                "OR (offline = 1 AND state IN ('rejected', 'failed')) "
                "OR (proved_late IS NOT NULL AND decided_by IS NULL)"
            )
            if not e.settled
        ]

    def under_watch(self) -> list[Entry]:
        """Retails judged "did not happen" by the balance whose customer is still read again
        (their lookup kept): a server may apply a retail long after the settle window."""
        return self._entries(
            "kind = 'retail' AND state = 'unknown' AND verdict = 'not-happened' "
            "AND lookup IS NOT NULL AND decided_by IS NULL"
        )

    def proved_late_count(self) -> int:
        """Retails proved late to have gone through that no manager has looked at yet."""
        return self._count("proved_late IS NOT NULL AND decided_by IS NULL")

    def queued_earns(self) -> list[Entry]:
        """Offline earns waiting for the server, oldest first (the order they are posted)."""
        return self._entries("state = 'queued'")

    def last_posted(self) -> datetime | None:
        """When the latest offline earn went through (the till's time)."""
        with self._lock:
            row = self._db.execute(
                "SELECT MAX(posted) FROM entries WHERE offline = 1 AND state = 'done'"
            ).fetchone()
        return None if row[0] is None else datetime.fromtimestamp(row[0]).astimezone()

    def unshipped(self, limit: int) -> list[Entry]:
        """The oldest entries the chain's database does not have as they are now (but for a
        revision it refused to take: offered again when the entry changes)."""
        return self._entries(
            "id IN (SELECT id FROM entries WHERE shipped < revision "
            "AND (ship_conflict IS NULL OR ship_conflict < revision) ORDER BY id LIMIT ?)",
            (limit,),
        )

    def ship_conflicts(self) -> int:
        """Entries whose latest revision the chain's database refused (another journal or
        computer wrote the same entry: a cloned disk): for the support desk."""
        return self._count("ship_conflict = revision")

    def queued_count(self) -> int:
        return self._count("state = 'queued'")

    def unshipped_count(self) -> int:
        return self._count(
            "shipped < revision AND (ship_conflict IS NULL OR ship_conflict < revision)"
        )

    def _count(self, where: str) -> int:
        with self._lock:
            query = f"SELECT COUNT(*) FROM entries WHERE {where}"  # noqa: S608 - ours
            return int(self._db.execute(query).fetchone()[0])

    def meta(self, key: str) -> str | None:
        with self._lock:
            try:
                row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
            except sqlite3.OperationalError:  # a journal older than the table
                return None
        return None if row is None else str(row[0])

    def holds_left_active(self, now: float | None = None) -> list[Entry]:
        """Holds this till made that have not expired and were neither released nor used."""
        return self._live_holds("state = 'done'", (), now)

    def hidden_holds(
        self,
        client_id: str,
        point: str,
        *,
        named: Sequence[str] = (),
        now: float | None = None,
        made_before: datetime | None = None,
    ) -> list[Entry]:
        """This customer's holds at ``point`` that may still count against the balance a
        search shows, and that the search does not name: holds whose reply was lost (no ID
        known), or made and never released (the rules: :mod:`app.core.journal.hidden_holds`)."""
        holds = self._live_holds(
            "state IN ('done', 'unknown', 'pending') AND client_id = ? AND point = ?",
            (client_id, point),
            now,
        )
        return hidden(
            holds, [], at=time.time() if now is None else now, named=named, made_before=made_before
        )

    def hold_entry(self, hold_id: str) -> Entry | None:
        """The hold this till made with this ID, if it did."""
        found = self._entries("kind = 'hold' AND hold_id = ?", (hold_id,))
        return found[-1] if found else None

    def latest_retail(self, client_id: str, server: str, point: str) -> Entry | None:
        """The newest retail for this customer on this server and point, whatever its state."""
        found = self._entries(
            "id = (SELECT MAX(id) FROM entries WHERE kind = 'retail' "
            "AND state NOT IN ('rejected', 'failed', 'queued') "
            "AND client_id = ? AND server = ? AND point = ?)",
            (client_id, server, point),
        )
        return found[0] if found else None

    def _live_holds(self, where: str, params: Sequence[Any], now: float | None) -> list[Entry]:
        """The rows :mod:`app.core.journal.hidden_holds` judges: the holds that may not have
        ended by ``now``, and the releases and retails that went through since the oldest."""
        moment = time.time() if now is None else now
        holds = self._entries(f"kind = 'hold' AND hold_until > ? AND {where}", (moment, *params))
        if not holds:
            return []
        since = min(hold.created for hold in holds).timestamp()
        enders = self._entries(
            "kind IN ('release', 'retail') AND state = 'done' AND created >= ?", (since,)
        )
        return still_counting(holds, enders, at=moment)

    def totals(self, entries: Sequence[Entry]) -> Totals:
        retail = [e for e in entries if e.kind is Kind.RETAIL and e.state is State.DONE]
        waiting = [e for e in entries if e.waiting]
        return Totals(
            operations=len(retail),
            spent=sum((e.spend or Decimal(0) for e in retail), Decimal(0)),
            earned=sum((e.earn or Decimal(0) for e in retail), Decimal(0)),
            unknown=sum(1 for e in entries if not e.settled),
            queued=len(waiting),
            queued_amount=sum((e.amount or Decimal(0) for e in waiting), Decimal(0)),
        )


class JournalReader(JournalReads):
    """A read-only connection for the screens: in WAL mode its reads never wait for the
    writer's lock or its fsync, so a journal write on a worker thread cannot stall the GUI."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, ("query_only=ON",), read_only=True)
