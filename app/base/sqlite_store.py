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

    def __init__(
        self,
        path: Path | str,
        pragmas: Sequence[str],
        *,
        read_only: bool = False,
        busy_seconds: float = 5.0,
    ) -> None:
        self._lock = threading.RLock()
        target = f"{Path(path).resolve().as_uri()}?mode=ro" if read_only else str(path)
        # busy_seconds: how long a write waits for a lock another connection or program holds
        self._db = sqlite3.connect(
            target,
            check_same_thread=False,
            isolation_level=None,
            uri=read_only,
            timeout=busy_seconds,
        )
        self._db.row_factory = sqlite3.Row
        try:
            for pragma in pragmas:
                self._db.execute(f"PRAGMA {pragma}")
        except BaseException:
            self._db.close()  # a store that failed to open holds no file
            raise

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
