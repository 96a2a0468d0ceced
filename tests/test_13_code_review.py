"""Notebook 13 (code review): the shared question contract plus independent checks of the answers.

The defects the review questions call defects are reproduced here by running the pull requests'
own lines on tiny frames (they raise what the options say), PR 3's fit count is counted by a
counting estimator inside a real ``GridSearchCV``, and the two "fix it" references are checked
against hand-computed values and against a second implementation (notebook 02's RFM table, a
hand-scaled logistic regression with average precision computed from its definition).
"""

from __future__ import annotations

import importlib
import inspect
import re

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GridSearchCV, ParameterGrid, train_test_split
from threadpoolctl import threadpool_limits

import grader
from grader.registry import solutions
from grader.shop import read_shop
from grader.tables import read_customer_table
from grader.testing import question_checks

sol = solutions("13")
fe = solutions("02")
mod = importlib.import_module("grader.exercises.13_code_review")
EX = grader.load("13")
CHECKS = question_checks("13")
FUNCTIONS = [q for q in EX if q.kind == "function"]
FUNCTION_MISCONCEPTIONS = [(q, m) for q in FUNCTIONS for m in q.misconceptions]


@pytest.fixture(autouse=True, scope="module")
def _one_thread_per_fit():
    """Small fits on a shared machine: OpenMP threads only add waiting."""
    with threadpool_limits(limits=1):
        yield


@pytest.mark.parametrize(("question", "check"), [(q, c) for _, q, c in CHECKS],
                         ids=[i for i, _, _ in CHECKS])
def test_question_contract(question, check):
    check(question)


def test_the_notebook_declares_its_questions_in_teaching_order():
    assert [q.short for q in EX] == ["pr1", "features", "pr2", "pr3", "fits", "pr4", "evaluate", "pr5",
                                     "checklist", "review_comment"]
    graded = [q for q in EX if q.kind != "open"]
    assert len(graded) >= 5 and sum(q.kind == "function" for q in graded) >= 1


@pytest.mark.parametrize(("q", "m"), FUNCTION_MISCONCEPTIONS,
                         ids=[f"{q.short}-{m.name}" for q, m in FUNCTION_MISCONCEPTIONS])
def test_each_misconception_is_named_after_its_private_function(q, m):
    assert m.fn is getattr(mod, f"_{m.name}")
    assert list(inspect.signature(m.fn).parameters) == list(inspect.signature(q.reference).parameters)


def test_every_review_question_has_true_and_false_statements_each_explained():
    for q in EX:
        if q.kind == "choice" and q.multiple:
            right = set(q.answer)
            assert 2 <= len(right) < len(q.options) - 1, q.id
            assert set(q.explanations) == set(q.options), q.id


# --- the pull requests really have the defects the right options name ----------------------
def _code(pr):
    return re.search(r"```python\n(.*)```", pr, re.S).group(1)


def test_pr1_series_aggregates_along_axis_1_raise():
    orders = pd.DataFrame({"order_id": [1, 2], "customer_id": [7, 7], "amount": [10.0, 5.0]})
    with pytest.raises(ValueError):
        orders["amount"].sum(axis=1)
    with pytest.raises(ValueError):
        orders["amount"].mean(axis=1)


def test_pr1_text_dates_and_days_on_a_series_raise():
    text = pd.Series(["2025-06-01 10:00:00", "2025-06-20 12:00:00"])
    with pytest.raises(TypeError):
        pd.Timestamp("2025-07-01") - text
    gaps = pd.Timestamp("2025-07-01") - pd.to_datetime(text)
    with pytest.raises(AttributeError):
        gaps.days  # noqa: B018
    assert gaps.dt.days.tolist() == [29, 10]


def test_pr2_keeps_future_spend_which_ranks_the_label_perfectly():
    table = read_customer_table()
    kept = table.select_dtypes("number").columns
    assert "future_spend" in kept and "customer_id" in kept
    assert roc_auc_score(table["high_value"], table["future_spend"]) == pytest.approx(1.0)
    assert (~table["high_value"]).mean() == pytest.approx(0.8, abs=0.01)  # flagging nobody


class CountingClassifier(ClassifierMixin, BaseEstimator):
    """Predicts the first class; counts every call of ``fit`` (the search runs in-process)."""

    fits = 0

    def __init__(self, n_estimators=100, max_depth=None, min_samples_split=2, min_samples_leaf=1):
        self.n_estimators, self.max_depth = n_estimators, max_depth
        self.min_samples_split, self.min_samples_leaf = min_samples_split, min_samples_leaf

    def fit(self, X, y):
        type(self).fits += 1
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])


def test_pr3_fits_the_forest_407_times():
    grid = {"n_estimators": [100, 200, 300], "max_depth": [10, 20, 30],
            "min_samples_split": [2, 5, 10], "min_samples_leaf": [1, 2, 4]}
    assert str(grid).replace("'", '"') in _code(mod.PR3).replace("\n              ", " ")
    rng = np.random.default_rng(0)
    X, y = pd.DataFrame({"x": rng.normal(size=200)}), pd.Series(rng.random(200) < 0.2)
    CountingClassifier.fits = 0
    search = GridSearchCV(CountingClassifier(), grid, cv=5, scoring="accuracy").fit(X, y)
    search.best_estimator_.fit(X, y)  # the PR's second fit
    assert CountingClassifier.fits == len(ParameterGrid(grid)) * 5 + 2 == 407
    assert EX.fits.options[sol.PR3_FITS].en == "407"


