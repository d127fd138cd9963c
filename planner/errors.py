"""Domain layer: the errors and warnings that input checks raise.

Every problem in the inputs is one `InputIssue` naming the file, row, field, the value
found and what was expected, so a user can fix the file without reading code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InputIssue:
    file: str
    row: int | None  # 1-based data row (header not counted); None for whole-file issues
    field: str
    value: str
    expected: str

    def __str__(self) -> str:
        if self.row is None:
            where = self.file
        elif self.file.endswith(".csv"):  # data rows count from 1; the header is line 1
            where = f"{self.file}, row {self.row} (line {self.row + 1})"
        else:  # TOML: the n-th [[priority]] / [[operation]] entry
            where = f"{self.file}, entry {self.row}"
        shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
        return f"{where}, field '{self.field}': got {shown!r}, expected {self.expected}"


class InputError(Exception):
    """One or more problems in a zone's inputs; `issues` holds them all."""

    def __init__(self, issues: list[InputIssue]):
        self.issues = list(issues)
        super().__init__(self.report())

    def report(self) -> str:
        lines = [f"{len(self.issues)} problem(s) in the inputs:"]
        lines += [f"  - {issue}" for issue in self.issues]
        return "\n".join(lines)


class Collector:
    """Gathers issues so that all the errors of a file are reported at once."""

    def __init__(self) -> None:
        self.issues: list[InputIssue] = []

    def add(self, file: str, row: int | None, field: str, value: object, expected: str) -> None:
        self.issues.append(InputIssue(file, row, field, str(value), expected))

    def raise_if_any(self) -> None:
        if self.issues:
            raise InputError(self.issues)


class PlannerWarning(UserWarning):
    """Data that is legal but odd (e.g. HyCap requests above the yearly line)."""


class DomainError(ValueError):
    """A domain object (planner.domain) built against one of its own rules: `code` names
    the rule, `field` the attribute, `value` what was given and `expected` what the rule
    wants. The reader reports it with its file and row, like its own checks."""

    def __init__(self, code: str, field: str, value: object, expected: str):
        self.code, self.field, self.value, self.expected = code, field, value, expected
        super().__init__(f"{code}: {field} = {value!r}, expected {expected}")
