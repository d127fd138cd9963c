"""Results layer: a solver-independent checker of any plan.

`check_plan(problem, plan)` verifies every hard rule against the zone's data with plain
loops (it recomputes who is on duty from the shifts and absences itself) and recomputes
the plan's figures. It returns the list of violations; an empty list means the plan keeps
every rule. Every solve in the tests goes through it.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np

from planner.domain import works_shift
from planner.problem import ROAD_SAFETY_MARK, Problem
from planner.results import Plan, group_label
from planner.solver import SoftTerm
from planner.timegrid import UTC, local_to_utc, window_instants, within_any


def _on_duty_by_officer(problem: Problem) -> dict[str, set[int]]:
    """Blocks each officer is on duty for the whole block and not absent, recomputed from
    the shifts (part-timers working their share of them), the dated export and absences."""
    z = problem.zone
    grid = problem.grid
    tz = grid.tz
    out: dict[str, set[int]] = {}
    place: dict[str, int] = {}
    for o in z.officers:
        spans = []
        if o.team:
            team = z.teams[o.team]
            nth = place.get(o.team, 0)
            place[o.team] = nth + 1
            for day in range(-1, 7):
                date = grid.monday + dt.timedelta(days=day)
                code = team.cycle[(date - team.anchor).days % len(team.cycle)]
                number = team.shift_number(date)
                if code != "-" and works_shift(
                    number + nth, o.contract_hours, z.settings.full_time_hours
                ):
                    a, b = z.settings.shifts[code]
                    spans.append((local_to_utc(date, a, tz), local_to_utc(date, b, tz)))
        spans += [
            (d.start.astimezone(UTC), d.end.astimezone(UTC))
            for d in problem.week.on_duty
            if d.officer == o.id
        ]
        away = [
            (a.start.astimezone(UTC), a.end.astimezone(UTC))
            for a in problem.week.absences
            if a.officer == o.id
        ]
        out[o.id] = {
            blk.index
            for blk in grid.blocks
            if any(s <= blk.start_utc and blk.end_utc <= e for s, e in spans)
            and not any(s < blk.end_utc and blk.start_utc < e for s, e in away)
        }
    return out


def _on_duty(problem: Problem) -> np.ndarray:
    """[pool, block] officers on duty for the whole block and not absent, recomputed."""
    out = np.zeros(problem.available.shape, dtype=np.int64)
    for oid, blocks in _on_duty_by_officer(problem).items():
        for b in blocks:
            out[problem.officer_pool[oid], b] += 1
    return out


def _at_home(problem: Problem, qualification: str) -> np.ndarray:
    """[block] officers holding `qualification`, of an operational grade, on call at home
    for the whole block (rota or dated rows), not absent and not on duty, recomputed."""
    z, grid = problem.zone, problem.grid
    spans: dict[str, list] = {}
    for rota in z.on_call_rota:
        team = z.teams[rota.team]
        for day in range(-1, 7):
            date = grid.monday + dt.timedelta(days=day)
            code = team.cycle[(date - team.anchor).days % len(team.cycle)]
            if code != "-":
                a, b = z.settings.shifts[code]
                spans.setdefault(rota.officer, []).append(
                    (local_to_utc(date, a, grid.tz), local_to_utc(date, b, grid.tz))
                )
    for c in problem.week.on_call:
        spans.setdefault(c.officer, []).append((c.start.astimezone(UTC), c.end.astimezone(UTC)))
    duty = _on_duty_by_officer(problem)
    out = np.zeros(problem.n_blocks, dtype=np.int64)
    for o in z.officers:
        if not o.operational or qualification not in o.qualifications or o.id not in spans:
            continue
        away = [
            (a.start.astimezone(UTC), a.end.astimezone(UTC))
            for a in problem.week.absences
            if a.officer == o.id
        ]
        for blk in grid.blocks:
            home = any(s <= blk.start_utc and blk.end_utc <= e for s, e in spans[o.id])
            off = any(s < blk.end_utc and blk.start_utc < e for s, e in away)
            if home and not off and blk.index not in duty.get(o.id, set()):
                out[blk.index] += 1
    return out


def _group(label: str) -> frozenset:
    return frozenset(label.split(";")) if label else frozenset()


def check_plan(problem: Problem, plan: Plan) -> list[str]:
    """The rules the plan breaks, as lines of text (none: it keeps every rule). Reads the
    plan's labelled tables (staff, operations, ...), never the solver's indexes."""
    p = problem
    bad: list[str] = []
    st = p.zone.settings.staffing
    n_pools, n_blocks = p.available.shape
    pool_of = {pl.key: i for i, pl in enumerate(p.pools)}
    need_of = {n.commitment.id: n.commitment for n in p.commitments}
    staff = plan.staff
    rows = {
        use: list(staff[staff["use"] == use].itertuples(index=False))
        for use in ("basic", "commitment", "pinned_operation", "operation")
    }

    # 1. availability, recomputed independently
    on = _on_duty(p)
    if not np.array_equal(on, p.available):
        diff = np.argwhere(on != p.available)[:3]
        bad.append(f"availability differs from the data at (pool, block) {diff.tolist()}")

    # 2. who does what: eligibility of every assignment
    used = np.zeros((n_pools, n_blocks), dtype=np.int64)
    for r in rows["basic"]:
        a, b, pool, x = r.subject, r.block, pool_of[r.pool], r.officers
        if x < 0:
            bad.append(f"{a}: negative officers in block {b}")
        pl = p.pools[pool]
        reserve = a == "traffic" and pool in p.traffic_reserve_pools
        if x and pl.unit not in st.units_for(a) and not reserve:
            bad.append(f"{a}: pool {pl.key} is not allowed to staff it")
        if x and not pl.operational and a not in st.calog:
            bad.append(f"{a}: CALog pool {pl.key} counted for police work")
        if x and a == "reception" and p.reception_zone[b] == 0:
            bad.append(f"reception staffed in block {b} while the desk is closed")
        used[pool, b] += x
    for r in rows["commitment"]:
        c = need_of[r.subject]
        pool, x = pool_of[r.pool], r.officers
        pl = p.pools[pool]
        if x and (
            not pl.operational or (c.qualification and c.qualification not in pl.qualifications)
        ):
            bad.append(
                f"commitment {c.id}: pool {pl.key} lacks '{c.qualification}' or is not operational"
            )
        used[pool, r.block] += x
    ops = {o.id: o for o in p.operations}
    for r in rows["pinned_operation"]:
        g, pool, x = _group(r.subject), pool_of[r.pool], r.officers
        if x and not p.pools[pool].operational:
            bad.append(f"pinned operation staff from CALog pool {p.pools[pool].key}")
        if x and not g - {ROAD_SAFETY_MARK} <= p.pools[pool].qualifications:
            bad.append(f"pinned operation staff from pool {p.pools[pool].key} lacks {sorted(g)}")
        used[pool, r.block] += x
    # 3. capacity of every pool in every block
    over = np.argwhere(used > on)
    for pool, b in over[:5]:
        bad.append(
            f"pool {p.pools[pool].key} over-used in block {b}: {used[pool, b]} > {on[pool, b]}"
        )

    # 4. operations: whole crews, right duration, windows, daily limits, qualified staff
    pinned_idx: dict[int, int] = {}
    for idx, _ in p.pinned:
        pinned_idx[idx] = pinned_idx.get(idx, 0) + 1
    crews_at: dict[tuple[str, int], int] = {}
    for r in plan.operations.itertuples(index=False):
        crews_at[r.operation, int(r.start_block)] = (
            crews_at.get((r.operation, int(r.start_block)), 0) + 1
        )
    crews = [crews_at.get((s.operation, s.start_block), 0) for s in p.starts]
    # a crew at no start of the problem: its operation does not fit its windows there
    for op_id, b in sorted(set(crews_at) - {(s.operation, s.start_block) for s in p.starts}):
        bad.append(f"{op_id} at block {b}: outside its allowed windows")
    per_day: dict[tuple[str, int], int] = {}
    need: dict[tuple[frozenset, int], int] = {}
    for s, n in zip(p.starts, crews, strict=True):
        if n == 0:
            continue
        op = ops[s.operation]
        if len(s.blocks) * p.grid.block_hours != op.duration_hours:
            bad.append(f"{s.operation} at block {s.start_block}: wrong duration")
        free_crews = n - min(n, pinned_idx.get(s.index, 0))
        if free_crews and not _within_windows(p, s, op.windows):
            bad.append(f"{s.operation} at block {s.start_block}: outside its allowed windows")
        per_day[s.operation, s.day] = per_day.get((s.operation, s.day), 0) + free_crews
        group = op.qualifications
        if p.counts_for_traffic(s) and p.traffic_reserve_pools:
            group = group | {ROAD_SAFETY_MARK}
        for b in s.blocks:
            need[group, b] = need.get((group, b), 0) + n * op.crew
    for (op, day), n in per_day.items():
        if n > ops[op].max_per_day:
            bad.append(f"{op}: {n} crews on day {day}, more than max_per_day {ops[op].max_per_day}")
    staffed: dict[tuple[frozenset, int], int] = {}
    for r in rows["pinned_operation"]:
        key = (_group(r.subject), r.block)
        staffed[key] = staffed.get(key, 0) + r.officers
    # staff classes recomputed: operational officers of the operations units, by the
    # operation qualifications they hold
    op_quals = frozenset(q for o in p.operations for q in o.qualifications)
    class_of = {
        i: group_label(pl.qualifications & op_quals)
        for i, pl in enumerate(p.pools)
        if pl.operational and pl.unit in st.operations
    }
    class_use: dict[tuple[str, int], int] = {}
    rs_use: dict[tuple[str, int], int] = {}
    other_use: dict[tuple[str, int], int] = {}
    for r in rows["operation"]:
        g, cls, b, x = _group(r.subject), r.staff_class, r.block, r.officers
        if x and not g - {ROAD_SAFETY_MARK} <= _group(cls):
            bad.append(f"operations needing {sorted(g)} staffed from class without it")
        staffed[g, b] = staffed.get((g, b), 0) + x
        class_use[cls, b] = class_use.get((cls, b), 0) + x
        use = rs_use if ROAD_SAFETY_MARK in g else other_use
        use[cls, b] = use.get((cls, b), 0) + x
    for key in set(need) | set(staffed):
        if need.get(key, 0) != staffed.get(key, 0):
            bad.append(
                f"operations needing {sorted(key[0])} in block {key[1]}: "
                f"{need.get(key, 0)} crew places, {staffed.get(key, 0)} officers"
            )
    normal: dict[tuple[str, int], int] = {}
    for pool, cls in class_of.items():
        for b in range(n_blocks):
            normal[cls, b] = normal.get((cls, b), 0) + int(on[pool, b] - used[pool, b])
    reserve: dict[tuple[str, int], int] = {}
    for r in rows["basic"]:
        pool = pool_of[r.pool]
        if (
            r.subject == "traffic"
            and r.officers
            and pool in p.traffic_reserve_pools
            and pool in class_of
        ):
            key = (class_of[pool], r.block)
            reserve[key] = reserve.get(key, 0) + r.officers
    keys = sorted(set(normal) | set(class_use))
    for _cls, b in [k for k in keys if other_use.get(k, 0) > normal.get(k, 0)][:5]:
        bad.append(f"traffic reserve ran operations of another priority in block {b}")
    for cls, b in [k for k in keys if class_use.get(k, 0) > normal.get(k, 0) + reserve.get(k, 0)][
        :5
    ]:
        bad.append(f"staff class {sorted(_group(cls))} over-used in block {b}")

    # 5. pinned operations are in the plan (or reported missing)
    for idx, k in pinned_idx.items():
        s = p.starts[idx]
        if crews[idx] + plan.pinned_missing.get((s.operation, s.start_block), 0) < k:
            bad.append(f"pinned {s.operation} at block {s.start_block} missing")

    # 6. priorities: hours recomputed, caps kept
    hours = {q.id: 0.0 for q in p.priorities}
    pinned_hours = {q.id: 0.0 for q in p.priorities}
    for s, n in zip(p.starts, crews, strict=True):
        hours[s.priority] += n * s.person_hours
        pinned_hours[s.priority] += min(n, pinned_idx.get(s.index, 0)) * s.person_hours
    for q in p.priorities:
        shown = float(plan.priorities.set_index("priority").loc[q.id, "hours"])
        if abs(shown - hours[q.id]) > 1e-6:
            bad.append(f"priority {q.id}: table says {shown} h, operations give {hours[q.id]} h")
        if q.cap_hours is not None and hours[q.id] > max(
            math.floor(q.cap_hours), pinned_hours[q.id]
        ):
            bad.append(f"priority {q.id}: {hours[q.id]} h above its cap {q.cap_hours}")

    # 7. norms recomputed from the assignment
    h = p.block_hours
    x_int = np.zeros(n_blocks, dtype=np.int64)
    for r in rows["basic"]:
        if r.subject == "intervention":
            x_int[r.block] += r.officers
    legal = float((np.minimum(x_int, p.intervention_legal) * h).sum())
    _compare(bad, plan, "intervention", "legal", legal)
    neigh = float(
        sum(r.officers * h[r.block] for r in rows["basic"] if r.subject == "neighbourhood")
    )
    _compare(bad, plan, "neighbourhood", "legal", min(neigh, p.neighbourhood_legal_hours))
    traffic = float(sum(r.officers * h[r.block] for r in rows["basic"] if r.subject == "traffic"))
    # operations that count for traffic count, the reserve they ran on once
    traffic += sum(hours.get(q, 0.0) for q in sorted(p.traffic_counting_priorities))
    traffic -= float(sum(min(x, reserve.get(k, 0)) * h[k[1]] for k, x in sorted(rs_use.items())))
    _compare(bad, plan, "traffic", "legal", min(traffic, p.traffic_legal_hours))
    _compare(bad, plan, "traffic", "zone", min(traffic, p.traffic_zone_hours))
    # the legal share of traffic is reserved first: short only if stage 1 reports it short
    if traffic < p.traffic_legal_hours - 1 and not plan.shortfalls.get(
        SoftTerm("traffic", "legal")
    ):
        bad.append(
            f"traffic {traffic:.1f} h below the legal {p.traffic_legal_hours:.1f} h "
            "with no legal shortfall reported by the basic-missions stage"
        )
    # on call: reachable officers recomputed from the rota, dated rows and duty
    lent = np.zeros((n_pools, n_blocks), dtype=np.int64)
    for r in rows["commitment"]:
        lent[pool_of[r.pool], r.block] += r.officers
    norms = p.zone.settings.norms
    for fid, qual, k in (
        ("public_order", norms.public_order_qualification, p.public_order_on_call),
        ("victim_assistance", norms.victim_assistance_qualification, p.victim_on_call),
    ):
        qualified = [
            i for i, pl in enumerate(p.pools) if pl.operational and qual in pl.qualifications
        ]
        present = (on[qualified] - lent[qualified]).sum(axis=0) if qualified else np.zeros(n_blocks)
        present = present + _at_home(p, qual)
        _compare(bad, plan, fid, "legal", float((np.minimum(present, k) * h).sum()))

    # 7b. commitment hours are elapsed time (UTC), whatever the clock changes in between
    for r in plan.commitments.itertuples(index=False):
        need = next(n.commitment for n in p.commitments if n.commitment.id == r.id)
        elapsed = (need.end.astimezone(UTC) - need.start.astimezone(UTC)).total_seconds() / 3600
        if abs(r.hours - r.planned_officers * elapsed) > 1e-6:
            bad.append(
                f"commitment {r.id}: {r.hours} h, but {r.planned_officers} officers x "
                f"{elapsed:g} elapsed hours"
            )

    # 8. the waterfall adds up
    w = plan.waterfall.set_index("step")["hours"]
    chain = w["contract_hours"] + w["roster_minus_contract"] + w["not_schedulable"] + w["absences"]
    if abs(chain - w["available"]) > 0.05:
        bad.append(
            f"waterfall: contract - losses = {chain:.2f} but available = {w['available']:.2f}"
        )
    rest = (
        w["available"]
        + w["support_and_calog_not_in_basic_missions"]
        + w["basic_missions"]
        + w["hycap_and_commitments"]
        + w["traffic_reserve_run_as_road_safety"]
    )
    if abs(rest - w["capacity_for_priorities"]) > 0.05:
        bad.append("waterfall: capacity for priorities does not follow from available hours")
    if w["unallocated"] < -0.05:
        bad.append("waterfall: priority operations use more than the capacity left")
    return bad


def _within_windows(p: Problem, s, windows) -> bool:
    spans = [x for w in windows for x in window_instants(w, p.grid)]
    return within_any(
        p.grid.blocks[s.start_block].start_utc, p.grid.blocks[s.blocks[-1]].end_utc, spans
    )


def _compare(bad: list[str], plan: Plan, fid: str, level: str, planned: float) -> None:
    row = plan.norms[(plan.norms["functionality"] == fid) & (plan.norms["level"] == level)]
    shown = float(row["planned_hours"].iloc[0])
    if abs(shown - round(planned, 2)) > 0.01:
        bad.append(
            f"norm {fid}/{level}: table says {shown} h planned, assignment gives {planned:.2f} h"
        )
