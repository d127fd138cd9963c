"""Scenario layer: turn a zone, a week and a scenario into the numbers the model needs.

`build_problem` computes, for every block of the week, how many officers of each *pool*
(officers who share unit, grade class and relevant qualifications) are on duty, and what
each basic mission requires in that block, at the legal and at the zone level. The model
works on pools, not on named officers: the plan is about capacity, and the scheduling tool
assigns names.

The `Problem` is frozen (its arrays read-only): a what-if builds a new one with
`dataclasses.replace` or `with_operations`. Each part is built by one small function below.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from planner.domain import (
    Commitment,
    Norms,
    OperationType,
    Priority,
    Staffing,
    TimeWindow,
    WeekInputs,
    Zone,
    works_shift,
)
from planner.errors import InputError, InputIssue
from planner.scenarios import apply_scenario, get_scenario
from planner.timegrid import (
    UTC,
    WeekGrid,
    build_week_grid,
    local_to_utc,
    merged_spans,
    overlap_hours,
    window_instants,
    within_any,
)

ACTIVITIES = ("intervention", "reception", "neighbourhood", "investigation", "traffic")
# marks the staffing group of road-safety operations where a traffic reserve exists: only
# they may draw on it (no officer holds this code)
ROAD_SAFETY_MARK = "(road safety)"
# the priority whose operations count for traffic when the zone says so
# (Norms.road_safety_counts_for_traffic); Problem.traffic_counting_priorities carries it
ROAD_SAFETY = "road_safety"


@dataclass(frozen=True)
class Pool:
    key: str
    unit: str
    operational: bool
    qualifications: frozenset[str]


@dataclass(frozen=True)
class OperationStart:
    """One way to run one crew of an operation type: its first block and the blocks it holds."""

    index: int
    operation: str
    priority: str
    day: int
    start_block: int
    blocks: tuple[int, ...]
    hours: int  # real hours of one crew (sum of the blocks' hours)
    person_hours: int  # crew x hours
    preferred: bool


@dataclass(frozen=True)
class CommitmentNeed:
    commitment: Commitment
    blocks: tuple[int, ...]
    pools: tuple[int, ...]  # eligible pool indexes


@dataclass(frozen=True)
class ReceptionBlock:
    """A block the desk is open in only in part: the model reserves the whole block."""

    block: int
    block_hours: int  # real hours of the block (all of them reserved)
    open_hours: float  # desk opening hours within it
    open_spans: tuple[tuple[dt.datetime, dt.datetime], ...]  # UTC, the open parts of the block


@dataclass(frozen=True)
class ReceptionCover:
    """The desk's opening hours against the hours the model reserves for it, per desk post
    (one officer): the requirement (norms table) counts the opening hours, the reservation
    whole blocks, so a window off the block grid reserves more than it opens."""

    open_hours: float  # opening hours in the week, overlapping windows counted once
    reserved_hours: float  # real hours of every block in which the desk opens
    partial_blocks: tuple[ReceptionBlock, ...]  # blocks open only in part, in week order


@dataclass(frozen=True)
class ProblemNote:
    """A remark on the week's inputs shown with the plan: a code and its values, worded by
    the text layer (planner.views.plan_notes). Codes: no_dated_inputs {week}."""

    code: str
    values: Mapping[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, eq=False)
class Problem:
    zone: Zone
    scenario: str
    week: WeekInputs
    grid: WeekGrid
    pools: tuple[Pool, ...]
    available: np.ndarray  # [pool, block] officers on duty and not absent
    rostered: np.ndarray  # [pool, block] officers on duty before absences
    block_hours: np.ndarray  # [block] real hours
    officer_pool: dict[str, int]
    contract_hours: float
    operational_contract_hours: float
    roster_hours: float  # on-duty hours in whole blocks
    partial_hours: float  # on-duty hours outside whole blocks (not schedulable)
    absence_hours: dict[str, float]  # by absence type, within rostered blocks
    # requirements, officers per block
    intervention_legal: np.ndarray
    intervention_zone: np.ndarray
    reception_legal: np.ndarray
    reception_zone: np.ndarray
    reception_open_hours: np.ndarray  # desk opening hours within each block
    neighbourhood_blocks: np.ndarray  # bool [block]
    neighbourhood_legal_hours: float
    neighbourhood_zone_hours: float
    investigation_blocks: np.ndarray
    investigation_day_hours: float
    investigation_zone_hours: float
    traffic_legal_hours: float
    traffic_zone_hours: float
    public_order_on_call: int
    victim_on_call: int
    public_order_pools: tuple[int, ...]
    victim_pools: tuple[int, ...]
    public_order_at_home: np.ndarray  # [block] qualified officers on call at home, not on duty
    victim_at_home: np.ndarray
    traffic_reserve_pools: tuple[int, ...]  # traffic held from them may run road-safety ops
    # priorities whose operations count for traffic (empty when the zone says they do not):
    # the one place that rule is decided
    traffic_counting_priorities: frozenset[str]
    eligible: dict[str, tuple[int, ...]]  # activity -> pool indexes
    commitments: tuple[CommitmentNeed, ...]
    priorities: tuple[Priority, ...]
    operations: tuple[OperationType, ...]
    starts: tuple[OperationStart, ...]
    op_pools: dict[str, tuple[int, ...]]  # operation id -> eligible pools
    pinned: tuple[tuple[int, str], ...]  # (start index, note)
    notes: tuple[ProblemNote, ...] = ()
    reception: ReceptionCover = ReceptionCover(0.0, 0.0, ())

    def __post_init__(self) -> None:
        for name in (
            "available",
            "rostered",
            "block_hours",
            "intervention_legal",
            "intervention_zone",
            "reception_legal",
            "reception_zone",
            "reception_open_hours",
            "neighbourhood_blocks",
            "investigation_blocks",
            "public_order_at_home",
            "victim_at_home",
        ):
            getattr(self, name).flags.writeable = False

    @property
    def n_blocks(self) -> int:
        return len(self.grid.blocks)

    @property
    def available_hours(self) -> float:
        return float((self.available * self.block_hours).sum())

    def pool_hours(self, mask) -> float:
        return float((self.available[list(mask)] * self.block_hours).sum()) if mask else 0.0

    def counts_for_traffic(self, start: OperationStart) -> bool:
        """Whether the person-hours of this operation start count for traffic."""
        return start.priority in self.traffic_counting_priorities


def build_problem(zone: Zone, week: str, scenario: str = "baseline") -> Problem:
    """All numbers for planning `week` of `zone` under `scenario`; raises InputError."""
    base_zone = zone
    zone, inputs = apply_scenario(zone, get_scenario(zone, scenario), week)
    s = zone.settings
    norms = s.norms
    grid = build_week_grid(week, s.timezone, s.block_hours, s.day_start_minute)
    hours = np.array([b.hours for b in grid.blocks], dtype=np.int64)
    cap = pool_capacity(zone, inputs, grid, hours)
    eligible, traffic_reserve = eligible_pools(cap.pools, s.staffing, norms)
    inter_legal, inter_zone = intervention_requirements(norms, grid)
    desk = reception_requirements(norms, grid, hours)
    neigh_legal, neigh_zone = neighbourhood_hours(s.inhabitants, norms)
    total_hours, operational_hours = percent_base_hours(zone, grid, cap.pools, cap.available, hours)
    starts, pinned = operation_starts(zone, inputs, grid, hours, week)
    return Problem(
        zone=zone,
        scenario=scenario,
        week=inputs,
        grid=grid,
        pools=cap.pools,
        available=cap.available,
        rostered=cap.rostered,
        block_hours=hours,
        officer_pool=cap.officer_pool,
        contract_hours=float(sum(o.contract_hours for o in zone.officers)),
        operational_contract_hours=float(
            sum(o.contract_hours for o in zone.officers if o.operational)
        ),
        roster_hours=float((cap.rostered * hours).sum()),
        partial_hours=cap.partial_hours,
        absence_hours=cap.absence_hours,
        intervention_legal=inter_legal,
        intervention_zone=inter_zone,
        reception_legal=desk.legal,
        reception_zone=desk.zone,
        reception_open_hours=desk.open_hours,
        neighbourhood_blocks=window_blocks(norms.neighbourhood_window, grid),
        neighbourhood_legal_hours=neigh_legal,
        neighbourhood_zone_hours=max(neigh_zone, neigh_legal),
        investigation_blocks=window_blocks(norms.investigation_window, grid),
        investigation_day_hours=norms.investigation_hours_per_day,
        investigation_zone_hours=max(
            norms.investigation_share * operational_hours, 7 * norms.investigation_hours_per_day
        ),
        traffic_legal_hours=norms.traffic_share_legal * total_hours,
        traffic_zone_hours=norms.traffic_share_zone * total_hours,
        public_order_on_call=norms.public_order_on_call,
        victim_on_call=norms.victim_assistance_on_call,
        public_order_at_home=cap.public_order_at_home,
        victim_at_home=cap.victim_at_home,
        traffic_reserve_pools=traffic_reserve,
        traffic_counting_priorities=traffic_counting_priorities(norms),
        public_order_pools=qualified_pools(cap.pools, norms.public_order_qualification),
        victim_pools=qualified_pools(cap.pools, norms.victim_assistance_qualification),
        eligible=eligible,
        commitments=commitment_needs(inputs, grid, cap.pools, s.staffing),
        priorities=zone.priorities,
        operations=zone.operations,
        starts=starts,
        op_pools=operation_pools(zone.operations, cap.pools, s.staffing),
        pinned=pinned,
        notes=week_notes(base_zone, week),
        reception=desk.cover,
    )


# -- capacity: who is on duty, per pool and block ------------------------------------------


class TeamShift(NamedTuple):
    number: int  # the shift's number counted from the pattern's anchor
    blocks: set[int]  # the whole blocks it covers
    partial_hours: float  # its hours inside the week outside whole blocks


@dataclass(frozen=True)
class PoolCapacity:
    """Officers per pool and block, with what the waterfall and the on-call norms need."""

    pools: tuple[Pool, ...]
    officer_pool: dict[str, int]
    rostered: np.ndarray  # [pool, block]
    available: np.ndarray  # [pool, block]
    absence_hours: dict[str, float]  # by absence type, sorted
    partial_hours: float
    public_order_at_home: np.ndarray  # [block]
    victim_at_home: np.ndarray  # [block]


def relevant_qualifications(zone: Zone, inputs: WeekInputs) -> set[str]:
    """The qualifications that matter this week (on-call norms, operations, commitments):
    the rest are folded away to keep pools few."""
    norms = zone.settings.norms
    relevant = {norms.public_order_qualification, norms.victim_assistance_qualification}
    for op in zone.operations:
        relevant |= op.qualifications
    for c in inputs.commitments:
        if c.qualification:
            relevant.add(c.qualification)
    return relevant


def team_shifts(zone: Zone, grid: WeekGrid, hours: np.ndarray) -> dict[str, list[TeamShift]]:
    """Each team's shifts touching the week (from the Sunday before, for nights into
    Monday); part-timers work some of them only."""
    s = zone.settings
    out: dict[str, list[TeamShift]] = {}
    for tid, team in zone.teams.items():
        shifts = []
        for day in range(-1, 7):
            date = grid.monday + dt.timedelta(days=day)
            number = team.shift_number(date)
            if number is None:
                continue
            a, b = s.shifts[team.cycle[(date - team.anchor).days % len(team.cycle)]]
            t0, t1 = local_to_utc(date, a, grid.tz), local_to_utc(date, b, grid.tz)
            got = set(grid.blocks_within(t0, t1))
            inside = overlap_hours(t0, t1, grid.start_utc, grid.end_utc)
            shifts.append(TeamShift(number, got, inside - sum(int(hours[i]) for i in got)))
        out[tid] = shifts
    return out


def officer_places(zone: Zone) -> dict[str, int]:
    """Each team member's place in the team (file order): it staggers part-timers' days off."""
    team_place: dict[str, int] = {}
    out: dict[str, int] = {}
    for o in zone.officers:
        if o.team:
            out[o.id] = team_place.get(o.team, 0)
            team_place[o.team] = out[o.id] + 1
    return out


def on_call_blocks(
    zone: Zone, inputs: WeekInputs, grid: WeekGrid, shifts: dict[str, list[TeamShift]]
) -> dict[str, set[int]]:
    """Blocks each officer is on call at home: the zone's rota (its pattern's shifts) and
    the week's dated rows."""
    out: dict[str, set[int]] = {}
    for rota in zone.on_call_rota:
        for shift in shifts[rota.team]:
            out.setdefault(rota.officer, set()).update(shift.blocks)
    for c in inputs.on_call:
        out.setdefault(c.officer, set()).update(
            grid.blocks_within(c.start.astimezone(UTC), c.end.astimezone(UTC))
        )
    return out


