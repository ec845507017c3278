"""One window per user and data folder: the lock a running window holds.

Only QtCore at start-up: the hand-off's socket (QtNetwork) opens once the window is on screen.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile


def claim_window(data_dir: Path) -> QLockFile | None:
    """The lock of the one window on this data folder, or ``None`` when another holds it. A
    lock left by a process that died is taken over (Qt checks its PID). Raises ``OSError``
    when the lock cannot be written at all (a full disk, a folder the user may not write):
    that is not "another window is running"."""
    lock = QLockFile(str(data_dir / "window.lock"))
    lock.setStaleLockTime(0)
    if lock.tryLock(0):
        return lock
    if lock.error() == QLockFile.LockError.LockFailedError:
        return None
    raise OSError(f"cannot write {data_dir / 'window.lock'} ({lock.error().name})")
