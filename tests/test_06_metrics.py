"""Notebook 06 (metrics): the shared contract, the references against independent computations,
and every recorded misconception.

The independent sources are scikit-learn (for the confusion matrix, precision, recall and F1)
and first principles written out here (pair counting for ROC-AUC, the step-wise definition of
average precision, a customer-by-customer loop for profits). No expected value is pasted from
a run of the references.
"""

from __future__ import annotations

import importlib
import inspect
import itertools
import math

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support

import grader
from grader import Correct, Incorrect, LearnerCodeRaised
from grader._harvest import _wb_describe
from grader.testing import question_checks

mod = importlib.import_module("grader.exercises.06_metrics")
sol = importlib.import_module("solutions.06_metrics")
EX = grader.load("06")
CODING = [q for q in EX if q.kind in ("function", "value", "estimator")]
MISCONCEPTIONS = [(q, m) for q in CODING for m in q.misconceptions]
RNG_SEEDS = range(12)
#: the `unpacks_small_matrix` misconception calls confusion_matrix on a single class, which warns
pytestmark = pytest.mark.filterwarnings("ignore:A single label was found:UserWarning")


def _ids(pairs):
    return [f"{q.short}-{m.name}" for q, m in pairs]


def wrong_code(m):
    """A misconception as code: its ``fn``, or the private ``_<name>`` for a detector."""
    return m.fn if m.fn is not None else getattr(mod, f"_{m.name}")


def random_labels(seed, n=60, rate=0.25):
    rng = np.random.default_rng(seed)
    return rng.random(n) < rate, rng.random(n) < rate


# --- the declarations ------------------------------------------------------------------
def test_the_notebook_has_enough_auto_graded_questions_of_each_kind():
    kinds = [q.kind for q in EX]
    assert sum(k in ("function", "value", "choice", "estimator") for k in kinds) >= 5
    assert "estimator" in kinds and "open" in kinds
    assert all(q.id.startswith("mt.") for q in EX)
    for q in CODING:
        assert len(q.misconceptions) >= 2, q.id


CONTRACT = question_checks("06")


@pytest.mark.parametrize(("question", "check"), [(q, c) for _, q, c in CONTRACT],
                         ids=[i for i, _, _ in CONTRACT])
def test_question_contract(question, check):
    """The shared contract: reference passes (public and hidden), stub NotAttempted, ..."""
    check(question)


@pytest.mark.parametrize(("q", "m"), MISCONCEPTIONS, ids=_ids(MISCONCEPTIONS))
def test_each_misconception_is_named_as_the_cause(q, m):
    answer = wrong_code(m)
    if q.kind == "value":
        answer = answer(*q.inputs())
    elif q.kind == "estimator":
        answer = answer()
    outcome = q.evaluate(answer)
    assert isinstance(outcome, (Incorrect, LearnerCodeRaised)), str(outcome)
    assert outcome.cause == m.message, str(outcome)


HIDDEN = [(q, m) for q, m in MISCONCEPTIONS if q.kind != "value"]


@pytest.mark.parametrize(("q", "m"), HIDDEN, ids=_ids(HIDDEN))
def test_each_misconception_is_also_named_on_a_hidden_case(q, m):
    answer = wrong_code(m)() if q.kind == "estimator" else wrong_code(m)
    outcome = q.evaluate(answer, seed=2024)
    assert isinstance(outcome, (Incorrect, LearnerCodeRaised)), str(outcome)
    assert outcome.cause == m.message and outcome.expected is None, str(outcome)


@pytest.mark.parametrize(("q", "m"), [(q, m) for q, m in MISCONCEPTIONS if q.kind == "function"],
                         ids=_ids([(q, m) for q, m in MISCONCEPTIONS if q.kind == "function"]))
def test_each_function_misconception_has_the_reference_signature(q, m):
    code = wrong_code(m)
    assert list(inspect.signature(code).parameters) == list(inspect.signature(q.reference).parameters)
    assert code.__name__ == f"_{m.name}"


@pytest.mark.parametrize("q", CODING, ids=lambda q: q.short)
def test_misconception_messages_are_distinct_in_both_languages(q):
    for lang in ("en", "zh"):
        texts = [m.message.render(lang) for m in q.misconceptions]
        assert len(set(texts)) == len(texts)


