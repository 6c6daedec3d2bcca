"""German and plain: no English words in the rendered pages, no hash as a headline figure."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.pages.conftest import open_page

ENGLISH = ("No results", "Upload", "Browse files", "per file", "Drag and drop", "Loading",
           "Download", "Choose", "Select", "Search", "Error", "Warning")  # fmt: skip
PAGES = [
    ("features/start/page.py", {}),
    ("features/areas/page.py", {}),
    ("features/areas/page.py", {"bereich": "profil"}),
    ("features/demand_supply/page.py", {}),
    ("features/projection/page.py", {}),
]


def _texts(at: Any) -> list[str]:
    """Every text the script sent: bodies, labels, help texts, placeholders, options."""
    out: list[str] = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning",
                 "success", "error", "metric", "button", "selectbox", "multiselect", "radio",
                 "text_input", "toggle", "checkbox", "expander", "tabs"):  # fmt: skip
        for el in at.get(kind):
            proto = el.proto
            for field in ("body", "label", "help", "placeholder", "value"):
                value = getattr(proto, field, None)
                if isinstance(value, str):
                    out.append(value)
            out += [str(o) for o in getattr(proto, "options", [])]
    return out


@pytest.mark.parametrize(("page", "params"), PAGES, ids=[f"{p}-{q}" for p, q in PAGES])
def test_no_english_words_in_the_rendered_page(
    demo_env: Path, page: str, params: dict[str, str]
) -> None:
    at = open_page(page, params)
    texts = _texts(at)
    assert len(texts) > 10
    found = [
        (word, text[:80])
        for text in texts
        for word in ENGLISH
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)
    ]
    assert found == []


def test_start_shows_no_hash_as_a_headline_figure_but_names_it_in_the_footer(
    demo_env: Path,
) -> None:
    with duckdb.connect(str(demo_env), read_only=True) as con:
        version = con.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()[0]
    at = open_page("features/start/page.py")
    metrics = {m.label: m.value for m in at.metric}
    assert "Datenversion" not in metrics
    assert all(version not in str(v) for v in metrics.values())
    assert re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", metrics["Daten zusammengestellt am"])
    assert any(f"Datenversion {version}" in c.value for c in at.caption)
