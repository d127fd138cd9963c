"""One week of the year as figures: what was planned (`WeekRecord`, read from the plan's
exported files, so that a validated plan counts exactly as it was issued) and what was done
(`DoneRecord`, from the week's actuals)."""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from planner.domain import LEVELS, Zone
from planner.problem import ACTIVITIES
from planner.results import STATUS_KINDS
from planner.year import Actuals

# where a week's plan comes from: validated and sent, or planned by the planner now
SOURCES = ("validated", "planned")


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _number(text: str) -> float:
    return float(text) if text not in ("", None) else 0.0


@dataclass(frozen=True)
class WeekRecord:
    """A week's plan in the figures the year adds up (person-hours unless said)."""

    week: str
    source: str  # one of SOURCES
    priority_hours: Mapping[str, float] = field(default_factory=dict)
    operation_counts: Mapping[str, int] = field(default_factory=dict)  # crews per type
    # person-hours on duty per basic mission (on-call standby not counted)
    mission_hours: Mapping[str, float] = field(default_factory=dict)
    # shortfall of each basic mission at each level (legal, zone), in the norm's hours
    norm_short: Mapping[tuple[str, str], float] = field(default_factory=dict)
    hycap_hours: float = 0.0  # lent to HyCap requests
    # shortfall hours of each kind of the plan's status (planner.results.STATUS_KINDS)
    shortfalls: Mapping[str, float] = field(default_factory=dict)
    waterfall: Mapping[str, float] = field(default_factory=dict)  # step -> hours

    @property
    def legal_short_hours(self) -> float:
        return sum(h for (_, level), h in self.norm_short.items() if level == "legal")

    @property
    def zone_short_hours(self) -> float:
        return sum(h for (_, level), h in self.norm_short.items() if level == "zone")

    @classmethod
    def from_files(cls, week: str, files: Mapping[str, str], source: str) -> WeekRecord:
        """From plan.csv, norms.csv, priorities.csv, commitments.csv and waterfall.csv as
        `planner.export.export_files` writes them."""
        if source not in SOURCES:
            raise ValueError(f"unknown source {source!r}")
        counts: Counter[str] = Counter()
        missions: dict[str, float] = defaultdict(float)
        for r in _rows(files["plan.csv"]):
            if r["kind"] == "priority_operation":
                counts[r["activity"]] += 1
            elif r["kind"] == "basic_mission" and r["duty"] == "on_duty":
                missions[r["activity"]] += _number(r["hours"])
        # norms.csv holds every obligation of the plan's status, its kind in `level`
        norm_short: dict[tuple[str, str], float] = {}
        shortfalls = {kind: 0.0 for kind in STATUS_KINDS}
        for r in _rows(files["norms.csv"]):
            short = _number(r["shortfall_hours"])
            shortfalls[r["level"]] += short
            if r["level"] in LEVELS and short > 0:
                norm_short[(r["functionality"], r["level"])] = short
        hycap = sum(
            _number(r["hours"]) for r in _rows(files["commitments.csv"]) if r["type"] == "hycap"
        )
        prios = _rows(files["priorities.csv"])
        return cls(
            week=week,
            source=source,
            priority_hours={r["priority"]: _number(r["hours"]) for r in prios},
            operation_counts=dict(sorted(counts.items())),
            mission_hours=dict(sorted(missions.items())),
            norm_short=dict(sorted(norm_short.items())),
            hycap_hours=hycap,
            shortfalls=shortfalls,
            waterfall={r["step"]: _number(r["hours"]) for r in _rows(files["waterfall.csv"])},
        )


@dataclass(frozen=True)
class DoneRecord:
    """A week's actuals in the same figures as its plan."""

    week: str
    priority_hours: Mapping[str, float] = field(default_factory=dict)
    operation_counts: Mapping[str, int] = field(default_factory=dict)
    mission_hours: Mapping[str, float] = field(default_factory=dict)
    hycap_hours: float = 0.0
    commitment_hours: float = 0.0  # other commitments

    @classmethod
    def from_actuals(cls, actuals: Actuals, zone: Zone) -> DoneRecord:
        priority_of = {o.id: o.priority for o in zone.operations}
        prios: dict[str, float] = {p.id: 0.0 for p in zone.priorities}
        counts: Counter[str] = Counter()
        missions: dict[str, float] = defaultdict(float)
        hycap = other = 0.0
        for line in actuals.lines:
            if line.activity in priority_of:
                prios[priority_of[line.activity]] += line.hours
                counts[line.activity] += 1
            elif line.activity in ACTIVITIES:
                missions[line.activity] += line.hours
            elif line.activity == "hycap":
                hycap += line.hours
            else:
                other += line.hours
        return cls(
            week=actuals.week,
            priority_hours=prios,
            operation_counts=dict(sorted(counts.items())),
            mission_hours=dict(sorted(missions.items())),
            hycap_hours=hycap,
            commitment_hours=other,
        )
