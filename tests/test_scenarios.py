"""Scenarios: a flu wave makes about 15 % of the operational officers sick, always the same
ones; staff changes add and remove officers; extra HyCap requests and commitments land on
the right date and time, also past midnight and in a daylight-saving week."""

from __future__ import annotations

import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

import pytest

from planner.domain import TimeWindow
from planner.errors import InputError
from planner.export import plan_table
from planner.scenarios import apply_scenario, get_scenario
from planner.zone_io import load_zone
from tests.conftest import DATA, SAMPLE_WEEK
from tests.solving import solve_checked

WEEK = SAMPLE_WEEK
BXL = ZoneInfo("Europe/Brussels")


@pytest.fixture(scope="module")
def demo():
    return load_zone(DATA / "zone-demo")


def applied(zone, name: str, week: str = WEEK):
    return apply_scenario(zone, get_scenario(zone, name), week)


def add_scenarios(root, text: str):
    with (root / "scenarios.toml").open("a", encoding="utf-8") as fh:
        fh.write("\n" + text)
    return load_zone(root)


def local(instant: dt.datetime) -> str:
    return instant.astimezone(BXL).isoformat()


# -- flu wave -----------------------------------------------------------------------------------
def test_flu_wave_makes_15_percent_of_the_operational_officers_sick(demo):
    base = demo.week_inputs(WEEK)
    zone, inputs = applied(demo, "flu_wave")
    assert inputs.absences[: len(base.absences)] == base.absences  # the week's own are kept
    extra = inputs.absences[len(base.absences) :]
    operational = [o for o in demo.officers if o.operational]
    assert len(operational) == 249
    assert len(extra) == round(0.15 * 249) == 37
    assert all(a.type == "sickness" for a in extra)
    # the whole week, from Monday 00:00 for 8 days: every block of the grid
    assert {(local(a.start), local(a.end)) for a in extra} == {
        ("2026-11-30T00:00:00+01:00", "2026-12-08T00:00:00+01:00")
    }
    sick = [a.officer for a in extra]
    already_absent = {a.officer for a in base.absences}
    assert not set(sick) & already_absent
    by_id = {o.id: o for o in demo.officers}
    assert all(by_id[i].operational for i in sick)
    assert zone.officers == demo.officers


def test_flu_wave_picks_the_same_officers_every_time(demo):
    """The choice is the lowest SHA-256 of "<seed>:<scenario>:<officer id>", not a random
    draw: the same on every run and in every process."""
    first = [a.officer for a in applied(demo, "flu_wave")[1].absences]
    second = [a.officer for a in applied(demo, "flu_wave")[1].absences]
    assert first == second
    absent = {a.officer for a in demo.week_inputs(WEEK).absences}
    seed = demo.settings.seed

    def rank(oid: str) -> str:
        return hashlib.sha256(f"{seed}:flu_wave:{oid}".encode()).hexdigest()

    pool = sorted((o.id for o in demo.officers if o.operational and o.id not in absent), key=rank)
    assert first[len(demo.week_inputs(WEEK).absences) :] == pool[:37]


def test_flu_wave_in_a_week_without_dated_inputs(demo):
    _, inputs = applied(demo, "flu_wave", "2026-W50")
    assert len(inputs.absences) == 37
    assert {local(a.start) for a in inputs.absences} == {"2026-12-07T00:00:00+01:00"}


def test_absence_rate_of_one_takes_every_operational_officer_not_already_absent(rural_zone):
    zone = add_scenarios(rural_zone, "[scenario.all_sick]\nabsence_rate = 1.0\n")
    _, inputs = applied(zone, "all_sick")
    base = zone.week_inputs(WEEK).absences
    sick = {a.officer for a in inputs.absences[len(base) :]}
    assert sick == {o.id for o in zone.officers if o.operational} - {a.officer for a in base}
    assert not any(o.id in sick for o in zone.officers if not o.operational)