def test_public_case_labels_are_bilingual():
    for q in EX:
        for case in getattr(q, "case_list", lambda: [])():
            assert case.label.en.strip() and case.label.zh.strip()


# --- confusion counts against scikit-learn ---------------------------------------------
@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_confusion_counts_match_scikit_learn(seed):
    y, pred = random_labels(seed)
    tn, fp, fn, tp = confusion_matrix(y, pred, labels=[False, True]).ravel()
    assert sol.confusion_counts(y, pred) == {"tp": tp, "fp": fp, "fn": fn, "tn": tn}


def test_confusion_counts_accept_ints_and_series_and_a_missing_class():
    got = sol.confusion_counts(pd.Series([False] * 4), np.zeros(4, dtype=int))
    assert got == {"tp": 0, "fp": 0, "fn": 0, "tn": 4}
    got = sol.confusion_counts([1, 1, 1], [1, 0, 1])
    assert got == {"tp": 2, "fp": 0, "fn": 1, "tn": 0}
    assert all(type(v) is int for v in got.values())


# --- precision, recall, F1 against scikit-learn ----------------------------------------
def _sklearn_prf(y, pred):
    p, r, f, _ = precision_recall_fscore_support(y, pred, average="binary", zero_division=0)
    return {"precision": p, "recall": r, "f1": f}


EDGE_PAIRS = {
    "nobody_flagged": ([1, 0, 1, 0], [0, 0, 0, 0]),
    "no_positive": ([0, 0, 0], [1, 0, 1]),
    "all_negative_nobody_flagged": ([0, 0, 0], [0, 0, 0]),
    "perfect": ([1, 0, 1], [1, 0, 1]),
    "everyone_flagged": ([1, 0, 0, 0, 0], [1, 1, 1, 1, 1]),
}


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_precision_recall_f1_match_scikit_learn(seed):
    y, pred = random_labels(seed, n=40, rate=0.2)
    got, want = sol.precision_recall_f1(y, pred), _sklearn_prf(y, pred)
    assert got.keys() == want.keys()
    for key in want:
        assert math.isclose(got[key], want[key], abs_tol=1e-12), key


@pytest.mark.parametrize("name", list(EDGE_PAIRS))
def test_precision_recall_f1_edge_cases_follow_zero_division_0(name):
    import warnings

    y, pred = EDGE_PAIRS[name]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the reference itself never warns or divides by zero
        got = sol.precision_recall_f1(y, pred)
    want = _sklearn_prf(y, pred)
    for key in want:
        assert math.isclose(got[key], want[key], abs_tol=1e-12), (name, key)


def test_f1_of_flagging_everyone_is_the_harmonic_not_the_arithmetic_mean():
    y, pred = EDGE_PAIRS["everyone_flagged"]  # precision 1/5, recall 1
    got = sol.precision_recall_f1(y, pred)
    assert math.isclose(got["f1"], 2 * 0.2 * 1.0 / 1.2)
    assert math.isclose(got["f1"], f1_score(y, pred))


# --- ROC-AUC and PR-AUC from first principles -----------------------------------------
def roc_auc_by_pairs(y, score):
    """The share of (positive, negative) pairs ranked correctly, ties counting one half."""
    pos = [s for s, t in zip(score, y, strict=True) if t]
    neg = [s for s, t in zip(score, y, strict=True) if not t]
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p, n in itertools.product(pos, neg))
    return wins / (len(pos) * len(neg))


def average_precision_by_definition(y, score):
    """Σ over distinct thresholds (highest first) of (recall gained) × precision at that threshold."""
    y, score = np.asarray(y).astype(bool), np.asarray(score, dtype=float)
    total, ap, previous_recall = y.sum(), 0.0, 0.0
    for t in sorted(set(score.tolist()), reverse=True):
        contacted = score >= t
        tp = (y & contacted).sum()
        recall = tp / total
        ap += (recall - previous_recall) * tp / contacted.sum()
        previous_recall = recall
    return ap


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_ranking_metrics_match_first_principles(seed):
    rng = np.random.default_rng(seed)
    y = rng.random(50) < 0.2
    y[:2] = [True, False]
    p = np.round(np.clip(0.3 * y + rng.random(50) * 0.7, 0, 1), 1)  # rounded: many ties
    got = sol.ranking_metrics(y, np.column_stack([1 - p, p]))
    assert math.isclose(got["roc_auc"], roc_auc_by_pairs(y, p), rel_tol=1e-12)
    assert math.isclose(got["pr_auc"], average_precision_by_definition(y, p), rel_tol=1e-12)
    assert math.isclose(got["base_rate"], y.mean())


