"""Progress of long builds on the command line: "Schritt 3/8: Pakete laden (2 Pakete) …".

Lines go to stderr (stdout keeps the build's result and readiness report), flushed at once,
with the seconds the previous step took. ``quiet=True`` for callers that want silence.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


def fmt_count(n: int) -> str:
    """German thousands separator (narrow no-break space avoided: plain space).

    >>> fmt_count(3412)
    '3 412'
    """
    return f"{n:,}".replace(",", " ")


class Progress:
    """Numbered steps with an optional count; ``step`` prints one line per step."""

    def __init__(self, total: int, *, out: TextIO | None = None, quiet: bool = False) -> None:
        self.total = total
        self.done = 0
        self._out = out
        self._quiet = quiet
        self._t0 = time.perf_counter()

    def step(self, label: str, count: int | None = None, unit: str = "Zeilen") -> str:
        """Announce the next step; returns the line (also when quiet)."""
        self.done += 1
        now = time.perf_counter()
        extra = f" ({fmt_count(count)} {unit})" if count is not None else ""
        of = f"/{self.total}" if self.total >= self.done else ""  # not known yet: no total
        line = f"Schritt {self.done}{of}: {label}{extra} … [{now - self._t0:.1f} s]"
        if not self._quiet:
            print(line, file=self._out or sys.stderr, flush=True)
        return line
