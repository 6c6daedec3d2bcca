"""A data update reaches a running app: the store watch, the reopen, and the page showing it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from data_layer.read import db
from tests.conftest import point_app_at

APP = str(Path(__file__).resolve().parents[2] / "app.py")


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def ident(inode: int) -> db.StoreIdentity:
    return db.StoreIdentity("/s.duckdb", 1, inode, 5, 10)


def test_watch_drops_once_per_change_then_once_after_settling() -> None:
    clock = Clock()
    on_disk = [ident(1)]
    stats: list[int] = []

    def identity() -> db.StoreIdentity:
        stats.append(1)
        return on_disk[0]

    watch = db.StoreWatch(interval_s=2.0, settle_s=30.0, clock=clock, identity=identity)
    assert watch.poll() is False  # nothing opened yet
    watch.opened(ident(1))
    clock.now = 103.0
    assert watch.poll() is False  # same file
    on_disk[0] = ident(2)  # the build replaced the file
    clock.now = 104.0
    assert watch.poll() is False  # within 2 s of the last check: no stat at all
    assert len(stats) == 1
    clock.now = 105.0
    assert watch.poll() is True  # the change, seen once
    watch.opened(ident(2))  # the app reopened the store on the new file
    clock.now = 110.0
    assert watch.poll() is False
    clock.now = 135.5  # 30 s after the change: one more drop for results cached meanwhile
    assert watch.poll() is True
    clock.now = 140.0
    assert watch.poll() is False


def test_watch_keeps_dropping_while_the_reopened_connection_is_not_verified() -> None:
    clock = Clock()
    watch = db.StoreWatch(interval_s=2.0, settle_s=30.0, clock=clock, identity=lambda: ident(2))
    watch.opened(None)  # the reopen still got the old instance (a rerun in flight holds it)
    assert watch.poll() is True
    watch.opened(ident(2))
    clock.now = 103.0
    assert watch.poll() is False


def test_watch_keeps_the_store_when_the_file_is_missing() -> None:
    clock = Clock()
    watch = db.StoreWatch(interval_s=0.0, clock=clock, identity=lambda: None)
    watch.opened(ident(1))
    assert watch.poll() is False


def _with_version(src: Path, dst: Path, version: str) -> Path:
    """A copy of ``src`` whose meta.data_version is ``version``, written beside ``dst`` and
    moved over it the way the build does (temporary file + os.replace)."""
    tmp = dst.with_name(dst.name + ".tmp")
    shutil.copyfile(src, tmp)
    conn = duckdb.connect(str(tmp))
    conn.execute("UPDATE meta SET value = ? WHERE key = 'data_version'", [version])
    conn.execute("CHECKPOINT")
    conn.close()
    os.replace(tmp, dst)
    return dst


def test_identity_and_file_version_follow_a_replaced_file(fixture_db: Path, tmp_path: Path) -> None:
    store = _with_version(fixture_db, tmp_path / "s.duckdb", "aaaaaaaaaaaa")
    before = db.store_identity(store)
    held = duckdb.connect(str(store), read_only=True)  # what a running app holds
    _with_version(fixture_db, store, "bbbbbbbbbbbb")
    assert db.store_identity(store) != before
    assert db.file_version(store)[0] == "bbbbbbbbbbbb"
    # DuckDB hands out the instance it has open for the path: the old data
    conn, identity = db.connect_current(store)
    assert db.version_of(conn)[0] == "aaaaaaaaaaaa"
    assert identity is None
    conn.close()
    held.close()
    conn, identity = db.connect_current(store)
    assert db.version_of(conn)[0] == "bbbbbbbbbbbb"
    assert identity == db.store_identity(store)
    conn.close()


def captions(at: AppTest) -> str:
    return " | ".join(c.value for c in at.caption)


@pytest.fixture()
def fast_watch(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(db, "WATCH", db.StoreWatch(interval_s=0.0, settle_s=30.0))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def test_running_app_shows_the_new_data_version_after_the_store_is_replaced(
    fixture_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_watch: None
) -> None:
    store = point_app_at(
        _with_version(fixture_db, tmp_path / "s.duckdb", "aaaaaaaaaaaa"), monkeypatch
    )
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    assert "Datenversion aaaaaaaaaaaa" in captions(at)
    _with_version(fixture_db, store, "bbbbbbbbbbbb")
    at.run()  # the same session, next rerun
    assert not at.exception, at.exception
    assert "Datenversion bbbbbbbbbbbb" in captions(at)
    assert "aaaaaaaaaaaa" not in captions(at)
    # a second session opened after the update sees the new version too
    other = AppTest.from_file(APP, default_timeout=120)
    other.run()
    assert "Datenversion bbbbbbbbbbbb" in captions(other)
