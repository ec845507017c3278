"""The hand-off over a Qt local socket (a named pipe on Windows, a Unix socket elsewhere).

Protocol: one JSON line from the client — ``{"call": "show"}`` or ``{"call": "sale",
"amount": "1500,00", "receipt": "R-1", "wait": true}`` — answered by one JSON line
(``{"ok": true, "state": "filled"|"waiting"}`` or ``{"ok": false, "code": …, "message": …}``);
with ``wait``, a second line carries the :class:`app.handoff.protocol.Outcome` when the sale ends.
"""

from __future__ import annotations

import json
import logging

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from app.base.i18n import QT_TRANSLATE_NOOP
from app.handoff.desk import HandoffDesk
from app.handoff.protocol import HandoffProblem, Outcome, peer_is_this_user

log = logging.getLogger(__name__)

LINE_MAX = 4096


class LocalEndpoint(QObject):
    def __init__(self, desk: HandoffDesk, name: str) -> None:
        super().__init__(desk)
        self.desk = desk
        self.name = name
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}
        self._waiters: dict[QLocalSocket, _SocketWaiter] = {}

    def listen(self) -> bool:
        """Call only while holding the window lock: a socket left by a crash is removed."""
        QLocalServer.removeServer(self.name)
        if not self.server.listen(self.name):
            log.warning("hand-off socket %s: %s", self.name, self.server.errorString())
            return False
        return True

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()
            if not peer_is_this_user(int(sock.socketDescriptor())):
                log.warning("hand-off: a connection from another user refused")
                sock.abort()
                sock.deleteLater()
                continue
            self._buffers[sock] = b""
            sock.readyRead.connect(lambda s=sock: self._read(s))
            sock.disconnected.connect(lambda s=sock: self._gone(s))

    def _gone(self, sock: QLocalSocket) -> None:
        self._buffers.pop(sock, None)
        waiter = self._waiters.pop(sock, None)
        if waiter is not None:  # the command gave up (--timeout) or was killed
            waiter.sock = None
            self.desk.forget(waiter)
        sock.deleteLater()

    def _read(self, sock: QLocalSocket) -> None:
        if sock not in self._buffers:
            return
        data = self._buffers[sock] + bytes(sock.readAll().data())
        if b"\n" not in data:
            self._buffers[sock] = data
            if len(data) > LINE_MAX:
                self._reply(
                    sock,
                    _refusal(
                        "bad-request", QT_TRANSLATE_NOOP("Handoff", "The request is too long.")
                    ),
                )
                sock.disconnectFromServer()
            return
        line = data.split(b"\n", 1)[0]
        del self._buffers[sock]  # one request per connection
        self._reply(sock, self._answer(sock, line))

    def _answer(self, sock: QLocalSocket, line: bytes) -> dict[str, object]:
        try:
            request = json.loads(line.decode("utf-8"))
            if not isinstance(request, dict):
                raise ValueError("not an object")
        except ValueError:
            return _refusal(
                "bad-request", QT_TRANSLATE_NOOP("Handoff", "Send one JSON object per line.")
            )
        call = request.get("call")
        if call == "show":
            self.desk.show()
            return {"ok": True}
        if call != "sale":
            return _refusal(
                "bad-request", QT_TRANSLATE_NOOP("Handoff", "Unknown call %1."), repr(call)[:40]
            )
        amount, receipt = request.get("amount"), request.get("receipt")
        if not isinstance(amount, str) or not isinstance(receipt, str | None):
            return _refusal(
                "bad-amount",
                QT_TRANSLATE_NOOP("Handoff", 'The amount must be a string, e.g. "1500,00".'),
            )
        waiter = _SocketWaiter(self, sock) if request.get("wait") is True else None
        try:
            state = self.desk.sale(amount, receipt, waiter)
        except HandoffProblem as problem:
            return _refused(problem)
        if waiter is not None:
            self._waiters[sock] = waiter
        return {"ok": True, "state": state}

    def _reply(self, sock: QLocalSocket, reply: dict[str, object]) -> None:
        if (
            not shiboken6.isValid(sock)
            or sock.state() != QLocalSocket.LocalSocketState.ConnectedState
        ):
            log.info("hand-off client left before its reply (%s)", reply.get("outcome", reply))
            return
        sock.write(json.dumps(reply, ensure_ascii=False).encode("utf-8") + b"\n")
        sock.flush()
        if reply.get("ok") is False:
            sock.disconnectFromServer()


class _SocketWaiter:
    """A ``sale --wait`` command on the other end of ``sock``, until it hangs up."""

    def __init__(self, endpoint: LocalEndpoint, sock: QLocalSocket) -> None:
        self.endpoint = endpoint
        self.sock: QLocalSocket | None = sock

    def deliver(self, outcome: Outcome) -> None:
        sock, self.sock = self.sock, None
        if sock is None:
            return
        self.endpoint._waiters.pop(sock, None)
        self.endpoint._reply(sock, outcome.as_json())
        if shiboken6.isValid(sock):
            sock.disconnectFromServer()


def _refused(problem: HandoffProblem) -> dict[str, object]:
    """The refusal a POS reads: the stable code, and the words in the till's language."""
    return {"ok": False, "code": problem.code, "message": problem.message}


def _refusal(code: str, source: str, *arguments: str) -> dict[str, object]:
    return _refused(HandoffProblem(code, source, *arguments))
