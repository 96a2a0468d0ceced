"""Notebook 07 (imbalanced targets): the question contract plus independent checks of the answers.

Expectations are derived here from first principles or from an independent library computation
(scikit-learn's metrics and ``compute_class_weight``, a hand-written cross-validation loop), never
pasted from the references' output.
"""

from __future__ import annotations

import importlib

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import SMOTE
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    balanced_accuracy_score,
    recall_score,
)
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler
from sklearn.utils.class_weight import compute_class_weight

import grader
from grader import Correct, Incorrect, LearnerCodeRaised
from grader._harvest import _wb_describe
from grader.registry import solutions
from grader.tables import read_customer_table, variant_table
from grader.testing import question_checks

sol = solutions("07")
mod = importlib.import_module("grader.exercises.07_imbalanced")
ex = grader.load("07")
CHECKS = question_checks("07")


@pytest.mark.parametrize(("question", "check"), [(q, c) for _, q, c in CHECKS],
                         ids=[i for i, _, _ in CHECKS])
def test_question_contract(question, check):
    check(question)


def _message(question, name):
    return next(m.message for m in question.misconceptions if m.name == name)


# --- the label and the features ------------------------------------------------------------
def test_top_share_label_breaks_ties_by_customer_id_and_needs_positive_spend():
    table = pd.DataFrame({"customer_id": [5, 2, 9, 1, 7, 3, 8, 4, 6, 10],
                          "future_spend": [80.0, 80.0, 80.0, 10.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]})
    # floor(0.2 * 10) = 2 places; three customers tie at 80: ids 2 and 5 win over 9
    assert table.loc[sol.top_share_label(table, 0.2), "customer_id"].tolist() == [5, 2]
    # floor(0.5 * 10) = 5 places, but only four customers spend anything
    assert sol.top_share_label(table, 0.5).sum() == 4
    # the result follows the table's own index and row order
    shuffled = table.sample(frac=1, random_state=1).set_axis(list("abcdefghij"))
    flags = sol.top_share_label(shuffled, 0.2)
    assert list(flags.index) == list("abcdefghij")
    assert sorted(shuffled.loc[flags, "customer_id"]) == [2, 5]


def test_top_share_label_on_the_shipped_table_marks_exactly_five_percent():
    table = read_customer_table()
    flags = sol.top_share_label(table)
    assert flags.sum() == len(table) * 5 // 100
    assert table.loc[flags, "future_spend"].min() >= table.loc[~flags, "future_spend"].max()


def test_model_matrix_is_complete_and_log_scaled():
    table = variant_table(3, 400)
    X = sol.model_matrix(table)
    assert list(X.columns) == sol.FEATURES and X.index.equals(table.index)
    assert not X.isna().any().any()
    assert np.allclose(X["frequency"], np.log(1 + table["frequency"]))
    assert np.allclose(X["monetary"], np.log(1 + table["monetary"].clip(lower=0)))
    assert (X["return_rate"] == table["return_rate"]).all()


# --- 1. majority_baseline ---------------------------------------------------------------
@pytest.mark.parametrize("labels", [[False] * 19 + [True], [0, 1, 1, 0, 0, 0, 0], [1, 1, 1, 0]])
def test_majority_baseline_equals_sklearn_on_a_constant_model(labels):
    y = pd.Series(labels)
    X = np.zeros((len(y), 1))
    negative = False if y.dtype == bool else 0
    nobody = DummyClassifier(strategy="constant", constant=negative).fit(X, y)
    predictions, scores = nobody.predict(X), np.zeros(len(y))
    want = {"accuracy": accuracy_score(y, predictions),
            "balanced_accuracy": balanced_accuracy_score(y, predictions),
            "recall": recall_score(y, predictions, zero_division=0),
            "average_precision": average_precision_score(y, scores)}
    assert sol.majority_baseline(y) == pytest.approx(want)


# --- 2. balanced_class_weights -------------------------------------------------------------
@pytest.mark.parametrize("labels", [[0, 0, 0, 1], [True, False, False, False, False],
                                    ["gold", "bronze", "bronze", "silver", "bronze", "silver"],
                                    [2, 2, 1, 1]])
