"""Notebook 05 (model selection): the shared contract, references checked independently, misconceptions.

Expectations are derived in the tests from first principles (pairwise ROC-AUC, hand-made folds and
panels, manual scaling) on small hand-built inputs, never pasted from the references' output.
"""

from __future__ import annotations

import importlib
import inspect
import itertools

import numpy as np
import pandas as pd
import pytest
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, train_test_split
from threadpoolctl import threadpool_limits

import grader
from grader import Correct, Incorrect, LearnerCodeRaised
from grader.registry import solutions
from grader.shop import TEXT_DTYPE
from grader.tables import CATEGORICAL_FEATURES, LABEL, NUMERIC_FEATURES, variant_table
from grader.testing import HIDDEN_SEEDS, graded_in_process, question_checks

sol = solutions("05")
mod = importlib.import_module("grader.exercises.05_model_selection")
EX = grader.load("05")
CODING = [q for q in EX if q.kind in ("function", "estimator")]
FN_MISCONCEPTIONS = [(q, m) for q in EX if q.kind in ("function", "value")
                     for m in q.misconceptions if m.fn is not None]


@pytest.fixture(autouse=True)
def _one_thread():
    """Small models on a shared 2-core machine: OpenMP/BLAS threads only add contention."""
    with threadpool_limits(limits=1):
        yield


def pairwise_auc(y, s):
    """ROC-AUC by its definition: P(score of a positive > score of a negative), ties count 1/2."""
    y, s = np.asarray(y, dtype=bool), np.asarray(s, dtype=float)
    pos, neg = s[y], s[~y]
    wins = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return wins / (len(pos) * len(neg))


def message(q, name):
    return next(m.message for m in q.misconceptions if m.name == name)


# --- the declarations ------------------------------------------------------------------
def test_the_notebook_binds_its_questions_in_teaching_order():
    assert [q.short for q in EX] == ["baseline", "holdout", "bootstrap", "paired", "compare", "curve",
                                     "oot_split", "lookback", "lookback_verdict", "deployment",
                                     "oot_model", "workflow", "evaluation", "seed_snippet"]
    kinds = [q.kind for q in EX]
    assert sum(k in ("function", "value", "choice", "estimator") for k in kinds) >= 5
    assert "estimator" in kinds and kinds[-3:] == ["open"] * 3
    for q in EX:
        assert q.id.startswith("ms.")
        for t in (q.title, q.prompt, *q.hints, *(m.message for m in getattr(q, "misconceptions", ()))):
            assert t.en.strip() and t.zh.strip()
    for q in CODING:
        for case in q.case_list():
            assert case.label.en.strip() and case.label.zh.strip()


CONTRACT = question_checks("05")


@pytest.mark.parametrize(("question", "check"), [(q, c) for _, q, c in CONTRACT],
                         ids=[i for i, _, _ in CONTRACT])
def test_question_contract(question, check):
    check(question)


@pytest.mark.parametrize("q", [q for q in EX if getattr(q, "misconceptions", ())], ids=lambda q: q.short)
def test_misconceptions_have_distinct_names_and_messages(q):
    names = [m.name for m in q.misconceptions]
    assert len(set(names)) == len(names)
    for lang in ("en", "zh"):
        texts = [m.message.render(lang) for m in q.misconceptions]
        assert len(set(texts)) == len(texts)


@pytest.mark.parametrize(("q", "m"), FN_MISCONCEPTIONS, ids=[f"{q.short}-{m.name}" for q, m in FN_MISCONCEPTIONS])
def test_each_wrong_implementation_is_named_after_its_misconception(q, m):
    assert m.fn.__name__ == f"_{m.name}"
    assert list(inspect.signature(m.fn).parameters) == list(inspect.signature(q.reference).parameters)


FUNCTION_MISCONCEPTIONS = [(q, m) for q, m in FN_MISCONCEPTIONS if q.kind == "function"]


@pytest.mark.parametrize(("q", "m"), FUNCTION_MISCONCEPTIONS,
                         ids=[f"{q.short}-{m.name}" for q, m in FUNCTION_MISCONCEPTIONS])
def test_each_wrong_implementation_is_also_caught_on_hidden_cases(q, m):
    for seed in (11, 2024):
        outcome = q.evaluate(m.fn, seed=seed)
        assert isinstance(outcome, Incorrect) and outcome.cause == m.message, (seed, str(outcome))