def test_ranking_metrics_of_a_perfect_and_a_reversed_ranking():
    y = np.array([0, 0, 0, 1, 1])
    p = np.array([0.1, 0.2, 0.3, 0.8, 0.9])
    perfect = sol.ranking_metrics(y, np.column_stack([1 - p, p]))
    assert perfect == {"roc_auc": 1.0, "pr_auc": 1.0, "base_rate": 0.4}
    reversed_ = sol.ranking_metrics(y, np.column_stack([p, 1 - p]))
    assert reversed_["roc_auc"] == 0.0
    # reversed: the positives come 4th and 5th, AP = 1/2 × 1/4 + 1/2 × 2/5
    assert math.isclose(reversed_["pr_auc"], 0.5 * 0.25 + 0.5 * 0.4)


def test_the_negative_column_gives_one_minus_the_roc_auc():
    q = EX.ranking
    y, proba = q.case_list()[1].args
    right, wrong = sol.ranking_metrics(y, proba), mod._negative_column(y, proba)
    assert math.isclose(wrong["roc_auc"], 1 - right["roc_auc"])


# --- gains and lift --------------------------------------------------------------------
def test_gains_table_by_hand():
    # ranked by score: y = 1, 0, 1 | 0, 0, 1 | 0, 0, 1 | 0, 0, 0 (four groups of three)
    y = [1, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0]
    s = [0.91, 0.85, 0.80, 0.33, 0.72, 0.64, 0.15, 0.58, 0.49, 0.40, 0.05, 0.22]
    got = sol.gains_table(y, s, bins=4)
    assert list(got.columns) == ["bin", "customers", "positives", "cum_customers_share",
                                 "cum_gain", "lift"]
    assert got["bin"].tolist() == [1, 2, 3, 4]
    assert got["customers"].tolist() == [3, 3, 3, 3]
    assert got["positives"].tolist() == [2, 1, 1, 0]
    np.testing.assert_allclose(got["cum_customers_share"], [1 / 4, 2 / 4, 3 / 4, 1])
    np.testing.assert_allclose(got["cum_gain"], [2 / 4, 3 / 4, 4 / 4, 1])
    np.testing.assert_allclose(got["lift"], [2.0, 1.5, 4 / 3, 1.0])


def test_gains_table_keeps_input_order_among_equal_scores_and_uneven_groups():
    # all scores equal: the groups are the input order, sizes 4, 3, 3
    y = [1, 1, 0, 0, 0, 0, 0, 0, 0, 1]
    got = sol.gains_table(y, [1.0] * 10, bins=3)
    assert got["customers"].tolist() == [4, 3, 3]
    assert got["positives"].tolist() == [2, 0, 1]


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_gains_table_invariants(seed):
    rng = np.random.default_rng(seed)
    y = rng.random(97) < 0.3
    y[0] = True
    got = sol.gains_table(y, rng.random(97), bins=10)
    assert got["customers"].sum() == 97 and got["positives"].sum() == y.sum()
    assert got["customers"].max() - got["customers"].min() <= 1
    assert np.all(np.diff(got["cum_gain"]) >= 0)
    assert math.isclose(got["cum_gain"].iloc[-1], 1.0) and math.isclose(got["lift"].iloc[-1], 1.0)


