"""Input/output layer: scenarios and pinned operations edited in the app, written back as
the zone's own files (scenarios.toml, weeks/<week>/pinned.csv) so they can be reused by the
command line and compared later.

The app never writes to a bundled sample: `working_copy` copies a zone folder into a
folder private to one session first. Every write is checked by reading the zone again with
`load_zone`; when that fails the file is put back as it was and the problems are raised.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path

import tomli_w

from planner.domain import PRIORITY_IDS, PinnedOperation, Scenario, Zone
from planner.errors import InputError, InputIssue
from planner.scenarios import apply_scenario
from planner.timegrid import WEEKDAYS
from planner.zone_io import ZONE_FILE_SUFFIXES, load_zone

NAME_RE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


def check_name(name: str, existing: Iterable[str] = ()) -> str:
    """A scenario name usable as a TOML bare key and on the command line, not taken yet."""
    name = name.strip()
    if not NAME_RE.match(name):
        raise InputError([InputIssue("scenarios.toml", None, "name", name, "scenario_name")])
    if name in set(existing):
        raise InputError([InputIssue("scenarios.toml", None, "name", name, "unique_scenario_name")])
    return name


def edited_scenario(
    base: Scenario,
    name: str,
    label: str = "",
    weights: Mapping[str, float] | None = None,
    floors: Mapping[str, float] | None = None,
    caps: Mapping[str, float | None] | None = None,
    absence_rate: float | None = None,
    staff_change: Mapping[str, int] | None = None,
    extra_commitments: Iterable[Mapping[str, object]] = (),
) -> Scenario:
    """`base` with the app's edits: each table given (the full set of sliders, read from
    `apply_scenario`'s result) replaces the base's, so no override is merged here; zero staff
    changes are dropped."""
    return Scenario(
        name=name,
        label=label or base.label or name,
        weights=dict(base.weights if weights is None else weights),
        floors=dict(base.floors if floors is None else floors),
        caps=dict(base.caps if caps is None else caps),
        absence_rate=base.absence_rate if absence_rate is None else float(absence_rate),
        staff_change={
            u: int(n)
            for u, n in (base.staff_change if staff_change is None else staff_change).items()
            if int(n)
        },
        commitments=tuple(base.commitments) + tuple(dict(c) for c in extra_commitments),
        norms=dict(base.norms),
        catch_up=base.catch_up,
    )


def scenario_changes(zone: Zone, scenario: Scenario) -> Scenario:
    """The scenario with only the overrides that change the zone's own values: what is
    worth writing to scenarios.toml. Raises InputError for a scenario the domain refuses
    (e.g. a floor above a cap), before anything is written."""
    own = {p.id: p for p in zone.priorities}
    applied = apply_scenario(zone, scenario)[0].priorities
    weights = {p.id: p.weight for p in applied if p.weight != own[p.id].weight}
    floors = {p.id: p.floor_hours for p in applied if p.floor_hours != own[p.id].floor_hours}
    caps = {p.id: p.cap_hours for p in applied if p.cap_hours != own[p.id].cap_hours}
    return replace(
        scenario,
        weights=weights,
        floors=floors,
        caps=caps,
        staff_change={u: n for u, n in scenario.staff_change.items() if n},
    )


def scenario_to_dict(scenario: Scenario) -> dict[str, object]:
    """The `[scenario.<name>]` table. A cap of None ("no cap") cannot be written in TOML,
    so it is left out: the zone's own cap then applies, which the app says when it matters."""
    table: dict[str, object] = {"label": scenario.label or scenario.name}
    order = {pid: k for k, pid in enumerate(PRIORITY_IDS)}

    def ordered(values: Mapping[str, float | None]) -> dict[str, float]:
        return {
            k: _number(v)
            for k, v in sorted(values.items(), key=lambda kv: order.get(kv[0], 99))
            if v is not None
        }

    for key, values in (
        ("weights", scenario.weights),
        ("floors", scenario.floors),
        ("caps", scenario.caps),
    ):
        if ordered(values):
            table[key] = ordered(values)
    if scenario.absence_rate:
        table["absence_rate"] = _number(round(scenario.absence_rate, 4))
    if scenario.staff_change:
        table["staff_change"] = {u: int(n) for u, n in sorted(scenario.staff_change.items())}
    if scenario.commitments:
        table["commitments"] = [
            {
                k: (_number(v) if isinstance(v, float) else v)
                for k, v in c.items()
                if v not in (None, "")
            }
            for c in scenario.commitments
        ]
    if scenario.norms:
        table["norms"] = dict(scenario.norms)
    if scenario.catch_up:
        table["catch_up"] = True
    return table


