"""Start-up: process start to a focused search field, as a ratio to a bare PySide6 window."""

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


def _launch(command: list[str], env: dict[str, str], ready_file: Path) -> tuple[float, list[str]]:
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
    return report["ready"] - started, report["modules"]


def run(repeats: int = 5) -> tuple[list[Figure], list[str]]:
    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "XDG_CONFIG_HOME": f"{home}/c",
            "XDG_DATA_HOME": f"{home}/d",
            "XDG_STATE_HOME": f"{home}/s",
            "LOYALTY_TILL_MACHINE_CONFIG": f"{home}/none.toml",
        }
        ready = Path(home) / "ready.json"
        app_times, bare_times = [], []
        app_modules: list[str] = []
        bare_modules: list[str] = []
        for _ in range(repeats):  # interleaved, so drift in the machine hits both alike
            seconds, bare_modules = _launch(
                [sys.executable, "-m", "tests.bench.bare_window", str(ready)], env, ready
            )
            bare_times.append(seconds)
            seconds, app_modules = _launch([sys.executable, "-m", "app"], env, ready)
            app_times.append(seconds)
    app_ms, bare_ms = median(app_times) * 1000, median(bare_times) * 1000
    extra = sorted({m.split(".")[0] for m in set(app_modules) - set(bare_modules)})
    figures = [
        Figure("startup", "bare PySide6 window", bare_ms, "ms", f"median of {repeats}"),
        Figure("startup", "Loyalty Till to focused search", app_ms, "ms", f"median of {repeats}"),
        Figure("startup", "ratio to bare window", app_ms / bare_ms, "×"),
        Figure(
            "startup",
            "modules beyond the bare window",
            len(set(app_modules) - set(bare_modules)),
            "modules",
            f"{len(extra)} top-level packages",
        ),
    ]
    return figures, extra
