"""App layer: the session's language and its words. Every page writes `_("English msgid")`
and `n_(singular, plural, n)` (gettext, `planner` domain, see planner.text); numbers and
hours come from the same Text, so the app formats them like the views and the command line."""

from __future__ import annotations

import streamlit as st

from planner.text import DEFAULT_LANG, Text, check_lang

LANG_NAMES = {"fr": "Français", "nl": "Nederlands", "en": "English"}


def lang() -> str:
    return check_lang(st.session_state.get("lang") or DEFAULT_LANG)


def text() -> Text:
    return Text.for_lang(lang())


def _(message: str, **values: object) -> str:
    return text()._(message, **values)


def n_(singular: str, plural: str, n: int, **values: object) -> str:
    return text().n_(singular, plural, n, **values)


def hours(x: float, decimals: int = 1, signed: bool = False) -> str:
    return text().hours(x, decimals, signed)


def percent(share: float, decimals: int = 1, signed: bool = False) -> str:
    return text().percent(share, decimals, signed)


def change(after: float, before: float, decimals: int = 0) -> str | None:
    """A figure's change from its starting value, for a metric's delta: the hours and, when
    the start is not zero, the percent of the start ('+872 h (+45,6 %)', '−40 h');
    None when nothing changed at the precision shown."""
    diff = round(after - before, decimals)
    if diff == 0:
        return None
    if abs(before) < 1e-9:
        return hours(diff, decimals, signed=True)
    return _(
        "{hours} ({percent})",
        hours=hours(diff, decimals, signed=True),
        percent=percent(diff / abs(before), signed=True),
    )
