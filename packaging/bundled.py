"""The distributions a frozen bundle carries, for its bill of materials.

The lock (requirements.lock) also holds the build and test tools (PyInstaller, pytest, mypy,
ruff, …), which never ship: a bill of materials made from it alone tells IT the installer
carries them, and a scanner reports their vulnerabilities against the tills. This reads what
PyInstaller put in the bundle (its TOC files name the source of every module and file) and
keeps the installed distributions that own any of those files (their RECORD).

    python packaging/bundled.py build/loyalty_till      # one name per line
"""

from __future__ import annotations

import ast
import importlib.metadata as metadata
import sys
from pathlib import Path

from packaging.utils import canonicalize_name

TOCS = ("PYZ-00.toc", "COLLECT-00.toc")  # the archived modules; every other file of the bundle


def bundled_sources(build: Path) -> set[Path]:
    """The source path of every module and file PyInstaller put in the bundle."""
    sources: set[Path] = set()
    for name in TOCS:
        toc = ast.literal_eval((build / name).read_text(encoding="utf-8"))
        entries = toc[1] if name.startswith("PYZ") else toc[0]
        sources.update(Path(source).resolve() for _dest, source, _kind in entries if source)
    return sources


def shipped_distributions(build: Path) -> set[str]:
    """The canonical names (PEP 503) of the installed distributions with a file in the
    bundle."""
    sources = bundled_sources(build)
    shipped = set()
    for distribution in metadata.distributions():
        files = distribution.files or []
        if any(Path(str(distribution.locate_file(f))).resolve() in sources for f in files):
            shipped.add(canonicalize_name(distribution.metadata["Name"]))
    return shipped


if __name__ == "__main__":
    for shipped_name in sorted(shipped_distributions(Path(sys.argv[1]))):
        print(shipped_name)
