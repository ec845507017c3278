"""The lock as Windows sees it: requirements.lock is resolved for every platform (uv
--universal), with markers; pip evaluates markers for the Python that runs it, so a Linux pip
downloading for win_amd64 would drop colorama, pefile and pywin32-ctypes and keep jeepney. This
writes the lock's requirements whose markers hold on 64-bit Windows CPython 3.11, hashes kept,
markers gone, for ``pip download --platform win_amd64 --require-hashes``.

    python packaging/wine/windows_requirements.py requirements.lock > windows.txt
"""

from __future__ import annotations

import sys
from pathlib import Path

from packaging.markers import Marker

WINDOWS_CP311 = {
    "implementation_name": "cpython",
    "implementation_version": "3.11.9",
    "os_name": "nt",
    "platform_machine": "AMD64",
    "platform_python_implementation": "CPython",
    "platform_release": "10",
    "platform_system": "Windows",
    "platform_version": "10.0.19045",
    "python_full_version": "3.11.9",
    "python_version": "3.11",
    "sys_platform": "win32",
}


def windows_lines(lock: str) -> list[str]:
    """The lock's requirement blocks (a line and its ``--hash`` continuations) for Windows."""
    out: list[str] = []
    keep = False
    for line in lock.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not line[0].isspace():  # a requirement: "name==1.0 ; marker \"
            requirement, _, marker = stripped.rstrip("\\").partition(";")
            keep = not marker.strip() or Marker(marker.strip()).evaluate(WINDOWS_CP311)
            if keep:
                out.append(f"{requirement.strip()} \\")
        elif keep and stripped.startswith("--hash"):
            out.append(f"    {stripped}")
    # The last hash of each block ends without a continuation.
    return [line.rstrip(" \\") if not _continues(out, i) else line for i, line in enumerate(out)]


def _continues(lines: list[str], index: int) -> bool:
    return index + 1 < len(lines) and lines[index + 1].startswith("    --hash")


if __name__ == "__main__":
    print("\n".join(windows_lines(Path(sys.argv[1]).read_text(encoding="utf-8"))))
