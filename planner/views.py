"""Presentation layer: a plan, a comparison or a zone's inputs as the tables the app draws,
in the user's language. Pure functions of results and data (no Streamlit), so the app's
pages only pick inputs, call these and draw, and every figure shown is tested here.

Numbers stay numbers in the `*_data` frames that feed charts; the `*_table` frames that are
shown as tables hold text formatted for the language (1 234,5 h), since a user reads them
and the CSV downloads come from `planner.export` with the scheduling tool's schema.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from planner.domain import BASIC_MISSIONS, Zone
from planner.export import LineChanges, comparison_table
from planner.results import STATUS_KINDS, Plan, comparison_values, status_table
from planner.text import Text
from planner.text import labels as L
from planner.text.inputs import expected_text

TOTAL_STEPS = ("contract_hours", "available", "capacity_for_priorities", "unallocated")
# Steps the chef de corps always expects to see, even at zero hours.
KEY_STEPS = ("absences", "basic_missions", "hycap", "other_commitments", "priority_operations")


# -- small helpers ----------------------------------------------------------------------------
def _priority_names(plan: Plan, lang: str) -> dict[str, str]:
    t = Text.for_lang(lang)
    return {q.id: L.data_label(t, q) for q in plan.problem.priorities}


def _norm_where(t: Text, plan: Plan, r) -> str:
    """Where a norm row is short: its blocks, its days (the daily norm) or the week."""
    if r.status != "short":
        return ""
    return L.where(
        t, plan.problem, r.short_blocks, by_day=L.norm_short_by_day(r.functionality, r.level)
    )


def scenario_title(zone: Zone, name: str, lang: str) -> str:
    t = Text.for_lang(lang)
    s = zone.scenarios.get(name)
    return L.split_label(t, s.label, name) if s is not None else name


# -- key figures ------------------------------------------------------------------------------
def key_figures(plan: Plan) -> dict[str, float]:
    """The figures shown at the top of the week plan, in hours (efficiency as a share)."""
    w = plan.waterfall.set_index("step")["hours"]
    ops = plan.operations
    budget = plan.hycap_budget
    status = plan.status
    return {
        "available": float(w.get("available", 0.0)),
        # absences and what HyCap and other commitments take, as positive hours
        "absences": -float(w.get("absences", 0.0)),
        "lent": -float(w.get("hycap_and_commitments", 0.0)),
        "capacity": float(w.get("capacity_for_priorities", 0.0)),
        "priority_hours": float(ops["hours"].sum()) if len(ops) else 0.0,
        "efficiency": float(plan.efficiency),
        **{f"{kind}_short": float(status.hours(kind)) for kind in STATUS_KINDS},
        "hycap_week": float(budget["this_week_hours"]),
        "hycap_line": float(budget["yearly_line_hours"]),
        "hycap_before": float(budget["used_before_hours"]),
        "hycap_left": float(budget["remaining_hours"]),
        "pinned_placed": float(ops["pinned"].sum()) if len(ops) else 0.0,
        "pinned_total": float(len(plan.problem.pinned)),
        "unallocated": float(w.get("unallocated", 0.0)),
    }


_MAX_BLOCKS = 8  # blocks named on a status line before "+N more"


def _status_subject(plan: Plan, kind: str, subject: str, lang: str) -> str:
    t = Text.for_lang(lang)
    p = plan.problem
    if kind in ("legal", "zone"):
        return L.functionality(t, subject)
    if kind in ("hycap", "commitment"):
        label = next((c.commitment.label for c in p.commitments if c.commitment.id == subject), "")
        return L.split_label(t, label, subject) if label else subject
    if kind == "pinned":
        op = next((o for o in p.operations if o.id == subject), None)
        return L.data_label(t, op) if op else subject
    q = next((q for q in p.priorities if q.id == subject), None)
    return L.data_label(t, q) if q else subject


def status_lines(plan: Plan, lang: str) -> list[str]:
    """The plan's status in words: no line when everything is met, else one line per kind
    of shortfall with its hours, what is short and where (blocks, or the week)."""
    t = Text.for_lang(lang)
    p = plan.problem
    lines = []
    for s in plan.status.shortfalls:
        lines.append(
            t._(
                "{kind}: {h} short — {what} — {where}",
                kind=L.status_kind(t, s.kind),
                h=t.hours(s.hours),
                what=", ".join(_status_subject(plan, s.kind, x, lang) for x in s.subjects),
                where=L.where(t, p, s.blocks, limit=_MAX_BLOCKS),
            )
        )
    return lines


def shortfalls_table(plan: Plan, lang: str, limit: int | None = None) -> pd.DataFrame:
    """Every obligation the plan leaves short, one row each, legal minimum first and the
    largest first within a kind: kind, what, required, planned, shortfall and where (at
    most `limit` blocks named). Empty when everything is met."""
    t = Text.for_lang(lang)
    p = plan.problem
    table = status_table(plan)
    short = table[table["status"] == "short"].copy()
    short["order"] = [STATUS_KINDS.index(k) for k in short["kind"]]
    short = short.sort_values(["order", "shortfall_hours"], ascending=[True, False], kind="stable")
    cols = [
        t._("Kind of shortfall"),
        t._("What"),
        t._("Required"),
        t._("Planned"),
        t._("Shortfall"),
        t._("Where"),
    ]
    rows = [
        [
            L.status_kind(t, r.kind),
            _status_subject(plan, r.kind, r.subject, lang),
            t.hours(r.required_hours),
            t.hours(r.planned_hours),
            t.hours(r.shortfall_hours),
            L.where(
                t,
                p,
                r.short_blocks,
                by_day=L.norm_short_by_day(r.subject, r.kind),
                limit=limit,
            ),
        ]
        for r in short.itertuples(index=False)
    ]
    return pd.DataFrame(rows, columns=cols)


def plan_notes(plan: Plan, lang: str) -> list[str]:
    """What the reader should know about the plan's inputs: the problem's notes
    (planner.problem.ProblemNote) in words; an unknown code is shown as it is."""
    t = Text.for_lang(lang)
    return [_note_text(t, note.code, note.values) for note in plan.problem.notes]


def _note_text(t: Text, code: str, values) -> str:
    if code == "no_dated_inputs":
        return t._(
            "No dated inputs for {week}: shift patterns only, no absences, no requests.",
            week=values.get("week"),
        )
    return code


# -- capacity waterfall -----------------------------------------------------------------------
def waterfall_data(plan: Plan, lang: str) -> pd.DataFrame:
    """The waterfall as bars: totals from zero, each step from the running total.

    HyCap and the other commitments are one step in the results; they are split here by
    the requests' reserved hours because the chef de corps reports HyCap on its own."""
    w = plan.waterfall.set_index("step")["hours"]
    com = plan.commitments
    hycap = float(com.loc[com["type"] == "hycap", "reserved_hours"].sum()) if len(com) else 0.0
    return waterfall_bars({str(k): float(v) for k, v in w.items()}, hycap, lang)


