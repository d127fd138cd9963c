"""Formulation and solving layer: the only part of the planner that imports OR-Tools.

Callers use `solve` for a plan and `planner.solver.whatif` for what-ifs on it; the model's
variables and builders stay inside this package."""

from planner.solver.solve import SolverParams, solve
from planner.solver.terms import SoftTerm

__all__ = ["SoftTerm", "SolverParams", "solve"]
