"""App entry point: `streamlit run app.py`. Sets up the page, the language, the zone, week
and scenario shared by every screen (in the sidebar), and the navigation. Each screen is
one module in app_pages/; all planning logic is in the planner package."""

from __future__ import annotations

import streamlit as st

from app_pages import common
from planner import ui_text

st.set_page_config(page_title="Planification de la capacité · Capaciteitsplanning", page_icon="🚓",
                   layout="wide", initial_sidebar_state="expanded")

# A page that saved a scenario asks for it to be selected; widgets are set before drawing.
if "_select_scenario" in st.session_state:
    st.session_state["scenario"] = st.session_state.pop("_select_scenario")
if "_select_week" in st.session_state:
    st.session_state["week"] = st.session_state.pop("_select_week")

T = common.T

with st.sidebar:
    st.segmented_control("Langue · Taal · Language", ui_text.LANGS,
                         default=ui_text.DEFAULT_LANG, required=True, key="lang",
                         format_func=str.upper)
    # Widgets' labels are fixed for this run: a later language change redraws them all.
    lang = common.lang()
    st.markdown(f"### {T('app_title')}")
    st.caption(T("app_subtitle"))

    entries = common.zone_entries()
    entry = common.current_entry()
    st.session_state["zone_key"] = entry.key
    st.selectbox(T("zone"), list(entries), key="zone_key",
                 format_func=lambda k, lang=lang: entries[k].label(lang))
    with st.expander(T("upload_label"), icon=":material/upload_file:"):
        st.file_uploader(T("upload_label"), type=["zip"], key="upload", on_change=common.on_upload,
                         label_visibility="collapsed", max_upload_size=common.UPLOAD_LIMITS.max_zip_bytes // (1024 * 1024),
                         help=T("upload_help", mb=common.UPLOAD_LIMITS.max_zip_bytes // (1024 * 1024),
                                files=common.UPLOAD_LIMITS.max_files))

    entry = common.current_entry()
    zone = entry.zone
    weeks = common.all_weeks()
    if st.session_state.get("week") not in weeks or st.session_state.get("_week_zone") != entry.key:
        # A new zone opens on its own dated week (the demo: 2026-W49); any week can be chosen.
        st.session_state["week"] = common.default_week(zone)
        st.session_state["_week_zone"] = entry.key
    common.sticky("week", st.session_state["week"])
    st.selectbox(T("week"), weeks, key="week",
                 format_func=lambda w, lang=lang: common.week_text(w, zone, lang))
    if zone is not None:
        names = common.scenario_names(zone)
        if st.session_state.get("scenario") not in names:
            st.session_state["scenario"] = "baseline"
        common.sticky("scenario", st.session_state["scenario"])
        st.selectbox(T("scenario"), names, key="scenario",
                     format_func=lambda n, lang=lang: common.scenario_text(zone, n, lang))

pages = [
    st.Page("app_pages/week_plan.py", title=T("page_plan"), icon=":material/calendar_month:", url_path="plan", default=True),
    st.Page("app_pages/adjust.py", title=T("page_adjust"), icon=":material/tune:", url_path="adjust"),
    st.Page("app_pages/compare.py", title=T("page_compare"), icon=":material/compare_arrows:", url_path="compare"),
    st.Page("app_pages/data.py", title=T("page_data"), icon=":material/table_view:", url_path="data"),
]
common.run_page_safely(st.navigation(pages, position="top"))
