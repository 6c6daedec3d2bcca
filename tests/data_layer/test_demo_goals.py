"""The demo's goals and measures (data/raw/berlin_lor/ziele): published sources, indicators that
exist, and measures that are exactly the Träger contribution's real Kitas."""

from __future__ import annotations

import csv
from pathlib import Path

import yaml

from data_layer.build.goals import read_goal_files

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "data" / "raw" / "berlin_lor" / "ziele"
CONTRIBUTION = ROOT / "data" / "beitraege" / "pfefferwerk" / "einrichtungen.csv"


def _catalogue_ids() -> set[str]:
    ids: set[str] = set()
    for path in (ROOT / "data" / "catalogue").glob("*.yaml"):
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        items = content.get("indicators", []) if isinstance(content, dict) else content or []
        ids |= {str(i.get("indicator_id")) for i in items if isinstance(i, dict)}
    return ids


def test_demo_goals_are_published_targets_with_sources() -> None:
    files = read_goal_files(FOLDER)
    assert files is not None
    goals = {g.goal_id: g for g in files.goals}
    assert set(goals) == {"u3_betreuungsquote_35", "barcelona_u3_45", "barcelona_3bis6_96"}
    # the figures as they stand in the cited documents
    targets = {gid: [(t.indicator_id, t.comparison, t.target) for t in g.targets]
               for gid, g in goals.items()}  # fmt: skip
    assert targets == {
        "u3_betreuungsquote_35": [("inkar_childcare_under3", ">=", 35.0)],
        "barcelona_u3_45": [("inkar_childcare_under3", ">=", 45.0)],
        "barcelona_3bis6_96": [("inkar_childcare_3to6", ">=", 96.0)],
    }
    assert {g.deadline for g in goals.values()} == {"2013-08-01", "2030-12-31"}
    for g in goals.values():
        assert g.status == "beschlossen" and g.public
        assert g.source_url.startswith("https://") and g.source_date < g.deadline
        assert g.areas.kind == "ebene" and (g.areas.level, g.areas.area_system) == (
            "Kreis",
            "de2024",
        )
    assert "C 484" in goals["barcelona_u3_45"].source_title
    # every target indicator is in the catalogue of the demo store
    assert {t[0] for ts in targets.values() for t in ts} <= _catalogue_ids()


def test_demo_measures_are_the_contributed_kitas() -> None:
    files = read_goal_files(FOLDER)
    assert files is not None
    with CONTRIBUTION.open(encoding="utf-8-sig") as f:
        kitas = {r["Kennung"]: r for r in csv.DictReader(f, delimiter=";")}
    measures = {m.measure_id.removeprefix("pfefferwerk_"): m for m in files.measures}
    assert set(measures) == set(kitas) and len(measures) == 18
    goal_ids = {g.goal_id for g in files.goals}
    for kid, m in measures.items():
        row = kitas[kid]
        assert m.responsible == row["Träger"] == "Pfefferwerk Stadtkultur gGmbH"
        assert m.responsible_type == "Träger" and m.public
        assert f"{row['Name']} ({row['Plätze']} Plätze)" in m.title
        assert (m.lon, m.lat) == (
            float(row["Längengrad"].replace(",", ".")),
            float(row["Breitengrad"].replace(",", ".")),
        )
        assert m.areas.ids == (row["Gebiet"], "de2024:11000")
        assert set(m.goals) <= goal_ids
        assert "Kitaliste" in m.source
    assert sum(int(r["Plätze"]) for r in kitas.values()) == 2139
