"""AppTest: the sidebar "Fokus" narrows Sozialräume, Bedarf und Angebot and the Prognose to one
Bezirk of the demo store (URL ``fokus``); the expected numbers are computed here, independently,
from the store's tables (a parent walk in Python, sums over facilities and population)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import DEMO_DB
from tests.pages.conftest import open_page

AREAS = "features/areas/page.py"
DEMAND = "features/demand_supply/page.py"
PROJ = "features/projection/page.py"
SYSTEM = "lor2021"


def _store() -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(DEMO_DB), read_only=True)


def _tree() -> pd.DataFrame:
    with _store() as c:
        return c.execute(
            "SELECT area_id, name, level, parent_id FROM areas WHERE system_code = ?", [SYSTEM]
        ).df()


def _bezirk(name: str) -> str:
    tree = _tree()
    hit = tree[(tree["level"] == "Bezirk") & (tree["name"] == name)]
    assert len(hit) == 1
    return str(hit["area_id"].iloc[0])


def _inside(focus: str, level: str) -> set[str]:
    """Areas of ``level`` whose chain of parents reaches ``focus`` (walked here, not in SQL)."""
    tree = _tree()
    parent = dict(zip(tree["area_id"], tree["parent_id"], strict=True))
    out = set()
    for area in tree.loc[tree["level"] == level, "area_id"]:
        a = area
        while a is not None and a != focus:
            a = parent.get(a)
        if a == focus:
            out.add(str(area))
    return out


def _metric(at: AppTest, label: str) -> str:
    for m in at.metric:
        if m.label == label:
            return str(m.value)
    raise AssertionError(f"keine Kennzahl {label!r}: {[m.label for m in at.metric]}")


def _int(text: str) -> int:
    return int(text.replace(".", "").split()[0])


def _frame(at: AppTest, column: str) -> pd.DataFrame:
    for df in at.dataframe:
        if column in df.value.columns:
            return df.value
    raise AssertionError(f"keine Tabelle mit Spalte {column!r}")


def test_sozialraeume_ranking_has_exactly_the_bezirksregionen_of_the_bezirk(
    demo_env: Path,
) -> None:
    nk = _bezirk("Neukölln")
    expected = _inside(nk, "Bezirksregion")
    tree = _tree().set_index("area_id")
    at = open_page(AREAS, {"fokus": nk, "ebene": "Bezirksregion", "indikator": "share_u6"})
    assert at.sidebar.selectbox(key=f"fokus.{SYSTEM}").value == nk
    table = _frame(at, "Schlüssel")
    assert sorted(table["Gebiet"]) == sorted(tree.loc[sorted(expected), "name"])
    assert len(table) == len(expected) == 12
    assert set(table["Bezirk"]) == {"Neukölln"}  # the coarser level as a column of its own
    captions = " ".join(c.value for c in at.caption)
    assert (
        "Fokus: Neukölln (Bezirk) – Karte, Rangfolge und Tabellen zeigen nur die Gebiete"
        in captions
    )
    assert f"Alle {len(expected)} Gebiete" in " ".join(m.value for m in at.markdown)
    assert at.query_params["fokus"] == [nk] or at.query_params["fokus"] == nk
    assert not at.info, [i.value for i in at.info]  # a valid link: no note


def test_sozialraeume_without_focus_ranks_every_area_and_names_the_bezirk(demo_env: Path) -> None:
    at = open_page(AREAS, {"ebene": "Bezirksregion"})
    table = _frame(at, "Schlüssel")
    assert len(table) == len(_tree().query("level == 'Bezirksregion'")) == 143
    assert set(table["Bezirk"]) == set(_tree().query("level == 'Bezirk'")["name"])
    assert "fokus" not in at.query_params


def test_area_search_finds_every_area_of_a_bezirk_by_its_name(demo_env: Path) -> None:
    """Typing "Neukölln" in "Gebiet hervorheben" matches the label of every area in it."""
    nk = _bezirk("Neukölln")
    at = open_page(AREAS, {"ebene": "Planungsraum"})
    box = at.selectbox(key="soz.gebiet")
    labels = {o for o in box.options if "Neukölln" in o}
    assert len(labels) == len(_inside(nk, "Planungsraum")) == 46


@pytest.mark.parametrize("bad", ["lor2021:99", "<script>", "x" * 300])
def test_bad_focus_in_link_gives_the_german_note_and_the_whole_kommune(
    demo_env: Path, bad: str
) -> None:
    at = open_page(AREAS, {"fokus": bad, "ebene": "Bezirksregion"})
    notes = " ".join(i.value for i in at.info)
    assert "ungültige Angaben („fokus“)" in notes, notes
    assert len(_frame(at, "Schlüssel")) == 143
    assert at.sidebar.selectbox(key=f"fokus.{SYSTEM}").value == ""


def _kita_places(ids: set[str] | None, snapshot: str) -> tuple[float, int]:
    with _store() as c:
        fac = c.execute(
            "SELECT area_id, capacity FROM facilities WHERE service_type = 'Kita' AND data_date = ?",
            [snapshot],
        ).df()
    if ids is not None:
        fac = fac[fac["area_id"].isin(ids)]
    return float(fac["capacity"].sum()), len(fac)


def test_bedarf_headline_supply_is_the_sum_over_the_bezirk(demo_env: Path) -> None:
    nk = _bezirk("Neukölln")
    plr = _inside(nk, "Planungsraum")
    # count mode: the headline is the number of Kitas in the Bezirk's Planungsräume
    at = open_page(DEMAND, {"fokus": nk, "modus": "anzahl"})
    snapshot = str(
        at.query_params["stand"][0]
        if isinstance(at.query_params["stand"], list)
        else at.query_params["stand"]
    )
    places_nk, n_nk = _kita_places(plr, snapshot)
    assert _int(_metric(at, "Anzahl Einrichtungen")) == n_nk == 249
    # places: the U3 share of the Kita places; the share is Kommune-wide, so the Bezirk's
    # supply is its places times (Kommune supply / Kommune places)
    whole = open_page(DEMAND, {})
    focus = open_page(DEMAND, {"fokus": nk})
    places_all, _ = _kita_places(None, snapshot)
    share = _int(_metric(whole, "Angebot (Plätze)")) / places_all
    assert places_nk == 16223
    assert _int(_metric(focus, "Angebot (Plätze)")) == pytest.approx(places_nk * share, abs=1.5)
    # the table lists the Bezirk's Planungsräume only, with their Bezirk beside them
    table = _frame(focus, "Bezirk")
    assert len(table) == len(plr) and set(table["Bezirk"]) == {"Neukölln"}
    assert len(_frame(whole, "Bezirk")) == len(_tree().query("level == 'Planungsraum'"))
    captions = " ".join(c.value for c in focus.caption)
    assert (
        f"Fokus: Neukölln (Bezirk) – Kennzahlen, Rangfolge und Tabelle nur für die {len(plr)} "
        in captions
    )


def test_prognose_base_population_of_the_focus_is_the_sum_of_its_areas(demo_env: Path) -> None:
    nk = _bezirk("Neukölln")
    plr = _inside(nk, "Planungsraum")
    at = open_page(PROJ, {"fokus": nk, "ansicht": "tabelle"})
    with _store() as c:
        pop = c.execute(
            """SELECT area_id, count FROM population WHERE period = '2024-12-31' AND sex = 'all'
               AND age_from = 0 AND age_to IS NULL""",
        ).df()
    expected = pop[pop["area_id"].isin(plr)]["count"].sum()
    assert expected == 329488
    assert _int(_metric(at, "Einwohner 31.12.2024")) == expected
    assert at.selectbox(key="proj.gebiet").options[0] == "Neukölln insgesamt"
    table = at.dataframe[0].value
    assert len(table) == len(plr) == 46


def test_kommunen_peers_come_only_from_the_focus_land(demo_env: Path) -> None:
    """Emsland's 10 most similar Kreise: from all of Germany, with the focus only from its Land."""
    with _store() as c:
        lands = dict(
            c.execute(
                """SELECT k.name, l.name FROM areas k JOIN areas l ON l.area_id = k.parent_id
                   WHERE k.system_code = 'de2024' AND k.level = 'Kreis'"""
            ).fetchall()
        )
        (land_id,) = c.execute(
            "SELECT area_id FROM areas WHERE system_code = 'de2024' AND name = 'Niedersachsen'"
        ).fetchone() or ("",)
    base = {"ebene": "Kreis", "ags": "03454", "gruppe": "aehnlich"}
    whole = _frame(open_page("features/benchmarking/page.py", base), "Land")
    assert len(whole) == 10 and set(whole["Land"]) != {"Niedersachsen"}
    at = open_page("features/benchmarking/page.py", {**base, "fokus": str(land_id)})
    members = _frame(at, "Land")
    assert len(members) == 10
    assert set(members["Land"]) == {"Niedersachsen"}
    # twin names carry their kind on screen ("Osnabrück (Landkreis)"): the store's name is before
    shown = {lands.get(k) or lands[k.rsplit(" (", 1)[0]] for k in members["Kommune"]}
    assert shown == {"Niedersachsen"}
    assert any("Fokus: Niedersachsen (Land)" in c.value for c in at.caption)
