"""The program's own files: readable by the user only, and moved aside when unusable."""

from __future__ import annotations

import contextlib
import os
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
