"""Results layer: many weeks of one zone planned in one run (`planner plan --weeks`).

`week_range` reads a range of ISO weeks as the command line writes it; `plan_weeks` plans
each week of it and gives back, in week order, what `planner plan` would write for that week
(`export.export_files`) with its key figures.

The weeks are solved in worker processes, each holding the zone loaded once. A week's plan
depends only on its inputs (each solve is deterministic), so the files are the same whatever
the number of workers and whichever week finishes first.

Finished weeks are kept in a disk cache under `store.data_dir()/cache/weeks`, one JSON file
per week, named by a hash of everything the week's plan depends on: the zone folder's files
(`store.fingerprint`), the week, the scenario, the solver settings, the week's extra floors,
and the planner's own code (its sources and catalogues, and the versions of the solver and
pandas). A re-run of the same range on the same inputs reads every week from there.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import datetime as dt
import hashlib
import json
import multiprocessing as mp
import os
import re
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from planner.domain import Zone
from planner.errors import InputError, InputIssue
from planner.export import export_files, to_csv_text, write_file
from planner.results import STATUS_KINDS, Plan, comparison_values
from planner.scenarios import get_scenario
from planner.solver import SolverParams
from planner.timegrid import TimeFormatError, parse_week, week_label

MAX_WEEKS = 106  # two years and a bit: a range longer than that is a typing error
RANGE_SEPARATOR = ".."
ARGUMENT = "--weeks"
COMMAND_LINE = "(command line)"
FLOORS_SOURCE = "(floors)"
CACHE_FORMAT = 1  # bump when the cache entry's layout changes
WEEK_FOLDER = re.compile(r"\d{4}-W\d{2}")  # the output's folder of a week
SUMMARY_FILE = "summary.csv"

Progress = Callable[[int, int, str, bool], None]


# -- the range --------------------------------------------------------------------------------
def _issue(text: str, code: str, **values: object) -> InputError:
    return InputError([InputIssue(COMMAND_LINE, None, ARGUMENT, text, code, values)])


def _monday(text: str, whole: str) -> dt.date:
    try:
        return dt.date.fromisocalendar(*parse_week(text), 1)
    except TimeFormatError as exc:
        if exc.code == "iso_week":  # not a week at all: show the form of a range
            raise _issue(whole, "week_range") from None
        raise InputError(
            [InputIssue(COMMAND_LINE, None, ARGUMENT, whole, exc.code, exc.values)]
        ) from None


def week_range(text: str) -> list[str]:
    """`2026-W49..2027-W13` -> every ISO week from the first to the last, both included
    (across years, 53-week years too); one week alone (`2026-W49`) is a range of one. Raises
    InputError for a malformed or reversed range, or one of more than MAX_WEEKS weeks."""
    parts = text.strip().split(RANGE_SEPARATOR)
    if len(parts) > 2 or not all(p.strip() for p in parts):
        raise _issue(text, "week_range")
    first = _monday(parts[0], text)
    last = _monday(parts[-1], text)
    if last < first:
        raise _issue(
            text,
            "week_range_order",
            first=parts[0].strip(),
            last=parts[-1].strip(),
        )
    count = (last - first).days // 7 + 1
    if count > MAX_WEEKS:
        raise _issue(text, "week_range_length", max=MAX_WEEKS, count=count)
    weeks = []
    for k in range(count):
        year, week, _ = (first + dt.timedelta(weeks=k)).isocalendar()
        weeks.append(week_label(year, week))
    return weeks


# -- one week's result ------------------------------------------------------------------------
@dataclass(frozen=True)
class WeekResult:
    """One week of a range: the files `planner plan` writes for it (name -> text), its key
    figures (`week_figures`), the seconds this run spent on it and whether it came from the
    cache (then `seconds` is the time to read it)."""

    week: str
    files: dict[str, str] = field(hash=False)
    figures: dict[str, float] = field(hash=False)
    seconds: float
    cached: bool


def week_figures(plan: Plan) -> dict[str, float]:
    """A week's figures by code: `ok` (1 when nothing of any kind is short, else 0), the
    waterfall's steps and capacity for priorities, `short:<kind>` per kind of shortfall
    (results.STATUS_KINDS), `priority:<id>` hours per priority, and `efficiency` (hours in
    operations over the capacity for priorities)."""
    scenario = plan.problem.scenario
    values = {code: by[scenario] for code, by in comparison_values([plan]).items()}
    return {"ok": float(plan.status.ok), **values, "efficiency": float(plan.efficiency)}


# -- the zone with a week's extra floors ----------------------------------------------------
def check_floors(zone: Zone, scenario: str, floors: Mapping[str, Mapping[str, float]]) -> None:
    """Every extra floor names a priority of the zone with a number of hours of at least 0;
    raises InputError. (Laid over the scenario, a floor stays under the priority's cap:
    scenarios.with_floors.)"""
    ids = {p.id for p in zone.priorities}
    issues = []
    for week, by_priority in sorted(floors.items()):
        for pid, hours in sorted(by_priority.items()):
            where = f"{week}.{pid}"
            if pid not in ids:
                issues.append(InputIssue(FLOORS_SOURCE, None, where, str(pid), "priority_ref"))
            elif not isinstance(hours, int | float) or isinstance(hours, bool) or hours < 0:
                issues.append(
                    InputIssue(FLOORS_SOURCE, None, where, str(hours), "range", {"min": 0})
                )
    if issues:
        raise InputError(issues)


# -- planning one week, in a worker or here -----------------------------------------------------
@dataclass
class _Planner:
    zone: Zone
    scenario: str
    params: SolverParams | None

    def plan(self, week: str, floors: Mapping[str, float] | None) -> tuple[str, dict, dict, float]:
        from planner.api import plan_week

        t0 = time.perf_counter()
        # floors given, even none: a catch-up scenario's are worked out once for the range
        plan = plan_week(self.zone, week, self.scenario, self.params, floors=dict(floors or {}))
        files = export_files(plan)
        return week, files, week_figures(plan), time.perf_counter() - t0


_WORKER: _Planner | None = None


def _start_worker(planner: _Planner) -> None:
    global _WORKER
    _WORKER = planner


def _plan_in_worker(week: str, floors: Mapping[str, float] | None) -> tuple[str, dict, dict, float]:
    assert _WORKER is not None, "worker not started"
    return _WORKER.plan(week, floors)


def default_workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))


def _pool_context():
    """Fork where there is one (the zone and the imports are there already, nothing is
    pickled); elsewhere the platform's default."""
    if sys.platform.startswith("linux"):
        return mp.get_context("fork")
    return None


