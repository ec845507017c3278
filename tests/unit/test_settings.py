"""Settings files: precedence, locking, validation of every field, broken files."""

from __future__ import annotations

import pytest

from app.core.settings import model as cfg
from app.core.settings.file import load, save_user
from app.core.settings.model import Profile, Settings, url_problem
from tests.unit.conftest import write

GOOD = """
active_profile = "store"
language = "en"

[profiles.store]
base_url = "https://loyalty.example.ru"
point = "62a0000000000000000000f4"
"""


def test_no_files_means_training(paths) -> None:
    loaded = load(*paths)
    assert loaded.settings.training
    assert loaded.problems == []


def test_precedence_machine_user_command_line(paths) -> None:
    user, machine = paths
    write(machine, "font_size = 14\n" + GOOD)
    write(user, 'font_size = 16\nlanguage = "ru"\n')
    loaded = load(user, machine, {"language": "en"})
    assert loaded.settings.active_profile == "store"
    assert loaded.settings.font_size == 16
    assert loaded.settings.language == "en"
    assert loaded.sources["font_size"] == "user"
    assert loaded.problems == []


def test_locked_fields_keep_the_machine_value(paths) -> None:
    user, machine = paths
    write(machine, 'locked = ["profiles.store.point", "font_size"]\nfont_size = 14\n' + GOOD)
    write(user, 'font_size = 20\n[profiles.store]\npoint = "other"\n')
    loaded = load(user, machine, {"font_size": 9})
    assert loaded.settings.font_size == 14
    assert loaded.settings.profiles["store"].point == "62a0000000000000000000f4"
    assert loaded.locked == {"profiles.store.point", "font_size"}
    with pytest.raises(PermissionError):
        save_user(loaded, {"font_size": 12})


def test_only_the_machine_file_locks(paths) -> None:
    user, machine = paths
    write(user, 'locked = ["language"]\n')
    loaded = load(user, machine)
    assert loaded.locked == frozenset()
    assert "only the machine-wide file" in str(loaded.problems[0])


def test_broken_file_names_file_and_line_and_the_program_starts(paths) -> None:
    user, machine = paths
    write(machine, GOOD)
    write(user, 'language = "en"\nfont_size = = 3\n')
    loaded = load(user, machine)
    assert loaded.settings.active_profile == "store"  # the machine file still counts
    [problem] = loaded.problems
    assert problem.path == user
    assert problem.line == 2
    assert "not written correctly" in str(problem)
    assert "Invalid value" in problem.detail  # the parser's words, for the log


def test_a_broken_user_file_is_told_in_the_managers_language(paths, qapp) -> None:
    from app.base import i18n

    user, machine = paths
    write(machine, 'manager_pin = "scrypt$1$2$3"\n' + GOOD)
    write(user, 'language = "en"\nfont_size = = 3\n')
    i18n.install(qapp, "ru")
    try:
        loaded = load(user, machine)
        [problem] = loaded.problems
        text = problem.text()
    finally:
        i18n.install(qapp, "ru")
    assert text.startswith(f"{user}, строка 2: ")
    assert "TOML" not in text and "Invalid" not in text
    # Nothing of the machine file is lost because the user's file is broken.
    assert loaded.settings.active_profile == "store"
    assert loaded.settings.manager_pin == "scrypt$1$2$3"


def test_a_machine_wide_manager_pin_cannot_be_overridden(paths) -> None:
    user, machine = paths
    write(machine, 'manager_pin = "scrypt$1$2$3"\n')
    write(user, 'manager_pin = ""\n')
    loaded = load(user, machine)
    assert loaded.settings.manager_pin == "scrypt$1$2$3"
    assert loaded.source("manager_pin") == "locked"
    with pytest.raises(PermissionError):
        save_user(loaded, {"manager_pin": ""})


def test_the_first_look_obeys_the_same_locks(paths, monkeypatch) -> None:
    from app.core.settings import config_files

    user, machine = paths
    write(machine, 'language = "ru"\nfont_size = 16\nlocked = ["font_size"]\n')
    write(user, 'language = "en"\nfont_size = 9\n')
    monkeypatch.setattr(config_files, "machine_config_path", lambda: machine)
    monkeypatch.setattr(config_files, "user_config_path", lambda: user)
    first = config_files.peek({"font_size": 20})
    assert (first.language, first.font_size) == ("en", 16)
    full = load(user, machine, {"font_size": 20})
    assert (full.settings.language, full.settings.font_size) == ("en", 16)


