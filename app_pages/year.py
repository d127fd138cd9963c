"""Year: the zone's PZS year to date. For a year and the last week counted, each priority
against its yearly target (planned, done, achieved, projection, the hours a week still
needed), a chart per priority over the year, the operations with a count target, the norms
week by week as a calendar, the basic functionalities, the HyCap line, the year's capacity
waterfall and its main shortfalls; the price of a scenario proposed for next year; year.csv
and the yearly report (PDF, HTML) in the app's language.

The year is gathered in a child process (app_pages.planning.get_year): validated plans from
the store, the other past weeks planned under the baseline (kept on disk by planner.weeks),
actuals from the zone folder. Its first gathering takes a minute, so it starts on a button;
a year already gathered shows at once."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from app_pages import language, planning, widgets, zones
from app_pages.language import _
from planner import charts, views
from planner.export import to_csv_text
from planner.text import labels as L
from planner.timegrid import parse_week, week_label
from planner.year import views as yv
from planner.year.ytd import default_as_of, year_table, year_weeks

PROGRESS_COLUMNS = 2  # charts of the priorities side by side
# The app draws a chart at the page's width and fits its axes and legend into its height:
# the heights of the whole charts here, taller than the printed report's plot areas.
PROGRESS_PX, CALENDAR_PX, HYCAP_PX = 280, 210, 190
NONE = ""  # no week counted yet (as of), no scenario proposed


def _report(found, lang: str, fmt: str, proposal) -> bytes:
    from planner.year.report import render_year  # WeasyPrint loads only when asked

    return render_year(found, lang, fmt, proposal)


def _progress_note(h) -> str:
    if h.target is None:
        return _("No target in the PZS for this year.")
    return _(
        "Target {target}; achieved {achieved} of {expected} expected; projection {projection}.",
        target=language.hours(h.target, 0),
        achieved=language.hours(h.achieved, 0),
        expected=language.hours(h.expected, 0),
        projection=language.hours(h.projection, 0),
    )


lang = language.lang()
t = language.text()
ctx = zones.context()
entry, zone = ctx.entry, ctx.zone

# -- what to count ----------------------------------------------------------------------------
years = list(range(zones.FIRST_YEAR, zones.LAST_YEAR + 1))
zones.sticky("year_year", parse_week(ctx.week)[0])
pick_year, pick_week, pick_proposal = st.columns(3)
year = pick_year.selectbox(_("PZS year"), years, key="year_year")
weeks = year_weeks(year)
as_of_key = f"year_as_of|{year}"
zones.sticky(as_of_key, default_as_of(year, dt.date.today()) or NONE)
chosen_week = pick_week.selectbox(
    _("As of week"),
    [NONE, *weeks],
    key=as_of_key,
    format_func=lambda w: w or _("no week counted yet"),
    help=_("The last week counted: by default the last complete week before today."),
)
as_of = chosen_week or None
others = [n for n in zones.scenario_names(zone) if n != planning.YEAR_SCENARIO]
proposal_key = f"year_proposal|{entry.key}"
zones.sticky(proposal_key, NONE)
if st.session_state[proposal_key] not in [NONE, *others]:
    st.session_state[proposal_key] = NONE
proposed_name = pick_proposal.selectbox(
    _("Scenario proposed for next year"),
    [NONE, *others],
    key=proposal_key,
    format_func=lambda n: zones.scenario_text(zone, n, lang) if n else _("none"),
    help=_("Priced on the first week of next year against the baseline."),
)

st.title(_("PZS year") + f" · {year}")
st.markdown(
    f"**{L.split_label(t, zone.settings.name, entry.name)}** · "
    + (
        _("Year {year}, as of week {week}", year=year, week=as_of)
        if as_of
        else _("Year {year}: no week counted yet", year=year)
    )
)


# -- what was done: a week's actuals from the scheduling tool ----------------------------------------
def _import_actuals() -> None:
    """Read a week's actuals file, check it whole, and keep it in the zone folder this
    session plans and in the store (so the next session and the command line's overlay see
    it); nothing is kept when anything is wrong."""
    from app_pages import sending
    from planner.errors import InputError
    from planner.export import write_file
    from planner.year.actuals import (
        actuals_path,
        actuals_text,
        decode_csv,
        hours_by_kind,
        parse_actuals,
    )

    last = default_as_of(year, dt.date.today())
    past = [w for w in weeks if last is not None and w <= last] or weeks[:1]
    with st.expander(_("Import what was done (actuals)"), icon=":material/upload_file:"):
        st.caption(
            _(
                "The scheduling tool's export of a finished week (date, start, end, activity, officers, hours), or the week's plan.csv with a 'done' column. It replaces the week's actuals."
            )
        )
        left, right = st.columns([1, 2])
        week = left.selectbox(_("Week done"), past[::-1], key=f"actuals-week|{year}")
        upload = right.file_uploader(_("Actuals file (CSV)"), type=["csv"], key="actuals-file")
        who = sending.who_input("actuals_who")
        if not st.button(_("Import"), key="actuals-import", icon=":material/upload:"):
            return
        if upload is None or not who.strip():
            st.error(_("Choose a file and type your name: the record keeps who imported it."))
            return
        try:
            text = decode_csv(upload.getvalue(), upload.name)
            actuals = parse_actuals(text, upload.name, zone, week)
        except InputError as exc:
            widgets.show_issues(
                exc.issues,
                language.n_(
                    "{n} problem in the file: nothing is imported.",
                    "{n} problems in the file: nothing is imported.",
                    len(exc.issues),
                ),
                _("Fix the lines listed and import the file again."),
            )
            return
        st.session_state["_who"] = who.strip()
        normal = actuals_text(actuals, zone)
        own = zones.private_entry(entry)
        write_file(own.folder / actuals_path(week), normal.encode("utf-8"))
        sending.store().put_file(entry.name, actuals_path(week), normal, who.strip(), week)
        done = hours_by_kind(actuals, zone)
        st.success(
            _(
                "{week}: {lines} imported ({hours} of priority operations).",
                week=week,
                lines=language.n_("{n} line", "{n} lines", len(actuals.lines)),
                hours=language.hours(done["priority_operations"], 0),
            ),
            icon=":material/check_circle:",
        )


_import_actuals()
entry = zones.context().entry  # the session's own copy once a file is imported

# -- the year, gathered once ----------------------------------------------------------------------
key = planning.year_key(entry.folder, entry.name, year, as_of)
found = planning.year_cache().get(key)
if found is None:
    asked: set[str] = st.session_state.setdefault("_years_asked", set())
    if key not in asked:
        counted = sum(1 for w in weeks if as_of is not None and w <= as_of)
        st.info(
            language.n_(
                "{n} week to count: the validated plans from the record, the other weeks planned under the baseline (a minute the first time, kept afterwards), the actuals from the zone folder.",
                "{n} weeks to count: the validated plans from the record, the other weeks planned under the baseline (a minute the first time, kept afterwards), the actuals from the zone folder.",
                counted,
            ),
            icon=":material/info:",
        )
        # a callback: the run it starts goes straight to the gathering, without this prompt
        st.button(
            _("Count the year"),
            type="primary",
            key="year-start",
            icon=":material/play_arrow:",
            on_click=asked.add,
            args=(key,),
        )
        st.stop()
    found = planning.get_year(entry.folder, entry.name, year, as_of, key=key)
    if found is None:
        st.stop()
ytd = found.ytd

with_target = [p for p in ytd.priorities if p.hours.target is not None]
if found.pzs is None:
    st.info(
        _(
            "No PZS targets: the zone folder has no pzs.toml. What was planned and done is shown without targets."
        ),
        icon=":material/flag:",
    )
elif not with_target:
    st.info(
        _("The PZS sets no hours target for {year}: planned and done are shown alone.", year=year),
        icon=":material/flag:",
    )

# -- the proposal for next year ---------------------------------------------------------------------
proposal = None
if proposed_name:
    first = week_label(year + 1, 1)
    plans = planning.get_plans(
        zone,
        first,
        [planning.YEAR_SCENARIO, proposed_name],
        f"{first} · {views.scenario_title(zone, proposed_name, lang)}",
    )
    if plans is not None:
        proposal = (plans[0], plans[1])

# -- key figures and downloads --------------------------------------------------------------------
behind = [p for p in with_target if p.hours.on_track is False]
cols = st.columns(5)
cols[0].metric(_("Weeks counted"), f"{len(ytd.past)} / {len(ytd.weeks)}")
cols[1].metric(_("Validated weeks"), str(len(ytd.validated_weeks)))
cols[2].metric(_("Weeks with actuals"), str(len(ytd.done_weeks)))
cols[3].metric(
    _("Priorities on track"),
    f"{len(with_target) - len(behind)} / {len(with_target)}" if with_target else "—",
)
cols[4].metric(_("Priorities behind"), str(len(behind)) if with_target else "—")

row = st.container(horizontal=True, gap="small")
row.download_button(
    _("{name}", name="year.csv"),
    to_csv_text(year_table(ytd)),
    file_name="year.csv",
    mime="text/csv",
    key="dl-year",
    icon=":material/download:",
    on_click="ignore",
)
for fmt, mime in (("pdf", "application/pdf"), ("html", "text/html")):
    row.download_button(
        _("{name}", name=f"report.{fmt}"),
        # made when clicked (seconds), on Streamlit's own thread, not at every redraw
        lambda fmt=fmt, found=found, lang=lang, proposal=proposal: _report(
            found, lang, fmt, proposal
        ),
        file_name=f"report.{fmt}",
        mime=mime,
        key=f"dl-year-report-{fmt}",
        icon=":material/download:",
        type="primary" if fmt == "pdf" else "secondary",
        on_click="ignore",
        help=_("The yearly report for the zonal security council, in this language."),
    )

# -- priorities -----------------------------------------------------------------------------------
st.subheader(_("Priorities against their targets"))
st.caption(
    _(
        "Achieved: done where the week's actuals are in, planned otherwise. Projection: achieved plus the pace so far for each week left."
    )
)
widgets.table(yv.priorities_table(ytd, zone, lang))

st.subheader(_("Each priority over the year"))
st.caption(_("Cumulative person-hours by week against the target to date (dashed grey)."))
progress = yv.progress_data(ytd, found.pzs, zone, lang)
shown = [p for p in ytd.priorities if not progress[progress["priority"] == p.priority].empty]
for start in range(0, len(shown), PROGRESS_COLUMNS):
    for col, p in zip(
        st.columns(PROGRESS_COLUMNS, gap="large"),
        shown[start : start + PROGRESS_COLUMNS],
        strict=False,
    ):
        rows = progress[progress["priority"] == p.priority]
        with col:
            st.markdown(f"**{rows['label'].iloc[0]}**")
            st.caption(_progress_note(p.hours))
            widgets.chart(charts.progress_lines(rows, _("Person-hours"), _("Week"), PROGRESS_PX))

operations = yv.operations_table(ytd, zone, lang)
if len(operations):
    st.subheader(_("Operations with a count target"))
    widgets.table(operations)

# -- the norms, week by week ------------------------------------------------------------------------
st.subheader(_("Norm compliance by week"))
st.caption(_("Each week coloured by its worst shortfall."))
widgets.chart(
    charts.week_calendar(yv.calendar_data(ytd, lang), yv.state_labels(lang), 30, 9).properties(
        height=CALENDAR_PX
    ),
)
st.subheader(_("Basic functionalities over the weeks counted"))
widgets.table(yv.missions_table(ytd, lang))

# -- HyCap and the capacity ---------------------------------------------------------------------------
st.subheader(_("HyCap line (MFO-2)"))
left, right = st.columns([2, 3], gap="large")
with left:
    widgets.text_table(yv.hycap_table(ytd, lang))
with right:
    widgets.chart(
        charts.line_bars(yv.hycap_data(ytd, lang), _("Person-hours"), 22).properties(
            height=HYCAP_PX
        )
    )

waterfall = yv.waterfall_data(ytd, lang)
if len(waterfall):
    st.subheader(_("Capacity waterfall of the weeks counted"))
    st.caption(
        _("From contract hours to what was left for the priorities, summed over the weeks counted.")
    )
    widgets.chart(charts.waterfall(waterfall, _("Person-hours")))

st.subheader(_("Main shortfalls and their causes"))
shortfalls = yv.shortfalls_table(ytd, lang)
if shortfalls.empty:
    st.success(_("No shortfall in the weeks counted."), icon=":material/check_circle:")
else:
    widgets.table(shortfalls)

if proposal is not None:
    base, proposed = proposal
    st.subheader(
        _(
            "Proposal for next year: {name}",
            name=views.scenario_title(zone, proposed_name, lang),
        )
    )
    st.caption(
        _(
            "Week {week} planned under the baseline and under the proposal; the difference a week, and over a year as {n} such weeks.",
            week=proposed.problem.grid.label,
            n=yv.WEEKS_PER_YEAR,
        )
    )
    widgets.text_table(yv.proposal_table(base, proposed, lang))
