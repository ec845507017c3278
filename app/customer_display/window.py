"""The customer display on a second screen: a window of its own, full-screen on the screen the
setting names, that never takes the keyboard and has nothing to press. Large type, readable at
1.5 m, from 800×480 up; it draws a
:class:`~app.core.sale.customer_facing.CustomerFacing` and nothing else, so it cannot show what
the customer may not see."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.core.sale.customer_facing import CustomerFacing, Moment
from app.ui.widgets import format as fmt
from app.ui.widgets.qr_view import QrCodeView


def screen_for(setting: str, screens: list[QScreen], primary: QScreen | None) -> QScreen | None:
    """The screen ``customer_display`` names: ``screen:N`` (1 is the first), ``auto`` (the
    first screen that is not the till's own, when there is one), anything else none."""
    if setting.startswith("screen:") and setting[7:].isdigit():
        number = int(setting[7:])
        return screens[number - 1] if 1 <= number <= len(screens) else None
    if setting == "auto":
        others = [screen for screen in screens if screen is not primary]
        return others[0] if others else None
    return None


class CustomerWindow(QWidget):
    """``owner``: the cashier's window, which keeps the keyboard (a platform that activates
    the customer's window anyway hands the activation straight back to it)."""

    def __init__(self, owner: QWidget, join_url: str = "") -> None:
        self.owner = owner
        super().__init__(
            None,
            Qt.WindowType.Window
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowDoesNotAcceptFocus,
        )
        self.setObjectName("customerDisplay")
        self.setWindowTitle(self.tr("Customer display"))
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setStyleSheet("#customerDisplay { background: #0d47a1; } QLabel { color: white; }")
        self.training = self._label("customerTraining", 3)
        self.training.setStyleSheet("background: #ff6f00; color: white; font-weight: bold;")
        self.title = self._label("customerTitle", 6)
        self.lines = [self._label(f"customerLine{n}", 4) for n in range(3)]
        self.big = self._label("customerBig", 8)
        self.qr = QrCodeView()
        self.qr.set_text(join_url)
        self.join_url = join_url
        layout = QVBoxLayout(self)
        layout.addWidget(self.training)
        layout.addStretch(1)
        layout.addWidget(self.title)
        for line in self.lines:
            layout.addWidget(line)
        layout.addWidget(self.big)
        layout.addWidget(self.qr, 2, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)

    def _label(self, name: str, scale: int) -> QLabel:
        """Type that scales with the screen: ``scale`` hundredths of its height."""
        label = QLabel()
        label.setObjectName(name)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        label.setProperty("scale", scale)
        return label

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.owner.activateWindow()

    def place_on(self, screen: QScreen, area: QRect | None = None) -> None:
        """Full-screen on ``screen`` (or on ``area`` of it: a small display in a picture), its
        type sized to the height it gets."""
        self.setScreen(screen)
        area = area or screen.geometry()
        self.setGeometry(area)
        for label in self.findChildren(QLabel):
            font = label.font()
            font.setPixelSize(max(12, area.height() * int(label.property("scale")) // 100))
            label.setFont(font)

    def texts(self) -> list[str]:
        """Everything it shows in words (for the test that no phone or email ever appears)."""
        return [label.text() for label in self.findChildren(QLabel) if label.isVisibleTo(self)]

    def show_view(self, view: CustomerFacing) -> None:
        self.training.setText(self.tr("TRAINING MODE: nothing is really spent or earned"))
        self.training.setVisible(view.training)
        title, lines, big = self._words(view)
        self.title.setText(title)
        for label, text in zip(self.lines, [*lines, "", "", ""], strict=False):
            label.setText(text)
            label.setVisible(bool(text))
        self.big.setText(big)
        self.big.setVisible(bool(big))
        self.qr.setVisible(view.moment is Moment.IDLE and bool(self.join_url))

    def _words(self, view: CustomerFacing) -> tuple[str, list[str], str]:
        """(the title, the lines, the one big figure)."""

        def money(value: Decimal | None) -> str:
            return fmt.money(value) if value is not None else "—"

        def points(value: Decimal | None) -> str:
            return fmt.points(value) if value is not None else "—"

        hello = self.tr("Hello, %1!").replace("%1", view.first_name) if view.first_name else ""
        level_and_balance = (
            self.tr("%1 · %2 points").replace("%1", view.level).replace("%2", points(view.balance))
            if view.level
            else self.tr("%1 points").replace("%1", points(view.balance))
        )
        match view.moment:
            case Moment.IDLE:
                scan = self.tr("Scan the code in your app")
                join = self.tr("No app yet? Join with this QR code") if self.join_url else ""
                return self.tr("Welcome!"), [scan, join], ""
            case Moment.CUSTOMER:
                return hello, [level_and_balance], ""
            case Moment.PURCHASE:
                lines = [self.tr("Purchase: %1").replace("%1", money(view.amount))]
                if view.spend > 0:
                    lines.append(self.tr("Points to spend: %1").replace("%1", points(view.spend)))
                elif view.discount > 0:
                    lines.append(self.tr("Discount: %1").replace("%1", money(view.discount)))
                elif view.earn > 0:
                    lines.append(self.tr("Points to earn: %1").replace("%1", points(view.earn)))
                if view.hold_seconds is not None:
                    minutes, seconds = divmod(view.hold_seconds, 60)
                    lines.append(
                        self.tr("Your points are held for %1").replace(
                            "%1", f"{minutes}:{seconds:02d}"
                        )
                    )
                return hello, lines, self.tr("To pay: %1").replace("%1", money(view.to_pay))
            case Moment.RESULT:
                done = (
                    self.tr("Spent: %1 points").replace("%1", points(view.spent))
                    if view.spent is not None
                    else self.tr("Earned: %1 points").replace("%1", points(view.earned))
                )
                after = (
                    [
                        self.tr("Your balance now: %1 points").replace(
                            "%1", points(view.balance_after)
                        )
                    ]
                    if view.balance_after is not None
                    else []
                )
                return self.tr("Thank you!"), [done, *after], ""
            case Moment.QUEUED:
                return (
                    self.tr("Thank you!"),
                    [self.tr("We will credit your points as soon as the connection is back")],
                    self.tr("To pay: %1").replace("%1", money(view.to_pay)),
                )
        return hello, [self.tr("One moment, please: we are checking the payment")], ""
