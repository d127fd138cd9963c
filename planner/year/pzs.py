"""Input/output layer: the zone's `pzs.toml`, its zonal security plan's yearly targets.

The file is optional (a zone without it has no PZS year). It is read and checked like the
zone's other files (docs/data-format.md, section "pzs.toml"): every problem is an
`InputIssue` with the file, the field (`target[2].quarters`: the second `[[target]]`, counted
from 1), the value and a code of what was expected, and all of them are raised together.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planner.domain import Zone
from planner.errors import Collector
from planner.input_checks import MAX_STAFF, MAX_YEAR_HOURS, nearest
from planner.year import QUARTERS, Pzs, Target
from planner.zone_io import _Reader

PZS_FILE = "pzs.toml"
MAX_CYCLE_YEARS = 6  # a PZS runs for five or six years (2020-2025, 2026-2031)
SHARE_TOLERANCE = 0.001  # the quarters' shares must sum to 1 within this
MAX_COUNT = MAX_STAFF * 366  # operations of one type in a year: one a day per officer
CYCLE_KEYS = ("first_year", "last_year", "title")
TARGET_KEYS = ("priority", "year", "hours", "operations", "quarters")
TOP_KEYS = ("cycle", "target")


def load_pzs(folder: str | Path, zone: Zone) -> Pzs | None:
    """The zone's security plan from `folder/pzs.toml`, checked against the zone's
    priorities and operation types; None when the folder has no pzs.toml. Raises
    `InputError` listing every problem of the file."""
    root = Path(folder)
    path = root / PZS_FILE
    if not path.exists():
        return None
    errors = Collector()
    r = _Reader(root, errors)
    data = r.toml(path)
    errors.raise_if_any()
    assert data is not None
    pzs = _read_pzs(r, r.rel(path), data, zone)
    errors.raise_if_any()
    return pzs


def _unknown_keys(r: _Reader, f: str, prefix: str, table: dict, known: tuple[str, ...]) -> None:
    for key in table:
        if key not in known:
            near = nearest(str(key), known) or ""
            r.errors.add(f, None, f"{prefix}{key}", key, "one_of", options=known, near=near)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _read_pzs(r: _Reader, f: str, data: dict[str, Any], zone: Zone) -> Pzs | None:
    before = len(r.errors.issues)
    _unknown_keys(r, f, "", data, TOP_KEYS)
    cycle = r.table(f, None, "cycle", data.get("cycle", {}))
    _unknown_keys(r, f, "cycle.", cycle, CYCLE_KEYS)
    first = r.number(f, None, "cycle.first_year", cycle.get("first_year"), 1, 9998, integer=True)
    last = None
    if first is not None:
        last = r.number(
            f,
            None,
            "cycle.last_year",
            cycle.get("last_year"),
            first,
            first + MAX_CYCLE_YEARS - 1,
            integer=True,
        )
    title = cycle.get("title", "")
    if not isinstance(title, str):
        r.errors.add(f, None, "cycle.title", title, "text")
        title = ""
    entries = r.array(f, None, "target", data.get("target", []), "table_array", name="target")
    targets: list[Target] = []
    seen: dict[tuple[str, int], int] = {}
    for k, entry in enumerate(entries, start=1):
        fld = f"target[{k}]"
        if not isinstance(entry, dict):
            r.errors.add(f, None, fld, entry, "table_entry", name="target")
            continue
        target = _read_target(r, f, fld, entry, zone, first, last)
        if target is None:
            continue
        key = (target.priority, target.year)
        if key in seen:
            r.errors.add(
                f,
                None,
                f"{fld}.year",
                target.year,
                "unique_target",
                priority=target.priority,
                first=seen[key],
            )
            continue
        seen[key] = k
        targets.append(target)
    if len(r.errors.issues) > before or first is None or last is None:
        return None
    return Pzs(int(first), int(last), tuple(targets), title)


def _read_target(
    r: _Reader,
    f: str,
    fld: str,
    entry: dict[str, Any],
    zone: Zone,
    first: int | None,
    last: int | None,
) -> Target | None:
    before = len(r.errors.issues)
    _unknown_keys(r, f, f"{fld}.", entry, TARGET_KEYS)
    priorities = tuple(p.id for p in zone.priorities)
    pid = entry.get("priority")
    if pid not in priorities:
        near = nearest(str(pid), priorities) or ""
        r.errors.add(f, None, f"{fld}.priority", pid, "one_of", options=priorities, near=near)
        pid = None
    if first is not None and last is not None:
        year = r.number(f, None, f"{fld}.year", entry.get("year"), first, last, integer=True)
    else:  # the cycle has its own issue: the year is checked as a year only
        year = r.number(f, None, f"{fld}.year", entry.get("year"), 1, 9998, integer=True)
    hours = None
    if "hours" in entry:
        hours = r.number(f, None, f"{fld}.hours", entry["hours"], 0, MAX_YEAR_HOURS)
    operations: dict[str, int] = {}
    if "operations" in entry:
        operations = _read_operations(r, f, f"{fld}.operations", entry["operations"], zone, pid)
    if "hours" not in entry and "operations" not in entry:
        r.errors.add(f, None, fld, "", "target_figures")
    quarters = None
    if "quarters" in entry:
        quarters = _read_quarters(r, f, f"{fld}.quarters", entry["quarters"])
    if len(r.errors.issues) > before or pid is None or year is None:
        return None
    return Target(
        pid,
        int(year),
        None if hours is None else float(hours),
        operations,
        quarters,
    )


def _read_operations(
    r: _Reader, f: str, fld: str, value: Any, zone: Zone, pid: str | None
) -> dict[str, int]:
    """{operation type: count}: the types of the target's priority, whole counts >= 0."""
    table = r.table(f, None, fld, value)
    own = tuple(o.id for o in zone.operations if o.priority == pid)
    counts: dict[str, int] = {}
    for oid, n in table.items():
        if pid is not None and oid not in own:
            near = nearest(oid, own) or ""
            r.errors.add(f, None, f"{fld}.{oid}", oid, "one_of", options=own, near=near)
            continue
        x = r.number(f, None, f"{fld}.{oid}", n, 0, MAX_COUNT, integer=True)
        if x is not None:
            counts[oid] = int(x)
    return counts


def _read_quarters(
    r: _Reader, f: str, fld: str, value: Any
) -> tuple[float, float, float, float] | None:
    """Four shares >= 0, one per quarter, summing to 1."""
    if not isinstance(value, list) or len(value) != QUARTERS:
        r.errors.add(f, None, fld, value, "quarter_shares")
        return None
    shares = [r.number(f, None, f"{fld}[{k}]", x, 0, 1) for k, x in enumerate(value, start=1)]
    if None in shares:
        return None
    total = sum(shares)
    if abs(total - 1) > SHARE_TOLERANCE:
        r.errors.add(f, None, fld, value, "quarter_shares", sum=round(total, 6))
        return None
    a, b, c, d = (float(x) for x in shares)
    return (a, b, c, d)


__all__ = ["PZS_FILE", "load_pzs"]
