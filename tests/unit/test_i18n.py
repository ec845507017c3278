"""Every user-visible string has a Russian translation; Russian is the default, English works."""

from __future__ import annotations

import importlib.util
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from app.api import errors
from app.base import i18n

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location(
    "update_translations", ROOT / "packaging" / "update_translations.py"
)
assert spec and spec.loader
tools = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tools)


def test_every_source_string_has_a_russian_translation(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    shutil.copy(tools.TS, fresh)
    tools.lupdate(fresh)
    untranslated = [
        message.findtext("source")
        for message in ET.parse(fresh).iter("message")
        if message.find("translation").get("type") == "unfinished"
        or not message.findtext("translation")
    ]
    assert untranslated == []
    assert fresh.read_bytes() == tools.TS.read_bytes(), "run packaging/update_translations.py"


SENTENCE_RESTARTS_LOWER = re.compile(r"[.!?] +[a-zа-яё]")
ABBREVIATIONS = ("e.g. ", "т. е.", "т. д.", "см. ")


@pytest.mark.parametrize("side", ["source", "translation"])
def test_no_sentence_starts_with_a_small_letter(side: str) -> None:
    """#35: «. но» (and its English twin «. but») reached the screen. Every message, in both
    languages, starts each sentence with a capital (an abbreviation's dot aside)."""
    found = []
    for message in ET.parse(tools.TS).iter("message"):
        text = message.findtext(side) or ""
        for abbreviation in ABBREVIATIONS:
            text = text.replace(abbreviation, "")
        if SENTENCE_RESTARTS_LOWER.search(text):
            found.append(text)
    assert found == []


def test_compiled_catalogue_is_current(tmp_path: Path) -> None:
    compiled = tmp_path / "fresh.qm"
    tools.lrelease(tools.TS, compiled)
    assert compiled.read_bytes() == tools.QM.read_bytes(), "run packaging/update_translations.py"


@pytest.fixture
def russian(qapp):
    yield i18n.install(qapp, "ru")
    i18n.install(qapp, "ru")


def test_error_messages_are_russian_by_default_and_english_on_request(qapp, russian) -> None:
    assert russian == "ru"
    not_found = errors.ClientNotFound({"client": "Client not found."})
    assert not_found.user_message() == "Покупатель не найден."
    spend = errors.FieldRejected({"spend": "Spend can't be more 100"})
    assert spend.field_message("spend") == "Можно списать не больше 100 баллов."
    assert errors.PartnerRejected(10).user_message().startswith("Этот email уже передан")
    assert i18n.install(qapp, "en") == "en"
    assert not_found.user_message() == "Customer not found."
    assert spend.field_message("spend") == "At most 100 points can be spent."


def test_unknown_language_falls_back_to_russian(qapp, russian) -> None:
    assert i18n.install(qapp, "xx") == "ru"
    assert errors.KeyRejected("401").user_message().startswith("Сервер не принял ключ доступа")


def test_unrecognised_server_message_is_shown_as_sent() -> None:
    rejected = errors.FieldRejected({"amount": "Amount must be more than 0."})
    assert rejected.field_message("amount") == "Amount must be more than 0."
    assert rejected.field_message("spend") is None


def test_qts_own_dialogs_speak_russian(qapp, russian) -> None:
    """Qt's file chooser and standard buttons use Qt's own catalogue (qtbase_ru)."""
    from PySide6.QtCore import QCoreApplication

    assert QCoreApplication.translate("QFileDialog", "&Save") == "&Сохранить"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Отмена"
