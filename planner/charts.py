"""Outputs layer: the charts, as Altair specifications drawn from the frames of
`planner.views`, for the app's pages and the printed report (planner.report_doc). Only
layout and colours are decided here; no Streamlit."""

from __future__ import annotations

import altair as alt
import pandas as pd

from planner.text import Text
from planner.text import labels as L


def localised(chart: alt.TopLevelMixin, lang: str, **config: object) -> alt.TopLevelMixin:
    """Axis numbers in the language's format (1 234 in French, 1.234 in Dutch); `config`
    adds to the chart's configuration (the printed report's fonts and sizes)."""
    return chart.configure(locale={"number": L.vega_number_locale(Text.for_lang(lang))}, **config)


KIND_COLOURS = {"total": "#1f4e79", "decrease": "#c0504d", "increase": "#4f9a5a"}
MEASURE_COLOURS = ["#1f4e79", "#9dc3e6"]


def waterfall(
    data: pd.DataFrame,
    hours_title: str,
    row_px: int = 36,
    font_px: int = 11,
    label_px: int = 260,
    headroom: float = 0.0,
) -> alt.Chart:
    """Horizontal waterfall, read from top to bottom: totals from zero, steps floating.
    `row_px`, `font_px` and `label_px` (the longest step name) size it: the app's by
    default, smaller on the printed page, where `headroom` (a share of the largest bar)
    keeps room on the right for the bars' numbers."""
    data = data.assign(max_end=data[["start", "end"]].max(axis=1))
    order = data.sort_values("order")["label"].tolist()
    kinds = data.drop_duplicates("kind")
    base = alt.Chart(data).encode(
        y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=label_px)),
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("text:N", title=hours_title)],
    )
    bars = base.mark_bar(cornerRadius=2).encode(
        x=alt.X(
            "start:Q",
            title=hours_title,
            scale=alt.Scale(domainMax=float(data["max_end"].max()) * (1 + headroom))
            if headroom
            else alt.Undefined,
        ),
        x2="end:Q",
        color=alt.Color(
            "kind_label:N",
            title=None,
            scale=alt.Scale(
                domain=kinds["kind_label"].tolist(), range=[KIND_COLOURS[k] for k in kinds["kind"]]
            ),
            legend=alt.Legend(orient="bottom"),
        ),
    )
    labels = base.mark_text(align="left", dx=4, fontSize=font_px).encode(
        x=alt.X("max_end:Q"), text="text:N"
    )
    return alt.layer(bars, labels).properties(height=row_px * len(data) + 40)


def grouped_bars(
    data: pd.DataFrame,
    category: str,
    group: str,
    value: str,
    text: str,
    value_title: str,
    category_order: list[str] | None = None,
    group_order: list[str] | None = None,
    bar_px: int = 20,
    font_px: int = 10,
    label_px: int = 220,
    min_height_px: int = 180,
    gap_px: int = 18,
    headroom: float = 0.0,
    numbers: bool = True,
) -> alt.Chart:
    """Horizontal bars per category, one bar per group side by side; `bar_px`, `gap_px`
    (between categories), `font_px`, `label_px` (the longest category name) and
    `min_height_px` size it; `headroom` (a share of the longest bar) keeps room for the
    numbers on the right, and `numbers=False` leaves them out (a table beside says them)."""
    groups = group_order or list(dict.fromkeys(data[group]))
    palette = MEASURE_COLOURS if len(groups) <= 2 else None
    colour = alt.Color(
        f"{group}:N",
        title=None,
        sort=groups,
        legend=alt.Legend(orient="bottom"),
        scale=alt.Scale(domain=groups, range=palette) if palette else alt.Scale(domain=groups),
    )
    base = alt.Chart(data).encode(
        y=alt.Y(
            f"{category}:N",
            sort=category_order or list(dict.fromkeys(data[category])),
            title=None,
            axis=alt.Axis(labelLimit=label_px),
        ),
        yOffset=alt.YOffset(f"{group}:N", sort=groups),
        tooltip=[
            alt.Tooltip(f"{category}:N", title=" "),
            alt.Tooltip(f"{group}:N", title=" "),
            alt.Tooltip(f"{text}:N", title=value_title),
        ],
    )
    scale = (
        alt.Scale(domainMax=float(data[value].max()) * (1 + headroom))
        if headroom
        else alt.Undefined
    )
    bars = base.mark_bar().encode(
        x=alt.X(f"{value}:Q", title=value_title, scale=scale), color=colour
    )
    labels = base.mark_text(align="left", dx=3, fontSize=font_px).encode(
        x=f"{value}:Q", text=f"{text}:N"
    )
    n = int(data[category].nunique())
    height = max(min_height_px, n * (bar_px * len(groups) + gap_px))
    return (alt.layer(bars, labels) if numbers else alt.layer(bars)).properties(height=height)


