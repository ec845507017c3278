"""The commands a POS or IT runs, with the standard streams a windowed or detached start gives
them: a closed or absent stdin is a clear message and exit 2, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.mark.skipif(sys.platform == "win32", reason="`<&-` (close stdin) is a POSIX shell's")
def test_a_closed_stdin_is_a_message_and_exit_2() -> None:
    result = subprocess.run(
        ["sh", "-c", f'"{sys.executable}" -m app.cli.commands pin hash <&-'],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "standard input is closed" in result.stderr
    assert "Traceback" not in result.stderr


def test_no_stdin_at_all_as_in_a_windowed_program_is_exit_2() -> None:
    """A windowed Windows program has ``sys.stdin is None``."""
    code = (
        "import sys; sys.stdin = None; from app.cli.commands import main; "
        "sys.exit(main(['pin', 'hash']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "standard input is closed" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_pin_on_stdin_still_works() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app.cli.commands", "pin", "hash"],
        input="482913\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert result.stdout.startswith('manager_pin = "scrypt$')


def test_a_sale_loads_no_qt(tmp_path) -> None:
    """``loyalty-till sale`` runs once per purchase: PySide6 (~170 ms to load) stays out of it,
    on Windows too (the named pipe with the standard library), and with no window it says so
    (exit 3)."""
    code = (
        "import sys; from app.cli.commands import main; code = main(['sale', '--amount', '1']); "
        "print('with qt' if 'PySide6' in sys.modules else 'no qt'); sys.exit(code)"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)}
    if sys.platform == "win32":  # Windows's Python needs its own variables (SYSTEMROOT)
        env = {**os.environ, "LOYALTY_TILL_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        encoding="utf-8",  # what the command writes to a pipe on any system (app/cli/console.py)
        timeout=60,
        env=env,
    )
    assert (result.returncode, result.stdout.split()[-2:]) == (3, ["no", "qt"]), result.stderr


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--training"],
        ["--lang", "en", "--profile", "store"],
        ["--base-url", "https://l.example.ru", "--point", "p1"],
        ["--self-test", "--out", "report.json"],
        ["sale", "--amount", "1500,00", "--wait"],
        ["chain", "totals", "--date", "2026-12-07", "--json"],
    ],
)
def test_the_window_start_parses_as_the_full_parser_does(argv: list[str]) -> None:
    """The subcommands' parsers are left out for a command line of options only (the window's
    start): what it reads must be what the whole parser reads."""
    from app.cli.parser import build_parser

    whole = build_parser(["--help"]).parse_args(argv)  # every subcommand's parser built
    assert build_parser(argv).parse_args(argv) == whole


def test_a_subcommand_or_help_builds_the_subcommands() -> None:
    from app.cli.parser import build_parser

    assert "scanner-test" in build_parser(["--help"]).format_help()
    assert "scanner-test" not in build_parser(["--training"]).format_help()
    assert build_parser(["status"]).parse_args(["status", "--json"]).json is True
