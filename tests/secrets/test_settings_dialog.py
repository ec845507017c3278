"""The settings dialog, profile switching and the manager PIN, with a real keyring."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backends import fail
from PySide6.QtWidgets import QApplication

from app.base import i18n
from app.core.journal.store import Journal
from app.core.link.session import Connection, production_connector
from app.core.settings import file as settings_file
from app.core.settings.model import Settings
from app.core.settings.pin import hash_pin
from app.core.settings.secrets import Secrets
from app.sandbox import demo
from app.sandbox.server import SandboxServer
from app.ui.cashier.main_window import MainWindow
from app.ui.manager import pin_prompt
from app.ui.settings.context import SettingsContext

KEY = "dialog-key-0a1b2c3d4e5f"


@pytest.fixture
def till(
    qtbot, qapp: QApplication, sandbox: SandboxServer, secrets: Secrets, tmp_path: Path
) -> Iterator[tuple[MainWindow, SettingsContext, str]]:
    """A training-mode window with settings files in tmp and a production profile 'store'."""
    i18n.install(qapp, "ru")
    profile = f"store{uuid.uuid4().hex[:6]}"
    machine = tmp_path / "etc" / "settings.toml"
    machine.parent.mkdir()
    machine.write_text(
        f'locked = ["profiles.{profile}.point"]\n\n[profiles.{profile}]\n'
        f'base_url = "{sandbox.url}"\npoint = "{demo.POINT_ID}"\n'
        f'history_url = "{sandbox.url}/irp/bonus-history"\n'
    )
    loaded = settings_file.load(tmp_path / "user" / "settings.toml", machine)
    assert loaded.problems == []
    sandbox.store.add_api_key(KEY)
    secrets.set(profile, "loyalty", KEY)
    training = Connection(sandbox.url, demo.POINT_ID, demo.API_KEY, training=True)

    def connector(chosen: Settings):
        if chosen.profile is None:
            return lambda: training
        return production_connector(chosen.active_profile, chosen.profile, secrets.get)

    journal = Journal(tmp_path / "journal.sqlite3")
    window = MainWindow(connector(loaded.settings), journal, training=True)
    context = SettingsContext(loaded, connector, secrets)
    window.settings_context = context
    qtbot.addWidget(window)
    window.show()
    window.start_session()
    qtbot.waitUntil(lambda: window.controller.teller is not None)
    yield window, context, profile
    window.close()
    qtbot.waitUntil(lambda: window.requests.running == 0, timeout=15000)
    journal.close()


def open_dialog(qtbot, window: MainWindow):
    window.open_settings()
    qtbot.waitUntil(lambda: window.dialogs.settings_dialog is not None)
    return window.dialogs.settings_dialog


def test_fields_validate_in_place_and_locked_ones_are_read_only(qtbot, till) -> None:
    window, _context, profile = till
    dialog = open_dialog(qtbot, window)
    dialog.profile.setCurrentIndex(dialog.profile.findData(profile))
    assert not dialog.fields["point"].isEnabled()
    assert "Заблокировано" in dialog.fields["point"].toolTip()
    base = dialog.fields["base_url"]
    base.clear()
    qtbot.keyClicks(base, "loyalty.example.ru")
    assert dialog.errors["base_url"].isVisible()
    assert dialog.errors["base_url"].text() == "Адрес должен выглядеть так: https://сервер/путь."
    base.clear()
    qtbot.keyClicks(base, "http://loyalty.example.ru")
    assert "не защищено" in dialog.errors["base_url"].text()
    base.clear()
    qtbot.keyClicks(base, "https://loyalty.example.ru")
    assert not dialog.errors["base_url"].isVisible()
    ca = dialog.fields["ca_file"]
    qtbot.keyClicks(ca, "/no/such.pem")
    assert dialog.errors["ca_file"].isVisible()
    dialog.save()
    assert dialog.save_error.isVisible()  # nothing saved while a field is wrong
    dialog.reject()


def test_test_connection_reports_per_api(qtbot, till) -> None:
    window, _context, profile = till
    dialog = open_dialog(qtbot, window)
    dialog.profile.setCurrentIndex(dialog.profile.findData(profile))
    qtbot.waitUntil(
        lambda: dialog.key_rows.labels["loyalty"].text() == "Ключ сервера лояльности: сохранён"
    )
    partner = dialog.key_rows.labels["partner"]
    assert partner.text() == "Ключ партнёра: не сохранён (необязательный)"
    dialog.connection_test.run()
    qtbot.waitUntil(lambda: dialog.connection_test.button.isEnabled(), timeout=15000)
    lines = dialog.connection_test.results.text().splitlines()
    assert lines[0] == "✔ Сервер лояльности: связь есть, ключ принят, касса не отклонена."
    assert lines[1] == "✔ Часы кассы: Часы кассы совпадают с часами сервера."
    assert lines[2].startswith("✔ История бонусов")
    assert lines[-1].startswith("– Партнёр")
    dialog.reject()


def test_saving_another_profile_switches_the_window(qtbot, till, sandbox) -> None:
    window, context, profile = till
    dialog = open_dialog(qtbot, window)
    dialog.profile.setCurrentIndex(dialog.profile.findData(profile))
    dialog.save()
    assert not dialog.isVisible()
    qtbot.waitUntil(
        lambda: (
            window.controller.connection is not None and not window.controller.connection.training
        )
    )
    assert window.controller.connection.profile == profile
    assert not window.header.training_banner.isVisible()
    assert window.header.mode.text().startswith(f"Профиль: {profile}")
    assert f'active_profile = "{profile}"' in context.loaded.user_path.read_text()
    assert KEY not in context.loaded.user_path.read_text()
    back = open_dialog(qtbot, window)
    back.profile.setCurrentIndex(back.profile.findData("training"))
    back.save()
    qtbot.waitUntil(
        lambda: window.controller.connection is not None and window.controller.connection.training
    )
    assert window.header.training_banner.isVisible()


def test_a_profile_without_a_key_says_what_to_do(qtbot, till, secrets) -> None:
    window, context, profile = till
    secrets.delete(profile, "loyalty")
    window.reconnect(
        context.connector(context.loaded.settings.model_copy(update={"active_profile": profile})),
        training=False,
    )
    qtbot.waitUntil(lambda: window.header.config_banner.isVisible())
    assert "Не сохранён ключ доступа для профиля" in window.header.config_banner.text()
    assert window.controller.teller is None


def test_no_usable_keyring_is_said_plainly(qtbot, till) -> None:
    window, context, profile = till
    settings = context.loaded.settings.model_copy(update={"active_profile": profile})
    assert settings.profile is not None
    broken = production_connector(profile, settings.profile, Secrets(fail.Keyring()).get)
    window.reconnect(broken, training=False)
    qtbot.waitUntil(lambda: window.header.config_banner.isVisible())
    assert "нет пригодного хранилища паролей" in window.header.config_banner.text()


def test_manager_pin_guards_settings_and_export(qtbot, till, monkeypatch, tmp_path) -> None:
    window, context, _profile = till
    context.loaded.settings = context.loaded.settings.model_copy(
        update={"manager_pin": hash_pin("2468")}
    )
    answers = iter(["1111", "2468", None, "2468"])
    monkeypatch.setattr(pin_prompt, "ask_pin", lambda parent: next(answers))
    monkeypatch.setattr(pin_prompt.QMessageBox, "warning", lambda *args: None)
    window.open_settings()
    assert window.dialogs.settings_dialog is None  # wrong PIN
    dialog = open_dialog(qtbot, window)  # right PIN
    dialog.reject()
    window.open_journal()
    journal_window = window.dialogs.journal_window
    written: list[Path] = []
    monkeypatch.setattr(journal_window, "write_csv", written.append)
    monkeypatch.setattr(
        "app.ui.manager.journal_window.QFileDialog.getSaveFileName",
        lambda *args: (str(tmp_path / "out.csv"), ""),
    )
    journal_window.export()  # PIN prompt cancelled
    assert written == []
    journal_window.export()
    assert written == [tmp_path / "out.csv"]
    journal_window.close()


def test_saving_without_changes_writes_nothing_from_the_command_line(qtbot, till) -> None:
    """Finding 1: --lang and --base-url ended up in the user's file after F12 → Save."""
    window, context, profile = till
    loaded = context.loaded
    context.loaded = settings_file.load(
        loaded.user_path,
        loaded.machine_path,
        {"language": "en", f"profiles.{profile}.base_url": "http://127.0.0.1:18811"},
    )
    dialog = open_dialog(qtbot, window)
    assert dialog.command_line_note.isVisible()
    note = dialog.command_line_note.text()
    assert "Язык" in note
    assert "Адрес сервера лояльности" in note
    assert "language" not in note  # the dialog's words, not the file's keys
    assert "profiles." not in note
    dialog.profile.setCurrentIndex(dialog.profile.findData(profile))
    assert "командная строка" in dialog.fields["base_url"].toolTip()
    dialog.profile.setCurrentIndex(dialog.profile.findData("training"))
    dialog.save()
    assert not dialog.isVisible()
    assert not context.loaded.user_path.exists()  # nothing changed, nothing written
    assert context.loaded.settings.language == "en"  # the command line still holds this run


