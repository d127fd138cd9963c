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
