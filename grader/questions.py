"""The question model: a question is a declaration plus a reference function.

Kinds
-----
:class:`FunctionQuestion`
    The learner writes a function; it is called on seeded cases and its results are
    compared with the reference's.
:class:`ValueQuestion`
    The learner computes a value from the notebook's data.
:class:`EstimatorQuestion`
    The learner builds an unfitted scikit-learn estimator or pipeline; it is fitted on
    each case's training data and judged by its score on that case's test data.
:class:`ChoiceQuestion`
    Multiple choice (one right option) or multi-select (a set of right options).
:class:`OpenQuestion`
    Free text, scored by a person with a rubric; the model answer is shown on request.

Checking never raises in interactive mode; in strict mode (CI) ``check`` raises
:class:`~grader.outcomes.CheckFailed` for an answer that is not correct.
"""

from __future__ import annotations

import ast
import copy
import dataclasses
import difflib
import functools
import inspect
import os
import random
import re
import sys
import sysconfig
import textwrap
import threading
import types
import warnings
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from . import messages as M
from ._harvest import _wb_permuted as permuted
from .compare import compare, counted, describe, type_phrase
from .i18n import T, text
from .mode import is_strict
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
from .running import Run, call_learner, is_stub_function, run_from_error_record, threadpool_limits

__all__ = [
    "LEVELS",
    "PUBLIC_SEED",
    "Case",
    "CaseInput",
    "DetectorError",
    "DetectorWarning",
    "ChoiceQuestion",
    "EstimatorQuestion",
    "FunctionQuestion",
    "Misconception",
    "OpenQuestion",
    "Question",
    "Rule",
    "ValueQuestion",
    "model_scores",
    "permuted",
    "variant_namespace",
]

#: the seed of the public cases that ``check`` uses; grading draws hidden cases from other seeds
PUBLIC_SEED = 0
#: the name of the notebook variable that holds a notebook's questions (``ex = grader.load("02")``)
HANDLE = "ex"
#: the seniority a question is aimed at, from the easiest (``workbook assign --level``)
LEVELS = ("junior", "mid", "senior")


class DetectorError(RuntimeError):
    """A misconception's detector or recorded wrong implementation raised: a bug in the question.

    Detectors (``detect=``, ``design=``, ``when=``) and wrong implementations (``fn=``) are
    trusted grader code. An exception they raise (an ``ImportError`` on an older library, a
    ``NameError``, a predicate that breaks on an unexpected record) would otherwise silently
    disable the misconception. In strict mode (under pytest, in CI) it is raised as this error;
    interactively the misconception is skipped for that answer with a :class:`DetectorWarning`.
    Exceptions raised by the *learner's* code while a detector calls it are the learner's and
    are handled as before (the misconception simply does not apply).
    """


class DetectorWarning(RuntimeWarning):
    """Interactive mode: a detector raised (see :class:`DetectorError`) and its misconception was skipped."""


#: exceptions a recorded wrong implementation (``fn=``) never raises on purpose: a missing
#: library API or a broken name is a bug in the question, not the mistake it reproduces
_BROKEN_CODE = (ImportError, NameError, SyntaxError)


@functools.lru_cache(maxsize=1)
def _trusted_dirs() -> tuple[str, ...]:
    """Folders of trusted code: this package, the reference solutions, Python and the installed libraries."""
    import importlib.util
    import os

    dirs = {os.path.dirname(os.path.abspath(__file__))}
    try:
        spec = importlib.util.find_spec("solutions")
    except (ImportError, ValueError):
        spec = None
    for location in (spec.submodule_search_locations or []) if spec is not None else []:
        dirs.add(os.path.abspath(location))
    paths = sysconfig.get_paths()
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        if paths.get(key):
            dirs.add(os.path.abspath(paths[key]))
    for prefix in {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}:
        dirs.add(os.path.abspath(os.path.join(prefix, "lib")))
    return tuple(sorted(d.rstrip(os.sep) + os.sep for d in dirs))


def _trusted_file(filename: str) -> bool:
    import os

    if filename.startswith("<frozen "):  # the import machinery
        return True
    return os.path.abspath(filename).startswith(_trusted_dirs())


def _code_objects(fn) -> set:
    """The code of a function (or of a callable object's ``__call__``) and every function nested in it."""
    if isinstance(fn, types.MethodType):
        fn = fn.__func__
    if not isinstance(fn, types.FunctionType):  # read statically: looking must not run learner code
        fn = inspect.getattr_static(type(fn), "__call__", None)
    code = fn.__code__ if isinstance(fn, types.FunctionType) else None
    found, todo = set(), [code] if code is not None else []
    while todo:
        c = todo.pop()
        if c not in found:
            found.add(c)
            todo.extend(k for k in c.co_consts if isinstance(k, types.CodeType))
    return found


def _raised_by_learner(exc: BaseException, answer=None, detector=None) -> bool:
    """Whether ``exc`` (or an exception it was raised from) came out of the learner's code.

    That is: a frame of its traceback runs the learner's answer (a function a detector called
    again), or code from outside the trusted folders (the grader, the references, Python and the
    installed libraries) other than the detector's own file (a learner's object whose method
    raised inside the detector).
    """
    learner_code = _code_objects(answer) if answer is not None else set()
    own = getattr(getattr(detector, "__code__", None), "co_filename", None)
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        tb = exc.__traceback__
        while tb is not None:
            code = tb.tb_frame.f_code
            if code in learner_code or (code.co_filename != own and not _trusted_file(code.co_filename)):
                return True
            tb = tb.tb_next
        exc = exc.__cause__ or exc.__context__
    return False


def _is_broken_code(exc: BaseException) -> bool:
    """An exception a wrong implementation never raises on purpose (see ``_BROKEN_CODE``), or an
    attribute missing from a module (an API that this library version does not have)."""
    return isinstance(exc, _BROKEN_CODE) or (
        isinstance(exc, AttributeError) and isinstance(getattr(exc, "obj", None), types.ModuleType))


def _detector_failed(question_id: str, m, what: str, exc: BaseException) -> None:
    """A trusted detector raised: raise :class:`DetectorError` in strict mode, else warn.

    Parameters
    ----------
    question_id : str
    m : Misconception
    what : str
        Which part raised (``"detect="``, ``"design="``, ``"when="``, ``"fn="``).
    exc : BaseException
        The exception.
    """
    error = DetectorError(f"{question_id}: the {what} of misconception {m.name!r} raised "
                          f"{type(exc).__name__}: {exc}")
    if is_strict():
        raise error from exc
    warnings.warn(f"{error} (the misconception is skipped)", DetectorWarning, stacklevel=3)


@dataclass(frozen=True)
class Case:
    """One input on which an answer is judged.

    Parameters
    ----------
    args : tuple
        Positional arguments (for an estimator question: ``X_train, y_train, X_test, y_test``).
    kwargs : mapping
        Keyword arguments.
    label : T or str
        What this case is, for feedback on public cases (e.g. "a customer whose only
        order was returned"). Hidden cases are never described.
    points : float
        Its weight in partial credit.
    """

    args: tuple = ()
    kwargs: Mapping = field(default_factory=dict)
    label: T | str = ""
    points: float = 1.0


