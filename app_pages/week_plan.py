"""Week plan (landing page): the capacity waterfall, norm compliance, hours per priority,
the week grid and the priority operations of the chosen zone, week and scenario, with
every table downloadable."""

from __future__ import annotations

import streamlit as st

from app_pages import language, planning, sending, widgets, zones
from app_pages.language import _
from planner import charts, views
from planner.export import norms_table, plan_table, priorities_table, to_csv_text
from planner.text import labels as L
from planner.text.explain import explanation_table, price_table


def _report_pdf(plan, lang: str) -> bytes:
    from planner.report_doc import render  # WeasyPrint loads only when a report is made

    return render([plan], lang, "pdf")


def action_list(ctx: zones.Context, plan, lang: str) -> None:
    """The Monday action list, under the plan's status: each shortfall of a basic mission,
    HyCap request or commitment with its block, the officers missing and the first repair
    the model checked. The shortfalls show at once; their repairs are looked for in a child
    process and fill the list when ready, the rest of the page drawn meanwhile."""
    diagnosed = planning.get_diagnosis(ctx.zone, ctx.week, ctx.scenario, plan)
    actions = views.action_list(plan, lang, diagnosed)
    if actions.empty:  # only pinned operations or priority floors: the banner says them
        return
    st.subheader(_("Action list"), anchor="action-list")
    st.caption(
        _(
            "Each shortfall in the order of the week: when, what is short, the officers missing and the first repair the model checked by planning again with it."
        )
    )
    # a static table, so that the browser's print shows it whole
    st.table(actions.set_index(actions.columns[0]))
    if diagnosed is None:
        _pending(
            planning.diagnoses,
            ctx,
            _("Looking for the repairs (a few seconds); the rest of the page is ready."),
            _("The repairs could not be looked for: {reason}"),
            _("Look for the repairs again"),
        )
    else:
        with st.expander(_("Why each shortfall, and every repair, best first")):
            for when, why, repairs in views.shortfall_details(plan, diagnosed, lang):
                st.markdown(f"**{when}** — {why}")
                st.markdown("\n".join(f"{k}. {line}" for k, line in enumerate(repairs, 1)))
    stem = f"action-list-{ctx.week}-{ctx.scenario}"
    row = st.container(horizontal=True, gap="small")
    row.download_button(
        _("Action list (CSV)"),
        to_csv_text(actions),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key="dl-actions",
        icon=":material/download:",
        on_click="ignore",
    )
    row.download_button(
        _("Action list (Excel)"),
        to_csv_text(actions, excel=True).encode("utf-8"),
        file_name=f"{stem}-excel.csv",
        mime="text/csv",
        key="dlx-actions",
        icon=":material/download:",
        on_click="ignore",
    )


def _pending(
    work: planning.BackgroundWork, ctx: zones.Context, waiting: str, failed: str, again: str
):
    """Work on the plan that is made in the background and not ready: while it runs, say so
    and watch for its end; when it failed, say why, with a button to try again."""
    failure = work.failure(ctx.zone, ctx.week, ctx.scenario)
    if failure is None:
        _watch(work, ctx.zone, ctx.week, ctx.scenario, waiting)
        return
    st.warning(failed.format(reason=failure), icon=":material/warning:")
    st.button(
        again,
        key=f"again-{work.prefix}",
        on_click=work.forget_failure,
        args=(ctx.zone, ctx.week, ctx.scenario),
    )


@st.fragment(run_every=0.5)  # a cheap run: the page shows the work within half a second
def _watch(work: planning.BackgroundWork, zone, week: str, scenario: str, waiting: str) -> None:
    """While the work runs: say so, and redraw the page once it has ended."""
    st.caption(":material/hourglass_top: " + waiting)
    if not work.running(zone, week, scenario):
        st.rerun()


lang = language.lang()
ctx = zones.context()
plan = planning.plan_or_stop(ctx)
zone = ctx.zone

st.title(_("Week plan") + f" · {ctx.week}")
t = language.text()
st.markdown(
    f"**{L.split_label(t, zone.settings.name, ctx.entry.name)}** · "
    + _("Scenario: {name}", name=zones.scenario_text(zone, ctx.scenario))
)
planning.solve_caption()
st.download_button(
    _("{name}", name="plan.csv"),
    to_csv_text(plan_table(plan)),
    file_name="plan.csv",
    mime="text/csv",
    key="dl-plan-top",
    icon=":material/download:",
    type="primary",
    on_click="ignore",
    help=_(
        "plan.csv is the export for the scheduling tool (same format as the command line). The Excel variant uses semicolons, decimal commas and a BOM."
    ),
)