def heat_map(
    data: pd.DataFrame, officers_title: str, day_title: str, block_title: str
) -> alt.Chart:
    """Days across, blocks down, the number of officers in each cell."""
    days = data.sort_values("day").drop_duplicates("day")["day_label"].tolist()
    times = data.sort_values("slot").drop_duplicates("slot")["time"].tolist()
    base = alt.Chart(data).encode(
        x=alt.X(
            "day_label:N", sort=days, title=day_title, axis=alt.Axis(orient="top", labelAngle=0)
        ),
        y=alt.Y("time:N", sort=times, title=block_title),
        tooltip=[
            alt.Tooltip("day_label:N", title=day_title),
            alt.Tooltip("time:N", title=block_title),
            alt.Tooltip("officers:Q", title=officers_title, format=".0f"),
        ],
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color("officers:Q", title=officers_title, scale=alt.Scale(scheme="blues"))
    )
    top = float(data["officers"].max() or 0)
    text = base.mark_text(fontSize=13).encode(
        text=alt.Text("officers:Q", format=".0f"),
        color=alt.condition(alt.datum.officers > top * 0.55, alt.value("white"), alt.value("#222")),
    )
    return alt.layer(cells, text).properties(height=44 * len(times) + 30)


def stacked_bars(
    data: pd.DataFrame, officers_title: str, activity_title: str, groups: list[str]
) -> alt.Chart:
    """One bar per block of the week, stacked by activity."""
    data = data.assign(block_label=data["day_label"] + " " + data["time"].str.slice(0, 5))
    order = data.sort_values("block").drop_duplicates("block")["block_label"].tolist()
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(
                "block_label:N",
                sort=order,
                title=None,
                axis=alt.Axis(labelAngle=-60, labelFontSize=9),
            ),
            y=alt.Y("sum(officers):Q", title=officers_title),
            color=alt.Color(
                "group_label:N",
                title=activity_title,
                sort=groups,
                legend=alt.Legend(orient="bottom", columns=4),
            ),
            order=alt.Order("group_order:Q"),
            tooltip=[
                alt.Tooltip("block_label:N", title=" "),
                alt.Tooltip("group_label:N", title=activity_title),
                alt.Tooltip("officers:Q", title=officers_title, format=".0f"),
            ],
        )
        .properties(height=360)
    )


LOOKAHEAD_COLOURS = {"capacity": "#1f4e79", "priority_hours": "#9dc3e6", "not_covered": "#c0504d"}


