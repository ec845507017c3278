"""A new till set up by a script with no GUI, then used for a session against its server.

Afterwards the key appears in no file under the program's config, data and log folders, and
in no process's command line.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.base import i18n, logs
from app.base.paths import data_dir, log_dir
from app.core.journal.store import Journal
from app.core.journal.text import export_csv
from app.core.link.diagnostics import diagnostics_text
from app.core.link.session import production_connector
from app.core.settings import file as settings_file
from app.core.settings.secrets import Secrets
from app.sandbox import demo
from app.sandbox.server import SandboxServer
from app.ui.cashier.main_window import MainWindow
from tests.secrets.conftest import app_dirs
from tests.ui.test_cashier_flow import confirm, find, key, type_amount

ROOT = Path(__file__).resolve().parents[2]
KEY = "till-key-5c1e8f2a9b7d4e6f8a0b1c2d3e4f5a6b"


def run_setup(url: str, point: str, key: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``loyalty-till setup`` as IT runs it, on any OS: the key on standard input, nothing on
    argv (Linux's packaging/setup-till.sh is a wrapper of it, run below)."""
    return subprocess.run(
        [sys.executable, "-m", "app", "setup", url, point],
        input=key + "\n",
        text=True,
        capture_output=True,
        timeout=120,
        env={**os.environ, **env},
    )


@pytest.mark.skipif(sys.platform == "win32", reason="the shell wrapper is for Linux tills")
def test_the_linux_script_is_the_program_s_setup(tmp_path: Path) -> None:
    """packaging/setup-till.sh hands its arguments and standard input to the program."""
    full_env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    refused = subprocess.run(
        ["bash", str(ROOT / "packaging" / "setup-till.sh"), "https://x.example", "p"],
        input="\n",  # no key
        text=True,
        capture_output=True,
        timeout=60,
        env={**full_env, "LOYALTY_TILL_MACHINE_CONFIG": str(tmp_path / "m.toml")},
    )
    assert refused.returncode == 2
    assert refused.stderr == "loyalty-till setup: no key on standard input; nothing was changed\n"
    assert not (tmp_path / "m.toml").exists()


def test_scripted_setup_then_a_production_session(
    qtbot,
    qapp,
    sandbox: SandboxServer,
    keyring_env,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dirs = app_dirs(tmp_path / "till", monkeypatch)
    machine = tmp_path / "etc" / "settings.toml"
    monkeypatch.setenv("LOYALTY_TILL_MACHINE_CONFIG", str(machine))
    sandbox.store.add_api_key(KEY)
    setup = run_setup(sandbox.url, demo.POINT_ID, KEY)
    assert setup.returncode == 0, setup.stdout + setup.stderr
    assert "store:loyalty: stored" in setup.stdout
    assert "loyalty    ok" in setup.stdout
    assert KEY not in setup.stdout + setup.stderr

    # The till starts the way loyalty-till does: settings, keyring, window, journal, logs.
    i18n.install(qapp, "ru")
    log_file = logs.setup(log_dir())
    loaded = settings_file.load()
    assert loaded.problems == []
    assert loaded.settings.active_profile == "store"
    profile = loaded.settings.profile
    assert profile is not None
    journal = Journal(data_dir() / "journal.sqlite3")
    secrets = Secrets()  # the OS's store, as the program finds it
    window = MainWindow(
        production_connector("store", profile, secrets.get), journal, training=False
    )
    qtbot.addWidget(window)
    window.show()
    window.start_session()
    qtbot.waitUntil(lambda: window.controller.teller is not None)
    assert not window.header.training_banner.isVisible()
    # The partner's documented http address is not a warning on every sale.
    assert window.header.mode.text() == "Профиль: store"
    find(qtbot, window, demo.CLIENTS[0].phone)
    type_amount(qtbot, window, "300")
    key(qtbot, window, Qt.Key.Key_F6)
    confirm(qtbot, window)
    qtbot.waitUntil(lambda: window.controller.checkout.result is not None)
    assert sandbox.store.balance(demo.CLIENTS[0].id) == 578

    # Settings changed at the till, a journal export, diagnostics for IT.
    settings_file.save_user(loaded, {"font_size": 14, "profiles.store.read_timeout": 15.0})
    with pytest.raises(PermissionError):
        settings_file.save_user(loaded, {"profiles.store.base_url": "https://elsewhere.example"})
    (dirs["data"] / "export.csv").write_bytes(export_csv(journal.entries()))
    (dirs["data"] / "diagnostics.txt").write_text(diagnostics_text(window.controller.connection))
    window.close()
    qtbot.waitUntil(lambda: window.requests.running == 0, timeout=15000)
    journal.close()
    for handler in logging.getLogger().handlers:
        handler.flush()

    files = [p for folder in dirs.values() for p in folder.rglob("*") if p.is_file()]
    assert log_file in files
    assert any(p.name == "journal.sqlite3" for p in files)
    assert any(p.name == "settings.toml" for p in files)
    leaks = [p for p in files if KEY.encode() in p.read_bytes()]
    assert leaks == []
    assert KEY not in machine.read_text()
    if Path("/proc").is_dir():  # Windows keeps no command lines to read this way
        command_lines = []
        for proc in Path("/proc").iterdir():
            try:
                command_lines.append((proc / "cmdline").read_bytes())
            except OSError:
                continue
        assert command_lines
        assert not any(KEY.encode() in line for line in command_lines)

    for handler in list(logging.getLogger().handlers):
        if getattr(handler, "_loyalty_till", False):
            logging.getLogger().removeHandler(handler)
            handler.close()
    assert Decimal(578) == sandbox.store.balance(demo.CLIENTS[0].id)


@pytest.mark.parametrize(
    ("url", "point", "key"),
    [
        ('https://loyalty.example.ru/"quoted"', demo.POINT_ID, KEY),  # finding 9
        ("loyalty.example.ru", demo.POINT_ID, KEY),
        ("https://loyalty.example.ru", "point with spaces", KEY),
        ("https://loyalty.example.ru", demo.POINT_ID, ""),
    ],
)
def test_setup_refuses_bad_values_and_changes_nothing(
    keyring_env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str, point: str, key: str
) -> None:
    app_dirs(tmp_path / "till", monkeypatch)
    machine = tmp_path / "etc" / "settings.toml"
    monkeypatch.setenv("LOYALTY_TILL_MACHINE_CONFIG", str(machine))
    profile_key_before = Secrets().get("store", "loyalty")
    setup = run_setup(url, point, key)
    assert setup.returncode == 2, setup.stdout + setup.stderr
    assert "nothing was changed" in setup.stderr
    assert not machine.exists()
    assert Secrets().get("store", "loyalty") == profile_key_before


def test_setup_locks_a_manager_pin_in_the_machine_file(
    sandbox: SandboxServer, keyring_env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.core.settings.pin import hash_pin

    app_dirs(tmp_path / "till", monkeypatch)
    machine = tmp_path / "etc" / "settings.toml"
    monkeypatch.setenv("LOYALTY_TILL_MACHINE_CONFIG", str(machine))
    sandbox.store.add_api_key(KEY)
    pin_hash = hash_pin("2468")
    setup = run_setup(sandbox.url, demo.POINT_ID, KEY, MANAGER_PIN_HASH=pin_hash)
    assert setup.returncode == 0, setup.stdout + setup.stderr
    user = settings_file.user_config_path()
    user.parent.mkdir(parents=True, exist_ok=True)
    user.write_text('manager_pin = ""\n')  # whoever can edit the user's file
    loaded = settings_file.load()
    assert loaded.settings.manager_pin == pin_hash
    assert "manager_pin" in loaded.locked