def officer_rostered(
    officer,
    zone: Zone,
    grid: WeekGrid,
    hours: np.ndarray,
    shifts: dict[str, list[TeamShift]],
    place: dict[str, int],
    duty_spans: list[tuple[dt.datetime, dt.datetime]],
) -> tuple[np.ndarray, list[float]]:
    """[block] True where the officer is on duty for the whole block: the team's shifts they
    work (part-timers their share) and the dated export's intervals; with the on-duty hours
    outside whole blocks, one figure per shift or interval."""
    on = np.zeros(len(grid.blocks), dtype=bool)
    partial: list[float] = []
    if officer.team:
        for shift in shifts[officer.team]:
            if works_shift(
                shift.number + place[officer.id],
                officer.contract_hours,
                zone.settings.full_time_hours,
            ):
                on[list(shift.blocks)] = True
                partial.append(shift.partial_hours)
    for t0, t1 in duty_spans:
        got = grid.blocks_within(t0, t1)
        on[got] = True
        inside = overlap_hours(t0, t1, grid.start_utc, grid.end_utc)
        partial.append(inside - sum(int(hours[i]) for i in got))
    return on, partial


def without_absences(
    mask: np.ndarray,
    absences,
    grid: WeekGrid,
    hours: np.ndarray,
    tally: dict[str, float] | None = None,
) -> np.ndarray:
    """A copy of `mask` without the blocks an absence touches; `tally` adds their hours by
    absence type (a block two absences touch counts for the first)."""
    out = mask.copy()
    for a in absences:
        a0, a1 = a.start.astimezone(UTC), a.end.astimezone(UTC)
        for i in np.flatnonzero(out):
            if grid.blocks[i].start_utc < a1 and a0 < grid.blocks[i].end_utc:
                out[i] = False
                if tally is not None:
                    tally[a.type] = tally.get(a.type, 0.0) + float(hours[i])
    return out


