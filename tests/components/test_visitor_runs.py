"""The start-up warm-up gives way to visitors' runs: it waits while one is in progress."""

from __future__ import annotations

import threading
import time

import pytest

from components.visitor_runs import VisitorRuns


def test_idle_at_once_without_visitors() -> None:
    runs = VisitorRuns(max_wait_s=5.0, quiet_s=1.0)
    t0 = time.perf_counter()
    for _ in range(20):  # the warm-up's many steps do not wait without visitors
        assert runs.wait_until_idle()
    assert time.perf_counter() - t0 < 0.5


def test_waits_the_quiet_time_after_a_run() -> None:
    runs = VisitorRuns(max_wait_s=5.0, quiet_s=0.3)
    with runs.running():
        pass
    t0 = time.perf_counter()
    assert runs.wait_until_idle()
    assert 0.2 < time.perf_counter() - t0 < 1.0


def test_a_run_starting_in_the_quiet_time_is_waited_for_too() -> None:
    """A page opening runs twice in a row: the warm-up waits for the second run as well."""
    runs = VisitorRuns(max_wait_s=10.0, quiet_s=0.5)
    with runs.running():  # the first run of the page
        pass
    out: list[bool] = []
    waiter = threading.Thread(target=lambda: out.append(runs.wait_until_idle()))
    waiter.start()
    time.sleep(0.1)  # within the quiet time
    with runs.running():
        time.sleep(0.6)
        assert not out  # still waiting while the second run lasts
    waiter.join(timeout=5)
    assert out == [True]


def test_waits_for_the_last_of_two_runs_to_end() -> None:
    runs = VisitorRuns(max_wait_s=10.0, quiet_s=0.1)
    first, second = runs.running(), runs.running()
    first.__enter__()
    second.__enter__()
    done: list[float] = []

    def warm() -> None:
        runs.wait_until_idle()
        done.append(time.perf_counter())

    waiter = threading.Thread(target=warm)
    waiter.start()
    time.sleep(0.2)
    first.__exit__(None, None, None)
    time.sleep(0.2)
    assert not done  # one run is still in progress
    ended = time.perf_counter()
    second.__exit__(None, None, None)
    waiter.join(timeout=5)
    assert done and done[0] >= ended


def test_gives_up_after_the_longest_wait_under_constant_load() -> None:
    runs = VisitorRuns(max_wait_s=0.3, quiet_s=0.1)
    with runs.running():
        t0 = time.perf_counter()
        assert runs.wait_until_idle() is False
        assert time.perf_counter() - t0 == pytest.approx(0.3, abs=0.25)


def test_a_failing_run_still_counts_as_ended() -> None:
    runs = VisitorRuns(max_wait_s=0.3, quiet_s=0.1)
    with pytest.raises(RuntimeError), runs.running():
        raise RuntimeError("Seite fehlerhaft")
    assert runs.wait_until_idle() is True
