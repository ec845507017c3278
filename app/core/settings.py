"""Settings: a pydantic model behind two TOML files, with fields IT can lock.

Precedence, lowest first: built-in defaults, the machine-wide file IT deploys, the per-user
file, the command line. The machine file may list dotted field names under ``locked``; those
keep the machine file's value whatever the user file or the command line say, and the settings
dialog shows them read-only. A file that is not valid TOML, or a value that is not valid, is
reported with the file and line and skipped; the program still starts. Secrets never live
here: they are in the OS keyring (:mod:`app.core.secrets`).
"""

from __future__ import annotations

import ipaddress
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from app.api.constants import PARTNER_MIN_READ_TIMEOUT as PARTNER_MIN_TIMEOUT
from app.api.constants import PARTNER_URL
from app.core.config_files import (
    MACHINE_SOURCES,
    TRAINING,
    layer,
    machine_config_path,
    machine_locks,
    user_config_path,
)
from app.core.files import write_atomic
from app.core.policy import POLICY_PLACE, read_policy, settings_from_policy
from app.i18n import QT_TRANSLATE_NOOP, translate

_PROFILE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
_NOT_IN_URLS = frozenset('"<>\\^`{|}')
_POINT = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def origin(url: str) -> str:
    parts = urlsplit(url.strip())
    return f"{parts.scheme}://{parts.netloc}".lower()


def url_problem(url: str, allow_http: list[str], *, required: bool = True) -> str | None:
    """Why ``url`` cannot be used (source text, context ``Settings``), or ``None``."""
    if not url.strip():
        return QT_TRANSLATE_NOOP("Settings", "Enter the address.") if required else None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return QT_TRANSLATE_NOOP("Settings", "The address must look like https://host/path.")
    if any(ch.isspace() for ch in url.strip()):
        return QT_TRANSLATE_NOOP("Settings", "The address cannot contain spaces.")
    if parts.username is not None or parts.password is not None:
        return QT_TRANSLATE_NOOP(
            "Settings",
            "The address cannot contain a user name or password: keys belong in the password "
            "store (loyalty-till credentials set).",
        )
    if any(ch in _NOT_IN_URLS or ord(ch) < 32 for ch in url):
        return QT_TRANSLATE_NOOP(
            "Settings", 'The address contains a character an address cannot have (such as ").'
        )
    if (
        parts.scheme == "http"
        and not is_loopback(parts.hostname)
        and (origin(url) not in {origin(allowed) for allowed in allow_http})
    ):
        return QT_TRANSLATE_NOOP(
            "Settings",
            "Plain http:// to another computer is not protected. Use https://, or add the "
            "address to the list of allowed insecure addresses.",
        )
    return None


def point_problem(point: str) -> str | None:
    if not point:
        return QT_TRANSLATE_NOOP("Settings", "Enter the point ID.")
    if not _POINT.match(point):
        return QT_TRANSLATE_NOOP(
            "Settings", "A point ID is letters, digits, - and _ only (up to 64)."
        )
    return None


def ca_file_problem(path: str) -> str | None:
    if path and not Path(path).is_file():
        return QT_TRANSLATE_NOOP("Settings", "The CA file does not exist.")
    return None


def is_insecure(url: str) -> bool:
    parts = urlsplit(url.strip())
    return parts.scheme == "http" and bool(parts.hostname) and not is_loopback(parts.hostname or "")


