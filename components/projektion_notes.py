"""Method note of the page Bevölkerungsprognose: every assumption with its source (German text)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from components.formatting import fmt_number
from data_layer.projection_data import BaseRates


def _source(block: dict[str, Any]) -> str:
    src = block.get("source") or {}
    parts = [src.get("publisher"), src.get("table") or src.get("publication"), src.get("licence")]
    return ", ".join(str(p) for p in parts if p)


def method_note(params: dict[str, Any], rates: BaseRates, base: str, start: str) -> None:
    """Render the method note (assumptions, sources, limits)."""
    b = params["base_rates_berlin"]
    d = params["defaults"]
    kbv = params["kbv14_source"]
    st.markdown(
        f"""
**Verfahren.** Kohorten-Komponenten-Methode nach Einzelaltersjahren (0 bis 100 und älter) und Geschlecht
für jeden der Planungsräume (LOR 2021), in Jahresschritten vom 31.12. zum 31.12. Gröbere Ebenen
(Bezirksregion, Prognoseraum, Bezirk, Berlin) sind Summen der Planungsräume. Je Jahr und Gebiet gilt:
Bevölkerung = Vorjahr + Geburten − Sterbefälle + Wanderungssaldo (Prüftabelle in der Ansicht „Bilanz“).

**Basisbevölkerung.** Einwohnerregister am {base} (Amt für Statistik Berlin-Brandenburg, CC BY 3.0 DE).
Die veröffentlichten Altersgruppen werden auf Einzelalter verteilt: innerhalb jeder Gruppe nach der
stationären Bevölkerung der Sterbetafel (fast gleichmäßig bis 60, danach fallend); die Summe jeder Gruppe
bleibt erhalten. Die Aufteilung auf Männer und Frauen trifft die veröffentlichte Zahl der Frauen je
Planungsraum genau (Altersverlauf des Frauenanteils aus der Sterbetafel).

**Geburten.** Altersprofil der Geburtenziffern Deutschlands {rates.asfr_year} ({_source(b["asfr_shape"])}),
skaliert auf die Berliner zusammengefasste Geburtenziffer {fmt_number(rates.tfr, 2)} Kinder je Frau
({b["tfr_berlin"]["year"]}; {_source(b["tfr_berlin"])}). Der Schieberegler skaliert dieses Profil.
Geschlechterverhältnis bei Geburt {fmt_number(rates.sex_ratio_at_birth, 4)} Jungen je Mädchen
({_source(d["sex_ratio_at_birth"])}, Summe 2015–2024).

**Sterblichkeit.** Sterbetafel {rates.life_table_period} Deutschlands ({_source(b["life_table"])}), mit einem
Faktor je Geschlecht auf die Berliner Lebenserwartung {fmt_number(rates.e0[0], 2)} (Männer) und
{fmt_number(rates.e0[1], 2)} Jahre (Frauen) umgerechnet ({_source(b["e0_berlin"])}, {b["e0_berlin"]["period"]}).
Die Schieberegler setzen die Lebenserwartung bei Geburt; alle Sterbewahrscheinlichkeiten werden dafür mit
einem gemeinsamen Faktor multipliziert.

**Wanderung.** Saldo je Planungsraum, Alter und Geschlecht aus der beobachteten Veränderung {start} bis {base}
(Restgrößenmethode: Veränderung minus Geburten und Sterbefälle), als Jahresdurchschnitt fortgeschrieben.
Dieser Zeitraum enthält den Zuzug aus der Ukraine 2022; deshalb ergibt die mittlere Variante ein starkes
Wachstum. Der Schieberegler „Wanderung“ vervielfacht den Saldo (1 = wie im Basiszeitraum, 0 = keine Wanderung).
Übersteigt eine Abwanderung die vorhandenen Personen, wird sie gekappt.

**Neubau (optional).** Wohnungen × Personen je Wohnung ziehen im Fertigstellungsjahr zusätzlich zu; sie
verteilen sich nach der Altersstruktur des Planungsraums. Die Belegung ist Ihre Annahme.

**Varianten.** Annahmen der {kbv["publication"].split("–")[0].strip()} ({kbv["publisher"]}, {kbv["year"]}):
niedrig = G1-L1-W1, mittel = G2-L2-W2, hoch = G3-L3-W3 (Geburtenziffer und Lebenserwartung für 2060,
linear vom Basiswert erreicht). Der Wanderungsfaktor ist das Verhältnis der bundesweiten Wanderungssalden
(147 000 / 221 000 = 0,665 und 311 000 / 221 000 = 1,407) – seine Übertragung auf Berlin ist eine Annahme.
Es handelt sich **nicht** um die amtliche Bevölkerungsprognose Berlins.

**Eckwert.** Es ist kein amtlicher Eckwert in der Datenbasis hinterlegt. Wahlweise wird die Summe der
Planungsräume jedes Jahr auf die mittlere Variante für Berlin oder auf einen von Ihnen eingegebenen
Endwert (gerade Linie ab dem Basisjahr) angeglichen; die Anpassung wird als Wanderung gebucht.

**Unsicherheit.** Gebiete unter {fmt_number(d["min_area_size"]["value"], 0)} Einwohnerinnen und Einwohnern
werden als unsicher gekennzeichnet (kleinräumige Prognosen schwanken dort stark). Die Rückrechnung zeigt,
wie gut das Verfahren in der Vergangenheit war.
"""
    )