def pool_capacity(
    zone: Zone, inputs: WeekInputs, grid: WeekGrid, hours: np.ndarray
) -> PoolCapacity:
    """Officers on duty (rostered) and not absent (available) per pool and block, and
    qualified officers on call at home who are not on duty (public order, victim
    assistance). A pool is the officers of one unit and grade class holding the same
    relevant qualifications."""
    norms = zone.settings.norms
    n_blocks = len(grid.blocks)
    relevant = relevant_qualifications(zone, inputs)
    shifts = team_shifts(zone, grid, hours)
    place = officer_places(zone)
    home_blocks = on_call_blocks(zone, inputs, grid, shifts)
    duty_by_officer: dict[str, list[tuple[dt.datetime, dt.datetime]]] = {}
    for d in inputs.on_duty:
        duty_by_officer.setdefault(d.officer, []).append(
            (d.start.astimezone(UTC), d.end.astimezone(UTC))
        )
    absences_by_officer: dict[str, list] = {}
    for a in inputs.absences:
        absences_by_officer.setdefault(a.officer, []).append(a)

    opa_at_home = np.zeros(n_blocks, dtype=np.int64)
    victim_at_home = np.zeros(n_blocks, dtype=np.int64)
    pools: list[Pool] = []
    pool_index: dict[tuple, int] = {}
    officer_pool: dict[str, int] = {}
    rostered_rows: list[np.ndarray] = []
    available_rows: list[np.ndarray] = []
    absence_hours: dict[str, float] = {}
    partial_hours = 0.0
    for o in zone.officers:
        quals = frozenset(o.qualifications & relevant)
        key = (o.unit, o.operational, quals)
        if key not in pool_index:
            label = (
                o.unit
                + ("" if o.operational else "/calog")
                + "".join(f"+{q}" for q in sorted(quals))
            )
            pool_index[key] = len(pools)
            pools.append(Pool(label, o.unit, o.operational, quals))
            rostered_rows.append(np.zeros(n_blocks, dtype=np.int64))
            available_rows.append(np.zeros(n_blocks, dtype=np.int64))
        p = pool_index[key]
        officer_pool[o.id] = p
        on, partial = officer_rostered(
            o, zone, grid, hours, shifts, place, duty_by_officer.get(o.id, [])
        )
        for x in partial:  # one at a time, in order: the float sum does not depend on grouping
            partial_hours += x
        absences = absences_by_officer.get(o.id, [])
        avail = without_absences(on, absences, grid, hours, absence_hours)
        rostered_rows[p] += on
        available_rows[p] += avail
        if o.operational:
            home = np.zeros(n_blocks, dtype=bool)
            home[list(home_blocks.get(o.id, ()))] = True
            home = (
                without_absences(home, absences, grid, hours) & ~avail
            )  # on duty counts in the pools
            if norms.public_order_qualification in o.qualifications:
                opa_at_home += home
            if norms.victim_assistance_qualification in o.qualifications:
                victim_at_home += home
    return PoolCapacity(
        pools=tuple(pools),
        officer_pool=officer_pool,
        rostered=np.array(rostered_rows, dtype=np.int64).reshape(len(pools), n_blocks),
        available=np.array(available_rows, dtype=np.int64).reshape(len(pools), n_blocks),
        absence_hours=dict(sorted(absence_hours.items())),
        partial_hours=partial_hours,
        public_order_at_home=opa_at_home,
        victim_at_home=victim_at_home,
    )


