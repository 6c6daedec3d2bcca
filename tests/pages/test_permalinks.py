"""Every link form the README and the docs document opens the view it names.

The links are read from the README's table "Links teilen" and from the example links in
``docs/`` (so documentation and test cannot drift apart). Each is opened like a visitor would
(AppTest on the demo store): the page must show its own heading, no error and no note about
invalid link values, and the view it writes back into the address bar must carry every value
of the link unchanged – the same view, shareable again.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
DEMO_DB = ROOT / "data" / "planungsatlas.duckdb"

#: URL path → (page file, heading of the page)
PAGES = {
    "": ("features/start/page.py", "Planungsatlas"),
    "sozialraeume": ("features/areas/page.py", "Sozialräume vergleichen"),
    "bedarf_angebot": ("features/demand_supply/page.py", "Bedarf und Angebot"),
    "benchmarking": ("features/benchmarking/page.py", "Kommunen vergleichen"),
    "projektion": ("features/projection/page.py", "Bevölkerungsprognose"),
    "indikatoren": ("features/catalogue/page.py", "Indikatorenkatalog"),
    "ziele": ("features/goals/page.py", "Ziele und Maßnahmen"),
}
_LINK = re.compile(r"`(/[a-z_]*\?[^`\s]+)`")
_DOC_LINK = re.compile(
    r"`((?:sozialraeume|bedarf_angebot|benchmarking|projektion|indikatoren|ziele)\?[^`\s]+)`"
)


def readme_links() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Links teilen", 1)[1].split("\n## ", 1)[0]
    return _LINK.findall(section)


def docs_links() -> list[str]:
    found: list[str] = []
    for doc in sorted((ROOT / "docs").glob("*.md")):
        found += ["/" + link for link in _DOC_LINK.findall(doc.read_text(encoding="utf-8"))]
    return found


LINKS = list(dict.fromkeys(readme_links() + docs_links()))


def test_the_documented_links_are_found() -> None:
    # the README table has links for every page; a renamed section would silently test nothing
    assert len(readme_links()) >= 15
    assert {urlsplit(link).path.strip("/") for link in LINKS} == set(PAGES)


@pytest.mark.slow
@pytest.mark.parametrize("link", LINKS)
def test_a_documented_link_opens_its_view(link: str, demo_env: Path) -> None:
    parts = urlsplit(link)
    page, heading = PAGES[parts.path.strip("/")]
    params = dict(parse_qsl(parts.query, keep_blank_values=True))
    at = AppTest.from_file(APP, default_timeout=120)
    if page != PAGES[""][0]:
        at.run()  # st.navigation registers the pages' url paths on the first run
        at.switch_page(page)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    notes = " ".join(str(i.value) for i in [*at.info, *at.warning])
    assert "ungültige Angaben" not in notes and "nicht alles übernommen" not in notes, notes
    titles = [str(t.value) for t in at.title]
    assert heading in titles, titles
    shown = {key: str(at.query_params[key]) for key in at.query_params}
    assert {key: shown.get(key) for key in params} == params