@dataclass(frozen=True)
class CaseInput:
    """A public case's input, handed to the learner as data (copies: change them freely).

    Attributes
    ----------
    args : tuple
    kwargs : dict
    label : T
        What the case is.
    """

    args: tuple
    kwargs: dict
    label: T

    def call(self, fn):
        """``fn(*args, **kwargs)`` on fresh copies: rerun your function on exactly this input."""
        return fn(*copy.deepcopy(self.args), **copy.deepcopy(self.kwargs))


@dataclass(frozen=True)
class Misconception:
    """A known wrong way to answer, and what to tell the learner who took it.

    Give exactly one of ``fn`` (a wrong implementation with the reference's signature: the
    learner's result matching *its* result identifies the misconception), ``detect`` (a
    predicate ``detect(answer, output, case) -> bool`` on a function's output), or, for
    estimator questions, ``design`` (a predicate ``design(description, case) -> bool`` on the
    description of the unfitted answer, see :mod:`grader.design`) or ``permute`` (a behavioural
    probe: the columns whose shuffling the fitted model's test scores should, or should not,
    react to). Design rules and probes read only the record the harvest makes, so ``check`` and
    ``workbook grade`` judge them alike.

    Parameters
    ----------
    name : str
        A short id, e.g. ``"lines_as_orders"`` (used by tests and reports).
    message : T
        The explanation shown as the likely cause.
    fn : callable, optional
    detect : callable, optional
    design : callable, optional
    permute : tuple of str, optional
        Columns of ``X_test`` shuffled together (seeded) for the probe.
    flag_when : {"changed", "unchanged"}
        ``"changed"``: the model uses the columns and should not (e.g. ``future_spend``);
        ``"unchanged"``: the model ignores columns it should use.
    when : callable, optional
        For a probe: ``when(description) -> bool``; the probe fires only on answers whose
        description makes its message true (e.g. "drops the gappy columns": no imputer).
    """

    name: str
    message: T
    fn: Callable | None = None
    detect: Callable | None = None
    design: Callable | None = None
    permute: tuple[str, ...] = ()
    flag_when: str = "changed"
    when: Callable | None = None

    def __post_init__(self):
        given = (self.fn is not None) + (self.detect is not None) + (self.design is not None) + bool(self.permute)
        if given != 1:
            raise TypeError(f"Misconception {self.name!r} needs exactly one of fn=, detect=, design= or permute=.")
        if self.flag_when not in ("changed", "unchanged"):
            raise ValueError(f"flag_when must be 'changed' or 'unchanged'. Got {self.flag_when!r} instead.")
        if self.when is not None and not self.permute:
            raise TypeError(f"Misconception {self.name!r}: when= gates a permute= probe only.")

    def probe_hit(self, scores, permuted_scores) -> bool:
        """Whether a permutation probe flags the model, given its scores before and after."""
        import numpy as np

        changed = not np.allclose(np.asarray(scores, dtype=float), np.asarray(permuted_scores, dtype=float),
                                  rtol=1e-9, atol=1e-12, equal_nan=True)
        return changed if self.flag_when == "changed" else not changed


@dataclass(frozen=True)
class Rule:
    """A rule the task's text states, declared with a mutant that breaks it (and nothing else).

    The shared contract (:func:`grader.testing.question_checks`) requires every mutant to fail
    in ``check`` (public cases) and in grading (hidden cases, through the harvest's record), so
    a rule the text states cannot silently go unenforced.

    Parameters
    ----------
    id : str
        A short id, e.g. ``"no_sessions_zero"``.
    text : T
        The rule as the task states it.
    mutant : callable
        An answer breaking this rule alone: a function with the reference's signature, or
        for an estimator question a factory of the unfitted estimator, or for a value question
        a function of the question's ``inputs()``.
    misconception : str, optional
        The misconception whose message names the broken rule (``check`` must give it as the
        cause); empty when the comparison of outputs catches the mutant.
    case : str, optional
        The (English) label, or a part of it, of the public case that exercises the rule when
        only one does (an edge case added for it); empty when every case does (e.g. row order).
    """

    id: str
    text: T
    mutant: Callable
    misconception: str = ""
    case: str = ""

    def answer(self, question):
        """What a learner who broke this rule hands in."""
        if question.kind == "estimator":
            return self.mutant()
        if question.kind == "value":
            return self.mutant(*question.inputs())
        return self.mutant


def model_scores(fitted, X):
    """The positive class's ``predict_proba`` column, else ``decision_function``."""
    import numpy as np

    if hasattr(fitted, "predict_proba"):
        return np.asarray(fitted.predict_proba(X))[:, -1]
    return np.asarray(fitted.decision_function(X))


