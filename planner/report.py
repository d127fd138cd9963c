"""Results layer: plain-text summaries of a plan and of a scenario comparison."""

from __future__ import annotations

import pandas as pd

from planner.results import STATUS_KINDS, Plan, PlanStatus, block_label
from planner.text.inputs import warning_text
from planner.timegrid import WEEKDAYS
from planner.ui_text import NBSP, NNBSP

WATERFALL_LABELS = {
    "contract_hours": "Contract hours / Heures contractuelles",
    "roster_minus_contract": "Roster minus contracts / Roulement - contrats",
    "not_schedulable": "Not schedulable (part blocks) / Non planifiable",
    "absences": "Absences (leave, sickness, training...)",
    "available": "= Available / Disponible",
    "support_and_calog_not_in_basic_missions": "Support and CALog outside basic missions",
    "basic_missions": "Basic missions / Fonctionnalités de base",
    "hycap_and_commitments": "HyCap and commitments / HyCap et engagements",
    "traffic_reserve_run_as_road_safety": "+ Traffic reserve run as road safety / Réserve circ.",
    "capacity_for_priorities": "= Capacity for priorities / Capacité pour les priorités",
    "priority_operations": "Priority operations / Opérations prioritaires",
    "unallocated": "= Unallocated / Non attribué",
}


STATUS_LABELS = {
    "legal": "legal minimum",
    "zone": "zone standard",
    "hycap": "HyCap",
    "commitment": "other commitments",
    "pinned": "pinned operations",
    "floor": "priority floors",
}
# comparison_table's row for each kind of shortfall
STATUS_ROWS = {
    "legal": "legal shortfall hours",
    "zone": "zone-standard shortfall hours",
    "hycap": "HyCap shortfall hours",
    "commitment": "other commitments shortfall hours",
    "pinned": "pinned operations shortfall hours",
    "floor": "priority floors shortfall hours",
}
_MAX_BLOCKS = 8  # block labels shown on a status line before "+N more"


def _h(x: float) -> str:
    x = 0.0 if abs(x) < 0.05 else x  # no "-0.0 h"
    return f"{x:,.1f} h".replace(",", " ")


def _days(days: list[int]) -> str:
    """[0, 1, 2, 3, 4, 6] -> 'Mon-Fri,Sun'."""
    runs: list[list[int]] = []
    for d in sorted(set(days)):
        if runs and d == runs[-1][-1] + 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    return ",".join(WEEKDAYS[r[0]] + (f"-{WEEKDAYS[r[-1]]}" if len(r) > 1 else "") for r in runs)


def reception_line(plan: Plan) -> str | None:
    """Desk opening hours against the whole blocks reserved for them, and which blocks the
    desk opens in only in part (grouped by time of day); None when no desk is required."""
    p = plan.problem
    cover = p.reception
    if not cover.open_hours or not p.reception_zone.any():
        return None
    groups: dict[tuple[str, str], list[int]] = {}
    for rb in cover.partial_blocks:
        blk = p.grid.blocks[rb.block]
        start, end = p.grid.local(blk.start_utc), p.grid.local(blk.end_utc)
        parts = []
        for a, b in rb.open_spans:
            a, b = p.grid.local(a), p.grid.local(b)
            if a == start:
                parts.append(f"closes at {b:%H:%M}")
            elif b == end:
                parts.append(f"opens at {a:%H:%M}")
            else:
                parts.append(f"open {a:%H:%M}-{b:%H:%M}")
        groups.setdefault((f"{start:%H:%M}-{end:%H:%M}", ", ".join(parts)), []).append(start.weekday())
    why = "; ".join(f"{_days(days)} {span} {what}" for (span, what), days in groups.items())
    return (f"reception: desk open {_h(cover.open_hours)}, reserved {_h(cover.reserved_hours)} in whole "
            f"{p.grid.block_hours}-hour blocks" + (f" ({why})" if why else ""))


def warning_lines(warnings) -> list[str]:
    """The "Warnings" section (planner.sanity records in English), empty when there are none."""
    if not warnings:
        return []
    return ["", "Warnings (the inputs load, but break a rule)"] + [
        "  " + warning_text(w, "en").replace(NBSP, " ").replace(NNBSP, " ") for w in warnings]


