"""The till's write-ahead journal of money-affecting operations, in SQLite.

Before a hold, release, retail or partner enrolment leaves the machine its intent is written
and committed (WAL, ``synchronous=FULL``); when the reply comes, the outcome. A crash between
the two leaves the entry ``pending``, which the next start shows and reconciles.

Customer data is masked: the journal keeps the client ID, a masked phone or email for people,
and the search key needed to re-read the customer only while the entry is unsettled.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import sqlite3
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.base.files import private_files
from app.base.logs import mask
from app.core.journal.entry import Entry, Fate, Kind, State, Verdict
from app.core.journal.reads import JournalReader, JournalReads
from app.core.journal.schema import OPEN_COLUMNS, upgrade

log = logging.getLogger(__name__)

RETENTION_DAYS_DEFAULT = 90
JOURNAL_ID = "journal_id"  # meta: this journal's identity (see Journal._identity)
JOURNAL_HOST = "journal_host"  # meta: the computer it was last opened on


def host_fingerprint() -> str:
    """This computer, as a journal can tell it was copied elsewhere: its name and its network
    hardware address (a cloned disk keeps the name more often than the hardware). Where no
    address can be read, Python makes up a random one each run (the multicast bit set): the
    name alone then, or every start would look like another computer."""
    node = uuid.getnode()
    made_up = bool(node & (1 << 40))
    return socket.gethostname() if made_up else f"{socket.gethostname()}/{node:012x}"


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


class JournalUnwritable(Exception):
    """The journal refused to record an intent (locked by another program, disk full,
    read-only): the request must not be sent."""


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
        host: str | None = None,
    ) -> None:
        """``host``: this computer's fingerprint (:func:`host_fingerprint`; tests give one)."""
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
            with self._transaction() as db:
                upgrade(db)
            self.identity = self._identity(host or host_fingerprint())
            self._replay_side_file()
            self.purge()
            private_files(self.path)
        except BaseException:
            self.close()  # a journal that failed to open holds no file (a lock, a mount)
            raise

    def _identity(self, host: str) -> str:
        """This journal's identity, made with it; made anew when the journal is found on another
        computer (a cloned disk image, a copied profile), so that the copy's new entries never
        take the original's place in the chain's database. Entries keep the identity they were
        made under."""
        identity, seen_on = self.meta(JOURNAL_ID), self.meta(JOURNAL_HOST)
        if identity is None or seen_on != host:
            if identity is not None:
                log.warning(
                    "journal: found on another computer (%s, was %s): its new entries get a "
                    "new identity",
                    host,
                    seen_on,
                )
            identity = str(uuid.uuid4())
            self.set_meta(JOURNAL_ID, identity)
            self.set_meta(JOURNAL_HOST, host)
        return identity

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
        queued: bool = False,
        to_pay: Decimal | None = None,
    ) -> int:
        """Record what is about to be sent; committed before this returns.

        For a hold, ``hold_until`` is the latest moment it could still count if its reply is
        lost; the reply's own ``until`` replaces it. ``queued``: an earn recorded while the
        server cannot be reached, sent later (:meth:`posting`)."""
        now = time.time()
        state = State.QUEUED if queued else State.PENDING
        with self._intent_written(), self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO entries (created, updated, kind, state, training, server, point, "
                "client_id, customer, lookup, amount, spend, points, hold_id, hold_until, "
                "hold_ids, balance_before, receipt, server_time, offline, to_pay, origin) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    now,
                    now,
                    str(kind),
                    str(state),
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
                    int(queued),
                    _dec(to_pay),
                    self.identity,
                ),
            )
            return int(cursor.lastrowid or 0)

    @staticmethod
    @contextmanager
    def _intent_written() -> Iterator[None]:
        """An intent that cannot be written: nothing may be sent."""
        try:
            yield
        except sqlite3.Error as error:
            log.error("journal intent not written (%s): nothing is sent", error)
            raise JournalUnwritable(str(error)) from error

    def posting(
        self,
        entry_id: int,
        *,
        client_id: str,
        customer: str,
        points: Decimal,
        balance_before: Decimal | None,
        server_time: float | None,
    ) -> None:
        """A queued earn is about to be sent: from here it is a pending retail like any other
        (the intent, committed before the request leaves), sent at ``posted``. An intent that
        cannot be written raises :class:`JournalUnwritable`."""
        now = time.time()
        fields: dict[str, Any] = {
            "state": str(State.PENDING),
            "client_id": client_id,
            "customer": customer,
            "points": str(points),
            "balance_before": _dec(balance_before),
            "posted": now,
            "updated": now,
        }
        if server_time is not None:  # not known: the estimate made when it was queued stays
            fields["server_time"] = server_time
        with self._intent_written():
            self._apply(entry_id, fields)

    def requeue(self, entry_id: int, reason: str) -> None:
        """A queued earn's post proved not to have happened: it waits for the next one."""
        self._update(
            entry_id,
            state=str(State.QUEUED),
            verdict=None,
            balance_before=None,
            balance_after=None,
            reason=reason,
        )

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
        # Every change is a new revision: the chain's copy is behind until it has it.
        assignments = ", ".join([*(f"{name} = ?" for name in fields), "revision = revision + 1"])
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
        self,
        entry_id: int,
        verdict: Verdict,
        *,
        reason: str,
        balance_after: Decimal | None,
        by_manager: bool = False,
    ) -> None:
        """What re-reading the customer found. Spent/earned make the entry done; not-happened
        settles it as unknown-but-harmless; checking and undecided keep the lookup (for the
        re-check at the end of the settle window, and for the manager). It records; it decides
        nothing (an earn is never proved not to have happened by a balance: see
        app/core/ledger/earn_queue.py)."""
        entry = self.get(entry_id)
        fields: dict[str, Any] = {"verdict": str(verdict), "reason": reason}
        if by_manager:
            fields["decided_by"] = "manager"
        if balance_after is not None:
            fields["balance_after"] = str(balance_after)
        if verdict in (Verdict.SPENT, Verdict.EARNED):
            fields.update(state=str(State.DONE), lookup=None)
            # The figures of the sale as it was confirmed (a discount level's to pay too), so
            # that shift totals count this operation as the customer paid it.
            amount, spend = entry.amount or Decimal(0), entry.spend or Decimal(0)
            if verdict is Verdict.SPENT:
                to_pay = entry.to_pay if entry.to_pay is not None else amount - spend
                fields.update(total=str(to_pay), earn=None)
            else:
                to_pay = entry.to_pay if entry.to_pay is not None else amount
                fields.update(total=str(to_pay), earn=str(entry.points or Decimal(0)), spend="0")
            self.operation_made(entry)
            if entry.verdict is Verdict.NOT_HAPPENED and not by_manager:
                fields["proved_late"] = time.time()  # the manager must look: repeated?
        else:
            fields["state"] = str(State.UNKNOWN)
            if verdict is Verdict.NOT_HAPPENED and by_manager:
                fields["lookup"] = None
            # "Did not happen" by the balance keeps the lookup for the hour it stays under
            # watch (:meth:`~app.core.ledger.teller.Teller.watch`), then drops it.
        self._update(entry_id, **fields)

    def watch_over(self, entry_id: int) -> None:
        """A "did not happen" entry's hour under watch is over: its lookup goes."""
        self._update(entry_id, lookup=None)

    def resolve_by_manager(self, entry_id: int, verdict: Verdict, note: str) -> None:
        """A manager decided an undecided entry after checking with the loyalty program."""
        if verdict is Verdict.UNDECIDED:
            raise ValueError("a manager's decision cannot be 'undecided'")
        self.reconciled(entry_id, verdict, reason=note, balance_after=None, by_manager=True)

    # ---- what became of holds ------------------------------------------------------------

    def released(self, hold_id: str) -> None:
        """The server released this hold (an entry of this till's, if it made it)."""
        self._hold_fate(Fate.RELEASED, "hold_id = ?", (hold_id,))

    def operation_made(self, retail: Entry) -> None:
        """A retail went through at its point: the holds it named were used by it, and the
        server ended every other hold of this till's that still counted there (document
        003: any operation at a point ends its holds)."""
        named = list(retail.hold_ids)
        if named:
            marks = ",".join("?" * len(named))
            self._hold_fate(Fate.USED, f"hold_id IN ({marks})", named)
        sent = retail.sent.timestamp()
        self._hold_fate(
            Fate.ENDED,
            "server = ? AND point = ? AND created < ? AND hold_until > ?",
            (retail.server, retail.point, sent, sent),
        )

    def hold_gone(self, hold_id: str, *, expired: bool) -> None:
        """A check found the server no longer counts the hold: near its end it expired (read
        from its end: nothing to write), else an operation made elsewhere ended it."""
        if not expired:
            self._hold_fate(Fate.ENDED, "hold_id = ?", (hold_id,))

    def _hold_fate(self, fate: Fate, where: str, params: Sequence[Any]) -> None:
        """Set the fate of this till's holds that went through and have none yet. A label for
        the manager: a journal that refuses the write is logged, never a reason to fail the
        operation that ended the hold."""
        try:
            with self._transaction() as db:
                db.execute(
                    "UPDATE entries SET fate = ?, updated = ?, revision = revision + 1 "  # noqa: S608
                    f"WHERE kind = 'hold' AND state = 'done' AND fate IS NULL AND {where}",
                    (str(fate), time.time(), *params),
                )
        except sqlite3.Error as error:
            log.warning("journal: a hold's fate (%s) not written: %s", fate, error)

    def carry(self, rows: Sequence[sqlite3.Row]) -> None:
        """Entries still open in a journal that was set aside, so that they are reconciled."""
        if not rows:
            return
        with self._transaction() as db:
            for row in rows:
                names = [
                    name
                    for name in (n.strip() for n in OPEN_COLUMNS.split(","))
                    if name in row.keys()  # noqa: SIM118 - a Row iterates its values
                ]
                db.execute(
                    f"INSERT INTO entries ({', '.join(names)}) "  # noqa: S608 - our own columns
                    f"VALUES ({', '.join('?' * len(names))})",
                    [row[name] for name in names],
                )
        log.warning("journal: %d open entries carried from the set-aside file", len(rows))

    def mark_shipped(self, revisions: Sequence[tuple[int, int]]) -> None:
        """The chain's database has these (entry, revision): not a change of the entries."""
        with self._transaction() as db:
            db.executemany(
                "UPDATE entries SET shipped = ? WHERE id = ? AND shipped < ?",
                [(revision, entry_id, revision) for entry_id, revision in revisions],
            )

    def mark_conflicts(self, revisions: Sequence[tuple[int, int]]) -> None:
        """The chain's database kept another version of these (entry, revision): they are not
        shipped, and not offered again until they change; the support desk sees them."""
        with self._transaction() as db:
            db.executemany(
                "UPDATE entries SET ship_conflict = ? WHERE id = ?",
                [(revision, entry_id) for entry_id, revision in revisions],
            )

    def set_meta(self, key: str, value: str) -> None:
        with self._transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def purge(self) -> int:
        """Delete settled entries older than the retention period; unsettled ones stay (and
        so do queued earns, and refused ones until a manager decides)."""
        cutoff = time.time() - self.retention_days * 86400
        with self._transaction() as db:
            cursor = db.execute(
                "DELETE FROM entries WHERE created < ? AND (state = 'done' "
                "OR (state IN ('rejected', 'failed') AND offline = 0) "
                "OR (state = 'unknown' AND verdict = 'not-happened'))",
                (cutoff,),
            )
            return cursor.rowcount

    # ---- outcomes the file refused for a while, kept aside until it takes writes again ----

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