def test_a_key_is_stored_on_save_and_used_at_once(qtbot, till, secrets, sandbox, monkeypatch):
    """Finding 2: a key set in the dialog was written at once (Cancel kept it) and used only
    after a restart."""
    from app.ui.settings import dialog as settings_dialog

    window, _context, profile = till
    new_key = "dialog-key-second-9f8e7d"
    sandbox.store.add_api_key(new_key)
    monkeypatch.setattr(
        settings_dialog.QInputDialog, "getText", lambda *args, **kwargs: (new_key, True)
    )
    dialog = open_dialog(qtbot, window)
    dialog.profile.setCurrentIndex(dialog.profile.findData(profile))
    dialog.key_rows.set_key("loyalty")
    assert "при сохранении" in dialog.key_rows.labels["loyalty"].text()
    dialog.reject()  # Cancel: the stored key is untouched
    assert secrets.get(profile, "loyalty") == KEY
    dialog = open_dialog(qtbot, window)
    dialog.profile.setCurrentIndex(dialog.profile.findData(profile))
    dialog.key_rows.set_key("loyalty")
    dialog.save()
    assert secrets.get(profile, "loyalty") == new_key
    qtbot.waitUntil(
        lambda: (
            window.controller.connection is not None
            and window.controller.connection.apikey == new_key
        ),
        timeout=10000,
    )


