"""Explanations layer: why each priority got its hours, the price of one more officer, what
to do about a shortfall, and what changed between two scenarios.

Every reason is found by a what-if on the model itself: relax one thing (a qualification, a
window, a cap, the crew size, a daily limit, the pinned operations, the weight, or add one
officer), solve again with stage 1 held as it is, and keep the reason only when the
priority then gets more hours. Shortfall repairs are applied to stage 1 and kept only when
they cover the missing officers. All what-ifs run the same deterministic solver, so the
same inputs give the same text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from planner.domain import TimeWindow
from planner.problem import Problem, operation_group, start_map, with_operations
from planner.results import Plan, activity_officers, block_label, lent_by_pool_block
from planner.solver import SolverParams
from planner.solver.solve import BasicResult, PriorityResult, solve_basic, solve_priorities
from planner.text.labels import mission_labels
from planner.timegrid import WEEKDAYS

DAYS_FR = ("lun", "mar", "mer", "jeu", "ven", "sam", "dim")
DAYS_NL = ("ma", "di", "wo", "do", "vr", "za", "zo")


def _h(x: float, lang: str = "fr") -> str:
    text = f"{x:,.1f}".replace(",", " ")
    text = text[:-2] if text.endswith(".0") else text
    return (text.replace(".", ",") if lang in ("fr", "nl") else text) + (" u" if lang == "nl" else " h")


def _block(problem: Problem, b: int, lang: str) -> str:
    label = block_label(problem, b)
    day = WEEKDAYS.index(label[:3])
    names = DAYS_FR if lang == "fr" else DAYS_NL if lang == "nl" else WEEKDAYS
    return names[day] + label[3:]


@dataclass(frozen=True)
class Reason:
    subject_type: str  # priority | functionality | commitment
    subject: str
    code: str
    text_fr: str
    text_nl: str
    hours: float = 0.0  # the subject's hours in the plan (or hours short)
    gain_hours: float = 0.0  # what relaxing this reason gives (0 for statements)


@dataclass(frozen=True)
class Repair:
    code: str
    text_fr: str
    text_nl: str
    remaining_officers: int  # officers still missing in the block after the repair
    verified: bool


@dataclass(frozen=True)
class Shortfall:
    functionality: str
    level: str
    block: int | None  # None for a weekly norm
    when_fr: str
    when_nl: str
    missing_officers: int
    hours: float
    why_fr: str
    why_nl: str
    repairs: tuple[Repair, ...]


@dataclass
class Explanation:
    priorities: list[Reason]
    marginal: pd.DataFrame
    tradeoffs: pd.DataFrame
    shortfalls: list[Shortfall]
    notes: list[str] = field(default_factory=list)

    def table(self) -> pd.DataFrame:
        """explanations.csv: one row per reason and per shortfall repair."""
        rows = [dict(subject_type=r.subject_type, subject=r.subject, code=r.code,
                     hours=r.hours, gain_hours=r.gain_hours, text_fr=r.text_fr, text_nl=r.text_nl)
                for r in self.priorities]
        for s in self.shortfalls:
            rows.append(dict(subject_type="functionality", subject=s.functionality,
                             code=f"shortfall_{s.level}", hours=s.hours, gain_hours=0.0,
                             text_fr=f"{s.when_fr} : {s.why_fr}", text_nl=f"{s.when_nl}: {s.why_nl}"))
            for k, rep in enumerate(s.repairs, start=1):
                rows.append(dict(subject_type="functionality", subject=s.functionality,
                                 code=f"repair_{k}_{rep.code}", hours=s.hours,
                                 gain_hours=float(s.missing_officers - rep.remaining_officers),
                                 text_fr=rep.text_fr, text_nl=rep.text_nl))
        return pd.DataFrame(rows, columns=["subject_type", "subject", "code", "hours", "gain_hours",
                                           "text_fr", "text_nl"])

    def text(self, lang: str = "fr") -> str:
        key = "text_nl" if lang == "nl" else "text_fr"
        lines = []
        current = None
        for r in self.priorities:
            if r.subject != current:
                current = r.subject
                lines.append("")
            lines.append(("  - " if r.code != "hours" else "") + getattr(r, key))
        if self.shortfalls:
            lines.append("")
            lines.append("Manques / Tekorten:")
            for s in self.shortfalls:
                when = s.when_nl if lang == "nl" else s.when_fr
                why = s.why_nl if lang == "nl" else s.why_fr
                lines.append(f"  {when}: {why}")
                for k, rep in enumerate(s.repairs, start=1):
                    text = rep.text_nl if lang == "nl" else rep.text_fr
                    lines.append(f"    {k}. {text}")
        if len(self.marginal):
            lines.append("")
            lines.append("Prix d'un policier de plus / Prijs van één politieman meer:")
            for r in self.marginal.head(8).itertuples(index=False):
                gains = ", ".join(f"{c[5:]} {getattr(r, c):+g} h" for c in self.marginal.columns
                                  if c.startswith("gain_") and c != "gain_total" and getattr(r, c))
                staff = r.staff_nl if lang == "nl" else r.staff_fr
                lines.append(f"  {r.block_label} {staff}: {r.gain_total:+g} h ({gains})")
        if len(self.tradeoffs):
            lines.append("")
            lines.append("Arbitrages / Afwegingen:")
            for r in self.tradeoffs.itertuples(index=False):
                lines.append(f"  {r.text_fr if lang != 'nl' else r.text_nl}")
        return "\n".join(lines).strip("\n")


# -- what-ifs ---------------------------------------------------------------------------

_TASKS: list = []


def _run_task(i: int) -> dict[str, float]:
    return _TASKS[i]()


def run_what_ifs(tasks: dict[str, object], workers: int = 2) -> dict[str, dict[str, float]]:
    """Run independent what-if solves, in forked worker processes when there are several.
    Each solve is deterministic, so the results do not depend on the order or the workers."""
    global _TASKS
    keys = sorted(tasks)
    _TASKS = [tasks[k] for k in keys]
    try:
        if workers > 1 and len(keys) > 1:
            import multiprocessing as mp

            with mp.get_context("fork").Pool(min(workers, len(keys))) as pool:
                values = pool.map(_run_task, range(len(keys)), chunksize=1)
        else:
            values = [_run_task(i) for i in range(len(keys))]
    finally:
        _TASKS = []
    return dict(zip(keys, values, strict=True))

def basic_of(plan: Plan) -> BasicResult:
    raw = plan.raw
    return BasicResult(raw.assign, raw.lent, raw.pinned_placed, raw.basic_op_staff,
                       raw.shortfalls, raw.pinned_missing, [], 0.0)


def _rerun(plan: Plan, params: SolverParams, problem: Problem | None = None,
           extra_free: np.ndarray | None = None, placed: dict[int, int] | None = None,
           basic: BasicResult | None = None) -> dict[str, float]:
    base = plan.problem
    problem = problem or base
    basic = basic or basic_of(plan)
    if placed is None:
        mapping = start_map(base, problem)
        placed = {mapping[i]: n for i, n in basic.placed.items() if i in mapping}
    result: PriorityResult = solve_priorities(problem, basic, params, extra_free, placed,
                                              tie_breaks=False)
    return result.hours(problem)


def _all_week(problem: Problem) -> TimeWindow:
    start = problem.zone.settings.day_start_minute
    return TimeWindow(tuple(range(7)), start, start + 24 * 60)


def _gain(after: dict[str, float], before: dict[str, float], pid: str) -> float:
    return round(after.get(pid, 0.0) - before.get(pid, 0.0), 2)


def _priority_tasks(plan: Plan, params: SolverParams) -> dict[str, object]:
    """Every what-if the priority reasons need, keyed '<what>|<priority>'."""
    p = plan.problem
    hours = plan.priority_hours
    tasks: dict[str, object] = {}
    generic = [c for c, q in enumerate(plan.raw.classes.qualifications)
               if not q]
    if generic:
        extra = np.zeros(plan.raw.free.shape, dtype=np.int64)
        extra[generic[0]] += 1
        tasks["capacity|*"] = lambda extra=extra: _rerun(plan, params, extra_free=extra)
    if plan.raw.pinned_placed and any(plan.raw.pinned_placed.values()):
        extra = np.zeros(plan.raw.free.shape, dtype=np.int64)
        for (_, b, pool), x in plan.raw.basic_op_staff.items():
            c = plan.raw.classes.pool_class.get(pool)
            if c is not None:
                extra[c, b] += x
        tasks["pinned|*"] = lambda extra=extra: _rerun(plan, params, extra_free=extra, placed={})
    full = _all_week(p)
    for q in p.priorities:
        ops = [o for o in p.operations if o.priority == q.id]
        if not ops or q.weight <= 0:
            continue

        def with_ops(change, q=q):
            new_ops = [change(o) if o.priority == q.id else o for o in p.operations]
            return lambda: _rerun(plan, params, problem=with_operations(p, new_ops))

        if any(o.qualifications for o in ops):
            tasks[f"qualification|{q.id}"] = with_ops(lambda o: replace(o, qualifications=frozenset()))
        if any(o.windows != (full,) for o in ops):
            tasks[f"windows|{q.id}"] = with_ops(lambda o: replace(o, windows=(full,)))
        if any(o.crew > 1 for o in ops):
            tasks[f"crew_size|{q.id}"] = with_ops(lambda o: replace(o, crew=1))
        limited = _limited_ops(plan, q.id, ops)
        if limited:
            tasks[f"daily_limit|{q.id}"] = with_ops(
                lambda o, lim=tuple(x.id for x in limited): replace(o, max_per_day=10_000) if o.id in lim else o)
        if q.cap_hours is not None and hours[q.id] >= q.cap_hours - max(o.crew * o.duration_hours for o in ops):
            prios = [replace(x, cap_hours=None) if x.id == q.id else x for x in p.priorities]
            tasks[f"cap|{q.id}"] = lambda prios=prios: _rerun(plan, params, problem=with_operations(p, priorities=prios))
        prios = [replace(x, weight=x.weight * 2) if x.id == q.id else x for x in p.priorities]
        tasks[f"weight|{q.id}"] = lambda prios=prios: _rerun(plan, params, problem=with_operations(p, priorities=prios))
    return tasks


def _floor_of(plan: Plan, q) -> float:
    """The floor stage 2 applied: the priority's own (the traffic norm is reserved in stage 1
    and no longer a floor of road safety)."""
    return float(math.ceil(q.floor_hours))


def _limited_ops(plan: Plan, pid: str, ops) -> list:
    counts = plan.operations[plan.operations.priority == pid].groupby(["operation", "day"]).size()
    return [o for o in ops if any(counts.get((o.id, d), 0) >= o.max_per_day for d in range(7))]


def explain_priorities(plan: Plan, params: SolverParams | None = None,
                       results: dict[str, dict[str, float]] | None = None) -> list[Reason]:
    """Why each priority got its hours: one statement of its hours and share, then every
    reason that holds, each with the hours relaxing it would add, largest first."""
    params = params or SolverParams()
    if results is None:
        results = run_what_ifs(_priority_tasks(plan, params))
    p = plan.problem
    hours = plan.priority_hours
    total = sum(hours.values())
    wsum = sum(q.weight for q in p.priorities) or 1.0
    reasons: list[Reason] = []
    for q in p.priorities:
        h = hours[q.id]
        share = h / total if total else 0.0
        mix = plan.operations[plan.operations.priority == q.id].groupby("operation").size()
        mix_text = ", ".join(f"{n} x {op}" for op, n in sorted(mix.items(), key=lambda t: (-t[1], t[0])))
        reasons.append(Reason(
            "priority", q.id, "hours",
            f"{q.label_fr} : {_h(h)} ({share:.0%} des heures prioritaires ; {q.weight / wsum:.0%} selon le poids {q.weight:g})"
            + (f" - {mix_text}." if mix_text else "."),
            f"{q.label_nl}: {_h(h, 'nl')} ({share:.0%} van de prioritaire uren; {q.weight / wsum:.0%} volgens het gewicht {q.weight:g})"
            + (f" - {mix_text}." if mix_text else "."),
            h, 0.0))
        floor = _floor_of(plan, q)
        if floor > 0:
            reasons.append(Reason(
                "priority", q.id, "floor",
                f"Plancher de {_h(floor)}"
                + (" : atteint." if h >= floor else f" : non atteint, il manque {_h(floor - h)}."),
                f"Vloer van {_h(floor, 'nl')}"
                + (": gehaald." if h >= floor else f": niet gehaald, {_h(floor - h, 'nl')} tekort."),
                h, 0.0))
        ops = [o for o in p.operations if o.priority == q.id]
        found: list[Reason] = []

        def gain(key: str, pid: str = q.id) -> float:
            return _gain(results[key], hours, pid) if key in results else 0.0

        def add(code: str, fr: str, nl: str, g: float, q=q, h=h, found=found) -> None:
            found.append(Reason("priority", q.id, code, fr, nl, h, g))

        if not ops:
            add("no_operation_type", "Aucun type d'opération n'est défini pour cette priorité.",
                "Er is geen operatietype bepaald voor deze prioriteit.", 0.0)
        elif q.weight == 0:
            add("zero_weight", "Son poids est 0 : elle ne reçoit que son plancher et ses opérations figées.",
                "Het gewicht is 0: ze krijgt enkel haar vloer en vastgelegde operaties.", 0.0)
        if (g := gain("capacity|*")) > 0:
            add("leftover_used_up",
                f"La capacité laissée par les missions de base est épuisée : un policier de plus libre dans chaque bloc lui donnerait {_h(g)} de plus.",
                f"De capaciteit die de basisopdrachten overlaten is opgebruikt: één politieman meer vrij in elk blok zou {_h(g, 'nl')} meer geven.", g)
        if (g := gain("pinned|*")) > 0:
            names = ", ".join(sorted({p.starts[i].operation for i, n in plan.raw.pinned_placed.items() if n}))
            add("pinned_operations",
                f"Des opérations figées ({names}) occupent une partie de la capacité : sans elles, {_h(g)} de plus.",
                f"Vastgelegde operaties ({names}) nemen een deel van de capaciteit in: zonder hen {_h(g, 'nl')} meer.", g)
        if (g := gain(f"qualification|{q.id}")) > 0:
            quals = ", ".join(sorted({x for o in ops for x in o.qualifications}))
            where = _scarce_blocks(plan, q.id)
            add("qualification",
                f"Trop peu de policiers qualifiés ({quals}) libres dans ses créneaux{where[0]} : sans cette exigence, {_h(g)} de plus.",
                f"Te weinig vrije politiemensen met {quals} in de toegelaten tijdvakken{where[1]}: zonder die vereiste {_h(g, 'nl')} meer.", g)
        if (g := gain(f"windows|{q.id}")) > 0:
            add("windows", f"Ses créneaux autorisés sont étroits : permis toute la semaine, {_h(g)} de plus.",
                f"De toegelaten tijdvakken zijn smal: toegelaten over de hele week {_h(g, 'nl')} meer.", g)
        if (g := gain(f"crew_size|{q.id}")) > 0:
            crews = "/".join(str(o.crew) for o in ops if o.crew > 1)
            add("crew_size",
                f"Des équipes de {crews} ne se forment pas avec les policiers restants dans certains blocs : avec des équipes d'un policier, {_h(g)} de plus.",
                f"Ploegen van {crews} zijn in sommige blokken niet te vormen met de overblijvende politiemensen: met ploegen van één {_h(g, 'nl')} meer.", g)
        if (g := gain(f"daily_limit|{q.id}")) > 0:
            limited = _limited_ops(plan, q.id, ops)
            add("daily_limit",
                "Limite quotidienne atteinte (" + ", ".join(f"{o.id} {o.max_per_day}/jour" for o in limited)
                + f") : sans limite, {_h(g)} de plus.",
                "Daglimiet bereikt (" + ", ".join(f"{o.id} {o.max_per_day}/dag" for o in limited)
                + f"): zonder limiet {_h(g, 'nl')} meer.", g)
        if (g := gain(f"cap|{q.id}")) > 0:
            add("cap", f"Plafond de {_h(q.cap_hours)} atteint : sans plafond, {_h(g)} de plus.",
                f"Plafond van {_h(q.cap_hours, 'nl')} bereikt: zonder plafond {_h(g, 'nl')} meer.", g)
        if (g := gain(f"weight|{q.id}")) > 0:
            add("weight",
                f"Le reste est partagé par poids avec les autres priorités : avec un poids double ({q.weight * 2:g}), {_h(g)} de plus.",
                f"De rest wordt volgens gewicht gedeeld met de andere prioriteiten: met een dubbel gewicht ({q.weight * 2:g}) {_h(g, 'nl')} meer.", g)
        found.sort(key=lambda r: (-r.gain_hours, r.code))
        reasons += found
    return reasons


def _scarce_blocks(plan: Plan, pid: str) -> tuple[str, str]:
    """Blocks of the priority's windows where no qualified officer was left free."""
    p, raw = plan.problem, plan.raw
    used = np.zeros(raw.free.shape, dtype=np.int64)
    for (_, b, c), x in raw.op_staff.items():
        used[c, b] += x
    left = raw.free - used
    blocks = []
    for o in p.operations:
        if o.priority != pid or not o.qualifications:
            continue
        classes = raw.classes.sources_for(operation_group(p, o.id))
        for s in p.starts:
            if s.operation == o.id and all(left[list(classes), b].sum() < o.crew for b in s.blocks):
                blocks.append(s.start_block)
    blocks = sorted(set(blocks))
    if not blocks:
        return "", ""
    shown_fr = ", ".join(_block(p, b, "fr") for b in blocks[:4])
    shown_nl = ", ".join(_block(p, b, "nl") for b in blocks[:4])
    more = f" (+{len(blocks) - 4})" if len(blocks) > 4 else ""
    return f" (aucun libre : {shown_fr}{more})", f" (niemand vrij: {shown_nl}{more})"


