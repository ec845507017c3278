"""What the window needs to edit settings and to switch profiles (kept light for start-up)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.core.link.session import Connection
    from app.core.settings.model import LoadedSettings, Settings
    from app.core.settings.secrets import Secrets


@dataclass
class SettingsContext:
    """What the window needs to edit settings and to switch profiles."""

    loaded: LoadedSettings
    connector: Callable[[Settings], Callable[[], Connection]]
    secrets: Secrets
