"""The POS hand-off over HTTP in the real program: the port from the settings file, the token
from a real Secret Service (stored with the credentials command), requests not signed with it
refused; the integrator's examples in docs/examples run against it and against a squatter."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from app.handoff.signing import signed_call
from app.sandbox import demo
from tests.other_user import TOKEN as SQUATTED_TOKEN
from tests.other_user import other, shared, squatter
from tests.secrets.conftest import app_dirs

__all__ = ["other", "shared", "squatter"]  # fixtures, used by name

TOKEN = "pos-token-4f1c2a4e1b7d4c1e"
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


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
        bearer = {"Authorization": f"Bearer {TOKEN}"}  # the token itself: never by default
        assert httpx.post(f"{url}/show", headers=bearer, timeout=5).status_code == 401
        assert signed_call(port, "pos-token-wrong-0000000", "/show", b"")[0] == 401
        status, body, genuine = signed_call(port, TOKEN, "/show", b"")
        assert (status, json.loads(body), genuine) == (200, {"ok": True}, True)
        # The integrator's examples in docs/examples, as a POS runs them
        env_pos = {**env, "LOYALTY_TILL_TOKEN": TOKEN}
        python = subprocess.run(
            [
                sys.executable,
                str(EXAMPLES / "pos_http_sale.py"),
                "--port",
                str(port),
                "--amount",
                "1500,00",
                "--receipt",
                "R-1",
            ],
            env=env_pos,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert (python.returncode, json.loads(python.stdout)) == (
            0,
            {"ok": True, "state": "waiting"},
        ), python.stderr
        if sys.platform != "win32":  # bash, curl and openssl: a POS script's Unix form
            curl = subprocess.run(
                ["bash", str(EXAMPLES / "pos_http_sale.sh"), str(port), "15,0,0"],
                env=env_pos,
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert curl.returncode == 1, curl.stderr  # the till's own signed 422
            assert json.loads(curl.stdout)["code"] == "bad-amount"
        outside = own_address()
        if outside is not None:  # bound to loopback only: another address is refused
            with pytest.raises(httpx.TransportError):
                httpx.post(f"http://{outside}:{port}/show", timeout=2)
    finally:
        till.terminate()
        till.wait(timeout=20)


@pytest.mark.slow
def test_status_and_check_say_another_program_holds_the_port(
    squatter: tuple[int, Path], keyring_env, sandbox, tmp_path: Path, monkeypatch
) -> None:
    """``status`` lists it among what needs a person (exit 1) and ``check`` fails on it, while
    the loyalty server itself is fine."""
    port, _report = squatter
    dirs = app_dirs(tmp_path, monkeypatch)
    settings = dirs["config"] / "LoyaltyTill" / "settings.toml"
    settings.parent.mkdir(parents=True)
    settings.write_text(
        f'active_profile = "store"\nhandoff_http_port = {port}\n\n[profiles.store]\n'
        f'base_url = "{sandbox.url}"\npoint = "{demo.POINT_ID}"\n',
        encoding="utf-8",
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for profile, key, value in (
        ("store", "loyalty", demo.API_KEY),
        (None, "handoff", SQUATTED_TOKEN),
    ):
        where = ["--profile", profile] if profile else []
        stored = subprocess.run(
            [sys.executable, "-m", "app", "credentials", "set", *where, "--key", key],
            input=value + "\n",
            text=True,
            capture_output=True,
            env=env,
            timeout=60,
        )
        assert stored.returncode == 0, stored.stderr
    status = subprocess.run(
        [sys.executable, "-m", "app", "status", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    said = json.loads(status.stdout)
    assert (status.returncode, said["reachable"], said["handoff_http"]) == (
        1,
        True,
        "another program",
    )
    assert [line for line in said["attention"] if "another program answers" in line]
    check = subprocess.run(
        [sys.executable, "-m", "app", "check"], env=env, capture_output=True, text=True, timeout=60
    )
    assert check.returncode == 1, check.stdout + check.stderr
    assert f"handoff    failed   http://127.0.0.1:{port}: another program answers" in check.stdout
    assert "loyalty    ok" in check.stdout
