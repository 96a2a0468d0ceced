"""Judging one question from its harvested record, against reference outputs computed here."""

from __future__ import annotations

from .. import messages as M
from ..compare import type_phrase
from ..i18n import T
from ..outcomes import Incorrect, NotAttempted, Outcome, Uncheckable
from ..questions import EstimatorQuestion, FunctionQuestion, OpenQuestion, Question, score_predictions
from .records import decode, run_from_record

__all__ = ["judge", "outcome_for", "score_predictions"]


# --------------------------------------------------------------------------------------------
# judging one question from its harvested record
# --------------------------------------------------------------------------------------------
def outcome_for(q: Question, cls, summary: T, **fields) -> Outcome:
    return cls(question_id=q.id, title=q.title, summary=summary, points=0.0, max_points=q.points, **fields)


def judge(q: Question, record: dict | None, seed: int) -> Outcome:
    """Judge one question from what the harvest collected in the learner's kernel.

    Parameters
    ----------
    q : Question
    record : dict or None
        The harvest's record of ``q`` (``None``: nothing was collected).
    seed : int
        The grading seed of the hidden cases.

    Returns
    -------
    Outcome
        Worded for a handed-in notebook (never "check again" or ``.solution()``); for an open
        answer, ``received`` holds the answer's text.
    """
    if record is None:
        return outcome_for(q, Uncheckable, M.G_HARVEST_MISSING.format(reason="no record"))
    if "harvest_error" in record:
        return outcome_for(q, Uncheckable, M.G_HARVEST_MISSING.format(reason=record["harvest_error"]))
    if not record.get("present"):
        return outcome_for(q, NotAttempted, M.G_NOT_DEFINED.format(name=q.name))
    if isinstance(q, FunctionQuestion):
        if not record.get("callable"):
            got = type_phrase(str(record["type"]))
            return outcome_for(q, Incorrect, M.G_WANT_FUNCTION.format(name=q.name, got=got))
        if record.get("stub"):
            return outcome_for(q, NotAttempted, M.G_NOT_ATTEMPTED_FUNCTION.format(name=q.name))
        return q.judge_runs([run_from_record(r) for r in record.get("runs", [])], seed)
    if isinstance(q, EstimatorQuestion):
        return q.judge_record(record, seed)
    answer = decode(record.get("value", {"t": "none"}))
    return _handed_in(q, q.evaluate(answer), answer)


def _handed_in(q: Question, outcome: Outcome, answer) -> Outcome:
    """Texts for a handed-in notebook: no "run the cell again", ``check`` or ``.solution()``
    (an exam has none of them, and no notebook can be rerun once graded); an open answer's text
    is kept as what was received, for the person who scores it."""
    if outcome.status == "not_attempted":
        outcome.summary = M.G_NOT_ANSWERED.format(name=q.name)
    elif isinstance(q, OpenQuestion) and outcome.status == "uncheckable" and isinstance(answer, str):
        outcome.summary = M.G_OPEN_RECORDED
        outcome.received = T(answer, answer)
    return outcome

