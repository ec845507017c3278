"""Outcomes the journal file refused for a while (locked by another program for longer than
SQLite waits, a full disk): kept in memory and in a small side file
(``journal.sqlite3.outcomes``), seen by every read of the journal, written when the file takes
writes again, and replayed by the next start. :class:`~app.core.journal.Journal` is a
:class:`KeptOutcomes`."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


class KeptOutcomes:
    path: Path
    _deferred: dict[int, dict[str, Any]]
    _lock: threading.RLock

    def _apply(self, entry_id: int, fields: dict[str, Any]) -> None:
        raise NotImplementedError

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