@dataclass(kw_only=True, eq=False)
class Question:
    """Fields shared by every kind of question.

    Parameters
    ----------
    id : str
        ``"topic.name"``, e.g. ``"fe.orders"``; the part after the dot is the short
        name the notebook uses (``ex.orders``).
    title : T
        A short title in English and Chinese.
    prompt : T
        The task (the notebook's Markdown carries the long form).
    hints : sequence of T
        Stepped hints, from a nudge to nearly the answer.
    points : float
    name : str
        The variable or function the learner defines.
    level : {"junior", "mid", "senior"}
        The seniority the question is aimed at (see :data:`LEVELS`); an interviewer picks
        questions by it (``workbook assign --level``). Every registered question declares one
        (the shared contract checks it).
    follow_ups : sequence of T
        Questions an interviewer asks after the answer, from the easiest to the hardest: the
        first checks understanding, the last probes the judgement of a senior candidate.
    rules : sequence of Rule
        The rules the task's text states, each with a mutant breaking it.
    """

    id: str
    level: str = ""
    title: T
    prompt: T = T("")
    hints: Sequence[T] = ()
    points: float = 1.0
    name: str = ""
    follow_ups: Sequence[T] = ()
    rules: Sequence[Rule] = ()
    kind: ClassVar[str] = "question"

    def __post_init__(self):
        if not re.fullmatch(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*", self.id):
            raise ValueError(f"A question id must look like 'topic.name'. Got {self.id!r} instead.")
        if not self.name:
            raise ValueError(f"Question {self.id!r} needs a name= (the learner's variable).")
        if self.level and self.level not in LEVELS:
            raise ValueError(f"The level of {self.id} must be one of {', '.join(LEVELS)}. "
                             f"Got {self.level!r} instead.")

    @property
    def short(self) -> str:
        """The attribute name in the notebook: ``ex.<short>``."""
        return self.id.split(".", 1)[1]

    # -- checking -----------------------------------------------------------------------
    def evaluate(self, answer, *, seed: int | None = None) -> Outcome:
        """Judge ``answer`` and return an :class:`~grader.outcomes.Outcome` (never raises).

        Parameters
        ----------
        answer : object
            What the learner passed to ``check``.
        seed : int, optional
            ``None`` judges on the public cases; a grading seed judges on hidden cases,
            whose expected values never appear in the outcome.
        """
        try:
            return self._evaluate(answer, seed)
        except (DetectorError, DetectorWarning):  # a bug in the question (strict mode, or a warning
            raise  # turned into an error as the test suite does): never feedback
        except Exception as exc:  # an engine failure must still read as feedback
            return self._outcome(Uncheckable, M.COMPARE_FAILED.format(
                error=f"{type(exc).__name__}: {exc}"))

    def _evaluate(self, answer, seed):  # pragma: no cover - abstract
        raise NotImplementedError

    def check(self, answer) -> None:
        """Check an answer and show the feedback.

        In strict mode (``WORKBOOK_STRICT=1``, or under pytest) an answer that is not
        correct raises :class:`~grader.outcomes.CheckFailed`, so the cell fails.
        """
        from .render import show

        outcome = self.evaluate(answer)
        show(outcome)
        if outcome.fails_in_strict and is_strict():
            raise CheckFailed(outcome) from None

    def hint(self, n: int = 1) -> None:
        """Show hint ``n`` (1-based; the first by default) and how to ask for the next.

        Rerunning a cell shows the same hint again: the hints are steps the learner chooses
        to take (``hint(2)``, ``hint(3)``), never advanced behind their back.
        """
        from .render import show_hint

        if not self.hints:
            return show_hint(self, None, M.NO_HINTS)
        if not isinstance(n, int) or not 1 <= n <= len(self.hints):
            return show_hint(self, None, M.HINT_OUT_OF_RANGE.format(
                n=len(self.hints), hints=counted(len(self.hints), "hint", "条提示")))
        body = self.hints[n - 1]
        if n < len(self.hints):
            body = body + "\n\n" + M.HINT_NEXT.format(call=f"{HANDLE}.{self.short}.hint({n + 1})")
        return show_hint(self, n, body)

    def solution(self) -> None:
        """Show the reference solution."""
        from .render import show_solution

        show_solution(self)

    # -- notebook cells -----------------------------------------------------------------
    def stub_source(self) -> str:
        """The exercise cell's code before the learner starts: a stub and a check call."""
        return f"{self._stub()}\n\n{self.check_call()}"

    def solved_source(self) -> str:
        """The exercise cell's code in an answer key: the reference solution and a check call."""
        return f"{self.solution_code()}\n\n{self.check_call()}"

    def check_call(self) -> str:
        return f"{HANDLE}.{self.short}.check({self.name})"

    def _stub(self) -> str:
        return f"{self.name} = None  # your answer"

    def solution_code(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- helpers ------------------------------------------------------------------------
    def _outcome(self, cls, summary: T, *, points: float = 0.0, **fields) -> Outcome:
        return cls(question_id=self.id, title=self.title, summary=summary, points=points,
                   max_points=self.points, **fields)

    def describe_kind(self) -> str:
        return self.kind

    def for_assignment(self, seed: int) -> Question:
        """This question as the candidate of an assignment with data seed ``seed`` sees it.

        Most questions do not depend on the candidate; a value question is computed on the
        candidate's data variant and a choice question shuffles its letters (see their
        overrides). ``workbook assign`` writes the notebook from it, and ``workbook grade``
        and ``grader.registry.bind`` judge with it.

        Parameters
        ----------
        seed : int
            The assignment's data seed (:func:`grader.shop.generate_shop`).

        Returns
        -------
        Question
            ``self``, or a copy bound to the candidate.
        """
        return self


def _source(fn) -> str:
    return textwrap.dedent(inspect.getsource(fn)).rstrip()


def _header(fn) -> str:
    """The ``def`` line(s) of a function exactly as written in its source."""
    source = _source(fn)
    node = ast.parse(source).body[0]
    lines = source.splitlines()
    return "\n".join(lines[node.lineno - 1: node.body[0].lineno - 1]).rstrip()


def _docstring_without_examples(fn) -> str:
    doc = inspect.getdoc(fn) or ""
    doc = re.split(r"\n(?:Examples|Notes|References)\n-+\n", doc)[0].rstrip()
    return doc


@dataclass(kw_only=True, eq=False)
class _CaseQuestion(Question):
    """A question judged on seeded cases (function and estimator kinds)."""

    cases: Callable[[int], Iterable[Case]]
    misconceptions: Sequence[Misconception] = ()
    time_limit: float = 5.0
    _cache: dict = field(default_factory=dict, init=False, repr=False)

    def case_list(self, seed: int | None = None) -> list[Case]:
        """The cases for ``seed`` (``None``: the public cases), generated once and cached."""
        key = ("cases", PUBLIC_SEED if seed is None else seed)
        if key not in self._cache:
            self._cache[key] = list(self.cases(key[1]))
        return self._cache[key]

    def _cached(self, key, compute):
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def inputs(self, n: int = 1) -> CaseInput:
        """The exact input of public case ``n`` (1-based), as fresh copies to experiment with.

        Parameters
        ----------
        n : int
            The case the feedback named (it says ``ex.<question>.inputs(n)``).

        Returns
        -------
        CaseInput
            ``args``, ``kwargs`` and ``label``; ``call(fn)`` runs ``fn`` on it.

        Examples
        --------
        >>> import grader
        >>> case = grader.load("00").orders_per_customer.inputs(1)
        >>> type(case.args[0]).__name__
        'DataFrame'
        """
        cases = self.case_list()
        if not isinstance(n, int) or not 1 <= n <= len(cases):
            raise ValueError(f"{self.id} has {len(cases)} public cases: ask for one between 1 and "
                             f"{len(cases)}. Got {n!r} instead.")
        case = cases[n - 1]
        return CaseInput(copy.deepcopy(tuple(case.args)), copy.deepcopy(dict(case.kwargs)), text(case.label))

    def _case_label(self, case: Case, hidden: bool) -> T:
        if hidden:
            return M.HIDDEN_CASE
        n = next((i for i, c in enumerate(self.case_list()) if c is case), None)
        label = text(case.label)
        if n is None:
            return label
        return label + M.CASE_INPUT.format(call=f"{HANDLE}.{self.short}.inputs({n + 1})")


@dataclass(kw_only=True, eq=False)
class FunctionQuestion(_CaseQuestion):
    """The learner writes a function; it is judged against ``reference`` on seeded cases.

    Parameters
    ----------
    reference : callable
        The reference implementation in ``solutions/``. Its name is the learner's
        function name unless ``name`` says otherwise.
    cases : callable
        ``cases(seed) -> iterable of Case``; deterministic for a seed, small, with edge cases.
    misconceptions : sequence of Misconception
    compare_options : mapping
        Keyword arguments for :func:`grader.compare.compare` (tolerances, row order, ...).
    alternatives : sequence of callable
        Other implementations, with the reference's signature, whose output is just as right:
        a defensible convention the task's text does not rule out (e.g. the direction in which
        ties are broken). An answer matching one of them on a case passes that case.
    time_limit : float
        Seconds per call of the learner's function.
    shown : callable, optional
        The solution shown, stubbed and run by answer keys when it is written in another engine
        than ``reference`` (SQL or Spark judged against a pandas reference): the grader computes
        the expected values with ``reference`` alone, so it never runs that engine itself.
    """

    reference: Callable
    compare_options: Mapping[str, Any] = field(default_factory=dict)
    shown: Callable | None = None
    alternatives: Sequence[Callable] = ()
    kind: ClassVar[str] = "function"

    def __post_init__(self):
        if not self.name:
            self.name = (self.shown or self.reference).__name__
        super().__post_init__()

    def expected(self, case_index: int, seed: int | None = None):
        """The reference's output on one case (cached)."""
        case = self.case_list(seed)[case_index]
        return self._cached(("ref", seed, case_index),
                            lambda: self.reference(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs)))

    def _matches_an_alternative(self, case_index: int, seed: int | None, value) -> bool:
        """Whether ``value`` equals the output of one of the accepted alternatives on a case."""
        case = self.case_list(seed)[case_index]
        for k, alternative in enumerate(self.alternatives):
            out = self._cached(("alt", k, seed, case_index),
                               lambda a=alternative: a(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs)))
            if compare(out, value, **self.compare_options) is None:
                return True
        return False

    def misconception_output(self, m: Misconception, case_index: int, seed: int | None = None):
        """A recorded wrong implementation's output on one case (cached; None if it raises)."""
        case = self.case_list(seed)[case_index]

        def compute():
            try:
                return ("ok", m.fn(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs)))
            except Exception as exc:  # a mistake may raise on purpose; a missing API may not
                if _is_broken_code(exc):
                    _detector_failed(self.id, m, "fn=", exc)
                return ("raised", None)

        return self._cached(("mis", m.name, seed, case_index), compute)

    def _stub(self) -> str:
        shown = self.shown or self.reference
        doc = _docstring_without_examples(shown)
        body = textwrap.indent(f'"""{doc}\n"""\n' if doc else "", "    ")
        return f"{_header(shown)}\n{body}    ...  # your code here"

    def solution_code(self) -> str:
        return _source(self.shown or self.reference)

    def _evaluate(self, answer, seed):
        if answer is None or not callable(answer) or isinstance(answer, type):
            got = describe(answer, show_values=False)
            cause = (M.WANT_FUNCTION_NONE_CAUSE if answer is None or isinstance(answer, type)
                     else M.WANT_FUNCTION_RESULT_CAUSE).format(name=self.name)
            return self._outcome(Incorrect, M.WANT_FUNCTION.format(name=self.name, got=got),
                                 cause=cause)
        if is_stub_function(answer):
            return self._outcome(NotAttempted, M.NOT_ATTEMPTED_FUNCTION.format(name=self.name))
        cases = self.case_list(seed)
        first = cases[0]
        try:
            inspect.signature(answer).bind(*first.args, **first.kwargs)
        except TypeError as exc:
            sig = str(inspect.signature(self.reference))
            return self._outcome(Incorrect, M.WRONG_SIGNATURE.format(
                name=self.name, signature=sig, error=str(exc)))
        except ValueError:  # builtins without a signature: just try calling them
            pass
        runs = []
        for case in cases:
            runs.append(call_learner(answer, case.args, case.kwargs, time_limit=self.time_limit))
            if runs[-1].timed_out:
                break  # every further case would cost the full limit again
        return self.judge_runs(runs, seed, answer=answer)

    def judge_runs(self, runs: list[Run], seed: int | None = None, answer=None) -> Outcome:
        """Judge the learner's runs on the cases of ``seed`` (fewer runs than cases: the rest failed).

        Used by ``check`` (runs made here) and by ``workbook grade`` (runs harvested from the
        learner's kernel, ``answer`` unknown).
        """
        cases = self.case_list(seed)
        hidden = seed is not None
        total = sum(c.points for c in cases)
        earned, passed, failures, notes = 0.0, 0, [], []
        for i, run in enumerate(runs[: len(cases)]):
            if run.mutated and not notes:
                arg = list(inspect.signature(self.reference).parameters)[run.mutated[0]]
                notes.append(M.MUTATED_INPUT.format(arg=arg))
            if run.timed_out or run.error is not None:
                failures.append((i, run, None))
                continue
            diff = compare(self.expected(i, seed), run.value, **self.compare_options)
            if diff is not None and self._matches_an_alternative(i, seed, run.value):
                diff = None
            if diff is None:
                earned += cases[i].points
                passed += 1
            else:
                failures.append((i, run, diff))
        points = self.points * earned / total if total else 0.0
        if passed == len(cases):
            return self._outcome(Correct, M.CORRECT_ALL.format(n=len(cases)), points=self.points,
                                 notes=notes)
        if not failures:  # cases never run (an earlier case timed out) are failures too
            failures.append((len(runs), Run(timed_out=True), None))
        return self._report(answer, failures, seed, hidden, points, passed, len(cases), notes)

    def _match(self, answer, i: int, seed, run: Run, diff) -> T | None:
        """The message of the first misconception this failing run shows, else a general guess.

        A ``fn`` misconception matches when its output equals the learner's; a ``detect``
        misconception is asked ``detect(answer, output, case)``, where ``output`` is the
        exception for a run that raised (so "a bare qcut raises on ties" can be named).
        """
        if run.timed_out:
            return None
        output = run.error if run.error is not None else run.value
        for m in self.misconceptions:
            if m.fn is not None:
                if run.error is not None:
                    continue
                status, out = self.misconception_output(m, i, seed)
                if status == "ok" and compare(out, run.value, **self.compare_options) is None:
                    return m.message
            else:
                try:
                    if m.detect(answer, output, self.case_list(seed)[i]):
                        return m.message
                except Exception as exc:
                    if not _raised_by_learner(exc, answer, m.detect):  # the learner's code: as before
                        _detector_failed(self.id, m, "detect=", exc)
                    continue
        if diff is not None and run.value is None:
            return M.RETURNED_NONE_CAUSE
        return None

    def _report(self, answer, failures, seed, hidden, points, passed, n, notes) -> Outcome:
        explained = [(i, run, diff, self._match(answer, i, seed, run, diff))
                     for i, run, diff in failures]
        chosen = next((f for f in explained if f[3] is not None), explained[0])
        i, run, diff, cause = chosen
        case = self.case_list(seed)[i]
        label = self._case_label(case, hidden)
        if run.timed_out:
            return self._outcome(TimedOut, M.TIMED_OUT.format(name=self.name,
                                 seconds=self.time_limit), points=points, case=label,
                                 cause=M.TIMED_OUT_CAUSE, notes=notes)
        if run.error is not None:
            return self._outcome(LearnerCodeRaised, M.RAISED.format(
                name=self.name, exc=type(run.error).__name__), points=points, case=label,
                details=_exception_text(run), cause=cause, notes=notes)
        if hidden:  # structure and the learner's own value only
            expected, received = None, describe(run.value, show_values=False)
        else:  # the first differing value side by side, else what each is
            expected = diff.want or describe(self.expected(i, seed))
            received = diff.got or describe(run.value)
        return self._outcome(
            Incorrect, M.INCORRECT_ON_CASE.format(passed=passed, cases=counted(n, "case", "个用例")), points=points,
            expected=expected, received=received,
            case=label, cause=cause, details=diff.message(hidden), notes=notes)


