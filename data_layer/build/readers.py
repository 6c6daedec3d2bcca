"""Tolerant, strict-in-the-end readers for the tables municipalities actually send.

Municipal CSV files come as UTF-8 (with or without BOM) or Windows-1252, with
``,`` or ``;`` separators and German decimal commas, and with the GENESIS
symbols of the statistical offices. Everything is read as text first; numbers
are parsed field by field so that an error can name file, line and field.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from data_layer.build.located import first_row, located_error
from data_layer.errors import ImportValidationError

#: GENESIS / Destatis symbols that stand for "no number", with their meaning.
GENESIS_SYMBOLS: dict[str, str] = {
    "-": "nichts vorhanden (-)",
    ".": "Zahlenwert unbekannt oder geheim zu halten (.)",
    "x": "Tabellenfach gesperrt, weil Aussage nicht sinnvoll (x)",
    "X": "Tabellenfach gesperrt, weil Aussage nicht sinnvoll (x)",
    "...": "Angabe fällt später an (...)",
    "…": "Angabe fällt später an (...)",
    "/": "keine Angabe, da Zahlenwert nicht sicher genug (/)",
}

_GERMAN_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")


@dataclass(frozen=True)
class ParsedNumber:
    """Result of parsing one field: ``value`` is NaN when missing, ``reason`` says why."""

    value: float
    reason: str


def decode_bytes(raw: bytes, file_name: str) -> str:
    """Decode UTF-8 (BOM or not) or, failing that, Windows-1252."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise ImportValidationError(
                file_name,
                None,
                None,
                "Zeichenkodierung nicht erkannt (erwartet UTF-8 oder Windows-1252).",
            ) from exc


def detect_separator(header_line: str) -> str:
    """Pick ``;`` or ``,`` (or tab) from the header line.

    >>> detect_separator("id;name;wert")
    ';'
    >>> detect_separator("id,name")
    ','
    """
    counts = {sep: header_line.count(sep) for sep in (";", ",", "\t")}
    return max(counts, key=lambda s: counts[s]) if max(counts.values()) > 0 else ","


def read_table(path: Path) -> pd.DataFrame:
    """Read a CSV file as text columns; the frame's ``attrs`` keep separator and file name."""
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportValidationError(
            name, None, None, f"Datei nicht lesbar ({exc.strerror})."
        ) from exc
    text = decode_bytes(raw, name)
    if not text.strip():
        raise ImportValidationError(name, None, None, "Datei ist leer.")
    sep = detect_separator(text.splitlines()[0])
    rows = list(csv.reader(io.StringIO(text), delimiter=sep))
    header = [h.strip() for h in rows[0]]
    if len(set(header)) != len(header):
        dup = next(h for h in header if header.count(h) > 1)
        raise ImportValidationError(name, 1, dup, "Spaltenname kommt mehrfach vor.")
    body = []
    for line_no, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise ImportValidationError(
                name,
                line_no,
                None,
                f"{len(row)} Felder statt {len(header)} – Trennzeichen „{sep}“ oder Anführungszeichen prüfen.",
            )
        body.append([cell.strip() for cell in row] + [str(line_no)])
    frame = pd.DataFrame(body, columns=[*header, "_line"], dtype=str)
    frame.attrs["separator"] = sep
    frame.attrs["file"] = name
    return frame


def parse_number(text: object, decimal_comma: bool) -> ParsedNumber:
    """Parse one field; German formats and GENESIS symbols are understood.

    >>> parse_number("1.234,5", True).value
    1234.5
    >>> parse_number("12,5", False).value
    12.5
    >>> parse_number(".", True).reason
    'Zahlenwert unbekannt oder geheim zu halten (.)'
    >>> math.isnan(parse_number("", True).value)
    True
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ParsedNumber(math.nan, "leer")
    if isinstance(text, int | float):
        return ParsedNumber(float(text), "")
    s = str(text).strip().replace("\u00a0", "").replace(" ", "")
    if s == "":
        return ParsedNumber(math.nan, "leer")
    if s in GENESIS_SYMBOLS:
        return ParsedNumber(math.nan, GENESIS_SYMBOLS[s])
    if "," in s:
        s = s.replace(".", "").replace(",", ".")
    elif decimal_comma and _GERMAN_THOUSANDS.match(s):
        s = s.replace(".", "")
    try:
        value = float(s)
    except ValueError:
        return ParsedNumber(math.nan, "ungültig")
    if math.isinf(value):
        return ParsedNumber(math.nan, "ungültig")
    return ParsedNumber(value, "")


def numeric_column(
    frame: pd.DataFrame,
    column: str,
    *,
    required: bool = True,
    non_negative: bool = False,
    allow_symbols: bool = False,
) -> tuple[pd.Series, pd.Series]:
    """Parse a text column into floats; return (values, missing reasons).

    Raises ``ImportValidationError`` naming file, line and field for text that
    is not a number, for a negative count, or for a required empty field.
    """
    file_name = str(frame.attrs.get("file", "Tabelle"))
    decimal_comma = frame.attrs.get("separator") == ";"
    start = first_row(file_name)
    lines = (
        frame["_line"]
        if "_line" in frame.columns
        else pd.Series(range(start, len(frame) + start), index=frame.index)
    )
    values: list[float] = []
    reasons: list[str] = []
    for raw, line in zip(frame[column].tolist(), lines.tolist(), strict=True):
        parsed = parse_number(raw, decimal_comma)
        if parsed.reason == "ungültig":
            raise located_error(file_name, int(line), column, f"„{raw}“ ist keine Zahl.")
        if parsed.reason and parsed.reason != "leer" and not allow_symbols:
            raise located_error(
                file_name, int(line), column, f"Symbol „{raw}“ ist in diesem Feld nicht erlaubt."
            )
        if parsed.reason == "leer" and required:
            raise located_error(file_name, int(line), column, "Pflichtfeld ist leer.")
        if non_negative and parsed.value < 0:
            raise located_error(
                file_name, int(line), column, f"negative Anzahl ({raw}) ist nicht zulässig."
            )
        values.append(parsed.value)
        reasons.append(parsed.reason)
    return (
        pd.Series(values, index=frame.index, dtype="float64"),
        pd.Series(reasons, index=frame.index, dtype="object"),
    )
