"""Gathers a zone's year: its PZS targets, each past week's plan (the validated one from the
store when there is one, else the week planned now) and its actuals, then the year to date."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from planner.domain import Zone
from planner.export import write_file
from planner.solver import SolverParams
from planner.year import Pzs
from planner.year.records import DoneRecord, WeekRecord
from planner.year.ytd import YearToDate, default_as_of, year_to_date, year_weeks
from planner.zone_io import load_zone

ACTUALS_CACHE_FORMAT = 1  # change when DoneRecord changes


@dataclass(frozen=True)
class Year:
    zone: Zone
    pzs: Pzs | None
    ytd: YearToDate


def validated_records(store, store_zone: str, weeks: list[str]) -> dict[str, WeekRecord]:
    """The latest validated plan of each week that has one, as issued."""
    out = {}
    for week in weeks:
        found = store.validations(store_zone, week)
        if found:
            files = store.issued_files(found[0].id)
            out[week] = WeekRecord.from_files(week, files, "validated")
    return out


def planned_records(
    folder: str | Path,
    weeks: list[str],
    scenario: str = "baseline",
    params: SolverParams | None = None,
    progress: Callable[[int, int, str, bool], None] | None = None,
) -> dict[str, WeekRecord]:
    """Each week planned now (or taken from the cache of planned weeks), without catch-up
    floors: what the week gave, not what catching up would ask of it."""
    from planner.weeks import plan_weeks

    results = plan_weeks(folder, weeks, scenario, params, progress=progress, catch_up=False)
    return {r.week: WeekRecord.from_files(r.week, r.files, "planned") for r in results}


def done_records(folder: str | Path, zone: Zone, weeks: list[str]) -> dict[str, DoneRecord]:
    """Each week's actuals as figures. A file is read and checked once: the figures of its
    bytes are kept in the disk cache (cache/actuals), keyed by those bytes, the week, what
    the zone's lines may name and the planner's code."""
    from planner.year.actuals import actuals_path

    out = {}
    for week in weeks:
        path = Path(folder) / actuals_path(week)
        if path.is_file():
            out[week] = _done_record(folder, zone, week, path.read_bytes())
    return out


def _done_record(folder: str | Path, zone: Zone, week: str, data: bytes) -> DoneRecord:
    from planner.weeks import cache_dir, code_version
    from planner.year.actuals import read_actuals, zone_activities

    st = zone.settings
    h = hashlib.sha256(f"{ACTUALS_CACHE_FORMAT}\0{week}\0{code_version()}\0".encode())
    h.update(
        repr(
            (
                zone_activities(zone),
                sorted((o.id, o.priority) for o in zone.operations),
                [p.id for p in zone.priorities],
                st.timezone,
                st.day_start_minute,
            )
        ).encode()
    )
    h.update(hashlib.sha256(data).digest())
    path = cache_dir("actuals") / f"{h.hexdigest()}.json"
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        return _record_from_json(week, json.loads(path.read_text(encoding="utf-8")))
    actuals = read_actuals(folder, week, zone)
    assert actuals is not None
    record = DoneRecord.from_actuals(actuals, zone)
    with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
        write_file(path, json.dumps(asdict(record), sort_keys=True).encode())
    return record


def _record_from_json(week: str, entry: dict) -> DoneRecord:
    if entry["week"] != week:
        raise ValueError("another week's entry")
    figures = {
        name: {str(k): float(v) for k, v in entry[name].items()}
        for name in ("priority_hours", "mission_hours")
    }
    return DoneRecord(
        week=week,
        operation_counts={str(k): int(v) for k, v in entry["operation_counts"].items()},
        hycap_hours=float(entry["hycap_hours"]),
        commitment_hours=float(entry["commitment_hours"]),
        **figures,
    )


def collect_year(
    folder: str | Path,
    year: int,
    as_of: str | None = None,
    *,
    scenario: str = "baseline",
    params: SolverParams | None = None,
    store=None,
    store_zone: str | None = None,
    today: dt.date | None = None,
    progress: Callable[[int, int, str, bool], None] | None = None,
    plans: str = "all",
) -> Year:
    """The zone's year to date as of `as_of` (default: the last complete week before today).
    `store` (a planner.store.Store) supplies validated plans, under `store_zone` (default:
    the folder's name); weeks without one are planned under `scenario`: every past week
    (`plans="all"`), or only those without actuals (`"missing"`: enough for what the year
    has achieved, which is all the catch-up needs)."""
    from planner.year.pzs import load_pzs

    zone = load_zone(folder)
    pzs = load_pzs(folder, zone)
    if as_of is None:
        as_of = default_as_of(year, today or dt.date.today())
    past = [w for w in year_weeks(year) if as_of is not None and w <= as_of]
    planned: dict[str, WeekRecord] = {}
    if store is not None:
        planned = validated_records(store, store_zone or Path(folder).name, past)
    done = done_records(folder, zone, past)
    missing = [w for w in past if w not in planned and (plans == "all" or w not in done)]
    if missing:
        planned |= planned_records(folder, missing, scenario, params, progress)
    return Year(zone, pzs, year_to_date(zone, pzs, year, as_of, planned, done))
