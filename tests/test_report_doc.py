"""planner.report_doc and `planner report`: the one-page report of the demo week in French
and Dutch, for one plan and for three scenarios side by side, read back from the PDF (one
A4 page, the zone, the week, the status words, the priority names); the HTML it is made from
holds its charts as SVG; the command writes the file whole, or nothing on bad input.

The plans are solved once for the module (three scenarios, a few seconds each)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from planner import cli, export, report_doc, views
from planner.text import Text
from planner.text import labels as L
from planner.zone_io import load_zone
from tests.conftest import DATA, SAMPLE_WEEK
from tests.solving import check_every_plan_of, solve_checked

SCENARIOS = ("baseline", "flu_wave", "hycap_weekend")
A4_POINTS = (595, 842)
WORDS = {
    # lang: zone, status of the baseline week, a met norm, a shortfall in the comparison
    "fr": ("Zone de police Demo-Ville", "Statut : tout est couvert", "✓ atteint", "déficit"),
    "nl": ("Politiezone Demostad", "Status: alles gedekt", "✓ gehaald", "tekort"),
}


@pytest.fixture(scope="module")
def zone():
    return load_zone(DATA / "zone-demo")


@pytest.fixture(scope="module")
def plans(zone):
    return {name: solve_checked(zone, SAMPLE_WEEK, name) for name in SCENARIOS}


def _words(text: str) -> str:
    """White space (no-break spaces too) as single spaces, as the PDF's text is compared."""
    return " ".join(text.split())


def _text(pdf: bytes) -> tuple[int, str, tuple[float, float]]:
    """Pages, the text of page 1 with its white space made single spaces, the page size."""
    reader = PdfReader(io.BytesIO(pdf))
    page = reader.pages[0]
    size = (float(page.mediabox.width), float(page.mediabox.height))
    return len(reader.pages), _words(page.extract_text()), size


def _priority_names(plan, lang: str) -> list[str]:
    t = Text.for_lang(lang)
    return [L.priority(t, q) for q in plan.problem.priorities]


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_the_week_plan_is_one_a4_page_in_the_language(plans, lang) -> None:
    plan = plans["baseline"]
    pages, text, size = _text(report_doc.render([plan], lang, "pdf"))
    zone_name, all_met, met, _ = WORDS[lang]
    assert pages == 1
    assert size == pytest.approx(A4_POINTS, abs=1)
    assert zone_name in text and SAMPLE_WEEK in text
    assert all_met in text and met in text
    t = Text.for_lang(lang)
    assert t._("Capacity waterfall") in text and t._("Basic functionalities: norms") in text
    for name in _priority_names(plan, lang):
        assert name in text
    assert _words(t.hours(views.key_figures(plan)["available"], 0)) in text


def test_a_short_week_says_what_is_short_where_and_how_much(plans) -> None:
    plan = plans["hycap_weekend"]
    _, text, _ = _text(report_doc.render([plan], "fr", "pdf"))
    assert "Statut : DÉFICIT" in text
    for line in views.status_lines(plan, "fr"):
        assert _words(line) in text
    assert "Match à risque" in text and "sam. 11:00–15:00" in text  # the shortfalls table


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_three_scenarios_side_by_side_on_one_page(zone, plans, lang) -> None:
    chosen = [plans[name] for name in SCENARIOS]
    pages, text, _ = _text(report_doc.render(chosen, lang, "pdf"))
    zone_name, _, met, short = WORDS[lang]
    assert pages == 1
    assert zone_name in text and SAMPLE_WEEK in text
    assert met in text and short in text
    for name in SCENARIOS:
        assert _words(views.scenario_title(zone, name, lang)) in text
    for name in _priority_names(chosen[0], lang):
        assert name in text
    t = Text.for_lang(lang)
    assert t._("What changes") in text
    assert "flu_wave" in text and "hycap_weekend" in text  # the differences, in words


def test_the_html_is_one_document_with_its_charts_as_svg(plans) -> None:
    html = report_doc.report_html([plans["baseline"]], "nl")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="nl">' in html
    assert html.count("<svg") == 2  # the waterfall and the hours per priority
    assert "@page" in html and "size: A4" in html
    assert "Politiezone Demostad" in html and "<script" not in html
    compared = report_doc.report_html([plans[n] for n in SCENARIOS], "fr")
    assert compared.count("<svg") == 1


