"""Notebook 08 (tuning): the shared question contract plus independent checks of the answers.

Expectations come from first principles on hand-built inputs or from scikit-learn itself
(fits counted by a counting estimator, the rounds a fitted ``HalvingGridSearchCV`` ran, a
search's own ``best_params_``, a hand-written nested loop), never from pasted outputs.
"""

from __future__ import annotations

import importlib
import inspect

import numpy as np
import pandas as pd
import pytest
from scipy.stats import loguniform, randint
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.metrics import get_scorer
from sklearn.model_selection import (
    GridSearchCV,
    HalvingGridSearchCV,
    HalvingRandomSearchCV,
    KFold,
    ParameterGrid,
    RandomizedSearchCV,
    StratifiedKFold,
)
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

import grader
from grader import Incorrect, design
from grader._harvest import _wb_describe
from grader.registry import solutions
from grader.testing import HIDDEN_SEEDS, question_checks

sol = solutions("08")
mod = importlib.import_module("grader.exercises.08_tuning")
EX = grader.load("08")
CHECKS = question_checks("08")
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
    assert [q.short for q in EX] == ["n_fits", "halving", "best_params", "scoring", "refit", "report",
                                     "nested", "search", "seed_review", "budget"]
    graded = [q for q in EX if q.kind != "open"]
    assert len(graded) >= 5 and any(q.kind == "estimator" for q in graded)


@pytest.mark.parametrize(("q", "m"), FUNCTION_MISCONCEPTIONS,
                         ids=[f"{q.short}-{m.name}" for q, m in FUNCTION_MISCONCEPTIONS])
def test_each_misconception_is_named_after_its_private_function(q, m):
    assert m.fn is getattr(mod, f"_{m.name}")
    assert list(inspect.signature(m.fn).parameters) == list(inspect.signature(q.reference).parameters)


# --- n_fits: counted by scikit-learn itself --------------------------------------------
class CountingClassifier(ClassifierMixin, BaseEstimator):
    """Predicts the first class; counts every call of ``fit`` (searches run in-process)."""

    fits = 0

    def __init__(self, a=0, b=0, c=0):
        self.a, self.b, self.c = a, b, c

    def fit(self, X, y):
        type(self).fits += 1
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])


def _toy_data(n=600, seed=0):
    rng = np.random.default_rng(seed)
    X = pd.DataFrame({"x": rng.normal(size=n)})
    y = pd.Series(X["x"] + rng.normal(size=n) > 1.0)
    return X, y


def _fits_of(search, X, y):
    CountingClassifier.fits = 0
    search.fit(X, y)
    return CountingClassifier.fits


@pytest.mark.parametrize(("grid", "cv", "refit"), [
    ({"a": [1, 2, 3], "b": [1, 2]}, 3, True),
    ([{"a": [1, 2]}, {"b": [1, 2, 3], "c": [0, 1]}], 4, True),
    ({"a": [1, 2, 3, 4]}, 2, False),
    ({}, 5, True),
])
def test_n_fits_counts_what_grid_search_fits(grid, cv, refit):
    X, y = _toy_data()
    search = GridSearchCV(CountingClassifier(), grid, cv=cv, refit=refit)
    assert sol.n_fits(grid, cv, refit) == _fits_of(search, X, y)


def test_n_fits_of_the_seed_grid_by_hand():
    assert len(ParameterGrid(sol.SEED_PARAM_GRID)) == 3 ** 4
    assert sol.n_fits(sol.SEED_PARAM_GRID, sol.SEED_CV) == 81 * 5 + 1


# --- halving_schedule: the rounds a fitted halving search ran -----------------------------
@pytest.mark.parametrize(("n_candidates", "n_samples", "min_resources", "factor"), [
    (81, 600, 20, 3),   # the rows run out first
    (10, 2000, 50, 3),  # survivors round up: 10, 4, 2
    (30, 1000, 100, 2),
    (2, 500, 40, 3),    # one round
    (26, 900, 30, 3),
    (7, 700, 25, 4),
])
def test_halving_schedule_matches_halving_grid_search(n_candidates, n_samples, min_resources, factor):
    X, y = _toy_data(n_samples)
    search = HalvingGridSearchCV(CountingClassifier(), {"a": list(range(n_candidates))}, factor=factor,
                                 min_resources=min_resources, cv=3, random_state=0)
    fits = _fits_of(search, X, y)
    got = sol.halving_schedule(n_candidates, n_samples, min_resources, factor)
    assert got["iter"].tolist() == list(range(len(search.n_candidates_)))
    assert got["n_candidates"].tolist() == list(search.n_candidates_)
    assert got["n_resources"].tolist() == list(search.n_resources_)
    assert got.dtypes.eq("int64").all()
    assert fits == 3 * got["n_candidates"].sum() + 1


