"""Shared fixtures: one real sandbox over HTTP on loopback, reset before every test."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.api.imshop import ImshopClient
from app.api.loyalty import LoyaltyClient
from app.api.partner import PartnerClient
from app.api.timeouts import RetryPolicy, Timeouts
from app.sandbox import demo
from app.sandbox.faults import Fault
from app.sandbox.server import SandboxServer

FAST_RETRY = RetryPolicy(attempts=3, first_wait=0.01, max_wait=0.05)
SHORT = Timeouts(connect=2.0, read=1.0)


@pytest.fixture(scope="session")
def sandbox_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxServer]:
    server = SandboxServer(tmp_path_factory.mktemp("sandbox") / "sandbox.sqlite3")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def sandbox(sandbox_server: SandboxServer) -> SandboxServer:
    """The shared sandbox with fresh demo data, its link up, no fault, and the real clock."""
    sandbox_server.link_up()  # a test that took the link down left it so
    sandbox_server.injector.clear()
    sandbox_server.store.clock.offset = 0.0
    sandbox_server.store.load_demo()
    return sandbox_server


def set_fault(server: SandboxServer, **fields: object) -> None:
    server.injector.set(Fault.from_json(fields))


@pytest.fixture
def loyalty(sandbox: SandboxServer) -> Iterator[LoyaltyClient]:
    client = LoyaltyClient(
        sandbox.url, demo.API_KEY, demo.POINT_ID, timeouts=SHORT, retry=FAST_RETRY
    )
    yield client
    client.close()


@pytest.fixture
def imshop(sandbox: SandboxServer) -> Iterator[ImshopClient]:
    client = ImshopClient(
        f"{sandbox.url}/irp/bonus-history",
        f"{sandbox.url}/irp/invitation",
        timeouts=SHORT,
        retry=FAST_RETRY,
    )
    yield client
    client.close()


@pytest.fixture
def partner(sandbox: SandboxServer) -> Iterator[PartnerClient]:
    client = PartnerClient(demo.PARTNER_KEY, f"{sandbox.url}/api/Register/Add")
    yield client
    client.close()


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return Path(__file__).parent / "data"


LEFTOVER_GRACE_SECONDS = 3.0  # a reply on its way when the test ended may still land


@pytest.fixture(autouse=True)
def nothing_left_running() -> Iterator[None]:
    """A test fails when it leaves a background request running or a timer ticking in a
    window it opened: either would act on the next test (or on a closed window)."""
    from app.ui.background.requests import calls_running

    before = _active_timers()
    yield
    deadline = time.monotonic() + LEFTOVER_GRACE_SECONDS
    while calls_running() and time.monotonic() < deadline:
        _pump()
        time.sleep(0.02)
    left = calls_running()
    assert not left, f"the test left requests running: {left}"
    _pump()
    timers = [t for t in _active_timers() if t not in before]
    assert not timers, f"the test left timers running: {timers}"


def _pump() -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()


def _active_timers() -> set[str]:
    """The active timers of the windows on screen, by window and timer name."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        return set()
    found = set()
    for widget in QApplication.topLevelWidgets():
        if not widget.isVisible():
            continue
        for timer in widget.findChildren(QTimer):
            if timer.isActive():
                found.add(f"{type(widget).__name__}/{timer.objectName() or timer.interval()}")
    return found


WINDOW_TESTS = Path(__file__).parent / "ui"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/ui drives a real window: marked ``window``, so that the quick
    loop (``-m "not slow and not window"``, README) leaves the ~400 window tests to the full
    run."""
    for item in items:
        if WINDOW_TESTS in item.path.parents:
            item.add_marker(pytest.mark.window)
