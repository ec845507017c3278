"""The program's output wherever it goes (#33): a windowed Windows program has no standard
streams, and a pipe may be in a code page without «₽». Both failures were found by the first
run under Wine; both are reproduced here with the same conditions on any system, and run
under Wine with the Windows job."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app.handoff import protocol as handoff

ROOT = Path(__file__).resolve().parents[2]

WINDOWED_TRAINING = """
import json, pathlib, sys, tempfile, urllib.request
sys.stdout = None  # as for pythonw.exe or LoyaltyTill.exe started from Explorer
sys.stderr = None
from app.sandbox.server import SandboxServer
with tempfile.TemporaryDirectory() as folder:
    sandbox = SandboxServer(pathlib.Path(folder) / "sandbox.sqlite3").start()
    try:
        request = urllib.request.Request(
            sandbox.url + "/integration/general/client",
            data=json.dumps({"search": "79200000001", "point": sys.argv[1]}).encode(),
            headers={"apikey": "demo", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as reply:
            found = json.load(reply)
    finally:
        sandbox.stop()
pathlib.Path(sys.argv[2]).write_text(found["client"]["name"], encoding="utf-8")
"""


def run(args: list[str], **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        timeout=60,
        check=False,
    )


def test_training_mode_starts_in_a_program_without_standard_streams(tmp_path: Path) -> None:
    """uvicorn's logging set-up asked sys.stdout.isatty(): «Unable to configure formatter
    'default'», and the first thing a new user does, training mode, failed on Windows."""
    from app.sandbox import demo

    out = tmp_path / "name.txt"
    done = run(["-c", WINDOWED_TRAINING, demo.POINT_ID, str(out)])
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert out.read_text(encoding="utf-8") == "ИВАН"


def test_a_pipe_in_a_code_page_without_the_rouble_sign_never_crashes_the_output() -> None:
    """cp1252 (an English Windows, a CI runner) has neither Cyrillic nor «₽»: a bad amount
    exited 1 with UnicodeEncodeError instead of 2 with its message."""
    bad = run(["-m", "app", "sale", "--amount=\u0663"], PYTHONIOENCODING="cp1252")
    assert bad.returncode == handoff.BAD_ARGUMENT, bad.stderr.decode(errors="replace")
    assert b"Traceback" not in bad.stderr
    said = bad.stdout + bad.stderr
    assert "'\u0663'" in said.decode("utf-8")  # a pipe gets UTF-8, whatever the code page
    as_json = run(["-m", "app", "sale", "--amount=\u0663", "--json"], PYTHONIOENCODING="cp866")
    assert as_json.returncode == handoff.BAD_ARGUMENT
    [line] = as_json.stdout.decode("ascii").splitlines()  # --json is ASCII: any code page
    assert json.loads(line)["code"] == "bad-amount"


def test_a_program_without_streams_can_still_print_and_log() -> None:
    script = (
        "import sys; sys.stdout = None; sys.stderr = None\n"
        "from app.cli.console import prepare_streams\n"
        "prepare_streams()\n"
        "print('Итого 1\u00a0500,00 ₽')\n"
        "sys.stderr.write('no stream, no crash\\n')\n"
        "raise SystemExit(3)\n"
    )
    done = run(["-c", script])
    assert (done.returncode, done.stdout, done.stderr) == (3, b"", b"")
