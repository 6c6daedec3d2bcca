"""View state in the URL (permalinks) and widget state seeded from it – the only place for both.

Every page follows one pattern:

1. Its widget keys come from a :class:`StateKeys` prefix (``KEYS = StateKeys("soz")``,
   ``KEYS("system")`` → ``"soz.system"``); a prefix belongs to one module, a second
   registration fails at import, so two pages can never share a key by accident.
2. Before a widget is drawn, its value is *seeded* once per session from the URL
   (:func:`seed`, :func:`seed_choice`, :func:`seed_list`), validated against an allow-list
   by :func:`choice_param`, :func:`text_param`, :func:`list_param` or :func:`number_param`.
   The widget is then created with ``key`` only and owns its state.
3. After the page is drawn, :func:`set_params` writes the view back into the URL.

A bad value (unknown, overlong, malformed) never reaches the data layer: it falls back to the
default and is remembered by :func:`note`; :func:`show_url_notes` shows all of them once, in
one German note.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import streamlit as st

MAX_PARAM_LENGTH = 200
#: a comma list may hold many short items (peer groups of up to 50 Kommunen)
MAX_LIST_LENGTH = MAX_PARAM_LENGTH * 50
#: URL text of an explicitly empty list
EMPTY_LIST = "keine"
_SAFE_TEXT = re.compile(r"^[\w .,:;()/+\-äöüÄÖÜß]*$")
_NUMBER = re.compile(r"^-?\d{1,12}([.,]\d{1,12})?$")
_NOTES = "_url_notes"
#: a parameter name that may appear in the note as it is (anything else is not echoed)
_PLAIN_NAME = re.compile(r"^[a-z_]{1,30}$")
#: parameters Streamlit itself reads (embedding options): never a page's business
STREAMLIT_PARAMS = frozenset({"embed", "embed_options"})
_PREFIXES: dict[str, str] = {}

T = TypeVar("T")


@dataclass(frozen=True)
class StateKeys:
    """The session-state keys of one page (or one shared part): ``prefix.name``.

    >>> keys = StateKeys("doctest")
    >>> keys("system")
    'doctest.system'
    """

    prefix: str

    def __post_init__(self) -> None:
        owner = _caller_module()
        known = _PREFIXES.setdefault(self.prefix, owner)
        if known != owner:
            raise ValueError(f"State prefix {self.prefix!r} is already used by {known}")

    def __call__(self, name: str) -> str:
        return f"{self.prefix}.{name}"


def _caller_module() -> str:
    import inspect

    frame = inspect.currentframe()
    # __post_init__ ← __init__ ← the module that creates the StateKeys
    for _ in range(3):
        frame = frame.f_back if frame is not None else None
    return str(frame.f_globals.get("__name__", "?")) if frame is not None else "?"


# --------------------------------------------------------------------------- notes


def note(name: str, detail: str | None = None) -> None:
    """Remember that URL parameter ``name`` was ignored (``detail``: why, in German)."""
    notes: list[tuple[str, str | None]] = st.session_state.setdefault(_NOTES, [])
    if (name, detail) not in notes:
        notes.append((name, detail))


def too_long(name: str, limit: int) -> str:
    """The German reason for an overlong value.

    >>> too_long("gebiet", 200)
    '„gebiet“ ist länger als 200 Zeichen'
    """
    return f"„{name}“ ist länger als {limit:,} Zeichen".replace(",", ".")


def note_unused(used: Collection[str]) -> None:
    """Note (and drop from the URL) every parameter a page does not read.

    For pages that read few or no parameters (the start page): a link carrying another
    page's view or a mangled value gets the same German note as a bad value elsewhere.
    Names that are not plain lowercase words are not echoed.
    """
    for name in list(st.query_params):
        if name in used or name in STREAMLIT_PARAMS:
            continue
        shown = name if _PLAIN_NAME.match(name) else "unbekannte Angabe"
        note(shown, f"„{shown}“ wird auf dieser Seite nicht verwendet")
        del st.query_params[name]


def show_url_notes() -> None:
    """One friendly note listing the parameters that were ignored (then forgotten)."""
    notes: list[tuple[str, str | None]] = st.session_state.pop(_NOTES, [])
    if not notes:
        return
    names = ", ".join(dict.fromkeys(f"„{n}“" for n, _ in notes))
    details = [d for _, d in notes if d]
    text = f"Der Link enthielt ungültige Angaben ({names})."
    if details:
        text += " Aus dem Link wurde nicht alles übernommen: " + "; ".join(details) + "."
    st.info(text + " Dafür wird die Standardansicht gezeigt.")


# --------------------------------------------------------------------------- URL parameters


def choice_param(name: str, allowed: Collection[str], default: str) -> str:
    """A URL parameter that must be one of ``allowed``."""
    raw = st.query_params.get(name)
    if raw is None:
        return default
    if len(raw) > MAX_PARAM_LENGTH:
        note(name, too_long(name, MAX_PARAM_LENGTH))
    elif raw in allowed:
        return raw
    else:
        note(name)
    return default


def text_param(name: str, default: str = "") -> str:
    """Free text (search boxes): length-limited, plain characters only."""
    raw = st.query_params.get(name)
    if raw is None:
        return default
    if len(raw) > MAX_PARAM_LENGTH:
        note(name, too_long(name, MAX_PARAM_LENGTH))
    elif _SAFE_TEXT.match(raw):
        return raw
    else:
        note(name)
    return default


def list_param(
    name: str, allowed: Collection[str], default: Sequence[str], max_items: int | None = None
) -> list[str]:
    """A comma-separated URL parameter whose items must all be in ``allowed``.

    ``"keine"`` stands for an explicitly empty list. Any unknown item, too many items or an
    overlong value → the default (noted).
    """
    raw = st.query_params.get(name)
    if raw is None:
        return list(default)
    if raw == EMPTY_LIST:
        return []
    if len(raw) > MAX_LIST_LENGTH:
        note(name, too_long(name, MAX_LIST_LENGTH))
        return list(default)
    items = list(dict.fromkeys(x for x in raw.split(",") if x))
    ok = (
        bool(items)
        and (max_items is None or len(items) <= max_items)
        and all(x in allowed for x in items)
    )
    if ok:
        return items
    note(name)
    return list(default)


def list_value(items: Sequence[str]) -> str:
    """URL text of a list (``"keine"`` for an empty one)."""
    return ",".join(items) if items else EMPTY_LIST


def parse_number(raw: str | None, lo: float, hi: float) -> float | None:
    """A plain decimal number (``.`` or ``,`` as separator) within [lo, hi], else None.

    >>> parse_number("0,35", 0, 1), parse_number("1e309", 0, 1), parse_number("2", 0, 1)
    (0.35, None, None)
    """
    if raw is None or not _NUMBER.match(raw):
        return None
    value = float(raw.replace(",", "."))
    if not math.isfinite(value) or not lo <= value <= hi:
        return None
    return value


def number_param(name: str, lo: float, hi: float, default: float) -> float:
    """A number in [lo, hi] from the URL; otherwise the default and a note saying why."""
    raw = st.query_params.get(name)
    value = parse_number(raw, lo, hi)
    if raw is not None and value is None:
        note(name, f"„{name}“ ist keine Zahl zwischen {lo:g} und {hi:g}")
    return default if value is None else value


def raw_param(name: str) -> str | None:
    """The raw text of URL parameter ``name`` (``None`` if absent or overlong, then noted).

    Only for values that a feature parses entry by entry with its own German notes
    (e.g. planned facilities); everything else uses the validating readers above.
    """
    raw = st.query_params.get(name)
    if raw is not None and len(raw) > MAX_LIST_LENGTH:
        note(name, too_long(name, MAX_LIST_LENGTH))
        return None
    return raw


def current_params() -> dict[str, str]:
    """The whole view in the URL as it is now (e.g. to save it as a slide or carry it over).

    Values longer than any reader accepts (:data:`MAX_LIST_LENGTH`) are left out and noted.
    """
    out: dict[str, str] = {}
    for key in st.query_params:
        value = st.query_params.get(key) or ""
        if len(key) + len(value) > MAX_LIST_LENGTH:
            shown = key if _PLAIN_NAME.match(key) else "unbekannte Angabe"
            note(shown, too_long(shown, MAX_LIST_LENGTH))
            continue
        out[key] = value
    return out


def drop_params(*names: str) -> None:
    """Remove parameters from the URL (e.g. those that belong to another level)."""
    for name in names:
        if name in st.query_params:
            del st.query_params[name]


#: session key: every URL parameter the current page's last full run wrote
_WRITTEN = "_url_state.written"


def start_page_run() -> None:
    """A full run of a page begins (app.py, before the page): forget the last page's view."""
    st.session_state[_WRITTEN] = {}


