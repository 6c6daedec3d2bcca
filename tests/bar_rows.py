"""The rows of a bar list (``components.bar_list``) as the browser gets them, for AppTest tests."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any


class _Rows(HTMLParser):
    """Caption, and per body row: the area's name, the bar width (% of its cell), the value."""

    def __init__(self) -> None:
        super().__init__()
        self.caption = ""
        self.rows: list[dict[str, Any]] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "caption":
            self._in = "caption"
        elif tag == "th" and a.get("scope") == "row":
            self.rows.append({"name": "", "width": None, "value": ""})
            self._in = "name"
        elif tag == "span" and a.get("class") == "pa-bar":
            style = a.get("style") or ""
            width = style.split("width:", 1)[1].split("%", 1)[0]
            self.rows[-1]["width"] = float(width)
        elif tag == "span" and a.get("class") == "pa-bar-value":
            self._in = "value"

    def handle_endtag(self, tag: str) -> None:
        if tag in {"caption", "th", "span"}:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "caption":
            self.caption += data
        elif self._in in {"name", "value"}:
            self.rows[-1][self._in] += data


def parse(body: str) -> tuple[str, list[dict[str, Any]]]:
    """(caption, rows) of one bar list's HTML."""
    parser = _Rows()
    parser.feed(body)
    return parser.caption, parser.rows


def bar_lists(at: Any, title_part: str) -> list[list[dict[str, Any]]]:
    """The rows of every bar list on the AppTest page whose caption contains ``title_part``."""
    out = []
    for element in at.get("html"):
        body = element.proto.body
        if "pa-bars" not in body:
            continue
        caption, rows = parse(body)
        if title_part in caption:
            out.append(rows)
    return out
