"""The manager's client view against the sandbox: history, invitation QR, partner bonus."""

from __future__ import annotations

import httpx
import pytest
import zxingcpp
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from app.api.errors import PARTNER_MESSAGES
from app.core.journal.entry import Kind, State
from app.sandbox import demo
from app.ui.cashier.main_window import MainWindow
from app.ui.manager.client_view import ClientView
from tests.conftest import set_fault
from tests.tampering import rewrite_reply
from tests.ui.test_cashier_flow import find, key

IVAN = demo.CLIENTS[0]


def open_view(qtbot, window: MainWindow, phone: str | None = IVAN.phone) -> ClientView:
    if phone:
        find(qtbot, window, phone)
    key(qtbot, window, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: window.dialogs.client_view is not None)
    view = window.dialogs.client_view
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)  # it took the keyboard
    return view


def test_history_with_entries_sorts_and_filters(qtbot, window) -> None:
    view = open_view(qtbot, window)
    qtbot.waitUntil(lambda: view.history.model.rowCount() == 4)
    assert view.history.totals.text() == "Начислено 978 Б · сгорело 100 Б · записей: 4"
    assert view.history.status.text() == ""
    proxy = view.history.proxy
    view.history.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, 0).data() == "500"
    assert "без срока" in [proxy.index(r, 4).data() for r in range(4)]
    view.history.filter.setText("ФИЛИПС")
    assert proxy.rowCount() == 0
    view.history.filter.setText("philips")
    assert proxy.rowCount() == 1
    assert "сгорят" in view.expiry.text()
    view.close()


def test_cashier_card_shows_what_expires_next(qtbot, window) -> None:
    find(qtbot, window, IVAN.phone)
    qtbot.waitUntil(lambda: window.card.expiry.text() != "")
    assert (
        window.card.expiry.text().startswith("128 Б сгорят")
        or "сгорят" in window.card.expiry.text()
    )


def test_empty_history(qtbot, window) -> None:
    view = open_view(qtbot, window, demo.CLIENTS[3].phone)
    qtbot.waitUntil(lambda: view.history.status.text() == "Истории бонусов нет.")
    assert view.history.model.rowCount() == 0


@pytest.mark.parametrize("mode", ["error500", "malformed"])
def test_history_service_failure_is_told_not_hidden(qtbot, window, sandbox, mode) -> None:
    set_fault(sandbox, mode=mode, routes=["history"])
    view = open_view(qtbot, window)
    qtbot.waitUntil(lambda: "не ответил" in view.history.status.text(), timeout=10000)
    assert view.history.model.rowCount() == 0


def test_ten_thousand_entries(qtbot, window, sandbox) -> None:
    sandbox.store.add_bonus_entries(IVAN.id, 10_000)
    view = open_view(qtbot, window)
    qtbot.waitUntil(lambda: view.history.model.rowCount() == 10_004, timeout=15000)
    view.tabs.setCurrentIndex(1)
    view.history.table.scrollToBottom()
    last = view.history.proxy.index(10_003, 2)
    assert view.history.table.visualRect(last).isValid()
    view.history.filter.setText("№9999 ")
    assert view.history.proxy.rowCount() == 1


def decode(view: ClientView) -> list[str]:
    """Read the QR code off the rendered widget with a real decoder (zxing-cpp)."""
    image = view.qr.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    pixels = bytes(image.constBits())[: image.bytesPerLine() * image.height()]
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    rows = b"".join(pixels[y * stride : y * stride + width] for y in range(height))
    view_ = memoryview(rows).cast("B", (height, width))
    return [result.text for result in zxingcpp.read_barcodes(view_)]


def test_invitation_with_code_and_a_readable_qr(qtbot, window) -> None:
    view = open_view(qtbot, window)
    view.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: view.link.text() != "")
    assert view.link.text() == "https://invite.example.ru/r/AAA123"
    assert view.code.text() == "Код: AAA123"
    assert decode(view) == ["https://invite.example.ru/r/AAA123"]
    view.findChild(type(view.enrol_button), "copyCode").click()
    assert QApplication.clipboard().text() == "AAA123"


def test_invitation_without_code_shows_the_user_id(qtbot, window) -> None:
    dmitry = demo.CLIENTS[4]
    view = open_view(qtbot, window, dmitry.phone)
    view.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: view.link.text() != "")
    assert view.code.text() == f"ID пользователя: {dmitry.id}"
    assert decode(view) == [view.link.text()]


def test_lookup_mode_creates_no_operation(qtbot, window, sandbox) -> None:
    view = open_view(qtbot, window, phone=None)
    assert not view.tabs.isEnabled()
    qtbot.keyClicks(view.search, "+7 920 000-00-02")
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.client is not None)
    assert view.card.name.text() == "Мария Петрова"
    assert sandbox.store.operations() == []
    assert sandbox.store.holds() == []
    assert window.journal.entries() == []


def test_partner_enrolment_succeeds_and_is_journaled(qtbot, window, sandbox) -> None:
    view = open_view(qtbot, window)
    view.tabs.setCurrentIndex(3)
    assert view.email.text() == "mail@mail.mail"
    view.email.setText("ivan.new@example.ru")
    view.enrol()
    qtbot.waitUntil(lambda: view.partner_result.text().startswith("Готово"), timeout=10000)
    assert "ivan.new@example.ru" in sandbox.store.enrolled(demo.PARTNER_KEY)
    [entry] = window.journal.entries()
    assert (entry.kind, entry.state, entry.customer) == (Kind.ENROL, State.DONE, "i***@example.ru")
    # A new, invalid email: the last email's green result does not stay under the new error.
    view.email.setText("not an email")
    view.enrol()
    assert not view.email_error.isHidden()
    assert view.partner_result.text() == ""


