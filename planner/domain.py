"""Domain layer: the zone's data as frozen dataclasses, in the users' words.

Nothing here knows about files or the solver. The loader (`planner.zone_io`) builds these
objects and reports bad input with file, row and field; the constructors here only guard
the invariants that any caller must respect.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

BASIC_MISSIONS = (
    "intervention",
    "reception",
    "neighbourhood",
    "victim_assistance",
    "investigation",
    "public_order",
    "traffic",
)
PRIORITY_IDS = ("road_safety", "quality_of_life", "burglary", "drugs", "radicalism")
ABSENCE_TYPES = ("leave", "sickness", "training", "court", "other")
COMMITMENT_TYPES = (
    "hycap",
    "training",
    "court",
    "cell_guard",
    "transfer",
    "administration",
    "other",
)
OPERATIONAL_GRADES = ("agent", "INP", "INPP", "CP", "CDP")
CALOG_GRADES = ("calog_A", "calog_B", "calog_C", "calog_D")
LEVELS = ("legal", "zone")

MISSION_LABELS = {
    "intervention": ("Intervention", "Interventie"),
    "reception": ("Accueil", "Onthaal"),
    "neighbourhood": ("Travail de quartier", "Wijkwerking"),
    "victim_assistance": ("Assistance policière aux victimes", "Slachtofferbejegening"),
    "investigation": ("Recherche locale", "Lokale recherche"),
    "public_order": ("Maintien de l'ordre public", "Handhaving openbare orde"),
    "traffic": ("Circulation", "Verkeer"),
}


@dataclass(frozen=True)
class TimeWindow:
    """Weekly window: on each of `days`, from `start_minute` to `end_minute` after that day's
    midnight (`end_minute` may pass 24:00 for a window that runs past midnight)."""

    days: tuple[int, ...]
    start_minute: int
    end_minute: int
    months: tuple[int, ...] = ()  # empty: every month

    def __post_init__(self) -> None:
        if self.end_minute <= self.start_minute:
            raise ValueError("a window must end after it starts")


@dataclass(frozen=True)
class Norms:
    """The zone's settings for the basic missions: legal minimum and zone standard.

    Figures marked (default) in DOMAIN.md are settings with that default here.
    """

    neighbourhood_inhabitants_per_inspector_legal: int = 4000
    neighbourhood_inhabitants_per_inspector_zone: int = 4000
    neighbourhood_weekly_hours: float = 38.0
    neighbourhood_share: float = 0.80
    neighbourhood_window: TimeWindow = TimeWindow(tuple(range(7)), 7 * 60, 21 * 60)
    # the desk's opening windows (zone.toml `reception_window`: one window or a list);
    # overlapping windows count their common hours once
    reception_windows: tuple[TimeWindow, ...] = (TimeWindow(tuple(range(7)), 8 * 60, 20 * 60),)
    reception_officers_legal: int = 1
    reception_officers_zone: int = 1
    intervention_team_size: int = 2
    intervention_teams_legal: int = 1
    intervention_teams_day: int = 3
    intervention_teams_night: int = 2
    intervention_extra_teams_weekend_night: int = 1
    intervention_day_start_minute: int = 7 * 60
    intervention_day_end_minute: int = 23 * 60
    investigation_hours_per_day: float = 8.0
    investigation_share: float = 0.10
    investigation_window: TimeWindow = TimeWindow(tuple(range(7)), 7 * 60, 21 * 60)
    traffic_share_legal: float = 0.08
    traffic_share_zone: float = 0.08
    road_safety_counts_for_traffic: bool = True
    public_order_on_call: int = 1
    victim_assistance_on_call: int = 1
    public_order_qualification: str = "OPA"
    victim_assistance_qualification: str = "victim_assistance"


@dataclass(frozen=True)
class Staffing:
    """Which units may staff which activity (CALog staff only where listed)."""

    intervention: tuple[str, ...] = ("intervention",)
    reception: tuple[str, ...] = ("reception",)
    neighbourhood: tuple[str, ...] = ("neighbourhood",)
    investigation: tuple[str, ...] = ("investigation",)
    traffic: tuple[str, ...] = ("traffic",)
    operations: tuple[str, ...] = ("intervention", "neighbourhood", "traffic", "investigation")
    commitments: tuple[str, ...] = ("intervention", "neighbourhood", "traffic", "investigation")

    def units_for(self, activity: str) -> tuple[str, ...]:
        return getattr(self, activity)


@dataclass(frozen=True)
class ZoneSettings:
    name: str
    inhabitants: int
    communes: tuple[str, ...]
    timezone: str = "Europe/Brussels"
    block_hours: int = 4
    day_start_minute: int = 7 * 60
    shifts: dict[str, tuple[int, int]] = field(default_factory=dict)  # code -> (start, end) min
    # shift codes marked `exception = true` in [shifts]: their length is not checked against
    # the statute's 4-12 hours (planner.sanity)
    shift_exceptions: frozenset[str] = frozenset()
    norms: Norms = Norms()
    staffing: Staffing = Staffing()
    hycap_yearly_share: float = 0.013
    hycap_used_hours_ytd: float = 0.0
    net_productive_hours_per_year: float = 1500.0
    seed: int = 1


@dataclass(frozen=True)
class Officer:
    id: str
    unit: str
    team: str  # empty: availability comes from the dated on-duty export
    grade: str
    contract_hours: float
    qualifications: frozenset[str]

    @property
    def operational(self) -> bool:
        return self.grade in OPERATIONAL_GRADES


@dataclass(frozen=True)
class Team:
    """A repeating shift pattern: `cycle[k]` is the shift code worked `k` days after the anchor
    date (modulo the cycle's length); '-' is a day off."""

    id: str
    anchor: dt.date
    cycle: tuple[str, ...]
    row: int | None = field(default=None, compare=False)  # row in teams.csv, for warnings


@dataclass(frozen=True)
class DutyInterval:
    officer: str
    start: dt.datetime  # aware
    end: dt.datetime


@dataclass(frozen=True)
class Absence:
    officer: str
    type: str
    start: dt.datetime  # aware
    end: dt.datetime


@dataclass(frozen=True)
class Commitment:
    """A HyCap request or another fixed commitment: officers lent or tied up for a time."""

    id: str
    type: str
    start: dt.datetime  # aware
    end: dt.datetime
    officers: int
    qualification: str  # "" when any operational officer will do
    label: str = ""


@dataclass(frozen=True)
class Priority:
    id: str
    label_fr: str
    label_nl: str
    weight: float
    floor_hours: float = 0.0
    cap_hours: float | None = None


@dataclass(frozen=True)
class OperationType:
    id: str
    priority: str
    label_fr: str
    label_nl: str
    crew: int
    duration_hours: int
    windows: tuple[TimeWindow, ...]
    preferred: tuple[TimeWindow, ...] = ()
    qualifications: frozenset[str] = frozenset()
    max_per_day: int = 4


@dataclass(frozen=True)
class PinnedOperation:
    operation: str
    start: dt.datetime  # aware
    note: str = ""


@dataclass(frozen=True)
class Scenario:
    """Named overrides of the zone's data; see docs/data-format.md."""

    name: str
    label: str = ""
    weights: dict[str, float] = field(default_factory=dict)
    floors: dict[str, float] = field(default_factory=dict)
    caps: dict[str, float | None] = field(default_factory=dict)
    absence_rate: float = 0.0  # extra share of operational officers off sick all week
    staff_change: dict[str, int] = field(default_factory=dict)  # unit -> +N / -N officers
    commitments: tuple[dict, ...] = ()  # weekday-relative extra requests
    norms: dict[str, object] = field(default_factory=dict)  # Norms field -> value


@dataclass(frozen=True)
class WeekInputs:
    """Dated inputs for one ISO week (zone folder `weeks/<week>/`)."""

    week: str
    on_duty: tuple[DutyInterval, ...] = ()
    absences: tuple[Absence, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    pinned: tuple[PinnedOperation, ...] = ()


@dataclass(frozen=True)
class Zone:
    settings: ZoneSettings
    officers: tuple[Officer, ...]
    teams: dict[str, Team]
    priorities: tuple[Priority, ...]
    operations: tuple[OperationType, ...]
    scenarios: dict[str, Scenario]
    weeks: dict[str, WeekInputs]
    source: str = ""
    # planner.sanity.InputWarning records found when the zone was loaded: inputs that load
    # but break a rule of working time or a structural norm (warnings, not errors)
    warnings: tuple = field(default=(), compare=False)

    def week_inputs(self, week: str) -> WeekInputs:
        return self.weeks.get(week, WeekInputs(week))

    def priority(self, pid: str) -> Priority:
        return next(p for p in self.priorities if p.id == pid)

    def operation(self, oid: str) -> OperationType:
        return next(o for o in self.operations if o.id == oid)
