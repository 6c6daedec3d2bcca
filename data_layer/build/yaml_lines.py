"""Reading YAML so that every message can name the real line.

Syntax errors carry the parser's mark (``yaml.MarkedYAMLError.problem_mark``); every mapping
is read as a :class:`LinedDict` that knows its own line and the line of each key, so that a
check of a field can name that field's line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from data_layer.errors import ImportValidationError

#: German words for the parser's most frequent complaints (others are shown as the parser says)
_HINTS = {
    "mapping values are not allowed here": "Doppelpunkt an unerwarteter Stelle – einen Text "
    "mit „: “ in Anführungszeichen setzen",
    "found character '\\t' that cannot start any token": "Tabulator – bitte mit Leerzeichen "
    "einrücken",
}


class LinedDict(dict[Any, Any]):
    """A YAML mapping with the (1-based) line of the mapping and of each of its keys."""

    def __init__(self, line: int | None = None) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[Any, int] = {}


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings are :class:`LinedDict` s."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LinedDict:
    loader.flatten_mapping(node)
    out = LinedDict(node.start_mark.line + 1)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError as exc:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                "found unhashable key",
                key_node.start_mark,
            ) from exc
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def line_of(mapping: object, key: object = None) -> int | None:
    """Line of ``key`` in ``mapping`` (of the mapping itself if the key is absent or None)."""
    if not isinstance(mapping, LinedDict):
        return None
    if key is not None and key in mapping.key_lines:
        return mapping.key_lines[key]
    return mapping.line


def load_yaml(path: Path, file_name: str, encoding: str = "utf-8-sig") -> Any:
    """Parse a YAML file; a syntax error names the line where the parser found it.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "x.yaml"
    >>> _ = p.write_text("a: 1\\nb: [2\\n", encoding="utf-8")
    >>> try:
    ...     load_yaml(p, "x.yaml")
    ... except ImportValidationError as exc:
    ...     print(exc.message)
    Datei x.yaml, Zeile 3: kein gültiges YAML (expected ',' or ']', but got '<stream end>'; Spalte 1; begonnen in Zeile 2).
    """
    try:
        text = path.read_text(encoding=encoding)
    except UnicodeDecodeError as exc:
        raise ImportValidationError(
            file_name, None, None, "kein gültiges YAML (Zeichenkodierung: erwartet UTF-8)."
        ) from exc
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "unlesbar"
        detail = _HINTS.get(problem, problem)
        if mark is not None:
            detail += f"; Spalte {mark.column + 1}"
        start = exc.context_mark
        if start is not None and mark is not None and start.line != mark.line:
            detail += f"; begonnen in Zeile {start.line + 1}"
        raise ImportValidationError(
            file_name,
            mark.line + 1 if mark is not None else None,
            None,
            f"kein gültiges YAML ({detail}).",
        ) from exc
    except yaml.YAMLError as exc:
        raise ImportValidationError(file_name, None, None, f"kein gültiges YAML ({exc}).") from exc