def pools_for(pools, units, need=frozenset(), operational_only=False) -> tuple[int, ...]:
    """Indexes of the pools of `units` holding every qualification in `need` (operational
    grades only when `operational_only`)."""
    return tuple(
        i
        for i, p in enumerate(pools)
        if p.unit in units and need <= p.qualifications and (p.operational or not operational_only)
    )


def qualified_pools(pools, qualification: str) -> tuple[int, ...]:
    """Operational pools holding `qualification` (the on-call norms)."""
    return tuple(
        i for i, p in enumerate(pools) if qualification in p.qualifications and p.operational
    )


def traffic_counting_priorities(norms: Norms) -> frozenset[str]:
    """The priorities whose operations count for traffic: road safety, when the zone says
    so (Norms.road_safety_counts_for_traffic)."""
    return frozenset({ROAD_SAFETY}) if norms.road_safety_counts_for_traffic else frozenset()


def eligible_pools(
    pools, staffing: Staffing, norms: Norms
) -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
    """The pools that may staff each basic activity, and the traffic reserve.

    Police work is for operational grades; CALog counts only where the law or the zone lets
    it (traffic by law, reception by zone setting). When road-safety operations count for
    traffic, officers who can run them may be held for traffic in stage 1 (the reserve);
    stage 2 may turn that reserve into road-safety operations only, so the legal share is
    held first and never counted twice."""
    eligible = {
        a: pools_for(pools, staffing.units_for(a), operational_only=not staffing.calog_allowed(a))
        for a in ACTIVITIES
    }
    reserve: tuple[int, ...] = ()
    if traffic_counting_priorities(norms):
        reserve = pools_for(pools, staffing.operations, operational_only=True)
        eligible["traffic"] = tuple(sorted(set(eligible["traffic"]) | set(reserve)))
    return eligible, reserve


