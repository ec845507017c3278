"""The real program starts (``python -m app``) and its search field takes the focus, with and
without a broken settings file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def start(tmp_path: Path, user_settings: str | None = None) -> dict:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "LOYALTY_TILL_MACHINE_CONFIG": str(tmp_path / "machine.toml"),
        "LOYALTY_TILL_READY_FILE": str(tmp_path / "ready.json"),
    }
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
    assert report["ready"] > 0
    heavy = {"pydantic", "httpx", "uvicorn", "starlette", "keyring"}
    assert heavy.isdisjoint({name.split(".")[0] for name in report["modules"]})
    assert (tmp_path / "data" / "LoyaltyTill" / "journal.sqlite3").exists()


@pytest.mark.parametrize("broken", ["language = = 'x'\n", 'font_size = "huge"\nlanguage = "xx"\n'])
def test_a_broken_settings_file_does_not_stop_the_start(tmp_path: Path, broken: str) -> None:
    assert start(tmp_path, broken)["ready"] > 0
