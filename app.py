"""App entry point: `streamlit run app.py`. Sets up the page, the language, the zone, week
and scenario shared by every screen (in the sidebar), and the navigation. Each screen is
one module in app_pages/; all planning logic is in the planner package."""

from __future__ import annotations

import streamlit as st

from app_pages import language, widgets, zones
from app_pages.language import _
from planner.text import DEFAULT_LANG, LANGS

st.set_page_config(page_title="Planification de la capacité · Capaciteitsplanning", page_icon="🚓",
                   layout="wide", initial_sidebar_state="expanded")

# A page that saved a scenario asks for it to be selected; widgets are set before drawing.
if "_select_scenario" in st.session_state:
    st.session_state["scenario"] = st.session_state.pop("_select_scenario")
if "_select_week" in st.session_state:
    st.session_state["week"] = st.session_state.pop("_select_week")


with st.sidebar:
    st.segmented_control("Langue · Taal · Language", LANGS,
                         default=DEFAULT_LANG, required=True, key="lang",
                         format_func=str.upper)
    # Widgets' labels are fixed for this run: a later language change redraws them all.
    lang = language.lang()
    st.markdown("### " + _("Capacity planning"))
    st.caption(_("Basic functionalities first, then the zonal security plan's priorities"))

    entries = zones.zone_entries()
    entry = zones.current_entry()
    st.session_state["zone_key"] = entry.key
    st.selectbox(_("Police zone"), list(entries), key="zone_key",
                 format_func=lambda k, lang=lang: entries[k].label(lang))
    with st.expander(_("Upload a zone folder (zip)"), icon=":material/upload_file:"):
        st.file_uploader(_("Upload a zone folder (zip)"), type=["zip"], key="upload", on_change=zones.on_upload,
                         label_visibility="collapsed", max_upload_size=zones.UPLOAD_LIMITS.max_zip_bytes // (1024 * 1024),
                         help=_("A zip of the zone folder: zone.toml, staff.csv, priorities.toml… (see docs/data-format.md). Limit {mb} MB, {files} files.", mb=zones.UPLOAD_LIMITS.max_zip_bytes // (1024 * 1024),
                                files=zones.UPLOAD_LIMITS.max_files))

    entry = zones.current_entry()
    zone = entry.zone
    weeks = zones.all_weeks()
    if st.session_state.get("week") not in weeks or st.session_state.get("_week_zone") != entry.key:
        # A new zone opens on its own dated week (the demo: 2026-W49); any week can be chosen.
        st.session_state["week"] = zones.default_week(zone)
        st.session_state["_week_zone"] = entry.key
    zones.sticky("week", st.session_state["week"])
    st.selectbox(_("ISO week"), weeks, key="week",
                 format_func=lambda w, lang=lang: zones.week_text(w, zone, lang))
    if zone is not None:
        names = zones.scenario_names(zone)
        if st.session_state.get("scenario") not in names:
            st.session_state["scenario"] = "baseline"
        zones.sticky("scenario", st.session_state["scenario"])
        st.selectbox(_("Scenario"), names, key="scenario",
                     format_func=lambda n, lang=lang: zones.scenario_text(zone, n, lang))

pages = [
    st.Page("app_pages/week_plan.py", title=_("Week plan"), icon=":material/calendar_month:", url_path="plan", default=True),
    st.Page("app_pages/adjust.py", title=_("Adjust"), icon=":material/tune:", url_path="adjust"),
    st.Page("app_pages/compare.py", title=_("Compare scenarios"), icon=":material/compare_arrows:", url_path="compare"),
    st.Page("app_pages/data.py", title=_("Zone data"), icon=":material/table_view:", url_path="data"),
]
widgets.run_page_safely(st.navigation(pages, position="top"))
