"""Registering with Windows for a restart after an upgrade closed the till."""

from __future__ import annotations

import sys

from app.base import restart_after_upgrade


def test_registers_on_windows_only() -> None:
    # On the Windows runner this calls the real RegisterApplicationRestart (S_OK expected);
    # elsewhere there is nothing to register with.
    assert restart_after_upgrade.register() is (sys.platform == "win32")
