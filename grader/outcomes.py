"""Typed outcomes of checking one answer.

Check code only builds these; :mod:`grader.render` turns them into HTML, text or JSON.
An outcome never holds a hidden case's expected value: the fields are already written
for the audience that will read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .i18n import T

__all__ = [
    "OUTCOME_TYPES",
    "CheckFailed",
    "Correct",
    "Incorrect",
    "LearnerCodeRaised",
    "NotAttempted",
    "Outcome",
    "TimedOut",
    "Uncheckable",
]


@dataclass
class Outcome:
    """What checking an answer found.

    Parameters
    ----------
    question_id : str
        The question's id, e.g. ``"fe.orders"``.
    title : T
        The question's title.
    summary : T
        One sentence: what happened.
    points, max_points : float
        Points earned and available.
    expected, received : T, optional
        What was expected and what came back (never a hidden expected value).
    case : T, optional
        The input on which the problem showed (a public case's label, or "a hidden case").
    cause : T, optional
        The likely cause: a recorded misconception's message or a general guess.
    details : T, optional
        Extra diagnostics (a traceback excerpt, the first differing rows, ...).
    notes : list of T
        Side remarks that do not change the outcome (e.g. "your function changed its input").
    """

    question_id: str
    title: T
    summary: T
    points: float = 0.0
    max_points: float = 1.0
    expected: T | None = None
    received: T | None = None
    case: T | None = None
    cause: T | None = None
    details: T | None = None
    notes: list[T] = field(default_factory=list)
    status = "outcome"
    #: whether strict mode (CI) treats this outcome as a failure
    fails_in_strict = False

    def to_dict(self, lang: str | None = None) -> dict:
        """Return JSON-ready data for reports (see :func:`grader.render.to_dict`)."""
        from .render import to_dict

        return to_dict(self, lang)

    def _repr_html_(self) -> str:
        from .render import to_html

        return to_html(self)

    def __str__(self) -> str:
        from .render import to_text

        return to_text(self)

    __repr__ = __str__


class Correct(Outcome):
    """The answer matched the reference on every case."""

    status = "correct"


class Incorrect(Outcome):
    """The answer ran but its result differs from the reference (or has the wrong type)."""

    status = "incorrect"
    fails_in_strict = True


class NotAttempted(Outcome):
    """The stub is untouched (empty function body, or the placeholder value)."""

    status = "not_attempted"
    fails_in_strict = True


class LearnerCodeRaised(Outcome):
    """The learner's code raised an exception."""

    status = "raised"
    fails_in_strict = True


class TimedOut(Outcome):
    """The learner's code ran past the time limit."""

    status = "timed_out"
    fails_in_strict = True


class Uncheckable(Outcome):
    """The answer cannot be judged automatically (an open question, or an engine limitation)."""

    status = "uncheckable"


OUTCOME_TYPES = {cls.status: cls for cls in (
    Correct, Incorrect, NotAttempted, LearnerCodeRaised, TimedOut, Uncheckable)}


class CheckFailed(AssertionError):
    """Raised by ``check`` in strict mode when an answer is not correct.

    The message is the outcome rendered as plain text, so a failing CI cell reads like
    the feedback a learner sees.
    """

    def __init__(self, outcome: Outcome):
        self.outcome = outcome
        super().__init__(str(outcome))