# --- profit ----------------------------------------------------------------------------
def profit_by_loop(y, p, threshold, value, cost):
    total = 0.0
    for label, score in zip(y, p, strict=True):
        if score >= threshold:
            total += (value if label else 0.0) - cost
    return total


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_campaign_profit_matches_a_customer_by_customer_loop(seed):
    rng = np.random.default_rng(seed)
    y = rng.random(30) < 0.3
    p = np.round(rng.random(30), 1)
    threshold = float(p[seed % 30])
    assert math.isclose(sol.campaign_profit(y, p, threshold, 60.0, 20.0),
                        profit_by_loop(y, p, threshold, 60.0, 20.0))


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_best_threshold_is_the_best_of_all_candidates(seed):
    rng = np.random.default_rng(seed)
    y = rng.random(40) < 0.25
    p = np.round(np.clip(0.4 * y + 0.6 * rng.random(40), 0, 1), 2)
    value, cost = [(60.0, 20.0), (100.0, 15.0), (30.0, 20.0)][seed % 3]
    got = sol.best_threshold(y, p, value, cost)
    profits = {t: profit_by_loop(y, p, t, value, cost) for t in set(p.tolist())}
    profits[math.inf] = 0.0
    best = max(profits.values())
    assert math.isclose(got["profit"], best)
    assert got["threshold"] == max(t for t, v in profits.items() if v == best)


def test_best_threshold_recommends_no_campaign_when_every_contact_loses():
    got = sol.best_threshold([1, 0, 1], [0.9, 0.5, 0.2], value=10.0, cost=20.0)
    assert got == {"threshold": math.inf, "profit": 0.0}
    assert sol.campaign_profit([1, 0, 1], [0.9, 0.5, 0.2], got["threshold"], 10.0, 20.0) == 0.0


def test_holdout_profit_chooses_on_training_and_measures_on_test():
    y_train, p_train = [1, 0, 1, 0], [0.9, 0.6, 0.4, 0.2]
    # training: thresholds 0.9, 0.6, 0.4, 0.2 earn 40, 20, 60, 40 -> 0.4
    y_test, p_test = [1, 0, 0, 1], [0.5, 0.45, 0.3, 0.35]
    # test at 0.4: contacts 0.5 (high value) and 0.45 -> 60 - 2 × 20
    assert sol.holdout_profit(y_train, p_train, y_test, p_test, 60.0, 20.0) == 20.0


def test_honest_profit_is_below_the_test_tuned_profit_on_the_notebook_data():
    inputs = EX.honest_profit.inputs()
    honest = sol.holdout_profit(*inputs)
    assert honest <= mod._tuned_on_test(*inputs)
    assert honest > mod._default_threshold_profit(*inputs)


# --- the model question ----------------------------------------------------------------
def test_reference_model_is_an_unfitted_f1_tuned_threshold_classifier():
    from sklearn.model_selection import TunedThresholdClassifierCV
    from sklearn.utils.validation import check_is_fitted

    model = sol.threshold_tuned_model()
    assert isinstance(model, TunedThresholdClassifierCV) and model.scoring == "f1"
    with pytest.raises(Exception, match="not fitted"):
        check_is_fitted(model)


def test_the_tuned_threshold_is_below_one_half_and_beats_the_default_on_test():
    X_train, y_train, X_test, y_test = EX.tuned_model.case_list()[0].args
    tuned = sol.threshold_tuned_model().fit(X_train, y_train)
    plain = mod._simple_model().fit(X_train, y_train)
    assert tuned.best_threshold_ < 0.5
    assert f1_score(y_test, tuned.predict(X_test)) > f1_score(y_test, plain.predict(X_test)) + 0.04


def _balanced_logistic():
    from sklearn.linear_model import LogisticRegression

    model = mod._simple_model()
    return model.set_params(logisticregression=LogisticRegression(solver="newton-cholesky",
                                                                  class_weight="balanced"))


def _tuned_with_class_weights():
    from sklearn.model_selection import TunedThresholdClassifierCV

    return TunedThresholdClassifierCV(_balanced_logistic(), scoring="f1", cv=3, thresholds=10)


@pytest.mark.parametrize("make", [sol.threshold_tuned_model, _tuned_with_class_weights],
                         ids=["reference", "tuned_and_class_weighted"])
def test_design_rules_leave_sound_models_alone(make):
    case = EX.tuned_model.case_list()[0]
    description = _wb_describe(make())
    for m in EX.tuned_model.misconceptions:
        assert m.design is None or not m.design(description, case), m.name
    assert isinstance(EX.tuned_model.evaluate(make()), Correct)


