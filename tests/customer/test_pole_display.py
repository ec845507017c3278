"""The pole display over a real serial line: a pseudo-terminal pair, pyserial on one end at
9600 baud, the exact bytes read on the other (#37)."""

from __future__ import annotations

import os
import select
import sys
import termios
from collections.abc import Iterator
from decimal import Decimal

import pytest

from app.base.i18n import catalogue
from app.core.sale.customer_facing import CustomerFacing, Moment
from app.customer_display.pole import PoleDisplay, frame, initialise, lines

if sys.platform == "win32":
    pytest.skip(
        "a pseudo-terminal is POSIX's; COM ports are for a real till", allow_module_level=True
    )

RU = catalogue("ru")


@pytest.fixture
def line() -> Iterator[tuple[int, str]]:
    """(the far end to read, the near end's path for the display)."""
    far, near = os.openpty()
    attributes = termios.tcgetattr(far)
    attributes[3] &= ~(termios.ECHO | termios.ICANON)  # raw: bytes as sent
    termios.tcsetattr(far, termios.TCSANOW, attributes)
    yield far, os.ttyname(near)
    os.close(far)
    os.close(near)


def read_all(far: int) -> bytes:
    data = b""
    while select.select([far], [], [], 0.3)[0]:
        chunk = os.read(far, 4096)
        if not chunk:
            break
        data += chunk
    return data


def test_the_purchase_reaches_the_display_byte_for_byte_in_cp866(line) -> None:
    far, path = line
    display = PoleDisplay(path, 9600)
    view = CustomerFacing(
        Moment.PURCHASE,
        first_name="Иван",
        balance=Decimal(878),
        amount=Decimal("1234.50"),
        to_pay=Decimal("1234.50"),
        earn=Decimal(123),
    )
    display.show(*lines(view, RU, "ru"))
    display.show(*lines(view, RU, "ru"))  # the same again: nothing new is sent
    sent = read_all(far)
    display.close()
    expected = (
        b"\x1b@\x1bt\x11"  # initialise, table 17 (PC866)
        + b"\x0c"
        + "Сумма       1 234,50".encode("cp866")  # 20 characters, the figure flush right
        + b"\x1f$\x01\x02"
        + "К оплате    1 234,50".encode("cp866")
    )
    assert sent == expected


def test_a_display_with_pc866_at_another_table_number_is_told_that_one(line) -> None:
    """The setting customer_display_code_table: some displays number PC866 otherwise."""
    far, path = line
    display = PoleDisplay(path, 9600, code_table=7)
    display.show("Привет", "")
    sent = read_all(far)
    display.close()
    assert sent.startswith(b"\x1b@\x1bt\x07\x0c" + "Привет".encode("cp866"))
    assert initialise(17) == b"\x1b@\x1bt\x11"


def two(left: str, right: str = "") -> str:
    """A line of 20 as the display shows it: the words left, the figure flush right."""
    return left.ljust(20 - len(right)) + right


@pytest.mark.parametrize(
    ("view", "first", "second"),
    [
        (CustomerFacing(Moment.IDLE), two("Добро пожаловать!"), two("Покажите код")),
        (CustomerFacing(Moment.IDLE, training=True), two("УЧЕБНЫЙ РЕЖИМ"), two("Покажите код")),
        (
            CustomerFacing(Moment.CUSTOMER, first_name="Мария", balance=Decimal(1500)),
            two("Мария"),
            two("Баллы", "1 500"),
        ),
        (
            CustomerFacing(
                Moment.PURCHASE, amount=Decimal(1000), spend=Decimal(500), to_pay=Decimal(500)
            ),
            two("Сумма", "1 000"),
            two("Списать баллов", "500"),
        ),
        (
            CustomerFacing(Moment.RESULT, spent=Decimal(500), to_pay=Decimal(500)),
            two("Списано", "500"),
            two("К оплате", "500"),
        ),
        (
            CustomerFacing(Moment.QUEUED, to_pay=Decimal("990.00")),
            two("К оплате", "990"),
            two("Баллы начислим позже"),
        ),
    ],
)
def test_each_moment_in_two_lines_of_twenty(view, first: str, second: str) -> None:
    shown = lines(view, RU, "ru")
    assert shown == (first, second)
    assert all(len(text) == 20 for text in shown)
    data = frame(*shown)
    assert data.count(b"?") == 0  # every letter exists in CP866


def test_a_sign_the_code_page_lacks_becomes_a_question_mark_not_a_crash() -> None:
    assert (
        frame("1 000 ₽", "")
        == b"\x0c" + "1 000 ?".ljust(20).encode("cp866") + b"\x1f$\x01\x02" + b" " * 20
    )