def _exception_text(run: Run) -> T:
    """The learner's exception as one line: type, message and (when known) their line."""
    exc, msg = type(run.error).__name__, str(run.error)[:300]
    if run.line and run.line[1]:
        return M.EXCEPTION_IN.format(exc=exc, msg=msg, line=run.line[0], code=run.line[1])
    if run.line:
        return M.EXCEPTION_AT_LINE.format(exc=exc, msg=msg, line=run.line[0])
    return M.EXCEPTION_NO_LINE.format(exc=exc, msg=msg)


@functools.lru_cache(maxsize=64)
def _value_variant(question: ValueQuestion, seed: int) -> ValueQuestion:
    """A copy of ``question`` whose inputs are computed (once, lazily) on the data variant ``seed``."""
    variant = copy.copy(question)
    variant._cache = {}
    computed = {}

    def inputs():
        if "args" not in computed:
            computed["args"] = question.inputs_from(variant_namespace(seed))
        return copy.deepcopy(computed["args"])

    variant.inputs = inputs
    return variant


@functools.lru_cache(maxsize=4)
def variant_namespace(seed: int) -> dict:
    """What an assignment's set-up cell defines for the data variant ``seed``.

    Parameters
    ----------
    seed : int
        The data seed of :func:`grader.shop.generate_shop` (default size).

    Returns
    -------
    dict
        ``pd``, ``np``, ``customers``, ``order_lines``, ``sessions``, ``customer_table``
        (:func:`grader.tables.build_customer_table`), ``SNAPSHOT`` and ``WINDOW_END``; cached,
        so treat the frames as read-only.
    """
    import numpy as np
    import pandas as pd

    from .shop import generate_shop
    from .tables import build_customer_table

    shop = generate_shop(seed=seed)
    return {"pd": pd, "np": np, "customers": shop.customers, "order_lines": shop.order_lines,
            "sessions": shop.sessions, "customer_table": build_customer_table(shop),
            "SNAPSHOT": shop.snapshot, "WINDOW_END": shop.window_end}


