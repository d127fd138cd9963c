"""One test per rule of the model, on tiny zones whose optimum is worked out by hand in each
docstring. Every plan goes through the independent checker."""

from __future__ import annotations

import pytest

from planner.export import export_files
from planner.solver.solve import _BASIC_SEEN
from tests.solving import solve_checked
from tests.tiny import officer, operation, priority, write_zone

BLOCKS = 42  # 7 days x 6 blocks of 4 hours


def norm(plan, fid, level):
    row = plan.norms[(plan.norms.functionality == fid) & (plan.norms.level == level)].iloc[0]
    return row


def test_weights_two_to_one_split_the_leftover_two_to_one(tmp_path):
    """Three officers on duty 24/7, no basic missions: 3 x 168 = 504 person-hours. Single-
    officer 4-hour operations for A (weight 2) and B (weight 1): A 336 h, B 168 h."""
    root = write_zone(
        tmp_path,
        [officer(f"O{k}") for k in range(3)],
        [priority("road_safety", 2), priority("drugs", 1)],
        [operation("a", "road_safety"), operation("b", "drugs")],
    )
    plan = solve_checked(root)
    assert plan.priority_hours["road_safety"] == 336
    assert plan.priority_hours["drugs"] == 168
    assert plan.efficiency == 1.0


def test_capacity_equal_to_basic_missions_leaves_nothing_for_priorities(tmp_path):
    """Two officers 24/7 and one intervention team of two required in every block: all
    336 hours go to intervention (legal and zone met), every priority gets 0 h."""
    root = write_zone(
        tmp_path,
        [officer("O1"), officer("O2")],
        [priority("road_safety", 1)],
        [operation("a", "road_safety")],
        norms={
            "intervention_teams_legal": 1,
            "intervention_teams_day": 1,
            "intervention_teams_night": 1,
        },
    )
    plan = solve_checked(root)
    assert plan.priority_hours["road_safety"] == 0
    assert norm(plan, "intervention", "legal").planned_hours == 336
    assert norm(plan, "intervention", "zone").status == "met"


def test_shortfall_is_a_result_not_an_error(tmp_path):
    """One officer 24/7 against a legal team of two: 168 h short at the legal level, in every
    block; the plan is still produced."""
    root = write_zone(
        tmp_path,
        [officer("O1")],
        [priority("road_safety", 1)],
        [operation("a", "road_safety")],
        norms={
            "intervention_teams_legal": 1,
            "intervention_teams_day": 1,
            "intervention_teams_night": 1,
        },
    )
    plan = solve_checked(root)
    row = norm(plan, "intervention", "legal")
    assert row.status == "short" and row.shortfall_hours == 168
    assert row["where"].startswith("Mon 07:00-11:00")
    assert plan.priority_hours["road_safety"] == 0


def test_legal_minimum_before_zone_standard(tmp_path):
    """Three officers 24/7; legal: one team of two; zone: three teams by day (6) and one by
    night (2). The legal 2 per block is met everywhere; by day the zone standard is short by
    3 officers x 4 h x 4 day blocks x 7 days = 336 h; nothing left for priorities by day,
    1 officer free per night block (2 blocks x 7 nights x 4 h = 56 h)."""
    root = write_zone(
        tmp_path,
        [officer(f"O{k}") for k in range(3)],
        [priority("road_safety", 1)],
        [operation("a", "road_safety")],
        norms={
            "intervention_teams_legal": 1,
            "intervention_teams_day": 3,
            "intervention_teams_night": 1,
        },
    )
    plan = solve_checked(root)
    assert norm(plan, "intervention", "legal").status == "met"
    assert norm(plan, "intervention", "zone").shortfall_hours == 336
    assert plan.priority_hours["road_safety"] == 56


def test_priority_needing_a_qualification_nobody_has_gets_nothing(tmp_path):
    """Drugs operations need 'drugs'; nobody has it: drugs 0 h, road safety all 168 h."""
    root = write_zone(
        tmp_path,
        [officer("O1")],
        [priority("road_safety", 1), priority("drugs", 5)],
        [operation("a", "road_safety"), operation("d", "drugs", qualifications=["drugs"])],
    )
    plan = solve_checked(root)
    assert plan.priority_hours["drugs"] == 0
    assert plan.priority_hours["road_safety"] == 168


def test_qualified_staff_go_where_only_they_can(tmp_path):
    """Two officers 24/7, one with 'drugs'. Equal weights: drugs (needs the qualified one)
    and road safety (anyone) get 168 h each."""
    root = write_zone(
        tmp_path,
        [officer("O1", quals="drugs"), officer("O2")],
        [priority("road_safety", 1), priority("drugs", 1)],
        [operation("a", "road_safety"), operation("d", "drugs", qualifications=["drugs"])],
    )
    plan = solve_checked(root)
    assert plan.priority_hours == {"road_safety": 168, "drugs": 168}


