"""The locked, hash-checked set CI, the bundle and the Windows job install: it must still
satisfy pyproject.toml (refresh it with the command in the README when this fails)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)")


def locked() -> dict[str, tuple[Version, str]]:
    pins: dict[str, tuple[Version, str]] = {}
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        found = PIN.match(block)
        if found:
            pins[canonicalize_name(found[1])] = (Version(found[2]), block)
    return pins


def wanted() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        lines += [line for line in extra if not line.startswith(project["name"])]
    return [Requirement(line) for line in lines]


def test_the_lock_satisfies_every_requirement_of_pyproject() -> None:
    pins = locked()
    problems = []
    for requirement in wanted():
        name = canonicalize_name(requirement.name)
        if name not in pins:
            problems.append(f"{requirement}: not in requirements.lock")
        elif not requirement.specifier.contains(pins[name][0], prereleases=True):
            problems.append(f"{requirement}: locked at {pins[name][0]}")
    assert problems == [], "refresh the lock (README, 'Dependencies are locked'):\n" + "\n".join(
        problems
    )


def test_every_locked_package_carries_its_hashes() -> None:
    pins = locked()
    assert len(pins) > 50
    unhashed = [name for name, (_version, block) in pins.items() if "--hash=sha256:" not in block]
    assert unhashed == []


def test_the_qt_pin_keeps_below_the_release_that_crashes() -> None:
    """PySide6 6.12.0 drops a reference to None on every void Qt call (pyproject's comment)."""
    assert locked()["pyside6-essentials"][0] < Version("6.12")