def set_params(**values: str | None) -> None:
    """Write the current view into the URL (empty values are removed)."""
    for key, value in values.items():
        if value in (None, ""):
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get(key) != value:
            st.query_params[key] = value
    st.session_state.setdefault(_WRITTEN, {}).update(values)


def set_part_params(**values: str | None) -> None:
    """Write the view of a part of a page (an ``st.fragment``) into the URL.

    A fragment rerun starts from the query string the browser sent with the request: a
    request sent while the page's full run was still going lacks what the end of that run
    wrote. So the part writes the whole view – the page's last full run plus its own values.
    """
    set_params(**(dict(st.session_state.get(_WRITTEN, {})) | values))


# --------------------------------------------------------------------------- widget state


def seed(key: str, value: object) -> None:
    """Give a widget its start value once per session (from the URL or the default)."""
    if key not in st.session_state:
        st.session_state[key] = value


def keep_in(key: str, options: Sequence[Any], default: Any) -> None:
    """Keep a select widget's state inside its current options (else ``default``)."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = default


def seed_choice(key: str, options: Sequence[T], url_name: str, default: T) -> T:
    """A valid value for select widget ``key``: URL on first run, then kept, else ``default``.

    ``options`` may be of any type; the URL holds ``str(option)``.
    """
    allowed = [str(o) for o in options]
    if key not in st.session_state:
        raw = choice_param(url_name, allowed, str(default))
        st.session_state[key] = options[allowed.index(raw)] if raw in allowed else default
    elif st.session_state[key] not in options:
        st.session_state[key] = default
    value: T = st.session_state[key]
    return value


def seed_list(
    key: str, options: Sequence[str], url_name: str, default: Sequence[str], max_items: int
) -> list[str]:
    """A multiselect value: comma list from the URL on first run, every item in ``options``."""
    if key not in st.session_state:
        st.session_state[key] = list_param(url_name, set(options), default, max_items)
        if not st.session_state[key] and st.query_params.get(url_name) == EMPTY_LIST:
            st.session_state[key] = []
    else:
        allowed = set(options)
        current = [i for i in st.session_state[key] if i in allowed][:max_items]
        if current != st.session_state[key]:
            st.session_state[key] = current
    return list(st.session_state[key])


def base_url() -> str:
    """``scheme://host`` of the served app (``st.context.url``); "" without a request (tests)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(str(st.context.url or ""))
    except Exception:  # noqa: BLE001 - no request context
        return ""
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def permalink(path: str, params: dict[str, str]) -> str:
    """Absolute link that reopens a view: ``/<path>?<params>`` behind :func:`base_url`
    (empty values are left out)."""
    from urllib.parse import urlencode

    query = urlencode({k: v for k, v in params.items() if v})
    return f"{base_url()}/{path}?{query}" if query else f"{base_url()}/{path}"