# -- price of capacity ------------------------------------------------------------------

def _class_prices(plan: Plan) -> dict[tuple[int, int], float]:
    """Dual values of the class-capacity rows in the LP relaxation of 'maximise all priority
    hours' on stage 1's leftover: what one more officer of a class in a block is worth."""
    from planner.solver.constraints import build_priority_constraints
    from planner.solver.variables import make_priority_variables

    p, raw = plan.problem, plan.raw
    floors = {q.id: 0 for q in p.priorities}
    v = make_priority_variables(p, raw.classes, raw.free, raw.pinned_placed, "glop")
    build_priority_constraints(p, v, raw.free, raw.pinned_placed, floors, raw.free - raw.reserve)
    v.model.solver.Maximize(v.model.sum(v.priority_hours[q.id] for q in p.priorities
                                        if not isinstance(v.priority_hours[q.id], int | float)))
    v.model.solver.Solve()
    rows = v.__dict__.get("class_rows", {})
    return {k: row.dual_value() for k, row in rows.items() if row is not None}


def price_of_capacity(plan: Plan, params: SolverParams | None = None, top: int = 8) -> pd.DataFrame:
    """The blocks and staff where one more officer buys the most, each checked by solving again
    with that officer added: gains per priority and for the basic missions, in hours."""
    params = params or SolverParams()
    p, raw = plan.problem, plan.raw
    hours = plan.priority_hours
    prices = _class_prices(plan)
    # one candidate per (class, day part): the best-priced block, so the list is varied
    ranked = sorted(((round(v, 6), c, b) for (c, b), v in prices.items() if v > 1e-6),
                    key=lambda t: (-t[0], t[1], t[2]))
    seen: set[tuple[int, int]] = set()
    picks = []
    for _, c, b in ranked:
        key = (c, p.grid.blocks[b].slot)
        if key in seen:
            continue
        seen.add(key)
        picks.append((c, b))
        if len(picks) >= top:
            break
    tasks = {}
    for c, b in picks:
        extra = np.zeros(raw.free.shape, dtype=np.int64)
        extra[c, b] = 1
        tasks[f"{c:04d}|{b:04d}"] = lambda extra=extra: _rerun(plan, params, extra_free=extra)
    results = run_what_ifs(tasks)
    rows = []
    for c, b in picks:
        after = results[f"{c:04d}|{b:04d}"]
        quals = sorted(raw.classes.qualifications[c])
        with_q = f" ({'+'.join(quals)})" if quals else ""
        row = dict(block=b, block_label=block_label(p, b),
                   staff="operational officer" + (f" with {'+'.join(quals)}" if quals else ""),
                   staff_fr="policier opérationnel" + with_q, staff_nl="operationele politieman" + with_q,
                   gain_basic_missions=0.0)
        for q in p.priorities:
            row[f"gain_{q.id}"] = _gain(after, hours, q.id)
        rows.append(row)
    rows += _basic_prices(plan, params)
    df = pd.DataFrame(rows)
    if df.empty:
        return pd.DataFrame(columns=["block", "block_label", "staff", "staff_fr", "staff_nl",
                                     "gain_basic_missions", "gain_total"])
    gain_cols = [c for c in df.columns if c.startswith("gain_")]
    df[gain_cols] = df[gain_cols].fillna(0.0)
    df["gain_total"] = df[gain_cols].sum(axis=1)
    df = df[df["gain_total"] > 0]
    return df.sort_values(["gain_total", "block", "staff"], ascending=[False, True, True]).reset_index(drop=True)


