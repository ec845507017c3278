"""The cashier window driven with the keyboard against the sandbox over real HTTP."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from app.api.loyalty import LoyaltyClient
from app.core.journal.entry import Kind
from app.core.journal.reads import JournalCounts
from app.core.sale.messages import Message
from app.core.sale.state import HoldStatus, Phase, SpendMode
from app.sandbox import demo
from app.sandbox.server import SandboxServer
from app.ui.cashier.confirm import EARLY_MS
from app.ui.cashier.main_window import MainWindow
from tests.conftest import set_fault

IVAN = demo.REFERENCE_CLIENT_ID
READING_MS = EARLY_MS + 50  # a cashier reads the confirmation before answering it


def find(qtbot, window: MainWindow, typed: str) -> None:
    window.search.clear()
    qtbot.keyClicks(window.search, typed)
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.CUSTOMER)


def type_amount(qtbot, window: MainWindow, amount: str) -> None:
    assert window.panel.amount.hasFocus()
    qtbot.keyClicks(window.panel.amount, amount)
    qtbot.waitUntil(lambda: window.controller.checkout.recalc is not None)


def key(qtbot, window: MainWindow, which: Qt.Key) -> None:
    qtbot.keyClick(window.focusWidget() or window, which)


def confirm(qtbot, window: MainWindow, answer: Qt.Key = Qt.Key.Key_Return) -> list[tuple[str, str]]:
    """F9, then answer the real confirmation dialog with a key, as a person does: after reading
    it (an Enter in its first EARLY_MS is taken as pressed with F9); returns its lines."""
    key(qtbot, window, Qt.Key.Key_F9)
    qtbot.waitUntil(
        lambda: window.confirmation.dialog is not None and window.confirmation.dialog.isVisible()
    )
    dialog = window.confirmation.dialog
    assert dialog is not None
    lines = dialog.lines
    qtbot.wait(READING_MS)
    qtbot.keyClick(dialog.focusWidget() or dialog, answer)
    qtbot.waitUntil(lambda: window.confirmation.dialog is None)
    return lines


def hold_maximum(qtbot, window: MainWindow, customer: str, amount: str) -> None:
    find(qtbot, window, customer)
    type_amount(qtbot, window, amount)
    key(qtbot, window, Qt.Key.Key_F6)
    key(qtbot, window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: bool(window.controller.checkout.active_hold_ids))


def test_spend_maximum(qtbot, window: MainWindow, sandbox: SandboxServer) -> None:
    find(qtbot, window, "+7 (920) 000-00-01")
    assert window.card.name.text() == "ИВАН"
    assert "878" in window.card.balance.text()
    assert "***" in window.card.contact.text()
    type_amount(qtbot, window, "1 234,50")
    assert "878" in window.panel.preview.text()
    key(qtbot, window, Qt.Key.Key_F6)
    assert window.panel.to_pay.text() == "К оплате: 356,50 ₽"
    lines = confirm(qtbot, window)
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.DONE)
    qtbot.waitUntil(lambda: window.controller.checkout.balance_after is not None)
    assert sandbox.store.balance(IVAN) == 0
    assert lines[2] == ("Списать", "878 Б")
    result = window.sale.result.text()
    assert "Списано 878" in result
    assert "Новый баланс: 0" in result


def test_earn(qtbot, window: MainWindow, sandbox: SandboxServer) -> None:
    find(qtbot, window, "79200000001")
    type_amount(qtbot, window, "250")
    confirm(qtbot, window)
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.DONE)
    assert sandbox.store.balance(IVAN) == 903
    assert "Начислено 25" in window.sale.result.text()


def test_discount_level(qtbot, window: MainWindow, sandbox: SandboxServer) -> None:
    find(qtbot, window, demo.CLIENTS[3].phone)
    assert not window.panel.max_button.isEnabled()
    type_amount(qtbot, window, "1000")
    assert window.panel.to_pay.text() == "К оплате: 950,00 ₽"
    confirm(qtbot, window)
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.DONE)
    assert window.controller.checkout.result is not None
    assert window.controller.checkout.result.total == Decimal(950)
    qtbot.waitUntil(lambda: not window.controller.checkout.busy("balance"))
    result = window.sale.result.text()
    assert "Скидка: 50,00 ₽" in result
    assert "Новый баланс" not in result  # a discount level has no points balance


def test_hold_then_confirm(qtbot, window: MainWindow, sandbox: SandboxServer) -> None:
    hold_maximum(qtbot, window, "79200000001", "500")
    assert [h.state for h in sandbox.store.holds(IVAN)] == ["active"]
    assert "осталось" in window.panel.hold_status.text()
    qtbot.waitUntil(lambda: not window.controller.checkout.busy("recalc"))
    confirm(qtbot, window)
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.DONE)
    assert [h.state for h in sandbox.store.holds(IVAN)] == ["operation"]
    assert sandbox.store.balance(IVAN) == 378


def test_hold_then_cancel_releases_it(qtbot, window: MainWindow, sandbox: SandboxServer) -> None:
    hold_maximum(qtbot, window, "79200000001", "500")
    key(qtbot, window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: [h.state for h in sandbox.store.holds(IVAN)] == ["released"])
    assert window.controller.checkout.phase is Phase.IDLE
    assert window.search.hasFocus()
    assert window.card.name.text() == "Нет покупателя"


def test_hold_ended_by_another_operation_at_the_point(
    qtbot, window: MainWindow, sandbox: SandboxServer
) -> None:
    hold_maximum(qtbot, window, "79200000001", "500")
    with LoyaltyClient(sandbox.url, demo.API_KEY, demo.POINT_ID) as other_till:
        other_till.retail(demo.CLIENTS[1].id, Decimal(100), Decimal(0))
    window.controller.check_hold()
    qtbot.waitUntil(
        lambda: (
            window.controller.checkout.hold is not None
            and window.controller.checkout.hold.status is HoldStatus.ENDED_BY_OPERATION
        )
    )
    assert "операция" in window.panel.hold_status.text()
    # The message belongs to this customer: the next one does not see it.
    find(qtbot, window, demo.CLIENTS[1].phone)
    assert window.panel.hold_status.text() == ""
    assert window.status_last.text() == ""


def later(window: MainWindow, seconds: float) -> None:
    """Move the checkout's monotonic clock ``seconds`` ahead, and let the countdown tick."""
    window.controller.checkout.clock = lambda: time.monotonic() + seconds
    window.controller._hold_tick()


