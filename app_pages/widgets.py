"""App layer: what pages draw the same way: the app's stylesheet (screen and print), error
panels, tables, key figures, charts and download buttons."""

from __future__ import annotations

import html
import logging

import pandas as pd
import streamlit as st

from app_pages import language
from app_pages.jobs import PlanningFailed
from app_pages.language import _, lang, n_
from planner import charts, views
from planner.errors import InputError, InputIssue
from planner.export import to_csv_text

log = logging.getLogger("planner.app")


# -- the stylesheet ------------------------------------------------------------------------------
# On screen: a key figure's name and its change wrap onto a second line instead of being cut
# with an ellipsis; the print-only copies of tables stay hidden.
# On paper (Ctrl+P): no sidebar, top navigation, toolbars, buttons or expander headings; the
# page flows over A4 sheets at three quarters of the screen's size; a data grid, a canvas drawn
# at the screen's width, is replaced by its printed copy (see `table`); charts shrink to the
# page's width; a chart, table or key figure is not split over two sheets. The browser test
# tests/app/test_e2e_screens.py prints the week plan and counts its pages.
STYLE = """
[data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"],
[data-testid="stMetricLabel"] p,
[data-testid="stMetricDelta"] [data-testid="stMarkdownContainer"],
[data-testid="stMetricDelta"] p {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
[data-testid="stElementContainer"]:has(.print-only) { display: none; }
@media print {
  @page { size: A4 portrait; margin: 12mm 10mm; }
  html, body { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
  [data-testid="stHeader"], [data-testid="stAppHeader"], [data-testid="stTopNav"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  [data-testid="stElementToolbar"], [data-testid="stButton"], [data-testid="stDownloadButton"],
  [data-testid="stFormSubmitButton"], [data-testid="stLinkButton"], [data-testid="stPopover"],
  [data-testid="stButtonGroup"], [data-testid="stFileUploader"],
  [data-testid="stExpander"]:not(:has(details[open])), [data-testid="stExpander"] summary,
  [data-testid="stElementContainer"]:has([data-testid="stDataFrame"]):has(+ [data-testid="stElementContainer"] .print-only) {
    display: none !important;
  }
  [data-testid="stExpander"] details { border: none !important; }
  html, body, [data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"] {
    height: auto !important; overflow: visible !important; position: static !important;
  }
  [data-testid="stMain"] { margin: 0 !important; }
  [data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: none !important; zoom: 0.75; }
  [data-testid="stElementContainer"]:has(.print-only) { display: block; }
  canvas, svg { max-width: 100% !important; height: auto !important; }
  /* the numbers at the end of the bars were cut on paper: let them run past the edge */
  [data-testid="stVegaLiteChart"] svg { overflow: visible !important; }
  [data-testid="stVegaLiteChart"], [data-testid="stDataFrame"], [data-testid="stTable"],
  [data-testid="stMetric"], [data-testid="stAlert"], .print-only tr { break-inside: avoid; }
  h1, h2, h3, h4 { break-after: avoid; }
  .print-only table { width: 100%; border-collapse: collapse; font-size: 0.85rem; }
  .print-only th, .print-only td {
    text-align: left; padding: 0.15rem 0.4rem; border-bottom: 1px solid #d6d6d6;
  }
  .print-only th { font-weight: 600; border-bottom: 1px solid #888; }
  .print-only p { font-size: 0.8rem; color: #555; margin: 0.2rem 0 0; }
}
"""


def page_style() -> None:
    """The app's stylesheet, given once on every run, whatever the page."""
    st.html(f"<style>{STYLE}</style>")


# -- errors ------------------------------------------------------------------------------------
def show_issues(issues: list[InputIssue], headline: str = "", advice: str = "") -> None:
    """The problems found in inputs, one row each (file, row, field, value, expected);
    by default those of a zone that cannot be planned."""
    st.error(
        headline
        or n_(
            "{n} problem in the zone's data: nothing is planned.",
            "{n} problems in the zone's data: nothing is planned.",
            len(issues),
        ),
        icon=":material/block:",
    )
    st.dataframe(views.issues_table(issues, lang()), hide_index=True, width="stretch")
    st.caption(advice or _("Fix the files listed and upload the zip again."))


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


# Room on the right of every chart for the number written past the end of its longest bar
# (cut at the chart's edge otherwise).
CHART_PADDING = {"left": 5, "top": 5, "bottom": 5, "right": 56}


def chart(spec, legend_list: bool = False) -> None:  # spec: an Altair chart
    """A chart in the language's number format; `legend_list` sets its legend as a list under
    it, one entry a line, each name whole (scenario names are long)."""
    config = {"legend": {"columns": 1, "labelLimit": 600}} if legend_list else {}
    spec = spec.properties(padding=CHART_PADDING)
    st.altair_chart(charts.localised(spec, lang(), **config), width="stretch")


ROW_PX = 35  # a data grid's row height


def table(df: pd.DataFrame, **kwargs: object) -> None:
    """A table with every row visible when it is short (no inner scroll for a few rows), and
    its printed copy: the rows the screen shows, as text that wraps to the page."""
    if "height" not in kwargs and len(df) <= 25:
        kwargs["height"] = ROW_PX * (len(df) + 1) + 3
    st.dataframe(df, hide_index=True, width="stretch", **kwargs)
    height = kwargs.get("height")
    shown = len(df) if not isinstance(height, int) else max(1, (height - 3) // ROW_PX - 1)
    print_copy(df, shown)


def print_copy(df: pd.DataFrame, rows: int) -> None:
    """The first `rows` rows of a table as plain HTML, shown only on paper: a data grid is a
    canvas drawn at the screen's width, which a printer would cut on the right."""
    body = df.head(rows).to_html(index=False, border=0, na_rep="", escape=True)
    more = len(df) - rows
    if more > 0:
        body += (
            "<p>" + html.escape(n_("… and {n} more row.", "… and {n} more rows.", more)) + "</p>"
        )
    st.html(f'<div class="print-only">{body}</div>')


_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_[]<>#|$~:"})


def _markdown_cell(value: object) -> str:
    """A cell's text for st.table, which reads Markdown: its characters taken literally, and
    a second line (after a line break) set under the first in grey."""
    first, _sep, rest = str(value).partition("\n")
    cell = first.translate(_MARKDOWN)
    return cell + (f"  \n:gray[{rest.translate(_MARKDOWN)}]" if rest else "")


def text_table(df: pd.DataFrame) -> None:
    """A table drawn as text: its columns share the width and wrap, so nothing scrolls or is
    cut on the right, and it prints whole. For short tables whose width matters (one column
    per scenario)."""
    shown = df.map(_markdown_cell).rename(columns=_markdown_cell)
    st.table(shown, hide_index=True)


# -- key figures -------------------------------------------------------------------------------
def figure(
    where,
    label: str,
    hours: float,
    start: float | None = None,
    better: str | None = None,
    help: str | None = None,
) -> None:
    """A key figure in hours, and its change from `start` (the starting scenario's), in hours
    and percent. `better` ("more" or "less") colours the change green or red; without it a
    change is neither good nor bad (a priority's hours moved by a weight) and shows in blue."""
    delta = None if start is None else language.change(hours, start)
    colour, arrow = "gray", "off"
    if delta is not None:
        up = hours > start
        arrow = "up" if up else "down"
        colour = "blue" if better is None else ("green" if up == (better == "more") else "red")
    where.metric(
        label,
        language.hours(hours, 0),
        delta=delta,
        delta_color=colour,
        delta_arrow=arrow,
        help=help,
    )
