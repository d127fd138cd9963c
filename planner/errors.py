"""Domain layer: the errors and warnings that input checks raise.

Every problem in the inputs is one `InputIssue` naming the file, row, field, the value
found and what was expected, so a user can fix the file without reading code. What was
expected is a code (`expected="number"`, `"iso_date"`, `"one_of"`, `"range"`...) with its
figures and names in `values` (`{"min": 0, "max": 60}`, `{"options": ("leave", "sick")}`):
no sentence. `planner.text.inputs` words an issue in French, Dutch or English; its module
docstring lists every code and the values each one takes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class InputIssue:
    file: str
    row: int | None  # 1-based data row (header not counted); None for whole-file issues
    field: str
    value: str  # the value as written in the file ("" when the issue is about no one value)
    expected: str  # a code of what was expected, e.g. "number", "one_of", "range"
    # the figures and names the expected code needs; a plain dict so that an issue pickles
    # (planning runs in worker processes)
    values: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def __str__(self) -> str:
        """The English sentence, for logs and tests; users get their language through
        planner.text.inputs."""
        from planner.text.inputs import issue_text

        return issue_text(self, "en")


class InputError(Exception):
    """One or more problems in a zone's inputs; `issues` holds them all."""

    def __init__(self, issues: list[InputIssue]):
        self.issues = list(issues)
        super().__init__(self.issues)

    def __str__(self) -> str:
        from planner.text.inputs import report_text

        return report_text(self.issues, "en")


class Collector:
    """Gathers issues so that all the errors of a file are reported at once."""

    def __init__(self) -> None:
        self.issues: list[InputIssue] = []

    def add(
        self, file: str, row: int | None, field: str, value: object, expected: str, **values: Any
    ) -> None:
        self.issues.append(InputIssue(file, row, field, str(value), expected, values))

    def raise_if_any(self) -> None:
        if self.issues:
            raise InputError(self.issues)


class PlannerWarning(UserWarning):
    """Data that is legal but odd (e.g. HyCap requests above the yearly line)."""


class DomainError(ValueError):
    """A domain object (planner.domain) built against one of its own rules: `code` names
    the rule, `field` the attribute, `value` what was given and `expected` what the rule
    wants. The reader reports it with its file and row, like its own checks."""

    def __init__(
        self, code: str, field: str, value: object, expected: str, values: dict | None = None
    ):
        self.code, self.field, self.value, self.expected = code, field, value, expected
        self.values = dict(values or {})
        super().__init__(f"{code}: {field} = {value!r}, expected {expected} {self.values}")
