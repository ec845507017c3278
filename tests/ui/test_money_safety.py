"""Unknown outcomes, recovery at start and the journal, as the cashier and manager see them."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from app.api.loyalty import LoyaltyClient
from app.base import i18n
from app.core.journal.entry import Kind, State, Verdict
from app.core.journal.store import Journal
from app.core.link.session import Connection
from app.core.sale.state import Phase
from app.sandbox import demo
from app.sandbox.server import SandboxServer
from app.ui.background.requests import Requests
from app.ui.cashier.main_window import MainWindow
from app.ui.manager.journal_window import JournalWindow
from tests.conftest import set_fault
from tests.tampering import rewrite_reply
from tests.ui.test_cashier_flow import confirm, find, key, type_amount

IVAN = demo.CLIENTS[0]


def spend_max(qtbot, window: MainWindow, amount: str = "300") -> None:
    find(qtbot, window, IVAN.phone)
    type_amount(qtbot, window, amount)
    key(qtbot, window, Qt.Key.Key_F6)
    confirm(qtbot, window)


def test_lost_reply_after_commit_is_shown_as_spent(qtbot, window, sandbox) -> None:
    set_fault(sandbox, mode="drop", routes=["retail"])
    spend_max(qtbot, window)
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.DONE, timeout=10000)
    assert sandbox.store.balance(IVAN.id) == 578
    assert "Списано 300" in window.sale.result.text()
    [entry] = [e for e in window.journal.entries() if e.kind is Kind.RETAIL]
    assert (entry.state, entry.verdict) == (State.DONE, Verdict.SPENT)


def test_lost_request_is_checked_then_may_be_repeated_after_a_warning(
    qtbot, window, sandbox
) -> None:
    set_fault(sandbox, mode="drop", phase="before", routes=["retail"], count=1)
    spend_max(qtbot, window)
    # First "still checking": no repeat while a late server could still apply it.
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.CHECKING, timeout=10000)
    assert "Проверяем" in window.sale.result.text()
    assert not window.sale.confirm_button.isEnabled()
    key(qtbot, window, Qt.Key.Key_F9)
    assert window.confirmation.dialog is None  # F9 explains instead of asking
    assert "проверяем" in window.sale.result.text().lower()
    # At the end of the settle window the re-check says it did not happen.
    qtbot.waitUntil(lambda: window.controller.checkout.repeat_warning, timeout=10000)
    assert window.controller.checkout.phase is Phase.CUSTOMER
    assert "не состоялась" in window.sale.result.text()
    assert sandbox.store.operations(IVAN.id) == []
    assert window.header.connection.text() == "Связь есть"  # the re-read reached the server
    assert window.panel.amount.hasFocus()
    lines = confirm(qtbot, window)
    assert lines[-1][0] == "Внимание"
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.DONE, timeout=10000)
    assert len(sandbox.store.operations(IVAN.id)) == 1
    assert sandbox.store.balance(IVAN.id) == 578


def test_a_late_server_is_shown_as_spent_not_as_repeatable(qtbot, window, sandbox) -> None:
    """Finding 1 through the window: the server applies the sale 1.5 s after the till gave up
    (read timeout 1 s); the screen says "checking", then "spent"."""
    set_fault(sandbox, mode="late", latency_ms=1500, routes=["retail"], count=1)
    spend_max(qtbot, window)
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.CHECKING, timeout=10000)
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.DONE, timeout=10000)
    assert not window.controller.checkout.repeat_warning
    assert "Списано 300" in window.sale.result.text()
    # nothing left to check (the count is read in the background after the reply)
    qtbot.waitUntil(lambda: window.header.unsettled.text() == "", timeout=5000)
    assert sandbox.store.balance(IVAN.id) == 578
    [entry] = [e for e in window.journal.entries() if e.kind is Kind.RETAIL]
    assert (entry.state, entry.verdict) == (State.DONE, Verdict.SPENT)


def test_undecided_outcome_blocks_repeating_and_is_counted(qtbot, window, sandbox) -> None:
    set_fault(sandbox, mode="hang", routes=["retail"])
    find(qtbot, window, IVAN.phone)
    type_amount(qtbot, window, "300")  # earn: an unchanged balance cannot prove anything
    confirm(qtbot, window)
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.CHECKING, timeout=10000)
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.UNKNOWN, timeout=10000)
    assert not window.sale.confirm_button.isEnabled()
    assert "менеджер" in window.sale.result.text()
    qtbot.waitUntil(lambda: window.header.unsettled.text() == "Требуют проверки: 1 (F11)")


def scan(qtbot, target, text: str, gap_ms: int = 5) -> None:
    """A barcode scanner: characters a few milliseconds apart, then Enter."""
    for char in text:
        qtbot.keyClick(target, char)
        qtbot.wait(gap_ms)
    qtbot.keyClick(target, Qt.Key.Key_Return)


def open_confirmation(qtbot, window: MainWindow):
    key(qtbot, window, Qt.Key.Key_F9)
    qtbot.waitUntil(
        lambda: window.confirmation.dialog is not None and window.confirmation.dialog.isVisible()
    )
    return window.confirmation.dialog


def test_a_scan_into_the_open_confirmation_confirms_nothing(qtbot, window, sandbox) -> None:
    """Finding 3: the scanner's Enter used to press Confirm for the customer on screen."""
    find(qtbot, window, IVAN.phone)
    type_amount(qtbot, window, "300")
    key(qtbot, window, Qt.Key.Key_F6)
    dialog = open_confirmation(qtbot, window)
    scan(qtbot, dialog.focusWidget(), "79200000002")
    qtbot.wait(300)
    assert dialog.isVisible()  # still open: the scan's Enter was swallowed
    assert window.controller.checkout.phase is Phase.CUSTOMER
    assert sandbox.store.operations(IVAN.id) == []
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)  # the cashier goes back
    qtbot.waitUntil(lambda: window.confirmation.dialog is None)
    assert sandbox.store.operations(IVAN.id) == []
    # The scanned customer is offered, not lost: Enter in the search finds them.
    assert window.search.text() == "79200000002"
    qtbot.waitUntil(window.search.hasFocus)  # the window took focus back from the dialog
    assert "Enter" in window.search_error.text()
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.CUSTOMER)
    assert window.controller.checkout.client is not None
    assert window.controller.checkout.client.phone == "79200000002"


