"""The cashier window in a process of its own, for a test that runs it under libfaketime (the
till's wall clock minutes off; the monotonic clock and the server left alone).

    python -m tests.ui.skewed_till SANDBOX_URL JOURNAL OUT.json

It finds the demo customer, types 1000, F6, holds for 5 minutes (Shift+F5, 5, F5), reads
the countdown and the header, lets the countdown tick for two seconds, confirms with Enter
after reading the dialog, and writes what the screen said as JSON.
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.api.timeouts import Timeouts
from app.base import i18n
from app.core.journal.store import Journal
from app.core.sale.state import Phase
from app.sandbox import demo
from app.training import training_connection
from app.ui.background.requests import Requests
from app.ui.cashier.main_window import MainWindow


def wait_until(condition, seconds: float = 10.0) -> None:
    deadline = QDeadlineTimer(int(seconds * 1000))
    while not condition():
        if deadline.hasExpired():
            raise TimeoutError("the window did not get there")
        QCoreApplication.processEvents()
        QTest.qWait(10)


def main(url: str, journal_path: str, out: str) -> int:
    app = QApplication.instance() or QApplication([])
    i18n.install(app, "ru")
    connection = replace(training_connection(url), timeouts=Timeouts(connect=2.0, read=3.0))
    journal = Journal(Path(journal_path))
    window = MainWindow(lambda: connection, journal, training=True, requests=Requests())
    window.show()
    window.activateWindow()
    window.focus_search()
    window.start_session()
    wait_until(lambda: window.controller.teller is not None)
    QTest.keyClicks(window.search, demo.CLIENTS[0].phone)
    QTest.keyClick(window.search, Qt.Key.Key_Return)
    wait_until(lambda: window.controller.checkout.phase is Phase.CUSTOMER)
    QTest.keyClicks(window.panel.amount, "1000")
    wait_until(lambda: window.controller.checkout.recalc is not None)
    QTest.keyClick(window.panel.amount, Qt.Key.Key_F6)
    QTest.keyClick(window.panel.amount, Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(window.panel.minutes, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(window.panel.minutes, "5")
    QTest.keyClick(window.panel.minutes, Qt.Key.Key_F5)
    wait_until(lambda: bool(window.controller.checkout.active_hold_ids))
    wait_until(lambda: not window.controller.checkout.busy("recalc"))
    seen = {
        "wall": time.time(),
        "countdown": window.panel.hold_status.text(),
        "header_clock": window.header.clock.text(),
    }
    QTest.qWait(2200)  # two ticks of the countdown
    seen["countdown_later"] = window.panel.hold_status.text()
    seen["spend_after"] = str(window.controller.checkout.spend)
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_F9)
    wait_until(
        lambda: window.confirmation.dialog is not None and window.confirmation.dialog.isVisible()
    )
    seen["confirmation"] = window.confirmation.dialog.lines
    QTest.qWait(400)  # the cashier reads it
    QTest.keyClick(window.confirmation.dialog.focusWidget(), Qt.Key.Key_Return)
    wait_until(lambda: window.controller.checkout.phase is Phase.DONE)
    seen["result"] = window.sale.result.text()
    Path(out).write_text(json.dumps(seen, ensure_ascii=False), encoding="utf-8")
    window.close()
    wait_until(lambda: window.requests.running == 0, 20)
    journal.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
