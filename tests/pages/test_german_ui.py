"""German and plain: no English words, internal codes or raw source ids in the rendered pages,
no hash as a headline figure.

AppTest sees what the Python code sends (texts, labels, options, table cells). The texts
Streamlit's widgets draw themselves ("No results", "Upload") are checked in the browser:
tests/e2e/test_german_widgets.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from tests.pages.conftest import open_page

ENGLISH = ("No results", "Upload", "Browse files", "per file", "Drag and drop", "Loading",
           "Download", "Choose", "Select", "Search", "Error", "Warning", "observed",
           "estimated", "suppressed", "Flag")  # fmt: skip
#: internal codes and raw source ids (substrings, case-sensitive): a reader needs the words
INTERNAL = ("beobacht", "G1-L1", "G2-L2", "G3-L3", "source-aligned", "-data-product-",
            "census_2022_internal", "via GERDA", "base_rates.", "target_year",
            "net_migration_volume")  # fmt: skip
PAGES = [
    ("features/start/page.py", {}),
    ("features/areas/page.py", {}),
    ("features/areas/page.py", {"bereich": "profil"}),
    ("features/areas/page.py", {"bereich": "index"}),
    ("features/areas/page.py", {"bereich": "typen"}),
    ("features/demand_supply/page.py", {}),
    ("features/benchmarking/page.py", {}),
    ("features/projection/page.py", {}),
    ("features/goals/page.py", {}),
    ("features/catalogue/page.py", {}),
    ("features/catalogue/page.py", {"indikator": "mss_s4_child_poverty"}),
    ("features/catalogue/page.py", {"indikator": "zensus_foreign_share"}),
    ("features/catalogue/page.py", {"indikator": "pop_total"}),
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
    for table in [*at.dataframe, *at.table]:
        frame = table.value
        if isinstance(frame, pd.DataFrame):
            out += [str(c) for c in frame.columns]
            for col in frame.columns:
                out += [v for v in frame[col].dropna().unique() if isinstance(v, str)]
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
    internal = [(code, text[:100]) for text in texts for code in INTERNAL if code in text]
    assert internal == []


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
