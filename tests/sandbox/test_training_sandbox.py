"""Training mode's embedded sandbox: started once when training begins, reused when training is
entered again, stopped at exit; a till that never trained never loads it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.api import errors
from app.api.loyalty import LoyaltyClient
from app.core.link.session import Connection
from app.sandbox import demo
from app.training import TrainingSandbox
from tests.conftest import FAST_RETRY, SHORT


def _client(connection: Connection) -> LoyaltyClient:
    return LoyaltyClient(
        connection.base_url, connection.apikey, connection.point, timeouts=SHORT, retry=FAST_RETRY
    )


def test_training_starts_one_sandbox_reuses_it_and_stops_it(tmp_path: Path) -> None:
    sandbox = TrainingSandbox(tmp_path / "training.sqlite3")
    first = sandbox.start()
    try:
        assert first.training
        assert sandbox.start().base_url == first.base_url  # entered again: the same server
        loyalty = _client(first)
        assert loyalty.search(demo.CLIENTS[0].phone).id == demo.CLIENTS[0].id
    finally:
        sandbox.stop()
    with pytest.raises(errors.Unreachable):
        loyalty.search(demo.CLIENTS[0].phone)
    loyalty.close()


def test_a_till_that_never_trained_never_loads_the_sandbox(tmp_path: Path) -> None:
    """Stopping at exit used to import the sandbox (uvicorn, starlette) to learn there was none."""
    probe = (
        "import sys; from pathlib import Path; from app.training import TrainingSandbox; "
        f"TrainingSandbox(Path({str(tmp_path)!r}) / 't.sqlite3').stop(); "
        "print(sorted(m for m in sys.modules if m.startswith(('app.sandbox.server', 'uvicorn'))))"
    )
    shown = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert shown.stdout.strip() == "[]"
