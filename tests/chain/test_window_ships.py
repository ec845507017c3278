"""The window ships its journal in the background: a sale is in the chain's database moments
later; with the database away the sale goes on exactly as before and the entry follows once
it is back."""

from __future__ import annotations

from pathlib import Path

import psycopg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.chain import schema
from app.chain.shipping import Shipper, Till, connect
from app.core.journal.store import Journal
from app.core.sale.state import Phase
from app.sandbox.server import SandboxServer
from tests.tcp_link import TcpLink
from tests.ui.conftest import close_window, open_window
from tests.ui.test_cashier_flow import confirm, find, key, type_amount


def central_revisions(dsn: str) -> list[tuple[int, int]]:
    with psycopg.connect(dsn) as conn:
        return conn.execute("SELECT entry_id, revision FROM till_entries ORDER BY 1").fetchall()


def sell(qtbot, window, phone: str, amount: str) -> None:
    find(qtbot, window, phone)
    type_amount(qtbot, window, amount)
    key(qtbot, window, Qt.Key.Key_F4)
    confirm(qtbot, window)
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.DONE, timeout=10000)
    key(qtbot, window, Qt.Key.Key_Escape)


def test_the_window_ships_and_a_database_away_costs_no_sale(
    qtbot, qapp: QApplication, sandbox: SandboxServer, pg: str, tmp_path: Path
) -> None:
    with connect(pg) as conn:
        schema.migrate(conn)
    info = psycopg.conninfo.conninfo_to_dict(pg)
    link = TcpLink((str(info["host"]), int(info["port"])))
    through = psycopg.conninfo.make_conninfo(pg, port=str(link.port))
    journal = Journal(tmp_path / "journal.sqlite3")
    shipper = Shipper(journal, Till.of(tmp_path, "store"), through)
    window = open_window(qtbot, qapp, sandbox, journal, chain=shipper)
    try:
        sell(qtbot, window, "79200000001", "300")
        expected = lambda: [(e.id, e.revision) for e in journal.entries()]  # noqa: E731
        qtbot.waitUntil(lambda: central_revisions(pg) == expected(), timeout=15000)

        link.down()
        sell(qtbot, window, "79200000002", "1000")  # as fast and as usual: the journal is the truth
        chain = window.controller.chain
        assert chain is not None
        qtbot.waitUntil(lambda: chain.failures > 0, timeout=20000)
        assert len(central_revisions(pg)) < len(journal.entries())
        link.up()
        qtbot.waitUntil(lambda: central_revisions(pg) == expected(), timeout=30000)
        qtbot.waitUntil(lambda: chain.failures == 0)  # the report follows the commit
    finally:
        close_window(qtbot, window)
        journal.close()
        link.down()
