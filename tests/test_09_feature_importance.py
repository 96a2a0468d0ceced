"""Notebook 09 (feature importance): the shared question contract plus independent checks.

Expectations come from first principles on hand-built inputs: a feature a model never reads
has no permutation importance; a model that memorises a noise column is fooled on its
training rows only; SHAP values of a gradient-boosted model add up to its log-odds; the SHAP
values of a model made of stumps are computed here by hand from the trees' leaves and covers.
Nothing is pasted from a run.
"""

from __future__ import annotations

import importlib
import inspect

import numpy as np
import pandas as pd
import pytest
import shap
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import average_precision_score
from sklearn.tree import DecisionTreeClassifier
from threadpoolctl import threadpool_limits

import grader
from grader.registry import solutions
from grader.testing import question_checks

sol = solutions("09")
mod = importlib.import_module("grader.exercises.09_feature_importance")
EX = grader.load("09")
CHECKS = question_checks("09")
FUNCTIONS = [q for q in EX if q.kind == "function"]
FUNCTION_MISCONCEPTIONS = [(q, m) for q in FUNCTIONS for m in q.misconceptions]


@pytest.fixture(autouse=True, scope="module")
def _one_thread_per_fit():
    """Small fits on a shared machine: OpenMP threads only add waiting, so each fit gets one."""
    with threadpool_limits(limits=1):
        yield


@pytest.mark.parametrize(("question", "check"), [(q, c) for _, q, c in CHECKS],
                         ids=[i for i, _, _ in CHECKS])
def test_question_contract(question, check):
    check(question)


def test_the_notebook_declares_its_questions_in_teaching_order():
    assert [q.short for q in EX] == ["heldout", "beats_noise", "noise_column", "duplicate", "top_driver",
                                     "coefficients", "seed_code", "selection", "marketing"]
    graded = [q for q in EX if q.kind != "open"]
    assert len(graded) >= 5
    assert all(len(q.misconceptions) >= 2 for q in FUNCTIONS)


@pytest.mark.parametrize(("q", "m"), FUNCTION_MISCONCEPTIONS,
                         ids=[f"{q.short}-{m.name}" for q, m in FUNCTION_MISCONCEPTIONS])
def test_each_misconception_is_named_after_its_private_function(q, m):
    assert m.fn is getattr(mod, f"_{m.name}")
    assert list(inspect.signature(m.fn).parameters) == list(inspect.signature(q.reference).parameters)


def test_the_choice_answers_are_not_one_letter():
    letters = [sol.NOISE_RULE, sol.DUPLICATE_RULE, sol.COEFFICIENTS_RULE]
    assert len(set(letters)) == len(letters)


# --- heldout_importance ------------------------------------------------------------------
def _separable(n=400, seed=0):
    """``a`` decides the label exactly; ``b`` is noise."""
    rng = np.random.default_rng(seed)
    X = pd.DataFrame({"a": rng.normal(size=n), "b": rng.normal(size=n)})
    return X, pd.Series(X["a"] > 0.8)


def test_a_feature_the_model_never_reads_has_no_importance():
    X, y = _separable()
    stump = DecisionTreeClassifier(max_depth=1).fit(X.iloc[:200], y.iloc[:200])
    assert stump.tree_.feature[0] == 0  # the stump splits on `a` only
    result = sol.heldout_importance(stump, X.iloc[:200], y.iloc[:200], X.iloc[200:], y.iloc[200:])
    assert list(result.index) == ["a", "b"] and result.name == "importance"
    assert result["b"] == 0.0
    # shuffling `a` leaves the stump's AP near the share of positives (about a fifth), down from
    # its AP on the intact rows (near 1: `a` decides the label); it cannot lose more than it had
    intact = average_precision_score(y.iloc[200:], stump.predict_proba(X.iloc[200:])[:, 1])
    assert intact > 0.8
    assert 0.4 < result["a"] < intact


