"""Domain layer: the zone's data as frozen dataclasses, in the users' words.

Nothing here knows about files or the solver. The loader (`planner.zone_io`) builds these
objects and reports bad input with file, row and field; the constructors here only guard
the invariants that any caller must respect.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from fractions import Fraction

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
PERCENT_BASES = ("contract", "available")
# the only basic missions CALog staff may ever count for (DOMAIN.md, "Who counts")
CALOG_MAY_STAFF = ("reception", "traffic")

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
    # the base of the traffic and investigation shares: "contract" (the week's share of all
    # staff's contract hours, so absences do not lower the norm) or "available" hours
    percent_base: str = "contract"

    def __post_init__(self) -> None:
        if self.percent_base not in PERCENT_BASES:
            raise ValueError(f"percent_base must be one of {', '.join(PERCENT_BASES)}")
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
    # basic missions CALog staff may count for: traffic by law (the 8 % rule counts them),
    # reception where the zone lets them; every other activity is police work
    calog: tuple[str, ...] = ("traffic",)

    def __post_init__(self) -> None:
        bad = [a for a in self.calog if a not in CALOG_MAY_STAFF]
        if bad:
            raise ValueError(f"CALog staff may only count for {', '.join(CALOG_MAY_STAFF)}, not {bad}")

    def calog_allowed(self, activity: str) -> bool:
        return activity in self.calog

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
    full_time_hours: float = 38.0  # a contract of this many hours a week works every shift
    seed: int = 1
    # qualification codes the zone knows besides those its staff hold ([zone] qualifications)
    qualifications: tuple[str, ...] = ()


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


def works_shift(shift_number: int, contract_hours: float, full_time_hours: float) -> bool:
    """Part-time rule: an officer whose contract is a share s = contract / full time (< 1) of
    a full-time post works the rostered shifts k of the pattern where floor((k + 1) s) >
    floor(k s); k counts the pattern's shifts from its anchor (negative before it), shifted
    by the officer's place in the team so part-timers of one team are off on different
    shifts. Exact fractions, so 30.4 of 38 h works 4 shifts of every 5."""
    share = Fraction(str(contract_hours)) / Fraction(str(full_time_hours))
    if share >= 1:
        return True
    return math.floor((shift_number + 1) * share) > math.floor(shift_number * share)


@dataclass(frozen=True)
class Team:
    """A repeating shift pattern: `cycle[k]` is the shift code worked `k` days after the anchor
    date (modulo the cycle's length); '-' is a day off."""

    id: str
    anchor: dt.date
    cycle: tuple[str, ...]
    row: int | None = field(default=None, compare=False)  # row in teams.csv, for warnings

    def shift_number(self, date: dt.date) -> int | None:
        """Which rostered shift of the pattern `date` is, counted from the anchor (the first
        shift on or after it is 0), or None on a day off."""
        offset = (date - self.anchor).days
        turns, pos = divmod(offset, len(self.cycle))
        if self.cycle[pos] == "-":
            return None
        per_turn = sum(1 for c in self.cycle if c != "-")
        return turns * per_turn + sum(1 for c in self.cycle[:pos] if c != "-")


@dataclass(frozen=True)
class DutyInterval:
    officer: str
    start: dt.datetime  # aware
    end: dt.datetime


@dataclass(frozen=True)
class OnCall:
    """An officer on call at home, reachable and recallable, from `start` to `end` (from a
    dated week file, or an occurrence of a zone's on-call rota)."""

    officer: str
    start: dt.datetime  # aware
    end: dt.datetime


@dataclass(frozen=True)
class OnCallRota:
    """The zone's standing on-call rota: `officer` is on call whenever pattern `team` has a
    shift (teams.csv and zone.toml [shifts])."""

    officer: str
    team: str


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
    on_call: tuple[OnCall, ...] = ()


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
    on_call_rota: tuple[OnCallRota, ...] = ()
    # planner.sanity.InputWarning records found when the zone was loaded: inputs that load
    # but break a rule of working time or a structural norm (warnings, not errors)
    warnings: tuple = field(default=(), compare=False)

    def week_inputs(self, week: str) -> WeekInputs:
        return self.weeks.get(week, WeekInputs(week))

    def priority(self, pid: str) -> Priority:
        return next(p for p in self.priorities if p.id == pid)

    def operation(self, oid: str) -> OperationType:
        return next(o for o in self.operations if o.id == oid)
