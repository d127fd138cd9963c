"""Formulation and solving layer: the only part of the planner that imports OR-Tools."""

from planner.solver.solve import SolverParams, solve

__all__ = ["SolverParams", "solve"]
