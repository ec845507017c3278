"""Row-level security as docs/chain.md configures it: each till's role reads and writes only
the rows it shipped; the support desk reads every till's."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from app.chain import queries, schema
from app.chain.shipping import Shipper, Till, central_columns, connect, shipped_row, upsert
from app.core.journal.entry import Kind
from app.core.journal.store import Journal


def login(pg: str, role: str) -> str:
    return psycopg.conninfo.make_conninfo(pg, user=role, password=f"pw-{role}")


@pytest.fixture
def roles(pg: str) -> list[str]:
    names = ["till_store1", "till_store2", "desk"]
    with connect(pg) as conn:
        schema.migrate(conn)
        for name in names:
            conn.execute(
                psycopg.sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                    psycopg.sql.Identifier(name), psycopg.sql.Literal(f"pw-{name}")
                )
            )
        for statement in [*schema.grants(names[0]), *schema.grants(names[1])]:
            conn.execute(statement)
        for statement in schema.grants("desk", support=True):
            conn.execute(statement)
    yield names
    with connect(pg) as conn:
        conn.execute("DROP OWNED BY till_store1, till_store2, desk")
        conn.execute("DROP ROLE till_store1, till_store2, desk")


def ship_one(tmp_path: Path, name: str, point: str, dsn: str) -> tuple[Journal, Till]:
    folder = tmp_path / name
    folder.mkdir()
    journal = Journal(folder / "journal.sqlite3")
    journal.intent(Kind.RETAIL, server="s", point=point, training=False, amount=Decimal(10))
    till = Till(Till.of(folder, "store").id, name, "store")
    shipper = Shipper(journal, till, dsn)
    shipper.ship()
    shipper.close()
    return journal, till


def test_a_till_sees_and_writes_only_its_own_rows(
    pg: str, roles: list[str], tmp_path: Path
) -> None:
    one, two, desk = roles
    first, _ = ship_one(tmp_path, "till-1", "store-1", login(pg, one))
    second, second_till = ship_one(tmp_path, "till-2", "store-2", login(pg, two))
    with connect(login(pg, one)) as conn:
        assert conn.execute("SELECT store_point FROM till_entries").fetchall() == [("store-1",)]
        assert [t.host for t in queries.tills(conn)] == ["till-1"]
        # Writing another store's row (the same till and entry IDs) is refused.
        names = central_columns(conn)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(upsert(names), shipped_row(second.entries()[0], second_till, names))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM till_entries")
    with connect(login(pg, desk)) as conn:
        assert sorted(
            r.store_point for r in queries.totals(conn, first.entries()[0].created.date())
        ) == [
            "store-1",
            "store-2",
        ]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE till_entries SET amount = 0")
    first.close()
    second.close()


def test_a_database_owner_without_createrole_migrates_grants_and_is_read_by_support(
    pg_admin: str, tmp_path: Path
) -> None:
    """#34, finding 2: a DBA hands the application a database it owns, with no CREATEROLE.
    'chain migrate' failed (InsufficientPrivilege: permission denied to create role, as a raw
    driver message) and left no table. Now it migrates and grants as that owner; the till
    ships, the support login reads every row; a refusal is told in IT's words."""
    import secrets
    import subprocess
    import sys

    suffix = secrets.token_hex(4)
    owner, till, desk, db = (f"{n}_{suffix}" for n in ("shop_dba", "till", "desk", "chain"))
    ident = psycopg.sql.Identifier
    with psycopg.connect(pg_admin, autocommit=True) as admin:
        for name in (owner, till, desk):
            admin.execute(
                psycopg.sql.SQL("CREATE ROLE {} LOGIN NOCREATEROLE NOSUPERUSER PASSWORD {}").format(
                    ident(name), psycopg.sql.Literal(f"pw-{name}")
                )
            )
        admin.execute(
            psycopg.sql.SQL("CREATE DATABASE {} OWNER {}").format(ident(db), ident(owner))
        )
    as_owner = psycopg.conninfo.make_conninfo(
        pg_admin, dbname=db, user=owner, password=f"pw-{owner}"
    )
    try:

        def console(dsn: str, *args: str) -> subprocess.CompletedProcess[str]:
            parts = psycopg.conninfo.conninfo_to_dict(dsn)
            env = {
                **os.environ,
                "PGPASSWORD": str(parts.pop("password")),
                "LOYALTY_TILL_DATA_DIR": str(tmp_path / "data"),
                "LOYALTY_TILL_CONFIG_DIR": str(tmp_path / "config"),
                "LOYALTY_TILL_MACHINE_CONFIG": str(tmp_path / "machine.toml"),
            }
            return subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "app",
                    "chain",
                    "--dsn",
                    psycopg.conninfo.make_conninfo(**parts),
                    *args,
                ],  # type: ignore[arg-type]
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )

        migrated = console(as_owner, "migrate")
        assert migrated.returncode == 0, migrated.stderr
        assert f"→ {schema.LATEST}" in migrated.stdout
        for args in (("grant", till), ("grant", desk, "--support")):
            granted = console(as_owner, *args)
            assert granted.returncode == 0, granted.stderr
        as_till = psycopg.conninfo.make_conninfo(as_owner, user=till, password=f"pw-{till}")
        as_desk = psycopg.conninfo.make_conninfo(as_owner, user=desk, password=f"pw-{desk}")
        ship_one(tmp_path, "till-1", "store-1", as_till)
        with connect(as_desk) as conn:
            assert conn.execute("SELECT store_point FROM till_entries").fetchall() == [("store-1",)]
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("UPDATE till_entries SET amount = 0")
        refused = console(as_till, "grant", desk, "--support")  # a till is no administrator
        assert refused.returncode == 1
        assert refused.stderr.startswith(
            f"loyalty-till chain: the login {till!r} lacks a privilege"
        )
        assert "as the database's owner" in refused.stderr
    finally:
        with psycopg.connect(pg_admin, autocommit=True) as admin:
            admin.execute(psycopg.sql.SQL("DROP DATABASE {} WITH (FORCE)").format(ident(db)))
            for name in (till, desk, owner):
                admin.execute(psycopg.sql.SQL("DROP ROLE {}").format(ident(name)))
