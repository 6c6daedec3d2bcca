"""Layering rule: indicators/ and data_layer/ never import streamlit (nor pages/components)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {"streamlit", "pages", "components"}
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


def test_pages_contain_no_sql() -> None:
    pages = sorted(ROOT.glob("pages/**/*.py"))
    assert len(pages) > 20  # the glob reaches into the feature packages
    for page in pages:
        text = page.read_text(encoding="utf-8").upper()
        assert "SELECT " not in text and "DUCKDB" not in text, page
