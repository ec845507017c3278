"""Let Windows close the till for an upgrade and start it again afterwards.

An MSI upgrade replaces files the running till holds open. Windows Installer asks the
Restart Manager to close such programs (WM_QUERYENDSESSION / WM_ENDSESSION, which Qt turns into
an orderly quit: the hold is released, the journal closed) and starts again those that called
``RegisterApplicationRestart`` — so an upgrade during a shift costs the cashier a few seconds,
not a reboot. Nothing is lost in between: every journal entry is committed (WAL) before its
request is sent, so a sale whose reply had not come back is found on the next start and
re-checked with the server like any other lost reply.
"""

from __future__ import annotations

import logging
import sys

log = logging.getLogger(__name__)

RESTART_NO_CRASH = 1  # restart after an update only: not after a crash or a hang,
RESTART_NO_HANG = 2  # which Windows Error Reporting would otherwise also do


def register() -> bool:
    """Ask Windows to start the program again after an update closed it (no-op elsewhere)."""
    if sys.platform != "win32":
        return False
    import ctypes

    result = ctypes.windll.kernel32.RegisterApplicationRestart(
        None, RESTART_NO_CRASH | RESTART_NO_HANG
    )
    if result != 0:  # S_OK
        log.warning("RegisterApplicationRestart failed: 0x%08x", result & 0xFFFFFFFF)
        return False
    return True
