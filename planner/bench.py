"""Benchmark (`make bench`): plan generated zones of 50, 300, 1,000 and 3,000 staff and print,
per size, the median time to read, build, solve each stage and write, the optimality status,
and the allocation efficiency with what stops the rest.

Figures are medians over several runs; the machine is noisy, so compare ratios, not
single numbers."""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from planner.export import write_plan
from planner.generator import generate_zone
from planner.problem import build_problem
from planner.results import Plan, build_plan
from planner.solver import solve
from planner.zone_io import load_zone

WEEK = "2026-W49"


def stage_of(name: str) -> str:
    if name.startswith(("basic missions", "pinned")):
        return "stage1"
    if name.startswith("priorities"):
        return "stage2"
    return "stage3"


def leftover_reasons(plan: Plan) -> dict[str, float]:
    """Split the unallocated hours by what keeps them out of operations."""
    p = plan.problem
    ops = p.operations
    reasons = {
        "no operation window at that time": 0.0,
        "too few left to form a crew": 0.0,
        "daily limits or qualification mix": 0.0,
    }
    for r in plan.class_use.itertuples(index=False):
        left, b = r.free - r.used, r.block
        if left <= 0:
            continue
        quals = frozenset(r.qualifications.split(";")) if r.qualifications else frozenset()
        usable = [o for o in ops if o.qualifications <= quals]
        in_window = [
            o for o in usable if any(b in s.blocks for s in p.starts if s.operation == o.id)
        ]
        hours = float(left * p.block_hours[b])
        if not in_window:
            reasons["no operation window at that time"] += hours
        elif left < min(o.crew for o in in_window):
            reasons["too few left to form a crew"] += hours
        else:
            reasons["daily limits or qualification mix"] += hours
    return reasons


def run_once(folder: Path, out: Path) -> tuple[dict[str, float], Plan]:
    t = {}
    t0 = time.perf_counter()
    zone = load_zone(folder)
    t["read"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    problem = build_problem(zone, WEEK)
    t["build"] = time.perf_counter() - t0
    raw = solve(problem)
    t["build"] += raw.build_seconds
    for s in raw.stages:
        t[stage_of(s.name)] = t.get(stage_of(s.name), 0.0) + s.seconds
    t0 = time.perf_counter()
    plan = build_plan(raw)
    write_plan(plan, out)
    t["write"] = time.perf_counter() - t0
    t["total"] = sum(v for k, v in t.items())
    return t, plan


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="50,300,1000,3000")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    cols = ["read", "build", "stage1", "stage2", "stage3", "write", "total"]
    print(
        f"Median of {args.runs} runs per size, seconds (week {WEEK}, 4-hour blocks, SCIP, 1 thread)"
    )
    print(f"{'staff':>6} " + " ".join(f"{c:>7}" for c in cols) + "  status      efficiency")
    notes = []
    with tempfile.TemporaryDirectory() as tmp:
        for staff in sizes:
            folder = generate_zone(Path(tmp) / f"zone-{staff}", staff, seed=staff)
            runs, plan = [], None
            for k in range(args.runs):
                t, plan = run_once(folder, Path(tmp) / f"out-{staff}-{k}")
                runs.append(t)
            med = {c: statistics.median(r.get(c, 0.0) for r in runs) for c in cols}
            assert plan is not None
            status = (
                "optimal"
                if plan.optimal
                else "gap "
                + ", ".join(f"{s.gap:.2%}" for s in plan.stages if s.status != "OPTIMAL")
            )
            print(
                f"{staff:>6} "
                + " ".join(f"{med[c]:7.3f}" for c in cols)
                + f"  {status:<11} {plan.efficiency:6.1%}"
            )
            reasons = leftover_reasons(plan)
            left = plan.capacity_for_priorities - float(plan.operations["hours"].sum())
            notes.append(
                f"{staff:>6}: capacity for priorities {plan.capacity_for_priorities:,.0f} h, "
                f"planned {plan.operations['hours'].sum():,.0f} h, left {left:,.0f} h: "
                + "; ".join(f"{k} {v:,.0f} h" for k, v in reasons.items() if v)
            )
    print("\nWhat stops the rest of the capacity for priorities:")
    print("\n".join(notes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