def test_window_outside_availability_gives_nothing(tmp_path):
    """Officers work 07:00-15:00 only; burglary operations are allowed 19:00-23:00 only:
    burglary 0 h; quality of life (any time) takes the 7 x 8 = 56 h."""
    root = write_zone(
        tmp_path,
        [officer("O1", team="DAY")],
        [priority("burglary", 10), priority("quality_of_life", 1)],
        [
            operation(
                "b", "burglary", windows=[{"days": "Mon-Sun", "start": "19:00", "end": "23:00"}]
            ),
            operation("q", "quality_of_life"),
        ],
        shifts={"D": "07:00-15:00"},
        teams={"DAY": "D"},
    )
    plan = solve_checked(root)
    assert plan.priority_hours == {"burglary": 0, "quality_of_life": 56}


def test_cap_holds_and_the_rest_goes_to_others(tmp_path):
    """One officer 24/7 (168 h). Road safety weight 10 with a cap of 40 h: 40 h; drugs the
    other 128 h."""
    root = write_zone(
        tmp_path,
        [officer("O1")],
        [priority("road_safety", 10, cap_hours=40), priority("drugs", 1)],
        [operation("a", "road_safety"), operation("d", "drugs")],
    )
    plan = solve_checked(root)
    assert plan.priority_hours == {"road_safety": 40, "drugs": 128}


def test_floor_is_met_before_weights(tmp_path):
    """One officer 24/7; drugs weight 0 with a floor of 20 h -> 20 h (five 4-h operations);
    road safety the other 148 h."""
    root = write_zone(
        tmp_path,
        [officer("O1")],
        [priority("road_safety", 1), priority("drugs", 0, floor_hours=20)],
        [operation("a", "road_safety"), operation("d", "drugs")],
    )
    plan = solve_checked(root)
    assert plan.priority_hours == {"road_safety": 148, "drugs": 20}


def test_crews_of_four_cannot_be_formed_from_three(tmp_path):
    """Four officers, one off all week, three on duty 24/7, and only crews of four: no
    operation, 504 h unallocated."""
    root = write_zone(
        tmp_path,
        [officer(f"O{k}") for k in range(3)] + [officer("O4", team="OFF")],
        [priority("drugs", 1)],
        [operation("d", "drugs", crew=4)],
        teams={"ALL": "A", "OFF": "-"},
    )
    plan = solve_checked(root)
    assert plan.priority_hours["drugs"] == 0
    assert plan.waterfall.set_index("step").loc["unallocated", "hours"] == 504


def test_daily_limit(tmp_path):
    """Two officers 24/7, max two operations a day: 2 x 7 x 4 = 56 h."""
    root = write_zone(
        tmp_path,
        [officer("O1"), officer("O2")],
        [priority("drugs", 1)],
        [operation("d", "drugs", max_per_day=2)],
    )
    plan = solve_checked(root)
    assert plan.priority_hours["drugs"] == 56
    assert plan.operations.groupby("day").size().max() == 2


def test_pinned_operation_is_in_the_plan_even_outside_its_windows(tmp_path):
    """A pinned crew of two on Tuesday 03:00-07:00, outside the operation's day window: it is
    planned and marked pinned."""
    pinned = "operation,start,note\nd,2026-12-02T03:00,decided\n"
    root = write_zone(
        tmp_path,
        [officer("O1"), officer("O2")],
        [priority("drugs", 1)],
        [
            operation(
                "d",
                "drugs",
                crew=2,
                windows=[{"days": "Mon-Sun", "start": "07:00", "end": "19:00"}],
            )
        ],
        week_files={"pinned.csv": pinned},
    )
    plan = solve_checked(root)
    pins = plan.operations[plan.operations.pinned]
    assert len(pins) == 1
    assert pins.iloc[0].start.isoformat() == "2026-12-02T03:00:00+01:00"


def test_pinned_operation_without_qualified_staff_is_reported_missing(tmp_path):
    """Pinned drugs action needs 'drugs'; nobody has it: missing, 4 person-hours reported."""
    pinned = "operation,start,note\nd,2026-12-01T11:00,decided\n"
    root = write_zone(
        tmp_path,
        [officer("O1")],
        [priority("drugs", 1)],
        [operation("d", "drugs", qualifications=["drugs"])],
        week_files={"pinned.csv": pinned},
    )
    plan = solve_checked(root)
    assert plan.raw.pinned_missing == {next(iter(plan.raw.pinned_missing)): 1}
    stage = {s.name: s for s in plan.stages}
    assert stage["pinned operations"].objective == 4
    assert stage["basic missions: all met?"].objective == 4  # so each stage was solved


