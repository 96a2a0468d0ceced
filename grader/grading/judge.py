"""Judging one question from its harvested record, against reference outputs computed here."""

from __future__ import annotations

import numpy as np

from .. import messages as M
from ..i18n import T
from ..outcomes import Incorrect, NotAttempted, Outcome, Uncheckable
from ..questions import EstimatorQuestion, FunctionQuestion, OpenQuestion, Question
from ..running import Run
from .records import decode, run_from_record

__all__ = ["judge", "outcome_for", "score_predictions"]


def score_predictions(metric: str, y_true, pred, proba) -> float:
    """Compute a scikit-learn scorer's value from predictions made elsewhere.

    Parameters
    ----------
    metric : str
        A scorer name: ``roc_auc``, ``average_precision``, ``neg_log_loss``, ``accuracy``,
        ``balanced_accuracy``, ``f1``, ``precision``, ``recall``.
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
    from sklearn import metrics

    y_true = np.asarray(y_true)
    by_proba = {"roc_auc": metrics.roc_auc_score, "average_precision": metrics.average_precision_score,
                "neg_log_loss": lambda y, p: -metrics.log_loss(y, p)}
    by_pred = {"accuracy": metrics.accuracy_score, "balanced_accuracy": metrics.balanced_accuracy_score,
               "f1": metrics.f1_score, "precision": metrics.precision_score, "recall": metrics.recall_score}
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
            return outcome_for(q, Incorrect, M.G_WANT_FUNCTION.format(name=q.name, got=T(f"a {record['type']}")))
        if record.get("stub"):
            return outcome_for(q, NotAttempted, M.G_NOT_ATTEMPTED_FUNCTION.format(name=q.name))
        return q.judge_runs([run_from_record(r) for r in record.get("runs", [])], seed)
    if isinstance(q, EstimatorQuestion):
        if record.get("type") == "NoneType":
            return outcome_for(q, NotAttempted, M.NOT_ATTEMPTED_VALUE.format(name=q.name))
        if not record.get("estimator"):
            return outcome_for(q, Incorrect, M.G_ESTIMATOR_NOT.format(name=q.name, got=record["type"]))
        runs, design = [], []
        for i, r in enumerate(record.get("runs", [])):
            run, problem = run_from_record({k: v for k, v in r.items() if k != "value"}), None
            if "value" in r:
                value = r["value"] if isinstance(r["value"], dict) else {}
                y_test = q.case_list(seed)[i].args[3]
                if value.get("proba") is not None:
                    problem = q.probe_problem(i, seed, value["proba"], value.get("probes") or [])
                try:
                    run = Run(value=score_predictions(q.metric, y_test, value.get("pred", []), value.get("proba")))
                except Exception as exc:
                    run = Run(error=ValueError(str(exc)))
            runs.append(run)
            design.append(problem)
        return q.judge_scores(runs, seed, design)
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

