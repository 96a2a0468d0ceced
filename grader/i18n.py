"""Bilingual text (English and 简体中文) and the current language.

Every string a learner reads is a :class:`T`: an English and a Chinese version kept
together, rendered in the language chosen by :func:`set_language` (or the
``WORKBOOK_LANG`` environment variable) at the moment it is shown.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

__all__ = ["LANGUAGES", "T", "get_language", "set_language", "text"]

LANGUAGES = ("en", "zh")
_state = {"lang": None}


def _normalise(lang: str) -> str:
    code = lang.strip().lower().replace("_", "-")
    if code.startswith("zh"):
        return "zh"
    if code.startswith("en"):
        return "en"
    raise ValueError(
        f"The language must be one of {', '.join(LANGUAGES)}. Got {lang!r} instead."
    )


def get_language() -> str:
    """Return the language messages are rendered in.

    Returns
    -------
    str
        ``"en"`` or ``"zh"``: the value given to :func:`set_language`, else the
        ``WORKBOOK_LANG`` environment variable, else ``"en"``.
    """
    if _state["lang"] is not None:
        return _state["lang"]
    env = os.environ.get("WORKBOOK_LANG", "").strip()
    if env:
        try:
            return _normalise(env)
        except ValueError:
            return "en"
    return "en"


def set_language(lang: str | None) -> None:
    """Choose the language of all later messages.

    Parameters
    ----------
    lang : {"en", "zh"} or None
        ``None`` goes back to the ``WORKBOOK_LANG`` environment variable.

    Examples
    --------
    >>> set_language("zh"); get_language()
    'zh'
    >>> set_language(None)
    """
    _state["lang"] = None if lang is None else _normalise(lang)


@dataclass(frozen=True)
class T:
    """A text in English and 简体中文.

    Parameters
    ----------
    en : str
        The English text.
    zh : str, optional
        The Chinese text; falls back to English when empty.

    Examples
    --------
    >>> t = T("{n} rows", "{n} 行").format(n=3)
    >>> t.render("en"), t.render("zh")
    ('3 rows', '3 行')
    """

    en: str
    zh: str = ""

    def render(self, lang: str | None = None) -> str:
        """Return the text in ``lang`` (default: the current language)."""
        lang = lang or get_language()
        return self.zh if lang == "zh" and self.zh else self.en

    def format(self, **params) -> T:
        """Fill ``{placeholders}`` in both languages; values that are :class:`T` are rendered per language."""

        def fill(template: str, lang: str) -> str:
            values = {k: (v.render(lang) if isinstance(v, T) else v) for k, v in params.items()}
            return template.format(**values)

        return T(fill(self.en, "en"), fill(self.zh or self.en, "zh"))

    def __add__(self, other: T | str) -> T:
        other = text(other)
        return T(self.en + other.en, (self.zh or self.en) + (other.zh or other.en))

    def __str__(self) -> str:
        return self.render()


def text(value: T | str | None) -> T:
    """Coerce a plain string (same in both languages) or ``None`` to :class:`T`."""
    if value is None:
        return T("")
    if isinstance(value, T):
        return value
    return T(str(value), str(value))