def test_hycap_request_short_when_too_few_qualified(tmp_path):
    """HyCap asks 2 'hycap' officers Saturday 11:00-19:00 (two blocks); one has it: 1 lent,
    shortfall 1 officer x 8 h = 8 h."""
    requests = (
        "id,type,start,end,officers,qualification,label\n"
        "H1,hycap,2026-12-05T11:00,2026-12-05T19:00,2,hycap,match\n"
    )
    root = write_zone(
        tmp_path,
        [officer("O1", quals="hycap"), officer("O2")],
        [priority("drugs", 1)],
        [operation("d", "drugs")],
        week_files={"commitments.csv": requests},
    )
    plan = solve_checked(root)
    row = plan.commitments.iloc[0]
    assert (row.planned_officers, row.shortfall_hours) == (1, 8)
    # the lent officer is not free for operations in those two blocks: 2 x 168 - 8
    assert plan.priority_hours["drugs"] == 328


def test_public_order_on_call_needs_an_opa(tmp_path):
    """An OPA must be reachable in every block: with nobody holding OPA the legal on-call
    coverage is short all week, 168 h; with one OPA it is met and their hours stay usable."""
    norms = {"public_order_on_call": 1}
    root = write_zone(
        tmp_path / "a",
        [officer("O1")],
        [priority("drugs", 1)],
        [operation("d", "drugs")],
        norms=norms,
    )
    assert norm(solve_checked(root), "public_order", "legal").shortfall_hours == 168
    root = write_zone(
        tmp_path / "b",
        [officer("O1", quals="OPA")],
        [priority("drugs", 1)],
        [operation("d", "drugs")],
        norms=norms,
    )
    plan = solve_checked(root)
    assert norm(plan, "public_order", "legal").status == "met"
    assert plan.priority_hours["drugs"] == 168


def test_neighbourhood_hours_from_inhabitants(tmp_path):
    """8,000 inhabitants -> 2 inspectors x 38 h x 80 % = 60.8 h a week, daytime (07-19 in
    three 4-h blocks a day). Two neighbourhood inspectors on days 07:00-19:00 (84 h each):
    60.8 h met (reserved 64 h on the grid), the rest (168 - 64 = 104 h) to priorities."""
    root = write_zone(
        tmp_path,
        [
            officer("N1", team="DAY", unit="neighbourhood"),
            officer("N2", team="DAY", unit="neighbourhood"),
        ],
        [priority("quality_of_life", 1)],
        [operation("q", "quality_of_life")],
        norms={"neighbourhood_share": 0.8},
        inhabitants=8000,
        shifts={"D": "07:00-19:00"},
        teams={"DAY": "D"},
    )
    plan = solve_checked(root)
    row = norm(plan, "neighbourhood", "legal")
    assert row.required_hours == pytest.approx(60.8)
    assert row.status == "met"
    assert plan.priority_hours["quality_of_life"] == 104


def test_investigation_eight_hours_every_day(tmp_path):
    """Legal: the investigation service works 8 h every day. One investigator 07:00-15:00 on
    Monday to Friday only: 5 days covered, Saturday and Sunday short 8 h each = 16 h."""
    root = write_zone(
        tmp_path,
        [officer("I1", team="WK", unit="investigation")],
        [priority("drugs", 1)],
        [operation("d", "drugs")],
        norms={"investigation_hours_per_day": 8.0},
        shifts={"D": "07:00-15:00"},
        teams={"WK": "D D D D D - -"},
    )
    plan = solve_checked(root)
    row = norm(plan, "investigation", "legal")
    assert row.shortfall_hours == 16
    assert row["where"] == "Sat; Sun"


def test_same_inputs_same_export_bytes(tmp_path):
    root = write_zone(
        tmp_path,
        [officer(f"O{k}", quals="drugs" if k % 2 else "") for k in range(5)],
        [priority("road_safety", 3), priority("drugs", 2)],
        [
            operation("a", "road_safety", crew=2),
            operation("d", "drugs", crew=3, qualifications=["drugs"]),
        ],
    )
    first = export_files(solve_checked(root))
    _BASIC_SEEN.clear()  # solve stage 1 again too, not from this process's memory of it
    second = export_files(solve_checked(root))
    assert first == second


def test_scenario_weight_override(tmp_path):
    """Baseline 1:1 on one officer (84 h each); the scenario doubles road safety: 2:1 of
    168 h = 112 h and 56 h."""
    root = write_zone(
        tmp_path,
        [officer("O1")],
        [priority("road_safety", 1), priority("drugs", 1)],
        [operation("a", "road_safety"), operation("d", "drugs")],
        scenarios="[scenario.rs]\nweights = { road_safety = 2 }\n",
    )
    assert solve_checked(root).priority_hours == {"road_safety": 84, "drugs": 84}
    assert solve_checked(root, scenario="rs").priority_hours == {"road_safety": 112, "drugs": 56}
