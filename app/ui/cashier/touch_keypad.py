"""An on-screen keypad for a touch terminal with no keyboard.

It serves any text field that asks for digits the way Qt's own virtual keyboards are asked:
through its input-method hints (``ImhDigitsOnly``, ``ImhFormattedNumbersOnly``,
``ImhDialableCharactersOnly``): the search (phone, card, app code), the amount, the points, the
hold minutes, the PIN, the customer window's search. When such a field takes the focus the keypad
appears beside it, never over it, inside the screen; its keys are finger-sized
(:data:`KEY_SIZE`) and never take the focus, so every tap goes to the field as a key press
would (the field's validation and Enter behave as with a keyboard).

One keypad per window that has such fields, as a tool window of that window: a modal dialog
(the PIN, the customer window) blocks every other window, but not its own tool windows.

Settings: ``touch = "auto" | "on" | "off"``; auto turns it on when the system reports a
touch screen (Qt does not reliably report keyboards: its offscreen and some Windows set-ups
list none, so "no keyboard" cannot be told from "not reported").
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QInputDevice, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QFrame,
    QGridLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

KEY_SIZE = 56  # px: above the 44-px touch minimum, for a thumb on a 10-inch terminal
GAP = 6
DIGIT_HINTS = (
    Qt.InputMethodHint.ImhDigitsOnly
    | Qt.InputMethodHint.ImhFormattedNumbersOnly
    | Qt.InputMethodHint.ImhDialableCharactersOnly
)
BACKSPACE = "⌫"
ENTER = "↵"
ROWS = (("7", "8", "9"), ("4", "5", "6"), ("1", "2", "3"), (",", "0", BACKSPACE))


def wants_digits(widget: QWidget | None) -> QLineEdit | None:
    """The field the keypad types into when ``widget`` has the focus, if it asks for digits
    (a spin box's own line edit answers for the spin box)."""
    if not isinstance(widget, QLineEdit):
        return None
    asking: QWidget = widget
    parent = widget.parentWidget()
    if isinstance(parent, QAbstractSpinBox):
        asking = parent
    return widget if asking.inputMethodHints() & DIGIT_HINTS else None


def touch_screen_reported() -> bool:
    return any(
        device.type() == QInputDevice.DeviceType.TouchScreen for device in QInputDevice.devices()
    )


class TouchKeypad(QFrame):
    """The keys, as a tool window of ``host`` (the window whose fields it serves)."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(
            host,
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowDoesNotAcceptFocus
            | Qt.WindowType.WindowStaysOnTopHint,
        )
        self.setObjectName("touchKeypad")
        self.setAccessibleName(self.tr("On-screen keypad"))
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#touchKeypad { background: #eceff1; border: 1px solid #90a4ae; }"
            "QPushButton { font-size: 18pt; }"
        )
        self.field: QLineEdit | None = None
        grid = QGridLayout(self)
        grid.setContentsMargins(GAP, GAP, GAP, GAP)
        grid.setSpacing(GAP)
        self.keys: dict[str, QPushButton] = {}
        for row, keys in enumerate(ROWS):
            for column, text in enumerate(keys):
                grid.addWidget(self._key(text), row, column)
        grid.addWidget(self._key(ENTER), len(ROWS), 0, 1, 3)
        self.keys[BACKSPACE].setAccessibleName(self.tr("Delete"))
        self.keys[ENTER].setAccessibleName(self.tr("Enter"))
        self.adjustSize()

    def changeEvent(self, event: QEvent) -> None:
        """Where the platform activates a tool window on a tap anyway (offscreen, some X set-ups
        with no window manager), the activation goes straight back to the field's window, so
        the next key lands in the field."""
        super().changeEvent(event)
        if (
            event.type() == QEvent.Type.ActivationChange
            and self.isActiveWindow()
            and self.field is not None
        ):
            self.field.window().activateWindow()

    def _key(self, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(f"touchKey{len(self.keys)}")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps the focus
        button.setMinimumSize(KEY_SIZE, KEY_SIZE)
        button.setAutoRepeat(text == BACKSPACE)
        button.clicked.connect(lambda: self.press(text))
        self.keys[text] = button
        return button

    def press(self, text: str) -> None:
        """A key press and release into the field, as a keyboard would send them."""
        field = self.field
        if field is None:
            return
        special = {
            BACKSPACE: (Qt.Key.Key_Backspace, ""),
            ENTER: (Qt.Key.Key_Return, "\r"),
            ",": (Qt.Key.Key_Comma, ","),
        }
        key, typed = special[text] if text in special else (Qt.Key(Qt.Key.Key_0 + int(text)), text)
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                field, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, typed)
            )

    def serve(self, field: QLineEdit) -> None:
        """Show beside ``field``, inside its screen, not over it."""
        self.field = field
        self.adjustSize()
        self.move(self._place(field))
        self.show()
        self.raise_()

    def _place(self, field: QLineEdit) -> QPoint:
        screen = self._bounds(field)
        target = QRect(field.mapToGlobal(QPoint(0, 0)), field.size())
        size = self.size()
        # To its left first: a field in the sale panel keeps «К оплате» below it in view, and
        # the keys cover the card the cashier has read; a field as wide as the screen (the
        # search) gets them below it
        candidates = (
            QPoint(target.left() - GAP - size.width(), target.top()),  # to its left
            QPoint(target.right() - size.width(), target.bottom() + GAP),  # below, right-aligned
            QPoint(target.right() + GAP, target.top()),  # to its right
            QPoint(target.right() - size.width(), target.top() - GAP - size.height()),  # above
        )
        for corner in candidates:
            placed = QRect(self._inside(corner, screen), size)
            if screen.contains(placed) and not placed.intersects(target):
                return placed.topLeft()
        return self._inside(candidates[0], screen)  # a field as tall as the screen: below it

    @staticmethod
    def _bounds(field: QLineEdit) -> QRect:
        """The till's window (the one a dialog opens over), which fills its screen, within
        the screen: a keypad never lands where the cashier's screen is not."""
        top = field.window()
        while (opener := top.parentWidget()) is not None:
            top = opener.window()
        return field.screen().availableGeometry().intersected(top.frameGeometry())

    def _inside(self, corner: QPoint, screen: QRect) -> QPoint:
        x = min(max(corner.x(), screen.left()), screen.right() - self.width() + 1)
        y = min(max(corner.y(), screen.top()), screen.bottom() - self.height() + 1)
        return QPoint(x, y)


class TouchInput(QObject):
    """Follows the focus, and the taps on a field that has it already: a digits field gets
    its window's keypad (made on first need, a child of that window, gone with it); anything
    else hides the keypads."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        app.focusChanged.connect(self._focus)
        app.installEventFilter(self)  # only a touch till pays for it: made when touch is on

    @staticmethod
    def keypad(window: QWidget) -> TouchKeypad:
        pad = window.findChild(TouchKeypad, options=Qt.FindChildOption.FindDirectChildrenOnly)
        return pad if isinstance(pad, TouchKeypad) else TouchKeypad(window)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(watched, QWidget):
            field = wants_digits(watched)
            if field is not None and field.hasFocus():
                self.keypad(field.window()).serve(field)  # a tap brings a closed keypad back
        return False

    def _focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None:  # the focus left for another window (a keypad shown may take it)
            return
        field = wants_digits(new)
        for pad in QApplication.topLevelWidgets():
            if isinstance(pad, TouchKeypad) and (
                field is None or pad.parentWidget() is not field.window()
            ):
                pad.hide()
        if field is not None:
            self.keypad(field.window()).serve(field)
