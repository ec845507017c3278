"""The keys of the cashier window, for a new cashier: Shift+F1 or the «?» button.

One table, :data:`KEYS`, is both what the window binds (``MainWindow._shortcuts`` reads the
keys from it) and what this overlay lists, so the two cannot drift apart.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.base.i18n import QT_TRANSLATE_NOOP
from app.ui.widgets.labels import named, touch

HELP_KEY = QKeySequence(Qt.Modifier.SHIFT | Qt.Key.Key_F1)

# (action name, key, what it does): the action names are MainWindow's
KEYS: tuple[tuple[str, QKeySequence, str], ...] = (
    (
        "focus_search",
        QKeySequence(Qt.Key.Key_F2),
        QT_TRANSLATE_NOOP("KeyHelp", "Search: phone, card or app code; Enter finds"),
    ),
    (
        "focus_amount",
        QKeySequence(Qt.Key.Key_F3),
        QT_TRANSLATE_NOOP("KeyHelp", "The purchase amount"),
    ),
    ("earn_only", QKeySequence(Qt.Key.Key_F4), QT_TRANSLATE_NOOP("KeyHelp", "Only earn points")),
    (
        "hold",
        QKeySequence(Qt.Key.Key_F5),
        QT_TRANSLATE_NOOP("KeyHelp", "Hold the points while the customer decides"),
    ),
    (
        "focus_minutes",
        QKeySequence(Qt.Modifier.SHIFT | Qt.Key.Key_F5),
        QT_TRANSLATE_NOOP("KeyHelp", "How many minutes to hold them"),
    ),
    (
        "spend_max",
        QKeySequence(Qt.Key.Key_F6),
        QT_TRANSLATE_NOOP("KeyHelp", "Spend the most points allowed"),
    ),
    (
        "focus_points",
        QKeySequence(Qt.Key.Key_F7),
        QT_TRANSLATE_NOOP("KeyHelp", "Type the points to spend"),
    ),
    (
        "release",
        QKeySequence(Qt.Key.Key_F8),
        QT_TRANSLATE_NOOP("KeyHelp", "Release the held points"),
    ),
    (
        "confirm",
        QKeySequence(Qt.Key.Key_F9),
        QT_TRANSLATE_NOOP("KeyHelp", "Go through with the sale (a confirmation first)"),
    ),
    (
        "cancel",
        QKeySequence(Qt.Key.Key_Escape),
        QT_TRANSLATE_NOOP("KeyHelp", "Next customer (held points are released)"),
    ),
    (
        "open_client_view",
        QKeySequence(Qt.Key.Key_F10),
        QT_TRANSLATE_NOOP("KeyHelp", "The customer: history, invitation, partner bonus"),
    ),
    (
        "open_journal",
        QKeySequence(Qt.Key.Key_F11),
        QT_TRANSLATE_NOOP("KeyHelp", "The journal of operations; what needs checking"),
    ),
    (
        "open_settings",
        QKeySequence(Qt.Key.Key_F12),
        QT_TRANSLATE_NOOP("KeyHelp", "Settings (manager)"),
    ),
    (
        "copy_for_pos",
        QKeySequence(Qt.Key.Key_F1),
        QT_TRANSLATE_NOOP(
            "KeyHelp", "Copy «to pay» and the points of a completed sale for the POS"
        ),
    ),
)


class KeyHelp(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keyHelp")
        self.setWindowTitle(self.tr("Keys"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        rows = (*KEYS, ("", HELP_KEY, QT_TRANSLATE_NOOP("KeyHelp", "This list")))
        for row, (_action, key, text) in enumerate(rows):
            name = QLabel(key.toString(QKeySequence.SequenceFormat.NativeText))
            name.setObjectName(f"keyHelpKey{row}")
            font = name.font()
            font.setBold(True)
            name.setFont(font)
            what = QLabel(QCoreApplication.translate("KeyHelp", text))
            what.setObjectName(f"keyHelpText{row}")
            what.setWordWrap(True)
            grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            grid.addWidget(what, row, 1)
        grid.setColumnStretch(1, 1)
        close = touch(named(QPushButton(self.tr("Close (Esc)")), "keyHelpClose", self.tr("Close")))
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
