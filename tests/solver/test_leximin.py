"""The share by weight is the exact weighted leximin of the priorities' hours: on random tiny
zones, every plan of crews that fits the officers left free after stage 1 is enumerated,
and the planner's hours must be the best one by (1) the sorted hours per unit of weight,
compared lexicographically, then (2) the hours in the priorities' order (the tie rule for
priorities that could swap)."""

from __future__ import annotations

import importlib
import itertools
import random
from fractions import Fraction

import pytest

from planner.problem import build_problem
from planner.solver.solve import (
    SolverParams,
    leximin_factors,
    solve_basic,
    solve_priorities,
)
from planner.zone_io import load_zone
from tests.tiny import WEEK, officer, operation, priority, write_zone

solve_module = importlib.import_module(
    "planner.solver.solve"
)  # the package's `solve` is a function

WINDOWS = [  # short windows on two days, overlapping in part, so the enumeration stays small
    {"days": "Mon", "start": "07:00", "end": "19:00"},
    {"days": "Mon", "start": "11:00", "end": "23:00"},
    {"days": "Mon", "start": "15:00", "end": "23:00"},
    {"days": "Tue", "start": "07:00", "end": "15:00"},
]
NAMES = ["road_safety", "quality_of_life", "drugs"]


def _zone(tmp_path, seed: int, preferred: bool = False):
    """A random tiny zone; with `preferred`, each operation type also has a preferred window:
    its own or another (drawn apart, so the zones are those of the other tests)."""
    rng = random.Random(seed)
    other = random.Random(-seed - 1)
    officers = [officer(f"O{k}", hours=50) for k in range(rng.randint(2, 5))]
    weights = [rng.choice([1, 1, 1.5, 2, 3]) for _ in NAMES]
    prios = []
    for name, w in zip(NAMES, weights, strict=True):
        extra = {"cap_hours": rng.choice([8, 16, 24])} if rng.random() < 0.2 else {}
        prios.append(priority(name, w, **extra))
    ops = []
    for k in range(rng.randint(3, 5)):
        ops.append(
            operation(
                f"op{k}",
                NAMES[k] if k < len(NAMES) else rng.choice(NAMES),
                crew=rng.randint(1, min(3, len(officers))),
                hours=rng.choice([4, 4, 8]),
                windows=[rng.choice(WINDOWS)],
                max_per_day=rng.randint(1, 3),
            )
        )
        if preferred:
            ops[-1]["preferred"] = [other.choice([ops[-1]["windows"][0], *WINDOWS])]
    return write_zone(tmp_path, officers, prios, ops)


def _brute_force(problem, free, preferred: bool = False):
    """Best hours over every crew plan within the daily limits that fits free[b] officers
    per block (one staff class) and the caps; with `preferred`, also the most preferred
    person-hours among the plans with those hours."""
    ops = {o.id: o for o in problem.operations}
    groups: dict[tuple[str, int], list] = {}  # the starts of one operation type on one day
    for s in problem.starts:
        groups.setdefault((s.operation, s.day), []).append(s)
    choices = []  # per group: every way to start crews within the daily limit
    for (op, _), starts in groups.items():
        ways = itertools.product(*(range(ops[op].max_per_day + 1) for _ in starts))
        choices.append(
            [list(zip(starts, w, strict=True)) for w in ways if sum(w) <= ops[op].max_per_day]
        )
    active = [q for q in problem.priorities if q.weight > 0]
    c = leximin_factors({q.id: q.weight for q in active})
    best, best_key = None, None
    for plan in itertools.product(*choices):
        use = [0] * problem.n_blocks
        hours = {q.id: 0 for q in problem.priorities}
        pref = 0
        for s, n in itertools.chain.from_iterable(plan):
            for b in s.blocks:
                use[b] += n * ops[s.operation].crew
            hours[s.priority] += n * s.person_hours
            pref += n * s.person_hours * s.preferred
        if any(u > int(f) for u, f in zip(use, free, strict=True)):
            continue
        if any(q.cap_hours is not None and hours[q.id] > q.cap_hours for q in active):
            continue
        shares = sorted(Fraction(hours[q.id] * c[q.id]) for q in active)
        key = (shares, [hours[q.id] for q in active], pref)
        if best_key is None or key > best_key:
            best, best_key = hours, key
    return (best, best_key[2]) if preferred else best


@pytest.mark.parametrize("seed", range(150))  # 10 of them tell leximin from max-min + max-sum
def test_priority_hours_are_the_exact_weighted_leximin(tmp_path, seed):
    problem = build_problem(load_zone(_zone(tmp_path, seed)), WEEK)
    basic = solve_basic(problem)
    result = solve_priorities(problem, basic)
    assert result.free.shape[0] == 1, "one staff class: the brute force counts officers"
    got = result.hours(problem)
    want = _brute_force(problem, result.free[0])
    assert {k: round(v) for k, v in got.items()} == want, f"seed {seed}"


@pytest.mark.parametrize("seed", range(50))
def test_the_helper_variable_form_of_a_step_is_the_same_leximin(tmp_path, seed, monkeypatch):
    """With more sets of k priorities than MAX_SUBSETS, a step is written with t_k and d_ik
    instead of a row per set: the same exact leximin (tiny zones have 3 priorities, so the
    limit is lowered to reach that form)."""
    monkeypatch.setattr(solve_module, "MAX_SUBSETS", 0)
    problem = build_problem(load_zone(_zone(tmp_path, seed)), WEEK)
    basic = solve_basic(problem)
    result = solve_priorities(problem, basic)
    assert any(s.name == "priorities: leximin 2" for s in result.stages)
    got = result.hours(problem)
    want = _brute_force(problem, result.free[0])
    assert {k: round(v) for k, v in got.items()} == want, f"seed {seed}"


@pytest.mark.parametrize("seed", [19, 73, 131])
def test_the_same_hours_whatever_the_backend_and_threads(tmp_path, seed):
    """Each leximin step is proven, so from the same stage 1 the hours do not depend on the
    solver's search: SCIP and CP-SAT on two threads give the same."""
    problem = build_problem(load_zone(_zone(tmp_path, seed)), WEEK)
    basic = solve_basic(problem)
    scip = solve_priorities(problem, basic, SolverParams()).hours(problem)
    cp_sat = solve_priorities(problem, basic, SolverParams("cp-sat", threads=2))
    assert all(s.status == "OPTIMAL" for s in cp_sat.stages)
    assert cp_sat.hours(problem) == scip


@pytest.mark.parametrize("seed", range(40))
def test_preferred_hours_are_the_most_among_the_leximin_plans(tmp_path, seed):
    """Preferred windows are maximised in the leximin's last solve (folded in, or alone when
    a solve for the order came after it): the most preferred person-hours of any crew plan
    with the leximin hours."""
    problem = build_problem(load_zone(_zone(tmp_path, seed, preferred=True)), WEEK)
    basic = solve_basic(problem)
    result = solve_priorities(problem, basic)
    stage = next(s for s in result.stages if s.name == "tie-breaks: preferred windows")
    hours, most = _brute_force(problem, result.free[0], preferred=True)
    assert {k: round(v) for k, v in result.hours(problem).items()} == hours, f"seed {seed}"
    assert stage.status == "OPTIMAL" and stage.objective == most, f"seed {seed}"
