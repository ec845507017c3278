"""A new cashier's list of keys (#35): Shift+F1 or the «?» button, every key the window binds,
in the cashier's words, fitting a 1024×600 terminal."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from shiboken6 import isValid

from app.ui.cashier.main_window import MainWindow


def test_shift_f1_lists_every_key_the_window_binds(qtbot, window: MainWindow) -> None:
    qtbot.keyClick(
        QApplication.focusWidget() or window, Qt.Key.Key_F1, Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: getattr(window, "key_help", None) is not None)
    overlay = window.key_help
    qtbot.waitUntil(overlay.isVisible)
    listed = {
        label.text()
        for label in overlay.findChildren(QLabel)
        if label.objectName().startswith("keyHelpKey")
    }
    bound = {
        shortcut.key().toString(QKeySequence.SequenceFormat.NativeText)
        for shortcut in window.findChildren(QShortcut)
    }
    assert bound <= listed, f"bound but not listed: {bound - listed}"
    assert {"F1", "F9", "Esc", "Shift+F5", "Shift+F1"} <= listed
    texts = [
        label.text()
        for label in overlay.findChildren(QLabel)
        if label.objectName().startswith("keyHelpText")
    ]
    assert "Провести покупку (сначала подтверждение)" in texts
    assert not [t for t in texts if t.isascii()]  # every line in Russian
    qtbot.keyClick(overlay, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not isValid(overlay) or not overlay.isVisible())
    assert QApplication.focusWidget() is window.search  # back where the cashier types


def test_the_question_mark_opens_it_and_it_fits_a_touch_terminal(qtbot, window: MainWindow) -> None:
    window.setGeometry(QRect(0, 0, 1024, 600))
    window.cashier_screen.bar.help_button.click()
    qtbot.waitUntil(lambda: getattr(window, "key_help", None) is not None)
    overlay = window.key_help
    qtbot.waitUntil(overlay.isVisible)
    hint = overlay.minimumSizeHint()
    assert hint.width() <= 1024 and hint.height() <= 600, hint
    overlay.findChild(QPushButton, "keyHelpClose").click()
    qtbot.waitUntil(lambda: not isValid(overlay) or not overlay.isVisible())
