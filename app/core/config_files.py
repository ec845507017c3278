"""Where the settings files are, and a quick first look at them for start-up.

The full, validated settings (:mod:`app.core.settings`) need pydantic, which costs ~100 ms to
import; the window only needs the language, the font size and whether it starts in training
mode to be drawn. :func:`peek` reads just those with the same precedence and locking, taking
the default for anything odd; the full load follows once the window is on screen.
"""

from __future__ import annotations

import os
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from app.paths import APP_AUTHOR, APP_NAME

TRAINING = "training"
FILE_NAME = "settings.toml"


def user_config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)) / FILE_NAME


def machine_config_path() -> Path:
    """``%ProgramData%\\\\LoyaltyTill\\\\settings.toml`` on Windows, else ``/etc/loyalty-till``;
    ``LOYALTY_TILL_MACHINE_CONFIG`` points elsewhere (staging a deployment, tests)."""
    override = os.environ.get("LOYALTY_TILL_MACHINE_CONFIG")
    if override:
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("PROGRAMDATA", r"C:\\ProgramData")) / APP_NAME / FILE_NAME
    return Path("/etc/loyalty-till") / FILE_NAME


@dataclass(frozen=True)
class FirstLook:
    language: str = "ru"
    font_size: int = 12
    active_profile: str = TRAINING
    journal_retention_days: int = 90


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}  # the full load reports it with file and line


def peek(overrides: dict[str, Any] | None = None) -> FirstLook:
    machine = _read(machine_config_path())
    user = _read(user_config_path())
    locked = machine.get("locked", [])
    locked = set(locked) if isinstance(locked, list) else set()
    merged: dict[str, Any] = dict(machine)
    for layer in (user, overrides or {}):
        merged.update({k: v for k, v in layer.items() if k not in locked})
    defaults = FirstLook()
    language = merged.get("language")
    font_size = merged.get("font_size")
    profile = merged.get("active_profile")
    retention = merged.get("journal_retention_days")
    return FirstLook(
        language=language if language in ("ru", "en") else defaults.language,
        font_size=font_size
        if isinstance(font_size, int) and 8 <= font_size <= 32
        else defaults.font_size,
        active_profile=profile if isinstance(profile, str) and profile else TRAINING,
        journal_retention_days=retention
        if isinstance(retention, int) and 1 <= retention <= 3650
        else defaults.journal_retention_days,
    )
