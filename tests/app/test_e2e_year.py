"""The Year screen in a real browser (the module's own streamlit server, Debian's chromium):
opened in French on the demo zone and counted as of 2026-W03 (three weeks to plan, to keep
it short), it shows the priorities' table and the norms' calendar; in Dutch ("Jaar") the
same year comes from the cache, and report.pdf downloads with the priorities named in it.

Screenshots year-fr.png and year-nl.png and the report (year-report.pdf) go to
test-artifacts/."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from planner.text import Text
from planner.text import labels as L
from planner.zone_io import load_zone
from tests.app.test_e2e_browser import ARTIFACTS, streamlit_server, sync_api, wait_idle

DEMO = Path(__file__).resolve().parents[2] / "data" / "zone-demo"
AS_OF = "2026-W03"
YEAR_WAIT_MS = 240_000  # three weeks of the demo planned in the year's job


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with streamlit_server("streamlit-year") as url:
        yield url


def screenshot(pg, name: str) -> Path:
    tall = pg.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    pg.set_viewport_size({"width": 1500, "height": min(int(tall) + 40, 8000)})
    pg.wait_for_timeout(1200)
    path = ARTIFACTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    pg.set_viewport_size({"width": 1500, "height": 1000})
    return path


def chart_texts(pg) -> list[str]:
    return pg.locator("[data-testid=stVegaLiteChart] svg text").evaluate_all(
        "els => els.map(e => e.textContent)"
    )


def test_the_year_in_french_then_dutch_and_its_report(page) -> None:
    zone = load_zone(DEMO)
    fr, nl = Text.for_lang("fr"), Text.for_lang("nl")
    page.get_by_role("link", name="Année").first.click()
    wait_idle(page)
    sync_api.expect(page.locator("h1")).to_have_text("Année PZS · 2026")

    # the last week counted: 2026-W03, typed into its picker
    picker = page.get_by_test_id("stSelectbox").filter(has_text=fr._("As of week"))
    picker.locator("input").click()
    page.keyboard.type(AS_OF)
    page.get_by_role("option", name=AS_OF, exact=True).click()
    wait_idle(page)
    page.get_by_role("button", name=fr._("Count the year")).click()
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=YEAR_WAIT_MS
    )
    wait_idle(page)

    sync_api.expect(page.get_by_text(fr._("Priorities against their targets"))).to_be_visible()
    # the data grid is a canvas: its printed copy holds the same rows as text
    copies = page.locator(".print-only table").evaluate_all("els => els.map(e => e.textContent)")
    names = [L.priority(fr, q) for q in zone.priorities]
    assert any(all(n in c for n in names) for c in copies), copies[:1]
    sync_api.expect(page.get_by_text(fr._("Norm compliance by week"))).to_be_visible()
    page.wait_for_timeout(1500)  # the charts draw themselves
    texts = chart_texts(page)
    assert {"W01", "W03", "W52"} <= set(texts), "the calendar's cells are named by week"
    assert "2026-W03" in page.inner_text("body")
    screenshot(page, "year-fr")

    page.get_by_test_id("stButtonGroup").get_by_text("NL", exact=True).click()
    wait_idle(page)
    sync_api.expect(page.locator("h1")).to_have_text("ZVP-jaar · 2026")
    sync_api.expect(page.get_by_role("link", name="Jaar").first).to_be_visible()
    sync_api.expect(page.get_by_text(nl._("Priorities against their targets"))).to_be_visible()

    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name="report.pdf").click()
    download = info.value
    assert download.suggested_filename == "report.pdf"
    data = Path(download.path()).read_bytes()
    (ARTIFACTS / "year-report.pdf").write_bytes(data)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 1
    words = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert any(L.priority(nl, q) in words for q in zone.priorities), words[:400]
    screenshot(page, "year-nl")
