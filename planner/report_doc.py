"""Outputs layer: the one-page report for the chef de corps and the zonal council, a week's
plan or up to five scenarios side by side, in one language.

One HTML document (the Jinja2 template `templates/report.html` with its A4 print
stylesheet) is the report; the PDF is WeasyPrint's rendering of that same HTML. Charts are
the app's (planner.charts) drawn to inline SVG by vl-convert, so they stay vector in the
PDF. Every figure and sentence comes from planner.views, planner.report and the text layer;
this module only chooses what fits on one page.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from planner import charts, views
from planner.explain import describe_differences
from planner.results import Plan
from planner.text import Text
from planner.text import labels as L
from planner.text.explain import differences

MAX_SCENARIOS = 5  # a comparison fits one page up to this many scenarios
MAX_SHORTFALL_ROWS = 8  # shortfalls listed before "+N more"
MAX_WHERE_BLOCKS = 3  # blocks named per shortfall row before "+N more blocks"
TEMPLATES = Path(__file__).parent / "templates"
FONT = "Liberation Sans, Arial, Helvetica, DejaVu Sans, sans-serif"
# Charts' widths on paper, as the stylesheet's columns (report.css) give them.
WATERFALL_WIDTH_MM = 106
PRIORITIES_WIDTH_MM = 86
COMPARISON_WIDTH_MM = 86
PX_PER_MM = 96 / 25.4  # CSS pixels, the unit of the charts' fonts
FORMATS = ("pdf", "html")


# -- charts -------------------------------------------------------------------------------------
def chart_svg(chart, lang: str, width_mm: float, legend_columns: int | None = None) -> Markup:
    """A chart as inline SVG exactly `width_mm` wide on paper, in the report's font: drawn
    once, its plot widened or narrowed by what the labels and legend took, drawn again,
    and scaled by what is left (a few percent at most)."""
    import vl_convert  # here: only a report needs it (about 0.5 s to load)

    legend = {"labelFontSize": 8.5, "symbolSize": 60, "padding": 0, "offset": 6}
    if legend_columns:
        legend |= {"columns": legend_columns, "labelLimit": 260}
    target_px = width_mm * PX_PER_MM

    def draw(plot_px: float) -> tuple[str, float, float]:
        spec = charts.localised(
            chart.properties(width=round(plot_px)),
            lang,
            font=FONT,
            view={"stroke": None},
            axis={"labelFontSize": 8.5, "titleFontSize": 8.5, "titleFontWeight": "normal"},
            legend=legend,
            background="transparent",
        ).to_dict()
        svg = vl_convert.vegalite_to_svg(spec)
        svg = svg[svg.index("<svg") :]
        box = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
        return svg, float(box[1]), float(box[2])

    plot_px = target_px * 0.6
    svg, width, height = draw(plot_px)
    if abs(width - target_px) > 2 and plot_px + target_px - width > 60:
        svg, width, height = draw(plot_px + target_px - width)
    size = f'width="{width_mm:.1f}mm" height="{width_mm * height / width:.1f}mm"'
    head = re.sub(r'width="[\d.]+" height="[\d.]+"', size, svg[: svg.index(">")], count=1)
    return Markup(head + svg[svg.index(">") :])


def _waterfall_svg(plan: Plan, t: Text) -> Markup:
    chart = charts.waterfall(
        views.waterfall_data(plan, t.lang),
        t._("Person-hours"),
        row_px=15,
        font_px=8,
        label_px=215,
        headroom=0.3,
    )
    return chart_svg(chart, t.lang, WATERFALL_WIDTH_MM)


def _priorities_svg(plan: Plan, t: Text) -> Markup:
    data = views.priorities_data(plan, t.lang)
    chart = charts.grouped_bars(
        data,
        "label",
        "measure_label",
        "hours",
        "text",
        t._("Person-hours"),
        bar_px=8,
        gap_px=6,
        font_px=8,
        label_px=110,
        min_height_px=60,
        headroom=0.2,
    )
    return chart_svg(chart, t.lang, PRIORITIES_WIDTH_MM)


def _comparison_svg(plans: list[Plan], t: Text) -> Markup:
    data = views.comparison_priorities_data(plans, t.lang)
    order = list(dict.fromkeys(data["scenario_label"]))
    chart = charts.grouped_bars(
        data,
        "label",
        "scenario_label",
        "hours",
        "text",
        t._("Person-hours"),
        group_order=order,
        bar_px=max(4, 30 // len(plans)),
        gap_px=6,
        font_px=7,
        label_px=110,
        min_height_px=60,
        numbers=False,
    )
    return chart_svg(chart, t.lang, COMPARISON_WIDTH_MM, legend_columns=1)


# -- the parts of a page ------------------------------------------------------------------------
def frame_table(frame: pd.DataFrame, numbers: tuple[int, ...] = ()) -> dict[str, list]:
    """A frame of texts as the template's table: header, rows, and each column's class
    ('num' for the columns of figures at `numbers`, aligned right)."""
    return {
        "header": [str(c) for c in frame.columns],
        "rows": [[str(x) for x in row] for row in frame.itertuples(index=False)],
        "classes": ["num" if k in numbers else "" for k in range(len(frame.columns))],
    }


def _heading(plans: list[Plan], t: Text, made_on: dt.date) -> dict[str, object]:
    p = plans[0].problem
    monday = p.grid.monday
    return {
        "lang": t.lang,
        "zone": L.zone_name(t, p.zone.settings.name),
        "week": p.grid.label,
        "dates": t._(
            "{start} to {end}",
            start=t.date(monday, long=True),
            end=t.date(monday + dt.timedelta(days=6), long=True),
        ),
        "made": t._(
            "Made on {date} by the police capacity planner. Figures in person-hours.",
            date=t.date(made_on, long=True),
        ),
        "notes": views.plan_notes(plans[0], t.lang),
    }


def _solver_line(plan: Plan, t: Text) -> str:
    if plan.optimal:
        return t._("Solver: all stages optimal")
    stopped = ", ".join(
        t._("{stage} (gap {gap})", stage=s.name, gap=t.percent(s.gap, 2))
        for s in plan.stages
        if s.status != "OPTIMAL"
    )
    return t._("Solver: some stages stopped at their limit: {stages}", stages=stopped)


def _key_figures(plan: Plan, t: Text) -> list[dict[str, str]]:
    k = views.key_figures(plan)
    h = t.hours

    def box(label: str, value: str, note: str = "", alert: bool = False) -> dict[str, object]:
        return {"label": label, "value": value, "note": note, "alert": alert}

    return [
        box(t._("Available"), h(k["available"], 0)),
        box(t._("Capacity for priorities"), h(k["capacity"], 0)),
        box(t._("Priority operation hours"), h(k["priority_hours"], 0)),
        box(t._("Allocation efficiency"), t.percent(k["efficiency"])),
        box(
            t._("Legal minimum shortfall"),
            h(k["legal_short"]),
            alert=k["legal_short"] > 0,
        ),
        box(
            t._("Zone standard shortfall"),
            h(k["zone_short"]),
            alert=k["zone_short"] > 0,
        ),
        box(
            t._("HyCap this week"),
            h(k["hycap_week"], 0),
            t._("remaining on the yearly line: {left}", left=h(k["hycap_left"], 0)),
            alert=k["hycap_left"] < 0 or k["hycap_short"] > 0,
        ),
    ]


def _status(plan: Plan, t: Text) -> dict[str, object]:
    """The plan's status: the command line's words, the app's status lines, and what the
    reader must also know (HyCap above its yearly line)."""
    lines = views.status_lines(plan, t.lang)
    extra = []
    left = plan.hycap_budget["remaining_hours"]
    if left < 0:
        extra.append(t._("HyCap requests exceed the yearly line by {over}.", over=t.hours(-left)))
    if not lines:
        return {
            "ok": True,
            "title": t._("Status: all met"),
            "lines": [
                t._(
                    "Everything is covered: legal minimum and zone standard of the seven basic functionalities, HyCap and other commitments, pinned operations, priority floors."
                ),
                *extra,
            ],
        }
    return {"ok": False, "title": t._("Status: SHORT"), "lines": lines + extra}


def _shortfalls(plan: Plan, t: Text) -> dict[str, object]:
    table = views.shortfalls_table(plan, t.lang, limit=MAX_WHERE_BLOCKS)
    shown = table.head(MAX_SHORTFALL_ROWS)
    more = len(table) - len(shown)
    return {
        "table": frame_table(shown, numbers=(2, 3, 4)) if len(shown) else None,
        "more": t.n_("+{n} more shortfall", "+{n} more shortfalls", more) if more else "",
        "none": t._("No shortfall: every norm and request is covered."),
    }


def _norms(plan: Plan, t: Text) -> dict[str, list]:
    matrix = views.norms_matrix(plan, t.lang)
    return frame_table(matrix.drop(columns=[t._("Where")]))


def _priorities(plan: Plan, t: Text) -> dict[str, list]:
    table = views.priorities_table(plan, t.lang)
    pr = plan.priorities
    if not (pr["floor_hours"] > 0).any():
        table = table.drop(columns=[t._("Floor")])
    if pr["cap_hours"].isna().all():
        table = table.drop(columns=[t._("Cap")])
    return frame_table(table, numbers=tuple(range(1, len(table.columns))))


def plan_context(plan: Plan, lang: str, made_on: dt.date | None = None) -> dict[str, object]:
    """Everything the one-page report of a week's plan shows, as texts and SVG."""
    t = Text.for_lang(lang)
    p = plan.problem
    return {
        **_heading([plan], t, made_on or dt.date.today()),
        "kind": "plan",
        "title": t._("Weekly capacity plan"),
        "scenario": t._("Scenario: {name}", name=L.scenario_name(t, p.zone, p.scenario)),
        "status": _status(plan, t),
        "figures": _key_figures(plan, t),
        "waterfall": _waterfall_svg(plan, t),
        "norms": _norms(plan, t),
        "priorities": _priorities(plan, t),
        "priorities_chart": _priorities_svg(plan, t),
        "shortfalls": _shortfalls(plan, t),
        "solver": _solver_line(plan, t),
        "words": {
            "figures": t._("Key figures"),
            "waterfall": t._("Capacity waterfall"),
            "waterfall_note": t._(
                "From contract hours to what is left for the priorities, in person-hours."
            ),
            "norms": t._("Basic functionalities: norms"),
            "priorities": t._("Hours per priority"),
            "priorities_note": t._("Planned hours against the share the weight alone would give."),
            "shortfalls": t._("Shortfalls"),
        },
    }


