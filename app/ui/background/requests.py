"""The program's one request service: blocking calls run off the GUI thread, outcomes come back
as callbacks on the GUI thread.

- Every request has an *owner* (a window, a dialog, a background sender), held by a weak
  reference, never by ``id()`` (which Python reuses once an owner is gone). Its reply is
  dropped when the owner has been deleted, or once the owner asked to be forgotten (it is
  closing or stopping): from then on nothing of it is delivered, and a later request of that
  owner is refused, so a stop cannot be undone by a late submit.
- A request may have a *key*: a newer request with the same owner and key replaces the older
  one, whose reply is then dropped (a preview for an amount typed over, a second search).
- A request may name a *lane* (a resource: the chain's database connection, the journal's
  background passes): requests of one lane run one at a time, in the order they came (as
  vorta's jobs manager does per repository), so closing a connection waits for the ship that
  uses it and the earn pass never runs beside the sweep.
- Calls run on at most ``MAX_THREADS`` daemon threads; more wait in a queue. Daemon threads, so
  that a hung server never blocks the program's exit (``concurrent.futures`` and QThreadPool
  both join their threads at exit, which is why this is not one of them).
- Work can be cancelled: :meth:`forget` drops an owner's replies and its reads still queued;
  :meth:`stop` ends the service, waiting a bounded time for calls that write the journal
  (``writes=True``: a money operation's outcome is never abandoned by choice) and dropping
  reads at once.
- Every failure reaches the owner's ``failed`` callback: :class:`~app.api.errors.ApiError` is
  an expected failure; anything else is logged as a bug and delivered as an ``ApiError`` too,
  so the screen never waits forever.
"""

from __future__ import annotations

import collections
import itertools
import logging
import queue
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Signal

from app.api.errors import ApiError

log = logging.getLogger(__name__)

MAX_THREADS = 8  # a till's requests at once: search, preview, hold, sale, photo, history, checks
MONEY_PASSES = "money-passes"  # the lane of the background passes over the journal's money


def calls_running() -> list[str]:
    """The calls running now in every service (a test fails when it leaves one behind)."""
    return [name for service in list(_SERVICES) for name in service.busy()]


@dataclass(eq=False)
class Job:
    """One blocking call on its way: the unit of this service (the workflow's *request* — a
    search, a sale — becomes one job; so does a background pass)."""

    owner: QObject
    key: str | None
    call: Callable[[], Any]
    done: Callable[[Any], None]
    failed: Callable[[ApiError], None]
    serial: int = 0
    name: str = field(default="call")
    writes: bool = False  # writes the journal: waited for at the end
    lane: str | None = None  # one job of a lane at a time, in order


