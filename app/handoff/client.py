"""``loyalty-till sale`` and a second start: talk to the running window over its local socket.

On Linux and macOS the window's ``QLocalServer`` listens on a Unix socket in a private folder;
on Windows on a named pipe with an owner-only ACL. This client speaks to either with the
standard library, without importing Qt, so that a POS that runs ``sale`` once per purchase does
not wait for PySide6 to load (~170 ms of a ~330 ms start on the CI machine), and checks that
the other end runs as this user before it sends a byte.
"""

from __future__ import annotations

import json
import socket
import sys
import time
from collections.abc import Iterator
from typing import Protocol

from app.handoff.protocol import peer_is_this_user

CONNECT_MS = 2000
POLL_SECONDS = 0.2


class NoTill(Exception):
    """No window is listening for this user."""


class _Channel(Protocol):
    def send(self, data: bytes) -> None: ...

    def receive(self) -> bytes | None:
        """What arrived within a short wait (``b""``: nothing yet); ``None`` once closed."""

    def close(self) -> None: ...


class _UnixChannel:
    def __init__(self, path: str) -> None:
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._sock.settimeout(CONNECT_MS / 1000)
        try:
            self._sock.connect(path)
        except OSError as error:  # no such file, refused (a window that died), timed out
            self._sock.close()
            raise NoTill(str(error)) from error
        if not peer_is_this_user(self._sock.fileno()):
            self._sock.close()  # not a byte to a process of another user
            raise NoTill("the socket is served by another user")

    def send(self, data: bytes) -> None:
        self._sock.sendall(data)
        self._sock.settimeout(POLL_SECONDS)

    def receive(self) -> bytes | None:
        try:
            data = self._sock.recv(65536)
        except TimeoutError:
            return b""
        except OSError:
            return None
        return data or None

    def close(self) -> None:
        self._sock.close()


if sys.platform == "win32":  # the named pipe: Windows only, and so checked by mypy

    class _PipeChannel:
        """Windows: the window's named pipe with the standard library (no Qt to load), its server
        checked to run as this user before a byte is sent (:mod:`app.handoff.win_pipe`)."""

        def __init__(self, name: str) -> None:
            from app.handoff.win_pipe import PipeUnusable, open_pipe

            try:
                self._pipe = open_pipe(name, wait_seconds=CONNECT_MS / 1000)
            except PipeUnusable as error:
                raise NoTill(str(error)) from error

        def send(self, data: bytes) -> None:
            self._pipe.write(data)

        def receive(self) -> bytes | None:
            from app.handoff.win_pipe import available

            deadline = time.monotonic() + POLL_SECONDS
            while True:
                waiting = available(self._pipe)
                if waiting is None:
                    return None
                if waiting:
                    return self._pipe.read(waiting)
                if time.monotonic() > deadline:
                    return b""
                time.sleep(0.01)

        def close(self) -> None:
            self._pipe.close()


def exchange(
    name: str, request: dict[str, object], *, timeout: float | None
) -> Iterator[dict[str, object]]:
    """Send ``request``; yield each JSON line the window answers until it hangs up.
    Raises :class:`NoTill`, or :class:`TimeoutError` when ``timeout`` seconds pass."""
    _let_the_till_come_forward()
    channel: _Channel
    if sys.platform == "win32":
        channel = _PipeChannel(name)
    else:
        channel = _UnixChannel(name)
    try:
        channel.send(json.dumps(request).encode("utf-8") + b"\n")
        deadline = None if timeout is None else time.monotonic() + timeout
        buffer = b""
        while True:
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                yield json.loads(line.decode("utf-8"))
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError
            received = channel.receive()
            if received is None:
                return
            buffer += received
    finally:
        channel.close()


def _let_the_till_come_forward() -> None:
    """Windows lets only the foreground process (and what it started, like this command run
    by a POS button) bring a window forward; pass that right on to the till's process, or its
    window would only flash in the taskbar."""
    if sys.platform == "win32":
        import ctypes

        asfw_any = 0xFFFFFFFF
        ctypes.windll.user32.AllowSetForegroundWindow(asfw_any)


def show(name: str) -> bool:
    """Bring the running window to the front; ``False`` when there is none."""
    try:
        return any(reply.get("ok") for reply in exchange(name, {"call": "show"}, timeout=5))
    except (NoTill, TimeoutError, ValueError):
        return False
