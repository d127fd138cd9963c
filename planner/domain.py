"""Domain layer: the zone's data as frozen dataclasses, in the users' words.

Nothing here knows about files or the solver. Each object checks its own rules when built
(a floor above a cap, a crew of nobody, a window that ends before it starts...) and raises
`planner.errors.DomainError` (code, field, value, expected), whoever builds it: the loader
(`planner.zone_io`) reports it with file and row like its own checks, and a scenario laid
over the zone (`planner.scenarios.apply_scenario`) as an input error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache

from planner.errors import DomainError

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


def _require(
    ok: bool, code: str, field: str, value: object, expected: str, **values: object
) -> None:
    """Raise DomainError(code, field, value, expected, values) unless `ok`; `expected` is a
    code of planner.text.inputs (the words are the text layer's)."""
    if not ok:
        raise DomainError(code, field, value, expected, values)


def _at_least(obj: object, minimum: float, *names: str) -> None:
    """Each named number of `obj` is at least `minimum`."""
    for name in names:
        value = getattr(obj, name)
        _require(value >= minimum, "below_minimum", name, value, "range", min=minimum, max=None)


@dataclass(frozen=True)
class TimeWindow:
    """Weekly window: on each of `days`, from `start_minute` to `end_minute` after that day's
    midnight (`end_minute` may pass 24:00 for a window that runs past midnight)."""

    days: tuple[int, ...]
    start_minute: int
    end_minute: int
    months: tuple[int, ...] = ()  # empty: every month

    def __post_init__(self) -> None:
        _require(
            self.end_minute > self.start_minute,
            "window_ends_before_start",
            "end_minute",
            self.end_minute,
            "end_after_start",
            start=self.start_minute,
        )
        _require(
            all(0 <= d <= 6 for d in self.days), "weekday", "days", self.days, "range", min=0, max=6
        )
        _require(all(1 <= m <= 12 for m in self.months), "month", "months", self.months, "months")


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
    public_order_on_call: int = 1
    victim_assistance_on_call: int = 1
    public_order_qualification: str = "OPA"
    victim_assistance_qualification: str = "victim_assistance"

    def __post_init__(self) -> None:
        _require(
            self.percent_base in PERCENT_BASES,
            "percent_base",
            "percent_base",
            self.percent_base,
            "one_of",
            options=PERCENT_BASES,
        )
        for name in (
            "neighbourhood_share",
            "investigation_share",
            "traffic_share_legal",
            "traffic_share_zone",
        ):
            value = getattr(self, name)
            _require(0 <= value <= 1, "share", name, value, "range", min=0, max=1)
        _at_least(
            self,
            1,
            "neighbourhood_inhabitants_per_inspector_legal",
            "neighbourhood_inhabitants_per_inspector_zone",
        )
        _at_least(
            self,
            0,
            "neighbourhood_weekly_hours",
            "reception_officers_legal",
            "reception_officers_zone",
            "intervention_team_size",
            "intervention_teams_legal",
            "intervention_teams_day",
            "intervention_teams_night",
            "intervention_extra_teams_weekend_night",
            "investigation_hours_per_day",
            "public_order_on_call",
            "victim_assistance_on_call",
        )


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
        _require(
            set(self.calog) <= set(CALOG_MAY_STAFF),
            "calog_staffing",
            "calog",
            self.calog,
            "calog_missions",
            options=CALOG_MAY_STAFF,
        )

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
    # the language the zone writes its labels in first ([zone] language); None: not said
    language: str | None = None


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
    p, q = _share(contract_hours, full_time_hours)
    if p >= q:
        return True
    return (shift_number + 1) * p // q > shift_number * p // q


@cache
def _share(contract_hours: float, full_time_hours: float) -> tuple[int, int]:
    """contract / full time as an exact fraction p / q (in lowest terms)."""
    share = Fraction(str(contract_hours)) / Fraction(str(full_time_hours))
    return share.numerator, share.denominator


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

    def __post_init__(self) -> None:
        _at_least(self, 1, "officers")
        _require(
            self.end > self.start,
            "ends_before_start",
            "end",
            self.end.isoformat(),
            "end_after_start",
            start=self.start,
        )


# the order in which a label's languages stand in for a missing one, after the language
# asked for and the zone's own language
LABEL_FALLBACK = ("fr", "nl", "en")


@dataclass(frozen=True)
class Labels(Mapping[str, str]):
    """A name the zone gives something in its own words, {language: text} (user data: the
    label of a priority or an operation type). Immutable, hashable and picklable; empty
    texts are left out. `zone_lang` is the zone's own language ([zone] language), the first
    stand-in for a language the zone did not write."""

    texts: tuple[tuple[str, str], ...] = ()
    zone_lang: str | None = None

    @classmethod
    def of(cls, texts: Mapping[str, str], zone_lang: str | None = None) -> Labels:
        return cls(tuple(sorted((k, v) for k, v in texts.items() if v)), zone_lang)

    def __getitem__(self, lang: str) -> str:
        for key, text in self.texts:
            if key == lang:
                return text
        raise KeyError(lang)

    def __iter__(self) -> Iterator[str]:
        return (key for key, _ in self.texts)

    def __len__(self) -> int:
        return len(self.texts)

    def pick(self, lang: str | None, identifier: str) -> str:
        """The text in `lang`, else in the zone's language, else in French, Dutch, English,
        else the identifier humanised ('speed_check' -> 'Speed check')."""
        for key in (lang, self.zone_lang, *LABEL_FALLBACK):
            if key in self:
                return self[key]
        if self.texts:  # only languages outside the fallback order (e.g. de)
            return self.texts[0][1]
        return humanise(identifier)


def humanise(identifier: str) -> str:
    """'speed_check' -> 'Speed check': an id as a label when the data gives none."""
    text = identifier.replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]


