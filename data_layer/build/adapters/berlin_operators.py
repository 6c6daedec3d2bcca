"""Operator types (``OPERATOR_TYPES``) of Berlin facilities, from published fields only.

Rules, applied in this order – the first that applies wins, nothing is guessed:

1. **Category field of the source** (exact values):

   * Kitas (WFS ``t_art``; the Kitaliste 2026 via ``sponsor_id`` = WFS ``t_nr``):
     ``Eigenbetrieb`` → öffentlich (the five Kita-Eigenbetriebe of the Land);
     ``Diakonisches Werk``, ``Deutscher Caritasverband``, ``Arbeiterwohlfahrt``
     (member of a Spitzenverband der Freien Wohlfahrtspflege) → frei-gemeinnützig;
     ``EKT`` (Eltern-Initiativ-Kita) and ``Sonstiger freier Träger`` → rule 2.
   * Youth centres (``t_art``): ``öffentlicher Träger`` → öffentlich;
     ``freier Träger`` → rule 2.
   * Nursing homes (``traegerverbandkurz``, the provider association):
     ``n.o.-komm.`` (not organised, kommunal) → öffentlich; ``Diakonie``, ``Caritas``,
     ``AWO``, ``DPW``, ``DRK`` (Freie Wohlfahrtspflege) → frei-gemeinnützig;
     ``bpa``, ``VDAB``, ``VPK`` (associations of private providers) → privat;
     all others (``n.o.``, ``BKG``, ``B.A.H.``, ``EVAP``, ``AVG``, ``APH``) → rule 2.
   * Schools (``traeger``): ``öffentlich`` → öffentlich; ``privat`` → privat
     (Schule in freier Trägerschaft as published – not necessarily commercial).

2. **Operator name** (case-insensitive patterns, :data:`NAME_RULES`):

   * öffentlich: Bezirksamt, "Eigenbetrieb von Berlin", Land Berlin,
     Senatsverwaltung, Vivantes (company owned by the Land Berlin);
   * frei-gemeinnützig: gGmbH/gUG/gAG, "gemeinnützig", e. V. (Idealverein,
     § 21 BGB), KdöR (churches, Humanistischer Verband), church and religious
     bodies (Kirchengemeinde, Kirchenkreis, Erzbistum, evangelisch, katholisch,
     Jüdische Gemeinde), Diakonie/Caritas/AWO/Paritätischer/DRK/Volkssolidarität;
   * privat: GbR, OHG, KG, e. K., "Inh." – partnerships and sole traders cannot
     be gemeinnützig (§ 51 AO: only Körperschaften).

3. Otherwise **unbekannt**. In particular a plain "GmbH" stays unbekannt: many
   gemeinnützige GmbH do not carry the "g" in their name.
"""

from __future__ import annotations

import re

import pandas as pd

OEFFENTLICH = "öffentlich"
GEMEINNUETZIG = "frei-gemeinnützig"
PRIVAT = "privat"
UNBEKANNT = "unbekannt"

#: Category values per source field; ``None`` means "decide by name (rule 2)".
KITA_T_ART: dict[str, str | None] = {
    "Eigenbetrieb": OEFFENTLICH,
    "Diakonisches Werk": GEMEINNUETZIG,
    "Deutscher Caritasverband": GEMEINNUETZIG,
    "Arbeiterwohlfahrt": GEMEINNUETZIG,
    "EKT": None,
    "Sonstiger freier Träger": None,
}
JFE_T_ART: dict[str, str | None] = {"öffentlicher Träger": OEFFENTLICH, "freier Träger": None}
PFLEGE_VERBAND: dict[str, str | None] = {
    "n.o.-komm.": OEFFENTLICH,
    "Diakonie": GEMEINNUETZIG,
    "Caritas": GEMEINNUETZIG,
    "AWO": GEMEINNUETZIG,
    "DPW": GEMEINNUETZIG,
    "DRK": GEMEINNUETZIG,
    "bpa": PRIVAT,
    "VDAB": PRIVAT,
    "VPK": PRIVAT,
}
SCHULE_TRAEGER: dict[str, str | None] = {"öffentlich": OEFFENTLICH, "privat": PRIVAT}

#: Name patterns, checked in this order.
NAME_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        OEFFENTLICH,
        re.compile(
            r"\bbezirksamt\b|eigenbetrieb von berlin|\bland berlin\b|senatsverwaltung|^vivantes\b",
            re.I,
        ),
    ),
    (
        GEMEINNUETZIG,
        re.compile(
            r"\bg(?:gmbh|ug|ag)\b|gemeinnützig|\be\.\s?v\b|\bkdör\b|körperschaft des öffentlichen rechts"
            r"|kirchengemeinde|kirchenkreis|erzbistum|\bevangelisch|\bkatholisch|jüdische gemeinde"
            r"|\bdiakoni|caritas|arbeiterwohlfahrt|\bawo\b"
            r"|paritätisch|rotes kreuz|\bdrk\b|volkssolidarität",
            re.I,
        ),
    ),
    (PRIVAT, re.compile(r"\bgbr\b|\bohg\b|\bkg\b|\be\.\s?k\.|\binh\.", re.I)),
)


def operator_type_from_name(name: object) -> str:
    """Operator type from the legal form or a public body in the name (rule 2), else unbekannt.

    >>> operator_type_from_name("Kinderladen Rotkappe e. V.")
    'frei-gemeinnützig'
    >>> operator_type_from_name("Bezirksamt Mitte von Berlin")
    'öffentlich'
    >>> operator_type_from_name("Kleiner Fratz GmbH")
    'unbekannt'
    """
    if not isinstance(name, str) or not name.strip():
        return UNBEKANNT
    for operator_type, pattern in NAME_RULES:
        if pattern.search(name):
            return operator_type
    return UNBEKANNT


def classify_operators(
    categories: pd.Series, names: pd.Series, rules: dict[str, str | None]
) -> pd.Series:
    """Rule 1 by ``categories`` (exact values in ``rules``), then rule 2 by ``names``.

    A category value missing from ``rules`` also falls through to rule 2.
    """
    by_category = categories.map(lambda c: rules.get(c) if isinstance(c, str) else None)
    by_name = names.map(operator_type_from_name)
    return by_category.where(by_category.notna(), by_name).astype(str)
