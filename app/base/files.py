"""The program's own files: written atomically, readable by the user only, and moved aside
when unusable. Every settings write (the dialog, ``machine-config``, set-up) goes through
:func:`write_atomic`."""

from __future__ import annotations

import contextlib
import os
import stat
import time
from pathlib import Path

SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def private_files(path: Path) -> None:
    """Make ``path`` (and SQLite's companion files beside it) readable by the user only, and
    its folder enterable by the user only. On Windows the per-user profile folders already
    carry that ACL; ``chmod`` there only sets the read-only bit, so it is skipped."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):  # a shared folder IT chose: the files stay private
        folder = path.parent.stat()
        # Never a shared folder (sticky, like /tmp) or another user's: closing /tmp to others
        # breaks the machine (seen here: apt could no longer write its temporary files).
        if folder.st_uid == os.getuid() and not folder.st_mode & stat.S_ISVTX:
            path.parent.chmod(0o700)
    for candidate in (path, *(path.with_name(path.name + s) for s in SQLITE_COMPANIONS)):
        if candidate.exists():
            candidate.chmod(0o600)


def move_aside(path: Path, *, label: str = "corrupt") -> Path:
    """Rename ``path`` (and its SQLite companions) to ``NAME.LABEL-YYYYmmdd-HHMMSS``, keeping
    it for support instead of deleting it; returns the new name."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{label}-{stamp}")
    serial = 1
    while target.exists():
        serial += 1
        target = path.with_name(f"{path.name}.{label}-{stamp}-{serial}")
    path.replace(target)
    for suffix in SQLITE_COMPANIONS:
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.replace(target.with_name(target.name + suffix))
    return target


def write_atomic(path: Path, text: str, *, private: bool = True) -> None:
    """Replace ``path`` with ``text`` so that a reader sees the old file or the new one, never
    half of either: write a temporary file beside it, flush it to disk, then rename it over.
    ``private`` files are the user's own (0600); the machine-wide file stays readable by all
    (0644), since every user's till reads it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if os.name != "nt":
            temporary.chmod(0o600 if private else 0o644)
        temporary.replace(path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