def _comparison_status(plans: list[Plan], t: Text) -> dict[str, object]:
    """The status of each scenario: the overall line, then only the obligations short in at
    least one scenario (the others are met everywhere, which one sentence says)."""
    table = views.comparison_status(plans, t.lang)
    met = t._("✓ met")
    cells = table.iloc[:, 2:]
    keep = [k == 0 or (row != met).any() for k, (_, row) in enumerate(cells.iterrows())]
    shown = table[keep]
    if not (shown.iloc[:, 1] != "").any():
        shown = shown.drop(columns=[table.columns[1]])
    return {
        "table": frame_table(shown),
        "rest": t._("Every other norm and commitment is met in every scenario.")
        if sum(keep) < len(table)
        else "",
    }


def _comparison_figures(plans: list[Plan], t: Text) -> dict[str, object]:
    """The compared figures, one column per scenario, each other scenario's cell with its
    difference from the first; the shortfalls are left out (the status table above has
    each of them, per scenario)."""
    names = [p.problem.scenario for p in plans]
    first = names[0]
    rows = []
    for code, label, by_scenario in views.comparison_rows(plans, t.lang):
        if code.startswith("short:"):
            continue
        cells = []
        for n in names:
            value = t.hours(by_scenario[n], 0)
            if n == first:
                cells.append({"value": value, "diff": "", "changed": False})
                continue
            hours, percent = views.difference_cells(t, by_scenario[n], by_scenario[first])
            changed = abs(by_scenario[n] - by_scenario[first]) >= 0.05
            cells.append(
                {
                    "value": value,
                    "diff": (hours if percent == "—" else f"{hours} · {percent}")
                    if changed
                    else "=",
                    "changed": changed,
                }
            )
        rows.append({"label": label, "cells": cells})
    return {
        "header": [t._("Figure")]
        + [
            views.scenario_title(p.problem.zone, n, t.lang)
            for n, p in zip(names, plans, strict=True)
        ],
        "rows": rows,
    }


