"""The manager PIN prompt guarding settings, profile switching and journal export.

Tests answer it by replacing :func:`ask_pin`."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from app.base.i18n import translate

log = logging.getLogger(__name__)


def ask_pin(parent: QWidget | None) -> str | None:
    dialog = QInputDialog(parent)
    dialog.setObjectName("pinPrompt")
    dialog.setWindowTitle(translate("PinPrompt", "Manager PIN"))
    dialog.setLabelText(translate("PinPrompt", "Manager PIN:"))
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    # Digits, never remembered by an input method; an on-screen keypad serves it by touch
    dialog.setInputMethodHints(
        Qt.InputMethodHint.ImhDigitsOnly
        | Qt.InputMethodHint.ImhSensitiveData
        | Qt.InputMethodHint.ImhNoPredictiveText
    )
    ok = dialog.exec() == QInputDialog.DialogCode.Accepted
    pin = dialog.textValue()
    dialog.deleteLater()
    return pin if ok else None


def manager_allowed(parent: QWidget | None, pin_hash: str) -> bool:
    """``True`` when no PIN is set, or the right one was typed."""
    if not pin_hash:
        return True
    pin = ask_pin(parent)
    if pin is None:
        return False
    from app.core.settings.pin import (
        verify_pin,  # hashlib's scrypt: not needed before a PIN is typed
    )

    if verify_pin(pin, pin_hash):
        return True
    log.warning("wrong manager PIN entered")
    QMessageBox.warning(
        parent, translate("PinPrompt", "Manager PIN"), translate("PinPrompt", "Wrong PIN.")
    )
    return False