def test_prefit_is_named_before_any_fit():
    from sklearn.model_selection import TunedThresholdClassifierCV

    answer = TunedThresholdClassifierCV(mod._simple_model(), scoring="f1", cv="prefit", refit=False)
    outcome = EX.tuned_model.evaluate(answer)
    message = next(m.message for m in EX.tuned_model.misconceptions if m.name == "tuned_on_training_fit")
    assert isinstance(outcome, Incorrect) and outcome.cause == message, str(outcome)


def test_a_class_weighted_model_without_a_tuned_threshold_is_told_to_tune_it():
    outcome = EX.tuned_model.evaluate(_balanced_logistic())
    message = next(m.message for m in EX.tuned_model.misconceptions if m.name == "default_threshold")
    assert isinstance(outcome, Incorrect) and outcome.cause == message, str(outcome)


# --- the choice --------------------------------------------------------------------------
def test_the_rare_label_choice_explains_every_wrong_option():
    q = EX.auc_choice
    assert q.answer == sol.AUC_CHOICE
    assert set(q.explanations) == set(q.options)
    for letter in set(q.options) - {q.answer}:
        assert q.evaluate(letter).cause == q.explanations[letter]


# --- calibration: the reliability table against scikit-learn and pandas -------------------
@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_reliability_table_matches_calibration_curve_and_brier_score_loss(seed):
    from sklearn.calibration import calibration_curve
    from sklearn.metrics import brier_score_loss

    rng = np.random.default_rng(seed)
    p = rng.beta(1, 3, size=200)
    p[:6] = [0.0, 0.1, 0.3, 0.5, 0.7, 1.0]  # values on the edges
    y = rng.random(200) < p
    got = sol.reliability_table(y, p)
    table = got["table"]
    assert len(table) == 10 and table["customers"].sum() == 200
    filled = table[table["customers"] > 0]
    observed, predicted = calibration_curve(y, p, n_bins=10)  # drops empty bins
    np.testing.assert_allclose(filled["observed_rate"], observed, rtol=1e-12)
    np.testing.assert_allclose(filled["mean_predicted"], predicted, rtol=1e-12)
    assert math.isclose(got["brier"], brier_score_loss(y, p), rel_tol=1e-12)


def test_reliability_bins_follow_pd_cut_closed_on_the_right():
    p = np.array([0.0, 0.1, 0.1000001, 0.3, 0.3, 0.55, 0.9, 1.0])
    y = np.array([0, 1, 0, 1, 0, 1, 1, 1])
    got = sol.reliability_table(y, p)["table"]
    edges = np.linspace(0, 1, 11)
    codes = pd.cut(p, edges, include_lowest=True, labels=False) + 1
    want = pd.Series(codes).value_counts().reindex(range(1, 11), fill_value=0)
    assert got["customers"].tolist() == want.tolist()
    # by hand: 0 and 0.1 in bin 1, 0.1000001 in bin 2, both 0.3 in bin 3, 1.0 in bin 10
    assert got["customers"].tolist() == [2, 1, 2, 0, 0, 1, 0, 0, 1, 1]
    assert got.loc[2, "observed_rate"] == 0.5 and math.isclose(got.loc[2, "mean_predicted"], 0.3)
    assert got.loc[3, ["mean_predicted", "observed_rate"]].isna().all()
    np.testing.assert_allclose(got["lower"], edges[:-1])
    np.testing.assert_allclose(got["upper"], edges[1:])


def test_brier_of_a_constant_base_rate_forecast_is_p_times_one_minus_p():
    y = np.array([1] * 20 + [0] * 80)
    got = sol.reliability_table(y, np.full(100, 0.2))
    assert math.isclose(got["brier"], 0.2 * 0.8)
    assert got["table"]["customers"].tolist() == [0, 100] + [0] * 8


# --- precision and recall at k: a loop over customers, ties by input order ---------------
def at_k_by_loop(y, scores, k):
    ranked = sorted(range(len(y)), key=lambda i: (-scores[i], i))  # ties: smaller position first
    hits = sum(bool(y[i]) for i in ranked[:k])
    positives = sum(bool(v) for v in y)
    return hits / k, hits / positives if positives else 0.0


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_precision_recall_at_k_matches_a_loop(seed):
    rng = np.random.default_rng(seed)
    y = (rng.random(80) < 0.25).tolist()
    scores = rng.integers(1, 8, size=80).astype(float).tolist()  # many ties
    k = int(rng.integers(1, 81))
    got = sol.precision_recall_at_k(y, scores, k)
    precision, recall = at_k_by_loop(y, scores, k)
    assert math.isclose(got["precision"], precision) and math.isclose(got["recall"], recall)


