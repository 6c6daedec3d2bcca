"""Kommunen vergleichen (#15 point 6): a name that is not unique carries its type or Kreis
wherever it is listed (picker, title, tables)."""

from __future__ import annotations

from pathlib import Path

from tests.pages.conftest import open_page

PAGE = "features/benchmarking/page.py"


def test_the_two_osnabrueck_kreise_are_told_apart(demo_env: Path) -> None:
    stadt = open_page(PAGE, {"ebene": "Kreis", "ags": "03404", "gruppe": "land"})
    land = open_page(PAGE, {"ebene": "Kreis", "ags": "03459", "gruppe": "land"})
    assert "Wo steht Osnabrück (kreisfreie Stadt)?" in [s.value for s in stadt.subheader]
    assert "Wo steht Osnabrück (Landkreis)?" in [s.value for s in land.subheader]
    # the Landkreis's peer group (same Land) lists the Stadt under its unique name
    members = next(d.value for d in land.dataframe if "Größenklasse" in d.value.columns)
    assert "Osnabrück (kreisfreie Stadt)" in set(members["Kommune"])
    assert "Osnabrück" not in set(members["Kommune"])
    # the picker
    land.text_input(key="bench.suche").input("Osnabrück").run()
    box = land.selectbox(key="bench.treffer")
    labels = (
        {box.format_func(o) for o in box.options}
        if callable(getattr(box, "format_func", None))
        else set(box.options)
    )
    assert any("Kreisfreie Stadt" in t for t in labels), labels
    assert any("Landkreis" in t for t in labels), labels


def test_change_chart_and_table_use_the_names_shown_everywhere_else(
    demo_env: Path, export_spy: dict
) -> None:
    """Not the store's "Berlin, Stadt" in the change chart while the title says "Berlin"."""
    at = open_page(PAGE, {"ebene": "Kreis", "ags": "11000", "teil": "entwicklung"})
    table = next(df.value for df in at.dataframe if "Rolle" in df.value.columns)
    own = table[table["Rolle"] == "eigene Kommune"]["Kommune"].tolist()
    assert own == ["Berlin"]
    fig, _ = export_spy["bench.fig_change"]
    labels = {str(v) for t in fig.data for v in (t.y if t.y is not None else ())}
    assert "Berlin (eigene)" in labels and not any(", Stadt" in v for v in labels), labels


def test_a_gemeinde_population_names_its_own_source_not_the_city_statistics(
    demo_env: Path, export_spy: dict
) -> None:
    """pop_total is derived for Planungsräume and Gemeinden alike; Lingen's chart names
    Destatis only, Sozialräume's chart the Berlin office only."""
    at = open_page(
        PAGE,
        {"ebene": "Gemeinde", "ags": "03454032", "indikator": "pop_total", "teil": "entwicklung"},
    )
    fig, _ = export_spy["bench.fig_series"]
    note = " ".join(str(a.text) for a in fig.layout.annotations)
    assert "Bevölkerungsdaten: Destatis" in note
    assert "Berlin" not in note and "LOR" not in note, note
    export_spy.clear()
    at = open_page("features/areas/page.py", {"indikator": "pop_total", "ebene": "Bezirk"})
    notes = [
        " ".join(str(a.text) for a in fig.layout.annotations) for fig, _ in export_spy.values()
    ]
    assert notes and all("Destatis" not in n for n in notes), notes
    assert any("Amt für Statistik Berlin-Brandenburg" in n for n in notes)
    assert not at.exception
