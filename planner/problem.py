"""Scenario layer: turn a zone, a week and a scenario into the numbers the model needs.

`build_problem` computes, for every block of the week, how many officers of each *pool*
(officers who share unit, grade class and relevant qualifications) are on duty, and what
each basic mission requires in that block, at the legal and at the zone level. The model
works on pools, not on named officers: the plan is about capacity, and the scheduling tool
assigns names.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from planner.domain import (
    Commitment,
    OperationType,
    Priority,
    TimeWindow,
    WeekInputs,
    Zone,
    works_shift,
)
from planner.errors import InputError, InputIssue
from planner.scenarios import apply_scenario, get_scenario
from planner.timegrid import UTC, WeekGrid, build_week_grid, local_to_utc

ACTIVITIES = ("intervention", "reception", "neighbourhood", "investigation", "traffic")
# marks the staffing group of road-safety operations where a traffic reserve exists: only
# they may draw on it (no officer holds this code)
ROAD_SAFETY_MARK = "(road safety)"


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


@dataclass
class Problem:
    zone: Zone
    scenario: str
    week: WeekInputs
    grid: WeekGrid
    pools: list[Pool]
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
    eligible: dict[str, tuple[int, ...]]  # activity -> pool indexes
    commitments: list[CommitmentNeed]
    priorities: tuple[Priority, ...]
    operations: tuple[OperationType, ...]
    starts: list[OperationStart]
    op_pools: dict[str, tuple[int, ...]]  # operation id -> eligible pools
    pinned: list[tuple[int, str]]  # (start index, note)
    notes: list[str] = field(default_factory=list)
    reception: ReceptionCover = ReceptionCover(0.0, 0.0, ())

    @property
    def n_blocks(self) -> int:
        return len(self.grid.blocks)

    @property
    def available_hours(self) -> float:
        return float((self.available * self.block_hours).sum())

    def pool_hours(self, mask) -> float:
        return float((self.available[list(mask)] * self.block_hours).sum()) if mask else 0.0


def _window_instants(w: TimeWindow, grid: WeekGrid, tz) -> list[tuple[dt.datetime, dt.datetime]]:
    """The window's occurrences during the planned week (and the Sunday before, for windows
    that run past midnight into Monday), as UTC intervals."""
    out = []
    for day in range(-1, 7):
        if (day % 7) not in w.days:
            continue
        date = grid.monday + dt.timedelta(days=day)
        if w.months and date.month not in w.months:
            continue
        out.append((local_to_utc(date, w.start_minute, tz), local_to_utc(date, w.end_minute, tz)))
    return out


def _merged(spans: list[tuple[dt.datetime, dt.datetime]]) -> list[tuple[dt.datetime, dt.datetime]]:
    """The union of intervals as disjoint intervals in time order (an hour two windows share
    is counted once)."""
    out: list[tuple[dt.datetime, dt.datetime]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _in_any(start: dt.datetime, end: dt.datetime, spans) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def _overlap_hours(a0, a1, b0, b1) -> float:
    """Elapsed hours two intervals share, in UTC (two aware datetimes with the same zoneinfo
    would subtract as wall-clock time, wrong across a daylight-saving change)."""
    a0, a1, b0, b1 = (t.astimezone(UTC) for t in (a0, a1, b0, b1))
    return max(0.0, (min(a1, b1) - max(a0, b0)).total_seconds() / 3600.0)


def build_problem(zone: Zone, week: str, scenario: str = "baseline") -> Problem:
    """All numbers for planning `week` of `zone` under `scenario`; raises InputError."""
    base_zone = zone
    zone, inputs = apply_scenario(zone, get_scenario(zone, scenario), week)
    s = zone.settings
    norms = s.norms
    grid = build_week_grid(week, s.timezone, s.block_hours, s.day_start_minute)
    tz = grid.tz
    n_blocks = len(grid.blocks)
    hours = np.array([b.hours for b in grid.blocks], dtype=np.int64)
    starts_utc = [b.start_utc for b in grid.blocks]
    ends_utc = [b.end_utc for b in grid.blocks]

    # -- which quals matter this week: the rest are folded away to keep pools few ---------
    relevant = {norms.public_order_qualification, norms.victim_assistance_qualification}
    for op in zone.operations:
        relevant |= op.qualifications
    for c in inputs.commitments:
        if c.qualification:
            relevant.add(c.qualification)

    # -- duty intervals per officer --------------------------------------------------------
    # each team's shifts touching the week: (shift number from the anchor, whole blocks,
    # hours inside the week outside whole blocks); part-timers work some of them only
    team_shifts: dict[str, list[tuple[int, set[int], float]]] = {}
    for tid, team in zone.teams.items():
        shifts = []
        for day in range(-1, 7):
            date = grid.monday + dt.timedelta(days=day)
            number = team.shift_number(date)
            if number is None:
                continue
            a, b = s.shifts[team.cycle[(date - team.anchor).days % len(team.cycle)]]
            t0, t1 = local_to_utc(date, a, tz), local_to_utc(date, b, tz)
            got = _blocks_within(starts_utc, ends_utc, t0, t1)
            inside = _overlap_hours(t0, t1, grid.start_utc, grid.end_utc)
            shifts.append((number, got, inside - sum(int(hours[i]) for i in got)))
        team_shifts[tid] = shifts
    team_place: dict[str, int] = {}
    officer_place: dict[str, int] = {}
    for o in zone.officers:  # an officer's place in the team staggers part-timers' days off
        if o.team:
            officer_place[o.id] = team_place.get(o.team, 0)
            team_place[o.team] = officer_place[o.id] + 1
    duty_by_officer: dict[str, list[tuple[dt.datetime, dt.datetime]]] = {}
    for d in inputs.on_duty:
        duty_by_officer.setdefault(d.officer, []).append((d.start.astimezone(UTC), d.end.astimezone(UTC)))
    absences_by_officer: dict[str, list] = {}
    for a in inputs.absences:
        absences_by_officer.setdefault(a.officer, []).append(a)

    # -- on call at home: the zone's rota (its pattern's shifts) and the week's dated rows --
    on_call_blocks: dict[str, set[int]] = {}
    for rota in zone.on_call_rota:
        for _, got, _ in team_shifts[rota.team]:
            on_call_blocks.setdefault(rota.officer, set()).update(got)
    for c in inputs.on_call:
        on_call_blocks.setdefault(c.officer, set()).update(
            _blocks_within(starts_utc, ends_utc, c.start.astimezone(UTC), c.end.astimezone(UTC)))
    opa_on_call = np.zeros(n_blocks, dtype=np.int64)
    victim_on_call = np.zeros(n_blocks, dtype=np.int64)

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
            label = o.unit + ("" if o.operational else "/calog") + "".join(f"+{q}" for q in sorted(quals))
            pool_index[key] = len(pools)
            pools.append(Pool(label, o.unit, o.operational, quals))
            rostered_rows.append(np.zeros(n_blocks, dtype=np.int64))
            available_rows.append(np.zeros(n_blocks, dtype=np.int64))
        p = pool_index[key]
        officer_pool[o.id] = p
        on = np.zeros(n_blocks, dtype=bool)
        if o.team:
            for number, got, partial in team_shifts[o.team]:
                if works_shift(number + officer_place[o.id], o.contract_hours, s.full_time_hours):
                    on[list(got)] = True
                    partial_hours += partial
        for t0, t1 in duty_by_officer.get(o.id, []):
            got = _blocks_within(starts_utc, ends_utc, t0, t1)
            on[list(got)] = True
            inside = _overlap_hours(t0, t1, grid.start_utc, grid.end_utc)
            partial_hours += inside - sum(int(hours[i]) for i in got)
        avail = on.copy()
        for a in absences_by_officer.get(o.id, []):
            a0, a1 = a.start.astimezone(UTC), a.end.astimezone(UTC)
            for i in np.flatnonzero(avail):
                if starts_utc[i] < a1 and a0 < ends_utc[i]:
                    avail[i] = False
                    absence_hours[a.type] = absence_hours.get(a.type, 0.0) + float(hours[i])
        rostered_rows[p] += on
        available_rows[p] += avail
        if o.operational:
            home = np.zeros(n_blocks, dtype=bool)
            home[list(on_call_blocks.get(o.id, ()))] = True
            for a in absences_by_officer.get(o.id, []):
                a0, a1 = a.start.astimezone(UTC), a.end.astimezone(UTC)
                for i in np.flatnonzero(home):
                    if starts_utc[i] < a1 and a0 < ends_utc[i]:
                        home[i] = False
            home &= ~avail  # on duty already counts through the pools
            if norms.public_order_qualification in o.qualifications:
                opa_on_call += home
            if norms.victim_assistance_qualification in o.qualifications:
                victim_on_call += home
    rostered = np.array(rostered_rows, dtype=np.int64).reshape(len(pools), n_blocks)
    available = np.array(available_rows, dtype=np.int64).reshape(len(pools), n_blocks)

    def pools_for(units, need=frozenset(), operational_only=False):
        return tuple(
            i for i, p in enumerate(pools)
            if p.unit in units and need <= p.qualifications and (p.operational or not operational_only)
        )

    st = s.staffing
    # police work is for operational grades; CALog counts only where the law or the zone
    # lets it (traffic by law, reception by zone setting)
    eligible = {a: pools_for(st.units_for(a), operational_only=not st.calog_allowed(a))
                for a in ACTIVITIES}
    runs_ops = pools_for(st.operations, operational_only=True)
    traffic_reserve: tuple[int, ...] = ()
    if norms.road_safety_counts_for_traffic:
        # Road-safety operations count for traffic: officers who can run them may be held
        # for traffic in stage 1 (a reserve); stage 2 may turn that reserve into road-safety
        # operations only, so the legal share is held first and never counted twice.
        traffic_reserve = runs_ops
        eligible["traffic"] = tuple(sorted(set(eligible["traffic"]) | set(runs_ops)))

    # -- requirements ---------------------------------------------------------------------
    team = norms.intervention_team_size
    inter_legal = np.full(n_blocks, norms.intervention_teams_legal * team, dtype=np.int64)
    inter_zone = np.zeros(n_blocks, dtype=np.int64)
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
        inter_zone[b.index] = max(teams_needed * team, inter_legal[b.index])

    rec_spans = _merged([x for w in norms.reception_windows for x in _window_instants(w, grid, tz)])
    rec_open = np.zeros(n_blocks, dtype=np.float64)
    partial_desk: list[ReceptionBlock] = []
    for i in range(n_blocks):
        inside = tuple((max(t0, starts_utc[i]), min(t1, ends_utc[i])) for t0, t1 in rec_spans
                       if t0 < ends_utc[i] and starts_utc[i] < t1)
        rec_open[i] = sum(_overlap_hours(a, b, a, b) for a, b in inside)
        if inside and rec_open[i] < hours[i]:
            partial_desk.append(ReceptionBlock(i, int(hours[i]), float(rec_open[i]), inside))
    rec_mask = rec_open > 0
    reception = ReceptionCover(float(rec_open.sum()), float(hours[rec_mask].sum()), tuple(partial_desk))
    rec_legal = np.where(rec_mask, norms.reception_officers_legal, 0).astype(np.int64)
    rec_zone = np.where(rec_mask, norms.reception_officers_zone, 0).astype(np.int64)

    def window_mask(w: TimeWindow) -> np.ndarray:
        spans = _window_instants(w, grid, tz)
        return np.array([_in_any(starts_utc[i], ends_utc[i], spans) for i in range(n_blocks)])

    neigh_mask = window_mask(norms.neighbourhood_window)
    inv_mask = window_mask(norms.investigation_window)
    per_inspector = norms.neighbourhood_weekly_hours * norms.neighbourhood_share
    neigh_legal = math.ceil(s.inhabitants / norms.neighbourhood_inhabitants_per_inspector_legal) * per_inspector
    neigh_zone = math.ceil(s.inhabitants / norms.neighbourhood_inhabitants_per_inspector_zone) * per_inspector

    # the base of the percentage norms: the week's share of every contract (default), or
    # the hours available this week (percent_base = "available")
    if norms.percent_base == "contract":
        week_share = grid.total_hours / 168.0
        total_hours = week_share * sum(o.contract_hours for o in zone.officers)
        operational_hours = week_share * sum(o.contract_hours for o in zone.officers if o.operational)
    else:
        op_mask = [p.operational for p in pools]
        operational_hours = float((available[op_mask] * hours).sum()) if any(op_mask) else 0.0
        total_hours = float((available * hours).sum())
    inv_zone = max(norms.investigation_share * operational_hours, 7 * norms.investigation_hours_per_day)

    # -- commitments (HyCap and others) ---------------------------------------------------
    issues: list[InputIssue] = []
    needs = []
    for c in inputs.commitments:
        blocks = tuple(grid.blocks_overlapping(c.start.astimezone(UTC), c.end.astimezone(UTC)))
        need = frozenset({c.qualification}) if c.qualification else frozenset()
        needs.append(CommitmentNeed(c, blocks, pools_for(st.commitments, need, True)))

    # -- operation starts -------------------------------------------------------------------
    op_pools = {op.id: pools_for(st.operations, op.qualifications, True) for op in zone.operations}
    starts, bad = make_starts(zone.operations, zone.priorities, grid, hours)
    issues += bad
    pinned: list[tuple[int, str]] = []
    for k, pin in enumerate(inputs.pinned, start=1):
        op = zone.operation(pin.operation)
        t0 = pin.start.astimezone(UTC)
        first = next((b.index for b in grid.blocks if b.start_utc == t0), None)
        span_blocks = op.duration_hours // s.block_hours
        if first is None or first + span_blocks > n_blocks:
            folder = Path(zone.source).name if zone.source else ""
            issues.append(InputIssue(f"{folder}/weeks/{week}/pinned.csv".lstrip("/"), k, "start",
                                     pin.start.isoformat(),
                                     f"the start of a {s.block_hours}-hour block of {week}"))
            continue
        pinned.append((add_start(starts, op, first, grid, hours).index, pin.note))
    if issues:
        raise InputError(issues)

    notes = []
    if week not in base_zone.weeks:
        notes.append(f"No dated inputs in weeks/{week}/: shift patterns only, no absences, no requests.")
    return Problem(
        zone=zone,
        scenario=scenario,
        week=inputs,
        grid=grid,
        pools=pools,
        available=available,
        rostered=rostered,
        block_hours=hours,
        officer_pool=officer_pool,
        contract_hours=float(sum(o.contract_hours for o in zone.officers)),
        operational_contract_hours=float(sum(o.contract_hours for o in zone.officers if o.operational)),
        roster_hours=float((rostered * hours).sum()),
        partial_hours=partial_hours,
        absence_hours=dict(sorted(absence_hours.items())),
        intervention_legal=inter_legal,
        intervention_zone=inter_zone,
        reception_legal=rec_legal,
        reception_zone=rec_zone,
        reception_open_hours=rec_open,
        neighbourhood_blocks=neigh_mask,
        neighbourhood_legal_hours=neigh_legal,
        neighbourhood_zone_hours=max(neigh_zone, neigh_legal),
        investigation_blocks=inv_mask,
        investigation_day_hours=norms.investigation_hours_per_day,
        investigation_zone_hours=inv_zone,
        traffic_legal_hours=norms.traffic_share_legal * total_hours,
        traffic_zone_hours=norms.traffic_share_zone * total_hours,
        public_order_on_call=norms.public_order_on_call,
        victim_on_call=norms.victim_assistance_on_call,
        public_order_at_home=opa_on_call,
        victim_at_home=victim_on_call,
        traffic_reserve_pools=traffic_reserve,
        public_order_pools=tuple(i for i, p in enumerate(pools)
                                 if norms.public_order_qualification in p.qualifications and p.operational),
        victim_pools=tuple(i for i, p in enumerate(pools)
                           if norms.victim_assistance_qualification in p.qualifications and p.operational),
        eligible=eligible,
        commitments=needs,
        priorities=zone.priorities,
        operations=zone.operations,
        starts=starts,
        op_pools=op_pools,
        pinned=pinned,
        notes=notes,
        reception=reception,
    )


def operation_group(problem: Problem, operation: str) -> frozenset:
    """The staffing group of an operation type: its qualifications, plus ROAD_SAFETY_MARK for
    road-safety operations when the zone holds a traffic reserve they may use."""
    op = next(o for o in problem.operations if o.id == operation)
    if op.priority == "road_safety" and problem.traffic_reserve_pools:
        return op.qualifications | {ROAD_SAFETY_MARK}
    return op.qualifications


def make_starts(operations, priorities, grid: WeekGrid, hours: np.ndarray
                ) -> tuple[list[OperationStart], list[InputIssue]]:
    """Every first block from which a whole operation fits in one of its type's windows."""
    starts: list[OperationStart] = []
    issues: list[InputIssue] = []
    prio_ids = {p.id for p in priorities}
    starts_utc = [b.start_utc for b in grid.blocks]
    ends_utc = [b.end_utc for b in grid.blocks]
    for op in operations:
        if op.duration_hours % grid.block_hours:
            issues.append(InputIssue("priorities.toml", None, f"operation {op.id}.duration_hours",
                                     str(op.duration_hours),
                                     f"a multiple of the {grid.block_hours}-hour block"))
            continue
        if op.priority not in prio_ids:
            continue
        spans = [x for w in op.windows for x in _window_instants(w, grid, grid.tz)]
        pref = [x for w in op.preferred for x in _window_instants(w, grid, grid.tz)]
        span_blocks = op.duration_hours // grid.block_hours
        for first in range(len(grid.blocks) - span_blocks + 1):
            blocks = tuple(range(first, first + span_blocks))
            t0, t1 = starts_utc[first], ends_utc[blocks[-1]]
            if not _in_any(t0, t1, spans):
                continue
            h = int(hours[list(blocks)].sum())
            starts.append(OperationStart(len(starts), op.id, op.priority, grid.blocks[first].day,
                                         first, blocks, h, h * op.crew, _in_any(t0, t1, pref)))
    return starts, issues


