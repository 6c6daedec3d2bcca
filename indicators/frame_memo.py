"""Answers about a table remembered for as long as the table object lives.

The pages pass the same cached, read-only tables (e.g. every Gemeinde's indicator values of a
year) to the same checks on every rerun; checking 100,000 rows for duplicate keys each time
cost ≈ 25 ms per rerun on "Kommunen vergleichen" (#17). :func:`remember` computes an answer once
per table object and key and forgets it when the object is garbage-collected, so a new table –
or a new object with the same ``id`` later – is always checked anew.

Tables handed to these checks are treated as immutable: a table changed in place after a check
would not be checked again. The store's caches are never changed in place (``reusing_bands``,
``st.cache_resource`` docstrings).

>>> import pandas as pd
>>> calls = []
>>> frame = pd.DataFrame({"a": [1, 1]})
>>> def dup() -> bool:
...     calls.append(1)
...     return bool(frame["a"].duplicated().any())
>>> remember(frame, "dup", dup), remember(frame, "dup", dup), len(calls)
(True, True, 1)
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

_memo: dict[tuple[int, Hashable], Any] = {}
_watched: set[int] = set()
_lock = threading.Lock()


def _forget(obj_id: int) -> None:
    with _lock:
        _watched.discard(obj_id)
        for key in [k for k in _memo if k[0] == obj_id]:
            del _memo[key]


def remember(obj: object, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` once per live ``obj`` and ``key``; later calls return the stored answer."""
    slot = (id(obj), key)
    with _lock:
        if slot in _memo:
            return _memo[slot]  # type: ignore[no-any-return]
    value = compute()
    with _lock:
        if id(obj) not in _watched:
            weakref.finalize(obj, _forget, id(obj))
            _watched.add(id(obj))
        _memo[slot] = value
    return value
