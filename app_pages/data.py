"""Zone data: the zone's inputs as tables (settings, staff, teams, priorities, operation
types, scenarios, the week's dated inputs), each downloadable. An invalid zone, e.g. a
fresh upload, shows every problem with file, row and field instead."""

from __future__ import annotations

import streamlit as st

from app_pages import language, widgets, zones
from app_pages.language import _, n_
from app_pages.upload import zip_zone_folder
from planner import views
from planner.text.inputs import warning_text

lang = language.lang()
entry = zones.current_entry()

st.title(_("Zone data"))
st.caption(
    _(
        "The data read from the zone folder. An uploaded zip is checked: every error is listed with file, row and field."
    )
)
if entry.zone is None:
    widgets.show_issues(entry.issues)
    st.stop()

zone = entry.zone
week = st.session_state.get("week") or zones.default_week(zone)
st.success(
    _(
        "Valid data: {staff} staff, {ops} operation types, scenarios: {scenarios}.",
        staff=len(zone.officers),
        ops=len(zone.operations),
        scenarios=", ".join(zone.scenarios),
    ),
    icon=":material/check_circle:",
)
if zone.warnings:  # planner.sanity: the inputs load, but break a rule of working time or a norm
    st.markdown(
        "**"
        + n_(
            "{n} warning: the data loads, but breaks a rule.",
            "{n} warnings: the data loads, but break a rule.",
            len(zone.warnings),
        )
        + "**"
    )
    for w in zone.warnings:
        st.warning(warning_text(w, lang), icon=":material/warning:")
if entry.folder is not None:
    st.caption(_("Folder: {path}", path=entry.folder.name))  # never the server's own paths
    st.download_button(
        _("Download the zone (zip)"),
        zip_zone_folder(entry.folder),
        file_name=f"{entry.name}.zip",
        mime="application/zip",
        icon=":material/folder_zip:",
        key="dl-zone-zip",
        on_click="ignore",
    )

tabs = st.tabs(
    [
        _("Zone settings"),
        _("Staff"),
        _("Teams and shift patterns"),
        _("Priorities"),
        _("Operation types"),
        _("Scenarios"),
        _("Dated inputs of {week}", week=week),
    ]
)
with tabs[0]:
    widgets.table(views.zone_settings_table(zone, lang))
with tabs[1]:
    st.markdown("**" + _("Staff by unit and grade") + "**")
    st.dataframe(views.staff_summary(zone, lang), width="stretch")
    staff = views.staff_table(zone)
    widgets.table(staff, height=360)
    widgets.downloads(staff, "staff.csv", "staff")
with tabs[2]:
    teams = views.teams_table(zone)
    widgets.table(teams)
    widgets.downloads(teams, "teams.csv", "teams")
with tabs[3]:
    widgets.table(views.priorities_input_table(zone, lang))
with tabs[4]:
    ops = views.operations_input_table(zone, lang)
    widgets.table(ops)
    widgets.downloads(ops, "operation-types.csv", "operation-types")
with tabs[5]:
    scen = views.scenarios_table(zone, lang)
    widgets.table(scen)
    widgets.downloads(scen, "scenarios.csv", "scenarios")
with tabs[6]:
    titles = {
        "absences": _("Absences"),
        "commitments": _("HyCap and commitments"),
        "pinned": _("Pinned operations"),
    }
    for name, frame in views.week_inputs_tables(zone, week, lang).items():
        st.markdown(f"**{titles[name]}**")
        if frame.empty:
            st.caption(_("(no rows)"))
        else:
            widgets.table(frame)
            widgets.downloads(frame, f"{name}-{week}.csv", f"week-{name}")