def test_pr4_label_is_read_back_from_a_feature():
    table = read_customer_table()
    label = table["monetary"] >= table["monetary"].quantile(0.8)
    assert "monetary" in sol.FEATURES
    assert roc_auc_score(label, table["monetary"]) == pytest.approx(1.0)


def test_pr5_misses_its_import():
    code = _code(mod.PR5)
    assert "train_test_split(" in code and "import train_test_split" not in code
    with pytest.raises(NameError, match="train_test_split"):
        exec(compile("X_train, X_test = train_test_split([1, 2, 3, 4])", "<pr5>", "exec"), {})


# --- customer_features: by hand, and against notebook 02's RFM table ----------------------
def test_customer_features_on_the_hand_built_export_by_hand():
    out = sol.customer_features(mod._hand_export(), pd.Timestamp("2025-07-01"))
    # customer 7: orders 1 (30.0) and 2 (50.0, repeated once); order 6 is after the snapshot;
    # last order 2025-06-20 12:30 -> 10 days and 11.5 hours before 2025-07-01
    # customer 8: order 3 (12.5) at 23:59 the day before; order 4 is exactly at the snapshot
    # customer 9: only an order after the snapshot -> absent
    expected = pd.DataFrame({"customer_id": [7, 8], "total_spend": [80.0, 12.5], "avg_spend": [40.0, 12.5],
                             "n_orders": [2, 1], "recency": [10, 0]})
    pd.testing.assert_frame_equal(out, expected, check_dtype=False)
    assert out["recency"].dtype.kind == "i"


def test_customer_features_agrees_with_the_rfm_table_of_notebook_02():
    shop = read_shop()
    lines = shop.order_lines[shop.order_lines["customer_id"] <= 400]
    out = sol.customer_features(mod._export(lines, 0), shop.snapshot)
    rfm = fe.rfm_table(lines, shop.snapshot)
    assert out["customer_id"].tolist() == rfm["customer_id"].tolist()
    assert out["n_orders"].tolist() == rfm["frequency"].tolist()
    assert out["recency"].tolist() == rfm["recency"].tolist()


def test_the_export_has_text_dates_repeated_rows_and_missing_coupons():
    shop = read_shop()
    export = mod._export(shop.order_lines[shop.order_lines["customer_id"] <= 400], 0)
    assert not pd.api.types.is_datetime64_any_dtype(export["order_date"])
    assert export["order_id"].duplicated().any()
    assert export["coupon_code"].isna().mean() > 0.3


# --- honest_score: a second implementation ------------------------------------------------
def _average_precision_by_definition(y, scores):
    """Mean over the positives of the precision at each positive's rank (scores have no ties)."""
    order = np.argsort(-scores, kind="stable")
    hits = np.asarray(y)[order].astype(float)
    precision_at_k = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return float((precision_at_k * hits).sum() / hits.sum())


@pytest.mark.parametrize("seed", [0, 5])
def test_honest_score_equals_a_hand_scaled_model_scored_by_definition(seed):
    table = read_customer_table().iloc[:1400]
    X, y = table[sol.FEATURES].to_numpy(float), table["high_value"].to_numpy()
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y, random_state=seed)
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    model = LogisticRegression(max_iter=1000).fit((X_train - mean) / std, y_train)
    scores = model.predict_proba((X_test - mean) / std)[:, 1]
    assert len(np.unique(scores)) == len(scores)
    assert sol.honest_score(table, seed) == pytest.approx(_average_precision_by_definition(y_test, scores), rel=1e-6)


def test_the_label_leak_is_near_perfect_and_the_honest_score_is_not():
    table = read_customer_table().iloc[:1400].reset_index(drop=True)
    assert mod._label_from_monetary(table) > 0.95
    assert sol.honest_score(table) < 0.8


# --- the checklist ---------------------------------------------------------------------------
def test_the_checklist_uses_every_item_and_names_the_defects_of_the_prompt():
    answer = sol.checklist()
    assert set(answer.values()) == {"leakage", "time", "population", "metric", "cost", "reproducibility"}
    assert all(f"`{k}`" in EX.checklist.prompt.en for k in answer)


@pytest.mark.parametrize("seed", [7, 101, 2026])
def test_the_scaler_leak_is_told_apart_on_any_seed(seed):
    """On an ordinary table the leaky scaler can move average precision by 1e-5 or nothing at all (no
    pair of customers swaps places); the constructed case in cents moves it by far more than the tolerance."""
    module = importlib.import_module("grader.exercises.13_code_review")
    cases = list(module.SCORE_FIX.case_list(seed))
    constructed = cases[-1]
    honest = module.sol.honest_score(*constructed.args, **constructed.kwargs)
    leaky = module._scaler_before_split(*constructed.args, **constructed.kwargs)
    assert abs(honest - leaky) > 0.05
    # the constructed table is the first one with at most the held-out quarter's amounts changed
    first, amounts = cases[0].args[0], ["monetary", "avg_order_value"]
    changed = (constructed.args[0][amounts] != first[amounts]).any(axis=1)
    assert 0 < changed.sum() <= round(0.25 * len(first)) + 1
    assert constructed.args[0].drop(columns=amounts).equals(first.drop(columns=amounts))
