"""Build the store of one Datenpaket shape (tests/shapes/make_packages.py), as a Kommune does.

``python -m data_layer.build --package DIR --out FILE --parameters DIR --ohne-deutschland`` in a
subprocess. The parameters are a copy of ``data/parameters`` with only the projection ``scope``
pointed at the package (docs/datenpaket.md, "Bevölkerungsprognose für die eigene Kommune").
Used by the AppTest harness (tests/shapes) and the browser test (tests/e2e/test_shape_pages.py).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import ROOT
from tests.shapes.make_packages import SHAPES


def _parameters(folder: Path, package: Path, level: str, place: str) -> Path:
    """A copy of data/parameters whose projection scope is the package's area system."""
    shutil.copytree(ROOT / "data" / "parameters", folder)
    manifest = yaml.safe_load((package / "paket.yaml").read_text(encoding="utf-8"))
    population = next(s for s in manifest["sources"] if s["file"] == "population.csv")
    path = folder / "projection.yaml"
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    content["scope"] = {
        "area_system": manifest["system_code"],
        "level": level,
        "place": place,
        "population_source": population["publisher"],
        "backtests": [],
    }
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    return folder


def build_shape(shape: str, root: Path) -> Path:
    """Write the package of ``shape`` below ``root`` and build its store; returns the store."""
    write, level, place = SHAPES[shape]
    package = write(root / "packages")
    params = _parameters(root / "parameters" / shape, package, level, place)
    out = root / f"{shape}.duckdb"
    cmd = [sys.executable, "-m", "data_layer.build", "--package", str(package)]
    cmd += ["--out", str(out), "--parameters", str(params)]
    # the shapes are the Kommune's own data alone (the Germany-wide base adds ~7 s per
    # build; a store with it: tests/data_layer/test_germany_base.py)
    cmd += ["--ohne-deutschland"]
    run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    assert run.returncode == 0, f"Build of shape {shape!r} failed:\n{run.stderr}"
    return out
