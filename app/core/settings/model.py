"""Settings: a pydantic model behind two TOML files, with fields IT can lock.

Precedence, lowest first: built-in defaults, the machine-wide file IT deploys, the per-user
file, the command line. The machine file may list dotted field names under ``locked``; those
keep the machine file's value whatever the user file or the command line say, and the settings
dialog shows them read-only. A file that is not valid TOML, or a value that is not valid, is
reported with the file and line and skipped; the program still starts. Secrets never live
here: they are in the OS keyring (:mod:`app.core.settings.secrets`).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from app.api.constants import PARTNER_MIN_READ_TIMEOUT as PARTNER_MIN_TIMEOUT
from app.api.constants import PARTNER_URL
from app.base.i18n import QT_TRANSLATE_NOOP, translate
from app.core.settings.config_files import (
    MACHINE_SOURCES,
    TRAINING,
)

PROFILE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
_NOT_IN_URLS = frozenset('"<>\\^`{|}')
PROFILE_NAME_RULE = QT_TRANSLATE_NOOP(
    "Settings", "A profile name is lower-case letters, digits, - and _, and not 'training'."
)
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


POINT_NAME_MAX = 40


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


def point_name_problem(name: str) -> str | None:
    if len(name.strip()) > POINT_NAME_MAX or any(not char.isprintable() for char in name):
        return QT_TRANSLATE_NOOP("Settings", "A till name is up to 40 letters on one line.")
    return None


def is_insecure(url: str) -> bool:
    parts = urlsplit(url.strip())
    return parts.scheme == "http" and bool(parts.hostname) and not is_loopback(parts.hostname or "")


class Profile(BaseModel):
    """A production server and everything the till needs to talk to it."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    base_url: str = ""
    point: str = ""
    # What the cashier calls this till («Касса 3»): the header shows it instead of the point
    # ID, which is for IT (in the header's tooltip, `status` and the support copy).
    point_name: str = ""
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

    @field_validator("point_name")
    @classmethod
    def _point_name(cls, value: str) -> str:
        problem = point_name_problem(value)
        if problem:
            raise ValueError(problem)
        return value.strip()

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
    # The on-screen keypad for digits fields: "auto" when the system reports a touch screen
    touch: Literal["auto", "on", "off"] = "auto"
    # The customer's display (app/customer_display): "off", "auto" (a second screen when there
    # is one), "screen:N" (the N-th screen, 1 first) or "serial:PORT" (a 2x20 pole display);
    # the pole's speed; the link a QR on the idle screen invites to join with (none: no QR).
    customer_display: str = Field(
        default="off", pattern=r"^(off|auto|screen:[1-9]\d?|serial:\S{1,64})$"
    )
    customer_display_baud: int = Field(default=9600, ge=1200, le=115200)
    # The pole display's character table for Cyrillic (ESC t n): 17 is PC866 on most.
    customer_display_code_table: int = Field(default=17, ge=0, le=255)
    customer_display_join_url: str = Field(default="", max_length=500, pattern=r"^(https://\S+)?$")
    journal_retention_days: int = Field(default=90, ge=1, le=3650)
    manager_pin: str = ""
    # The POS hand-off over HTTP on 127.0.0.1 (README "Integrating with a POS"); 0 is off.
    handoff_http_port: int = Field(default=0, ge=0, le=65535)
    # How a POS proves itself there: "signed" requests (app/handoff/signing.py), or also the
    # token itself as "Authorization: Bearer" ("bearer": only for a POS that cannot sign yet;
    # whoever takes the port first receives the token).
    handoff_http_auth: Literal["signed", "bearer"] = "signed"
    # Web origins whose pages may call it from a browser (CORS and Private Network Access):
    # "https://pos.chain.example"; any other page's browser gets nothing readable.
    handoff_http_origins: list[str] = Field(default_factory=list, max_length=20)
    # The chain's PostgreSQL the journal is shipped to (docs/chain.md); "" is off. Host,
    # database, user: the password is the profile's "chain" key in the OS keyring.
    chain_dsn: str = Field(default="", max_length=1000)
    profiles: dict[str, Profile] = Field(default_factory=dict)

    @field_validator("profiles")
    @classmethod
    def _names(cls, value: dict[str, Profile]) -> dict[str, Profile]:
        for name in value:
            if name == TRAINING or not PROFILE_NAME.match(name):
                raise ValueError(PROFILE_NAME_RULE)
        return value

    @field_validator("handoff_http_origins")
    @classmethod
    def _origins(cls, value: list[str]) -> list[str]:
        for origin in value:
            if not re.fullmatch(r"https?://[A-Za-z0-9.-]+(:\d{1,5})?", origin):
                raise ValueError(
                    QT_TRANSLATE_NOOP(
                        "Settings",
                        "A web origin is scheme, host and port only, e.g. "
                        "https://pos.chain.example.",
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

    @field_validator("chain_dsn")
    @classmethod
    def _chain_dsn(cls, value: str) -> str:
        if re.search(r"password\s*=|://[^/@\s]*:[^/@\s]*@", value, re.IGNORECASE):
            raise ValueError(
                QT_TRANSLATE_NOOP(
                    "Settings",
                    "chain_dsn must not hold the password: store it with 'loyalty-till "
                    "credentials set --key chain'.",
                )
            )
        return value.strip()

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
