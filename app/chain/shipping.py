"""Shipping the till's journal to the chain's PostgreSQL: the outbox drained in batches, each
entry upserted on (till, entry) at its revision, then marked shipped in the journal.

Order of a batch: read the oldest unshipped entries; upsert them in one transaction (a row
changes only for a revision at least as new as the one it has, so a late or repeated batch
never undoes a newer one); commit; only then mark them shipped. A crash between the commit and
the mark ships the batch again, which changes nothing. Training entries ship too, marked
``training``, so that the chain's totals are the till's F11 figures, which count them.

What ships is what the CSV shows — the masked customer, the figures that count and those only
attempted, the outcome, the receipt, the till's and the server's times, the profile, the store
point, the till's ID and host name, the program's version — never a phone (the journal's
``lookup`` stays home), an email or a key.
"""

from __future__ import annotations

import logging
import socket
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import __version__
from app.core.journal.entry import Entry, Kind, State

if TYPE_CHECKING:
    import psycopg

    from app.core.journal.store import Journal
    from app.core.settings.model import Settings
    from app.core.settings.secrets import Secrets

log = logging.getLogger(__name__)

BATCH = 500
CONNECT_SECONDS = 5
STATEMENT_MS = 15_000
LAST_SHIPPED = "chain_last_shipped"  # the journal's meta: when a batch last went through

COLUMNS = (
    "till_id, entry_id, revision, host, version, profile, server, store_point, training, "
    "kind, state, "
    "verdict, customer, amount, spent, earned, to_pay, attempted_spend, attempted_earn, "
    "purchase, needs_decision, waiting, offline, receipt, reason, created, server_time, posted, "
    "decided_by, held_points, hold_until, hold_fate, origin"
)
_NAMES = [name.strip() for name in COLUMNS.split(",")]


def upsert(names: Sequence[str]) -> str:
    """The batch's statement for these columns (ours, and only those the database has: a
    till of a newer version ships to a database not migrated yet what it can hold). It
    returns each row it wrote: one it did not (the database has a newer revision, or another
    journal's entry under the same key) is a conflict, never marked shipped."""
    key = ("origin", "entry_id") if "origin" in names else ("till_id", "entry_id")
    return (
        f"INSERT INTO till_entries ({', '.join(names)}) "  # noqa: S608 - our own names
        f"VALUES ({', '.join(['%s'] * len(names))}) "
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET "
        + ", ".join(f"{name} = excluded.{name}" for name in names if name not in key)
        + ", shipped_at = now() WHERE till_entries.revision <= excluded.revision "
        "AND till_entries.till_id = excluded.till_id RETURNING entry_id, revision"
    )


def central_columns(conn: psycopg.Connection) -> list[str]:
    """The columns of ours that the chain's table has, in our order."""
    rows = conn.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'till_entries' AND table_schema = current_schema()"
    ).fetchall()
    have = {row[0] for row in rows}
    if not have:
        import psycopg

        raise psycopg.errors.UndefinedTable(
            "the chain's database has no till_entries table: run 'loyalty-till chain migrate'"
        )
    return [name for name in _NAMES if name in have]


TILL = (
    "INSERT INTO tills (till_id, host, version, profile, store_point, last_shipment, "
    "clock_offset_s, queued_earns, backlog) VALUES (%s, %s, %s, %s, %s, now(), %s, %s, %s) "
    "ON CONFLICT (till_id) DO UPDATE SET host = excluded.host, version = excluded.version, "
    "profile = excluded.profile, store_point = excluded.store_point, last_shipment = now(), "
    "clock_offset_s = excluded.clock_offset_s, queued_earns = excluded.queued_earns, "
    "backlog = excluded.backlog"
)


@dataclass(frozen=True)
class Till:
    """Who ships: a stable ID made at the first start (kept beside the journal, so that a
    journal set aside keeps it), the host name, the profile."""

    id: str
    host: str
    profile: str

    @classmethod
    def of(cls, folder: Path, profile: str) -> Till:
        path = folder / "till-id"
        try:
            made = str(uuid.UUID(path.read_text(encoding="ascii").strip()))
        except (OSError, ValueError):
            made = str(uuid.uuid4())
            path.write_text(made + "\n", encoding="ascii")
        return cls(made, socket.gethostname(), profile)


def shipped_row(entry: Entry, till: Till, names: Sequence[str] = _NAMES) -> tuple[Any, ...]:
    """One entry as the central table holds it (the CSV's figures, no personal data), by the
    columns ``names``."""
    purchase = entry.kind is Kind.RETAIL and entry.state is State.DONE
    open_retail = entry.kind is Kind.RETAIL and not purchase
    values: dict[str, Any] = {
        "till_id": till.id,
        "entry_id": entry.id,
        "revision": entry.revision,
        "host": till.host,
        "version": __version__,
        "profile": till.profile,
        "server": entry.server,
        "store_point": entry.point,
        "training": entry.training,
        "kind": str(entry.kind),
        "state": str(entry.state),
        "verdict": str(entry.verdict) if entry.verdict else None,
        "customer": entry.customer,
        "amount": entry.amount,
        "spent": (entry.spend or None) if purchase else None,
        "earned": (entry.earn or None) if purchase else None,
        "to_pay": entry.total if entry.state is State.DONE else None,
        "attempted_spend": (entry.spend or None) if open_retail else None,
        "attempted_earn": (entry.points or None) if open_retail else None,
        "purchase": purchase,
        "needs_decision": not entry.settled,
        "waiting": entry.waiting,
        "offline": entry.offline,
        "receipt": entry.receipt,
        "reason": entry.reason,
        "created": entry.created,
        "server_time": entry.server_time,
        "posted": entry.posted,
        "decided_by": entry.decided_by,
        "held_points": entry.points if entry.kind in (Kind.HOLD, Kind.RELEASE) else None,
        "hold_until": entry.hold_until if entry.kind is Kind.HOLD else None,
        "hold_fate": str(entry.fate) if entry.fate is not None else None,
        # The journal that made it; an entry from before journals had one, its till's.
        "origin": entry.origin or till.id,
    }
    return tuple(values[name] for name in names)


