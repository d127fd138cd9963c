"""The processes of this machine as /proc shows them: the app's tests count a job's
processes, the process group they share and the CPU priority they run at."""

from __future__ import annotations

import os
from typing import NamedTuple


class Proc(NamedTuple):
    parent: int
    group: int
    state: str  # "Z" for a zombie: ended, not yet reaped
    nice: int


def processes() -> dict[int, Proc]:
    """Every process by pid, from /proc/<pid>/stat (fields after the command's name)."""
    out = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    text = fh.read()
            except OSError:
                continue  # ended meanwhile
            fields = text[text.rindex(")") + 2 :].split()
            out[int(entry)] = Proc(int(fields[1]), int(fields[2]), fields[0], int(fields[16]))
    return out


def descendants(pid: int, procs: dict[int, Proc] | None = None) -> list[int]:
    """The live processes started by `pid`, their children and so on."""
    procs = procs if procs is not None else processes()
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for child, proc in procs.items():
            if proc.parent == parent:
                todo.append(child)
                if proc.state != "Z":
                    found.append(child)
    return found
