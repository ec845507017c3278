"""Settings files in a temporary folder, shared by the settings and policy tests."""

from __future__ import annotations

from pathlib import Path

import pytest


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def paths(tmp_path: Path) -> tuple[Path, Path]:
    """The user's and the machine-wide settings file."""
    return tmp_path / "user" / "settings.toml", tmp_path / "etc" / "settings.toml"
