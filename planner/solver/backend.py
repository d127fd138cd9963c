"""Solving layer: a thin wrapper over OR-Tools' linear solver interface (pywraplp), so the
formulation is written once and can be solved by SCIP or CP-SAT (and its LP relaxation by
GLOP, for prices).

The default is SCIP: this model is a flow-like integer programme whose LP relaxation is
tight, where an LP-based branch-and-cut proves optimality in a fraction of a second, and
it is deterministic when run on one thread.
"""

from __future__ import annotations

from ortools.linear_solver import pywraplp

# HiGHS and CBC are left out: through this wrapper HiGHS ends the process on a second solve
# of the same model, and CBC stops at the time limit on the priorities' stages.
BACKENDS = {"scip": "SCIP", "cp-sat": "CP_SAT", "glop": "GLOP"}


class LinearModel:
    def __init__(self, backend: str = "scip"):
        if backend not in BACKENDS:
            raise ValueError(f"backend must be one of {', '.join(BACKENDS)}")
        self.backend = backend
        self.solver = pywraplp.Solver.CreateSolver(BACKENDS[backend])
        if self.solver is None:  # pragma: no cover - depends on the OR-Tools build
            raise RuntimeError(f"OR-Tools was built without {backend}")
        self.variables: list = []
        self.values: list[float] = []  # every variable's value in the last solution

    def remember_solution(self) -> None:
        """Keep the last solution: pywraplp forgets it once a constraint is added."""
        self.values = [var.solution_value() for var in self.variables]

    def new_int_var(self, lb: int, ub: int, name: str):
        var = self.solver.IntVar(lb, ub, name)
        self.variables.append(var)
        return var

    def new_num_var(self, lb: float, ub: float, name: str):
        var = self.solver.NumVar(lb, ub, name)
        self.variables.append(var)
        return var

    def new_bool_var(self, name: str):
        return self.new_int_var(0, 1, name)

    def sum(self, terms) -> object:
        terms = list(terms)
        return self.solver.Sum(terms) if terms else 0

    def add(self, constraint):
        """Add a linear constraint; returns its row (None for a constant, true one)."""
        if isinstance(constraint, bool):
            # both sides were constants: a true one needs no row, a false one is a bug
            if not constraint:
                raise ValueError("constant constraint is false")
            return None
        return self.solver.Add(constraint)

    def knows(self, expr) -> bool:
        """Whether the remembered solution gives every variable of `expr` a value."""
        return bool(self.values) and all(
            isinstance(var, str) or var is pywraplp.OFFSET_KEY or var.index() < len(self.values)
            for var in expr.GetCoeffs()
        )

    def value(self, expr) -> float:
        """Value of a variable or linear expression in the remembered solution."""
        if isinstance(expr, int | float):
            return float(expr)
        total = 0.0
        for var, coef in expr.GetCoeffs().items():
            if var is pywraplp.OFFSET_KEY or isinstance(var, str):
                total += coef
            else:
                total += coef * self.values[var.index()]
        return total
