"""Monday morning in a real browser: open the app, go to next week, see the week's changes
screen, validate the plan with a note, download the one-page report and read it back; restart the server on the same store and find the
validated plan, its note, and its plan.csv as sent, byte for byte. Screenshots and the
time of each step go to test-artifacts/ (e2e-monday-*.png, e2e-monday-timings.txt)."""

from __future__ import annotations

import io
import time
from pathlib import Path

from pypdf import PdfReader

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
                shot(pg, "e2e-monday-1-week-changes")
                pg.get_by_role("link", name="Plan de la semaine").first.click()
                wait_idle(pg)
                step("the week's changes screen and back", t0)
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
                _next_week(pg)
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
    pdf = PdfReader(io.BytesIO(report))
    assert len(pdf.pages) == 1
    words = pdf.pages[0].extract_text()
    assert "2026-W50" in words and "Zone de police Demo-Ville" in words
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "e2e-monday-timings.txt").write_text("\n".join(timings) + "\n", encoding="utf-8")
