"""What the screen and the support commands say about a till clock that is off the server's."""

from __future__ import annotations

from app.api.server_clock import skew_minutes
from app.base.i18n import QT_TRANSLATE_NOOP, translate


def clock_notice(offset: float | None) -> str:
    """ "The till's clock is 7 min behind" (or ahead), or "" when it is within a minute or
    unknown. ``offset``: seconds the server's clock is ahead of the till's."""
    minutes = skew_minutes(offset)
    if minutes == 0:
        return ""
    source = (
        QT_TRANSLATE_NOOP("Clock", "The till's clock is %1 min behind the server's")
        if minutes > 0
        else QT_TRANSLATE_NOOP("Clock", "The till's clock is %1 min ahead of the server's")
    )
    return translate("Clock", source).replace("%1", str(abs(minutes)))
