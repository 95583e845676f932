"""Data flows one way between apps (``indgang.core.direction.LAYERS``).

Every module of every app is parsed, imports inside functions included: an
app that imports an app downstream of it (or beside it in its layer) fails
this test, and so does an import of another app inside a function without a
comment saying why (that is how import cycles hide). ``apps.py`` (Django
wants ``ready()`` to import there) and tests are exempt from the second rule.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from indgang.core.direction import LAYERS, RANK, app_of, may_import

ROOT = Path(__file__).resolve().parents[2]  # src/indgang
WHY = ("# why:", "# why ")


@dataclass(frozen=True)
class Import:
    app: str  # the importing app
    imported: str  # the imported app
    path: Path
    line: int
    in_function: bool
    explained: bool

    def __str__(self) -> str:
        where = " (inside a function)" if self.in_function else ""
        return (
            f"{self.path.relative_to(ROOT.parent)}:{self.line}: {self.app} → {self.imported}{where}"
        )


def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if len(parts) < 2 or parts[0] not in RANK or "migrations" in parts:
            continue
        found.append((parts[0], path))
    return found


def _imports(app: str, path: Path) -> list[Import]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source, filename=str(path))
    in_function: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            in_function |= {
                id(n) for n in ast.walk(node) if isinstance(n, ast.Import | ast.ImportFrom)
            }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules = [node.module]
        else:
            continue
        for module in modules:
            imported = app_of(module)
            if imported is None or imported == app:
                continue
            around = " ".join(lines[max(0, node.lineno - 2) : node.lineno])
            found.append(
                Import(
                    app,
                    imported,
                    path,
                    node.lineno,
                    id(node) in in_function,
                    any(marker in around for marker in WHY),
                )
            )
    return found


def _all_imports() -> list[Import]:
    return [found for app, path in _modules() for found in _imports(app, path)]


def _exempt(path: Path) -> bool:
    # apps.py: Django wants ready() to import there; tests are leaves nothing imports.
    parts = path.relative_to(ROOT).parts
    return path.name in ("apps.py", "conftest.py") or "tests" in parts


def test_every_app_is_in_a_layer() -> None:
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps == set(RANK), "add the app to core/direction.py LAYERS"
    assert sum(len(layer) for layer in LAYERS) == len(RANK)


def test_no_app_imports_an_app_downstream_of_it() -> None:
    wrong = [str(i) for i in _all_imports() if not may_import(i.app, i.imported)]
    assert wrong == [], "publish an event instead (core.events):\n" + "\n".join(wrong)


def test_imports_of_other_apps_inside_functions_say_why() -> None:
    hidden = [
        str(i) for i in _all_imports() if i.in_function and not i.explained and not _exempt(i.path)
    ]
    assert hidden == [], "import at the top, or add a '# why: …' comment:\n" + "\n".join(hidden)


def test_the_rule_sees_imports_inside_functions_and_upstream_imports(tmp_path: Path) -> None:
    module = ROOT / "cases" / "_direction_probe.py"
    module.write_text(
        "from indgang.core import events\n"
        "def f():\n"
        "    from indgang.contacts import services\n"
        "def g():\n"
        "    # why: only here\n"
        "    from indgang.identity import queries\n",
        encoding="utf-8",
    )
    try:
        found = {(i.imported, i.in_function, i.explained) for i in _imports("cases", module)}
    finally:
        module.unlink()
    assert found == {("core", False, False), ("contacts", True, False), ("identity", True, True)}
    assert not may_import("cases", "contacts") and may_import("contacts", "cases")
