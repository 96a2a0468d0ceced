"""The contract every question must keep, as plain checks (like scikit-learn's estimator checks).

Each topic's test module runs :func:`question_checks` through ``pytest.mark.parametrize``:
the reference passes on public and hidden cases, every recorded misconception is caught
with its own message, an untouched stub is NotAttempted, answers of the wrong type get a
clean outcome, hidden feedback never shows expected values, and every text a learner reads
exists in English and Chinese. Adding a check is one function and one registration.
"""

from __future__ import annotations

import copy
import json
import math
import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from .i18n import T
from .outcomes import Correct, Incorrect, NotAttempted, Outcome, Uncheckable
from .questions import (
    LEVELS,
    ChoiceQuestion,
    EstimatorQuestion,
    FunctionQuestion,
    OpenQuestion,
    Question,
    ValueQuestion,
)
from .registry import load

__all__ = ["HIDDEN_SEEDS", "graded_in_process", "grading_record", "question_checks"]

#: grading seeds the contract uses for hidden cases
HIDDEN_SEEDS = (11, 2024)
_CJK = re.compile(r"[\u3400-\u9fff]")


def _fail(question: Question, what: str, outcome: Outcome | None = None):
    detail = f"\n{outcome}" if outcome is not None else ""
    raise AssertionError(f"{question.id}: {what}{detail}")


def _reference_answer(q: Question):
    if isinstance(q, FunctionQuestion):
        return q.reference
    if isinstance(q, ValueQuestion):
        return q.expected()
    if isinstance(q, EstimatorQuestion):
        return q.reference()
    if isinstance(q, ChoiceQuestion):
        return set(q.answer) if q.multiple else q.answer
    return q.model_answer.render("en")


def check_reference_passes(q: Question) -> None:
    """The reference answer, and every accepted alternative, is Correct on the public and hidden cases."""
    want = Uncheckable if isinstance(q, OpenQuestion) else Correct
    outcome = q.evaluate(_reference_answer(q))
    if not isinstance(outcome, want):
        _fail(q, f"the reference is not {want.__name__} on the public cases", outcome)
    if isinstance(q, (FunctionQuestion, EstimatorQuestion)):
        for seed in HIDDEN_SEEDS:
            outcome = q.evaluate(_reference_answer(q), seed=seed)
            if not isinstance(outcome, Correct):
                _fail(q, f"the reference fails on hidden seed {seed}", outcome)
    for alternative in getattr(q, "alternatives", ()):  # an accepted convention passes like the reference
        for seed in (None, *HIDDEN_SEEDS):
            outcome = q.evaluate(alternative, seed=seed)
            if not isinstance(outcome, Correct):
                _fail(q, f"the accepted alternative {alternative.__name__} fails (seed {seed})", outcome)


def check_misconceptions_are_caught(q: Question) -> None:
    """Each recorded wrong implementation is Incorrect with *its own* message as the cause."""
    if isinstance(q, FunctionQuestion):
        answers = [(m.name, m.fn, m.message) for m in q.misconceptions if m.fn is not None]
    elif isinstance(q, ValueQuestion):
        answers = [(m.name, m.fn(*q.inputs()), m.message) for m in q.misconceptions if m.fn]
    elif isinstance(q, ChoiceQuestion):
        right = set(q.answer) if q.multiple else {q.answer}
        answers = [(k, ({k} | right) if q.multiple else k, v)
                   for k, v in q.explanations.items() if k not in right]
    else:
        return
    messages = [m for _, _, m in answers]
    if len(set(messages)) != len(messages):
        _fail(q, "two misconceptions share one message")
    for name, answer, message in answers:
        outcome = q.evaluate(answer)
        if not isinstance(outcome, Incorrect):
            _fail(q, f"misconception {name!r} is not Incorrect on the public cases", outcome)
        if outcome.cause != message:
            _fail(q, f"misconception {name!r} is not named as the cause", outcome)


def check_stub_is_not_attempted(q: Question) -> None:
    """The exercise cell's untouched stub, executed as a learner would, is NotAttempted."""
    namespace = {"pd": pd, "np": np}
    stub = q.stub_source().rsplit("\n\n", 1)[0]
    exec(compile(stub, f"<stub of {q.id}>", "exec"), namespace)
    outcome = q.evaluate(namespace[q.name])
    if not isinstance(outcome, NotAttempted):
        _fail(q, "the untouched stub is not NotAttempted", outcome)


def _hostile_answers(q: Question) -> list:
    def returns_none(*args, **kwargs):
        return None

    def raises(*args, **kwargs):
        raise ValueError("learner bug")

    def returns_wrong_frame(*args, **kwargs):
        return pd.DataFrame({"unexpected": [np.nan, 1.0]})

    def returns_list(*args, **kwargs):
        return [1, 2, 3]

    answers = [None, [1, 2], 42, "text", float("nan"), pd.DataFrame({"x": [np.nan]}),
               returns_none, raises, returns_wrong_frame, returns_list]
    if isinstance(q, ValueQuestion):
        answers.remove(None)  # None is the value stub: NotAttempted, checked elsewhere
    return answers


