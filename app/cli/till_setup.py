"""``loyalty-till setup BASE_URL POINT_ID < key``: a till set up with no GUI, on any OS (IT's
script on Windows is the console ``loyalty-till.exe`` itself; ``packaging/setup-till.sh`` calls
this). The machine-wide settings, the loyalty key in the OS keyring, and a connection check.

It cannot half-succeed: everything is checked before anything is written; if writing the
settings fails after the key was stored, the key is removed again. The key comes on standard
input, never on the command line. Exit 0: set up and the server answered; 1: set up, but the
check failed; 2: nothing changed.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable

PROFILE = "store"


def run_setup(
    args: argparse.Namespace,
    *,
    read_key: Callable[[], str],
    machine_config: Callable[[argparse.Namespace], int],
    check: Callable[[argparse.Namespace], int],
) -> int:
    from app.core.settings.secrets import Secrets, SecretsUnavailable

    try:
        key = read_key().strip()
    except EOFError:
        key = ""
    if not key:
        return _unchanged("no key on standard input")
    config = argparse.Namespace(
        path=None,
        profile=PROFILE,
        base_url=args.base_url,
        point=args.point,
        manager_pin_hash=args.manager_pin_hash,
        dry_run=True,
    )
    if machine_config(config) != 0:
        return _unchanged("the values were refused")
    secrets = Secrets()
    try:
        secrets.set(PROFILE, "loyalty", key)
    except (SecretsUnavailable, ValueError) as problem:
        return _unchanged(f"the key could not be stored ({problem})")
    config.dry_run = False
    if machine_config(config) != 0:
        with contextlib.suppress(SecretsUnavailable):
            secrets.delete(PROFILE, "loyalty")
        print(
            "loyalty-till setup: the settings could not be written; the key was removed again",
            file=sys.stderr,
        )
        return 2
    print(f"{PROFILE}:loyalty: stored ({secrets.backend_name})")
    return check(argparse.Namespace(profile=PROFILE))


def _unchanged(why: str) -> int:
    print(f"loyalty-till setup: {why}; nothing was changed", file=sys.stderr)
    return 2
