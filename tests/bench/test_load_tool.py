"""The websocket load-test client (bench.ws_client, bench.load) without a server.

Messages are built by hand as the server sends them; what a run reports (widgets, errors,
end of run, cached references) and what a widget change sends are checked field by field.
"""

from __future__ import annotations

import os

import pytest
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.load import Change, Record, Sample, _value, summary
from bench.load_server import public_settings
from bench.ws_client import Run, StreamlitClient, Widget, widget_key, widget_state


@pytest.mark.parametrize(
    ("widget_id", "key"),
    [
        ("$$ID-39235318420994d3e1bfdf4d85a3df52-soz.klassen", "soz.klassen"),
        ("$$ID-1b9af7ee1e-ba.quote.kita_u3", "ba.quote.kita_u3"),
        (
            "$$ID-aaf9-FormSubmitter:proj.neubau.form-Neubau hinzufügen",
            "FormSubmitter:proj.neubau.form-Neubau hinzufügen",
        ),
        ("ohne-schluessel", "ohne-schluessel"),
    ],
)
def test_widget_key(widget_id: str, key: str) -> None:
    assert widget_key(widget_id) == key


def _w(kind: str, options: tuple[str, ...] = (), current: object = None) -> Widget:
    return Widget("$$ID-h-k", kind, "Label", options, current)


@pytest.mark.parametrize(
    ("widget", "value", "field", "sent"),
    [
        (
            _w("selectbox", ("Quantile", "Gleiche Intervalle")),
            "Gleiche Intervalle",
            "string_value",
            "Gleiche Intervalle",
        ),
        (_w("radio", ("Plätze", "Anzahl Einrichtungen")), "Plätze", "string_value", "Plätze"),
        (_w("slider", ("2", "3", "4")), "4", "string_array_value", ["4"]),  # select slider
        (_w("slider"), 1000, "double_array_value", [1000.0]),
        (_w("checkbox"), True, "bool_value", True),
        (_w("multiselect", ("a", "b")), ["b"], "string_array_value", ["b"]),
        (_w("number_input"), 120, "double_value", 120.0),
    ],
)
def test_widget_state_as_the_browser_sends_it(
    widget: Widget, value: object, field: str, sent: object
) -> None:
    state = widget_state(widget, value)
    assert state.id == "$$ID-h-k"
    assert state.WhichOneof("value") == field
    got = getattr(state, field)
    assert (list(got.data) if hasattr(got, "data") else got) == sent


def test_unsupported_widget_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="text_input"):
        widget_state(_w("text_input"), "x")


def _delta(kind: str, *, cacheable_hash: str = "") -> ForwardMsg:
    msg = ForwardMsg()
    el = msg.delta.new_element
    if kind == "selectbox":
        el.selectbox.id = "$$ID-abc-soz.methode"
        el.selectbox.label = "Klassenbildung"
        el.selectbox.options.extend(["Quantile", "Gleiche Intervalle"])
        el.selectbox.default = 1
    elif kind == "exception":
        el.exception.type = "ValueError"
        el.exception.message = "kaputt"
    elif kind == "error":
        el.alert.body = "Diese Ansicht konnte nicht angezeigt werden."
        el.alert.format = Alert.ERROR
    elif kind == "info":
        el.alert.body = "Hinweis"
        el.alert.format = Alert.INFO
    if cacheable_hash:
        msg.hash = cacheable_hash
        msg.metadata.cacheable = True
    return msg


def _finished(status: int) -> ForwardMsg:
    msg = ForwardMsg()
    msg.script_finished = status  # type: ignore[assignment]
    return msg


def _feed(client: StreamlitClient, messages: list[ForwardMsg]) -> tuple[Run, list[bool]]:
    run = Run()
    ends = [client._read(m.SerializeToString(), run) for m in messages]
    return run, ends


def test_a_run_collects_widgets_errors_and_ends_at_script_finished() -> None:
    client = StreamlitClient("ws://unused")
    nav = ForwardMsg()
    page = nav.navigation.app_pages.add()
    page.page_script_hash, page.url_pathname = "h1", "sozialraeume"
    info = ForwardMsg()
    info.page_info_changed.query_string = "klassen=5"
    run, ends = _feed(
        client,
        [
            nav,
            _delta("selectbox"),
            _delta("info"),
            _delta("exception"),
            _delta("error"),
            info,
            _finished(ForwardMsg.FINISHED_EARLY_FOR_RERUN),  # a rerun follows: keep reading
            _finished(ForwardMsg.FINISHED_SUCCESSFULLY),
        ],
    )
    assert ends == [False] * 7 + [True]
    assert client.pages == {"sozialraeume": "h1"}
    assert run.query_string == "klassen=5"
    assert run.messages == 8
    w = run.widgets["soz.methode"]
    assert (w.kind, w.options, w.current) == (
        "selectbox",
        ("Quantile", "Gleiche Intervalle"),
        "Gleiche Intervalle",
    )
    assert run.errors == [
        "Ausnahme: ValueError kaputt",
        "Fehlermeldung: Diese Ansicht konnte nicht angezeigt werden.",
    ]


