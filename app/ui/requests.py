"""The program's one request service: blocking calls run off the GUI thread, outcomes come back
as callbacks on the GUI thread.

- Every request has an *owner* (a window or dialog). Its reply is dropped when the owner has
  been deleted, or when the owner asked to forget its requests (on close).
- A request may have a *key*: a newer request with the same owner and key replaces the older
  one, whose reply is then dropped (a preview for an amount typed over, a second search).
- Calls run on at most ``MAX_THREADS`` daemon threads; more wait in a queue. Daemon threads, so
  that a hung server never blocks the program's exit.
- Work can be cancelled: :meth:`forget` drops an owner's replies and its reads still queued;
  :meth:`stop` ends the service, waiting a bounded time for calls that write the journal
  (``writes=True``: a money operation's outcome is never abandoned by choice) and dropping
  reads at once.
- Every failure reaches the owner's ``failed`` callback: :class:`~app.api.errors.ApiError` is
  an expected failure; anything else is logged as a bug and delivered as an ``ApiError`` too,
  so the screen never waits forever.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Signal

from app.api.errors import ApiError

log = logging.getLogger(__name__)

MAX_THREADS = 8  # a till's requests at once: search, preview, hold, sale, photo, history, checks


def calls_running() -> list[str]:
    """The calls running now in every service (a test fails when it leaves one behind)."""
    return [name for service in list(_SERVICES) for name in service.busy()]


@dataclass(eq=False)
class Request:
    owner: QObject
    key: str | None
    call: Callable[[], Any]
    done: Callable[[Any], None]
    failed: Callable[[ApiError], None]
    serial: int = 0
    name: str = field(default="call")
    writes: bool = False  # writes the journal: waited for at the end


class Requests(QObject):
    _delivered = Signal(object, object, bool)  # request, result or error, succeeded

    _shared: Requests | None = None

    def __init__(self, parent: QObject | None = None, *, max_threads: int = MAX_THREADS) -> None:
        super().__init__(parent)
        self._delivered.connect(self._deliver)
        self._queue: queue.SimpleQueue[Request | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._threads = 0
        self._idle = 0
        self._waiting = 0  # queued, not yet taken by a worker
        self._running = 0
        self._max = max_threads
        self._latest: dict[tuple[int, str], int] = {}
        self._forgotten: set[int] = set()  # owners (by id) whose replies are no longer wanted
        self._serials = itertools.count(1)
        self._closed = False
        self._busy: dict[int, Request] = {}  # serial → the calls running now
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
    ) -> int:
        """Run ``call`` in the background; ``done(result)`` or ``failed(error)`` follow on the GUI
        thread unless the reply was dropped. ``writes``: the call writes the journal (the end
        waits for it). Returns the request's serial."""
        request = Request(
            owner, key, call, done, failed, next(self._serials), key or "call", writes
        )
        if self._closed:
            return request.serial
        self._forgotten.discard(id(owner))
        if key is not None:
            self._latest[(id(owner), key)] = request.serial
        with self._lock:
            self._running += 1
            self._waiting += 1
            # An idle worker that has not woken yet is already promised to an earlier request:
            # without counting those, a preview queued right after a slow release waited for it.
            start = self._waiting > self._idle and self._threads < self._max
            if start:
                self._threads += 1
        self._queue.put(request)
        if start:
            threading.Thread(target=self._work, daemon=True, name="request").start()
        return request.serial

    def forget(self, owner: QObject) -> None:
        """Drop the replies still due to ``owner`` (it is closing) and its reads not yet
        started. Its writes are still made, and a call already running ends by itself; their
        replies are dropped."""
        self._forgotten.add(id(owner))
        for pair in [pair for pair in self._latest if pair[0] == id(owner)]:
            del self._latest[pair]

    def pending(self, owner: QObject, key: str) -> bool:
        """A request of ``owner`` with ``key`` is on its way and still wanted."""
        return (id(owner), key) in self._latest

    @property
    def running(self) -> int:
        """Calls queued or running."""
        with self._lock:
            return self._running

    def busy(self) -> list[str]:
        """The names of the calls running now."""
        with self._lock:
            return [request.name for request in self._busy.values()]

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
        deadline = time.monotonic() + wait_for_writes
        with self._settled:
            while any(request.writes for request in self._busy.values()):
                left = deadline - time.monotonic()
                if left <= 0:
                    names = [r.name for r in self._busy.values() if r.writes]
                    log.error("closing while journal writes still run: %s", ", ".join(names))
                    return False
                self._settled.wait(left)
        return True

    # ---- on the worker threads --------------------------------------------------------------

    def _work(self) -> None:
        while True:
            with self._lock:
                self._idle += 1
            request = self._queue.get()
            with self._lock:
                self._idle -= 1
                if request is not None:
                    self._waiting -= 1
            if request is None:
                with self._lock:
                    self._threads -= 1
                return
            if self._cancelled(request):
                with self._lock:  # cancelled before it started: nothing ran, nothing to tell
                    self._running -= 1
                continue
            with self._lock:
                self._busy[request.serial] = request
            try:
                value: object = request.call()
                ok = True
            except ApiError as error:
                log.warning("%s", error.log_line())
                value, ok = error, False
            except Exception as exc:
                log.exception("unexpected failure in a background call (%s)", request.name)
                value, ok = ApiError(f"unexpected: {exc!r}"), False
            finally:
                with self._lock:
                    self._running -= 1
                    del self._busy[request.serial]
                    self._settled.notify_all()
            if not self._closed:
                self._delivered.emit(request, value, ok)

    def _cancelled(self, request: Request) -> bool:
        """Not started, and no longer wanted: the program is closing, or its owner is and the
        call only reads. A write its owner asked for (a manager's decision) is still made."""
        if self._closed:
            return True
        return id(request.owner) in self._forgotten and not request.writes

    # ---- back on the GUI thread -------------------------------------------------------------

    def _deliver(self, request: Request, value: object, ok: bool) -> None:
        if self._closed or not self._wanted(request):
            return
        if request.key is not None:
            del self._latest[(id(request.owner), request.key)]
        if ok:
            request.done(value)
        else:
            assert isinstance(value, ApiError)
            request.failed(value)

    def _wanted(self, request: Request) -> bool:
        owner = request.owner
        if not shiboken6.isValid(owner) or id(owner) in self._forgotten:
            return False
        if request.key is None:
            return True
        return self._latest.get((id(owner), request.key)) == request.serial


_SERVICES: weakref.WeakSet[Requests] = weakref.WeakSet()