def test_a_page_that_would_run_over_is_set_in_compact_type(plans, monkeypatch) -> None:
    long_line = "Norme de la zone : 480,2 h manquent — " + "Intervention, " * 12 + "sur la semaine"
    monkeypatch.setattr(report_doc.views, "status_lines", lambda plan, lang: [long_line] * 11)
    html = report_doc.report_html([plans["flu_wave"]], "fr")
    assert 'class="plan compact"' in html
    assert len(PdfReader(io.BytesIO(report_doc.report_pdf(html))).pages) == 1


def test_a_report_holds_one_to_five_plans(plans) -> None:
    with pytest.raises(ValueError):
        report_doc.report_html([], "fr")
    with pytest.raises(ValueError):
        report_doc.report_html([plans["baseline"]] * 6, "fr")
    with pytest.raises(ValueError):
        report_doc.render([plans["baseline"]], "fr", "docx")
    assert cli.REPORT_FORMATS == report_doc.FORMATS
    assert cli.REPORT_MAX_SCENARIOS == report_doc.MAX_SCENARIOS


# -- the command --------------------------------------------------------------------------------
def test_planner_report_writes_the_pdf(tmp_path: Path, monkeypatch, capsys) -> None:
    check_every_plan_of(monkeypatch, cli)
    out = tmp_path / "council" / "week49.pdf"  # a missing folder is created
    argv = ["report", str(DATA / "zone-demo"), "--week", SAMPLE_WEEK, "--out", str(out)]
    assert cli.main([*argv, "--lang", "nl"]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert [p.name for p in out.parent.iterdir()] == ["week49.pdf"]  # no temporary file left
    printed = capsys.readouterr().out
    assert "Status: alles gedekt" in printed and str(out) in printed
    pages, text, _ = _text(out.read_bytes())
    assert pages == 1 and "Politiezone Demostad" in text


def test_planner_report_html_of_a_comparison(tmp_path: Path, monkeypatch, plans) -> None:
    """The command's comparison path, with the module's plans (planned and checked once)."""
    monkeypatch.setattr(cli, "plan_week", lambda zone, week, name, params=None: plans[name])
    out = tmp_path / "compare.HTML"  # the suffix in any case
    argv = ["report", "--week", SAMPLE_WEEK, "--out", str(out), "--lang", "en"]
    assert cli.main([*argv, "--scenario", "baseline", "--scenario", "hycap_weekend"]) == 0
    html = out.read_text(encoding="utf-8")
    assert "<svg" in html and "Scenario comparison" in html


@pytest.mark.parametrize(
    "args, field, words",
    [
        (["--week", "2026-W99", "--out", "{dir}/r.pdf"], "--week", "2026-W99"),
        (["--week", SAMPLE_WEEK, "--out", "{dir}/r.docx"], "--out", ".pdf, .html"),
        (["--week", SAMPLE_WEEK, "--out", "{dir}/a-folder.pdf"], "--out", "is a folder"),
        (
            ["--week", SAMPLE_WEEK, "--out", "{dir}/r.pdf"] + ["--scenario", "baseline"] * 6,
            "--scenario",
            "at most 5 scenarios",
        ),
        (
            ["--week", SAMPLE_WEEK, "--out", "{dir}/r.pdf", "--scenario", "nope"],
            "--scenario",
            "nope",
        ),
    ],
)
def test_bad_input_is_exit_2_with_a_message_and_no_file(
    tmp_path: Path, capsys, args, field, words
) -> None:
    (tmp_path / "a-folder.pdf").mkdir()
    argv = ["report", *(a.replace("{dir}", str(tmp_path)) for a in args), "--lang", "en"]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert "problem in the inputs" in err and field in err and words in err
    assert "Traceback" not in err
    assert [p.name for p in tmp_path.iterdir()] == ["a-folder.pdf"]


def test_a_failed_write_leaves_the_previous_file_whole(tmp_path: Path, monkeypatch, plans) -> None:
    """The report goes to a temporary file beside the old one, renamed over it at the end: a
    failure at that last step leaves the old file as it was, and no temporary file."""
    monkeypatch.setattr(cli, "plan_week", lambda zone, week, name, params=None: plans[name])
    out = tmp_path / "r.html"
    out.write_bytes(b"<!DOCTYPE html> previous")

    def broken(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(export.os, "replace", broken)
    assert cli.main(["report", "--week", SAMPLE_WEEK, "--out", str(out)]) == 1
    assert out.read_bytes() == b"<!DOCTYPE html> previous"
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]
