"""The cashier's messages: each sits in a slot (search, action, spend, hold, last) and all of them
leave with the customer they were about."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Literal

from app.base.i18n import translate


class Level(enum.Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


Slot = Literal["search", "action", "spend", "hold", "last"]


@dataclass(frozen=True)
class Message:
    text: str
    level: Level = Level.INFO
    while_held: bool = False  # true only while the points stay held ("Points held")


def say(source: str) -> str:
    return translate("Workflow", source)
