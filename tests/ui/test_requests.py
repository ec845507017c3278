"""The one request service: replies on the GUI thread, stale and orphaned replies dropped,
every failure delivered, a bounded number of threads."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QObject, QThread

from app.api.errors import ApiError, ApiTimeout
from app.ui.background.requests import Requests, calls_running


def test_a_reply_comes_on_the_gui_thread(qtbot) -> None:
    service, owner = Requests(), QObject()
    seen: list[tuple[object, bool]] = []

    def done(value: object) -> None:
        seen.append((value, QThread.currentThread() is owner.thread()))

    service.submit(owner, lambda: threading.current_thread().name, done=done, failed=print)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [("request", True)]


def test_a_newer_request_with_the_same_key_replaces_the_older(qtbot) -> None:
    service, owner = Requests(), QObject()
    release = threading.Event()
    got: list[str] = []
    service.submit(
        owner, lambda: release.wait(5) and "old", key="preview", done=got.append, failed=print
    )
    service.submit(owner, lambda: "new", key="preview", done=got.append, failed=print)
    qtbot.waitUntil(lambda: got == ["new"])
    release.set()
    qtbot.waitUntil(lambda: service.running == 0)
    qtbot.wait(50)
    assert got == ["new"]
    assert not service.pending(owner, "preview")


def test_a_reply_for_a_deleted_or_closing_owner_is_dropped(qtbot) -> None:
    service = Requests()
    gone, closing, staying = QObject(), QObject(), QObject()
    release = threading.Event()
    got: list[str] = []
    for name, owner in (("gone", gone), ("closing", closing), ("staying", staying)):
        service.submit(owner, lambda n=name: release.wait(5) and n, done=got.append, failed=print)
    gone.deleteLater()
    qtbot.wait(20)
    service.forget(closing)
    release.set()
    qtbot.waitUntil(lambda: service.running == 0)
    qtbot.wait(50)
    assert got == ["staying"]


def test_every_failure_is_delivered_expected_or_not(qtbot) -> None:
    service, owner = Requests(), QObject()
    errors: list[ApiError] = []

    def broken() -> None:
        raise ZeroDivisionError  # a bug: still an answer for the screen

    def timed_out() -> None:
        raise ApiTimeout("slow")

    for call in (broken, timed_out):
        service.submit(owner, call, done=print, failed=errors.append)
    qtbot.waitUntil(lambda: len(errors) == 2)
    kinds = sorted(type(error).__name__ for error in errors)
    assert kinds == ["ApiError", "ApiTimeout"]
    assert any("ZeroDivisionError" in error.detail for error in errors)


def test_threads_are_bounded_and_the_rest_wait_their_turn(qtbot) -> None:
    service, owner = Requests(max_threads=2), QObject()
    release = threading.Event()
    busy: set[str] = set()
    got: list[int] = []
    lock = threading.Lock()

    def call(n: int) -> int:
        with lock:
            busy.add(threading.current_thread().name + str(threading.get_ident()))
        release.wait(5)
        return n

    before = threading.active_count()
    for n in range(6):
        service.submit(owner, lambda n=n: call(n), done=got.append, failed=print)
    qtbot.wait(100)
    assert threading.active_count() - before <= 2
    release.set()
    qtbot.waitUntil(lambda: len(got) == 6)
    assert sorted(got) == list(range(6))
    assert len(busy) <= 2


def test_a_request_never_waits_behind_another_while_threads_are_free(qtbot) -> None:
    """Two requests submitted at once with one idle worker: the second waited for the first
    (the idle worker had not woken yet), so a preview asked beside a slow release waited for
    the release."""
    service, owner = Requests(), QObject()
    warm: list[str] = []
    service.submit(owner, lambda: "warm", done=warm.append, failed=print)
    qtbot.waitUntil(lambda: warm == ["warm"])  # one worker now idle
    slow_started, release = threading.Event(), threading.Event()
    got: list[str] = []

    def slow() -> str:
        slow_started.set()
        release.wait(5)
        return "slow"

    service.submit(owner, slow, done=got.append, failed=print)
    service.submit(owner, lambda: "quick", done=got.append, failed=print)
    qtbot.waitUntil(lambda: got == ["quick"], timeout=2000)
    assert slow_started.is_set()
    release.set()
    qtbot.waitUntil(lambda: got == ["quick", "slow"])


def test_after_shutdown_nothing_is_delivered(qtbot) -> None:
    service, owner = Requests(), QObject()
    got: list[str] = []
    release = threading.Event()
    service.submit(owner, lambda: release.wait(5) and "late", done=got.append, failed=print)
    service.shutdown()
    release.set()
    qtbot.wait(100)
    service.submit(owner, lambda: "after", done=got.append, failed=print)
    qtbot.wait(100)
    assert got == []


def test_a_forgotten_owners_queued_reads_never_run_and_its_writes_do(qtbot) -> None:
    """Cancelled before it started: a read does not run at all (not only its reply). A write
    (a manager's decision) is still made; only its reply is dropped."""
    service, owner = Requests(max_threads=1), QObject()
    release = threading.Event()
    ran: list[str] = []
    replies: list[object] = []
    service.submit(owner, lambda: release.wait(5), done=lambda _: None, failed=print)
    for name in ("queued-1", "queued-2"):
        service.submit(owner, lambda name=name: ran.append(name), done=replies.append, failed=print)
    service.submit(
        owner, lambda: ran.append("write"), done=replies.append, failed=print, writes=True
    )
    service.forget(owner)
    release.set()
    qtbot.waitUntil(lambda: service.running == 0)
    qtbot.wait(50)
    assert ran == ["write"]
    assert replies == []
    service.shutdown()


def test_closing_waits_for_a_journal_write_and_not_for_a_read(qtbot) -> None:
    service, owner = Requests(), QObject()
    write_done, read_release = threading.Event(), threading.Event()

    def write() -> None:
        time.sleep(0.3)  # a money operation's outcome on its way to the journal
        write_done.set()

    service.submit(owner, write, done=print, failed=print, writes=True)
    service.submit(owner, lambda: read_release.wait(5), done=print, failed=print)
    qtbot.waitUntil(lambda: len(service.busy()) == 2)
    assert service.stop(wait_for_writes=5.0) is True
    assert write_done.is_set()  # waited for the write…
    assert service.busy() == ["call"]  # …and left the hung read behind
    read_release.set()
    qtbot.waitUntil(lambda: service.busy() == [])


def test_closing_gives_up_on_a_write_after_its_bound(qtbot) -> None:
    service, owner = Requests(), QObject()
    release = threading.Event()
    service.submit(owner, lambda: release.wait(5), done=print, failed=print, writes=True)
    qtbot.waitUntil(lambda: service.busy() != [])
    started = time.monotonic()
    assert service.stop(wait_for_writes=0.2) is False
    assert time.monotonic() - started < 2.0
    release.set()
    qtbot.waitUntil(lambda: service.busy() == [])


def test_the_calls_running_in_every_service_are_named(qtbot) -> None:
    """What the suite's leftover check reads: a call still running, in any service, by name."""
    service, owner = Requests(), QObject()
    release = threading.Event()
    service.submit(owner, lambda: release.wait(5), key="slow-read", done=print, failed=print)
    qtbot.waitUntil(lambda: "slow-read" in calls_running())
    release.set()
    qtbot.waitUntil(lambda: "slow-read" not in calls_running())
    service.shutdown()


def test_a_stopped_owner_stays_stopped_whatever_it_submits_later(qtbot) -> None:
    """#36, finding 8: ``ChainSender.stop`` called ``forget`` then ``submit``, and the submit
    un-forgot the owner: delivery came back on after the stop."""
    service, owner = Requests(), QObject()
    ran: list[str] = []
    got: list[str] = []
    service.forget(owner)
    service.submit(owner, lambda: ran.append("late read") or "read", done=got.append, failed=print)
    service.submit(
        owner,
        lambda: ran.append("late write") or "write",
        writes=True,
        done=got.append,
        failed=print,
    )
    qtbot.wait(100)
    assert ran == [] and got == []
    assert service.running == 0


def test_the_jobs_of_one_lane_run_one_at_a_time_in_order(qtbot) -> None:
    """A ship and the close of its connection, or the earn pass and the sweep: one lane never
    runs two at once, while other work goes on beside it."""
    service, owner = Requests(), QObject()
    release = threading.Event()
    order: list[str] = []
    running = {"lane": 0, "most": 0}
    guard = threading.Lock()

    def in_lane(name: str, wait: bool) -> str:
        with guard:
            running["lane"] += 1
            running["most"] = max(running["most"], running["lane"])
        order.append(f"{name} start")
        if wait:
            release.wait(5)
        order.append(f"{name} end")
        with guard:
            running["lane"] -= 1
        return name

    got: list[str] = []
    service.submit(owner, lambda: in_lane("ship", True), lane="db", done=got.append, failed=print)
    service.submit(owner, lambda: in_lane("close", False), lane="db", done=got.append, failed=print)
    service.submit(owner, lambda: "beside", done=got.append, failed=print)
    qtbot.waitUntil(lambda: got == ["beside"])  # other work is not held up by the lane
    assert order == ["ship start"]
    release.set()
    qtbot.waitUntil(lambda: service.running == 0)
    qtbot.waitUntil(lambda: len(got) == 3)
    assert order == ["ship start", "ship end", "close start", "close end"]
    assert running["most"] == 1
    assert got == ["beside", "ship", "close"]


def test_a_lane_goes_on_after_a_forgotten_owners_read_is_dropped_from_it(qtbot) -> None:
    """A read of the lane cancelled before it started must still hand the lane on."""
    service, owner, other = Requests(), QObject(), QObject()
    release = threading.Event()
    got: list[str] = []
    service.submit(
        other, lambda: release.wait(5) and "first", lane="l", done=got.append, failed=print
    )
    service.submit(owner, lambda: "dropped", lane="l", done=got.append, failed=print)
    service.submit(other, lambda: "third", lane="l", done=got.append, failed=print)
    service.forget(owner)
    release.set()
    qtbot.waitUntil(lambda: service.running == 0)
    qtbot.waitUntil(lambda: got == ["first", "third"])


def test_waiting_for_one_job_ends_with_it_or_at_its_bound(qtbot) -> None:
    """What closing the window uses for the hold's release: one job waited for, bounded, and
    over only once its reply is on its way; a job queued behind a busy lane and cancelled
    unrun is over too."""
    service, owner, other = Requests(), QObject(), QObject()
    release = threading.Event()
    replies: list[object] = []
    slow = service.submit(
        owner, lambda: release.wait(5), lane="l", done=replies.append, failed=replies.append
    )
    behind = service.submit(other, lambda: "behind", lane="l", done=replies.append, failed=print)
    started = time.monotonic()
    assert service.wait_for(slow, 0.2) is False
    assert 0.2 <= time.monotonic() - started < 2.0
    service.forget(other)  # the job behind is cancelled once the lane moves on
    threading.Timer(0.1, release.set).start()
    assert service.wait_for(slow, 5.0) is True
    assert service.wait_for(behind, 5.0) is True
    assert service.wait_for(10_000, 0.0) is True  # never submitted: nothing to wait for
    qtbot.waitUntil(lambda: replies == [True])  # and its reply is delivered
    qtbot.waitUntil(lambda: service.running == 0)
    qtbot.wait(50)
    assert replies == [True]  # the forgotten job behind it told nothing
    # Only now: a worker thread that ends while a reply it posted is still queued makes
    # PySide crash when the reply is delivered (9 runs in 20 before this wait).
    service.shutdown()