class _Labelled:
    """`label(lang)` and the French and Dutch labels of the CSV files' label_fr / label_nl
    columns, for a domain object with `id` and `labels`."""

    id: str
    labels: Labels

    def label(self, lang: str | None = None) -> str:
        return self.labels.pick(lang, self.id)

    @property
    def label_fr(self) -> str:
        return self.label("fr")

    @property
    def label_nl(self) -> str:
        return self.label("nl")


@dataclass(frozen=True)
class Priority(_Labelled):
    id: str
    labels: Labels
    weight: float
    floor_hours: float = 0.0
    cap_hours: float | None = None

    def __post_init__(self) -> None:
        _at_least(self, 0, "weight", "floor_hours")
        if self.cap_hours is not None:
            _at_least(self, 0, "cap_hours")
            _require(
                self.floor_hours <= self.cap_hours,
                "floor_above_cap",
                "floor_hours",
                self.floor_hours,
                "floor_at_most_cap",
                cap=self.cap_hours,
            )


@dataclass(frozen=True)
class OperationType(_Labelled):
    id: str
    priority: str
    labels: Labels
    crew: int
    duration_hours: int
    windows: tuple[TimeWindow, ...]
    preferred: tuple[TimeWindow, ...] = ()
    qualifications: frozenset[str] = frozenset()
    max_per_day: int = 4

    def __post_init__(self) -> None:
        _at_least(self, 1, "crew", "duration_hours")
        _at_least(self, 0, "max_per_day")


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
    # the PZS year's remaining targets become floors (planner.year.catchup)
    catch_up: bool = False

    def __post_init__(self) -> None:
        _require(
            0 <= self.absence_rate <= 1,
            "share",
            "absence_rate",
            self.absence_rate,
            "range",
            min=0,
            max=1,
        )
        for name in ("weights", "floors", "caps"):
            for pid, value in getattr(self, name).items():
                _require(
                    value is None or value >= 0,
                    "below_minimum",
                    f"{name}.{pid}",
                    value,
                    "range",
                    min=0,
                    max=None,
                )


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