def waterfall_bars(steps: Mapping[str, float], hycap_hours: float, lang: str) -> pd.DataFrame:
    """Waterfall steps (step -> hours, in the results' order, HyCap and commitments as one
    step) as the chart's bars, that step split into HyCap (`hycap_hours` of it at most) and
    the other commitments: a week's plan, or the weeks of a year summed."""
    t = Text.for_lang(lang)
    lent = -float(steps.get("hycap_and_commitments", 0.0))
    other = max(0.0, lent - hycap_hours)
    bars: list[tuple[str, float]] = []
    for step, hours in steps.items():
        if step == "hycap_and_commitments":
            bars += [("hycap", -min(hycap_hours, lent)), ("other_commitments", -other)]
        else:
            bars.append((str(step), float(hours)))
    rows = []
    running = 0.0
    for order, (step, hours) in enumerate(bars):
        if step in TOTAL_STEPS:
            start, end, kind = 0.0, hours, "total"
            running = hours
        else:
            if abs(hours) < 0.05:
                if step not in KEY_STEPS:
                    continue
                hours = 0.0  # shown, as a step the reader looks for, but never as "-0"
            start, end = running, running + hours
            kind = "increase" if hours > 0 else "decrease"
            running = end
        rows.append(
            dict(
                order=order,
                step=step,
                label=L.waterfall_step(t, step),
                hours=round(hours, 1),
                start=round(start, 1),
                end=round(end, 1),
                kind=kind,
                kind_label=L.waterfall_kind(t, kind),
                text=t.hours(hours, 0),
            )
        )
    return pd.DataFrame(
        rows,
        columns=["order", "step", "label", "hours", "start", "end", "kind", "kind_label", "text"],
    )


def waterfall_table(plan: Plan, lang: str) -> pd.DataFrame:
    t = Text.for_lang(lang)
    data = waterfall_data(plan, lang)
    return pd.DataFrame(
        {t._("Step"): data["label"], t._("Person-hours"): [t.hours(h) for h in data["hours"]]}
    )


# -- norms --------------------------------------------------------------------------------------
def norms_table(plan: Plan, lang: str) -> pd.DataFrame:
    """One row per functionality and level: required, planned, shortfall, status, where."""
    t = Text.for_lang(lang)
    n = plan.norms
    return pd.DataFrame(
        {
            t._("Functionality"): [L.functionality(t, f) for f in n["functionality"]],
            t._("Level"): [L.level(t, v) for v in n["level"]],
            t._("Required"): [t.hours(x) for x in n["required_hours"]],
            t._("Planned"): [t.hours(x) for x in n["planned_hours"]],
            t._("Status"): [
                L.status(t, s, h) for s, h in zip(n["status"], n["shortfall_hours"], strict=True)
            ],
            t._("Where"): [_norm_where(t, plan, r) for r in n.itertuples(index=False)],
            t._("Norm unit"): [
                L.norm_unit(t, f, v) for f, v in zip(n["functionality"], n["level"], strict=True)
            ],
        }
    )


def norms_matrix(plan: Plan, lang: str) -> pd.DataFrame:
    """The seven functionalities by level, each cell 'met' or 'short X h': the compliance
    at a glance, with where the shortfalls are."""
    t = Text.for_lang(lang)
    n = plan.norms
    rows = []
    for fid in [f for f in BASIC_MISSIONS if f in set(n["functionality"])]:
        sub = n[n["functionality"] == fid].set_index("level")
        cells = {}
        for level in ("legal", "zone"):
            if level in sub.index:
                r = sub.loc[level]
                cells[level] = L.status(t, r["status"], float(r["shortfall_hours"]))
            else:
                cells[level] = "—"
        where = "; ".join(
            dict.fromkeys(
                w
                for r in sub.reset_index().itertuples(index=False)
                if (w := _norm_where(t, plan, r))
            )
        )
        rows.append(
            {
                t._("Functionality"): L.functionality(t, fid),
                t._("Legal minimum"): cells["legal"],
                t._("Zone standard"): cells["zone"],
                t._("Where"): where,
            }
        )
    return pd.DataFrame(rows)


# -- priorities ---------------------------------------------------------------------------------
def priorities_data(plan: Plan, lang: str) -> pd.DataFrame:
    """Per priority: planned hours and the hours its weight share alone would give, long
    format for grouped bars."""
    t = Text.for_lang(lang)
    pr = plan.priorities
    names = _priority_names(plan, lang)
    total = float(pr["hours"].sum()) if len(pr) else 0.0
    measures = {"planned": t._("Planned hours"), "by_weight": t._("Hours by weight")}
    rows = []
    for r in pr.itertuples(index=False):
        for measure, hours in (
            ("planned", float(r.hours)),
            ("by_weight", float(r.weight_share) * total),
        ):
            rows.append(
                dict(
                    priority=r.priority,
                    label=names.get(r.priority, r.priority),
                    measure=measure,
                    measure_label=measures[measure],
                    hours=round(hours, 1),
                    text=t.hours(hours, 0),
                )
            )
    return pd.DataFrame(
        rows, columns=["priority", "label", "measure", "measure_label", "hours", "text"]
    )


