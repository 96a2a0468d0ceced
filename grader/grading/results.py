"""The data model of a grading run: options, and grades per question and per submission."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .. import messages as M
from ..i18n import T
from ..outcomes import Outcome
from ..render import to_dict, to_text
from .roster import Roster

__all__ = ["DEFAULT_GRADING_SEED", "GradeOptions", "QuestionGrade", "SubmissionGrade", "misconception_id"]

#: used when neither ``--seed`` nor ``WORKBOOK_GRADING_SEED`` is given (never the public seed 0)
DEFAULT_GRADING_SEED = 1


@dataclass
class GradeOptions:
    """Limits and settings of one grading run.

    Parameters
    ----------
    seed : int
        The grading seed the hidden cases are drawn from.
    cell_timeout : float
        Seconds one cell may run before it is interrupted.
    timeout : float
        Seconds the whole submission may take: its cells, then the harvest within what is left (15 s at least).
    memory : int
        Address-space limit of the kernel in bytes.
    nproc : int
        Processes the kernel may have (cgroup when available, else a watchdog).
    topic : str, optional
        The notebook the submissions must be (e.g. ``"02"``); a different one scores 0.
    secret : str, optional
        The HMAC key of signed assignments (``WORKBOOK_SECRET``).
    trusted : bool
        Run kernels without OS isolation (``--trusted``): only for notebooks whose code you trust,
        such as your own answer keys. Otherwise grading refuses where isolation is unavailable.
    max_restarts : int
        How often a dead kernel is restarted (rerunning without the fatal cell).
    roots : tuple of path-like
        The folders the submissions were found in. A submission's id is its path relative to
        the root holding it, and its learner id that path's first folder (``alice`` for
        ``alice/00_start_here.ipynb``); a notebook directly in a root, or outside every root, is
        its own learner (its file name without ``.ipynb``). Notebook metadata never decides it.
    roster : Roster, optional
        Who was given which assignment (:class:`grader.grading.roster.Roster`): an assignment
        handed in for a candidate must be the one recorded for that candidate.
    warm_kernels : bool
        In a batch, start each submission's kernel (and import the common libraries in it)
        before the submission arrives, while others are graded. Every kernel still serves one
        submission only.
    """

    seed: int = DEFAULT_GRADING_SEED
    cell_timeout: float = 60.0
    timeout: float = 600.0
    memory: int = 3 * 2**30
    nproc: int = 128
    topic: str | None = None
    secret: str | None = None
    trusted: bool = False
    max_restarts: int = 3
    roots: tuple = ()
    roster: Roster | None = None
    warm_kernels: bool = True


@functools.cache
def _named_causes(question_id: str) -> dict:
    """The causes a declared question can give that have a stable name: its misconceptions'
    messages (by name) and a choice question's wrong-option explanations (``option_<letter>``,
    the letter of the declaration, so a reshuffled assignment names the same option alike)."""
    from ..registry import find_question

    try:
        q = find_question(question_id)
    except LookupError:  # not a question of this checkout (e.g. a retired one): no names
        return {}
    named = {}
    for letter, text in getattr(q, "explanations", {}).items():
        named.setdefault(text, f"option_{letter}")
    for m in getattr(q, "misconceptions", ()):
        named[m.message] = m.name
    return named


def misconception_id(question_id: str, outcome: Outcome) -> str | None:
    """The stable name of the misconception an outcome gives as its likely cause.

    Outcomes carry the cause as text (in both languages); reports that count misconceptions
    across a class need a name that does not change with the language or a reworded message.

    Parameters
    ----------
    question_id : str
        The question's id (e.g. ``"start.orders_per_customer"``).
    outcome : Outcome

    Returns
    -------
    str or None
        A :class:`~grader.questions.Misconception`'s ``name`` (``"lines_as_orders"``), or for a
        choice question ``"option_<letter>"`` of the wrong option chosen; ``None`` when the
        cause is a general guess (``None`` returned, a time-out, ...), absent, or the answer is
        correct.
    """
    if outcome.cause is None or outcome.status == "correct":
        return None
    return _named_causes(question_id).get(outcome.cause)


@dataclass
class QuestionGrade:
    """The grade of one question in one submission."""

    id: str
    outcome: Outcome
    kind: str = "function"

    @property
    def points(self) -> float:
        return float(self.outcome.points)

    @property
    def max_points(self) -> float:
        return float(self.outcome.max_points)

    @property
    def manual(self) -> bool:
        """Scored by a person with the rubric (open questions, answered or not): never in the
        automatic total, so every submission of an assignment has the same automatic maximum."""
        return self.kind == "open"

    @property
    def answer(self) -> str | None:
        """The text of an open answer (for scoring by hand; see :func:`grader.grading.judge`)."""
        received = self.outcome.received
        return received.en if self.kind == "open" and received is not None else None

    @property
    def misconception(self) -> str | None:
        """The name of the recorded misconception behind a wrong answer (see :func:`misconception_id`)."""
        return misconception_id(self.id, self.outcome)

    def to_dict(self, lang: str | None = None) -> dict:
        """JSON-ready: id, kind, outcome (its status), points, max_points, manual, answer, the
        ``misconception`` named as the likely cause (or ``None``), message and details."""
        data = to_dict(self.outcome, lang)
        return {"id": self.id, "kind": self.kind, "outcome": data["status"], "points": self.points,
                "max_points": self.max_points, "manual": self.manual, "answer": self.answer,
                "misconception": self.misconception, "message": to_text(self.outcome, lang), "details": data}


@dataclass
class SubmissionGrade:
    """The grade of one notebook.

    ``id`` is the submission's path relative to the graded root (unique in a batch: it names the
    feedback page); ``errors`` are problems that void the grade (an assignment that is not the
    one recorded for this learner, a bad signature, ...): ``workbook grade`` exits non-zero.
    """

    submission: str
    learner: str
    topic: str
    seed: int
    questions: list[QuestionGrade] = field(default_factory=list)
    problems: list[T] = field(default_factory=list)
    graded_at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))
    seconds: float = 0.0
    id: str = ""
    errors: list[T] = field(default_factory=list)

    def __post_init__(self):
        self.id = self.id or Path(self.submission).name

    @property
    def total(self) -> float:
        """Points of the automatically graded questions."""
        return sum(q.points for q in self.questions if not q.manual)

    @property
    def max_points(self) -> float:
        """Maximum of the automatically graded questions (open answers are scored by a person)."""
        return sum(q.max_points for q in self.questions if not q.manual)

    @property
    def manual_points(self) -> float:
        """Points left for a person to score with the rubrics."""
        return sum(q.max_points for q in self.questions if q.manual)

    @property
    def percent(self) -> float:
        """Percent of the automatically graded points."""
        return 100.0 * self.total / self.max_points if self.max_points else 0.0

    def points_summary(self) -> T:
        """``12 / 15 auto-graded (80%), 8 to score by hand``: the two kinds of points apart."""
        text = M.G_POINTS_AUTO.format(total=self.total, max=self.max_points, percent=self.percent)
        if self.manual_points:
            text = text + M.G_POINTS_MANUAL.format(manual=self.manual_points)
        return text

    def to_dict(self, lang: str | None = None) -> dict:
        """JSON-ready: id, submission, learner, topic, seed, the automatic ``total`` of ``max``
        (``percent``), ``manual_max`` left to score by hand, ``summary``, questions, problems and
        errors."""
        return {"id": self.id, "submission": self.submission, "learner": self.learner, "topic": self.topic,
                "seed": self.seed, "total": self.total, "max": self.max_points,
                "manual_max": self.manual_points,
                "percent": round(self.percent, 2), "summary": self.points_summary().render(lang),
                "graded_at": self.graded_at,
                "questions": [q.to_dict(lang) for q in self.questions],
                "problems": [p.render(lang) for p in self.problems],
                "errors": [e.render(lang) for e in self.errors]}

