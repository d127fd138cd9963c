"""Scenario layer: apply a named scenario's overrides to a zone, for one week.

Random-looking choices (who falls sick in a flu wave, who leaves) are made by hashing the
zone's seed, the scenario's name and the officer's id, so the same inputs always give the
same people, and adding one officer never reshuffles the others.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace

from planner.domain import Absence, Commitment, Officer, Scenario, WeekInputs, Zone
from planner.errors import DomainError, InputError, InputIssue
from planner.timegrid import local_to_utc, parse_clock, parse_days, parse_week


def _rank(seed: int, scenario: str, officer_id: str) -> str:
    return hashlib.sha256(f"{seed}:{scenario}:{officer_id}".encode()).hexdigest()


def get_scenario(zone: Zone, name: str) -> Scenario:
    if name not in zone.scenarios:
        raise InputError(
            [
                InputIssue(
                    "scenarios.toml",
                    None,
                    "--scenario",
                    name,
                    "one_of",
                    {"options": tuple(sorted(zone.scenarios))},
                )
            ]
        )
    return zone.scenarios[name]


def with_floors(zone: Zone, name: str, floors: dict[str, float]) -> Zone:
    """The zone with scenario `name`'s floors raised to `floors` where these are higher (the
    PZS year's catch-up floors, planner.year.catchup), but never above the cap the scenario
    leaves the priority: a copy, the scenario keeps its name."""
    scenario = get_scenario(zone, name)
    caps = {p.id: scenario.caps.get(p.id, p.cap_hours) for p in zone.priorities}
    merged = dict(scenario.floors)
    for pid, hours in floors.items():
        raised = max(merged.get(pid, 0.0), float(hours))
        merged[pid] = raised if caps.get(pid) is None else min(raised, caps[pid])
    return replace(zone, scenarios={**zone.scenarios, name: replace(scenario, floors=merged)})


def apply_scenario(
    zone: Zone, scenario: Scenario, week: str | None = None
) -> tuple[Zone, WeekInputs]:
    """The zone and the week's dated inputs as the scenario says they are: the one place a
    scenario's overrides are laid over the zone (every plan, the Adjust page, the changes
    scenario_io writes). Without a week, only the zone's own data (settings, priorities,
    staff) and empty dated inputs. Raises InputError when the result breaks a rule of the
    domain (e.g. a floor above a cap)."""
    try:
        return _apply(zone, scenario, week)
    except DomainError as exc:
        raise InputError(
            [
                InputIssue(
                    "scenarios.toml",
                    None,
                    f"scenario.{scenario.name}.{exc.field}",
                    str(exc.value),
                    exc.expected,
                    exc.values,
                )
            ]
        ) from None


def _apply(zone: Zone, scenario: Scenario, week: str | None) -> tuple[Zone, WeekInputs]:
    settings = zone.settings
    if scenario.norms:
        settings = replace(settings, norms=replace(settings.norms, **scenario.norms))
    priorities = tuple(
        replace(
            p,
            weight=scenario.weights.get(p.id, p.weight),
            floor_hours=scenario.floors.get(p.id, p.floor_hours),
            cap_hours=scenario.caps.get(p.id, p.cap_hours),
        )
        for p in zone.priorities
    )
    officers = list(zone.officers)
    for unit, change in sorted(scenario.staff_change.items()):
        members = sorted((o for o in officers if o.unit == unit), key=lambda o: o.id)
        if change < 0:
            leaving = sorted(members, key=lambda o: _rank(settings.seed, scenario.name, o.id))
            gone = {o.id for o in leaving[:-change]}
            officers = [o for o in officers if o.id not in gone]
        elif change > 0 and members:
            for k in range(change):
                model = members[k % len(members)]
                officers.append(replace(model, id=f"{unit}-extra-{k + 1:03d}"))
    if week is None:
        return replace(
            zone, settings=settings, priorities=priorities, officers=tuple(officers)
        ), WeekInputs("")
    inputs = zone.week_inputs(week)
    ids = {o.id for o in officers}
    inputs = replace(
        inputs,
        on_duty=tuple(d for d in inputs.on_duty if d.officer in ids),
        absences=tuple(a for a in inputs.absences if a.officer in ids),
        on_call=tuple(c for c in inputs.on_call if c.officer in ids),
    )
    tz = zone_tz(settings.timezone)
    monday = dt.date.fromisocalendar(*parse_week(week), 1)
    week_start = dt.datetime.combine(monday, dt.time(), tz)
    week_end = week_start + dt.timedelta(days=8)
    if scenario.absence_rate > 0:
        absent = {a.officer for a in inputs.absences}
        pool = sorted(
            (o for o in officers if o.operational and o.id not in absent),
            key=lambda o: _rank(settings.seed, scenario.name, o.id),
        )
        operational = sum(1 for o in officers if o.operational)
        count = min(len(pool), round(scenario.absence_rate * operational))
        extra = tuple(Absence(o.id, "sickness", week_start, week_end) for o in pool[:count])
        inputs = replace(inputs, absences=inputs.absences + extra)
    extra_commitments = []
    for k, c in enumerate(scenario.commitments):
        day = parse_days(c["day"])[0]
        date = monday + dt.timedelta(days=day)
        start_min, end_min = parse_clock(c["start"]), parse_clock(c["end"], True)
        if start_min < settings.day_start_minute:
            # the operational day runs from day_start: "Sat 01:00" is the night after Saturday
            start_min, end_min = start_min + 1440, end_min + 1440
        start = local_to_utc(date, start_min, tz)
        end = local_to_utc(date, end_min, tz)
        extra_commitments.append(
            Commitment(
                id=f"{scenario.name}-{k + 1}",
                type=str(c.get("type", "hycap")),
                start=start,
                end=end,
                officers=int(c["officers"]),
                qualification=str(c.get("qualification", "")),
                label=str(c.get("label", scenario.label)),
            )
        )
    inputs = replace(inputs, commitments=inputs.commitments + tuple(extra_commitments))
    new_zone = replace(zone, settings=settings, priorities=priorities, officers=tuple(officers))
    return new_zone, inputs


def zone_tz(name: str):
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


__all__ = ["apply_scenario", "get_scenario", "Officer"]
