"""The websocket load client against a real server (the tool behind ``public_load_p95_s``).

Two sessions open the Sozialräume page and move the "Klassen" slider, as the load test does;
a tiny app that shows an error box and raises proves that errors are counted.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bench.common import run_coroutine
from bench.load import Change, Record, Visit, session
from tests.e2e.conftest import ROOT, Server, start_server, stop_server

pytestmark = pytest.mark.e2e

OPEN_AND_SLIDE = (
    Visit(
        "sozialraeume",
        "indikator=share_u6&ebene=Planungsraum&klassen=4",
        (Change("soz.klassen", ("6",)),),
    ),
)


def _ws(url: str) -> str:
    return url.replace("http://", "ws://") + "/_stcore/stream"


def _drive(url: str, sessions: int, scenario: tuple[Visit, ...]) -> Record:
    async def all_sessions(rec: Record) -> None:
        await asyncio.gather(
            *(
                session(_ws(url), n, rec, scenario=scenario, visits=1, think_s=(0.0, 0.0))
                for n in range(sessions)
            )
        )

    rec = Record()
    # own thread and loop: the session-wide Playwright browser keeps a loop running here
    run_coroutine(lambda: asyncio.wait_for(all_sessions(rec), timeout=180))
    return rec


def test_two_sessions_open_a_page_and_change_a_widget(server: Server) -> None:
    rec = _drive(server.url, 2, OPEN_AND_SLIDE)
    assert rec.errors == []
    assert sorted((s.kind, s.page) for s in rec.samples) == [
        ("interaction", "sozialraeume"),
        ("interaction", "sozialraeume"),
        ("open", "sozialraeume"),
        ("open", "sozialraeume"),
    ]
    # the map page is big (the map alone is some 100 kB); the change reached the app: the
    # URL it writes changed (klassen=4 → 6)
    assert all(s.nbytes > 100_000 for s in rec.samples if s.kind == "open")
    assert not any(s.no_effect for s in rec.samples)
    assert all(0 < s.seconds < 120 for s in rec.samples)


def test_an_error_box_and_an_exception_are_counted(tmp_path: Path) -> None:
    app = tmp_path / "kaputt.py"
    app.write_text('import streamlit as st\n\nst.error("Testfehler")\nraise ValueError("kaputt")\n')
    srv = start_server(ROOT / "data" / "planungsatlas.duckdb", script=str(app))
    try:
        rec = _drive(srv.url, 1, (Visit("", ""),))
    finally:
        stop_server(srv)
    assert len(rec.samples) == 1
    errors = rec.samples[0].errors
    assert errors[0] == "Fehlermeldung: Testfehler"
    # showErrorDetails = none: Streamlit sends the exception element with a redacted text
    assert len(errors) == 2 and errors[1].startswith("Ausnahme:")
