"""Explanations layer: the price of one more officer. The LP's duals pick the blocks and
kinds of officer where one more buys the most; each is checked by solving again with that
officer added (priorities), or with one more officer on duty where a basic mission is short."""

from __future__ import annotations

import pandas as pd

from planner.explain.findings import Note
from planner.explain.priorities import gain
from planner.explain.shortfalls import short_items
from planner.results import Plan, block_label
from planner.solver import SolverParams
from planner.solver import whatif as w

COLUMNS = ["block", "block_label", "qualifications", "unit", "gain_basic_missions", "gain_total"]


def price_picks(plan: Plan, top: int = 8) -> list[w.BlockPrice]:
    """The candidates the LP's prices pick: one per kind of officer and day part, best first."""
    p = plan.problem
    prices = w.block_prices(plan.raw)
    ranked = sorted(
        (x for x in prices if x.value > 1e-6),
        key=lambda x: (-round(x.value, 6), sorted(x.qualifications), x.block),
    )
    # one candidate per (kind of officer, day part): the best-priced block, so the list is varied
    seen: set[tuple[frozenset, int]] = set()
    picks = []
    for x in ranked:
        key = (x.qualifications, p.grid.blocks[x.block].slot)
        if key in seen:
            continue
        seen.add(key)
        picks.append(x)
        if len(picks) >= top:
            break
    return picks


def price_changes(picks: list[w.BlockPrice]) -> dict[tuple, w.Change]:
    """The what-if of each candidate: one more such officer in its block."""
    return {
        (x.qualifications, x.block): w.ExtraOfficers(x.qualifications, (x.block,)) for x in picks
    }


def price_of_capacity(
    plan: Plan,
    params: SolverParams | None = None,
    top: int = 8,
    notes: list[Note] | None = None,
    picks: list[w.BlockPrice] | None = None,
    results: dict | None = None,
) -> pd.DataFrame:
    """The blocks and staff where one more officer buys the most: gains per priority and for
    the basic missions, in hours. `qualifications` ('+'-joined, empty for none) says which
    officer for a priority row, `unit` which unit's officer for a basic-mission row.
    `picks` and `results`: `price_picks` and their what-ifs, when solved already."""
    params = params or SolverParams()
    p = plan.problem
    hours = plan.priority_hours
    if picks is None:
        picks = price_picks(plan, top)
    if results is None:
        results = w.resolve_many(plan.raw, price_changes(picks), params)
    if notes is not None:
        notes += [Note("price", str(b), r.status) for (_, b), r in results.items() if not r.solved]
    rows = []
    for x in picks:
        after = results[x.qualifications, x.block]
        row = dict(
            block=x.block,
            block_label=block_label(p, x.block),
            qualifications="+".join(sorted(x.qualifications)),
            unit="",
            gain_basic_missions=0.0,
        )
        for q in p.priorities:
            row[f"gain_{q.id}"] = gain(after, hours, q.id)
        rows.append(row)
    rows += _basic_prices(plan, params)
    df = pd.DataFrame(rows)
    if df.empty:
        return pd.DataFrame(columns=COLUMNS)
    gain_cols = [c for c in df.columns if c.startswith("gain_")]
    df[gain_cols] = df[gain_cols].fillna(0.0)
    df["gain_total"] = df[gain_cols].sum(axis=1)
    df = df[df["gain_total"] > 0]
    return df.sort_values(
        ["gain_total", "block", "qualifications", "unit"], ascending=[False, True, True, True]
    ).reset_index(drop=True)


def _basic_prices(plan: Plan, params: SolverParams) -> list[dict]:
    """+1 officer of an eligible pool in blocks where a basic mission is short."""
    out = []
    before = w.held(plan.raw).shortfall_hours
    for s in short_items(plan)[:6]:
        if s["block"] is None or s["pools"] == ():
            continue
        pool = s["pools"][0]
        after = w.resolve_basic(plan.problem, w.OnDuty(((pool, s["block"], 1),)), params)
        if not after.solved:
            continue
        got = before - after.shortfall_hours
        if got > 0:
            out.append(
                dict(
                    block=s["block"],
                    block_label=block_label(plan.problem, s["block"]),
                    qualifications="",
                    unit=plan.problem.pools[pool].unit,
                    gain_basic_missions=float(got),
                )
            )
    return out
