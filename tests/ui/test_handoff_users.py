"""Only this user's till answers, and it answers only this user: a second OS user of the same
computer (a terminal server, a shared shift account) plays the attacker with real processes.

``.ci/run`` creates the user ``lt-other``; where there is none (or the tests do not run as
root, who can act as it), these tests are skipped, except under CI, where they fail."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalServer

from app.handoff import protocol as handoff
from app.handoff.client import NoTill, exchange
from app.handoff.desk import HandoffDesk
from app.handoff.local_socket import LocalEndpoint
from tests.other_user import SYSTEM_PYTHON, TOKEN, as_other, other, shared, squatter

__all__ = ["other", "shared", "squatter"]  # fixtures, used by name
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"

if sys.platform == "win32":
    pytest.skip("Unix users and sockets", allow_module_level=True)


def test_a_folder_another_user_made_first_is_refused(other, shared: Path) -> None:
    """The other user creates the till's socket folder before the till starts: the till does
    not use it, and the real ``sale`` command exits 3 without talking to anything there."""
    squat = shared / f"loyalty-till-{os.getuid()}"
    made = as_other("mkdir", "-m", "0777", str(squat))
    assert made.wait(timeout=10) == 0, made.stderr.read() if made.stderr else ""
    env = {**os.environ, "TMPDIR": str(shared), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("XDG_RUNTIME_DIR", None)
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "from app.handoff.protocol import server_name; from pathlib import Path; "
            "server_name(Path('.'))",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert "SocketUnsafe" in probe.stderr
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "app.cli.commands",
            "sale",
            "--amount",
            "1500,00",
            "--wait",
            "--json",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == handoff.NO_TILL
    assert json.loads(result.stdout.splitlines()[0])["code"] == "no-till"


FORGER = """
import os, socket, sys
path, report = sys.argv[1], sys.argv[2]
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(path)
os.chmod(path, 0o777)
server.listen(1)
print("listening", flush=True)
conn, _ = server.accept()
conn.settimeout(3)
try:
    got = conn.recv(4096)
except OSError:
    got = b""
with open(report, "w") as out:
    out.write("received:" + got.decode(errors="replace"))
try:
    conn.sendall(b'{"ok": true, "state": "filled"}\\n{"outcome": "spent", "to_pay": "0.01"}\\n')
except OSError:
    pass  # the till hung up: nothing forged reaches it
"""


def test_a_socket_served_by_another_user_is_never_told_anything(other, qapp, shared: Path) -> None:
    """A forged till printed ``{"outcome": "spent", "to_pay": "0.01"}`` to the POS and saw
    the amount and the receipt. Now the command checks who serves the socket first."""
    path = shared / "till"
    report = shared / "report"
    forger = as_other(SYSTEM_PYTHON, "-c", FORGER, str(path), str(report))
    assert forger.stdout is not None
    assert forger.stdout.readline().strip() == "listening"
    with pytest.raises(NoTill):
        next(
            exchange(str(path), {"call": "sale", "amount": "1500,00", "receipt": "R-9"}, timeout=5)
        )
    _out, err = forger.communicate(timeout=15)
    assert report.exists(), err
    out = report.read_text()
    assert out.startswith("received:"), err
    assert "1500" not in out and "R-9" not in out  # not a byte of the sale


INTRUDER = """
import json, socket, sys
client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
client.connect(sys.argv[1])
try:
    client.sendall(json.dumps({"call": "sale", "amount": "10", "wait": True}).encode() + b"\\n")
    client.settimeout(5)
    said = "reply:" + client.recv(4096).decode()
except OSError as error:
    said = "reply-error:" + type(error).__name__
with open(sys.argv[2], "w") as report:
    report.write(said)