def test_balanced_class_weights_equal_compute_class_weight(labels):
    y = pd.Series(labels)
    classes = np.unique(y)
    want = dict(zip(classes.tolist(), compute_class_weight("balanced", classes=classes, y=y), strict=True))
    got = sol.balanced_class_weights(y)
    assert list(got) == sorted(want) and got == pytest.approx(want)
    assert all(type(k) in (bool, int, str) for k in got)
    # every class carries the same total weight n / k
    totals = {c: got[c] * (y == c).sum() for c in got}
    assert np.allclose(list(totals.values()), len(y) / len(got))


# --- 3. random_undersample ----------------------------------------------------------------
def _toy(n_neg, n_pos, positive=1):
    index = pd.Index(np.arange(100, 100 + n_neg + n_pos)[::-1], name="customer_id")
    X = pd.DataFrame({"spend": np.arange(n_neg + n_pos, dtype=float)}, index=index)
    y = pd.Series([1 - positive] * n_neg + [positive] * n_pos, index=index).sample(
        frac=1, random_state=0).set_axis(index)
    return X, y


@pytest.mark.parametrize(("n_neg", "n_pos"), [(40, 5), (3, 9), (10, 1)])
def test_random_undersample_keeps_the_minority_and_balances_without_duplicates(n_neg, n_pos):
    X, y = _toy(n_neg, n_pos)
    X_res, y_res = sol.random_undersample(X, y, seed=4)
    minority = 1 if n_pos < n_neg else 0
    assert set(y[y == minority].index) <= set(y_res.index)
    assert y_res.value_counts().tolist() == [min(n_neg, n_pos)] * 2
    assert X_res.index.is_unique and X_res.index.equals(y_res.index)
    positions = X.index.get_indexer(X_res.index)
    assert (np.diff(positions) > 0).all()  # original order
    assert (X_res["spend"] == X.loc[X_res.index, "spend"]).all()


def test_random_undersample_draws_the_specified_majority_rows():
    X, y = _toy(30, 4)
    majority_positions = [i for i, v in enumerate(y) if v == 0]
    drawn = list(np.random.default_rng(11).choice(majority_positions, size=4, replace=False))
    want = sorted(drawn + [i for i, v in enumerate(y) if v == 1])
    X_res, _ = sol.random_undersample(X, y, seed=11)
    assert list(X_res.index) == list(X.index[want])
    assert list(sol.random_undersample(X, y, seed=12)[0].index) != list(X_res.index)


def test_random_undersample_leaves_balanced_data_alone():
    X, y = _toy(6, 6)
    X_res, y_res = sol.random_undersample(X, y)
    assert X_res.equals(X) and y_res.equals(y) and X_res is not X


def test_assumes_positive_minority_is_named():
    def positive_is_minority(X, y, seed=0):
        rng = np.random.default_rng(seed)
        positives, negatives = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
        rows = np.sort(np.concatenate([positives, rng.choice(negatives, len(positives), replace=False)]))
        return X.iloc[rows], y.iloc[rows]

    outcome = ex.undersample.evaluate(positive_is_minority)
    assert isinstance(outcome, LearnerCodeRaised)
    assert outcome.cause == _message(ex.undersample, "assumes_positive_minority")


# --- 4. leaky_vs_honest_cv --------------------------------------------------------------
def _rare(seed=5, n=900):
    table = variant_table(seed, n)
    return sol.model_matrix(table), sol.top_share_label(table)


def test_honest_cv_scales_and_resamples_only_the_training_folds():
    X, y = _rare()
    scores = []
    for train, test in StratifiedKFold(n_splits=5, shuffle=True, random_state=2).split(X, y):
        scaler = StandardScaler().fit(X.iloc[train])
        X_tr, y_tr = SMOTE(random_state=2).fit_resample(scaler.transform(X.iloc[train]), y.iloc[train])
        model = LogisticRegression(solver="liblinear").fit(X_tr, y_tr)
        X_te = scaler.transform(X.iloc[test])  # the test fold: scaled with the training fold's scaler, not resampled
        scores.append(average_precision_score(y.iloc[test], model.predict_proba(X_te)[:, 1]))
    got = sol.leaky_vs_honest_cv(X, y, seed=2)
    assert got["honest"] == pytest.approx(np.mean(scores))
    assert got["leaky"] > got["honest"] + 0.2  # the leak is large, not a rounding matter