# --- 1. the dummy baseline -------------------------------------------------------------
def test_dummy_baseline_scores_the_prevalence_and_nothing_more():
    # 20 positives among 100: each stratified fold holds 4 of 20. The majority class is right on
    # the 16 negatives (accuracy 0.8); a constant score ranks nobody (ROC-AUC 1/2); and average
    # precision of one constant score is the precision at full recall, the prevalence 0.2.
    y = pd.Series([True] * 20 + [False] * 80)
    X = pd.DataFrame({"anything": np.arange(100.0)})
    got = sol.dummy_baseline(X, y)
    assert got == pytest.approx({"accuracy": 0.8, "roc_auc": 0.5, "average_precision": 0.2})
    assert all(type(v) is float for v in got.values())


def test_the_baseline_value_on_the_shipped_table():
    X, y = mod._shipped_xy()
    assert EX.baseline.evaluate(EX.baseline.expected()).__class__ is Correct
    assert EX.baseline.expected()["accuracy"] == pytest.approx(1 - y.mean(), abs=1e-9)


# --- 2. holdout ----------------------------------------------------------------------------
def test_holdout_auc_matches_a_hand_made_pipeline():
    rng = np.random.default_rng(5)
    n = 160
    X = pd.DataFrame({"a": rng.normal(size=n), "b": rng.gamma(2.0, 10.0, size=n)})
    X.loc[rng.choice(n, 15, replace=False), "b"] = np.nan
    y = pd.Series(X["a"] + 0.05 * X["b"].fillna(20) + rng.normal(size=n) > 1.2)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y, random_state=3)
    medians = X_train.median()
    train, test = X_train.fillna(medians), X_test.fillna(medians)
    mean, std = train.mean(), train.std(ddof=0)
    model = LogisticRegression(max_iter=1000).fit((train - mean) / std, y_train)
    want = pairwise_auc(y_test, model.predict_proba((test - mean) / std)[:, 1])
    assert sol.holdout_auc(X, y, test_size=0.25, seed=3) == pytest.approx(want, abs=1e-12)
    assert len(y_test) == 40 and y_test.sum() == round(y.mean() * 40)


def test_scaling_before_the_split_is_caught_as_its_own_mistake():
    outcome = EX.holdout.evaluate(mod._scaled_before_split)
    assert isinstance(outcome, Incorrect)
    assert outcome.cause == message(EX.holdout, "scaled_before_split")


# --- 3. bootstrap --------------------------------------------------------------------------
def bootstrap_by_hand(y, s, n_boot, level, seed):
    y, s = np.asarray(y), np.asarray(s)
    draws = np.random.default_rng(seed).integers(0, len(y), size=(n_boot, len(y)))
    aucs = sorted(pairwise_auc(y[i], s[i]) for i in draws if 0 < y[i].sum() < len(i))
    # linear interpolation between order statistics (numpy's default percentile)
    def pct(q):
        pos = (len(aucs) - 1) * q / 100
        lo = int(np.floor(pos))
        return aucs[lo] + (aucs[min(lo + 1, len(aucs) - 1)] - aucs[lo]) * (pos - lo)
    tail = 100 * (1 - level) / 2
    return {"auc": pairwise_auc(y, s), "low": pct(tail), "high": pct(100 - tail)}, len(aucs)


@pytest.mark.parametrize("level", [0.95, 0.8])
def test_bootstrap_matches_pairwise_auc_on_resampled_pairs(level):
    rng = np.random.default_rng(1)
    y = rng.random(60) < 0.25
    s = rng.random(60) + 0.5 * y
    want, _ = bootstrap_by_hand(y, s, 300, level, seed=4)
    got = sol.bootstrap_auc_ci(y, s, n_boot=300, level=level, seed=4)
    assert got == pytest.approx(want, abs=1e-12)
    assert got["low"] <= got["auc"] <= got["high"]


def test_bootstrap_skips_one_class_resamples():
    y, s = mod._tiny_labels_and_scores(0)
    want, used = bootstrap_by_hand(y, s, 100, 0.95, seed=0)
    assert used < 100  # the tiny case really has resamples without a positive
    assert sol.bootstrap_auc_ci(y, s, n_boot=100, seed=0) == pytest.approx(want, abs=1e-12)