def summary(plan: Plan) -> str:
    p = plan.problem
    lines = [f"{p.zone.settings.name} - week {p.grid.label} ({p.grid.total_hours} h) - "
             f"scenario {p.scenario}"]
    lines += [f"note: {n}" for n in p.notes]
    lines += warning_lines(p.zone.warnings)
    lines.append("")
    lines.append("Capacity waterfall (person-hours)")
    for r in plan.waterfall.itertuples(index=False):
        lines.append(f"  {WATERFALL_LABELS.get(r.step, r.step):<58}{_h(r.hours):>14}")
    lines.append("")
    lines.append("Basic missions: legal minimum and zone standard")
    for fid, rows in plan.norms.groupby("functionality", sort=False):
        parts = []
        for r in rows.itertuples(index=False):
            mark = "met" if r.status == "met" else f"SHORT {_h(r.shortfall_hours)}"
            parts.append(f"{r.level} {_h(r.planned_hours)}/{_h(r.required_hours)} {mark}")
        lines.append(f"  {fid:<18} " + " | ".join(parts))
        for r in rows.itertuples(index=False):
            if r.status == "short" and r.where:
                lines.append(f"  {'':<18}   {r.level} short in: {r.where[:160]}")
    desk = reception_line(plan)
    if desk:
        lines.append(f"  {desk}")
    if len(plan.commitments):
        lines.append("")
        lines.append("HyCap and other commitments")
        for r in plan.commitments.itertuples(index=False):
            mark = "covered" if r.shortfall_hours == 0 else f"SHORT {_h(r.shortfall_hours)} ({r.where})"
            lines.append(f"  {r.id:<16} {r.type:<10}{r.start:%a %d/%m %H:%M}-{r.end:%H:%M} "
                         f"{r.planned_officers}/{r.officers} officers, {mark}")
    budget = plan.hycap_budget
    if budget["this_week_hours"] or budget["used_before_hours"]:
        flag = "" if budget["remaining_hours"] >= 0 else "  ABOVE THE YEARLY LINE"
        lines.append(f"  HyCap yearly line {_h(budget['yearly_line_hours'])}: used before "
                     f"{_h(budget['used_before_hours'])}, this week {_h(budget['this_week_hours'])}, "
                     f"remaining {_h(budget['remaining_hours'])}{flag}")
    lines.append("")
    lines.append("Priorities (hours of priority operations)")
    for r in plan.priorities.itertuples(index=False):
        cap = "" if pd.isna(r.cap_hours) or r.cap_hours is None else f", cap {r.cap_hours:g} h"
        lines.append(f"  {r.priority:<16} weight {r.weight:<5g}{_h(r.hours):>12}  share {r.share:6.1%}"
                     f" (by weight {r.weight_share:6.1%}), {r.operations} operations{cap}")
    pinned = int(plan.operations["pinned"].sum()) if len(plan.operations) else 0
    lines.append(f"  pinned operations in the plan: {pinned} of {len(p.pinned)}")
    lines.append(f"  allocation efficiency: {plan.efficiency:.1%} of the capacity for priorities")
    lines.append("")
    lines += status_lines(plan)
    status = "all stages optimal" if plan.optimal else "some stages stopped at their limit: " + ", ".join(
        f"{s.name} (gap {s.gap:.2%})" for s in plan.stages if s.status != "OPTIMAL")
    lines.append(f"Solver: {status}")
    return "\n".join(lines)


def status_lines(plan: Plan, status: PlanStatus | None = None) -> list[str]:
    """'Status: all met', or 'Status: SHORT' and one line per kind of shortfall: its hours,
    what is short and where (block labels, or the week for weekly norms and floors)."""
    status = plan.status if status is None else status
    if status.ok:
        return ["Status: all met"]
    lines = ["Status: SHORT"]
    for s in status.shortfalls:
        labels = [block_label(plan.problem, b) for b in s.blocks[:_MAX_BLOCKS]]
        if len(s.blocks) > _MAX_BLOCKS:
            labels.append(f"+{len(s.blocks) - _MAX_BLOCKS} more blocks")
        where = "; ".join(labels) if labels else "week"
        hint = " (see planner explain)" if s.kind == "pinned" else ""
        lines.append(f"  {STATUS_LABELS[s.kind]}: {_h(s.hours)} short - {', '.join(s.subjects)} - "
                     f"in {where}{hint}")
    return lines


def comparison_table(plans: list[Plan]) -> pd.DataFrame:
    """Scenarios side by side, with differences from the first one."""
    rows: dict[str, dict[str, float]] = {}
    for plan in plans:
        col = plan.problem.scenario
        w = plan.waterfall.set_index("step")["hours"]
        values = {
            "available hours": w["available"],
            "absences hours": -w["absences"],
            "basic missions hours": -w["basic_missions"],
            "HyCap and commitments hours": -w["hycap_and_commitments"],
            "capacity for priorities hours": w["capacity_for_priorities"],
        }
        status = plan.status
        for kind in STATUS_KINDS:
            values[STATUS_ROWS[kind]] = status.hours(kind)
        for r in plan.priorities.itertuples(index=False):
            values[f"{r.priority} hours"] = r.hours
        values["unallocated hours"] = w["unallocated"]
        rows[col] = values
    df = pd.DataFrame(rows)
    first = df.columns[0]
    for col in df.columns[1:]:
        df[f"{col} - {first}"] = df[col] - df[first]
    return df.round(1)
