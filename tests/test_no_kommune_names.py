"""No page, component or indicator names the demo Kommune (issue #14 point 1).

Berlin is only the demo: its area system, levels, Kommune key, published social index and
indicator ids belong to data (data/, the store) and the build's Berlin adapter. This test greps
every Python file of features/, components/, indicators/ and app.py – code, strings, comments
and docstrings – case-insensitively and lists each hit as file:line.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATTERN = re.compile(r"berlin|lor2021|planungsr(a|ä)um|11000|\bmss\b|mss_|share_u6", re.IGNORECASE)


def _files() -> list[Path]:
    files = [ROOT / "app.py"]
    for folder in ("features", "components", "indicators"):
        files += sorted((ROOT / folder).rglob("*.py"))
    return files


def _hits() -> list[str]:
    hits = []
    for path in _files():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if PATTERN.search(line):
                hits.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    return hits


def test_the_files_are_found() -> None:
    files = _files()
    assert all(f.is_file() for f in files)
    assert len(files) > 50


def test_the_pattern_catches_the_demo_names() -> None:
    for text in ("Berlin", "lor2021", "Planungsraum", "Planungsräume", "11000000", "MSS 2021",
                 "mss_s1_unemployed", "share_u6"):  # fmt: skip
        assert PATTERN.search(text), text
    for text in ("kita_places_per_100_u6", "emission", "Gemeinde"):
        assert not PATTERN.search(text), text


def test_no_kommune_names_in_pages_components_indicators() -> None:
    hits = _hits()
    assert not hits, "Kommune-specific names outside data/:\n" + "\n".join(hits)