def test_enter_right_after_typing_in_the_confirmation_is_ignored(qtbot, window, sandbox) -> None:
    find(qtbot, window, IVAN.phone)
    type_amount(qtbot, window, "300")
    dialog = open_confirmation(qtbot, window)
    qtbot.keyClick(dialog.focusWidget(), "7")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)  # within 100 ms of a key
    qtbot.wait(50)
    assert dialog.isVisible()
    qtbot.wait(150)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)  # the cashier's own Enter
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.DONE, timeout=10000)
    assert len(sandbox.store.operations(IVAN.id)) == 1


def test_a_scan_confirmed_after_the_sale_goes_to_the_next_customer(qtbot, window, sandbox) -> None:
    find(qtbot, window, IVAN.phone)
    type_amount(qtbot, window, "300")
    dialog = open_confirmation(qtbot, window)
    scan(qtbot, dialog.focusWidget(), "79200000002")
    qtbot.wait(150)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)  # the cashier confirms Ivan's sale
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.DONE, timeout=10000)
    assert len(sandbox.store.operations(IVAN.id)) == 1
    assert window.search.text() == "79200000002"  # the next customer waits for Enter


def test_balance_unread_before_the_sale_lets_the_cashier_choose(qtbot, window, sandbox) -> None:
    """Finding 6: a hanging /client no longer holds the sale for 30-70 s."""
    find(qtbot, window, IVAN.phone)
    type_amount(qtbot, window, "300")
    key(qtbot, window, Qt.Key.Key_F6)
    window.controller.teller.pre_read_seconds = 0.5
    set_fault(sandbox, mode="hang", routes=["client"], count=1)
    confirm(qtbot, window)
    qtbot.waitUntil(lambda: window.controller.checkout.without_balance, timeout=5000)
    assert window.controller.checkout.phase is Phase.CUSTOMER
    assert sandbox.store.operations(IVAN.id) == []  # nothing was sent
    assert "ничего не отправлено" in window.sale.result.text()
    lines = confirm(qtbot, window)
    assert lines[-1][0] == "Внимание"
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.DONE, timeout=10000)
    assert len(sandbox.store.operations(IVAN.id)) == 1


