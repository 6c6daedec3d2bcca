"""Method note of the page Bevölkerungsprognose: every assumption with its source (German text)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from components.formatting import fmt_number, fmt_signed
from data_layer.read.projection_inputs import BaseRates, area_rate_settings
from data_layer.read.projection_scope import ProjectionScope, rates_block
from data_layer.read.projection_volume import VolumeAssumption
from indicators.projection.volume import round_to_step


def _source(block: dict[str, Any]) -> str:
    src = block.get("source") or {}
    parts = [src.get("publisher"), src.get("table") or src.get("publication"), src.get("licence")]
    return ", ".join(str(p) for p in parts if p)


def _observed(params: dict[str, Any]) -> str:
    rows = params["net_migration_volume"]["observed"]["values"]
    return "; ".join(f"{r['year']}: {fmt_signed(float(r['value']), 0)}" for r in rows)


@dataclass(frozen=True)
class NoteInputs:
    """Everything the method note cites: parameters, base rates, periods, volumes, scope."""

    params: dict[str, Any]
    rates: BaseRates
    base: str
    start: str
    volumes: VolumeAssumption
    scope: ProjectionScope


def method_note(
    params: dict[str, Any],
    rates: BaseRates,
    base: str,
    start: str,
    volumes: VolumeAssumption,
    scope: ProjectionScope,
) -> None:
    """Render the method note (assumptions, sources, limits) for the projected Kommune."""
    n = NoteInputs(params, rates, base, start, volumes, scope)
    st.markdown(_method_text(n) + _migration_text(n) + _assumptions_text(n))


def _method_text(n: NoteInputs) -> str:
    """Method, base population, births and mortality."""
    place, level, scope, base, rates = n.scope.place, n.scope.level, n.scope, n.base, n.rates
    b, d = rates_block(n.params), n.params["defaults"]
    return f"""
**Verfahren.** Kohorten-Komponenten-Methode nach Einzelaltersjahren (0 bis 100 und älter) und Geschlecht
für jedes Gebiet der Ebene „{level}“ ({place}), in Jahresschritten vom 31.12. zum 31.12. Gröbere Ebenen
sind Summen dieser Gebiete. Je Jahr und Gebiet gilt:
Bevölkerung = Vorjahr + Geburten − Sterbefälle + Wanderungssaldo (Prüftabelle in der Ansicht „Bilanz“).

**Basisbevölkerung.** {scope.population_source} am {base}.
Die veröffentlichten Altersgruppen werden auf Einzelalter verteilt: innerhalb jeder Gruppe nach der
stationären Bevölkerung der Sterbetafel (fast gleichmäßig bis 60, danach fallend); die Summe jeder Gruppe
bleibt erhalten. Die Aufteilung auf Männer und Frauen trifft die veröffentlichte Zahl der Frauen je
Gebiet genau (Altersverlauf des Frauenanteils aus der Sterbetafel).

**Geburten.** Altersprofil der Geburtenziffern Deutschlands {rates.asfr_year} ({_source(b["asfr_shape"])}),
skaliert auf {_tfr_words(b, place)}, {fmt_number(rates.tfr, 2)} Kinder je Frau
({b["tfr"]["year"]}; {_source(b["tfr"])}). Der Schieberegler skaliert dieses Profil.
Je Gebiet wird es mit einem Faktor aus dem Verhältnis der Kinder unter 6 zu den Frauen von 15 bis 44
Jahren im Vergleich zu {place} gewichtet; bei wenigen Frauen wird der Faktor zum Wert von {place} gezogen
(empirisch-bayesianische Schätzung).
Geschlechterverhältnis bei Geburt {fmt_number(rates.sex_ratio_at_birth, 4)} Jungen je Mädchen
({_source(d["sex_ratio_at_birth"])}, Summe 2015–2024).

**Sterblichkeit.** Sterbetafel {rates.life_table_period} Deutschlands ({_source(b["life_table"])}), {_e0_words(b, place)},
{fmt_number(rates.e0[0], 2)} (Männer) und {fmt_number(rates.e0[1], 2)} Jahre (Frauen)
({_source(b["e0"])}, {b["e0"]["period"]}).
Die Schieberegler setzen die Lebenserwartung bei Geburt; alle Sterbewahrscheinlichkeiten werden dafür mit
einem gemeinsamen Faktor multipliziert.

"""


def _tfr_words(b: dict[str, Any], place: str) -> str:
    """Whose TFR scales the profile (``geschätzt`` when the Kommune has none of its own)."""
    if b.get("estimated"):
        return (
            f"die zusammengefasste Geburtenziffer {b['tfr']['place']} (geschätzt: für {place} ist "
            "keine eigene hinterlegt)"
        )
    return f"die zusammengefasste Geburtenziffer von {place}"


def _e0_words(b: dict[str, Any], place: str) -> str:
    """Whose life expectancy the life table is scaled to."""
    if b.get("estimated"):
        return (
            f"unverändert (geschätzt: für {place} ist keine eigene Lebenserwartung hinterlegt); "
            "Lebenserwartung bei Geburt"
        )
    return f"mit einem Faktor je Geschlecht auf die Lebenserwartung in {place} umgerechnet"


def _volume_text(n: NoteInputs) -> str:
    """Where the net migration volume comes from: observed years and the rule, or an estimate."""
    place, nv = n.scope.place, n.params["net_migration_volume"]
    if not nv.get("observed"):
        return (
            f"Für {place} ist kein gemeldeter Wanderungssaldo hinterlegt. Vorgabe für alle "
            f"Varianten: {fmt_signed(n.volumes.middle, 0)} Personen je Jahr ({n.volumes.basis})."
        )
    step = float(nv["rule"]["rounding"])
    rounded = {k: fmt_number(round_to_step(v, step), 0) for k, v in n.volumes.as_dict().items()}
    return f"""Beobachteter Wanderungssaldo von {place} ({_source(nv["observed"])}): {_observed(n.params)} Personen.