def test_bootstrap_reads_series_by_position_and_perfect_scores_give_a_point():
    y = pd.Series([False, True, False, True, False, False], index=[50, 10, 30, 20, 60, 40])
    s = pd.Series([0.1, 0.9, 0.2, 0.8, 0.3, 0.4], index=y.index)
    from_series = sol.bootstrap_auc_ci(y, s, n_boot=50, seed=2)
    assert from_series == sol.bootstrap_auc_ci(y.to_numpy(), s.to_numpy(), n_boot=50, seed=2)
    assert from_series == {"auc": 1.0, "low": 1.0, "high": 1.0}


def test_indexing_a_series_by_label_is_named():
    def bootstrap_auc_ci(y_true, scores, n_boot=1000, level=0.95, seed=0):
        from sklearn.metrics import roc_auc_score

        rng = np.random.default_rng(seed)
        aucs = []
        for _ in range(n_boot):
            idx = rng.integers(0, len(y_true), size=len(y_true))
            if len(np.unique(y_true[idx])) == 2:
                aucs.append(roc_auc_score(y_true[idx], scores[idx]))
        low, high = np.percentile(aucs, [100 * (1 - level) / 2, 100 * (1 + level) / 2])
        return {"auc": roc_auc_score(y_true, scores), "low": low, "high": high}

    outcome = EX.bootstrap.evaluate(bootstrap_auc_ci)
    assert isinstance(outcome, LearnerCodeRaised)
    assert outcome.cause == message(EX.bootstrap, "indexes_series_by_label")


# --- 3b. paired bootstrap of an AUC difference ----------------------------------------------
def paired_by_hand(y, a, b, n_boot, level, seed):
    """The paired percentile bootstrap written out: one draw per round, both models scored on it."""
    y, a, b = np.asarray(y), np.asarray(a), np.asarray(b)
    rng = np.random.default_rng(seed)
    diffs = []
    for _ in range(n_boot):
        i = rng.integers(0, len(y), size=len(y))
        if 0 < y[i].sum() < len(i):
            diffs.append(pairwise_auc(y[i], b[i]) - pairwise_auc(y[i], a[i]))
    tail = 100 * (1 - level) / 2
    low, high = np.percentile(diffs, [tail, 100 - tail])
    return {"diff": pairwise_auc(y, b) - pairwise_auc(y, a), "low": low, "high": high}, len(diffs)


@pytest.mark.parametrize("level", [0.95, 0.9])
def test_paired_bootstrap_matches_a_loop_over_shared_resamples(level):
    rng = np.random.default_rng(3)
    y = rng.random(80) < 0.3
    a = rng.random(80) + 0.4 * y
    b = a + rng.normal(0, 0.2, 80) + 0.2 * y
    want, _ = paired_by_hand(y, a, b, 200, level, seed=6)
    got = sol.paired_bootstrap_auc_diff(y, a, b, n_boot=200, level=level, seed=6)
    assert got == pytest.approx(want, abs=1e-12)
    assert all(type(v) is float for v in got.values())


def test_paired_bootstrap_skips_one_class_resamples_and_reads_series_by_position():
    y, a, b = mod._tiny_two_models(0)
    want, used = paired_by_hand(y, a, b, 60, 0.95, seed=1)
    assert used < 60
    assert sol.paired_bootstrap_auc_diff(y, a, b, n_boot=60, seed=1) == pytest.approx(want, abs=1e-12)
    index = np.arange(100, 112)[::-1]
    as_series = [pd.Series(v, index=index) for v in (y, a, b)]
    assert sol.paired_bootstrap_auc_diff(*as_series, n_boot=60, seed=1) == pytest.approx(want, abs=1e-12)


def test_a_monotone_rescoring_is_no_difference_and_swapping_the_models_flips_the_sign():
    rng = np.random.default_rng(4)
    y = rng.random(50) < 0.3
    a = rng.random(50) + 0.3 * y
    # the same ranking: every resample ranks identically, so the difference is exactly 0 everywhere
    assert sol.paired_bootstrap_auc_diff(y, a, np.exp(3 * a), n_boot=40) == {"diff": 0.0, "low": 0.0, "high": 0.0}
    b = rng.random(50)
    ab = sol.paired_bootstrap_auc_diff(y, a, b, n_boot=40, seed=2)
    ba = sol.paired_bootstrap_auc_diff(y, b, a, n_boot=40, seed=2)
    assert ab["diff"] == pytest.approx(-ba["diff"]) and ab["low"] == pytest.approx(-ba["high"])