def test_hold_expiry_is_shown(qtbot, window: MainWindow, sandbox: SandboxServer) -> None:
    hold_maximum(qtbot, window, "79200000001", "500")
    hold = window.controller.checkout.hold
    assert hold is not None
    assert hold.held is not None
    later(window, 9 * 60)
    assert "осталось 1:0" in window.panel.hold_status.text()
    later(window, 10 * 60)
    assert hold.status is HoldStatus.EXPIRED
    assert "истёк" in window.panel.hold_status.text()


def test_server_422_is_shown_at_the_spend_field(
    qtbot, window: MainWindow, sandbox: SandboxServer
) -> None:
    find(qtbot, window, "79200000001")
    type_amount(qtbot, window, "500")
    key(qtbot, window, Qt.Key.Key_F6)
    with LoyaltyClient(sandbox.url, demo.API_KEY, demo.SECOND_POINT_ID) as other_till:
        other_till.retail(IVAN, Decimal(1000), Decimal(800))  # another till spends meanwhile
    confirm(qtbot, window)
    qtbot.waitUntil(lambda: window.panel.spend_error.isVisible())
    assert window.panel.spend_error.text() == "Можно списать не больше 78 баллов."
    assert window.controller.checkout.phase is Phase.CUSTOMER
    assert sandbox.store.balance(IVAN) == 78


def test_customer_not_found(qtbot, window: MainWindow) -> None:
    qtbot.keyClicks(window.search, "79999999999")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.search_error.isVisible())
    assert window.search_error.text() == "Покупатель не найден."
    assert window.search.hasFocus()


