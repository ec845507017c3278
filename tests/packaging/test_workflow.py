"""The Windows workflow, which cannot run here: at least it must parse, and its msiexec calls
must keep a till from rebooting and take 3010 for success."""

from __future__ import annotations

from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")
WORKFLOW = Path(__file__).resolve().parents[2] / ".github" / "workflows" / "windows.yml"


def test_the_windows_workflow_parses_and_runs_the_tests_and_the_msi_checks() -> None:
    jobs = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]
    assert set(jobs) == {"tests", "bundle", "msi", "install"}
    assert jobs["tests"]["runs-on"] == "windows-latest"
    assert any("pytest" in step.get("run", "") for step in jobs["tests"]["steps"])
    calls = [
        line
        for step in jobs["install"]["steps"]
        for line in step.get("run", "").splitlines()
        if "Start-Process msiexec.exe" in line
    ]
    assert len(calls) >= 4
    assert all("/norestart" in line for line in calls)
    accepting = [s["run"] for s in jobs["install"]["steps"] if "-notin 0, 3010" in s.get("run", "")]
    assert len(accepting) >= 3
