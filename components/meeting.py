"""Meeting mode ("Präsentationsmodus"): large type, high contrast, no sidebar, slides by keyboard.

Switched on in the sidebar or by the URL parameter ``praesentation=1`` (validated like every
parameter). Slides ("Folien") are saved views – a title and a permalink – kept in the session;
they can be exported/imported as a small JSON file (:mod:`components.meeting_slides`).
ArrowRight/PageDown and ArrowLeft/PageUp click the "Weiter"/"Zurück" buttons, so the session
(and with it the slide list) survives stepping through the slides.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from components import chart_room, pdf_job, steps
from components import meeting_slides as ms
from components.url_state import (
    base_url,
    choice_param,
    current_params,
    drop_params,
    raw_param,
    set_params,
)
from data_layer.read.db import is_public_mode

PARAM = "praesentation"
ACTIVE = "meet.aktiv"
SLIDES = "meet.folien"
INDEX = "meet.index"
GOTO = "meet.goto"
MESSAGE = "meet.meldung"
#: the first chart or map figure exported by the current run (the view's main picture)
FIGURE = "meet.bild"
#: slide URL → its main figure (remembered when the slide is saved or shown; for the handout)
PICTURES = "meet.bilder"
#: a running walk through the slides that still lack a picture: {"todo", "n", "back"}
COLLECT = "meet.sammeln"
PROJECTOR_FONT = 22
#: tallest chart on a slide (px): below the slide bar, title and key figures at 1280×720
SLIDE_HEIGHT = 470

CSS = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], header[data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], .stAppDeployButton,
[data-testid="stMainMenu"], footer { display: none !important; }
.stApp, .stApp [data-testid="stMain"] { background: #ffffff !important; color: #000000 !important; }
.stApp { font-size: 1.35rem; }
.stApp [data-testid="stMarkdownContainer"] p, .stApp [data-testid="stMarkdownContainer"] li,
.stApp label, .stApp [data-testid="stCaptionContainer"] { font-size: 1.3rem !important;
  color: #000000 !important; }
.stApp h1 { font-size: 3rem !important; } .stApp h2 { font-size: 2.3rem !important; }
.stApp h3 { font-size: 1.9rem !important; }
/* key figures large: the value (and the element Streamlit sizes inside it) 3rem, its label smaller */
.stApp [data-testid="stMetricValue"], .stApp [data-testid="stMetric"] [data-testid="stMetricValue"] p {
  font-size: 3rem !important; line-height: 1.15 !important; color: #000000 !important; }
.stApp [data-testid="stMetricLabel"], .stApp [data-testid="stMetricLabel"] p {
  font-size: 1.3rem !important; }
.stApp h1 { padding: 0.2rem 0 0.3rem 0 !important; }
.stApp a { color: #00347a !important; text-decoration: underline; }
.stApp [data-testid="stMainBlockContainer"] { max-width: 100% !important;
  padding: 1.2rem 2.5rem !important; }
.stApp [data-baseweb="select"] div, .stApp input { font-size: 1.2rem !important; }
.stApp button { border: 2px solid #000000 !important; font-size: 1.2rem !important; }
.stApp [data-testid="stExpander"] details { border: 2px solid #000000 !important; }
/* a slide shows the view, not its controls: widgets of the page are hidden (the slide bar stays) */
[data-testid="stMain"] :is(.stSelectbox, .stMultiSelect, .stRadio, .stSlider, .stSelectSlider,
  .stTextInput, .stNumberInput, .stCheckbox, .stDownloadButton, .stFileUploader,
  [data-testid="stPopover"], [data-testid="stSegmentedControl"], .stButtonGroup,
  .stButton:not(.st-key-meet_prev .stButton, .st-key-meet_next .stButton,
  .st-key-meet_stop .stButton, .st-key-meet_handout .stButton)) { display: none !important; }
/* ... and their containers take no room, nor do the page's lead sentence (the slide bar names
   the slide) and its panels (assumptions, methods, tables: details behind the view) */
[data-testid="stMain"] [data-testid="stElementContainer"]:has(> :is(.stSelectbox,
  .stMultiSelect, .stRadio, .stTextInput, .stNumberInput, .stCheckbox, .stDownloadButton,
  .stFileUploader, .stButtonGroup, [data-testid="stPopover"], div > .stSlider,
  div > .stSelectSlider)),
[data-testid="stMain"] [data-testid="stElementContainer"]:has(h1) + [data-testid="stElementContainer"]:has(> .stMarkdown),
[data-testid="stMain"] [data-testid="stLayoutWrapper"]:has(> [data-testid="stExpander"]),
[data-testid="stMain"] [data-testid="stExpander"] { display: none !important; }
</style>
"""

