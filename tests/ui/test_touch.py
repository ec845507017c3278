"""A touch terminal with no keyboard (1024×600): everything a cashier and a manager do, by taps
alone, with real touch events on the real windows (#35, finding 2).

Every tap goes through Qt's touch path (a touch screen device, a press and a release at a
point of the window, hit-tested as a finger is); nothing is typed with keys. Each tapped target
is checked to lie on the screen and to be finger-sized."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QTimer
from PySide6.QtGui import QPointingDevice
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QPushButton, QWidget
from shiboken6 import isValid

from app.core.journal.entry import Kind, Verdict
from app.core.journal.store import Journal
from app.core.sale.state import Phase
from app.core.settings.pin import hash_pin
from app.sandbox import demo
from app.sandbox.server import SandboxServer
from app.ui.cashier.main_window import MainWindow
from app.ui.cashier.touch_keypad import BACKSPACE, ENTER, TouchInput, TouchKeypad
from tests.ui.conftest import close_window, open_window
from tests.ui.test_cashier_flow import READING_MS

SCREEN = QRect(0, 0, 1024, 600)
FINGER = 44  # px: the smallest target a finger hits reliably
PIN = "482913"


@pytest.fixture
def finger() -> QPointingDevice:
    return QTest.createTouchDevice()


@pytest.fixture
def touch_till(qtbot, qapp: QApplication, sandbox: SandboxServer, tmp_path: Path) -> Iterator:
    journal = Journal(tmp_path / "journal.sqlite3")
    touch = TouchInput(qapp)
    window = open_window(qtbot, qapp, sandbox, journal)
    window.setGeometry(SCREEN)
    qtbot.waitUntil(lambda: window.size().width() == 1024)
    yield window
    touch.deleteLater()  # follows the focus no more
    for pad in QApplication.topLevelWidgets():
        if isinstance(pad, TouchKeypad):
            pad.hide()
    close_window(qtbot, window)
    journal.close()


def tap(qtbot, finger: QPointingDevice, target: QWidget) -> None:
    """A finger on ``target``'s centre, hit-tested in its window like a real touch."""
    window = target.window()
    centre = target.mapTo(window, target.rect().center())
    place = QRect(target.mapToGlobal(QPoint(0, 0)), target.size())
    assert target.isVisible() and target.isEnabled(), f"{target.objectName()} cannot be tapped"
    assert SCREEN.contains(place), f"{target.objectName()} {place} is off the 1024×600 screen"
    assert min(target.width(), target.height()) >= FINGER, (
        f"{target.objectName()} is {target.width()}×{target.height()}: too small for a finger"
    )
    QTest.touchEvent(window, finger).press(0, centre, window).commit()
    QTest.touchEvent(window, finger).release(0, centre, window).commit()
    qtbot.wait(20)


def keypad_for(qtbot, window: QWidget) -> TouchKeypad:
    qtbot.waitUntil(lambda: window.findChild(TouchKeypad) is not None)
    pad = window.findChild(TouchKeypad)
    assert pad is not None
    qtbot.waitUntil(pad.isVisible)
    return pad


def tap_in(qtbot, finger: QPointingDevice, pad: TouchKeypad, keys: str) -> None:
    for key in keys:
        tap(qtbot, finger, pad.keys[key])


def find_by_taps(qtbot, finger, window: MainWindow, phone: str) -> None:
    tap(qtbot, finger, window.search)
    pad = keypad_for(qtbot, window)
    field = QRect(window.search.mapToGlobal(QPoint(0, 0)), window.search.size())
    assert not QRect(pad.pos(), pad.size()).intersects(field), "the keypad covers the field"
    assert SCREEN.contains(QRect(pad.pos(), pad.size()))
    tap_in(qtbot, finger, pad, phone)
    assert window.search.text() == phone
    tap(qtbot, finger, pad.keys[ENTER])
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.CUSTOMER)


def amount_by_taps(qtbot, finger, window: MainWindow, amount: str) -> None:
    tap(qtbot, finger, window.panel.amount)
    pad = keypad_for(qtbot, window)
    assert pad.field is window.panel.amount
    tap_in(qtbot, finger, pad, amount + "9" + BACKSPACE)  # a slip, wiped with ⌫
    assert window.panel.amount.text() == amount
    qtbot.waitUntil(lambda: window.controller.checkout.recalc is not None)


def confirm_by_tap(qtbot, finger, window: MainWindow) -> None:
    tap(qtbot, finger, window.sale.confirm_button)
    qtbot.waitUntil(
        lambda: window.confirmation.dialog is not None and window.confirmation.dialog.isVisible()
    )
    dialog = window.confirmation.dialog
    assert dialog is not None
    assert SCREEN.contains(dialog.frameGeometry())
    qtbot.wait(READING_MS)  # the cashier reads it first
    tap(qtbot, finger, dialog.findChild(QPushButton, "confirmOk"))
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.DONE, timeout=10000)


def test_a_sale_with_a_typed_phone_by_taps_alone(
    qtbot, touch_till: MainWindow, finger, sandbox: SandboxServer
) -> None:
    window = touch_till
    find_by_taps(qtbot, finger, window, "79200000001")
    amount_by_taps(qtbot, finger, window, "1000")
    tap(qtbot, finger, window.panel.max_button)
    qtbot.waitUntil(lambda: window.controller.checkout.to_pay is not None)
    confirm_by_tap(qtbot, finger, window)
    assert sandbox.store.balance(demo.REFERENCE_CLIENT_ID) < 878  # points were spent
    tap(qtbot, finger, window.sale.cancel_button)  # «Новый покупатель»
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.IDLE)


