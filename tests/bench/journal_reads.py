"""The journal's reads on every search, over 90 days of a busy till (≈45,000 entries): the
customer's latest retail (the evidence rule) and the holds hidden from a balance — with the
indexes the journal makes now, and without them (as before 1 Dec)."""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from app.core.journal.store import Journal
from tests.bench.common import Figure, median

DAYS, PER_DAY, CUSTOMERS = 90, 500, 3000
INDEXES = ("entries_client", "entries_hold")


def _fill(journal: Journal, now: float) -> None:
    """Entries made with SQL, not through the writer (45,000 fsyncs would be the benchmark)."""
    rng = random.Random(7)
    rows = []
    for n in range(DAYS * PER_DAY):
        created = now - DAYS * 86400 + n * (86400 / PER_DAY)
        kind = rng.choice(("retail", "retail", "retail", "hold", "release"))
        until = created + 600 if kind == "hold" else None
        rows.append(
            (
                created,
                created,
                kind,
                "done",
                0,
                "https://s",
                "p",
                f"c{rng.randrange(CUSTOMERS)}",
                "+7 *** ***-**-01",
                "100",
                "0",
                "5",
                "100",
                "5",
                None,
                until,
                "[]",
            )
        )
    with journal._transaction() as db:
        db.executemany(
            "INSERT INTO entries (created, updated, kind, state, training, server, point, "
            "client_id, customer, amount, spend, earn, total, points, hold_id, hold_until, "
            "hold_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


def _time(call, repeats: int = 200) -> float:
    times = []
    for n in range(repeats):
        started = time.perf_counter()
        call(n)
        times.append((time.perf_counter() - started) * 1000)
    return median(times)


def run() -> list[Figure]:
    figures = []
    now = time.time()
    with tempfile.TemporaryDirectory() as folder:
        journal = Journal(Path(folder) / "journal.sqlite3")
        _fill(journal, now)
        for label, drop in (("with the indexes", False), ("without them", True)):
            if drop:
                with journal._transaction() as db:
                    for index in INDEXES:
                        db.execute(f"DROP INDEX IF EXISTS {index}")
            latest = _time(lambda n: journal.latest_retail(f"c{n}", "https://s", "p"))
            hidden = _time(lambda n: journal.hidden_holds(f"c{n}", "p", now=now))
            figures += [
                Figure(
                    "journal",
                    f"latest retail of a customer, {label}",
                    latest,
                    "ms",
                    f"{DAYS * PER_DAY:,} entries, median of 200",
                ),
                Figure("journal", f"hidden holds of a customer, {label}", hidden, "ms"),
            ]
        journal.close()
    return figures