def operation_pools(operations, pools, staffing: Staffing) -> dict[str, tuple[int, ...]]:
    """Operation id -> the operational pools of the operations units holding its
    qualifications."""
    return {
        op.id: pools_for(pools, staffing.operations, op.qualifications, True) for op in operations
    }


# -- requirements, at the legal and the zone level ------------------------------------------


def intervention_requirements(norms: Norms, grid: WeekGrid) -> tuple[np.ndarray, np.ndarray]:
    """Officers required for intervention per block: the legal minimum (teams x team size)
    and the zone standard (day or night teams, an extra team on Friday and Saturday nights,
    never below the legal minimum)."""
    n_blocks = len(grid.blocks)
    team = norms.intervention_team_size
    legal = np.full(n_blocks, norms.intervention_teams_legal * team, dtype=np.int64)
    zone = np.zeros(n_blocks, dtype=np.int64)
    for b in grid.blocks:
        minute = b.start_minute % 1440
        day_time = norms.intervention_day_start_minute <= minute < norms.intervention_day_end_minute
        teams_needed = norms.intervention_teams_day if day_time else norms.intervention_teams_night
        # nights that start on Friday or Saturday evening get the extra team
        if not day_time:
            night_of = b.day if minute >= norms.intervention_day_end_minute else b.day - 1
            if b.start_minute >= 1440:
                night_of = b.day
            if night_of in (4, 5):
                teams_needed += norms.intervention_extra_teams_weekend_night
        zone[b.index] = max(teams_needed * team, legal[b.index])
    return legal, zone


