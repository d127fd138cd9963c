"""Compare scenarios: two or more scenarios of the zone for the same week, side by side —
key figures with the difference from the first in hours and percent under each figure,
hours per priority, norm status, and what changes in words. One column, so that five
scenarios fit the screen's width and the printed page's."""

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

# One column per scenario, the differences under the figures: five scenarios fit the width
# of a laptop screen (1366 px) and of an A4 page.
st.subheader(_("Key figures"))
st.caption(_("Under each figure, the difference from the reference in hours and percent."))
widgets.text_table(views.comparison_figures_stacked(plans, lang))
widgets.downloads(views.comparison_numbers(plans), "comparison.csv", "comparison")

st.subheader(_("Hours per priority"))
data = views.comparison_priorities_data(plans, lang)
order = list(dict.fromkeys(data["scenario_label"]))
widgets.chart(
    charts.grouped_bars(
        data,
        "label",
        "scenario_label",
        "hours",
        "text",
        _("Person-hours"),
        group_order=order,
        bar_px=max(12, 60 // len(order)),
    ),
    legend_list=True,
)

st.subheader(_("Norm status"))
norms = views.comparison_status(plans, lang)
widgets.text_table(norms)
widgets.downloads(norms, "norm-status.csv", "norm-status")

st.subheader(_("What changes"))
for other in plans[1:]:
    lines = difference_lines(lang, other.problem, describe_differences(plans[0], other))
    st.markdown(f"**{zones.scenario_text(zone, other.problem.scenario)}**")
    st.markdown("\n".join(f"- {line}" for line in lines))