# -- staff changes ------------------------------------------------------------------------------
def test_staff_change_adds_copies_of_the_units_officers(demo):
    zone, _ = applied(demo, "intervention_plus_10")
    assert len(zone.officers) == 310
    added = zone.officers[300:]
    assert [o.id for o in added] == [f"intervention-extra-{k:03d}" for k in range(1, 11)]
    models = sorted((o for o in demo.officers if o.unit == "intervention"), key=lambda o: o.id)
    for new, model in zip(added, models, strict=False):
        assert (new.unit, new.team, new.grade, new.contract_hours, new.qualifications) == (
            model.unit,
            model.team,
            model.grade,
            model.contract_hours,
            model.qualifications,
        )
    assert demo.officers == zone.officers[:300]  # the zone itself is not changed


def test_staff_change_removes_officers_and_their_absences(rural_zone):
    zone = add_scenarios(
        rural_zone,
        "[scenario.cuts]\nstaff_change = { intervention = -3, traffic = 2, reception = -100 }\n",
    )
    new, inputs = applied(zone, "cuts")
    count = {
        u: sum(o.unit == u for o in zone.officers) for u in ("intervention", "traffic", "reception")
    }
    after = {u: sum(o.unit == u for o in new.officers) for u in count}
    assert after == {
        "intervention": count["intervention"] - 3,
        "traffic": count["traffic"] + 2,
        "reception": 0,
    }
    assert len(new.officers) == len(zone.officers) - 3 + 2 - count["reception"]
    ids = {o.id for o in new.officers}
    assert all(a.officer in ids for a in inputs.absences)
    assert "REC-0004" not in {a.officer for a in inputs.absences}  # gone with reception
    assert "REC-0004" in {a.officer for a in zone.week_inputs(WEEK).absences}
    # who leaves is decided by the same rank: the same three every time
    gone = {o.id for o in zone.officers} - ids
    assert gone == {o.id for o in zone.officers} - {o.id for o in applied(zone, "cuts")[0].officers}
    assert len([g for g in gone if g.startswith("INT-")]) == 3


# -- commitments ----------------------------------------------------------------------------------
def test_hycap_weekend_requests_land_on_saturday_and_sunday(demo):
    base = demo.week_inputs(WEEK).commitments
    _, inputs = applied(demo, "hycap_weekend")
    assert inputs.commitments[: len(base)] == base
    sat, sun = inputs.commitments[len(base) :]
    assert (sat.id, sat.type, sat.officers, sat.qualification) == (
        "hycap_weekend-1",
        "hycap",
        30,
        "hycap",
    )
    assert (local(sat.start), local(sat.end)) == (
        "2026-12-05T11:00:00+01:00",
        "2026-12-05T19:00:00+01:00",
    )
    assert sat.label == "Match à risque / Risicowedstrijd"
    assert (sun.id, sun.officers) == ("hycap_weekend-2", 20)
    assert (local(sun.start), local(sun.end)) == (
        "2026-12-06T13:00:00+01:00",
        "2026-12-06T19:00:00+01:00",
    )


NIGHTS = """[scenario.nights]
label = "Nuits / Nachten"
commitments = [
  { day = "Sat", start = "23:00", end = "27:00", officers = 2, qualification = "hycap" },
  { day = "Sun", start = "01:00", end = "05:00", officers = 1, type = "transfer", label = "Transfert" },
  { day = "Mon", start = "07:00", end = "11:00", officers = 1, type = "court" },
  { day = "Sun", start = "13:00", end = "19:00", officers = 3 },
]
"""