def test_halving_schedule_by_hand():
    # 10 candidates, factor 3: keep ceil(10/3) = 4, then ceil(4/3) = 2; 3**3 = 27 > 10 stops
    got = sol.halving_schedule(10, 2000, 50)
    assert got.to_dict("list") == {"iter": [0, 1, 2], "n_candidates": [10, 4, 2],
                                   "n_resources": [50, 150, 450]}


def test_at_an_exact_power_scikit_learn_may_stop_one_round_earlier():
    """What the docstring, the prompt and the notebook warn about: floating-point logarithms."""
    import math

    assert math.floor(math.log(243, 3)) == 4 < 5  # 243 = 3**5, yet the float logarithm is 4.999...
    X, y = _toy_data(1000)
    search = HalvingGridSearchCV(CountingClassifier(), {"a": list(range(243))}, factor=3, min_resources=4, cv=3)
    _fits_of(search, X, y)
    plan = sol.halving_schedule(243, 1000, 4)
    assert plan["n_candidates"].tolist() == [243, 81, 27, 9, 3, 1]  # 3**5 <= 243 and 4 * 3**5 <= 1000
    ran = list(search.n_candidates_)
    assert len(ran) in (len(plan), len(plan) - 1)  # "may stop one round earlier", never differently
    assert ran == plan["n_candidates"].tolist()[:len(ran)]


def test_the_notebook_shows_the_script_the_interview_reviews():
    from grader.notebooks import NOTEBOOK_DIR, read

    script = mod._SEED_SCRIPT.removeprefix("```python\n").removesuffix("\n```")
    assert script in read(NOTEBOOK_DIR / "08_tuning.ipynb").cells[2].source
    assert "GridSearchCV(estimator=model" in script  # the already-fitted model of the previous task


# --- best_params_from_cv_results: the search's own choice --------------------------------
def test_best_params_by_hand_with_a_failed_fit_and_a_tie():
    results = mod._FAILED_FIT
    assert np.isnan(results["mean_test_score"][0])
    # candidates 2 and 3 tie at 0.52; the first of them is the search's choice
    assert sol.best_params_from_cv_results(results) == {"penalty": "l2", "C": 0.1}


@pytest.mark.parametrize("multimetric", [False, True])
def test_best_params_agrees_with_the_search(multimetric):
    X, y = mod._shipped_xy(0, 600)
    grid = {"max_depth": [2, 3, 5, None], "min_samples_leaf": [1, 30]}
    if multimetric:
        search = GridSearchCV(DecisionTreeClassifier(random_state=0), grid, cv=3, refit="ap",
                              scoring={"ap": "average_precision", "acc": "accuracy"}).fit(X, y)
        assert sol.best_params_from_cv_results(search.cv_results_, "ap") == search.best_params_
    else:
        search = GridSearchCV(DecisionTreeClassifier(random_state=0), grid, cv=3,
                              scoring="average_precision").fit(X, y)
        assert sol.best_params_from_cv_results(search.cv_results_) == search.best_params_


def test_hand_built_ranks_follow_scikit_learn():
    results = mod._hand_results([0.5, np.nan, 0.7, 0.5], [0.9, np.nan, 0.8, 0.6], [{}] * 4)
    assert results["rank_test_score"].tolist() == [2, 4, 1, 2]


# --- nested_cv_scores: against a hand-written nested loop --------------------------------
@pytest.mark.parametrize(("inner_cv", "outer_cv", "scoring"), [(3, 3, "average_precision"),
                                                               (2, 4, "roc_auc")])
def test_nested_cv_scores_equal_a_hand_written_loop(inner_cv, outer_cv, scoring):
    X, y = mod._shipped_xy(0, 500)
    grid = {"max_depth": [2, 4], "min_samples_leaf": [5, 40]}
    by_hand = []
    for train, test in StratifiedKFold(outer_cv).split(X, y):
        search = GridSearchCV(DecisionTreeClassifier(random_state=0), grid, cv=StratifiedKFold(inner_cv),
                              scoring=scoring).fit(X.iloc[train], y.iloc[train])
        by_hand.append(get_scorer(scoring)(search, X.iloc[test], y.iloc[test]))
    got = sol.nested_cv_scores(DecisionTreeClassifier(random_state=0), grid, X, y, inner_cv, outer_cv, scoring)
    np.testing.assert_allclose(got, by_hand)