def test_precision_recall_at_k_by_hand():
    y, s = [1, 0, 0, 1, 1, 0], [0.9, 0.8, 0.8, 0.8, 0.6, 0.1]
    # k = 3 takes positions 0, 1, 2 (the tie at 0.8 keeps input order): 1 hit of 3 positives
    assert sol.precision_recall_at_k(y, s, 3) == {"precision": 1 / 3, "recall": 1 / 3}
    assert sol.precision_recall_at_k(y, s, 6) == {"precision": 0.5, "recall": 1.0}
    assert sol.precision_recall_at_k([0, 0], [0.2, 0.1], 1) == {"precision": 0.0, "recall": 0.0}


def test_precision_at_k_of_everyone_is_the_base_rate():
    from sklearn.metrics import precision_score

    y, pred = random_labels(3, n=50)
    got = sol.precision_recall_at_k(y, pred.astype(float), 50)
    assert math.isclose(got["precision"], precision_score(y, np.ones(50, dtype=bool)))
    assert got["recall"] == 1.0


# --- uplift by decile: pandas groupby on an independent group assignment ----------------
def uplift_by_pandas(scores, treated, spend, bins):
    n = len(scores)
    position = pd.Series(scores).rank(method="first", ascending=False).to_numpy() - 1  # ties: input order
    sizes = [n // bins + (1 if i < n % bins else 0) for i in range(bins)]
    group = np.searchsorted(np.cumsum(sizes), position, side="right") + 1
    frame = pd.DataFrame({"group": group, "treated": treated, "spend": spend})
    means = frame.groupby(["group", "treated"])["spend"].mean().unstack()
    return means.reindex(range(1, bins + 1)).reindex(columns=[True, False])


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_uplift_by_decile_matches_a_pandas_groupby(seed):
    rng = np.random.default_rng(seed)
    n = 157
    scores = rng.integers(1, 20, size=n).astype(float)
    treated = rng.random(n) < 0.5
    spend = rng.gamma(1.0, 100.0, size=n)
    got = sol.uplift_by_decile(scores, treated, spend, bins=10)
    want = uplift_by_pandas(scores, treated, spend, 10)
    np.testing.assert_allclose(got["treated_spend"], want[True], rtol=1e-12)
    np.testing.assert_allclose(got["control_spend"], want[False], rtol=1e-12)
    np.testing.assert_allclose(got["uplift"], want[True] - want[False], rtol=1e-12)
    assert (got["treated"] + got["control"] == got["customers"]).all()
    assert got["customers"].sum() == n


def test_uplift_by_hand_and_a_group_without_control():
    got = sol.uplift_by_decile([0.9, 0.8, 0.3, 0.2], [True, True, True, False], [50.0, 30.0, 30.0, 0.0], bins=2)
    assert math.isnan(got.loc[0, "control_spend"]) and math.isnan(got.loc[0, "uplift"])
    assert got.loc[0, "treated_spend"] == 40.0
    assert got.loc[1, "uplift"] == 30.0


# --- the rare label is notebook 07's rule ---------------------------------------------------
def test_the_rare_label_of_the_ranking_cases_is_notebook_07s_top_share_label():
    nb07 = importlib.import_module("solutions.07_imbalanced")
    scored, _ = mod._scored(2024)
    assert mod._top_share(scored, 0.05).equals(nb07.top_share_label(scored, 0.05))
    t = pd.DataFrame({"customer_id": [3, 1, 2, 4], "future_spend": [50.0, 50.0, 0.0, 10.0]})
    assert mod._top_share(t, 0.25).tolist() == [False, True, False, False]  # tie at 50: smaller id
    assert mod._top_share(t, 1.0).tolist() == [True, True, False, True]  # no spend, no label


def test_the_calibration_choice_explains_every_wrong_option():
    q = EX.calibration_choice
    assert q.answer == sol.CALIBRATION_CHOICE
    assert set(q.explanations) == set(q.options)
    for letter in set(q.options) - {q.answer}:
        assert q.evaluate(letter).cause == q.explanations[letter]


def test_no_learner_facing_text_of_06_says_seed_question():
    for q in EX:
        for text in (q.prompt, q.title, *q.hints):
            assert "seed question" not in text.en.lower() and "种子" not in text.zh, q.id


# --- answers written beside the references: other correct ways, and real-world mistakes ---
def _cause_of(q, name):
    return next(m.message for m in q.misconceptions if m.name == name)


def learner_qcut_bins(y_true, proba, bins=10):
    y, p = np.asarray(y_true, dtype=float), np.asarray(proba, dtype=float)
    codes = pd.qcut(pd.Series(p).rank(method="first"), bins, labels=False) + 1
    frame = pd.DataFrame({"bin": codes, "p": p, "y": y})
    table = frame.groupby("bin").agg(lower=("p", "min"), upper=("p", "max"), customers=("p", "size"),
                                     mean_predicted=("p", "mean"), observed_rate=("y", "mean")).reset_index()
    return {"table": table, "brier": float(np.mean((p - y) ** 2))}


def learner_calibration_curve(y_true, proba, bins=10):
    from sklearn.calibration import calibration_curve

    y, p = np.asarray(y_true, dtype=float), np.asarray(proba, dtype=float)
    edges = np.linspace(0, 1, bins + 1)
    observed, predicted = calibration_curve(y, p, n_bins=bins)
    counts = np.bincount(np.searchsorted(edges[1:-1], p), minlength=bins)
    keep = counts > 0
    table = pd.DataFrame({"bin": np.arange(1, bins + 1)[keep], "lower": edges[:-1][keep],
                          "upper": edges[1:][keep], "customers": counts[keep],
                          "mean_predicted": predicted, "observed_rate": observed})
    return {"table": table, "brier": float(np.mean((p - y) ** 2))}


def learner_pd_cut(y_true, proba, bins=10):
    y, p = np.asarray(y_true, dtype=float), np.asarray(proba, dtype=float)
    edges = np.linspace(0, 1, bins + 1)
    codes = pd.cut(p, edges, include_lowest=True, labels=False) + 1
    frame = pd.DataFrame({"bin": codes, "p": p, "y": y})
    stats = frame.groupby("bin").agg(customers=("p", "size"), mean_predicted=("p", "mean"),
                                     observed_rate=("y", "mean")).reindex(range(1, bins + 1))
    table = pd.DataFrame({"bin": np.arange(1, bins + 1), "lower": edges[:-1], "upper": edges[1:],
                          "customers": stats["customers"].fillna(0).astype(int).to_numpy(),
                          "mean_predicted": stats["mean_predicted"].to_numpy(),
                          "observed_rate": stats["observed_rate"].to_numpy()})
    return {"table": table, "brier": float(np.mean((p - y) ** 2))}


@pytest.mark.parametrize(("answer", "mistake"), [(learner_qcut_bins, "quantile_bins"),
                                                 (learner_calibration_curve, "drops_empty_bins")],
                         ids=["qcut", "calibration_curve"])
def test_real_world_reliability_mistakes_are_named(answer, mistake):
    q = EX.reliability
    for seed in (None, 2024):
        outcome = q.evaluate(answer, seed=seed)
        assert isinstance(outcome, Incorrect) and outcome.cause == _cause_of(q, mistake), str(outcome)


def test_pd_cut_with_include_lowest_is_a_correct_reliability_table():
    assert isinstance(EX.reliability.evaluate(learner_pd_cut), Correct)


def test_nlargest_keep_first_is_a_correct_precision_at_k():
    def learner_nlargest(y_true, scores, k):
        y = pd.Series(np.asarray(y_true).astype(bool))
        top = pd.Series(np.asarray(scores, dtype=float)).nlargest(k, keep="first").index
        return {"precision": y[top].sum() / k, "recall": y[top].sum() / y.sum() if y.sum() else 0.0}

    assert isinstance(EX.at_k.evaluate(learner_nlargest), Correct)
