"""Page tests switch between the fixture store and the demo store in one process.

Streamlit's caches live per process (in production one process serves one store), so
each page test starts with empty caches and never sees another test's store.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import streamlit as st


@pytest.fixture(autouse=True)
def fresh_streamlit_caches() -> Iterator[None]:
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
