"""How many visitors' script runs are in progress, process-wide (the start-up warm-up gives way).

``app.py`` runs anew for every script run (its globals too); this module is imported once per
process, so its :data:`VISITORS` is the one object every run and the warm-up thread share.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator


class VisitorRuns:
    """How many visitors' script runs are in progress; the warm-up gives way to the first.

    The warm-up and a run share one interpreter lock: started with the first visitor's run,
    it made that first page 0.6 s slower (cold start 3.9 → 3.0 s without it, #17). Before it
    starts, the warm-up waits until no visitor's run is in progress or ended less than
    ``quiet_s`` ago (a page often runs twice when it opens) – at most ``max_wait_s``. Then it
    runs through: waiting before each of its steps as well dragged it over minutes of steady
    clicking, and every late step slowed whatever page was open at that moment.
    """

    def __init__(self, max_wait_s: float = 3.0, quiet_s: float = 1.0) -> None:
        self._active = 0
        self._last_end = float("-inf")  # time.monotonic() when the last run ended
        self._changed = threading.Condition()
        self.max_wait_s = max_wait_s
        self.quiet_s = quiet_s

    @contextlib.contextmanager
    def running(self) -> Iterator[None]:
        with self._changed:
            self._active += 1
            self._changed.notify_all()
        try:
            yield
        finally:
            with self._changed:
                self._active -= 1
                self._last_end = time.monotonic()
                self._changed.notify_all()

    def wait_until_idle(self) -> bool:
        """Wait until no visitor's run is in progress and none ended in the last ``quiet_s``
        (a page often runs twice in a row when it opens); ``False``: gave up after
        ``max_wait_s``. Without visitors it returns at once."""
        deadline = time.monotonic() + self.max_wait_s
        with self._changed:
            while True:
                now = time.monotonic()
                if self._active == 0 and now - self._last_end >= self.quiet_s:
                    return True
                if now >= deadline:
                    return False
                wake = self._last_end + self.quiet_s if self._active == 0 else deadline
                self._changed.wait(timeout=max(0.0, min(wake, deadline) - now))


VISITORS = VisitorRuns()
