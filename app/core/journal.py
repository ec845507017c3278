"""The till's write-ahead journal of money-affecting operations, in SQLite.

Before a hold, release, retail or partner enrolment leaves the machine its intent is written
and committed (WAL, ``synchronous=FULL``); when the reply comes, the outcome. A crash between
the two leaves the entry ``pending``, which the next start shows and reconciles.

Customer data is masked: the journal keeps the client ID, a masked phone or email for people,
and the search key needed to re-read the customer only while the entry is unsettled.
"""

from __future__ import annotations

import enum
import json
import logging
import os
import re
import shutil
import sqlite3
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.core.files import move_aside, private_files
from app.core.hidden_holds import hidden, still_counting
from app.core.sqlite_store import SqliteStore
from app.logs import mask

log = logging.getLogger(__name__)

RETENTION_DAYS_DEFAULT = 90

SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created REAL NOT NULL,
    updated REAL NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('hold', 'release', 'retail', 'enrol')),
    state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'rejected', 'failed', 'unknown')),
    training INTEGER NOT NULL,
    server TEXT NOT NULL,
    point TEXT NOT NULL,
    client_id TEXT,
    customer TEXT NOT NULL DEFAULT '',
    lookup TEXT,
    amount TEXT,
    spend TEXT,
    earn TEXT,
    total TEXT,
    points TEXT,
    hold_id TEXT,
    hold_until REAL,
    hold_ids TEXT NOT NULL DEFAULT '[]',
    balance_before TEXT,
    balance_after TEXT,
    verdict TEXT,
    reason TEXT NOT NULL DEFAULT '',
    receipt TEXT,
    server_time REAL
);
CREATE INDEX IF NOT EXISTS entries_created ON entries (created);
CREATE INDEX IF NOT EXISTS entries_state ON entries (state);
"""


class Kind(enum.StrEnum):
    HOLD = "hold"
    RELEASE = "release"
    RETAIL = "retail"
    ENROL = "enrol"


class State(enum.StrEnum):
    PENDING = "pending"  # intent written, no answer (yet, or ever: a crash)
    DONE = "done"
    REJECTED = "rejected"  # the server refused: nothing happened
    FAILED = "failed"  # the request never reached the server: nothing happened
    UNKNOWN = "unknown"  # may have happened; ``verdict`` says what reconciliation found


class Verdict(enum.StrEnum):
    SPENT = "spent"
    EARNED = "earned"
    NOT_HAPPENED = "not-happened"
    CHECKING = "checking"  # no proof it happened; the settle window is not over yet
    UNDECIDED = "undecided"


@dataclass(frozen=True)
class Entry:
    id: int
    created: datetime
    kind: Kind
    state: State
    training: bool
    server: str
    point: str
    client_id: str | None
    customer: str
    lookup: str | None
    amount: Decimal | None
    spend: Decimal | None
    earn: Decimal | None
    total: Decimal | None
    points: Decimal | None
    hold_id: str | None
    hold_until: datetime | None
    hold_ids: tuple[str, ...]
    balance_before: Decimal | None
    balance_after: Decimal | None
    verdict: Verdict | None
    reason: str
    receipt: str | None = None  # the POS's receipt ID, when the sale was handed over
    # The server's clock at the entry's latest change (from its replies' Date), beside the
    # till's own ``created``: a till whose clock is off still shows when it happened.
    server_time: datetime | None = None

    @property
    def settled(self) -> bool:
        """Nothing left for anyone to decide about this entry."""
        if self.state is State.PENDING:
            return False
        # An unknown hold expires by itself, an unknown release shows among the holds left
        # active, and enrolling again is harmless (error 10): only a retail needs a verdict.
        return not (
            self.kind is Kind.RETAIL
            and self.state is State.UNKNOWN
            and self.verdict in (None, Verdict.UNDECIDED, Verdict.CHECKING)
        )


@dataclass(frozen=True)
class Totals:
    operations: int
    spent: Decimal
    earned: Decimal
    unknown: int


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _from_dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


class JournalUnwritable(Exception):
    """The journal refused to record an intent (locked by another program, disk full,
    read-only): the request must not be sent."""


class JournalReads(SqliteStore):
    """The journal's queries, shared by the writer and by :class:`JournalReader`."""

    def _entries(self, where: str = "1", params: Sequence[Any] = ()) -> list[Entry]:
        with self._lock:
            rows = self._db.execute(
                f"SELECT * FROM entries WHERE {where} ORDER BY id",  # noqa: S608 - clauses are ours
                params,
            ).fetchall()
        return [_entry(self._row(row)) for row in rows]

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
        """Entries a person must see: a crash left them pending, or a retail's outcome is
        unknown and reconciliation could not decide."""
        return [e for e in self._entries("state IN ('pending', 'unknown')") if not e.settled]

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
        known), or made and never released (the rules: :mod:`app.core.hidden_holds`)."""
        holds = self._live_holds(
            "state IN ('done', 'unknown', 'pending') AND client_id = ? AND point = ?",
            (client_id, point),
            now,
        )
        return hidden(
            holds, [], at=time.time() if now is None else now, named=named, made_before=made_before
        )

    def latest_retail(self, client_id: str, server: str, point: str) -> Entry | None:
        """The newest retail for this customer on this server and point, whatever its state."""
        found = self._entries(
            "id = (SELECT MAX(id) FROM entries WHERE kind = 'retail' AND state != 'rejected' "
            "AND state != 'failed' AND client_id = ? AND server = ? AND point = ?)",
            (client_id, server, point),
        )
        return found[0] if found else None

    def _live_holds(self, where: str, params: Sequence[Any], now: float | None) -> list[Entry]:
        """The rows :mod:`app.core.hidden_holds` judges: the holds that may not have ended by
        ``now``, and the releases and retails that went through since the oldest of them."""
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
        return Totals(
            operations=len(retail),
            spent=sum((e.spend or Decimal(0) for e in retail), Decimal(0)),
            earned=sum((e.earn or Decimal(0) for e in retail), Decimal(0)),
            unknown=sum(1 for e in entries if not e.settled),
        )


class JournalReader(JournalReads):
    """A read-only connection for the screens: in WAL mode its reads never wait for the
    writer's lock or its fsync, so a journal write on a worker thread cannot stall the GUI."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, ("query_only=ON",), read_only=True)


