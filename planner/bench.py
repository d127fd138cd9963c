"""Benchmark (`make bench`): the planner's speed as a user meets it, against its targets.

Sections (each printed as soon as it is measured):

- process: the real `planner plan` command on the demo week (default outputs, and --explain),
  against the floor of importing OR-Tools in a fresh Python;
- weeks: 52 weeks of the demo zone planned one after another in one process, then the
  real `planner plan --weeks` command on them (2 workers), without and with its cache;
- zones: seeded generated zones (300 and 3,000 staff): read, build, solve, write;
- replan: one change (a priority's weight) planned again in a warm process, as the app does;
- explain: the real `planner explain` command on the demo and on a 3,000-staff zone;
- then the stages' status over every plan solved, what stops the rest of the capacity for
  priorities, and a summary table of every figure with its target.

The machine is noisy, so figures are medians and worst cases over several runs. A missed
target is reported ("NOT met"), never an error.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from planner.api import plan_week
from planner.export import write_plan
from planner.generator import generate_zone
from planner.problem import build_problem
from planner.results import Plan, build_plan
from planner.solver import solve
from planner.timegrid import shift_week
from planner.zone_io import load_zone

DEMO = Path(__file__).resolve().parent.parent / "data" / "zone-demo"
WEEK = "2026-W49"
FIRST_WEEK = "2026-W01"
SECTIONS = ("process", "weeks", "zones", "replan", "explain")
PARTS = ("read", "build", "stage1", "stage2", "stage3", "write")


# --- figures and printing ----------------------------------------------------------------


@dataclass
class Figure:
    """One measured figure for the summary table: a median and a worst case (seconds, or a
    ratio) and its targets; `met` is None when nothing was measured (timed out, failed)."""

    name: str
    median: float | None
    worst: float | None
    target: str
    met: bool | None
    unit: str = "s"


@dataclass
class Bench:
    """What the sections gather: the summary figures, every stage solved (sections weeks
    and zones) and the notes on the capacity left over."""

    figures: list[Figure] = field(default_factory=list)
    stages: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def say(text: str = "") -> None:
    """Print a line at once (the bench is long; each section shows as soon as it is done)."""
    print(text, flush=True)


def heading(text: str) -> None:
    say()
    say(text)
    say("-" * len(text))


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print rows as a plain text table: the first column left-aligned, the rest right."""
    cells = [[str(c) for c in header]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[k]) for r in cells) for k in range(len(header))]
    for r in cells:
        say(
            "  ".join(
                c.ljust(w) if k == 0 else c.rjust(w)
                for k, (c, w) in enumerate(zip(r, widths, strict=True))
            ).rstrip()
        )


def secs(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def ratio(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}x"


def med_worst(values: Sequence[float]) -> tuple[float | None, float | None]:
    """Median and worst (largest) of the values; None, None when there are none."""
    if not values:
        return None, None
    return statistics.median(values), max(values)


def judge(median: float | None, worst: float | None, at_most: float, worst_at_most=None):
    """Whether the median is within `at_most` and, if given, the worst within
    `worst_at_most`; None when nothing was measured."""
    if median is None:
        return None
    return median <= at_most and (worst_at_most is None or worst <= worst_at_most)


# --- timing helpers ----------------------------------------------------------------------


def planner_command() -> list[str]:
    """The `planner` command of this environment (the script next to the interpreter)."""
    script = Path(sys.executable).parent / "planner"
    return [str(script)] if script.exists() else [sys.executable, "-m", "planner"]


def wall(cmd: list[str], timeout: float, env: dict[str, str] | None = None) -> float | str:
    """Wall seconds of a command run to its end, output discarded; or, when it did not
    finish well, what happened ("timed out after N s", "exited N: ...")."""
    t0 = time.perf_counter()
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return f"timed out after {timeout:.0f} s"
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or [""])[-1]
        return f"exited {done.returncode}: {last[:120]}"
    return seconds


