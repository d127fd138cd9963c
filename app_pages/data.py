"""Zone data: the zone's inputs as tables (settings, staff, teams, priorities, operation
types, scenarios, the week's dated inputs), each downloadable. An invalid zone, e.g. a
fresh upload, shows every problem with file, row and field instead."""

from __future__ import annotations

import streamlit as st

from app_pages import common
from app_pages.upload import zip_zone_folder
from planner import views
from planner.text.inputs import warning_text

T = common.T
lang = common.lang()
entry = common.current_entry()

st.title(T("page_data"))
st.caption(T("data_intro"))
if entry.zone is None:
    common.show_issues(entry.issues)
    st.stop()

zone = entry.zone
week = st.session_state.get("week") or common.default_week(zone)
st.success(T("data_valid", staff=len(zone.officers), ops=len(zone.operations),
             scenarios=", ".join(zone.scenarios)), icon=":material/check_circle:")
if zone.warnings:  # planner.sanity: the inputs load, but break a rule of working time or a norm
    st.markdown(f"**{T('warnings_title', n=len(zone.warnings))}**")
    for w in zone.warnings:
        st.warning(warning_text(w, lang), icon=":material/warning:")
if entry.folder is not None:
    st.caption(T("data_source", path=entry.folder.name))  # never the server's own paths
    st.download_button(T("data_download_zone"), zip_zone_folder(entry.folder), file_name=f"{entry.name}.zip",
                       mime="application/zip", icon=":material/folder_zip:", key="dl-zone-zip", on_click="ignore")

tabs = st.tabs([T("data_settings"), T("data_staff"), T("data_teams"), T("data_priorities"),
                T("data_operations"), T("data_scenarios"), T("data_week", week=week)])
with tabs[0]:
    common.table(views.zone_settings_table(zone, lang))
with tabs[1]:
    st.markdown(f"**{T('data_staff_summary')}**")
    st.dataframe(views.staff_summary(zone), width="stretch")
    staff = views.staff_table(zone)
    common.table(staff, height=360)
    common.downloads(staff, "staff.csv", "staff")
with tabs[2]:
    teams = views.teams_table(zone)
    common.table(teams)
    common.downloads(teams, "teams.csv", "teams")
with tabs[3]:
    common.table(views.priorities_input_table(zone, lang))
with tabs[4]:
    ops = views.operations_input_table(zone, lang)
    common.table(ops)
    common.downloads(ops, "operation-types.csv", "operation-types")
with tabs[5]:
    scen = views.scenarios_table(zone, lang)
    common.table(scen)
    common.downloads(scen, "scenarios.csv", "scenarios")
with tabs[6]:
    for name, frame in views.week_inputs_tables(zone, week, lang).items():
        st.markdown(f"**{T('data_' + name)}**")
        if frame.empty:
            st.caption(T("data_none"))
        else:
            common.table(frame)
            common.downloads(frame, f"{name}-{week}.csv", f"week-{name}")
