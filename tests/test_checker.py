"""The checker shown broken plans: a valid plan of the rural sample zone, corrupted one rule
at a time (who may staff what, capacity, the desk's hours, commitments, operations and their
crews, pinned operations, priority caps, the norms' planned hours, the waterfall), and the
checker names exactly that problem. A checker that let these through would pass every other
test's plan unread."""

from __future__ import annotations

import copy
import dataclasses
import shutil
from pathlib import Path

import pytest

from planner.checker import check_plan
from planner.results import Plan
from tests.conftest import DATA
from tests.solving import solve_checked
from tests.tiny import officer, operation, priority, write_zone

RS = "(road safety)"  # the mark of road-safety operations the traffic reserve may run


@pytest.fixture(scope="module")
def valid(tmp_path_factory) -> Plan:
    """The rural sample's week with one pinned speed check; the checker finds nothing."""
    root = Path(shutil.copytree(DATA / "zone-rural", tmp_path_factory.mktemp("checker") / "z"))
    (root / "weeks" / "2026-W49" / "pinned.csv").write_text(
        "operation,start,note\nspeed_check,2026-12-01T11:00,x\n", encoding="utf-8"
    )
    return solve_checked(root)


def first(table: dict, keep=lambda key, x: x > 0):
    return next(key for key, x in table.items() if keep(key, x))


# -- one corruption per rule: each changes the plan (or the data it claims to answer) -----------
def more_on_duty_than_the_data(plan):
    available = plan.problem.available.copy()
    available[0, 0] += 1
    return dataclasses.replace(plan.problem, available=available)


def negative_officers(plan):
    assign = plan.raw.assign["investigation"]
    assign[first(assign)] = -1


def investigators_at_the_desk(plan):
    assign, open_ = plan.raw.assign, plan.problem.reception_zone
    key = first(assign["investigation"], lambda k, x: x > 0 and open_[k[0]])
    assign["investigation"][key] -= 1
    assign["reception"][key] = assign["reception"].get(key, 0) + 1


def desk_staffed_while_closed(plan):
    block, _ = first(plan.raw.assign["reception"])
    open_ = plan.problem.reception_zone.copy()
    open_[block] = 0
    return dataclasses.replace(plan.problem, reception_zone=open_)


def more_at_the_desk_than_on_duty(plan):
    block, pool = first(plan.raw.assign["reception"])
    plan.raw.assign["reception"][block, pool] = int(plan.problem.available[pool, block]) + 1


def hycap_lent_from_unqualified_staff(plan):
    _, _, pool = first(plan.raw.lent)
    pools = list(plan.problem.pools)
    pools[pool] = dataclasses.replace(
        pools[pool], qualifications=pools[pool].qualifications - {"hycap"}
    )
    return dataclasses.replace(plan.problem, pools=pools)


def a_crew_one_officer_short(plan):
    staff = plan.raw.op_staff
    staff[first(staff)] -= 1


def operation_run_by_staff_without_its_qualification(plan):
    """Swap two officers of one block between staff classes: one of an operation needing a
    qualification goes to a class without it, and that class's officer of an operation needing
    nothing takes the freed place (capacity kept)."""
    staff, quals = plan.raw.op_staff, plan.raw.classes.qualifications
    g, b, c, plain = next(
        (g, b, c, k[2])
        for (g, b, c), x in staff.items()
        if x > 0 and g - {RS}
        for k, y in staff.items()
        if y > 0 and not k[0] and k[1] == b and not g - {RS} <= quals[k[2]]
    )
    staff[g, b, c] -= 1
    staff[g, b, plain] = staff.get((g, b, plain), 0) + 1
    staff[frozenset(), b, plain] -= 1
    staff[frozenset(), b, c] = staff.get((frozenset(), b, c), 0) + 1


def pinned_operation_dropped(plan):
    """The pinned speed check (2 officers, 4 h) left out, and the tables agree, but nobody
    says it is missing."""
    idx, _ = plan.problem.pinned[0]
    plan.raw.crews[idx] = 0
    for key in plan.raw.basic_op_staff:
        plan.raw.basic_op_staff[key] = 0
    plan.priorities.loc[plan.priorities.priority == "road_safety", "hours"] -= 8


def above_a_cap(plan):
    priorities = list(plan.problem.priorities)
    priorities[0] = dataclasses.replace(priorities[0], cap_hours=10.0)
    return dataclasses.replace(plan.problem, priorities=priorities)


def priority_hours_misreported(plan):
    plan.priorities.loc[0, "hours"] += 4


