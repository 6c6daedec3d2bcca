"""A minimal Streamlit client speaking the browser's websocket protocol (for load tests).

One :class:`StreamlitClient` is one browser tab: it connects to ``/_stcore/stream``, asks for
script runs with ``BackMsg.rerun_script`` (a ``ClientState`` with query string, page and widget
states, as the frontend sends it) and reads ``ForwardMsg`` protobufs until ``script_finished``.
Like the browser it

* opens the first page by its URL path (``page_name``), later pages by ``page_script_hash``
  (from the ``navigation`` message);
* keeps the query string the app writes (``page_info_changed``) and sends it with each rerun;
* sends the widget states it changed on the current page (Streamlit keeps the other widgets'
  values on the server) and announces the hashes of cacheable messages it has seen, so the
  server sends references instead of repeating big messages (maps).

A run reports its wall time (request → ``script_finished``), size, the widgets on the page
(by their user key) and errors: an exception element, an ``st.error`` box, a compile error or
"page not found".
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

#: ForwardMsg.script_finished values that end a run (2 = stopped early for a rerun: keep reading)
_DONE = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
_WIDGETS = {"selectbox", "radio", "slider", "checkbox", "multiselect", "number_input"}


@dataclass(frozen=True)
class Widget:
    """A widget as the last run drew it."""

    id: str
    kind: str
    label: str
    options: tuple[str, ...]
    current: Any


@dataclass
class Run:
    """Outcome of one script run."""

    seconds: float = float("nan")
    messages: int = 0
    nbytes: int = 0
    errors: list[str] = field(default_factory=list)
    widgets: dict[str, Widget] = field(default_factory=dict)
    query_string: str = ""


def widget_key(widget_id: str) -> str:
    """The user key of a widget id ``$$ID-<hash>-<key>`` (the id itself without a key)."""
    parts = widget_id.split("-", 2)
    return parts[2] if len(parts) == 3 and parts[0] == "$$ID" else widget_id


def _widget(kind: str, el: Any) -> Widget:
    if kind in ("selectbox", "radio"):
        opts = tuple(el.options)
        current = el.raw_value if el.set_value else (opts[el.default] if opts else None)
    elif kind == "slider" and el.options:  # select slider: option texts
        opts = tuple(el.options)
        current = list(el.raw_value) if el.set_value else [opts[int(i)] for i in el.default]
    elif kind == "slider":
        opts = ()
        current = list(el.value) if el.set_value else list(el.default)
    elif kind == "multiselect":
        opts = tuple(el.options)
        current = list(el.raw_values) if el.set_value else [opts[i] for i in el.default]
    else:  # checkbox, number_input
        opts = ()
        current = el.value if el.set_value else el.default
    return Widget(el.id, kind, el.label, opts, current)


def _inspect(msg: ForwardMsg) -> tuple[Widget | None, str | None]:
    """Widget or error carried by a delta message."""
    delta = msg.delta
    if delta.WhichOneof("type") != "new_element":
        return None, None
    kind = delta.new_element.WhichOneof("type")
    if kind is None:
        return None, None
    el = getattr(delta.new_element, kind)
    if kind == "exception":
        return None, f"Ausnahme: {el.type} {el.message[:100]}"
    if kind == "alert" and el.format == Alert.ERROR:
        return None, f"Fehlermeldung: {el.body[:100]}"
    if kind in _WIDGETS and el.id:
        return _widget(kind, el), None
    return None, None


def widget_state(w: Widget, value: Any) -> WidgetState:
    """The state the browser sends when ``w`` is set to ``value``.

    Selectbox/radio and select slider: the option text; slider and number input: a number;
    checkbox: bool; multiselect: option texts.
    """
    s = WidgetState(id=w.id)
    if w.kind in ("selectbox", "radio"):
        s.string_value = str(value)
    elif w.kind == "slider" and w.options:
        s.string_array_value.data[:] = [str(value)]
    elif w.kind == "slider":
        s.double_array_value.data[:] = [float(value)]
    elif w.kind == "checkbox":
        s.bool_value = bool(value)
    elif w.kind == "multiselect":
        s.string_array_value.data[:] = [str(v) for v in value]
    elif w.kind == "number_input":
        s.double_value = float(value)
    else:
        raise ValueError(f"Widget-Art {w.kind} wird nicht unterstützt")
    return s


class StreamlitClient:
    """One browser session on ``ws_url`` (``ws://host:port/_stcore/stream``)."""

    def __init__(self, ws_url: str, timeout_s: float = 120.0) -> None:
        self.ws_url = ws_url
        self.timeout_s = timeout_s
        self.pages: dict[str, str] = {}  # url path → page script hash
        self.page = ""
        self.last = Run()
        self._ws: ClientConnection | None = None
        self._changed: dict[str, WidgetState] = {}
        self._seen: dict[str, tuple[Widget | None, str | None]] = {}  # cacheable msg hash

    async def connect(self) -> None:
        self._ws = await connect(
            self.ws_url,
            subprotocols=[Subprotocol("streamlit")],
            max_size=None,
            open_timeout=30,
        )

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    async def open_page(self, path: str, query: str = "") -> Run:
        """Open a page (URL path, "" = start page) with a query string, as a link would."""
        state = ClientState(query_string=query)
        if path in self.pages:
            state.page_script_hash = self.pages[path]
        else:  # first visit: the frontend only knows the URL path
            state.page_name = path
        self.page, self._changed = path, {}
        return await self._rerun(state)

    async def change(self, key: str, value: Any) -> Run:
        """Set the widget with user key ``key`` (on the current page) to ``value`` and rerun."""
        w = self.last.widgets.get(key)
        if w is None:
            raise KeyError(f"kein Widget {key!r} auf der Seite {self.page!r}")
        self._changed[key] = widget_state(w, value)
        current = {k: v.id for k, v in self.last.widgets.items()}
        state = ClientState(query_string=self.last.query_string)
        state.page_script_hash = self.pages.get(self.page, "")
        state.widget_states.widgets.extend(
            s for k, s in self._changed.items() if current.get(k) == s.id
        )
        return await self._rerun(state)

    async def _rerun(self, state: ClientState) -> Run:
        if self._ws is None:
            raise RuntimeError("nicht verbunden")
        state.cached_message_hashes.extend(self._seen)
        state.context_info.locale = "de-DE"
        state.context_info.timezone = "Europe/Berlin"
        msg = BackMsg()
        msg.rerun_script.CopyFrom(state)
        run = Run(query_string=state.query_string)
        t0 = time.perf_counter()
        await self._ws.send(msg.SerializeToString())
        async with asyncio.timeout(self.timeout_s):
            while not self._read(await self._ws.recv(decode=False), run):
                pass
        run.seconds = time.perf_counter() - t0
        self.last = run
        return run

    def _read(self, raw: bytes, run: Run) -> bool:
        """Account for one message; True when the run is over."""
        run.messages += 1
        run.nbytes += len(raw)
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        kind = msg.WhichOneof("type")
        if kind == "delta":
            found = _inspect(msg)
            if msg.metadata.cacheable and msg.hash:
                self._seen[msg.hash] = found
        elif kind == "ref_hash":
            found = self._seen.get(msg.ref_hash, (None, None))
        else:
            found = (None, None)
            if kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
            elif kind == "page_info_changed":
                run.query_string = msg.page_info_changed.query_string
            elif kind == "page_not_found":
                run.errors.append("Seite nicht gefunden")
            elif kind == "script_finished":
                if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    run.errors.append("Skriptfehler")
                    return True
                return msg.script_finished in _DONE
        widget, error = found
        if widget is not None:
            run.widgets[widget_key(widget.id)] = widget
        if error is not None:
            run.errors.append(error)
        return False
