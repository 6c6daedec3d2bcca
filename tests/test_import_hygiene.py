"""Layering rule: indicators/ and data_layer/ never import streamlit (nor features/components)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {"streamlit", "features", "components"}
FILES = sorted([*ROOT.glob("indicators/**/*.py"), *ROOT.glob("data_layer/**/*.py")])


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_there_are_files_to_check() -> None:
    assert len(FILES) > 10


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(ROOT)) for p in FILES])
def test_no_ui_imports(path: Path) -> None:
    assert not (imported_roots(path) & FORBIDDEN), (
        f"{path.name} importiert {imported_roots(path) & FORBIDDEN}"
    )


_SQL = re.compile(
    r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP)\b[\s\S]*\b(FROM|INTO|SET|TABLE)\b", re.I
)


def sql_strings(path: Path) -> list[str]:
    """String constants of ``path`` that read like SQL statements (docstrings left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docs
        and _SQL.search(node.value)
    ]


def test_the_sql_detector_finds_sql(tmp_path: Path) -> None:
    bad = tmp_path / "page.py"
    bad.write_text('"""Multiselect of areas from a list."""\nq = "select name from areas"\n')
    assert sql_strings(bad) == ["select name from areas"]


def test_features_and_components_contain_no_sql() -> None:
    files = sorted([*ROOT.glob("features/**/*.py"), *ROOT.glob("components/**/*.py")])
    assert len(files) > 40  # the glob reaches into the feature packages
    for path in files:
        assert "duckdb" not in imported_roots(path), path
        assert sql_strings(path) == [], path


def test_every_shared_data_layer_module_is_kept_from_the_build() -> None:
    """A new module beside data_layer/build must join the build-is-build-only contract."""
    contracts = (ROOT / ".importlinter").read_text(encoding="utf-8")
    block = contracts.split("[importlinter:contract:build-is-build-only]", 1)[1].split("[", 1)[0]
    sources = block.split("source_modules =", 1)[1].split("forbidden_modules", 1)[0].split()
    shared = {
        f"data_layer.{p.stem if p.is_file() else p.name}"
        for p in (ROOT / "data_layer").iterdir()
        if (p.suffix == ".py" and p.stem != "__init__") or (p.is_dir() and p.name == "read")
    }
    assert shared <= set(sources), shared - set(sources)


def test_no_pages_folder_beside_app() -> None:
    """A folder named ``pages`` next to app.py makes Streamlit's first run after a start use its
    legacy file-based navigation: a shared link then opens with an English "Page not found"
    dialog (measured; see docs/architektur.md). The page packages live in ``features/``."""
    assert not (ROOT / "pages").exists()