def test_command_line_values_are_not_saved(paths) -> None:
    user, machine = paths
    write(machine, GOOD)
    loaded = load(user, machine, {"language": "ru", "profiles.store.read_timeout": 30.0})
    assert loaded.source("language") == "command line"
    assert loaded.source("font_size") == "default"
    assert loaded.source("profiles.store.base_url") == "machine"
    after = save_user(loaded, {"font_size": 14})
    assert user.read_text(encoding="utf-8").strip() == "font_size = 14"
    # The reloaded settings still carry this run's command line.
    assert after.settings.language == "ru"
    assert after.settings.profiles["store"].read_timeout == 30.0


def test_saving_over_a_broken_user_file_is_refused(paths) -> None:
    user, machine = paths
    write(user, "font_size = = 3\n")
    loaded = load(user, machine)
    with pytest.raises(ValueError, match=r"settings\.toml") as refused:
        save_user(loaded, {"font_size": 14})
    assert str(user) in str(refused.value)
    assert user.read_text(encoding="utf-8") == "font_size = = 3\n"  # kept for repair


def test_a_bad_value_is_skipped_with_its_line(paths) -> None:
    user, machine = paths
    write(user, GOOD + "read_timeout = 500\n" + 'connect_timeout = "fast"\n')
    loaded = load(user, machine)
    assert loaded.settings.profile is not None
    assert loaded.settings.profile.read_timeout == 10
    assert {p.line for p in loaded.problems} == {8, 9}


def test_an_incomplete_profile_is_left_out_and_training_remains(paths) -> None:
    user, machine = paths
    write(user, 'active_profile = "store"\n[profiles.store]\nbase_url = "https://x.example"\n')
    loaded = load(user, machine)
    assert loaded.settings.training
    messages = " ".join(str(p) for p in loaded.problems)
    assert "Enter the point ID" in messages
    assert "active profile" in messages


def test_a_bad_value_gives_way_to_the_layer_below(paths) -> None:
    """The user's unusable value is reported on its line, and the machine file's value is in
    force — for a top-level setting and for a profile's field alike."""
    user, machine = paths
    write(machine, "font_size = 14\n" + GOOD + "read_timeout = 20\n")
    write(user, "font_size = 99\n[profiles.store]\nread_timeout = 500\n")
    loaded = load(user, machine)
    assert loaded.settings.font_size == 14
    assert loaded.settings.profile is not None
    assert loaded.settings.profile.read_timeout == 20
    assert loaded.source("font_size") == "machine"
    assert loaded.source("profiles.store.read_timeout") == "machine"
    assert sorted((p.path, p.line, p.argument) for p in loaded.problems) == [
        (user, 1, "font_size"),
        (user, 3, "profiles.store.read_timeout"),
    ]


def test_a_badly_named_profile_is_reported_not_fatal(paths) -> None:
    """A profile named against the rule was once a crash of the whole load (the program
    started in training mode with only "settings not loaded" in the log)."""
    user, machine = paths
    write(user, GOOD + '[profiles.Shop]\nbase_url = "https://y.example"\npoint = "p"\n')
    loaded = load(user, machine)
    assert set(loaded.settings.profiles) == {"store"}
    assert loaded.settings.active_profile == "store"
    [problem] = loaded.problems
    assert problem.argument == "profiles.Shop"
    assert problem.line == 8  # the section header
    assert "lower-case" in problem.detail


def test_an_active_profile_that_is_not_defined_falls_back(paths) -> None:
    user, machine = paths
    write(machine, GOOD)
    write(user, 'active_profile = "nowhere"\n')
    loaded = load(user, machine)
    assert loaded.settings.active_profile == "store"  # the machine file's, which exists
    [problem] = loaded.problems
    assert (problem.path, problem.line, problem.argument) == (user, 1, "active_profile")


def test_unknown_settings_are_reported(paths) -> None:
    user, machine = paths
    write(
        user,
        'colour = "blue"\n[profiles.store]\nbase_url = "https://x.example"\npoint = "p"\n'
        'apikey = "never here"\n',
    )
    loaded = load(user, machine)
    messages = [str(p) for p in loaded.problems]
    assert any("unknown setting colour" in m and "line 1" in m for m in messages)
    assert any("profiles.store.apikey" in m and "line 5" in m for m in messages)


