"""Start-up: process start to a focused search field, as a ratio to a bare PySide6 window; and
``loyalty-till sale`` (run by a POS once per purchase) to its answer, beside a bare Python.

Both run with compiled bytecode, as the installed program does (PyInstaller ships ``.pyc``):
a machine with ``PYTHONDONTWRITEBYTECODE`` set would otherwise compile every module on every
start and measure the compiler. The bytecode goes to a temporary cache, warmed by one run of
each that is not counted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.common import Figure, median

ROOT = Path(__file__).resolve().parents[2]


def _launch(
    command: list[str], env: dict[str, str], ready_file: Path
) -> tuple[float, float, list[str]]:
    """Seconds to the focused search field, to connected (the bare window has no connection:
    its ready), and the modules imported before the window showed."""
    ready_file.unlink(missing_ok=True)
    started = time.time()
    subprocess.run(
        command,
        env={**env, "LOYALTY_TILL_READY_FILE": str(ready_file)},
        cwd=ROOT,
        timeout=120,
        check=True,
        capture_output=True,
    )
    report = json.loads(ready_file.read_text())
    ready = report["ready"] - started
    return ready, report.get("connected", report["ready"]) - started, report["modules"]


def _timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, cwd=ROOT, timeout=60, check=False, capture_output=True)
    return time.perf_counter() - started


def run(repeats: int = 5, installed: Path | None = None) -> tuple[list[Figure], list[str]]:
    """``installed``: a PyInstaller bundle's folder (``dist/LoyaltyTill``), whose executable is
    timed too, interleaved with the same bare window."""
    with tempfile.TemporaryDirectory() as home:
        env = {
            **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
            "PYTHONPYCACHEPREFIX": f"{home}/pyc",
            "QT_QPA_PLATFORM": "offscreen",
            "XDG_CONFIG_HOME": f"{home}/c",
            "XDG_DATA_HOME": f"{home}/d",
            "XDG_STATE_HOME": f"{home}/s",
            "LOYALTY_TILL_MACHINE_CONFIG": f"{home}/none.toml",
        }
        ready = Path(home) / "ready.json"
        app_times, bare_times, connected_times, installed_times = [], [], [], []
        frozen = [str(installed / "LoyaltyTill")] if installed is not None else None
        app_modules: list[str] = []
        bare_modules: list[str] = []
        sale = [sys.executable, "-m", "app", "sale", "--amount", "1"]  # no window: exit 3
        bare_python = [sys.executable, "-c", "pass"]
        for command in (sale, bare_python):
            _timed(command, env)
        _launch([sys.executable, "-m", "tests.bench.bare_window", str(ready)], env, ready)
        _launch([sys.executable, "-m", "app"], env, ready)
        if frozen is not None:
            _launch(frozen, env, ready)
        sale_times = [_timed(sale, env) for _ in range(repeats)]
        python_times = [_timed(bare_python, env) for _ in range(repeats)]
        for _ in range(repeats):  # interleaved, so drift in the machine hits both alike
            seconds, _same, bare_modules = _launch(
                [sys.executable, "-m", "tests.bench.bare_window", str(ready)], env, ready
            )
            bare_times.append(seconds)
            seconds, connected, app_modules = _launch([sys.executable, "-m", "app"], env, ready)
            app_times.append(seconds)
            connected_times.append(connected)
            if frozen is not None:
                installed_times.append(_launch(frozen, env, ready)[0])
    app_ms, bare_ms = median(app_times) * 1000, median(bare_times) * 1000
    extra = sorted({m.split(".")[0] for m in set(app_modules) - set(bare_modules)})
    figures = [
        Figure("startup", "bare PySide6 window", bare_ms, "ms", f"median of {repeats}"),
        Figure("startup", "Loyalty Till to focused search", app_ms, "ms", f"median of {repeats}"),
        Figure("startup", "ratio to bare window", app_ms / bare_ms, "×"),
        Figure(
            "startup",
            "Loyalty Till to connected",
            median(connected_times) * 1000,
            "ms",
            "training: settings validated, sandbox started, a search would be answered",
        ),
        Figure("startup", "bare Python (python -c pass)", median(python_times) * 1000, "ms"),
        Figure(
            "startup",
            "loyalty-till sale, no window running",
            median(sale_times) * 1000,
            "ms",
            f"median of {repeats}; the POS's call, to its answer",
        ),
        Figure(
            "startup",
            "modules beyond the bare window",
            len(set(app_modules) - set(bare_modules)),
            "modules",
            f"{len(extra)} top-level packages",
        ),
    ]
    if installed_times:
        installed_ms = median(installed_times) * 1000
        figures += [
            Figure(
                "startup",
                "installed bundle to focused search",
                installed_ms,
                "ms",
                f"median of {repeats}; {installed}",
            ),
            Figure("startup", "installed ratio to bare window", installed_ms / bare_ms, "×"),
        ]
    return figures, extra
