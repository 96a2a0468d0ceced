"""Finding the questions: one exercises module per notebook, mirrored names.

``grader/exercises/NN_topic.py`` declares ``QUESTIONS`` for ``notebooks/NN_topic.ipynb``;
its reference functions live in ``solutions/NN_topic.py``.
"""

from __future__ import annotations

import difflib
import importlib
import os
import pkgutil
from types import ModuleType

from . import exercises as _exercises_pkg
from .questions import Question

__all__ = ["Exercises", "all_questions", "bind", "exercise_module", "find_question", "load",
           "notebook_names", "solutions"]


def notebook_names() -> list[str]:
    """The topics that have questions, e.g. ``["00_start_here", "02_feature_engineering"]``."""
    return sorted(m.name for m in pkgutil.iter_modules(_exercises_pkg.__path__)
                  if m.name[:2].isdigit())


def _resolve(topic: str) -> str:
    names = notebook_names()
    key = str(topic).strip().removesuffix(".ipynb").split("/")[-1]
    matches = [n for n in names if n == key or n.split("_", 1)[0] == key.zfill(2)]
    if len(matches) == 1:
        return matches[0]
    close = difflib.get_close_matches(key, names, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise LookupError(f"No notebook {topic!r}; the notebooks are {', '.join(names)}.{hint}")


def exercise_module(topic: str) -> ModuleType:
    """Import ``grader.exercises.<NN_topic>`` for a topic given as ``"02"`` or its full name."""
    return importlib.import_module(f"grader.exercises.{_resolve(topic)}")


def solutions(topic: str) -> ModuleType:
    """Import the reference module ``solutions.<NN_topic>``."""
    return importlib.import_module(f"solutions.{_resolve(topic)}")


class Exercises:
    """A notebook's questions, bound as attributes by their short names (``ex.orders``)."""

    def __init__(self, notebook: str, questions: list[Question]):
        self.notebook = notebook
        self.questions = list(questions)
        for q in self.questions:
            setattr(self, q.short, q)

    def __getitem__(self, key: str) -> Question:
        for q in self.questions:
            if key in (q.id, q.short):
                return q
        raise KeyError(key)

    def __iter__(self):
        return iter(self.questions)

    def __len__(self):
        return len(self.questions)

    def __repr__(self) -> str:
        ids = ", ".join(q.short for q in self.questions)
        return f"<{self.notebook}: {len(self.questions)} questions: {ids}>"


def load(topic: str) -> Exercises:
    """Bind a notebook's questions: ``ex = grader.load("02")``.

    Parameters
    ----------
    topic : str
        The notebook number (``"02"``) or name (``"02_feature_engineering"``).

    Returns
    -------
    Exercises
        The questions as attributes: ``ex.orders.check(orders_from_lines)``.
    """
    if os.environ.get("WORKBOOK_GRADING") == "1":
        return _Inert()
    name = _resolve(topic)
    return _warmed(Exercises(name, list(exercise_module(name).QUESTIONS)))


def _in_kernel() -> bool:
    """Whether this process is a Jupyter kernel (where a learner will call ``check``)."""
    import sys

    shell = getattr(sys.modules.get("IPython"), "get_ipython", lambda: None)()
    return shell is not None and getattr(shell, "kernel", None) is not None


def _warmed(ex: Exercises) -> Exercises:
    """In a notebook kernel, start the estimator questions' reference fits in the background.

    A learner reaches an estimator question after many cells; by then its reference score on
    the public cases is ready, and the first ``check`` only fits the learner's answer. Outside a
    kernel (the grader, scripts, tests) nothing is started.
    """
    if _in_kernel():
        for q in ex:
            warm = getattr(q, "warm", None)
            if warm is not None:
                warm()
    return ex


class _Inert:
    """What ``load`` gives inside a grading kernel: checks, hints and solutions do nothing.

    ``workbook grade`` judges answers in its own process on hidden cases; the reference
    solutions cannot be imported in the kernel it runs the notebook in.
    """

    def __getattr__(self, name):
        return self

    def __getitem__(self, key):
        return self

    def __call__(self, *args, **kwargs):
        return None


def bind(question_ids, seed: int | None = None) -> Exercises:
    """Bind chosen questions from any notebooks, e.g. for an interview assignment.

    Parameters
    ----------
    question_ids : iterable of str
        Full ids such as ``"fe.orders"``.
    seed : int, optional
        The assignment's data seed: the questions as that candidate sees them (value questions
        computed on that data variant, choice letters in that candidate's order; see
        :meth:`~grader.questions.Question.for_assignment`).

    Returns
    -------
    Exercises
        ``ex.orders``, ``ex["fe.orders"]``.
    """
    if os.environ.get("WORKBOOK_GRADING") == "1":
        return _Inert()
    questions = [find_question(qid) for qid in question_ids]
    if seed is not None:
        questions = [q.for_assignment(seed) for q in questions]
    return _warmed(Exercises("assignment", questions))


def all_questions() -> list[tuple[str, Question]]:
    """Every question of every notebook, as ``(notebook, question)`` pairs."""
    out = []
    for name in notebook_names():
        out.extend((name, q) for q in exercise_module(name).QUESTIONS)
    return out


def find_question(qid: str) -> Question:
    """The question with id ``qid``; a LookupError suggesting a close id otherwise."""
    found = {q.id: q for _, q in all_questions()}
    if qid in found:
        return found[qid]
    close = difflib.get_close_matches(qid, list(found), n=1)
    raise LookupError(f"No question {qid!r}." + (f" Did you mean {close[0]!r}?" if close else ""))
