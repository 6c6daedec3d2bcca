"""The texts Streamlit's widgets draw themselves are German (components/widget_language.py).

Streamlit 1.67 has no option for them; AppTest does not see them (they come from the
browser code), so they are checked here in Chromium.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import Server, Watched, assert_no_exception, wait_rendered

pytestmark = pytest.mark.e2e

ENGLISH = re.compile(
    r"\b(No results|Upload|Browse files|per file|Drag and drop|Clear all|Clear value|"
    r"Select all|Selected values|Selectbox options|Multiselect options|Remove an option)\b"
)


def _aria_labels(page: object) -> list[str]:
    return page.evaluate(  # type: ignore[attr-defined,no-any-return]
        "() => [...document.querySelectorAll('[aria-label], [title]')]"
        ".map(e => (e.getAttribute('aria-label') || '') + ' ' + (e.getAttribute('title') || ''))"
    )


def test_a_search_without_hits_says_keine_treffer(server: Server, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{server.url}/indikatoren")
    wait_rendered(page)
    field = page.locator("[data-testid='stSelectbox'] input").first
    field.click()
    field.fill("zzqxv")
    page.get_by_text("Keine Treffer", exact=True).wait_for(timeout=15_000)
    assert not ENGLISH.search(page.locator("body").inner_text())
    assert not [a for a in _aria_labels(page) if ENGLISH.search(a)]
    field.press("Escape")
    assert_no_exception(watched)


def test_the_slide_import_field_is_german(server: Server, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{server.url}/")
    wait_rendered(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("Folien", exact=True).click()
    uploader = sidebar.locator("[data-testid='stFileUploader']")
    uploader.wait_for(timeout=15_000)
    page.wait_for_function(
        "() => !/Upload|per file/.test("
        "document.querySelector('[data-testid=stFileUploader]').innerText)",
        timeout=15_000,
    )
    text = uploader.inner_text()
    assert "Datei wählen" in text and "höchstens 1 MB je Datei" in text, text
    assert not ENGLISH.search(page.locator("body").inner_text())
    assert not [a for a in _aria_labels(page) if ENGLISH.search(a)]
    assert_no_exception(watched)