def test_new_profile_is_off_when_the_active_profile_is_locked(qtbot, till) -> None:
    """Finding 4: 'New profile…' switched a locked choice to a profile Save then refused."""
    window, context, profile = till
    machine = context.loaded.machine_path
    machine.write_text(
        f'active_profile = "{profile}"\n'
        + machine.read_text().replace("locked = [", 'locked = ["active_profile", ')
    )
    context.loaded = settings_file.load(context.loaded.user_path, machine)
    dialog = open_dialog(qtbot, window)
    assert not dialog.profile.isEnabled()
    assert not dialog.add_profile.isEnabled()
    dialog.reject()


def test_the_dialog_fits_the_screen_at_a_large_font_with_errors(qtbot, till, qapp) -> None:
    """Finding 3: 891×810 with font 14 and errors; Save and Cancel were off-screen."""
    window, _context, profile = till
    font = qapp.font()
    size = font.pointSize()
    font.setPointSize(16)
    qapp.setFont(font)
    try:
        dialog = open_dialog(qtbot, window)
        dialog.profile.setCurrentIndex(dialog.profile.findData(profile))
        for name in ("base_url", "history_url", "invitation_url", "partner_url"):
            dialog.fields[name].setText("not an address")
            dialog._validate(name)
        qtbot.wait(50)
        screen = dialog.screen().availableGeometry()
        assert dialog.height() <= screen.height()
        save = dialog.findChild(type(dialog.add_profile), "settingsSave")
        bottom = save.mapTo(dialog, save.rect().bottomRight()).y()
        assert bottom <= dialog.height()
        assert dialog.fields_scroll.verticalScrollBar().maximum() > 0  # the fields scroll
        dialog.reject()
    finally:
        font.setPointSize(size)
        qapp.setFont(font)


def test_a_check_that_breaks_says_so_and_can_be_run_again(qtbot, till, monkeypatch) -> None:
    """The Test button stayed disabled for good when the check itself failed."""
    from app.ui.settings import check as settings_test

    def broken(*args: object) -> object:
        raise RuntimeError("the check broke")

    monkeypatch.setattr(settings_test, "check_all", broken)
    window, _context, profile = till
    dialog = open_dialog(qtbot, window)
    dialog.profile.setCurrentIndex(dialog.profile.findData(profile))
    dialog.connection_test.run()
    qtbot.waitUntil(dialog.connection_test.button.isEnabled, timeout=5000)
    assert "the check broke" in dialog.connection_test.results.text()
    assert dialog.connection_test.results.text().startswith("Проверка не выполнилась")
    dialog.reject()