@dataclass(kw_only=True, eq=False)
class ValueQuestion(Question):
    """The learner computes a value from the notebook's data.

    Parameters
    ----------
    reference : callable
        Computes the expected value from ``inputs()``.
    inputs : callable
        Returns the reference's arguments: the same data the notebook has loaded.
    arg_names : sequence of str
        The notebook variables the solution passes to the reference, in order.
    misconceptions : sequence of Misconception
        Wrong implementations with the reference's signature (or detectors).
    compare_options : mapping
    setup : str
        Plain pandas / numpy / scikit-learn code that defines ``arg_names`` from what an
        assignment's set-up cell defines (``customers``, ``order_lines``, ``sessions``,
        ``customer_table``, ``SNAPSHOT``, ``WINDOW_END``; see :func:`variant_namespace`);
        empty when the arguments are among those names.
        An assignment shows it in a cell before the question, and :meth:`for_assignment`
        runs it on the candidate's variant to compute the expected value there. Run on the
        shipped data it gives ``inputs()``.
    """

    reference: Callable
    inputs: Callable[[], tuple] = tuple
    arg_names: Sequence[str] = ()
    misconceptions: Sequence[Misconception] = ()
    compare_options: Mapping[str, Any] = field(default_factory=dict)
    setup: str = ""
    kind: ClassVar[str] = "value"
    _cache: dict = field(default_factory=dict, init=False, repr=False)

    def inputs_from(self, namespace: Mapping[str, Any]) -> tuple:
        """The reference's arguments computed by :attr:`setup` from a notebook's data.

        Parameters
        ----------
        namespace : mapping
            The names the set-up cell defines (see :func:`variant_namespace`); not modified.

        Returns
        -------
        tuple
            The values of :attr:`arg_names` after running :attr:`setup`.

        Raises
        ------
        ValueError
            When an argument is defined neither by the namespace nor by the setup.
        """
        scope = {k: v.copy() if hasattr(v, "copy") and hasattr(v, "columns") else v for k, v in namespace.items()}
        with threadpool_limits(1):
            exec(compile(self.setup, f"<setup of {self.id}>", "exec"), scope)
        missing = [a for a in self.arg_names if a not in scope]
        if missing:
            raise ValueError(f"The setup of {self.id} does not define {', '.join(missing)}.")
        return tuple(scope[a] for a in self.arg_names)

    def for_assignment(self, seed: int) -> ValueQuestion:
        """This question computed on the data variant ``seed`` (the candidate's data).

        Parameters
        ----------
        seed : int
            The assignment's data seed.

        Returns
        -------
        ValueQuestion
            A copy whose ``inputs()`` are :meth:`inputs_from` the variant, so that its
            expected value and its misconceptions' values are those of the candidate's data.

        """
        return _value_variant(self, seed)

    def expected(self):
        if "ref" not in self._cache:
            self._cache["ref"] = self.reference(*self.inputs())
        return self._cache["ref"]

    def solution_code(self) -> str:
        call = f"{self.reference.__name__}({', '.join(self.arg_names)})"
        return f"{_source(self.reference)}\n\n\n{self.name} = {call}"

    def _evaluate(self, answer, seed):
        if answer is None:
            return self._outcome(NotAttempted, M.NOT_ATTEMPTED_VALUE.format(name=self.name))
        expected = self.expected()
        if callable(answer) and not callable(expected):
            return self._outcome(Incorrect, M.D_WRONG_TYPE.format(
                want=describe(expected, show_values=False), got=describe(answer, show_values=False)))
        diff = compare(expected, answer, **self.compare_options)
        if diff is None:
            return self._outcome(Correct, M.CORRECT_VALUE, points=self.points)
        cause = None
        for m in self.misconceptions:
            try:
                wrong = m.fn(*self.inputs()) if m.fn is not None else None
            except Exception as exc:  # the inputs are the notebook's data: a wrong value never raises
                _detector_failed(self.id, m, "fn=", exc)
                continue
            try:
                hit = (compare(wrong, answer, **self.compare_options) is None
                       if m.fn is not None else m.detect(answer, answer, None))
            except Exception as exc:
                if m.fn is None and not _raised_by_learner(exc, answer, m.detect):
                    _detector_failed(self.id, m, "detect=", exc)
                continue
            if hit:
                cause = m.message
                break
        # what is wrong (which part, which way, how far), never the expected value itself
        summary = M.VALUE_WRONG.format(name=self.name, what=diff.message(hidden=True))
        if diff.direction is not None:
            summary = summary + M.VALUE_OFF.format(direction=diff.direction)
        return self._outcome(Incorrect, summary, cause=cause, received=describe(answer))