@pytest.mark.parametrize(
    ("url", "allowed", "ok"),
    [
        ("https://loyalty.example.ru", [], True),
        ("https://loyalty.example.ru/api/", [], True),
        ("http://127.0.0.1:8765", [], True),
        ("http://localhost:8765", [], True),
        ("http://[::1]:8765", [], True),
        ("http://tools.moab.pro/api/Register/Add", [], False),
        ("http://tools.moab.pro/api/Register/Add", ["http://tools.moab.pro"], True),
        ("ftp://example.ru", [], False),
        ("loyalty.example.ru", [], False),
        ("https://", [], False),
        ("https://exa mple.ru", [], False),
        ("", [], False),
    ],
)
def test_url_validation(url: str, allowed: list[str], ok: bool) -> None:
    assert (url_problem(url, allowed) is None) is ok


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("point", "bad point!"),
        ("point", "x" * 65),
        ("ca_file", "/no/such/file.pem"),
        ("allow_http", ["https://secure.example"]),
        ("connect_timeout", 0),
        ("read_timeout", 121),
        ("partner_timeout", 5),
        ("imshop_user_field", "email"),
        ("history_url", "not a url"),
    ],
)
def test_profile_field_validation(field: str, value: object) -> None:
    data = {"base_url": "https://x.example", "point": "p1", field: value}
    with pytest.raises(ValueError, match=r".+"):
        Profile.model_validate(data)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("language", "de"),
        ("font_size", 7),
        ("font_size", 33),
        ("journal_retention_days", 0),
        ("manager_pin", "1234"),
        ("active_profile", "nowhere"),
    ],
)
def test_top_level_validation(field: str, value: object) -> None:
    with pytest.raises(ValueError, match=r".+"):
        Settings.model_validate({field: value})


def test_profile_names(paths) -> None:
    with pytest.raises(ValueError, match="profile name"):
        Settings.model_validate(
            {"profiles": {"training": {"base_url": "https://x.example", "point": "p"}}}
        )


def test_save_user_round_trip(paths) -> None:
    user, machine = paths
    write(machine, GOOD)
    loaded = load(user, machine)
    save_user(loaded, {"font_size": 18, "profiles.store.read_timeout": 20.0})
    again = load(user, machine)
    assert again.settings.font_size == 18
    assert again.settings.profiles["store"].read_timeout == 20
    assert "apikey" not in user.read_text()


def test_insecure_urls_are_listed() -> None:
    profile = Profile(
        base_url="https://x.example",
        point="p",
        partner_url="http://tools.moab.pro/api/Register/Add",
        allow_http=["http://tools.moab.pro"],
    )
    assert profile.insecure_urls() == []  # the partner's is noted on its tab, not on sales
    assert profile.partner_insecure
    loyalty_on_http = Profile(
        base_url="http://loyalty.example.ru",
        point="p",
        allow_http=["http://loyalty.example.ru", "http://tools.moab.pro"],
    )
    assert loyalty_on_http.insecure_urls() == ["http://loyalty.example.ru"]


def test_the_documented_http_partner_is_allowed_until_it_is_removed() -> None:
    profile = Profile(base_url="https://x.example", point="p")
    assert profile.partner_url == cfg.PARTNER_URL
    assert profile.partner_insecure
    with pytest.raises(ValueError, match="http"):
        Profile(base_url="https://x.example", point="p", allow_http=[])


@pytest.mark.parametrize(
    ("dsn", "kept"),
    [
        ("host=db.chain.local dbname=tills user=till_store12", True),
        ("postgresql://till_store12@db.chain.local/tills", True),
        ("host=db.chain.local user=till password=secret", False),
        ("host=db PASSWORD = secret", False),
        ("postgresql://till:secret@db.chain.local/tills", False),
    ],
)
def test_the_chain_dsn_never_holds_the_password(paths, dsn: str, kept: bool) -> None:
    user, machine = paths
    write(machine, f"chain_dsn = {dsn!r}\n".replace("'", '"'))
    loaded = load(user, machine)
    assert (loaded.settings.chain_dsn == dsn) is kept
    assert bool(loaded.problems) is not kept
    if not kept:
        problem = loaded.problems[0]
        assert problem.argument == "chain_dsn"
        assert "credentials set --key chain" in problem.detail
        assert "secret" not in problem.text() + problem.detail