class Profile(BaseModel):
    """A production server and everything the till needs to talk to it."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    base_url: str = ""
    point: str = ""
    history_url: str = ""
    invitation_url: str = ""
    imshop_user_field: Literal["id", "phone"] = "id"
    partner_url: str = PARTNER_URL
    # The partner's documented address is plain http (document 004), so it is allowed unless
    # IT removes it; it still shows as insecure in the status bar.
    allow_http: list[str] = Field(default_factory=lambda: [origin(PARTNER_URL)])
    ca_file: str = ""
    connect_timeout: float = Field(default=3.0, ge=1, le=60)
    read_timeout: float = Field(default=10.0, ge=1, le=120)
    partner_timeout: float = Field(default=20.0, ge=PARTNER_MIN_TIMEOUT, le=120)
    # How long after a retail whose reply was lost "did not happen" may become final: a server
    # may still apply it. Empty: three read timeouts plus one connect timeout.
    settle_seconds: float | None = Field(default=None, ge=1, le=600)

    @field_validator("point")
    @classmethod
    def _point(cls, value: str) -> str:
        problem = point_problem(value) if value else None
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("ca_file")
    @classmethod
    def _ca_file(cls, value: str) -> str:
        problem = ca_file_problem(value)
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("allow_http")
    @classmethod
    def _allowed(cls, value: list[str]) -> list[str]:
        for item in value:
            parts = urlsplit(item)
            if parts.scheme != "http" or not parts.hostname:
                raise ValueError(
                    QT_TRANSLATE_NOOP(
                        "Settings", "Allowed insecure addresses must start with http://."
                    )
                )
        return value

    @model_validator(mode="after")
    def _urls(self) -> Profile:
        for name, required in (
            ("base_url", True),
            ("history_url", False),
            ("invitation_url", False),
            ("partner_url", False),
        ):
            problem = url_problem(getattr(self, name), self.allow_http, required=required)
            if problem:
                raise ValueError(f"{name}: {problem}")
        if not self.point:
            raise ValueError(f"point: {point_problem('')}")
        return self

    def insecure_urls(self) -> list[str]:
        """The loyalty and IMSHOP addresses that are plain http: a warning on every sale.
        The partner's plain-http address (its document gives one) is noted where it is used,
        on the partner tab (:meth:`partner_insecure`): a warning that is always on teaches
        cashiers to ignore warnings."""
        urls = (self.base_url, self.history_url, self.invitation_url)
        return [url for url in urls if url and is_insecure(url)]

    @property
    def partner_insecure(self) -> bool:
        return bool(self.partner_url) and is_insecure(self.partner_url)


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    active_profile: str = TRAINING
    language: Literal["ru", "en"] = "ru"
    font_size: int = Field(default=12, ge=8, le=32)
    journal_retention_days: int = Field(default=90, ge=1, le=3650)
    manager_pin: str = ""
    # The POS hand-off over HTTP on 127.0.0.1 (README "Integrating with a POS"); 0 is off.
    handoff_http_port: int = Field(default=0, ge=0, le=65535)
    profiles: dict[str, Profile] = Field(default_factory=dict)

    @field_validator("profiles")
    @classmethod
    def _names(cls, value: dict[str, Profile]) -> dict[str, Profile]:
        for name in value:
            if name == TRAINING or not _PROFILE_NAME.match(name):
                raise ValueError(
                    QT_TRANSLATE_NOOP(
                        "Settings",
                        "A profile name is lower-case letters, digits, - and _, "
                        "and not 'training'.",
                    )
                )
        return value

    @field_validator("handoff_http_port")
    @classmethod
    def _port(cls, value: int) -> int:
        if 0 < value < 1024:
            raise ValueError(
                QT_TRANSLATE_NOOP("Settings", "The hand-off port is 0 (off) or from 1024 to 65535.")
            )
        return value

    @field_validator("manager_pin")
    @classmethod
    def _pin_hash(cls, value: str) -> str:
        if value and not value.startswith("scrypt$"):
            raise ValueError(
                QT_TRANSLATE_NOOP(
                    "Settings", "manager_pin holds a hash made by 'loyalty-till pin hash'."
                )
            )
        return value

    @model_validator(mode="after")
    def _active_exists(self) -> Settings:
        if self.active_profile != TRAINING and self.active_profile not in self.profiles:
            raise ValueError(QT_TRANSLATE_NOOP("Settings", "The active profile is not defined."))
        return self

    @property
    def training(self) -> bool:
        return self.active_profile == TRAINING

    @property
    def profile(self) -> Profile | None:
        return None if self.training else self.profiles[self.active_profile]


@dataclass(frozen=True)
class ConfigProblem:
    """A setting (or a whole file) that could not be used, and where it is.

    ``source`` is a message of context ``Settings`` whose ``%1`` is ``argument``; ``detail`` is
    the technical reason (a TOML parser's or pydantic's words) for the log and a tooltip."""

    path: Path
    line: int | None
    source: str
    argument: str = ""
    detail: str = ""

    @property
    def message(self) -> str:
        """In English, for the log."""
        text = self.source.replace("%1", self.argument)
        return f"{text} ({self.detail})" if self.detail else text

    def __str__(self) -> str:
        where = f"{self.path}, line {self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"

    def text(self) -> str:
        """In the window's language, for the manager: file, line, and what happened."""
        where = (
            translate("Settings", "%1, line %2")
            .replace("%1", str(self.path))
            .replace("%2", str(self.line))
            if self.line
            else str(self.path)
        )
        return f"{where}: " + translate("Settings", self.source).replace("%1", self.argument)