def _basic_prices(plan: Plan, params: SolverParams) -> list[dict]:
    """+1 officer of an eligible pool in blocks where a basic mission is short."""
    out = []
    for s in _short_items(plan)[:6]:
        if s["block"] is None or s["pools"] == ():
            continue
        pool = s["pools"][0]
        after = _basic_rerun(plan, params, add={(pool, s["block"]): 1})
        gain = _short_hours(plan.raw.shortfalls, plan) - _short_hours(after.shortfalls, plan)
        if gain > 0:
            unit = plan.problem.pools[pool].unit
            out.append(dict(block=s["block"], block_label=block_label(plan.problem, s["block"]),
                            staff=f"{unit} officer", staff_fr=f"policier ({unit})",
                            staff_nl=f"politieman ({unit})",
                            gain_basic_missions=float(gain)))
    return out


def _short_hours(shortfalls: dict, plan: Plan) -> float:
    p = plan.problem
    total = 0.0
    for (_rule, subject, _level), x in shortfalls.items():
        if not x:
            continue
        h = 1
        if "@" in subject:
            h = int(p.block_hours[int(subject.split("@")[1])])
        elif subject.isdigit():
            h = int(p.block_hours[int(subject)])
        total += x * h
    return total


def tradeoffs(plan: Plan, params: SolverParams | None = None, step_hours: float = 10.0) -> pd.DataFrame:
    """For each priority: what giving it about `step_hours` more would cost the others,
    found by solving again with that floor."""
    params = params or SolverParams()
    p = plan.problem
    hours = plan.priority_hours
    tasks = {}
    for q in p.priorities:
        if not any(o.priority == q.id for o in p.operations):
            continue
        prios = [replace(x, floor_hours=max(x.floor_hours, hours[q.id] + step_hours)) if x.id == q.id else x
                 for x in p.priorities]
        tasks[q.id] = lambda prios=prios: _rerun(plan, params, problem=with_operations(p, priorities=prios))
    results = run_what_ifs(tasks)
    label = {x.id: (x.label_fr, x.label_nl) for x in p.priorities}
    rows = []
    for q in p.priorities:
        if q.id not in results:
            continue
        after = results[q.id]
        up = _gain(after, hours, q.id)
        if up <= 0:
            rows.append(dict(priority=q.id, gain_hours=0.0,
                             text_fr=f"{q.label_fr} ne peut pas recevoir plus d'heures cette semaine.",
                             text_nl=f"{q.label_nl} kan deze week geen uren meer krijgen."))
            continue
        costs = {x.id: -_gain(after, hours, x.id) for x in p.priorities if x.id != q.id}
        paid = [(pid, c) for pid, c in costs.items() if c > 0]
        fr = ", ".join(f"{_h(c)} de {label[pid][0]}" for pid, c in paid) or "rien (capacité libre)"
        nl = ", ".join(f"{_h(c, 'nl')} {label[pid][1]}" for pid, c in paid) or "niets (vrije capaciteit)"
        row = dict(priority=q.id, gain_hours=up,
                   text_fr=f"+{_h(up)} pour {q.label_fr} coûte {fr}.",
                   text_nl=f"+{_h(up, 'nl')} voor {q.label_nl} kost {nl}.")
        row.update({f"cost_{pid}": c for pid, c in costs.items()})
        rows.append(row)
    return pd.DataFrame(rows)


