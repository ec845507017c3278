"""What the window needs to edit settings and to switch profiles (kept light for start-up)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.core.secrets import Secrets
    from app.core.session import Connection
    from app.core.settings import LoadedSettings, Settings


@dataclass
class SettingsContext:
    """What the window needs to edit settings and to switch profiles."""

    loaded: LoadedSettings
    connector: Callable[[Settings], Callable[[], Connection]]
    secrets: Secrets
