"""A pole display: the 2×20 character VFD on a stand that many Russian tills have, on a serial
port (pyserial), with the ESC/POS-style commands most of them take (Epson DM-D's set):

    ESC @          1B 40        initialise (once, when the port opens)
    ESC t n        1B 74 11     character table 17: PC866, the Cyrillic code page most take
    FF             0C           clear, cursor home
    US $ x y       1F 24 01 02  cursor to column 1 of line 2

Each update clears, writes line 1, moves to line 2, writes line 2: both lines padded to 20
characters and encoded in CP866 (a character it lacks, such as «₽», becomes «?»: amounts are
shown without a currency sign). A display whose PC866 is another table number is set by the
setting ``customer_display_code_table``; docs/it.md lists what was tested.
"""

from __future__ import annotations

import logging
from decimal import Decimal

import serial

from app.base.i18n import QT_TRANSLATE_NOOP, Translator
from app.core.sale.customer_facing import CustomerFacing, Moment

log = logging.getLogger(__name__)

WIDTH = 20
ENCODING = "cp866"
PC866_TABLE = 17  # Epson's number for PC866: the default of customer_display_code_table
CLEAR = b"\x0c"


def initialise(code_table: int) -> bytes:
    """``ESC @`` then ``ESC t n``: the display reset, its characters from table ``n``."""
    return b"\x1b@" + bytes((0x1B, 0x74, code_table))


LINE_TWO = b"\x1f\x24\x01\x02"


def figure(value: Decimal | None, language: str) -> str:
    """An amount or points without a currency sign (CP866 has no «₽»): ``1 234,50``."""
    if value is None:
        return "—"
    text = f"{value:,.2f}" if value != value.to_integral_value() else f"{value:,.0f}"
    return text.replace(",", " ").replace(".", ",") if language == "ru" else text


def row(left: str, right: str = "") -> str:
    """``left`` and ``right`` on one line of 20, the right flush right; cut when too long."""
    room = WIDTH - len(right) - (1 if right else 0)
    return (left[: max(room, 0)].ljust(max(room, 0)) + (" " + right if right else ""))[:WIDTH]


def lines(
    view: CustomerFacing, words: Translator, language: str, idle: str = ""
) -> tuple[str, str]:
    """The two lines for ``view``."""

    def w(source: str) -> str:
        return words("PoleDisplay", source)

    def money(value: Decimal | None) -> str:
        return figure(value, language)

    match view.moment:
        case Moment.IDLE:
            first = (
                w(QT_TRANSLATE_NOOP("PoleDisplay", "TRAINING"))
                if view.training
                else (idle or w(QT_TRANSLATE_NOOP("PoleDisplay", "Welcome!")))
            )
            return row(first), row(w(QT_TRANSLATE_NOOP("PoleDisplay", "Show your app code")))
        case Moment.CUSTOMER:
            return row(view.first_name), row(
                w(QT_TRANSLATE_NOOP("PoleDisplay", "Points")), money(view.balance)
            )
        case Moment.PURCHASE:
            if view.spend > 0:
                second = row(w(QT_TRANSLATE_NOOP("PoleDisplay", "Points off")), money(view.spend))
            else:
                second = row(w(QT_TRANSLATE_NOOP("PoleDisplay", "To pay")), money(view.to_pay))
            return row(w(QT_TRANSLATE_NOOP("PoleDisplay", "Amount")), money(view.amount)), second
        case Moment.RESULT:
            if view.spent is not None:
                first = row(w(QT_TRANSLATE_NOOP("PoleDisplay", "Spent")), money(view.spent))
            else:
                first = row(w(QT_TRANSLATE_NOOP("PoleDisplay", "Earned")), money(view.earned))
            return first, row(w(QT_TRANSLATE_NOOP("PoleDisplay", "To pay")), money(view.to_pay))
        case Moment.QUEUED:
            return row(w(QT_TRANSLATE_NOOP("PoleDisplay", "To pay")), money(view.to_pay)), row(
                w(QT_TRANSLATE_NOOP("PoleDisplay", "Points come later"))
            )
    return row(w(QT_TRANSLATE_NOOP("PoleDisplay", "One moment, please"))), row("")


def frame(first: str, second: str) -> bytes:
    """The bytes of one update."""
    return (
        CLEAR
        + row(first).encode(ENCODING, errors="replace")
        + LINE_TWO
        + row(second).encode(ENCODING, errors="replace")
    )


class PoleDisplay:
    """The display on ``port`` (``COM3``, ``/dev/ttyUSB0``): opened once, written on change
    from the GUI thread without waiting: a frame (45 bytes) goes into the system's buffer and
    the write returns (``write_timeout=0``, no flush); a display that is gone or full is logged
    and left alone, and the next frame redraws it whole."""

    def __init__(self, port: str, baud: int = 9600, code_table: int = PC866_TABLE) -> None:
        self._port = serial.Serial(port, baudrate=baud, timeout=0, write_timeout=0)
        self._port.write(initialise(code_table))
        self._last: bytes | None = None

    def show(self, first: str, second: str) -> None:
        data = frame(first, second)
        if data == self._last:
            return
        try:
            self._port.write(data)
        except serial.SerialException as error:  # SerialTimeoutException: its buffer is full
            log.warning("pole display: %s", error)
            return
        self._last = data

    def close(self) -> None:
        self._port.close()
