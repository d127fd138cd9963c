"""Week plan (landing page): the capacity waterfall, norm compliance, hours per priority,
the week grid and the priority operations of the chosen zone, week and scenario, with
every table downloadable."""

from __future__ import annotations

import streamlit as st

from app_pages import charts, common
from planner import ui_text, views
from planner.export import norms_table, plan_table, priorities_table, to_csv_text
from planner.text.explain import explanation_table, price_table

T = common.T
lang = common.lang()
ctx = common.context()
plan = common.plan_or_stop(ctx)
zone = ctx.zone

st.title(f"{T('page_plan')} · {ctx.week}")
st.markdown(f"**{ui_text.split_label(zone.settings.name, ctx.entry.name, lang)}** · "
            f"{T('scenario')} : {common.scenario_text(zone, ctx.scenario)}")
common.solve_caption()
st.download_button(T("download_csv", name="plan.csv"), to_csv_text(plan_table(plan)), file_name="plan.csv",
                   mime="text/csv", key="dl-plan-top", icon=":material/download:", type="primary", on_click="ignore",
                   help=T("sec_downloads_help"))

# -- key figures and warnings --------------------------------------------------------------------
k = views.key_figures(plan)
cols = st.columns(6)
cols[0].metric(T("kf_available"), common.hours(k["available"], 0))
cols[1].metric(T("kf_capacity"), common.hours(k["capacity"], 0))
cols[2].metric(T("kf_priority_hours"), common.hours(k["priority_hours"], 0))
cols[3].metric(T("kf_efficiency"), ui_text.fmt_percent(k["efficiency"], lang))
cols[4].metric(T("kf_legal_short"), common.hours(k["legal_short"]),
               delta=None if k["legal_short"] == 0 else "!", delta_color="inverse", delta_arrow="off")
cols[5].metric(T("kf_hycap"), common.hours(k["hycap_week"], 0),
               help=T("kf_hycap_help", line=common.hours(k["hycap_line"], 0),
                      before=common.hours(k["hycap_before"], 0), week=common.hours(k["hycap_week"], 0),
                      left=common.hours(k["hycap_left"], 0)))

for note in views.plan_notes(plan, lang):
    st.info(note, icon=":material/info:")
status_lines = views.status_lines(plan, lang)
if not status_lines:
    st.success(T("status_all_met"), icon=":material/check_circle:")
else:
    st.warning(T("status_short_title") + "\n" + "\n".join(f"- {line}" for line in status_lines),
               icon=":material/warning:")
if k["hycap_left"] < 0:
    st.warning(T("hycap_above_line", over=common.hours(-k["hycap_left"])), icon=":material/warning:")
if not plan.optimal:
    st.warning(T("not_optimal", stages=", ".join(s.name for s in plan.stages if s.status != "OPTIMAL")))

# -- waterfall and norms -------------------------------------------------------------------------
left, right = st.columns([11, 9], gap="large")
with left:
    st.subheader(T("sec_waterfall"))
    st.caption(T("sec_waterfall_help"))
    common.chart(charts.waterfall(views.waterfall_data(plan, lang), T("col_person_hours")))
    common.downloads(plan.waterfall, "waterfall.csv", "waterfall")
with right:
    st.subheader(T("sec_norms"))
    common.table(views.norms_matrix(plan, lang))
    with st.expander(T("col_required") + " / " + T("col_planned") + " / " + T("col_where")):
        common.table(views.norms_table(plan, lang))
    common.downloads(norms_table(plan), "norms.csv", "norms")

# -- priorities ------------------------------------------------------------------------------------
st.subheader(T("sec_priorities"))
st.caption(T("sec_priorities_help"))
left, right = st.columns([1, 1], gap="large")
with left:
    pdata = views.priorities_data(plan, lang)
    common.chart(charts.grouped_bars(pdata, "label", "measure_label", "hours", "text",
                                        T("col_person_hours")))
with right:
    common.table(views.priorities_table(plan, lang))
    common.downloads(priorities_table(plan), "priorities.csv", "priorities")

# -- why: explanations ---------------------------------------------------------------------------
st.subheader(T("sec_why"))
st.caption(T("sec_why_help"))
why_key = f"why-{ctx.week}-{ctx.scenario}"
if st.button(T("why_button"), key="why-button", icon=":material/help:"):
    st.session_state[why_key] = True
