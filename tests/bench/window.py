"""GUI-thread stalls, per-step overhead, a 1,000-transaction soak, and a 10,000-entry history,
all through the real window against the sandbox over loopback HTTP."""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import httpx
from PySide6.QtCore import QElapsedTimer, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

from app.api.imshop import MAX_HISTORY_ENTRIES
from app.api.loyalty import LoyaltyClient
from app.api.timeouts import RetryPolicy, Timeouts
from app.base import i18n
from app.core.journal.store import Journal
from app.core.link.session import Connection
from app.core.sale.state import Phase, SpendMode
from app.sandbox import demo
from app.sandbox.faults import Fault
from app.sandbox.server import SandboxServer
from app.sandbox.store import SandboxStore
from app.training import training_connection
from app.ui.cashier.main_window import MainWindow
from app.ui.start.launch import freeze_start_up_objects
from tests.bench.common import Figure, median, pump_until, rss_mib, thread_count


class Heartbeat(QObject):
    """A 5 ms timer on the GUI thread; the longest gap between its ticks is the worst stall."""

    def __init__(self) -> None:
        super().__init__()
        self._clock = QElapsedTimer()
        self._timer = QTimer(self, interval=5)
        self._timer.timeout.connect(self._tick)
        self.worst_ms = 0.0

    def start(self) -> None:
        self.worst_ms = 0.0
        self._clock.start()
        self._timer.start()

    def _tick(self) -> None:
        gap = self._clock.restart()
        self.worst_ms = max(self.worst_ms, float(gap))

    def stop(self) -> float:
        self._timer.stop()
        return self.worst_ms


def confirm(window: MainWindow) -> None:
    """F9 and the confirmation's Enter, as the cashier does (the dialog is the real one)."""
    window.confirm()
    if window.confirmation.dialog is not None:
        window.confirmation.dialog.accept()


def answer_confirmation(window: MainWindow) -> Callable[[], None]:
    """F9 now; returns the confirmation's Enter, from which "confirm → result" is timed (the
    dialog's own drawing is the cashier reading it, not waiting for the program)."""
    window.confirm()
    dialog = window.confirmation.dialog
    assert dialog is not None
    return dialog.accept


class Till:
    def __init__(self, sandbox: SandboxServer, folder: Path, timeouts: Timeouts) -> None:
        base = training_connection(sandbox.url)
        self.connection = Connection(
            base.base_url,
            base.point,
            base.apikey,
            training=True,
            timeouts=timeouts,
            history_url=base.history_url,
            invitation_url=base.invitation_url,
        )
        self.journal = Journal(folder / "journal.sqlite3")
        self.window = MainWindow(lambda: self.connection, self.journal, training=True)
        self.window.show()
        self.window.start_session()
        pump_until(lambda: self.window.controller.teller is not None)
        assert self.window.controller.teller is not None
        self.window.controller.teller.loyalty._api.retry = RetryPolicy(attempts=1)

    def search(self, phone: str, timeout: float) -> bool:
        self.window.search.setText(phone)
        self.window.start_search()
        return pump_until(
            lambda: self.window.controller.checkout.phase is not Phase.SEARCHING, timeout
        )

    def amount(self, text: str, timeout: float) -> bool:
        self.window.panel.amount.setText(text)
        self.window.amount_changed()
        c = self.window.controller.checkout
        return pump_until(lambda: c.recalc is not None or c.error is not None, timeout)

    def sale(self, phone: str, amount: str, spend: SpendMode, timeout: float = 30) -> bool:
        if not self.search(phone, timeout) or not self.amount(amount, timeout):
            return False
        self.window.choose_spend(spend)
        confirm(self.window)
        c = self.window.controller.checkout
        done = pump_until(
            lambda: c.phase in (Phase.DONE, Phase.UNKNOWN, Phase.CUSTOMER) and not c.busy("retail"),
            timeout,
        )
        pump_until(lambda: not c.busy("balance"), timeout)
        self.window.cancel()
        return done

    def close(self) -> None:
        self.window.close()
        pump_until(lambda: self.window.requests.running == 0, 30)
        self.journal.close()