def _changes(plans: list[Plan], t: Text) -> list[dict[str, str]]:
    """What changes against the first scenario, in words (planner.explain.differences)."""
    zone = plans[0].problem.zone
    return [
        {
            "scenario": views.scenario_title(zone, other.problem.scenario, t.lang),
            "text": differences(t.lang, other.problem, describe_differences(plans[0], other)),
        }
        for other in plans[1:]
    ]


def comparison_context(
    plans: list[Plan], lang: str, made_on: dt.date | None = None
) -> dict[str, object]:
    """Everything the one-page comparison of scenarios shows, as texts and SVG."""
    t = Text.for_lang(lang)
    first = plans[0].problem
    return {
        **_heading(plans, t, made_on or dt.date.today()),
        "kind": "comparison",
        "title": t._("Scenario comparison"),
        "scenario": t._(
            "{n} scenarios; reference: {name}",
            n=len(plans),
            name=views.scenario_title(first.zone, first.scenario, t.lang),
        ),
        "status": _comparison_status(plans, t),
        "figures": _comparison_figures(plans, t),
        "chart": _comparison_svg(plans, t),
        "changes": _changes(plans, t),
        "solver": "; ".join(dict.fromkeys(_solver_line(p, t) for p in plans)),
        "words": {
            "status": t._("Status per scenario"),
            "figures": t._("Key figures"),
            "figures_note": t._(
                "Under each figure, the difference from the reference in hours and percent."
            ),
            "priorities": t._("Hours per priority"),
            "changes": t._("What changes"),
        },
    }


