"""AppTest: „Ziele und Maßnahmen“ – Ampel, attainment table, measures, drafts, public mode."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from data_layer.build.package_reader import read_package
from data_layer.build.pipeline import write_store
from data_layer.build.public_build import write_public
from data_layer.errors import PublicModeError
from data_layer.read.goals import save_draft
from tests.conftest import FIXTURE_PACKAGE, point_app_at
from tests.pages.conftest import open_page

PAGE = "features/goals/page.py"
GOALS = Path(__file__).resolve().parents[1] / "fixtures" / "ziele_mitte"


@pytest.fixture(scope="module")
def goals_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("goals")
    pkg = root / "paket"
    shutil.copytree(FIXTURE_PACKAGE, pkg)
    for f in GOALS.iterdir():
        shutil.copy(f, pkg / f.name)
    out = root / "goals.duckdb"
    write_store(out, [read_package(pkg)])
    return out


def _expected_counts() -> tuple[int, int]:
    """Planungsräume with S4 ≤ 30 (erreicht) and the others (one value only: keine Daten)."""
    v = pd.read_csv(FIXTURE_PACKAGE / "indicator_values.csv", sep=";", decimal=",", dtype=str)
    s4 = v[v["indicator_id"] == "mss_s4"]["value"].str.replace(",", ".").astype(float)
    return int((s4 <= 30).sum()), 16 - int((s4 <= 30).sum())


def test_ampel_table_and_area_table(
    goals_db: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    point_app_at(goals_db, monkeypatch)
    monkeypatch.setenv("PLANUNGSATLAS_ZIELE_ENTWURF", str(tmp_path / "entwurf.yaml"))
    at = open_page(PAGE, {"ziel": "test_kinderarmut"})
    ampel = at.dataframe[0].value
    row = ampel[ampel["Ziel"] == "Testziel: Kinderarmut höchstens 30 %"].iloc[0]
    reached, no_data = _expected_counts()
    assert (row["erreicht"], row["keine Daten"], row["Gebiete"]) == (
        str(reached),
        str(no_data),
        "16",
    )
    assert "≤ 30" in row["Zielgröße"], row["Zielgröße"]
    assert row["Frist"] == "31.12.2030"
    areas = at.dataframe[1].value
    assert len(areas) == 16
    from features.goals import model

    goal = next(g for g in model.stored_goals() if g.goal_id == "test_kinderarmut")
    areas_frame = model.area_attainment(goal, model.goal_areas("test_kinderarmut"))
    # never green without a value or a trend
    assert set(areas.loc[areas["Aktueller Wert"] > 30, "Stand"]) <= {"– keine Daten"}
    assert set(areas.loc[areas["Aktueller Wert"] <= 30, "Stand"]) == {"● erreicht"}
    # the measure of the goal is listed
    assert "Beispiel: Familienzentrum" in set(at.dataframe[2].value["Maßnahme"])
    # the interactive map: areas by state, the measure as a point, no basemap
    (deck,) = [json.loads(el.proto.json) for el in at.get("deck_gl_json_chart")]
    layers = {layer["id"]: layer for layer in deck["layers"]}
    assert set(layers) == {"gebiete", "massnahmen"}
    assert deck.get("mapStyle") in (None, "__MAP_STYLE__")
    tips = {
        f["properties"]["area_id"]: f["properties"]["tip"]
        for f in layers["gebiete"]["data"]["features"]
    }
    assert "Maßnahmen: 1" in tips["mitte:01100101"]
    reached_ids = set(areas_frame.loc[areas_frame["current"] <= 30, "area_id"])
    assert all("Stand: erreicht" in tips[a] for a in reached_ids) and reached_ids
    assert [p["p"] for p in layers["massnahmen"]["data"]] == [[13.37, 52.53]]
    assert "Beispiel: Familienzentrum" in layers["massnahmen"]["data"][0]["tip"]
    # no None anywhere in the two note columns
    assert set(areas["Ziel erreicht etwa"]) <= {"erreicht", "kein Trend"}
    assert set(areas["Weg zum Ziel"]) == {"erreicht", "kein Verlauf (ein Zeitpunkt)"}


def test_draft_goal_is_saved_to_the_workspace_and_shown(
    goals_db: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    point_app_at(goals_db, monkeypatch)
    draft = tmp_path / "ws" / "entwurf.yaml"
    monkeypatch.setenv("PLANUNGSATLAS_ZIELE_ENTWURF", str(draft))
    save_draft(
        {
            "goal_id": "entwurf_s1",
            "title": "Arbeitslosigkeit unter 5 %",
            "topic": "Arbeit",
            "owner": "Jobcenter",
            "targets": [{"indicator_id": "mss_s1", "comparison": "<=", "target": 5}],
            "deadline": "2030-12-31",
            "areas": {"level": "Planungsraum", "area_system": "mitte"},
            "source": {"title": "Entwurf", "publisher": "Jobcenter", "url": "https://example.org",
                       "date": "2025-01-01"},
        }
    )  # fmt: skip
    assert "status: entwurf" in draft.read_text(encoding="utf-8")
    at = open_page(PAGE)
    ampel = at.dataframe[0].value
    assert "Arbeitslosigkeit unter 5 % (Entwurf)" in set(ampel["Ziel"])
    assert (
        ampel.loc[ampel["Ziel"] == "Arbeitslosigkeit unter 5 % (Entwurf)", "Gebiete"].iloc[0]
        == "16"
    )


def test_public_mode_shows_published_goals_only_and_refuses_drafts(
    goals_db: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    public = tmp_path / "public.duckdb"
    write_public(goals_db, public)
    draft = tmp_path / "entwurf.yaml"
    draft.write_text(
        "ziele:\n  - {goal_id: x, title: Geheim, topic: T, owner: O, targets: [{indicator_id: mss_s1,"
        " direction: senken}], deadline: 2030-12-31, areas: alle, status: entwurf, public: false,"
        " source: {title: t, publisher: p, url: 'https://e.org', date: 2024-01-01}}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PLANUNGSATLAS_ZIELE_ENTWURF", str(draft))
    point_app_at(public, monkeypatch)
    monkeypatch.setenv("PLANUNGSATLAS_MODE", "public")
    at = open_page(PAGE)
    assert list(at.dataframe[0].value["Ziel"]) == ["Testziel: Kinderarmut höchstens 30 %"]
    assert not any("entwerfen" in e.label for e in at.expander)
    with pytest.raises(PublicModeError):
        save_draft({"goal_id": "y"})
    assert "goal_id: y" not in draft.read_text(encoding="utf-8")


def test_store_without_goals_says_how_to_add_them(
    app_env: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    monkeypatch.setenv("PLANUNGSATLAS_ZIELE_ENTWURF", str(tmp_path / "none.yaml"))
    at = open_page(PAGE)
    text = " ".join(i.value for i in at.info)
    assert "noch keine Ziele" in text and "ziele.yaml" in text


@pytest.mark.parametrize("bad", ["<script>", "x" * 500, "gibts_nicht", "' OR 1=1 --", "%00"])
def test_hostile_goal_parameter_gives_a_german_note(
    goals_db: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, bad: str
):
    point_app_at(goals_db, monkeypatch)
    monkeypatch.setenv("PLANUNGSATLAS_ZIELE_ENTWURF", str(tmp_path / "none.yaml"))
    at = open_page(PAGE, {"ziel": bad})
    assert any("Der Link enthielt ungültige Angaben („ziel“)" in i.value for i in at.info)
    assert at.selectbox(key="ziele.ziel").value == "test_entwurf"


def test_zielbericht_pdf_names_goal_states_source_and_link(
    goals_db: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    from pypdf import PdfReader

    point_app_at(goals_db, monkeypatch)
    monkeypatch.setenv("PLANUNGSATLAS_ZIELE_ENTWURF", str(tmp_path / "none.yaml"))
    at = open_page(PAGE, {"ziel": "test_kinderarmut"})
    assert not at.exception
    from features.goals import model, report, tables

    goal = next(g for g in model.stored_goals() if g.goal_id == "test_kinderarmut")
    areas = model.goal_areas("test_kinderarmut")
    table = model.area_attainment(goal, areas)
    image = report.goal_map(areas, table, goal.title)
    assert image is not None and image.startswith(b"\x89PNG")
    doc = report.report_document(
        tables.overview([goal], {goal.goal_id: table}), goal.title, "d", tables.area_table(table),
        pd.DataFrame(), [f"Ziel: {goal.source}"], [(goal.title, image)], "/ziele?ziel=test_kinderarmut",
    )  # fmt: skip
    import io

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(report.report_pdf(doc))).pages)
    assert "Zielbericht" in text and "Testziel: Kinderarmut höchstens 30 %" in text
    assert "erreicht" in text and "Testamt: Testdokument" in text
    assert "/ziele?ziel=test_kinderarmut" in text and "Datenversion" in text


def test_goals_without_any_measure(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    pkg = tmp_path / "paket"
    shutil.copytree(FIXTURE_PACKAGE, pkg)
    shutil.copy(GOALS / "ziele.yaml", pkg / "ziele.yaml")
    out = tmp_path / "s.duckdb"
    write_store(out, [read_package(pkg)])
    point_app_at(out, monkeypatch)
    monkeypatch.setenv("PLANUNGSATLAS_ZIELE_ENTWURF", str(tmp_path / "none.yaml"))
    at = open_page(PAGE, {"ziel": "test_kinderarmut"})
    assert "Zu diesem Ziel ist keine Maßnahme erfasst." in [i.value for i in at.info]


def test_steckbrief_section_lists_the_goals_of_the_area(
    goals_db: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    from features.goals.api import area_goal_section

    point_app_at(goals_db, monkeypatch)
    monkeypatch.setenv("PLANUNGSATLAS_ZIELE_ENTWURF", str(tmp_path / "none.yaml"))
    section = area_goal_section("mitte:01100101")
    assert section.table is not None
    rows = section.table.set_index("Ziel")
    assert rows.loc["Testziel: Kinderarmut höchstens 30 %", "Maßnahmen im Gebiet"] == (
        "Beispiel: Familienzentrum"
    )
    assert "Testziel (Entwurf): Arbeitslosigkeit senken" in rows.index
    assert area_goal_section("mitte:0110").note == "Für dieses Gebiet ist kein Ziel erfasst."


def test_steckbrief_names_a_measure_for_a_goal_measured_elsewhere(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    """A measure in the Bezirk that serves a goal measured per Planungsraum shows in the Bezirk's
    Steckbrief with where the goal is measured (the demo: Kitas in a Planungsraum, goals per Kreis)."""
    from features.goals.api import area_goal_section

    pkg = tmp_path / "paket"
    shutil.copytree(FIXTURE_PACKAGE, pkg)
    for f in GOALS.iterdir():
        shutil.copy(f, pkg / f.name)
    extra = (
        "  - {measure_id: bezirk1, title: 'Kita im Bezirk', areas: ['0110'], start: 2025-01-01, "
        "responsible: 'Jugendamt (Test)', responsible_type: Amt, goals: [test_kinderarmut], "
        "public: true}\n"
    )
    path = pkg / "massnahmen.yaml"
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    out = tmp_path / "s.duckdb"
    write_store(out, [read_package(pkg)])
    point_app_at(out, monkeypatch)
    monkeypatch.setenv("PLANUNGSATLAS_ZIELE_ENTWURF", str(tmp_path / "none.yaml"))
    section = area_goal_section("mitte:0110")
    assert section.table is not None
    assert section.table.to_dict("records") == [
        {
            "Ziel": "Testziel: Kinderarmut höchstens 30 %",
            "Zielgröße": "Kinderarmut ≤ 30,00",
            "Stand": "gemessen: Ebene Planungsraum",
            "Aktueller Wert": "–",
            "Maßnahmen im Gebiet": "Kita im Bezirk",
        }
    ]


@pytest.mark.parametrize(
    ("focus", "inside", "measure"),
    [("mitte:011001", 4, True), ("mitte:011003", 6, False)],
    ids=["Tiergarten Süd", "Alexanderplatz"],
)
def test_focus_narrows_ampel_table_map_and_measures_to_the_bezirksregion(
    goals_db: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, focus: str, inside: int,
    measure: bool,
) -> None:  # fmt: skip
    point_app_at(goals_db, monkeypatch)
    monkeypatch.setenv("PLANUNGSATLAS_ZIELE_ENTWURF", str(tmp_path / "none.yaml"))
    at = open_page(PAGE, {"ziel": "test_kinderarmut", "fokus": focus})
    region = focus.removeprefix("mitte:")
    ampel = at.dataframe[0].value
    row = ampel[ampel["Ziel"] == "Testziel: Kinderarmut höchstens 30 %"].iloc[0]
    assert row["Gebiete"] == str(inside)
    areas = at.dataframe[1].value
    assert len(areas) == inside
    (deck,) = [json.loads(el.proto.json) for el in at.get("deck_gl_json_chart")]
    drawn = {
        f["properties"]["area_id"]
        for layer in deck["layers"]
        if layer["id"] == "gebiete"
        for f in layer["data"]["features"]
    }
    assert len(drawn) == inside and all(a.startswith(f"mitte:{region}") for a in drawn)
    listed = " ".join(i.value for i in at.info)
    if measure:  # the Familienzentrum lies in Stülerstraße (Tiergarten Süd)
        assert "Beispiel: Familienzentrum" in set(at.dataframe[2].value["Maßnahme"])
    else:
        assert "Zu diesem Ziel ist in Alexanderplatz keine Maßnahme erfasst." in listed
    assert any("Fokus: " in c.value and "(Bezirksregion)" in c.value for c in at.caption)
    assert at.query_params["fokus"] == [focus] or at.query_params["fokus"] == focus
