"""AppTest: "Bedarf und Angebot" – the comparison of the first and the last facility snapshot.

The section "Entwicklung des Angebots" is closed when the page opens and is computed only
when a visitor opens it (#17: two more balances per quota step otherwise); the link keeps it
open (``entwicklung=1``). Figures: the last snapshot on the same demand is the page's own
supply (Kitas Stand 01.01.2026: 61.312 U3 places, see tests/pages/test_bedarf_angebot.py);
PLR 01100101 has 11,96 U3 places → "12".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from components.formatting import fmt_date, fmt_signed
from features.demand_supply import cache as data_bedarf
from tests.pages.test_bedarf_angebot import _app, _metrics, _param

KEY = "ba.entwicklung"
PLR = "lor2021:01100101"


def _snapshots(db: Path) -> tuple[str, str]:
    with duckdb.connect(str(db), read_only=True) as c:
        row = c.execute(
            "SELECT min(data_date), max(data_date) FROM facilities WHERE service_type = 'Kita'"
        ).fetchone()
    assert row is not None
    return str(row[0]), str(row[1])


def _section(at: AppTest) -> Any:
    found = [e for e in at.expander if e.label.startswith("Entwicklung des Angebots")]
    assert len(found) == 1, [e.label for e in at.expander]
    return found[0]


def _number(text: str) -> int:
    return int(text.split()[0].replace(".", "").replace("\u2212", "-").replace("+", ""))


def test_closed_at_first_and_not_computed(demo_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, ...]] = []
    real = data_bedarf.snapshot_comparison

    def counting(*args: Any) -> Any:
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(data_bedarf, "snapshot_comparison", counting)
    first, last = _snapshots(demo_env)
    at = _app()
    box = _section(at)
    assert box.label == f"Entwicklung des Angebots: Stand {fmt_date(first)} und {fmt_date(last)}"
    assert not box.children  # nothing inside while closed
    assert not [m for m in at.metric if m.label.startswith("Angebot Stand")]
    assert "entwicklung" not in at.query_params
    at.select_slider(key="ba.quote.kita_u3").set_value(50.0).run()
    assert calls == []  # a quota step computes no snapshot balances while the section is closed
    at.session_state[KEY] = True  # the visitor opens the section
    at.run()
    assert len(calls) == 1 and calls[0][3] == 0.5  # now, at the quota shown
    assert _param(at, "entwicklung") == "1"


def test_open_section_shows_both_snapshots_on_the_same_demand(demo_env: Path) -> None:
    first, last = _snapshots(demo_env)
    at = _app({"entwicklung": "1"})
    m = _metrics(at)
    a, b = f"Angebot Stand {first[:4]}", f"Angebot Stand {last[:4]}"
    assert m[b] == f"{m['Angebot (Plätze)']} Plätze"  # the last snapshot is the page's supply
    assert m["Veränderung"] == fmt_signed(_number(m[b]) - _number(m[a]), 0)
    assert _number(m[a]) > 0 and m[a] != m[b]
    table = at.dataframe[-1].value
    assert len(table) == 542
    with duckdb.connect(str(demo_env), read_only=True) as c:
        name = c.execute("SELECT name FROM areas WHERE area_id = ?", [PLR]).fetchone()[0]
    row = table.set_index("Gebiet").loc[name]
    assert row[f"Angebot {last[:4]}"] == "12"  # 11,96 U3 places
    assert row["Veränderung"] == fmt_signed(12 - _number(row[f"Angebot {first[:4]}"]), 0)
    # closing it takes the section out of the link again
    at.session_state[KEY] = False
    at.run()
    assert "entwicklung" not in at.query_params
    assert not [x for x in at.metric if x.label.startswith("Angebot Stand")]


def test_a_bad_value_is_named_and_the_section_stays_closed(demo_env: Path) -> None:
    at = _app({"entwicklung": "1' OR '1'='1"})
    assert any("„entwicklung“" in i.value for i in at.info)
    assert not _section(at).children
    assert "entwicklung" not in at.query_params