def test_leaky_cv_scores_a_balanced_resampled_table():
    X, y = _rare()
    X_scaled = pd.DataFrame(StandardScaler().fit_transform(X), columns=X.columns)
    X_res, y_res = SMOTE(random_state=0).fit_resample(X_scaled, y)
    assert y_res.mean() == 0.5
    scores = []
    for train, test in StratifiedKFold(n_splits=5, shuffle=True, random_state=0).split(X_res, y_res):
        model = LogisticRegression(solver="liblinear").fit(X_res.iloc[train], y_res.iloc[train])
        scores.append(average_precision_score(y_res.iloc[test], model.predict_proba(X_res.iloc[test])[:, 1]))
    assert sol.leaky_vs_honest_cv(X, y)["leaky"] == pytest.approx(np.mean(scores))


def test_smote_without_a_scaler_is_named():
    X, y = _rare()
    plain, scaled = mod._no_scaler(X, y, 1), sol.leaky_vs_honest_cv(X, y, 1)
    assert plain != pytest.approx(scaled, rel=1e-6)  # the scaler changes SMOTE's neighbours
    outcome = ex.leakage.evaluate(mod._no_scaler)
    assert isinstance(outcome, Incorrect) and outcome.cause == _message(ex.leakage, "no_scaler")


def test_sklearn_pipeline_with_a_sampler_is_named():
    from imblearn.over_sampling import SMOTE as Sampler
    from sklearn.model_selection import cross_val_score
    from sklearn.pipeline import make_pipeline

    def with_sklearn_pipeline(X, y, seed=0):
        cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
        X_res, y_res = Sampler(random_state=seed).fit_resample(X, y)
        leaky = cross_val_score(LogisticRegression(solver="liblinear"), X_res, y_res, cv=cv,
                                scoring="average_precision").mean()
        model = make_pipeline(Sampler(random_state=seed), LogisticRegression(solver="liblinear"))
        model.fit(X, y)  # scikit-learn checks the steps when fitting
        honest = cross_val_score(model, X, y, cv=cv, scoring="average_precision").mean()
        return {"leaky": leaky, "honest": honest}

    outcome = ex.leakage.evaluate(with_sklearn_pipeline)
    assert isinstance(outcome, LearnerCodeRaised)
    assert outcome.cause == _message(ex.leakage, "sklearn_pipeline")


# --- 5. undo_prior_shift -------------------------------------------------------------------
def test_undo_prior_shift_by_hand():
    # trained at 50/50, used at 5%: the ratio of prior odds is (0.05 / 0.95) / 1 = 1 / 19
    got = sol.undo_prior_shift(np.array([0.0, 0.5, 0.95, 1.0]), true_rate=0.05, train_rate=0.5)
    # p = 0.5 has odds 1 → 1/19 → probability 1/20; p = 0.95 has odds 19 → 1 → probability 1/2
    np.testing.assert_allclose(got, [0.0, 0.05, 0.5, 1.0], rtol=1e-12)
    assert isinstance(got, np.ndarray) and got.dtype == np.float64
    # equal rates change nothing; the correction is monotone and undone by swapping the rates
    p = np.linspace(0, 1, 11)
    np.testing.assert_allclose(sol.undo_prior_shift(p, 0.3, 0.3), p)
    back = sol.undo_prior_shift(sol.undo_prior_shift(p, 0.05, 0.5), 0.5, 0.05)
    np.testing.assert_allclose(back, p, atol=1e-12)
    assert (np.diff(sol.undo_prior_shift(p, 0.05, 0.5)) > 0).all()


def _posterior(x, rate, mu=1.5):
    """P(y = 1 | x) when x | y ~ Normal(mu * y, 1) and P(y = 1) = rate: Bayes' rule in closed form."""
    log_odds = np.log(rate / (1 - rate)) + mu * x - mu**2 / 2
    return 1 / (1 + np.exp(-log_odds))


def test_undo_prior_shift_recovers_the_true_posterior_of_a_known_model():
    x = np.linspace(-3, 4, 50)
    # the exact posterior of a balanced training set, corrected, is the exact posterior at the real rate
    np.testing.assert_allclose(sol.undo_prior_shift(_posterior(x, 0.5), 0.04, 0.5), _posterior(x, 0.04),
                               rtol=1e-10)
    np.testing.assert_allclose(sol.undo_prior_shift(_posterior(x, 0.02), 0.1, 0.02), _posterior(x, 0.1),
                               rtol=1e-10)