def test_stale_preview_is_dropped(qtbot, window: MainWindow, sandbox: SandboxServer) -> None:
    find(qtbot, window, "79200000001")
    set_fault(sandbox, latency_ms=1200, routes=["recalc"], count=1)
    qtbot.keyClicks(window.panel.amount, "10")
    qtbot.wait(400)  # the debounced preview for 10 is now on its way, slowly
    assert window.controller.checkout.busy("recalc")
    qtbot.keyClicks(window.panel.amount, "0")
    qtbot.waitUntil(lambda: window.controller.checkout.recalc is not None)
    assert window.controller.checkout.recalc.amount == 100
    qtbot.wait(1200)  # the late reply for 10 arrives and must be dropped
    assert window.controller.checkout.recalc.amount == 100
    assert window.panel.to_pay.text() == "К оплате: 100,00 ₽"


def test_server_down_mid_flow_and_back(qtbot, window: MainWindow, sandbox: SandboxServer) -> None:
    window.controller._retry.setInterval(300)
    find(qtbot, window, "79200000001")
    set_fault(sandbox, mode="error500", routes=["recalc"])
    qtbot.keyClicks(window.panel.amount, "100")
    qtbot.waitUntil(lambda: window.controller.checkout.error is not None, timeout=10000)
    # A server that answers 500 is reached and failing, not "no connection".
    assert window.header.connection.text().startswith("Сервер работает со сбоями с ")
    assert "сбой" in window.panel.preview.text()
    sandbox.injector.clear()
    qtbot.waitUntil(lambda: window.controller.checkout.recalc is not None, timeout=10000)
    assert window.header.connection.text() == "Связь есть"
    assert window.sale.confirm_button.isEnabled()


def test_scan_while_amount_has_focus(qtbot, window: MainWindow) -> None:
    find(qtbot, window, "79200000001")
    qtbot.keyClicks(window.panel.amount, "5")
    qtbot.wait(100)  # a person's pause: not part of a scan
    qtbot.keyClicks(window.panel.amount, demo.CLIENTS[1].card)  # the scanner's burst
    qtbot.keyClick(window.panel.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: (
            window.controller.checkout.client is not None
            and window.controller.checkout.client.id == demo.CLIENTS[1].id
        )
    )
    assert window.search.text() == demo.CLIENTS[1].card
    assert window.panel.amount.text() == ""


def test_keys_are_printed_on_the_buttons(window: MainWindow) -> None:
    p = window.panel
    labels = [
        p.earn_button.text(),
        p.max_button.text(),
        p.hold_button.text(),
        p.release_button.text(),
        window.sale.confirm_button.text(),
        window.sale.cancel_button.text(),
    ]
    for shortcut, label in zip(["F4", "F6", "F5", "F8", "F9", "Esc"], labels, strict=True):
        assert shortcut in label


@pytest.mark.parametrize("text", ["abc", "12,345", "-5", "0"])
def test_nonsense_amount_is_rejected_in_place(qtbot, window: MainWindow, text: str) -> None:
    find(qtbot, window, "79200000001")
    qtbot.keyClicks(window.panel.amount, text)
    qtbot.waitUntil(lambda: window.panel.amount_error.isVisible())
    assert window.controller.checkout.recalc is None
    assert not window.sale.confirm_button.isEnabled()


def test_a_photo_that_fails_to_load_leaves_the_initials(qtbot, window: MainWindow) -> None:
    find(qtbot, window, demo.CLIENTS[8].phone)  # a customer without a photo: initials only
    placeholder = window.card.photo.pixmap().toImage()
    assert not window.card.set_photo(b"<html>not an image</html>")
    assert window.card.photo.pixmap().toImage() == placeholder
    assert not window.search_error.isVisible()
    assert window.controller.checkout.phase is Phase.CUSTOMER


def test_the_last_minute_of_a_hold_is_shown_as_a_warning(qtbot, window: MainWindow) -> None:
    hold_maximum(qtbot, window, "79200000001", "500")
    hold = window.controller.checkout.hold
    assert hold is not None
    assert hold.held is not None
    later(window, hold.held.lasts - 45)
    assert "проведите покупку" in window.panel.hold_status.text()
    assert "#e65100" in window.panel.hold_status.styleSheet()


