"""Issue #14 point 3: a Kommune's parameters without ``scope`` project the Kommune's own areas.

Two Datenpaket shapes (tests/shapes/make_packages.py) are built the way a Kommune does it, with a
copy of ``data/parameters`` whose ``projection.yaml`` has no ``scope`` block (and, for Flensburg,
no ``net_migration_volume`` block either). The projection must take the store's home (area
system, start level, place name), never the demo's, and the readiness report must let the
Bevölkerungsprognose run. The demo's own scope stays data in data/parameters/projection.yaml.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest
import yaml
from streamlit.testing.v1 import AppTest

from data_layer.read import projection_inputs as pdx
from data_layer.read import projection_volume as pvol
from data_layer.read.common import population_periods
from data_layer.read.home import home
from data_layer.read.projection_scope import projection_scope
from data_layer.read.readiness import PROJECTION, readiness, store_contents
from tests.conftest import DEMO_DB, ROOT, point_app_at
from tests.shapes.make_packages import SHAPES

pytestmark = pytest.mark.slow

#: shape → the blocks removed from the copied projection.yaml
DROPPED = {
    "flensburg": ("scope", "net_migration_volume"),
    "one_date_coarse": ("scope",),
}


@pytest.fixture(scope="module")
def demo() -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect(str(DEMO_DB), read_only=True) as conn:
        yield conn


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """``store(shape)``: the shape's store built with parameters lacking the blocks of DROPPED."""
    root = tmp_path_factory.mktemp("scope_home")
    built: dict[str, Path] = {}

    def build(shape: str) -> Path:
        if shape in built:
            return built[shape]
        package = SHAPES[shape][0](root / "packages")
        params = root / "parameters" / shape
        shutil.copytree(ROOT / "data" / "parameters", params)
        path = params / "projection.yaml"
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        for block in DROPPED[shape]:
            del content[block]
        path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
        out = root / f"{shape}.duckdb"
        cmd = [sys.executable, "-m", "data_layer.build", "--package", str(package)]
        cmd += ["--out", str(out), "--parameters", str(params), "--ohne-deutschland"]
        run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
        assert run.returncode == 0, run.stderr
        built[shape] = out
        return out

    return build


@pytest.mark.parametrize(
    ("shape", "system", "level", "place"),
    [
        ("flensburg", "flensburg", "Stadtteil", "Flensburg"),
        ("one_date_coarse", "reinickendorf", "Planungsraum", "Reinickendorf"),
    ],
)
def test_scope_comes_from_the_home(
    shape: str, system: str, level: str, place: str, store: Callable[[str], Path]
) -> None:
    with duckdb.connect(str(store(shape)), read_only=True) as conn:
        params = pdx.projection_parameters(conn)
        assert "scope" not in params
        sc = projection_scope(params, home(conn))
        assert (sc.area_system, sc.level, sc.place) == (system, level, place)
        assert sc.backtests == ()
        assert sc.area_system != "lor2021" and sc.place != "Berlin"
        report = {r.page: r for r in readiness(store_contents(conn))}[PROJECTION]
    assert report.status in ("läuft", "läuft mit Schätzungen"), report.text
    assert "scope" not in report.text


def test_without_volume_block_the_volume_is_estimated_not_the_demos(
    store: Callable[[str], Path],
) -> None:
    with duckdb.connect(str(store("flensburg")), read_only=True) as conn:
        params = pvol.with_volume_block(pdx.projection_parameters(conn))
        block = params["net_migration_volume"]
        assert block.get("estimated") is True and "observed" not in block
        assert params["variants"]["middle"]["migration_volume"] == "middle"
        sc = projection_scope(params, home(conn))
        periods = [p for p in population_periods(conn, sc.area_system) if "-12-31" in p]
        base, start = periods[-1], periods[0]
        rates = pdx.base_rates(conn, pdx.kommune_parameters(conn, params, sc.area_system))
        vol = pvol.volume_assumption(conn, params, sc.area_system, sc.level, base, start, rates)
    assert vol.basis.startswith("geschätzt: kein gemeldeter Wanderungssaldo hinterlegt")
    assert vol.low == vol.middle == vol.high
    assert vol.middle not in (16241.0, 23231.0, 27107.0, 84584.0)  # none of the demo's years


def test_the_page_names_the_kommune_and_says_the_volume_is_estimated(
    store: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    point_app_at(store("flensburg"), monkeypatch)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    at.switch_page("features/projection/page.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = " ".join(
        str(e.value) for kind in ("title", "markdown", "caption", "info") for e in at.get(kind)
    )
    assert "Flensburg" in shown
    assert "Berlin" not in shown
    assert "Wanderungssaldo: geschätzt" in shown


def test_demo_scope_is_data_and_unchanged(demo: duckdb.DuckDBPyConnection) -> None:
    stored = yaml.safe_load((ROOT / "data/parameters/projection.yaml").read_text(encoding="utf-8"))
    assert stored["scope"]["area_system"] == "lor2021"
    sc = projection_scope(pdx.projection_parameters(demo), home(demo))
    assert (sc.area_system, sc.level, sc.place) == ("lor2021", "Planungsraum", "Berlin")
    assert sc.population_source == "Einwohnerregister AfS Berlin-Brandenburg"
    assert [(b.area_system, b.base, b.end) for b in sc.backtests] == [
        ("lor2021", "2021-12-31", "2024-12-31"),
        ("lor2006", "2015-12-31", "2020-12-31"),
    ]