#: Streamlit's upload field has English texts without a setting ("Upload", "1MB per file");
#: they are replaced by German ones for the only upload field of the app (docs/barrierefreiheit.md)
UPLOADER_CSS = """
<style>
[class*="st-key-meet"] [data-testid="stFileUploaderDropzone"] :is(span, small, button, button *) {
  font-size: 0 !important; }
[class*="st-key-meet"] [data-testid="stFileUploaderDropzoneInstructions"] span::after {
  content: "JSON, bis 1 MB"; font-size: 0.85rem !important; }
[class*="st-key-meet"] [data-testid="stFileUploaderDropzone"] button::after {
  content: "Datei wählen"; font-size: 0.95rem !important; }
</style>
"""

#: On a phone a chart keeps a readable width (620 px) and scrolls sideways inside its box, so
#: its title, legend and source line are not cut off or squeezed (plotly does not wrap them).
SMALL_SCREEN_CSS = """
<style>
@media (max-width: 640px) {
  [data-testid="stElementContainer"]:has(> [data-testid="stPlotlyChart"]) { overflow-x: auto; }
  [data-testid="stFullScreenFrame"]:has([data-testid="stPlotlyChart"]),
  [data-testid="stPlotlyChart"] { min-width: 620px; }
}
</style>
"""

KEYS_JS = """
<script>
(function () {
  if (window.__planungsatlasMeeting) { return; }
  window.__planungsatlasMeeting = true;
  document.addEventListener('keydown', function (e) {
    var t = e.target;
    if (e.altKey || e.ctrlKey || e.metaKey) { return; }
    if (e.defaultPrevented || !t) { return; }
    var typing = t.isContentEditable || /^(TEXTAREA|SELECT)$/.test(t.tagName) ||
      (t.tagName === 'INPUT' && !/^(checkbox|radio|button|submit)$/.test(t.type));
    var role = t.getAttribute && t.getAttribute('role');
    if (typing || /^(slider|combobox|listbox|spinbutton|textbox|tab|radio)$/.test(role || '')) {
      return;
    }
    var sel = null;
    if (e.key === 'ArrowRight' || e.key === 'PageDown') { sel = '.st-key-meet_next button'; }
    if (e.key === 'ArrowLeft' || e.key === 'PageUp') { sel = '.st-key-meet_prev button'; }
    if (!sel) { return; }
    var b = document.querySelector(sel);
    if (!b || b.disabled) { return; }
    e.preventDefault();
    b.click();
  });
})();
</script>
"""


def is_active() -> bool:
    """True while meeting mode is on in this session."""
    return bool(st.session_state.get(ACTIVE, False))


def slides() -> list[ms.Slide]:
    return list(st.session_state.get(SLIDES, []))


def projector_figure(fig: go.Figure) -> go.Figure:
    """A copy of ``fig`` with type large enough for a projector (the original is unchanged)."""
    # a copy of validated parts, not validated again (as ``charts.unchecked_figure``; charts
    # imports this module)
    big = go.Figure(
        {"data": [t.to_plotly_json() for t in fig.data], "layout": fig.layout.to_plotly_json()},
        _validate=False,
    )
    size = big.layout.font.size or 15
    big.update_layout(
        font_size=max(size, PROJECTOR_FONT),
        title_font_size=PROJECTOR_FONT + 6,
        legend_font_size=PROJECTOR_FONT - 2,
    )
    big.update_xaxes(tickfont_size=PROJECTOR_FONT - 2, title_font_size=PROJECTOR_FONT - 2)
    big.update_yaxes(tickfont_size=PROJECTOR_FONT - 2, title_font_size=PROJECTOR_FONT - 2)
    for ann in big.layout.annotations or ():
        ann.font.size = max(ann.font.size or 0, 16)
        if ann.yshift and ann.yshift < 0:  # the source note below the plot: more room
            ann.yshift = ann.yshift * PROJECTOR_FONT / size
    if big.layout.margin.b:
        big.update_layout(margin_b=int(big.layout.margin.b * PROJECTOR_FONT / size * 1.1))
    if big.layout.height:  # grown to SLIDE_HEIGHT at most (fits 1280×720), never shrunk
        height = int(big.layout.height)
        big.update_layout(height=min(int(height * 1.15), max(height, SLIDE_HEIGHT)))
    return chart_room.place_legend(big)  # a legend above the plot: room for the larger type


