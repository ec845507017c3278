"""The layering rules of DESIGN §4, checked over every import in ``app/`` (#36).

Read from the source with ``ast`` (no module is imported, so nothing hides behind an import
that fails): every ``import`` and ``from … import``, at the top of a module or inside a
function, except under ``if TYPE_CHECKING:`` (a type, not a dependency).

The layers and what each may import (:data:`ALLOWED`):

    base      app.base                                   platform, words, logs: itself only
    api       app.api                                    the three APIs' clients: base
    sandbox   app.sandbox                                a separate reading of the documents:
                                                         base and app.api's wire models only
    core      app.core                                   the workflow without widgets: base,
                                                         api (never the sandbox: training is
                                                         put together above it, app.training)
    chain     app.chain                                  the chain's copy: base, api, core
    top       app.ui, app.handoff, app.cli, app.training, app.customer_display, app.__main__:
                                                         what puts it all together: anything

and ``core`` and ``api`` import nothing of PySide6 but QtCore's translation (through app.base.i18n).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "app"

ALLOWED = {
    "base": {"base"},
    "api": {"base", "api"},
    "sandbox": {"base", "sandbox", "api"},  # of api, the wire models only (below)
    "core": {"base", "api", "core"},
    "chain": {"base", "api", "core", "chain"},
    "top": {"base", "api", "sandbox", "core", "chain", "top"},
}
SANDBOX_MAY_USE = ("app.api.models", "app.api.constants")  # the documents' wire format


def layer(module: str) -> str:
    parts = module.split(".")
    if parts[0] != "app" or len(parts) == 1:
        return "top"  # app/__init__ (the version) and app/__main__
    first = parts[1]
    if first == "base":
        return "base"
    if first == "api":
        return "api"
    if first == "sandbox":
        return "sandbox"
    if first in ("core", "chain"):
        return first
    return "top"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(APP.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path) -> list[tuple[str, int]]:
    """``(imported module, line)`` of every import of ``path`` outside TYPE_CHECKING."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If)
        and (getattr(node.test, "id", None) or getattr(node.test, "attr", None)) == "TYPE_CHECKING"
        for inner in ast.walk(node)
    }
    found = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
            found += [(f"{node.module}.{alias.name}", node.lineno) for alias in node.names]
    return found


def every_import() -> list[tuple[str, str, int]]:
    return [
        (module_name(path), target, line)
        for path in sorted(APP.rglob("*.py"))
        for target, line in imports(path)
    ]


def is_module(name: str) -> bool:
    """Whether ``name`` is a module or package of app (``from app.x import y`` also names
    ``app.x.y``, which may be a function: only modules count)."""
    relative = Path(*name.split("."))
    return (APP.parent / relative).with_suffix(".py").exists() or (
        APP.parent / relative / "__init__.py"
    ).exists()


def test_no_layer_imports_one_above_it() -> None:
    broken = []
    for module, target, line in every_import():
        if not target.startswith("app.") or not is_module(target):
            continue
        mine, theirs = layer(module), layer(target)
        if mine == "sandbox" and theirs == "api":
            if not target.startswith(SANDBOX_MAY_USE) and target != "app.api":
                broken.append(f"{module}:{line} imports {target}: the sandbox reads the wire only")
            continue
        if theirs not in ALLOWED[mine]:
            broken.append(f"{module}:{line} ({mine}) imports {target} ({theirs})")
    assert broken == [], "\n".join(broken)


# The concept packages of app/core and app/ui, bottom first: each imports only those before
# it, so no two of them form a circle and each can be read knowing only what is below it. In
# app/ui the cashier's window opens the manager's and IT's windows, never the other way round,
# and the start puts the window together.
ORDERS = {
    "core": ("settings", "journal", "ledger", "link", "sale", "customer"),
    "ui": ("widgets", "background", "settings", "manager", "cashier", "start"),
}


def package_in(layer_name: str, module: str) -> str | None:
    """The concept package of ``app.<layer_name>`` that ``module`` belongs to, if any."""
    parts = module.split(".")
    return parts[2] if parts[:2] == ["app", layer_name] and len(parts) > 2 else None


@pytest.mark.parametrize("layer_name", sorted(ORDERS))
def test_a_layer_is_only_concept_packages_in_an_order(layer_name: str) -> None:
    order = ORDERS[layer_name]
    folder = APP / layer_name
    loose = [path.name for path in folder.glob("*.py") if path.name != "__init__.py"]
    assert loose == []
    assert {path.parent.name for path in folder.glob("*/__init__.py")} == set(order)
    upward = [
        f"{module}:{line} imports {target}"
        for module, target, line in every_import()
        if (mine := package_in(layer_name, module)) is not None
        and (theirs := package_in(layer_name, target)) is not None
        and is_module(target)
        and order.index(theirs) > order.index(mine)
    ]
    assert upward == [], "\n".join(upward)


def test_the_background_work_draws_nothing() -> None:
    """The request service and the passes on it are timers and callbacks: no widget."""
    found = [
        f"{module}:{line} imports {target}"
        for module, target, line in every_import()
        if package_in("ui", module) == "background" and target.startswith("PySide6.QtWidgets")
    ]
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("package", ["app.core", "app.api"])
def test_core_and_api_import_no_qt(package: str) -> None:
    """Tested without a window; their words go through app.base.i18n, which loads QtCore only when
    a person is about to read them."""
    found = [
        f"{module}:{line} imports {target}"
        for module, target, line in every_import()
        if (module == package or module.startswith(package + ".")) and target.startswith("PySide6")
    ]
    assert found == [], "\n".join(found)


def test_the_check_sees_a_lazy_import_and_skips_a_typing_one(tmp_path: Path) -> None:
    """The checker itself: an import inside a function counts; one under TYPE_CHECKING does
    not."""
    source = tmp_path / "probe.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from app.ui.cashier.main_window import MainWindow\n"
        "def later():\n"
        "    from app.sandbox import demo\n",
        encoding="utf-8",
    )
    found = {target for target, _line in imports(source)}
    assert "app.sandbox" in found and "app.sandbox.demo" in found
    assert "app.ui.cashier.main_window" not in found
    assert layer("app.core.link.session") == "core" and layer("app.sandbox.server") == "sandbox"
    assert layer("app.base.logs") == "base" and layer("app.ui.start.launch") == "top"
