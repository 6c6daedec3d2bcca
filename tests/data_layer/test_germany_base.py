"""A Kommune's store = its own package + the Germany-wide base (``--package`` without
``--ohne-deutschland``): one real shape (Landkreis Fulda, tests/shapes) built the way a Kommune
does, naming itself by its Kreis key 06631 in paket.yaml."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import yaml

from data_layer.build.pipeline import main
from data_layer.read.home import home
from data_layer.read.readiness import BENCH, readiness, store_contents
from tests.shapes.make_packages import landkreis

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fulda(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """(store, what the build printed) of Landkreis Fulda with the Germany-wide base."""
    import contextlib
    import io

    tmp_path = tmp_path_factory.mktemp("fulda")
    package = landkreis(tmp_path / "pakete")
    manifest = yaml.safe_load((package / "paket.yaml").read_text(encoding="utf-8"))
    manifest |= {"kommune": "06631", "place": "Landkreis Fulda"}
    (package / "paket.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), "utf-8")
    out = tmp_path / "fulda.duckdb"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert main(["--package", str(package), "--out", str(out)]) == 0
    return out, printed.getvalue()


def test_landkreis_with_the_germany_base(fulda: tuple[Path, str]) -> None:
    out, printed = fulda
    assert "Kommunen vergleichen" in printed
    c = duckdb.connect(str(out), read_only=True)
    try:
        systems = {r[0] for r in c.execute("SELECT system_code FROM area_systems").fetchall()}
        h = home(c)
        bench = {r.page: r for r in readiness(store_contents(c))}[BENCH]
    finally:
        c.close()
    assert systems == {"lkfulda", "de2024"}  # the package and the Germany-wide base
    assert (h.system_code, h.place, h.levels) == (
        "lkfulda",
        "Landkreis Fulda",
        ("Kreis", "Gemeinde"),
    )
    assert (h.kommune_ags, h.kommune_area_id) == ("06631", "de2024:06631")
    assert bench.status != "fehlt" and not bench.partly_missing


@pytest.mark.parametrize(
    ("part", "shown"),
    [("lage", "plotly_chart"), ("entwicklung", "plotly_chart"), ("karte", "deck_gl_json_chart")],
)
def test_every_part_of_kommunen_vergleichen_on_the_landkreis(
    fulda: tuple[Path, str],
    part: str,
    shown: str,
    monkeypatch: pytest.MonkeyPatch,
    fresh_streamlit_caches: None,
) -> None:
    """ "Kommunen vergleichen" on a store that is not the demo: each tab (link ``teil``) draws
    its own part for Landkreis Fulda and its peer Kreise, and nothing of the other tabs."""
    from tests.conftest import point_app_at
    from tests.pages.conftest import open_page

    point_app_at(fulda[0], monkeypatch)
    at = open_page("features/benchmarking/page.py", {"teil": part})
    subheaders = [h.value for h in at.subheader]
    assert (at.query_params["teil"], at.query_params["ags"]) == (part, "06631")
    assert len(at.get(shown)) >= 1
    other = "deck_gl_json_chart" if shown == "plotly_chart" else "plotly_chart"
    assert not at.get(other)
    heading = {
        "lage": "Wo steht Fulda?",  # the Kreis by its name in the Germany-wide base
        "entwicklung": "Zeitreihe mit Vergleichsgruppe",
        "karte": "Karte",
    }[part]
    assert heading in subheaders
    assert not at.error, [e.value for e in at.error]
