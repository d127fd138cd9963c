"""planner.scenario_io: scenarios and pinned operations edited in the app, written back as
the zone's own files and read again."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from planner.domain import Scenario
from planner.errors import InputError
from planner.scenario_io import (
    append_scenario,
    check_name,
    edited_scenario,
    pinned_csv,
    pinned_from_rows,
    pinned_rows,
    scenario_changes,
    scenario_to_toml,
    with_pinned,
    with_scenario,
    working_copy,
    write_pinned,
    write_zone_files,
)
from planner.zone_io import load_zone
from tests.solving import solve_checked

DEMO = Path(__file__).resolve().parent.parent / "data" / "zone-demo"
WEEK = "2026-W49"


@pytest.fixture(scope="module")
def demo():
    return load_zone(DEMO)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    return working_copy(DEMO, tmp_path)


def test_working_copy_leaves_the_sample_alone(copy: Path) -> None:
    before = (DEMO / "scenarios.toml").read_text(encoding="utf-8")
    assert copy.name == "zone-demo" and (copy / "weeks" / WEEK / "pinned.csv").exists()
    (copy / "scenarios.toml").write_text("# changed\n", encoding="utf-8")
    assert (DEMO / "scenarios.toml").read_text(encoding="utf-8") == before


def test_names_must_be_keys_and_new() -> None:
    assert check_name(" ops_plus ", ["baseline"]) == "ops_plus"
    for bad in ("", "with space", "é", "a.b", "x" * 41):
        with pytest.raises(InputError) as exc:
            check_name(bad)
        assert [i.expected for i in exc.value.issues] == ["scenario_name"]
    with pytest.raises(InputError) as exc:
        check_name("flu_wave", ["baseline", "flu_wave"])
    (issue,) = exc.value.issues
    assert (issue.field, issue.value, issue.expected) == (
        "name",
        "flu_wave",
        "unique_scenario_name",
    )
    assert "a name not used by another scenario of the zone" in str(issue)


def test_edits_keep_only_what_changes(demo) -> None:
    base = demo.scenarios["baseline"]
    weights = {p.id: p.weight for p in demo.priorities} | {"road_safety": 5.0}
    s = edited_scenario(
        base,
        "more_roads",
        "Plus / Meer",
        weights=weights,
        floors={p.id: p.floor_hours for p in demo.priorities},
        staff_change={"intervention": 0, "traffic": 2},
    )
    kept = scenario_changes(demo, s)
    assert kept.weights == {"road_safety": 5.0}
    assert kept.floors == {}
    assert kept.staff_change == {"traffic": 2}


def test_toml_of_a_scenario_is_what_the_loader_reads(demo) -> None:
    s = Scenario(
        "weekend",
        "Week-end / Weekend",
        weights={"drugs": 2.5, "road_safety": 4},
        floors={"burglary": 40},
        caps={"radicalism": 80, "drugs": None},
        absence_rate=0.1,
        staff_change={"traffic": -2},
        commitments=(
            {
                "type": "hycap",
                "day": "Sat",
                "start": "12:00",
                "end": "20:00",
                "officers": 12,
                "qualification": "hycap",
                "label": "Match",
            },
        ),
    )
    data = tomllib.loads(scenario_to_toml(s))["scenario"]["weekend"]
    assert data["weights"] == {"road_safety": 4, "drugs": 2.5}
    assert data["caps"] == {"radicalism": 80}, "no cap (None) cannot be written"
    assert data["commitments"][0]["officers"] == 12


def test_append_then_reload_gives_the_same_scenario(copy: Path) -> None:
    zone = load_zone(copy)
    s = edited_scenario(
        zone.scenarios["baseline"],
        "roads_5",
        "Routes / Wegen",
        weights={"road_safety": 5},
        absence_rate=0.05,
        extra_commitments=[
            {
                "type": "hycap",
                "day": "Sun",
                "start": "13:00",
                "end": "19:00",
                "officers": 8,
                "qualification": "hycap",
                "label": "Match",
            }
        ],
    )
    text_before = (copy / "scenarios.toml").read_text(encoding="utf-8")
    reloaded = append_scenario(copy, scenario_changes(zone, s), note="saved by a test")
    got = reloaded.scenarios["roads_5"]
    assert got.weights == {"road_safety": 5.0}
    assert got.absence_rate == pytest.approx(0.05)
    assert got.commitments[0]["officers"] == 8
    text = (copy / "scenarios.toml").read_text(encoding="utf-8")
    assert text.startswith(text_before), "existing scenarios and comments stay as written"
    assert "# saved by a test" in text
    with pytest.raises(InputError):
        append_scenario(copy, replace(got, name="roads_5"))


def test_a_scenario_the_zone_refuses_is_not_left_in_the_file(copy: Path) -> None:
    before = (copy / "scenarios.toml").read_text(encoding="utf-8")
    bad = Scenario("bad", "Bad", weights={"not_a_priority": 1.0})
    with pytest.raises(InputError):
        append_scenario(copy, bad)
    assert (copy / "scenarios.toml").read_text(encoding="utf-8") == before


def test_pinned_rows_round_trip(demo) -> None:
    rows = pinned_rows(demo, WEEK)
    assert rows[0] == {
        "operation": "bob_check",
        "day": "Sat",
        "start": "23:00",
        "note": "Campagne BOB de fin d'année / BOB-eindejaarscampagne",
    }
    assert pinned_from_rows(demo, WEEK, rows) == demo.week_inputs(WEEK).pinned


def test_a_night_start_belongs_to_the_day_before(demo) -> None:
    pins = pinned_from_rows(
        demo, WEEK, [{"operation": "bob_check", "day": "Fri", "start": "03:00", "note": ""}]
    )
    assert pins[0].start.isoformat() == "2026-12-05T03:00:00+01:00"
    zone = with_pinned(demo, WEEK, pins)
    assert pinned_rows(zone, WEEK)[0]["day"] == "Fri"


def test_bad_pinned_rows_name_row_and_field(demo) -> None:
    rows = [
        {"operation": "nope", "day": "Sat", "start": "23:00"},
        {"operation": "bob_check", "day": "Caturday", "start": "23:00"},
        {"operation": "bob_check", "day": "Sat", "start": "25:99"},
        {"operation": "", "day": "", "start": ""},
    ]
    with pytest.raises(InputError) as exc:
        pinned_from_rows(demo, WEEK, rows)
    assert [(i.row, i.field, i.expected) for i in exc.value.issues] == [
        (1, "operation", "operation_ref"),
        (2, "day", "one_of"),
        (3, "start", "clock_range"),
    ]
    assert exc.value.issues[1].values["options"][0] == "Mon"


def test_write_pinned_is_read_back(copy: Path) -> None:
    zone = load_zone(copy)
    pins = pinned_from_rows(
        zone,
        WEEK,
        [{"operation": "speed_check", "day": "Tue", "start": "07:00", "note": "=HYPERLINK()"}],
    )
    assert "'=HYPERLINK()" in pinned_csv(zone, pins)
    reloaded = write_pinned(copy, WEEK, pins)
    assert [p.operation for p in reloaded.week_inputs(WEEK).pinned] == ["speed_check"]


def test_an_edited_weight_changes_the_plan(demo) -> None:
    base = solve_checked(demo, WEEK, "baseline")
    s = edited_scenario(demo.scenarios["baseline"], "roads", weights={"road_safety": 9.0})
    plan = solve_checked(with_scenario(demo, s), WEEK, "roads")
    assert plan.priority_hours["road_safety"] > base.priority_hours["road_safety"]


def test_week_files_entered_in_the_app_are_read_like_files(copy: Path) -> None:
    absences = "officer,type,start,end\nINT-0001,sickness,2026-12-07,2026-12-09\n"
    zone = write_zone_files(copy, {"weeks/2026-W50/absences.csv": absences})
    assert [(a.officer, a.type) for a in zone.weeks["2026-W50"].absences] == [
        ("INT-0001", "sickness")
    ]


def test_refused_week_files_are_all_put_back(copy: Path) -> None:
    week = copy / "weeks" / "2026-W49"
    before = {p.name: p.read_text(encoding="utf-8") for p in week.iterdir()}
    bad = {
        "weeks/2026-W49/absences.csv": "officer,type,start,end\nINT-0001,flu,2026-12-01,2026-12-01\n",
        "weeks/2026-W49/commitments.csv": "id,type,start,end,officers,qualification,label\n",
        "weeks/2026-W50/absences.csv": "officer,type,start,end\n",
    }
    with pytest.raises(InputError) as err:
        write_zone_files(copy, bad)
    (issue,) = err.value.issues
    assert (issue.file, issue.row, issue.field, issue.value) == (
        "zone-demo/weeks/2026-W49/absences.csv",
        1,
        "type",
        "flu",
    )
    assert {p.name: p.read_text(encoding="utf-8") for p in week.iterdir()} == before
    assert not (copy / "weeks" / "2026-W50" / "absences.csv").exists()