def priorities_table(plan: Plan, lang: str) -> pd.DataFrame:
    t = Text.for_lang(lang)
    pr = plan.priorities
    names = _priority_names(plan, lang)
    return pd.DataFrame(
        {
            t._("Priority"): [names.get(p, p) for p in pr["priority"]],
            t._("Weight"): [t.weight(w) for w in pr["weight"]],
            t._("Share by weight"): [t.percent(s) for s in pr["weight_share"]],
            t._("Hours"): [t.hours(h) for h in pr["hours"]],
            t._("Share of hours"): [t.percent(s) for s in pr["share"]],
            t._("Floor"): [t.hours(f) if f else "—" for f in pr["floor_hours"]],
            t._("Cap"): [
                t._("none") if c is None or pd.isna(c) else t.hours(c) for c in pr["cap_hours"]
            ],
            t._("Operations"): [t.number(n, 0) for n in pr["operations"]],
        }
    )


# -- week grid ----------------------------------------------------------------------------------
def grid_groups(plan: Plan, lang: str) -> dict[str, str]:
    """The activities the week grid can show, id -> label, in a fixed order: basic missions
    on duty, on-call cover, HyCap, other commitments, then the priorities."""
    t = Text.for_lang(lang)
    groups: dict[str, str] = {}
    for fid in BASIC_MISSIONS:
        groups[fid] = L.functionality(t, fid)
    for fid in ("public_order", "victim_assistance"):
        groups[f"{fid}:on_call"] = t._("{f} (on call)", f=L.functionality(t, fid))
    groups["hycap"] = t._("HyCap")
    groups["commitments"] = t._("Other commitments")
    groups.update(_priority_names(plan, lang))
    return groups


def default_grid_groups(plan: Plan) -> list[str]:
    """What a grid shows first: everything that takes officers off the street, without the
    on-call cover (an on-call officer also works elsewhere, so adding it double counts)."""
    present = set(week_grid_data(plan, "en")["group"])
    return [g for g in grid_groups(plan, "en") if g in present and not g.endswith(":on_call")]


def week_grid_data(plan: Plan, lang: str) -> pd.DataFrame:
    """Officers at work per block and activity group, long format with the block's day and
    time, for a heat map (days x blocks) or stacked bars."""
    t = Text.for_lang(lang)
    p = plan.problem
    labels = grid_groups(plan, lang)
    counts: dict[tuple[int, str], float] = {}

    def add(b: int, group: str, officers: float) -> None:
        counts[(b, group)] = counts.get((b, group), 0.0) + officers

    for r in plan.basic.itertuples(index=False):
        if r.duty == "on_call_at_home":  # at home: not in the zone's blocks
            continue
        add(
            int(r.block),
            r.activity if r.duty == "on_duty" else f"{r.activity}:on_call",
            float(r.officers),
        )
    for r in plan.lent.itertuples(index=False):
        add(int(r.block), "hycap" if r.type == "hycap" else "commitments", float(r.officers))
    for r in plan.operations.itertuples(index=False):
        for b in range(int(r.start_block), int(r.end_block) + 1):
            add(b, r.priority, float(r.officers))
    rows = []
    for (b, group), officers in sorted(counts.items()):
        day, start, end = L.block_day_time(p, b)
        blk = p.grid.blocks[b]
        rows.append(
            dict(
                block=b,
                day=day,
                day_label=L.day_with_date(t, p, day),
                slot=blk.slot,
                time=L.time_span(start, end),
                group=group,
                group_label=labels.get(group, group),
                officers=officers,
                hours=officers * float(p.block_hours[b]),
            )
        )
    return pd.DataFrame(
        rows,
        columns=[
            "block",
            "day",
            "day_label",
            "slot",
            "time",
            "group",
            "group_label",
            "officers",
            "hours",
        ],
    )


def week_grid_totals(plan: Plan, groups: list[str], lang: str) -> pd.DataFrame:
    """Officers per block summed over the chosen groups, every block present (zeros
    included) so the heat map has no holes."""
    t = Text.for_lang(lang)
    data = week_grid_data(plan, lang)
    data = data[data["group"].isin(groups)]
    p = plan.problem
    summed = data.groupby("block")["officers"].sum()
    rows = []
    for blk in p.grid.blocks:
        day, start, end = L.block_day_time(p, blk.index)
        rows.append(
            dict(
                block=blk.index,
                day=day,
                day_label=L.day_with_date(t, p, day),
                slot=blk.slot,
                time=L.time_span(start, end),
                officers=float(summed.get(blk.index, 0.0)),
            )
        )
    return pd.DataFrame(rows, columns=["block", "day", "day_label", "slot", "time", "officers"])


def week_grid_table(plan: Plan, groups: list[str], lang: str) -> pd.DataFrame:
    """The grid as a table: one row per block time, one column per day."""
    t = Text.for_lang(lang)
    totals = week_grid_totals(plan, groups, lang)
    order = totals.drop_duplicates("day").sort_values("day")["day_label"].tolist()
    times = totals.sort_values("slot").drop_duplicates("slot")["time"].tolist()
    table = totals.pivot_table(index="time", columns="day_label", values="officers", aggfunc="sum")
    table = table.reindex(index=times, columns=order).fillna(0).astype(int)
    table.index.name = t._("Block")
    table.columns.name = None
    return table