st.download_button(
    _("One-page report (PDF)"),
    # made when clicked (a few seconds), on Streamlit's own thread, not at every redraw
    lambda plan=plan, lang=lang: _report_pdf(plan, lang),
    file_name=f"report-{ctx.week}-{ctx.scenario}.pdf",
    mime="application/pdf",
    key="dl-report",
    icon=":material/picture_as_pdf:",
    on_click="ignore",
    help=_("The week's plan on one A4 page for the chef de corps and the council."),
)
sending.validate_section(ctx, plan)

# -- key figures and warnings --------------------------------------------------------------------
k = views.key_figures(plan)
cols = st.columns(6)
cols[0].metric(_("Available"), language.hours(k["available"], 0))
cols[1].metric(_("Capacity for priorities"), language.hours(k["capacity"], 0))
cols[2].metric(_("Priority operation hours"), language.hours(k["priority_hours"], 0))
cols[3].metric(_("Allocation efficiency"), t.percent(k["efficiency"]))
cols[4].metric(
    _("Legal minimum shortfall"),
    language.hours(k["legal_short"]),
    delta=None if k["legal_short"] == 0 else "!",
    delta_color="inverse",
    delta_arrow="off",
)
cols[5].metric(
    _("HyCap this week"),
    language.hours(k["hycap_week"], 0),
    help=_(
        "Yearly line {line}: used before {before}, this week {week}, remaining {left}.",
        line=language.hours(k["hycap_line"], 0),
        before=language.hours(k["hycap_before"], 0),
        week=language.hours(k["hycap_week"], 0),
        left=language.hours(k["hycap_left"], 0),
    ),
)

for note in views.plan_notes(plan, lang):
    st.info(note, icon=":material/info:")
status_lines = views.status_lines(plan, lang)
if not status_lines:
    st.success(
        _(
            "Everything is covered: legal minimum and zone standard of the seven basic functionalities, HyCap and other commitments, pinned operations, priority floors."
        ),
        icon=":material/check_circle:",
    )
else:
    st.warning(
        _("Shortfalls in this plan:") + "\n" + "\n".join(f"- {line}" for line in status_lines),
        icon=":material/warning:",
    )
    action_list(ctx, plan, lang)
if k["hycap_left"] < 0:
    st.warning(
        _(
            "HyCap requests exceed the yearly line by {over}.",
            over=language.hours(-k["hycap_left"]),
        ),
        icon=":material/warning:",
    )
if not plan.optimal:
    st.warning(
        _(
            "The solver stopped at its time limit for: {stages}. The plan is valid but may not be the best.",
            stages=", ".join(s.name for s in plan.stages if s.status != "OPTIMAL"),
        )
    )

# -- waterfall and norms -------------------------------------------------------------------------
left, right = st.columns([11, 9], gap="large")
with left:
    st.subheader(_("Capacity waterfall"))
    st.caption(_("From contract hours to what is left for the priorities, in person-hours."))
    widgets.chart(charts.waterfall(views.waterfall_data(plan, lang), _("Person-hours")))
    widgets.downloads(plan.waterfall, "waterfall.csv", "waterfall")
with right:
    st.subheader(_("Basic functionalities: norms"))
    widgets.text_table(views.norms_matrix(plan, lang))
    with st.expander(_("Required") + " / " + _("Planned") + " / " + _("Where")):
        widgets.table(views.norms_table(plan, lang))
    widgets.downloads(norms_table(plan), "norms.csv", "norms")

# -- priorities ------------------------------------------------------------------------------------
st.subheader(_("Hours per priority"))
st.caption(_("Planned hours against the share the weight alone would give."))
# the chart, then the table at the page's width: side by side, its five columns ran off a
# half page at 1366 px
pdata = views.priorities_data(plan, lang)
widgets.chart(
    charts.grouped_bars(pdata, "label", "measure_label", "hours", "text", _("Person-hours"))
)
widgets.text_table(views.priorities_table(plan, lang))
widgets.downloads(priorities_table(plan), "priorities.csv", "priorities")

# -- why: explanations ---------------------------------------------------------------------------
st.subheader(_("Why this plan?"))
st.caption(
    _(
        "Every reason is checked by the model: relax one constraint, plan again, and keep the reason only when the priority then gets more hours."
    )
)
# made in the background as soon as the plan shows; the page does not wait for it
expl = planning.get_explanation(zone, ctx.week, ctx.scenario, plan)
if expl is None:
    _pending(
        planning.explanations,
        ctx,
        _(
            "Looking for the reasons: the week is planned again with each constraint relaxed in turn (a quarter of a minute on the demo); the rest of the page is ready."
        ),
        _("The reasons could not be looked for: {reason}"),
        _("Look for the reasons again"),
    )
