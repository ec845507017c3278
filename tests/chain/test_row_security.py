"""Row-level security as docs/chain.md configures it: each till's role reads and writes only
the rows it shipped; the support desk reads every till's."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from app.chain import queries, schema
from app.chain.shipping import Shipper, Till, central_columns, connect, shipped_row, upsert
from app.core.journal import Journal
from app.core.journal_entry import Kind


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