def stalls(sandbox: SandboxServer, folder: Path) -> list[Figure]:
    figures = []
    beat = Heartbeat()
    for name, latency, mode, timeouts in (
        ("0 ms latency", 0, "none", Timeouts(read=10)),
        ("2 s latency", 2000, "none", Timeouts(read=10)),
        ("10 s latency", 10_000, "none", Timeouts(read=15)),
        ("server never answers", 0, "hang", Timeouts(read=3)),
    ):
        sandbox.store.load_demo()
        till = Till(sandbox, folder, timeouts)
        sandbox.injector.set(Fault.from_json({"latency_ms": latency, "mode": mode}))
        beat.start()
        if latency >= 10_000 or mode == "hang":
            till.search(demo.CLIENTS[0].phone, 40)  # one request in flight is enough to see
        else:
            till.sale(demo.CLIENTS[0].phone, "300", SpendMode.MAX)
        worst = beat.stop()
        sandbox.injector.clear()
        till.close()
        figures.append(Figure("stalls", f"longest GUI gap, {name}", worst, "ms", "budget 50 ms"))
    return figures


REACHED: dict[str, Callable[[MainWindow], bool]] = {
    "search": lambda window: window.controller.checkout.phase is Phase.CUSTOMER,
    "recalc": lambda window: window.controller.checkout.recalc is not None,
    "retail": lambda window: window.controller.checkout.phase is Phase.DONE,
}


def _timed_step(window: MainWindow, kind: str, start: Callable[[], None]) -> float:
    """Milliseconds from starting a step to the window having drawn its reply."""
    finished: list[float] = []
    reached = REACHED[kind]

    def probe() -> None:
        if reached(window) and not finished:
            window.repaint()  # the reply drawn
            finished.append(time.perf_counter())

    window.controller.changed.connect(probe)  # after the window's own slot
    began = time.perf_counter()
    start()
    pump_until(lambda: bool(finished), 30)
    window.controller.changed.disconnect(probe)
    return (finished[0] - began) * 1000 if finished else float("nan")


def overhead(sandbox: SandboxServer, folder: Path, repeats: int = 15) -> list[Figure]:
    sandbox.store.load_demo()
    till = Till(sandbox, folder, Timeouts())
    window = till.window
    raw = LoyaltyClient(sandbox.url, demo.API_KEY, demo.POINT_ID)
    search_ui, recalc_ui, retail_ui, search_raw, recalc_raw, retail_raw = ([] for _ in range(6))
    for i in range(repeats):
        phone = demo.CLIENTS[14].phone
        window.search.setText(phone)
        search_ui.append(_timed_step(window, "search", window.start_search))
        window.panel.amount.setText(f"{100 + i}")
        recalc_ui.append(_timed_step(window, "recalc", window.amount_changed))
        window.choose_spend(SpendMode.NONE)
        retail_ui.append(_timed_step(window, "retail", answer_confirmation(window)))
        pump_until(lambda: not window.controller.checkout.busy("balance"), 10)
        window.cancel()
        started = time.perf_counter()
        client = raw.search(phone)
        search_raw.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        raw.recalc(client.id, Decimal(100 + i))
        recalc_raw.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        raw.retail(client.id, Decimal(100 + i), Decimal(0))
        retail_raw.append((time.perf_counter() - started) * 1000)
    raw.close()
    till.close()
    figures = []
    for step, ui, plain in (
        ("search → card drawn", search_ui, search_raw),
        ("amount → preview drawn", recalc_ui, recalc_raw),
        ("confirm → result drawn", retail_ui, retail_raw),
    ):
        figures.append(Figure("steps", f"{step}: program + server", median(ui), "ms"))
        figures.append(Figure("steps", f"{step}: server alone (raw HTTP)", median(plain), "ms"))
        figures.append(
            Figure(
                "steps",
                f"{step}: program overhead",
                median(ui) - median(plain),
                "ms",
                "budget: well under a 16 ms frame",
            )
        )
    figures[-1] = Figure(
        "steps",
        "confirm → result drawn: program overhead",
        median(retail_ui) - median(retail_raw),
        "ms",
        "includes the balance read before a retail and two journal fsyncs",
    )
    return figures


WAN_MS = 80