def test_page_not_found_and_compile_error_are_errors() -> None:
    client = StreamlitClient("ws://unused")
    missing = ForwardMsg()
    missing.page_not_found.page_name = "start"
    run, ends = _feed(client, [missing, _finished(ForwardMsg.FINISHED_WITH_COMPILE_ERROR)])
    assert ends == [False, True]
    assert run.errors == ["Seite nicht gefunden", "Skriptfehler"]


def test_a_cached_reference_counts_like_the_message_it_stands_for() -> None:
    client = StreamlitClient("ws://unused")
    _feed(
        client, [_delta("selectbox", cacheable_hash="H1"), _delta("exception", cacheable_hash="H2")]
    )
    refs = []
    for h in ("H1", "H2"):
        ref = ForwardMsg()
        ref.ref_hash = h
        refs.append(ref)
    run, _ = _feed(client, refs)
    assert list(run.widgets) == ["soz.methode"]
    assert run.errors == ["Ausnahme: ValueError kaputt"]


def _client_with(*widgets: tuple[str, Widget]) -> StreamlitClient:
    client = StreamlitClient("ws://unused")
    client.last = Run(widgets=dict(widgets))
    return client


@pytest.mark.parametrize(
    ("change", "n", "expected"),
    [
        (Change("soz.klassen", ("4", "6", "7")), 0, ("soz.klassen", "4")),
        (Change("soz.klassen", ("4", "6", "7")), 4, ("soz.klassen", "6")),
        # without values: another option than the current one (7·n-th of the others)
        (Change("soz.methode"), 0, ("soz.methode", "A")),
        (Change("soz.methode"), 1, ("soz.methode", "C")),
        (Change("soz.methode"), 2, ("soz.methode", "A")),
        # key prefix (the radius slider's key names the service)
        (Change("ba.radius.", (600,)), 0, ("ba.radius.kita_u3", 600)),
    ],
)
def test_value_a_session_sets(change: Change, n: int, expected: tuple[str, object]) -> None:
    client = _client_with(
        ("soz.klassen", _w("slider", ("2", "3", "4", "5", "6", "7"), ["5"])),
        ("soz.methode", _w("selectbox", ("A", "B", "C"), "B")),
        ("ba.radius.kita_u3", _w("slider", (), [800.0])),
    )
    assert _value(client, change, n) == expected


def test_value_for_a_missing_widget_raises() -> None:
    with pytest.raises(KeyError, match="soz.gibtsnicht"):
        _value(_client_with(), Change("soz.gibtsnicht"), 0)


def test_summary_percentiles_errors_and_no_effect() -> None:
    rec = Record(
        samples=[
            Sample("open", "sozialraeume", 0.1, 1000, []),
            Sample("open", "projektion", 0.5, 2000, []),
            Sample("open", "projektion", 0.4, 2000, []),
            Sample("interaction", "sozialraeume", 0.2, 500, ["Ausnahme: X"]),
            Sample("interaction", "sozialraeume", 0.3, 500, [], no_effect=True),
            Sample("interaction", "sozialraeume", 0.6, 500, []),
            Sample("interaction", "sozialraeume", 0.7, 500, []),
        ],
        failures=["TimeoutError: "],
    )
    out = summary(rec)
    # nearest rank: p50 of 7 values is the 4th, p95 the 7th; of 3 values the 2nd and the 3rd
    assert (out["public_load_p50_s"], out["public_load_p95_s"]) == (0.4, 0.7)
    assert (out["public_load_open_p50_s"], out["public_load_open_p95_s"]) == (0.4, 0.5)
    assert (out["public_load_interaction_p50_s"], out["public_load_interaction_p95_s"]) == (
        0.3,
        0.7,
    )
    assert out["public_load_by_page_p50_p95_s"] == {
        "projektion": [0.4, 0.5],  # 2 values: p50 is rank ⌈1⌉ = the lower one
        "sozialraeume": [0.3, 0.7],
    }
    assert out["public_load_requests"] == 7
    assert out["public_load_errors"] == 2
    assert out["public_load_error_samples"] == ["Ausnahme: X", "TimeoutError: "]
    assert out["public_load_no_effect"] == 1
    assert out["public_load_mb_received"] == round(7000 / 2**20, 1)


def test_public_settings_reach_the_server_as_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STREAMLIT_CLIENT_TOOLBAR_MODE", "developer")
    with public_settings():
        assert os.environ["STREAMLIT_CLIENT_TOOLBAR_MODE"] == "viewer"
        assert os.environ["STREAMLIT_CLIENT_SHOW_ERROR_DETAILS"] == "none"
        assert os.environ["STREAMLIT_SERVER_ENABLE_XSRF_PROTECTION"] == "true"
        assert os.environ["STREAMLIT_SERVER_MAX_UPLOAD_SIZE"] == "1"
        assert "STREAMLIT_THEME_BASE" not in os.environ
    assert os.environ["STREAMLIT_CLIENT_TOOLBAR_MODE"] == "developer"
    assert "STREAMLIT_SERVER_MAX_UPLOAD_SIZE" not in os.environ
