"""Outputs layer: the yearly report for the zonal security council, a zone's PZS year to date
in one language, as HTML and PDF.

It is made like the weekly report (planner.report_doc), with the same mechanism: a Jinja2
template (`templates/year.html`, sharing the weekly report's stylesheet and table macro),
the charts of planner.charts drawn to inline SVG, the PDF WeasyPrint's rendering of that
HTML. Unlike the week's one page, the year takes a few A4 pages: the priorities against
their targets, HyCap and the norms by week, the capacity and the shortfalls, and the
scenario proposed for next year with its price in hours. Every figure comes from
planner.year.views.
"""

from __future__ import annotations

import datetime as dt

from planner import charts, views
from planner.report_doc import FORMATS, chart_svg, frame_table, layout, page_html
from planner.results import Plan
from planner.text import Text
from planner.text import labels as L
from planner.year import views as yv
from planner.year.collect import Year
from planner.year.ytd import YearToDate

PROGRESS_WIDTH_MM = 59  # three charts side by side on the page's 188 mm
CALENDAR_WIDTH_MM = 188
HYCAP_WIDTH_MM = 90
WATERFALL_WIDTH_MM = 120
MAX_SHORTFALL_ROWS = 12
MAX_PAGES = 6  # what the report may take at most (the tests hold it to this)


def _progress_charts(year: Year, t: Text) -> list[dict[str, object]]:
    data = yv.progress_data(year.ytd, year.pzs, year.zone, t.lang)
    out = []
    for p in year.ytd.priorities:
        rows = data[data["priority"] == p.priority]
        if rows.empty or not (rows["hours"] > 0).any():
            continue
        chart = charts.progress_lines(rows, t._("Person-hours"), t._("Week"))
        out.append(
            {
                "title": rows["label"].iloc[0],
                "note": _progress_note(t, p.hours),
                "svg": chart_svg(chart, t.lang, PROGRESS_WIDTH_MM, legend_columns=3),
            }
        )
    return out


def _progress_note(t: Text, h) -> str:
    if h.target is None:
        return t._("No target in the PZS for this year.")
    return t._(
        "Target {target}; achieved {achieved} of {expected} expected; projection {projection}.",
        target=t.hours(h.target, 0),
        achieved=t.hours(h.achieved, 0),
        expected=t.hours(h.expected, 0),
        projection=t.hours(h.projection, 0),
    )


def _figures(ytd: YearToDate, t: Text) -> list[dict[str, object]]:
    with_target = [p for p in ytd.priorities if p.hours.target is not None]
    behind = [p for p in with_target if p.hours.on_track is False]
    legal = sum(1 for r in ytd.records if yv.week_state(r) == "legal_short")

    def box(label: str, value: str, note: str = "", alert: bool = False) -> dict[str, object]:
        return {"label": label, "value": value, "note": note, "alert": alert}

    return [
        box(
            t._("Weeks counted"),
            f"{len(ytd.past)} / {len(ytd.weeks)}",
            t._(
                "{planned} with a plan, {validated} validated",
                planned=len(ytd.planned_weeks),
                validated=len(ytd.validated_weeks),
            ),
        ),
        box(t._("Weeks with actuals"), str(len(ytd.done_weeks))),
        box(
            t._("Priorities on track"),
            f"{len(with_target) - len(behind)} / {len(with_target)}",
            t._("of those with an hours target"),
            alert=bool(behind),
        ),
        box(t._("Weeks short of the legal minimum"), str(legal), alert=legal > 0),
        box(
            t._("HyCap line used"),
            t.percent(ytd.hycap.share_used),
            t._("of {line}", line=t.hours(ytd.hycap.line_hours, 0)),
            alert=ytd.hycap.projection_hours > ytd.hycap.line_hours,
        ),
    ]


def _numbers_right(frame, first: int = 1) -> dict[str, list]:
    return frame_table(frame, numbers=tuple(range(first, len(frame.columns))))


def _proposal(year: Year, proposal: tuple[Plan, Plan] | None, t: Text) -> dict[str, object]:
    if proposal is None:
        return {}
    base, proposed = proposal
    zone = year.zone
    return {
        "title": t._(
            "Proposal for next year: {name}",
            name=views.scenario_title(zone, proposed.problem.scenario, t.lang),
        ),
        "note": t._(
            "Week {week} planned under the baseline and under the proposal; the difference a "
            "week, and over a year as {n} such weeks.",
            week=proposed.problem.grid.label,
            n=yv.WEEKS_PER_YEAR,
        ),
        "table": _numbers_right(yv.proposal_table(base, proposed, t.lang)),
    }


