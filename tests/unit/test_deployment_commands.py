"""The commands an installer and IT scripts run: machine-config and --self-test."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

from app.core.settings import file as settings_file


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=120
    )


def test_machine_config_writes_and_locks_the_store_profile(tmp_path: Path) -> None:
    path = tmp_path / "ProgramData" / "LoyaltyTill" / "settings.toml"
    path.parent.mkdir(parents=True)
    path.write_text('font_size = 16\nmanager_pin = ""\n', encoding="utf-8")  # IT's own lines
    result = run(
        "machine-config",
        "--base-url",
        "https://loyalty.example.ru",
        "--point",
        "62a0000000000000000000f4",
        "--path",
        str(path),
    )
    assert result.returncode == 0, result.stderr
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["font_size"] == 16
    assert data["profiles"]["store"]["point"] == "62a0000000000000000000f4"
    loaded = settings_file.load(
        tmp_path / "user.toml", path, {"profiles.store.point": "overridden"}
    )
    assert loaded.problems == []
    assert loaded.settings.active_profile == "store"
    assert loaded.settings.profiles["store"].point == "62a0000000000000000000f4"  # locked
    if os.name != "nt":  # every user's till reads the machine-wide file
        assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_machine_config_refuses_a_bad_address(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    result = run(
        "machine-config",
        "--base-url",
        "http://loyalty.example.ru",
        "--point",
        "p1",
        "--path",
        str(path),
    )
    assert result.returncode == 2
    assert "not protected" in result.stderr
    assert not path.exists()


def test_self_test_passes_from_source_and_writes_its_report(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = run("--self-test", "--out", str(out))
    assert result.returncode == 0, result.stdout[-2000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["ok"] is True
    if os.name != "nt":  # what the program writes is its user's only (umask 077)
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert report["frozen"] is False
    assert [c["name"] for c in report["checks"]] == [
        "resources",
        "translations",
        "keyring",
        "trust store",
        "qr code",
        "postgresql driver",
        "spend and earn against the sandbox",
    ]
