"""A real Secret Service for the keyring tests: a private D-Bus session with gnome-keyring.

This is what ``dbus-run-session`` does, kept open for the whole test session. ``.ci/run``
installs ``dbus`` and ``gnome-keyring``; on a machine without them the tests are skipped,
except under CI, where a missing component fails the run.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backends.SecretService import Keyring as SecretServiceKeyring

from app.core.settings.secrets import Secrets


@pytest.fixture(scope="session")
def secret_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The OS's own store: a private Secret Service on Linux; on Windows the user's real
    Credential Manager, which needs nothing started."""
    if sys.platform == "win32":
        yield {}
        return
    missing = [tool for tool in ("dbus-daemon", "gnome-keyring-daemon") if not shutil.which(tool)]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must install {missing} (see .ci/run)")
        pytest.skip(f"no {missing}: install dbus and gnome-keyring to run the keyring tests")
    home = tmp_path_factory.mktemp("keyring-home")
    (home / "keyrings").mkdir()
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert bus.stdout is not None
    address = bus.stdout.readline().strip()
    # Its own runtime folder too: gnome-keyring-daemon finds a running daemon by the control
    # socket there, and the test workers (pytest-xdist) each start one on a bus of their own.
    runtime = home / "run"
    runtime.mkdir(mode=0o700)
    env = {
        "DBUS_SESSION_BUS_ADDRESS": address,
        "XDG_DATA_HOME": str(home),
        "XDG_RUNTIME_DIR": str(runtime),
    }
    started = subprocess.run(
        ["gnome-keyring-daemon", "--unlock", "--components=secrets"],
        input="keyring-test-password",
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    control = dict(line.split("=", 1) for line in started.stdout.split() if "=" in line)
    env.update(control)
    yield env
    subprocess.run(["pkill", "-f", f"gnome-keyring-daemon.*{home}"], check=False)
    bus.send_signal(signal.SIGTERM)
    bus.wait(timeout=10)


@pytest.fixture
def keyring_env(secret_service: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The Secret Service's environment in this process and its children, for one test."""
    for name, value in secret_service.items():
        monkeypatch.setenv(name, value)
    return secret_service


@pytest.fixture
def secrets(keyring_env: dict[str, str]) -> Secrets:
    if sys.platform == "win32":
        from keyring.backends.Windows import WinVaultKeyring

        return Secrets(WinVaultKeyring())
    return Secrets(SecretServiceKeyring())


def app_dirs(root: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Point the program's config, data and log folders into ``root``."""
    dirs = {"config": root / "config", "data": root / "data", "state": root / "state"}
    monkeypatch.setenv("XDG_CONFIG_HOME", str(dirs["config"]))
    monkeypatch.setenv("XDG_DATA_HOME", str(dirs["data"]))
    monkeypatch.setenv("XDG_STATE_HOME", str(dirs["state"]))
    # The same folders where platformdirs ignores XDG_* (Windows): the program's own names.
    monkeypatch.setenv("LOYALTY_TILL_CONFIG_DIR", str(dirs["config"] / "LoyaltyTill"))
    monkeypatch.setenv("LOYALTY_TILL_DATA_DIR", str(dirs["data"] / "LoyaltyTill"))
    monkeypatch.setenv("LOYALTY_TILL_LOG_DIR", str(dirs["state"] / "LoyaltyTill" / "log"))
    return dirs