def wan(sandbox: SandboxServer, folder: Path, repeats: int = 5) -> list[Figure]:
    """Each step as a till on a WAN link feels it: 80 ms added to every request. Prints the
    round trips on the step's critical path (counted at the server) and the program's time
    beyond them (the step's time less that many raw round trips)."""
    sandbox.store.load_demo()
    till = Till(sandbox, folder, Timeouts())
    window = till.window
    raw = LoyaltyClient(sandbox.url, demo.API_KEY, demo.POINT_ID)
    sandbox.injector.set(Fault.from_json({"latency_ms": WAN_MS}))
    arrivals: list[float] = []  # when each request reached the server
    take = sandbox.injector.take

    def counting(route: str) -> Fault | None:
        arrivals.append(time.perf_counter())
        return take(route)

    sandbox.injector.take = counting  # type: ignore[method-assign]
    steps: dict[str, tuple[list[float], list[int]]] = {
        name: ([], []) for name in ("search", "preview", "confirm")
    }
    trip: list[float] = []
    try:
        for i in range(repeats):
            phone = demo.CLIENTS[14].phone
            prepare: list[tuple[str, str, Callable[[], Callable[[], None]]]] = [
                ("search", "search", lambda p=phone: lambda: _search(window, p)),
                ("preview", "recalc", lambda i=i: lambda: _amount(window, f"{100 + i}")),
                ("confirm", "retail", lambda: answer_confirmation(window)),
            ]
            for name, kind, ready in prepare:
                pump_until(lambda: window.requests.running == 0, 10)  # earlier steps' tails
                start = ready()
                arrivals.clear()
                began = time.perf_counter()
                took = _timed_step(window, kind, start)
                # On the critical path: what reached the server early enough to be answered
                # before the step's result was drawn (a request sent as the result is drawn,
                # such as the balance read after a sale or the card's history, is not).
                cutoff = began + (took - WAN_MS / 2) / 1000
                steps[name][0].append(took)
                steps[name][1].append(sum(1 for t in arrivals if t < cutoff))
                if name == "preview":
                    window.choose_spend(SpendMode.NONE)
            pump_until(lambda: not window.controller.checkout.busy("balance"), 10)
            window.cancel()
            pump_until(lambda: window.requests.running == 0, 10)
            started = time.perf_counter()
            raw.search(phone)
            trip.append((time.perf_counter() - started) * 1000)
    finally:
        sandbox.injector.take = take  # type: ignore[method-assign]
        sandbox.injector.clear()
        raw.close()
        till.close()
    one_trip = median(trip)
    figures = [Figure("wan", f"one round trip with {WAN_MS} ms added (raw HTTP)", one_trip, "ms")]
    for name, (times, trips) in steps.items():
        count = round(median([float(t) for t in trips]))
        figures.append(Figure("wan", f"{name}: round trips on the critical path", count, ""))
        figures.append(
            Figure(
                "wan",
                f"{name}: program time beyond them",
                median(times) - count * one_trip,
                "ms",
                "budget 16 ms",
            )
        )
    return figures


def _search(window: MainWindow, phone: str) -> None:
    window.search.setText(phone)
    window.start_search()


def _amount(window: MainWindow, text: str) -> None:
    window.panel.amount.setText(text)
    window.amount_changed()


def soak(sandbox: SandboxServer, folder: Path, transactions: int = 1000) -> list[Figure]:
    sandbox.store.load_demo()
    till = Till(sandbox, folder, Timeouts())
    window = till.window

    def snapshot(label: str) -> list[Figure]:
        QApplication.processEvents()
        objects = len(window.findChildren(QObject)) + len(QApplication.topLevelWidgets())
        return [
            Figure("soak", f"resident memory {label}", rss_mib(), "MiB"),
            Figure("soak", f"threads {label}", thread_count(), ""),
            Figure("soak", f"live QObjects {label}", objects, ""),
        ]

    figures = snapshot("at start")
    failures = 0
    started = time.perf_counter()
    for i in range(transactions):
        phone = demo.CLIENTS[14].phone if i % 2 else demo.CLIENTS[2].phone
        spend = SpendMode.MAX if i % 3 == 0 else SpendMode.NONE
        failures += not till.sale(phone, f"{100 + i % 900}", spend)
        if i + 1 == 100:
            figures += snapshot("after 100")
    elapsed = time.perf_counter() - started
    figures += snapshot(f"after {transactions}")
    figures.append(
        Figure(
            "soak",
            "transactions per second through the window",
            transactions / elapsed,
            "tx/s",
            f"{failures} failed",
        )
    )
    till.close()
    return figures


