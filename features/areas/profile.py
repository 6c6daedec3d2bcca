"""Section "Gebietsprofil": one area against the Kommune and its parent area, per domain."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components import chart_room, charts
from components.formatting import SUPPRESSED, fmt_int, fmt_number, fmt_period, fmt_signed
from components.url_state import seed_choice, seed_list
from features.areas import cache, tables
from features.areas.choose import choose_area
from features.areas.context import KEYS, AreaView, Params
from features.areas.series import time_series
from features.profiles import api as steckbrief
from indicators.social.profile import DEVIATION_MODES, DeviationMode, deviation_table
from indicators.social.profile import suppressed_cells as hidden_cells

#: (indicator_id, area_id) pairs whose value is hidden by disclosure control
Hidden = frozenset[tuple[str, str]]
SUPPRESSED_LEGEND = "Geheimhaltung / zu geringe Fallzahl"
DEVIATION_LABELS: dict[DeviationMode, str] = {
    "z": "in Standardabweichungen (z-Wert)",
    "percent": "in Prozent des Gesamtwerts",
}
MAX_COMPARE = 3
PROFILE_COLUMNS = ["name", "short_name", "unit", "polarity", "decimals"]


@dataclass(frozen=True)
class ProfileChoice:
    """What the profile compares: the domain, the deviation mode and up to three other areas."""

    domain: str
    mode: DeviationMode
    compare: tuple[str, ...]

    def url_params(self, area: str) -> Params:
        return {
            "themenfeld": self.domain,
            "abweichung": self.mode,
            "vergleich": ",".join(self.compare) or None,
            "gebiet": area or None,
        }


@dataclass(frozen=True)
class Subject:
    """The profiled area, its parent and the reference (id and display name each)."""

    area: str
    name: str
    local_id: str
    parent_id: str
    parent_name: str


def choose_profile(view: AreaView, area: str, areas: pd.DataFrame) -> ProfileChoice:
    """Domain ("Themenfeld"), deviation mode and comparison areas."""
    cat = view.catalogue
    domains = sorted(str(d) for d in cat["domain"].unique())
    c1, c2, c3 = st.columns([1, 1, 2])
    domain_default = view.info.domain if view.info.domain in domains else domains[0]
    seed_choice(KEYS("themenfeld"), domains, "themenfeld", domain_default)
    domain = c1.selectbox("Themenfeld", domains, key=KEYS("themenfeld"))
    modes = list(DEVIATION_MODES)
    seed_choice(KEYS("abw"), modes, "abweichung", "z")
    mode = c2.radio("Abweichung", modes, format_func=lambda m: DEVIATION_LABELS[m], key=KEYS("abw"))
    ids = [str(a) for a in areas["area_id"] if a != area]
    names = dict(zip(areas["area_id"], areas["name"], strict=True))
    seed_list(KEYS("vergleich"), ids, "vergleich", [], MAX_COMPARE)
    compare = c3.multiselect(
        "Vergleichsgebiete (bis zu 3)",
        ids,
        format_func=lambda a: str(names.get(a, a)),
        key=KEYS("vergleich"),
        max_selections=MAX_COMPARE,
        placeholder="Gebiete wählen",
    )
    return ProfileChoice(str(domain or domains[0]), mode or "z", tuple(compare))


def profile(view: AreaView) -> Params:
    """One area against the Kommune and its parent area, for all indicators of a domain."""
    area = choose_area(view)
    areas = cache.level_areas(view.system, view.level, view.within)
    choice = choose_profile(view, area, areas)
    params = choice.url_params(area)
    if not area:
        st.info("Bitte wählen Sie oben ein Gebiet (Name oder Schlüssel eintippen).")
        return params
    cat = view.catalogue
    sub = cat[(cat["domain"] == choice.domain) & (cat["aggregation"] != "sum")]
    sub = sub.set_index("indicator_id")
    if sub.empty:
        st.info("Dieses Themenfeld enthält nur Anzahlen; bitte ein anderes Themenfeld wählen.")
        return params
    row = areas.set_index("area_id").loc[area]
    subject = Subject(
        area=area,
        name=str(row["name"]),
        local_id=str(row["local_id"]),
        parent_id=str(row["parent_id"]) if pd.notna(row["parent_id"]) else "",
        parent_name=str(row["parent_name"]) if pd.notna(row["parent_name"]) else "übergeordnet",
    )
    names = {str(k): str(v) for k, v in zip(areas["area_id"], areas["name"], strict=True)}
    params["reihe"] = _profile_body(view, choice, subject, sub, names)
    return params


def _profile_body(
    view: AreaView,
    choice: ProfileChoice,
    subject: Subject,
    sub: pd.DataFrame,
    names: dict[str, str],
) -> str:
    """Chart, table, comparison and time series of the profile; returns the series shown."""
    extra = tuple(a for a in (view.ref_id, subject.parent_id, *choice.compare) if a)
    wide, used = cache.latest_matrix(tuple(sub.index), view.system, view.level, extra)
    level_ids = cache.level_areas(view.system, view.level, None)["area_id"]
    matrix = wide.reindex(index=list(level_ids))
    ref, by_mean = _reference(matrix, _row_of(wide, view.ref_id) or {})
    dev = deviation_table(matrix, subject.area, ref, choice.mode, _row_of(wide, subject.parent_id))
    prof = dev.join(sub[PROFILE_COLUMNS])
    ref_label = _reference_label(view, by_mean, len(prof))
    st.subheader(f"Profil: {subject.name} – {choice.domain}")
    steckbrief.area_button(
        view.system,
        view.level,
        subject.area,
        subject.local_id,
        KEYS("steckbrief"),
        view={**view.url_params(), **choice.url_params(subject.area)},
        compare=choice.compare,
    )
    st.caption(
        f"Abweichung von {ref_label} {DEVIATION_LABELS[choice.mode]}; "
        "z-Wert: Differenz geteilt durch die Streuung über alle Gebiete der Ebene. "
        "Je Indikator der neueste Stichtag; Anzahlen (z. B. Einwohnerzahl) werden nicht verglichen."
        + _mean_note(view, by_mean)
    )
    source = _source(sub)
    fig = _profile_figure(prof, choice.mode, subject.name, ref_label, source)
    hidden = _hidden(used, (subject.area, *extra))
    table = _profile_table(prof, choice.mode, view, subject, used, hidden, by_mean)
    # an empty chart would look like "no deviation": say what is missing instead
    charts.show_or_note(
        fig,
        "Für dieses Gebiet und dieses Themenfeld lässt sich keine Abweichung berechnen "
        "(Werte fehlen oder sind geheim gehalten); die Tabelle zeigt, was vorliegt.",
        key=KEYS("profile_chart"),
    )
    st.dataframe(table, hide_index=True, width="stretch", key=KEYS("profile_table"))
    if hidden:
        st.caption(f"{SUPPRESSED} = {SUPPRESSED_LEGEND}")
    tables.downloads(table, None, f"profil_{subject.local_id}", KEYS("profile_dl"), text=source)
    shown = [subject.area, *choice.compare]
    _comparison(view, sub, wide, shown, names, used, hidden)
    return time_series(view, sub, shown, subject.parent_id, names)


def _row_of(wide: pd.DataFrame, area_id: str) -> dict[str, float] | None:
    """Indicator → value of one area of the matrix (None if it is not there)."""
    if not area_id or area_id not in wide.index:
        return None
    return {str(k): float(v) for k, v in wide.loc[area_id].astype(float).to_dict().items()}


def _reference(
    matrix: pd.DataFrame, ref: dict[str, float]
) -> tuple[dict[str, float], frozenset[str]]:
    """Reference value per indicator: the Kommune's, else the mean of the level's areas.

    Some indicators are published only for the areas, not for the Kommune as a whole
    (e.g. status indices); their profile is then the deviation from the unweighted mean of
    all areas of the level (a z-value in the usual sense). Returns the values and the
    indicators that use the mean.

    >>> m = pd.DataFrame({"a": [1.0, 3.0], "b": [2.0, 4.0]}, index=["x", "y"])
    >>> _reference(m, {"a": 2.5, "b": float("nan")})
    ({'a': 2.5, 'b': 3.0}, frozenset({'b'}))
    """
    out = dict(ref)
    by_mean = set()
    for col in matrix.columns:
        own = ref.get(str(col))
        mean = float(matrix[col].astype(float).mean())
        if (own is None or pd.isna(own)) and pd.notna(mean):
            out[str(col)] = mean
            by_mean.add(str(col))
    return out, frozenset(by_mean)


def _mean_label(view: AreaView) -> str:
    return f"dem Mittel aller Gebiete der Ebene {view.level}"


def _reference_label(view: AreaView, by_mean: frozenset[str], n: int) -> str:
    """Who the profile compares with: the Kommune, the mean of the areas, or both."""
    if not by_mean:
        return view.ref_name
    if len(by_mean) >= n:
        return _mean_label(view)
    return f"{view.ref_name} bzw. {_mean_label(view)}"


def _mean_note(view: AreaView, by_mean: frozenset[str]) -> str:
    if not by_mean:
        return ""
    return (
        f" Für {fmt_int(len(by_mean))} der Indikatoren liegt kein Wert für {view.ref_name} "
        f"vor; dort ist der Bezug das ungewichtete Mittel aller Gebiete der Ebene {view.level} "
        "(Spalte „Bezug“)."
    )


def _source(sub: pd.DataFrame) -> str:
    return " / ".join(sorted({str(s) for s in sub["source"].dropna()}))[:500] or "Planungsatlas"


def _hidden(used: dict[str, str], area_ids: tuple[str, ...]) -> Hidden:
    """Cells (indicator, area) at the period shown that disclosure control suppressed."""
    areas = tuple(a for a in area_ids if a)
    if not used or not areas:
        return frozenset()
    return hidden_cells(cache.series(tuple(used), areas), used)


def _deviation_colors(dev: pd.Series, polarity: pd.Series) -> list[str]:
    out = []
    for d, p in zip(dev, polarity, strict=True):
        if pd.isna(d) or p == "neutral" or d == 0:
            out.append(charts.NEUTRAL)
        elif (d > 0) == (p == "higher_worse"):
            out.append(charts.HIGHLIGHT)  # unfavourable
        else:
            out.append(charts.QUALITATIVE[0])
    return out


COLOR_WORDS = {
    charts.HIGHLIGHT: "orange = ungünstiger",
    charts.QUALITATIVE[0]: "blau = günstiger",
    charts.NEUTRAL: "grau = ohne Wertung",
}


def _color_key(colors: list[str]) -> str:
    """The colour key of the title: only the colours the bars use.

    >>> _color_key([charts.NEUTRAL, charts.NEUTRAL])
    ' (grau = ohne Wertung: keiner der Indikatoren ist als günstig/ungünstig eingestuft)'
    >>> _color_key([charts.HIGHLIGHT, charts.NEUTRAL])
    ' (orange = ungünstiger, grau = ohne Wertung)'
    """
    used = [word for color, word in COLOR_WORDS.items() if color in set(colors)]
    if used == [COLOR_WORDS[charts.NEUTRAL]]:
        return f" ({used[0]}: keiner der Indikatoren ist als günstig/ungünstig eingestuft)"
    return f" ({', '.join(used)})" if used else ""


def _profile_figure(
    prof: pd.DataFrame, mode: DeviationMode, area_name: str, ref_name: str, source: str
) -> go.Figure:
    colors = _deviation_colors(prof["deviation"], prof["polarity"])
    fig = go.Figure(
        go.Bar(
            x=prof["deviation"],
            y=prof["short_name"],
            orientation="h",
            marker_color=colors,
            hovertemplate="%{y}: %{x:.2f}<extra></extra>",
        )
    )
    fig.add_vline(x=0, line_color="#000")
    fig.update_yaxes(autorange="reversed", title=None)
    fig.update_xaxes(title="Standardabweichungen" if mode == "z" else "% des Gesamtwerts")
    title = f"{area_name} im Vergleich zu {ref_name}{_color_key(colors)}"
    fig = charts.style(
        fig,
        title=title,
        source=charts.source_line({"source": source, "data_date": "je Indikator siehe Tabelle"}),
    )
    return chart_room.fit_rows(fig, len(prof), 34)  # every indicator's name, none skipped


def _profile_table(
    prof: pd.DataFrame,
    mode: DeviationMode,
    view: AreaView,
    subject: Subject,
    used: dict[str, str],
    hidden: Hidden,
    by_mean: frozenset[str] = frozenset(),
) -> pd.DataFrame:
    """One row per indicator: values of the area, its parent and the reference, deviation.

    Where the Kommune has no value (``by_mean``), its column shows "–" and the column
    "Bezug" names the mean of the level's areas with its value.
    """
    unit = "SD" if mode == "z" else "%"
    roles = (
        ("value", subject.name, subject.area),
        ("parent", subject.parent_name, subject.parent_id),
        ("reference", view.ref_name, view.ref_id),
    )
    rows = []
    for ind, r in prof.iterrows():
        dec = int(r["decimals"])
        rec = {
            "Indikator": r["name"],
            "Einheit": r["unit"],
            "Stand": fmt_period(used.get(str(ind))),
        }
        for col, label, area_id in roles:
            value = None if col == "reference" and str(ind) in by_mean else r[col]
            rec[label] = fmt_number(value, dec, suppressed=(str(ind), area_id) in hidden)
        if by_mean:
            rec["Bezug"] = (
                f"Mittel der Gebiete: {fmt_number(r['reference'], dec)}"
                if str(ind) in by_mean
                else view.ref_name
            )
        rec[f"Abweichung ({unit})"] = fmt_signed(r["deviation"], 2 if mode == "z" else 1)
        rows.append(rec)
    return pd.DataFrame(rows)


def _comparison(
    view: AreaView,
    sub: pd.DataFrame,
    wide: pd.DataFrame,
    areas: list[str],
    names: dict[str, str],
    used: dict[str, str],
    hidden: Hidden,
) -> None:
    """The profiled area and the comparison areas side by side (with the reference)."""
    if len(areas) < 2:
        return
    st.markdown("**Gebiete nebeneinander**")
    cols = [*areas, view.ref_id]
    labels = {**names, view.ref_id: view.ref_name}
    values = {a: _row_of(wide, a) or {} for a in cols}
    rows = []
    for ind, meta in sub.iterrows():
        dec = int(meta["decimals"])
        rec = {"Indikator": meta["short_name"], "Stand": fmt_period(used.get(str(ind)))}
        for a in cols:
            v = values[a].get(str(ind))
            rec[labels.get(a, a)] = fmt_number(v, dec, suppressed=(str(ind), a) in hidden)
        rows.append(rec)
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key=KEYS("compare_table"))
