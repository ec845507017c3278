"""Settings in layers (the machine file, the registry's policy, the user file, the command
line): each value and each profile is validated once, where it was written; one that cannot be
used is reported there, and the next layer down is used instead."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.base.i18n import QT_TRANSLATE_NOOP
from app.core.settings.config_files import MACHINE_SOURCES, TRAINING
from app.core.settings.model import (
    PROFILE_NAME,
    PROFILE_NAME_RULE,
    ConfigProblem,
    Flat,
    Profile,
    Settings,
)

TOP_FIELDS = set(Settings.model_fields) - {"profiles"}


def line_of(text: str, dotted: str) -> int | None:
    """The line that sets ``dotted`` (``profiles.prod.base_url`` or ``language``)."""
    parts = dotted.split(".")
    section = f"profiles.{parts[1]}" if parts[0] == "profiles" and len(parts) > 1 else ""
    key = parts[-1]
    current = ""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        header = re.match(r"^\[([^\]]+)\]", stripped)
        if header:
            current = header[1].strip().replace('"', "")
        elif current == section and re.match(rf"^{re.escape(key)}\s*=", stripped):
            return number
    if section:
        for number, line in enumerate(text.splitlines(), 1):
            if re.match(rf"^\[\s*{re.escape(section)}\s*\]", line.strip()):
                return number
    return None


def error_text(error: Any) -> str:
    message = str(error.get("ctx", {}).get("error", error["msg"]))
    return re.sub(r"^\w+: ", "", message)


@dataclass
class Layer:
    name: str  # machine, policy, user, command line
    path: Path
    text: str
    values: Flat


class Loading:
    """One validation of each layer's values and of each profile: a value that cannot be
    used is reported where it was written and the next layer down is used instead."""

    def __init__(self, layers: list[Layer], locked: frozenset[str]) -> None:
        self.layers = layers
        self.locked = locked
        self.problems: list[ConfigProblem] = []

    def _ignored(self, layer: Layer, key: str, detail: str) -> None:
        self.problems.append(
            ConfigProblem(
                layer.path,
                line_of(layer.text, key),
                QT_TRANSLATE_NOOP("Settings", "%1 cannot be used; it is ignored"),
                key,
                detail=detail,
            )
        )

    def _candidates(self, key: str) -> list[Layer]:
        """The layers that set ``key`` and may (a locked name only machine-wide), highest
        first."""
        return [
            layer
            for layer in reversed(self.layers)
            if key in layer.values and (layer.name in MACHINE_SOURCES or key not in self.locked)
        ]

    def top_level(self, sources: dict[str, str]) -> dict[str, Any]:
        """Each top-level value (the active profile apart), validated once where it is set;
        the highest valid one is in force."""
        values: dict[str, Any] = {}
        base = Settings()
        for key in sorted(TOP_FIELDS - {"active_profile"}):
            for layer in self._candidates(key):
                try:
                    setattr(base.model_copy(), key, layer.values[key])  # validated
                except ValidationError as invalid:
                    self._ignored(layer, key, error_text(invalid.errors()[0]))
                    continue
                values[key], sources[key] = layer.values[key], layer.name
                break
        return values

    def profiles(self, sources: dict[str, str]) -> dict[str, Profile]:
        names = sorted(
            {k.split(".")[1] for layer in self.layers for k in layer.values if k[:9] == "profiles."}
        )
        found: dict[str, Profile] = {}
        for name in names:
            profile = self._profile(name, sources)
            if profile is not None:
                found[name] = profile
        return found

    def _profile(self, name: str, sources: dict[str, str]) -> Profile | None:
        prefix = f"profiles.{name}."
        keys = sorted({k for layer in self.layers for k in layer.values if k.startswith(prefix)})
        chosen: dict[str, Layer] = {}
        for key in keys:
            candidates = self._candidates(key)
            if candidates:
                chosen[key] = candidates[0]
        where = next(iter(chosen.values()), self.layers[-1])
        if name == TRAINING or not PROFILE_NAME.match(name):
            self._ignored(where, f"profiles.{name}", PROFILE_NAME_RULE)
            return None
        try:
            profile = Profile.model_validate(
                {k[len(prefix) :]: chosen[k].values[k] for k in chosen}
            )
        except ValidationError as invalid:
            return self._repaired(name, chosen, invalid, sources)
        sources.update({key: layer.name for key, layer in chosen.items()})
        return profile

    def _repaired(
        self,
        name: str,
        chosen: dict[str, Layer],
        invalid: ValidationError,
        sources: dict[str, str],
    ) -> Profile | None:
        """The profile once its unusable values are left out (a lower layer's value, where one
        is valid, takes their place); a profile still not valid is not used at all."""
        prefix = f"profiles.{name}."
        values = {key: layer.values[key] for key, layer in chosen.items()}
        for error in invalid.errors():
            key = _error_key(name, error)
            if key not in chosen:
                continue
            self._ignored(chosen[key], key, error_text(error))
            lower = self._candidates(key)[1:]
            del values[key]
            if lower:
                values[key], chosen[key] = lower[0].values[key], lower[0]
            else:
                del chosen[key]
        try:
            profile = Profile.model_validate({k[len(prefix) :]: v for k, v in values.items()})
        except ValidationError as still:
            error = still.errors()[0]
            where = next(iter(chosen.values()), self.layers[-1])
            self.problems.append(
                ConfigProblem(
                    where.path,
                    line_of(where.text, f"profiles.{name}"),
                    QT_TRANSLATE_NOOP("Settings", "%1 is incomplete, so this profile is not used"),
                    f"profiles.{name}",
                    detail=f"{_error_key(name, error)}: {error_text(error)}",
                )
            )
            return None
        sources.update({key: layer.name for key, layer in chosen.items()})
        return profile

    def active_profile(self, profiles: dict[str, Profile], sources: dict[str, str]) -> str:
        """The highest layer's active profile that exists (training always does)."""
        for layer in self._candidates("active_profile"):
            value = layer.values["active_profile"]
            if value == TRAINING or value in profiles:
                sources["active_profile"] = layer.name
                return str(value)
            self._ignored(layer, "active_profile", "The active profile is not defined.")
        return TRAINING


def _error_key(profile: str, error: Any) -> str:
    """The dotted field a profile's pydantic error is about; a model-level error names it in
    its text ("base_url: …")."""
    loc = [str(part) for part in error["loc"]]
    if loc:
        return f"profiles.{profile}.{loc[0]}"
    message = str(error.get("ctx", {}).get("error", error["msg"]))
    named = re.match(r"^(\w+): ", message)
    return f"profiles.{profile}.{named[1]}" if named else f"profiles.{profile}"
