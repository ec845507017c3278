"""A second local user of the computer, ``lt-other``, playing the attacker with real
processes: a shared folder it can reach, and a program of its own on the hand-off's port.

``.ci/run`` creates the user; where there is none (or the tests do not run as root, who can
act as it), the tests that use it are skipped, except under CI, where they fail."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

OTHER = "lt-other"
SYSTEM_PYTHON = "/usr/bin/python3"  # the other user cannot reach the project's venv
TOKEN = "handoff-token-squatter-test-0123456789"


@pytest.fixture
def other() -> str:
    problem = None
    if sys.platform == "win32":
        pytest.skip("a second Unix user")
    import pwd

    if os.geteuid() != 0 or not shutil.which("runuser"):
        problem = "acting as a second user needs root and runuser"
    else:
        try:
            return pwd.getpwnam(OTHER).pw_name
        except KeyError:
            problem = f"no user {OTHER!r} (.ci/run creates it with useradd)"
    if os.environ.get("CI"):
        pytest.fail(problem)
    pytest.skip(problem)


def as_other(*command: str) -> subprocess.Popen[str]:
    """``command`` run as the other user, in a process group of its own: ``runuser`` forks,
    so only :func:`end` (the whole group) stops what it started."""
    return subprocess.Popen(
        ["runuser", "-u", OTHER, "--", *command],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def end(process: subprocess.Popen[str]) -> None:
    """Stop ``runuser`` and the other user's program under it (a kill of ``runuser`` alone
    left that program listening after the tests)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder anyone may write to, like a shared /tmp (sticky), that the other user can
    reach (pytest's folders are this user's only; on some machines /tmp itself is)."""
    base = next((b for b in ("/var/tmp", "/dev/shm", "/tmp") if os.access(b, os.W_OK)), None)
    folder = Path(tempfile.mkdtemp(prefix="lt-shared-", dir=base))
    folder.chmod(0o1777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


SQUATTER = """
import socket, sys
port, report = int(sys.argv[1]), sys.argv[2]
server = socket.socket()
server.bind(("127.0.0.1", port))
server.listen(8)
print("listening", flush=True)
forged = b'{"outcome": "spent", "to_pay": "0.01"}'
while True:
    conn, _ = server.accept()
    conn.settimeout(3)
    got = b""
    try:
        while b"\\r\\n\\r\\n" not in got or len(got.split(b"\\r\\n\\r\\n", 1)[1]) < 2:
            chunk = conn.recv(65536)
            if not chunk:
                break
            got += chunk
    except OSError:
        pass
    with open(report, "ab") as out:
        out.write(got + b"\\n--\\n")
    conn.sendall(
        b"HTTP/1.1 200 OK\\r\\nContent-Type: application/json\\r\\nX-Till-Signature: "
        + b"0" * 64 + b"\\r\\nContent-Length: " + str(len(forged)).encode()
        + b"\\r\\nConnection: close\\r\\n\\r\\n" + forged
    )
    conn.close()
"""


@pytest.fixture
def squatter(other: str, shared: Path) -> Iterator[tuple[int, Path]]:
    """The other user holds the hand-off's port before the till starts, records every byte a
    POS sends it and answers each call with a forged "spent" (#34)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    report = shared / "squatter.log"
    process = as_other(SYSTEM_PYTHON, "-c", SQUATTER, str(port), str(report))
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "listening", process.stderr
    yield port, report
    end(process)