@pytest.mark.parametrize(
    ("week", "expected"),
    [
        (
            "2026-W49",
            [
                ("2026-12-05T23:00:00+01:00", "2026-12-06T03:00:00+01:00"),  # past midnight
                (
                    "2026-12-07T01:00:00+01:00",
                    "2026-12-07T05:00:00+01:00",
                ),  # the night after Sunday
                ("2026-11-30T07:00:00+01:00", "2026-11-30T11:00:00+01:00"),
                ("2026-12-06T13:00:00+01:00", "2026-12-06T19:00:00+01:00"),
            ],
        ),
        (
            "2026-W13",
            [  # clocks go forward at 02:00 on Sunday 29 March
                ("2026-03-28T23:00:00+01:00", "2026-03-29T03:00:00+02:00"),
                ("2026-03-30T01:00:00+02:00", "2026-03-30T05:00:00+02:00"),
                ("2026-03-23T07:00:00+01:00", "2026-03-23T11:00:00+01:00"),
                ("2026-03-29T13:00:00+02:00", "2026-03-29T19:00:00+02:00"),
            ],
        ),
    ],
)
def test_scenario_commitments_land_on_the_right_date_and_time(rural_zone, week, expected):
    zone = add_scenarios(rural_zone, NIGHTS)
    _, inputs = applied(zone, "nights", week)
    extra = [c for c in inputs.commitments if c.id.startswith("nights-")]
    assert [(local(c.start), local(c.end)) for c in extra] == expected
    assert [c.id for c in extra] == ["nights-1", "nights-2", "nights-3", "nights-4"]
    assert [c.type for c in extra] == ["hycap", "transfer", "court", "hycap"]
    assert [c.label for c in extra] == [
        "Nuits / Nachten",
        "Transfert",
        "Nuits / Nachten",
        "Nuits / Nachten",
    ]
    if week == "2026-W13":  # the night of the change is one hour shorter
        assert (extra[0].end - extra[0].start) == dt.timedelta(hours=3)


def test_an_extra_hycap_request_appears_in_plan_csv_on_its_date(rural_zone):
    zone = add_scenarios(
        rural_zone,
        """[scenario.derby]
label = "Derby"
commitments = [{ day = "Sun", start = "13:00", end = "19:00", officers = 2, qualification = "hycap" }]
""",
    )
    table = plan_table(solve_checked(zone, WEEK, "derby"))
    hycap = table[table["kind"] == "hycap"]
    assert list(
        zip(hycap["date"], hycap["start"], hycap["end"], hycap["label_fr"], strict=True)
    ) == [
        (
            "2026-12-05",
            "2026-12-05T11:00:00+01:00",
            "2026-12-05T19:00:00+01:00",
            "Football match / Match de football",
        ),
        ("2026-12-06", "2026-12-06T13:00:00+01:00", "2026-12-06T19:00:00+01:00", "Derby"),
    ]
    assert list(hycap["officers"]) == [2, 2] and list(hycap["duty"]) == ["lent", "lent"]


# -- other overrides --------------------------------------------------------------------------------
def test_weights_floors_caps_and_norms(rural_zone):
    zone = add_scenarios(
        rural_zone,
        """[scenario.mix]
weights = { drugs = 4 }
floors = { burglary = 8 }
caps = { burglary = 16, radicalism = 0 }
norms = { intervention_teams_day = 3, reception_window = { days = "Mon-Fri", start = "08:00", end = "16:00" } }
""",
    )
    new, _ = applied(zone, "mix")
    before = {p.id: p for p in zone.priorities}
    after = {p.id: p for p in new.priorities}
    assert after["drugs"].weight == 4 and before["drugs"].weight == 1.5
    assert (after["burglary"].floor_hours, after["burglary"].cap_hours) == (8, 16)
    assert after["radicalism"].cap_hours == 0
    assert after["road_safety"] == before["road_safety"]
    assert new.settings.norms.intervention_teams_day == 3
    assert new.settings.norms.reception_windows == (TimeWindow((0, 1, 2, 3, 4), 8 * 60, 16 * 60),)
    assert zone.settings.norms.intervention_teams_day == 2  # the zone keeps its own


def test_baseline_changes_nothing(demo):
    zone, inputs = applied(demo, "baseline")
    assert zone == demo and inputs == demo.week_inputs(WEEK)


def test_an_unknown_scenario(demo):
    with pytest.raises(InputError) as info:
        get_scenario(demo, "heatwave")
    (issue,) = info.value.issues
    assert (issue.field, issue.value) == ("--scenario", "heatwave")
    assert (issue.expected, issue.values["options"]) == (
        "one_of",
        (
            "baseline",
            "catch_up",
            "flu_wave",
            "hycap_weekend",
            "intervention_plus_10",
            "road_safety_x2",
        ),
    )
