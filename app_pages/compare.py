"""Compare scenarios: two or more scenarios of the zone for the same week, side by side —
key figures with the difference from the first in hours and percent, hours per priority,
norm status, and what changes in words."""

from __future__ import annotations

import streamlit as st

from app_pages import language, planning, widgets, zones
from app_pages.language import _
from planner import charts, views
from planner.explain import describe_differences
from planner.text.explain import difference_lines

lang = language.lang()
ctx = zones.context()
zone = ctx.zone

st.title(_("Compare scenarios") + f" · {ctx.week}")
names = zones.scenario_names(zone)
others = [n for n in names if n != ctx.scenario]
default = [ctx.scenario] + others[:1]
cmp_key = f"cmp|{ctx.entry.key}"
zones.sticky(cmp_key, default)
st.session_state[cmp_key] = [n for n in st.session_state[cmp_key] if n in names]
chosen = st.multiselect(
    _("Scenarios to compare (the first one is the reference)"),
    names,
    key=cmp_key,
    format_func=lambda n: zones.scenario_text(zone, n, lang),
)
if len(chosen) < 2:
    st.info(_("Choose at least two scenarios."))
    st.stop()

plans = planning.get_plans(
    zone, ctx.week, chosen, ", ".join(views.scenario_title(zone, n, lang) for n in chosen)
)
if plans is None:
    st.stop()
planning.solve_caption()

st.subheader(_("Key figures"))
widgets.table(views.comparison_figures(plans, lang))
widgets.downloads(views.comparison_numbers(plans), "comparison.csv", "comparison")

left, right = st.columns([1, 1], gap="large")
with left:
    st.subheader(_("Hours per priority"))
    data = views.comparison_priorities_data(plans, lang)
    order = list(dict.fromkeys(data["scenario_label"]))
    widgets.chart(
        charts.grouped_bars(
            data, "label", "scenario_label", "hours", "text", _("Person-hours"), group_order=order
        )
    )
with right:
    st.subheader(_("Norm status"))
    norms = views.comparison_status(plans, lang)
    widgets.table(norms)
    widgets.downloads(norms, "norm-status.csv", "norm-status")

st.subheader(_("What changes"))
for other in plans[1:]:
    lines = difference_lines(lang, other.problem, describe_differences(plans[0], other))
    st.markdown(f"**{zones.scenario_text(zone, other.problem.scenario)}**")
    st.markdown("\n".join(f"- {line}" for line in lines))
