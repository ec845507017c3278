"""The settings dialog's editing state without widgets (app/core/settings/edit.py), on real
settings files."""

from __future__ import annotations

import pytest

from app.core.settings.edit import SettingsEdit, field_problem
from app.core.settings.file import load
from tests.unit.conftest import write

MACHINE = """
locked = ["profiles.store.point"]
active_profile = "store"
font_size = 14

[profiles.store]
base_url = "https://loyalty.example.ru"
point = "62a0000000000000000000f4"
"""


@pytest.fixture
def edit(paths) -> SettingsEdit:
    user, machine = paths
    write(machine, MACHINE)
    return SettingsEdit(load(user, machine, {"language": "en"}, policy={}))


def shown(edit: SettingsEdit, **changed: object) -> dict[str, object]:
    """What the dialog shows for the active profile, with ``changed`` typed over it."""
    values: dict[str, object] = {
        "active_profile": "store",
        "language": "en",
        "font_size": 14,
        **{f"profiles.store.{k}": v for k, v in edit.profile("store").model_dump().items()},
    }
    values.update(changed)
    return values


def test_saving_what_was_only_shown_writes_nothing(edit: SettingsEdit, paths) -> None:
    user, _machine = paths
    assert edit.changes(shown(edit)) == {}
    assert edit.save(shown(edit)) is None
    assert not user.exists()  # the command line's language was shown, not saved


def test_only_the_changes_are_written_and_never_a_locked_field(edit, paths) -> None:
    user, _machine = paths
    typed = shown(
        edit, font_size=18, **{"profiles.store.point": "other", "profiles.store.read_timeout": 30}
    )
    assert edit.changes(typed) == {"font_size": 18, "profiles.store.read_timeout": 30}
    assert edit.save(typed) is None
    assert edit.loaded.settings.font_size == 18
    assert "point" not in user.read_text()


def test_where_each_value_comes_from(edit: SettingsEdit) -> None:
    assert edit.source("store", "point") == "locked"
    assert edit.source("store", "base_url") == "machine"
    assert edit.source("store", "language") == "command line"
    assert edit.source("store", "read_timeout") == "default"
    assert edit.from_command_line() == ["language"]


def test_a_new_profile_is_named_by_the_rule(edit: SettingsEdit) -> None:
    assert edit.new_profile(" Backup ") == "backup"
    assert edit.profile("backup").base_url == ""
    for refused in ("training", "with space", "", "x" * 40):
        assert edit.new_profile(refused) is None
    assert set(edit.profiles) == {"store", "backup"}


def test_what_was_typed_for_a_profile_is_kept_even_when_not_valid(edit: SettingsEdit) -> None:
    edit.remember("store", {"base_url": "not a url", "point": "p"})
    assert edit.profile("store").base_url == "not a url"


def test_a_key_waits_for_save_and_a_bad_one_is_refused(edit: SettingsEdit) -> None:
    assert edit.take_key("store", "loyalty", "   ") is not None
    assert not edit.key_pending("store", "loyalty")
    assert edit.take_key("store", "loyalty", " a-good-key-1234567890 ") is None
    assert edit.pending_keys == {("store", "loyalty"): "a-good-key-1234567890"}


@pytest.mark.parametrize(
    ("field", "text", "allow_http", "bad"),
    [
        ("base_url", "", "", True),
        ("history_url", "", "", False),  # optional
        ("partner_url", "http://tools.moab.pro/api", "", True),
        ("partner_url", "http://tools.moab.pro/api", "http://tools.moab.pro", False),
        ("point", "bad point!", "", True),
        ("point", " p1 ", "", False),
        ("ca_file", "/no/such/file.pem", "", True),
    ],
)
def test_field_problems(field: str, text: str, allow_http: str, bad: bool) -> None:
    assert (field_problem(field, text, allow_http) is not None) is bad