@pytest.mark.parametrize(
    "changes",
    [{"spend": -100}, {"spend": 400}, {"spend": 900, "amount": 1000}, {"earn": -5}],
)
def test_odd_preview_figures_are_never_shown_or_sent(qtbot, window, sandbox, changes) -> None:
    """Finding 4: a preview that offers negative points or more than the purchase."""
    find(qtbot, window, IVAN.phone)
    with rewrite_reply(window.controller.loyalty, "recalc", changes):
        qtbot.keyClicks(window.panel.amount, "300")
        qtbot.waitUntil(lambda: window.controller.checkout.error is not None, timeout=5000)
    assert window.controller.checkout.recalc is None
    assert "не сходятся" in window.panel.preview.text()
    assert window.panel.to_pay.text() == ""
    assert not window.sale.confirm_button.isEnabled()


def test_hostile_server_text_is_plain_and_bounded(qtbot, window, sandbox) -> None:
    """Finding 5: markup, a right-to-left override and a 20,000-character name."""
    names = {"name": "\u202eНАВИ" + "<h1 style=color:red>X</h1>" + "Я" * 20_000}
    with rewrite_reply(window.controller.loyalty, "client", names):
        find(qtbot, window, IVAN.phone)
    shown = window.card.name.text()
    assert shown.startswith("НАВИ<h1 style=color:red>")
    assert "\u202e" not in shown
    assert len(shown) <= 60
    assert window.card.name.textFormat() == Qt.TextFormat.PlainText
    assert window.width() < 2000  # the layout did not grow with the name


def test_recovery_at_start_reconciles_an_interrupted_retail(
    qtbot, qapp, sandbox: SandboxServer, tmp_path: Path, monkeypatch
) -> None:
    i18n.install(qapp, "ru")
    journal = Journal(tmp_path / "journal.sqlite3")
    entry = journal.intent(
        Kind.RETAIL,
        server=sandbox.url,
        point=demo.POINT_ID,
        training=True,
        client_id=IVAN.id,
        customer="+7 920 ***-**-01",
        lookup=IVAN.phone,
        amount=Decimal(300),
        spend=Decimal(100),
        balance_before=Decimal(878),
    )
    with LoyaltyClient(sandbox.url, demo.API_KEY, demo.POINT_ID) as loyalty:
        loyalty.retail(IVAN.id, Decimal(300), Decimal(100))  # it reached the server, then a crash
    connection = Connection(sandbox.url, demo.POINT_ID, demo.API_KEY, training=True)
    window = MainWindow(lambda: connection, journal, training=True, requests=Requests())
    qtbot.addWidget(window)
    window.show()
    window.start_session()
    qtbot.waitUntil(lambda: window.recovery is not None, timeout=10000)
    box = window.findChild(QMessageBox, "recoveryBox")
    assert box is not None
    assert "баллы списаны" in box.text()
    assert journal.get(entry).verdict is Verdict.SPENT
    qtbot.waitUntil(lambda: window.header.unsettled.text() == "")  # counted in the background
    box.close()
    window.close()
    qtbot.waitUntil(lambda: window.requests.running == 0, timeout=15000)
    journal.close()


def test_recovery_of_a_retail_sent_just_before_the_crash_says_still_checking(
    qtbot, qapp, sandbox: SandboxServer, tmp_path: Path
) -> None:
    i18n.install(qapp, "ru")
    """Sent moments before the crash and not applied (yet): not "did not happen"."""
    journal = Journal(tmp_path / "journal.sqlite3")
    entry = journal.intent(
        Kind.RETAIL,
        server=sandbox.url,
        point=demo.POINT_ID,
        training=True,
        client_id=IVAN.id,
        customer="+7 920 ***-**-01",
        lookup=IVAN.phone,
        amount=Decimal(300),
        spend=Decimal(100),
        balance_before=Decimal(878),
    )
    connection = Connection(sandbox.url, demo.POINT_ID, demo.API_KEY, training=True)
    window = MainWindow(lambda: connection, journal, training=True, requests=Requests())
    qtbot.addWidget(window)
    window.show()
    window.start_session()
    qtbot.waitUntil(lambda: window.recovery is not None, timeout=10000)
    box = window.findChild(QMessageBox, "recoveryBox")
    assert box is not None
    assert "проверяем" in box.text().lower()
    assert journal.get(entry).verdict is Verdict.CHECKING
    assert window.controller.sweep.timer.isActive()  # it is settled when its window ends
    box.close()
    window.close()
    qtbot.waitUntil(lambda: window.requests.running == 0, timeout=15000)
    journal.close()


