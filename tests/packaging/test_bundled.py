"""The bill of materials' reading of a bundle: a distribution is listed when PyInstaller put
one of its files in the bundle, and only then."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import httpx
import pydantic

ROOT = Path(__file__).resolve().parents[2]


def bundled_module():  # packaging/ is not a package (the name is pypa's)
    spec = importlib.util.spec_from_file_location("bundled", ROOT / "packaging" / "bundled.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_tocs(build: Path, modules: list[Path], files: list[Path]) -> None:
    """The two TOC files as PyInstaller writes them (Python literals)."""
    build.mkdir()
    pyz = [(path.stem, str(path), "PYMODULE") for path in modules]
    collect = [(path.name, str(path), "DATA") for path in files]
    (build / "PYZ-00.toc").write_text(repr((str(build / "PYZ-00.pyz"), pyz)), encoding="utf-8")
    (build / "COLLECT-00.toc").write_text(repr((collect,)), encoding="utf-8")


def test_a_distribution_is_listed_for_a_module_or_a_file_it_owns(tmp_path: Path) -> None:
    bundled = bundled_module()
    httpx_module = Path(httpx.__file__)
    pydantic_typed = Path(pydantic.__file__).with_name("py.typed")  # a data file, not a module
    write_tocs(tmp_path / "build", [httpx_module], [pydantic_typed, tmp_path / "ours.txt"])
    assert bundled.shipped_distributions(tmp_path / "build") == {"httpx", "pydantic"}