# -- shortfall diagnosis ----------------------------------------------------------------

def _short_items(plan: Plan) -> list[dict]:
    """Every (functionality or commitment, level, block) short in the plan, with the pools
    that could have covered it and the officers missing."""
    p, raw = plan.problem, plan.raw
    items = []
    x = {a: activity_officers(raw, a, p.n_blocks) for a in ("intervention", "reception")}
    lent = lent_by_pool_block(raw, p.available.shape)
    for fid, legal, zone in (("intervention", p.intervention_legal, p.intervention_zone),
                             ("reception", p.reception_legal, p.reception_zone)):
        for level, need in (("legal", legal), ("zone", zone)):
            for b in np.flatnonzero(x[fid] < need):
                miss = int(need[b] - x[fid][b])
                if level == "zone":
                    miss = int(need[b] - max(x[fid][b], legal[b]))
                if miss > 0:
                    items.append(dict(fid=fid, level=level, block=int(b), missing=miss,
                                      pools=tuple(p.eligible[fid])))
    for fid, pools, k in (("public_order", p.public_order_pools, p.public_order_on_call),
                          ("victim_assistance", p.victim_pools, p.victim_on_call)):
        if k <= 0:
            continue
        present = (p.available[list(pools)] - lent[list(pools)]).sum(axis=0) if pools else np.zeros(p.n_blocks)
        for b in np.flatnonzero(present < k):
            items.append(dict(fid=fid, level="legal", block=int(b), missing=int(k - present[b]),
                              pools=tuple(pools)))
    # commitments of one type short in the same block are diagnosed together: officers
    # added there can go to any of them
    grouped: dict[tuple[str, int], dict] = {}
    for r, need in enumerate(p.commitments):
        for b in need.blocks:
            got = sum(v for (rr, bb, _), v in raw.lent.items() if rr == r and bb == b)
            if got < need.commitment.officers:
                g = grouped.setdefault((need.commitment.type, int(b)), dict(
                    fid=need.commitment.type, level="legal", block=int(b), missing=0, pools=(),
                    commitments=[]))
                g["missing"] += need.commitment.officers - got
                g["pools"] = tuple(sorted(set(g["pools"]) | set(need.pools)))
                g["commitments"].append(r)
    items += [grouped[k] for k in sorted(grouped)]
    for row in plan.norms.itertuples(index=False):
        if row.status == "short" and row.functionality in ("neighbourhood", "investigation", "traffic"):
            items.append(dict(fid=row.functionality, level=row.level, block=None,
                              missing=0, pools=tuple(p.eligible.get(row.functionality, ())),
                              hours=row.shortfall_hours, where=row.where))
    return items


