"""Contributions (Beiträge) of Ämter and freie Träger: read and check one folder on its own.

A contribution is a folder with ``beitrag.yaml`` (publisher, kind, Stand, licence …) and one
or more tables in the template formats of ``data/vorlagen/`` (CSV or XLSX, German column
names): ``einrichtungen`` (facilities with places, occupancy and waiting list), ``angebote``
(offers per area) and ``kennzahlen`` (indicator values per area). Every problem is collected
as a :class:`Finding` naming file, row and field, so that the German report
(:func:`report_text`) lists all of them at once. Merging into the store:
:mod:`data_layer.build.contributions_merge`. Format: ``docs/beitraege.md``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from data_layer.build.package import OPERATOR_TYPES
from data_layer.build.readers import parse_number, read_table
from data_layer.build.validate_columns import iso_date
from data_layer.build.yaml_lines import line_of, load_yaml
from data_layer.errors import ImportValidationError

MANIFEST = "beitrag.yaml"
KINDS = ("Amt", "Träger")
MANIFEST_KEYS = (
    "kennung", "herausgeber", "art", "stand", "lizenz", "namensnennung", "kontakt",
    "beschreibung", "gebietssystem", "kennung_praefix", "vorrang", "oeffentlich",
)  # fmt: skip
REQUIRED_KEYS = ("herausgeber", "art", "stand", "lizenz", "gebietssystem")


@dataclass(frozen=True)
class Column:
    """One template column: internal key, German header, whether required, kind."""

    key: str
    header: str
    required: bool
    kind: str  # "text", "number" (non-negative), "value" (any number), "operator_type"
    help: str


#: The three tables a contribution may hold, with their German template columns.
TABLES: dict[str, tuple[Column, ...]] = {
    "einrichtungen": (
        Column("facility_id", "Kennung", True, "text", "Einrichtungsnummer (eindeutig)"),
        Column("name", "Name", False, "text", "Name der Einrichtung (Pflicht bei neuen)"),
        Column("service_type", "Leistungsart", False, "text", "z. B. Kita, Pflegeheim"),
        Column("operator", "Träger", False, "text", "Name des Trägers"),
        Column("operator_type", "Trägerart", False, "operator_type",
               "öffentlich, frei-gemeinnützig, privat oder leer"),
        Column("capacity", "Plätze", False, "number", "genehmigte Plätze"),
        Column("occupied", "Belegte Plätze", False, "number", "belegte Plätze am Stand"),
        Column("waiting_list", "Warteliste", False, "number", "Kinder/Personen auf der Warteliste"),
        Column("lon", "Längengrad", False, "value", "z. B. 13,40 (Pflicht bei neuen)"),
        Column("lat", "Breitengrad", False, "value", "z. B. 52,52 (Pflicht bei neuen)"),
        Column("area_id", "Gebiet", False, "text", "Gebietsschlüssel (sonst aus der Lage)"),
    ),
    "angebote": (
        Column("area_id", "Gebiet", True, "text", "Gebietsschlüssel"),
        Column("offer", "Angebot", True, "text", "Art des Angebots"),
        Column("count", "Anzahl", True, "number", "Anzahl der Angebote"),
    ),
    "kennzahlen": (
        Column("indicator_id", "Kennzahl", True, "text", "Kennung aus dem Indikatorenkatalog"),
        Column("area_id", "Gebiet", True, "text", "Gebietsschlüssel"),
        Column("period", "Zeitraum", True, "text", "Stichtag JJJJ-MM-TT oder Jahr JJJJ"),
        Column("value", "Wert", True, "value", "der Wert"),
        Column("numerator", "Zähler", False, "value", "optional"),
        Column("denominator", "Nenner", False, "value", "optional"),
    ),
}  # fmt: skip


def fold(text: str) -> str:
    """Header key without case, umlauts, spaces and punctuation.

    >>> fold("Belegte Plätze"), fold("belegte_plaetze")
    ('belegteplaetze', 'belegteplaetze')
    """
    s = text.strip().lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return re.sub(r"[^a-z0-9]", "", s.replace("ß", "ss"))


@dataclass(frozen=True)
class Finding:
    """One problem: ``level`` is "Fehler" (blocks the import) or "Warnung"."""

    file: str
    row: int | None
    field: str | None
    message: str
    level: str = "Fehler"

    def text(self) -> str:
        where = f"Datei {self.file}"
        if self.row is not None:
            where += f", Zeile {self.row}"
        if self.field is not None:
            where += f", Feld „{self.field}“"
        prefix = "Warnung: " if self.level == "Warnung" else ""
        return f"{prefix}{where}: {self.message}"


@dataclass
class Contribution:
    """One contribution as read from its folder (tables with internal column names)."""

    contribution_id: str
    folder: Path
    publisher: str = ""
    kind: str = ""
    stand: str = ""
    licence: str = ""
    attribution: str = ""
    contact: str = ""
    description: str = ""
    system_code: str = ""
    id_prefix: str = ""
    priority: bool = False
    public: bool = True
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # table -> file name
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(f.level == "Fehler" for f in self.findings)

    def label(self) -> str:
        """ "Herausgeber (Stand TT.MM.JJJJ)" as source lines name it."""
        return f"{self.publisher} (Stand {german_date(self.stand)})"


def german_date(iso: str) -> str:
    """>>> german_date("2026-01-01"), german_date("2024")
    ('01.01.2026', '2024')
    """
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso)
    return f"{m.group(3)}.{m.group(2)}.{m.group(1)}" if m else iso


def _yes(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("ja", "true", "1"):
        return True
    if text in ("nein", "false", "0"):
        return False
    return None


def read_contribution(folder: Path) -> Contribution:
    """Read and check one contribution folder; every problem becomes a finding."""
    slug = re.sub(r"[^a-z0-9_-]+", "_", folder.name.lower()).strip("_") or "beitrag"
    c = Contribution(contribution_id=slug, folder=folder)
    path = folder / MANIFEST
    if not path.is_file():
        c.findings.append(Finding(MANIFEST, None, None, "Datei fehlt (Beschreibung des Beitrags)."))
        return c
    try:
        meta = load_yaml(path, MANIFEST)
    except ImportValidationError as exc:
        c.findings.append(Finding(MANIFEST, exc.row, exc.field, exc.detail))
        return c
    if not isinstance(meta, dict):
        c.findings.append(Finding(MANIFEST, None, None, "erwartet Schlüssel wie „herausgeber: …“."))
        return c
    _read_manifest(c, meta)
    for table, columns in TABLES.items():
        _read_table(c, table, columns)
    if not c.tables and c.ok:
        c.findings.append(
            Finding(folder.name, None, None, "keine Tabelle gefunden (einrichtungen, angebote "
                    "oder kennzahlen als .csv oder .xlsx).")
        )  # fmt: skip
    return c


def _read_manifest(c: Contribution, meta: dict[str, Any]) -> None:
    for key in meta:
        if key not in MANIFEST_KEYS:
            c.findings.append(
                Finding(MANIFEST, line_of(meta, key), str(key),
                        f"unbekannter Schlüssel (erlaubt: {', '.join(MANIFEST_KEYS)}).")
            )  # fmt: skip
    for key in REQUIRED_KEYS:
        if not str(meta.get(key) or "").strip():
            c.findings.append(Finding(MANIFEST, line_of(meta), key, "Pflichtangabe fehlt."))
    text = {k: str(meta.get(k) or "").strip() for k in MANIFEST_KEYS}
    if text["kennung"]:
        if not re.fullmatch(r"[a-z0-9_-]+", text["kennung"]):
            c.findings.append(Finding(MANIFEST, line_of(meta, "kennung"), "kennung",
                                      "nur Kleinbuchstaben, Ziffern, _ und - erlaubt."))  # fmt: skip
        else:
            c.contribution_id = text["kennung"]
    if text["art"] and text["art"] not in KINDS:
        c.findings.append(Finding(MANIFEST, line_of(meta, "art"), "art",
                                  f"„{text['art']}“ (erlaubt: Amt, Träger)."))  # fmt: skip
    stand = iso_date(text["stand"]) if text["stand"] else ""
    if stand is None:
        c.findings.append(Finding(MANIFEST, line_of(meta, "stand"), "stand",
                                  f"„{text['stand']}“ ist kein Datum (TT.MM.JJJJ oder JJJJ-MM-TT)."))  # fmt: skip
    for key, default in (("vorrang", False), ("oeffentlich", True)):
        value = _yes(meta[key]) if key in meta else default
        if value is None:
            c.findings.append(Finding(MANIFEST, line_of(meta, key), key, "erlaubt: ja oder nein."))
            value = default
        setattr(c, "priority" if key == "vorrang" else "public", value)
    c.publisher, c.kind, c.stand = text["herausgeber"], text["art"], stand or ""
    c.licence, c.contact, c.description = text["lizenz"], text["kontakt"], text["beschreibung"]
    c.attribution = text["namensnennung"] or f"© {c.publisher}"
    c.system_code, c.id_prefix = text["gebietssystem"], text["kennung_praefix"] or c.contribution_id


def _read_table(c: Contribution, table: str, columns: tuple[Column, ...]) -> None:
    paths = [p for p in (c.folder / f"{table}.csv", c.folder / f"{table}.xlsx") if p.is_file()]
    if not paths:
        return
    if len(paths) > 1:
        c.findings.append(Finding(f"{table}.csv", None, None,
                                  f"„{table}.csv“ und „{table}.xlsx“ – bitte nur eine der beiden."))  # fmt: skip
        return
    path = paths[0]
    name = path.name
    try:
        raw = read_xlsx(path) if path.suffix == ".xlsx" else read_table(path)
    except ImportValidationError as exc:
        c.findings.append(Finding(name, exc.row, exc.field, exc.detail))
        return
    by_fold = {fold(h): h for h in raw.columns if h != "_line"}
    headers = {fold(col.header): col for col in columns} | {fold(col.key): col for col in columns}
    for folded, original in by_fold.items():
        if folded not in headers:
            allowed = ", ".join(col.header for col in columns)
            c.findings.append(
                Finding(name, 1, original, f"unbekannte Spalte (erlaubt: {allowed}).")
            )
    out = pd.DataFrame(index=raw.index)
    out["_line"] = raw["_line"].astype(int)
    for col in columns:
        source = next((by_fold[k] for k in (fold(col.header), fold(col.key)) if k in by_fold), None)
        if source is None:
            if col.required:
                c.findings.append(Finding(name, 1, col.header, "Pflichtspalte fehlt."))
            out[col.key] = None
            continue
        out[col.key] = pd.Series(
            _cells(c, name, raw, source, col, raw.attrs.get("separator") == ";"),
            index=raw.index,
            dtype=object,
        )
    c.tables[table] = out
    c.files[table] = name


def _cells(
    c: Contribution, name: str, raw: pd.DataFrame, source: str, col: Column, comma: bool
) -> list[object]:
    values: list[object] = []
    for cell, line in zip(raw[source].tolist(), raw["_line"].tolist(), strict=True):
        text = "" if cell is None or (isinstance(cell, float) and math.isnan(cell)) else str(cell)
        text = text.strip()
        where = (name, int(line), col.header)
        if text == "":
            if col.required:
                c.findings.append(Finding(*where, "Pflichtfeld ist leer."))
            values.append(None if col.kind in ("text", "operator_type") else math.nan)
            continue
        if col.kind in ("number", "value"):
            parsed = parse_number(cell if isinstance(cell, int | float) else text, comma)
            if parsed.reason:
                c.findings.append(Finding(*where, f"„{text}“ ist keine Zahl."))
            elif col.kind == "number" and parsed.value < 0:
                c.findings.append(Finding(*where, f"negative Anzahl ({text}) ist nicht zulässig."))
            values.append(parsed.value)
        elif col.kind == "operator_type" and text not in OPERATOR_TYPES:
            c.findings.append(Finding(*where, f"„{text}“ (erlaubt: {', '.join(OPERATOR_TYPES)})."))
            values.append(None)
        else:
            values.append(text)
    return values


def read_xlsx(path: Path) -> pd.DataFrame:
    """First sheet of an XLSX file as a frame with ``_line`` (the Excel row number)."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook gets the same message
        raise ImportValidationError(
            path.name, None, None, "keine lesbare Excel-Datei (.xlsx)."
        ) from exc
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    if not rows or rows[0] is None:
        raise ImportValidationError(path.name, None, None, "Datei ist leer.")
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    body = []
    for line, row in enumerate(rows[1:], start=2):
        cells = list(row) + [None] * (len(header) - len(row))
        if all(v is None or str(v).strip() == "" for v in cells):
            continue
        body.append([*cells[: len(header)], line])
    frame = pd.DataFrame(body, columns=[*header, "_line"], dtype=object)
    frame = frame.loc[:, [h != "" for h in frame.columns]]
    frame.attrs["file"] = path.name
    return frame


def report_text(contributions: list[Contribution]) -> str:
    """The German validation report: per contribution its tables, problems and the result."""
    lines: list[str] = []
    for c in contributions:
        head = f"Beitrag „{c.contribution_id}“"
        if c.publisher:
            head += f" von {c.label()}"
        lines.append(head)
        for table, frame in c.tables.items():
            lines.append(f"  {c.files[table]}: {len(frame)} Zeilen gelesen")
        mine = c.findings
        for finding in mine:
            lines.append(f"  {finding.text()}")
        errors = sum(f.level == "Fehler" for f in mine)
        lines.append(
            "  Ergebnis: in Ordnung – der Beitrag kann übernommen werden."
            if errors == 0
            else f"  Ergebnis: {errors} Fehler – der Beitrag kann so nicht übernommen werden."
        )
    return "\n".join(lines)
