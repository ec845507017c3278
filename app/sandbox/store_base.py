"""The sandbox's SQLite store: its schema, the demo data, the API keys it accepts, and what
tests and trainers inspect (balances, holds, operations, enrolments). The rules themselves are
:class:`~app.sandbox.store.SandboxStore`'s."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from app.base.sqlite_store import SqliteStore
from app.sandbox import demo

SCHEMA = """
CREATE TABLE IF NOT EXISTS apikeys (key TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS points (id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS levels (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, percent INTEGER NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('cashback', 'discount')),
    max_spend_percent INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS clients (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, photo INTEGER NOT NULL, birthday TEXT,
    level_id TEXT NOT NULL REFERENCES levels(id), phone TEXT NOT NULL UNIQUE,
    email TEXT, balance INTEGER NOT NULL CHECK (balance >= 0),
    card TEXT UNIQUE, app_code TEXT UNIQUE, referral_code TEXT);
CREATE TABLE IF NOT EXISTS holds (
    id TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients(id),
    point_id TEXT NOT NULL, amount INTEGER NOT NULL CHECK (amount > 0),
    created REAL NOT NULL, until INTEGER NOT NULL,
    ended REAL, end_reason TEXT CHECK (end_reason IN ('released', 'operation')));
CREATE TABLE IF NOT EXISTS operations (
    id INTEGER PRIMARY KEY AUTOINCREMENT, client_id TEXT NOT NULL, point_id TEXT NOT NULL,
    amount TEXT NOT NULL, spend INTEGER NOT NULL, earn INTEGER NOT NULL, total TEXT NOT NULL,
    balance_after INTEGER NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS bonuses (
    id INTEGER PRIMARY KEY AUTOINCREMENT, client_id TEXT NOT NULL, added INTEGER NOT NULL,
    expired INTEGER NOT NULL, message TEXT NOT NULL, activation_ms INTEGER NOT NULL,
    expiration_ms INTEGER);
CREATE TABLE IF NOT EXISTS partners (
    api_key TEXT PRIMARY KEY, name TEXT NOT NULL, starts REAL NOT NULL, ends REAL NOT NULL,
    max_users INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS enrolments (
    partner_key TEXT NOT NULL, email TEXT NOT NULL COLLATE NOCASE, created REAL NOT NULL,
    PRIMARY KEY (partner_key, email));
"""


class Clock:
    """Wall time plus an offset that tests and trainers move forward to expire holds."""

    def __init__(self) -> None:
        self.offset = 0.0

    def now(self) -> float:
        return time.time() + self.offset


@dataclass(frozen=True)
class HoldRow:
    id: str
    client_id: str
    point_id: str
    amount: int
    until: int
    state: str  # active, expired, released, operation


class StoreBase(SqliteStore):
    def __init__(self, path: Path | str, clock: Clock | None = None) -> None:
        self.clock = clock or Clock()
        wal = () if str(path) == ":memory:" else ("journal_mode=WAL",)
        super().__init__(path, (*wal, "foreign_keys=ON"))
        self._db.executescript(SCHEMA)
        if self._db.execute("SELECT COUNT(*) FROM apikeys").fetchone()[0] == 0:
            self.load_demo()

    # ---- demo data -------------------------------------------------------------------------

    def load_demo(self) -> None:
        """Wipe everything and load the documented demo data."""
        now = self.clock.now()
        today = datetime.fromtimestamp(now, tz=UTC).date()
        with self._transaction() as db:
            for table in (
                "enrolments",
                "partners",
                "bonuses",
                "operations",
                "holds",
                "clients",
                "levels",
                "points",
                "apikeys",
            ):
                db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
            db.execute("INSERT INTO apikeys VALUES (?)", (demo.API_KEY,))
            db.executemany(
                "INSERT INTO points VALUES (?, ?)",
                [
                    (demo.POINT_ID, "Демо-магазин, касса 1"),
                    (demo.SECOND_POINT_ID, "Демо-магазин, касса 2"),
                ],
            )
            db.executemany(
                "INSERT INTO levels VALUES (?, ?, ?, ?, ?)",
                [
                    (lv.id, lv.title, lv.percent, lv.type, lv.max_spend_percent)
                    for lv in demo.LEVELS
                ],
            )
            for client in demo.CLIENTS:
                birthday = client.birthday_on(today)
                db.execute(
                    "INSERT INTO clients VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        client.id,
                        client.name,
                        int(client.photo),
                        birthday.isoformat() if birthday else None,
                        client.level,
                        client.phone,
                        client.email_address(),
                        client.balance,
                        client.card,
                        client.app_code,
                        client.referral(),
                    ),
                )
            by_number = {c.number: c for c in demo.CLIENTS}
            for number, added, expired, message, days_ago, expires_in in demo.HISTORY:
                activation = now - days_ago * 86400
                expiration = None if expires_in is None else now + expires_in * 86400
                db.execute(
                    "INSERT INTO bonuses (client_id, added, expired, message, activation_ms, "
                    "expiration_ms) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        by_number[number].id,
                        added,
                        expired,
                        message,
                        int(activation * 1000),
                        None if expiration is None else int(expiration * 1000),
                    ),
                )
            for key, name, starts, ends, max_users in demo.PARTNERS:
                db.execute(
                    "INSERT INTO partners VALUES (?, ?, ?, ?, ?)",
                    (key, name, now + starts * 86400, now + ends * 86400, max_users),
                )
            db.executemany(
                "INSERT INTO enrolments VALUES (?, ?, ?)",
                [(key, email, now) for key, email in demo.ENROLLED],
            )

    # ---- keys --------------------------------------------------------------------

    def add_bonus_entries(self, client_id: str, count: int) -> None:
        """Give a customer a long bonus history (benchmarks, tests of large histories)."""
        now = self.clock.now()
        rows = [
            (
                client_id,
                1 + i % 500,
                (i % 7 == 0) * (i % 50),
                f"Начисление №{i} за покупку",
                int((now - i * 3600) * 1000),
                None if i % 10 == 0 else int((now + (365 - i % 400) * 86400) * 1000),
            )
            for i in range(count)
        ]
        with self._transaction() as db:
            db.executemany(
                "INSERT INTO bonuses (client_id, added, expired, message, activation_ms, "
                "expiration_ms) VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )

    def add_api_key(self, apikey: str) -> None:
        """Accept another key besides ``demo`` (a trainer's or a test's own)."""
        with self._transaction() as db:
            db.execute("INSERT OR IGNORE INTO apikeys VALUES (?)", (apikey,))

    def key_accepted(self, apikey: str | None) -> bool:
        if not apikey:
            return False
        with self._lock:
            row = self._db.execute("SELECT 1 FROM apikeys WHERE key = ?", (apikey,)).fetchone()
        return row is not None

    # ---- inspection for tests and trainers -------------------------------------------------

    def balance(self, client_id: str) -> int:
        with self._lock:
            row = self._db.execute(
                "SELECT balance FROM clients WHERE id = ?", (client_id,)
            ).fetchone()
        if row is None:
            raise KeyError(client_id)
        return int(row["balance"])

    def holds(self, client_id: str | None = None) -> list[HoldRow]:
        now = self.clock.now()
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM holds WHERE (? IS NULL OR client_id = ?) ORDER BY created",
                (client_id, client_id),
            ).fetchall()
        result = []
        for row in rows:
            state = row["end_reason"] or ("active" if row["until"] > now else "expired")
            result.append(
                HoldRow(
                    row["id"], row["client_id"], row["point_id"], row["amount"], row["until"], state
                )
            )
        return result

    def operations(self, client_id: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM operations WHERE (? IS NULL OR client_id = ?) ORDER BY id",
                (client_id, client_id),
            ).fetchall()
        return [dict(row) for row in rows]

    def enrolled(self, partner_key: str) -> list[str]:
        with self._lock:
            rows = self._db.execute(
                "SELECT email FROM enrolments WHERE partner_key = ? ORDER BY created",
                (partner_key,),
            ).fetchall()
        return [row["email"] for row in rows]

    def has_photo(self, client_id: str) -> tuple[str, str] | None:
        """The initials and name for a demo photo, or ``None`` when the client has none."""
        with self._lock:
            row = self._db.execute(
                "SELECT name FROM clients WHERE id = ? AND photo = 1", (client_id,)
            ).fetchone()
        if row is None:
            return None
        initials = "".join(part[0] for part in row["name"].split()[:2]).upper()
        return initials, row["name"]

    def today(self) -> date:
        return datetime.fromtimestamp(self.clock.now(), tz=UTC).date()