def test_a_memorised_noise_column_matters_on_training_rows_only():
    rng = np.random.default_rng(1)
    X = pd.DataFrame({"noise": rng.normal(size=600)})
    y = pd.Series(rng.random(600) < 0.3)
    tree = DecisionTreeClassifier(random_state=0).fit(X.iloc[:300], y.iloc[:300])  # memorises every row
    held_out = sol.heldout_importance(tree, X.iloc[:300], y.iloc[:300], X.iloc[300:], y.iloc[300:])
    on_training = sol.heldout_importance(tree, X.iloc[:300], y.iloc[:300], X.iloc[:300], y.iloc[:300])
    assert on_training["noise"] > 0.4  # perfect AP on memorised rows, chance level once shuffled
    assert abs(held_out["noise"]) < 0.1


def test_the_importance_is_reproducible_for_a_seed_and_changes_with_it():
    X, y = _separable(seed=2)
    tree = DecisionTreeClassifier(max_depth=3, random_state=0).fit(X.iloc[:200], y.iloc[:200])
    args = (tree, X.iloc[:200], y.iloc[:200], X.iloc[200:], y.iloc[200:])
    pd.testing.assert_series_equal(sol.heldout_importance(*args, random_state=3),
                                   sol.heldout_importance(*args, random_state=3))
    assert sol.heldout_importance(*args, random_state=3)["a"] != sol.heldout_importance(*args, random_state=4)["a"]


# --- beats_noise -------------------------------------------------------------------------
@pytest.mark.parametrize(("values", "noise", "expected"), [
    ({"recency": 0.10, "random": 0.01, "age": -0.002, "frequency": 0.04}, "random", ["recency", "frequency"]),
    ({"x": 0.2, "noise": 0.2, "y": 0.3}, "noise", ["y"]),  # a tie does not beat the noise
    ({"x": -0.01, "random": -0.03, "y": -0.05}, "random", ["x"]),  # signed, not absolute
    ({"random": 0.5, "x": 0.1}, "random", []),
])
def test_beats_noise_by_hand(values, noise, expected):
    assert sol.beats_noise(pd.Series(values), noise=noise) == expected


# --- top_driver --------------------------------------------------------------------------
def _stump_contributions(model, X):
    """SHAP values of a boosted model of stumps, by hand: each stump adds, to its feature,
    its leaf value for the row minus the cover-weighted mean of its two leaves."""
    phi = pd.DataFrame(0.0, index=X.index, columns=X.columns)
    for tree in model.estimators_[:, 0]:
        t = tree.tree_
        feature, threshold = t.feature[0], t.threshold[0]
        left, right = t.children_left[0], t.children_right[0]
        values, weights = t.value[[left, right], 0, 0], t.weighted_n_node_samples[[left, right]]
        mean = np.average(values, weights=weights)
        leaf = np.where(X.iloc[:, feature] <= threshold, values[0], values[1])
        phi.iloc[:, feature] += model.learning_rate * (leaf - mean)
    return phi


def _stump_model():
    rng = np.random.default_rng(5)
    X = pd.DataFrame({"a": rng.normal(size=500), "b": rng.normal(size=500), "c": rng.normal(size=500)})
    y = pd.Series(X["a"] - 0.8 * X["b"] + 0.3 * X["c"] + rng.normal(size=500) > 0.5)
    model = GradientBoostingClassifier(n_estimators=30, max_depth=1, random_state=0).fit(X, y)
    return model, X


def test_top_driver_of_stumps_matches_shap_values_computed_by_hand():
    model, X = _stump_model()
    rows = X.iloc[:60].set_index(pd.RangeIndex(100, 160))
    phi = _stump_contributions(model, rows)
    expected = phi.abs().idxmax(axis=1)
    assert expected.nunique() > 1  # different customers, different drivers
    result = sol.top_driver(model, rows)
    assert result.name == "top_driver"
    assert result.index.equals(rows.index)
    assert result.tolist() == expected.tolist()


def test_shap_values_add_up_to_the_log_odds():
    model, X = _stump_model()
    explainer = shap.TreeExplainer(model)
    total = np.asarray(explainer.expected_value).ravel()[0] + explainer.shap_values(X).sum(axis=1)
    np.testing.assert_allclose(total, model.decision_function(X), atol=1e-6)
