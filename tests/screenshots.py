"""Screenshots of the cashier window's main states, for the README and for reviews.

Drives the real window against the embedded sandbox with real key presses, in a chosen
language, size and font, and writes one PNG per state: start, card with preview,
confirmation, result, error, an earn recorded with the link down (and its confirmation), the
journal and the scanner check.

    QT_QPA_PLATFORM=offscreen python -m tests.screenshots --out docs/screenshots
    python -m tests.screenshots --lang en --size 1024x768 --font 16 --out /tmp/shots
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from app.base import i18n
from app.core.journal.store import Journal
from app.core.sale.state import Phase
from app.sandbox import demo
from app.sandbox.server import SandboxServer
from app.training import training_connection
from app.ui.cashier.confirm import EARLY_MS
from app.ui.cashier.main_window import MainWindow

STATES = (
    "start",
    "preview",
    "confirmation",
    "result",
    "error",
    "offline",
    "queued",
    "crowded-header",
)


def pump_until(done: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not reach the state")
        QApplication.processEvents()
        time.sleep(0.01)
    for _ in range(5):  # let layouts settle and paint
        QApplication.processEvents()


def shot(window: QWidget, dialog: QWidget | None = None) -> QPixmap:
    """The window, with an open dialog drawn over its centre as the cashier sees it."""
    picture = window.grab()
    if dialog is not None:
        painter = QPainter(picture)
        over = dialog.grab()
        painter.fillRect(picture.rect(), QColor(0, 0, 0, 90))  # the window behind, dimmed
        painter.drawPixmap(
            QPoint((picture.width() - over.width()) // 2, (picture.height() - over.height()) // 2),
            over,
        )
        painter.end()
    return picture


def key(window: MainWindow, which: Qt.Key) -> None:
    QTest.keyClick(QApplication.focusWidget() or window, which)


def capture(window: MainWindow, out: Path, prefix: str, sandbox: SandboxServer) -> list[Path]:
    written: list[Path] = []

    def save(state: str, dialog: QWidget | None = None) -> None:
        path = out / f"{prefix}-{state}.png"
        shot(window, dialog).save(str(path))
        written.append(path)

    pump_until(lambda: window.controller.teller is not None)
    save("start")
    window.search.setText(demo.CLIENTS[0].phone)
    key(window, Qt.Key.Key_Return)
    pump_until(lambda: window.controller.checkout.phase is Phase.CUSTOMER)
    QTest.keyClicks(window.panel.amount, "1234,50")
    pump_until(lambda: window.controller.checkout.recalc is not None)
    key(window, Qt.Key.Key_F6)
    pump_until(lambda: window.controller.checkout.to_pay is not None)
    save("preview")
    key(window, Qt.Key.Key_F9)
    pump_until(
        lambda: window.confirmation.dialog is not None and window.confirmation.dialog.isVisible()
    )
    dialog = window.confirmation.dialog
    assert dialog is not None
    save("confirmation", dialog)
    QTest.qWait(EARLY_MS + 50)  # a cashier reads it first (an Enter with F9 is refused)
    QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
    pump_until(lambda: window.controller.checkout.phase is Phase.DONE)
    pump_until(lambda: not window.controller.checkout.busy("balance"))
    save("result")
    key(window, Qt.Key.Key_Escape)
    window.search.setText("79990000000")
    key(window, Qt.Key.Key_Return)
    pump_until(
        lambda: window.controller.checkout.phase is Phase.IDLE and window.search_error.isVisible()
    )
    save("error")
    sandbox.link_down()  # the store's link goes: an earn is recorded for later
    window.search.setText(demo.CLIENTS[1].phone)
    key(window, Qt.Key.Key_Return)
    pump_until(lambda: window.controller.checkout.phase is Phase.OFFLINE)
    QTest.keyClicks(window.panel.amount, "990")
    key(window, Qt.Key.Key_F4)
    pump_until(lambda: window.controller.checkout.amount is not None)
    save("offline")
    key(window, Qt.Key.Key_F9)
    pump_until(
        lambda: window.confirmation.dialog is not None and window.confirmation.dialog.isVisible()
    )
    dialog = window.confirmation.dialog
    assert dialog is not None
    save("offline-confirmation", dialog)
    QTest.qWait(EARLY_MS + 50)
    QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
    pump_until(lambda: window.controller.checkout.phase is Phase.QUEUED)
    pump_until(lambda: window.controller.flow.counts.queued == 1)
    save("queued")
    key(window, Qt.Key.Key_F11)
    pump_until(
        lambda: (
            window.dialogs.journal_window is not None and window.dialogs.journal_window.isVisible()
        )
    )
    journal = window.dialogs.journal_window
    save("journal", journal)
    journal.check_scanner()  # type: ignore[attr-defined]
    check = journal.scanner_check  # type: ignore[attr-defined]
    pump_until(check.isVisible)
    for char in "79200000002":
        QTest.keyClick(check, char)
        QTest.qWait(4)
    QTest.keyClick(check, Qt.Key.Key_Return)
    pump_until(lambda: bool(check.reports))
    path = out / f"{prefix}-scanner-check.png"
    check.grab().save(str(path))
    written.append(path)
    check.close()
    journal.close()
    # The header at its longest (#35): the earn credited once the link came back, an
    # operation to check (F11), the POS hand-off's port taken, the link gone again.
    sandbox.link_up()
    pump_until(lambda: window.controller.flow.counts.last_posted is not None, timeout=30)
    sandbox.link_down()
    window.search.setText(demo.CLIENTS[2].phone)
    key(window, Qt.Key.Key_Return)
    pump_until(lambda: window.controller.checkout.phase is Phase.OFFLINE)
    window.controller.flow.counts.unsettled = 1
    from app.ui.start.launch import port_taken

    window.header.show_handoff_closed(port_taken(8790))
    window.controller.changed.emit()
    pump_until(lambda: window.header.unsettled.isVisible())
    save("crowded-header")
    return written


def with_keypad(window: QWidget) -> QPixmap:
    """The window with its on-screen keypad (a tool window of its own) drawn where it is."""
    from app.ui.cashier.touch_keypad import TouchKeypad

    picture = window.grab()
    pad = window.findChild(TouchKeypad)
    if pad is not None and pad.isVisible():
        painter = QPainter(picture)
        painter.drawPixmap(window.mapFromGlobal(pad.pos()), pad.grab())
        painter.end()
    return picture


def capture_touch(window: MainWindow, out: Path, prefix: str) -> list[Path]:
    """A touch terminal's flow: the keypad under the search, then beside the amount."""
    from app.ui.cashier.touch_keypad import ENTER, TouchInput, TouchKeypad

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    TouchInput(app)
    written = []
    pump_until(lambda: window.controller.teller is not None)
    window.search.setFocus()
    window.search.clearFocus()
    window.search.setFocus()
    pump_until(lambda: window.findChild(TouchKeypad) is not None)
    pad = window.findChild(TouchKeypad)
    assert pad is not None
    for key in demo.CLIENTS[0].phone[-11:]:
        pad.press(key)
    for state, step in (("touch-search", None), ("touch-amount", ENTER)):
        if step is not None:
            pad.press(step)
            pump_until(lambda: window.controller.checkout.phase is Phase.CUSTOMER)
            pump_until(lambda: pad.field is window.panel.amount and pad.isVisible())
            for key in "1500":
                pad.press(key)
            pump_until(lambda: window.controller.checkout.recalc is not None)
        path = out / f"{prefix}-{state}.png"
        with_keypad(window).save(str(path))
        written.append(path)
    return written


