"""Adjust: change priority weights, floors and caps, the absence rate, an extra HyCap request,
staff per unit and the pinned operations; the week is re-planned at every change and set
against the starting scenario; the result can be saved as a named scenario of the zone."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import streamlit as st

from app_pages import charts, common
from app_pages.upload import zip_zone_folder
from planner import ui_text, views
from planner.errors import InputError
from planner.export import plan_table
from planner.scenario_io import (
    append_scenario,
    check_name,
    edited_scenario,
    pinned_csv,
    pinned_from_rows,
    pinned_rows,
    scenario_changes,
    scenario_to_toml,
    with_pinned,
    with_scenario,
    write_pinned,
)
from planner.scenarios import apply_scenario
from planner.text.inputs import issue_text
from planner.timegrid import WEEKDAYS

T = common.T
lang = common.lang()
ctx = common.context()
zone = ctx.zone
base = zone.scenarios[ctx.scenario]
EDIT_NAME = "adjusted" if "adjusted" not in zone.scenarios else "adjusted-app"
# Widget keys carry the zone, week and starting scenario: picking another one starts afresh.
prefix = f"adj|{ctx.entry.key}|{ctx.scenario}|{ctx.week}|"


def key(name: str) -> str:
    return prefix + name


def reset() -> None:
    for k in [k for k in st.session_state if str(k).startswith(prefix)]:
        del st.session_state[k]


st.title(T("page_adjust"))
st.caption(T("adjust_intro"))
if saved := st.session_state.pop("_saved", None):
    st.success(T("adj_saved", name=saved), icon=":material/save:")

priorities = apply_scenario(zone, base, ctx.week)[0].priorities
names = {p.id: ui_text.priority_label(p.id, p.label_fr, p.label_nl, lang) for p in priorities}
units = sorted({o.unit for o in zone.officers if o.operational} | set(base.staff_change))
staff_now = {u: sum(1 for o in zone.officers if o.unit == u) for u in units}

edit_col, result_col = st.columns([2, 3], gap="large")

# -- the edits ----------------------------------------------------------------------------------------
with edit_col:
    st.markdown(f"**{T('adj_base')}** : {common.scenario_text(zone, ctx.scenario)}")
    st.button(T("adj_reset"), on_click=reset, icon=":material/undo:", key=key("reset"))

    st.markdown(f"#### {T('adj_weights')}")
    weights = {p.id: st.slider(names[p.id], 0.0, 10.0, float(p.weight), 0.5, key=key(f"w:{p.id}"))
               for p in priorities}

    with st.expander(T("adj_floors_caps")):
        floors, caps = {}, {}
        for p in priorities:
            a, b = st.columns(2)
            floors[p.id] = a.number_input(T("adj_floor_of", p=names[p.id]), 0.0, 10000.0, float(p.floor_hours),
                                          8.0, key=key(f"f:{p.id}"))
            caps[p.id] = b.number_input(T("adj_cap_of", p=names[p.id]), 0.0, 10000.0,
                                        None if p.cap_hours is None else float(p.cap_hours), 8.0,
                                        key=key(f"c:{p.id}"))

    st.markdown(f"#### {T('adj_capacity')}")
    absence_pct = st.slider(T("adj_absence_rate"), 0, 50, int(round(base.absence_rate * 100)), 1,
                            format="%d %%", key=key("absence"))
    with st.expander(T("adj_staff_change")):
        staff_change = {}
        for u in units:
            staff_change[u] = int(st.number_input(
                T("adj_staff_of", u=u, n=staff_now[u]), -staff_now[u], 200,
                int(base.staff_change.get(u, 0)), 1, key=key(f"s:{u}")))

    with st.expander(T("adj_hycap")):
        extra = []
        if st.toggle(T("adj_hycap_on"), key=key("hycap_on")):
            a, b, c = st.columns(3)
            common.sticky(key("hycap_day"), "Sat")
            day = a.selectbox(T("adj_hycap_day"), WEEKDAYS, key=key("hycap_day"),
                              format_func=lambda d: ui_text.day_name(WEEKDAYS.index(d), lang, long=True))
            hours_list = [f"{h:02d}:00" for h in range(24)]
            start = b.selectbox(T("adj_hycap_start"), hours_list, index=12, key=key("hycap_start"))
            end = c.selectbox(T("adj_hycap_end"), hours_list[1:] + ["24:00"], index=19, key=key("hycap_end"))
            a, b = st.columns([1, 2])
            officers = a.number_input(T("adj_hycap_officers"), 1, 500, 12, 1, key=key("hycap_officers"))
            reason = b.text_input(T("adj_hycap_label"), T("adj_hycap_default_label"), key=key("hycap_label"))
            if end > start:
                extra.append({"type": "hycap", "day": day, "start": start, "end": end,
                              "officers": int(officers), "qualification": "hycap", "label": reason})

    with st.expander(T("adj_pinned")):
        st.caption(T("adj_pinned_help"))
        first_rows = pinned_rows(zone, ctx.week)
        ops = {o.id: ui_text.bilingual_label(o.label_fr, o.label_nl, o.id, lang) for o in zone.operations}
        # Pinned operations start at a block's start; the blocks of an operational day run
        # from the day start (07:00) to the next morning.
        step = 60 * zone.settings.block_hours
        starts = [ui_text.clock(zone.settings.day_start_minute + k * step) for k in range(1440 // step)]
        edited_rows = st.data_editor(
            pd.DataFrame(first_rows, columns=["operation", "day", "start", "note"]),
            num_rows="dynamic", hide_index=True, width="stretch", key=key("pinned"),
            column_config={
                "operation": st.column_config.SelectboxColumn(T("col_operation"), options=list(ops),
                                                              format_func=lambda o: ops.get(o, o), required=True),
                "day": st.column_config.SelectboxColumn(T("col_day"), options=list(WEEKDAYS), required=True,
                                                        format_func=lambda d: ui_text.day_name(WEEKDAYS.index(d), lang)),
                "start": st.column_config.SelectboxColumn(T("col_start"), options=starts, required=True),
                "note": st.column_config.TextColumn(T("col_note")),
            })
        rows = edited_rows.fillna("").to_dict("records")
        pins = zone.week_inputs(ctx.week).pinned
        pinned_changed = rows != first_rows
        if pinned_changed:
            try:
                pins = pinned_from_rows(zone, ctx.week, rows)
            except InputError as exc:
                common.show_issues(exc.issues)
                pinned_changed = False

# -- the re-planned week -------------------------------------------------------------------------------
fr_label = ui_text.split_label(base.label, base.name, "fr")
nl_label = ui_text.split_label(base.label, base.name, "nl")
edited = edited_scenario(
    base, EDIT_NAME, label=f"{fr_label} + ajustements / {nl_label} + aanpassingen",
    weights=weights, floors=floors, caps=caps, absence_rate=absence_pct / 100,
    staff_change=staff_change, extra_commitments=extra)
try:  # the domain refuses e.g. a floor above a cap, as the reader would
    changes = scenario_changes(zone, edited)
except InputError as exc:
    with result_col:
        common.show_issues(exc.issues)
    st.stop()
unchanged = (not pinned_changed and changes.commitments == tuple(base.commitments)
             and replace(changes, name=base.name, label=base.label) == scenario_changes(zone, base))
adjusted_zone = with_scenario(zone, edited)
if pinned_changed:
    adjusted_zone = with_pinned(adjusted_zone, ctx.week, pins)

with result_col:
    st.markdown(f"#### {T('adj_result')}")
    base_plan = common.plan_or_stop(ctx)
    if unchanged:
        st.info(T("adj_unchanged"))
        plan = base_plan
    else:
        plan = common.plan_or_stop(ctx, EDIT_NAME, adjusted_zone)
    common.solve_caption()
    kb, ka = views.key_figures(base_plan), views.key_figures(plan)
    st.caption(T("adj_vs_base", base=views.scenario_title(zone, ctx.scenario, lang)))
    cols = st.columns(4)
    for col, (name, kf, inverse) in zip(cols, [("capacity", "kf_capacity", False),
                                               ("priority_hours", "kf_priority_hours", False),
                                               ("legal_short", "kf_legal_short", True),
                                               ("zone_short", "kf_zone_short", True)], strict=True):
        delta = ka[name] - kb[name]
        col.metric(T(kf), common.hours(ka[name], 0),
                   delta=None if abs(delta) < 0.05 else ui_text.fmt_signed_hours(delta, lang, 0),
                   delta_color="inverse" if inverse else "normal")
    pdata = views.comparison_priorities_data([base_plan] if unchanged else [base_plan, plan], lang)
    order = list(dict.fromkeys(pdata["scenario_label"]))
    common.chart(charts.grouped_bars(pdata, "label", "scenario_label", "hours", "text",
                                        T("col_person_hours"), group_order=order))
    common.table(views.priorities_table(plan, lang))
    st.markdown(f"#### {T('cmp_norms')}")
    common.table(views.comparison_status([base_plan, plan], lang) if not unchanged else views.norms_matrix(plan, lang))
    common.downloads(plan_table(plan), "plan.csv", "adj-plan")

    # -- saving ---------------------------------------------------------------------------------------
    st.markdown(f"#### {T('adj_save')}")
    st.caption(T("adj_save_where"))
    a, b = st.columns([1, 2])
    new_name = a.text_input(T("adj_save_name"), key=key("save_name"), placeholder="road_safety_plus")
    new_label = b.text_input(T("adj_save_label"), key=key("save_label"),
                             placeholder="Sécurité routière renforcée / Verkeersveiligheid versterkt")
    named = replace(changes, name=new_name.strip() or "my_scenario", label=new_label.strip() or new_name.strip())
    c1 = c2 = c3 = st.container(horizontal=True, gap="small")
    if c1.button(T("adj_save_button"), type="primary", icon=":material/save:", key=key("save"), disabled=not new_name.strip()):
        try:
            check_name(new_name, zone.scenarios)
            entry = common.private_entry(ctx.entry)
            note = f"saved from the app on {dt.date.today().isoformat()}"
            new_zone = append_scenario(entry.folder, named, note=note)
            if pinned_changed:
                new_zone = write_pinned(entry.folder, ctx.week, pins)
            entry.zone = new_zone
            common.set_own_entry(entry)
            st.session_state["_select_scenario"] = named.name
            st.session_state["_saved"] = named.name
            st.rerun()
        except InputError as exc:
            st.error(T("adj_save_failed", reason="; ".join(issue_text(i, lang) for i in exc.issues)))
    c2.download_button(T("adj_download_scenario"), scenario_to_toml(named), file_name=f"{named.name}.toml",
                       mime="application/toml", key=key("dl-scenario"), icon=":material/download:", on_click="ignore")
    if pinned_changed:
        c3.download_button(T("adj_download_pinned", week=ctx.week), pinned_csv(zone, pins), file_name="pinned.csv",
                           mime="text/csv", key=key("dl-pinned"), icon=":material/download:", on_click="ignore")
        st.caption(T("adj_pinned_saved_note", week=ctx.week))
    if ctx.entry.private and ctx.entry.folder is not None:
        path = ctx.entry.folder / "scenarios.toml"
        if path.exists():
            c3.download_button(T("adj_download_scenarios"), path.read_text(encoding="utf-8"),
                               file_name="scenarios.toml", mime="application/toml", key=key("dl-all"),
                               icon=":material/download:", on_click="ignore")
        st.download_button(T("data_download_zone"), zip_zone_folder(ctx.entry.folder),
                           file_name=f"{ctx.entry.name}.zip", mime="application/zip", key=key("dl-zip"),
                           icon=":material/folder_zip:", on_click="ignore")
