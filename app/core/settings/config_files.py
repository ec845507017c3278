"""Where the settings files are, and a quick first look at them for start-up.

The full, validated settings (:mod:`app.core.settings.model`) need pydantic, which costs ~100 ms to
import; the window only needs the language, the font size and whether it starts in training
mode to be drawn. :func:`peek` reads just those, taking the default for anything odd; the full
load follows once the window is on screen. Both apply the precedence through :func:`layer` and
:func:`machine_locks`, the one place that says which layer wins:

    policy (Windows registry, always locked) > locked fields (machine file)
        > command line > user file > machine file > defaults

``manager_pin`` set in the machine-wide file is locked whether or not ``locked`` names it:
whoever can edit the user's file must not be able to remove the manager's PIN.
"""

from __future__ import annotations

import os
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from app.base.paths import APP_AUTHOR, APP_NAME
from app.core.settings.policy import read_policy, settings_from_policy

TRAINING = "training"
COMMAND_LINE_PROFILE = "production"  # the profile --base-url makes when none is configured
FILE_NAME = "settings.toml"


def user_config_path() -> Path:
    """The user's settings file; ``LOYALTY_TILL_CONFIG_DIR`` moves its folder (tests on any
    OS, where platformdirs ignores XDG_CONFIG_HOME on Windows; a profile on a share)."""
    override = os.environ.get("LOYALTY_TILL_CONFIG_DIR")
    folder = override or platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)
    return Path(folder) / FILE_NAME


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
    touch: str = "auto"  # the on-screen keypad: auto, on, off (app/ui/cashier/touch_keypad.py)


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return {}  # the full load reports it with file and line


ALWAYS_LOCKED_IN_MACHINE_FILE = frozenset({"manager_pin"})


def machine_locks(machine: dict[str, Any]) -> frozenset[str]:
    """The dotted names the machine-wide file locks: its ``locked`` list (when it is a list of
    names) and ``manager_pin`` whenever the file sets one."""
    declared = machine.get("locked", [])
    if not isinstance(declared, list) or not all(isinstance(x, str) for x in declared):
        declared = []
    implied = {key for key in ALWAYS_LOCKED_IN_MACHINE_FILE if machine.get(key)}
    return frozenset(declared) | implied


MACHINE_SOURCES = frozenset({"machine", "policy"})


def layer(
    layers: list[tuple[str, dict[str, Any]]], locked: frozenset[str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Merge flat ``(source, {dotted: value})`` layers, lowest first; only the machine-wide
    ones (the machine file, then the policy above it) may set a locked name. Returns the values
    and their sources."""
    merged: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for source, values in layers:
        for key, value in values.items():
            if source not in MACHINE_SOURCES and key in locked:
                continue
            merged[key] = value
            sources[key] = source
    return merged, sources


def peek(overrides: dict[str, Any] | None = None) -> FirstLook:
    machine = _read(machine_config_path())
    user = _read(user_config_path())
    policy = settings_from_policy(read_policy())
    top = {k: v for k, v in machine.items() if k not in ("locked", "profiles")}
    mine = {k: v for k, v in user.items() if k not in ("locked", "profiles")}
    merged, _sources = layer(
        [
            ("machine", top),
            ("policy", policy),
            ("user", mine),
            ("command line", dict(overrides or {})),
        ],
        machine_locks(machine) | frozenset(policy),
    )
    defaults = FirstLook()
    language = merged.get("language")
    font_size = merged.get("font_size")
    profile = merged.get("active_profile")
    retention = merged.get("journal_retention_days")
    touch = merged.get("touch")
    return FirstLook(
        language=language if language in ("ru", "en") else defaults.language,
        font_size=font_size
        if isinstance(font_size, int) and 8 <= font_size <= 32
        else defaults.font_size,
        active_profile=profile if isinstance(profile, str) and profile else TRAINING,
        journal_retention_days=retention
        if isinstance(retention, int) and 1 <= retention <= 3650
        else defaults.journal_retention_days,
        touch=touch if touch in ("auto", "on", "off") else defaults.touch,
    )
