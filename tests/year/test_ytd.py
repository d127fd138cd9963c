"""The year to date and the catch-up floors on a year built by hand: four past weeks of
2026 (a 53-week year), plans for all four (one validated), actuals for the first two with
known gaps, targets with and without a quarterly profile. Every figure is worked out here
from the definitions in planner/year/ytd.py."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.year import Pzs, Target
from planner.year.catchup import catch_up_floors
from planner.year.records import DoneRecord, WeekRecord
from planner.year.ytd import default_as_of, quarter, week_shares, year_table, year_to_date
from planner.zone_io import load_zone
from tests.conftest import DATA

WEEKS = ["2026-W01", "2026-W02", "2026-W03", "2026-W04"]
ROAD = [100.0, 120.0, 80.0, 100.0]  # planned road-safety hours
ROAD_DONE = [90.0, 110.0]
BURGLARY = [30.0, 30.0, 30.0, 30.0]
BURGLARY_DONE = [25.0, 35.0]
DUSK = [3, 4, 2, 3]  # planned dusk patrols (crews)
DUSK_DONE = [2, 5]


@pytest.fixture(scope="module")
def zone():
    return load_zone(DATA / "zone-demo")


def _pzs() -> Pzs:
    return Pzs(
        2026,
        2031,
        (
            Target("road_safety", 2026, hours=5300.0),
            Target(
                "burglary",
                2026,
                hours=1000.0,
                operations={"dusk_patrol": 159},
                quarters=(0.4, 0.2, 0.2, 0.2),
            ),
            Target("road_safety", 2027, hours=9999.0),
        ),
    )


def _planned() -> dict[str, WeekRecord]:
    out = {}
    for i, w in enumerate(WEEKS):
        norm_short = {}
        if w == "2026-W03":
            norm_short[("intervention", "zone")] = 12.0
        if w == "2026-W04":
            norm_short[("intervention", "legal")] = 4.0
            norm_short[("reception", "zone")] = 8.0
        out[w] = WeekRecord(
            week=w,
            source="validated" if w == "2026-W03" else "planned",
            priority_hours={"road_safety": ROAD[i], "burglary": BURGLARY[i]},
            operation_counts={"dusk_patrol": DUSK[i]},
            mission_hours={"intervention": 900.0, "reception": 84.0},
            norm_short=norm_short,
            hycap_hours=40.0 if w == "2026-W02" else 0.0,
            waterfall={"capacity_for_priorities": 500.0, "absences": -50.0},
        )
    # a week after as_of and one of another year are not counted
    out["2026-W05"] = WeekRecord("2026-W05", "planned", {"road_safety": 1e6})
    out["2025-W52"] = WeekRecord("2025-W52", "planned", {"road_safety": 1e6})
    return out


def _done() -> dict[str, DoneRecord]:
    return {
        w: DoneRecord(
            week=w,
            priority_hours={"road_safety": ROAD_DONE[i], "burglary": BURGLARY_DONE[i]},
            operation_counts={"dusk_patrol": DUSK_DONE[i]},
            mission_hours={"intervention": 930.0 - 20 * i, "reception": 84.0},
            hycap_hours=48.0 if w == "2026-W02" else 0.0,
        )
        for i, w in enumerate(WEEKS[:2])
    }


@pytest.fixture(scope="module")
def ytd(zone):
    return year_to_date(zone, _pzs(), 2026, "2026-W04", _planned(), _done())


def test_weeks_past_and_left(ytd):
    assert len(ytd.weeks) == 53  # 2026 has an ISO week 53
    assert ytd.past == tuple(WEEKS)
    assert len(ytd.left) == 49 and ytd.left[0] == "2026-W05"
    assert ytd.planned_weeks == tuple(WEEKS)
    assert ytd.validated_weeks == ("2026-W03",)
    assert ytd.done_weeks == ("2026-W01", "2026-W02")


def test_road_safety_evenly(ytd):
    h = ytd.priority("road_safety").hours
    assert h.target == 5300
    assert h.planned == 400  # 100 + 120 + 80 + 100
    assert h.done == 200  # 90 + 110
    assert h.achieved == 380  # done W01-02, planned W03-04: 90 + 110 + 80 + 100
    assert h.expected == pytest.approx(5300 * 4 / 53)  # 400
    assert h.behind == pytest.approx(20)
    assert h.projection == pytest.approx(380 + 95 * 49)  # 95 a week so far: 5035
    assert h.on_track is False
    assert h.needed_per_week == pytest.approx((5300 - 380) / 49)
    assert ytd.priority("road_safety").done_minus_planned == pytest.approx(-20)  # -10, -10


def test_burglary_by_quarter(ytd):
    h = ytd.priority("burglary").hours
    # Q1 of 2026 is W01-W13 (their Thursdays fall in January-March): 0.4 over 13 weeks
    q1_week = 0.4 / 13
    assert h.achieved == 25 + 35 + 30 + 30
    assert h.expected == pytest.approx(1000 * 4 * q1_week)
    # the next week left (W05, Q1) gets its share of what is missing
    assert h.needed_per_week == pytest.approx(880 * q1_week / (1 - 4 * q1_week))
    assert h.projection == pytest.approx(120 + 30 * 49)
    assert h.on_track is True
    assert ytd.priority("burglary").done_minus_planned == pytest.approx(0)


def test_operation_counts(ytd):
    dusk = next(o for o in ytd.priority("burglary").operations if o.operation == "dusk_patrol")
    c = dusk.counts
    assert (c.target, c.planned, c.done, c.achieved) == (159, 12, 7, 2 + 5 + 2 + 3)
    assert c.expected == pytest.approx(159 * 4 * 0.4 / 13)
    night = next(o for o in ytd.priority("burglary").operations if o.operation == "night_patrol")
    assert night.counts.target is None and night.counts.needed_per_week is None


def test_priority_without_target(ytd):
    h = ytd.priority("drugs").hours
    assert h.target is None and h.expected is None and h.on_track is None
    assert h.planned == 0 and h.projection == 0


def test_missions(ytd):
    m = ytd.mission("intervention")
    assert m.planned_hours == 3600
    assert m.done_hours == 930 + 910
    assert m.done_minus_planned == pytest.approx(30 + 10)
    assert m.legal_short_weeks == ("2026-W04",) and m.legal_short_hours == 4
    assert m.zone_short_weeks == ("2026-W03",) and m.zone_short_hours == 12
    r = ytd.mission("reception")
    assert r.legal_short_weeks == () and r.zone_short_weeks == ("2026-W04",)
    assert ytd.mission("traffic").planned_hours == 0


def test_hycap_line(ytd, zone):
    st = zone.settings
    operational = sum(1 for o in zone.officers if o.operational)
    line = round(st.hycap_yearly_share * operational * st.net_productive_hours_per_year, 1)
    h = ytd.hycap
    assert h.line_hours == line
    assert (h.lent_hours, h.done_hours, h.achieved_hours) == (40, 48, 48)
    assert h.projection_hours == pytest.approx(48 + 12 * 49)
    assert h.remaining_hours == round(line - 48, 1)
    assert h.declared_hours == st.hycap_used_hours_ytd == 4210  # the demo's zone.toml


def test_waterfall_sums_the_past_weeks(ytd):
    assert ytd.waterfall == {"capacity_for_priorities": 2000.0, "absences": -200.0}


def test_year_table(ytd):
    t = year_table(ytd).set_index("priority")
    assert list(t.index) == ["road_safety", "quality_of_life", "burglary", "drugs", "radicalism"]
    assert t.loc["road_safety", "projection_hours"] == 5035.0
    assert t.loc["road_safety", "needed_weekly_hours"] == round(4920 / 49, 1)
    assert t.loc["road_safety", "on_track"] == "no"
    assert t.loc["drugs", "on_track"] == ""


def test_catch_up_floors(ytd):
    floors = catch_up_floors(ytd, _pzs(), ["2026-W05", "2026-W14", "2027-W01"])
    assert set(floors) == {"2026-W05", "2026-W14"}  # 2027 is another year's
    # road safety: 4920 h missing, evenly over 49 weeks; burglary by its profile
    assert floors["2026-W05"] == {"road_safety": 100.0, "burglary": 30.0}  # 100.4, 30.9
    share_left = 1 - 4 * 0.4 / 13
    assert floors["2026-W14"]["burglary"] == int(880 * (0.2 / 13) / share_left)  # Q2: 15
    # within capacity: scaled down together to the week's room
    tight = catch_up_floors(ytd, _pzs(), ["2026-W05"], capacity={"2026-W05": 65.0})
    total = 4920 / 49 + 880 * (0.4 / 13) / share_left
    assert tight["2026-W05"] == {
        "road_safety": int(4920 / 49 * 65 / total),
        "burglary": int(880 * (0.4 / 13) / share_left * 65 / total),
    }
    assert sum(tight["2026-W05"].values()) <= 65
    # no PZS, no floors
    assert catch_up_floors(ytd, None, ["2026-W05"]) == {"2026-W05": {}}


def test_a_reached_target_needs_nothing(zone):
    pzs = Pzs(2026, 2031, (Target("road_safety", 2026, hours=300.0),))
    y = year_to_date(zone, pzs, 2026, "2026-W04", _planned(), _done())
    assert y.priority("road_safety").hours.needed_per_week == 0
    assert catch_up_floors(y, pzs, ["2026-W05"]) == {"2026-W05": {"road_safety": 0.0}}


def test_quarters_and_shares():
    assert [quarter(w) for w in ("2026-W01", "2026-W13", "2026-W14", "2026-W53")] == [0, 0, 1, 3]
    shares = week_shares(Target("x", 2026, 1.0, quarters=(0.4, 0.2, 0.2, 0.2)), 2026)
    assert sum(shares.values()) == pytest.approx(1)
    assert shares["2026-W53"] == pytest.approx(0.2 / 14)  # Q4 has 14 weeks in 2026


def test_default_as_of():
    assert default_as_of(2026, dt.date(2026, 12, 1)) == "2026-W48"  # a Tuesday of W49
    assert default_as_of(2025, dt.date(2026, 12, 1)) == "2025-W52"
    assert default_as_of(2027, dt.date(2026, 12, 1)) is None
    assert default_as_of(2026, dt.date(2026, 1, 1)) is None  # W01 is not over


def test_no_past_week(zone):
    y = year_to_date(zone, _pzs(), 2027, None, _planned(), _done())
    assert y.past == () and y.as_of is None and len(y.left) == 52
    h = y.priority("road_safety").hours
    assert h.achieved == 0 and h.needed_per_week == pytest.approx(9999 / 52)
