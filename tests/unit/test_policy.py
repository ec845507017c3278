"""Fleet settings from the registry's policy key: the top, locked layer of the settings.

The mapping and the layering are checked on every system; reading the real registry only on
Windows (the Windows workflow runs this file there too)."""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import pytest

from app.core.settings import config_files
from app.core.settings.file import load, save_user
from app.core.settings.policy import POLICY_PLACE, read_policy, settings_from_policy
from tests.unit.conftest import write

URL = "https://loyalty.example.ru"
POINT = "62a0000000000000000000f4"
PIN_HASH = "scrypt$16384$8$1$c2FsdA$ZGlnZXN0"


def test_registry_values_map_to_the_store_profile() -> None:
    flat = settings_from_policy(
        {"BaseUrl": f" {URL} ", "PointId": POINT, "ManagerPinHash": PIN_HASH}
    )
    assert flat == {
        "profiles.store.base_url": URL,
        "profiles.store.point": POINT,
        "manager_pin": PIN_HASH,
        "active_profile": "store",
    }


def test_empty_odd_and_unknown_values_set_nothing() -> None:
    assert settings_from_policy({"BaseUrl": "", "PointId": 4, "Colour": "red"}) == {}
    # A PIN alone locks the PIN, not the profile.
    assert settings_from_policy({"ManagerPinHash": PIN_HASH}) == {"manager_pin": PIN_HASH}


def test_policy_beats_every_file_and_the_command_line(paths) -> None:
    user, machine = paths
    write(
        machine,
        'active_profile = "lab"\nmanager_pin = "scrypt$1$2$3"\n'
        '[profiles.store]\nbase_url = "https://old.example.ru"\npoint = "old"\n'
        '[profiles.lab]\nbase_url = "https://lab.example.ru"\npoint = "lab"\n',
    )
    write(user, '[profiles.store]\nbase_url = "https://mine.example.ru"\n')
    policy = {"BaseUrl": URL, "PointId": POINT, "ManagerPinHash": PIN_HASH}
    loaded = load(user, machine, {"active_profile": "lab"}, policy=policy)
    store = loaded.settings.profiles["store"]
    assert (store.base_url, store.point) == (URL, POINT)
    assert loaded.settings.active_profile == "store"
    assert loaded.settings.manager_pin == PIN_HASH
    for dotted in ("profiles.store.base_url", "profiles.store.point", "manager_pin"):
        assert loaded.source(dotted) == "locked"
        assert loaded.sources[dotted] == "policy"
    with pytest.raises(PermissionError):
        save_user(loaded, {"profiles.store.point": "mine"})
    # The user may still change what the policy leaves alone, and the policy stays in force.
    saved = save_user(loaded, {"language": "en"})
    assert saved.settings.language == "en"
    assert saved.settings.profiles["store"].point == POINT


def test_an_unusable_policy_value_is_reported_with_the_registry_key(paths) -> None:
    user, machine = paths
    loaded = load(user, machine, policy={"BaseUrl": "http://remote.example.ru", "PointId": POINT})
    texts = [str(problem) for problem in loaded.problems]
    assert any(POLICY_PLACE in text and "base_url" in text for text in texts), texts
    assert "store" not in loaded.settings.profiles or (
        loaded.settings.profiles["store"].base_url != "http://remote.example.ru"
    )


def test_half_a_pair_leaves_the_profile_out_and_says_so(paths) -> None:
    user, machine = paths
    loaded = load(user, machine, policy={"BaseUrl": URL})
    assert "store" not in loaded.settings.profiles
    assert loaded.settings.training
    assert any(POLICY_PLACE in str(problem) for problem in loaded.problems)


def test_the_first_look_starts_in_the_policys_profile(paths, monkeypatch) -> None:
    user, machine = paths
    write(user, 'active_profile = "training"\n')
    monkeypatch.setattr(config_files, "machine_config_path", lambda: machine)
    monkeypatch.setattr(config_files, "user_config_path", lambda: user)
    monkeypatch.setattr(config_files, "read_policy", lambda: {"BaseUrl": URL, "PointId": POINT})
    assert config_files.peek().active_profile == "store"


@pytest.mark.skipif(sys.platform == "win32", reason="off Windows only")
def test_nothing_is_read_off_windows() -> None:
    assert read_policy() == {}


@pytest.mark.skipif(sys.platform != "win32", reason="the registry is Windows's")
def test_the_real_registry_is_read_from_hklm() -> None:
    import winreg

    key = rf"SOFTWARE\LoyaltyTillTest\{uuid.uuid4().hex}"
    access = winreg.KEY_WRITE | winreg.KEY_WOW64_64KEY
    with winreg.CreateKeyEx(winreg.HKEY_LOCAL_MACHINE, key, 0, access) as handle:
        winreg.SetValueEx(handle, "BaseUrl", 0, winreg.REG_SZ, URL)
        winreg.SetValueEx(handle, "PointId", 0, winreg.REG_SZ, POINT)
        winreg.SetValueEx(handle, "ManagerPinHash", 0, winreg.REG_DWORD, 7)
    try:
        values = read_policy(key)
    finally:
        winreg.DeleteKeyEx(winreg.HKEY_LOCAL_MACHINE, key, access, 0)
    assert values["BaseUrl"] == URL
    assert values["PointId"] == POINT
    assert settings_from_policy(values) == {
        "profiles.store.base_url": URL,
        "profiles.store.point": POINT,
        "active_profile": "store",
    }


POLICY_DIR = Path(__file__).resolve().parents[2] / "packaging" / "windows" / "policy"
ADMX_NS = {"p": "http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions"}


def test_the_group_policy_template_writes_what_the_program_reads() -> None:
    import re
    import xml.etree.ElementTree as ET

    from app.core.settings.policy import NAMES, POLICY_KEY

    admx = ET.parse(POLICY_DIR / "LoyaltyTill.admx").getroot()
    policies = admx.findall(".//p:policy", ADMX_NS)
    assert {policy.get("key") for policy in policies} == {POLICY_KEY}
    assert {policy.get("class") for policy in policies} == {"Machine"}
    value_names = {e.get("valueName") for e in admx.iterfind(".//p:elements/*", ADMX_NS)}
    assert value_names == set(NAMES)
    text = (POLICY_DIR / "LoyaltyTill.admx").read_text(encoding="utf-8")
    strings = set(re.findall(r"\$\(string\.(\w+)\)", text))
    presentations = set(re.findall(r"\$\(presentation\.(\w+)\)", text))
    element_ids = {e.get("id") for e in admx.iterfind(".//p:elements/*", ADMX_NS)}
    for language in ("ru-RU", "en-US"):
        adml = ET.parse(POLICY_DIR / language / "LoyaltyTill.adml").getroot()
        assert {s.get("id") for s in adml.iterfind(".//p:string", ADMX_NS)} == strings, language
        shown = adml.findall(".//p:presentation", ADMX_NS)
        assert {p.get("id") for p in shown} == presentations, language
        boxes = {box.get("refId") for p in shown for box in p}
        assert boxes == element_ids, language
