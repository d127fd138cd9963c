"""Monday morning in a real browser: open the app, go to next week, enter a sick officer and
a HyCap request in the week's changes tables and plan them, validate the plan with a note, download the one-page report and read it back; restart the server on the same store and find the
validated plan, its note, and its plan.csv as sent, byte for byte. Screenshots and the
time of each step go to test-artifacts/ (e2e-monday-*.png, e2e-monday-timings.txt)."""

from __future__ import annotations

import io
import time
from pathlib import Path

from pypdf import PdfReader

from planner.store import Store
from tests.app.test_e2e_browser import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    open_page,
    shot,
    streamlit_server,
    sync_api,
    wait_idle,
)


def _next_week(pg) -> None:
    pg.get_by_test_id("stSidebar").get_by_role("button", name="2026-W50").click()
    wait_idle(pg)
    sync_api.expect(pg.locator("h1")).to_have_text("Plan de la semaine · 2026-W50")


def _add_row(pg, index: int, cells: list[str]) -> None:
    """Enter a row in the index-th data editor of the page, as a user pasting a line from a
    spreadsheet: click the grid's empty last row (which adds a row and opens its first cell),
    leave the cell's editor with Escape so the cell stays selected, and paste the cells."""
    grid = pg.get_by_test_id("stDataFrame").nth(index)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    pg.mouse.move(box["x"] + 60, box["y"] + box["height"] / 2)
    pg.mouse.wheel(0, 10_000)  # a long table scrolls inside its grid: show its last rows
    pg.wait_for_timeout(300)
    box = grid.bounding_box()
    pg.mouse.click(box["x"] + 60, box["y"] + box["height"] - 18)
    pg.wait_for_timeout(500)
    pg.keyboard.press("Escape")
    pg.wait_for_timeout(200)
    pg.evaluate("text => navigator.clipboard.writeText(text)", "\t".join(cells))
    pg.keyboard.press("Control+V")
    pg.wait_for_timeout(800)
    wait_idle(pg)


def _download(pg, name: str) -> bytes:
    with pg.expect_download() as got:
        pg.get_by_role("button", name=name, exact=True).first.click()
    return Path(got.value.path()).read_bytes()


def test_monday_flow_validated_plan_survives_a_restart(tmp_path) -> None:
    env = {"PLANNER_DATA_DIR": str(tmp_path / "store")}
    timings: list[str] = []
    expect = sync_api.expect

    def step(name: str, t0: float) -> None:
        timings.append(f"{name}: {time.perf_counter() - t0:.1f} s")

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            t0 = time.perf_counter()
            with streamlit_server("streamlit-monday-1", env) as url:
                context, pg = open_page(browser, url)
                step("open the app (server start, first plan)", t0)
                t0 = time.perf_counter()
                _next_week(pg)
                step("next week, planned", t0)
                t0 = time.perf_counter()
                pg.get_by_role("link", name="Changements de la semaine").first.click()
                wait_idle(pg)
                expect(pg.locator("h1")).to_have_text("Changements de la semaine · 2026-W50")
                expect(pg.get_by_text("Demandes HyCap et autres engagements")).to_be_visible()
                context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
                _add_row(pg, 0, ["NBH-0001", "Maladie", "2026-12-07", "2026-12-13"])
                _add_row(
                    pg,
                    1,
                    [
                        "HYCAP-9",
                        "HyCap",
                        "2026-12-12T12:00",
                        "2026-12-12T20:00",
                        "4",
                        "HyCap",
                        "Derby Zaventem",
                    ],
                )
                shot(pg, "e2e-monday-1-week-changes")
                pg.get_by_label("Votre nom").first.fill("Insp. Peeters")
                pg.get_by_role("button", name="Enregistrer et planifier").click()
                wait_idle(pg)
                expect(pg.locator("h1")).to_have_text("Plan de la semaine · 2026-W50")
                step("enter a sick officer and a HyCap request, re-plan", t0)
                t0 = time.perf_counter()
                pg.get_by_text("Valider et envoyer").click()
                pg.get_by_label("Votre nom").fill("Cdt Janssens")
                pg.get_by_label("Note pour le registre").fill("Accord du conseil du 27/11")
                pg.get_by_role("button", name="Valider la semaine").click()
                wait_idle(pg)
                expect(pg.get_by_text("Semaine 2026-W50 validée.")).to_be_visible()
                step("validate with a note", t0)
                shot(pg, "e2e-monday-2-validated")
                current = _download(pg, "plan.csv")
                t0 = time.perf_counter()
                report = _download(pg, "Rapport d'une page (PDF)")
                step("download the one-page report", t0)
                context.close()
            t0 = time.perf_counter()
            with streamlit_server("streamlit-monday-2", env) as url:
                context, pg = open_page(browser, url)
                # the week now has dated inputs (those entered above): the app opens on it
                expect(pg.locator("h1")).to_have_text("Plan de la semaine · 2026-W50")
                pg.get_by_text("Valider et envoyer").click()
                expect(pg.get_by_text("validé par Cdt Janssens").first).to_be_visible()
                expect(pg.get_by_text("Accord du conseil du 27/11")).to_be_visible()
                step("restart the server, find the validated plan", t0)
                sent = _download(pg, "plan.csv tel qu'envoyé")
                shot(pg, "e2e-monday-3-after-restart")
                context.close()
        finally:
            browser.close()
    assert sent == current, "the plan.csv as sent is the plan's own, byte for byte"
    assert sent.startswith(b"line_id,")
    # the rows typed in the tables were kept as the week's files and planned: the request
    # has its HyCap line in the plan as sent
    assert b"HC-HYCAP-9-2026-12-12T12:00" in sent and b"Derby Zaventem" in sent
    kept = Store.open(f"sqlite:///{tmp_path / 'store' / 'planner.db'}").files("zone-demo")
    assert "NBH-0001,sickness,2026-12-07,2026-12-13" in kept["weeks/2026-W50/absences.csv"]
    assert "HYCAP-9,hycap,2026-12-12T12:00" in kept["weeks/2026-W50/commitments.csv"]
    pdf = PdfReader(io.BytesIO(report))
    assert len(pdf.pages) == 1
    words = pdf.pages[0].extract_text()
    assert "2026-W50" in words and "Zone de police Demo-Ville" in words
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "e2e-monday-timings.txt").write_text("\n".join(timings) + "\n", encoding="utf-8")
