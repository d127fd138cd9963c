"""Adjust: change priority weights, floors and caps, the absence rate, an extra HyCap request,
staff per unit and the pinned operations; the week is re-planned at every change and set
against the starting scenario: the headline figures are each priority's hours (what a weight
moves), then the capacity for priorities and the shortfalls, each with its change; the result
can be saved as a named scenario of the zone."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import streamlit as st

from app_pages import language, planning, widgets, zones
from app_pages.language import _
from app_pages.upload import zip_zone_folder
from planner import charts, views
from planner.errors import InputError
from planner.export import plan_table
from planner.results import STATUS_KINDS
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
from planner.text import Text
from planner.text import labels as L
from planner.text.inputs import issue_text
from planner.timegrid import WEEKDAYS

lang = language.lang()
ctx = zones.context()
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


st.title(_("Adjust"))
st.caption(
    _(
        "Start from a scenario and change it: the plan is recomputed at every change and compared with the starting scenario."
    )
)
if saved := st.session_state.pop("_saved", None):
    st.success(
        _('Scenario "{name}" saved. It is now in the scenario lists.', name=saved),
        icon=":material/save:",
    )

priorities = apply_scenario(zone, base, ctx.week)[0].priorities
t = language.text()
names = {p.id: L.priority(t, p) for p in priorities}
units = sorted({o.unit for o in zone.officers if o.operational} | set(base.staff_change))
staff_now = {u: sum(1 for o in zone.officers if o.unit == u) for u in units}

edit_col, result_col = st.columns([2, 3], gap="large")

# -- the edits ----------------------------------------------------------------------------------------
with edit_col:
    st.markdown(_("**Starting scenario:** {name}", name=zones.scenario_text(zone, ctx.scenario)))
    st.button(
        _("Back to the starting scenario"), on_click=reset, icon=":material/undo:", key=key("reset")
    )

    st.markdown("#### " + _("Priority weights"))
    # a select slider, so the weight reads in the language's own way (1,5 in French and Dutch)
    steps = [k / 2 for k in range(21)]
    weights = {
        p.id: st.select_slider(
            names[p.id],
            sorted({*steps, float(p.weight)}),
            value=float(p.weight),
            format_func=t.weight,
            key=key(f"w:{p.id}"),
        )
        for p in priorities
    }

    with st.expander(_("Floors and caps (person-hours)")):
        floors, caps = {}, {}
        for p in priorities:
            a, b = st.columns(2)
            floors[p.id] = a.number_input(
                _("Floor {p}", p=names[p.id]),
                0.0,
                10000.0,
                float(p.floor_hours),
                8.0,
                format="%.0f",
                key=key(f"f:{p.id}"),
            )
            caps[p.id] = b.number_input(
                _("Cap {p} (empty: none)", p=names[p.id]),
                0.0,
                10000.0,
                None if p.cap_hours is None else float(p.cap_hours),
                8.0,
                format="%.0f",
                key=key(f"c:{p.id}"),
            )

    st.markdown("#### " + _("Capacity"))
    absence_pct = st.slider(
        _("Extra absences (% of operational officers, whole week)"),
        0,
        50,
        int(round(base.absence_rate * 100)),
        1,
        format="%d %%",
        key=key("absence"),
    )
    with st.expander(_("More or fewer officers per unit")):
        staff_change = {}
        for u in units:
            staff_change[u] = int(
                st.number_input(
                    _("Unit {u} ({n} now)", u=L.unit(t, u), n=staff_now[u]),
                    -staff_now[u],
                    200,
                    int(base.staff_change.get(u, 0)),
                    1,
                    key=key(f"s:{u}"),
                )
            )

    with st.expander(_("Extra HyCap request")):
        extra = []
        if st.toggle(_("Add a request"), key=key("hycap_on")):
            a, b, c = st.columns(3)
            zones.sticky(key("hycap_day"), "Sat")
            day = a.selectbox(
                _("Day"),
                WEEKDAYS,
                key=key("hycap_day"),
                format_func=lambda d: t.day(WEEKDAYS.index(d), long=True),
            )
            hours_list = [f"{h:02d}:00" for h in range(24)]
            start = b.selectbox(_("From"), hours_list, index=12, key=key("hycap_start"))
            end = c.selectbox(_("To"), hours_list[1:] + ["24:00"], index=19, key=key("hycap_end"))
            a, b = st.columns([1, 2])
            officers = a.number_input(_("Officers"), 1, 500, 12, 1, key=key("hycap_officers"))
            reason = b.text_input(_("Reason"), _("HyCap request"), key=key("hycap_label"))
            if end > start:
                extra.append(
                    {
                        "type": "hycap",
                        "day": day,
                        "start": start,
                        "end": end,
                        "officers": int(officers),
                        "qualification": "hycap",
                        "label": reason,
                    }
                )

    with st.expander(_("Pinned operations")):
        st.caption(_("One row per crew placed for sure. Start = start of a block of the week."))
        first_rows = pinned_rows(zone, ctx.week)
        ops = {o.id: L.data_label(t, o) for o in zone.operations}
        # Pinned operations start at a block's start; the blocks of an operational day run
        # from the day start (07:00) to the next morning.
        step = 60 * zone.settings.block_hours
        starts = [L.clock(zone.settings.day_start_minute + k * step) for k in range(1440 // step)]
        edited_rows = st.data_editor(
            pd.DataFrame(first_rows, columns=["operation", "day", "start", "note"]),
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            key=key("pinned"),
            column_config={
                "operation": st.column_config.SelectboxColumn(
                    _("Operation"),
                    options=list(ops),
                    format_func=lambda o: ops.get(o, o),
                    required=True,
                ),
                "day": st.column_config.SelectboxColumn(
                    _("Day"),
                    options=list(WEEKDAYS),
                    required=True,
                    format_func=lambda d: t.day(WEEKDAYS.index(d)),
                ),
                "start": st.column_config.SelectboxColumn(
                    _("Start"), options=starts, required=True
                ),
                "note": st.column_config.TextColumn(_("Note")),
            },
        )
        rows = edited_rows.fillna("").to_dict("records")
        pins = zone.week_inputs(ctx.week).pinned
        pinned_changed = rows != first_rows
        if pinned_changed:
            try:
                pins = pinned_from_rows(zone, ctx.week, rows)
            except InputError as exc:
                widgets.show_issues(exc.issues)
                pinned_changed = False

# -- the re-planned week -------------------------------------------------------------------------------
fr_label = L.split_label(Text.for_lang("fr"), base.label, base.name)
nl_label = L.split_label(Text.for_lang("nl"), base.label, base.name)
edited = edited_scenario(
    base,
    EDIT_NAME,
    label=f"{fr_label} + ajustements / {nl_label} + aanpassingen",
    weights=weights,
    floors=floors,
    caps=caps,
    absence_rate=absence_pct / 100,
    staff_change=staff_change,
    extra_commitments=extra,
)
try:  # the domain refuses e.g. a floor above a cap, as the reader would
    changes = scenario_changes(zone, edited)
except InputError as exc:
    with result_col:
        widgets.show_issues(exc.issues)
    st.stop()
unchanged = (
    not pinned_changed
    and changes.commitments == tuple(base.commitments)
    and replace(changes, name=base.name, label=base.label) == scenario_changes(zone, base)
)
adjusted_zone = with_scenario(zone, edited)
if pinned_changed:
    adjusted_zone = with_pinned(adjusted_zone, ctx.week, pins)

with result_col:
    st.markdown("#### " + _("Result"))
    base_plan = planning.plan_or_stop(ctx)
    if unchanged:
        st.info(_("No change: this is the starting scenario."))
        plan = base_plan
    else:
        plan = planning.plan_or_stop(ctx, EDIT_NAME, adjusted_zone)
    planning.solve_caption()
    st.caption(_('compared with "{base}"', base=views.scenario_title(zone, ctx.scenario, lang)))
    # Each priority's hours first: a weight moves them, and nothing else. Three to a row, so
    # a name and its change read whole beside the settings.
    start_hours = base_plan.priority_hours
    rows = list(plan.priorities.itertuples(index=False))
    for first in range(0, len(rows), 3):
        for col, r in zip(st.columns(3), rows[first : first + 3], strict=False):
            widgets.figure(
                col,
                names.get(r.priority, r.priority),
                float(r.hours),
                None if unchanged else float(start_hours.get(r.priority, 0.0)),
                help=_(
                    "Person-hours planned for {p}. Weight {w}: {share} of all the weights.",
                    p=names.get(r.priority, r.priority),
                    w=t.weight(r.weight),
                    share=language.percent(r.weight_share),
                ),
            )
    kb, ka = views.key_figures(base_plan), views.key_figures(plan)

    def other_short(k: dict[str, float]) -> float:
        return sum(k[f"{kind}_short"] for kind in STATUS_KINDS if kind != "legal")

    a, b, c = st.columns(3)
    widgets.figure(
        a,
        _("Capacity for priorities"),
        ka["capacity"],
        None if unchanged else kb["capacity"],
        better="more",
        help=_(
            "Person-hours left for the priorities once the basic functionalities, HyCap and other commitments are covered."
        ),
    )
    widgets.figure(
        b,
        _("Legal minimum shortfall"),
        ka["legal_short"],
        None if unchanged else kb["legal_short"],
        better="less",
    )
    widgets.figure(
        c,
        _("Other shortfalls"),
        other_short(ka),
        None if unchanged else other_short(kb),
        better="less",
        help=_(
            "Zone standard, HyCap, other commitments, pinned operations and priority floors not covered, in person-hours."
        ),
    )
    pdata = views.comparison_priorities_data([base_plan] if unchanged else [base_plan, plan], lang)
    order = list(dict.fromkeys(pdata["scenario_label"]))
    widgets.chart(
        charts.grouped_bars(
            pdata, "label", "scenario_label", "hours", "text", _("Person-hours"), group_order=order
        ),
        legend_list=True,
    )
    # each priority's hours are the figures above: the table says what the weights mean, and
    # six columns fit beside the settings at 1366 px in Dutch too
    widgets.text_table(
        views.priorities_table(plan, lang).drop(columns=[_("Hours"), _("Operations")])
    )
    st.markdown("#### " + _("Norm status"))
    widgets.text_table(
        views.comparison_status([base_plan, plan], lang)
        if not unchanged
        else views.norms_matrix(plan, lang)
    )
    widgets.downloads(plan_table(plan), "plan.csv", "adj-plan")

    # -- saving ---------------------------------------------------------------------------------------
    st.markdown("#### " + _("Save as a scenario"))
    st.caption(
        _(
            "The scenario is written to scenarios.toml in a copy of the zone private to your session: other users do not see it and the bundled samples stay untouched. Download the file to keep it."
        )
    )
    a, b = st.columns([1, 2])
    new_name = a.text_input(
        _("Name (letters, digits, _ and -)"), key=key("save_name"), placeholder="road_safety_plus"
    )
    new_label = b.text_input(
        _("Label (FR / NL)"),
        key=key("save_label"),
        placeholder="Sécurité routière renforcée / Verkeersveiligheid versterkt",
    )
    named = replace(
        changes, name=new_name.strip() or "my_scenario", label=new_label.strip() or new_name.strip()
    )
    c1 = c2 = c3 = st.container(horizontal=True, gap="small")
    if c1.button(
        _("Save to the zone"),
        type="primary",
        icon=":material/save:",
        key=key("save"),
        disabled=not new_name.strip(),
    ):
        try:
            check_name(new_name, zone.scenarios)
            entry = zones.private_entry(ctx.entry)
            note = f"saved from the app on {dt.date.today().isoformat()}"
            new_zone = append_scenario(entry.folder, named, note=note)
            if pinned_changed:
                new_zone = write_pinned(entry.folder, ctx.week, pins)
            entry.zone = new_zone
            zones.set_own_entry(entry)
            st.session_state["_select_scenario"] = named.name
            st.session_state["_saved"] = named.name
            st.rerun()
        except InputError as exc:
            st.error(
                _(
                    "Cannot save: {reason}",
                    reason="; ".join(issue_text(i, lang) for i in exc.issues),
                )
            )
    c2.download_button(
        _("Download this scenario (TOML)"),
        scenario_to_toml(named),
        file_name=f"{named.name}.toml",
        mime="application/toml",
        key=key("dl-scenario"),
        icon=":material/download:",
        on_click="ignore",
    )
    if pinned_changed:
        c3.download_button(
            _("Download pinned.csv ({week})", week=ctx.week),
            pinned_csv(zone, pins),
            file_name="pinned.csv",
            mime="text/csv",
            key=key("dl-pinned"),
            icon=":material/download:",
            on_click="ignore",
        )
        st.caption(
            _(
                "Pinned operations belong to the week, not to the scenario: they are written to weeks/{week}/pinned.csv of your copy.",
                week=ctx.week,
            )
        )
    if ctx.entry.private and ctx.entry.folder is not None:
        path = ctx.entry.folder / "scenarios.toml"
        if path.exists():
            c3.download_button(
                _("Download scenarios.toml"),
                path.read_text(encoding="utf-8"),
                file_name="scenarios.toml",
                mime="application/toml",
                key=key("dl-all"),
                icon=":material/download:",
                on_click="ignore",
            )
        st.download_button(
            _("Download the zone (zip)"),
            zip_zone_folder(ctx.entry.folder),
            file_name=f"{ctx.entry.name}.zip",
            mime="application/zip",
            key=key("dl-zip"),
            icon=":material/folder_zip:",
            on_click="ignore",
        )