class ReceptionNeed(NamedTuple):
    legal: np.ndarray  # [block] officers
    zone: np.ndarray  # [block] officers
    open_hours: np.ndarray  # [block] desk opening hours
    cover: ReceptionCover


def reception_requirements(norms: Norms, grid: WeekGrid, hours: np.ndarray) -> ReceptionNeed:
    """Desk officers per block wherever the desk opens (overlapping windows counted once),
    the opening hours within each block, and the blocks it opens only in part."""
    n_blocks = len(grid.blocks)
    spans = merged_spans([x for w in norms.reception_windows for x in window_instants(w, grid)])
    open_hours = np.zeros(n_blocks, dtype=np.float64)
    partial: list[ReceptionBlock] = []
    for blk in grid.blocks:
        i, b0, b1 = blk.index, blk.start_utc, blk.end_utc
        inside = tuple((max(t0, b0), min(t1, b1)) for t0, t1 in spans if t0 < b1 and b0 < t1)
        open_hours[i] = sum(overlap_hours(a, b, a, b) for a, b in inside)
        if inside and open_hours[i] < hours[i]:
            partial.append(ReceptionBlock(i, int(hours[i]), float(open_hours[i]), inside))
    is_open = open_hours > 0
    cover = ReceptionCover(float(open_hours.sum()), float(hours[is_open].sum()), tuple(partial))
    return ReceptionNeed(
        np.where(is_open, norms.reception_officers_legal, 0).astype(np.int64),
        np.where(is_open, norms.reception_officers_zone, 0).astype(np.int64),
        open_hours,
        cover,
    )


def window_blocks(window: TimeWindow, grid: WeekGrid) -> np.ndarray:
    """[block] True where the block lies wholly inside an occurrence of the window."""
    spans = window_instants(window, grid)
    return np.array([within_any(b.start_utc, b.end_utc, spans) for b in grid.blocks])