@pytest.mark.parametrize("typed", ["", "not an email", "a@b", "ivan@@example.ru"])
def test_bad_email_is_refused_before_sending(qtbot, window, sandbox, typed) -> None:
    view = open_view(qtbot, window)
    view.email.setText(typed)
    view.enrol()
    assert not view.email_error.isHidden()
    assert window.journal.entries() == []


@pytest.mark.parametrize("code", range(1, 12))
def test_every_partner_error_code_in_the_cashiers_words(qtbot, qapp, window, sandbox, code) -> None:
    set_fault(sandbox, mode="partner_error", code=code, routes=["partner"])
    view = open_view(qtbot, window)
    view.enrol()
    qtbot.waitUntil(lambda: view.progress.isHidden(), timeout=10000)
    expected = QApplication.translate("ApiError", PARTNER_MESSAGES[code])
    assert view.partner_result.text() == expected
    assert expected != PARTNER_MESSAGES[code]  # it is the Russian sentence
    state = window.journal.entries()[-1].state
    assert state is (State.DONE if code == 10 else State.REJECTED)


def test_partner_timeout_and_stop_waiting(qtbot, window, sandbox) -> None:
    assert window.controller.teller.partner is not None
    window.controller.teller.partner._api._client.timeout = httpx.Timeout(
        1.5
    )  # the real one is 20 s
    set_fault(sandbox, mode="hang", routes=["partner"])
    view = open_view(qtbot, window)
    view.enrol()
    assert not view.progress.isHidden()
    qtbot.wait(300)
    view.stop_waiting()
    assert view.progress.isHidden()
    assert view.enrol_button.isEnabled()
    assert "журнал" in view.partner_result.text()
    qtbot.waitUntil(lambda: window.journal.entries()[-1].state is State.UNKNOWN, timeout=10000)
    view.enrol()  # and once more, waiting this time
    qtbot.waitUntil(lambda: view.progress.isHidden(), timeout=10000)
    assert "не ответил вовремя" in view.partner_result.text()


def test_a_link_too_long_for_a_qr_code_is_said_and_stays_copyable(qtbot, window) -> None:
    """A 5,000-character invitation URL raised segno's DataOverflowError unhandled."""
    long_url = "https://invite.example.ru/r/" + "a" * 5000
    view = open_view(qtbot, window)
    assert view.imshop is not None
    assert view.client is not None
    qtbot.waitUntil(lambda: view.link.text() != "", timeout=5000)  # the usual link first
    with rewrite_reply(view.imshop, "invitation", {"url": long_url}):
        view.show_client(view.client)
        view.tabs.setCurrentIndex(2)
        qtbot.waitUntil(lambda: view.link.text() == long_url, timeout=5000)
    assert view.link.text() == long_url
    assert "слишком длинная" in view.invitation_status.text()
    view.findChild(type(view.enrol_button), "copyLink").click()
    assert QApplication.clipboard().text() == long_url


@pytest.mark.parametrize(
    ("fault", "said"),
    [({"mode": "malformed"}, "не удалось понять"), ({"mode": "error500"}, "не удалось понять")],
)
def test_a_partner_answer_that_cannot_be_understood_is_not_called_a_timeout(
    qtbot, window, sandbox, fault, said
) -> None:
    set_fault(sandbox, routes=["partner"], **fault)
    view = open_view(qtbot, window)
    view.enrol()
    qtbot.waitUntil(lambda: view.progress.isHidden(), timeout=10000)
    assert said in view.partner_result.text()
    assert "вовремя" not in view.partner_result.text()
    assert window.journal.entries()[-1].state is State.UNKNOWN


def test_the_view_after_a_sale_shows_the_balance_after_it(qtbot, window, sandbox) -> None:
    """Till hardware, finding 5: F10 right after a sale showed the balance from before it."""
    from tests.ui.test_cashier_flow import confirm, type_amount

    find(qtbot, window, IVAN.phone)
    type_amount(qtbot, window, "1000")
    key(qtbot, window, Qt.Key.Key_F6)
    confirm(qtbot, window)
    qtbot.waitUntil(lambda: window.controller.checkout.result is not None, timeout=10000)
    view = open_view(qtbot, window, phone=None)
    qtbot.waitUntil(lambda: view.client is not None and view.client.balance == 0, timeout=5000)
    assert "0" in view.card.balance.text()
    assert "878" not in view.card.balance.text()
    view.close()


def test_enter_on_the_partner_tab_enrols(qtbot, window, sandbox) -> None:
    """Till hardware, finding 6: Enter went to the view's search field; nothing was enrolled."""
    view = open_view(qtbot, window)
    qtbot.keyClick(view.focusWidget() or view, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(view.email.hasFocus)
    assert "(Enter)" in view.enrol_button.text()
    qtbot.keyClick(view.email, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: "mail@mail.mail" in sandbox.store.enrolled(demo.PARTNER_KEY), timeout=10000
    )
    qtbot.waitUntil(lambda: view.partner_result.text().startswith("Готово"), timeout=10000)
    view.close()
