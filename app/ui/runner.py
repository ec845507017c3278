"""Runs blocking calls off the GUI thread and delivers their outcome as a Qt signal.

Each call runs on its own daemon thread (a hung server never blocks the program's exit) and
carries an opaque ``token``; the receiver decides whether the reply still matters. Only
:class:`~app.api.errors.ApiError` is an expected failure; anything else is logged as a bug and
delivered as an error too, so the screen never waits forever.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.api.errors import ApiError

log = logging.getLogger(__name__)


class Runner(QObject):
    finished = Signal(object, object)  # token, result
    failed = Signal(object, object)  # token, ApiError

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._running = 0
        self._closed = False

    @property
    def running(self) -> int:
        with self._lock:
            return self._running

    def submit(self, token: object, call: Callable[[], Any]) -> None:
        if self._closed:
            return
        with self._lock:
            self._running += 1
        thread = threading.Thread(
            target=self._work,
            args=(token, call),
            daemon=True,
            name=f"request-{getattr(token, 'kind', 'call')}",
        )
        thread.start()

    def _work(self, token: object, call: Callable[[], Any]) -> None:  # non-GUI thread
        try:
            result = call()
        except ApiError as error:
            log.warning("%s", error.log_line())
            self._deliver(self.failed, token, error)
        except Exception as exc:
            log.exception("unexpected failure in a background call")
            self._deliver(self.failed, token, ApiError(f"unexpected: {exc!r}"))
        else:
            self._deliver(self.finished, token, result)
        finally:
            with self._lock:
                self._running -= 1

    def _deliver(self, signal: Any, token: object, value: object) -> None:
        if not self._closed:
            signal.emit(token, value)

    def close(self) -> None:
        """Stop delivering: replies arriving after this are dropped."""
        self._closed = True
