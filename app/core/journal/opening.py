"""Opening the journal at start: a damaged file is set aside (its open entries carried over),
a busy one is waited for, never set aside."""

from __future__ import annotations

import logging
import re
import shutil
import sqlite3
from pathlib import Path

from app.base.files import move_aside
from app.core.journal.schema import OPEN_COLUMNS
from app.core.journal.store import RETENTION_DAYS_DEFAULT, Journal

log = logging.getLogger(__name__)

CARRIED = "carried_from_set_aside"  # meta: open entries carried from the last set-aside file


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
    journal.set_meta(CARRIED, str(len(carried)))  # the start-up notice says how many
    return journal, moved


def _open_entries(path: Path) -> list[sqlite3.Row]:
    """The pending and unknown entries still readable in a damaged journal."""
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return []
    try:
        db.row_factory = sqlite3.Row
        # A journal of an older version lacks the newer columns (and had no offline earns).
        have = {row[1] for row in db.execute("PRAGMA table_info(entries)")}
        columns = ", ".join(c for c in (n.strip() for n in OPEN_COLUMNS.split(",")) if c in have)
        open_states = "state IN ('pending', 'unknown', 'queued')"
        if "offline" in have:  # and the earns the server refused, for the manager
            open_states += " OR (offline = 1 AND state IN ('rejected', 'failed'))"
        return list(
            db.execute(
                f"SELECT {columns} FROM entries NOT INDEXED WHERE {open_states}"  # noqa: S608
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
