"""``loyalty-till status`` for a chain's monitoring agent: the real command against the
sandbox over HTTP, its key in a real Secret Service, the till's journal read as it is."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from app.core.journal.entry import Kind, Verdict
from app.core.journal.store import Journal
from app.sandbox import demo
from app.sandbox.server import SandboxServer
from tests.secrets.conftest import app_dirs


def status(env: dict[str, str]) -> tuple[int, dict]:
    done = subprocess.run(
        [sys.executable, "-m", "app", "status", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, json.loads(done.stdout)


@pytest.fixture
def till(sandbox: SandboxServer, keyring_env, tmp_path: Path, monkeypatch) -> dict[str, str]:
    dirs = app_dirs(tmp_path, monkeypatch)
    settings = dirs["config"] / "LoyaltyTill" / "settings.toml"
    settings.parent.mkdir(parents=True)
    settings.write_text(
        f'active_profile = "store"\n[profiles.store]\nbase_url = "{sandbox.url}"\n'
        f'point = "{demo.POINT_ID}"\n',
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "LOYALTY_TILL_DATA_DIR": str(dirs["data"] / "LoyaltyTill"),
        "LOYALTY_TILL_MACHINE_CONFIG": str(tmp_path / "machine.toml"),
    }
    stored = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "credentials",
            "set",
            "--profile",
            "store",
            "--key",
            "loyalty",
        ],
        input=demo.API_KEY + "\n",
        text=True,
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert stored.returncode == 0, stored.stderr
    return env


def test_a_healthy_till_says_so_with_its_latency(till: dict[str, str], sandbox) -> None:
    code, said = status(till)
    assert code == 0, said
    assert (said["profile"], said["reachable"], said["key_accepted"]) == ("store", True, True)
    assert said["latency_ms"]["samples"] == 5
    assert 0 < said["latency_ms"]["p50"] <= said["latency_ms"]["p95"]
    assert abs(said["clock_offset_s"]) < 5
    assert said["attention"] == []
    assert sandbox.store.operations(demo.CLIENTS[0].id) == []  # the probe made no operation


def test_what_needs_a_person_is_listed_and_the_exit_code_says_so(
    till: dict[str, str], sandbox
) -> None:
    sandbox.store.clock.offset = 7 * 60
    journal = Journal(Path(till["LOYALTY_TILL_DATA_DIR"]) / "journal.sqlite3")
    entry = journal.intent(
        Kind.RETAIL,
        server=sandbox.url,
        point=demo.POINT_ID,
        training=False,
        amount=Decimal(100),
        spend=Decimal(10),
    )
    journal.unknown(entry, "dropped")
    journal.reconciled(entry, Verdict.UNDECIDED, reason="cannot tell", balance_after=None)
    journal.close()
    code, said = status(till)
    assert code == 1
    assert said["needs_decision"] == 1
    assert any("decision" in line for line in said["attention"])
    assert any("clock" in line for line in said["attention"])


def test_a_server_that_does_not_answer_is_attention(till: dict[str, str], sandbox) -> None:
    from tests.conftest import set_fault

    set_fault(sandbox, mode="error500", routes=["client"])
    code, said = status(till)
    assert code == 1
    assert said["reachable"] is False
    assert "500" in said["problem"]


def test_queued_earns_are_reported_until_they_are_credited(till: dict[str, str], sandbox) -> None:
    journal = Journal(Path(till["LOYALTY_TILL_DATA_DIR"]) / "journal.sqlite3")
    where = {"server": sandbox.url, "point": demo.POINT_ID, "training": False}
    journal.intent(Kind.RETAIL, amount=Decimal(300), queued=True, **where)
    journal.intent(Kind.RETAIL, amount=Decimal(50), queued=True, **where)
    journal.close()
    code, said = status(till)
    assert code == 1
    assert said["queued_earns"] == 2 and said["last_posted"] is None
    assert said["oldest_queued"] is not None
    assert any("2 offline earn(s)" in line for line in said["attention"])

    journal = Journal(Path(till["LOYALTY_TILL_DATA_DIR"]) / "journal.sqlite3")
    for entry in journal.queued_earns():  # as the sender records a post that went through
        journal.posting(
            entry.id,
            client_id="c",
            customer="c",
            points=Decimal(1),
            balance_before=None,
            server_time=None,
        )
        journal.done(entry.id, earn=Decimal(1), total=entry.amount)
    journal.close()
    code, said = status(till)
    assert code == 0, said
    assert said["queued_earns"] == 0 and said["last_posted"] is not None


def test_the_chain_backlog_is_reported_when_shipping_is_on(
    till: dict[str, str], sandbox, tmp_path: Path
) -> None:
    code, said = status(till)
    assert said["chain_backlog"] is None  # no chain_dsn: not shipping, nothing to say
    Path(till["LOYALTY_TILL_MACHINE_CONFIG"]).write_text(
        'chain_dsn = "host=127.0.0.1 port=1 dbname=chain user=till"\n', encoding="utf-8"
    )
    journal = Journal(Path(till["LOYALTY_TILL_DATA_DIR"]) / "journal.sqlite3")
    where = {"server": sandbox.url, "point": demo.POINT_ID, "training": False}
    done = journal.intent(Kind.RETAIL, amount=Decimal(300), **where)
    journal.done(done, earn=Decimal(30), total=Decimal(300))
    journal.close()
    code, said = status(till)
    assert said["chain_backlog"] == 1 and said["chain_last_shipped"] is None
    assert code == 1
    assert any("not shipped to the chain" in line for line in said["attention"])