def _basic_rerun(plan: Plan, params: SolverParams, add: dict[tuple[int, int], int] | None = None,
                 eligible: dict[str, tuple[int, ...]] | None = None) -> BasicResult:
    p = plan.problem
    avail = p.available.copy()
    for (pool, b), k in (add or {}).items():
        avail[pool, b] += k
    problem = replace(p, available=avail, eligible={**p.eligible, **(eligible or {})})
    return solve_basic(problem, params)


def _still_missing(plan: Plan, item: dict, basic: BasicResult) -> int:
    p = plan.problem
    b = item["block"]
    fid, level = item["fid"], item["level"]
    if "commitments" in item:
        missing = 0
        for r in item["commitments"]:
            got = sum(v for (rr, bb, _), v in basic.lent.items() if rr == r and bb == b)
            missing += max(0, p.commitments[r].commitment.officers - got)
        return missing
    key = (fid, str(b), level)
    if key in basic.shortfalls:
        short = basic.shortfalls[key]
        if level == "zone":
            legal = basic.shortfalls.get((fid, str(b), "legal"), 0)
            return max(0, short - legal)
        return short
    return 0


def diagnose_shortfalls(plan: Plan, params: SolverParams | None = None, limit: int = 12) -> list[Shortfall]:
    params = params or SolverParams()
    p = plan.problem
    out = []
    absent = _absent_by_pool_block(p)
    units_free = p.available - basic_of(plan).used(p)
    for item in _short_items(plan)[:limit]:
        fid, level, b = item["fid"], item["level"], item["block"]
        fr_name, nl_name = mission_labels(fid)
        if "commitments" in item:
            ids = ", ".join(p.commitments[r].commitment.id for r in item["commitments"])
            kind = "HyCap" if fid == "hycap" else fid
            fr_name, nl_name = f"{kind} ({ids})", f"{kind} ({ids})"
        if b is None:
            out.append(Shortfall(fid, level, None, "semaine", "week", 0, float(item["hours"]),
                                 f"{fr_name} ({level}) : {_h(item['hours'])} manquantes sur la semaine ({item['where']}).",
                                 f"{nl_name} ({level}): {_h(item['hours'], 'nl')} tekort over de week ({item['where']}).",
                                 _weekly_repairs(level)))
            continue
        k = item["missing"]
        hours = float(k * p.block_hours[b])
        pools = list(item["pools"])
        on_duty = int(p.available[pools, b].sum()) if pools else 0
        away = {}
        for pool in pools:
            for kind, n in absent.get((pool, b), {}).items():
                away[kind] = away.get(kind, 0) + n
        away_fr = ", ".join(f"{n} en {kind}" for kind, n in sorted(away.items())) or "aucun absent"
        away_nl = ", ".join(f"{n} met {kind}" for kind, n in sorted(away.items())) or "niemand afwezig"
        lent = sum(x for (_, bb, pool), x in plan.raw.lent.items() if bb == b and pool in pools)
        if lent and "commitments" not in item:
            away_fr += f" ; prêtés (HyCap, engagements) : {lent}"
            away_nl += f"; uitgeleend (HyCap, verplichtingen): {lent}"
        why_fr = (f"{fr_name} ({'minimum légal' if level == 'legal' else 'norme de la zone'}) : il manque {k} "
                  f"policier(s) ({_h(hours)}). En service parmi ceux qui peuvent l'assurer : {on_duty} ; absents : {away_fr}.")
        why_nl = (f"{nl_name} ({'wettelijk minimum' if level == 'legal' else 'zonenorm'}): {k} politiemensen "
                  f"te weinig ({_h(hours, 'nl')}). In dienst bij wie het kan doen: {on_duty}; afwezig: {away_nl}.")
        repairs = []
        # 1. a priority operation cannot hold them: stage 1 went first
        repairs.append(Repair("move_from_operation",
                              "Retirer un policier d'une opération prioritaire : sans effet, les missions de base passent déjà avant les opérations.",
                              "Een politieman van een prioritaire operatie halen: zonder effect, de basisopdrachten gaan al voor.",
                              k, True))
        # 2. call back officers of another unit free in that block
        others = [q for q in range(len(p.pools)) if q not in pools and p.pools[q].operational
                  and units_free[q, b] > 0 and _qualified_for(p, item, q)]
        if others and fid in ("intervention", "reception"):
            after = _basic_rerun(plan, params, eligible={fid: tuple(sorted(set(pools) | set(others)))})
            left = _still_missing(plan, item, after)
            units = sorted({p.pools[q].unit for q in others})
            repairs.append(Repair("call_back_other_unit",
                                  f"Rappeler {k} policier(s) d'une autre unité ({', '.join(units)}) : reste {left} manquant(s).",
                                  f"{k} politiemensen van een andere eenheid ({', '.join(units)}) inzetten: nog {left} tekort.",
                                  left, True))
        # 3. change a shift / extra duty for k officers of an eligible pool
        if pools:
            pool = max(pools, key=lambda q: (p.available[q].sum(), -q))
            after = _basic_rerun(plan, params, add={(pool, b): k})
            left = _still_missing(plan, item, after)
            repairs.append(Repair("change_shift",
                                  f"Déplacer le service de {k} policier(s) ({p.pools[pool].unit}) vers {_block(p, b, 'fr')} (changement d'horaire ou rappel) : reste {left} manquant(s).",
                                  f"De dienst van {k} politiemensen ({p.pools[pool].unit}) naar {_block(p, b, 'nl')} verschuiven (andere dienst of terugroeping): nog {left} tekort.",
                                  left, True))
        # 4. recall officers absent for a movable reason (training, other)
        movable = {pool: n for pool in pools for kind, n in absent.get((pool, b), {}).items()
                   if kind in ("training", "other")}
        if movable:
            add = {}
            need = k
            for pool, n in sorted(movable.items()):
                take = min(n, need)
                if take:
                    add[(pool, b)] = take
                    need -= take
            after = _basic_rerun(plan, params, add=add)
            left = _still_missing(plan, item, after)
            repairs.append(Repair("recall_from_training",
                                  f"Reporter une formation ou une autre absence planifiable de {sum(add.values())} policier(s) : reste {left} manquant(s).",
                                  f"Een opleiding of andere verplaatsbare afwezigheid van {sum(add.values())} politiemensen uitstellen: nog {left} tekort.",
                                  left, True))
        if level == "zone":
            repairs.append(Repair("accept_zone_breach",
                                  "Accepter de rester sous la norme de la zone dans ce bloc (le minimum légal est respecté).",
                                  "Aanvaarden dat de zonenorm in dit blok niet gehaald wordt (het wettelijk minimum is gehaald).",
                                  k, False))
        # statements that cannot help (moving from an operation, accepting a breach) go last
        ranked = sorted(repairs, key=lambda r: (r.code in _STATEMENTS, r.remaining_officers,
                                                _REPAIR_ORDER[r.code]))
        out.append(Shortfall(fid, level, b, _block(p, b, "fr"), _block(p, b, "nl"), k, hours,
                             why_fr, why_nl, tuple(ranked)))
    return out