def score_predictions(metric: str, y_true, pred, proba) -> float:
    """Compute a scikit-learn scorer's value from predictions recorded as data.

    Parameters
    ----------
    metric : str
        A scorer name: ``roc_auc``, ``average_precision``, ``neg_log_loss``, ``accuracy``,
        ``balanced_accuracy``, ``f1``, ``precision``, ``recall``, or ``adjusted_rand_score``
        (a clustering's ``predict`` labels against a reference partition given as ``y_true``;
        invariant to renaming the clusters).
    y_true : array-like
    pred : list
        ``predict`` output.
    proba : list or None
        The positive class's ``predict_proba`` column (or ``decision_function``).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        When the metric needs scores the model did not give, or is unknown.
    """
    import numpy as np
    from sklearn import metrics

    y_true = np.asarray(y_true)
    by_proba = {"roc_auc": metrics.roc_auc_score, "average_precision": metrics.average_precision_score,
                "neg_log_loss": lambda y, p: -metrics.log_loss(y, p)}
    by_pred = {"accuracy": metrics.accuracy_score, "balanced_accuracy": metrics.balanced_accuracy_score,
               "f1": metrics.f1_score, "precision": metrics.precision_score, "recall": metrics.recall_score,
               "adjusted_rand_score": metrics.adjusted_rand_score}
    if metric in by_proba:
        if proba is None:
            raise ValueError(f"{metric} needs predict_proba or decision_function, which the model lacks")
        scores = np.array([np.nan if v is None else float(v) for v in proba], dtype=float)
        if len(scores) != len(y_true) or not np.isfinite(scores).all():
            raise ValueError("the model's scores have the wrong length or are not finite")
        return float(by_proba[metric](y_true, scores))
    if metric in by_pred:
        predicted = np.asarray(pred)
        if len(predicted) != len(y_true):
            raise ValueError("the model predicted a different number of rows")
        if y_true.dtype == bool:
            predicted = predicted.astype(bool)
        return float(by_pred[metric](y_true, predicted))
    raise ValueError(f"unknown metric {metric!r}")


def _run_record(run: Run) -> dict:
    """A :class:`Run` made in this process as the harvest's run record (data only)."""
    if run.timed_out:
        return {"timed_out": True}
    if run.error is not None:
        info = {"type": type(run.error).__name__, "message": str(run.error)[:500]}
        if run.line:
            info["line"] = list(run.line)
        return {"error": info}
    return {"value": run.value}


#: Guards the reference scores being computed in the background (``EstimatorQuestion.warm``).
_REFERENCE_LOCK = threading.RLock()
#: Questions that have started such a computation.
_PENDING: weakref.WeakSet = weakref.WeakSet()


def _forget_pending_after_fork() -> None:
    """In a forked child the threads computing reference scores do not exist: drop their Futures
    (they would never complete) and the lock they may have held."""
    global _REFERENCE_LOCK
    _REFERENCE_LOCK = threading.RLock()
    for question in list(_PENDING):
        for key, value in list(question._cache.items()):
            if hasattr(value, "done") and not value.done():
                del question._cache[key]


os.register_at_fork(after_in_child=_forget_pending_after_fork)


