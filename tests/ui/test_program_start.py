"""The real program starts (``python -m app``) and its search field takes the focus, with and
without a broken settings file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def program_env(tmp_path: Path) -> dict[str, str]:
    """The program's folders under ``tmp_path`` (on any OS), offscreen, reporting when ready."""
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "LOYALTY_TILL_CONFIG_DIR": str(tmp_path / "config" / "LoyaltyTill"),
        "LOYALTY_TILL_DATA_DIR": str(tmp_path / "data" / "LoyaltyTill"),
        "LOYALTY_TILL_LOG_DIR": str(tmp_path / "state" / "LoyaltyTill" / "log"),
        "LOYALTY_TILL_MACHINE_CONFIG": str(tmp_path / "machine.toml"),
        "LOYALTY_TILL_READY_FILE": str(tmp_path / "ready.json"),
    }


def start(tmp_path: Path, user_settings: str | None = None) -> dict:
    env = program_env(tmp_path)
    if user_settings is not None:
        path = tmp_path / "config" / "LoyaltyTill" / "settings.toml"
        path.parent.mkdir(parents=True)
        path.write_text(user_settings, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "app"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads((tmp_path / "ready.json").read_text())


def test_the_program_starts_with_the_search_field_focused(tmp_path: Path) -> None:
    report = start(tmp_path)
    assert report["connected"] >= report["ready"] > 0  # connected after the first frame
    heavy = {"pydantic", "httpx", "uvicorn", "starlette", "keyring", "ssl"}
    assert heavy.isdisjoint({name.split(".")[0] for name in report["modules"]})
    assert (tmp_path / "data" / "LoyaltyTill" / "journal.sqlite3").exists()


@pytest.mark.parametrize("broken", ["language = = 'x'\n", 'font_size = "huge"\nlanguage = "xx"\n'])
def test_a_broken_settings_file_does_not_stop_the_start(tmp_path: Path, broken: str) -> None:
    assert start(tmp_path, broken)["ready"] > 0


@pytest.mark.slow
def test_a_journal_held_by_another_program_is_waited_for_then_used(tmp_path: Path) -> None:
    """The till's own computer, finding 2: a journal locked by a backup tool at start was
    renamed "corrupt" and an empty one started; a sale in doubt was never reconciled."""
    import time

    from app.core.journal.entry import Kind
    from app.core.journal.store import Journal
    from tests.money.test_journal_refuses import held

    data = tmp_path / "data" / "LoyaltyTill"
    journal = Journal(data / "journal.sqlite3")
    entry = journal.intent(Kind.RETAIL, server="s", point="p", training=True)
    journal.close()
    env = program_env(tmp_path)
    with held(data / "journal.sqlite3"):
        program = subprocess.Popen([sys.executable, "-m", "app"], env=env, text=True)
        time.sleep(8)  # longer than SQLite's 5 s wait: the program is waiting, visibly
        assert program.poll() is None
        assert not (tmp_path / "ready.json").exists()
    assert program.wait(timeout=60) == 0  # retried by itself once the file was free
    assert (tmp_path / "ready.json").exists()
    assert [p.name for p in data.iterdir() if "corrupt" in p.name] == []
    reopened = Journal(data / "journal.sqlite3")
    assert reopened.get(entry).kind is Kind.RETAIL  # the same journal, the entry kept
    reopened.close()


def test_a_settings_file_nested_5000_deep_still_opens_the_window(tmp_path: Path) -> None:
    """The till's own computer, finding 5: RecursionError, no window and no message."""
    nested = "x = " + "[" * 5000 + "]" * 5000 + "\n"
    assert start(tmp_path, nested)["ready"] > 0
    env = {
        **os.environ,
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "LOYALTY_TILL_CONFIG_DIR": str(tmp_path / "config" / "LoyaltyTill"),
        "LOYALTY_TILL_MACHINE_CONFIG": str(tmp_path / "machine.toml"),
    }
    check = subprocess.run(
        [sys.executable, "-m", "app", "check"], env=env, capture_output=True, text=True, timeout=60
    )
    assert "Traceback" not in check.stderr
    assert "settings:" in check.stderr  # the file is named as the problem
