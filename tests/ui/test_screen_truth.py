"""The screen says what is true now, not what was true a moment ago: an offline earn credited
or refused while its result is on screen, a card after the customer spent everything, the
customer view during a hold, a server gone between the preview and F9 (#32, finding 4)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from app.core.journal.entry import Verdict
from app.core.sale.state import Phase
from app.sandbox import demo
from app.sandbox.server import SandboxServer
from app.ui.cashier.main_window import MainWindow
from tests.conftest import set_fault
from tests.ui.test_cashier_flow import confirm, find, hold_maximum, key, type_amount
from tests.ui.test_offline_earn import earn_offline, search_offline

IVAN = demo.CLIENTS[0]


def result_text(window: MainWindow) -> str:
    return window.sale.result.text()


@pytest.mark.slow
def test_an_offline_earn_on_screen_says_when_it_was_credited(
    qtbot, window: MainWindow, sandbox: SandboxServer
) -> None:
    sandbox.link_down()
    search_offline(qtbot, window, IVAN.phone)
    qtbot.keyClicks(window.panel.amount, "500")
    earn_offline(qtbot, window)
    assert "ещё не проведено" in result_text(window)
    sandbox.link_up()
    qtbot.waitUntil(lambda: sandbox.store.operations(IVAN.id) != [], timeout=20000)
    qtbot.waitUntil(lambda: "Баллы начислены" in result_text(window), timeout=5000)
    assert "Начислено 50 Б" in result_text(window)
    assert "связь" not in result_text(window)
    assert window.card.contact.text() == "Найден сервером: баллы начислены"  # not "не проверен"
    assert window.controller.checkout.phase is Phase.QUEUED  # still this customer's result


@pytest.mark.slow
def test_an_offline_earn_the_server_refuses_says_so_on_screen(
    qtbot, window: MainWindow, sandbox: SandboxServer
) -> None:
    """A mistyped phone recorded offline goes to the manager when the link is back."""
    sandbox.link_down()
    search_offline(qtbot, window, "+7 920 999-99-99")
    qtbot.keyClicks(window.panel.amount, "500")
    earn_offline(qtbot, window)
    sandbox.link_up()
    qtbot.waitUntil(lambda: "Начисление не прошло" in result_text(window), timeout=20000)
    assert "F11" in result_text(window)
    assert window.card.contact.text() == "Сервер не начислил баллы"
    assert "не начислены" in window.panel.points_line.text()


def test_after_spending_everything_the_card_keeps_no_stale_line(
    qtbot, window: MainWindow, sandbox: SandboxServer
) -> None:
    """«7 Б сгорят …» stayed on the card of a customer with balance 0, and «Списать до 987 Б
    или начислить 210 Б» under «Новый баланс: 0 Б»."""
    find(qtbot, window, IVAN.phone)
    qtbot.waitUntil(lambda: window.card.expiry.text() != "", timeout=5000)
    type_amount(qtbot, window, "2000")
    key(qtbot, window, Qt.Key.Key_F6)
    assert "Списать до 878 Б" in window.panel.preview.text()
    confirm(qtbot, window)
    qtbot.waitUntil(lambda: window.controller.checkout.balance_after == 0)
    assert window.panel.preview.text() == ""
    assert "Новый баланс: 0 Б" in result_text(window)
    qtbot.wait(300)  # the history read again says nothing expires: there is nothing left
    assert window.card.expiry.text() == ""


def test_the_customer_view_shows_the_balance_the_card_shows_during_a_hold(
    qtbot, window: MainWindow, sandbox: SandboxServer
) -> None:
    """The card showed 878 Б with 878 held; F10 showed 0 Б for the same customer."""
    hold_maximum(qtbot, window, IVAN.phone, "500")
    held = window.controller.checkout.hold.amount
    assert window.card.balance.text() == "878 Б"
    key(qtbot, window, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: window.dialogs.client_view is not None)
    view = window.dialogs.client_view
    qtbot.waitUntil(lambda: not window.requests.busy())
    assert view.card.balance.text() == "878 Б"
    assert view.card.held.text() == window.card.held.text()
    assert f"{held.normalize():f}" in view.card.held.text()
    view.close()


def test_a_server_gone_before_f9_offers_a_retry_not_a_blind_send(
    qtbot, window: MainWindow, sandbox: SandboxServer
) -> None:
    find(qtbot, window, IVAN.phone)
    type_amount(qtbot, window, "300")
    key(qtbot, window, Qt.Key.Key_F6)
    sandbox.link_down()
    confirm(qtbot, window)
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.CUSTOMER)
    said = result_text(window) + window.status_last.full_text()
    assert "Сервер лояльности не отвечает, ничего не отправлено." in said
    assert "F9" in said and "Esc" in said
    assert not window.controller.checkout.without_balance  # F9 reads again, never blind
    # The header tells the outage as it is (no connection), not "the server fails".
    assert window.header.connection.text().startswith("Нет связи с сервером с ")
    sandbox.link_up()
    lines = confirm(qtbot, window)
    assert not any("баланс" in value.lower() for _caption, value in lines)
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.DONE)
    assert sandbox.store.balance(IVAN.id) == IVAN.balance - 300
    assert Decimal(sandbox.store.operations(IVAN.id)[0]["spend"]) == 300


@pytest.mark.slow
def test_a_sale_judged_not_happened_that_a_late_server_made_is_found_and_told(
    qtbot, window: MainWindow, sandbox: SandboxServer
) -> None:
    """Finding 6, in the window: the till said «не прошла» and invited a repeat; the server
    spent the points later. The background watch reads the customer again, the journal turns
    spent, and the header and the status line tell the manager — nobody searched again."""
    window.controller.teller.watch_schedule = (4.0, 8.0)  # the test's minutes, in seconds
    set_fault(sandbox, mode="late", latency_ms=3500, routes=["retail"], count=1)
    find(qtbot, window, IVAN.phone)
    type_amount(qtbot, window, "300")
    key(qtbot, window, Qt.Key.Key_F6)
    confirm(qtbot, window)
    qtbot.waitUntil(
        lambda: window.status_last.full_text() == "Не состоялась: можно повторить",
        timeout=10000,
    )
    key(qtbot, window, Qt.Key.Key_Escape)  # the next customer; nobody reads Ivan again
    qtbot.waitUntil(lambda: sandbox.store.operations(IVAN.id) != [], timeout=10000)
    qtbot.waitUntil(lambda: window.controller.flow.counts.unsettled == 1, timeout=20000)
    assert "Требуют проверки: 1 (F11)" in window.header.unsettled.text()
    assert "всё же прошли" in window.status_last.full_text()
    [entry] = window.journal.unsettled()
    assert (entry.verdict, entry.spend) == (Verdict.SPENT, Decimal(300))
    assert entry.proved_late is not None