def capture_customer(window: MainWindow, out: Path, lang: str, size: str) -> list[Path]:
    """The customer's display (``size``: 800x480 is a small second screen) through a sale."""
    from app.customer_display.display import CustomerDisplay
    from app.customer_display.window import CustomerWindow

    screen = CustomerWindow(window, "https://loyalty.example.ru/join")
    width, height = (int(part) for part in size.split("x"))
    screen.place_on(window.screen(), QRect(0, 0, width, height))
    prefix = f"{lang}-{size}"
    screen.show()
    shown = CustomerDisplay(window.controller, training=True, window=screen)
    written: list[Path] = []

    def save(state: str) -> None:
        shown.refresh()
        pump_until(lambda: True)
        path = out / f"{prefix}-customer-{state}.png"
        screen.grab().save(str(path))
        written.append(path)

    pump_until(lambda: window.controller.teller is not None)
    save("idle")
    window.search.setText(demo.CLIENTS[0].phone)
    key(window, Qt.Key.Key_Return)
    pump_until(lambda: window.controller.checkout.phase is Phase.CUSTOMER)
    save("customer")
    QTest.keyClicks(window.panel.amount, "1234,50")
    pump_until(lambda: window.controller.checkout.recalc is not None)
    key(window, Qt.Key.Key_F6)
    key(window, Qt.Key.Key_F5)
    pump_until(lambda: bool(window.controller.checkout.active_hold_ids))
    save("purchase")
    key(window, Qt.Key.Key_F9)
    pump_until(
        lambda: window.confirmation.dialog is not None and window.confirmation.dialog.isVisible()
    )
    dialog = window.confirmation.dialog
    assert dialog is not None
    QTest.qWait(EARLY_MS + 50)
    QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
    pump_until(lambda: window.controller.checkout.phase is Phase.DONE)
    pump_until(lambda: window.controller.checkout.balance_after is not None)
    save("result")
    screen.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--lang", choices=("ru", "en"), default="ru")
    parser.add_argument("--size", default="1366x768")
    parser.add_argument("--font", type=int, default=12)
    parser.add_argument("--touch", action="store_true", help="the touch terminal's flow")
    parser.add_argument("--customer", action="store_true", help="the customer's display")
    parser.add_argument("--customer-size", default="800x480", help="its screen, e.g. 1920x1080")
    args = parser.parse_args(argv)
    width, height = (int(part) for part in args.size.split("x"))
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    font = app.font()
    font.setPointSize(args.font)
    app.setFont(font)
    i18n.install(app, args.lang)
    with tempfile.TemporaryDirectory() as folder, SandboxServer(Path(folder) / "s.sqlite3") as sb:
        sb.store.load_demo()
        connection = replace(training_connection(sb.url))
        journal = Journal(Path(folder) / "journal.sqlite3")
        window = MainWindow(lambda: connection, journal, training=True)
        window.resize(width, height)
        window.show()
        window.activateWindow()
        window.focus_search()
        window.start_session()
        prefix = f"{args.lang}-{width}x{height}-{args.font}pt"
        if args.customer:
            written = capture_customer(window, args.out, args.lang, args.customer_size)
        elif args.touch:
            written = capture_touch(window, args.out, prefix)
        else:
            written = capture(window, args.out, prefix, sb)
        for path in written:
            print(path)
        window.close()
        journal.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