def test_an_unfinished_points_value_is_neither_shown_nor_held(
    qtbot, window: MainWindow, sandbox: SandboxServer
) -> None:
    """Typing 9999 with a limit of 878 showed "to pay" from the partial 99, and F5 held 99."""
    find(qtbot, window, "79200000001")
    type_amount(qtbot, window, "1000")
    key(qtbot, window, Qt.Key.Key_F7)
    qtbot.keyClicks(window.panel.spend_field, "9999")
    assert window.panel.spend_error.isVisible()
    assert window.panel.to_pay.text() == ""
    assert window.controller.checkout.spend == 0
    key(qtbot, window, Qt.Key.Key_F5)
    qtbot.wait(200)
    assert sandbox.store.holds(IVAN) == []
    assert not window.sale.confirm_button.isEnabled()
    window.panel.spend_field.clear()
    qtbot.keyClicks(window.panel.spend_field, "99")
    assert window.panel.to_pay.text() == "К оплате: 901,00 ₽"


def test_the_status_bar_names_the_till_and_elides_the_server(qtbot, window: MainWindow) -> None:
    """The point ID was cut to '…f4', which looks like '…ff': a wrong point went unnoticed;
    shown whole («Касса 62a0000000000000000000f4») it was IT's words on the cashier's screen.
    Now the till's name, or the ID's last four characters, with the whole ID in the tooltip."""
    window.resize(1024, 700)
    qtbot.wait(50)
    point = window.header.point
    assert point.text() == f"Касса …{demo.POINT_ID[-4:]}"
    assert point.toolTip() == f"ID точки: {demo.POINT_ID}"
    assert point.width() >= point.sizeHint().width()  # shown whole
    connection = window.controller.connection
    assert connection is not None
    window.header.show_state(
        replace(connection, point_name="Касса 3, у входа"),
        window.controller.flow.link,
        training=True,
        problem=None,
        counts=JournalCounts(),
    )
    assert point.text() == "Касса 3, у входа"
    assert demo.POINT_ID in point.toolTip()
    server = window.header.server
    server.set_full_text("Сервер https://" + "very-long-host-name." * 10 + "example.ru:8443")
    qtbot.wait(50)
    assert server.text().startswith("Сервер https://")
    assert server.text().endswith("example.ru:8443")
    assert "…" in server.text()
    assert "very-long-host-name" in server.toolTip()
    assert window.width() <= 1024


def test_an_action_message_leaves_with_its_customer(qtbot, window: MainWindow) -> None:
    find(qtbot, window, "79200000001")
    key(qtbot, window, Qt.Key.Key_F9)  # no amount yet
    assert window.sale.result.isVisible()
    assert "сумму" in window.sale.result.text()
    find(qtbot, window, demo.CLIENTS[1].phone)
    assert not window.sale.result.isVisible()


def test_a_long_last_operation_gives_way_to_the_point_and_the_count(
    qtbot, window: MainWindow
) -> None:
    """At 1024 pixels in Russian the last operation's text squeezed the point ID and the
    'need checking' count off the status bar."""
    window.resize(1024, 700)
    # Another profile's operation left open: the recovery leaves it, the count includes it.
    window.journal.intent(
        Kind.RETAIL, server="https://other", point="other", training=True, amount=Decimal(1)
    )
    window.controller.flow.messages["last"] = Message(
        "Покупка проведена. Списано 300 Б. К оплате: 0,00 ₽ Новый баланс: 578 Б " * 4
    )
    window.controller.count_unsettled()
    qtbot.waitUntil(lambda: window.header.unsettled.text() == "Требуют проверки: 1 (F11)")
    labels = (window.header.point, window.header.unsettled, window.header.connection)
    # Once the layout has taken the new text (it does so on the next turn of the event loop).
    qtbot.waitUntil(lambda: all(lab.width() >= lab.sizeHint().width() for lab in labels))
    assert window.status_last.text().endswith("…")
    assert "Новый баланс" in window.status_last.toolTip()


