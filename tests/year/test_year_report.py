"""planner.year.views and planner.year.report on a year built from real plans of the demo
zone: 2026-W01 planned under the baseline (with actuals a tenth below it), 2026-W02 under a
heavy HyCap weekend (validated), 2026-W03 a record made by hand with norm shortfalls, as of
W03; the proposal is 2027-W01 planned under the baseline and under road safety at double
weight. Four weeks are solved, once for the module. The views' figures are the
YearToDate's; the report, read back from its PDF in French and Dutch, names the
priorities and holds the figures on a bounded number of A4 pages; its HTML holds the
charts as inline SVG."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from planner import views as week_views
from planner.export import export_files
from planner.text import Text
from planner.text import labels as L
from planner.year import Pzs, Target
from planner.year import report as year_report
from planner.year import views as yv
from planner.year.collect import Year
from planner.year.records import DoneRecord, WeekRecord
from planner.year.ytd import year_to_date
from planner.zone_io import load_zone
from tests.conftest import DATA
from tests.solving import solve_checked

AS_OF = "2026-W03"
A4_POINTS = (595, 842)
PZS = Pzs(
    2026,
    2031,
    (
        Target("road_safety", 2026, hours=100_000.0),
        Target(
            "burglary",
            2026,
            hours=30_000.0,
            operations={"dusk_patrol": 900},
            quarters=(0.4, 0.1, 0.1, 0.4),
        ),
    ),
)


@pytest.fixture(scope="module")
def zone():
    return load_zone(DATA / "zone-demo")


@pytest.fixture(scope="module")
def plans(zone):
    return {
        "2026-W01": solve_checked(zone, "2026-W01", "baseline"),
        "2026-W02": solve_checked(zone, "2026-W02", "hycap_weekend"),
        "base": solve_checked(zone, "2027-W01", "baseline"),
        "proposed": solve_checked(zone, "2027-W01", "road_safety_x2"),
    }


@pytest.fixture(scope="module")
def year(zone, plans) -> Year:
    planned = {
        "2026-W01": WeekRecord.from_files("2026-W01", export_files(plans["2026-W01"]), "planned"),
        "2026-W02": WeekRecord.from_files("2026-W02", export_files(plans["2026-W02"]), "validated"),
    }
    w01 = planned["2026-W01"]
    planned[AS_OF] = WeekRecord(
        week=AS_OF,
        source="planned",
        priority_hours=dict(w01.priority_hours),
        operation_counts=dict(w01.operation_counts),
        mission_hours=dict(w01.mission_hours),
        norm_short={("intervention", "legal"): 6.0, ("intervention", "zone"): 24.0},
        shortfalls={"legal": 6.0, "zone": 24.0, "floor": 10.0},
        waterfall=dict(w01.waterfall),
    )
    done = {
        "2026-W01": DoneRecord(
            "2026-W01",
            {p: h * 0.9 for p, h in w01.priority_hours.items()},
            {o: max(0, n - 1) for o, n in w01.operation_counts.items()},
            dict(w01.mission_hours),
            hycap_hours=0.0,
        )
    }
    return Year(zone, PZS, year_to_date(zone, PZS, 2026, AS_OF, planned, done))


def _words(text: str) -> str:
    return " ".join(text.split())


# -- the views ----------------------------------------------------------------------------------
def test_the_priorities_table_says_the_year_to_dates_figures(year) -> None:
    t = Text.for_lang("fr")
    table = yv.priorities_table(year.ytd, year.zone, "fr").set_index(t._("Priority"))
    road = year.ytd.priority("road_safety").hours
    row = table.loc[L.priority(t, year.zone.priority("road_safety"))]
    assert row[t._("Target")] == t.hours(100_000, 0)
    for column, value in [
        ("Expected to date", road.expected),
        ("Planned", road.planned),
        ("Done", road.done),
        ("Achieved", road.achieved),
        ("Projection", road.projection),
        ("Needed per week", road.needed_per_week),
    ]:
        assert row[t._(column)] == t.hours(value, 0), column
    assert road.done == pytest.approx(0.9 * year.ytd.records[0].priority_hours["road_safety"])
    assert row[t._("On track")] == (t._("✓ yes") if road.on_track else t._("⚠ no"))
    drugs = table.loc[L.priority(t, year.zone.priority("drugs"))]
    assert drugs[t._("Target")] == "—" and drugs[t._("On track")] == t._("no target")


def test_operations_with_a_count_target(year) -> None:
    t = Text.for_lang("en")
    table = yv.operations_table(year.ytd, year.zone, "en")
    assert len(table) == 1  # only the dusk patrols have a count target
    dusk = next(o for o in year.ytd.priority("burglary").operations if o.operation == "dusk_patrol")
    row = table.iloc[0]
    assert row[t._("Target")] == "900"
    assert row[t._("Planned")] == t.number(dusk.counts.planned, 0)
    assert row[t._("Done")] == t.number(dusk.counts.done, 0)
    assert row[t._("Projection")] == t.number(dusk.counts.projection, 0)


def test_progress_data_ends_on_the_figures(year) -> None:
    data = yv.progress_data(year.ytd, year.pzs, year.zone, "nl")
    road = data[data["priority"] == "road_safety"].set_index(["measure", "week"])["hours"]
    h = year.ytd.priority("road_safety").hours
    assert road["target", "2026-W53"] == pytest.approx(100_000, abs=0.1)
    assert road["target", AS_OF] == pytest.approx(h.expected, abs=0.1)
    assert road["achieved", AS_OF] == pytest.approx(h.achieved, abs=0.1)
    assert road["planned", AS_OF] == pytest.approx(h.planned, abs=0.1)
    assert road["done", AS_OF] == pytest.approx(h.done, abs=0.1)
    assert road["projection", "2026-W53"] == pytest.approx(h.projection, abs=0.1)
    drugs = data[data["priority"] == "drugs"]
    assert "target" not in set(drugs["measure"])  # no target, no target line


def test_missions_hycap_and_the_compliance_calendar(year) -> None:
    t = Text.for_lang("en")
    ytd = year.ytd
    missions = yv.missions_table(ytd, "en").set_index(t._("Functionality"))
    m = ytd.mission("intervention")
    row = missions.loc[L.functionality(t, "intervention")]
    assert row[t._("Planned")] == t.hours(m.planned_hours, 0)
    assert row[t._("Weeks short of the legal minimum")] == "W03"
    assert row[t._("Hours short (zone)")] == t.hours(24, 0)
    hycap = dict(yv.hycap_table(ytd, "en").values)
    assert hycap[t._("Yearly HyCap line")] == t.hours(ytd.hycap.line_hours, 0)
    assert hycap[t._("Lent (planned)")] == t.hours(ytd.hycap.lent_hours, 0)
    assert ytd.hycap.lent_hours > 0  # the heavy HyCap weekend of W02
    assert hycap[t._("Used this year as zone.toml declares it")] == t.hours(4210, 0)
    states = yv.calendar_data(ytd, "en").set_index("week")["state"]
    assert len(states) == 53
    assert states[AS_OF] == "legal_short" and states["2026-W04"] == "no_plan"
    assert states["2026-W02"] == yv.week_state(ytd.records[1]) != "no_plan"
    matrix = yv.compliance_matrix(ytd, "en")
    assert len(matrix) == 53 * 6
    w03 = matrix[matrix["week"] == AS_OF].set_index("kind")["hours"]
    assert (w03["legal"], w03["zone"], w03["floor"]) == (6.0, 24.0, 10.0)
    assert matrix[matrix["week"] == "2026-W10"]["hours"].isna().all()


def test_the_main_shortfalls_and_the_summed_waterfall(year) -> None:
    ytd = year.ytd
    found = yv.main_shortfalls(ytd)
    hours = [h for *_, h in found]
    assert hours == sorted(hours, reverse=True)
    assert ("legal", "intervention", (AS_OF,), 6.0) in found
    total = sum(h for kind, _, _, h in found if kind not in ("legal", "zone"))
    assert total == pytest.approx(
        sum(h for r in ytd.records for k, h in r.shortfalls.items() if k not in ("legal", "zone"))
    )
    bars = yv.waterfall_data(ytd, "fr").set_index("step")
    for step in ("contract_hours", "available", "capacity_for_priorities"):
        assert bars.loc[step, "hours"] == pytest.approx(ytd.waterfall[step], abs=0.1)
    assert -bars.loc["hycap", "hours"] == pytest.approx(
        min(ytd.hycap.lent_hours, -ytd.waterfall["hycap_and_commitments"]), abs=0.1
    )


def test_the_proposal_is_priced_a_week_and_a_year(plans) -> None:
    base, proposed = plans["base"], plans["proposed"]
    numbers = yv.proposal_numbers(base, proposed).set_index("figure")
    a = base.priority_hours["road_safety"]
    b = proposed.priority_hours["road_safety"]
    row = numbers.loc["priority:road_safety"]
    assert row["difference_week"] == pytest.approx(b - a, abs=0.1)
    assert row["difference_year"] == pytest.approx((b - a) * 52, abs=5)
    assert b > a  # double weight, more hours
    t = Text.for_lang("nl")
    table = yv.proposal_table(base, proposed, "nl")
    assert t.hours(round((b - a) * 52, 1), 0, signed=True) in set(table.iloc[:, 4])


# -- the report ---------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_the_report_reads_back_in_the_language(year, plans, lang) -> None:
    pdf = year_report.render_year(year, lang, "pdf", (plans["base"], plans["proposed"]))
    reader = PdfReader(io.BytesIO(pdf))
    assert 2 <= len(reader.pages) <= year_report.MAX_PAGES
    page = reader.pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
        A4_POINTS, abs=1
    )
    text = _words(" ".join(p.extract_text() for p in reader.pages))
    t = Text.for_lang(lang)
    assert L.zone_name(t, year.zone.settings.name) in text and AS_OF in text
    for q in year.zone.priorities:
        assert L.priority(t, q) in text
    road = year.ytd.priority("road_safety").hours
    for figure in (road.target, road.achieved, road.projection, road.needed_per_week):
        assert _words(t.hours(figure, 0)) in text
    for words in (
        t._("PZS year to date"),
        t._("Norm compliance by week"),
        t._("HyCap line (MFO-2)"),
        t._("Main shortfalls and their causes"),
        week_views.scenario_title(year.zone, "road_safety_x2", lang),
    ):
        assert _words(words) in text
    assert _words(t.hours(year.ytd.hycap.line_hours, 0)) in text
    assert L.functionality(t, "intervention") in text and "W03" in text


def test_the_html_holds_the_charts_as_svg(year) -> None:
    context = year_report.year_context(year, "en")
    html = year_report.year_html(context)
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html
    charts = len(context["progress"])
    assert charts == 5  # every priority has hours
    assert html.count("<svg") == charts + 3  # + the calendar, HyCap and the waterfall
    assert "<script" not in html and "size: A4" in html
    assert "PZS year to date" in html and "Proposal" not in html  # no --propose
