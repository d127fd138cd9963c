"""Explanations: each reason is known by construction in a tiny zone, every reason given is
checked by relaxing it in the zone's own files and planning again, and a forced shortfall's
first repair, applied, removes it."""

from __future__ import annotations

from dataclasses import replace

from planner.explain import (
    describe_differences,
    diagnose_shortfalls,
    explain,
    explain_priorities,
    first_repair,
    list_shortfalls,
)
from planner.solver import SolverParams
from planner.solver import whatif as w
from tests.solving import solve_checked
from tests.tiny import officer, operation, priority, write_zone

EVENING = {"days": "Mon-Sun", "start": "19:00", "end": "23:00"}


def codes(reasons, pid):
    return {r.code for r in reasons if r.subject == pid and r.code != "hours"}


def build(tmp_path, name, drugs_op, officers=None, drugs_extra=None, **kw):
    officers = officers or [officer("O1"), officer("O2")]
    return write_zone(
        tmp_path / name,
        officers,
        [priority("road_safety", 1), priority("drugs", 1, **(drugs_extra or {}))],
        [operation("a", "road_safety"), drugs_op],
        **kw,
    )


def test_reason_qualification_nobody_has(tmp_path):
    root = build(tmp_path, "z", operation("d", "drugs", qualifications=["drugs"]))
    plan = solve_checked(root)
    assert plan.priority_hours["drugs"] == 0
    assert "qualification" in codes(explain_priorities(plan), "drugs")
    # relaxing it in the files gives drugs hours
    relaxed = build(tmp_path, "r", operation("d", "drugs"))
    assert solve_checked(relaxed).priority_hours["drugs"] > 0


def test_reason_window_outside_availability(tmp_path):
    """Officers work 07:00-19:00; drugs operations only 19:00-23:00."""
    kw = dict(shifts={"D": "07:00-19:00"}, teams={"ALL": "D"})
    root = build(tmp_path, "z", operation("d", "drugs", windows=[EVENING]), **kw)
    plan = solve_checked(root)
    assert plan.priority_hours["drugs"] == 0
    assert "windows" in codes(explain_priorities(plan), "drugs")
    relaxed = build(tmp_path, "r", operation("d", "drugs"), **kw)
    assert solve_checked(relaxed).priority_hours["drugs"] > 0


def test_reason_cap(tmp_path):
    root = build(tmp_path, "z", operation("d", "drugs"), drugs_extra={"cap_hours": 40})
    plan = solve_checked(root)
    assert plan.priority_hours["drugs"] == 40
    reasons = explain_priorities(plan)
    assert "cap" in codes(reasons, "drugs")
    gain = next(r.gain_hours for r in reasons if r.subject == "drugs" and r.code == "cap")
    relaxed = build(tmp_path, "r", operation("d", "drugs"))
    assert solve_checked(relaxed).priority_hours["drugs"] == 40 + gain


def test_reason_crews_of_four_with_three_free(tmp_path):
    """Three officers on duty (a fourth is off all week), drugs crews of four."""
    officers = [officer(f"O{k}") for k in range(3)] + [officer("O4", team="OFF")]
    kw = dict(teams={"ALL": "A", "OFF": "-"})
    root = build(tmp_path, "z", operation("d", "drugs", crew=4), officers=officers, **kw)
    plan = solve_checked(root)
    assert plan.priority_hours["drugs"] == 0
    assert "crew_size" in codes(explain_priorities(plan), "drugs")
    relaxed = build(tmp_path, "r", operation("d", "drugs", crew=1), officers=officers, **kw)
    assert solve_checked(relaxed).priority_hours["drugs"] > 0


def test_every_reason_is_true(tmp_path):
    """For each reason given on a mixed zone, its stated gain is positive and the what-if
    behind it really gives that priority at least that many more hours."""
    officers = [officer("O1", quals="drugs"), officer("O2"), officer("O3")]
    root = write_zone(
        tmp_path,
        officers,
        [priority("road_safety", 3, cap_hours=100), priority("drugs", 1), priority("burglary", 1)],
        [
            operation("a", "road_safety"),
            operation("d", "drugs", crew=2, qualifications=["drugs"]),
            operation("b", "burglary", windows=[EVENING], max_per_day=1),
        ],
    )
    plan = solve_checked(root)
    reasons = [r for r in explain_priorities(plan) if r.code not in ("hours", "floor")]
    assert reasons
    for r in reasons:
        if r.code in ("zero_weight", "no_operation_type"):
            continue
        assert r.gain_hours > 0, r
    got = {(r.subject, r.code) for r in reasons}
    assert ("road_safety", "cap") in got
    assert ("burglary", "daily_limit") in got or ("burglary", "windows") in got


