"""``loyalty-till chain …`` as the support desk runs it: its own process, the password from
libpq's environment (never the command line), plain, JSON and CSV output."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import psycopg

from app.chain import schema
from app.chain.shipping import Shipper, Till
from app.core.journal.entry import Kind, Verdict
from app.core.journal.store import Journal


def chain(pg: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    parts = psycopg.conninfo.conninfo_to_dict(pg)
    password = str(parts.pop("password"))
    env = {
        **os.environ,
        "PGPASSWORD": password,
        "LOYALTY_TILL_DATA_DIR": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "LOYALTY_TILL_CONFIG_DIR": str(tmp_path / "config" / "LoyaltyTill"),
        "LOYALTY_TILL_MACHINE_CONFIG": str(tmp_path / "machine.toml"),
    }
    dsn = psycopg.conninfo.make_conninfo(**parts)  # type: ignore[arg-type]
    assert password not in dsn
    return subprocess.run(
        [sys.executable, "-m", "app", "chain", "--dsn", dsn, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_support_desk_console(pg: str, tmp_path: Path) -> None:
    migrated = chain(pg, tmp_path, "migrate")
    assert migrated.returncode == 0, migrated.stderr
    assert f"→ {schema.LATEST}" in migrated.stdout
    assert "current" in chain(pg, tmp_path, "migrate").stdout
    folder = tmp_path / "till"
    folder.mkdir()
    journal = Journal(folder / "journal.sqlite3")
    where = {"server": "s", "point": "store-7", "training": False}
    sold = journal.intent(Kind.RETAIL, amount=Decimal(300), spend=Decimal(100), **where)
    journal.done(sold, spend=Decimal(100), earn=Decimal(0), total=Decimal(200))
    lost = journal.intent(
        Kind.RETAIL,
        amount=Decimal(50),
        spend=Decimal(0),
        points=Decimal(5),
        customer="+7 920 ***-**-01",
        **where,
    )
    journal.unknown(lost, "dropped")
    journal.reconciled(lost, Verdict.UNDECIDED, reason="cannot tell", balance_after=None)
    shipper = Shipper(journal, Till(Till.of(folder, "store").id, "kassa-7", "store"), pg)
    shipper.ship()
    shipper.close()
    journal.close()

    undecided = chain(pg, tmp_path, "undecided", "--json")
    assert undecided.returncode == 0, undecided.stderr
    [row] = json.loads(undecided.stdout)
    assert (row["host"], row["store_point"], row["customer"], row["attempted"]) == (
        "kassa-7",
        "store-7",
        "+7 920 ***-**-01",
        "earn 5",
    )
    totals = chain(pg, tmp_path, "totals", "--date", date.today().isoformat(), "--csv")
    [line] = list(csv.DictReader(io.StringIO(totals.stdout)))
    assert (line["purchases"], line["spent"], line["earned"], line["needs_decision"]) == (
        "1",
        "100",
        "0",
        "1",
    )
    plain = chain(pg, tmp_path, "tills")
    assert plain.returncode == 0 and "kassa-7" in plain.stdout.splitlines()[2]
    assert chain(pg, tmp_path, "totals", "--date", "yesterday").returncode == 2
    refused = subprocess.run(
        [sys.executable, "-m", "app", "chain", "--dsn", "host=127.0.0.1 port=1", "tills"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "LOYALTY_TILL_DATA_DIR": str(tmp_path / "data")},
    )
    assert refused.returncode == 1
    assert refused.stderr.startswith(
        "loyalty-till chain: the database at 127.0.0.1:1 cannot be reached"
    )


def test_migrate_refuses_a_database_a_newer_version_migrated(pg: str, tmp_path: Path) -> None:
    with psycopg.connect(pg, autocommit=True) as conn:
        schema.migrate(conn)
        conn.execute("INSERT INTO loyalty_till_schema (version) VALUES (%s)", (schema.LATEST + 1,))
    refused = chain(pg, tmp_path, "migrate")
    assert refused.returncode == 2
    assert f"schema version {schema.LATEST + 1}" in refused.stderr
    assert f"up to {schema.LATEST}" in refused.stderr
    with psycopg.connect(pg) as conn:
        assert schema.version(conn) == schema.LATEST + 1  # nothing changed
