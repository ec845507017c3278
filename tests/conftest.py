"""Shared fixtures: one real sandbox over HTTP on loopback, reset before every test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.api.imshop import ImshopClient
from app.api.loyalty import LoyaltyClient
from app.api.partner import PartnerClient
from app.api.timeouts import RetryPolicy, Timeouts
from app.sandbox import demo
from app.sandbox.faults import Fault
from app.sandbox.server import SandboxServer

FAST_RETRY = RetryPolicy(attempts=3, first_wait=0.01, max_wait=0.05)
SHORT = Timeouts(connect=2.0, read=1.0)


@pytest.fixture(scope="session")
def sandbox_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxServer]:
    server = SandboxServer(tmp_path_factory.mktemp("sandbox") / "sandbox.sqlite3")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def sandbox(sandbox_server: SandboxServer) -> SandboxServer:
    """The shared sandbox with fresh demo data, no fault, and the real clock."""
    sandbox_server.injector.clear()
    sandbox_server.store.clock.offset = 0.0
    sandbox_server.store.load_demo()
    return sandbox_server


def set_fault(server: SandboxServer, **fields: object) -> None:
    server.injector.set(Fault.from_json(fields))


@pytest.fixture
def loyalty(sandbox: SandboxServer) -> Iterator[LoyaltyClient]:
    client = LoyaltyClient(
        sandbox.url, demo.API_KEY, demo.POINT_ID, timeouts=SHORT, retry=FAST_RETRY
    )
    yield client
    client.close()


@pytest.fixture
def imshop(sandbox: SandboxServer) -> Iterator[ImshopClient]:
    client = ImshopClient(
        f"{sandbox.url}/irp/bonus-history",
        f"{sandbox.url}/irp/invitation",
        timeouts=SHORT,
        retry=FAST_RETRY,
    )
    yield client
    client.close()


@pytest.fixture
def partner(sandbox: SandboxServer) -> Iterator[PartnerClient]:
    client = PartnerClient(demo.PARTNER_KEY, f"{sandbox.url}/api/Register/Add")
    yield client
    client.close()


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return Path(__file__).parent / "data"
