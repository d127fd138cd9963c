"""Results layer: the plan as plain tables, with every figure recomputed from the data and
the solver's decisions (never read from the solver's own shortfall variables)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from planner.problem import ACTIVITIES, ROAD_SAFETY_MARK, Problem
from planner.solver.solve import RawSolution, StageResult
from planner.solver.terms import SoftTerm
from planner.timegrid import WEEKDAYS, hours_between


@dataclass
class Plan:
    problem: Problem
    raw: RawSolution
    basic: pd.DataFrame  # activity, block, officers, hours
    operations: pd.DataFrame  # one row per crew
    commitments: pd.DataFrame  # one row per request
    norms: pd.DataFrame  # functionality x level
    priorities: pd.DataFrame
    waterfall: pd.DataFrame  # step, hours
    stages: list[StageResult]
    # officers lent to commitments: commitment id, type, block, pool (key), officers
    lent: pd.DataFrame = field(default_factory=pd.DataFrame)
    # officers free for operations after stage 1 and those operations use, per staff class
    # (its qualifications, ';'-joined) and block: class, qualifications, block, free, used
    class_use: pd.DataFrame = field(default_factory=pd.DataFrame)
    # who does what: use (basic, commitment, pinned_operation, operation), subject (activity,
    # commitment id, or the operations' staffing group ';'-joined), block, pool (its key;
    # "" for operations), staff_class (its qualifications ';'-joined; "" for the rest), officers
    staff: pd.DataFrame = field(default_factory=pd.DataFrame)
    # crews of pinned operations the plan could not staff, by (operation id, start block)
    pinned_missing: dict[tuple[str, int], int] = field(default_factory=dict)
    # the solver's shortfalls of stage 1 by soft term (rule, level, subject, block or day),
    # in the norm's unit
    shortfalls: dict[SoftTerm, int] = field(default_factory=dict)

    @property
    def priority_hours(self) -> dict[str, float]:
        return dict(zip(self.priorities["priority"], self.priorities["hours"], strict=True))

    @property
    def capacity_for_priorities(self) -> float:
        return float(self.waterfall.set_index("step").loc["capacity_for_priorities", "hours"])

    @property
    def hycap_budget(self) -> dict[str, float]:
        """The yearly HyCap line (share of operational staff's net yearly hours), what was
        drawn before this week, and this week's lent hours."""
        st = self.problem.zone.settings
        operational = sum(1 for o in self.problem.zone.officers if o.operational)
        line = st.hycap_yearly_share * operational * st.net_productive_hours_per_year
        hycap = self.commitments[self.commitments["type"] == "hycap"]
        week = float(hycap["hours"].sum()) if len(hycap) else 0.0
        return {
            "yearly_line_hours": round(line, 1),
            "used_before_hours": st.hycap_used_hours_ytd,
            "this_week_hours": week,
            "remaining_hours": round(line - st.hycap_used_hours_ytd - week, 1),
        }

    @property
    def efficiency(self) -> float:
        cap = self.capacity_for_priorities
        return float(self.operations["hours"].sum()) / cap if cap > 0 else 1.0

    @property
    def status(self) -> PlanStatus:
        return plan_status(self)

    @property
    def optimal(self) -> bool:
        return all(s.status == "OPTIMAL" for s in self.stages)


# The kinds of shortfall, in the order the solver gives them way (legal minimum first).
STATUS_KINDS = ("legal", "zone", "hycap", "commitment", "pinned", "floor")
_EPS = 1e-6


@dataclass(frozen=True)
class StatusLine:
    """One kind of shortfall: its hours (person-hours, or the norm's own unit for `legal` and
    `zone`), the ids of what is short (functionalities, request ids, operation ids or
    priority ids) and the blocks where it is short, where known."""

    kind: str
    hours: float
    subjects: tuple[str, ...]
    blocks: tuple[int, ...]


@dataclass(frozen=True)
class PlanStatus:
    """The plan's one status: met when nothing of any kind is short."""

    shortfalls: tuple[StatusLine, ...]

    @property
    def ok(self) -> bool:
        return not self.shortfalls

    def hours(self, kind: str) -> float:
        return sum(s.hours for s in self.shortfalls if s.kind == kind)


STATUS_COLUMNS = [
    "kind",
    "subject",
    "required_hours",
    "planned_hours",
    "shortfall_hours",
    "status",
    "unit",
    "where",
    "short_blocks",
    "label_fr",
    "label_nl",
]


def status_table(plan: Plan) -> pd.DataFrame:
    """Every obligation of the week and what the plan gives it, one row each: the norms
    (kind `legal` or `zone`, subject the functionality), then each HyCap request (`hycap`)
    and other commitment (`commitment`), each pinned operation (`pinned`, subject the
    operation id) and each priority with a floor (`floor`)."""
    p = plan.problem
    rows = [
        dict(
            kind=r.level,
            subject=r.functionality,
            required_hours=r.required_hours,
            planned_hours=r.planned_hours,
            shortfall_hours=r.shortfall_hours,
            status=r.status,
            unit=r.unit,
            where=r.where,
            short_blocks=r.short_blocks,
            label_fr="",
            label_nl="",
        )
        for r in plan.norms.itertuples(index=False)
    ]

    def add(kind, subject, unit, required, planned, blocks, where, label_fr, label_nl):
        short = max(0.0, required - planned)
        met = short < _EPS
        rows.append(
            dict(
                kind=kind,
                subject=subject,
                required_hours=round(required, 2),
                planned_hours=round(min(planned, required), 2),
                shortfall_hours=0.0 if met else round(short, 2),
                status="met" if met else "short",
                unit=unit,
                where="" if met else where,
                short_blocks=() if met else tuple(blocks),
                label_fr=label_fr,
                label_nl=label_nl,
            )
        )

    for r in plan.commitments.itertuples(index=False):
        add(
            "hycap" if r.type == "hycap" else "commitment",
            r.id,
            "officer-hours lent (whole blocks)",
            r.reserved_hours + r.shortfall_hours,
            r.reserved_hours,
            r.short_blocks,
            r.where,
            r.label,
            r.label,
        )
    ops = {o.id: o for o in p.operations}
    pins: dict[int, int] = {}
    for idx, _ in p.pinned:
        pins[idx] = pins.get(idx, 0) + 1
    for idx, crews in pins.items():
        s = p.starts[idx]
        op = ops[s.operation]
        missing = plan.pinned_missing.get((s.operation, s.start_block), 0)
        add(
            "pinned",
            s.operation,
            "person-hours of pinned crews",
            crews * s.person_hours,
            (crews - missing) * s.person_hours,
            s.blocks,
            "; ".join(block_label(p, b) for b in s.blocks),
            op.label_fr,
            op.label_nl,
        )
    for r in plan.priorities.itertuples(index=False):
        if r.floor_hours > 0:
            add(
                "floor",
                r.priority,
                "person-hours of priority operations",
                float(r.floor_hours),
                float(r.hours),
                (),
                "week",
                r.label_fr,
                r.label_nl,
            )
    return pd.DataFrame(rows, columns=STATUS_COLUMNS)


def plan_status(plan: Plan) -> PlanStatus:
    """One line per kind of shortfall (in STATUS_KINDS order), from `status_table`."""
    table = status_table(plan)
    short = table[table["status"] == "short"]
    lines = []
    for kind in STATUS_KINDS:
        rows = short[short["kind"] == kind]
        if len(rows):
            blocks = sorted({int(b) for bs in rows["short_blocks"] for b in bs})
            lines.append(
                StatusLine(
                    kind,
                    round(float(rows["shortfall_hours"].sum()), 2),
                    tuple(dict.fromkeys(rows["subject"])),
                    tuple(blocks),
                )
            )
    return PlanStatus(tuple(lines))


def block_label(problem: Problem, b: int) -> str:
    blk = problem.grid.blocks[b]
    start = problem.grid.local(blk.start_utc)
    end = problem.grid.local(blk.end_utc)
    return f"{WEEKDAYS[start.weekday()]} {start:%H:%M}-{end:%H:%M}"


def activity_officers(raw: RawSolution, activity: str, n_blocks: int) -> np.ndarray:
    out = np.zeros(n_blocks, dtype=np.int64)
    for (b, _), x in raw.assign[activity].items():
        out[b] += x
    return out


def lent_by_pool_block(raw: RawSolution, shape) -> np.ndarray:
    out = np.zeros(shape, dtype=np.int64)
    for (_, b, pool), x in raw.lent.items():
        out[pool, b] += x
    return out


def reachable(p: Problem, raw: RawSolution, pools, at_home: np.ndarray) -> np.ndarray:
    """[block] qualified officers reachable and recallable: on duty and not lent away, or on
    call at home."""
    lent = lent_by_pool_block(raw, p.available.shape)
    pools = list(pools)
    on_duty = (p.available[pools] - lent[pools]).sum(axis=0) if pools else np.zeros(p.n_blocks)
    return on_duty + at_home


def reserve_run_as_road_safety(p: Problem, raw: RawSolution) -> float:
    """Person-hours of the traffic reserve that stage 2 ran as road-safety operations: in
    each class and block, road-safety staff up to the reserve held there."""
    used = np.zeros(raw.reserve.shape, dtype=np.int64)
    for (g, b, c), x in raw.op_staff.items():
        if ROAD_SAFETY_MARK in g:
            used[c, b] += x
    return float((np.minimum(used, raw.reserve) * p.block_hours).sum())


def traffic_hours(p: Problem, raw: RawSolution) -> float:
    """Traffic hours of the plan: the traffic reservation, plus road-safety operations when
    the zone counts them, less the reserve they ran on (counted once)."""
    total = float(sum(x * p.block_hours[b] for (b, _), x in raw.assign["traffic"].items()))
    total += sum(
        n * s.person_hours
        for s, n in zip(p.starts, raw.crews, strict=True)
        if p.counts_for_traffic(s)
    )
    total -= reserve_run_as_road_safety(p, raw)
    return total


def norm_table(p: Problem, raw: RawSolution) -> pd.DataFrame:
    """Required, planned and short hours for each functionality at both levels."""
    h = p.block_hours.astype(float)
    x = {a: activity_officers(raw, a, p.n_blocks) for a in ACTIVITIES}
    ops_hours = {q.id: 0.0 for q in p.priorities}
    for s, n in zip(p.starts, raw.crews, strict=True):
        ops_hours[s.priority] += n * s.person_hours
    rows = []

    def add(fid, level, unit, required, planned, short_blocks=(), blocks=None):
        """`short_blocks`: block indexes, or texts (days, "week"); `blocks`: the block indexes
        when `short_blocks` are texts (the short days' blocks)."""
        planned = min(planned, required)
        short = max(0.0, required - planned)
        where = (
            "; ".join(b if isinstance(b, str) else block_label(p, int(b)) for b in short_blocks)
            if short > 1e-9
            else ""
        )
        if blocks is None:
            blocks = [b for b in short_blocks if not isinstance(b, str)]
        rows.append(
            dict(
                functionality=fid,
                level=level,
                unit=unit,
                required_hours=round(required, 2),
                planned_hours=round(planned, 2),
                shortfall_hours=round(short, 2),
                status="met" if short < 1e-9 else "short",
                where=where,
                short_blocks=tuple(int(b) for b in blocks) if short > 1e-9 else (),
            )
        )

    for level, need in (("legal", p.intervention_legal), ("zone", p.intervention_zone)):
        got = np.minimum(x["intervention"], need)
        add(
            "intervention",
            level,
            "officers on duty every hour",
            float((need * h).sum()),
            float((got * h).sum()),
            np.flatnonzero(got < need),
        )
    for level, need in (("legal", p.reception_legal), ("zone", p.reception_zone)):
        got = np.minimum(x["reception"], need)
        add(
            "reception",
            level,
            "staffed opening hours",
            float((need * p.reception_open_hours).sum()),
            float((got * p.reception_open_hours).sum()),
            np.flatnonzero(got < need),
        )
    neigh = float((x["neighbourhood"] * h).sum())
    add(
        "neighbourhood",
        "legal",
        "inspector hours per week",
        p.neighbourhood_legal_hours,
        neigh,
        () if neigh >= p.neighbourhood_legal_hours else ["week"],
    )
    add(
        "neighbourhood",
        "zone",
        "inspector hours per week",
        p.neighbourhood_zone_hours,
        neigh,
        () if neigh >= p.neighbourhood_zone_hours else ["week"],
    )
    for fid, pools, k in (("victim_assistance", p.victim_pools, p.victim_on_call),):
        present = reachable(p, raw, pools, p.victim_at_home)
        got = np.minimum(present, k)
        for level in ("legal", "zone"):
            add(
                fid,
                level,
                "on-call coverage hours",
                float((k * h).sum()),
                float((got * h).sum()),
                np.flatnonzero(got < k),
            )
    covered = 0.0
    short_days = []
    short_day_blocks = []
    inv = x["investigation"]
    for day in range(7):
        day_h = sum(
            h[b]
            for b in range(p.n_blocks)
            if p.grid.blocks[b].day == day and inv[b] > 0 and p.investigation_blocks[b]
        )
        covered += min(day_h, p.investigation_day_hours)
        if day_h < p.investigation_day_hours:
            short_days.append(WEEKDAYS[day])
            short_day_blocks += [
                b
                for b in range(p.n_blocks)
                if p.grid.blocks[b].day == day and p.investigation_blocks[b]
            ]
    add(
        "investigation",
        "legal",
        "hours of service each day",
        7 * p.investigation_day_hours,
        covered,
        short_days,
        short_day_blocks,
    )
    inv_h = float((inv * h).sum())
    add(
        "investigation",
        "zone",
        "investigator hours per week",
        p.investigation_zone_hours,
        inv_h,
        () if inv_h >= p.investigation_zone_hours else ["week"],
    )
    present = reachable(p, raw, p.public_order_pools, p.public_order_at_home)
    got = np.minimum(present, p.public_order_on_call)
    for level in ("legal", "zone"):
        add(
            "public_order",
            level,
            "on-call coverage hours (OPA)",
            float((p.public_order_on_call * h).sum()),
            float((got * h).sum()),
            np.flatnonzero(got < p.public_order_on_call),
        )
    traffic = traffic_hours(p, raw)
    add(
        "traffic",
        "legal",
        "share of all staff hours",
        p.traffic_legal_hours,
        traffic,
        () if traffic >= p.traffic_legal_hours else ["week"],
    )
    add(
        "traffic",
        "zone",
        "share of all staff hours",
        p.traffic_zone_hours,
        traffic,
        () if traffic >= p.traffic_zone_hours else ["week"],
    )
    return pd.DataFrame(rows)


def build_plan(raw: RawSolution) -> Plan:
    p = raw.problem
    grid = p.grid
    h = p.block_hours.astype(float)
    basic_rows = []
    for a in ACTIVITIES:
        officers = activity_officers(raw, a, p.n_blocks)
        for b in np.flatnonzero(officers):
            basic_rows.append(
                dict(
                    activity=a,
                    block=int(b),
                    officers=int(officers[b]),
                    hours=float(officers[b] * h[b]),
                    qualification="",
                    duty="on_duty",
                )
            )
    for fid, pools, k, qual in (
        (
            "public_order",
            p.public_order_pools,
            p.public_order_on_call,
            p.zone.settings.norms.public_order_qualification,
        ),
        (
            "victim_assistance",
            p.victim_pools,
            p.victim_on_call,
            p.zone.settings.norms.victim_assistance_qualification,
        ),
    ):
        if k <= 0:
            continue
        home = p.public_order_at_home if fid == "public_order" else p.victim_at_home
        on_duty = reachable(p, raw, pools, np.zeros(p.n_blocks, dtype=np.int64))
        for b in range(p.n_blocks):
            n = int(min(on_duty[b], k))
            if n:
                basic_rows.append(
                    dict(
                        activity=fid,
                        block=b,
                        officers=n,
                        hours=float(n * h[b]),
                        qualification=qual,
                        duty="on_duty_reachable",
                    )
                )
            at_home = int(min(home[b], k - n))
            if at_home:
                basic_rows.append(
                    dict(
                        activity=fid,
                        block=b,
                        officers=at_home,
                        hours=float(at_home * h[b]),
                        qualification=qual,
                        duty="on_call_at_home",
                    )
                )
    basic = pd.DataFrame(
        basic_rows, columns=["activity", "block", "officers", "hours", "qualification", "duty"]
    )

    ops = {o.id: o for o in p.operations}
    pinned_at: dict[int, list[str]] = {}
    for idx, note in p.pinned:
        pinned_at.setdefault(idx, []).append(note)
    op_rows = []
    for s, n in zip(p.starts, raw.crews, strict=True):
        op = ops[s.operation]
        notes = pinned_at.get(s.index, [])
        for k in range(n):
            op_rows.append(
                dict(
                    operation=s.operation,
                    priority=s.priority,
                    label_fr=op.label_fr,
                    label_nl=op.label_nl,
                    start_block=s.start_block,
                    end_block=s.blocks[-1],
                    day=s.day,
                    start=grid.local(grid.blocks[s.start_block].start_utc),
                    end=grid.local(grid.blocks[s.blocks[-1]].end_utc),
                    officers=op.crew,
                    hours=float(s.person_hours),
                    crew_hours=float(s.hours),
                    qualification=";".join(sorted(op.qualifications)),
                    pinned=k < len(notes),
                    preferred=s.preferred,
                    note=notes[k] if k < len(notes) else "",
                )
            )
    operations = pd.DataFrame(
        op_rows,
        columns=[
            "operation",
            "priority",
            "label_fr",
            "label_nl",
            "start_block",
            "end_block",
            "day",
            "start",
            "end",
            "officers",
            "hours",
            "crew_hours",
            "qualification",
            "pinned",
            "preferred",
            "note",
        ],
    )

    com_rows = []
    for r, need in enumerate(p.commitments):
        c = need.commitment
        per_block = [
            sum(x for (rr, bb, _), x in raw.lent.items() if rr == r and bb == b)
            for b in need.blocks
        ]
        planned = min(per_block) if per_block else 0
        real_hours = hours_between(c.start, c.end)  # elapsed (UTC), 23 h / 25 h over a clock change
        short_hours = sum(
            (c.officers - n) * h[b] for n, b in zip(per_block, need.blocks, strict=True)
        )
        com_rows.append(
            dict(
                id=c.id,
                type=c.type,
                label=c.label,
                start=grid.local(c.start),
                end=grid.local(c.end),
                officers=c.officers,
                planned_officers=int(planned),
                hours=float(planned * real_hours),
                reserved_hours=float(
                    sum(n * h[b] for n, b in zip(per_block, need.blocks, strict=True))
                ),
                qualification=c.qualification,
                shortfall_hours=float(short_hours),
                where="; ".join(
                    block_label(p, b)
                    for n, b in zip(per_block, need.blocks, strict=True)
                    if n < c.officers
                ),
                short_blocks=tuple(
                    int(b) for n, b in zip(per_block, need.blocks, strict=True) if n < c.officers
                ),
            )
        )
    commitments = pd.DataFrame(
        com_rows,
        columns=[
            "id",
            "type",
            "label",
            "start",
            "end",
            "officers",
            "planned_officers",
            "hours",
            "reserved_hours",
            "qualification",
            "shortfall_hours",
            "where",
            "short_blocks",
        ],
    )

    norms = norm_table(p, raw)
    total_ops = float(operations["hours"].sum())
    prio_rows = []
    wsum = sum(q.weight for q in p.priorities) or 1.0
    for q in p.priorities:
        hours = float(operations.loc[operations["priority"] == q.id, "hours"].sum())
        prio_rows.append(
            dict(
                priority=q.id,
                label_fr=q.label_fr,
                label_nl=q.label_nl,
                weight=q.weight,
                weight_share=round(q.weight / wsum, 4),
                hours=hours,
                share=round(hours / total_ops, 4) if total_ops else 0.0,
                floor_hours=q.floor_hours,
                cap_hours=q.cap_hours,
                operations=int((operations["priority"] == q.id).sum()),
            )
        )
    priorities = pd.DataFrame(prio_rows)
    waterfall = _waterfall(p, raw, basic, total_ops)
    return Plan(
        p,
        raw,
        basic,
        operations,
        commitments,
        norms,
        priorities,
        waterfall,
        raw.stages,
        lent_table(p, raw),
        class_use_table(raw),
        staff_table(p, raw),
        {
            (p.starts[i].operation, p.starts[i].start_block): n
            for i, n in raw.pinned_missing.items()
        },
        dict(raw.shortfalls),
    )


def group_label(group) -> str:
    """A set of qualification codes (a staffing group or a staff class) as one text."""
    return ";".join(sorted(group))


def staff_table(p: Problem, raw: RawSolution) -> pd.DataFrame:
    """Every decision of the solver on who does what, labelled by ids (one row each)."""
    rows = [
        ("basic", a, b, p.pools[pool].key, "", x)
        for a, d in raw.assign.items()
        for (b, pool), x in d.items()
    ]
    rows += [
        ("commitment", p.commitments[r].commitment.id, b, p.pools[pool].key, "", x)
        for (r, b, pool), x in raw.lent.items()
    ]
    rows += [
        ("pinned_operation", group_label(g), b, p.pools[pool].key, "", x)
        for (g, b, pool), x in raw.basic_op_staff.items()
    ]
    rows += [
        ("operation", group_label(g), b, "", group_label(raw.classes.qualifications[c]), x)
        for (g, b, c), x in raw.op_staff.items()
    ]
    table = pd.DataFrame(
        rows, columns=["use", "subject", "block", "pool", "staff_class", "officers"]
    )
    return table.astype({"block": "int64", "officers": "int64"})


def lent_table(p: Problem, raw: RawSolution) -> pd.DataFrame:
    """Officers lent to each commitment, by block and pool, labelled by ids."""
    rows = [
        dict(
            commitment=p.commitments[r].commitment.id,
            type=p.commitments[r].commitment.type,
            block=int(b),
            pool=p.pools[pool].key,
            officers=int(x),
        )
        for (r, b, pool), x in raw.lent.items()
        if x
    ]
    return pd.DataFrame(rows, columns=["commitment", "type", "block", "pool", "officers"])


def class_use_table(raw: RawSolution) -> pd.DataFrame:
    """Per staff class and block, the officers free for operations after stage 1 (the
    traffic reserve included) and those the operations use."""
    used = np.zeros(raw.free.shape, dtype=np.int64)
    for (_, b, c), x in raw.op_staff.items():
        used[c, b] += x
    rows = [
        dict(
            staff_class=c,
            qualifications=";".join(sorted(raw.classes.qualifications[c])),
            block=b,
            free=int(raw.free[c, b]),
            used=int(used[c, b]),
        )
        for c in range(raw.free.shape[0])
        for b in range(raw.free.shape[1])
    ]
    return pd.DataFrame(rows, columns=["staff_class", "qualifications", "block", "free", "used"])


def _waterfall(p: Problem, raw: RawSolution, basic: pd.DataFrame, ops_hours: float) -> pd.DataFrame:
    """Contract hours down to what is left for the priorities, in person-hours."""
    h = p.block_hours.astype(float)
    used = np.zeros(p.available.shape, dtype=np.int64)
    for d in raw.assign.values():
        for (b, pool), x in d.items():
            used[pool, b] += x
    lent = lent_by_pool_block(raw, p.available.shape)
    op_units = set(p.zone.settings.staffing.operations)
    op_eligible = np.array([q.operational and q.unit in op_units for q in p.pools])
    basic_hours = float((used * h).sum())
    lent_hours = float((lent * h).sum())
    free = (p.available - used - lent) * h
    support = float(free[~op_eligible].sum()) if (~op_eligible).any() else 0.0
    reserve = reserve_run_as_road_safety(p, raw)
    capacity = (float(free[op_eligible].sum()) if op_eligible.any() else 0.0) + reserve
    absences = sum(p.absence_hours.values())
    off_roster = p.contract_hours - p.roster_hours - p.partial_hours
    steps = [
        ("contract_hours", p.contract_hours),
        ("roster_minus_contract", -off_roster),
        ("not_schedulable", -p.partial_hours),
        ("absences", -absences),
        ("available", p.available_hours),
        ("support_and_calog_not_in_basic_missions", -support),
        ("basic_missions", -basic_hours),
        ("hycap_and_commitments", -lent_hours),
        ("traffic_reserve_run_as_road_safety", reserve),
        ("capacity_for_priorities", capacity),
        ("priority_operations", -ops_hours),
        ("unallocated", capacity - ops_hours),
    ]
    return pd.DataFrame(steps, columns=["step", "hours"]).assign(
        hours=lambda d: d["hours"].round(2) + 0.0
    )  # + 0.0: no "-0.0"


def comparison_values(plans: list[Plan]) -> dict[str, dict[str, float]]:
    """Figure code -> scenario -> hours: the waterfall's main steps, each
    kind of shortfall (`short:<kind>`), each priority (`priority:<id>`), the unallocated."""
    values: dict[str, dict[str, float]] = {}
    for plan in plans:
        col = plan.problem.scenario
        w = plan.waterfall.set_index("step")["hours"]
        status = plan.status
        figures = {
            "available": w["available"],
            "absences": -w["absences"],
            "basic_missions": -w["basic_missions"],
            "hycap_and_commitments": -w["hycap_and_commitments"],
            "capacity_for_priorities": w["capacity_for_priorities"],
            **{f"short:{kind}": status.hours(kind) for kind in STATUS_KINDS},
            **{f"priority:{r.priority}": r.hours for r in plan.priorities.itertuples(index=False)},
            "unallocated": w["unallocated"],
        }
        for code, x in figures.items():
            values.setdefault(code, {})[col] = float(x)
    return values