def _number(x: float | int | None) -> float | int:
    """Whole numbers as integers, so the file reads 'road_safety = 6' as a person would type."""
    if x is None:
        raise ValueError("no value")
    return int(x) if float(x).is_integer() else float(x)


def scenario_to_toml(scenario: Scenario) -> str:
    """The scenario as a TOML text that scenarios.toml accepts, e.g. to download."""
    return tomli_w.dumps({"scenario": {scenario.name: scenario_to_dict(scenario)}})


def append_scenario(folder: str | Path, scenario: Scenario, note: str = "") -> Zone:
    """Append the scenario to the zone's scenarios.toml (created if missing), check the zone
    still loads and holds the scenario, and return the zone read again.

    The file is rewritten by appending, so the comments and layout of the scenarios already
    there stay as their author wrote them."""
    root = Path(folder)
    path = root / "scenarios.toml"
    before = path.read_text(encoding="utf-8") if path.exists() else None
    zone = load_zone(root)
    check_name(scenario.name, zone.scenarios)
    block = scenario_to_toml(scenario)
    header = f"\n# {note}\n" if note else "\n"
    text = before or "# Named scenarios: each overrides part of the zone's data.\n"
    if not text.endswith("\n"):
        text += "\n"
    _write_atomic(path, text + header + block)
    try:
        reloaded = load_zone(root)
        if scenario.name not in reloaded.scenarios:
            raise InputError(
                [
                    InputIssue(
                        "scenarios.toml",
                        None,
                        f"scenario.{scenario.name}",
                        scenario.name,
                        "scenario_accepted",
                    )
                ]
            )
    except InputError:
        _restore(path, before)
        raise
    return reloaded


def pinned_rows(zone: Zone, week: str) -> list[dict[str, object]]:
    """The week's pinned operations as editable rows: operation, day, start time, note."""
    tz = _tz(zone)
    monday = dt.date.fromisocalendar(*_week_tuple(week), 1)
    rows = []
    for pin in zone.week_inputs(week).pinned:
        local = pin.start.astimezone(tz)
        # 03:00 on Sunday belongs to Saturday's operational day (blocks run from day start).
        night = local.hour * 60 + local.minute < zone.settings.day_start_minute
        day = (local.date() - monday).days - (1 if night else 0)
        rows.append(
            {
                "operation": pin.operation,
                "day": WEEKDAYS[day] if 0 <= day < 7 else WEEKDAYS[-1],
                "start": f"{local:%H:%M}",
                "note": pin.note,
            }
        )
    return rows


def pinned_from_rows(
    zone: Zone, week: str, rows: Iterable[Mapping[str, object]]
) -> tuple[PinnedOperation, ...]:
    """Rows edited in the app back into pinned operations of the week. A start before the
    operational day's first block (e.g. 03:00) is taken as the night after that day, as the
    blocks of an operational day run from the day start to the next morning."""
    from planner.timegrid import TimeFormatError, local_to_utc, parse_clock

    tz = _tz(zone)
    monday = dt.date.fromisocalendar(*_week_tuple(week), 1)
    known = {o.id for o in zone.operations}
    issues = []
    pins = []
    for k, row in enumerate(rows, start=1):
        op, day, start = (
            str(row.get("operation") or ""),
            str(row.get("day") or ""),
            str(row.get("start") or ""),
        )
        if not op and not day and not start:
            continue  # an empty row left in the editor
        if op not in known:
            issues.append(InputIssue("pinned operations", k, "operation", op, "operation_ref"))
            continue
        if day not in WEEKDAYS:
            issues.append(
                InputIssue(
                    "pinned operations", k, "day", day, "one_of", {"options": tuple(WEEKDAYS)}
                )
            )
            continue
        try:
            minutes = parse_clock(start)
        except TimeFormatError as exc:
            issues.append(InputIssue("pinned operations", k, "start", start, exc.code, exc.values))
            continue
        if minutes < zone.settings.day_start_minute:
            minutes += 24 * 60
        date = monday + dt.timedelta(days=WEEKDAYS.index(day))
        when = local_to_utc(date, minutes, tz).astimezone(tz)
        pins.append(PinnedOperation(op, when, str(row.get("note") or "")))
    if issues:
        raise InputError(issues)
    return tuple(pins)


