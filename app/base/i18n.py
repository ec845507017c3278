"""Translation helpers.

Source strings are English; Russian is the default language and comes from the compiled
``resources/i18n/loyalty_till_ru.qm``. Modules without widgets (``api``, ``core``) mark their
strings with :func:`QT_TRANSLATE_NOOP` (which ``pyside6-lupdate`` extracts) and translate them
when a person is about to read them, through :func:`translate`.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from app.base.paths import resource_path

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication, QTranslator

log = logging.getLogger(__name__)

LANGUAGES = ("ru", "en")
DEFAULT_LANGUAGE = "ru"

_installed: list[QTranslator] = []


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
    """Mark ``source`` for extraction in ``context``; return it untranslated."""
    del context
    return source


# Qt's own words that its Russian catalogue lacks: Qt 6 renamed two labels of its file dialog
# and qtbase_ru.qm has only the old forms, so the journal's CSV export spoke English on a
# Russian screen (#35). Translated in our catalogue, which Qt consults after its own.
QT_CATALOGUE_GAPS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)


def translate(context: str, source: str, n: int = -1) -> str:
    """Translate ``source`` with the translators installed on the application."""
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate(context, source, None, n)


Translator = Callable[[str, str], str]
Argument = str | tuple[str, str]  # a value, or (context, source) to translate as well


def fill(translator: Translator, context: str, source: str, *arguments: Argument) -> str:
    """``source`` translated, its ``%1``… replaced by ``arguments`` (translated too when given
    as ``(context, source)``)."""
    text = translator(context, source)
    for number, argument in enumerate(arguments, start=1):
        value = translator(*argument) if isinstance(argument, tuple) else argument
        text = text.replace(f"%{number}", value)
    return text


@functools.cache
def catalogue(language: str) -> Translator:
    """The same catalogue, read without Qt: for ``loyalty-till sale``, which a POS runs once per
    purchase and which must not wait for PySide6 to load (~170 ms). Reads the catalogue's
    source (the ``.ts`` shipped beside the ``.qm``, ~4 ms)."""
    table: dict[tuple[str, str], str] = {}
    if language == "ru":
        import xml.etree.ElementTree as ElementTree

        path = resource_path("i18n", f"loyalty_till_{language}.ts")
        try:
            root = ElementTree.parse(path).getroot()  # noqa: S314 - our own, installed file
        except (OSError, ElementTree.ParseError) as error:
            log.error("translation catalogue %s could not be read: %s", path, error)
            root = None
        for context in root.iter("context") if root is not None else ():
            name = context.findtext("name") or ""
            for message in context.iter("message"):
                translation = message.find("translation")
                if translation is not None and translation.get("type") != "unfinished":
                    table[(name, message.findtext("source") or "")] = translation.text or ""

    def words(context: str, source: str) -> str:
        return table.get((context, source)) or source

    return words


def install(app: QCoreApplication, language: str) -> str:
    """Install the translators for ``language`` (``ru`` or ``en``) and return the one in force.

    An unknown language falls back to Russian. English needs no catalogue (it is the source
    language); Qt's own strings (standard buttons) are translated when Qt ships a catalogue.
    """
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    if language not in LANGUAGES:
        log.warning("unknown language %r, using %s", language, DEFAULT_LANGUAGE)
        language = DEFAULT_LANGUAGE
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(
        QLocale(
            QLocale.Language.Russian if language == "ru" else QLocale.Language.English,
            QLocale.Country.Russia if language == "ru" else QLocale.Country.UnitedStates,
        )
    )
    if language == "en":
        return language
    ours = QTranslator(app)
    qm = resource_path("i18n", f"loyalty_till_{language}.qm")
    if ours.load(str(qm)):
        app.installTranslator(ours)
        _installed.append(ours)
    else:
        log.error("translation catalogue %s could not be loaded", qm)
    qt_base = QTranslator(app)
    places = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath), *_bundled_qt()]
    for place in places:
        if qt_base.load(f"qtbase_{language}", place):
            app.installTranslator(qt_base)
            _installed.append(qt_base)
            break
    else:  # the file dialogs would speak English on a Russian screen
        log.error("Qt's own catalogue qtbase_%s.qm is in none of %s", language, places)
    return language


def _bundled_qt() -> list[str]:
    """Where PySide6 keeps Qt's catalogues beside itself (a frozen bundle's Qt may report
    another translations path than the one PyInstaller filled)."""
    from pathlib import Path

    import PySide6

    package = Path(PySide6.__file__).parent
    return [str(package / "Qt" / "translations"), str(package / "translations")]