@dataclass(frozen=True)
class ShipReport:
    shipped: int  # entries (revisions) the chain's database has now, from this call
    left: int  # still in the outbox
    error: str | None = None  # why the database could not take them (try_ship)


def connect(dsn: str, password: str | None = None) -> psycopg.Connection:
    """A connection that gives up in seconds, never holding a till's worker for long."""
    import psycopg

    extra: dict[str, Any] = {"password": password} if password else {}
    return psycopg.connect(
        dsn,
        connect_timeout=CONNECT_SECONDS,
        application_name=f"loyalty-till {__version__}",
        options=f"-c statement_timeout={STATEMENT_MS}",
        autocommit=True,
        **extra,
    )


class Shipper:
    """Drains the journal's outbox into the chain's database (one connection, reopened after
    a failure). Runs on a worker; every error is :class:`psycopg.Error` for the caller."""

    def __init__(
        self,
        journal: Journal,
        till: Till,
        dsn: str,
        password: str | Callable[[], str | None] | None = None,
    ) -> None:
        self.journal = journal
        self.till = till
        self._dsn = dsn
        self._password = password
        self._conn: psycopg.Connection | None = None
        # The loyalty server's clock against the till's (the window's latest reply), for the
        # tills row.
        self.clock_offset: Callable[[], float | None] = lambda: None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def ship(self, *, batches: int = 1, batch: int = BATCH) -> ShipReport:
        """Ship up to ``batches`` × ``batch`` entries, oldest first."""
        import psycopg

        shipped = 0
        try:
            for _ in range(batches):
                entries = self.journal.unshipped(batch)
                if not entries:
                    break
                shipped += self._ship(entries)
        except psycopg.Error:
            self.close()  # a broken connection is not used again
            raise
        return ShipReport(shipped, self.journal.unshipped_count())

    def try_ship(self, *, batches: int = 4) -> ShipReport:
        """:meth:`ship` for a background worker: a database that cannot be reached or
        refuses is a report with its ``error``, logged once per call, never an exception."""
        import psycopg

        try:
            return self.ship(batches=batches)
        except psycopg.Error as error:
            said = f"{type(error).__name__}: {str(error).strip()}"
            log.warning("chain: not shipped (%s)", said)
            return ShipReport(0, self.journal.unshipped_count(), error=said)

    def _ship(self, entries: list[Entry]) -> int:
        conn = self._conn
        if conn is None or conn.closed:
            password = self._password() if callable(self._password) else self._password
            conn = self._conn = connect(self._dsn, password)
        # Read each batch: IT may migrate the database while the till is connected.
        names = central_columns(conn)
        with conn.transaction(), conn.cursor() as cursor:
            rows = [shipped_row(entry, self.till, names) for entry in entries]
            cursor.executemany(upsert(names), rows, returning=True)
            landed: set[tuple[int, int]] = set()
            while True:
                landed.update((int(e), int(r)) for e, r in cursor.fetchall())
                if not cursor.nextset():
                    break
            cursor.execute(
                TILL,
                (
                    self.till.id,
                    self.till.host,
                    __version__,
                    self.till.profile,
                    entries[-1].point,
                    self.clock_offset(),
                    self.journal.queued_count(),
                    max(0, self.journal.unshipped_count() - len(entries)),
                ),
            )
        sent = [(entry.id, entry.revision) for entry in entries]
        refused = [pair for pair in sent if pair not in landed]
        self.journal.mark_shipped([pair for pair in sent if pair in landed])
        if refused:
            # Another journal's entry under this key, or a newer revision of it: the chain's
            # copy is not ours to overwrite. Kept here for the support desk ('status').
            log.error(
                "chain: %d entries not taken (the database has another version: a copied "
                "journal or disk?): %s",
                len(refused),
                ", ".join(f"#{entry} r{revision}" for entry, revision in refused[:10]),
            )
            self.journal.mark_conflicts(refused)
        self.journal.set_meta(LAST_SHIPPED, repr(time.time()))
        log.info("chain: %d entries shipped", len(sent) - len(refused))
        return len(sent) - len(refused)


def for_settings(
    settings: Settings, journal: Journal, folder: Path, secrets: Secrets
) -> Shipper | None:
    """The window's shipper when ``chain_dsn`` is set and a real profile is in use; the
    password is the profile's ``chain`` key, read on the worker at the first connection."""
    if not settings.chain_dsn or settings.profile is None:
        return None
    from app.core.settings.secrets import SecretsUnavailable

    profile = settings.active_profile

    def password() -> str | None:
        try:
            return secrets.get(profile, "chain")
        except SecretsUnavailable as unavailable:
            log.warning("chain: no password from the keyring (%s)", unavailable)
            return None

    return Shipper(journal, Till.of(folder, profile), settings.chain_dsn, password)