class Journal(JournalReads):
    """The writer. An intent that cannot be written raises :class:`JournalUnwritable` (nothing
    may be sent); an *outcome* that cannot be written (the file locked by another program for
    longer than SQLite waits, the disk full) is still the outcome: it is kept in memory and in
    a small side file (``journal.sqlite3.outcomes``), every read of this journal already sees
    it, and :meth:`flush_deferred` writes it when the file takes writes again (the controller
    retries in the background; the next start replays the side file)."""

    def __init__(
        self,
        path: Path | str,
        *,
        retention_days: int = RETENTION_DAYS_DEFAULT,
        busy_seconds: float = 5.0,
    ) -> None:
        if retention_days < 1:
            raise ValueError("retention must be at least one day")
        self.path = Path(path)
        self.retention_days = retention_days
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._deferred: dict[int, dict[str, Any]] = {}
        # secure_delete: a dropped lookup key does not linger in free pages of the file.
        super().__init__(
            self.path,
            ("journal_mode=WAL", "synchronous=FULL", "secure_delete=ON"),
            busy_seconds=busy_seconds,
        )
        try:
            self._db.executescript(SCHEMA)
            self._add_missing_columns()
            self._replay_side_file()
            self.purge()
            private_files(self.path)
        except BaseException:
            self.close()  # a journal that failed to open holds no file (a lock, a mount)
            raise

    @property
    def side_file(self) -> Path:
        return self.path.with_name(self.path.name + ".outcomes")

    @property
    def deferred(self) -> int:
        """How many entries have an outcome not yet written to the file."""
        return len(self._deferred)

    def _row(self, row: sqlite3.Row) -> sqlite3.Row | Mapping[str, Any]:
        fields = self._deferred.get(row["id"])
        if fields is None:
            return row
        merged = dict(zip(row.keys(), tuple(row), strict=True))
        merged.update(fields)
        return merged

    def _defer(self, entry_id: int, fields: dict[str, Any], error: sqlite3.Error) -> None:
        with self._lock:
            self._deferred.setdefault(entry_id, {}).update(fields)
        log.error("journal entry %d: outcome not written (%s); kept, retried", entry_id, error)
        try:
            with self.side_file.open("a", encoding="utf-8") as side:
                side.write(json.dumps({"id": entry_id, "fields": fields}) + "\n")
                side.flush()
                os.fsync(side.fileno())
        except OSError as side_error:
            log.error("journal entry %d: side file not written either (%s)", entry_id, side_error)

    def flush_deferred(self) -> bool:
        """Write the outcomes kept while the file refused writes; ``True`` when none is left."""
        with self._lock:
            pending = list(self._deferred.items())
        for entry_id, fields in pending:
            try:
                self._apply(entry_id, dict(fields))
            except sqlite3.Error as error:
                log.warning("journal still refuses writes: %s", error)
                return False
            with self._lock:
                if self._deferred.get(entry_id) == fields:
                    del self._deferred[entry_id]
        if not self._deferred:
            self.side_file.unlink(missing_ok=True)
            log.info("journal: %d kept outcome(s) written", len(pending))
        return not self._deferred

    def _replay_side_file(self) -> None:
        """Outcomes a previous run could not write: into the file now (or kept again)."""
        try:
            lines = self.side_file.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return
        for line in lines:
            try:
                item = json.loads(line)
                self._deferred.setdefault(int(item["id"]), {}).update(dict(item["fields"]))
            except (ValueError, KeyError, TypeError):
                log.error("journal side file: an unreadable line skipped")
        self.flush_deferred()

    def _add_missing_columns(self) -> None:
        """A journal written by an older version gains the columns added since (NULL)."""
        with self._transaction() as db:
            have = {row[1] for row in db.execute("PRAGMA table_info(entries)")}
            if "receipt" not in have:
                db.execute("ALTER TABLE entries ADD COLUMN receipt TEXT")
            if "server_time" not in have:
                db.execute("ALTER TABLE entries ADD COLUMN server_time REAL")

    def reader(self) -> JournalReader:
        """A connection of its own for reading on the GUI thread."""
        return JournalReader(self.path)

    def _checkpoint(self) -> None:
        """Copy the WAL into the file and empty it: a phone number dropped from a settled
        entry must not survive in the WAL (secure_delete only scrubs the main file)."""
        with self._lock:
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # ---- writing ---------------------------------------------------------------------------

    def intent(
        self,
        kind: Kind,
        *,
        server: str,
        point: str,
        training: bool,
        client_id: str | None = None,
        customer: str = "",
        lookup: str | None = None,
        amount: Decimal | None = None,
        spend: Decimal | None = None,
        points: Decimal | None = None,
        hold_id: str | None = None,
        hold_until: float | None = None,
        hold_ids: Sequence[str] = (),
        balance_before: Decimal | None = None,
        receipt: str | None = None,
        server_time: float | None = None,
    ) -> int:
        """Record what is about to be sent; committed before this returns.

        For a hold, ``hold_until`` is the latest moment it could still count if its reply is
        lost; the reply's own ``until`` replaces it."""
        now = time.time()
        try:
            with self._transaction() as db:
                cursor = db.execute(
                    "INSERT INTO entries (created, updated, kind, state, training, server, point, "
                    "client_id, customer, lookup, amount, spend, points, hold_id, hold_until, "
                    "hold_ids, balance_before, receipt, server_time) "
                    "VALUES (?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        now,
                        now,
                        str(kind),
                        int(training),
                        server,
                        point,
                        client_id,
                        customer,
                        lookup,
                        _dec(amount),
                        _dec(spend),
                        _dec(points),
                        hold_id,
                        hold_until,
                        json.dumps(list(hold_ids)),
                        _dec(balance_before),
                        receipt,
                        server_time,
                    ),
                )
                return int(cursor.lastrowid or 0)
        except sqlite3.Error as error:
            log.error("journal intent not written (%s): nothing is sent", error)
            raise JournalUnwritable(str(error)) from error

    def _update(self, entry_id: int, **fields: Any) -> None:
        fields["updated"] = time.time()
        if fields.get("server_time", 0) is None:
            del fields["server_time"]  # not known: the intent's estimate stays
        if "reason" in fields:
            fields["reason"] = mask(fields["reason"])
        if self._deferred:
            self.flush_deferred()  # in order: an earlier kept outcome goes first
        try:
            self._apply(entry_id, fields)
        except sqlite3.OperationalError as error:
            self._defer(entry_id, fields, error)

    def _apply(self, entry_id: int, fields: dict[str, Any]) -> None:
        if entry_id in self._deferred:  # a later change of a kept entry: keep them together
            fields = {**self._deferred[entry_id], **fields}
        dropping_lookup = "lookup" in fields and fields["lookup"] is None
        assignments = ", ".join(f"{name} = ?" for name in fields)
        with self._transaction() as db:
            had_lookup = (
                dropping_lookup
                and db.execute(
                    "SELECT lookup IS NOT NULL FROM entries WHERE id = ?", (entry_id,)
                ).fetchone()[0]
            )
            db.execute(
                f"UPDATE entries SET {assignments} WHERE id = ?",  # noqa: S608 - names are ours
                (*fields.values(), entry_id),
            )
        if had_lookup:  # only a phone that was written needs scrubbing from the WAL
            self._checkpoint()

    def done(
        self,
        entry_id: int,
        *,
        spend: Decimal | None = None,
        earn: Decimal | None = None,
        total: Decimal | None = None,
        hold_id: str | None = None,
        hold_until: datetime | None = None,
        points: Decimal | None = None,
        verdict: Verdict | None = None,
        balance_after: Decimal | None = None,
        reason: str = "",
        server_time: float | None = None,
    ) -> None:
        fields: dict[str, Any] = {
            "state": str(State.DONE),
            "lookup": None,
            "reason": reason,
            "server_time": server_time,
        }
        for name, value in (
            ("spend", spend),
            ("earn", earn),
            ("total", total),
            ("points", points),
            ("balance_after", balance_after),
        ):
            if value is not None:
                fields[name] = str(value)
        if hold_id is not None:
            fields["hold_id"] = hold_id
        if hold_until is not None:
            fields["hold_until"] = hold_until.timestamp()
        if verdict is not None:
            fields["verdict"] = str(verdict)
        self._update(entry_id, **fields)

    def rejected(self, entry_id: int, reason: str, *, server_time: float | None = None) -> None:
        self._update(
            entry_id,
            state=str(State.REJECTED),
            reason=reason,
            lookup=None,
            server_time=server_time,
        )

    def failed(self, entry_id: int, reason: str) -> None:
        self._update(entry_id, state=str(State.FAILED), reason=reason, lookup=None)

    def unknown(self, entry_id: int, reason: str) -> None:
        self._update(entry_id, state=str(State.UNKNOWN), reason=reason)

    def reconciled(
        self, entry_id: int, verdict: Verdict, *, reason: str, balance_after: Decimal | None
    ) -> None:
        """What re-reading the customer found. Spent/earned make the entry done; not-happened
        settles it as unknown-but-harmless; checking and undecided keep the lookup (for the
        re-check at the end of the settle window, and for the manager)."""
        fields: dict[str, Any] = {"verdict": str(verdict), "reason": reason}
        if balance_after is not None:
            fields["balance_after"] = str(balance_after)
        if verdict in (Verdict.SPENT, Verdict.EARNED):
            fields.update(state=str(State.DONE), lookup=None)
            # The figures the balance proved, so that shift totals count this operation.
            entry = self.get(entry_id)
            amount, spend = entry.amount or Decimal(0), entry.spend or Decimal(0)
            if verdict is Verdict.SPENT:
                fields.update(total=str(amount - spend), earn=None)
            else:
                fields.update(total=str(amount), earn=str(entry.points or Decimal(0)), spend="0")
        else:
            fields["state"] = str(State.UNKNOWN)
            if verdict is Verdict.NOT_HAPPENED:
                fields["lookup"] = None
        self._update(entry_id, **fields)

    def resolve_by_manager(self, entry_id: int, verdict: Verdict, note: str) -> None:
        """A manager decided an undecided entry after checking with the loyalty program."""
        if verdict is Verdict.UNDECIDED:
            raise ValueError("a manager's decision cannot be 'undecided'")
        self.reconciled(entry_id, verdict, reason=f"manager: {note}", balance_after=None)

    def carry(self, rows: Sequence[sqlite3.Row]) -> None:
        """Entries still open in a journal that was set aside, so that they are reconciled."""
        if not rows:
            return
        with self._transaction() as db:
            for row in rows:
                values = [row[name.strip()] for name in OPEN_COLUMNS.split(",")]
                db.execute(
                    f"INSERT INTO entries ({OPEN_COLUMNS}) "  # noqa: S608 - our own columns
                    f"VALUES ({', '.join('?' * len(values))})",
                    values,
                )
        log.warning("journal: %d open entries carried from the set-aside file", len(rows))

    def purge(self) -> int:
        """Delete settled entries older than the retention period; unsettled ones stay."""
        cutoff = time.time() - self.retention_days * 86400
        with self._transaction() as db:
            cursor = db.execute(
                "DELETE FROM entries WHERE created < ? AND state IN ('done', 'rejected', 'failed') "
                "OR (created < ? AND state = 'unknown' AND verdict = 'not-happened')",
                (cutoff, cutoff),
            )
            return cursor.rowcount


