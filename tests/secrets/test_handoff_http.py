"""The POS hand-off over HTTP in the real program: the port from the settings file, the token
from a real Secret Service (stored with the credentials command), requests without it refused."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.secrets.conftest import app_dirs

TOKEN = "pos-token-4f1c2a4e1b7d4c1e"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def own_address() -> str | None:
    """This machine's address on its outward interface (UDP connect sends nothing)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if address.startswith("127.") else address


def test_the_program_serves_the_hand_off_with_the_keyring_token(
    keyring_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dirs = app_dirs(tmp_path, monkeypatch)
    port = free_port()
    settings = dirs["config"] / "LoyaltyTill" / "settings.toml"
    settings.parent.mkdir(parents=True)
    settings.write_text(f"handoff_http_port = {port}\n", encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    stored = subprocess.run(
        [sys.executable, "-m", "app", "credentials", "set", "--key", "handoff"],
        input=TOKEN + "\n",
        text=True,
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert stored.returncode == 0, stored.stderr
    till = subprocess.Popen([sys.executable, "-m", "app", "--training"], env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.post(f"{url}/show", timeout=2)
                break
            except httpx.TransportError:
                assert till.poll() is None, "the program ended"
                assert time.monotonic() < deadline, "the endpoint never came up"
                time.sleep(0.2)
        assert httpx.post(f"{url}/sale", json={"amount": "100"}, timeout=5).status_code == 401
        wrong = {"Authorization": "Bearer pos-token-wrong-0000000"}
        assert httpx.post(f"{url}/show", headers=wrong, timeout=5).status_code == 401
        right = {"Authorization": f"Bearer {TOKEN}"}
        assert httpx.post(f"{url}/show", headers=right, timeout=5).json() == {"ok": True}
        reply = httpx.post(f"{url}/sale", headers=right, json={"amount": "1500,00"}, timeout=5)
        assert reply.json() == {"ok": True, "state": "waiting"}
        bad = httpx.post(f"{url}/sale", headers=right, json={"amount": "15,0,0"}, timeout=5)
        assert bad.status_code == 422
        outside = own_address()
        if outside is not None:  # bound to loopback only: another address is refused
            with pytest.raises(httpx.TransportError):
                httpx.post(f"http://{outside}:{port}/show", headers=right, timeout=2)
    finally:
        till.terminate()
        till.wait(timeout=20)
