"""Till hardware: scanners through any keyboard layout, from any field, ended by any
terminator — real key events into the real window (the Russian layout played by the
characters it produces, Shift pressed and released around capitals as a scanner does)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QPushButton

from app.core.sale.state import Phase
from app.sandbox import demo
from app.ui.cashier.main_window import MainWindow
from tests.ui.test_cashier_flow import find, key, type_amount

IVAN, MARIA = demo.CLIENTS[0], demo.CLIENTS[1]
MARIA_CODE_ON_RUSSIAN_LAYOUT = "ФИ12СВ34"  # AB12CD34 typed by a scanner with ЙЦУКЕН active


def press(qtbot, target, char: str) -> None:
    """One key of a scanner: Shift around a capital, as a keyboard wedge sends it. Key events
    are built here because QTest's one-character form takes Latin-1 only: a Russian layout's
    «Ф» is a key event whose text is «Ф» (key code: the letter's capital, as Qt's are)."""
    shift = char.isupper() or char in '"№;:?<>{}~@#$^&'
    modifiers = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    if shift:
        qtbot.keyPress(target, Qt.Key.Key_Shift)
    code = ord(char.upper()) if char.isalpha() else ord(char)
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(target, QKeyEvent(kind, code, modifiers, char))
    if shift:
        qtbot.keyRelease(target, Qt.Key.Key_Shift)


def scan(qtbot, window: MainWindow, text: str, *, gap_ms: int = 5, end=Qt.Key.Key_Return) -> None:
    for char in text:
        press(qtbot, window.focusWidget(), char)
        qtbot.wait(gap_ms)
    qtbot.keyClick(window.focusWidget(), end)


@pytest.mark.parametrize("start", ["search", "amount", "points"])
@pytest.mark.parametrize("end", [Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab])
def test_a_scan_through_the_russian_layout_finds_the_latin_code_from_any_field(
    qtbot, window: MainWindow, start: str, end: Qt.Key
) -> None:
    """Findings 1-3: «ФИ12СВ34» reached the server; from the amount or points field a scan
    with capitals was typed into the field; a Tab-ended scan did nothing."""
    if start != "search":
        find(qtbot, window, IVAN.phone)
        type_amount(qtbot, window, "300")
        if start == "points":
            key(qtbot, window, Qt.Key.Key_F7)
            assert window.panel.spend_field.hasFocus()
    else:
        window.focus_search()
    scan(qtbot, window, MARIA_CODE_ON_RUSSIAN_LAYOUT, end=end)
    qtbot.waitUntil(
        lambda: (
            window.controller.checkout.phase is Phase.CUSTOMER
            and window.controller.checkout.client is not None
            and window.controller.checkout.client.id == MARIA.id
        ),
        timeout=5000,
    )
    assert window.search.text() == "AB12CD34"
    assert window.panel.amount.text() == ""  # nothing typed into the new customer's fields
    assert window.panel.spend_field.text() == ""
    assert not window.search_button.hasFocus()  # a Tab that ended a scan moved no focus


def test_typed_cyrillic_is_left_alone_and_its_latin_reading_is_offered(
    qtbot, window: MainWindow
) -> None:
    window.focus_search()
    for char in MARIA_CODE_ON_RUSSIAN_LAYOUT:  # a person, 150 ms a key
        press(qtbot, window.search, char)
        qtbot.wait(150)
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.search_error.isVisible(), timeout=5000)
    assert window.controller.checkout.client is None
    assert "AB12CD34" in window.search_error.text()
    assert "раскладка" in window.search_error.text()
    qtbot.keyClick(window.search, Qt.Key.Key_Return)  # Enter takes the offer
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.CUSTOMER, timeout=5000)
    assert window.controller.checkout.client is not None
    assert window.controller.checkout.client.id == MARIA.id


def test_a_person_typing_digits_in_the_amount_field_is_not_a_scan(qtbot, window) -> None:
    find(qtbot, window, IVAN.phone)
    for char in "123456":
        qtbot.keyClick(window.panel.amount, char)
        qtbot.wait(120)
    qtbot.keyClick(window.panel.amount, Qt.Key.Key_Return)
    qtbot.wait(300)
    assert window.controller.checkout.client is not None
    assert window.controller.checkout.client.id == IVAN.id  # still Ivan: no search was started
    assert window.panel.amount.text() == "123456"


def test_the_scanner_check_shows_what_the_scanner_sends(qtbot, window: MainWindow) -> None:
    """For IT and a first day: why a card "is not found", in a minute."""
    key(qtbot, window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: window.dialogs.journal_window is not None)
    journal = window.dialogs.journal_window
    journal.findChild(QPushButton, "scannerCheckButton").click()
    check = journal.scanner_check
    qtbot.waitUntil(check.isVisible)
    for char in MARIA_CODE_ON_RUSSIAN_LAYOUT:
        press(qtbot, check, char)
        qtbot.wait(5)
    qtbot.keyClick(check, Qt.Key.Key_Tab)
    [report] = check.reports
    assert "ФИ12СВ34" in report
    assert "AB12CD34" in report
    assert "раскладка" in report
    assert "Tab" in report
    assert "сканер" in report.splitlines()[-1] or "скан" in report.splitlines()[-1]
    for char in "79200000001":  # a slow scanner, or a person
        qtbot.keyClick(check, char)
        qtbot.wait(110)
    qtbot.keyClick(check, Qt.Key.Key_Return)
    slow = check.reports[-1]
    assert "80" in slow.splitlines()[-1]  # names the rule it broke
    assert (
        window.controller.checkout.client is None
    )  # nothing typed here reached the cashier window
    qtbot.keyClick(check, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not check.isVisible())
    journal.close()
