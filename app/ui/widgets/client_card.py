"""The client card: who the customer is, their level and their points."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPixmap
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from app.base.i18n import translate
from app.base.privacy import mask_lookup, mask_phone
from app.base.text import clean_text, display_text
from app.core.customer.bonuses import BonusSummary, summarize
from app.core.sale.checkout import Checkout
from app.core.sale.state import HoldStatus, Phase
from app.ui.widgets import format as fmt
from app.ui.widgets.labels import make_label

if TYPE_CHECKING:
    from app.api.models import BonusHistory, Client

PHOTO_SIZE = 112
NAME_LIMIT = 60
TITLE_LIMIT = 40


def set_server_text(label: QLabel, text: str, limit: int, empty: str = "") -> None:
    """Show server-supplied ``text`` as plain characters, elided, the whole in a tooltip."""
    shown = display_text(text, limit=limit)
    label.setText(shown or empty)
    full = clean_text(text)
    label.setToolTip(escape(full) if full != shown else "")


BIRTHDAY_SOON_DAYS = 3


def days_to_birthday(birthday: date, today: date) -> int:
    """Days from ``today`` to the next birthday (0 = today); 29 February counts on 28 February."""
    for year in (today.year, today.year + 1):
        try:
            next_one = birthday.replace(year=year)
        except ValueError:
            next_one = date(year, 2, 28)
        if next_one >= today:
            return (next_one - today).days
    return 366  # pragma: no cover - one of the two years always qualifies


def initials_pixmap(name: str, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#546e7a"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(0, 0, size, size)
    letters = "".join(part[0] for part in name.split()[:2]).upper() or "?"
    font = QFont()
    font.setPixelSize(size // 3)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, letters)
    painter.end()
    return pixmap


def round_pixmap(image: QImage, size: int) -> QPixmap:
    scaled = QPixmap.fromImage(image).scaled(
        size,
        size,
        Qt.AspectRatioMode.KeepAspectRatioByExpanding,
        Qt.TransformationMode.SmoothTransformation,
    )
    result = QPixmap(size, size)
    result.fill(Qt.GlobalColor.transparent)
    painter = QPainter(result)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    path = QPainterPath()
    path.addEllipse(0, 0, size, size)
    painter.setClipPath(path)
    painter.drawPixmap(0, 0, scaled)
    painter.end()
    return result


def expiry_day(when: date, today: date) -> str:
    """``30.11`` this year, ``23.11.2027`` another: a date without a year a year ahead reads
    as today."""
    return when.strftime("%d.%m") if when.year == today.year else when.strftime("%d.%m.%Y")


def expiry_text(
    history: BonusHistory,
    now: datetime | None = None,
    summary: BonusSummary | None = None,
    *,
    balance: Decimal | None = None,
) -> str:
    """'120 points expire on 30.11 · 50 points not active yet', in the window's language; never
    more than the ``balance`` has. Pass ``summary`` when the caller has one: summing a long
    history twice shows."""
    moment = now or datetime.now(tz=UTC)
    if summary is None:
        summary = summarize(history.bonuses, moment)
    summary = summary.within(balance)
    parts = []
    if summary.next_expiry is not None:
        parts.append(
            translate("ClientView", "%1 points expire on %2")
            .replace("%1", fmt.points(summary.next_expiry_points))
            .replace("%2", expiry_day(summary.next_expiry, moment.astimezone().date()))
        )
    if summary.pending > 0:
        parts.append(
            translate("ClientView", "%1 points not active yet").replace(
                "%1", fmt.points(summary.pending)
            )
        )
    return " · ".join(parts)


class ClientCard(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clientCard")
        self.setAccessibleName(self.tr("Customer card"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.photo = make_label("cardPhoto")
        self.photo.setFixedSize(PHOTO_SIZE, PHOTO_SIZE)
        self.photo.setAccessibleName(self.tr("Customer photo"))
        self.name = self._label("cardName", self.tr("Customer name"), size=24, bold=True)
        self.name.setWordWrap(True)
        self.birthday = self._label("cardBirthday", self.tr("Birthday"), bold=True)
        self.birthday.setStyleSheet("color: #ad1457;")
        self.level = self._label("cardLevel", self.tr("Level"))
        self.level.setWordWrap(True)
        self.balance_caption = self._label("cardBalanceCaption", self.tr("Balance caption"))
        self.balance_caption.setWordWrap(True)
        self.balance = self._label("cardBalance", self.tr("Balance"), size=36, bold=True)
        self.held = self._label("cardHeld", self.tr("Held points"), size=14, bold=True)
        self.held.setStyleSheet("color: #0d47a1;")
        self.held.setWordWrap(True)
        self.contact = self._label("cardContact", self.tr("Phone and email"))
        self.contact.setWordWrap(True)
        self.expiry = self._label("cardExpiry", self.tr("Expiring points"), size=14)
        self.expiry.setStyleSheet("color: #e65100;")
        self.expiry.setWordWrap(True)

        top = QGridLayout()
        top.addWidget(self.photo, 0, 0, 3, 1, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.name, 0, 1)
        top.addWidget(self.birthday, 1, 1)
        top.addWidget(self.level, 2, 1)
        top.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addSpacing(8)
        layout.addWidget(self.balance_caption)
        layout.addWidget(self.balance)
        layout.addWidget(self.held)
        layout.addWidget(self.contact)
        layout.addWidget(self.expiry)
        layout.addStretch(1)
        self._shown: tuple[int, Client | None, bool] = (-1, None, False)
        self._after_sale: tuple[int, bool] = (-1, False)
        self.clear()

    def _label(self, name: str, accessible: str, *, size: int = 0, bold: bool = False) -> QLabel:
        label = make_label(name)
        label.setAccessibleName(accessible)
        label.setTextFormat(Qt.TextFormat.PlainText)  # server text is never markup
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if size or bold:
            font = label.font()
            if size:
                font.setPointSize(size)
            font.setBold(bold)
            label.setFont(font)
        return label

    def compact(self, on: bool) -> None:
        """A short screen (a 1024×600 terminal): a smaller photo and balance."""
        side = PHOTO_SIZE * 2 // 3 if on else PHOTO_SIZE
        self.photo.setFixedSize(side, side)
        shown = self.photo.pixmap()
        if shown is not None and not shown.isNull():
            self.photo.setPixmap(
                shown.scaled(side, side, mode=Qt.TransformationMode.SmoothTransformation)
            )
        font = self.balance.font()
        font.setPointSize(26 if on else 36)
        self.balance.setFont(font)

    def clear(self) -> None:
        self._client: Client | None = None
        self.photo.clear()
        self.photo.hide()  # no empty photo column beside "No customer"
        self.name.setText(self.tr("No customer"))
        self.name.setToolTip("")
        for label in (
            self.birthday,
            self.level,
            self.balance_caption,
            self.balance,
            self.held,
            self.contact,
            self.expiry,
        ):
            label.clear()
        self.birthday.hide()

    def show_client(self, client: Client, today: date) -> None:
        self._client = client
        self.photo.setPixmap(initials_pixmap(client.name, self.photo.width()))
        self.photo.show()
        set_server_text(self.name, client.name, NAME_LIMIT, self.tr("(no name)"))
        level = client.level
        title = display_text(level.title, limit=TITLE_LIMIT)
        if level.type == "discount":
            # a level called "Скидка" reads «Скидка 5%», not «Скидка · скидка 5%»
            pattern = self.tr("%1 · discount %2%")
            if self.tr("discount").lower() in title.lower():
                pattern = "%1 %2%"
            self.level.setText(
                pattern.replace("%1", title).replace("%2", fmt.points(level.percent))
            )
        elif level.max_spend_percent is None:  # not stated: the preview's limit is what counts
            text = self.tr("%1 · cashback %2%")
            self.level.setText(text.replace("%1", title).replace("%2", fmt.points(level.percent)))
        else:
            text = self.tr("%1 · cashback %2% · spend up to %3% of a purchase")
            self.level.setText(
                text.replace("%1", title)
                .replace("%2", fmt.points(level.percent))
                .replace("%3", fmt.points(level.max_spend_percent))
            )
        if level.type == "discount":
            self.balance_caption.setText(self.tr("Discount level"))
            self.balance.setText(self.tr("Discount %1%").replace("%1", fmt.points(level.percent)))
        else:
            self.balance_caption.setText(self.tr("Points available"))
            self.balance.setText(self.tr("%1 points").replace("%1", fmt.points(client.balance)))
        self.set_held(Decimal(0))
        contact = [mask_phone(client.phone)] if client.phone else []
        if client.email:
            contact.append(display_text(client.email, limit=TITLE_LIMIT))
        self.contact.setText("   ".join(contact))
        self._show_birthday(client.birthday, today)

    def follow(self, c: Checkout) -> None:
        """Show the checkout's customer: a new one is drawn anew, the same one updated."""
        shown = (c.generation, c.client, c.phase is Phase.SEARCHING)
        if shown != self._shown:
            self.clear()
            if c.client is not None:
                self.show_client(c.client, date.today())
            if c.phase is Phase.SEARCHING:
                self.name.setText(self.tr("Searching…"))
            elif c.phase is Phase.OFFLINE:  # nobody to ask who it is: what was searched
                self.name.setText(mask_lookup(c.lookup))
                self.contact.setText(self.tr("Not checked: no connection to the server"))
            self._shown = shown
        if c.client is None and c.phase is Phase.QUEUED and c.queued_fate is not None:
            self.contact.setText(  # "not checked" is no longer true: the server answered
                self.tr("Found by the server: the earn is credited")
                if c.queued_fate[0]
                else self.tr("The server did not credit the earn")
            )
        after_sale = (c.generation, c.phase is Phase.DONE)
        if after_sale != self._after_sale:
            if c.phase is Phase.DONE:
                self.expiry.clear()  # it spoke of points the sale may have spent; read again
            self._after_sale = after_sale
        if c.client is not None and not c.is_discount:
            hold = c.hold
            self.set_held(hold.amount if hold and hold.status is HoldStatus.ACTIVE else Decimal(0))
            if c.balance_after is not None:
                self.set_balance(c.balance_after)

    def set_balance(self, balance: Decimal) -> None:
        """Show a balance read again after an operation; the rest of the card stays."""
        if self._client is not None and self._client.level.type != "discount":
            self.balance.setText(self.tr("%1 points").replace("%1", fmt.points(balance)))

    def _show_birthday(self, birthday: date | None, today: date) -> None:
        if birthday is None:
            self.birthday.hide()
            return
        days = days_to_birthday(birthday, today)
        if days == 0:
            self.birthday.setText(self.tr("🎂 Birthday today!"))
        elif days <= BIRTHDAY_SOON_DAYS:
            self.birthday.setText(
                self.tr("🎂 Birthday in %n day(s), %1", "", days).replace(
                    "%1", fmt.day_month(birthday)
                )
            )
        else:
            self.birthday.hide()
            return
        self.birthday.show()

    def set_held(self, held: Decimal) -> None:
        if held > 0:
            self.held.setText(
                self.tr("%1 points held for this purchase").replace("%1", fmt.points(held))
            )
            self.held.show()
        else:
            self.held.clear()
            self.held.hide()

    def set_photo(self, data: bytes) -> bool:
        """Show the downloaded photo; ``False`` (placeholder stays) when it is not an image."""
        image = QImage()
        if not image.loadFromData(data):
            return False
        self.photo.setPixmap(round_pixmap(image, self.photo.width()))
        return True
