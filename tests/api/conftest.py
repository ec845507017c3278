"""The API tests read the program's messages in English, the source language, whatever an
earlier test (a window's, in Russian) left installed."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def english() -> None:
    from PySide6.QtCore import QCoreApplication

    from app.base import i18n

    app = QCoreApplication.instance()
    if app is not None:
        i18n.install(app, "en")