class JournalBusy(Exception):
    """The journal cannot be opened for writing now — another program holds it, it is
    read-only, the disk is full, or it cannot be opened — but nothing says it is damaged: it
    is waited for, never set aside. ``disk_full`` tells the cashier's message which."""

    def __init__(self, reason: str, *, folder: Path | None = None) -> None:
        super().__init__(reason)
        said_full = "full" in reason.lower() or "no space" in reason.lower()
        # A full disk often reaches SQLite as a plain "disk I/O error": look at the disk.
        self.disk_full = said_full or (folder is not None and _little_space(folder))


LOW_SPACE_BYTES = 1024 * 1024  # below this a journal cannot be trusted to take a write


def _little_space(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < LOW_SPACE_BYTES
    except OSError:
        return False


# What SQLite says of a file that is not (or no longer) a usable database; anything else
# ("locked", "busy", "readonly", "unable to open", "disk is full", "I/O") is not damage.
MALFORMED = ("file is not a database", "malformed", "not a database")
OPEN_COLUMNS = (
    "created, updated, kind, state, training, server, point, client_id, customer, lookup, "
    "amount, spend, earn, total, points, hold_id, hold_until, hold_ids, balance_before, "
    "balance_after, verdict, reason"
)


def open_journal(
    path: Path, *, retention_days: int = RETENTION_DAYS_DEFAULT, busy_seconds: float = 5.0
) -> tuple[Journal, Path | None]:
    """Open the journal. Only a file SQLite reports as damaged is set aside (renamed with a
    timestamp, phone-like digit runs scrubbed from it) and a new journal started, with the
    old one's open entries carried over so they are still reconciled. A journal that is only
    busy, read-only or on a full disk raises :class:`JournalBusy`: the caller waits and says
    so. Returns the journal and, when one was set aside, where it went."""
    try:
        return Journal(path, retention_days=retention_days, busy_seconds=busy_seconds), None
    except sqlite3.DatabaseError as error:
        if not any(sign in str(error).lower() for sign in MALFORMED):
            raise JournalBusy(str(error), folder=path.parent) from error
        log.error("journal %s is damaged (%s): setting it aside", path, error)
    except OSError as error:
        raise JournalBusy(str(error), folder=path.parent) from error
    carried = _open_entries(path)
    moved = move_aside(path)
    scrub_digits(moved)
    journal = Journal(path, retention_days=retention_days, busy_seconds=busy_seconds)
    journal.carry(carried)
    return journal, moved


def _open_entries(path: Path) -> list[sqlite3.Row]:
    """The pending and unknown entries still readable in a damaged journal."""
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return []
    try:
        db.row_factory = sqlite3.Row
        return list(
            db.execute(
                f"SELECT {OPEN_COLUMNS} FROM entries NOT INDEXED "  # noqa: S608 - our columns
                "WHERE state IN ('pending', 'unknown')"
            )
        )
    except sqlite3.Error as error:
        log.error("no entries could be read from the damaged journal: %s", error)
        return []
    finally:
        db.close()


PHONE_LIKE = re.compile(rb"\+?\d[\d\- ()]{8,}\d")


def scrub_digits(path: Path) -> None:
    """Overwrite every phone-like run of digits in a set-aside file (and its companions): it
    is kept for support, not for the customers' numbers."""
    for target in (path, *(path.with_name(path.name + s) for s in ("-wal", "-journal"))):
        try:
            data = target.read_bytes()
        except FileNotFoundError:
            continue
        target.write_bytes(PHONE_LIKE.sub(lambda m: b"#" * len(m.group()), data))


def _entry(row: sqlite3.Row | Mapping[str, Any]) -> Entry:
    return Entry(
        id=row["id"],
        created=datetime.fromtimestamp(row["created"]).astimezone(),
        kind=Kind(row["kind"]),
        state=State(row["state"]),
        training=bool(row["training"]),
        server=row["server"],
        point=row["point"],
        client_id=row["client_id"],
        customer=row["customer"],
        lookup=row["lookup"],
        amount=_from_dec(row["amount"]),
        spend=_from_dec(row["spend"]),
        earn=_from_dec(row["earn"]),
        total=_from_dec(row["total"]),
        points=_from_dec(row["points"]),
        hold_id=row["hold_id"],
        hold_until=None
        if row["hold_until"] is None
        else datetime.fromtimestamp(row["hold_until"]).astimezone(),
        hold_ids=tuple(json.loads(row["hold_ids"])),
        balance_before=_from_dec(row["balance_before"]),
        balance_after=_from_dec(row["balance_after"]),
        verdict=None if row["verdict"] is None else Verdict(row["verdict"]),
        reason=row["reason"],
        receipt=row["receipt"],
        server_time=None
        if row["server_time"] is None
        else datetime.fromtimestamp(row["server_time"]).astimezone(),
    )