def test_the_paired_interval_is_narrower_than_combining_separate_intervals():
    # two correlated models: the separate-intervals misconception must be the wider one
    case = EX.paired.case_list()[1]
    paired = sol.paired_bootstrap_auc_diff(*case.args, **case.kwargs)
    separate = mod._separate_intervals(*case.args, **case.kwargs)
    assert separate["high"] - separate["low"] > paired["high"] - paired["low"]


# --- 4. compare_models ---------------------------------------------------------------------
def test_compare_models_scores_every_model_on_the_same_stratified_folds():
    rng = np.random.default_rng(2)
    X = pd.DataFrame({"x": rng.normal(size=90)})
    y = pd.Series(X["x"] + rng.normal(size=90) > 0.9)
    models = {"first": LogisticRegression(), "second": LogisticRegression(), "floor": DummyClassifier()}
    got = sol.compare_models(models, X, y, n_splits=3, seed=8)
    assert list(got.columns) == ["first", "second", "floor"] and len(got) == 3
    assert (got["first"] == got["second"]).all()  # same model, same folds: same scores
    assert (got["floor"] == 0.5).all()
    folds = StratifiedKFold(3, shuffle=True, random_state=8).split(X, y)
    for k, (train, test) in enumerate(folds):
        assert abs(y.iloc[test].mean() - y.mean()) < 0.05  # stratified
        fitted = LogisticRegression().fit(X.iloc[train], y.iloc[train])
        want = pairwise_auc(y.iloc[test], fitted.predict_proba(X.iloc[test])[:, 1])
        assert got.loc[k, "first"] == pytest.approx(want, abs=1e-12)


def test_unseeded_folds_are_named():
    def compare_models(models, X, y, n_splits=5, seed=0):
        from sklearn.model_selection import cross_val_score

        return pd.DataFrame({name: cross_val_score(model, X, y, scoring="roc_auc",
                                                   cv=StratifiedKFold(n_splits, shuffle=True))
                             for name, model in models.items()})

    outcome = EX.compare.evaluate(compare_models)
    assert isinstance(outcome, Incorrect)
    assert outcome.cause == message(EX.compare, "unseeded_folds")


def test_unseeded_folds_are_named_by_grading_too():
    # the detector reads the output (two columns of one model) and the case, never a second call,
    # so workbook grade, which only has the harvested record, names the cause as check does
    def compare_models(models, X, y, n_splits=5, seed=0):
        from sklearn.model_selection import cross_val_score

        cv = StratifiedKFold(n_splits, shuffle=True)
        return pd.DataFrame({name: cross_val_score(model, X, y, scoring="roc_auc", cv=cv)
                             for name, model in models.items()})

    graded = graded_in_process(EX.compare, compare_models, HIDDEN_SEEDS[0])
    assert isinstance(graded, Incorrect)
    assert graded.cause == message(EX.compare, "unseeded_folds")


def test_the_first_comparison_case_lists_one_model_twice():
    for seed in (None, 11):
        models = EX.compare.case_list(seed)[0].kwargs["models"]
        twin_a, twin_b = (models[name] for name in mod.TWINS)
        assert twin_a is not twin_b and repr(twin_a) == repr(twin_b)


def test_a_seeded_but_wrong_answer_is_not_called_unseeded():
    case = EX.compare.case_list()[0]
    output = mod._accuracy_scoring(**case.kwargs)
    assert not mod._unseeded_folds(mod._accuracy_scoring, output, case)


def test_a_correct_comparison_gets_no_note_about_changed_inputs():
    outcome = EX.compare.evaluate(sol.compare_models)
    assert isinstance(outcome, Correct) and not outcome.notes


# --- 5. out-of-time split ------------------------------------------------------------------
def quarterly(customers=(1, 2)):
    snaps = pd.to_datetime(["2025-01-01", "2025-04-01", "2025-07-01", "2025-10-01"])
    rows = [(c, s, s + pd.DateOffset(months=6)) for s in snaps for c in customers]
    return pd.DataFrame(rows, columns=["customer_id", "snapshot", "window_end"])


def test_out_of_time_split_keeps_only_labels_known_on_the_test_date():
    panel = quarterly()
    train, test = sol.out_of_time_split(panel, pd.Timestamp("2025-07-01"))
    # January's window ends on 2025-07-01 (half-open: complete); April's runs to October: unknown.
    assert train["snapshot"].tolist() == [pd.Timestamp("2025-01-01")] * 2
    assert test["snapshot"].tolist() == [pd.Timestamp("2025-07-01")] * 2
    assert list(train.index) == [0, 1] and list(test.index) == [4, 5]
    assert list(train.columns) == list(panel.columns)
    # a backtest from April: nothing had a complete six-month label yet
    train, test = sol.out_of_time_split(panel, pd.Timestamp("2025-04-01"))
    assert train.empty and len(test) == 2


