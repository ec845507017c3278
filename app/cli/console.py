"""The standard streams as the program finds them, made safe to write to.

A windowed Windows program (started from Explorer, the Start menu, ``pythonw.exe`` or the
bundle's ``LoyaltyTill.exe``) has no standard streams at all: ``sys.stdout`` is ``None``, and
any ``print`` or library that asks ``isatty()`` fails. A console program's output may be a pipe
or a file in the system's code page (cp1252 on an English Windows, cp1251 or cp866 on a Russian
till), none of which has «₽»: printing it raised ``UnicodeEncodeError`` and turned a bad amount
(exit 2) into a crash (exit 1).

So, once at start: a missing stream writes nowhere; output to a pipe or a file is UTF-8 (what
a POS script or a log collector reads); a console keeps its own encoding; and a character an
encoding lacks is replaced, never fatal. ``--json`` output is ASCII whatever the encoding.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO


def prepare_streams() -> None:
    sys.stdout = _safe(sys.stdout)
    sys.stderr = _safe(sys.stderr)


def _safe(stream: TextIO | None) -> TextIO:
    if stream is None:
        return Path(os.devnull).open("w", encoding="utf-8")  # kept for the process's life
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is None:  # replaced already (a test's capture): leave it
        return stream
    try:
        console = stream.isatty()
    except (OSError, ValueError):
        console = False
    if console:
        reconfigure(errors="replace")
    else:
        reconfigure(encoding="utf-8", errors="replace")
    return stream
