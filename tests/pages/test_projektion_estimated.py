"""Issue #14: estimated projection inputs are named in the downloads and at the pyramid.

A Datenpaket with one Stichtag and only coarse age groups (tests/shapes, ``one_date_coarse``:
31.12.2024, under 18, 65 and older, the total) makes the page estimate the single ages and
forgo migration; the Berlin demo publishes fine bands, so its exports claim no such estimate.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from features.projection import cache as dp
from features.projection import sections
from features.projection.context import PageData, load
from features.projection.state import ProjectionView
from tests.conftest import point_app_at
from tests.pages.conftest import open_page
from tests.shapes.stores import build_shape

PAGE = "features/projection/page.py"


@pytest.fixture(scope="module")
def coarse_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_shape("one_date_coarse", tmp_path_factory.mktemp("coarse"))


def _whole_kommune(data: PageData) -> sections.Shown:
    view = ProjectionView(
        kind="pyramide", level=data.default_level, local="", area_id=None,
        place=data.scope.place, display="personen", basemap=False,
        settings=data.middle(2030), control="aus", target=0.0,
    )  # fmt: skip
    return sections.shown(view, data)


def _quelle_sheet(xlsx: bytes) -> str:
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx))["Quelle"]
    return " ".join(str(c.value) for row in sheet.iter_rows() for c in row)


def test_coarse_one_date_exports_say_estimated(
    coarse_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    point_app_at(coarse_store, monkeypatch)
    s = _whole_kommune(load())
    csv = sections.export_csv(s).decode("utf-8-sig")
    footer = csv[csv.index("Quelle:") :]
    assert "geschätzte Eingaben" in footer
    # names the estimated inputs: the coarse bands of 31.12.2024 and the single Stichtag
    assert "nur grobe Altersgruppen (0 bis unter 18, 18 bis unter 65, 65 und älter" in footer
    assert "18 bis unter 65 aus der Gesamtzahl berechnet" in footer
    assert "Nur ein Stichtag: kein Wanderungsmuster" in footer
    quelle = _quelle_sheet(sections.export_xlsx(s))
    assert "geschätzte Eingaben" in quelle
    assert "nur grobe Altersgruppen" in quelle


def test_coarse_pyramid_title_and_caption(
    coarse_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    point_app_at(coarse_store, monkeypatch)
    at = open_page(PAGE, {"ansicht": "pyramide", "ende": "2030"})
    info = " ".join(i.value for i in at.info)
    assert "Geschätzte Eingaben" in info and "nur grobe Altersgruppen" in info
    captions = [c.value for c in at.caption]
    assert any(
        c.startswith("Basisjahr teils geschätzt: die Einzelalter aus groben") for c in captions
    )
    assert sections.pyramid_note() in captions


def test_demo_export_claims_no_estimated_age_groups(demo_env: Path) -> None:
    assert dp.coarse_age_bands() == ""
    s = _whole_kommune(load())
    csv = sections.export_csv(s).decode("utf-8-sig")
    footer = csv[csv.index("Quelle:") :]
    assert "Planungsatlas-Bevölkerungsprognose" in footer
    assert "Altersgruppen:" not in footer
    assert "grobe Altersgruppen" not in footer
    assert "grobe Altersgruppen" not in _quelle_sheet(sections.export_xlsx(s))
    assert sections.pyramid_note() == ""
