"""Formulation and solving layer: the only part of the planner that imports OR-Tools.

Callers use `solve` for a plan and `planner.solver.whatif` for what-ifs on it; the model's
variables and builders stay inside this package. `known_stage_ones` and
`remember_stage_one` carry a process's solved stage ones to another process (the app's plan
jobs), so a re-plan there finds them."""

from planner.solver.solve import SolverParams, known_stage_ones, remember_stage_one, solve
from planner.solver.terms import SoftTerm

__all__ = ["SoftTerm", "SolverParams", "known_stage_ones", "remember_stage_one", "solve"]