def walls(cmd: list[str], runs: int, timeout: float) -> tuple[list[float], str | None]:
    """`runs` wall times of a command; stops at the first run that does not finish well
    and returns what happened with the times so far."""
    times: list[float] = []
    for _ in range(runs):
        t = wall(cmd, timeout)
        if isinstance(t, str):
            return times, t
        times.append(t)
    return times, None


def stage_of(name: str) -> str:
    """The part of the solve a stage belongs to: stage 1 (basic missions, pinned
    operations), stage 2 (priorities) or stage 3 (tie-breaks)."""
    if name.startswith(("basic missions", "pinned")):
        return "stage1"
    if name.startswith("priorities"):
        return "stage2"
    return "stage3"


def weeks_from(first: str, n: int) -> list[str]:
    """`n` consecutive ISO weeks starting with `first` (e.g. 2026-W01)."""
    return [shift_week(first, k) for k in range(n)]


def timed_plan(zone, week: str) -> tuple[float, Plan]:
    """Build, solve and build the plan of one week of a loaded zone: seconds and plan."""
    t0 = time.perf_counter()
    plan = build_plan(solve(build_problem(zone, week)))
    return time.perf_counter() - t0, plan


def parts_of_plan(folder: Path, week: str, out: Path) -> tuple[dict[str, float], Plan]:
    """One plan from the zone folder to the written files, in-process, timed by part
    (read, build, stage1-3, write) and in total."""
    t: dict[str, float] = dict.fromkeys(PARTS, 0.0)
    start = t0 = time.perf_counter()
    zone = load_zone(folder)
    t["read"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    problem = build_problem(zone, week)
    t["build"] = time.perf_counter() - t0
    raw = solve(problem)
    t["build"] += raw.build_seconds
    for s in raw.stages:
        t[stage_of(s.name)] += s.seconds
    t0 = time.perf_counter()
    plan = build_plan(raw)
    write_plan(plan, out)
    t["write"] = time.perf_counter() - t0
    t["total"] = time.perf_counter() - start
    return t, plan


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


def leftover_note(label: str, plan: Plan) -> str:
    """One line: capacity for priorities, hours planned, hours left and why."""
    planned = float(plan.operations["hours"].sum())
    cap = plan.capacity_for_priorities
    reasons = leftover_reasons(plan)
    return (
        f"{label}: capacity for priorities {cap:,.0f} h, planned {planned:,.0f} h, "
        f"left {cap - planned:,.0f} h: "
        + ("; ".join(f"{k} {v:,.0f} h" for k, v in reasons.items() if v) or "nothing")
    )


# --- sections ----------------------------------------------------------------------------


def section_process(bench: Bench, runs: int, tmp: Path, timeout: float) -> None:
    """The real `planner plan` command on the demo week against the import floor."""
    heading(
        f"Whole process: `planner plan` on the demo week {WEEK}, wall seconds over {runs} runs "
        "[plan <= 1 s and <= 2x the import floor]"
    )
    floor, problem = walls(
        [sys.executable, "-c", "import ortools.linear_solver.pywraplp"], 5, timeout
    )
    floor_med, floor_worst = med_worst(floor)
    rows = [["import floor (import pywraplp, median of 5)", secs(floor_med), secs(floor_worst), ""]]
    if problem:
        say(f"  import floor: {problem}")
    # the default outputs (no explanations) carry the targets; --explain is printed beside them
    for label, extra in (("default outputs", []), ("--explain", ["--explain"])):
        out = tmp / f"process-{len(extra)}"
        cmd = [*planner_command(), "plan", str(DEMO), "--week", WEEK, "--out", str(out)]
        times, problem = walls([*cmd, *extra, "--lang", "en"], runs, timeout)
        if problem:
            say(f"  plan {label}: {problem}")
        med, worst = med_worst(times)
        r_med = None if med is None or not floor_med else med / floor_med
        r_worst = None if worst is None or not floor_med else worst / floor_med
        rows.append([f"plan, {label}", secs(med) if times else problem, secs(worst), ratio(r_med)])
        bench.figures.append(
            Figure(
                f"process: plan {label}",
                med,
                worst,
                "<= 1 s" if not extra else "<= 5 s (explain)",
                judge(med, worst, 1.0 if not extra else 5.0) if times else False,
            )
        )
        if extra:
            continue
        bench.figures.append(
            Figure(
                f"process: plan {label} / floor",
                r_med,
                r_worst,
                "<= 2x",
                judge(r_med, r_worst, 2.0) if times else False,
                unit="x",
            )
        )
    table(["command", "median", "worst", "/ floor"], rows)


def section_weeks(bench: Bench, n_weeks: int) -> None:
    """The demo zone loaded once, then `n_weeks` ISO weeks planned one after another."""
    heading(
        f"{n_weeks} weeks of the demo from {FIRST_WEEK} in one process: build + solve + "
        "build_plan per week [total <= 30 s; per week median <= 1 s, worst <= 3 s]"
    )
    zone = load_zone(DEMO)
    times, optimal, worst_week = [], 0, None
    t_all = time.perf_counter()
    for week in weeks_from(FIRST_WEEK, n_weeks):
        t, plan = timed_plan(zone, week)
        times.append(t)
        optimal += plan.optimal
        bench.stages += plan.stages
        if worst_week is None or t > worst_week[1]:
            worst_week = (week, t)
    total = time.perf_counter() - t_all
    med, worst = med_worst(times)
    table(
        ["weeks", "total", "median", "worst", "worst week", "all stages optimal"],
        [[n_weeks, secs(total), secs(med), secs(worst), worst_week[0], f"{optimal}/{n_weeks}"]],
    )
    bench.figures.append(
        Figure(f"weeks: {n_weeks} demo weeks, total", total, total, "<= 30 s", total <= 30)
    )
    bench.figures.append(
        Figure("weeks: one demo week", med, worst, "<= 1 s / <= 3 s", judge(med, worst, 1, 3))
    )


def section_range(bench: Bench, n_weeks: int, tmp: Path, timeout: float) -> None:
    """`planner plan --weeks` on the demo weeks, whole command, 2 workers: first with an
    empty cache (every week solved), then the same command again (every week cached)."""
    last = shift_week(FIRST_WEEK, n_weeks - 1)
    heading(
        f"{n_weeks} demo weeks via `planner plan --weeks {FIRST_WEEK}..{last}`, whole command, "
        "2 workers, wall seconds [first run <= 60 s; cached re-run <= 3 s]"
    )
    out = tmp / "range"
    env = {**os.environ, "PLANNER_DATA_DIR": str(tmp / "range-data")}  # an empty cache
    cmd = [*planner_command(), "plan", str(DEMO), "--weeks", f"{FIRST_WEEK}..{last}"]
    cmd += ["--out", str(out), "--workers", "2", "--lang", "en"]
    rows = []
    for label, target in (("first run (solves)", 60.0), ("cached re-run", 3.0)):
        t = wall(cmd, timeout, env)
        if isinstance(t, str):
            say(f"  {label}: {t}")
            rows.append([label, t, "", ""])
            bench.figures.append(Figure(f"range: {n_weeks} weeks, {label}", None, None, "", False))
            continue
        with (out / "summary.csv").open(encoding="utf-8") as fh:
            per_week = [float(r["seconds"]) for r in csv.DictReader(fh)]
        med, worst = med_worst(per_week)
        rows.append([label, secs(t), secs(med), secs(worst)])
        bench.figures.append(
            Figure(f"range: {n_weeks} weeks, {label}", t, t, f"<= {target:.0f} s", t <= target)
        )
    table(["run", "wall", "per week median", "per week worst"], rows)
    say("  per week: summary.csv's seconds (a worker's solve, or reading the cache)")


ZONE_TARGETS = {300: (1.0, 3.0), 3000: (2.0, 6.0)}


def section_zones(bench: Bench, sizes: list[int], seeds: int, tmp: Path) -> None:
    """Seeded generated zones, each plan from its folder to the written files."""
    heading(
        f"Seeded generated zones, {seeds} seeds per size: read + build + solve + write, "
        "seconds per plan [300 staff: median <= 1 s, worst <= 3 s; 3,000: <= 2 s / <= 6 s]"
    )
    rows, split_rows = [], []
    for staff in sizes:
        runs, effs, optimal = [], [], 0
        for seed in range(1, seeds + 1):
            folder = generate_zone(tmp / f"zone-{staff}-{seed}", staff, seed=seed, week=WEEK)
            t, plan = parts_of_plan(folder, WEEK, tmp / f"out-{staff}-{seed}")
            runs.append(t)
            effs.append(plan.efficiency)
            optimal += plan.optimal
            bench.stages += plan.stages
            if seed == 1:
                bench.notes.append(leftover_note(f"{staff:>6} staff (seed 1)", plan))
        med, worst = med_worst([r["total"] for r in runs])
        rows.append(
            [
                f"{staff:,}",
                secs(med),
                secs(worst),
                f"{optimal}/{seeds}",
                f"{statistics.median(effs):.1%}",
            ]
        )
        split_rows.append(
            [f"{staff:,}"] + [secs(statistics.median(r[p] for r in runs)) for p in PARTS]
        )
        at_most, worst_at_most = ZONE_TARGETS.get(staff, (None, None))
        bench.figures.append(
            Figure(
                f"zones: {staff:,} staff, one plan",
                med,
                worst,
                f"<= {at_most:g} s / <= {worst_at_most:g} s" if at_most else "(none)",
                judge(med, worst, at_most, worst_at_most) if at_most else None,
            )
        )
    table(["staff", "median", "worst", "optimal", "efficiency (median)"], rows)
    say()
    say("Median split per plan, seconds:")
    table(["staff", *PARTS], split_rows)


def weight_changes(zone) -> list[tuple[str, object]]:
    """Five single changes, one per priority: its weight doubled (the first five)."""
    changes = []
    for p in zone.priorities[:5]:
        changed = dataclasses.replace(p, weight=p.weight * 2 or 1.0)
        priorities = tuple(changed if q.id == p.id else q for q in zone.priorities)
        changes.append(
            (
                f"{p.id} weight {p.weight:g} -> {changed.weight:g}",
                dataclasses.replace(zone, priorities=priorities),
            )
        )
    return changes


def section_replan(bench: Bench) -> None:
    """One change planned again in a process that has planned the week already."""
    heading(
        f"Re-plan after one change, in-process (plan_week on the demo week {WEEK} after one "
        "warm plan), 5 single changes [median <= 0.3 s]"
    )
    zone = load_zone(DEMO)
    plan_week(zone, WEEK)
    rows, times = [], []
    for label, changed in weight_changes(zone):
        t0 = time.perf_counter()
        plan_week(changed, WEEK)
        times.append(time.perf_counter() - t0)
        rows.append([label, secs(times[-1])])
    med, worst = med_worst(times)
    rows.append(["median / worst", f"{secs(med)} / {secs(worst)}"])
    table(["change", "seconds"], rows)
    bench.figures.append(
        Figure("replan: one weight changed", med, worst, "<= 0.3 s", judge(med, worst, 0.3))
    )


def section_explain(bench: Bench, big: bool, tmp: Path, timeout: float, runs: int = 1) -> None:
    """The real `planner explain` command on the demo and on a 3,000-staff zone."""
    heading(
        "Explanations: `planner explain`, wall seconds "
        "[demo week <= 5 s; 3,000-staff zone, seed 1 <= 20 s]"
    )
    cases = [("demo zone", DEMO, 5.0)]
    if big:
        cases.append(
            ("3,000 staff, seed 1", generate_zone(tmp / "explain-3000", 3000, seed=1), 20.0)
        )
    rows = []
    for label, folder, target in cases:
        cmd = [*planner_command(), "explain", str(folder), "--week", WEEK, "--lang", "en"]
        times, problem = walls(cmd, runs, timeout)
        med, worst = med_worst(times)
        shown = secs(med) if times else problem
        say(f"  {label}: {shown}")
        rows.append([label, shown, f"<= {target:g} s"])
        bench.figures.append(
            Figure(
                f"explain: {label}",
                med,
                worst,
                f"<= {target:g} s",
                judge(med, worst, target) if times else False,
            )
        )
    table(["zone", "seconds", "target"], rows)


def section_stages(bench: Bench) -> None:
    """Over every plan solved in the weeks and zones sections: stages optimal or not."""
    heading("Stages' status over every plan solved in the weeks and zones sections")
    if not bench.stages:
        say("(no plan solved)")
        return
    optimal = sum(s.status == "OPTIMAL" for s in bench.stages)
    feasible = [s for s in bench.stages if s.status != "OPTIMAL"]
    largest = max((s.gap for s in feasible), default=0.0)
    say(
        f"{len(bench.stages)} stages: {optimal} OPTIMAL, {len(feasible)} FEASIBLE"
        + (f" (largest gap {largest:.2%})" if feasible else "")
    )


def summary(bench: Bench) -> None:
    """Every figure with its target and whether it is met."""
    heading("Summary")
    rows = []
    for f in bench.figures:
        show = ratio if f.unit == "x" else secs
        met = {True: "met", False: "NOT met", None: "-"}[f.met]
        rows.append([f.name, show(f.median), show(f.worst), f.target, met])
    table(["figure", "median", "worst", "target", "met"], rows)
    say("Targets with one figure apply to the median; 'a / b' to the median and the worst.")


# --- command line ------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m planner.bench", description=__doc__)
    ap.add_argument("--runs", type=int, help="runs of each command (default 3)")
    ap.add_argument("--seeds", type=int, help="seeds per zone size (default 10)")
    ap.add_argument("--sizes", help="generated zones' staff (300,3000)")
    ap.add_argument("--weeks", type=int, help="demo weeks in one process (52)")
    ap.add_argument(
        "--skip", default="", help=f"sections to leave out, comma-separated: {','.join(SECTIONS)}"
    )
    ap.add_argument("--timeout", type=float, default=600, help="per command, seconds (600)")
    ap.add_argument(
        "--quick",
        action="store_true",
        help="smoke test: 1 run, 2 seeds, sizes 50,300, 4 weeks, no 3,000-staff explanation "
        "(options given explicitly still apply)",
    )
    args = ap.parse_args(argv)
    args.skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    unknown = args.skip - set(SECTIONS)
    if unknown:
        ap.error(f"--skip: unknown section(s) {', '.join(sorted(unknown))}")
    # --quick changes the defaults; an option given explicitly still wins
    defaults = (1, 2, "50,300", 4) if args.quick else (3, 10, "300,3000", 52)
    for name, default in zip(("runs", "seeds", "sizes", "weeks"), defaults, strict=True):
        if getattr(args, name) is None:
            setattr(args, name, default)
    args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    bench = Bench()
    say(
        f"Planner bench, {dt.datetime.now():%Y-%m-%d %H:%M}: {args.runs} run(s), "
        f"{args.seeds} seed(s), sizes {','.join(map(str, args.sizes))}, {args.weeks} weeks"
        + (f", skipping {','.join(sorted(args.skip))}" if args.skip else "")
    )
    steps: list[tuple[str, Callable[[Path], None]]] = [
        ("process", lambda tmp: section_process(bench, args.runs, tmp, args.timeout)),
        ("weeks", lambda tmp: section_weeks(bench, args.weeks)),
        ("weeks", lambda tmp: section_range(bench, args.weeks, tmp, args.timeout)),
        ("zones", lambda tmp: section_zones(bench, args.sizes, args.seeds, tmp)),
        ("replan", lambda tmp: section_replan(bench)),
        (
            "explain",
            lambda tmp: section_explain(bench, not args.quick, tmp, args.timeout),
        ),
    ]
    with tempfile.TemporaryDirectory(prefix="planner-bench-") as tmp:
        for name, step in steps:
            if name not in args.skip:
                step(Path(tmp))
    if "weeks" not in args.skip or "zones" not in args.skip:
        section_stages(bench)
    if bench.notes:
        heading("What stops the rest of the capacity for priorities (seed-1 plan per size)")
        for note in bench.notes:
            say(note)
    summary(bench)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
