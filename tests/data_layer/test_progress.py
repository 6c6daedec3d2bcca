"""Long builds report their steps with counts on the command line (issue #17 point 6)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from data_layer.build.progress import Progress
from data_layer.build.public_build import write_public


def test_progress_numbers_steps_and_formats_counts() -> None:
    out = io.StringIO()
    p = Progress(3, out=out)
    p.step("Einrichtungen laden", 3412)
    p.step("Karten")
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Schritt 1/3: Einrichtungen laden (3 412 Zeilen) …")
    assert lines[1].startswith("Schritt 2/3: Karten …")


def test_public_build_lists_its_five_steps(
    fixture_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_public(fixture_db, tmp_path / "public.duckdb")
    err = capsys.readouterr().err
    steps = re.findall(r"^Schritt (\d)/5: ([^(…]+?) [(…]", err, flags=re.M)
    assert steps == [
        ("1", "interne Datenbasis lesen"),
        ("2", "Geheimhaltung planen"),
        ("3", "Geheimhaltung prüfen"),
        ("4", "öffentliche Fassung schreiben"),
        ("5", "Datei austauschen"),
    ]
    assert re.search(r"Schritt 2/5: Geheimhaltung planen \(\d[\d ]* Indikatorwerte\)", err)


def test_build_lists_its_steps_with_counts(tmp_path: Path) -> None:
    """``python -m data_layer.build --package …``: numbered steps ending with the file."""
    from data_layer.build.pipeline import main
    from tests.conftest import FIXTURE_PACKAGE

    err = io.StringIO()
    import contextlib

    with contextlib.redirect_stderr(err):
        code = main(
            [
                "--package",
                str(FIXTURE_PACKAGE),
                "--ohne-deutschland",
                "--out",
                str(tmp_path / "s.duckdb"),
            ]
        )
    assert code == 0
    steps = re.findall(r"^Schritt (\d+)/?(\d*): (.+?) (?:\((.+?)\) )?…", err.getvalue(), flags=re.M)
    assert [int(n) for n, *_ in steps] == list(range(1, len(steps) + 1))
    # reading comes before the number of packages is known; then every line has the right total
    assert [total for _, total, *_ in steps] == ["", *[str(len(steps))] * (len(steps) - 1)]
    labels = [label for _, _, label, _ in steps]
    assert labels[0] == "Datenpakete und Beiträge lesen"
    assert labels[1:3] == ["Pakete prüfen", "Paket mitte laden"]
    assert labels[-1] == "Datei schreiben und austauschen"
    assert steps[2][3] == "21 Gebiete"  # the fixture's Prognoseraum, 4 Bezirksregionen, 16 PLR


def test_messages_are_read_without_the_progress_lines() -> None:
    from tests.conftest import without_progress

    err = "Schritt 1: Datenpakete lesen … [0.0 s]\nSchritt 2/9: Pakete prüfen (1 Pakete) … [0.1 s]\nFehler: X\n"
    assert without_progress(err) == "Fehler: X\n"
