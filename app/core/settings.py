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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from app.api.constants import PARTNER_MIN_READ_TIMEOUT as PARTNER_MIN_TIMEOUT
from app.api.constants import PARTNER_URL
from app.core.config_files import (
    TRAINING,
    machine_config_path,
    user_config_path,
)
from app.i18n import QT_TRANSLATE_NOOP

_PROFILE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
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
        urls = (self.base_url, self.history_url, self.invitation_url, self.partner_url)
        return [url for url in urls if url and is_insecure(url)]


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    active_profile: str = TRAINING
    language: Literal["ru", "en"] = "ru"
    font_size: int = Field(default=12, ge=8, le=32)
    journal_retention_days: int = Field(default=90, ge=1, le=3650)
    manager_pin: str = ""
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
    path: Path
    line: int | None
    message: str  # English source text of context Settings, or a file-level detail

    def __str__(self) -> str:
        where = f"{self.path}, line {self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


@dataclass
class LoadedSettings:
    settings: Settings
    locked: frozenset[str]
    problems: list[ConfigProblem]
    user_path: Path
    machine_path: Path
    sources: dict[str, str] = field(default_factory=dict)  # dotted field → "machine" / "user"


Flat = dict[str, Any]
_TOP_FIELDS = set(Settings.model_fields) - {"profiles"}
_PROFILE_FIELDS = set(Profile.model_fields)


def _read(path: Path, problems: list[ConfigProblem]) -> tuple[dict[str, Any], str]:
    if not path.exists():
        return {}, ""
    try:
        text = path.read_text(encoding="utf-8")
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        problems.append(
            ConfigProblem(
                path,
                int(line[1]) if line else None,
                f"not valid TOML ({error}); the file is ignored",
            )
        )
    except (OSError, UnicodeDecodeError) as error:
        problems.append(ConfigProblem(path, None, f"cannot be read ({error}); ignored"))
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
                            f"profiles.{name} must be a table; ignored",
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
                                path, _line_of(text, dotted), f"unknown setting {dotted}; ignored"
                            )
                        )
        elif key in _TOP_FIELDS:
            flat[key] = value
        else:
            problems.append(
                ConfigProblem(path, _line_of(text, key), f"unknown setting {key}; ignored")
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
) -> LoadedSettings:
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
                "locked must be a list of setting names; ignored",
            )
        )
        locked_raw = []
    if "locked" in user_raw:
        problems.append(
            ConfigProblem(
                user_path,
                _line_of(user_text, "locked"),
                "only the machine-wide file can lock settings; ignored",
            )
        )
    locked = frozenset(locked_raw)
    layers = [
        (
            "machine",
            machine_path,
            machine_text,
            _flatten(machine_raw, machine_path, machine_text, problems),
        ),
        ("user", user_path, user_text, _flatten(user_raw, user_path, user_text, problems)),
        ("command line", Path("<command line>"), "", dict(overrides or {})),
    ]
    for _ in range(100):
        merged: Flat = {}
        sources: dict[str, tuple[str, Path, str, Flat]] = {}
        for name, path, text, flat in layers:
            for key, value in flat.items():
                if name != "machine" and key in locked:
                    continue
                merged[key] = value
                sources[key] = (name, path, text, flat)
        try:
            settings = Settings.model_validate(_nest(merged))
        except ValidationError as invalid:
            error = invalid.errors()[0]
            key = _error_key(error)
            if key in sources:
                _name, path, text, flat = sources[key]
                problems.append(
                    ConfigProblem(path, _line_of(text, key), f"{key}: {_message(error)} (ignored)")
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
                    path, _line_of(text, profile), f"{key}: {_message(error)} (profile ignored)"
                )
            )
            for _n, _p, _t, flat in layers:
                for doomed in [k for k in flat if k.startswith(f"{profile}.")]:
                    del flat[doomed]
            continue
        return LoadedSettings(
            settings,
            locked,
            problems,
            user_path,
            machine_path,
            {key: source[0] for key, source in sources.items()},
        )
    raise RuntimeError("settings could not be made valid")  # pragma: no cover


def save_user(loaded: LoadedSettings, changes: Flat) -> None:
    """Write the user's own values (never the locked ones) to the per-user file, atomically."""
    path = loaded.user_path
    problems: list[ConfigProblem] = []
    current_raw, current_text = _read(path, problems)
    flat = _flatten(current_raw, path, current_text, problems)
    for key, value in changes.items():
        if key in loaded.locked:
            raise PermissionError(f"{key} is locked by the machine-wide settings")
        flat[key] = value
    nested = _nest(flat)
    Settings.model_validate(_nest({**_flatten_settings(loaded.settings), **flat}))
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(tomli_w.dumps(nested), encoding="utf-8")
    temporary.replace(path)


def _flatten_settings(settings: Settings) -> Flat:
    data = settings.model_dump()
    flat: Flat = {k: v for k, v in data.items() if k != "profiles"}
    for name, profile in data["profiles"].items():
        for key, value in profile.items():
            flat[f"profiles.{name}.{key}"] = value
    return flat