def test_journal_window_filters_totals_export_and_settling(
    qtbot, window: MainWindow, sandbox, tmp_path: Path
) -> None:
    journal = window.journal
    where = {"server": sandbox.url, "point": demo.POINT_ID, "training": True}
    done = journal.intent(Kind.RETAIL, amount=Decimal(100), spend=Decimal(30), **where)
    journal.done(done, spend=Decimal(30), total=Decimal(70))
    lost = journal.intent(
        Kind.RETAIL, amount=Decimal(50), spend=Decimal(10), customer="+7 920 ***-**-01", **where
    )
    journal.unknown(lost, "dropped")
    journal.reconciled(lost, Verdict.UNDECIDED, reason="re-read failed", balance_after=None)
    key(qtbot, window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: window.dialogs.journal_window is not None)
    dialog = window.dialogs.journal_window
    assert dialog.model.rowCount() == 2
    assert dialog.totals.text() == "Покупок: 1 · списано 30 Б · начислено 0 Б · требуют проверки: 1"
    dialog.outcome.setCurrentIndex(3)  # unknown or interrupted
    assert dialog.model.rowCount() == 1
    dialog.table.selectRow(0)
    assert dialog.mark_not.isEnabled()
    # The manager sees what was attempted; Enter alone answers No and records nothing.
    dialog.mark_not.click()
    settle = dialog.settle_dialog
    qtbot.waitUntil(settle.isVisible)
    shown = " ".join(label.text() for label in settle.findChildren(QLabel))
    assert "списать 10 Б" in shown
    assert "50,00 ₽" in shown
    assert "+7 920 ***-**-01" in shown
    qtbot.keyClicks(settle.note, "called support, Anna")
    qtbot.keyClick(settle.note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not settle.isVisible())
    assert journal.get(lost).verdict is Verdict.UNDECIDED
    # Yes without a note is refused in place; with one, the verdict and note are recorded.
    dialog.mark_not.click()
    settle = dialog.settle_dialog
    qtbot.waitUntil(settle.isVisible)
    settle.yes.click()
    assert settle.isVisible()
    assert settle.note_error.isVisible()
    qtbot.keyClicks(settle.note, "called support, Anna")
    settle.yes.click()
    qtbot.waitUntil(lambda: journal.get(lost).verdict is Verdict.NOT_HAPPENED)
    assert (journal.get(lost).reason, journal.get(lost).decided_by) == (
        "called support, Anna",
        "manager",
    )
    dialog.outcome.setCurrentIndex(0)
    out = tmp_path / "journal.csv"
    dialog.write_csv(out)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines()[0].split(";")[:4] == [
        "№",
        "Время",
        "Операция",
        "Итог",
    ]
    dialog.copy_diagnostics()
    from PySide6.QtGui import QGuiApplication

    text = QGuiApplication.clipboard().text()
    assert "Loyalty Till" in text
    assert "API key: set" in text
    dialog.close()


def _decision_to_record(qtbot, window: MainWindow, sandbox) -> tuple[JournalWindow, int]:
    """The journal window open on an undecided retail, its 'did not happen' dialog filled in."""
    journal = window.journal
    where = {"server": sandbox.url, "point": demo.POINT_ID, "training": True}
    lost = journal.intent(Kind.RETAIL, amount=Decimal(50), spend=Decimal(10), **where)
    journal.unknown(lost, "dropped")
    journal.reconciled(lost, Verdict.UNDECIDED, reason="re-read failed", balance_after=None)
    key(qtbot, window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: window.dialogs.journal_window is not None)
    dialog = window.dialogs.journal_window
    dialog.table.selectRow(0)
    dialog.mark_not.click()
    qtbot.waitUntil(dialog.settle_dialog.isVisible)
    qtbot.keyClicks(dialog.settle_dialog.note, "called support")
    return dialog, lost


def test_a_reply_that_arrives_after_the_journal_window_closed_refreshes_nothing(
    qtbot, window: MainWindow, sandbox
) -> None:
    """CI found it: the reply to a manager's decision waited on the GUI thread while the window
    closed its reader, and the refresh it asked for raised 'Cannot operate on a closed
    database'."""
    dialog, lost = _decision_to_record(qtbot, window, sandbox)
    dialog.settle_dialog.yes.click()
    deadline = time.monotonic() + 5
    # Without turning the event loop, so that the reply is due but not yet taken.
    while window.journal.get(lost).verdict is not Verdict.NOT_HAPPENED or window.requests.running:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    dialog.close()
    qtbot.wait(50)  # the reply is taken here; refreshing through the closed reader would raise
    assert (window.journal.get(lost).reason, window.journal.get(lost).decided_by) == (
        "called support",
        "manager",
    )