Regel (Annahme, vor der Rückrechnung festgelegt): mittel = Median, niedrig = Minimum, hoch = Mittelwert der
gemeldeten Jahre, auf 100 gerundet: niedrig {rounded["low"]}, mittel {rounded["middle"]},
hoch {rounded["high"]} Personen je Jahr."""


def _migration_text(n: NoteInputs) -> str:
    """Migration: pattern and volume, the observed values and the variants' rule."""
    place, start, base = n.scope.place, n.start, n.base
    if start == base:
        return f"""**Wanderung.** Die Datenbasis hat nur einen Stichtag ({base}): Ein Wanderungsmuster der Gebiete
lässt sich daraus nicht ablesen, eine Rückrechnung ist nicht möglich. Gerechnet wird ohne Wanderung
(nur Geburten und Sterbefälle); {n.volumes.basis}. Für ein Wanderungsmuster braucht population.csv
mindestens einen früheren Stichtag mit denselben Gebieten. Neubauvorhaben kommen zusätzlich hinzu.

"""
    k, cap = area_rate_settings(n.params)
    return f"""**Wanderung: Muster und Menge getrennt.** *Muster:* Wanderungsraten je Gebiet und Altersgruppe
(Saldo je Einwohnerin und Einwohner der Gruppe und Jahr) aus der im Register verzeichneten Veränderung {start} bis {base}
(Restgrößenmethode: Veränderung minus Geburten und Sterbefälle). Kleine Gebiete werden zum übergeordneten
Gebiet und dieses zu {place} gezogen (Gewicht n / (n + {fmt_number(k, 0)}), n = Personenjahre im Register; Annahme); Raten über
±{fmt_number(cap * 100, 0)} % je Jahr werden gekappt. *Menge:* Jedes Jahr werden alle Raten mit demselben
Faktor multipliziert, sodass der Wanderungssaldo aller Gebiete zusammen genau dem angenommenen
Wanderungssaldo von {place} entspricht. Das Muster bestimmt also, welche Gebiete und Altersgruppen gewinnen
oder verlieren, die Menge bestimmt, wie viele Menschen {place} insgesamt gewinnt. So wirkt ein Ausnahmejahr
im Basiszeitraum (etwa ein starker Zuzug von Geflüchteten) nicht als Dauerzustand fort. *Wahlweise Modellprofil* (Auswahl
„Wanderungsmuster“): alle Gebiete erhalten je Altersgruppe dieselbe Rate, den Durchschnitt von {place}
des Basiszeitraums (Saldo aller Gebiete / Einwohner aller Gebiete der Gruppe); der Saldo verteilt sich dann
nur nach dem Altersaufbau der Gebiete. Die Rückrechnung zeigt beide Muster nebeneinander.
{_volume_text(n)} Der Schieberegler „Wanderungssaldo je Jahr“ setzt diese Menge
(0 = keine Wanderung). Neubauvorhaben kommen zusätzlich hinzu.

"""


def _assumptions_text(n: NoteInputs) -> str:
    """Housing, variants, control total and uncertainty."""
    place, rates, d = n.scope.place, n.rates, n.params["defaults"]
    kbv = n.params["kbv14_source"]
    b = rates_block(n.params)
    tfr_owner = (
        f"Wert {b['tfr']['place']} (geschätzt)" if b.get("estimated") else f"Wert von {place}"
    )
    volume_rule = (
        f"niedrig/mittel/hoch nach der Regel oben aus den gemeldeten Jahren von {place}"
        if n.params["net_migration_volume"].get("observed")
        else "ein Wert für alle Varianten (siehe oben)"
    )
    backtest = (
        "Eine Rückrechnung ist mit nur einem Stichtag nicht möglich."
        if n.start == n.base
        else "Die Rückrechnung zeigt, wie gut das Verfahren in der Vergangenheit war."
    )
    return f"""**Neubau (optional).** Wohnungen × Personen je Wohnung ziehen im Fertigstellungsjahr zusätzlich zu; sie
verteilen sich nach der Altersstruktur des Gebiets. Die Belegung ist Ihre Annahme.

**Varianten.** Lebenserwartung nach der 14. koordinierten Bevölkerungsvorausberechnung
({kbv["publisher"]}, {kbv["year"]}): niedrig, mittel, hoch = deren Annahmen „geringer“, „moderater“ und „starker Anstieg“ (Werte für 2060, linear vom Basiswert erreicht).
Geburtenziffer: mittel = {tfr_owner}, {fmt_number(rates.tfr, 2)}, niedrig/hoch mit dem Abstand der 14. kBV
(∓ 0,15) darum (Annahme). Wanderungssaldo: {volume_rule} (nicht aus der bundesweiten 14. kBV).
Es handelt sich **nicht** um die amtliche Bevölkerungsprognose für {place}.

**Eckwert.** Es ist kein amtlicher Eckwert in der Datenbasis hinterlegt. Wahlweise wird die Summe der
Gebiete jedes Jahr auf die mittlere Variante für {place} oder auf einen von Ihnen eingegebenen
Endwert (gerade Linie ab dem Basisjahr) angeglichen; die Anpassung wird als Wanderung gebucht.

**Unsicherheit.** Gebiete unter {fmt_number(d["min_area_size"]["value"], 0)} Einwohnerinnen und Einwohnern
werden als unsicher gekennzeichnet (kleinräumige Prognosen schwanken dort stark). {backtest}
"""