"""


def test_the_till_answers_no_other_user(other, qtbot, window, shared: Path) -> None:
    """Even where the socket is reachable (a folder open to all), a connection from another
    user is closed before a byte is read: no amount reaches the window."""
    path = shared / "till"
    window.handoff = HandoffDesk(window, window.controller, window)
    endpoint = LocalEndpoint(window.handoff, str(path))
    endpoint.server.setSocketOptions(QLocalServer.SocketOption.WorldAccessOption)
    assert endpoint.listen()
    report = shared / "report"
    intruder = as_other(SYSTEM_PYTHON, "-c", INTRUDER, str(path), str(report))
    deadline = time.monotonic() + 15
    while intruder.poll() is None and time.monotonic() < deadline:
        qtbot.wait(50)
    _out, err = intruder.communicate(timeout=5)
    assert report.exists(), err
    out = report.read_text()
    assert out.startswith(("reply:", "reply-error")), err  # it connected, and was hung up on
    assert '"ok"' not in out
    assert window.handoff.ticket is None
    assert window.panel.amount.text() == ""
    endpoint.server.close()


def test_a_port_squatter_learns_nothing_and_cannot_answer_for_the_till(
    squatter: tuple[int, Path], qtbot, window
) -> None:
    """The POS's documented clients (Python and curl) call a port another user holds: the
    squatter receives neither the token nor anything it can replay to the till, and both
    clients refuse its forged "spent" (exit 7) instead of printing it."""
    from app.handoff.http_endpoint import HttpEndpoint
    from app.handoff.signing import NONCE, SIGNATURE, TIME

    port, report = squatter
    env = {**os.environ, "LOYALTY_TILL_TOKEN": TOKEN}
    python = subprocess.run(
        [
            sys.executable,
            str(EXAMPLES / "pos_http_sale.py"),
            "--port",
            str(port),
            "--amount",
            "1500,00",
            "--receipt",
            "R-9",
            "--wait",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    curl = subprocess.run(
        ["bash", str(EXAMPLES / "pos_http_sale.sh"), str(port), "1500,00"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    for client in (python, curl):
        assert client.returncode == 7, client.stderr
        assert "spent" not in client.stdout and "0.01" not in client.stdout
        assert "not signed by the till" in client.stderr
    seen = report.read_bytes()
    assert seen.count(b"POST /sale") == 2  # the squatter did receive both calls
    assert TOKEN.encode() not in seen and b"Bearer" not in seen
    # What it saw is useless at the real till, which starts after it: every captured call was
    # signed before the till's endpoint listened.
    first = seen.split(b"\n--\n")[0]
    head, _, body = first.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")[1:]
    captured = dict(line.split(": ", 1) for line in lines)
    replayed = {name: captured[name] for name in (TIME, NONCE, SIGNATURE)}
    window.handoff = HandoffDesk(window, window.controller, window)
    qtbot.wait(1100)  # the till starts in a later second than the capture
    till = HttpEndpoint(window.handoff, 0, TOKEN).start()
    try:
        import httpx

        answer: dict[str, object] = {}

        def replay() -> None:
            reply = httpx.post(
                f"http://127.0.0.1:{till.port}/sale",
                content=body,
                headers={**replayed, "Content-Type": "application/json"},
                timeout=10,
            )
            answer["status"], answer["json"] = reply.status_code, reply.json()

        import threading

        threading.Thread(target=replay, daemon=True).start()
        qtbot.waitUntil(lambda: "status" in answer)
        assert (answer["status"], answer["json"]) == (
            401,
            {"ok": False, "code": "unauthorised", "why": "stale"},
        )
        assert window.handoff.ticket is None
    finally:
        till.stop()


def test_the_till_shouts_when_its_port_is_taken(squatter: tuple[int, Path], qtbot, window) -> None:
    """The till used to log "Address already in use" and show a dialog the cashier closes and
    forgets. Now a banner says it for as long as the till runs."""
    from app.ui.start.launch import start_handoff_http

    class Keyring:
        def get(self, profile: str, key: str) -> str:
            return TOKEN

    port, _report = squatter
    window.handoff = HandoffDesk(window, window.controller, window)
    start_handoff_http(window, port, Keyring(), bearer=False)  # type: ignore[arg-type]
    banner = window.header.handoff_banner
    qtbot.waitUntil(banner.isVisible)
    assert banner.text().startswith("КАССА НЕ ПРИНИМАЕТ СУММЫ ОТ POS")
    assert str(port) in banner.text()
    assert window.handoff_http is None