# -- the document -------------------------------------------------------------------------------
@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def report_context(
    plans: list[Plan], lang: str, made_on: dt.date | None = None
) -> dict[str, object]:
    """What the report shows: the week's plan for one plan, the comparison for two to
    MAX_SCENARIOS plans (the first is the reference)."""
    if not 1 <= len(plans) <= MAX_SCENARIOS:
        raise ValueError(f"a report shows 1 to {MAX_SCENARIOS} plans, not {len(plans)}")
    if len(plans) == 1:
        return plan_context(plans[0], lang, made_on)
    return comparison_context(plans, lang, made_on)


def page_html(
    context: dict[str, object], compact: bool = False, template: str = "report.html"
) -> str:
    """A report as one HTML document from its template (the week's `report.html`, the
    year's `year.html`), with the print stylesheet inline; `compact` sets smaller type and
    spacing."""
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    page = _environment().get_template(template)
    return page.render(css=Markup(css), compact=compact, **context)


def layout(html: str):
    """WeasyPrint's layout of a report's HTML on A4 (its pages, ready to write as PDF)."""
    from weasyprint import HTML  # here: loading it takes about a second

    return HTML(string=html, base_url=str(TEMPLATES)).render()


def _fitted(context: dict[str, object]):
    """The HTML and WeasyPrint's layout of it on A4: in compact type when the usual type
    would run onto a second page (very long status lines, say)."""
    html = page_html(context)
    document = layout(html)
    if len(document.pages) > 1:
        html = page_html(context, compact=True)
        document = layout(html)
    return html, document


def report_html(plans: list[Plan], lang: str, made_on: dt.date | None = None) -> str:
    """The report as one HTML document, as it fits one A4 page."""
    return _fitted(report_context(plans, lang, made_on))[0]


def report_pdf(html: str) -> bytes:
    """The PDF of a report's HTML: WeasyPrint lays out the same document for A4."""
    return layout(html).write_pdf()


def render(plans: list[Plan], lang: str, fmt: str, made_on: dt.date | None = None) -> bytes:
    """The report in `fmt` ('pdf' or 'html', UTF-8) as bytes, ready to be written; the
    HTML is the document the PDF is made from."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}: one of {', '.join(FORMATS)}")
    html, document = _fitted(report_context(plans, lang, made_on))
    return html.encode("utf-8") if fmt == "html" else document.write_pdf()