def test_a_hold_and_its_release_by_taps_alone(
    qtbot, touch_till: MainWindow, finger, sandbox: SandboxServer
) -> None:
    window = touch_till
    find_by_taps(qtbot, finger, window, "79200000001")
    amount_by_taps(qtbot, finger, window, "500")
    tap(qtbot, finger, window.panel.max_button)
    qtbot.waitUntil(lambda: window.controller.checkout.to_pay is not None)
    before = window.panel.minutes.value()
    tap(qtbot, finger, window.panel.more_minutes)
    tap(qtbot, finger, window.panel.more_minutes)
    tap(qtbot, finger, window.panel.fewer_minutes)
    assert window.panel.minutes.value() == before + 1
    tap(qtbot, finger, window.panel.hold_button)
    qtbot.waitUntil(lambda: bool(window.controller.checkout.active_hold_ids), timeout=10000)
    [hold] = sandbox.store.holds(demo.REFERENCE_CLIENT_ID)
    assert hold.state == "active" and hold.amount > 0
    tap(qtbot, finger, window.panel.release_button)
    qtbot.waitUntil(lambda: not window.controller.checkout.active_hold_ids, timeout=10000)
    assert [h.state for h in sandbox.store.holds(demo.REFERENCE_CLIENT_ID)] == ["released"]
    assert sandbox.store.balance(demo.REFERENCE_CLIENT_ID) == 878


def test_f10_and_f11_open_and_close_and_a_manager_decides_by_taps(
    qtbot, touch_till: MainWindow, finger, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = touch_till
    journal = window.journal
    where = {"server": "https://l.example.ru", "point": demo.POINT_ID, "training": True}
    lost = journal.intent(
        Kind.RETAIL, amount=Decimal(300), spend=Decimal(100), customer="+7 920 ***-**-01", **where
    )
    journal.unknown(lost, "dropped")
    journal.reconciled(lost, Verdict.UNDECIDED, reason="re-read failed", balance_after=None)
    monkeypatch.setattr(window.dialogs, "_pin_hash", lambda: hash_pin(PIN))

    # F10: the customer window, within the screen, closed with its own button
    find_by_taps(qtbot, finger, window, "79200000001")
    tap(qtbot, finger, window.client_button)
    qtbot.waitUntil(lambda: window.dialogs.client_view is not None)
    view = window.dialogs.client_view
    assert view is not None
    qtbot.waitUntil(view.isVisible)
    assert SCREEN.contains(view.frameGeometry()), view.frameGeometry()
    tap(qtbot, finger, view.findChild(QPushButton, "clientClose"))
    qtbot.waitUntil(lambda: not isValid(view) or not view.isVisible())

    # F11: the journal; the manager picks the operation, records it happened, with a note
    # chosen by a tap and the PIN typed on the keypad
    tap(qtbot, finger, window.journal_button)
    qtbot.waitUntil(lambda: window.dialogs.journal_window is not None)
    journal_window = window.dialogs.journal_window
    assert journal_window is not None
    qtbot.waitUntil(journal_window.isVisible)
    assert SCREEN.contains(journal_window.frameGeometry())
    table = journal_window.table  # type: ignore[attr-defined]
    row = table.visualRect(table.model().index(0, 0))
    QTest.touchEvent(table.viewport(), finger).press(0, row.center(), table.viewport()).commit()
    QTest.touchEvent(table.viewport(), finger).release(0, row.center(), table.viewport()).commit()
    qtbot.waitUntil(lambda: journal_window.mark_done.isEnabled())  # type: ignore[attr-defined]
    tap(qtbot, finger, journal_window.mark_done)  # type: ignore[attr-defined]
    settle = journal_window.settle_dialog  # type: ignore[attr-defined]
    qtbot.waitUntil(settle.isVisible)
    assert SCREEN.contains(settle.frameGeometry())
    yes = settle.yes
    where_yes = yes.mapToGlobal(QPoint(0, 0))
    tap(qtbot, finger, yes)  # no note yet: refused, and «Да, записать» stays under the finger
    qtbot.waitUntil(settle.note_error.isVisible)
    assert yes.mapToGlobal(QPoint(0, 0)) == where_yes
    tap(qtbot, finger, settle.findChild(QPushButton, "settleNote0"))
    assert settle.note_text == "Сверено с чеком POS"

    typed: list[str] = []
    problems: list[BaseException] = []

    def pin_by_taps() -> None:
        """Runs inside the PIN prompt's own event loop (it is modal); a failure closes the
        prompt so that the test fails instead of waiting for ever."""
        prompt = QApplication.activeModalWidget()
        pad = prompt.findChild(TouchKeypad) if isinstance(prompt, QInputDialog) else None
        if prompt is None or pad is None or not pad.isVisible():
            QTimer.singleShot(50, pin_by_taps)
            return
        try:
            tap_in(qtbot, finger, pad, PIN)
            typed.append(prompt.textValue())
            tap(qtbot, finger, pad.keys[ENTER])
        except BaseException as problem:
            problems.append(problem)
            prompt.reject()

    QTimer.singleShot(50, pin_by_taps)
    tap(qtbot, finger, yes)
    assert problems == []
    qtbot.waitUntil(lambda: journal.get(lost).settled, timeout=10000)
    assert typed == [PIN]
    assert journal.get(lost).decided_by == "manager"
    assert journal.get(lost).verdict is Verdict.SPENT
    tap(qtbot, finger, journal_window.findChild(QPushButton, "journalClose"))
    qtbot.waitUntil(lambda: not isValid(journal_window) or not journal_window.isVisible())