def test_spend_the_maximum_after_a_release_waits_for_the_release(
    qtbot, window: MainWindow, sandbox: SandboxServer
) -> None:
    """F6, F5, F8, F6 sent an earn: the preview after the release left with it, reached the
    server first, and the server, still counting the hold, answered "spend up to 0" (seen 3 of
    3 times). The preview is asked once the release is answered, so F6 spends the maximum."""
    hold_maximum(qtbot, window, "79200000001", "2000")
    qtbot.waitUntil(lambda: not window.controller.checkout.busy("recalc"))
    set_fault(sandbox, latency_ms=700, routes=["release"])  # a release slower than a preview
    key(qtbot, window, Qt.Key.Key_F8)
    key(qtbot, window, Qt.Key.Key_F6)  # at once, as a cashier does
    qtbot.waitUntil(lambda: [h.state for h in sandbox.store.holds(IVAN)] == ["released"])
    c = window.controller.checkout
    qtbot.waitUntil(lambda: c.recalc is not None and not c.busy("recalc") and not c.busy("release"))
    assert window.controller.checkout.recalc.spend == 878
    assert window.controller.flow.message("spend") is None  # no "now at most 0"
    lines = confirm(qtbot, window)
    assert ("Списать", "878 Б") in lines or any("878" in value for _, value in lines)
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.DONE)
    [operation] = sandbox.store.operations(IVAN)
    assert Decimal(str(operation["spend"])) == 878


def test_spend_the_maximum_never_sends_an_earn(
    qtbot, window: MainWindow, sandbox: SandboxServer
) -> None:
    """With nothing to spend (another till holds every point), F6 says so instead of making
    "spend the maximum" an earn."""
    other = LoyaltyClient(sandbox.url, demo.API_KEY, demo.POINT_ID)
    other.hold(IVAN, Decimal(878), minutes=5)  # another till holds them all
    other.close()
    find(qtbot, window, "79200000001")
    type_amount(qtbot, window, "2000")
    assert window.controller.checkout.recalc.spend == 0
    key(qtbot, window, Qt.Key.Key_F6)
    spend_message = window.controller.flow.message("spend")
    assert spend_message is not None
    assert spend_message.text == "На эту покупку списать баллы нельзя: F4 — начислить."
    assert window.controller.checkout.spend_mode is SpendMode.NONE  # not "maximum" of 0


def test_a_search_typed_while_a_profile_connects_is_made_by_the_newest_connection(
    qtbot, window: MainWindow
) -> None:
    """IT switches profiles twice; the first connection is slow. The cashier's search waits
    for a connection, is made by the newest one, and the slow one, when it comes, replaces
    nothing."""
    ctl = window.controller
    connection = ctl.connection
    assert connection is not None
    release = threading.Event()

    def slow() -> object:
        release.wait(10)
        return replace(connection, profile="old", point_name="Старая касса")

    ctl.start(slow)
    window.search.setText(demo.CLIENTS[0].phone)
    key(qtbot, window, Qt.Key.Key_Return)
    assert ctl.checkout.phase is Phase.IDLE  # nothing to ask with yet
    ctl.start(lambda: replace(connection, profile="new", point_name="Новая касса"))
    qtbot.waitUntil(lambda: ctl.checkout.phase is Phase.CUSTOMER)
    assert ctl.checkout.client is not None and ctl.checkout.client.phone == demo.CLIENTS[0].phone
    release.set()
    qtbot.waitUntil(lambda: window.requests.running == 0, timeout=15000)
    qtbot.wait(50)
    assert ctl.connection is not None and ctl.connection.profile == "new"
    assert window.header.point.text() == "Новая касса"


def test_closing_the_window_releases_the_hold_it_had(
    qtbot, qapp, sandbox: SandboxServer, tmp_path
) -> None:
    """The program is closed with points held: the hold is released on the server before the
    window is gone (bounded), through the request service, and the journal says so."""
    from app.core.journal.store import Journal
    from tests.ui.conftest import open_window

    journal = Journal(tmp_path / "journal.sqlite3")
    window = open_window(qtbot, qapp, sandbox, journal)
    hold_maximum(qtbot, window, "79200000001", "1000")
    assert [h.state for h in sandbox.store.holds(IVAN)] == ["active"]
    window.close()
    assert [h.state for h in sandbox.store.holds(IVAN)] == ["released"]  # when close returned
    assert [e.kind for e in journal.entries()][-1] is Kind.RELEASE
    qtbot.waitUntil(lambda: window.requests.running == 0)
    journal.close()