def year_context(
    year: Year,
    lang: str,
    proposal: tuple[Plan, Plan] | None = None,
    made_on: dt.date | None = None,
) -> dict[str, object]:
    """Everything the yearly report shows, as texts and SVG; `proposal` is one week planned
    under the baseline and under the scenario the chef de corps proposes."""
    t = Text.for_lang(lang)
    ytd = year.ytd
    made_on = made_on or dt.date.today()
    shortfalls = yv.shortfalls_table(ytd, lang)
    shown = shortfalls.head(MAX_SHORTFALL_ROWS)
    more = len(shortfalls) - len(shown)
    operations = yv.operations_table(ytd, year.zone, lang)
    waterfall = yv.waterfall_data(ytd, lang)
    calendar = charts.week_calendar(yv.calendar_data(ytd, lang), yv.state_labels(lang))
    return {
        "lang": lang,
        "kind": "year",
        "title": t._("PZS year to date"),
        "zone": L.zone_name(t, year.zone.settings.name),
        "year": ytd.year,
        "as_of": t._("Year {year}, as of week {week}", year=ytd.year, week=ytd.as_of)
        if ytd.as_of
        else t._("Year {year}: no week counted yet", year=ytd.year),
        "pzs": year.pzs.title if year.pzs and year.pzs.title else "",
        "made": t._(
            "Made on {date} by the police capacity planner. Figures in person-hours.",
            date=t.date(made_on, long=True),
        ),
        "figures": _figures(ytd, t),
        "priorities": _numbers_right(yv.priorities_table(ytd, year.zone, lang)),
        "progress": _progress_charts(year, t),
        "operations": _numbers_right(operations, first=2) if len(operations) else None,
        "hycap": _numbers_right(yv.hycap_table(ytd, lang)),
        "hycap_chart": chart_svg(
            charts.line_bars(yv.hycap_data(ytd, lang), t._("Person-hours")),
            lang,
            HYCAP_WIDTH_MM,
        ),
        "calendar": chart_svg(calendar, lang, CALENDAR_WIDTH_MM),
        "missions": _numbers_right(yv.missions_table(ytd, lang)),
        "waterfall": chart_svg(
            charts.waterfall(
                waterfall, t._("Person-hours"), row_px=15, font_px=8, label_px=215, headroom=0.3
            ),
            lang,
            WATERFALL_WIDTH_MM,
        )
        if len(waterfall)
        else None,
        "shortfalls": {
            "table": frame_table(shown, numbers=(2, 4)) if len(shown) else None,
            "more": t.n_("+{n} more shortfall", "+{n} more shortfalls", more) if more else "",
            "none": t._("No shortfall in the weeks counted."),
        },
        "proposal": _proposal(year, proposal, t),
        "words": {
            "figures": t._("Key figures"),
            "priorities": t._("Priorities against their targets"),
            "priorities_note": t._(
                "Achieved: done where the week's actuals are in, planned otherwise. Projection: "
                "achieved plus the pace so far for each week left."
            ),
            "progress": t._("Each priority over the year"),
            "progress_note": t._(
                "Cumulative person-hours by week against the target to date (dashed grey)."
            ),
            "operations": t._("Operations with a count target"),
            "hycap": t._("HyCap line (MFO-2)"),
            "calendar": t._("Norm compliance by week"),
            "calendar_note": t._("Each week coloured by its worst shortfall."),
            "missions": t._("Basic functionalities over the weeks counted"),
            "waterfall": t._("Capacity waterfall of the weeks counted"),
            "waterfall_note": t._(
                "From contract hours to what was left for the priorities, summed over the "
                "weeks counted."
            ),
            "shortfalls": t._("Main shortfalls and their causes"),
        },
    }


def year_html(context: dict[str, object]) -> str:
    """The yearly report as one HTML document."""
    return page_html(context, template="year.html")


def year_documents(
    year: Year,
    lang: str,
    proposal: tuple[Plan, Plan] | None = None,
    made_on: dt.date | None = None,
) -> dict[str, bytes]:
    """The yearly report as {'html': ..., 'pdf': ...}: the HTML (UTF-8) and its PDF."""
    html = year_html(year_context(year, lang, proposal, made_on))
    return {"html": html.encode("utf-8"), "pdf": layout(html).write_pdf()}


def render_year(
    year: Year,
    lang: str,
    fmt: str,
    proposal: tuple[Plan, Plan] | None = None,
    made_on: dt.date | None = None,
) -> bytes:
    """The yearly report in `fmt` ('pdf' or 'html') as bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}: one of {', '.join(FORMATS)}")
    html = year_html(year_context(year, lang, proposal, made_on))
    return html.encode("utf-8") if fmt == "html" else layout(html).write_pdf()
