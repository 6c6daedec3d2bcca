"""Saved views ("Folien") for meeting mode: a title and a shared URL, stored as a small JSON file.

Pure functions, no Streamlit import. An imported file is untrusted: its size, the number of
slides, titles, page names and URL parameters are checked; the pages validate the parameter
values again when a slide is shown (allow-lists in ``components.url_state``).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import unicodedata
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

FORMAT = "planungsatlas-folien"
VERSION = 1
MAX_FILE_BYTES = 200_000
MAX_SLIDES = 60
MAX_TITLE = 120
MAX_PARAMS = 30
MAX_VALUE = 800  # comma lists (several areas) may be longer than one plain parameter
#: parameters the meeting itself controls, never stored in a slide
RESERVED = frozenset({"praesentation", "folien"})
#: URL parameter holding the slide list (compressed, base64url), so slides survive a reload
PARAM = "folien"
MAX_PARAM_CHARS = 6000
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,29}$")
_VALUE = re.compile(r"^[\w .,:;()/+\-äöüÄÖÜß]*$")


@dataclass(frozen=True)
class Slide:
    """One saved view: ``title`` and the page's ``url_path`` with its URL parameters."""

    title: str
    page: str
    params: tuple[tuple[str, str], ...] = ()

    @property
    def url(self) -> str:
        """Relative permalink, e.g. ``/sozialraeume?ebene=Bezirk``."""
        query = urlencode(list(self.params))
        return f"/{self.page}?{query}" if query else f"/{self.page}"


def clean_title(text: str) -> str:
    """Printable, single-line, at most :data:`MAX_TITLE` characters.

    >>> clean_title("  Kitas\\n in Mitte\\x00 ")
    'Kitas in Mitte'
    """
    plain = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in str(text))
    return " ".join(plain.split())[:MAX_TITLE]


def clean_params(params: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Keep well-formed parameters only (reserved, malformed or overlong ones are dropped).

    >>> clean_params([("ebene", "Bezirk"), ("praesentation", "1"), ("x", "1' OR '1")])
    (('ebene', 'Bezirk'),)
    """
    out: dict[str, str] = {}
    for key, value in params:
        key, value = str(key), str(value)
        if key in RESERVED or not _KEY.match(key):
            continue
        if len(value) > MAX_VALUE or not _VALUE.match(value):
            continue
        out[key] = value
        if len(out) >= MAX_PARAMS:
            break
    return tuple(out.items())


def make_slide(title: str, page: str, params: Mapping[str, str], pages: Iterable[str]) -> Slide:
    """A validated slide for a known page; raises ``ValueError`` otherwise."""
    if page not in set(pages):
        raise ValueError(f"Unbekannte Seite „{page[:40]}“.")
    return Slide(clean_title(title) or page, page, clean_params(params.items()))


def slide_from_url(title: str, url: str, pages: Iterable[str]) -> Slide:
    """A slide from a (relative or absolute) shared URL of the app."""
    parts = urlsplit(str(url))
    page = parts.path.strip("/").split("/")[-1] if parts.path.strip("/") else ""
    known = list(pages)
    if page == "" and known:
        page = known[0]
    return make_slide(title, page, dict(parse_qsl(parts.query)), known)


def to_json(slides: Iterable[Slide]) -> bytes:
    """The file a planner takes to the meeting (UTF-8 JSON, readable)."""
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "folien": [{"titel": s.title, "url": s.url} for s in slides],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


def from_json(raw: bytes, pages: Iterable[str]) -> list[Slide]:
    """Slides from an exported file; raises ``ValueError`` with a German message if unusable."""
    if len(raw) > MAX_FILE_BYTES:
        raise ValueError("Die Datei ist zu groß für eine Folienliste.")
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ValueError("Die Datei ist keine Folienliste des Planungsatlas (kein JSON).") from err
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueError("Die Datei ist keine Folienliste des Planungsatlas.")
    items = doc.get("folien")
    if not isinstance(items, list):
        raise ValueError("Die Folienliste fehlt in der Datei.")
    if len(items) > MAX_SLIDES:
        raise ValueError(f"Höchstens {MAX_SLIDES} Folien je Datei.")
    known = list(pages)
    slides = []
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("url"), str):
            raise ValueError(f"Folie {n} hat keinen Link.")
        try:
            slides.append(slide_from_url(str(item.get("titel", "")), item["url"], known))
        except ValueError as err:
            raise ValueError(f"Folie {n}: {err}") from err
    return slides


def to_param(slides: Iterable[Slide]) -> str:
    """The slide list as one compact URL value (zlib + base64url; empty for no slides).

    >>> deck = [Slide("Kitas", "bedarf", (("ebene", "Bezirk"),))]
    >>> [s.url for s in from_param(to_param(deck), ["bedarf"])]
    ['/bedarf?ebene=Bezirk']
    """
    items = [[s.title, s.url] for s in slides]
    if not items:
        return ""
    raw = json.dumps(items, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")


def from_param(text: str, pages: Iterable[str]) -> list[Slide]:
    """Slides from :func:`to_param`'s value; ``ValueError`` (German) when it is not usable."""
    if len(text) > MAX_PARAM_CHARS or not re.fullmatch(r"[A-Za-z0-9_\-]*", text):
        raise ValueError("Die Folienliste im Link ist ungültig.")
    try:
        packed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        unpack = zlib.decompressobj()
        raw = unpack.decompress(packed, MAX_FILE_BYTES)
        if unpack.unconsumed_tail:
            raise ValueError("Die Folienliste im Link ist zu groß.")
        items = json.loads(raw.decode("utf-8"))
    except (binascii.Error, zlib.error, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ValueError("Die Folienliste im Link ist ungültig.") from err
    if not isinstance(items, list) or not all(
        isinstance(i, list) and len(i) == 2 and all(isinstance(v, str) for v in i) for i in items
    ):
        raise ValueError("Die Folienliste im Link ist ungültig.")
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "folien": [{"titel": t, "url": u} for t, u in items],
    }
    return from_json(json.dumps(doc).encode("utf-8"), pages)
