"""The settings files: reading the machine-wide file, the registry's policy, the per-user file
and the command line, in that order, into :class:`~app.core.settings.model.Settings`; writing the
per-user file. A value that cannot be used is reported with its file and line and the next
layer down is used; a profile that is not complete is left out; the program always starts.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import tomli_w

from app.base.files import write_atomic
from app.base.i18n import QT_TRANSLATE_NOOP
from app.core.settings.config_files import (
    machine_config_path,
    machine_locks,
    user_config_path,
)
from app.core.settings.layers import TOP_FIELDS, Layer, Loading, line_of
from app.core.settings.model import (
    ConfigProblem,
    Flat,
    LoadedSettings,
    Profile,
    Settings,
)
from app.core.settings.policy import POLICY_PLACE, read_policy, settings_from_policy

_PROFILE_FIELDS = set(Profile.model_fields)


def _read(path: Path, problems: list[ConfigProblem]) -> tuple[dict[str, Any], str]:
    if not path.exists():
        return {}, ""
    try:
        text = path.read_text(encoding="utf-8")
        return tomllib.loads(text), text
    except (tomllib.TOMLDecodeError, RecursionError) as error:  # deeply nested: no stack left
        line = re.search(r"line (\d+)", str(error))
        problems.append(
            ConfigProblem(
                path,
                int(line[1]) if line else None,
                QT_TRANSLATE_NOOP(
                    "Settings",
                    "this file is not written correctly, so none of its settings are used",
                ),
                detail=str(error),
            )
        )
    except (OSError, UnicodeDecodeError) as error:
        problems.append(
            ConfigProblem(
                path,
                None,
                QT_TRANSLATE_NOOP("Settings", "this file cannot be read, so it is not used"),
                detail=str(error),
            )
        )
    return {}, ""


def _flatten(raw: dict[str, Any], path: Path, text: str, problems: list[ConfigProblem]) -> Flat:
    flat: Flat = {}
    for key, value in raw.items():
        if key == "locked":
            continue
        if key == "profiles" and isinstance(value, dict):
            for name, profile in value.items():
                if not isinstance(profile, dict):
                    problems.append(
                        ConfigProblem(
                            path,
                            line_of(text, f"profiles.{name}"),
                            QT_TRANSLATE_NOOP("Settings", "%1 must be a section; it is ignored"),
                            f"profiles.{name}",
                        )
                    )
                    continue
                for field_name, field_value in profile.items():
                    dotted = f"profiles.{name}.{field_name}"
                    if field_name in _PROFILE_FIELDS:
                        flat[dotted] = field_value
                    else:
                        problems.append(
                            ConfigProblem(
                                path,
                                line_of(text, dotted),
                                QT_TRANSLATE_NOOP("Settings", "unknown setting %1; it is ignored"),
                                dotted,
                            )
                        )
        elif key in TOP_FIELDS:
            flat[key] = value
        else:
            problems.append(
                ConfigProblem(
                    path,
                    line_of(text, key),
                    QT_TRANSLATE_NOOP("Settings", "unknown setting %1; it is ignored"),
                    key,
                )
            )
    return flat


def _nest(flat: Flat) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for dotted, value in flat.items():
        parts = dotted.split(".")
        if parts[0] == "profiles":
            nested.setdefault("profiles", {}).setdefault(parts[1], {})[parts[2]] = value
        else:
            nested[dotted] = value
    return nested


def _lock_problems(
    machine: Layer, user: Layer, machine_raw: dict[str, Any], user_raw: dict[str, Any]
) -> list[ConfigProblem]:
    problems = []
    locked_raw = machine_raw.get("locked", [])
    if not isinstance(locked_raw, list) or not all(isinstance(x, str) for x in locked_raw):
        problems.append(
            ConfigProblem(
                machine.path,
                line_of(machine.text, "locked"),
                QT_TRANSLATE_NOOP(
                    "Settings", "locked must be a list of setting names; it is ignored"
                ),
            )
        )
    if "locked" in user_raw:
        problems.append(
            ConfigProblem(
                user.path,
                line_of(user.text, "locked"),
                QT_TRANSLATE_NOOP(
                    "Settings", "only the machine-wide file can lock settings; ignored here"
                ),
            )
        )
    return problems


def load(
    user_path: Path | None = None,
    machine_path: Path | None = None,
    overrides: Flat | None = None,
    policy: Mapping[str, object] | None = None,
) -> LoadedSettings:
    """The settings in force. ``policy`` stands for the registry's policy values (tests);
    ``None`` reads them (Windows only)."""
    user_path = user_path or user_config_path()
    machine_path = machine_path or machine_config_path()
    problems: list[ConfigProblem] = []
    machine_raw, machine_text = _read(machine_path, problems)
    user_raw, user_text = _read(user_path, problems)
    machine = Layer(
        "machine",
        machine_path,
        machine_text,
        _flatten(machine_raw, machine_path, machine_text, problems),
    )
    user = Layer("user", user_path, user_text, _flatten(user_raw, user_path, user_text, problems))
    problems += _lock_problems(machine, user, machine_raw, user_raw)
    from_policy = settings_from_policy(read_policy() if policy is None else policy)
    locked = machine_locks(machine_raw) | frozenset(from_policy)
    command_line = dict(overrides or {})
    loading = Loading(
        [
            machine,
            Layer("policy", Path(POLICY_PLACE), "", from_policy),
            user,
            Layer("command line", Path("<command line>"), "", dict(command_line)),
        ],
        locked,
    )
    sources: dict[str, str] = {}
    values = loading.top_level(sources)
    profiles = loading.profiles(sources)
    active = loading.active_profile(profiles, sources)
    settings = Settings.model_validate({**values, "active_profile": active, "profiles": profiles})
    return LoadedSettings(
        settings,
        locked,
        problems + loading.problems,
        user_path,
        machine_path,
        sources,
        command_line,
        policy,
    )


def save_user(loaded: LoadedSettings, changes: Flat) -> LoadedSettings:
    """Write ``changes`` (never a locked setting) into the per-user file, atomically, keeping
    what else it holds; returns the settings reloaded with this run's command line."""
    path = loaded.user_path
    problems: list[ConfigProblem] = []
    current_raw, current_text = _read(path, problems)
    if problems:
        # Writing would replace a file the user or IT may still want to repair.
        raise ValueError(problems[0].text())
    flat = _flatten(current_raw, path, current_text, problems)
    for key, value in changes.items():
        if key in loaded.locked:
            raise PermissionError(f"{key} is locked by the machine-wide settings")
        flat[key] = value
    nested = _nest(flat)
    Settings.model_validate(_nest({**flatten_settings(loaded.settings), **flat}))
    write_atomic(path, tomli_w.dumps(nested))
    return load(path, loaded.machine_path, loaded.overrides, loaded.policy)


def flatten_settings(settings: Settings) -> Flat:
    """``{dotted name: value}`` of every setting in force."""
    data = settings.model_dump()
    flat: Flat = {k: v for k, v in data.items() if k != "profiles"}
    for name, profile in data["profiles"].items():
        for key, value in profile.items():
            flat[f"profiles.{name}.{key}"] = value
    return flat
