"""The stages' stop on the objective's step: a search may end once its bound is less than one
step from the plan found, and that is reported as proven only because no value lies in
between. Checked against the same stage solved to the end."""

from __future__ import annotations

import random

import pytest

from planner.solver.backend import LinearModel
from planner.solver.solve import SolverParams, _Stager, granularity
from planner.solver.variables import Variables


def _knapsacks(seed: int):
    """A small integer programme whose LP bound is fractional: items of weights 3..11 in
    three bins of odd capacity, each item worth 4 (the objective moves in steps of 4)."""
    rng = random.Random(seed)
    m = LinearModel("scip")
    items = [(rng.randint(3, 11), m.new_int_var(0, 2, f"x{k}")) for k in range(14)]
    for _ in range(3):
        chosen = rng.sample(items, 8)
        m.add(m.sum(w * x for w, x in chosen) <= rng.randrange(15, 41, 2))
    return m, m.sum(4 * x for _, x in items)


def test_granularity_of_whole_coefficients_on_whole_variables():
    m = LinearModel("scip")
    x, y = m.new_int_var(0, 9, "x"), m.new_int_var(0, 9, "y")
    z = m.new_num_var(0, 9, "z")
    assert granularity(6 * x + 4 * y + 7) == 2  # the constant moves nothing
    assert granularity(3 * x) == 3
    assert granularity(6 * x + z) is None  # a continuous variable: no step known
    assert granularity(x * 1.5 + y) is None


@pytest.mark.parametrize("seed", range(8))
def test_stop_on_the_step_finds_the_optimum(seed):
    values = {}
    for step in (None, 4):
        m, expr = _knapsacks(seed)
        st = _Stager(None, Variables(m), SolverParams())
        if step is None:  # to the end: no stop on the step at all
            values[step] = st.run("to the end", expr, maximize=True, step=10**-9)
        else:
            values[step] = st.run("on the step", expr, maximize=True)
        stage = st.stages[-1]
        assert stage.status == "OPTIMAL" and stage.bound == stage.objective
    assert values[4] == values[None]
    assert values[4] % 4 == 0