class Requests(QObject):
    _delivered = Signal(object, object, bool)  # request, result or error, succeeded

    _shared: Requests | None = None

    def __init__(self, parent: QObject | None = None, *, max_threads: int = MAX_THREADS) -> None:
        super().__init__(parent)
        self._delivered.connect(self._deliver)
        self._queue: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._threads = 0
        self._idle = 0
        self._waiting = 0  # queued, not yet taken by a worker
        self._max = max_threads
        # Per owner: each key's latest serial (a reply to an older one is not wanted).
        self._latest: weakref.WeakKeyDictionary[QObject, dict[str, int]] = (
            weakref.WeakKeyDictionary()
        )
        self._forgotten: weakref.WeakSet[QObject] = weakref.WeakSet()  # closing or stopped
        self._lanes: dict[str, collections.deque[Job]] = {}  # a lane's jobs after its running one
        self._serials = itertools.count(1)
        self._closed = False
        self._busy: dict[int, Job] = {}  # serial → the calls running now
        # Serials submitted and not yet over: queued or running, until the reply is posted (or
        # the job is cancelled unrun).
        self._open: set[int] = set()
        self._settled = threading.Condition(self._lock)
        _SERVICES.add(self)

    @classmethod
    def shared(cls) -> Requests:
        """The program's service, made on first use; shut down when the application quits."""
        if cls._shared is None or not shiboken6.isValid(cls._shared):
            app = QCoreApplication.instance()
            cls._shared = cls(app)
            if app is not None:
                app.aboutToQuit.connect(cls._shared.shutdown)
        return cls._shared

    @classmethod
    def of(cls, widget: QObject | None) -> Requests:
        """The service of the window ``widget`` belongs to (its ``requests``), else the shared
        one: a dialog's requests stop with its window's."""
        while widget is not None:
            found = getattr(widget, "requests", None)
            if isinstance(found, Requests):
                return found
            widget = widget.parent()
        return cls.shared()

    # ---- asking ----------------------------------------------------------------------------

    def submit(
        self,
        owner: QObject,
        call: Callable[[], Any],
        *,
        done: Callable[[Any], None],
        failed: Callable[[ApiError], None],
        key: str | None = None,
        writes: bool = False,
        lane: str | None = None,
    ) -> int:
        """Run ``call`` in the background; ``done(result)`` or ``failed(error)`` follow on the GUI
        thread unless the reply was dropped. ``writes``: the call writes the journal (the end
        waits for it). ``lane``: run after the lane's earlier jobs, never beside them. Returns
        the job's serial; a forgotten owner's job is not run at all."""
        job = Job(owner, key, call, done, failed, next(self._serials), key or "call", writes, lane)
        if self._closed:
            return job.serial
        if owner in self._forgotten:
            log.debug("%s: %s after its owner stopped; not run", job.name, type(owner).__name__)
            return job.serial
        if key is not None:
            self._latest.setdefault(owner, {})[key] = job.serial
        with self._lock:
            self._open.add(job.serial)
            if lane is not None:
                if lane in self._lanes:  # the lane is busy: after the jobs before it
                    self._lanes[lane].append(job)
                    return job.serial
                self._lanes[lane] = collections.deque()
        self._enqueue(job)
        return job.serial

    def _enqueue(self, job: Job) -> None:
        """Into the queue, with a worker for it when every worker is taken."""
        with self._lock:
            self._waiting += 1
            # An idle worker that has not woken yet is already promised to an earlier job:
            # without counting those, a preview queued right after a slow release waited for it.
            start = self._waiting > self._idle and self._threads < self._max
            if start:
                self._threads += 1
        self._queue.put(job)
        if start:
            threading.Thread(target=self._work, daemon=True, name="request").start()

    def forget(self, owner: QObject) -> None:
        """Drop the replies still due to ``owner`` (it is closing) and its reads not yet
        started. Its writes are still made, and a call already running ends by itself; their
        replies are dropped. For good: a later job of ``owner`` is not run (submit a last write
        before forgetting)."""
        self._forgotten.add(owner)
        self._latest.pop(owner, None)

    def pending(self, owner: QObject, key: str) -> bool:
        """A job of ``owner`` with ``key`` is on its way and still wanted."""
        return key in self._latest.get(owner, {})

    @property
    def running(self) -> int:
        """Calls queued or running."""
        with self._lock:
            return len(self._open)

    def busy(self) -> list[str]:
        """The names of the calls running now."""
        with self._lock:
            return [job.name for job in self._busy.values()]

    def shutdown(self) -> None:
        """Deliver nothing more, run nothing queued, and let the threads end after their
        current call."""
        self._closed = True
        with self._lock:
            threads = self._threads
        for _ in range(threads):
            self._queue.put(None)

    def stop(self, wait_for_writes: float) -> bool:
        """End the service (the program is closing): nothing more is delivered or started;
        calls that write the journal are waited for up to ``wait_for_writes`` seconds; reads
        are left to end on their daemon threads. ``False`` when a write was still running."""
        self.shutdown()
        with self._settled:
            if self._settled.wait_for(
                lambda: not any(job.writes for job in self._busy.values()), wait_for_writes
            ):
                return True
            names = [job.name for job in self._busy.values() if job.writes]
        log.error("closing while journal writes still run: %s", ", ".join(names))
        return False

    def wait_for(self, serial: int, seconds: float) -> bool:
        """Block until job ``serial`` is over (run, or cancelled unrun), at most ``seconds``;
        ``True`` when it is. For the end of a window only (the hold released at exit): the
        GUI thread never waits on a request otherwise."""
        with self._settled:
            return self._settled.wait_for(lambda: serial not in self._open, seconds)

    # ---- on the worker threads --------------------------------------------------------------

    def _work(self) -> None:
        while True:
            with self._lock:
                self._idle += 1
            job = self._queue.get()
            with self._lock:
                self._idle -= 1
                if job is not None:
                    self._waiting -= 1
            if job is None:
                with self._lock:
                    self._threads -= 1
                return
            if self._cancelled(job):
                with self._lock:  # cancelled before it started: nothing ran, nothing to tell
                    self._open.discard(job.serial)
                    self._settled.notify_all()
                self._next_in_lane(job)
                continue
            with self._lock:
                self._busy[job.serial] = job
            try:
                value: object = job.call()
                ok = True
            except ApiError as error:
                log.warning("%s", error.log_line())
                value, ok = error, False
            except Exception as exc:
                log.exception("unexpected failure in a background call (%s)", job.name)
                value, ok = ApiError(f"unexpected: {exc!r}"), False
            finally:
                with self._lock:
                    del self._busy[job.serial]
                    self._settled.notify_all()  # stop() waits for the call, not its reply
            if not self._closed:
                self._delivered.emit(job, value, ok)
            with self._lock:  # over once its reply is on its way (running, wait_for)
                self._open.discard(job.serial)
                self._settled.notify_all()
            self._next_in_lane(job)  # after its reply is on its way: a lane delivers in order

    def _next_in_lane(self, job: Job) -> None:
        """``job`` is over: its lane's next job into the queue, or the lane free."""
        if job.lane is None:
            return
        with self._lock:
            waiting = self._lanes.get(job.lane)
            following = waiting.popleft() if waiting else None
            if following is None:
                self._lanes.pop(job.lane, None)
        if following is not None:
            self._enqueue(following)

    def _cancelled(self, job: Job) -> bool:
        """Not started, and no longer wanted: the program is closing, or its owner is and the
        call only reads. A write its owner asked for (a manager's decision) is still made."""
        if self._closed:
            return True
        return not job.writes and (not shiboken6.isValid(job.owner) or job.owner in self._forgotten)

    # ---- back on the GUI thread -------------------------------------------------------------

    def _deliver(self, job: Job, value: object, ok: bool) -> None:
        if self._closed or not self._wanted(job):
            return
        if job.key is not None:
            self._latest[job.owner].pop(job.key)
        if ok:
            job.done(value)
        else:
            assert isinstance(value, ApiError)
            job.failed(value)

    def _wanted(self, job: Job) -> bool:
        owner = job.owner
        if not shiboken6.isValid(owner) or owner in self._forgotten:
            return False
        if job.key is None:
            return True
        return self._latest.get(owner, {}).get(job.key) == job.serial


_SERVICES: weakref.WeakSet[Requests] = weakref.WeakSet()