# -- operations ---------------------------------------------------------------------------------
def operations_table(
    plan: Plan, lang: str, priority: str | None = None, pinned_only: bool = False
) -> pd.DataFrame:
    """The priority operations, crews of the same operation at the same time on one line:
    when, what, how many crews of how many officers ('3 × 2'), qualification, pinned
    mark."""
    t = Text.for_lang(lang)
    ops = plan.operations
    if priority:
        ops = ops[ops["priority"] == priority]
    if pinned_only:
        ops = ops[ops["pinned"]]
    # when in one column and crews as 'crews × officers each': the table fits 1366 px
    cols = [
        t._("When"),
        t._("Priority"),
        t._("Operation"),
        t._("Crews"),
        t._("Person-hours"),
        t._("Qualification"),
        t._("Pinned"),
        t._("Note"),
    ]
    if ops.empty:
        return pd.DataFrame(columns=cols)
    p = plan.problem
    names = _priority_names(plan, lang)
    op_types = {o.id: o for o in p.operations}
    grouped = ops.groupby(
        ["start_block", "end_block", "operation", "priority", "pinned"], sort=True
    ).agg(
        crews=("hours", "size"),
        officers=("officers", "first"),
        hours=("hours", "sum"),
        qualification=("qualification", "first"),
        note=("note", lambda s: "; ".join(dict.fromkeys(x for x in s if x))),
    )
    rows = []
    for (start_block, end_block, op, pid, pinned), r in grouped.iterrows():
        day, start, _ = L.block_day_time(p, int(start_block))
        _, _, end = L.block_day_time(p, int(end_block))
        o = op_types.get(op)
        rows.append(
            [
                f"{L.day_with_date(t, p, day)} {L.time_span(start, end)}",
                names.get(pid, pid),
                L.data_label(t, o) if o else op,
                f"{int(r['crews'])} × {int(r['officers'])}",
                t.hours(float(r["hours"])),
                L.qualifications(t, r["qualification"] or ""),
                "⚑" if pinned else "",
                r["note"],
            ]
        )
    return pd.DataFrame(rows, columns=cols)


def commitments_table(plan: Plan, lang: str) -> pd.DataFrame:
    t = Text.for_lang(lang)
    c = plan.commitments
    cols = [
        t._("Type"),
        t._("Label"),
        t._("Day"),
        t._("Time"),
        t._("Requested"),
        t._("Officers"),
        t._("Person-hours"),
        t._("Qualification"),
        t._("Status"),
    ]
    rows = []
    for r in c.itertuples(index=False):
        day = r.start.weekday()
        status = (
            t._("✓ covered")
            if r.shortfall_hours == 0
            else L.status(t, "short", r.shortfall_hours)
            + f" ({L.where(t, plan.problem, r.short_blocks)})"
        )
        rows.append(
            [
                L.commitment_type(t, r.type),
                L.split_label(t, r.label, r.id) if r.label else r.id,
                f"{t.day(day)} {r.start:%d/%m}",
                L.time_span(r.start.hour * 60 + r.start.minute, r.end.hour * 60 + r.end.minute),
                int(r.officers),
                int(r.planned_officers),
                t.hours(r.hours),
                L.qualifications(t, r.qualification or ""),
                status,
            ]
        )
    return pd.DataFrame(rows, columns=cols)


# -- comparison ---------------------------------------------------------------------------------
def comparison_rows(plans: list[Plan], lang: str) -> list[tuple[str, str, dict[str, float]]]:
    """The compared figures in their order: (figure code, its label in the language,
    scenario -> hours), codes as in planner.results.comparison_values."""
    t = Text.for_lang(lang)
    prio = _priority_names(plans[0], lang)
    figures = {
        "available": t._("Available"),
        "absences": t._("Absences"),
        "basic_missions": t._("Basic functionalities"),
        "hycap_and_commitments": t._("HyCap and commitments"),
        "capacity_for_priorities": t._("Capacity for priorities"),
        "short:legal": t._("Legal minimum shortfall"),
        "short:zone": t._("Zone standard shortfall"),
        "short:hycap": t._("HyCap not covered"),
        "short:commitment": t._("Other commitments not covered"),
        "short:pinned": t._("Pinned operations not placed"),
        "short:floor": t._("Priority floors shortfall"),
        "unallocated": t._("Unallocated"),
    }
    rows = []
    for code, by_scenario in comparison_values(plans).items():
        pid = code.removeprefix("priority:")
        label = figures.get(code) or t._("Hours {p}", p=prio.get(pid, pid))
        rows.append((code, label, {n: float(x) for n, x in by_scenario.items()}))
    return rows


def difference_cells(t: Text, value: float, base: float) -> tuple[str, str]:
    """A scenario's figure against the first's: the difference in hours and in percent of
    the first ('+320,0 h', '+3,0 %'; a dash when the first is zero)."""
    diff = value - base
    percent = t.percent(diff / abs(base), signed=True) if abs(base) > 1e-9 else "—"
    return t.hours(diff, signed=True), percent


def comparison_figures(plans: list[Plan], lang: str) -> pd.DataFrame:
    """Key figures of each scenario side by side, then for every other scenario its
    difference from the first, in hours and in percent of the first."""
    t = Text.for_lang(lang)
    names = [p.problem.scenario for p in plans]
    first = names[0]
    titles = {n: scenario_title(p.problem.zone, n, lang) for n, p in zip(names, plans, strict=True)}
    rows = []
    for _code, label, by_scenario in comparison_rows(plans, lang):
        row = {t._("Figure"): label}
        for n in names:
            row[titles[n]] = t.hours(by_scenario[n])
        for n in names[1:]:
            hours, percent = difference_cells(t, by_scenario[n], by_scenario[first])
            row[t._("{other} − {first}", other=titles[n], first=titles[first])] = hours
            row[t._("{other} − {first} (%)", other=titles[n], first=titles[first])] = percent
        rows.append(row)
    return pd.DataFrame(rows)


def weeks_side_by_side(this: Plan, last: Plan, lang: str) -> pd.DataFrame:
    """This week's key figures against another week's (the one before, say), same scenario:
    both weeks, then the difference in hours and in percent of the other week's."""
    t = Text.for_lang(lang)
    then = {code: (label, v) for code, label, v in comparison_rows([last], lang)}
    rows = []
    for code, label, values in comparison_rows([this], lang):
        now = next(iter(values.values()))
        before = next(iter(then[code][1].values())) if code in then else 0.0
        hours, percent = difference_cells(t, now, before)
        rows.append(
            {
                t._("Figure"): label,
                last.problem.grid.label: t.hours(before),
                this.problem.grid.label: t.hours(now),
                t._("Difference"): hours,
                t._("Difference (%)"): percent,
            }
        )
    return pd.DataFrame(rows)