def add_start(starts: list[OperationStart], op: OperationType, first: int, grid: WeekGrid,
              hours: np.ndarray) -> OperationStart:
    """The start of `op` at block `first`, added if the windows did not give it (a pinned
    operation may lie outside the usual windows: the zone decided it)."""
    match = next((x for x in starts if x.operation == op.id and x.start_block == first), None)
    if match is None:
        blocks = tuple(range(first, first + op.duration_hours // grid.block_hours))
        h = int(hours[list(blocks)].sum())
        match = OperationStart(len(starts), op.id, op.priority, grid.blocks[first].day, first,
                               blocks, h, h * op.crew, False)
        starts.append(match)
    return match


def with_operations(problem: Problem, operations=None, priorities=None) -> Problem:
    """A copy of the problem with other operation types or priorities (for what-ifs):
    starts are rebuilt, pinned operations kept at their blocks."""
    from dataclasses import replace

    operations = tuple(operations if operations is not None else problem.operations)
    priorities = tuple(priorities if priorities is not None else problem.priorities)
    starts, _ = make_starts(operations, priorities, problem.grid, problem.block_hours)
    ops = {o.id: o for o in operations}
    pinned = []
    for idx, note in problem.pinned:
        old = problem.starts[idx]
        pinned.append((add_start(starts, ops[old.operation], old.start_block, problem.grid,
                                 problem.block_hours).index, note))
    units = set(problem.zone.settings.staffing.operations)
    op_pools = {o.id: tuple(i for i, p in enumerate(problem.pools)
                            if p.operational and p.unit in units and o.qualifications <= p.qualifications)
                for o in operations}
    return replace(problem, operations=operations, priorities=priorities, starts=starts,
                   op_pools=op_pools, pinned=pinned)


def start_map(old: Problem, new: Problem) -> dict[int, int]:
    """Start indexes of `old` mapped to the same operation and block in `new`."""
    where = {(s.operation, s.start_block): s.index for s in new.starts}
    return {s.index: where[(s.operation, s.start_block)] for s in old.starts
            if (s.operation, s.start_block) in where}


def _blocks_within(starts_utc, ends_utc, t0, t1) -> set[int]:
    return {i for i in range(len(starts_utc)) if t0 <= starts_utc[i] and ends_utc[i] <= t1}