if st.session_state.get(why_key):
    expl = common.get_explanation(zone, ctx.week, ctx.scenario, plan)
    if expl is not None:
        parts = views.explanation_sections(expl, plan, lang)
        st.markdown(f"**{T('why_priorities')}**")
        for label, head, reasons in parts["priorities"]:
            with st.expander(f"{label} — {head.split(':', 1)[-1].strip() if ':' in head else head}"):
                st.markdown(head)
                for line in reasons:
                    st.markdown(f"- {line}")
        st.markdown(f"**{T('why_shortfalls')}**")
        if not parts["shortfalls"]:
            st.success(T("why_no_shortfall"), icon=":material/check_circle:")
        for when, why, repairs in parts["shortfalls"]:
            with st.expander(f"{when} — {why[:90]}"):
                st.markdown(why)
                st.markdown(f"*{T('why_repairs')}*")
                for k, line in enumerate(repairs, start=1):
                    st.markdown(f"{k}. {line}")
        st.markdown(f"**{T('why_price')}**")
        st.caption(T("why_price_help"))
        if len(parts["price"]):
            common.table(parts["price"])
        common.downloads(price_table(expl, plan.problem), "marginal.csv", "marginal")
        if parts["tradeoffs"]:
            st.markdown(f"**{T('why_tradeoffs')}**")
            for line in parts["tradeoffs"]:
                st.markdown(f"- {line}")
        common.downloads(explanation_table(expl, plan.problem), "explanations.csv", "explanations")

# -- week grid ---------------------------------------------------------------------------------------
st.subheader(T("sec_grid"))
st.caption(T("sec_grid_help"))
groups = views.grid_groups(plan, lang)
present = set(views.week_grid_data(plan, "en")["group"])
options = [g for g in groups if g in present]
f1, f2 = st.columns([4, 1])
common.sticky("grid_groups", views.default_grid_groups(plan))
st.session_state["grid_groups"] = [g for g in st.session_state["grid_groups"] if g in options]
chosen = f1.multiselect(T("grid_filter"), options, format_func=lambda g: groups.get(g, g), key="grid_groups")
common.sticky("grid_view", "heat")
view = f2.segmented_control(T("grid_view"), ["heat", "bars"], required=True,
                            format_func={"heat": T("grid_heatmap"), "bars": T("grid_bars")}.get,
                            key="grid_view")
if not chosen:
    st.info(T("grid_empty"))
elif view == "heat":
    common.chart(charts.heat_map(views.week_grid_totals(plan, chosen, lang), T("col_officers"),
                                    T("col_day"), T("col_block")))
else:
    data = views.week_grid_data(plan, lang)
    data = data[data["group"].isin(chosen)]
    order = [groups[g] for g in chosen]
    data = data.assign(group_order=data["group_label"].map({g: i for i, g in enumerate(order)}))
    common.chart(charts.stacked_bars(data, T("col_officers"), T("col_activity"), order))
if chosen:
    grid_table = views.week_grid_table(plan, chosen, lang)
    with st.expander(T("sec_grid") + " · " + T("col_officers")):
        st.dataframe(grid_table, width="stretch")
    common.downloads(grid_table.reset_index(), "week-grid.csv", "grid")

# -- operations and commitments --------------------------------------------------------------------
st.subheader(T("sec_operations"))
st.caption(T("sec_operations_help"))
names = {q.id: ui_text.priority_label(q.id, q.label_fr, q.label_nl, lang) for q in plan.problem.priorities}
o1, o2 = st.columns([3, 2])
common.sticky("ops_priority", "")
only = o1.selectbox(T("ops_filter_priority"), [""] + list(names), key="ops_priority",
                    format_func=lambda p: names.get(p, "—"))
pinned_only = o2.toggle(T("ops_only_pinned"), key="ops_pinned")
ops = views.operations_table(plan, lang, priority=only or None, pinned_only=pinned_only)
if ops.empty:
    st.info(T("no_operations"))
else:
    common.table(ops, height=min(38 * len(ops) + 40, 420))
common.downloads(plan_table(plan), "plan.csv", "plan")

st.subheader(T("sec_commitments"))
com = views.commitments_table(plan, lang)
if com.empty:
    st.info(T("no_commitments"))
else:
    common.table(com)
