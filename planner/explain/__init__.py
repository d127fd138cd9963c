"""Explanations layer: why each priority got its hours (priorities), the price of one more
officer (prices), what one priority's hours cost the others (tradeoffs), what to do about a
shortfall (shortfalls) and what changed between two scenarios (differences).

Every reason is found by a what-if through the solver's one door (planner.solver.whatif),
so the same inputs give the same explanation. The results are codes and values; the text
layer (planner.text.explain) says them in each language.
"""

from __future__ import annotations

from planner.explain.differences import describe_differences
from planner.explain.findings import Difference, Explanation, Finding, Note, Repair, Shortfall
from planner.explain.prices import price_changes, price_of_capacity, price_picks
from planner.explain.priorities import explain_priorities, priority_changes
from planner.explain.shortfalls import (
    diagnose_shortfalls,
    first_repair,
    list_shortfalls,
    same_shortfall,
)
from planner.explain.tradeoffs import tradeoff_changes, tradeoffs
from planner.results import Plan
from planner.solver import SolverParams
from planner.solver import whatif as w


def explain(plan: Plan, params: SolverParams | None = None) -> Explanation:
    """Every explanation of the plan. The what-ifs of the reasons, the prices and the
    trade-offs are solved together, so the workers stay busy until the last one."""
    params = params or SolverParams()
    notes: list[Note] = []
    picks = price_picks(plan)
    parts = {
        "reasons": priority_changes(plan),
        "prices": price_changes(picks),
        "tradeoffs": tradeoff_changes(plan),
    }
    solved = w.resolve_many(
        plan.raw,
        {(part, key): change for part, changes in parts.items() for key, change in changes.items()},
        params,
    )
    results = {part: {k: solved[part, k] for k in changes} for part, changes in parts.items()}
    return Explanation(
        findings=explain_priorities(plan, params, notes, results["reasons"]),
        marginal=price_of_capacity(
            plan, params, notes=notes, picks=picks, results=results["prices"]
        ),
        tradeoffs=tradeoffs(plan, params, notes=notes, results=results["tradeoffs"]),
        shortfalls=diagnose_shortfalls(plan, params),
        notes=tuple(notes),
    )


__all__ = [
    "Difference",
    "Explanation",
    "Finding",
    "Note",
    "Repair",
    "Shortfall",
    "describe_differences",
    "diagnose_shortfalls",
    "explain",
    "explain_priorities",
    "first_repair",
    "list_shortfalls",
    "price_of_capacity",
    "same_shortfall",
    "tradeoffs",
]
