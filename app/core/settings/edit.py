"""The settings dialog's editing state, without its widgets: the profiles as edited, the keys
taken and not yet stored, which fields IT locked and where each value comes from, what is wrong
with a field, and what Save writes (only what the user changed)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from app.base.i18n import translate
from app.core.settings import file as settings_file
from app.core.settings.config_files import TRAINING
from app.core.settings.model import (
    PROFILE_NAME,
    LoadedSettings,
    Profile,
    ca_file_problem,
    point_name_problem,
    point_problem,
    url_problem,
)
from app.core.settings.secrets import KeyName, SecretsUnavailable, key_problem

if TYPE_CHECKING:
    from app.core.settings.secrets import Secrets

PROFILE_TEXT_FIELDS = (
    "base_url",
    "point",
    "point_name",
    "history_url",
    "invitation_url",
    "partner_url",
    "ca_file",
)
# The address fields, and whether each must be given.
URL_FIELDS = {"base_url": True, "history_url": False, "invitation_url": False, "partner_url": False}
GENERAL_FIELDS = ("language", "font_size")  # the dialog's fields that are not a profile's


def allowed_http(text: str) -> list[str]:
    """The comma-separated http:// addresses the user allowed."""
    return [part.strip() for part in text.split(",") if part.strip()]


def field_problem(field: str, text: str, allow_http: str) -> str | None:
    """What is wrong with a profile's text field (source text, context ``Settings``)."""
    value = text.strip()
    if field in URL_FIELDS:
        return url_problem(value, allowed_http(allow_http), required=URL_FIELDS[field])
    if field == "point":
        return point_problem(value)
    if field == "point_name":
        return point_name_problem(value)
    if field == "ca_file":
        return ca_file_problem(value)
    return None


def first_message(error: Exception) -> str:
    """One line for the user: pydantic's first reason (translated), or the error's words."""
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        message = str(first.get("ctx", {}).get("error", first["msg"]))
        return translate("Settings", message.split(": ", 1)[-1])
    return str(error)


def blank_profile() -> Profile:
    return Profile.model_construct(base_url="", point="")


class SettingsEdit:
    def __init__(self, loaded: LoadedSettings) -> None:
        self.loaded = loaded
        self.profiles: dict[str, Profile] = dict(loaded.settings.profiles)
        self.pending_keys: dict[tuple[str, KeyName], str] = {}
        self.keys_changed: set[str] = set()  # profiles whose keys Save wrote

    # ---- what the dialog shows -------------------------------------------------------------

    def locked(self, dotted: str) -> bool:
        return dotted in self.loaded.locked

    def dotted(self, profile: str, field: str) -> str:
        return field if field in GENERAL_FIELDS else f"profiles.{profile}.{field}"

    def source(self, profile: str, field: str) -> str:
        """Where a field's value comes from: default, machine, user, command line or locked."""
        return self.loaded.source(self.dotted(profile, field))

    def from_command_line(self) -> list[str]:
        """The settings given on the command line for this run (never saved)."""
        return sorted(k for k, source in self.loaded.sources.items() if source == "command line")

    def profile(self, name: str) -> Profile:
        """The profile as last edited (possibly not valid yet), or a blank new one."""
        return self.profiles.get(name) or blank_profile()

    # ---- editing ---------------------------------------------------------------------------

    def remember(self, name: str, values: dict[str, Any]) -> None:
        """Keep what was typed for ``name`` while another profile is shown."""
        try:
            self.profiles[name] = Profile.model_validate(values)
        except ValidationError:
            self.profiles[name] = Profile.model_construct(**values)

    def new_profile(self, typed: str) -> str | None:
        """Add a profile named ``typed`` (lower-cased); its name, or ``None`` when it cannot be
        a profile name."""
        name = typed.strip().lower()
        if name == TRAINING or not PROFILE_NAME.match(name):
            return None
        self.profiles.setdefault(name, blank_profile())
        return name

    def take_key(self, profile: str, key: KeyName, value: str) -> str | None:
        """A key typed for ``profile``, stored on Save; its problem (context ``Secrets``)."""
        value = value.strip()
        problem = key_problem(key, value)
        if problem:
            return problem
        self.pending_keys[(profile, key)] = value
        return None

    def key_pending(self, profile: str, key: KeyName) -> bool:
        return (profile, key) in self.pending_keys

    # ---- saving ----------------------------------------------------------------------------

    def changes(self, shown: dict[str, Any]) -> dict[str, Any]:
        """What the user changed, for the user's file. A value the dialog only showed (a
        default, the machine file's, one given on the command line for this run) is not
        written: saving without changes writes nothing."""
        effective = settings_file.flatten_settings(self.loaded.settings)
        return {
            key: value
            for key, value in shown.items()
            if key not in self.loaded.locked and effective.get(key, _UNSET) != value
        }

    def save(self, shown: dict[str, Any]) -> str | None:
        """Write the changes; the reason when they could not be written."""
        changes = self.changes(shown)
        if not changes:
            return None
        try:
            self.loaded = settings_file.save_user(self.loaded, changes)
        except (ValueError, PermissionError, OSError) as error:
            return first_message(error)
        return None

    def write_keys(self, secrets: Secrets) -> str | None:
        """Store the keys taken in this dialog; the reason when one could not be stored."""
        for (profile, key), value in list(self.pending_keys.items()):
            try:
                secrets.set(profile, key, value)
            except ValueError as problem:
                return translate("Secrets", str(problem))
            except SecretsUnavailable as problem:
                return str(problem)
            del self.pending_keys[(profile, key)]
            self.keys_changed.add(profile)
        return None


_UNSET = object()