_STATEMENTS = ("move_from_operation", "accept_zone_breach")
_REPAIR_ORDER = {"move_from_operation": 0, "call_back_other_unit": 1, "change_shift": 2,
                 "recall_from_training": 3, "accept_zone_breach": 4}


def _weekly_repairs(level: str) -> tuple[Repair, ...]:
    reps = [Repair("change_shift",
                   "Ajouter des heures de service à l'unité concernée cette semaine (heures supplémentaires ou changement d'horaire).",
                   "Dienturen toevoegen aan de betrokken eenheid deze week (overuren of andere dienst).", 0, False)]
    if level == "zone":
        reps.append(Repair("accept_zone_breach", "Accepter de rester sous la norme de la zone cette semaine.",
                           "Aanvaarden dat de zonenorm deze week niet gehaald wordt.", 0, False))
    return tuple(reps)


def _qualified_for(p: Problem, item: dict, pool: int) -> bool:
    for r in item.get("commitments", ()):
        q = p.commitments[r].commitment.qualification
        if q and q not in p.pools[pool].qualifications:
            return False
    return True


def _absent_by_pool_block(p: Problem) -> dict[tuple[int, int], dict[str, int]]:
    out: dict[tuple[int, int], dict[str, int]] = {}
    away = p.rostered - p.available
    if not away.any():
        return out
    for a in p.week.absences:
        pool = p.officer_pool.get(a.officer)
        if pool is None:
            continue
        for b in p.grid.blocks_overlapping(a.start, a.end):
            if away[pool, b] > 0:
                d = out.setdefault((pool, b), {})
                d[a.type] = d.get(a.type, 0) + 1
    return out


