"""The offline earn in the real window, with real keys: the training sandbox's link goes down,
three earns are recorded (one handed over by the POS), the program restarts in between, the
link comes back and each earn is credited once, the journal agreeing with the server."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.core.journal.entry import State
from app.core.journal.store import Journal
from app.core.link.state import Link
from app.core.sale.state import Phase
from app.handoff import protocol as handoff
from app.handoff.desk import HandoffDesk
from app.handoff.local_socket import LocalEndpoint
from app.sandbox import demo
from app.sandbox.server import SandboxServer
from app.ui.cashier.main_window import MainWindow
from tests.conftest import set_fault
from tests.ui.conftest import close_window, open_window
from tests.ui.test_cashier_flow import confirm, key
from tests.ui.test_handoff import finished, isolated, program_data_dir, sale, waiting_for

IVAN, MARIA, OLEG = demo.CLIENTS[0], demo.CLIENTS[1], demo.CLIENTS[2]


def search_offline(qtbot, window: MainWindow, typed: str) -> None:
    window.search.clear()
    qtbot.keyClicks(window.search, typed)
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.OFFLINE, timeout=10000)
    qtbot.waitUntil(window.panel.amount.hasFocus)  # the keyboard is where the earn goes on


def earn_offline(qtbot, window: MainWindow) -> list[tuple[str, str]]:
    """F4 and F9, and Enter in the real confirmation; returns its lines."""
    key(qtbot, window, Qt.Key.Key_F4)
    lines = confirm(qtbot, window)
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.QUEUED)
    # Recording asked no server: the header still tells the outage, the search line is gone.
    assert window.header.connection.text().startswith("Нет связи с сервером с ")
    assert window.header.offline_banner.isVisible()
    assert not window.search_error.isVisible()
    return lines


@pytest.mark.slow
def test_three_earns_offline_across_a_restart_are_credited_once(
    qtbot, qapp: QApplication, sandbox: SandboxServer, tmp_path: Path
) -> None:
    path = tmp_path / "journal.sqlite3"
    journal = Journal(path)
    window = open_window(qtbot, qapp, sandbox, journal)
    env = isolated(tmp_path)
    window.handoff = HandoffDesk(window, window.controller, window)
    endpoint = LocalEndpoint(window.handoff, handoff.server_name(program_data_dir(env)))
    assert endpoint.listen()
    try:
        offline_then_back(qtbot, qapp, sandbox, path, journal, window, env, endpoint)
    finally:
        endpoint.server.close()


def offline_then_back(qtbot, qapp, sandbox, path, journal, window, env, endpoint) -> None:
    sandbox.link_down()

    # 1. The POS hands the sale over; the search finds no server; the earn is recorded.
    process = sale(env, "--amount", "300", "--receipt", "R-1", "--wait", "--json")
    waiting_for(qtbot, window)
    search_offline(qtbot, window, "+7 (920) 000-00-01")
    assert window.panel.amount.text() == "300,00"  # the POS's amount went in, as for a card
    banner = window.header.offline_banner
    assert banner.isVisible() and "Списать нельзя" in banner.text()
    assert not window.panel.max_button.isEnabled() and not window.panel.hold_button.isEnabled()
    key(qtbot, window, Qt.Key.Key_F6)  # spending is never offered, even by its key
    assert window.controller.checkout.spend == 0
    lines = earn_offline(qtbot, window)
    assert ("Нет связи", "Баллы будут начислены, когда появится связь; списать сейчас нельзя") in (
        lines
    )
    assert ("Покупатель", "+7 920 ***-**-01") in lines
    code, replies = finished(qtbot, process)
    assert code == handoff.QUEUED
    queued = replies[-1]
    assert (queued["outcome"], queued["amount"], queued["to_pay"]) == ("queued", "300.00", "300.00")
    assert (queued["points_spent"], queued["receipt"]) == ("0", "R-1")
    assert window.panel.to_pay.text() == "К оплате: 300,00 ₽"

    # 2. The next customer, typed by the cashier.
    search_offline(qtbot, window, MARIA.phone)
    qtbot.keyClicks(window.panel.amount, "1000")
    earn_offline(qtbot, window)
    qtbot.waitUntil(lambda: window.header.queue.text() == "Начисления ждут связи: 2")

    # 3. The program restarts while the link is still down; the queue is the journal.
    endpoint.server.close()
    window.handoff = None
    close_window(qtbot, window)
    journal.close()
    journal = Journal(path)
    window = open_window(qtbot, qapp, sandbox, journal)
    qtbot.waitUntil(lambda: window.header.queue.text() == "Начисления ждут связи: 2")
    search_offline(qtbot, window, OLEG.phone)
    qtbot.keyClicks(window.panel.amount, "50")
    earn_offline(qtbot, window)
    qtbot.waitUntil(lambda: window.header.queue.text() == "Начисления ждут связи: 3")
    assert sandbox.store.operations() == []

    # 4. The link is back: the background probe finds it and the sender posts the queue.
    sandbox.link_up()
    qtbot.waitUntil(lambda: window.controller.link is Link.CONNECTED, timeout=60000)
    qtbot.waitUntil(lambda: journal.queued_earns() == [], timeout=30000)
    qtbot.waitUntil(lambda: window.header.queue.text().startswith("Начисления без связи"))
    assert not window.header.offline_banner.isVisible()
    on_server = {
        (o["client_id"], o["amount"], o["spend"], o["earn"]) for o in sandbox.store.operations()
    }
    assert on_server == {(IVAN.id, "300", 0, 30), (MARIA.id, "1000", 0, 50), (OLEG.id, "50", 0, 3)}
    entries = journal.entries()
    assert [(e.state, e.offline, e.earn) for e in entries] == [
        (State.DONE, True, 30),
        (State.DONE, True, 50),
        (State.DONE, True, 3),
    ]
    assert entries[0].receipt == "R-1" and all(e.posted is not None for e in entries)
    close_window(qtbot, window)
    journal.close()


def test_a_server_that_times_out_is_not_an_outage_and_offers_no_offline_earn(
    qtbot, window: MainWindow, sandbox: SandboxServer
) -> None:
    """A read timeout may hide a request the server received: it stays "unknown", and nothing
    is recorded offline while the server is reached but does not answer."""
    set_fault(sandbox, mode="hang", routes=["client"])
    window.search.setText(IVAN.phone)
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.controller.link is Link.OFFLINE, timeout=15000)
    assert window.controller.checkout.phase is Phase.IDLE
    assert not window.controller.flow.link.unreachable
    assert "СБОЯМИ" in window.header.offline_banner.text()
    assert not window.panel.amount.isEnabled()
    key(qtbot, window, Qt.Key.Key_F9)
    assert window.confirmation.dialog is None
    assert window.controller.journal.queued_earns() == []
