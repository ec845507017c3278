"""The journal's table and its versions: what a journal of this version looks like, and how
one written by an older version is brought to it (in the opener's transaction)."""

from __future__ import annotations

import logging
import sqlite3

log = logging.getLogger(__name__)

# The columns an open entry keeps when it is carried out of a damaged journal (a journal of
# version 1 has all but the last few). Its ID and origin too: the chain's copy knows it by
# them, and a new row under new ones would leave the old one open there for good.
OPEN_COLUMNS = (
    "id, created, updated, kind, state, training, server, point, client_id, customer, lookup, "
    "amount, spend, earn, total, points, hold_id, hold_until, hold_ids, balance_before, "
    "balance_after, verdict, reason, offline, posted, to_pay, origin"
)

# 1: the first journal (``receipt`` and ``server_time`` were added to it as columns).
# 2: the offline earn: state ``queued``, columns ``offline`` and ``posted``. SQLite cannot
#    change a CHECK constraint, so the table is rebuilt (see :func:`_rebuild`).
# 3: the chain's outbox: ``revision`` counts an entry's changes, ``shipped`` is the revision
#    the chain's database has (see :mod:`app.chain.shipping`); the ``meta`` table.
# 4: what a sale was and who decided it: ``to_pay`` (what the confirmation showed the
#    customer would pay: a verdict or a manager's decision records it, not amount − spend),
#    ``decided_by`` (``manager`` when a person settled it; before, the reason's prefix), and a
#    hold's ``fate`` (used by the sale, released, ended by another operation; expired is read
#    from its end), and ``proved_late``: when a retail judged "did not happen" was proved by a
#    later balance read to have gone through after all (a manager must look: it may have been
#    repeated); ``origin``, the journal's identity an entry was made under, and
#    ``ship_conflict``, a revision the chain's database kept another version of.
SCHEMA_VERSION = 4
# Columns added after the table's last rebuild: (name, declaration) for ALTER TABLE.
ADDED_COLUMNS = (
    ("revision", "INTEGER NOT NULL DEFAULT 1"),
    ("shipped", "INTEGER NOT NULL DEFAULT 0"),
    ("to_pay", "TEXT"),
    ("decided_by", "TEXT"),
    ("fate", "TEXT CHECK (fate IN ('used', 'released', 'ended'))"),
    ("proved_late", "REAL"),
    ("origin", "TEXT"),
    ("ship_conflict", "INTEGER"),
)

TABLE = """
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created REAL NOT NULL,
    updated REAL NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('hold', 'release', 'retail', 'enrol')),
    state TEXT NOT NULL
        CHECK (state IN ('pending', 'done', 'rejected', 'failed', 'unknown', 'queued')),
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
    server_time REAL,
    -- An earn recorded while the server could not be reached (``queued`` until posted), and
    -- when it was posted (the till's time; ``created`` is when it was recorded).
    offline INTEGER NOT NULL DEFAULT 0,
    posted REAL,
    -- The outbox: an entry is shipped to the chain's database while shipped < revision.
    revision INTEGER NOT NULL DEFAULT 1,
    shipped INTEGER NOT NULL DEFAULT 0,
    -- What the confirmation said the customer pays; who settled it; what became of a hold.
    to_pay TEXT,
    decided_by TEXT,
    fate TEXT CHECK (fate IN ('used', 'released', 'ended')),
    proved_late REAL,
    -- The identity of the journal that wrote the entry (meta journal_id when it was made): the
    -- chain's copy is keyed by it, so a new journal, a set-aside one and a cloned disk never
    -- overwrite each other's entries. And the revision the chain's database refused to take.
    origin TEXT,
    ship_conflict INTEGER
)
"""

INDEXES = """
CREATE INDEX IF NOT EXISTS entries_created ON entries (created);
CREATE INDEX IF NOT EXISTS entries_state ON entries (state);
-- Every search reads the customer's latest retail and their holds that may still count.
CREATE INDEX IF NOT EXISTS entries_client ON entries (client_id, kind, id);
CREATE INDEX IF NOT EXISTS entries_hold ON entries (kind, hold_until);
CREATE INDEX IF NOT EXISTS entries_unshipped ON entries (id) WHERE shipped < revision;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class JournalTooNew(Exception):
    """The journal was written by a newer version of the program: its states, columns or rules
    may mean what this one does not know (an older release opened today's journal, crashed in
    F11 on 'queued', and settled entries the chain then showed undecided for good). It is
    refused, and nothing in it is changed."""

    def __init__(self, found: int, known: int) -> None:
        super().__init__(
            f"the journal is of version {found}, written by a newer Loyalty Till; this program "
            f"knows versions up to {known}. Nothing was changed: install the newer version."
        )
        self.found = found
        self.known = known


def upgrade(db: sqlite3.Connection) -> None:
    """Create the table, or bring a journal written by an older version to this one; the
    caller's transaction makes it all or nothing (a failure leaves the old journal as it
    was). A newer version's journal raises :class:`JournalTooNew` before anything is done."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise JournalTooNew(version, SCHEMA_VERSION)
    table = db.execute("SELECT sql FROM sqlite_master WHERE name = 'entries'").fetchone()
    if table is not None and version < 2 and "'queued'" not in table[0]:
        _rebuild(db)
    else:
        db.execute(TABLE)
    have = {row[1] for row in db.execute("PRAGMA table_info(entries)")}
    for name, declaration in ADDED_COLUMNS:
        if name not in have:
            db.execute(f"ALTER TABLE entries ADD COLUMN {name} {declaration}")
    if "decided_by" not in have:  # version 3 said it in the reason only
        db.execute(
            "UPDATE entries SET decided_by = 'manager', reason = substr(reason, 10) "
            "WHERE reason LIKE 'manager: %'"
        )
    for statement in INDEXES.split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _rebuild(db: sqlite3.Connection) -> None:
    """Version 1 → 2: the table anew with every row and its ID (the IDs name entries in
    logs and, shipped, elsewhere: the next one continues where the old table stopped)."""
    have = [row[1] for row in db.execute("PRAGMA table_info(entries)")]
    sequence = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'entries'").fetchone()
    db.execute("ALTER TABLE entries RENAME TO entries_version_1")
    db.execute(TABLE)
    wanted = [row[1] for row in db.execute("PRAGMA table_info(entries)")]
    columns = ", ".join(name for name in wanted if name in have)
    db.execute(
        f"INSERT INTO entries ({columns}) SELECT {columns} FROM entries_version_1"  # noqa: S608
    )
    db.execute("DROP TABLE entries_version_1")
    if sequence is not None:
        db.execute(
            "UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = 'entries'",
            (sequence[0],),
        )
        db.execute(
            "INSERT INTO sqlite_sequence (name, seq) SELECT 'entries', ? "
            "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'entries')",
            (sequence[0],),
        )
    log.warning("journal upgraded to version %d", SCHEMA_VERSION)