@dataclass(kw_only=True, eq=False)
class EstimatorQuestion(_CaseQuestion):
    """The learner builds an unfitted estimator; it is judged from a record of what it is and does.

    ``check`` and ``workbook grade`` make the same record (:func:`grader._harvest._wb_estimator_record`:
    a description of the unfitted answer, and its predictions on each case's test rows) and
    judge it with :meth:`judge_record`; nothing judges the live object.

    Parameters
    ----------
    reference : callable
        A factory in ``solutions/`` returning the reference's unfitted estimator.
    cases : callable
        ``cases(seed)``; each case's ``args`` are ``(X_train, y_train, X_test, y_test)`` (the
        learner's kernel receives the first three only).
    metric : str
        A scikit-learn scorer name (``"roc_auc"``, ``"average_precision"``, ...).
    tolerance : float
        A case passes when the learner's score is at least the reference's minus this.
    misconceptions : sequence of Misconception
        ``design=`` rules on the description (judged before any fit) and ``permute=`` probes.
    fit_budget : int, optional
        A search making more fits than this on a case is not fitted there (in ``check`` and in
        the grading kernel alike); the case fails.
    """

    reference: Callable[[], Any]
    metric: str = "roc_auc"
    tolerance: float = 0.02
    time_limit: float = 30.0
    fit_budget: int | None = None
    kind: ClassVar[str] = "estimator"

    def __post_init__(self):
        super().__post_init__()
        for m in self.misconceptions:
            if m.fn is not None or m.detect is not None:
                raise TypeError(f"{self.id}: misconception {m.name!r} of an estimator question needs "
                                f"design= (on the description) or permute=, which both transports judge.")

    def _stub(self) -> str:
        return f"{self.name} = None  # an unfitted scikit-learn estimator or pipeline"

    def solution_code(self) -> str:
        return f"{_source(self.reference)}\n\n\n{self.name} = {self.reference.__name__}()"

    def reference_score(self, case_index: int, seed: int | None = None) -> float:
        """The reference's score on one case (computed once; a pending computation is awaited)."""
        key = ("ref", seed, case_index)
        if key not in self._cache:
            with threadpool_limits(1):
                self._cache[key] = self._fit_reference(case_index, seed)
        value = self._cache[key]
        return value.result() if hasattr(value, "result") else value

    def _fit_reference(self, case_index: int, seed) -> float:
        from sklearn.metrics import get_scorer

        case = self.case_list(seed)[case_index]
        fitted = self.reference().fit(*copy.deepcopy(case.args[:2]))
        return float(get_scorer(self.metric)(fitted, case.args[2], case.args[3]))

    def _start_reference(self, case_index: int, seed, *, thread: bool = True):
        """Fit the reference on one case in a worker thread; its score becomes a Future in the cache.

        ``check`` starts these before fitting the learner's answer (inside one
        ``threadpool_limits(1)`` that outlives both): scikit-learn's fits release the GIL, so on
        two cores the reference and the answer fit side by side. With ``thread=False`` the
        pending Future is only registered, and the caller computes it with :meth:`_compute_reference`.
        """
        from concurrent.futures import Future

        key = ("ref", seed, case_index)
        with _REFERENCE_LOCK:
            if key in self._cache:
                return self._cache[key]
            future: Future = Future()
            self._cache[key] = future
            _PENDING.add(self)
        if thread:
            threading.Thread(target=self._compute_reference, args=(future, case_index, seed),
                             daemon=True, name=f"workbook-reference-{self.id}").start()
        return future

    def _compute_reference(self, future, case_index: int, seed) -> None:
        try:
            # OpenMP's thread count is per thread: set it here (BLAS is limited process-wide)
            with threadpool_limits(1, user_api="openmp"):
                future.set_result(self._fit_reference(case_index, seed))
        except BaseException as exc:  # surfaces where the score is needed
            future.set_exception(exc)

    def warm(self) -> threading.Thread:
        """Start fitting the reference on the public cases in the background.

        ``grader.load`` calls this in a notebook kernel, so by the time the learner reaches the
        question its first ``check`` only fits the learner's answer. A ``check`` that comes
        earlier waits for the pending score instead of fitting the reference a second time.

        Returns
        -------
        threading.Thread
            The daemon thread doing the work (join it to wait).
        """
        def work():
            with _REFERENCE_LOCK:  # a check arriving now waits here instead of making the cases again
                try:
                    n = len(self.case_list(None))
                except Exception:  # the check that needs the cases reports the problem
                    return
                pending = [(i, self._start_reference(i, None, thread=False)) for i in range(n)]
            for i, future in pending:
                if not future.done() and future.set_running_or_notify_cancel():
                    self._compute_reference(future, i, None)

        thread = threading.Thread(target=work, daemon=True, name=f"workbook-warm-{self.id}")
        thread.start()
        return thread

    def probes(self) -> list[list[str]]:
        """The column lists of the permutation misconceptions, in order (sent to the harvest)."""
        return [list(m.permute) for m in self.misconceptions if m.permute]

    # -- one record, one judge ------------------------------------------------------------
    def record(self, answer, seed: int | None = None, started: list | None = None) -> dict:
        """The record the grading harvest would make, made here on the cases of ``seed``.

        The same :mod:`grader._harvest` functions build it; cases that a design rule rejects
        from the description are not fitted (their runs say ``skipped``), since the judge
        rejects them without looking at the run. ``started`` collects the reference fits
        started beside the learner's (see :meth:`_start_reference`).
        """
        from ._harvest import _wb_describe, _wb_estimator_record, _wb_is_estimator

        with _REFERENCE_LOCK:  # wait for a warm-up that is making these cases (see :meth:`warm`)
            cases = self.case_list(seed)
        rejected = set()

        def inputs():
            for i, case in enumerate(cases):
                if i in rejected:
                    continue
                yield case.args[:3]

        def call(fn, args, seconds):
            return _run_record(call_learner(fn, args, time_limit=seconds))

        record = {"present": True, "type": type(answer).__name__}
        if answer is None:
            return record
        if _wb_is_estimator(answer):  # describe first: statically rejected cases are never fitted
            try:
                description = _wb_describe(answer)
            except Exception:
                description = None
            rejected.update(i for i, case in enumerate(cases)
                            if self._design_rule(description, case) is not None)
            if started is not None:  # the reference fits beside the learner's on the cases to judge
                started.extend(self._start_reference(i, seed) for i in range(len(cases)) if i not in rejected)
        made = _wb_estimator_record(answer, inputs(), self.probes(), self.time_limit, self.fit_budget, call=call)
        runs = iter(made.get("runs", []))  # put the rejected cases back in their places
        placed = [{"skipped": "design"} if i in rejected else next(runs, None) for i in range(len(cases))]
        made["runs"] = [r for r in placed if r is not None]
        return {**record, **made}

    def _evaluate(self, answer, seed):
        with threadpool_limits(1):
            started = []
            outcome = self.judge_record(self.record(answer, seed, started=started), seed)
            for future in started:  # no reference fit outlives the thread limit
                if hasattr(future, "exception"):  # a score computed earlier is already a float
                    future.exception()
        return outcome

    def judge_record(self, record: dict, seed: int | None = None) -> Outcome:
        """Judge an estimator record (made by ``check`` or harvested by ``workbook grade``).

        Parameters
        ----------
        record : dict
            ``type``, ``estimator``, ``description``, ``runs`` (and ``clone_error``), as made by
            :func:`grader._harvest._wb_estimator_record`.
        seed : int, optional
            ``None`` for the public cases.
        """
        if record.get("type") == "NoneType":
            return self._outcome(NotAttempted, M.NOT_ATTEMPTED_VALUE.format(name=self.name))
        if not record.get("estimator"):
            return self._outcome(Incorrect, M.WANT_ESTIMATOR.format(got=type_phrase(str(record.get("type", "?")))))
        if "clone_error" in record:
            return self._outcome(Incorrect, M.ESTIMATOR_CLONE_FAILED.format(error=record["clone_error"]))
        description = record.get("description")
        runs = record.get("runs") or []
        cases = self.case_list(seed)
        hidden = seed is not None
        problems = []
        for i, case in enumerate(cases):
            problem = self._design_rule(description, case, hidden)
            if problem is None:
                if i >= len(runs) or not isinstance(runs[i], dict):
                    break
                problem = self._judge_run(runs[i], i, seed, case, description)
            problems.append(problem)
            if problem is not None and problem[0] is TimedOut:
                break
        return self._aggregate(problems, seed)

    def _design_rule(self, description, case, hidden: bool = False):
        """The first ``design=`` rule the description breaks on this case, as (outcome type, fields)."""
        if description is None:
            return None
        for m in self.misconceptions:
            if m.design is None:
                continue
            try:
                hit = bool(m.design(description, case))
            except Exception as exc:
                _detector_failed(self.id, m, "design=", exc)
                hit = False
            if hit:
                return Incorrect, dict(summary=M.ESTIMATOR_DESIGN_RULE, cause=m.message,
                                       case=self._case_label(case, hidden))
        return None

    def _judge_run(self, run: dict, i: int, seed, case, description):
        """One case's run record: (outcome type, fields), or None if it passes."""
        hidden = seed is not None
        label = self._case_label(case, hidden)
        if run.get("skipped"):
            return Incorrect, dict(summary=M.ESTIMATOR_OVER_BUDGET.format(
                fits=run.get("fits", "?"), budget=self.fit_budget), case=label)
        if "value" not in run:
            return self._judge(run_from_error_record(run), i, seed, case, hidden)
        value = run["value"] if isinstance(run["value"], dict) else {}
        proba = value.get("proba")
        if proba is not None:
            probe = self._probe_problem(description, case, hidden, proba, value.get("probes") or [])
            if probe is not None:
                return probe
        try:
            score = Run(value=score_predictions(self.metric, case.args[3], value.get("pred", []), proba))
        except Exception as exc:
            score = Run(error=ValueError(str(exc)))
        return self._judge(score, i, seed, case, hidden)

    def _probe_problem(self, description, case, hidden, scores, probe_scores: list):
        """The first permutation misconception that the recorded probe scores show."""
        probes = [m for m in self.misconceptions if m.permute]
        for m, permuted_scores in zip(probes, probe_scores, strict=False):
            try:
                if m.when is not None and not m.when(description):
                    continue
            except Exception as exc:
                _detector_failed(self.id, m, "when=", exc)
                continue
            try:
                if permuted_scores is not None and m.probe_hit(scores, permuted_scores):
                    return Incorrect, dict(summary=M.ESTIMATOR_DESIGN, cause=m.message,
                                           case=self._case_label(case, hidden))
            except (TypeError, ValueError):
                continue
        return None

    def _aggregate(self, problems: list, seed) -> Outcome:
        cases = self.case_list(seed)
        total = sum(c.points for c in cases)
        earned = sum(c.points for c, p in zip(cases, problems, strict=False) if p is None)
        points = self.points * earned / total if total else 0.0
        first_problem = next((p for p in problems if p is not None), None)
        if first_problem is None and len(problems) < len(cases):
            first_problem = self._judge(Run(timed_out=True), len(problems), seed,
                                        cases[len(problems)], seed is not None)
        if first_problem is None:
            return self._outcome(Correct, M.ESTIMATOR_OK.format(metric=self.metric, n=len(cases)),
                                 points=self.points)
        cls, fields = first_problem
        return self._outcome(cls, points=points, **fields)

    def _judge(self, run: Run, i, seed, case, hidden):
        """Judge a failed fit or a score run: (outcome type, fields), or None if it passes."""
        label = self._case_label(case, hidden)
        if run.timed_out:
            return TimedOut, dict(summary=M.TIMED_OUT.format(name=self.name,
                                                             seconds=self.time_limit), case=label)
        if run.error is not None:
            return LearnerCodeRaised, dict(
                summary=M.RAISED.format(name=self.name, exc=type(run.error).__name__),
                case=label, details=_exception_text(run))
        score = run.value
        want = self.reference_score(i, seed)
        need = want - self.tolerance
        if score + 1e-12 >= need:
            return None
        summary = (M.ESTIMATOR_SCORE_LOW_HIDDEN.format(metric=self.metric, got=score) if hidden
                   else M.ESTIMATOR_SCORE_LOW.format(case=label, metric=self.metric, got=score,
                                                     want=want, need=need))
        return Incorrect, dict(summary=summary, case=label,
                               expected=None if hidden else M.MODEL_SCORE.format(
                                   metric=self.metric, need=need),
                               received=T(f"{self.metric} = {score:.3f}"))