def line_changes_table(changes: LineChanges, zone: Zone, lang: str) -> pd.DataFrame:
    """The lines of plan.csv a re-plan added, removed or changed, in words: what, when, and
    the officers and hours before and after."""
    t = Text.for_lang(lang)
    ops = {o.id: o for o in zone.operations}

    def what(r: dict[str, str]) -> str:
        if r["kind"] == "priority_operation" and r["activity"] in ops:
            return L.data_label(t, ops[r["activity"]])
        if r["kind"] == "basic_mission":
            return L.functionality(t, r["activity"])
        return r["label_nl"] if lang == "nl" else r["label_fr"]

    def when(r: dict[str, str]) -> str:
        return f"{r['date']} {r['start_time']}–{r['end_time']}"

    rows = [(t._("added"), r, None, r) for r in changes.added]
    rows += [(t._("removed"), r, r, None) for r in changes.removed]
    rows += [(t._("changed"), b, a, b) for a, b in changes.changed]
    rows.sort(key=lambda x: (x[1]["date"], x[1]["start_time"], x[1]["line_id"]))
    return pd.DataFrame(
        [
            {
                t._("Change"): change,
                t._("What"): what(r),
                t._("When"): when(r),
                t._("Officers before"): before["officers"] if before else "—",
                t._("Officers now"): after["officers"] if after else "—",
                t._("Hours before"): before["hours"] if before else "—",
                t._("Hours now"): after["hours"] if after else "—",
            }
            for change, r, before, after in rows
        ],
        columns=[
            t._("Change"),
            t._("What"),
            t._("When"),
            t._("Officers before"),
            t._("Officers now"),
            t._("Hours before"),
            t._("Hours now"),
        ],
    )


def comparison_figures_stacked(plans: list[Plan], lang: str) -> pd.DataFrame:
    """Key figures with one column per scenario, narrow enough for five: each other
    scenario's cell holds its figure and, after a line break, its difference from the first
    in hours and percent ('4 928,0 h' / '−320,0 h (−6,1 %)'; no second line when they are
    the same); the first's cell, its figure."""
    t = Text.for_lang(lang)
    names = [p.problem.scenario for p in plans]
    first = names[0]
    titles = {n: scenario_title(p.problem.zone, n, lang) for n, p in zip(names, plans, strict=True)}
    rows = []
    for _code, label, by_scenario in comparison_rows(plans, lang):
        base = by_scenario[first]
        row = {t._("Figure"): label, titles[first]: t.hours(base)}
        for n in names[1:]:
            cell = t.hours(by_scenario[n])
            if round(by_scenario[n] - base, 1) != 0:
                hours, percent = difference_cells(t, by_scenario[n], base)
                cell += "\n" + (
                    hours
                    if percent == "—"
                    else t._("{hours} ({percent})", hours=hours, percent=percent)
                )
            row[titles[n]] = cell
        rows.append(row)
    return pd.DataFrame(rows)


def comparison_numbers(plans: list[Plan]) -> pd.DataFrame:
    """The comparison with differences in hours and percent, as numbers (for CSV export)."""
    table = comparison_table(plans)
    names = [p.problem.scenario for p in plans]
    out = table[names].copy()
    first = names[0]
    for n in names[1:]:
        out[f"{n} - {first} hours"] = (table[n] - table[first]).round(1)
        base = table[first].where(table[first].abs() > 1e-9)
        out[f"{n} - {first} percent"] = ((table[n] - table[first]) / base.abs() * 100).round(1)
    out.index.name = "figure"
    return out.reset_index()


def comparison_priorities_data(plans: list[Plan], lang: str) -> pd.DataFrame:
    t = Text.for_lang(lang)
    rows = []
    for order, plan in enumerate(plans):
        name = plan.problem.scenario
        names = _priority_names(plan, lang)
        for r in plan.priorities.itertuples(index=False):
            rows.append(
                dict(
                    scenario=name,
                    scenario_label=scenario_title(plan.problem.zone, name, lang),
                    order=order,
                    priority=r.priority,
                    label=names.get(r.priority, r.priority),
                    hours=float(r.hours),
                    text=t.hours(float(r.hours), 0),
                )
            )
    return pd.DataFrame(
        rows, columns=["scenario", "scenario_label", "order", "priority", "label", "hours", "text"]
    )


def comparison_status(plans: list[Plan], lang: str) -> pd.DataFrame:
    """The plan's status (rows) per scenario (columns): overall, then each functionality and
    level, then HyCap, other commitments, pinned operations and priority floors."""
    t = Text.for_lang(lang)
    rows: dict[tuple[str, str], dict[str, str]] = {}
    for plan in plans:
        title = scenario_title(plan.problem.zone, plan.problem.scenario, lang)
        status = plan.status
        rows.setdefault(("overall", ""), {})[title] = (
            t._("✓ met")
            if status.ok
            else t.n_("⚠ {n} kind of shortfall", "⚠ {n} kinds of shortfall", len(status.shortfalls))
        )
        for r in plan.norms.itertuples(index=False):
            key = (r.functionality, r.level)
            rows.setdefault(key, {})[title] = L.status(t, r.status, r.shortfall_hours)
        for kind in STATUS_KINDS[2:]:
            hours = status.hours(kind)
            rows.setdefault((kind, ""), {})[title] = L.status(
                t, "met" if hours == 0 else "short", hours
            )
    out = []
    for (subject, level), cells in rows.items():
        if subject == "overall":
            label = t._("Plan status")
        elif level:
            label = L.functionality(t, subject)
        else:
            label = L.status_kind(t, subject)
        out.append(
            {t._("Functionality"): label, t._("Level"): L.level(t, level) if level else "", **cells}
        )
    return pd.DataFrame(out)


