"""A real PostgreSQL for the chain tests: the throwaway cluster `.ci/start_postgres.sh` starts
(its connection string in ``LOYALTY_TILL_TEST_PG``), a fresh database per test."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import pytest

psycopg = pytest.importorskip("psycopg")


@pytest.fixture(scope="session")
def pg_admin() -> str:
    dsn = os.environ.get("LOYALTY_TILL_TEST_PG", "")
    if not dsn:
        if os.environ.get("CI"):
            pytest.fail("LOYALTY_TILL_TEST_PG is not set: .ci/run starts the cluster")
        pytest.skip("no test PostgreSQL (bash .ci/start_postgres.sh prints LOYALTY_TILL_TEST_PG)")
    return dsn


@pytest.fixture
def pg(pg_admin: str) -> Iterator[str]:
    """The connection string of a new, empty database (the superuser's)."""
    name = f"lt_{secrets.token_hex(6)}"
    with psycopg.connect(pg_admin, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}".encode())
    yield psycopg.conninfo.make_conninfo(pg_admin, dbname=name)
    with psycopg.connect(pg_admin, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE {name} WITH (FORCE)".encode())