def neighbourhood_hours(inhabitants: int, norms: Norms) -> tuple[float, float]:
    """Weekly neighbourhood inspector hours, legal and zone: one inspector per so many
    inhabitants (rounded up), each giving a share of a weekly service."""
    per_inspector = norms.neighbourhood_weekly_hours * norms.neighbourhood_share
    legal = (
        math.ceil(inhabitants / norms.neighbourhood_inhabitants_per_inspector_legal) * per_inspector
    )
    zone = (
        math.ceil(inhabitants / norms.neighbourhood_inhabitants_per_inspector_zone) * per_inspector
    )
    return legal, zone


def percent_base_hours(
    zone: Zone, grid: WeekGrid, pools, available: np.ndarray, hours: np.ndarray
) -> tuple[float, float]:
    """The base of the percentage norms (traffic, investigation), all staff and operational:
    the week's share of every contract (percent_base "contract", the default), or the hours
    available this week ("available")."""
    if zone.settings.norms.percent_base == "contract":
        week_share = grid.total_hours / 168.0
        total = week_share * sum(o.contract_hours for o in zone.officers)
        operational = week_share * sum(o.contract_hours for o in zone.officers if o.operational)
        return total, operational
    op_mask = [p.operational for p in pools]
    operational = float((available[op_mask] * hours).sum()) if any(op_mask) else 0.0
    return float((available * hours).sum()), operational


def commitment_needs(
    inputs: WeekInputs, grid: WeekGrid, pools, staffing: Staffing
) -> tuple[CommitmentNeed, ...]:
    """Each HyCap request or other commitment with the blocks it touches and the pools that
    may be lent to it (operational, holding its qualification)."""
    needs = []
    for c in inputs.commitments:
        blocks = tuple(grid.blocks_overlapping(c.start.astimezone(UTC), c.end.astimezone(UTC)))
        need = frozenset({c.qualification}) if c.qualification else frozenset()
        needs.append(CommitmentNeed(c, blocks, pools_for(pools, staffing.commitments, need, True)))
    return tuple(needs)


def week_notes(zone: Zone, week: str) -> tuple[ProblemNote, ...]:
    """Remarks on the week's inputs shown with the plan: a week without dated inputs is
    planned from the shift patterns alone."""
    if week not in zone.weeks:
        return (ProblemNote("no_dated_inputs", {"week": week}),)
    return ()


# -- operations and their starts -----------------------------------------------------------


def operation_starts(
    zone: Zone, inputs: WeekInputs, grid: WeekGrid, hours: np.ndarray, week: str
) -> tuple[tuple[OperationStart, ...], tuple[tuple[int, str], ...]]:
    """Every start of every operation type, and the pinned operations as (start index,
    note); raises InputError for an operation off the block grid or a pin off a block."""
    s = zone.settings
    starts, issues = make_starts(zone.operations, zone.priorities, grid, hours)
    pinned: list[tuple[int, str]] = []
    for k, pin in enumerate(inputs.pinned, start=1):
        op = zone.operation(pin.operation)
        t0 = pin.start.astimezone(UTC)
        first = next((b.index for b in grid.blocks if b.start_utc == t0), None)
        span_blocks = op.duration_hours // s.block_hours
        if first is None or first + span_blocks > len(grid.blocks):
            folder = Path(zone.source).name if zone.source else ""
            issues.append(
                InputIssue(
                    f"{folder}/weeks/{week}/pinned.csv".lstrip("/"),
                    k,
                    "start",
                    pin.start.isoformat(),
                    "block_start",
                    {"hours": s.block_hours, "week": week},
                )
            )
            continue
        pinned.append((add_start(starts, op, first, grid, hours).index, pin.note))
    if issues:
        raise InputError(issues)
    return tuple(starts), tuple(pinned)