def norm_hours_misreported(functionality, level):
    def corrupt(plan):
        norms = plan.norms
        norms.loc[
            (norms.functionality == functionality) & (norms.level == level), "planned_hours"
        ] += 4

    corrupt.__name__ = f"{functionality}_{level}_hours_misreported"
    return corrupt


def commitment_hours_misreported(plan):
    plan.commitments.loc[0, "hours"] += 1


def waterfall_losses_misreported(plan):
    w = plan.waterfall
    w.loc[w.step == "absences", "hours"] -= 8


def more_operations_than_capacity(plan):
    w = plan.waterfall
    w.loc[w.step == "unallocated", "hours"] = -4


CORRUPTIONS = [
    # (corruption, what the checker must say: one fragment per line, in order)
    (more_on_duty_than_the_data, ["availability differs from the data at (pool, block) [[0, 0]]"]),
    (negative_officers, ["investigation: negative officers in block"]),
    (investigators_at_the_desk, ["reception: pool investigation is not allowed to staff it"]),
    (desk_staffed_while_closed, ["reception staffed in block 0 while the desk is closed"]),
    (more_at_the_desk_than_on_duty, ["pool reception", "over-used in block 0"]),
    (hycap_lent_from_unqualified_staff, ["commitment HYCAP-1: pool", "lacks 'hycap'"]),
    (a_crew_one_officer_short, ["crew places"]),
    (operation_run_by_staff_without_its_qualification, ["staffed from class without it"]),
    (pinned_operation_dropped, ["pinned speed_check at block 7 missing"]),
    (above_a_cap, ["priority road_safety:", "above its cap 10.0"]),
    (priority_hours_misreported, ["priority road_safety: table says"]),
    (norm_hours_misreported("intervention", "legal"), ["norm intervention/legal: table says"]),
    (norm_hours_misreported("neighbourhood", "legal"), ["norm neighbourhood/legal: table says"]),
    (norm_hours_misreported("traffic", "zone"), ["norm traffic/zone: table says"]),
    (norm_hours_misreported("public_order", "legal"), ["norm public_order/legal: table says"]),
    (
        norm_hours_misreported("victim_assistance", "legal"),
        ["norm victim_assistance/legal: table says"],
    ),
    (
        commitment_hours_misreported,
        ["commitment HYCAP-1: 17.0 h, but 2 officers x 8 elapsed hours"],
    ),
    (waterfall_losses_misreported, ["waterfall: contract - losses"]),
    (
        more_operations_than_capacity,
        ["waterfall: priority operations use more than the capacity left"],
    ),
]


@pytest.mark.parametrize(("corrupt", "says"), CORRUPTIONS, ids=[c.__name__ for c, _ in CORRUPTIONS])
def test_the_checker_names_the_one_broken_rule(valid, corrupt, says):
    plan = copy.deepcopy(valid)
    problem = corrupt(plan) or plan.problem
    found = check_plan(problem, plan)
    assert len(found) == 1, found
    assert all(fragment in found[0] for fragment in says), found


def test_checker_refuses_calog_in_police_work_and_a_wrong_commitment_length(tmp_path):
    """The plan of the CALog intervention zone, corrupted: the two CALog put on intervention
    in the first block, and the HyCap request's hours written as wall-clock 24 h when the
    request lasts 25 elapsed hours. The checker names both."""
    root = write_zone(
        tmp_path,
        [
            officer("C1", grade="calog_C"),
            officer("C2", grade="calog_C"),
            officer("O1", quals="hycap"),
        ],
        [priority("drugs", 1)],
        [operation("d", "drugs")],
        norms={
            "intervention_teams_legal": 1,
            "intervention_teams_day": 1,
            "intervention_teams_night": 1,
        },
    )
    plan = solve_checked(root)
    calog = plan.problem.officer_pool["C1"]
    plan.raw.assign["intervention"][0, calog] = 2
    assert any("CALog pool" in line for line in check_plan(plan.problem, plan))

    week = "2026-W43"  # clocks go back on Sunday 25 October 2026
    folder = root / "weeks" / week
    folder.mkdir(parents=True)
    (folder / "commitments.csv").write_text(
        "id,type,start,end,officers,qualification,label\n"
        "H1,hycap,2026-10-24T07:00,2026-10-25T07:00,1,hycap,Match\n",
        encoding="utf-8",
    )
    plan = solve_checked(root, week)
    plan.commitments.loc[0, "hours"] = 24.0
    assert any("elapsed hours" in line for line in check_plan(plan.problem, plan))