@dataclass
class LoadedSettings:
    settings: Settings
    locked: frozenset[str]
    problems: list[ConfigProblem]
    user_path: Path
    machine_path: Path
    sources: dict[str, str] = field(default_factory=dict)  # dotted → machine/policy/user/…
    overrides: Flat = field(default_factory=dict)  # the command line's, for this run only
    policy: Mapping[str, object] | None = None  # the registry values given to load(), if any

    def source(self, dotted: str) -> str:
        """Where the value in force comes from: default, machine, user, command line or
        locked (set machine-wide, in the file or the registry's policy, and locked there)."""
        if dotted in self.locked and self.sources.get(dotted) in MACHINE_SOURCES:
            return "locked"
        return self.sources.get(dotted, "default")


Flat = dict[str, Any]
_TOP_FIELDS = set(Settings.model_fields) - {"profiles"}
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


def _line_of(text: str, dotted: str) -> int | None:
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
                            _line_of(text, f"profiles.{name}"),
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
                                _line_of(text, dotted),
                                QT_TRANSLATE_NOOP("Settings", "unknown setting %1; it is ignored"),
                                dotted,
                            )
                        )
        elif key in _TOP_FIELDS:
            flat[key] = value
        else:
            problems.append(
                ConfigProblem(
                    path,
                    _line_of(text, key),
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


def _error_key(error: Any) -> str:
    """The dotted field a pydantic error is about; model-level errors name it in the text."""
    loc = [str(part) for part in error["loc"]]
    message = str(error.get("ctx", {}).get("error", error["msg"]))
    if loc[:1] == ["profiles"] and len(loc) >= 2:
        if len(loc) >= 3:
            return ".".join(loc[:3])
        named = re.match(r"^(\w+): ", message)
        if named:
            return f"profiles.{loc[1]}.{named[1]}"
        return f"profiles.{loc[1]}"
    if not loc:
        return "active_profile"
    return loc[0]


def _message(error: Any) -> str:
    message = str(error.get("ctx", {}).get("error", error["msg"]))
    return re.sub(r"^\w+: ", "", message)


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
    locked_raw = machine_raw.get("locked", [])
    if not isinstance(locked_raw, list) or not all(isinstance(x, str) for x in locked_raw):
        problems.append(
            ConfigProblem(
                machine_path,
                _line_of(machine_text, "locked"),
                QT_TRANSLATE_NOOP(
                    "Settings", "locked must be a list of setting names; it is ignored"
                ),
            )
        )
    if "locked" in user_raw:
        problems.append(
            ConfigProblem(
                user_path,
                _line_of(user_text, "locked"),
                QT_TRANSLATE_NOOP(
                    "Settings", "only the machine-wide file can lock settings; ignored here"
                ),
            )
        )
    from_policy = settings_from_policy(read_policy() if policy is None else policy)
    locked = machine_locks(machine_raw) | frozenset(from_policy)
    command_line = dict(overrides or {})
    layers = [
        (
            "machine",
            machine_path,
            machine_text,
            _flatten(machine_raw, machine_path, machine_text, problems),
        ),
        ("policy", Path(POLICY_PLACE), "", from_policy),
        ("user", user_path, user_text, _flatten(user_raw, user_path, user_text, problems)),
        ("command line", Path("<command line>"), "", dict(command_line)),
    ]
    by_name = {name: (path, text, flat) for name, path, text, flat in layers}
    for _ in range(100):
        merged, sources = layer([(name, flat) for name, _p, _t, flat in layers], locked)
        try:
            settings = Settings.model_validate(_nest(merged))
        except ValidationError as invalid:
            error = invalid.errors()[0]
            key = _error_key(error)
            if key in sources:
                path, text, flat = by_name[sources[key]]
                problems.append(
                    ConfigProblem(
                        path,
                        _line_of(text, key),
                        QT_TRANSLATE_NOOP("Settings", "%1 cannot be used; it is ignored"),
                        key,
                        detail=_message(error),
                    )
                )
                del flat[key]
                continue
            if not key.startswith("profiles."):
                raise
            # A profile lacks a required value: the whole profile is left out.
            profile = ".".join(key.split(".")[:2])
            path, text = next(
                ((p, t) for _n, p, t, f in layers if any(k.startswith(f"{profile}.") for k in f)),
                (user_path, user_text),
            )
            problems.append(
                ConfigProblem(
                    path,
                    _line_of(text, profile),
                    QT_TRANSLATE_NOOP("Settings", "%1 is incomplete, so this profile is not used"),
                    profile,
                    detail=f"{key}: {_message(error)}",
                )
            )
            for _n, _p, _t, flat in layers:
                for doomed in [k for k in flat if k.startswith(f"{profile}.")]:
                    del flat[doomed]
            continue
        return LoadedSettings(
            settings, locked, problems, user_path, machine_path, sources, command_line, policy
        )
    raise RuntimeError("settings could not be made valid")  # pragma: no cover


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
