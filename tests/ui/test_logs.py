"""A whole session's log: keys never appear, phones and emails are masked."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.base import logs
from app.core.journal.store import Journal
from app.core.link.session import Connection
from app.sandbox import demo
from app.sandbox.server import SandboxServer
from app.ui.background.requests import Requests
from app.ui.cashier.main_window import MainWindow
from app.ui.start import launch as ui_app
from tests.conftest import set_fault
from tests.ui.test_cashier_flow import confirm, find, key, type_amount

SECRET = "prod-7f3c9a1e-5b2d-4e8f-a6c1-93d0e4b7f215"


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    path = logs.setup(tmp_path / "logs")
    yield path
    for handler in list(logging.getLogger().handlers):
        if getattr(handler, "_loyalty_till", False):
            logging.getLogger().removeHandler(handler)
            handler.close()


def test_a_session_log_has_no_key_and_masks_personal_data(
    qtbot, qapp, sandbox: SandboxServer, tmp_path: Path, log_file: Path
) -> None:
    sandbox.store.add_api_key(SECRET)
    logs.register_secret(SECRET)
    journal = Journal(tmp_path / "journal.sqlite3")
    connection = Connection(sandbox.url, demo.POINT_ID, SECRET, training=False)
    window = MainWindow(lambda: connection, journal, training=False, requests=Requests())
    qtbot.addWidget(window)
    window.show()
    window.start_session()
    qtbot.waitUntil(lambda: window.controller.teller is not None)

    find(qtbot, window, demo.CLIENTS[0].phone)
    type_amount(qtbot, window, "300")
    key(qtbot, window, Qt.Key.Key_F6)
    confirm(qtbot, window)
    qtbot.waitUntil(lambda: window.controller.checkout.result is not None)
    set_fault(sandbox, mode="drop", routes=["retail"])  # an unknown outcome, reconciled
    key(qtbot, window, Qt.Key.Key_Escape)
    find(qtbot, window, demo.CLIENTS[1].phone)
    type_amount(qtbot, window, "100")
    confirm(qtbot, window)
    qtbot.waitUntil(lambda: window.controller.checkout.result is not None, timeout=10000)
    sandbox.injector.clear()
    # Something careless elsewhere in the program:
    logging.getLogger("careless").warning(
        "searched %s (+7 (920) 000-00-02) for %s with key %s",
        demo.CLIENTS[0].phone,
        "ivan.petrov@mail.ru",
        SECRET,
    )
    try:
        raise RuntimeError(f"boom with {SECRET} and 89200000003")
    except RuntimeError:
        logging.getLogger("careless").exception("failure")
    window.close()
    qtbot.waitUntil(lambda: window.requests.running == 0, timeout=15000)
    journal.close()

    text = log_file.read_text(encoding="utf-8")
    assert "retail" in text  # the session did write to the log
    assert SECRET not in text
    for phone in (demo.CLIENTS[0].phone, demo.CLIENTS[1].phone, "89200000003", "000-00-02"):
        assert phone not in text
    assert "ivan.petrov@mail.ru" not in text
    assert "i***@mail.ru" in text
    assert "+7 920 ***-**-01" in text
    assert "***" in text


def test_unhandled_exception_is_logged_and_shown(qapp, log_file: Path, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        ui_app.QMessageBox, "critical", lambda parent, title, text: shown.append(text)
    )
    try:
        raise ValueError("unexpected in a slot")
    except ValueError as error:
        ui_app.exception_hook(ValueError, error, error.__traceback__)
    assert shown
    assert "unexpected in a slot" in log_file.read_text(encoding="utf-8")


def test_one_error_repeated_thousands_of_times_does_not_rotate_the_shift_away() -> None:
    """The till's own computer, finding 4: 40-107 thousand tracebacks overwrote all six log
    files. Five of a kind a minute are written, the rest counted and named."""
    import logging

    from app.base.logs import RepeatFilter

    repeats = RepeatFilter(burst=5, window=60.0)

    def record(msg: str, at: float, name: str = "asyncio") -> logging.LogRecord:
        made = logging.LogRecord(name, logging.ERROR, __file__, 1, msg, None, None)
        made.created = at
        return made

    flood = [
        record("socket.accept() out of system resource", 1000 + i * 0.001) for i in range(40_000)
    ]
    written = [r for r in flood if repeats.filter(r)]
    assert len(written) == 5
    assert repeats.filter(record("another message", 1001))  # others still get through
    later = record("socket.accept() out of system resource", 1100)
    assert repeats.filter(later)
    assert "39995 more like this were not logged" in later.getMessage()
