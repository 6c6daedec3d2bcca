"""Steps of long work reported to whoever runs it (no Streamlit here: pure builders call it).

``step("Karte zeichnen")`` sends the text to the reporter set by :func:`run_with_steps`
(the PDF button's status box, components/pdf_job); without one it does nothing.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable

_REPORTER: contextvars.ContextVar[Callable[[str], None] | None] = contextvars.ContextVar(
    "steps_reporter", default=None
)


def step(text: str) -> None:
    """Report the next step to the running job's reporter (no-op without one)."""
    report = _REPORTER.get()
    if report is not None:
        report(text)


def run_with_steps(make: Callable[[], bytes], report: Callable[[str], None]) -> bytes:
    """``make()`` with its :func:`step` calls sent to ``report`` (tests, scripts).

    >>> seen = []
    >>> run_with_steps(lambda: (step("Karte zeichnen"), b"%PDF")[1], seen.append), seen
    (b'%PDF', ['Karte zeichnen'])
    """
    token = _REPORTER.set(report)
    try:
        return make()
    finally:
        _REPORTER.reset(token)
