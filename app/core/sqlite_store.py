"""One SQLite connection shared by several threads, for the journal and the sandbox."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path


class SqliteStore:
    """A lock around one connection, and write transactions that take the database's write
    lock at their start (``BEGIN IMMEDIATE``), so concurrent writers queue instead of failing
    half-way."""

    def __init__(self, path: Path | str, pragmas: Sequence[str]) -> None:
        self._lock = threading.RLock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        for pragma in pragmas:
            self._db.execute(f"PRAGMA {pragma}")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
