"""Customer Value Workbook: the engine that checks, explains and grades answers.

In a notebook::

    import grader
    ex = grader.load("02")          # this notebook's questions
    ex.orders.check(orders_from_lines)
    ex.orders.hint()
    ex.orders.solution()
"""

from __future__ import annotations

from .claims import ClaimFailed, claim
from .compare import Diff, compare, describe
from .i18n import T, get_language, set_language
from .mode import is_strict, set_strict
from .outcomes import (
    CheckFailed,
    Correct,
    Incorrect,
    LearnerCodeRaised,
    NotAttempted,
    Outcome,
    TimedOut,
    Uncheckable,
)
from .questions import (
    Case,
    ChoiceQuestion,
    EstimatorQuestion,
    FunctionQuestion,
    Misconception,
    OpenQuestion,
    ValueQuestion,
)
from .registry import all_questions, bind, find_question, load

__all__ = [
    "Case", "CheckFailed", "ClaimFailed", "ChoiceQuestion", "Correct", "Diff", "EstimatorQuestion",
    "FunctionQuestion", "Incorrect", "LearnerCodeRaised", "Misconception", "NotAttempted",
    "OpenQuestion", "Outcome", "T", "TimedOut", "Uncheckable", "ValueQuestion",
    "all_questions", "bind", "claim", "compare", "describe", "find_question", "get_language", "is_strict",
    "load", "set_language", "set_strict", "setup",
]
__version__ = "0.1.0"


def setup(*, lang: str | None = None, strict: bool | None = None, blas_threads: int | None = 1) -> None:
    """Configure the workbook for this kernel.

    Parameters
    ----------
    lang : {"en", "zh"}, optional
        The language of feedback, hints and solutions (default: ``WORKBOOK_LANG`` or English).
        In Chinese, matplotlib also draws with a CJK font (:mod:`grader.fonts`), so plot titles
        and labels in Chinese render without missing glyphs.
    strict : bool, optional
        Force strict (raise on wrong answers) or interactive mode; default follows
        ``WORKBOOK_STRICT``.
    blas_threads : int or None, default 1
        BLAS/OpenMP threads for numpy and scikit-learn. The workbook's models are small, and on
        a busy machine several BLAS threads make them many times slower; ``None`` leaves the
        libraries' defaults.
    """
    if lang is not None:
        set_language(lang)
    if get_language() == "zh":
        from .fonts import use_cjk_font

        use_cjk_font()
    if strict is not None:
        set_strict(strict)
    if blas_threads is not None:
        from threadpoolctl import threadpool_limits

        threadpool_limits(blas_threads)