@pytest.mark.parametrize("seed", [0, 11, 2024])
def test_out_of_time_split_never_trains_on_an_open_window(seed):
    for case in EX.oot_split.case_list(seed):
        panel, when = case.args
        train, test = sol.out_of_time_split(panel, when)
        assert (train["window_end"] <= when).all() and (test["snapshot"] == when).all()
        assert set(train.index).isdisjoint(test.index)
        left = panel.drop(index=train.index.union(test.index))
        assert ((left["window_end"] > when) & (left["snapshot"] != when)).all()


# --- 5b. equal-length lookback ----------------------------------------------------------------
def test_lookback_features_by_hand_at_the_edges_of_the_window():
    # window [2024-01-01, 2025-01-01): 2024 has 366 days; whole days are floored
    got = sol.lookback_features(mod._hand_orders(3), pd.Timestamp("2025-01-01"))
    want = pd.DataFrame({
        "customer_id": [1, 2, 3, 4],
        # 1: last 2024-12-20 09:00; 2: last 2024-03-01 15:30; 3: 2024-11-11 20:00 (the order at the
        # snapshot itself is the future); 4: last 2024-08-08 08:00
        "recency": [11, 305, 50, 145],
        # 1: the order of 2023-12-15 lies before the window; 2: the order at the window's very start counts
        "frequency": [2, 2, 1, 2],
        "monetary": [100.0, 60.0, 120.0, 65.0],
        # 1: from 2024-06-01 10:00; 2: from 2024-01-01 00:00, a full leap year; 4: from 2024-01-01 12:00
        "tenure_days": [213, 366, 50, 365],
    })
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    assert got.index.equals(pd.RangeIndex(4))


def test_a_window_longer_than_the_log_gives_notebook_02s_rfm_and_tenure():
    # with a 60-month window every order before the snapshot counts: the features must be
    # notebook 02's (computed there from the order lines), customer for customer
    sol02 = solutions("02")
    shop = mod.generate_shop(seed=5, n_customers=300)
    lines, snapshot = shop.order_lines, pd.Timestamp("2025-07-01")
    orders = sol02.orders_from_lines(lines[lines["order_time"] < snapshot])
    got = sol.lookback_features(orders, snapshot, months=60)
    rfm = sol02.rfm_table(lines, snapshot).merge(
        sol02.behaviour_features(lines, shop.sessions, snapshot)[["customer_id", "tenure_days"]], on="customer_id")
    assert got["customer_id"].tolist() == rfm["customer_id"].tolist()
    for column in ("recency", "frequency", "monetary", "tenure_days"):
        assert np.allclose(got[column], rfm[column]), column


def test_a_12_month_window_caps_tenure_and_drops_lapsed_customers():
    orders = mod._generated_orders(7)
    snapshot = pd.Timestamp("2025-07-01")
    got = sol.lookback_features(orders, snapshot)
    assert got["tenure_days"].max() <= (snapshot - pd.Timestamp("2024-07-01")).days
    assert (got["recency"] <= got["tenure_days"]).all() and (got["frequency"] >= 1).all()
    history = orders[orders["order_time"] < snapshot]
    lapsed = set(history["customer_id"]) - set(history.loc[history["order_time"] >= "2024-07-01", "customer_id"])
    assert lapsed and lapsed.isdisjoint(got["customer_id"])


# --- 6. the out-of-time model --------------------------------------------------------------
def oot_case(seed=0):
    return EX.oot_model.case_list(seed)[0]


def test_value_model_ignores_identifiers_and_the_future():
    X_train, y_train, X_test, _ = oot_case().args
    fitted = sol.value_model().fit(X_train, y_train)
    base = fitted.predict_proba(X_test)[:, 1]
    for column in ("future_spend", "customer_id", "signup_date"):
        shuffled = X_test.assign(**{column: X_test[column].sample(frac=1.0, random_state=1).to_numpy()})
        assert np.array_equal(fitted.predict_proba(shuffled)[:, 1], base), column


