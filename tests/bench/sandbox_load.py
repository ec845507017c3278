"""The sandbox under 20 concurrent tills for a bounded time, on loopback only.

The sandbox runs in its own process (so the load generator does not share its interpreter);
each till is a thread with its own connection pool doing search + recalc, and a retail every
tenth round.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import threading
import time
from decimal import Decimal

import httpx

from app.api.loyalty import LoyaltyClient
from app.api.timeouts import NO_RETRY
from app.sandbox import demo
from tests.bench.common import Figure, median, percentile


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run(tills: int = 20, seconds: float = 30.0) -> list[Figure]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as folder:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "app",
                "sandbox",
                "--port",
                str(port),
                "--db",
                f"{folder}/load.sqlite3",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    httpx.get(f"{url}/_sandbox/health", timeout=1)
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            latencies: list[float] = []
            errors = [0]
            lock = threading.Lock()
            stop_at = time.monotonic() + seconds

            def till(index: int) -> None:
                customer = demo.CLIENTS[14 if index % 2 else 2]
                with LoyaltyClient(url, demo.API_KEY, demo.POINT_ID, retry=NO_RETRY) as client:
                    rounds = 0
                    while time.monotonic() < stop_at:
                        rounds += 1
                        for call in (
                            lambda: client.search(customer.phone),
                            lambda: client.recalc(customer.id, Decimal(100)),
                            *(
                                [lambda: client.retail(customer.id, Decimal(100), Decimal(0))]
                                if rounds % 10 == 0
                                else []
                            ),
                        ):
                            started = time.perf_counter()
                            try:
                                call()
                            except Exception:
                                with lock:
                                    errors[0] += 1
                                continue
                            with lock:
                                latencies.append((time.perf_counter() - started) * 1000)

            started = time.monotonic()
            threads = [threading.Thread(target=till, args=(i,)) for i in range(tills)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(seconds + 30)
            elapsed = time.monotonic() - started
        finally:
            server.terminate()
            server.wait(10)
    return [
        Figure(
            "sandbox",
            f"requests per second, {tills} tills",
            len(latencies) / elapsed,
            "req/s",
            f"{seconds:.0f} s, {errors[0]} errors",
        ),
        Figure("sandbox", "latency p50", median(latencies), "ms"),
        Figure("sandbox", "latency p99", percentile(latencies, 0.99), "ms"),
    ]