def test_a_decision_asked_for_just_before_the_journal_window_closed_is_still_recorded(
    qtbot, window: MainWindow, sandbox
) -> None:
    """Closing the window drops its replies, never the manager's decision it was writing."""
    dialog, lost = _decision_to_record(qtbot, window, sandbox)
    dialog.settle_dialog.yes.click()
    dialog.close()  # before a worker can have taken the write
    qtbot.waitUntil(lambda: window.journal.get(lost).verdict is Verdict.NOT_HAPPENED)
    assert (window.journal.get(lost).reason, window.journal.get(lost).decided_by) == (
        "called support",
        "manager",
    )


def test_an_absurd_balance_is_a_clear_error_not_a_crash(qtbot, window, sandbox) -> None:
    """Finding 4: a balance of 2**63 raised OverflowError (two error dialogs, half a card)."""
    window.search.setText(IVAN.phone)
    with rewrite_reply(window.controller.loyalty, "client", {"balance": 2**63}):
        qtbot.keyClick(window.search, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.IDLE, timeout=5000)
    assert window.controller.checkout.client is None
    assert window.search_error.isVisible()
    assert window.search_error.text()
    assert window.card.name.text() == "Нет покупателя"
    assert window.findChildren(QMessageBox) == []


def test_a_managers_decision_records_the_sale_as_it_was_and_says_who_decided(
    qtbot, window: MainWindow, sandbox, tmp_path: Path
) -> None:
    """A 5 % discount customer, 1 500 ₽, a server that applies the retail after the till gave
    up: the sale ends undecided and the manager records «Операция прошла». The dialog said
    «начислить 0 Б», the row «проведено (проверено по балансу)» though a person decided and
    no balance was read, and «К оплате 1 500,00» though the customer paid 1 425,00."""
    anna = demo.CLIENTS[3]
    assert anna.level == demo.DISCOUNT5
    set_fault(sandbox, mode="late", latency_ms=1500, routes=["retail"], count=1)
    find(qtbot, window, anna.phone)
    type_amount(qtbot, window, "1500")
    confirm(qtbot, window)
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.UNKNOWN, timeout=10000)
    qtbot.waitUntil(lambda: len(sandbox.store.operations(anna.id)) == 1)  # applied, late
    key(qtbot, window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: window.dialogs.journal_window is not None)
    dialog = window.dialogs.journal_window
    dialog.table.selectRow(0)
    dialog.mark_done.click()
    settle = dialog.settle_dialog
    qtbot.waitUntil(settle.isVisible)
    shown = [label.text() for label in settle.findChildren(QLabel)]
    assert "покупка со скидкой 75,00 ₽" in shown
    assert "1\xa0425,00 ₽" in shown
    assert not any("начислить" in text for text in shown)
    qtbot.keyClicks(settle.note, "checked in the loyalty program, Olga")
    settle.yes.click()
    [entry] = [e for e in window.journal.entries() if e.kind is Kind.RETAIL]
    qtbot.waitUntil(lambda: window.journal.get(entry.id).state is State.DONE)
    decided = window.journal.get(entry.id)
    assert (decided.total, decided.decided_by) == (Decimal("1425.00"), "manager")
    out = tmp_path / "journal.csv"
    dialog.write_csv(out)
    [header, row, _total] = out.read_bytes().decode("utf-8-sig").splitlines()
    cells = dict(zip(header.split(";"), row.split(";"), strict=True))
    assert cells["Итог"] == "проведено (решение менеджера)"
    assert cells["К оплате"] == "1425,00"
    assert cells["Подробности"] == "решение менеджера: checked in the loyalty program, Olga"
    dialog.close()


def test_the_journal_export_dialog_speaks_russian(qtbot, window: MainWindow) -> None:
    """#35: the CSV export's file dialog read «Look in:», «Files of type:» on the Russian
    screen. The real dialog, opened by the export button, read while it is up."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog

    i18n.install(QApplication.instance(), "ru")
    key(qtbot, window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: window.dialogs.journal_window is not None)
    journal = window.dialogs.journal_window
    assert journal is not None
    seen: list[str] = []

    def read_and_cancel() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(50, read_and_cancel)
            return
        seen.extend(label.text() for label in dialog.findChildren(QLabel) if label.text())
        dialog.reject()

    QTimer.singleShot(50, read_and_cancel)
    journal.export()
    assert seen, "no file dialog was opened"
    assert "&Перейти к:" in seen and "&Типы файлов:" in seen, seen
    assert not [text for text in seen if text in ("&Look in:", "Files of &type:")]
    journal.close()
