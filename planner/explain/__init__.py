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
from planner.explain.prices import price_of_capacity
from planner.explain.priorities import explain_priorities
from planner.explain.shortfalls import (
    diagnose_shortfalls,
    first_repair,
    list_shortfalls,
    same_shortfall,
)
from planner.explain.tradeoffs import tradeoffs
from planner.results import Plan
from planner.solver import SolverParams


def explain(plan: Plan, params: SolverParams | None = None) -> Explanation:
    params = params or SolverParams()
    notes: list[Note] = []
    return Explanation(
        findings=explain_priorities(plan, params, notes),
        marginal=price_of_capacity(plan, params, notes=notes),
        tradeoffs=tradeoffs(plan, params, notes=notes),
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
