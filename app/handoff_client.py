"""``loyalty-till sale`` and a second start: talk to the running window over its local socket.

Blocking Qt socket calls need no event loop; a ``QCoreApplication`` is made if none exists.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator

from PySide6.QtCore import QCoreApplication
from PySide6.QtNetwork import QLocalSocket

from app.handoff import peer_is_this_user

CONNECT_MS = 2000


class NoTill(Exception):
    """No window is listening for this user."""


def exchange(
    name: str, request: dict[str, object], *, timeout: float | None
) -> Iterator[dict[str, object]]:
    """Send ``request``; yield each JSON line the window answers until it hangs up.
    Raises :class:`NoTill`, or :class:`TimeoutError` when ``timeout`` seconds pass."""
    QCoreApplication.instance() or QCoreApplication([])
    _let_the_till_come_forward()
    sock = QLocalSocket()
    sock.connectToServer(name)
    if not sock.waitForConnected(CONNECT_MS):
        raise NoTill(sock.errorString())
    if not peer_is_this_user(int(sock.socketDescriptor())):
        sock.abort()  # not a byte to a process of another user
        raise NoTill("the socket is served by another user")
    sock.write(json.dumps(request).encode("utf-8") + b"\n")
    sock.waitForBytesWritten(CONNECT_MS)
    deadline = None if timeout is None else time.monotonic() + timeout
    buffer = b""
    while True:
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            yield json.loads(line.decode("utf-8"))
        if (
            sock.state() != QLocalSocket.LocalSocketState.ConnectedState
            and not sock.bytesAvailable()
        ):
            return
        if deadline is not None and time.monotonic() > deadline:
            sock.abort()
            raise TimeoutError
        if sock.waitForReadyRead(200) or sock.bytesAvailable():
            buffer += bytes(sock.readAll().data())


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
