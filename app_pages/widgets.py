"""App layer: what pages draw the same way: error panels, tables, charts and download
buttons."""

from __future__ import annotations

import logging

import pandas as pd
import streamlit as st

from app_pages.jobs import PlanningFailed
from app_pages.language import _, lang, n_
from planner import charts, views
from planner.errors import InputError, InputIssue
from planner.export import to_csv_text

log = logging.getLogger("planner.app")


# -- errors ------------------------------------------------------------------------------------
def show_issues(issues: list[InputIssue]) -> None:
    st.error(
        n_(
            "{n} problem in the zone's data: nothing is planned.",
            "{n} problems in the zone's data: nothing is planned.",
            len(issues),
        ),
        icon=":material/block:",
    )
    st.dataframe(views.issues_table(issues, lang()), hide_index=True, width="stretch")
    st.caption(_("Fix the files listed and upload the zip again."))


def show_unexpected(exc: BaseException) -> None:
    """Log the traceback on the server; the user gets a sentence, never a traceback."""
    log.error("unexpected error in a page", exc_info=exc)
    st.error(
        _(
            "An unexpected error occurred ({kind}). It is logged on the server; try another week or scenario, or reload the page.",
            kind=type(exc).__name__,
        ),
        icon=":material/error:",
    )


def run_page_safely(page) -> None:  # page: StreamlitPage
    try:
        page.run()
    except InputError as exc:
        show_issues(exc.issues)
    except PlanningFailed as exc:
        st.error(_("Planning failed: {reason}", reason=str(exc)), icon=":material/error:")
    except Exception as exc:
        show_unexpected(exc)


# -- downloads ---------------------------------------------------------------------------------
def downloads(df: pd.DataFrame, filename: str, key: str) -> None:
    """Two buttons under a table: the CSV and its Excel-friendly variant."""
    stem = filename.removesuffix(".csv")
    row = st.container(horizontal=True, gap="small")
    row.download_button(
        _("{name}", name=filename),
        to_csv_text(df),
        file_name=filename,
        mime="text/csv",
        key=f"dl-{key}",
        icon=":material/download:",
        on_click="ignore",
    )
    row.download_button(
        _("{name} (Excel)", name=filename),
        to_csv_text(df, excel=True).encode("utf-8"),
        file_name=f"{stem}-excel.csv",
        mime="text/csv",
        key=f"dlx-{key}",
        icon=":material/download:",
        on_click="ignore",
    )


def chart(spec) -> None:  # spec: an Altair chart
    st.altair_chart(charts.localised(spec, lang()), width="stretch")


def table(df: pd.DataFrame, **kwargs: object) -> None:
    """A table with every row visible when it is short (no inner scroll for a few rows)."""
    if "height" not in kwargs and len(df) <= 25:
        kwargs["height"] = 35 * (len(df) + 1) + 3
    st.dataframe(df, hide_index=True, width="stretch", **kwargs)