def test_forced_shortfall_diagnosis_and_first_repair(tmp_path):
    """Intervention needs two officers in every block; on Saturday 11:00-15:00 only one is on
    duty. The diagnosis names intervention, that block and 4 h (legal); its first repair
    (one more officer on duty then) removes the shortfall when applied in the data."""
    officers = [officer("O1"), officer("O2", team="SAT")]
    kw = dict(
        norms={
            "intervention_teams_legal": 1,
            "intervention_teams_day": 1,
            "intervention_teams_night": 1,
        },
        shifts={"A": "07:00-07:00"},
        teams={"ALL": "A", "SAT": "A A A A A - A"},
    )
    root = write_zone(
        tmp_path / "z",
        officers + [officer("O3", team="SAT2")],
        [priority("drugs", 1)],
        [operation("d", "drugs")],
        **{**kw, "teams": {**kw["teams"], "SAT2": "A A A A A - A"}},
    )
    plan = solve_checked(root)
    short = [
        s
        for s in diagnose_shortfalls(plan)
        if s.functionality == "intervention" and s.level == "legal"
    ]
    assert short, plan.norms
    first = short[0]
    assert first.missing_officers == 1 and first.hours == 4 and not first.weekly
    (b,) = first.blocks
    block = plan.problem.grid.blocks[b]
    assert block.day == 5  # a Saturday block
    best = first.repairs[0]
    assert best.remaining_officers == 0 and best.code in ("change_shift", "call_back_other_unit")
    assert first_repair(first) == best
    # listed without solving: the same shortfalls, in the same order, only without repairs
    diagnosed = diagnose_shortfalls(plan)
    assert [replace(s, repairs=()) for s in list_shortfalls(plan)] == [
        replace(s, repairs=()) for s in diagnosed
    ]
    assert all(not s.repairs for s in list_shortfalls(plan) if not s.weekly)
    # apply it in the data: one more officer on duty on Saturday 11:00-15:00
    on_duty = "officer,start,end\nO4,2026-12-05T11:00,2026-12-05T15:00\n"
    fixed = write_zone(
        tmp_path / "f",
        officers + [officer("O3", team="SAT2"), officer("O4", team="")],
        [priority("drugs", 1)],
        [operation("d", "drugs")],
        week_files={"on_duty.csv": on_duty},
        **{**kw, "teams": {**kw["teams"], "SAT2": "A A A A A - A"}},
    )
    after = solve_checked(fixed)
    row = after.norms[
        (after.norms.functionality == "intervention") & (after.norms.level == "legal")
    ].iloc[0]
    assert "sam" not in row["where"] and "Sat 11:00" not in row["where"]


def test_explanations_are_deterministic(tmp_path):
    root = build(
        tmp_path,
        "z",
        operation("d", "drugs", crew=2, qualifications=["drugs"]),
        officers=[officer("O1", quals="drugs"), officer("O2"), officer("O3")],
    )
    first = explain(solve_checked(root))
    second = explain(solve_checked(root))
    assert first.findings == second.findings and first.shortfalls == second.shortfalls
    assert first.marginal.equals(second.marginal) and first.tradeoffs.equals(second.tradeoffs)
    assert len(first.findings) > 0


def test_scenario_differences_as_codes(tmp_path):
    root = write_zone(
        tmp_path,
        [officer("O1"), officer("O2")],
        [priority("road_safety", 1), priority("drugs", 1)],
        [operation("a", "road_safety"), operation("d", "drugs")],
        scenarios="[scenario.flu]\nabsence_rate = 0.5\n",
    )
    diffs = describe_differences(solve_checked(root), solve_checked(root, scenario="flu"))
    assert diffs[0].code == "capacity" and diffs[0].subject == "flu"
    assert diffs[0].values["delta_hours"] == -168
    assert {d.code for d in diffs} & {"legal_kept", "legal_now_met", "legal_short"}


def test_reason_gains_and_values(tmp_path):
    """The cap reason carries the cap; the daily limit its operation and limit."""
    root = write_zone(
        tmp_path,
        [officer("O1"), officer("O2")],
        [priority("road_safety", 1, cap_hours=40), priority("burglary", 1)],
        [
            operation("a", "road_safety"),
            operation("b", "burglary", windows=[EVENING], max_per_day=1),
        ],
    )
    found = {(f.subject, f.code): f for f in explain_priorities(solve_checked(root))}
    assert found["road_safety", "cap"].values["cap_hours"] == 40
    assert found["road_safety", "cap"].gain_hours > 0
    assert found["burglary", "daily_limit"].values["limits"] == (("b", 1),)
    head = found["road_safety", "hours"]
    assert head.hours == 40 and head.values["operations"] == (("a", 10),)


def test_what_if_with_impossible_time_limit_is_a_status(tmp_path):
    """A what-if stopped before any solution answers with a status and no figures; it never
    raises (a 400,000-staff zone used to fail with 'solver status 2')."""
    root = build(
        tmp_path,
        "z",
        operation("d", "drugs", crew=2, qualifications=["drugs"]),
        officers=[officer("O1", quals="drugs"), officer("O2"), officer("O3")],
    )
    plan = solve_checked(root)
    hurry = SolverParams(time_limit_s=0.001)
    for result in (
        w.resolve_basic(plan.problem, w.OnDuty(((0, 0, 1),)), hurry),
        w.resolve_priorities(plan.raw, w.CapLifted("drugs"), hurry),
    ):
        assert result.status in ("optimal", "feasible", "time_limit", "no_solution")
        if not result.solved:
            assert not result.priority_hours and not result.shortfalls
    assert w.resolve_priorities(plan.raw, None).status == "optimal"


def test_what_if_without_change_gives_the_plan(tmp_path):
    root = build(tmp_path, "z", operation("d", "drugs"))
    plan = solve_checked(root)
    again = w.resolve_priorities(plan.raw, None)
    assert dict(again.priority_hours) == plan.priority_hours
    assert dict(w.held(plan.raw).priority_hours) == plan.priority_hours
