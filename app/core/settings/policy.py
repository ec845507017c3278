"""Fleet settings from the Windows registry: ``HKLM\\SOFTWARE\\Policies\\LoyaltyTill``.

The MSI writes its BASE_URL, POINT_ID and MANAGER_PIN_HASH there, and Group Policy writes the
same values through ``packaging/windows/policy/LoyaltyTill.admx``. They form the top,
locked layer of the settings, above ``%ProgramData%``'s file: whoever can edit a settings file
on the till cannot point it at another server. Nothing is read on other systems.

    BaseUrl         REG_SZ   profiles.store.base_url   (and active_profile = store)
    PointId         REG_SZ   profiles.store.point      (and active_profile = store)
    ManagerPinHash  REG_SZ   manager_pin

A value of another type, or an empty one, is not used; the settings' own checks report a value
they cannot use, naming the registry key.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping
from typing import Any

log = logging.getLogger(__name__)

POLICY_KEY = r"SOFTWARE\Policies\LoyaltyTill"
POLICY_PLACE = rf"HKLM\{POLICY_KEY}"
PROFILE = "store"
NAMES = {
    "BaseUrl": f"profiles.{PROFILE}.base_url",
    "PointId": f"profiles.{PROFILE}.point",
    "ManagerPinHash": "manager_pin",
}


def settings_from_policy(values: Mapping[str, object]) -> dict[str, Any]:
    """The dotted settings that registry values ``{name: value}`` set (each of them locked)."""
    flat: dict[str, Any] = {}
    for name, dotted in NAMES.items():
        value = values.get(name)
        if isinstance(value, str) and value.strip():
            flat[dotted] = value.strip()
        elif value is not None:
            log.warning("policy value %s is not a non-empty string; not used", name)
    if any(dotted.startswith(f"profiles.{PROFILE}.") for dotted in flat):
        flat["active_profile"] = PROFILE
    return flat


def read_policy(key: str = POLICY_KEY) -> dict[str, object]:
    """The values under ``HKLM\\<key>`` (64-bit view), ``{}`` where there are none or off
    Windows. ``key`` is a parameter for tests, which write under a key of their own."""
    if sys.platform != "win32":
        return {}
    import winreg

    values: dict[str, object] = {}
    access = winreg.KEY_READ | winreg.KEY_WOW64_64KEY
    try:
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, key, 0, access) as handle:
            index = 0
            while True:
                try:
                    name, value, _kind = winreg.EnumValue(handle, index)
                except OSError:
                    break
                index += 1
                if name in NAMES:
                    values[name] = value  # a DWORD, binary or list is reported, not used
    except FileNotFoundError:
        return {}
    except OSError as error:
        log.warning("cannot read HKLM\\%s: %s", key, error)
    return values