def test_a_model_trained_on_balanced_data_is_corrected_to_the_prevalence():
    rng = np.random.default_rng(0)
    rate, mu = 0.05, 1.5
    y_real = rng.random(40_000) < rate
    x_real = rng.normal(mu * y_real, 1.0)
    # the training set is balanced: as many positives as negatives drawn from the same model
    y_train = np.repeat([True, False], 4000)
    x_train = rng.normal(mu * y_train, 1.0)
    model = LogisticRegression(C=1e6).fit(x_train[:, None], y_train)
    raw = model.predict_proba(x_real[:, None])[:, 1]
    corrected = sol.undo_prior_shift(raw, rate, 0.5)
    assert raw.mean() > 3 * rate  # the balanced model overstates
    assert corrected.mean() == pytest.approx(y_real.mean(), abs=0.005)  # the mean matches the prevalence
    np.testing.assert_allclose(corrected, _posterior(x_real, rate), atol=0.02)  # and so does each probability
    assert np.mean((corrected - y_real) ** 2) < np.mean((raw - y_real) ** 2)  # a better Brier score


@pytest.mark.parametrize("name", ["swapped_rates", "scales_probability", "rates_not_odds", "returns_odds",
                                  "unchanged"])
def test_each_prior_shift_misconception_is_named(name):
    outcome = ex.prior_shift.evaluate(getattr(mod, f"_{name}"))
    assert isinstance(outcome, Incorrect) and outcome.cause == _message(ex.prior_shift, name)


def test_the_odds_route_breaks_at_a_probability_of_one():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isnan(mod._divides_by_one_minus_p(np.array([1.0]), 0.05, 0.5)).all()
    assert sol.undo_prior_shift([1.0], 0.05, 0.5).tolist() == [1.0]


# --- 6. the estimator ---------------------------------------------------------------------
@pytest.mark.parametrize("name", ["constant", "regressor", "no_imbalance_handling"])
def test_model_design_misconceptions_are_named(name):
    from imblearn.pipeline import make_pipeline

    wrong = {"constant": DummyClassifier(strategy="stratified", random_state=0),
             "regressor": make_pipeline(StandardScaler(), LinearRegression()),
             "no_imbalance_handling": make_pipeline(StandardScaler(), LogisticRegression(solver="liblinear")),
             }[name]
    outcome = ex.model.evaluate(wrong)
    assert isinstance(outcome, Incorrect) and outcome.cause == _message(ex.model, name)


def test_model_accepts_class_weights_and_balanced_forests():
    from imblearn.ensemble import BalancedRandomForestClassifier
    from sklearn.pipeline import make_pipeline

    weighted = make_pipeline(StandardScaler(), LogisticRegression(solver="liblinear", class_weight="balanced"))
    forest = BalancedRandomForestClassifier(n_estimators=50, sampling_strategy="all", replacement=True,
                                            bootstrap=False, random_state=0, n_jobs=1)
    for model in (weighted, forest):
        assert isinstance(ex.model.evaluate(model), Correct)


def test_detector_sees_imbalance_handling_anywhere_in_the_model():
    from imblearn.pipeline import make_pipeline
    from imblearn.under_sampling import RandomUnderSampler
    from sklearn.model_selection import TunedThresholdClassifierCV

    plain = make_pipeline(StandardScaler(), LogisticRegression())
    assert mod._no_imbalance_handling(_wb_describe(plain), None)
    for handled in (make_pipeline(StandardScaler(), RandomUnderSampler(), LogisticRegression()),
                    make_pipeline(StandardScaler(), LogisticRegression(class_weight={0: 1, 1: 5})),
                    TunedThresholdClassifierCV(plain, scoring="balanced_accuracy")):
        assert not mod._no_imbalance_handling(_wb_describe(handled), None)


def test_reference_model_resamples_only_while_fitting():
    X, y = _rare()
    model = sol.balanced_model().fit(X, y)
    assert [name for name, _ in model.steps] == ["standardscaler", "smote", "logisticregression"]
    assert len(model.predict(X)) == len(X)  # predict passes every row through, none invented


# --- the choice question -----------------------------------------------------------------
def test_report_metric_explains_every_wrong_option():
    q = ex.report_metric
    assert q.multiple and q.answer == sol.REPORT_METRIC
    for letter in set(q.options) - q.answer:
        outcome = q.evaluate(q.answer | {letter})
        assert isinstance(outcome, Incorrect) and outcome.cause == q.explanations[letter]
    for letter in q.answer:  # one right evaluation alone is not the full report
        assert isinstance(q.evaluate(q.answer - {letter}), Incorrect)
