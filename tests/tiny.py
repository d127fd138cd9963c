"""Tiny zone folders for model tests: every basic mission switched off unless a test asks
for it, so each optimum can be worked out by hand."""

from __future__ import annotations

import csv
from pathlib import Path

WEEK = "2026-W49"  # Monday 2026-11-30, no daylight-saving change

NO_BASIC_MISSIONS = {
    "intervention_teams_legal": 0,
    "intervention_teams_day": 0,
    "intervention_teams_night": 0,
    "intervention_extra_teams_weekend_night": 0,
    "reception_officers_legal": 0,
    "reception_officers_zone": 0,
    "neighbourhood_share": 0.0,
    "investigation_hours_per_day": 0.0,
    "investigation_share": 0.0,
    "traffic_share_legal": 0.0,
    "traffic_share_zone": 0.0,
    "public_order_on_call": 0,
    "victim_assistance_on_call": 0,
}

ALL_WEEK = {"days": "Mon-Sun", "start": "07:00", "end": "31:00"}  # every block of every day


def _toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, str):
        return '"' + v.replace('"', '\\"') + '"'
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(v)


def _table(name: str, d: dict) -> str:
    return f"[{name}]\n" + "".join(f"{k} = {_toml_value(v)}\n" for k, v in d.items())


def officer(
    oid: str,
    team: str = "ALL",
    unit: str = "intervention",
    grade: str = "INP",
    quals: str = "",
    hours: float = 38,
) -> dict:
    return dict(
        id=oid, unit=unit, team=team, grade=grade, contract_hours=hours, qualifications=quals
    )


def priority(pid: str, weight: float, **extra) -> dict:
    return dict(id=pid, label_fr=pid, label_nl=pid, weight=weight, **extra)


def operation(oid: str, prio: str, crew: int = 1, hours: int = 4, windows=None, **extra) -> dict:
    return dict(
        id=oid,
        priority=prio,
        crew=crew,
        duration_hours=hours,
        windows=windows or [ALL_WEEK],
        max_per_day=extra.pop("max_per_day", 100),
        **extra,
    )


def write_zone(
    root: Path,
    officers: list[dict],
    priorities: list[dict],
    operations: list[dict],
    norms: dict | None = None,
    shifts: dict | None = None,
    teams: dict | None = None,
    week_files: dict[str, str] | None = None,
    scenarios: str = "",
    inhabitants: int = 1000,
    qualifications: list[str] | None = None,
) -> Path:
    """Write a zone folder. Default: one team 'ALL' on duty around the clock every day.
    `[zone] qualifications` lists the codes the operations ask for unless given (a code
    nobody holds is then a warning, not an error)."""
    root.mkdir(parents=True, exist_ok=True)
    shifts = shifts or {"A": "07:00-07:00"}  # a 24-hour duty, so every block is covered
    teams = teams or {"ALL": "A"}
    n = {**NO_BASIC_MISSIONS, **(norms or {})}
    if qualifications is None:
        qualifications = sorted({q for o in operations for q in o.get("qualifications", [])})
    text = _table(
        "zone",
        {
            "name": "Tiny",
            "inhabitants": inhabitants,
            "communes": ["T"],
            "qualifications": qualifications,
        },
    )
    text += _table("grid", {"block_hours": 4, "day_start": "07:00"})
    text += _table("shifts", shifts)
    text += _table("norms", n)
    (root / "zone.toml").write_text(text, encoding="utf-8")
    with (root / "staff.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, ["id", "unit", "team", "grade", "contract_hours", "qualifications"])
        w.writeheader()
        w.writerows(officers)
    with (root / "teams.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["team", "anchor", "cycle"])
        for name, cycle in teams.items():
            w.writerow([name, "2026-11-30", cycle])
    prio_text = ""
    for p in priorities:
        prio_text += (
            "[[priority]]\n" + "".join(f"{k} = {_toml_value(v)}\n" for k, v in p.items()) + "\n"
        )
    for o in operations:
        prio_text += (
            "[[operation]]\n" + "".join(f"{k} = {_toml_value(v)}\n" for k, v in o.items()) + "\n"
        )
    (root / "priorities.toml").write_text(prio_text, encoding="utf-8")
    if scenarios:
        (root / "scenarios.toml").write_text(scenarios, encoding="utf-8")
    if week_files:
        wdir = root / "weeks" / WEEK
        wdir.mkdir(parents=True, exist_ok=True)
        for name, content in week_files.items():
            (wdir / name).write_text(content, encoding="utf-8")
    return root
