"""The distributions a frozen bundle carries, for its bill of materials.

The lock (requirements.lock) also holds the build and test tools (PyInstaller, pytest, mypy,
ruff, …), which never ship: a bill of materials made from it alone tells IT the installer
carries them, and a scanner reports their vulnerabilities against the tills. This reads what
PyInstaller put in the bundle (its TOC files name the source of every module and file) and
keeps the installed distributions that own any of those files (their RECORD).

    python packaging/bundled.py build/loyalty_till      # one name per line

A Windows bundle built under Wine (packaging/wine/build.sh) names Windows paths in its TOC
files, and its distributions are the Windows Python's: give ``drive_c``, the Wine prefix's
``drive_c`` folder, and both are read from there.
"""

from __future__ import annotations

import ast
import importlib.metadata as metadata
import re
import sys
from pathlib import Path, PureWindowsPath

from packaging.utils import canonicalize_name

TOCS = ("PYZ-00.toc", "COLLECT-00.toc")  # the archived modules; every other file of the bundle


WINDOWS_SITE = ("python311", "Lib", "site-packages")  # packaging/wine/prepare.sh's Python


def _local(source: str, drive_c: Path | None) -> Path:
    """A TOC's source path on this machine (under Wine, ``C:`` is ``drive_c`` and ``Z:`` is
    the root)."""
    if drive_c is None or not re.match(r"[A-Za-z]:\\", source):
        return Path(source).resolve()
    windows = PureWindowsPath(source)
    root = drive_c if windows.drive.upper() == "C:" else Path("/")
    return root.joinpath(*windows.parts[1:]).resolve()


def bundled_sources(build: Path, drive_c: Path | None = None) -> set[Path]:
    """The source path of every module and file PyInstaller put in the bundle."""
    sources: set[Path] = set()
    for name in TOCS:
        toc = ast.literal_eval((build / name).read_text(encoding="utf-8"))
        entries = toc[1] if name.startswith("PYZ") else toc[0]
        sources.update(_local(source, drive_c) for _dest, source, _kind in entries if source)
    return sources


def shipped_distributions(build: Path, drive_c: Path | None = None) -> set[str]:
    """The canonical names (PEP 503) of the installed distributions with a file in the
    bundle."""
    sources = bundled_sources(build, drive_c)
    where = None if drive_c is None else [str(drive_c.joinpath(*WINDOWS_SITE))]
    shipped = set()
    for distribution in metadata.distributions(path=where) if where else metadata.distributions():
        files = distribution.files or []
        if any(Path(str(distribution.locate_file(f))).resolve() in sources for f in files):
            shipped.add(canonicalize_name(distribution.metadata["Name"]))
    return shipped


if __name__ == "__main__":
    drive = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    for shipped_name in sorted(shipped_distributions(Path(sys.argv[1]), drive)):
        print(shipped_name)