def check_wrong_types_are_clean(q: Question) -> None:
    """None, lists, numbers, text, NaN, wrong frames and broken functions never crash or pass."""
    for answer in _hostile_answers(q):
        outcome = q.evaluate(answer)
        if isinstance(outcome, Correct) or (isinstance(outcome, Uncheckable)
                                            and not isinstance(q, OpenQuestion)):
            _fail(q, f"the hostile answer {answer!r} was not rejected cleanly", outcome)
        text = str(outcome) + outcome._repr_html_() + repr(outcome.to_dict())
        if "Traceback" in text:
            _fail(q, "a traceback leaked into the feedback", outcome)


def check_hidden_feedback_has_no_expected_values(q: Question) -> None:
    """On hidden cases an Incorrect outcome states no expected value."""
    if not isinstance(q, (FunctionQuestion, EstimatorQuestion)):
        return
    wrong = [m.fn for m in getattr(q, "misconceptions", ()) if m.fn is not None]
    for answer in wrong:
        outcome = q.evaluate(answer, seed=HIDDEN_SEEDS[0])
        if outcome.expected is not None:
            _fail(q, "a hidden-case outcome carries an expected value", outcome)
        if outcome.case is not None and outcome.case.en != "a hidden case":
            _fail(q, "a hidden case is described to the learner", outcome)


def _texts(q: Question):
    yield "title", q.title
    yield "prompt", q.prompt
    for i, h in enumerate(q.hints, 1):
        yield f"hint {i}", h
    for m in getattr(q, "misconceptions", ()):
        yield f"misconception {m.name}", m.message
    for k, v in getattr(q, "options", {}).items():
        yield f"option {k}", v
    for k, v in getattr(q, "explanations", {}).items():
        yield f"explanation {k}", v
    for i, f in enumerate(q.follow_ups, 1):
        yield f"follow-up {i}", f
    for rule in q.rules:
        yield f"rule {rule.id}", rule.text


def check_texts_are_bilingual(q: Question) -> None:
    """Title, prompt, hints, options, rules and misconception messages exist in English and Chinese."""
    if not q.hints:
        _fail(q, "has no hints")
    for where, t in _texts(q):
        if not isinstance(t, T) or not t.en.strip() or not t.zh.strip():
            _fail(q, f"{where} lacks English or Chinese text")
        if re.search(r"[A-Za-z]{4,}", re.sub(r"`[^`]*`", "", t.en)) and not _CJK.search(t.zh):
            _fail(q, f"{where}: the Chinese text is not translated")


def grading_record(q: Question, answer, seed: int) -> dict:
    """The record ``workbook grade`` would harvest for ``answer``, made in this process.

    The same :mod:`grader._harvest` functions the grading kernel runs make it, on fresh copies
    of the cases of ``seed`` (the kernel unpickles its own), and it goes through JSON as the
    harvest's file does. Only the transport (a file written in another kernel) is simulated.
    """
    from threadpoolctl import threadpool_limits

    from ._harvest import _wb_estimator_record, _wb_function_record, _wb_value_record

    record = {"id": q.id, "present": True, "type": type(answer).__name__}
    with threadpool_limits(1):  # the grading kernel runs with OMP_NUM_THREADS=1
        if isinstance(q, FunctionQuestion):
            cases = ((copy.deepcopy(c.args), copy.deepcopy(dict(c.kwargs))) for c in q.case_list(seed))
            record.update(_wb_function_record(answer, cases, q.time_limit))
        elif isinstance(q, EstimatorQuestion):
            cases = (copy.deepcopy(tuple(c.args[:3])) for c in q.case_list(seed))
            record.update(_wb_estimator_record(answer, cases, q.probes(), q.time_limit, q.fit_budget))
        else:
            record.update(_wb_value_record(answer))
    return json.loads(json.dumps(record))


def graded_in_process(q: Question, answer, seed: int) -> Outcome:
    """The outcome ``workbook grade`` gives ``answer`` on the hidden cases of ``seed`` (see :func:`grading_record`)."""
    from .grading.judge import judge

    return judge(q, grading_record(q, answer, seed), seed)


def _answers(q: Question) -> list[tuple[str, object]]:
    """(name, answer): the reference, every wrong implementation and every rule's mutant."""
    answers = [("reference", _reference_answer(q))]
    answers += [(f"alternative {a.__name__}", a) for a in getattr(q, "alternatives", ())]
    for m in getattr(q, "misconceptions", ()):
        if m.fn is not None:
            answers.append((f"misconception {m.name}", m.fn(*q.inputs()) if isinstance(q, ValueQuestion) else m.fn))
    for rule in q.rules:
        answers.append((f"rule {rule.id}", rule.answer(q)))
    if isinstance(q, ChoiceQuestion):
        answers += [(f"option {k}", k) for k in q.options]
    return answers