def test_tuning_on_all_rows_first_is_more_optimistic_on_the_public_case():
    case = EX.nested.case_list()[0]
    honest = sol.nested_cv_scores(**case.kwargs).mean()
    assert mod._tuned_on_all_data(**case.kwargs).mean() > honest


# --- the estimator question --------------------------------------------------------------
def _case(X, y):
    return grader.questions.Case((X, y, X, y))


def test_the_reference_search_keeps_the_rules_it_teaches():
    search = sol.tuned_search()
    assert search.scoring == "average_precision" and search.refit is True
    assert isinstance(search.cv, StratifiedKFold) and search.cv.shuffle
    assert search.n_iter * search.cv.get_n_splits() + 1 <= sol.FIT_BUDGET
    X, y = mod._shipped_xy(0, 600)
    description = _wb_describe(search)
    assert design.search_fits(description, _case(X, y)) == search.n_iter * 3 + 1
    assert not any(rule(description, _case(X, y)) for rule in
                   (mod._not_a_search, mod._no_refit, mod._threshold_scoring, mod._over_budget,
                    mod._unstratified))
    fitted = search.fit(X, y)
    check_is_fitted(fitted.best_estimator_)
    assert len(fitted.cv_results_["params"]) * fitted.n_splits_ + 1 == search.n_iter * 3 + 1


HALVING_SEARCHES = {
    "random, candidates given": lambda: HalvingRandomSearchCV(
        CountingClassifier(), {"a": list(range(20))}, n_candidates=20, min_resources=50, cv=3, random_state=0),
    "random, exhaust": lambda: HalvingRandomSearchCV(
        CountingClassifier(), {"a": loguniform(0.1, 10)}, cv=3, random_state=0),
    "random, exhaust, capped by the grid": lambda: HalvingRandomSearchCV(
        CountingClassifier(), {"a": list(range(12))}, cv=3, random_state=0),
    "random, min_resources exhaust": lambda: HalvingRandomSearchCV(
        CountingClassifier(), {"a": loguniform(0.1, 10)}, n_candidates=30, factor=2,
        min_resources="exhaust", cv=StratifiedKFold(4), random_state=0),
    "grid, aggressive": lambda: HalvingGridSearchCV(
        CountingClassifier(), {"a": list(range(27))}, min_resources=200, aggressive_elimination=True, cv=3),
    "grid, exact power of the factor": lambda: HalvingGridSearchCV(
        CountingClassifier(), {"a": list(range(243))}, factor=3, cv=2),
    "grid, no refit": lambda: HalvingGridSearchCV(CountingClassifier(), {"a": list(range(9))}, cv=3, refit=False),
}


@pytest.mark.filterwarnings("ignore:The total space of parameters")
@pytest.mark.parametrize("name", list(HALVING_SEARCHES))
def test_search_fits_from_the_description_match_the_fits_made(name):
    X, y = _toy_data(900)
    search = HALVING_SEARCHES[name]()
    predicted = design.search_fits(_wb_describe(search), _case(X, y))
    assert predicted == _fits_of(search, X, y)


@pytest.mark.parametrize("search", [
    GridSearchCV(CountingClassifier(), {"a": [1, 2, 3]}, cv=4),
    GridSearchCV(CountingClassifier(), [{"a": [1, 2]}, {"a": [3, 4, 5]}], cv=KFold(3), refit=False),
    RandomizedSearchCV(CountingClassifier(), {"a": [1, 2, 3]}, n_iter=10, cv=2),  # capped by the grid
    RandomizedSearchCV(CountingClassifier(), {"a": loguniform(0.1, 10)}, n_iter=7, cv=3),
], ids=["grid", "two grids, no refit", "random over a small grid", "random"])
def test_search_fits_of_plain_searches_match_the_fits_made(search):
    import warnings

    X, y = _toy_data(300)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "the space is smaller than n_iter"
        assert design.search_fits(_wb_describe(search), _case(X, y)) == _fits_of(search, X, y)


def _tree_search(**overrides):
    options = dict(param_distributions={"max_depth": list(range(2, 8)), "min_samples_leaf": [5, 20, 50]},
                   n_iter=4, cv=3, scoring="average_precision", random_state=0)
    options.update(overrides)
    return RandomizedSearchCV(DecisionTreeClassifier(random_state=0), **options)


