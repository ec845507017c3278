"""The header during an outage, in the real window: since when there is no connection, and
"connected" again once the background probe (or any request) is answered."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt

from app.core.link.state import Link
from app.core.sale.state import Phase
from app.sandbox import demo
from app.ui.cashier.main_window import MainWindow
from tests.conftest import set_fault
from tests.ui.test_cashier_flow import find


@pytest.mark.parametrize("outage", ["link down", "connection drops"])
def test_the_header_says_since_when_there_is_no_connection(
    qtbot, window: MainWindow, sandbox, outage: str
) -> None:
    if outage == "link down":
        sandbox.link_down()  # refused: nothing listens at the server's address
    else:
        set_fault(sandbox, mode="drop", routes=["client"])  # reached, then broken every time
    window.search.setText(demo.CLIENTS[0].phone)
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.controller.link is Link.OFFLINE, timeout=10000)
    refused = outage == "link down"
    # Only a server proved out of reach offers the offline earn; a reached one that broke
    # may have received a write.
    assert window.controller.checkout.phase is (Phase.OFFLINE if refused else Phase.IDLE)
    text = window.header.connection.text()
    said = "Нет связи с сервером" if refused else "Сервер работает со сбоями"
    assert re.fullmatch(said + r" с \d\d:\d\d", text), text
    assert window.controller.flow.link.unreachable is refused
    banner = window.header.offline_banner
    assert banner.isVisible()
    assert ("Начислять можно" in banner.text()) is refused
    sandbox.link_up()
    sandbox.injector.clear()  # the link is back: the window finds out by itself
    qtbot.waitUntil(lambda: window.header.connection.text() == "Связь есть", timeout=15000)
    assert window.controller.flow.link.offline_since is None
    assert not window.header.offline_banner.isVisible()
    # The probe is no customer's search: what the cashier left on screen stays.
    assert window.controller.checkout.phase is (Phase.OFFLINE if refused else Phase.IDLE)
    find(qtbot, window, demo.CLIENTS[0].phone)