@dataclass(kw_only=True, eq=False)
class ChoiceQuestion(Question):
    """Multiple choice (``answer`` is one letter) or multi-select (``answer`` is a set).

    Parameters
    ----------
    options : mapping of str to T
        Letter → option text, e.g. ``{"a": T(...), "b": T(...)}``.
    answer : str or frozenset of str
        The right letter, or the set of right letters (multi-select).
    explanations : mapping of str to T
        Why an option is wrong (shown when the learner picks it) or right.
    """

    options: Mapping[str, T]
    answer: str | frozenset
    explanations: Mapping[str, T] = field(default_factory=dict)
    kind: ClassVar[str] = "choice"

    def __post_init__(self):
        super().__post_init__()
        right = self._right()
        unknown = right - set(self.options)
        if unknown or not right:
            raise ValueError(f"{self.id}: answer {sorted(unknown)} not among the options.")

    @property
    def multiple(self) -> bool:
        return isinstance(self.answer, (set, frozenset))

    def _right(self) -> set:
        return set(self.answer) if self.multiple else {self.answer}

    def options_markdown(self, lang: str | None = None) -> str:
        """The options as a Markdown list, one ``- **a)** text`` item per option."""
        return "\n".join(f"- **{letter})** {option.render(lang)}" for letter, option in self.options.items())

    def for_assignment(self, seed: int) -> ChoiceQuestion:
        """This question with its options in an order of its own for the candidate ``seed``.

        The letters stay ``a, b, c, ...``; which option each letter names is a seeded shuffle
        of the question id and ``seed``, and the answer key and explanations follow it.

        Parameters
        ----------
        seed : int
            The assignment's data seed.

        Returns
        -------
        ChoiceQuestion
        """
        letters = list(self.options)
        order = letters[:]
        random.Random(f"{self.id}:{seed}").shuffle(order)
        new_letter = dict(zip(order, letters, strict=True))  # old letter -> the letter it gets
        answer = (frozenset(new_letter[x] for x in self.answer) if self.multiple else new_letter[self.answer])
        return dataclasses.replace(
            self, options={new: self.options[old] for old, new in sorted(new_letter.items(), key=lambda i: i[1])},
            answer=answer, explanations={new_letter[k]: v for k, v in self.explanations.items()})

    def _stub(self) -> str:
        letters = ", ".join(repr(k) for k in self.options)
        shape = "a set of letters" if self.multiple else "one letter"
        return f"{self.name} = None  # {shape} from {letters}"

    def solution_code(self) -> str:
        value = repr(sorted(self._right())).replace("[", "{").replace("]", "}") if self.multiple \
            else repr(self.answer)
        return f"{self.name} = {value}"

    def _normalise(self, answer):
        if isinstance(answer, str):
            return [answer.strip().lower().rstrip(").")]
        if isinstance(answer, (set, frozenset, list, tuple)) and all(isinstance(a, str) for a in answer):
            return [a.strip().lower().rstrip(").") for a in answer]
        return None

    def _evaluate(self, answer, seed):
        if answer is None or (isinstance(answer, (set, frozenset, list, tuple)) and not answer):
            return self._outcome(NotAttempted, M.NOT_ATTEMPTED_VALUE.format(name=self.name))
        chosen = self._normalise(answer)
        shape = M.CHOICE_WANT_SET if self.multiple else M.CHOICE_WANT_ONE
        if chosen is None or (not self.multiple and len(chosen) != 1):
            return self._outcome(Incorrect, shape, received=describe(answer))
        letters = list(self.options)
        for c in chosen:
            if c not in self.options:
                close = difflib.get_close_matches(c, letters, n=1)
                return self._outcome(
                    Incorrect, M.CHOICE_UNKNOWN.format(got=repr(c), options=", ".join(letters)),
                    cause=M.CHOICE_UNKNOWN_CAUSE.format(suggestion=repr(close[0])) if close else None)
        chosen_set, right = set(chosen), self._right()
        if chosen_set == right:
            summary = M.CHOICE_RIGHT
            if not self.multiple and self.answer in self.explanations:
                summary = summary + " " + self.explanations[self.answer]
            return self._outcome(Correct, summary, points=self.points)
        wrong = sorted(chosen_set - right)
        points, summary = 0.0, M.CHOICE_WRONG if wrong else M.CHOICE_MISSING
        if self.multiple:  # judged option by option: each right one found earns its share, each wrong one costs one
            found = len(chosen_set & right)
            points = round(self.points * max(0, found - len(wrong)) / len(right), 6)
            summary = summary + " " + M.CHOICE_FOUND.format(found=found, total=len(right))
        if wrong:
            explained = [self.explanations[x] for x in wrong if x in self.explanations]
            cause = (T(*(" ".join(e.render(lang) for e in explained) if lang == "en" else
                         "".join(e.render(lang) for e in explained) for lang in ("en", "zh")))
                     if explained else None)
            return self._outcome(Incorrect, summary, points=points, received=self._chosen(wrong), cause=cause)
        return self._outcome(Incorrect, summary, points=points, received=self._chosen(sorted(chosen_set)))

    def _chosen(self, letters) -> T:
        """The chosen options as a list, one ``a) text`` line each, in both languages."""
        return T(*("\n".join(f"{x}) {self.options[x].render(lang)}" for x in letters) for lang in ("en", "zh")))


_WORD = re.compile(r"[A-Za-z0-9']+|[\u3400-\u9fff]")


@dataclass(kw_only=True, eq=False)
class OpenQuestion(Question):
    """Free text scored by a person.

    Parameters
    ----------
    model_answer : T
        What a strong answer says.
    rubric : sequence of (T, float)
        Criteria and the points each is worth.
    min_words : int
        Fewer words than this (each Chinese character counts as one) is too short to score.
    """

    model_answer: T
    rubric: Sequence[tuple[T, float]] = ()
    min_words: int = 15
    kind: ClassVar[str] = "open"

    def _stub(self) -> str:
        return f'{self.name} = """\n"""'

    def solution_code(self) -> str:
        return f'{self.name} = """\n{self.model_answer.render("en")}\n"""'

    def _evaluate(self, answer, seed):
        if answer is None or (isinstance(answer, str) and not answer.strip()):
            return self._outcome(NotAttempted, M.OPEN_EMPTY.format(name=self.name))
        if not isinstance(answer, str):
            return self._outcome(Incorrect, M.OPEN_WANT_TEXT.format(
                name=self.name, got=describe(answer, show_values=False)))
        words = len(_WORD.findall(answer))
        if words < self.min_words:
            return self._outcome(Incorrect, M.OPEN_TOO_SHORT.format(n_words=counted(words, "word", "个词"),
                                                                    min=self.min_words))
        return self._outcome(Uncheckable, M.OPEN_RECORDED.format(n_words=counted(words, "word", "个词")))