else:
    parts = views.explanation_sections(expl, plan, lang)
    st.markdown("**" + _("Why each priority got its hours") + "**")
    for label, head, reasons in parts["priorities"]:
        with st.expander(f"{label} — {head.split(':', 1)[-1].strip() if ':' in head else head}"):
            st.markdown(head)
            for line in reasons:
                st.markdown(f"- {line}")
    if parts["shortfalls"]:
        st.markdown(_("The shortfalls and their repairs are in the [action list](#action-list)."))
    st.markdown("**" + _("Price of one more officer") + "**")
    st.caption(
        _(
            "What one more officer, in this block and with these qualifications, would add (checked by planning again)."
        )
    )
    if len(parts["price"]):
        widgets.table(parts["price"])
    widgets.downloads(price_table(expl, plan.problem), "marginal.csv", "marginal")
    if parts["tradeoffs"]:
        st.markdown("**" + _("Trade-offs between priorities") + "**")
        for line in parts["tradeoffs"]:
            st.markdown(f"- {line}")
    widgets.downloads(explanation_table(expl, plan.problem), "explanations.csv", "explanations")

# -- week grid ---------------------------------------------------------------------------------------
st.subheader(_("Week grid"))
st.caption(_("Officers at work per block (days × blocks) for the chosen activities."))
groups = views.grid_groups(plan, lang)
present = set(views.week_grid_data(plan, "en")["group"])
options = [g for g in groups if g in present]
f1, f2 = st.columns([4, 1])
zones.sticky("grid_groups", views.default_grid_groups(plan))
st.session_state["grid_groups"] = [g for g in st.session_state["grid_groups"] if g in options]
chosen = f1.multiselect(
    _("Activities"), options, format_func=lambda g: groups.get(g, g), key="grid_groups"
)
zones.sticky("grid_view", "heat")
view = f2.segmented_control(
    _("View"),
    ["heat", "bars"],
    required=True,
    format_func={"heat": _("Heat map"), "bars": _("Stacked bars")}.get,
    key="grid_view",
)
if not chosen:
    st.info(_("No activity chosen."))
elif view == "heat":
    widgets.chart(
        charts.heat_map(
            views.week_grid_totals(plan, chosen, lang), _("Officers"), _("Day"), _("Block")
        )
    )
else:
    data = views.week_grid_data(plan, lang)
    data = data[data["group"].isin(chosen)]
    order = [groups[g] for g in chosen]
    data = data.assign(group_order=data["group_label"].map({g: i for i, g in enumerate(order)}))
    widgets.chart(charts.stacked_bars(data, _("Officers"), _("Activity"), order))
if chosen:
    grid_table = views.week_grid_table(plan, chosen, lang)
    with st.expander(_("Week grid") + " · " + _("Officers")):
        st.dataframe(grid_table, width="stretch")
    widgets.downloads(grid_table.reset_index(), "week-grid.csv", "grid")

# -- operations and commitments --------------------------------------------------------------------
st.subheader(_("Priority operations"))
st.caption(
    _("Crews: how many × officers in each.")
    + " "
    + _("⚑ = operation pinned in advance (pinned.csv or adjustment).")
)
names = {q.id: L.priority(t, q) for q in plan.problem.priorities}
o1, o2 = st.columns([3, 2])
zones.sticky("ops_priority", "")
only = o1.selectbox(
    _("Priority"), [""] + list(names), key="ops_priority", format_func=lambda p: names.get(p, "—")
)
pinned_only = o2.toggle(_("Pinned operations only"), key="ops_pinned")
ops = views.operations_table(plan, lang, priority=only or None, pinned_only=pinned_only)
if ops.empty:
    st.info(_("No priority operations planned."))
else:
    # a column left empty (no note this week) is not drawn: the grid keeps to the page
    ops = ops.loc[:, (ops.astype(str) != "").any(axis=0)]
    widgets.table(ops, height=min(38 * len(ops) + 40, 420))
widgets.downloads(plan_table(plan), "plan.csv", "plan")

st.subheader(_("HyCap and other commitments"))
com = views.commitments_table(plan, lang)
if com.empty:
    st.info(_("No HyCap request or other commitment this week."))
else:
    widgets.table(com)