def with_pinned(zone: Zone, week: str, pinned: tuple[PinnedOperation, ...]) -> Zone:
    """The zone with the week's pinned operations replaced (nothing else changes)."""
    inputs = replace(zone.week_inputs(week), pinned=pinned)
    return replace(zone, weeks={**zone.weeks, week: inputs})


def with_scenario(zone: Zone, scenario: Scenario) -> Zone:
    """The zone holding `scenario` under its name (replacing one of that name)."""
    return replace(zone, scenarios={**zone.scenarios, scenario.name: scenario})


def pinned_csv(zone: Zone, pinned: Iterable[PinnedOperation]) -> str:
    """weeks/<week>/pinned.csv text: local ISO times with their offset, as the loader reads."""
    tz = _tz(zone)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["operation", "start", "note"])
    for pin in pinned:
        writer.writerow(
            [
                pin.operation,
                pin.start.astimezone(tz).isoformat(timespec="minutes"),
                _neutral(pin.note),
            ]
        )
    return buf.getvalue()


def write_pinned(folder: str | Path, week: str, pinned: Iterable[PinnedOperation]) -> Zone:
    """Write weeks/<week>/pinned.csv of a zone folder and return the zone read again; on a
    problem the previous file is restored."""
    zone = load_zone(folder)
    return write_zone_files(folder, {f"weeks/{week}/pinned.csv": pinned_csv(zone, pinned)})


def write_zone_files(folder: str | Path, files: dict[str, str]) -> Zone:
    """Write files of a zone folder (path inside it -> text) and return the zone read again.
    When the reader refuses them, every file is put back as it was and its InputError (file,
    row, field, value, expected) goes to the caller."""
    root = Path(folder)
    before: dict[Path, str | None] = {}
    for rel, text in files.items():
        path = root / rel
        before[path] = path.read_text(encoding="utf-8") if path.exists() else None
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_atomic(path, text)
    try:
        return load_zone(root)
    except InputError:
        for path, text in before.items():
            _restore(path, text)
        raise


def working_copy(folder: str | Path, parent: str | Path) -> Path:
    """Copy a zone folder (zone files only) into `parent`, e.g. a session's private folder,
    so that saving a scenario never changes a bundled sample or another user's zone."""
    src = Path(folder)
    dest = Path(parent) / src.name
    shutil.copytree(src, dest, ignore=_not_zone_files, symlinks=False)
    return dest


def _not_zone_files(folder: str, names: list[str]) -> list[str]:
    return [
        n
        for n in names
        if not (Path(folder, n).is_dir() and not Path(folder, n).is_symlink())
        and Path(n).suffix.lower() not in ZONE_FILE_SUFFIXES
    ]


def _neutral(text: str) -> str:
    # A note starting like a formula would run in a spreadsheet that opens the CSV; a line
    # break would start a row. The one neutraliser of every CSV the planner writes.
    from planner.export import neutralise

    return str(neutralise(text))


def _restore(path: Path, before: str | None) -> None:
    """Put a file back as it was before a refused write (remove it if it was new)."""
    if before is None:
        path.unlink()
    else:
        _write_atomic(path, before)


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    os.replace(tmp, path)


def _tz(zone: Zone):
    from zoneinfo import ZoneInfo

    return ZoneInfo(zone.settings.timezone)


def _week_tuple(week: str) -> tuple[int, int]:
    from planner.timegrid import parse_week

    return parse_week(week)


__all__ = [
    "append_scenario",
    "check_name",
    "edited_scenario",
    "pinned_csv",
    "pinned_from_rows",
    "pinned_rows",
    "scenario_changes",
    "scenario_to_dict",
    "scenario_to_toml",
    "with_pinned",
    "with_scenario",
    "working_copy",
    "write_pinned",
]