# -- the cache ---------------------------------------------------------------------------------
@cache
def code_version() -> str:
    """A hash of the planner's own code as installed (its .py sources and the catalogues
    its files' labels come from) and of the solver's and pandas' versions: computed once per
    process; a change to any of them makes every cached week a miss."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for path in sorted([*root.rglob("*.py"), *root.rglob("*.po")]):
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    for package in ("ortools", "pandas", "numpy"):
        try:
            h.update(f"\0{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"\0{package}=?".encode())
    return h.hexdigest()


def cache_dir(kind: str = "weeks") -> Path:
    """Where finished work of a kind is kept: `weeks` (planned weeks), `actuals` (a week's
    actuals as read)."""
    from planner import store  # SQLAlchemy comes with it: loaded only when caching

    return store.data_dir() / "cache" / kind


def cache_key(
    folder: str | Path,
    week: str,
    scenario: str,
    params: SolverParams | None,
    floors: Mapping[str, float] | None,
) -> str:
    extra = json.dumps(
        {
            "params": asdict(params or SolverParams()),
            "floors": {k: float(v) for k, v in sorted((floors or {}).items())},
        },
        sort_keys=True,
    )
    from planner import store

    inputs = store.fingerprint(folder, week, scenario, extra)
    return hashlib.sha256(f"{CACHE_FORMAT}\0{inputs}\0{code_version()}".encode()).hexdigest()


def _read_cached(key: str, week: str) -> tuple[dict[str, str], dict[str, float]] | None:
    """The files and figures of a cached week; None when there is no entry or it cannot be
    read as one (it is then planned again and the entry overwritten)."""
    path = cache_dir() / f"{key}.json"
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        files, figures = entry["files"], entry["figures"]
        ok = (
            entry["week"] == week
            and isinstance(files, dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in files.items())
            and isinstance(figures, dict)
            and all(
                isinstance(v, int | float) and not isinstance(v, bool) for v in figures.values()
            )
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return (files, {k: float(v) for k, v in figures.items()}) if ok else None


def _write_cached(key: str, week: str, files: dict[str, str], figures: dict[str, float]) -> None:
    entry = {"week": week, "files": files, "figures": figures}
    # a cache that cannot be written only makes the next run slower
    with contextlib.suppress(OSError):
        write_file(cache_dir() / f"{key}.json", json.dumps(entry, sort_keys=True).encode())


# -- many weeks ----------------------------------------------------------------------------------
def plan_weeks(
    folder: str | Path,
    weeks: Sequence[str],
    scenario: str = "baseline",
    params: SolverParams | None = None,
    workers: int | None = None,
    floors: Mapping[str, Mapping[str, float]] | None = None,
    progress: Progress | None = None,
    use_cache: bool = True,
    catch_up: bool = True,
) -> list[WeekResult]:
    """Plan each of `weeks` of the zone in `folder` under `scenario`, in `workers` processes
    (default: min(2, CPUs)); `floors` maps a week to extra floors (priority id -> hours) laid
    over the scenario's own for that week. `progress(done, total, week, cached)` is called as
    each week is finished. Returns one WeekResult per week, in the order of `weeks`.

    Under a scenario with `catch_up = true` and no `floors` given, the weeks are first
    planned without catch-up (what each week's operations can take), then again with the
    PZS year's catch-up floors (planner.year.catchup.range_floors), worked out once for the
    range; `catch_up=False` plans them without.

    The zone, the scenario and the floors are checked before any week is solved: an
    InputError is raised once, from here, and nothing is planned."""
    from planner.zone_io import load_zone

    weeks = list(dict.fromkeys(weeks))
    zone = load_zone(folder)
    get_scenario(zone, scenario)
    if floors is None and catch_up and zone.scenarios[scenario].catch_up:
        from planner.year.catchup import range_floors

        without = plan_weeks(
            folder, weeks, scenario, params, workers, None, progress, use_cache, catch_up=False
        )
        rooms = {
            r.week: sum(v for k, v in r.figures.items() if k.startswith("priority:"))
            for r in without
        }
        floors = range_floors(folder, zone, weeks, rooms, scenario, params)
    floors = {w: dict(f) for w, f in (floors or {}).items() if f}
    check_floors(zone, scenario, floors)
    workers = default_workers() if workers is None else max(1, int(workers))
    total = len(weeks)
    done: dict[str, WeekResult] = {}

    def finish(result: WeekResult) -> None:
        done[result.week] = result
        if progress is not None:
            progress(len(done), total, result.week, result.cached)

    keys: dict[str, str] = {}
    if use_cache:
        for week in weeks:
            t0 = time.perf_counter()
            keys[week] = cache_key(folder, week, scenario, params, floors.get(week))
            hit = _read_cached(keys[week], week)
            if hit is not None:
                finish(WeekResult(week, hit[0], hit[1], time.perf_counter() - t0, True))
    todo = [w for w in weeks if w not in done]

    def solved(week: str, files: dict, figures: dict, seconds: float) -> None:
        if use_cache:
            _write_cached(keys[week], week, files, figures)
        finish(WeekResult(week, files, figures, seconds, False))

    planner = _Planner(zone, scenario, params)
    if workers == 1 or len(todo) <= 1:
        for week in todo:
            solved(*planner.plan(week, floors.get(week)))
    else:
        pool = cf.ProcessPoolExecutor(
            max_workers=min(workers, len(todo)),
            mp_context=_pool_context(),
            initializer=_start_worker,
            initargs=(planner,),
        )
        try:
            # the slow weeks first, so that the workers end together (results are by week)
            futures = [
                pool.submit(_plan_in_worker, w, floors.get(w))
                for w in sorted(todo, key=lambda w: not clock_changes(w, zone.settings.timezone))
            ]
            for future in cf.as_completed(futures):
                solved(*future.result())
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    return [done[w] for w in weeks]


def clock_changes(week: str, tz_name: str) -> bool:
    """Whether the clocks change in the week (its blocks are then of unequal length, and
    its plan takes several times longer than another week's)."""
    tz = ZoneInfo(tz_name)
    monday = dt.datetime.combine(dt.date.fromisocalendar(*parse_week(week), 1), dt.time())
    return (
        monday.replace(tzinfo=tz).utcoffset()
        != (monday + dt.timedelta(days=7)).replace(tzinfo=tz).utcoffset()
    )


# -- the output of a range ------------------------------------------------------------------------
def shortfall_kinds(result: WeekResult) -> list[str]:
    """The kinds of shortfall of a week (results.STATUS_KINDS order)."""
    return [k for k in STATUS_KINDS if result.figures.get(f"short:{k}", 0.0) > 1e-9]


def summary_table(results: Sequence[WeekResult]) -> pd.DataFrame:
    """summary.csv: one row per week: its status (`met` or `short`), the shortfall hours of
    each kind, the capacity for priorities, the hours of each priority, the seconds this run
    spent on it and whether it came from the cache (`yes`/`no`)."""
    priorities = list(
        dict.fromkeys(c for r in results for c in r.figures if c.startswith("priority:"))
    )
    rows = []
    for r in results:
        f = r.figures
        rows.append(
            {
                "week": r.week,
                "status": "met" if f.get("ok") else "short",
                **{f"{k}_shortfall_hours": f.get(f"short:{k}", 0.0) for k in STATUS_KINDS},
                "capacity_for_priorities_hours": f.get("capacity_for_priorities", 0.0),
                **{
                    f"priority_{c.removeprefix('priority:')}_hours": f.get(c, 0.0)
                    for c in priorities
                },
                "seconds": round(r.seconds, 2),
                "cached": "yes" if r.cached else "no",
            }
        )
    return pd.DataFrame(rows)


def range_files(results: Sequence[WeekResult]) -> dict[str, str]:
    """Every file of a range's output folder: `<week>/<file>` for each week's files, and
    summary.csv."""
    files = {f"{r.week}/{name}": text for r in results for name, text in r.files.items()}
    files[SUMMARY_FILE] = to_csv_text(summary_table(results))
    return files
