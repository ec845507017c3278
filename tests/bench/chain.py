"""Shipping to the chain's PostgreSQL, against the local throwaway cluster
(``LOYALTY_TILL_TEST_PG``, from ``.ci/start_postgres.sh``; loopback, ``fsync=off``):

* one busy till's 90 days (≈45,000 entries) shipped from scratch: entries per second;
* the GUI thread's longest stall while the window's sender ships them (budget: 50 ms);
* 300 tills shipping at once, 30 at a time (what a chain's database sees after an outage);
* ``chain undecided`` and ``chain totals`` over ≈13 million rows made with SQL.
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

from app.chain import queries, schema
from app.chain.shipping import Shipper, Till, connect
from app.core.journal.store import Journal
from tests.bench.common import Figure, median, percentile
from tests.bench.journal_reads import _fill

TILLS, AT_ONCE, PER_TILL = 300, 30, 500
BIG_ROWS = 13_000_000


def _database(admin: str) -> str:
    import psycopg

    name = f"lt_bench_{secrets.token_hex(4)}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}".encode())
    dsn = psycopg.conninfo.make_conninfo(admin, dbname=name)
    with connect(dsn) as conn:
        schema.migrate(conn)
    return dsn


def _drop(admin: str, dsn: str) -> None:
    import psycopg

    name = psycopg.conninfo.conninfo_to_dict(dsn)["dbname"]
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE {name} WITH (FORCE)".encode())


def _one_till(dsn: str, folder: Path) -> list[Figure]:
    journal = Journal(folder / "busy.sqlite3")
    _fill(journal, time.time())
    count = len(journal.entries())
    shipper = Shipper(journal, Till.of(folder, "store"), dsn)
    started = time.perf_counter()
    while shipper.ship(batches=10).left:
        pass
    seconds = time.perf_counter() - started
    figures = [
        Figure(
            "chain",
            "ship one busy till's 90 days",
            count / seconds,
            "entries/s",
            f"{count} entries in {seconds:.1f} s, batches of 500",
        )
    ]
    figures.append(_stall(journal, shipper, count))
    shipper.close()
    journal.close()
    return figures


def _stall(journal: Journal, shipper: Shipper, count: int) -> Figure:
    """Ship everything again from the window's sender and watch the GUI thread's heartbeat."""
    from PySide6.QtCore import QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from app.ui.background.chain_sender import ChainSender
    from app.ui.background.requests import Requests
    from app.ui.start.launch import freeze_start_up_objects

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with journal._transaction() as db:
        db.execute("UPDATE entries SET shipped = 0")
    freeze_start_up_objects()  # as the program does once its window is up
    owner = QObject()
    sender = ChainSender(Requests(), shipper, owner)
    gaps: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000)
        last[0] = now

    heartbeat = QTimer(interval=5)
    heartbeat.timeout.connect(beat)
    heartbeat.start()
    sender.soon()
    deadline = time.monotonic() + 300
    # Done when the sender says so: the GUI thread itself never reads the writer's journal.
    while not (sender.last and sender.last.left == 0) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.001)
    heartbeat.stop()
    sender.stop()
    beats = [gap - 5 for gap in gaps]
    return Figure(
        "chain",
        "GUI thread's longest stall while shipping",
        max(beats),
        "ms",
        f"p99 {percentile(beats, 0.99):.1f} ms, {len(beats)} beats, {count} entries; budget 50",
    )


def _many_tills(dsn: str, folder: Path) -> list[Figure]:
    shippers = []
    for n in range(TILLS):
        journal = Journal(folder / f"till-{n}.sqlite3", busy_seconds=30)
        with journal._transaction() as db:
            db.executemany(
                "INSERT INTO entries (created, updated, kind, state, training, server, point, "
                "customer, amount, spend, earn, total) VALUES (?, ?, 'retail', 'done', 0, 's', ?, "
                "'+7 *** ***-**-01', '100', '0', '5', '100')",
                [(time.time(), time.time(), f"store-{n // 3}") for _ in range(PER_TILL)],
            )
        till = Till(f"00000000-0000-4000-8000-{n:012d}", f"till-{n}", "store")
        shippers.append(Shipper(journal, till, dsn))
    latencies: list[float] = []

    def drain(shipper: Shipper) -> None:
        while True:
            started = time.perf_counter()
            left = shipper.ship(batches=1).left
            latencies.append((time.perf_counter() - started) * 1000)
            if not left:
                break
        shipper.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(AT_ONCE) as pool:
        list(pool.map(drain, shippers))
    seconds = time.perf_counter() - started
    for shipper in shippers:
        shipper.journal.close()
    total = TILLS * PER_TILL
    return [
        Figure(
            "chain",
            f"{TILLS} tills shipping, {AT_ONCE} at a time",
            total / seconds,
            "entries/s",
            f"{total} entries in {seconds:.1f} s",
        ),
        Figure(
            "chain",
            "a batch's round trip under that load (p95)",
            percentile(latencies, 0.95),
            "ms",
            f"median {median(latencies):.0f} ms, {len(latencies)} batches",
        ),
    ]


def _big(dsn: str, rows: int) -> list[Figure]:
    """≈13 million rows made with SQL: 300 tills × 90 days; one in 20,000 needs a decision."""
    started = time.perf_counter()
    with connect(dsn) as conn:
        conn.execute("SET statement_timeout = 0")  # making the rows is no till's statement
        conn.execute(
            "INSERT INTO till_entries (till_id, entry_id, revision, host, version, profile, "
            "server, store_point, training, kind, state, customer, amount, spent, earned, "
            "to_pay, purchase, needs_decision, waiting, offline, reason, created) "
            "SELECT ('00000000-0000-4000-8000-' || lpad((n %% 300)::text, 12, '0'))::uuid, "
            "n / 300 + 1000000, 2, 'till-' || (n %% 300), '1', 'store', 's', "
            "'store-' || (n %% 300 / 3), false, 'retail', "
            "CASE WHEN n %% 20000 = 0 THEN 'unknown' ELSE 'done' END, '+7 *** ***-**-01', 100, "
            "CASE WHEN n %% 2 = 0 THEN 10 END, CASE WHEN n %% 2 = 1 THEN 5 END, 90, "
            "n %% 20000 <> 0, n %% 20000 = 0, false, false, '', "
            "now() - (n::double precision / %s) * interval '90 days' "
            "FROM generate_series(1, %s) AS n",
            (rows, rows),
        )
        conn.execute("ANALYZE till_entries")
        made = time.perf_counter() - started
        day = date.today() - timedelta(days=45)
        undecided, totals = [], []
        for _ in range(5):
            t0 = time.perf_counter()
            found = queries.undecided(conn)
            undecided.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            per_till = queries.totals(conn, day)
            totals.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        queries.totals(conn, day, point="store-7")
        one_store = (time.perf_counter() - t0) * 1000
    return [
        Figure(
            "chain",
            "chain undecided over the big table",
            median(undecided),
            "ms",
            f"{len(found)} rows of {rows:,} (made in {made:.0f} s)",
        ),
        Figure(
            "chain",
            "chain totals for one day, every till",
            median(totals),
            "ms",
            f"{len(per_till)} tills",
        ),
        Figure("chain", "chain totals for one day, one store", one_store, "ms", ""),
    ]


def run(*, quick: bool = False) -> list[Figure]:
    admin = os.environ.get("LOYALTY_TILL_TEST_PG", "")
    if not admin:
        return [
            Figure("chain", "skipped", 0, "", "no LOYALTY_TILL_TEST_PG (.ci/start_postgres.sh)")
        ]
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as folder:
        for part in (_one_till, _many_tills):
            dsn = _database(admin)
            try:
                figures += part(dsn, Path(folder))
            finally:
                _drop(admin, dsn)
        dsn = _database(admin)
        try:
            figures += _big(dsn, BIG_ROWS // 10 if quick else BIG_ROWS)
        finally:
            _drop(admin, dsn)
    return figures
