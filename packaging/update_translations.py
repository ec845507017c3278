"""Refresh the Russian catalogue from the source and compile it.

    python packaging/update_translations.py

``pyside6-lupdate`` collects every ``tr()`` / ``QT_TRANSLATE_NOOP`` string under ``app/`` into
``resources/i18n/loyalty_till_ru.ts`` (edit translations there, e.g. with ``pyside6-linguist``);
``pyside6-lrelease`` compiles it to the ``.qm`` the program loads. Both files are committed; a
test fails when a string has no Russian translation or the ``.qm`` is stale.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "i18n" / "loyalty_till_ru.ts"
QM = TS.with_suffix(".qm")


def tool(name: str) -> str:
    """PySide6's tool installed with this Python: beside it in a virtual environment, in
    ``Scripts`` beside a plain Windows Python (the embeddable one under Wine has no venv)."""
    here = Path(sys.executable).parent
    for folder in (here, here / "Scripts"):
        found = shutil.which(name, path=str(folder))
        if found:
            return found
    raise FileNotFoundError(f"{name} is not installed beside {sys.executable}")


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "app").rglob("*.py"))


def lupdate(target: Path) -> None:
    subprocess.run(
        [
            tool("pyside6-lupdate"),
            *sources(),
            "-locations",
            "none",
            "-no-obsolete",
            "-target-language",
            "ru_RU",
            "-ts",
            str(target),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def lrelease(source: Path, target: Path) -> None:
    subprocess.run(
        [tool("pyside6-lrelease"), str(source), "-qm", str(target)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def main() -> int:
    lupdate(TS)
    lrelease(TS, QM)
    print(f"updated {TS.relative_to(ROOT)} and {QM.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
