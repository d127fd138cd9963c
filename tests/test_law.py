"""Right to the law, and honest about it: elapsed time across clock changes, reception as
zones open it, and the inputs checked against working time. Tiny zones whose figures are
worked out by hand in each docstring; every plan goes through the independent checker."""

from __future__ import annotations

import pytest

from planner.api import plan_week
from planner.checker import check_plan
from planner.zone_io import load_zone
from tests.tiny import officer, operation, priority, write_zone


def plan_of(root, week, scenario="baseline"):
    plan = plan_week(load_zone(root), week, scenario)
    assert check_plan(plan.problem, plan) == []
    return plan


# -- (4) elapsed time across clock changes ------------------------------------------------------
@pytest.mark.parametrize(("week", "saturday", "sunday", "hours"), [
    ("2026-W13", "2026-03-28", "2026-03-29", 23),  # spring forward: 02:00 -> 03:00
    ("2026-W43", "2026-10-24", "2026-10-25", 25),  # fall back: 03:00 -> 02:00
])
def test_a_commitment_over_a_clock_change_counts_elapsed_hours(tmp_path, week, saturday, sunday, hours):
    """Two officers on duty around the clock (24-hour shifts from 07:00); a HyCap request for
    both from Saturday 07:00 to Sunday 07:00, written in local time. Across the spring change
    that day lasts 23 h, across the autumn change 25 h: the request is 2 x 23 = 46 h or
    2 x 25 = 50 h, both as the request's own length (`hours`) and in whole blocks
    (`reserved_hours`: the six blocks of Saturday's operational day, one of 3 h or 5 h).
    Before the fix the wall-clock difference gave 24 h per officer in both weeks."""
    root = write_zone(tmp_path, [officer("O1"), officer("O2")], [priority("road_safety", 1)],
                      [operation("a", "road_safety")])
    folder = root / "weeks" / week
    folder.mkdir(parents=True)
    (folder / "commitments.csv").write_text(
        "id,type,start,end,officers,qualification,label\n"
        f"h1,hycap,{saturday}T07:00,{sunday}T07:00,2,,Match\n", encoding="utf-8")
    plan = plan_of(root, week)
    (row,) = plan.commitments.itertuples(index=False)
    assert row.planned_officers == 2 and row.shortfall_hours == 0
    assert row.hours == 2 * hours
    assert row.reserved_hours == 2 * hours
    assert plan.problem.grid.total_hours == 168 + (hours - 24)
    # what is left for the priorities: the two officers' week minus the request
    assert plan.priority_hours["road_safety"] == 2 * plan.problem.grid.total_hours - 2 * hours


# -- (6) reception as zones open it -------------------------------------------------------------
DESK = [{"days": "Mon-Fri", "start": "08:00", "end": "18:00"},
        {"days": "Sat", "start": "09:00", "end": "12:00"},
        {"days": "Mon", "start": "10:00", "end": "12:00"}]  # inside Monday's: counted once


def desk_zone(root, windows=DESK, key="reception_window", scenarios=""):
    return write_zone(root, [officer("R1", unit="reception", grade="calog_C"),
                             officer("R2", unit="reception", grade="calog_C"), officer("O1")],
                      [priority("road_safety", 1)], [operation("a", "road_safety")],
                      norms={key: windows, "reception_officers_legal": 1, "reception_officers_zone": 1},
                      scenarios=scenarios)