def _clear_view_state() -> None:
    """Forget widget values so the next page reads its view from the slide's URL."""
    for key in list(st.session_state.keys()):
        if not str(key).startswith("meet"):
            del st.session_state[key]


def _step(delta: int) -> None:
    n = len(slides())
    if not n:
        return
    current = st.session_state.get(INDEX)
    target = 0 if current is None else min(max(int(current) + delta, 0), n - 1)
    if target != current:
        st.session_state[INDEX] = target
        st.session_state[GOTO] = target
        _clear_view_state()


def _go_to(index: int) -> None:
    st.session_state[INDEX] = index
    st.session_state[GOTO] = index
    _clear_view_state()


def _stop() -> None:
    st.session_state[ACTIVE] = False


def start(pages: Mapping[str, Any]) -> None:
    """Call in the app shell after ``st.navigation`` and before the page runs.

    ``pages`` maps each ``url_path`` to its ``st.Page``. Reads the URL parameter once,
    performs a pending slide jump, keeps ``praesentation=1`` in the URL and, when active,
    styles the app for the projector and shows the slide bar.
    """
    if ACTIVE not in st.session_state:
        st.session_state[ACTIVE] = choice_param(PARAM, ["0", "1"], "0") == "1"
    _restore_slides(pages)
    st.session_state.pop(FIGURE, None)  # callbacks of this run have read the previous run's
    pending = st.session_state.pop(GOTO, None)
    deck = slides()
    if pending is not None and 0 <= int(pending) < len(deck):
        slide = deck[int(pending)]
        params = dict(slide.params)
        if is_active():
            params[PARAM] = "1"
        params[ms.PARAM] = ms.to_param(deck)
        st.switch_page(pages[slide.page], query_params=params)
    set_params(**{ms.PARAM: ms.to_param(deck) or None})
    with st.sidebar:
        st.html(SMALL_SCREEN_CSS)
    if is_active():
        set_params(**{PARAM: "1"})
        with st.sidebar:
            st.html(CSS + KEYS_JS, unsafe_allow_javascript=True)
        _slide_bar(deck)
    else:
        drop_params(PARAM)


def _restore_slides(pages: Mapping[str, Any]) -> None:
    """After a reload (new session) the slides come back from the URL parameter ``folien``."""
    if SLIDES in st.session_state:
        return
    raw = raw_param(ms.PARAM)
    if not raw:
        return
    try:
        st.session_state[SLIDES] = ms.from_param(raw, list(pages))
    except ValueError as err:
        st.session_state[MESSAGE] = str(err)
        drop_params(ms.PARAM)


def _slide_bar(deck: list[ms.Slide]) -> None:
    index = st.session_state.get(INDEX)
    c1, c2, c3, c4 = st.columns([1.2, 4, 1.2, 2], vertical_alignment="center")
    c1.button("◀ Zurück", key="meet_prev", on_click=_step, args=(-1,), disabled=not deck)
    if not deck:
        label = "Präsentationsmodus – noch keine Folien gespeichert (Seitenleiste: „Folien“)."
    elif index is None:
        label = f"{len(deck)} Folien – mit → oder „Weiter“ beginnen."
    else:
        label = f"Folie {int(index) + 1} von {len(deck)}: {deck[int(index)].title}"
    c2.markdown(f"**{label}**")
    c3.button("Weiter ▶", key="meet_next", on_click=_step, args=(1,), disabled=not deck)
    c4.button("Präsentation beenden", key="meet_stop", on_click=_stop, width="stretch")


# --------------------------------------------------------------------------- sidebar


def remember_figure(fig: go.Figure) -> None:
    """Note the first chart or map of this run as the picture of the view (no rendering).

    Called by every chart and map export menu. Saving the view as a slide keeps it; while a
    slide is shown, it becomes that slide's picture in the handout.
    """
    if FIGURE in st.session_state:
        return
    st.session_state[FIGURE] = fig
    index = st.session_state.get(INDEX)
    deck = slides()
    shown = is_active() or COLLECT in st.session_state
    if shown and index is not None and 0 <= int(index) < len(deck):
        pictures = dict(st.session_state.get(PICTURES, {}))
        pictures[deck[int(index)].url] = fig
        st.session_state[PICTURES] = pictures


