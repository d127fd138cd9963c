"""Compare scenarios: two or more scenarios of the zone for the same week, side by side —
key figures with the difference from the first in hours and percent, hours per priority,
norm status, and what changes in words."""

from __future__ import annotations

import streamlit as st

from app_pages import charts, common
from planner import views
from planner.explain import describe_differences
from planner.text.explain import difference_lines

T = common.T
lang = common.lang()
ctx = common.context()
zone = ctx.zone

st.title(f"{T('page_compare')} · {ctx.week}")
names = common.scenario_names(zone)
others = [n for n in names if n != ctx.scenario]
default = [ctx.scenario] + others[:1]
cmp_key = f"cmp|{ctx.entry.key}"
common.sticky(cmp_key, default)
st.session_state[cmp_key] = [n for n in st.session_state[cmp_key] if n in names]
chosen = st.multiselect(T("cmp_pick"), names, key=cmp_key,
                        format_func=lambda n: common.scenario_text(zone, n, lang))
if len(chosen) < 2:
    st.info(T("cmp_need_two"))
    st.stop()

plans = common.get_plans(zone, ctx.week, chosen, ", ".join(chosen))
if plans is None:
    st.stop()
common.solve_caption()

st.subheader(T("cmp_figures"))
common.table(views.comparison_figures(plans, lang))
common.downloads(views.comparison_numbers(plans), "comparison.csv", "comparison")

left, right = st.columns([1, 1], gap="large")
with left:
    st.subheader(T("cmp_priorities"))
    data = views.comparison_priorities_data(plans, lang)
    order = list(dict.fromkeys(data["scenario_label"]))
    common.chart(charts.grouped_bars(data, "label", "scenario_label", "hours", "text",
                                        T("col_person_hours"), group_order=order))
with right:
    st.subheader(T("cmp_norms"))
    norms = views.comparison_status(plans, lang)
    common.table(norms)
    common.downloads(norms, "norm-status.csv", "norm-status")

st.subheader(T("cmp_words"))
for other in plans[1:]:
    lines = difference_lines(lang, other.problem, describe_differences(plans[0], other))
    st.markdown(f"**{common.scenario_text(zone, other.problem.scenario)}**")
    st.markdown("\n".join(f"- {line}" for line in lines))
