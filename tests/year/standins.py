"""Stand-ins for the modules `planner.year.collect.collect_year` uses that are written on other
branches and not merged yet: `planner.weeks` (plan_weeks), `planner.year.pzs` (load_pzs) and
`planner.year.actuals` (read_actuals). Each is the simplest behaviour: every week planned by
planner.api and checked, no PZS targets (a pzs.toml that is not TOML at all is refused as
bad input), no actuals.

Import-guarded: a stand-in is only ever used for a module that cannot be found, so once the
real ones are merged they take over and this file can go. Three ways in, one per kind of
process:
- `install(setitem)`: into this process's sys.modules (the `year_modules` fixture, through
  monkeypatch, in tests/conftest.py);
- `year_worker`: the app's year job's child with the stand-ins installed first (an AppTest
  puts it in place of `app_pages.jobs.YearJob.worker`; it is pickled by reference);
- `sitecustomize_dir(folder)`: a folder for PYTHONPATH whose sitecustomize puts `Finder` at
  the end of sys.meta_path, for a whole server and the processes it starts (the browser
  tests).

Nothing here is imported at start-up but this module itself: the planner is loaded when a
stand-in is first asked for."""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys
import types
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NAMES = ("planner.weeks", "planner.year.pzs", "planner.year.actuals")


def missing(name: str) -> bool:
    """True when `name` is not in the code as it is (not merged yet): it cannot be found,
    or what this process has under its name is a stand-in."""
    if name in sys.modules:
        return bool(getattr(sys.modules[name], "__standin__", False))
    try:
        return importlib.util.find_spec(name) is None
    except ModuleNotFoundError:
        return True


def _plan_weeks(folder, wanted, scenario="baseline", params=None, progress=None, **_):
    from planner.export import export_files
    from planner.zone_io import load_zone
    from tests.solving import solve_checked

    zone = load_zone(folder)
    out = []
    for k, week in enumerate(wanted):
        plan = solve_checked(zone, week, scenario, params)
        out.append(types.SimpleNamespace(week=week, files=export_files(plan)))
        if progress is not None:
            progress(k + 1, len(wanted), week, False)
    return out


def _load_pzs(folder, zone):
    import tomllib

    from planner.errors import InputError, InputIssue

    path = Path(folder) / "pzs.toml"
    if not path.is_file():
        return None
    try:
        tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError([InputIssue("pzs.toml", None, "(file)", str(exc), "toml")]) from None
    return None


def _read_actuals(folder, week, zone):
    return None


def build(name: str) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__standin__ = True
    if name == "planner.weeks":
        module.plan_weeks = _plan_weeks
    elif name == "planner.year.pzs":
        module.load_pzs = _load_pzs
    elif name == "planner.year.actuals":
        module.read_actuals = _read_actuals
    else:
        raise KeyError(name)
    return module


def install(setitem: Callable[[dict, str, object], None] | None = None) -> list[str]:
    """Put a stand-in in sys.modules for each module that is missing; the names installed.
    `setitem` is monkeypatch.setitem in a test (undone after it)."""
    done = []
    for name in NAMES:
        if missing(name):
            if setitem is None:
                sys.modules[name] = build(name)
            else:
                setitem(sys.modules, name, build(name))
            done.append(name)
    return done


def year_worker(*args) -> None:
    """app_pages.jobs' year worker, in its child, with the stand-ins installed first."""
    install()
    from app_pages import jobs

    jobs._year_worker(*args)


class _Loader(importlib.abc.Loader):
    def create_module(self, spec):
        return build(spec.name)

    def exec_module(self, module) -> None:
        pass


class Finder(importlib.abc.MetaPathFinder):
    """Last on sys.meta_path: answers only for NAMES, and only when no other finder could."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in NAMES:
            return None
        return importlib.util.spec_from_loader(fullname, _Loader())


SITECUSTOMIZE = """\
import sys
sys.path.append({root!r})
from tests.year.standins import Finder
sys.meta_path.append(Finder())
"""


def sitecustomize_dir(folder: Path) -> Path:
    """`folder` holding a sitecustomize.py that puts `Finder` last on sys.meta_path: set it
    as PYTHONPATH of a server, whose children (forkserver, jobs) inherit it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(SITECUSTOMIZE.format(root=str(ROOT)), encoding="utf-8")
    return folder