def check_one_judge(q: Question) -> None:
    """``check`` and grading give every known answer the same verdict, points and cause.

    Both judge the cases of one hidden seed: ``check`` through :meth:`Question.evaluate`, grading
    through the record the harvest makes (:func:`graded_in_process`).
    """
    seed = HIDDEN_SEEDS[0]
    for name, answer in _answers(q):
        checked = q.evaluate(answer, seed=seed)
        graded = graded_in_process(q, answer, seed)
        if type(checked) is not type(graded) or not math.isclose(checked.points, graded.points, abs_tol=1e-9):
            _fail(q, f"{name}: check says {type(checked).__name__} ({checked.points:g}), grading says "
                     f"{type(graded).__name__} ({graded.points:g})\n{checked}\n--- grading:", graded)
        if checked.cause != graded.cause:
            _fail(q, f"{name}: check and grading name different causes\n{checked}\n--- grading:", graded)


def check_rules_are_enforced(q: Question) -> None:
    """Every rule's mutant fails in ``check`` (public cases) and in grading (hidden cases).

    Every estimator misconception judged from the record (``design=``, ``permute=``) must be
    exercised by a rule's mutant, and a rule naming a misconception must get its message.
    """
    by_name = {m.name: m for m in getattr(q, "misconceptions", ())}
    if isinstance(q, EstimatorQuestion):
        covered = {r.misconception for r in q.rules}
        missing = [m.name for m in q.misconceptions if m.name not in covered]
        if missing:
            _fail(q, f"misconceptions without a rule and mutant: {missing}")
    for rule in q.rules:
        if rule.misconception and rule.misconception not in by_name:
            _fail(q, f"rule {rule.id!r} names an unknown misconception {rule.misconception!r}")
        if rule.case and isinstance(q, (FunctionQuestion, EstimatorQuestion)) and not any(
                rule.case in str(c.label if isinstance(c.label, str) else c.label.en) for c in q.case_list()):
            _fail(q, f"rule {rule.id!r}: no public case is labelled {rule.case!r}")
        checked = q.evaluate(rule.answer(q))
        if isinstance(checked, Correct):
            _fail(q, f"the mutant of rule {rule.id!r} passes check", checked)
        if rule.misconception and checked.cause != by_name[rule.misconception].message:
            _fail(q, f"the mutant of rule {rule.id!r} is not named by {rule.misconception!r}", checked)
        if rule.case and (checked.case is None or rule.case not in checked.case.en):
            _fail(q, f"the mutant of rule {rule.id!r} is not caught on the case {rule.case!r}", checked)
        graded = graded_in_process(q, rule.answer(q), HIDDEN_SEEDS[0])
        if isinstance(graded, Correct) or graded.points >= q.points:
            _fail(q, f"the mutant of rule {rule.id!r} passes grading", graded)


def check_enough_misconceptions(q: Question) -> None:
    """Every coding question records at least two misconceptions."""
    if isinstance(q, (FunctionQuestion, EstimatorQuestion)) and len(q.misconceptions) < 2:
        _fail(q, f"records {len(q.misconceptions)} misconception(s); at least 2 are required")


def check_level_and_follow_ups(q: Question) -> None:
    """A level (junior, mid or senior) and at least two follow-up questions for the interviewer."""
    if q.level not in LEVELS:
        _fail(q, f"declares no level= (one of {', '.join(LEVELS)}); got {q.level!r}")
    if len(q.follow_ups) < 2:
        _fail(q, f"declares {len(q.follow_ups)} follow-up(s); at least 2 are required, easiest first")
    texts = [f.en for f in q.follow_ups]
    if len(set(texts)) != len(texts) or not all(t.rstrip().endswith(("?", ".")) for t in texts):
        _fail(q, "follow-ups must be distinct questions or requests")


CHECKS: list[Callable[[Question], None]] = [
    check_texts_are_bilingual,
    check_level_and_follow_ups,
    check_enough_misconceptions,
    check_reference_passes,
    check_misconceptions_are_caught,
    check_stub_is_not_attempted,
    check_wrong_types_are_clean,
    check_hidden_feedback_has_no_expected_values,
    check_rules_are_enforced,
    check_one_judge,
]


def question_checks(topic: str) -> list[tuple[str, Question, Callable]]:
    """Every (id, question, check) triple for a notebook's questions.

    Parameters
    ----------
    topic : str
        ``"02"`` or ``"02_feature_engineering"``.

    Returns
    -------
    list of (str, Question, callable)
        Use with ``pytest.mark.parametrize`` and call ``check(question)``.

    Examples
    --------
    >>> ids = [i for i, _, _ in question_checks("00")]
    >>> "start.orders_per_customer-check_reference_passes" in ids
    True
    """
    return [(f"{q.id}-{check.__name__}", q, check) for q in load(topic) for check in CHECKS]
