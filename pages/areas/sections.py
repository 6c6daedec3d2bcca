"""Sections "Karte & Rangfolge" (summary, ranking) and "Gebietsprofil" of the page Sozialräume."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components import charts
from components.formatting import (
    MISSING,
    SUPPRESSED,
    fmt_int,
    fmt_number,
    fmt_period,
    fmt_signed,
)
from indicators.social.profile import deviation_table
from pages.areas import cache as data_sozial
from pages.areas import view as sozial_view
from pages.areas import view_cache as sozial_cache
from pages.areas.state import ensure, ensure_list
from pages.profiles import api as steckbrief

#: (indicator_id, area_id) pairs whose value is hidden by disclosure control
Hidden = frozenset[tuple[str, str]]
SUPPRESSED_LEGEND = "Geheimhaltung / zu geringe Fallzahl"

DEVIATION_LABELS = {
    "z": "in Standardabweichungen (z-Wert)",
    "percent": "in Prozent des Gesamtwerts",
}
MAX_COMPARE = 3


def selected_summary(ctx: dict[str, Any], table: pd.DataFrame, area: str) -> None:
    """Value, rank and flag of the highlighted area next to the map."""
    if not area or area not in table.index:
        st.caption(
            "Kein Gebiet hervorgehoben. Klicken Sie auf die Karte oder wählen Sie oben ein Gebiet."
        )
        return
    row = table.loc[area]
    meta = ctx["meta"]
    decimals = int(meta.get("decimals") or 1)
    st.metric(
        str(row["name"]),
        f"{sozial_view.value_text(row['value'], row['status'], decimals)} {meta.get('unit', '')}",
    )
    st.markdown(f"**{row['rank_text']}** (Rang 1 = höchster Wert)")
    st.caption(
        sozial_view.flag_text(
            row["flag"], row["status"], row["flag_reason"], row["min_denominator"]
        )
    )


def ranking(ctx: dict[str, Any], table: pd.DataFrame, selected: list[str]) -> None:
    """Sorted bars (or top/bottom + histogram), then the full table with downloads."""
    meta = ctx["meta"]
    reference = data_sozial.area_value(ctx["indicator"], ctx["period"], ctx["ref_id"])
    n_value = int(table["value"].notna().sum())
    st.subheader("Rangfolge")
    st.caption(sozial_view.period_caption(meta, ctx["period"], ctx["level"], len(table), n_value))
    if reference is None:
        st.caption(f"Für {ctx['ref_name']} liegt kein Gesamtwert vor (keine Bezugslinie).")
    if n_value == 0:
        st.info("Für diesen Stichtag liegen auf dieser Ebene keine Werte vor.")
        return
    view = (ctx["indicator"], ctx["period"], ctx["system"], ctx["level"], ctx["within"])
    polarity = str(meta.get("polarity") or "neutral")
    bar, hist = sozial_cache.figures(
        view, polarity, ctx["ref_id"], ctx["ref_name"], tuple(selected)
    )
    shown, export = sozial_cache.ranking_tables(view, polarity)
    if hist is not None:
        c1, c2 = st.columns(2)
        with c1:
            charts.show(bar, key="soz.rank_chart")
        with c2:
            charts.show(hist, key="soz.hist_chart")
    else:
        charts.show(bar, key="soz.rank_chart")
    st.markdown(f"**Alle {fmt_int(len(shown))} Gebiete** (Rang 1 = höchster Wert)")
    st.dataframe(shown, hide_index=True, width="stretch", key="soz.rank_table")
    name = f"{ctx['indicator']}_{ctx['level']}_{ctx['period']}".replace(" ", "_")
    sozial_view.downloads(export, meta, name, "soz.rank_dl")


# --------------------------------------------------------------------------- profile


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


def _profile_figure(
    prof: pd.DataFrame, mode: str, area_name: str, ref_name: str, source: str
) -> go.Figure:
    fig = go.Figure(
        go.Bar(
            x=prof["deviation"],
            y=prof["short_name"],
            orientation="h",
            marker_color=_deviation_colors(prof["deviation"], prof["polarity"]),
            hovertemplate="%{y}: %{x:.2f}<extra></extra>",
        )
    )
    fig.add_vline(x=0, line_color="#000")
    fig.update_yaxes(autorange="reversed", title=None)
    fig.update_xaxes(title="Standardabweichungen" if mode == "z" else "% des Gesamtwerts")
    title = f"{area_name} im Vergleich zu {ref_name} (orange = ungünstiger, blau = günstiger)"
    return charts.style(
        fig,
        title=title,
        source=charts.source_line({"source": source, "data_date": "je Indikator siehe Tabelle"}),
        height=max(360, 34 * len(prof) + 160),
    )


def _hidden(used: dict[str, str], area_ids: tuple[str, ...]) -> Hidden:
    """Cells (indicator, area) at the period shown that disclosure control suppressed."""
    areas = tuple(a for a in area_ids if a)
    if not used or not areas:
        return frozenset()
    ser = data_sozial.series(tuple(used), areas)
    sup = ser[(ser["flag"] == "suppressed") & (ser["period"] == ser["indicator_id"].map(used))]
    return frozenset(zip(sup["indicator_id"].astype(str), sup["area_id"].astype(str), strict=True))


def _profile_table(
    prof: pd.DataFrame,
    mode: str,
    names: dict[str, str],
    used: dict[str, str],
    ids: dict[str, str],
    hidden: Hidden,
) -> pd.DataFrame:
    """``names``/``ids``: column label / area id of the roles "area", "parent", "ref"."""
    unit = "SD" if mode == "z" else "%"
    rows = []
    for ind, r in prof.iterrows():
        dec = int(r["decimals"])
        rec = {
            "Indikator": r["name"],
            "Einheit": r["unit"],
            "Stand": fmt_period(used.get(str(ind))),
        }
        for role, col in (("area", "value"), ("parent", "parent"), ("ref", "reference")):
            hide = (str(ind), ids.get(role, "")) in hidden
            rec[names[role]] = fmt_number(r[col], dec, suppressed=hide)
        rec[f"Abweichung ({unit})"] = fmt_signed(r["deviation"], 2 if mode == "z" else 1)
        rows.append(rec)
    return pd.DataFrame(rows)


def profile(ctx: dict[str, Any], area: str) -> dict[str, str | None]:
    """One area against the Kommune and its parent area, for all indicators of a domain."""
    cat = ctx["catalogue"]
    domains = sorted(cat["domain"].unique().tolist())
    c1, c2, c3 = st.columns([1, 1, 2])
    ensure("soz.themenfeld", domains, "themenfeld", ctx["meta"].get("domain", domains[0]))
    domain = c1.selectbox("Themenfeld", domains, key="soz.themenfeld")
    ensure("soz.abw", list(DEVIATION_LABELS), "abweichung", "z")
    mode = c2.radio(
        "Abweichung", list(DEVIATION_LABELS), format_func=DEVIATION_LABELS.get, key="soz.abw"
    )
    areas = data_sozial.level_areas(ctx["system"], ctx["level"], ctx["within"])
    ids = [a for a in areas["area_id"] if a != area]
    names = dict(zip(areas["area_id"], areas["name"], strict=True))
    ensure_list("soz.vergleich", ids, "vergleich", [], MAX_COMPARE)
    compare = c3.multiselect(
        "Vergleichsgebiete (bis zu 3)",
        ids,
        format_func=names.get,
        key="soz.vergleich",
        max_selections=MAX_COMPARE,
        placeholder="Gebiete wählen",
    )
    params: dict[str, str | None] = {
        "themenfeld": domain,
        "abweichung": mode,
        "vergleich": ",".join(compare) or None,
        "gebiet": area or None,
    }
    if not area:
        st.info("Bitte wählen Sie oben ein Gebiet (Name oder Schlüssel eintippen).")
        return params
    sub = cat[(cat["domain"] == domain) & (cat["aggregation"] != "sum")].set_index("indicator_id")
    if sub.empty:
        st.info("Dieses Themenfeld enthält nur Anzahlen; bitte ein anderes Themenfeld wählen.")
        return params
    row = areas.set_index("area_id").loc[area]
    parent_id = str(row["parent_id"]) if pd.notna(row["parent_id"]) else ""
    extra = tuple(a for a in (ctx["ref_id"], parent_id, *compare) if a)
    wide, used = data_sozial.latest_matrix(tuple(sub.index), ctx["system"], ctx["level"], extra)
    level_ids = data_sozial.level_areas(ctx["system"], ctx["level"], None)["area_id"]
    matrix = wide.reindex(index=list(level_ids))
    ref = wide.loc[ctx["ref_id"]].to_dict() if ctx["ref_id"] in wide.index else {}
    par = wide.loc[parent_id].to_dict() if parent_id in wide.index else None
    dev = deviation_table(matrix, area, ref, mode, par)
    prof = dev.join(sub[["name", "short_name", "unit", "polarity", "decimals"]])
    area_name = str(row["name"])
    parent_name = str(row["parent_name"]) if pd.notna(row["parent_name"]) else "übergeordnet"
    st.subheader(f"Profil: {area_name} – {domain}")
    steckbrief.area_button(
        ctx["system"], ctx["level"], area, str(row["local_id"]), "soz.steckbrief"
    )
    st.caption(
        f"Abweichung vom Wert für {ctx['ref_name']} {DEVIATION_LABELS[mode]}; "
        "z-Wert: Differenz geteilt durch die Streuung über alle Gebiete der Ebene. "
        "Je Indikator der neueste Stichtag; Anzahlen (z. B. Einwohnerzahl) werden nicht verglichen."
    )
    fig = _profile_figure(prof, mode, area_name, ctx["ref_name"], _source(sub))
    hidden = _hidden(used, (area, *extra))
    table = _profile_table(
        prof,
        mode,
        {"area": area_name, "parent": parent_name, "ref": ctx["ref_name"]},
        used,
        {"area": area, "parent": parent_id, "ref": ctx["ref_id"]},
        hidden,
    )
    charts.show(fig, key="soz.profile_chart")
    st.dataframe(table, hide_index=True, width="stretch", key="soz.profile_table")
    if hidden:
        st.caption(f"{SUPPRESSED} = {SUPPRESSED_LEGEND}")
    sozial_view.downloads(
        table, None, f"profil_{row['local_id']}", "soz.profile_dl", source=_source(sub)
    )
    _comparison(ctx, sub, wide, [area, *compare], names, used, hidden)
    params["reihe"] = _time_series(ctx, sub, [area, *compare], parent_id, names)
    return params


def _source(sub: pd.DataFrame) -> str:
    return " / ".join(sorted({str(s) for s in sub["source"].dropna()}))[:500] or "Planungsatlas"


def _comparison(
    ctx: dict[str, Any],
    sub: pd.DataFrame,
    wide: pd.DataFrame,
    areas: list[str],
    names: dict[str, str],
    used: dict[str, str],
    hidden: Hidden,
) -> None:
    if len(areas) < 2:
        return
    st.markdown("**Gebiete nebeneinander**")
    cols = [*areas, ctx["ref_id"]]
    labels = {**names, ctx["ref_id"]: ctx["ref_name"]}
    rows = []
    for ind, meta in sub.iterrows():
        dec = int(meta["decimals"])
        rec = {"Indikator": meta["short_name"], "Stand": fmt_period(used.get(str(ind)))}
        for a in cols:
            v = wide.loc[a, ind] if a in wide.index and ind in wide.columns else None
            rec[labels.get(a, a)] = fmt_number(v, dec, suppressed=(str(ind), a) in hidden)
        rows.append(rec)
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="soz.compare_table")


def _time_series(
    ctx: dict[str, Any], sub: pd.DataFrame, areas: list[str], parent_id: str, names: dict[str, str]
) -> str:
    ids = list(sub.index)
    default = ctx["indicator"] if ctx["indicator"] in ids else ids[0]
    ensure("soz.reihe", ids, "reihe", default)
    ind = st.selectbox(
        "Zeitreihe für", ids, format_func=lambda i: str(sub.loc[i, "name"]), key="soz.reihe"
    )
    labels = {**names, ctx["ref_id"]: ctx["ref_name"]}
    if parent_id:
        labels[parent_id] = data_sozial.area_names(ctx["system"]).get(parent_id, parent_id)
    members = tuple(a for a in (*areas, parent_id, ctx["ref_id"]) if a)
    ser = data_sozial.series((ind,), members)
    meta = sub.loc[ind]
    fig = go.Figure()
    for a in members:
        s = ser[ser["area_id"] == a]
        if s.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=s["period_date"], y=s["value"], mode="lines+markers", name=labels.get(a, a)
            )
        )
    fig.update_yaxes(title=str(meta["unit"]))
    charts.style(fig, title=f"Zeitreihe: {meta['name']}", source=charts.source_line(meta.to_dict()))
    table = ser.assign(
        Gebiet=ser["area_id"].map(labels),
        Stichtag=ser["period"].map(fmt_period),
        Wert=[
            fmt_number(v, int(meta["decimals"]), suppressed=f == "suppressed")
            for v, f in zip(ser["value"], ser["flag"], strict=True)
        ],
    )[["Gebiet", "Stichtag", "Wert"]]
    if ser.empty:
        st.info("Für diesen Indikator liegt keine Zeitreihe vor.")
    else:
        charts.show(fig, key="soz.series_chart", table=table, table_label="Tabelle zur Zeitreihe")
    return str(ind) if ind else MISSING
