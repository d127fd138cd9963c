"""The checker shown broken plans: a valid plan of the rural sample zone, corrupted one rule
at a time (who may staff what, capacity, the desk's hours, commitments, operations and their
crews and windows, pinned operations, the traffic reserve, priority caps, the traffic share,
the norms' planned hours, the waterfall), and the checker names exactly that problem. The
corruptions edit what the checker reads: the plan's labelled tables (staff, operations, ...),
or the data they answer (a new Problem through dataclasses.replace). A checker that let these through would pass every other
test's plan unread."""

from __future__ import annotations

import copy
import dataclasses
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
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


def row(plan, use, keep=lambda r: r.officers > 0):
    """The index in plan.staff of the first row of `use` that `keep`s."""
    s = plan.staff
    return next(
        i
        for i, r in zip(s.index, s.itertuples(index=False), strict=True)
        if r.use == use and keep(r)
    )


def add_staff(plan, use, subject, block, officers, pool="", staff_class=""):
    """`officers` more (fewer if negative) on the row of plan.staff with these labels."""
    s = plan.staff
    labels = dict(use=use, subject=subject, block=block, pool=pool, staff_class=staff_class)
    match = np.logical_and.reduce([s[k] == v for k, v in labels.items()])
    if match.any():
        s.loc[match, "officers"] += officers
    else:
        new = pd.DataFrame([{**labels, "officers": officers}])
        plan.staff = pd.concat([s, new], ignore_index=True).astype(s.dtypes.to_dict())


def pool_index(plan, key):
    return next(i for i, pl in enumerate(plan.problem.pools) if pl.key == key)


def is_road_safety(subject):
    return RS in subject.split(";")


# -- one corruption per rule: each changes the plan (or the data it claims to answer) -----------
def more_on_duty_than_the_data(plan):
    available = plan.problem.available.copy()
    available[0, 0] += 1
    return dataclasses.replace(plan.problem, available=available)


def negative_officers(plan):
    plan.staff.loc[
        row(plan, "basic", lambda r: r.subject == "investigation" and r.officers > 0), "officers"
    ] = -1


def investigators_at_the_desk(plan):
    open_ = plan.problem.reception_zone
    i = row(
        plan, "basic", lambda r: r.subject == "investigation" and r.officers > 0 and open_[r.block]
    )
    r = plan.staff.loc[i]
    plan.staff.loc[i, "officers"] -= 1
    add_staff(plan, "basic", "reception", r.block, 1, pool=r.pool)


def desk_staffed_while_closed(plan):
    block = plan.staff.loc[
        row(plan, "basic", lambda r: r.subject == "reception" and r.officers > 0), "block"
    ]
    open_ = plan.problem.reception_zone.copy()
    open_[block] = 0
    return dataclasses.replace(plan.problem, reception_zone=open_)


def more_at_the_desk_than_on_duty(plan):
    i = row(plan, "basic", lambda r: r.subject == "reception" and r.officers > 0)
    r = plan.staff.loc[i]
    plan.staff.loc[i, "officers"] = (
        int(plan.problem.available[pool_index(plan, r.pool), r.block]) + 1
    )


def hycap_lent_from_unqualified_staff(plan):
    pool = pool_index(plan, plan.lent.loc[plan.lent.officers > 0, "pool"].iloc[0])
    pools = list(plan.problem.pools)
    pools[pool] = dataclasses.replace(
        pools[pool], qualifications=pools[pool].qualifications - {"hycap"}
    )
    return dataclasses.replace(plan.problem, pools=tuple(pools))


def a_crew_one_officer_short(plan):
    """One officer less on an operation that does not count for traffic."""
    plan.staff.loc[
        row(plan, "operation", lambda r: r.officers > 0 and not is_road_safety(r.subject)),
        "officers",
    ] -= 1


def operation_run_by_staff_without_its_qualification(plan):
    """Swap two officers of one block between staff classes: one of an operation needing a
    qualification goes to a class without it, and that class's officer of an operation needing
    nothing takes the freed place (capacity kept; no road-safety staff moves, so traffic too)."""
    ops = plan.staff[(plan.staff.use == "operation") & (plan.staff.officers > 0)]
    g, b, c, plain = next(
        (g.subject, g.block, g.staff_class, k.staff_class)
        for g in ops.itertuples(index=False)
        if g.subject and not is_road_safety(g.subject)
        for k in ops.itertuples(index=False)
        if k.subject == ""
        and k.block == g.block
        and not set(g.subject.split(";")) <= set(k.staff_class.split(";"))
    )
    add_staff(plan, "operation", g, b, -1, staff_class=c)
    add_staff(plan, "operation", g, b, +1, staff_class=plain)
    add_staff(plan, "operation", "", b, -1, staff_class=plain)
    add_staff(plan, "operation", "", b, +1, staff_class=c)


def pinned_operation_dropped(plan):
    """The pinned speed check (2 officers, 4 h) left out, and the tables agree, but nobody
    says it is missing."""
    ops = plan.operations
    pinned = ops.index[ops.pinned][0]
    assert ops.loc[pinned, "operation"] == "speed_check"
    plan.operations = ops.drop(index=pinned).reset_index(drop=True)
    plan.staff.loc[plan.staff.use == "pinned_operation", "officers"] = 0
    plan.priorities.loc[plan.priorities.priority == "road_safety", "hours"] -= 8