# -- zone inputs --------------------------------------------------------------------------------
def zone_settings_table(zone: Zone, lang: str) -> pd.DataFrame:
    t = Text.for_lang(lang)
    s = zone.settings
    operational = sum(1 for o in zone.officers if o.operational)
    rows = [
        (t._("Name"), L.split_label(t, s.name, s.name)),
        (t._("Inhabitants"), t.number(s.inhabitants, 0)),
        (t._("Municipalities"), ", ".join(s.communes)),
        (t._("Time zone"), s.timezone),
        (t._("Block length"), t.hours(s.block_hours, 0)),
        (t._("Day start"), L.clock(s.day_start_minute)),
        (t._("Shifts"), ", ".join(f"{k} {L.time_span(a, b)}" for k, (a, b) in s.shifts.items())),
        (t._("Staff"), t.number(len(zone.officers), 0)),
        (t._("of which operational"), t.number(operational, 0)),
        (t._("Yearly HyCap line (share of operational hours)"), t.percent(s.hycap_yearly_share)),
        (t._("HyCap used so far this year"), t.hours(s.hycap_used_hours_ytd)),
        (t._("Net productive hours per year"), t.hours(s.net_productive_hours_per_year, 0)),
    ]
    return pd.DataFrame(
        {t._("Setting"): [k for k, _ in rows], t._("Value"): [str(v) for _, v in rows]}
    )


def staff_table(zone: Zone) -> pd.DataFrame:
    """staff.csv as read (ids are pseudonymous in the zone's files)."""
    return pd.DataFrame(
        [
            dict(
                id=o.id,
                unit=o.unit,
                team=o.team,
                grade=o.grade,
                contract_hours=o.contract_hours,
                qualifications=";".join(sorted(o.qualifications)),
            )
            for o in zone.officers
        ],
        columns=["id", "unit", "team", "grade", "contract_hours", "qualifications"],
    )


def staff_summary(zone: Zone, lang: str) -> pd.DataFrame:
    """Staff counted by unit (rows) and grade (columns), both in words, with totals (Σ)."""
    t = Text.for_lang(lang)
    staff = staff_table(zone)
    if staff.empty:
        return staff
    table = staff.pivot_table(
        index="unit",
        columns="grade",
        values="id",
        aggfunc="count",
        fill_value=0,
        margins=True,
        margins_name="Σ",
    )
    table.index = [x if x == "Σ" else L.unit(t, x) for x in table.index]
    table.columns = [x if x == "Σ" else L.grade(t, x) for x in table.columns]
    return table


def teams_table(zone: Zone) -> pd.DataFrame:
    return pd.DataFrame(
        [
            dict(team=tm.id, anchor=tm.anchor.isoformat(), cycle=" ".join(tm.cycle))
            for tm in zone.teams.values()
        ],
        columns=["team", "anchor", "cycle"],
    )


def _window_text(w, lang: str) -> str:
    t = Text.for_lang(lang)
    days = ", ".join(t.day(d) for d in w.days)
    months = f" ({', '.join(str(m) for m in w.months)})" if w.months else ""
    return f"{days} {L.time_span(w.start_minute, w.end_minute)}{months}"


def priorities_input_table(zone: Zone, lang: str) -> pd.DataFrame:
    t = Text.for_lang(lang)
    return pd.DataFrame(
        [
            {
                "id": q.id,
                t._("Label"): L.data_label(t, q),
                t._("Weight"): t.weight(q.weight),
                t._("Floor"): t.hours(q.floor_hours) if q.floor_hours else "—",
                t._("Cap"): t.hours(q.cap_hours) if q.cap_hours is not None else t._("none"),
            }
            for q in zone.priorities
        ]
    )


def operations_input_table(zone: Zone, lang: str) -> pd.DataFrame:
    t = Text.for_lang(lang)
    names = {q.id: L.data_label(t, q) for q in zone.priorities}
    return pd.DataFrame(
        [
            {
                "id": o.id,
                t._("Operation"): L.data_label(t, o),
                t._("Priority"): names.get(o.priority, o.priority),
                t._("Officers per crew"): o.crew,
                t._("Hours"): t.hours(o.duration_hours, 0),
                t._("Qualification"): L.qualifications(t, o.qualifications),
                t._("Windows"): "; ".join(_window_text(w, lang) for w in o.windows),
                t._("Preferred"): "; ".join(_window_text(w, lang) for w in o.preferred),
                t._("At most per day"): o.max_per_day,
            }
            for o in zone.operations
        ]
    )


def scenarios_table(zone: Zone, lang: str) -> pd.DataFrame:
    t = Text.for_lang(lang)
    names = {q.id: L.priority(t, q) for q in zone.priorities}
    rows = []
    for name, s in zone.scenarios.items():
        changes = []
        changes += [
            t._("weight {p} = {w}", p=names.get(k, k), w=t.weight(v)) for k, v in s.weights.items()
        ]
        changes += [f"{names.get(k, k)} ≥ {t.hours(v)}" for k, v in s.floors.items()]
        changes += [f"{names.get(k, k)} ≤ {t.hours(v)}" for k, v in s.caps.items() if v is not None]
        if s.absence_rate:
            changes.append(t._("+{share} absences", share=t.percent(s.absence_rate)))
        changes += [f"{L.unit(t, u)} {n:+d}" for u, n in s.staff_change.items()]
        changes += [
            f"{L.commitment_type(t, str(c.get('type', 'hycap')))} {c.get('day')} "
            f"{c.get('start')}–{c.get('end')} × {c.get('officers')}"
            for c in s.commitments
        ]
        changes += [f"{k} = {v}" for k, v in s.norms.items()]
        rows.append(
            {
                "id": name,
                t._("Label"): L.split_label(t, s.label, name),
                t._("Changes"): "; ".join(changes) or "—",
            }
        )
    return pd.DataFrame(rows)


