"""Domain layer: the zone's inputs checked against the statute's working time (PJPol) and the
structural neighbourhood norm.

These are warnings, not errors: a roster that breaks a rule still loads and is planned, and
the zone sees what to fix. The records carry codes and numbers only, no sentences;
planner/text/inputs.py words them for the command line and the app.

Rules (shared/DOMAIN.md, "Working time" and the neighbourhood norm):
- a planned service lasts at least 4 h and at most 12 h (a shift may be marked as an
  exception in zone.toml: `R = { time = "07:00-21:00", exception = true }`);
- at least 11 h of rest between two services;
- at most 50 h in a week, checked on every 7 consecutive days of a team's cycle;
- at least 1 neighbourhood inspector per `neighbourhood_inhabitants_per_inspector_legal`
  inhabitants (4,000): the headcount of operational-grade staff of the neighbourhood units.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from planner.domain import Zone

MIN_SHIFT_HOURS = 4
MAX_SHIFT_HOURS = 12
MIN_REST_HOURS = 11
MAX_HOURS_IN_7_DAYS = 50

# every code planner.sanity can give, in the order the checks run
CODES = (
    "shift_too_short",
    "shift_too_long",
    "rest_too_short",
    "hours_in_7_days_above_max",
    "neighbourhood_inspectors_below_norm",
)
# a note of the reader (planner.zone_io), listed before the rules' warnings: a CSV file that is
# not UTF-8 was read as Windows-1252 (Excel's "CSV (separator: semicolon)" in a Belgian locale)
READER_CODES = ("csv_read_as_windows_1252",)
# codes of the file and qualification checks (planner.input_checks), listed before CODES'
FILE_CODES = ("file_not_read", "file_not_read_near", "qualification_not_held")


@dataclass(frozen=True)
class InputWarning:
    """One input that breaks a rule: `code` (one of CODES), the shift code, team or unit set
    it is about, the figures (name -> number), and where it was written. `detail` is a name
    the message shows besides the subject (the nearest file name the planner reads)."""

    code: str
    subject: str
    values: dict[str, float] = field(hash=False)
    file: str
    row: int | None = None
    detail: str = ""


def check_zone(
    zone: Zone,
    zone_file: str = "zone.toml",
    teams_file: str = "teams.csv",
    staff_file: str = "staff.csv",
) -> list[InputWarning]:
    """Every warning of the zone's repeating inputs, in the order of CODES."""
    s = zone.settings
    out: list[InputWarning] = []
    for code, (start, end) in s.shifts.items():
        hours = (end - start) / 60
        if code in s.shift_exceptions:
            continue
        if hours < MIN_SHIFT_HOURS:
            out.append(
                InputWarning(
                    "shift_too_short",
                    code,
                    {"hours": hours, "minimum_hours": MIN_SHIFT_HOURS},
                    zone_file,
                )
            )
        elif hours > MAX_SHIFT_HOURS:
            out.append(
                InputWarning(
                    "shift_too_long",
                    code,
                    {"hours": hours, "maximum_hours": MAX_SHIFT_HOURS},
                    zone_file,
                )
            )
    rest = [w for team in zone.teams.values() if (w := _rest(zone, team, teams_file))]
    week = [w for team in zone.teams.values() if (w := _seven_days(zone, team, teams_file))]
    out += rest + week
    norms = s.norms
    required = math.ceil(s.inhabitants / norms.neighbourhood_inhabitants_per_inspector_legal)
    units = s.staffing.neighbourhood
    officers = sum(1 for o in zone.officers if o.operational and o.unit in units)
    if officers < required:
        out.append(
            InputWarning(
                "neighbourhood_inspectors_below_norm",
                ",".join(units),
                {
                    "officers": officers,
                    "required": required,
                    "inhabitants": s.inhabitants,
                    "inhabitants_per_inspector": norms.neighbourhood_inhabitants_per_inspector_legal,
                },
                staff_file,
            )
        )
    return out


def _worked(zone: Zone, team) -> list[tuple[int, int, int]]:
    """(cycle day, start, end) in minutes from the cycle's first midnight, for worked days."""
    shifts = zone.settings.shifts
    return [
        (k, k * 1440 + shifts[c][0], k * 1440 + shifts[c][1])
        for k, c in enumerate(team.cycle)
        if c != "-" and c in shifts
    ]


def _rest(zone: Zone, team, file: str) -> InputWarning | None:
    """The shortest rest between two consecutive services of the cycle, the last service
    followed by the first of the next turn of the cycle."""
    worked = _worked(zone, team)
    if not worked:
        return None
    span = len(team.cycle) * 1440
    gaps = []
    for i, (k, _, end) in enumerate(worked):
        nxt = worked[(i + 1) % len(worked)][1] + (span if i + 1 == len(worked) else 0)
        gaps.append(((nxt - end) / 60, k))
    short = [g for g in gaps if g[0] < MIN_REST_HOURS]
    if not short:
        return None
    hours, day = min(short)
    return InputWarning(
        "rest_too_short",
        team.id,
        {
            "rest_hours": hours,
            "minimum_hours": MIN_REST_HOURS,
            "cycle_day": day + 1,
            "pairs": len(short),
        },
        file,
        team.row,
    )


def _seven_days(zone: Zone, team, file: str) -> InputWarning | None:
    """The most hours of services starting in 7 consecutive days of the repeating cycle."""
    shifts = zone.settings.shifts
    n = len(team.cycle)
    length = [(shifts[c][1] - shifts[c][0]) / 60 if c in shifts else 0.0 for c in team.cycle]
    hours, day = max((sum(length[(k + d) % n] for d in range(7)), -k) for k in range(n))
    if hours <= MAX_HOURS_IN_7_DAYS:
        return None
    return InputWarning(
        "hours_in_7_days_above_max",
        team.id,
        {"hours": hours, "maximum_hours": MAX_HOURS_IN_7_DAYS, "cycle_day": 1 - day},
        file,
        team.row,
    )
