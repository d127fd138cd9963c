"""App entry point: `streamlit run app.py`. Sets up the page and the navigation; the
sidebar (language, zone, week, scenario) is app_pages.zones.sidebar, each screen one module in
app_pages/; all planning logic is in the planner package."""

from __future__ import annotations

import streamlit as st

from app_pages import widgets, zones
from app_pages.language import _

st.set_page_config(
    page_title="Planification de la capacité · Capaciteitsplanning",
    page_icon="🚓",
    layout="wide",
    initial_sidebar_state="expanded",
)
widgets.page_style()  # screen and print rules for every page
zones.sidebar()
pages = [
    st.Page(
        "app_pages/week_plan.py",
        title=_("Week plan"),
        icon=":material/calendar_month:",
        url_path="plan",
        default=True,
    ),
    st.Page(
        "app_pages/lookahead.py",
        title=_("Look-ahead"),
        icon=":material/date_range:",
        url_path="lookahead",
    ),
    st.Page(
        "app_pages/week_changes.py",
        title=_("This week's changes"),
        icon=":material/edit_calendar:",
        url_path="changes",
    ),
    st.Page("app_pages/adjust.py", title=_("Adjust"), icon=":material/tune:", url_path="adjust"),
    st.Page(
        "app_pages/compare.py",
        title=_("Compare scenarios"),
        icon=":material/compare_arrows:",
        url_path="compare",
    ),
    st.Page("app_pages/year.py", title=_("Year"), icon=":material/flag:", url_path="year"),
    st.Page(
        "app_pages/data.py", title=_("Zone data"), icon=":material/table_view:", url_path="data"
    ),
]
widgets.run_page_safely(st.navigation(pages, position="top"))