@contextmanager
def history_server(folder: Path, entries: int) -> Iterator[str]:
    """A sandbox in a process of its own whose first customer has ``entries`` history entries."""
    db = folder / "history-sandbox.sqlite3"
    store = SandboxStore(db)
    store.add_bonus_entries(
        demo.CLIENTS[0].id,
        entries - len(store.bonus_history({"userIdentifier": demo.CLIENTS[0].id})["bonuses"]),
    )
    store.close()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    child = subprocess.Popen(
        [sys.executable, "-m", "app", "sandbox", "--port", str(port), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/_sandbox/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield url
    finally:
        child.terminate()
        child.wait(timeout=10)


def history(sandbox: SandboxServer, folder: Path, entries: int = 10_000) -> list[Figure]:
    from app.ui.manager.client_view import ClientView

    sandbox.store.load_demo()
    sandbox.store.add_bonus_entries(demo.CLIENTS[0].id, entries)
    till = Till(sandbox, folder, Timeouts())
    window = till.window
    imshop = till.connection.imshop_client()
    assert imshop is not None and window.controller.teller is not None
    reply = imshop.bonus_history(demo.CLIENTS[0].id)
    client = window.controller.teller.loyalty.search(demo.CLIENTS[0].phone)
    view = ClientView(till.connection, window.controller.teller, None)
    view.asks.shown(client)
    view.show()
    view.tabs.setCurrentIndex(1)
    QApplication.processEvents()
    first, scroll = [], []
    for _ in range(5):
        started = time.perf_counter()
        view.history.model.set_entries(list(reply.bonuses))
        header = view.history.table.horizontalHeader()  # as the view does on a reply
        view.history.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        view.history.table.repaint()
        first.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        view.history.table.scrollToBottom()
        view.history.table.repaint()
        scroll.append((time.perf_counter() - started) * 1000)
        view.history.table.scrollToTop()
    started = time.perf_counter()
    view.history.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    view.history.table.repaint()
    sort_ms = (time.perf_counter() - started) * 1000
    view.close()
    # The whole path a manager waits on, at the largest history the client accepts: request,
    # parse (off the GUI thread), model, first paint; the GUI's longest gap meanwhile. The
    # server runs in its own process here: building a 3 MB reply in-process would hold the
    # interpreter lock for ~80 ms and be counted against the client.
    with history_server(folder, MAX_HISTORY_ENTRIES) as url:
        remote = replace(till.connection, history_url=f"{url}/irp/bonus-history")
        view = ClientView(remote, window.controller.teller, None)
        view.show()
        view.tabs.setCurrentIndex(1)
        QApplication.processEvents()
        freeze_start_up_objects()  # as the program does once it has started
        beat = Heartbeat()
        beat.start()
        started = time.perf_counter()
        view.show_client(client)
        pump_until(lambda: view.history.model.rowCount() >= MAX_HISTORY_ENTRIES, 60)
        view.history.table.repaint()
        load_ms = (time.perf_counter() - started) * 1000
        worst_gap = beat.stop()
        view.close()
    imshop.close()
    till.close()
    n = len(reply.bonuses)
    return [
        Figure("history", f"{n} entries: model set → first rows painted", median(first), "ms"),
        Figure("history", f"{n} entries: scroll to the end, painted", median(scroll), "ms"),
        Figure("history", f"{n} entries: sort by a column, painted", sort_ms, "ms"),
        Figure(
            "history",
            f"{MAX_HISTORY_ENTRIES} entries (the cap): request → table painted",
            load_ms,
            "ms",
        ),
        Figure(
            "history",
            f"{MAX_HISTORY_ENTRIES} entries: longest GUI gap while loading",
            worst_gap,
            "ms",
            "budget 50 ms",
        ),
    ]


def run(quick: bool = False) -> list[Figure]:
    app = QApplication.instance() or QApplication([])
    i18n.install(app, "ru")  # type: ignore[arg-type]
    with tempfile.TemporaryDirectory() as folder:
        server = SandboxServer(Path(folder) / "sandbox.sqlite3").start()
        try:
            figures = stalls(server, Path(folder)) if not quick else []
            figures += overhead(server, Path(folder), repeats=5 if quick else 15)
            figures += wan(server, Path(folder), repeats=3 if quick else 10)
            figures += soak(server, Path(folder), transactions=100 if quick else 1000)
            figures += history(server, Path(folder))
        finally:
            server.stop()
    return figures
