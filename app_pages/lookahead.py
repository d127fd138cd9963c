"""Look-ahead: the chosen week and the three ISO weeks after it, for the chosen scenario,
planned with what is known today (absences and HyCap requests entered for those weeks, else
the shift patterns alone): per week its status, its capacity for the priorities, the
priority operation hours and what is short, with a button to open each week's plan."""

from __future__ import annotations

import streamlit as st

from app_pages import language, planning, widgets, zones
from app_pages.language import _
from planner import charts, views
from planner.text import labels as L

WEEKS = 4  # the chosen week and the three after it

lang = language.lang()
ctx = zones.context()
zone = ctx.zone
weeks_known = zones.all_weeks()
here = weeks_known.index(ctx.week)
weeks = weeks_known[here : here + WEEKS]

st.title(_("Look-ahead") + f" · {weeks[0]} – {weeks[-1]}")
t = language.text()
st.markdown(
    f"**{L.split_label(t, zone.settings.name, ctx.entry.name)}** · "
    + _("Scenario: {name}", name=zones.scenario_text(zone, ctx.scenario))
)
st.caption(
    _(
        "The chosen week and the three after it, planned with what is known today: the absences and HyCap requests entered for a week, else its shift patterns alone."
    )
)
title = views.scenario_title(zone, ctx.scenario, lang)
plans = planning.get_week_plans(zone, weeks, ctx.scenario, f"{title} · {weeks[0]}–{weeks[-1]}")
if plans is None:
    st.stop()
planning.solve_caption()

numbers = views.lookahead_numbers(plans)
short = numbers[numbers["status"] == "short"]
if short.empty:
    st.success(
        _("Every week is fully covered."),
        icon=":material/check_circle:",
    )
else:
    st.warning(
        language.n_(
            "Shortfalls in {n} week: open it for its action list.",
            "Shortfalls in {n} weeks: open them for their action lists.",
            len(short),
        ),
        icon=":material/warning:",
    )
widgets.table(views.lookahead_table(numbers, lang))
widgets.downloads(numbers, "lookahead.csv", "lookahead")
widgets.chart(charts.week_bars(views.lookahead_data(numbers, lang), _("Person-hours")))

st.markdown("**" + _("Open a week's plan") + "**")
cols = st.columns(len(weeks))
for col, week, row in zip(cols, weeks, numbers.itertuples(index=False), strict=True):
    if col.button(
        week,
        key=f"lookahead-open-{week}",
        icon=":material/check_circle:" if row.status == "met" else ":material/warning:",
        help=_("Open the plan of {week}", week=week),
        width="stretch",
    ):
        st.session_state["_select_week"] = week
        st.switch_page("app_pages/week_plan.py")
