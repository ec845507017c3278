"""``loyalty-till sandbox`` runs standalone and answers the README's curl examples."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.sandbox import demo


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def standalone(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app",
            "sandbox",
            "--port",
            str(port),
            "--db",
            str(tmp_path / "cli.sqlite3"),
            "--fault",
            "error500:history",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            httpx.get(f"{url}/_sandbox/health", timeout=1)
            break
        except httpx.TransportError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail(
                    f"sandbox did not start: {process.stdout.read() if process.stdout else ''}"
                )
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_readme_curl_examples_have_the_documented_shapes(standalone: str) -> None:
    headers = {"apikey": demo.API_KEY}
    client = httpx.post(
        f"{standalone}/integration/general/client",
        headers=headers,
        json={"search": "79200000001", "point": demo.POINT_ID},
    ).json()
    assert client["success"] is True
    assert set(client["client"]) == {
        "id",
        "name",
        "photo",
        "birthday",
        "level",
        "phone",
        "email",
        "balance",
    }
    assert client["client"]["phone"] == 79200000001
    recalc = httpx.post(
        f"{standalone}/integration/general/recalc",
        headers=headers,
        json={"client": demo.REFERENCE_CLIENT_ID, "point": demo.POINT_ID, "amount": 100},
    ).json()
    assert recalc == {
        "success": True,
        "recalc": {"amount": 100, "percent": 10, "type": "cashback", "spend": 100, "earn": 10},
    }
    held = httpx.post(
        f"{standalone}/integration/general/bonuses/hold",
        headers=headers,
        json={"client": demo.REFERENCE_CLIENT_ID, "point": demo.POINT_ID, "amount": 100},
    ).json()
    assert set(held["held"]) == {"id", "until", "amount"}
    retail = httpx.post(
        f"{standalone}/integration/general/retail",
        headers=headers,
        json={
            "client": demo.REFERENCE_CLIENT_ID,
            "point": demo.POINT_ID,
            "amount": 100,
            "spend": 100,
            "hold": [held["held"]["id"]],
        },
    ).json()
    assert retail == {
        "success": True,
        "retail": {"amount": 100, "total": 0, "percent": 10, "type": "cashback", "spend": 100},
    }
    release = httpx.post(
        f"{standalone}/integration/general/bonuses/release",
        headers=headers,
        json={"id": "anything"},
    ).json()
    assert release == {"success": True}
    history = httpx.post(
        f"{standalone}/irp/bonus-history", json={"userIdentifier": demo.REFERENCE_CLIENT_ID}
    )
    assert history.status_code == 500  # the --fault given on the command line
    invitation = httpx.post(
        f"{standalone}/irp/invitation", json={"userIdentity": {"userId": demo.REFERENCE_CLIENT_ID}}
    ).json()
    assert invitation["referralCode"] == "AAA123"
    partner = httpx.post(
        f"{standalone}/api/Register/Add",
        json={"api_key": demo.PARTNER_KEY, "email": "cli@example.ru"},
    ).json()
    assert partner == {"status": "ok"}


def test_bad_fault_argument_is_refused() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app", "sandbox", "--fault", "explode"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "mode must be one of" in result.stderr