def week_inputs_tables(zone: Zone, week: str, lang: str) -> dict[str, pd.DataFrame]:
    """The week's dated inputs: absences, commitments and pinned operations, local times."""
    t = Text.for_lang(lang)
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(zone.settings.timezone)
    w = zone.week_inputs(week)
    ops = {o.id: L.data_label(t, o) for o in zone.operations}

    def when(x) -> str:
        return f"{x.astimezone(tz):%Y-%m-%d %H:%M}"

    return {
        "absences": pd.DataFrame(
            [
                (a.officer, L.absence_type(t, a.type), when(a.start), when(a.end))
                for a in w.absences
            ],
            columns=[t._("Officer"), t._("Type"), t._("Start"), t._("End")],
        ),
        "commitments": pd.DataFrame(
            [
                (
                    c.id,
                    L.commitment_type(t, c.type),
                    L.split_label(t, c.label, c.id),
                    when(c.start),
                    when(c.end),
                    c.officers,
                    L.qualifications(t, c.qualification or ""),
                )
                for c in w.commitments
            ],
            columns=[
                "id",
                t._("Type"),
                t._("Label"),
                t._("Start"),
                t._("End"),
                t._("Officers"),
                t._("Qualification"),
            ],
        ),
        "pinned": pd.DataFrame(
            [(ops.get(pn.operation, pn.operation), when(pn.start), pn.note) for pn in w.pinned],
            columns=[t._("Operation"), t._("Start"), t._("Note")],
        ),
    }


def _visible(text: str) -> str:
    """`text` with invisible characters (NUL, line breaks, bidirectional-text controls)
    written as escapes, e.g. '\\u202e', as the command line shows them."""
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text
    )


def issues_table(issues: list, lang: str) -> pd.DataFrame:
    """Input problems with file, row, field, value and what was expected."""
    t = Text.for_lang(lang)
    return pd.DataFrame(
        [
            {
                t._("File"): i.file,
                t._("Row"): "" if i.row is None else str(i.row),
                t._("Field"): i.field,
                t._("Value found"): _visible(
                    i.value if len(i.value) <= 80 else i.value[:77] + "..."
                ),
                t._("Expected"): expected_text(i, lang),
            }
            for i in issues
        ],
        columns=[t._("File"), t._("Row"), t._("Field"), t._("Value found"), t._("Expected")],
    )


__all__ = [
    "commitments_table",
    "comparison_figures",
    "comparison_figures_stacked",
    "comparison_rows",
    "comparison_status",
    "comparison_numbers",
    "comparison_priorities_data",
    "default_grid_groups",
    "difference_cells",
    "grid_groups",
    "issues_table",
    "action_list",
    "key_figures",
    "lookahead_data",
    "lookahead_numbers",
    "lookahead_table",
    "norms_matrix",
    "norms_table",
    "operations_table",
    "plan_notes",
    "priorities_data",
    "priorities_table",
    "scenario_title",
    "shortfall_details",
    "shortfalls_table",
    "status_lines",
    "waterfall_data",
    "week_grid_data",
    "week_grid_table",
    "week_grid_totals",
    "zone_settings_table",
]


# -- explanations ------------------------------------------------------------------------------


def explanation_sections(expl, plan: Plan, lang: str) -> dict[str, object]:
    """What the 'Why?' panel draws: per priority a title and its reasons, per shortfall its
    diagnosis and ranked repairs, the price of one more officer and the trade-offs, worded
    by the text layer in the language."""
    from planner.text import explain as words

    tx = t = Text.for_lang(lang)
    p = plan.problem
    priorities: list[tuple[str, str, list[str]]] = []
    for q in p.priorities:
        rows = [f for f in expl.findings if f.subject == q.id]
        name = words.priority_name(tx, p, q.id)
        head = next((words.finding(tx, p, f) for f in rows if f.code == "hours"), name)
        priorities.append(
            (name, head, [words.finding(tx, p, f) for f in rows if f.code != "hours"])
        )
    shortfalls = shortfall_details(plan, expl.shortfalls, lang)
    price = expl.marginal.copy()
    if len(price):
        price.insert(
            0,
            "staff",
            [
                words.price_staff(tx, q, u)
                for q, u in zip(price["qualifications"], price["unit"], strict=True)
            ],
        )
        price["block_label"] = [words.block(tx, p, int(b)) for b in price["block"]]
        price = price.drop(columns=["block", "qualifications", "unit"])
        price = price.rename(
            columns={f"gain_{q.id}": words.priority_name(tx, p, q.id) for q in p.priorities}
        )
        price = price.rename(
            columns={
                "staff": t._("Staff"),
                "block_label": t._("Block"),
                "gain_basic_missions": t._("Basic functionalities"),
                "gain_total": "total",
            }
        )
        price = price[
            [t._("Block"), t._("Staff")]
            + [c for c in price.columns if c not in (t._("Block"), t._("Staff"))]
        ]
    tradeoffs = [words.tradeoff(tx, p, r) for r in expl.tradeoffs.to_dict("records")]
    return {
        "priorities": priorities,
        "shortfalls": shortfalls,
        "price": price,
        "tradeoffs": tradeoffs,
    }


def shortfall_details(plan: Plan, shortfalls, lang: str) -> list[tuple[str, str, list[str]]]:
    """Each diagnosed shortfall (planner.explain.Shortfall) as (where, why, its repairs best
    first), worded by the text layer."""
    from planner.text import explain as words

    t, p = Text.for_lang(lang), plan.problem
    return [
        (
            words.shortfall_when(t, p, s, long=True),
            words.shortfall_why(t, p, s),
            [words.repair(t, p, s, r) for r in s.repairs],
        )
        for s in _by_time(shortfalls)
    ]


# -- the Monday action list ----------------------------------------------------------------------
def _by_time(shortfalls) -> list:
    """Shortfalls in the order of the week (block by block, legal minimum first within a
    block), the weekly norms last."""
    return sorted(
        shortfalls,
        key=lambda s: (s.weekly, s.blocks[0] if s.blocks else 0, s.level != "legal"),
    )