def operation_group(problem: Problem, operation: str) -> frozenset:
    """The staffing group of an operation type: its qualifications, plus ROAD_SAFETY_MARK for
    operations that count for traffic when the zone holds a traffic reserve they may use."""
    op = next(o for o in problem.operations if o.id == operation)
    if op.priority in problem.traffic_counting_priorities and problem.traffic_reserve_pools:
        return op.qualifications | {ROAD_SAFETY_MARK}
    return op.qualifications


def make_starts(
    operations, priorities, grid: WeekGrid, hours: np.ndarray
) -> tuple[list[OperationStart], list[InputIssue]]:
    """Every first block from which a whole operation fits in one of its type's windows."""
    starts: list[OperationStart] = []
    issues: list[InputIssue] = []
    prio_ids = {p.id for p in priorities}
    starts_utc = [b.start_utc for b in grid.blocks]
    ends_utc = [b.end_utc for b in grid.blocks]
    for op in operations:
        if op.duration_hours % grid.block_hours:
            issues.append(
                InputIssue(
                    "priorities.toml",
                    None,
                    f"operation {op.id}.duration_hours",
                    str(op.duration_hours),
                    "block_multiple",
                    {"hours": grid.block_hours},
                )
            )
            continue
        if op.priority not in prio_ids:
            continue
        spans = [x for w in op.windows for x in window_instants(w, grid)]
        pref = [x for w in op.preferred for x in window_instants(w, grid)]
        span_blocks = op.duration_hours // grid.block_hours
        for first in range(len(grid.blocks) - span_blocks + 1):
            blocks = tuple(range(first, first + span_blocks))
            t0, t1 = starts_utc[first], ends_utc[blocks[-1]]
            if not within_any(t0, t1, spans):
                continue
            h = int(hours[list(blocks)].sum())
            starts.append(
                OperationStart(
                    len(starts),
                    op.id,
                    op.priority,
                    grid.blocks[first].day,
                    first,
                    blocks,
                    h,
                    h * op.crew,
                    within_any(t0, t1, pref),
                )
            )
    return starts, issues


def add_start(
    starts: list[OperationStart], op: OperationType, first: int, grid: WeekGrid, hours: np.ndarray
) -> OperationStart:
    """The start of `op` at block `first`, added if the windows did not give it (a pinned
    operation may lie outside the usual windows: the zone decided it)."""
    match = next((x for x in starts if x.operation == op.id and x.start_block == first), None)
    if match is None:
        blocks = tuple(range(first, first + op.duration_hours // grid.block_hours))
        h = int(hours[list(blocks)].sum())
        match = OperationStart(
            len(starts),
            op.id,
            op.priority,
            grid.blocks[first].day,
            first,
            blocks,
            h,
            h * op.crew,
            False,
        )
        starts.append(match)
    return match


def with_operations(problem: Problem, operations=None, priorities=None) -> Problem:
    """A new problem with other operation types or priorities (for what-ifs): starts are
    rebuilt, pinned operations kept at their blocks."""
    operations = tuple(operations if operations is not None else problem.operations)
    priorities = tuple(priorities if priorities is not None else problem.priorities)
    starts, _ = make_starts(operations, priorities, problem.grid, problem.block_hours)
    ops = {o.id: o for o in operations}
    pinned = []
    for idx, note in problem.pinned:
        old = problem.starts[idx]
        pinned.append(
            (
                add_start(
                    starts, ops[old.operation], old.start_block, problem.grid, problem.block_hours
                ).index,
                note,
            )
        )
    return replace(
        problem,
        operations=operations,
        priorities=priorities,
        starts=tuple(starts),
        op_pools=operation_pools(operations, problem.pools, problem.zone.settings.staffing),
        pinned=tuple(pinned),
    )


def start_map(old: Problem, new: Problem) -> dict[int, int]:
    """Start indexes of `old` mapped to the same operation and block in `new`."""
    where = {(s.operation, s.start_block): s.index for s in new.starts}
    return {
        s.index: where[(s.operation, s.start_block)]
        for s in old.starts
        if (s.operation, s.start_block) in where
    }
