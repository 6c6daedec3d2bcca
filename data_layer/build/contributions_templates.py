"""Write the contribution templates ``data/vorlagen/`` (CSV and XLSX, German column names).

``python -m data_layer.build.contributions_templates`` rewrites them. Each table gets one
filled example row from real data (the Kitaliste of the Senatsverwaltung für Bildung, Jugend
und Familie, Stand 01.2026, and the Monitoring Soziale Stadtentwicklung 2021 of the example
package ``tests/fixtures/datenpaket_mitte``); occupancy and waiting list stay empty because
no published source has them. The XLSX files carry a second sheet "Erläuterung".
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from data_layer.build.contributions import TABLES
from data_layer.paths import PROJECT_ROOT

OUT = PROJECT_ROOT / "data" / "vorlagen"
KITALISTE = (
    PROJECT_ROOT / "data" / "raw" / "berlin_lor" / "facilities" / "berlin_kitaliste_2026-01.csv"
)

MANIFEST = """\
# Beschreibung des Beitrags (Anleitung: docs/beitraege.md)
kennung: beispiel_traeger          # Kleinbuchstaben, Ziffern, _ und -
herausgeber: "GFJ - gemeinnützige Gesellschaft für Familien- und Jugendhilfe mbH"
art: Träger                        # Amt oder Träger
stand: "01.01.2026"                # Stand der Angaben
lizenz: "CC BY 3.0 DE"
kontakt: ""                        # z. B. Name und E-Mail der Ansprechperson
beschreibung: "Vorlage mit einer Beispielzeile aus der Kitaliste der SenBJF (Stand 01.2026)"
gebietssystem: mitte               # Kürzel des Gebietssystems (trägt das Amt ein)
kennung_praefix: kita              # vor die Einrichtungsnummer gesetzt (trägt das Amt ein)
vorrang: nein                      # ja: bei abweichenden Plätzen gilt dieser Beitrag
oeffentlich: ja                    # nein: nur in der internen Fassung (Belegung, Warteliste)
"""


def example_rows() -> dict[str, dict[str, object]]:
    """One real example row per table (German headers → value)."""
    kl = pd.read_csv(KITALISTE, dtype=str)
    kita = kl[kl["id"] == "01010010"].iloc[0]
    n_kitas = int((kl["plr_id"] == kita["plr_id"]).sum())
    return {
        "einrichtungen": {
            "Kennung": kita["id"], "Name": kita["name"], "Leistungsart": "Kita",
            "Träger": kita["sponsor_name"], "Trägerart": "frei-gemeinnützig",
            "Plätze": int(kita["places"]), "Belegte Plätze": None, "Warteliste": None,
            "Längengrad": round(float(kita["lon"]), 6), "Breitengrad": round(float(kita["lat"]), 6),
            "Gebiet": kita["plr_id"],
        },
        "angebote": {"Gebiet": kita["plr_id"], "Angebot": "Kita", "Anzahl": n_kitas},
        "kennzahlen": {
            "Kennzahl": "mss_s1", "Gebiet": "01100101", "Zeitraum": "2020-12-31",
            "Wert": 4.22594, "Zähler": None, "Nenner": None,
        },
    }  # fmt: skip


def _german(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(value).replace(".", ",")
    return str(value)


def write_templates(out: Path = OUT) -> list[Path]:
    """Two ready contribution folders: ``csv/`` (``;``, UTF-8 with BOM) and ``xlsx/``, each with
    ``beitrag.yaml`` and the three tables."""
    written = []
    for sub in ("csv", "xlsx"):
        (out / sub).mkdir(parents=True, exist_ok=True)
        (out / sub / "beitrag.yaml").write_text(MANIFEST, encoding="utf-8")
        written.append(out / sub / "beitrag.yaml")
    for table, row in example_rows().items():
        columns = TABLES[table]
        headers = [c.header for c in columns]
        csv = ";".join(headers) + "\r\n" + ";".join(_german(row[h]) for h in headers) + "\r\n"
        (out / "csv" / f"{table}.csv").write_bytes(("\ufeff" + csv).encode("utf-8"))
        frame = pd.DataFrame([[row[h] for h in headers]], columns=headers)
        help_rows = pd.DataFrame(
            {
                "Spalte": headers,
                "Pflicht": ["ja" if c.required else "nein" for c in columns],
                "Bedeutung": [c.help for c in columns],
            }
        )
        with pd.ExcelWriter(out / "xlsx" / f"{table}.xlsx", engine="openpyxl") as xw:
            frame.to_excel(xw, sheet_name=table.capitalize(), index=False)
            help_rows.to_excel(xw, sheet_name="Erläuterung", index=False)
        written += [out / "csv" / f"{table}.csv", out / "xlsx" / f"{table}.xlsx"]
    return written


if __name__ == "__main__":
    for path in write_templates():
        print(path.relative_to(PROJECT_ROOT))
