"""The data of a deck layer as the browser gets it: inline, or from the served file it names."""

from __future__ import annotations

import json
from typing import Any

from components.maps import served


def layer_rows(data: Any) -> Any:
    """``data`` itself, or the parsed file behind a served address (``components.maps.served``)."""
    if not isinstance(data, str):
        return data
    assert data.startswith(served.URL_PREFIX), data
    return json.loads((served.STATIC_DIR / data.removeprefix(served.URL_PREFIX)).read_text())
