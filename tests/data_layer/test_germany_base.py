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


def test_landkreis_with_the_germany_base(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = landkreis(tmp_path / "pakete")
    manifest = yaml.safe_load((package / "paket.yaml").read_text(encoding="utf-8"))
    manifest |= {"kommune": "06631", "place": "Landkreis Fulda"}
    (package / "paket.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), "utf-8")
    out = tmp_path / "fulda.duckdb"
    assert main(["--package", str(package), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
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
