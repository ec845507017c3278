"""Only this user's till answers, and it answers only this user: a second OS user of the same
computer (a terminal server, a shared shift account) plays the attacker with real processes.

``.ci/run`` creates the user ``lt-other``; where there is none (or the tests do not run as
root, who can act as it), these tests are skipped, except under CI, where they fail."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalServer

from app import handoff
from app.handoff_client import NoTill, exchange
from app.ui.handoff_desk import HandoffDesk
from app.ui.handoff_socket import LocalEndpoint

OTHER = "lt-other"
SYSTEM_PYTHON = "/usr/bin/python3"  # the other user cannot reach the project's venv

if sys.platform == "win32":  # no pwd there: skipped before anything Unix is imported
    pytest.skip("Unix users and sockets", allow_module_level=True)
import pwd  # noqa: E402 - after the skip that keeps Windows from importing it


@pytest.fixture
def other() -> pwd.struct_passwd:
    problem = None
    if os.geteuid() != 0 or not shutil.which("runuser"):
        problem = "acting as a second user needs root and runuser"
    else:
        try:
            return pwd.getpwnam(OTHER)
        except KeyError:
            problem = f"no user {OTHER!r} (.ci/run creates it with useradd)"
    if os.environ.get("CI"):
        pytest.fail(problem)
    pytest.skip(problem)


def as_other(*command: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        ["runuser", "-u", OTHER, "--", *command],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder anyone may write to, like a shared /tmp (sticky), that the other user can
    reach (pytest's folders are this user's only; on some machines /tmp itself is)."""
    base = next((b for b in ("/var/tmp", "/dev/shm", "/tmp") if os.access(b, os.W_OK)), None)
    folder = Path(tempfile.mkdtemp(prefix="lt-shared-", dir=base))
    folder.chmod(0o1777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


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
            "from app.handoff import server_name; from pathlib import Path; server_name(Path('.'))",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert "SocketUnsafe" in probe.stderr
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "sale", "--amount", "1500,00", "--wait", "--json"],
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
