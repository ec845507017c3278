"""What a keyboard-wedge scanner sends, read without Qt: its rhythm and its keyboard layout.

**Rhythm** (measured figures in the README, "Scanners are told by their rhythm"): a burst is
at least ``MIN_LENGTH`` characters, each within ``SCAN_GAP_MS`` of the one before, ended by a
terminator (Enter, keypad Enter or Tab) up to ``SUFFIX_MS`` after the last character.

**Layout.** A scanner types key positions; the operating system turns them into characters
through the layout that is active. On a Russian till that is usually ЙЦУКЕН, so a card
``AB12CD34`` arrives as ``ФИ12СВ34``. :func:`latin_reading` gives back the Latin characters
on the same keys (Shift included; digits are the same on both layouts). A scanned burst is
always read that way when it has Russian-layout letters and no Latin ones; a typed search is
left as typed, and only offered in its Latin reading when nothing was found.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from itertools import pairwise

SCAN_GAP_MS = 80
SUFFIX_MS = 600
MIN_LENGTH = 6

# The same physical keys on the Russian (ЙЦУКЕН) and the US (QWERTY) layouts.
_RU = 'ёйцукенгшщзхъфывапролджэячсмитьбю.ЁЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ,"№;:?'
_EN = "`qwertyuiop[]asdfghjkl;'zxcvbnm,./~QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>?@#$^&"
_TO_LATIN = str.maketrans(_RU, _EN)
_RUSSIAN_LETTERS = frozenset(ch for ch in _RU if ch.isalpha())


def now_ms() -> float:
    """The clock keys are timed on, in milliseconds: monotonic, never the wall clock."""
    return time.monotonic() * 1000


def latin_reading(text: str) -> str:
    """``text`` as the same keys type it on the US layout (``ФИ12СВ34`` → ``AB12CD34``)."""
    return text.translate(_TO_LATIN)


def typed_on_russian_layout(text: str) -> bool:
    """Russian-layout letters and no Latin ones: a Latin code read through ЙЦУКЕН."""
    has_russian = any(ch in _RUSSIAN_LETTERS for ch in text)
    has_latin = any("a" <= ch.lower() <= "z" for ch in text)
    return has_russian and not has_latin


def as_scanned(text: str) -> str:
    """A scanned burst as the code it was: its Latin reading when it came through ЙЦУКЕН."""
    return latin_reading(text) if typed_on_russian_layout(text) else text


@dataclass(frozen=True)
class Rhythm:
    """How a run of keys came: the gaps between them and the terminator's delay (ms)."""

    gaps: tuple[float, ...]
    suffix: float | None  # from the last character to the terminator; None without one

    @property
    def is_scan(self) -> bool:
        return (
            len(self.gaps) + 1 >= MIN_LENGTH
            and all(gap <= SCAN_GAP_MS for gap in self.gaps)
            and self.suffix is not None
            and self.suffix <= SUFFIX_MS
        )

    @property
    def median_gap(self) -> float:
        from statistics import median  # not at start-up: only the scanner check asks

        return median(self.gaps) if self.gaps else 0.0


def rhythm(times: list[float], terminator_at: float | None) -> Rhythm:
    gaps = tuple(b - a for a, b in pairwise(times))
    suffix = None if terminator_at is None or not times else terminator_at - times[-1]
    return Rhythm(gaps, suffix)


class BurstTracker:
    """Keystroke timing: is this a scanner's burst, or was a key typed just now?"""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.last = -1e9  # ms of the last printable key

    def type(self, char: str, now: float) -> bool:
        """Record a printable key; ``True`` when it starts a new burst."""
        fresh = not self.chars or now - self.last > SCAN_GAP_MS
        if fresh:
            self.chars.clear()
        self.chars.append(char)
        self.last = now
        return fresh

    def enter(self, now: float) -> str | None:
        """A terminator was pressed: the burst it ends (``MIN_LENGTH`` keys, every gap short,
        the terminator within ``SUFFIX_MS``), if any."""
        burst = "".join(self.chars)
        in_time = bool(self.chars) and now - self.last <= SUFFIX_MS
        self.chars.clear()
        return burst if in_time and len(burst) >= MIN_LENGTH else None

    def reset(self) -> None:
        self.chars.clear()
