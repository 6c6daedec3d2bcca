"""Layer data the browser fetches once as a file, instead of inside every deck message.

Streamlit sends a map's whole deck as one JSON text on every rerun, and the browser reads it
with a JSON5 parser written in JavaScript (≈ 100 ms for 460 kB of facility points) and hands
deck.gl a new data object, which rebuilds the layer. Data that stays the same from rerun to
rerun (the stored facility points, the grey areas under the Kommunen map) can instead be
written once into ``static/deck/`` beside ``app.py``: the deck then names the file
(``"data": "app/static/deck/<hash>.json"``); deck.gl loads it with the browser's own
``JSON.parse`` and keeps the layer while the address stays the same.

The file name is a hash of the content, so a changed Datenbasis gives a new file and an old
address never shows new data. Served only with Streamlit's ``server.enableStaticServing``
(both configurations turn it on; the folder holds nothing but these files, built from the
same Datenbasis the pages show). Without it, when the folder cannot be written (a read-only
image without the volume ``docs/betrieb.md`` names) or when it already holds
:data:`FOLDER_BUDGET` bytes, the data goes inline as before.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import streamlit as st

#: the folder Streamlit serves as ``app/static/`` (beside the main script ``app.py``)
STATIC_DIR = Path(__file__).resolve().parents[2] / "static" / "deck"
#: relative address: works below any ``server.baseUrlPath`` (pages sit one level deep)
URL_PREFIX = "app/static/deck/"
#: smaller texts are cheaper inline than as one more request
MIN_BYTES = 20_000
#: the folder never grows beyond this: later data go inline (deploy/k8s gives it 200 MiB)
FOLDER_BUDGET = 150 * 2**20

_written: set[str] = set()
_folder_bytes: list[int] = []  # bytes in the folder: counted once, then added up per file


def _room_for(size: int) -> bool:
    """Whether a file of ``size`` bytes stays within :data:`FOLDER_BUDGET`."""
    if not _folder_bytes:
        _folder_bytes.append(sum(p.stat().st_size for p in STATIC_DIR.glob("*.json")))
    return _folder_bytes[0] + size <= FOLDER_BUDGET


def enabled() -> bool:
    """Streamlit serves ``static/`` and the folder can be written."""
    try:
        serving = bool(st.get_option("server.enableStaticServing"))
    except RuntimeError:  # pragma: no cover - option unknown to this Streamlit
        return False
    return serving and os.access(STATIC_DIR, os.W_OK)


def file_name(text: str) -> str:
    """Content-addressed file name of a JSON text.

    >>> file_name("[]")
    '4f53cda18c2baa0c0354bb5f.json'
    """
    return hashlib.sha256(text.encode()).hexdigest()[:24] + ".json"


def _write(name: str, text: str) -> bool:
    path = STATIC_DIR / name
    if name in _written or path.is_file():
        _written.add(name)
        return True
    size = len(text.encode())
    if not _room_for(size):
        return False
    try:
        fd, tmp = tempfile.mkstemp(dir=STATIC_DIR, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)  # atomic: a request never sees half a file
    except OSError:
        return False
    _written.add(name)
    _folder_bytes[0] += size
    return True


def layer_data(text: str) -> str:
    """JSON for a layer's ``data``: the address of ``text`` as a served file, or ``text`` itself.

    ``text`` is the JSON text of the layer data (an array or a FeatureCollection).
    """
    if len(text) < MIN_BYTES or not enabled():
        return text
    name = file_name(text)
    if not _write(name, text):
        return text
    return json.dumps(URL_PREFIX + name)