def operation_outside_its_windows(plan):
    """The zone's windows for an operation (none past midnight) now leave out the one day
    it starts on once this week: that crew lies outside them."""
    ops = plan.operations[~plan.operations.pinned]
    starts = ops.drop_duplicates(["operation", "start_block"])
    per_day = starts.groupby(["operation", "day"]).size()
    types = {o.id: o for o in plan.problem.operations}
    op, day = next(
        (op, day)
        for (op, day), n in per_day.items()
        if n == 1 and all(w.end_minute <= 24 * 60 for w in types[op].windows)
    )
    narrowed = dataclasses.replace(
        types[op],
        windows=tuple(
            dataclasses.replace(w, days=tuple(d for d in w.days if d != day))
            for w in types[op].windows
        ),
    )
    operations = tuple(narrowed if o.id == op else o for o in plan.problem.operations)
    return dataclasses.replace(plan.problem, operations=operations)


def crew_listed_outside_its_windows(plan):
    """A crew of an operation listed at a block where the operation does not fit its windows
    (the problem has no such start). Its hours stay out of the priorities table and no staff
    is added, so the one thing wrong is where it runs."""
    ops, p = plan.operations, plan.problem
    crew = ops[~ops.pinned & (ops.priority != "road_safety")].iloc[[0]].copy()
    op = crew.operation.iloc[0]
    starts = {s.start_block for s in p.starts if s.operation == op}
    block = next(b for b in range(p.n_blocks) if b not in starts)
    crew["end_block"] += block - crew["start_block"]
    crew["start_block"] = block
    plan.operations = pd.concat([ops, crew], ignore_index=True)


def traffic_reserve_running_other_operations(plan):
    """Swap two officers of one block between staff classes: in a class whose own free
    officers are all taken by other priorities' operations, a road-safety officer running on
    the traffic reserve now runs an operation of another priority; an officer of another class
    takes the road-safety place. Crews, class totals and traffic (only up, above its share)
    stay right."""
    reserve = traffic_reserve(plan)
    ops = plan.staff[(plan.staff.use == "operation") & (plan.staff.officers > 0)]
    other = ops[~ops.subject.map(is_road_safety)].groupby(["staff_class", "block"]).officers.sum()
    free = plan.class_use.set_index(["qualifications", "block"]).free
    c, b, d = next(
        (rs.staff_class, rs.block, o.staff_class)
        for rs in ops.itertuples(index=False)
        if rs.subject == RS
        and other.get((rs.staff_class, rs.block), 0)
        == free[rs.staff_class, rs.block] - reserve.get((rs.staff_class, rs.block), 0)
        for o in ops.itertuples(index=False)
        if o.subject == "" and o.block == rs.block and o.staff_class != rs.staff_class
    )
    add_staff(plan, "operation", RS, b, -1, staff_class=c)
    add_staff(plan, "operation", "", b, +1, staff_class=c)
    add_staff(plan, "operation", "", b, -1, staff_class=d)
    add_staff(plan, "operation", RS, b, +1, staff_class=d)


def traffic_below_its_legal_share_unreported(plan):
    """The legal share of traffic raised above the traffic hours the plan gives, its norms
    table saying so (those hours planned, none at the zone level short), and stage 1
    reporting no legal shortfall."""
    p, s = plan.problem, plan.staff
    h = p.block_hours
    hours = sum(r.officers * h[r.block] for r in s[s.subject == "traffic"].itertuples())
    ops = plan.operations
    hours += ops.loc[ops.priority.isin(p.traffic_counting_priorities), "hours"].sum()
    rs = s[(s.use == "operation") & s.subject.map(is_road_safety)]
    used = rs.groupby(["staff_class", "block"]).officers.sum()
    reserve = traffic_reserve(plan)
    hours -= sum(min(x, reserve.get(k, 0)) * h[k[1]] for k, x in used.items())
    assert hours >= p.traffic_zone_hours  # the valid plan gives both shares
    norms = plan.norms
    norms.loc[(norms.functionality == "traffic") & (norms.level == "legal"), "planned_hours"] = (
        round(float(hours), 2)
    )
    return dataclasses.replace(p, traffic_legal_hours=float(hours) + 8)


def traffic_reserve(plan) -> dict[tuple[str, int], int]:
    """Officers held as traffic reserve, by staff class (its qualifications ';'-joined) and
    block: basic traffic staff from the reserve pools of the operations units."""
    p = plan.problem
    units = p.zone.settings.staffing.operations
    op_quals = frozenset(q for o in p.operations for q in o.qualifications)
    class_of = {
        pl.key: ";".join(sorted(pl.qualifications & op_quals))
        for i, pl in enumerate(p.pools)
        if pl.operational and pl.unit in units and i in p.traffic_reserve_pools
    }
    reserve: dict[tuple[str, int], int] = {}
    s = plan.staff
    for r in s[(s.use == "basic") & (s.subject == "traffic")].itertuples(index=False):
        if r.pool in class_of:
            key = (class_of[r.pool], r.block)
            reserve[key] = reserve.get(key, 0) + r.officers
    return reserve


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
    (operation_outside_its_windows, ["outside its allowed windows"]),
    (crew_listed_outside_its_windows, ["outside its allowed windows"]),
    (
        traffic_reserve_running_other_operations,
        ["traffic reserve ran operations of another priority"],
    ),
    (traffic_below_its_legal_share_unreported, ["below the legal", "no legal shortfall reported"]),
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
    calog = plan.problem.pools[plan.problem.officer_pool["C1"]].key
    add_staff(plan, "basic", "intervention", 0, 2, pool=calog)
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