def week_bars(data: pd.DataFrame, hours_title: str, height_px: int = 260) -> alt.Chart:
    """Weeks across, side by side in each week one bar per measure (the look-ahead's capacity
    for priorities, priority operation hours and what is not covered), from
    planner.views.lookahead_data; a measure's colour says what it is in every week."""
    weeks = data.sort_values("order").drop_duplicates("week")["week"].tolist()
    measures = data.drop_duplicates("measure")
    base = alt.Chart(data).encode(
        # the axis says the ISO week (short enough for any width); the tooltip its dates
        x=alt.X("week:N", sort=weeks, title=None, axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("measure_label:N", sort=measures["measure_label"].tolist()),
        tooltip=[
            alt.Tooltip("week_label:N", title=" "),
            alt.Tooltip("measure_label:N", title=" "),
            alt.Tooltip("text:N", title=hours_title),
        ],
    )
    bars = base.mark_bar().encode(
        y=alt.Y("hours:Q", title=hours_title),
        color=alt.Color(
            "measure_label:N",
            title=None,
            scale=alt.Scale(
                domain=measures["measure_label"].tolist(),
                range=[LOOKAHEAD_COLOURS.get(m, "#888888") for m in measures["measure"]],
            ),
            legend=alt.Legend(orient="bottom", labelLimit=420),
        ),
    )
    labels = base.mark_text(dy=-6, fontSize=10).encode(y="hours:Q", text="text:N")
    return alt.layer(bars, labels).properties(height=height_px)


# -- the PZS year (planner.year.views) ----------------------------------------------------------
PROGRESS_COLOURS = {
    "target": "#7f7f7f",
    "planned": "#9dc3e6",
    "done": "#4f9a5a",
    "achieved": "#1f4e79",
    "projection": "#1f4e79",
}
STATE_COLOURS = {
    "met": "#8cc084",
    "other_short": "#f2d16b",
    "zone_short": "#f0a04b",
    "legal_short": "#c0504d",
    "no_plan": "#e6e9ee",
}


def progress_lines(
    data: pd.DataFrame, hours_title: str, week_title: str, height_px: int = 80
) -> alt.Chart:
    """One priority's year as cumulative lines by week (planner.year.views.progress_data):
    the target to date in grey, dashed, what was planned, done and achieved, and the
    projection to the year's end dashed in the achieved colour."""
    present = [m for m in PROGRESS_COLOURS if m in set(data["measure"])]
    labels = data.drop_duplicates("measure").set_index("measure")["measure_label"]
    domain = [labels[m] for m in present]
    dashed = {"target": [4, 3], "projection": [2, 2]}
    return (
        alt.Chart(data)
        .mark_line(strokeWidth=1.6)
        .encode(
            x=alt.X(
                "number:Q",
                title=week_title,
                scale=alt.Scale(domain=[1, int(data["number"].max())], nice=False),
                axis=alt.Axis(values=[1, 13, 26, 39, 52], format="d"),
            ),
            y=alt.Y("hours:Q", title=hours_title),
            color=alt.Color(
                "measure_label:N",
                title=None,
                sort=domain,
                scale=alt.Scale(domain=domain, range=[PROGRESS_COLOURS[m] for m in present]),
                legend=alt.Legend(orient="bottom", columns=3),
            ),
            strokeDash=alt.StrokeDash(
                "measure_label:N",
                sort=domain,
                scale=alt.Scale(domain=domain, range=[dashed.get(m, [1, 0]) for m in present]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("week:N", title=" "),
                alt.Tooltip("measure_label:N", title=" "),
                alt.Tooltip("hours:Q", title=hours_title, format=",.0f"),
            ],
        )
        .properties(height=height_px)
    )


def week_calendar(
    data: pd.DataFrame, states: dict[str, str], cell_px: int = 26, font_px: int = 7
) -> alt.Chart:
    """The year's weeks as a calendar of cells (planner.year.views.calendar_data): a row
    per quarter, each cell coloured by the week's worst shortfall and named by its number;
    `states` names every state (the legend shows them all, present or not)."""
    order = [s for s in STATE_COLOURS if s in states]
    quarters = data.sort_values("quarter").drop_duplicates("quarter")["quarter_label"].tolist()
    base = alt.Chart(data).encode(
        x=alt.X("column:O", title=None, axis=None),
        y=alt.Y("quarter_label:N", sort=quarters, title=None, axis=alt.Axis(ticks=False)),
        tooltip=[alt.Tooltip("week:N", title=" "), alt.Tooltip("detail:N", title=" ")],
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1.5).encode(
        color=alt.Color(
            "state_label:N",
            title=None,
            sort=[states[s] for s in order],
            scale=alt.Scale(
                domain=[states[s] for s in order], range=[STATE_COLOURS[s] for s in order]
            ),
            legend=alt.Legend(orient="bottom", columns=5),
        )
    )
    text = base.mark_text(fontSize=font_px, color="#222").encode(text="label:N")
    return alt.layer(cells, text).properties(height=cell_px * len(quarters))


def line_bars(data: pd.DataFrame, hours_title: str, bar_px: int = 14) -> alt.Chart:
    """Bars against a line (planner.year.views.hycap_data): achieved and projected hours,
    the yearly line as a red rule with its label."""
    order = data["measure_label"].tolist()
    top = float(max(data["hours"].max(), data["line"].max())) * 1.25 or 1.0
    base = alt.Chart(data).encode(
        y=alt.Y("measure_label:N", sort=order, title=None, axis=alt.Axis(labelLimit=200))
    )
    bars = base.mark_bar(color=MEASURE_COLOURS[0], height=bar_px).encode(
        x=alt.X("hours:Q", title=hours_title, scale=alt.Scale(domain=[0, top]))
    )
    numbers = base.mark_text(align="left", dx=3, fontSize=8).encode(x="hours:Q", text="text:N")
    line = alt.Chart(data.head(1))
    rule = line.mark_rule(color=KIND_COLOURS["decrease"], strokeWidth=2).encode(x="line:Q")
    label = line.mark_text(align="left", dx=3, dy=-4, fontSize=8, baseline="bottom").encode(
        x="line:Q", y=alt.value(0), text="line_label:N"
    )
    return alt.layer(bars, numbers, rule, label).properties(height=len(order) * (bar_px + 12) + 14)