def _add_current(page: str, pages: list[str]) -> None:
    title = str(st.session_state.get("meet.titel", "")).strip()
    params = current_params()
    try:
        slide = ms.make_slide(title or page, page, params, pages)
    except ValueError as err:
        st.session_state[MESSAGE] = str(err)
        return
    deck = slides()
    if len(deck) >= ms.MAX_SLIDES:
        st.session_state[MESSAGE] = f"Höchstens {ms.MAX_SLIDES} Folien."
        return
    st.session_state[SLIDES] = [*deck, slide]
    if st.session_state.get(FIGURE) is not None:
        pictures = dict(st.session_state.get(PICTURES, {}))
        pictures[slide.url] = st.session_state[FIGURE]
        st.session_state[PICTURES] = pictures
    st.session_state["meet.titel"] = ""
    st.session_state[MESSAGE] = f"Folie {len(deck) + 1} gespeichert: {slide.title}"


def _remove(index: int) -> None:
    deck = slides()
    if 0 <= index < len(deck):
        del deck[index]
        st.session_state[SLIDES] = deck
        st.session_state[INDEX] = None


def missing_pictures() -> list[int]:
    """Indices of the slides without a picture for the handout (e.g. restored after a reload)."""
    pictures = st.session_state.get(PICTURES, {})
    return [n for n, slide in enumerate(slides()) if slide.url not in pictures]


def _collect(page: str) -> None:
    """Start the walk: every slide without a picture is shown once, then back to this view."""
    todo = missing_pictures()
    if not todo:
        return
    back = {"page": page, "params": current_params(), "index": st.session_state.get(INDEX)}
    st.session_state[COLLECT] = {"todo": todo, "n": len(todo), "back": back}
    _go_to(todo[0])


def _cancel_collect() -> None:
    st.session_state.pop(COLLECT, None)


def after_page(pages: Mapping[str, Any]) -> None:
    """Call in the app shell after the page ran: during a walk, go on to the next slide
    without a picture, and after the last one back to the view the walk started from."""
    job = st.session_state.get(COLLECT)
    if not job:
        return
    todo = list(job["todo"])
    if todo and st.session_state.get(INDEX) == todo[0]:
        todo.pop(0)  # shown: its first chart or map is now its picture (remember_figure)
    if todo:
        st.session_state[COLLECT] = {**job, "todo": todo}
        _go_to(todo[0])
        st.rerun()
    del st.session_state[COLLECT]
    back = job["back"]
    st.session_state[INDEX] = back["index"]
    missing = len(missing_pictures())
    st.session_state[MESSAGE] = (
        f"Bilder von {job['n'] - missing} Folien aufgenommen – das Handout ist bereit."
        + (f" {missing} Folien zeigen keine Grafik oder Karte." if missing else "")
    )
    _clear_view_state()
    params = {**back["params"], ms.PARAM: ms.to_param(slides())}
    if back["page"] in pages:
        st.switch_page(pages[back["page"]], query_params=params)


def _import(pages: list[str]) -> None:
    upload = st.session_state.get("meet.import")
    if upload is None:
        return
    try:
        deck = ms.from_json(upload.getvalue(), pages)
    except ValueError as err:
        st.session_state[MESSAGE] = f"Import nicht möglich: {err}"
        return
    st.session_state[SLIDES] = deck
    st.session_state[INDEX] = None
    st.session_state[MESSAGE] = f"{len(deck)} Folien geladen."


