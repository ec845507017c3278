"""Keys in a real Secret Service through the program's own code and its credentials command."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
from keyring.backends import fail

from app.core.settings.secrets import Secrets, SecretsUnavailable

PARTNER = "6f1c2a4e-1b7d-4c1e-9a55-0d3b7c9e2f10"


def cli(*args: str, stdin: str = "", env: dict[str, str] | None = None):
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        input=stdin,
        text=True,
        capture_output=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def test_store_read_and_delete(secrets: Secrets) -> None:
    profile = f"store-{uuid.uuid4().hex[:8]}"
    assert secrets.get(profile, "loyalty") is None
    secrets.set(profile, "loyalty", "key-one")
    secrets.set(profile, "partner", PARTNER)
    assert secrets.get(profile, "loyalty") == "key-one"
    assert secrets.has(profile, "partner")
    secrets.set(profile, "loyalty", "key-two")  # replacing works
    assert secrets.get(profile, "loyalty") == "key-two"
    assert secrets.delete(profile, "loyalty")
    assert not secrets.delete(profile, "loyalty")
    assert secrets.get(profile, "loyalty") is None
    assert secrets.get(profile, "partner") == PARTNER
    # The OS's real store: Credential Manager on Windows, the Secret Service elsewhere.
    expected = "WinVault" if sys.platform == "win32" else "SecretService"
    assert expected in secrets.backend_name


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("loyalty", ""),
        ("loyalty", "two words"),
        ("loyalty", "line\nbreak"),
        ("partner", "not-a-guid"),
    ],
)
def test_bad_keys_are_refused(secrets: Secrets, key, value) -> None:
    with pytest.raises(ValueError, match=r".+"):
        secrets.set("store", key, value)


def test_credentials_command_reads_stdin_only(keyring_env: dict[str, str]) -> None:
    profile = f"cli-{uuid.uuid4().hex[:8]}"
    secret = f"cli-secret-{uuid.uuid4().hex}"
    before = cli("credentials", "status", "--profile", profile, "--key", "loyalty")
    assert before.returncode == 1
    assert f"{profile}:loyalty: not stored" in before.stdout
    stored = cli(
        "credentials", "set", "--profile", profile, "--key", "loyalty", stdin=secret + "\n"
    )
    assert stored.returncode == 0, stored.stderr
    assert secret not in stored.stdout + stored.stderr
    status = cli("credentials", "status", "--profile", profile, "--key", "loyalty")
    assert (status.returncode, status.stdout.splitlines()[0]) == (
        0,
        f"{profile}:loyalty: stored (required)",
    )
    assert secret not in status.stdout
    # Without --key: every key listed; only the required one decides the exit code.
    every = cli("credentials", "status", "--profile", profile)
    assert every.returncode == 0, every.stdout
    assert f"{profile}:imshop: not stored (optional)" in every.stdout
    assert f"{profile}:partner: not stored (optional)" in every.stdout
    assert Secrets().get(profile, "loyalty") == secret
    refused = cli(
        "credentials", "set", "--profile", profile, "--key", "partner", stdin="not-a-guid\n"
    )
    assert refused.returncode == 2
    assert "GUID" in refused.stderr
    deleted = cli("credentials", "delete", "--profile", profile, "--key", "loyalty")
    assert deleted.returncode == 0
    assert Secrets().get(profile, "loyalty") is None
    assert cli("credentials", "status", "--profile", profile).returncode == 1


def test_no_keyring_backend_is_said_plainly() -> None:
    secrets = Secrets(fail.Keyring())
    with pytest.raises(SecretsUnavailable, match="plaintext storage is refused"):
        secrets.get("store", "loyalty")
    result = cli(
        "credentials",
        "set",
        "--profile",
        "store",
        "--key",
        "loyalty",
        stdin="some-key\n",
        env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
    )
    assert result.returncode == 3
    assert "no usable OS credential store" in result.stderr


def test_a_plaintext_backend_is_refused() -> None:
    from keyring.backend import KeyringBackend

    class PlaintextKeyring(KeyringBackend):  # what keyrings.alt offers; never acceptable
        priority = 1

        def get_password(self, service, username):
            return None

        def set_password(self, service, username, password):
            raise AssertionError("must never be called")

        def delete_password(self, service, username):
            return None

    PlaintextKeyring.__module__ = "keyrings.alt.file"
    with pytest.raises(SecretsUnavailable):
        Secrets(PlaintextKeyring()).set("store", "loyalty", "key")


def test_pin_hash_command() -> None:
    from app.core.settings.pin import verify_pin

    result = cli("pin", "hash", stdin="2468\n")
    assert result.returncode == 0
    stored = result.stdout.strip().split('"')[1]
    assert verify_pin("2468", stored)
    assert not verify_pin("2469", stored)
    assert "2468" not in result.stdout
    assert cli("pin", "hash", stdin="12\n").returncode == 2