def action_list(plan: Plan, lang: str, diagnosed=None) -> pd.DataFrame:
    """One row per shortfall of a basic mission, HyCap request or commitment, in the order of
    the week: when (the block in words), what is short and at which level, how many officers
    (or hours, for a weekly norm) are missing and the first repair the model checked.

    The shortfalls are found without solving (planner.explain.list_shortfalls); `diagnosed`
    (planner.explain.diagnose_shortfalls, seconds of what-ifs) brings their repairs: while it
    is None the repair column says they are being looked for. Empty when nothing is short
    (pinned operations and priority floors are not in it: they are no one's duty to cover)."""
    from planner.explain import list_shortfalls, same_shortfall
    from planner.text import explain as words

    t, p = Text.for_lang(lang), plan.problem
    rows = []
    for s in _by_time(list_shortfalls(plan)):
        twin = next((d for d in diagnosed or () if same_shortfall(d, s)), None)
        if s.weekly or twin is not None:
            first = words.first_repair_text(t, p, twin or s)
        elif diagnosed is None:
            first = t._("Looking for repairs…")
        else:
            first = t._(
                "Not diagnosed: repairs are looked for in the first {n} shortfalls.",
                n=len(diagnosed),
            )
        rows.append(
            [
                words.shortfall_when(t, p, s, long=True),
                words.shortfall_subject(t, p, s),
                L.level(t, s.level),
                words.shortfall_size(t, s),
                first,
            ]
        )
    columns = [
        t._("When"),
        t._("What is short"),
        t._("Level"),
        t._("Missing"),
        t._("First repair (checked by the model)"),
    ]
    return pd.DataFrame(rows, columns=columns)


# -- the look-ahead --------------------------------------------------------------------------------
LOOKAHEAD_FIGURES = (
    "available",
    "absences",
    "lent",
    "capacity",
    "priority_hours",
    "legal_short",
    "zone_short",
    "commitments_short",
    "priorities_short",
)


def lookahead_numbers(plans: list[Plan]) -> pd.DataFrame:
    """One row per planned week (the plans in their order): the week, its Monday, whether
    absences or requests were entered for it (`dated`), its status (`met` or `short`, with
    the number of kinds of shortfall) and its figures in hours, from `key_figures`:
    available, absences, lent (HyCap and other commitments), capacity for priorities,
    priority operation hours, and what is short: legal minimum, zone standard, HyCap and
    other commitments unstaffed, pinned operations and priority floors. Codes and numbers
    only (the CSV download; `lookahead_table` words it)."""
    rows = []
    for plan in plans:
        k = key_figures(plan)
        p = plan.problem
        rows.append(
            dict(
                week=p.grid.label,
                monday=p.grid.monday,
                dated=not any(n.code == "no_dated_inputs" for n in p.notes),
                status="met" if plan.status.ok else "short",
                kinds_short=len(plan.status.shortfalls),
                available=k["available"],
                absences=k["absences"],
                lent=k["lent"],
                capacity=k["capacity"],
                priority_hours=k["priority_hours"],
                legal_short=k["legal_short"],
                zone_short=k["zone_short"],
                commitments_short=k["hycap_short"] + k["commitment_short"],
                priorities_short=k["pinned_short"] + k["floor_short"],
            )
        )
    return pd.DataFrame(
        rows, columns=["week", "monday", "dated", "status", "kinds_short", *LOOKAHEAD_FIGURES]
    )


def _lookahead_labels(t: Text) -> dict[str, str]:
    return {
        "available": t._("Available"),
        "absences": t._("Absences"),
        "lent": t._("HyCap and commitments"),
        "capacity": t._("Capacity for priorities"),
        "priority_hours": t._("Priority operation hours"),
        "legal_short": t._("Legal minimum shortfall"),
        "zone_short": t._("Zone standard shortfall"),
        "commitments_short": t._("HyCap and commitments not covered"),
        "priorities_short": t._("Pinned operations and floors not met"),
    }


def lookahead_week(t: Text, week: str, monday) -> str:
    """'2026-W49 · 30/11–06/12': the ISO week and its dates."""
    return f"{week} · {monday:%d/%m}–{monday + dt.timedelta(days=6):%d/%m}"


def lookahead_table(numbers: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The look-ahead in words, a column per week (its dates) and a row per line: whether
    the week's inputs were entered or only its shift patterns are known, its status, then
    its figures in hours (what is short to the tenth)."""
    t = Text.for_lang(lang)
    labels = _lookahead_labels(t)
    first = t._("Figure")
    columns: dict[str, list[str]] = {
        first: [t._("Inputs"), t._("Plan status"), *(labels[f] for f in LOOKAHEAD_FIGURES)]
    }
    for r in numbers.itertuples(index=False):
        inputs = t._("entered for this week") if r.dated else t._("shift patterns only")
        status = (
            t._("✓ met")
            if r.status == "met"
            else t.n_("⚠ {n} kind of shortfall", "⚠ {n} kinds of shortfall", int(r.kinds_short))
        )
        figures = [
            t.hours(getattr(r, f), 1 if f.endswith("_short") else 0) for f in LOOKAHEAD_FIGURES
        ]
        columns[lookahead_week(t, r.week, r.monday)] = [inputs, status, *figures]
    return pd.DataFrame(columns)


LOOKAHEAD_CHART = ("capacity", "priority_hours", "not_covered")


def lookahead_data(numbers: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The look-ahead's chart: per week the capacity for priorities, the priority operation
    hours and what the basic missions, HyCap and commitments miss (legal minimum, zone
    standard, HyCap and other commitments), in hours."""
    t = Text.for_lang(lang)
    names = {
        "capacity": t._("Capacity for priorities"),
        "priority_hours": t._("Priority operation hours"),
        "not_covered": t._("Not covered (basic missions, HyCap, commitments)"),
    }
    rows = []
    for order, r in enumerate(numbers.itertuples(index=False)):
        values = {
            "capacity": r.capacity,
            "priority_hours": r.priority_hours,
            "not_covered": r.legal_short + r.zone_short + r.commitments_short,
        }
        for measure in LOOKAHEAD_CHART:
            rows.append(
                dict(
                    week=r.week,
                    week_label=lookahead_week(t, r.week, r.monday),
                    order=order,
                    measure=measure,
                    measure_label=names[measure],
                    hours=float(values[measure]),
                    text=t.hours(values[measure], 0),
                )
            )
    return pd.DataFrame(
        rows, columns=["week", "week_label", "order", "measure", "measure_label", "hours", "text"]
    )