WRONG_SEARCHES = {
    "not_a_search": lambda: HistGradientBoostingClassifier(max_iter=20, random_state=0),
    "no_refit": lambda: _tree_search(refit=False),
    "threshold_scoring": lambda: _tree_search(scoring=None),
    "over_budget": lambda: GridSearchCV(DecisionTreeClassifier(random_state=0),
                                        {"max_depth": [2, 3, 4, 5], "min_samples_leaf": [1, 5, 20, 50]},
                                        cv=2, scoring="average_precision"),
    "unstratified": lambda: _tree_search(cv=KFold(3, shuffle=True, random_state=0)),
}


@pytest.mark.parametrize("name", list(WRONG_SEARCHES))
def test_each_search_design_mistake_is_named(name):
    message = next(m.message for m in EX.search.misconceptions if m.name == name)
    outcome = EX.search.evaluate(WRONG_SEARCHES[name]())
    assert isinstance(outcome, Incorrect), str(outcome)
    assert outcome.cause == message, str(outcome)


def test_f1_and_multimetric_accuracy_are_threshold_scoring():
    from sklearn.metrics import average_precision_score, f1_score, make_scorer

    X, y = mod._shipped_xy(0, 400)
    case = _case(X, y)
    threshold = [_tree_search(scoring="f1"),
                 _tree_search(scoring={"acc": "accuracy", "ap": "average_precision"}, refit="acc"),
                 _tree_search(scoring=make_scorer(f1_score)),
                 _tree_search(scoring=make_scorer(average_precision_score))]  # scores 0/1 predictions
    ranked = [_tree_search(scoring={"acc": "accuracy", "ap": "average_precision"}, refit="ap"),
              _tree_search(scoring=make_scorer(average_precision_score, response_method="predict_proba")),
              _tree_search(scoring=get_scorer("average_precision"))]
    assert all(mod._threshold_scoring(_wb_describe(s), case) for s in threshold)
    assert not any(mod._threshold_scoring(_wb_describe(s), case) for s in ranked)


def test_a_search_wrapped_in_a_pipeline_is_still_a_search():
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline

    description = _wb_describe(make_pipeline(SimpleImputer(), _tree_search()))
    assert design.class_name(design.search_of(description)) == "RandomizedSearchCV"
    assert not mod._not_a_search(description, None)


def test_a_weak_search_is_incorrect_with_its_score():
    outcome = EX.search.evaluate(_tree_search(param_distributions={"max_depth": [1]}, n_iter=1))
    assert isinstance(outcome, Incorrect) and "average_precision" in outcome.summary.en


# --- choice questions ----------------------------------------------------------------------
@pytest.mark.parametrize(("short", "right"), [("scoring", sol.SCORING_RULE), ("refit", sol.REFIT_RULE),
                                              ("report", sol.REPORT_RULE)])
def test_the_right_letter_passes_and_every_other_is_explained(short, right):
    q = EX[short]
    assert isinstance(q.evaluate(right), grader.Correct)
    rights = set(right) if q.multiple else {right}
    for letter in set(q.options) - rights:
        outcome = q.evaluate(rights | {letter} if q.multiple else letter)
        assert isinstance(outcome, Incorrect) and outcome.cause == q.explanations[letter]
    if q.multiple:  # every right letter is needed
        for letter in rights:
            assert isinstance(q.evaluate(rights - {letter}), Incorrect)


@pytest.mark.parametrize("short", ["best_params", "nested", "search"])
def test_hidden_cases_come_from_generated_shop_variants(short):
    q = EX[short]
    for seed in HIDDEN_SEEDS:
        labels = [case.label.en for case in q.case_list(seed)]
        assert any(f"seed {seed}" in label for label in labels), labels
    assert not any("seed" in case.label.en for case in q.case_list())


def test_a_halving_search_within_budget_also_passes():
    model = HistGradientBoostingClassifier(max_iter=40, random_state=0)
    space = {"learning_rate": loguniform(0.03, 0.3), "max_leaf_nodes": randint(4, 32),
             "min_samples_leaf": randint(10, 100)}
    halving = HalvingRandomSearchCV(model, space, n_candidates=6, factor=3, min_resources=150,
                                    cv=StratifiedKFold(3, shuffle=True, random_state=0),
                                    scoring="average_precision", random_state=0)
    outcome = EX.search.evaluate(halving)
    assert isinstance(outcome, grader.Correct), str(outcome)
    assert design.search_fits(_wb_describe(halving), EX.search.case_list()[0]) <= sol.FIT_BUDGET
