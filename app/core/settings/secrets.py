"""API keys in the OS credential store, and nowhere else.

One service name for the program, one entry per profile and key (``production:loyalty``).
When no usable backend exists (none installed, a headless session without a Secret Service,
or only a plaintext file backend) the store says so: there is never a plaintext fallback, and
the program still runs in training mode, which needs no key.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from app.base.i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:  # keyring loads its backends' metadata on import: not on the start-up path
    from keyring.backend import KeyringBackend

SERVICE = "LoyaltyTill"
KeyName = Literal["loyalty", "partner", "imshop", "handoff", "chain"]
KEY_NAMES: tuple[KeyName, ...] = ("loyalty", "partner", "imshop")  # a profile's keys
# The profile's "chain" key is the password of the chain's PostgreSQL (chain_dsn), if any.
# The hand-off endpoint's token belongs to the till, not to a server profile.
HANDOFF_PROFILE = "till"
HANDOFF_TOKEN_MIN = 16
_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_REFUSED_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


class SecretsUnavailable(Exception):
    """No usable credential store; the message says why."""


def key_problem(key: KeyName, value: str) -> str | None:
    """Why ``value`` cannot be the ``key`` (source text of context ``Secrets``: the command
    line prints it as it is, the settings dialog translates it), or ``None``."""
    if not value:
        return QT_TRANSLATE_NOOP("Secrets", "The key is empty.")
    if len(value) > 512 or any(ch.isspace() or not ch.isprintable() for ch in value):
        return QT_TRANSLATE_NOOP(
            "Secrets", "The key must be one line of printable characters without spaces."
        )
    if key == "handoff" and len(value) < HANDOFF_TOKEN_MIN:
        return QT_TRANSLATE_NOOP(
            "Secrets", "The hand-off token must be at least 16 characters (make a random one)."
        )
    if key == "partner" and not _GUID.match(value):
        return QT_TRANSLATE_NOOP(
            "Secrets",
            "The partner key is a GUID, written like 6f1c2a4e-1b7d-4c1e-9a55-0d3b7c9e2f10.",
        )
    return None


def _usable_backends(backend: KeyringBackend) -> list[KeyringBackend]:
    inner = getattr(backend, "backends", None)
    candidates = list(inner) if inner is not None else [backend]
    return [b for b in candidates if not type(b).__module__.startswith(_REFUSED_MODULES)]


class Secrets:
    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._chosen = backend

    @property
    def _backend(self) -> KeyringBackend:
        """Resolved on first use: finding the OS backend is too slow for start-up."""
        if self._chosen is None:
            import keyring

            self._chosen = keyring.get_keyring()
        return self._chosen

    @property
    def backend_name(self) -> str:
        usable = _usable_backends(self._backend)
        names = [f"{type(b).__module__}.{type(b).__name__}" for b in usable]
        return ", ".join(names) or f"{type(self._backend).__module__} (not usable)"

    def check(self) -> None:
        """Raise :class:`SecretsUnavailable` unless keys can really be stored and read."""
        if not _usable_backends(self._backend):
            raise SecretsUnavailable(
                "no usable OS credential store (on Linux: a Secret Service such as "
                "gnome-keyring; on Windows: Credential Manager); plaintext storage is refused"
            )

    @staticmethod
    def entry(profile: str, key: KeyName) -> str:
        return f"{profile}:{key}"

    def get(self, profile: str, key: KeyName) -> str | None:
        import keyring.errors

        self.check()
        try:
            return self._backend.get_password(SERVICE, self.entry(profile, key))
        except keyring.errors.KeyringError as error:
            raise SecretsUnavailable(f"the credential store failed: {error}") from error

    def has(self, profile: str, key: KeyName) -> bool:
        return bool(self.get(profile, key))

    def set(self, profile: str, key: KeyName, value: str) -> None:
        import keyring.errors

        problem = key_problem(key, value)
        if problem:
            raise ValueError(problem)
        self.check()
        try:
            self._backend.set_password(SERVICE, self.entry(profile, key), value)
        except keyring.errors.KeyringError as error:
            raise SecretsUnavailable(f"the credential store failed: {error}") from error

    def delete(self, profile: str, key: KeyName) -> bool:
        """Delete the entry; ``False`` when there was none."""
        import keyring.errors

        self.check()
        try:
            self._backend.delete_password(SERVICE, self.entry(profile, key))
        except keyring.errors.PasswordDeleteError:
            return False
        except keyring.errors.KeyringError as error:
            raise SecretsUnavailable(f"the credential store failed: {error}") from error
        return True