# -- the whole explanation and scenario differences ------------------------------------

def explain(plan: Plan, params: SolverParams | None = None) -> Explanation:
    params = params or SolverParams()
    return Explanation(
        priorities=explain_priorities(plan, params),
        marginal=price_of_capacity(plan, params),
        tradeoffs=tradeoffs(plan, params),
        shortfalls=diagnose_shortfalls(plan, params),
    )


def describe_differences(first: Plan, other: Plan) -> tuple[list[str], list[str]]:
    """The few differences that matter between two plans, in French and in Dutch."""
    fr: list[str] = []
    nl: list[str] = []
    name = other.problem.scenario
    d_cap = other.capacity_for_priorities - first.capacity_for_priorities
    fr.append(f"{name} : capacité pour les priorités {d_cap:+,.0f} h".replace(",", " "))
    nl.append(f"{name}: capaciteit voor de prioriteiten {d_cap:+,.0f} u".replace(",", " "))
    a, b = first.priority_hours, other.priority_hours
    labels = {q.id: (q.label_fr, q.label_nl) for q in other.problem.priorities}
    deltas = sorted(((b[k] - a.get(k, 0.0), k) for k in b), key=lambda t: (-abs(t[0]), t[1]))
    moved = [(d, k) for d, k in deltas if abs(d) >= 1][:3]
    if moved:
        fr.append("; ".join(f"{labels[k][0]} {d:+,.0f} h".replace(",", " ") for d, k in moved))
        nl.append("; ".join(f"{labels[k][1]} {d:+,.0f} u".replace(",", " ") for d, k in moved))
    else:
        fr.append("heures par priorité inchangées")
        nl.append("uren per prioriteit ongewijzigd")
    legal = other.norms[(other.norms.level == "legal") & (other.norms.status == "short")]
    if legal.empty:
        fr.append("le minimum légal des missions de base reste respecté" if first.status.hours("legal") == 0
                  else "le minimum légal des missions de base est désormais respecté")
        nl.append("het wettelijk minimum van de basisopdrachten blijft gehaald" if first.status.hours("legal") == 0
                  else "het wettelijk minimum van de basisopdrachten wordt nu gehaald")
    else:
        for r in legal.itertuples(index=False):
            fr.append(f"minimum légal non respecté : {r.label_fr} ({r.where[:80]})")
            nl.append(f"wettelijk minimum niet gehaald: {r.label_nl} ({r.where[:80]})")
    before_zone = set(first.norms[(first.norms.level == "zone") & (first.norms.status == "short")]["functionality"])
    for r in other.norms[(other.norms.level == "zone") & (other.norms.status == "short")].itertuples(index=False):
        if r.functionality not in before_zone or r.where:
            fr.append(f"{r.label_fr} sous la norme de la zone ({_h(r.shortfall_hours)}) : {r.where[:80]}")
            nl.append(f"{r.label_nl} onder de zonenorm ({_h(r.shortfall_hours, 'nl')}): {r.where[:80]}")
    c0 = float(first.commitments["shortfall_hours"].sum())
    c1 = float(other.commitments["shortfall_hours"].sum())
    if c1 > 0 or c0 > 0:
        fr.append(f"HyCap et engagements non couverts : {_h(c1)} (contre {_h(c0)})")
        nl.append(f"HyCap en verplichtingen niet gedekt: {_h(c1, 'nl')} (tegenover {_h(c0, 'nl')})")
    return fr, nl


__all__ = ["Explanation", "Reason", "Repair", "Shortfall", "describe_differences",
           "diagnose_shortfalls", "explain", "explain_priorities", "price_of_capacity",
           "tradeoffs", "math"]