def test_value_model_beats_the_baseline_out_of_time_and_handles_new_categories():
    X_train, y_train, X_test, y_test = oot_case(11).args
    fitted = sol.value_model().fit(X_train, y_train)
    assert pairwise_auc(y_test, fitted.predict_proba(X_test)[:, 1]) > 0.75
    odd = X_test.head(3).assign(acquisition_channel="a channel never seen",
                                region=pd.Series([np.nan] * 3, index=X_test.index[:3], dtype=TEXT_DTYPE))
    assert np.isfinite(fitted.predict_proba(odd)).all()


def column_model(columns):
    from sklearn.compose import make_column_transformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    numeric = [c for c in columns if c not in CATEGORICAL_FEATURES]
    categorical = [c for c in columns if c in CATEGORICAL_FEATURES]
    prep = make_column_transformer(
        (make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
        *([(OneHotEncoder(handle_unknown="ignore"), categorical)] if categorical else []))
    return make_pipeline(prep, LogisticRegression(max_iter=1000))


@pytest.mark.parametrize(("name", "model"), [
    ("baseline_model", lambda: DummyClassifier(strategy="prior")),
    ("uses_future_spend", lambda: column_model(NUMERIC_FEATURES + ["future_spend"])),
    ("uses_customer_id", lambda: column_model(NUMERIC_FEATURES + CATEGORICAL_FEATURES + ["customer_id"])),
])
def test_oot_model_design_misconceptions(name, model):
    outcome = EX.oot_model.evaluate(model())
    assert isinstance(outcome, Incorrect)
    assert outcome.cause == message(EX.oot_model, name)


def test_a_profile_only_model_fails_on_its_score():
    outcome = EX.oot_model.evaluate(column_model(["age", "city_tier", *CATEGORICAL_FEATURES]))
    assert isinstance(outcome, Incorrect) and "roc_auc" in outcome.summary.en


@pytest.mark.parametrize("family", ["forest", "boosting"])
def test_other_sound_model_families_pass(family):
    from sklearn.compose import make_column_transformer
    from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder

    if family == "forest":
        model = make_pipeline(make_column_transformer(
            (SimpleImputer(strategy="median"), NUMERIC_FEATURES),
            (OneHotEncoder(handle_unknown="ignore"), CATEGORICAL_FEATURES)),
            RandomForestClassifier(n_estimators=100, min_samples_leaf=5, n_jobs=1, random_state=0))
    else:
        model = make_pipeline(make_column_transformer(
            ("passthrough", NUMERIC_FEATURES),
            (OneHotEncoder(handle_unknown="ignore", sparse_output=False), CATEGORICAL_FEATURES)),
            HistGradientBoostingClassifier(max_iter=100, learning_rate=0.05, random_state=0))
    assert isinstance(EX.oot_model.evaluate(model), Correct)


# --- choices ---------------------------------------------------------------------------------
def test_choice_answers_and_explanations():
    assert EX.deployment.answer == sol.DEPLOYMENT_VALIDATION and EX.curve.answer == sol.CURVE_READING
    assert EX.lookback_verdict.answer == sol.LOOKBACK_VERDICT
    assert "2025-01-01" in EX.deployment.options[sol.DEPLOYMENT_VALIDATION].en.split("test")[0]  # trained earlier
    assert "18 months" in EX.lookback_verdict.options[sol.LOOKBACK_VERDICT].en  # the left truncation
    assert EX.curve.multiple and len(EX.curve.answer) == 2
    for q in (EX.deployment, EX.curve, EX.lookback_verdict):
        assert set(q.explanations) == set(q.options)
        rights = set(q.answer) if q.multiple else {q.answer}
        for wrong in set(q.options) - rights:
            answer = rights | {wrong} if q.multiple else wrong
            assert EX[q.short].evaluate(answer).cause == q.explanations[wrong]


def test_the_generated_panel_has_one_row_per_customer_and_quarterly_snapshot():
    assert all((b - a).days in (90, 91, 92) for a, b in itertools.pairwise(mod.PANEL_SNAPSHOTS))
    panel = mod._quarterly_panel(3, n_customers=200)
    assert not panel.duplicated(["customer_id", "snapshot"]).any()
    assert sorted(panel["snapshot"].unique()) == list(mod.PANEL_SNAPSHOTS)
    assert ((panel["window_end"] - panel["snapshot"]).dt.days.between(181, 184)).all()
    july = panel[panel["snapshot"] == mod.PANEL_SNAPSHOTS[-1]].reset_index(drop=True)
    assert july[LABEL].equals(variant_table(3, 200)[LABEL])
