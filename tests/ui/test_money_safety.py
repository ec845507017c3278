"""Unknown outcomes, recovery at start and the journal, as the cashier and manager see them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.api.loyalty import LoyaltyClient
from app.core.checkout import Phase
from app.core.journal import Journal, Kind, State, Verdict
from app.core.session import Connection
from app.sandbox import demo
from app.sandbox.server import SandboxServer
from app.ui.main_window import MainWindow
from tests.conftest import set_fault
from tests.ui.test_cashier_flow import find, key, type_amount

IVAN = demo.CLIENTS[0]


def spend_max(qtbot, window: MainWindow, amount: str = "300") -> None:
    find(qtbot, window, IVAN.phone)
    type_amount(qtbot, window, amount)
    key(qtbot, window, Qt.Key.Key_F6)
    key(qtbot, window, Qt.Key.Key_F9)


def test_lost_reply_after_commit_is_shown_as_spent(qtbot, window, sandbox) -> None:
    set_fault(sandbox, mode="drop", routes=["retail"])
    spend_max(qtbot, window)
    qtbot.waitUntil(lambda: window.checkout.phase is Phase.DONE, timeout=10000)
    assert sandbox.store.balance(IVAN.id) == 578
    assert "Списано 300" in window.panel.result.text()
    [entry] = [e for e in window.journal.entries() if e.kind is Kind.RETAIL]
    assert (entry.state, entry.verdict) == (State.DONE, Verdict.SPENT)


def test_lost_request_may_be_repeated_after_a_warning(
    qtbot, window, sandbox, confirmations
) -> None:
    set_fault(sandbox, mode="drop", phase="before", routes=["retail"], count=1)
    spend_max(qtbot, window)
    qtbot.waitUntil(lambda: window.checkout.repeat_warning, timeout=10000)
    assert window.checkout.phase is Phase.CUSTOMER
    assert "не состоялась" in window.panel.result.text()
    assert sandbox.store.operations(IVAN.id) == []
    assert window.status_connection.text() == "Связь есть"  # the re-read reached the server
    assert window.panel.amount.hasFocus()
    key(qtbot, window, Qt.Key.Key_F9)
    assert confirmations[-1][-1][0] == "Внимание"
    qtbot.waitUntil(lambda: window.checkout.phase is Phase.DONE, timeout=10000)
    assert len(sandbox.store.operations(IVAN.id)) == 1
    assert sandbox.store.balance(IVAN.id) == 578


def test_undecided_outcome_blocks_repeating_and_is_counted(qtbot, window, sandbox) -> None:
    set_fault(sandbox, mode="hang", routes=["retail"])
    window.teller.loyalty._api._client.timeout = (
        window.teller.loyalty._api._client.timeout.__class__(1.0, connect=1.0)
    )
    find(qtbot, window, IVAN.phone)
    type_amount(qtbot, window, "300")  # earn: an unchanged balance cannot prove anything
    key(qtbot, window, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: window.checkout.phase is Phase.UNKNOWN, timeout=10000)
    assert not window.panel.confirm_button.isEnabled()
    assert "менеджер" in window.panel.result.text()
    assert window.status_journal.text().startswith("Неразобранных операций: 1")


def test_recovery_at_start_reconciles_an_interrupted_retail(
    qtbot, qapp, sandbox: SandboxServer, tmp_path: Path, monkeypatch
) -> None:
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
    window = MainWindow(lambda: connection, journal, training=True)
    qtbot.addWidget(window)
    window.show()
    window.start_session()
    qtbot.waitUntil(lambda: window.recovery is not None, timeout=10000)
    box = window.findChild(QMessageBox, "recoveryBox")
    assert box is not None
    assert "баллы списаны" in box.text()
    assert journal.get(entry).verdict is Verdict.SPENT
    assert window.status_journal.text() == ""
    box.close()
    window.close()
    qtbot.waitUntil(lambda: window.runner.running == 0, timeout=15000)
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
    qtbot.waitUntil(lambda: getattr(window, "journal_window", None) is not None)
    dialog = window.journal_window
    assert dialog.model.rowCount() == 2
    assert dialog.totals.text() == "Покупок: 1 · списано 30 Б · начислено 0 Б · неизвестно: 1"
    dialog.outcome.setCurrentIndex(3)  # unknown or interrupted
    assert dialog.model.rowCount() == 1
    dialog.table.selectRow(0)
    assert dialog.mark_not.isEnabled()
    dialog.mark_not.click()
    assert journal.get(lost).verdict is Verdict.NOT_HAPPENED
    dialog.outcome.setCurrentIndex(0)
    out = tmp_path / "journal.csv"
    dialog.write_csv(out)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines()[0].split(";")[0] == "id"
    dialog.copy_diagnostics()
    from PySide6.QtGui import QGuiApplication

    text = QGuiApplication.clipboard().text()
    assert "Loyalty Till" in text
    assert "API key: set" in text
    dialog.close()