def test_reception_windows_count_opening_hours_once_and_reserve_whole_blocks(tmp_path):
    """Desk Mon-Fri 08:00-18:00, Sat 09:00-12:00, and Mon 10:00-12:00 (inside Monday's hours).
    Opening hours: 5 x 10 + 3 = 53 h (55 if Monday's two hours were counted twice). On the
    4-hour grid from 07:00 the desk officer is reserved for whole blocks: 07-11, 11-15, 15-19
    on weekdays (5 x 12 h) and 07-11, 11-15 on Saturday (8 h) = 68 h. The requirement stays
    the real 53 h (met); the 12 part blocks are listed: weekday 07-11 opens at 08:00, weekday
    15-19 closes at 18:00, Saturday 07-11 opens at 09:00, Saturday 11-15 closes at 12:00."""
    plan = plan_of(desk_zone(tmp_path), "2026-W49")
    cover = plan.problem.reception
    assert (cover.open_hours, cover.reserved_hours) == (53.0, 68.0)
    assert len(cover.partial_blocks) == 12
    assert sorted({rb.open_hours for rb in cover.partial_blocks}) == [1.0, 2.0, 3.0]
    row = plan.norms[(plan.norms.functionality == "reception") & (plan.norms.level == "legal")].iloc[0]
    assert (row.required_hours, row.planned_hours, row.status) == (53.0, 53.0, "met")
    desk = plan.basic[plan.basic.activity == "reception"]
    assert (len(desk), desk.officers.sum(), desk.hours.sum()) == (17, 17, 68.0)
    from planner.report import summary

    assert ("  reception: desk open 53.0 h, reserved 68.0 h in whole 4-hour blocks "
            "(Mon-Fri 07:00-11:00 opens at 08:00; Mon-Fri 15:00-19:00 closes at 18:00; "
            "Sat 07:00-11:00 opens at 09:00; Sat 11:00-15:00 closes at 12:00)") in summary(plan)


def test_reception_window_as_one_table_or_under_the_plural_key(tmp_path):
    """One inline table still reads as before; `reception_windows` is the same setting. A
    desk Mon-Sun 07:00-19:00 sits on the grid: 84 h open, 84 h reserved, no part block."""
    one = {"days": "Mon-Sun", "start": "07:00", "end": "19:00"}
    for k, key in enumerate(("reception_window", "reception_windows")):
        zone = load_zone(desk_zone(tmp_path / str(k), one, key))
        assert len(zone.settings.norms.reception_windows) == 1
    plan = plan_of(tmp_path / "0", "2026-W49")
    assert (plan.problem.reception.open_hours, plan.problem.reception.reserved_hours) == (84.0, 84.0)
    assert plan.problem.reception.partial_blocks == ()


def test_reception_window_errors(tmp_path):
    from planner.errors import InputError

    root = desk_zone(tmp_path / "a", [])
    with pytest.raises(InputError) as info:
        load_zone(root)
    assert [(i.field, i.expected) for i in info.value.issues] == [
        ("norms.reception_window", "a window table {days, start, end} or a non-empty list of them")]
    root = desk_zone(tmp_path / "b", [DESK[0], {"days": "Sat", "start": "12:00", "end": "09:00"}])
    with pytest.raises(InputError) as info:
        load_zone(root)
    assert [i.field for i in info.value.issues] == ["norms.reception_window[1].end"]
    root = desk_zone(tmp_path / "c", DESK)
    text = (root / "zone.toml").read_text(encoding="utf-8")
    (root / "zone.toml").write_text(text.replace(
        "[norms]\n", '[norms]\nreception_windows = { days = "Sun", start = "07:00", end = "11:00" }\n'),
        encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_zone(root)
    assert [(i.field, i.expected) for i in info.value.issues] == [
        ("norms.reception_window", "only one of reception_window or reception_windows")]


def test_a_scenario_sets_the_desk_windows(tmp_path):
    """A scenario opening the desk only on Saturday 07:00-11:00: 4 h open, 4 h reserved."""
    root = desk_zone(tmp_path, scenarios=(
        '[scenario.sat]\nnorms = { reception_window = [{ days = "Sat", start = "07:00", end = "11:00" }] }\n'))
    plan = plan_of(root, "2026-W49", "sat")
    assert (plan.problem.reception.open_hours, plan.problem.reception.reserved_hours) == (4.0, 4.0)
    from planner.report import reception_line

    assert reception_line(plan) == "reception: desk open 4.0 h, reserved 4.0 h in whole 4-hour blocks"
