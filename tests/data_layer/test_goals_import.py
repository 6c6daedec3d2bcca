"""Goals and measures of a Datenpaket: stored as written, refused with file, line and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from data_layer.build.package_reader import read_package
from data_layer.build.pipeline import write_store
from data_layer.build.public_build import write_public
from data_layer.errors import ImportValidationError

GOALS = Path(__file__).resolve().parents[1] / "fixtures" / "ziele_mitte"


def _with_goals(package_copy: Path) -> Path:
    for f in GOALS.iterdir():
        shutil.copy(f, package_copy / f.name)
    return package_copy


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _refused(pkg: Path, tmp_path: Path) -> str:
    with pytest.raises(ImportValidationError) as err:
        write_store(tmp_path / "x.duckdb", [read_package(pkg)])
    assert not (tmp_path / "x.duckdb").exists()
    return err.value.message


def test_goals_are_stored_with_targets_areas_and_measures(package_copy: Path, tmp_path: Path):
    out = tmp_path / "s.duckdb"
    write_store(out, [read_package(_with_goals(package_copy))])
    c = duckdb.connect(str(out), read_only=True)
    goals = c.execute("SELECT goal_id, status, public FROM goals ORDER BY goal_id").fetchall()
    assert goals == [("test_entwurf", "entwurf", False), ("test_kinderarmut", "beschlossen", True)]
    target = c.execute("SELECT indicator_id, comparison, target FROM goal_targets "
                       "WHERE goal_id = 'test_kinderarmut'").fetchall()  # fmt: skip
    assert target == [("mss_s4", "<=", 30.0)]
    # level Planungsraum of the package: every Planungsraum of the fixture
    n_plr = c.execute("SELECT count(*) FROM areas WHERE level = 'Planungsraum'").fetchone()
    n_goal = c.execute(
        "SELECT count(*) FROM goal_areas WHERE goal_id = 'test_kinderarmut'"
    ).fetchone()
    assert n_goal == n_plr and n_plr is not None and n_plr[0] > 2
    listed = c.execute("SELECT area_id FROM goal_areas WHERE goal_id = 'test_entwurf' "
                       "ORDER BY 1").fetchall()  # fmt: skip
    assert listed == [("mitte:01100101",), ("mitte:01100102",)]
    assert c.execute("SELECT measure_id, goal_id FROM measure_goals").fetchall() == [
        ("test_m1", "test_kinderarmut")
    ]
    c.close()
    public = tmp_path / "p.duckdb"
    write_public(out, public)
    p = duckdb.connect(str(public), read_only=True)
    # the public build holds published goals only (public: true and beschlossen)
    assert p.execute("SELECT goal_id FROM goals").fetchall() == [("test_kinderarmut",)]
    assert p.execute(
        "SELECT count(*) FROM goal_areas WHERE goal_id = 'test_entwurf'"
    ).fetchone() == (0,)
    p.close()


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        ("ziele.yaml", "indicator_id: mss_s4", "indicator_id: mss_s9",
         "Datei ziele.yaml, Zeile 8, Feld „ziele[1].targets[1].indicator_id“: Indikator „mss_s9“ "
         "steht nicht im Indikatorenkatalog."),
        ("ziele.yaml", "    topic: Soziales", "    topik: Soziales",
         "Datei ziele.yaml, Zeile 5, Feld „ziele[1].topik“: unbekannter Schlüssel"),
        ("ziele.yaml", "deadline: 2030-12-31\n    areas: {", "deadline: 31.12.2030\n    areas: {",
         "Datei ziele.yaml, Zeile 11, Feld „ziele[1].deadline“: „31.12.2030“ ist kein Datum "
         "(erwartet JJJJ-MM-TT)."),
        ("ziele.yaml", "{level: Planungsraum}", "{level: Ortsteil}",
         "Datei ziele.yaml, Zeile 12, Feld „ziele[1].areas.level“: Ebene „Ortsteil“ gibt es nicht"),
        ("ziele.yaml", '"01100102"]', '"09999999"]',
         "Datei ziele.yaml, Zeile 28, Feld „ziele[2].areas“: Gebiet „09999999“ gibt es nicht."),
        ("ziele.yaml", "status: entwurf", "status: geplant",
         "Datei ziele.yaml, Zeile 29, Feld „ziele[2].status“: „geplant“ (erlaubt: entwurf, beschlossen)."),
        ("ziele.yaml", 'comparison: "<="', 'comparison: "=="',
         "Datei ziele.yaml, Zeile 9, Feld „ziele[1].targets[1].comparison“: „==“ (erlaubt: >=, <=, ≥, ≤)."),
        ("massnahmen.yaml", "goals: [test_kinderarmut]", "goals: [gibts_nicht]",
         "Datei massnahmen.yaml, Zeile 10, Feld „massnahmen[1].goals“: Ziel „gibts_nicht“ steht "
         "nicht in ziele.yaml."),
        ("massnahmen.yaml", "lat: 52.53", "lat: 152.53",
         "Datei massnahmen.yaml, Zeile 12, Feld „massnahmen[1].lat“: „152.53“ ist keine Breite"),
    ],
)  # fmt: skip
def test_bad_goal_files_are_refused_naming_file_line_and_field(
    package_copy: Path, tmp_path: Path, file: str, old: str, new: str, expected: str
):
    pkg = _with_goals(package_copy)
    _edit(pkg / file, old, new)
    assert _refused(pkg, tmp_path).startswith(expected)


def test_adding_a_measure_never_changes_an_indicator_value(package_copy: Path, tmp_path: Path):
    pkg = _with_goals(package_copy)
    query = "SELECT * FROM indicator_values ORDER BY indicator_id, area_id, period"
    with_measure = tmp_path / "with.duckdb"
    write_store(with_measure, [read_package(pkg)])
    (pkg / "massnahmen.yaml").unlink()
    without = tmp_path / "without.duckdb"
    write_store(without, [read_package(pkg)])
    a = duckdb.connect(str(with_measure), read_only=True)
    b = duckdb.connect(str(without), read_only=True)
    assert a.execute("SELECT count(*) FROM measures").fetchone() == (1,)
    assert b.execute("SELECT count(*) FROM measures").fetchone() == (0,)
    rows = a.execute(query).fetchall()
    assert rows and rows == b.execute(query).fetchall()
    a.close()
    b.close()


def test_adding_measures_never_changes_an_indicator_or_a_goal(package_copy: Path, tmp_path: Path):
    """A measure is a record of what is done, never an input of a value (Eckpunkte: Wirkung is
    measured by the indicators, not assumed)."""
    pkg = _with_goals(package_copy)
    one = tmp_path / "one.duckdb"
    write_store(one, [read_package(pkg)])
    more = "\n".join(
        f"  - {{measure_id: extra{i}, title: 'Weitere Maßnahme {i}', areas: alle, "
        f"start: 2020-01-0{i}, responsible: Amt {i}, responsible_type: Amt, "
        f"goals: [test_kinderarmut, test_entwurf], public: true}}"
        for i in range(1, 6)
    )
    path = pkg / "massnahmen.yaml"
    path.write_text(path.read_text(encoding="utf-8") + more + "\n", encoding="utf-8")
    many = tmp_path / "many.duckdb"
    write_store(many, [read_package(pkg)])
    tables = ("indicator_values", "goals", "goal_targets", "goal_areas", "indicators")
    a, b = duckdb.connect(str(one), read_only=True), duckdb.connect(str(many), read_only=True)
    for table in tables:
        q = f"SELECT * FROM {table} ORDER BY ALL"  # noqa: S608 - constant names
        assert a.execute(q).fetchall() == b.execute(q).fetchall(), table
    assert a.execute("SELECT count(*) FROM measures").fetchone() == (1,)
    assert b.execute("SELECT count(*) FROM measures").fetchone() == (6,)
    a.close()
    b.close()
