"""The screens users measured, in a real browser at 1366×768 and 1920×1080: nothing runs off
the right edge and no key figure's name is cut on the week plan, Adjust and Compare (with the
demo's five scenarios; Adjust and Compare in Dutch too, whose words are longer); moving a
weight on Adjust moves a headline figure and shows its change; the Compare chart's legend
names every scenario; the week plan prints on at most three A4 pages, without sidebar,
navigation or buttons.

Screenshots (screens-*.png) and the printed week plan (screens-week-plan.pdf) go to
test-artifacts/. Skipped like tests/app/test_e2e_browser.py when chromium is missing."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from planner import views
from planner.zone_io import load_zone
from tests.app.test_e2e_browser import (
    ARTIFACTS,
    COUNT_RUNS,
    streamlit_server,
    sync_api,
    wait_idle,
)

DEMO = Path(__file__).resolve().parents[2] / "data" / "zone-demo"
SIZES = [(1366, 768), (1920, 1080)]
MAX_PRINTED_PAGES = 3

# What runs off the right edge: the page itself, a key figure's name or change cut with an
# ellipsis, a table or data grid scrolling sideways, a chart's text past its right edge.
OVERFLOW = """() => {
  const d = document.documentElement;
  const cut = sel => [...document.querySelectorAll(sel)]
    .filter(e => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1)
    .map(e => e.innerText.slice(0, 60) || sel);
  const charts = [...document.querySelectorAll('[data-testid=stVegaLiteChart] svg')]
    .flatMap(svg => {
      const edge = svg.getBoundingClientRect().right;
      return [...svg.querySelectorAll('text')]
        .filter(t => t.getBoundingClientRect().right > edge + 1).map(t => t.textContent);
    });
  return {
    page: d.scrollWidth - d.clientWidth,
    figures: cut('[data-testid=stMetric] [data-testid=stMarkdownContainer]'),
    tables: cut('[data-testid=stTable], [data-testid=stTable] > div'),
    grids: cut('[data-testid=stDataFrame] .dvn-scroller'),
    charts: charts,
  };
}"""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with streamlit_server("streamlit-screens") as url:
        yield url


def at_size(pg, width: int, height: int) -> None:
    pg.set_viewport_size({"width": width, "height": height})
    pg.wait_for_timeout(1200)  # charts and tables lay themselves out again


def overflow(pg) -> dict:
    return {k: v for k, v in pg.evaluate(OVERFLOW).items() if v}


def screenshot(pg, name: str, width: int, height: int) -> Path:
    """The whole page at this width (the window made as tall as the content)."""
    tall = pg.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    pg.set_viewport_size({"width": width, "height": min(int(tall) + 40, 8000)})
    pg.wait_for_timeout(1000)
    path = ARTIFACTS / f"{name}-{width}x{height}.png"
    pg.screenshot(path=str(path), full_page=True)
    at_size(pg, width, height)
    return path


def to_dutch(pg) -> None:
    pg.get_by_test_id("stButtonGroup").get_by_text("NL", exact=True).click()
    wait_idle(pg)
    pg.wait_for_timeout(1200)


def nav(pg, label: str) -> None:
    pg.get_by_role("link", name=label).first.click()
    wait_idle(pg)


def test_week_plan_fits_and_prints_on_three_pages(page) -> None:
    for width, height in SIZES:
        at_size(page, width, height)
        assert overflow(page) == {}, (width, height)
        screenshot(page, "screens-week-plan", width, height)

    at_size(page, *SIZES[0])
    pdf = page.pdf(format="A4")
    (ARTIFACTS / "screens-week-plan.pdf").write_bytes(pdf)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert pages <= MAX_PRINTED_PAGES, f"the week plan prints on {pages} A4 pages"

    page.emulate_media(media="print")
    try:
        for testid in ("stSidebar", "stHeader", "stDownloadButton", "stButton", "stDataFrame"):
            shown = page.locator(f"[data-testid={testid}]").evaluate_all(
                "els => els.filter(e => e.checkVisibility()).length"
            )
            assert shown == 0, f"{testid} on paper"
        # the norms and priorities are text tables; the grids print as their text copies
        on_paper = page.locator("[data-testid=stTable] table, .print-only table").evaluate_all(
            "els => els.filter(e => e.checkVisibility()).length"
        )
        assert on_paper >= 4, "the tables are printed as text"
    finally:
        page.emulate_media(media="screen")


def test_a_weight_moves_a_headline_figure_and_shows_its_change(page) -> None:
    nav(page, "Ajuster")
    sync_api.expect(page.get_by_text("Aucune modification")).to_be_visible()
    figure = page.get_by_test_id("stMetric").first
    sync_api.expect(figure.get_by_test_id("stMetricLabel")).to_have_text("Sécurité routière")
    before = figure.get_by_test_id("stMetricValue").inner_text()
    assert figure.get_by_test_id("stMetricDelta").count() == 0
    for width, height in SIZES:
        at_size(page, width, height)
        assert overflow(page) == {}, (width, height)

    at_size(page, *SIZES[0])
    page.evaluate(COUNT_RUNS)
    slider = page.get_by_role("slider").first
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => window.__runsDone >= 1")
    wait_idle(page)
    # the weight reads as French writes it
    sync_api.expect(page.get_by_test_id("stSliderThumbValue").first).to_have_text("3,5")
    sync_api.expect(figure.get_by_test_id("stMetricValue")).not_to_have_text(before)
    change = figure.get_by_test_id("stMetricDelta").inner_text()
    assert change.startswith("+") and change.endswith("\u00a0%)"), change
    for width, height in SIZES:
        at_size(page, width, height)
        assert overflow(page) == {}, (width, height)
        screenshot(page, "screens-adjust", width, height)
    # Dutch words are longer
    at_size(page, *SIZES[0])
    to_dutch(page)
    sync_api.expect(page.locator("h1")).to_have_text("Bijsturen")
    assert overflow(page) == {}


def test_compare_five_scenarios_fits_and_names_them_all(page) -> None:
    zone = load_zone(DEMO)
    titles = [views.scenario_title(zone, name, "fr") for name in zone.scenarios]
    assert len(titles) >= 5, "the demo zone has five scenarios to compare"
    nav(page, "Comparer des scénarios")
    page.get_by_test_id("stMultiSelect").first.locator("input").click()
    page.get_by_role("option", name="Select all").click()
    page.keyboard.press("Escape")
    wait_idle(page)
    sync_api.expect(page.get_by_test_id("stTable").first).to_be_visible()
    for width, height in SIZES:
        at_size(page, width, height)
        # each name whole: a label cut by the chart ends in "…"
        legend = page.locator("[data-testid=stVegaLiteChart] g.role-legend text").evaluate_all(
            "els => els.map(e => e.textContent)"
        )
        assert set(titles) <= set(legend), legend
        assert overflow(page) == {}, (width, height)
        screenshot(page, "screens-compare", width, height)
    at_size(page, *SIZES[0])
    to_dutch(page)
    legend = page.locator("[data-testid=stVegaLiteChart] g.role-legend text").evaluate_all(
        "els => els.map(e => e.textContent)"
    )
    assert {views.scenario_title(zone, name, "nl") for name in zone.scenarios} <= set(legend)
    assert overflow(page) == {}
