"""Contributions (Beiträge) of Ämter and Träger: merge with provenance, replacement, conflicts,
broken files, templates and the public build – on the fixture package (Berlin-Mitte)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from data_layer.build.contributions import read_contribution
from data_layer.build.contributions_merge import ContributionError
from data_layer.build.package_reader import read_package
from data_layer.build.pipeline import main, write_store
from tests.conftest import FIXTURE_PACKAGE, ROOT

TEMPLATES = ROOT / "data" / "vorlagen"
HEAD = "Kennung;Name;Leistungsart;Träger;Plätze;Belegte Plätze;Warteliste;Längengrad;Breitengrad\n"


def _contribution(
    root: Path, name: str, *, rows: str = "", values: str = "", extra: str = ""
) -> Path:
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    kind = "Amt" if values else "Träger"
    (folder / "beitrag.yaml").write_text(
        f'herausgeber: "{name.upper()} Herausgeber"\nart: {kind}\nstand: "01.03.2026"\n'
        f'lizenz: "CC BY 4.0"\ngebietssystem: mitte\nkennung_praefix: kita\n{extra}',
        encoding="utf-8",
    )
    if rows:
        (folder / "einrichtungen.csv").write_text(HEAD + rows, encoding="utf-8")
    if values:
        (folder / "kennzahlen.csv").write_text(
            "Kennzahl;Gebiet;Zeitraum;Wert\n" + values, encoding="utf-8"
        )
    return folder


def _build(out: Path, *folders: Path) -> None:
    write_store(
        out, [read_package(FIXTURE_PACKAGE)], contributions=[read_contribution(f) for f in folders]
    )


# 01010010 "Kita F.A.I.R.play" has 69 places in the package; the new Kita lies in Mitte
TRAEGER = "01010010;;;;69;65;12;;\nneu1;Kita Neu;Kita;GFJ;40;;;13,3844;52,5225\n"
AMT = "mss_s1;01100101;2020-12-31;4,22594\n"


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("beitraege")
    out = root / "store.duckdb"
    _build(out, _contribution(root, "gfj", rows=TRAEGER), _contribution(root, "amt", values=AMT))
    return out


def test_merge_keeps_provenance_on_every_row(merged: Path) -> None:
    conn = duckdb.connect(str(merged), read_only=True)
    rows = conn.execute(
        """SELECT facility_id, capacity, occupied, waiting_list, contribution_id, area_id, data_date
           FROM facilities WHERE contribution_id IS NOT NULL ORDER BY facility_id"""
    ).fetchall()
    # the known Kita keeps its place in the package's snapshot; the new one gets the Stand
    assert rows == [
        ("kita:01010010", 69.0, 65.0, 12.0, "gfj", "mitte:01100308", "2026-01-01"),
        ("kita:neu1", 40.0, None, None, "gfj", "mitte:01100308", "2026-03-01"),
    ]
    assert conn.execute("SELECT count(*) FROM facilities").fetchone() == (93,)
    value = conn.execute(
        """SELECT value, contribution_id FROM indicator_values
           WHERE indicator_id='mss_s1' AND area_id='mitte:01100101' AND period='2020-12-31'"""
    ).fetchone()
    assert value == (pytest.approx(4.22594), "amt")
    delivered = conn.execute(
        "SELECT delivered_by FROM indicators WHERE indicator_id='mss_s1'"
    ).fetchone()
    assert delivered == ("AMT Herausgeber (Stand 01.03.2026)",)
    contribs = conn.execute(
        """SELECT contribution_id, kind, stand, n_facilities, n_values, n_areas, files
           FROM contributions ORDER BY 1"""
    ).fetchall()
    assert contribs == [
        ("amt", "Amt", "2026-03-01", 0, 1, 1, "kennzahlen.csv"),
        ("gfj", "Träger", "2026-03-01", 2, 0, 1, "einrichtungen.csv"),
    ]
    conn.close()


def test_replacing_one_contribution_leaves_the_other(tmp_path: Path, merged: Path) -> None:
    gfj = _contribution(tmp_path, "gfj", rows=TRAEGER.replace(";65;12;", ";66;20;"))
    amt = _contribution(tmp_path, "amt", values=AMT)
    out = tmp_path / "store.duckdb"
    _build(out, gfj, amt)
    new = duckdb.connect(str(out), read_only=True)
    old = duckdb.connect(str(merged), read_only=True)
    q = "SELECT occupied, waiting_list FROM facilities WHERE facility_id='kita:01010010'"
    assert new.execute(q).fetchone() == (66.0, 20.0)
    q_amt = "SELECT * FROM indicator_values WHERE contribution_id='amt'"
    assert new.execute(q_amt).fetchall() == old.execute(q_amt).fetchall()
    new.close()
    old.close()


def test_conflict_is_reported_with_both_values_and_store_untouched(tmp_path: Path) -> None:
    out = tmp_path / "store.duckdb"
    _build(out, _contribution(tmp_path, "amt", values=AMT))
    before = out.read_bytes()
    a = _contribution(tmp_path, "a", rows="01010010;;;;70;;;;\n")
    b = _contribution(tmp_path, "b", rows="01010010;;;;72;;;;\n")
    with pytest.raises(ContributionError) as err:
        _build(out, a, b)
    msg = err.value.message
    assert "Einrichtung „kita:01010010“: 70 laut A Herausgeber (Stand 01.03.2026), 69 laut " in msg
    assert "Grundlage (Datenpaket)" in msg and "72 laut B Herausgeber" in msg
    assert "vorrang: ja" in msg
    assert out.read_bytes() == before


def test_priority_resolves_and_still_lists_the_conflict(tmp_path: Path) -> None:
    out = tmp_path / "store.duckdb"
    _build(out, _contribution(tmp_path, "a", rows="01010010;;;;70;;;;\n", extra="vorrang: ja\n"))
    conn = duckdb.connect(str(out), read_only=True)
    assert conn.execute(
        "SELECT capacity FROM facilities WHERE facility_id='kita:01010010'"
    ).fetchone() == (70.0,)
    assert conn.execute(
        "SELECT value, other_source, other_value, resolution FROM contribution_conflicts"
    ).fetchall() == [
        ("70", "Grundlage (Datenpaket)", "69", "Vorrang: A Herausgeber (Stand 01.03.2026)")
    ]
    conn.close()


def test_broken_file_names_file_row_field_and_leaves_store(tmp_path: Path) -> None:
    out = tmp_path / "store.duckdb"
    _build(out)
    before = out.read_bytes()
    bad = _contribution(tmp_path, "kaputt", rows="01010010;;;;zwölf;;;;\n01010020;;;;;;-3;;\n")
    code = main(["--package", str(FIXTURE_PACKAGE), "--ohne-deutschland", "--beitrag", str(bad),
                 "--out", str(out)])  # fmt: skip
    assert code == 2
    assert out.read_bytes() == before
    report = read_contribution(bad).findings
    assert [f.text() for f in report] == [
        "Datei einrichtungen.csv, Zeile 2, Feld „Plätze“: „zwölf“ ist keine Zahl.",
        "Datei einrichtungen.csv, Zeile 3, Feld „Warteliste“: negative Anzahl (-3) ist nicht "
        "zulässig.",
    ]


def test_unknown_area_is_found_against_the_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "store.duckdb"
    _build(out)
    folder = _contribution(tmp_path, "amt", values="mss_s1;99999999;2020-12-31;1\n")
    assert main(["--beitrag-pruefen", str(folder), "--out", str(out)]) == 2
    text = capsys.readouterr().out
    assert "Datei kennzahlen.csv, Zeile 2, Feld „Gebiet“: Gebiet „99999999“ gibt es im " in text
    assert "1 Fehler – der Beitrag kann so nicht übernommen werden" in text


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_templates_pass_the_validator_and_merge(tmp_path: Path, kind: str) -> None:
    c = read_contribution(TEMPLATES / kind)
    assert c.findings == []
    assert c.tables["einrichtungen"]["capacity"].tolist() == [69.0]
    assert c.tables["kennzahlen"]["value"].tolist() == [pytest.approx(4.22594)]
    out = tmp_path / "store.duckdb"
    shutil.copytree(TEMPLATES / kind, tmp_path / "t")
    _build(out, tmp_path / "t")
    conn = duckdb.connect(str(out), read_only=True)
    assert conn.execute(
        "SELECT n_facilities, n_values, n_offers FROM contributions"
    ).fetchone() == (1, 1, 1)
    conn.close()


def test_internal_contribution_stays_out_of_the_public_file(tmp_path: Path) -> None:
    from data_layer.build.public_build import write_public

    out = tmp_path / "store.duckdb"
    pub = _contribution(tmp_path, "pub", rows="01010020;;;;;;3;;\n")
    internal = _contribution(tmp_path, "intern", rows="01010010;;;;;60;7;;\n",
                             extra="oeffentlich: nein\n")  # fmt: skip
    _build(out, pub, internal)
    public = tmp_path / "public.duckdb"
    write_public(out, public)
    conn = duckdb.connect(str(public), read_only=True)
    assert conn.execute("SELECT contribution_id FROM contributions").fetchall() == [("pub",)]
    assert conn.execute(
        "SELECT occupied, waiting_list, contribution_id FROM facilities WHERE facility_id='kita:01010010'"
    ).fetchone() == (None, None, None)
    assert conn.execute(
        "SELECT count(*) FROM data_sources WHERE package = 'Beitrag intern'"
    ).fetchone() == (0,)
    conn.close()


def test_demo_contribution_is_the_real_traeger_list() -> None:
    import pandas as pd

    from data_layer.build.pipeline import demo_contributions

    (c,) = demo_contributions()
    assert (c.contribution_id, c.kind, c.stand, c.findings) == (
        "pfefferwerk",
        "Träger",
        "2026-01-01",
        [],
    )
    kl = pd.read_csv(
        ROOT / "data/raw/berlin_lor/facilities/berlin_kitaliste_2026-01.csv", dtype=str
    )
    mine = kl[kl["sponsor_name"] == "Pfefferwerk Stadtkultur gGmbH"]
    rows = c.tables["einrichtungen"]
    assert sorted(rows["facility_id"]) == sorted(mine["id"])
    assert sum(rows["capacity"]) == 2139 == mine["places"].astype(int).sum()
    assert rows["occupied"].isna().all() and rows["waiting_list"].isna().all()  # none published


# the package's "Kita F.A.I.R.play" (kita:01010010, 69 places) at 13.384393, 52.522516; the same
# name under another id about 12 m away (dx 0.000107° ≈ 7 m, dy 0.000084° ≈ 9 m)
TWIN = "x99;Kita F.A.I.R. play;Kita;GFJ;{places};;;13,3845;52,5226\n"


def _facility_ids(out: Path) -> set[str]:
    conn = duckdb.connect(str(out), read_only=True)
    ids = {r[0] for r in conn.execute("SELECT facility_id FROM facilities").fetchall()}
    conn.close()
    return ids


def test_same_facility_under_another_id_is_a_conflict_with_both_values(tmp_path: Path) -> None:
    out = tmp_path / "store.duckdb"
    twin = _contribution(tmp_path, "a", rows=TWIN.format(places=75))
    with pytest.raises(ContributionError) as err:
        _build(out, twin)
    msg = err.value.message
    assert (
        "„x99“ (Kita F.A.I.R. play) ist vermutlich dieselbe Einrichtung wie „kita:01010010“" in msg
    )
    assert "12 m entfernt" in msg
    assert (
        "Einrichtung „kita:x99 = kita:01010010“: 75 laut A Herausgeber (Stand 01.03.2026), "
        "69 laut Grundlage (Datenpaket)"
    ) in msg
    assert not out.exists()


def test_same_facility_with_priority_replaces_its_twin_once(tmp_path: Path) -> None:
    out = tmp_path / "store.duckdb"
    _build(out, _contribution(tmp_path, "a", rows=TWIN.format(places=75), extra="vorrang: ja\n"))
    ids = _facility_ids(out)
    assert "kita:x99" in ids and "kita:01010010" not in ids
    assert len(ids) == 92  # the package's 92 facilities, the twin counted once
    conn = duckdb.connect(str(out), read_only=True)
    # the replacing row stays in the twin's snapshot
    assert conn.execute(
        "SELECT capacity, data_date, contribution_id FROM facilities WHERE facility_id='kita:x99'"
    ).fetchone() == (75.0, "2026-01-01", "a")
    assert conn.execute(
        "SELECT item_id, value, other_value, resolution FROM contribution_conflicts"
    ).fetchall() == [
        ("kita:x99 = kita:01010010", "75", "69", "Vorrang: A Herausgeber (Stand 01.03.2026)")
    ]
    conn.close()


def test_same_facility_same_places_replaces_without_conflict(tmp_path: Path) -> None:
    out = tmp_path / "store.duckdb"
    _build(out, _contribution(tmp_path, "a", rows=TWIN.format(places=69)))
    ids = _facility_ids(out)
    assert "kita:x99" in ids and "kita:01010010" not in ids and len(ids) == 92


def test_same_name_far_away_is_another_facility(tmp_path: Path) -> None:
    out = tmp_path / "store.duckdb"
    far = "x98;Kita F.A.I.R. play;Kita;GFJ;75;;;13,3900;52,5225\n"  # ≈ 380 m east
    _build(out, _contribution(tmp_path, "a", rows=far))
    ids = _facility_ids(out)
    assert {"kita:x98", "kita:01010010"} <= ids and len(ids) == 93


def test_bedarf_source_line_names_the_delivering_traeger(
    merged: Path, monkeypatch: pytest.MonkeyPatch, fresh_streamlit_caches: None
) -> None:
    from data_layer.read.contributions import facility_contributors
    from features.demand_supply import cache as dc
    from tests.conftest import point_app_at

    conn = duckdb.connect(str(merged), read_only=True)
    rows = facility_contributors(conn, "Kita", "2026-03-01")
    assert rows.values.tolist() == [["GFJ Herausgeber", "Träger", "2026-03-01", 1]]
    conn.close()
    point_app_at(merged, monkeypatch)
    # kita:01010010 keeps the package's snapshot (2026-01-01), the new Kita has the Stand
    assert dc.delivered_by("Kita", "2026-01-01") == (
        " (davon 1 geliefert von Träger GFJ Herausgeber, Stand 01.03.2026)"
    )
    assert dc.delivered_by("Schule", "2026-01-01") == ""


def test_an_older_snapshot_keeps_its_facility(tmp_path: Path) -> None:
    """A same-named facility of an older snapshot is history, not a twin: it stays."""
    pkg = tmp_path / "paket"
    shutil.copytree(FIXTURE_PACKAGE, pkg)
    with (pkg / "facilities.csv").open("a", encoding="utf-8") as f:
        f.write("kita:alt1,Kita,Kita Alt,50,Träger Alt,,13.40,52.53,,2022-12-01\n")
    out = tmp_path / "store.duckdb"
    rows = "y1;Kita Alt;Kita;Träger Alt;50;;;13,4001;52,5301\n"
    write_store(
        out,
        [read_package(pkg)],
        contributions=[read_contribution(_contribution(tmp_path, "a", rows=rows))],
    )
    ids = _facility_ids(out)
    assert {"kita:alt1", "kita:y1"} <= ids and len(ids) == 94