def sidebar_controls(page: str, pages: list[str]) -> None:
    """Switch and slide list in the sidebar (``page`` = url_path of the current page)."""
    st.toggle(
        "Präsentationsmodus",
        key=ACTIVE,
        help="Große Schrift, hoher Kontrast, ohne Seitenleiste. Folien mit den Pfeiltasten "
        "← → (oder Bild auf/ab) weiterschalten. Auch als Link: ?praesentation=1",
    )
    deck = slides()
    with st.expander("Folien"):
        st.caption(f"{len(deck)} Folien gespeichert. Jede Folie ist ein Link auf eine Ansicht.")
        st.text_input("Titel der Folie", key="meet.titel", max_chars=ms.MAX_TITLE)
        st.button(
            "Aktuelle Ansicht als Folie speichern",
            key="meet_add",
            on_click=_add_current,
            args=(page, pages),
            width="stretch",
        )
        message = st.session_state.pop(MESSAGE, None)
        if message:
            st.caption(message)
        for n, slide in enumerate(deck):
            a, b, c = st.columns([5, 1, 1], vertical_alignment="center")
            a.markdown(f"{n + 1}. {slide.title}", help=slide.url)
            b.button("▶", key=f"meet_show_{n}", on_click=_go_to, args=(n,), help="Zeigen")
            c.button("✕", key=f"meet_del_{n}", on_click=_remove, args=(n,), help="Entfernen")
        st.download_button(
            "Folien exportieren (JSON)",
            ms.to_json(deck),
            file_name="planungsatlas_folien.json",
            mime="application/json",
            key="meet_export",
            disabled=not deck,
            on_click="ignore",
            width="stretch",
        )
        job = st.session_state.get(COLLECT)
        if job:
            done = job["n"] - len(job["todo"])
            st.progress(done / max(job["n"], 1), text=f"Bilder der Folien: {done} von {job['n']}")
            st.button("Aufnahme abbrechen", key="meet_collect_stop", on_click=_cancel_collect)
        elif deck and missing_pictures():
            st.button(
                f"Bilder für das Handout aufnehmen ({len(missing_pictures())} Folien)",
                key="meet_collect",
                on_click=_collect,
                args=(page,),
                width="stretch",
                help="Zeigt jede Folie ohne Bild einmal kurz und kehrt dann hierher zurück, "
                "z. B. nach dem Neuladen der Seite.",
            )
        if deck:
            pictures = st.session_state.get(PICTURES, {})
            pdf_job.pdf_download(
                "Handout aller Folien (PDF)",
                lambda: handout_pdf(deck, base_url(), pictures),
                "planungsatlas_folien.pdf",
                "meet_handout",
                identity=f"{ms.to_param(deck)}|{sorted(pictures)}",
                help="Eine Seite je Folie mit Titel, Grafik oder Karte, Quelle, Stand, "
                "Datenversion und Link zur Ansicht. Das Bild einer Folie entsteht beim Speichern "
                "oder Zeigen (nach dem Neuladen: „Bilder für das Handout aufnehmen“).",
            )
        st.caption("Die Folien stehen auch im Link dieser Seite (Parameter „folien“).")
        if not is_public_mode():  # no uploads at all on the public server
            st.html(UPLOADER_CSS)
            st.file_uploader(
                "Folien importieren (JSON)",
                type=["json"],
                key="meet.import",
                on_change=_import,
                args=(pages,),
                max_upload_size=1,
            )


def _picture(fig: go.Figure | None) -> tuple[bytes | None, str]:
    """PNG and source line of a slide's figure (``None`` when it cannot be drawn here)."""
    from components import image_export

    if fig is None:
        return None, ""
    try:
        return image_export.png_bytes(fig, scale=1.5), image_export.source_text(fig)
    except Exception:  # noqa: BLE001 - no browser for kaleido: the handout keeps its text
        return None, image_export.source_text(fig)


def handout_pdf(
    deck: list[ms.Slide], base_url: str = "", pictures: Mapping[str, go.Figure] | None = None
) -> bytes:
    """A printable handout: per slide its title, picture, source, Stand, version and link.

    ``pictures`` maps a slide's URL to its main chart or map (:func:`remember_figure`); a slide
    without one (e.g. restored from a link and not shown yet) says so instead of a picture.
    """
    from components import cache as data
    from components import pdf
    from components.layout import data_stamp

    stamp = data_stamp()
    sections = []
    for n, slide in enumerate(deck, start=1):
        steps.step(f"Folie {n} von {len(deck)}: {slide.title}")
        png, source = _picture((pictures or {}).get(slide.url))
        if not source:
            source = "Quelle und Stand: siehe Ansicht und „Quellen“ am Ende · " + stamp
        elif stamp not in source:
            source = f"{source} · {stamp}"
        lines = [f"Ansicht öffnen: {base_url}{slide.url}", source]
        if png is None:
            lines.append(
                "Kein Bild gespeichert: in der Seitenleiste unter „Folien“ die Bilder "
                "aufnehmen (oder die Folie einmal zeigen), dann das Handout erneut herunterladen."
            )
        sections.append(
            pdf.Section(
                f"Folie {n}: {slide.title}",
                "\n".join(lines),
                image_png=png,
                new_page=n > 1,
            )
        )
    return pdf.render(
        pdf.Document(
            title="Planungsatlas – Folien",
            subtitle=f"{len(deck)} Folien · {stamp}",
            sections=tuple(sections),
            footer=f"Planungsatlas · {stamp}",
            sources=tuple(data.attribution_lines()),
            permalink=f"{base_url}/?{ms.PARAM}={ms.to_param(deck)}" if deck else "",
        )
    )
