"""Export files for German office software: CSV (UTF-8 with BOM, ``;``, decimal comma) and XLSX.

Every export names its source, the data date and the data version (footer rows
in CSV, a "Quelle" sheet in XLSX). No streamlit import: usable from tests and bench.
"""

from __future__ import annotations

import io

import pandas as pd


def _german_cells(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col]):
            out[col] = out[col].map(lambda v: "" if pd.isna(v) else f"{v:.6g}".replace(".", ","))
    return out


def source_text(source: str) -> str:
    """The source without a leading "Quelle:" (the files add their own label).

    >>> source_text("Quelle: Einwohnerregister · Stand: 31.12.2024")
    'Einwohnerregister · Stand: 31.12.2024'
    >>> source_text("INKAR 2025")
    'INKAR 2025'
    """
    text = source.strip()
    return text[len("Quelle:") :].strip() if text.lower().startswith("quelle:") else text


def csv_bytes(frame: pd.DataFrame, *, source: str, stamp: str, data_date: str = "") -> bytes:
    """CSV that German Excel opens correctly; source lines follow the table."""
    buf = io.StringIO()
    _german_cells(frame).to_csv(buf, sep=";", index=False, lineterminator="\r\n")
    buf.write("\r\n")
    buf.write(f"Quelle: {source_text(source)}\r\n")
    if data_date:
        buf.write(f"Datenstand: {data_date}\r\n")
    buf.write(f"{stamp}\r\n")
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def xlsx_bytes(
    frame: pd.DataFrame, *, source: str, stamp: str, data_date: str = "", sheet: str = "Daten"
) -> bytes:
    """XLSX with the table and a sheet "Quelle" holding source, data date and version."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        frame.to_excel(xw, sheet_name=sheet[:31], index=False)
        info = pd.DataFrame(
            {
                "Angabe": ["Quelle", "Datenstand", "Datenversion"],
                "Wert": [source_text(source), data_date or "siehe Quelle", stamp],
            }
        )
        info.to_excel(xw, sheet_name="Quelle", index=False)
    return buf.getvalue()
