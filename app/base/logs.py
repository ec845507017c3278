"""Logging for support: rotating files in the platform log folder, personal data masked.

Every record passes :class:`MaskingFilter` before it is written: phone numbers and email
addresses are masked, and any string registered with :func:`register_secret` (API keys) is
replaced by ``***``, wherever it appears in the message or its arguments.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from app.base.files import private_files
from app.base.privacy import mask_email, mask_phone

LOG_NAME = "loyalty-till.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"

# A Russian phone as people and servers write it: 11 digits with +7, 7 or 8, or the 10 national
# digits alone (a server's "9200000003"), each with or without spaces, dashes and brackets.
# Ten bare digits count when they start with 3-9 (every Russian area and mobile code): a Unix
# time (1…) or an amount is left alone.
_PHONE = re.compile(
    r"(?<![\d+])(?:(?:\+7|8|7)[\s(-]*\d{3}|\(?[3-9]\d{2})"
    r"[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}(?![\d])"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_secrets: set[str] = set()
_secrets_lock = threading.Lock()


def register_secret(value: str) -> None:
    """Never let ``value`` reach a log file (call with every key the program holds)."""
    if len(value) >= 4:
        with _secrets_lock:
            _secrets.add(value)


def mask(text: str) -> str:
    with _secrets_lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        text = text.replace(secret, "***")
    text = _EMAIL.sub(lambda m: mask_email(m.group(0)), text)
    return _PHONE.sub(lambda m: mask_phone(m.group(0)), text)


class MaskingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        return True


class RepeatFilter(logging.Filter):
    """One error repeated thousands of times (a flood of connections, a disk that refuses)
    must not rotate the shift's log away: after ``burst`` records of the same logger, level
    and message template within ``window`` seconds, the rest are counted, not written, and the
    next one written after the window says how many were left out."""

    def __init__(self, *, burst: int = 5, window: float = 60.0) -> None:
        super().__init__()
        self.burst = burst
        self.window = window
        self._seen: dict[tuple[str, int, str], tuple[float, int, int]] = {}
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.name, record.levelno, str(record.msg)[:200])
        with self._lock:
            started, written, dropped = self._seen.get(key, (record.created, 0, 0))
            if record.created - started > self.window:
                started, written, note, dropped = record.created, 0, dropped, 0
            else:
                note = 0
            if written >= self.burst:
                self._seen[key] = (started, written, dropped + 1)
                return False
            self._seen[key] = (started, written + 1, dropped)
            if len(self._seen) > 1000:  # bounded: forget the oldest patterns
                for old in sorted(self._seen, key=lambda k: self._seen[k][0])[:500]:
                    del self._seen[old]
        if note:
            record.msg = f"{record.getMessage()} ({note} more like this were not logged)"
            record.args = None
        return True


def setup(folder: Path, *, level: int = logging.INFO) -> Path:
    """Log to ``folder/loyalty-till.log`` (rotated) and to stderr; returns the file's path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_NAME
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        if getattr(handler, "_loyalty_till", False):
            root.removeHandler(handler)
            handler.close()
    file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
    )
    console = logging.StreamHandler()
    handlers: list[logging.Handler] = [file_handler, console]
    repeats = RepeatFilter()
    for handler in handlers:
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.addFilter(repeats)
        handler.addFilter(MaskingFilter())
        handler._loyalty_till = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    return path


def setup_with_fallback(folder: Callable[[], Path]) -> Path | None:
    """Log to the platform's log folder; if it cannot be made or written (a locked-down
    profile, a full disk), to a folder under the temporary directory, else to stderr only.
    The window opens in every case; returns the log file used, if any."""
    import tempfile

    candidates: list[Callable[[], Path]] = [
        folder,
        lambda: Path(tempfile.gettempdir()) / "LoyaltyTill" / "logs",
    ]
    for candidate in candidates:
        try:
            path = setup(candidate())
        except OSError as error:
            print(f"log folder unusable: {error}", file=sys.stderr)
            continue
        private_files(path)
        return path
    logging.basicConfig(level=logging.INFO, format=FORMAT)
    for handler in logging.getLogger().handlers:
        handler.addFilter(MaskingFilter())
    return None


def current_log_file() -> Path | None:
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            return Path(handler.baseFilename)
    return None


def last_lines(count: int = 50) -> list[str]:
    path = current_log_file()
    if path is None or not path.exists():
        return []
    with path.open(encoding="utf-8", errors="replace") as handle:
        return [line.rstrip("\n") for line in handle.readlines()[-count:]]
