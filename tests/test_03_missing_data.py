"""Notebook 03 (missing data): the question contract, the references checked independently, the
recorded misconceptions, and alternative right answers.

Expectations are derived here from first principles on small hand-built frames or from an
independent library computation (scipy's chi-squared distribution, scikit-learn's imputers and a
hand-written cross-validation loop), never pasted from the references' output.
"""

from __future__ import annotations

import copy
import importlib
import inspect
import math

import numpy as np
import pandas as pd
import pytest

import grader
from grader import Correct, Incorrect, NotAttempted
from grader.questions import model_scores, permuted
from grader.registry import solutions
from grader.shop import TEXT_DTYPE
from grader.tables import CATEGORICAL_FEATURES, LABEL, NUMERIC_FEATURES, read_customer_table, variant_table
from grader.testing import HIDDEN_SEEDS, question_checks

sol = solutions("03")
mod = importlib.import_module("grader.exercises.03_missing_data")
EX = grader.load("03")
CODING = [q for q in EX if q.kind in ("function", "estimator")]
FUNCTIONS = [q for q in EX if q.kind == "function"]
MISCONCEPTIONS = [(q, m) for q in CODING for m in q.misconceptions]
NAN = float("nan")


def _ids(pairs):
    return [f"{q.short}-{m.name}" for q, m in pairs]


def wrong_code(m):
    """A misconception as code: its ``fn``, or the private ``_<name>`` for a detector."""
    return m.fn if m.fn is not None else getattr(mod, f"_{m.name}")


def wrong_answer(q, m):
    """What a learner who made the mistake hands in: the function, or the estimator it builds."""
    code = wrong_code(m)
    return code() if q.kind == "estimator" else code


# --- the shared contract -----------------------------------------------------------------
CHECKS = question_checks("03")


@pytest.mark.parametrize(("question", "check"), [(q, c) for _, q, c in CHECKS],
                         ids=[i for i, _, _ in CHECKS])
def test_question_contract(question, check):
    check(question)


# --- the declarations ----------------------------------------------------------------------
def test_the_notebook_binds_its_questions_in_teaching_order():
    assert [q.short for q in EX] == [
        "missing_report", "missing_by_segment", "missingness_test", "mechanisms", "structural_gap",
        "dropna_effect", "training_data", "impute_train_test", "cv_score", "native_nan",
        "value_model", "how_to_handle", "mnar_region"]
    assert all(q.id.startswith("md.") for q in EX)
    auto = [q for q in EX if q.kind != "open"]
    assert len(auto) >= 5 and sum(q.kind == "estimator" for q in EX) >= 1
    assert {q.kind for q in EX} == {"function", "choice", "value", "estimator", "open"}


@pytest.mark.parametrize("q", CODING, ids=lambda q: q.short)
def test_misconceptions_have_distinct_names_and_messages(q):
    assert len(q.misconceptions) >= 2
    names = [m.name for m in q.misconceptions]
    assert len(set(names)) == len(names)
    for lang in ("en", "zh"):
        texts = [m.message.render(lang) for m in q.misconceptions]
        assert len(set(texts)) == len(texts)


@pytest.mark.parametrize(("q", "m"), MISCONCEPTIONS, ids=_ids(MISCONCEPTIONS))
def test_each_misconception_is_code_named_after_it(q, m):
    code = wrong_code(m)
    assert code.__name__ == f"_{m.name}"
    if q.kind == "function":
        assert list(inspect.signature(code).parameters) == list(inspect.signature(q.reference).parameters)


@pytest.mark.parametrize(("q", "m"), MISCONCEPTIONS, ids=_ids(MISCONCEPTIONS))
def test_each_misconception_is_incorrect_with_its_own_message(q, m):
    outcome = q.evaluate(wrong_answer(q, m))
    assert isinstance(outcome, Incorrect), str(outcome)
    assert outcome.cause == m.message, str(outcome)


@pytest.mark.parametrize(("q", "m"), MISCONCEPTIONS, ids=_ids(MISCONCEPTIONS))
def test_each_misconception_is_also_caught_on_hidden_cases(q, m):
    outcome = q.evaluate(wrong_answer(q, m), seed=HIDDEN_SEEDS[0])
    assert isinstance(outcome, Incorrect), str(outcome)
    assert outcome.cause == m.message
    assert outcome.case.en == "a hidden case" and outcome.expected is None


@pytest.mark.parametrize("q", FUNCTIONS, ids=lambda q: q.short)
def test_case_generators_are_deterministic_and_small(q):
    first, again = q.cases(0), q.cases(0)
    for a, b in zip(first, again, strict=True):
        assert a.label.en.strip() and a.label.zh.strip()
        for x, y in zip(a.args, b.args, strict=True):
            if isinstance(x, pd.DataFrame):
                pd.testing.assert_frame_equal(x, y)
                assert len(x) <= 1500


@pytest.mark.parametrize("q", FUNCTIONS, ids=lambda q: q.short)
def test_references_do_not_mutate_their_inputs(q):
    for case in q.case_list():
        args = copy.deepcopy(case.args)
        q.reference(*args)
        for before, after in zip(case.args, args, strict=True):
            if isinstance(before, pd.DataFrame):
                pd.testing.assert_frame_equal(before, after)


# --- missing_report ------------------------------------------------------------------------
def test_missing_report_by_hand():
    t = pd.DataFrame({
        "a": [1.0, NAN, 3.0, 4.0],                       # 1 of 4
        "b": pd.Series(["x", None, None, "y"], dtype=TEXT_DTYPE),  # 2 of 4
        "c": [1, 2, 3, 4],                               # complete
        "d": [NAN, 2.0, 3.0, 4.0],                       # 1 of 4, a tie with "a" after it
    })
    report = sol.missing_report(t)
    assert list(report.index) == ["b", "a", "d"] and report.index.name == "column"
    assert report["n_missing"].tolist() == [2, 1, 1]
    assert report["share_missing"].tolist() == [0.5, 0.25, 0.25]
    assert pd.api.types.is_integer_dtype(report["n_missing"])


def test_missing_report_of_a_complete_table_is_empty():
    report = sol.missing_report(pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}))
    assert report.empty and list(report.columns) == ["n_missing", "share_missing"]


# --- missing_by_segment ----------------------------------------------------------------------
def test_missing_by_segment_by_hand():
    t = pd.DataFrame({
        "seg": ["a", "b", "a", "b", "b"],
        "age": [NAN, 30.0, 40.0, NAN, NAN],   # a: 1 of 2, b: 2 of 3
        "tier": [1, 2, 3, 1, 2],              # complete: left out
        "region": ["N", "S", None, "S", "S"],  # a: 1 of 2, b: 0 of 3
    })
    out = sol.missing_by_segment(t, "seg")
    assert list(out.columns) == ["age", "region"] and out.index.name == "seg"
    assert out.loc["a"].tolist() == [0.5, 0.5]
    assert out.loc["b", "age"] == pytest.approx(2 / 3) and out.loc["b", "region"] == 0.0


# --- missingness_test --------------------------------------------------------------------------
def _chi2_p_by_hand(observed):
    """Pearson's chi-squared test of independence, written out (Yates' correction for 2 x 2)."""
    from scipy.stats import chi2

    observed = np.asarray(observed, dtype=float)
    expected = observed.sum(axis=1, keepdims=True) * observed.sum(axis=0, keepdims=True) / observed.sum()
    dof = (observed.shape[0] - 1) * (observed.shape[1] - 1)
    diff = np.abs(observed - expected)
    if dof == 1:
        diff = np.maximum(diff - 0.5, 0)
    return float(chi2.sf((diff ** 2 / expected).sum(), dof))


def test_missingness_test_matches_the_chi_squared_formula():
    # channel x: 6 of 10 missing; y: 1 of 10; z: 3 of 10
    t = pd.DataFrame({"age": [NAN] * 6 + [1.0] * 4 + [NAN] + [1.0] * 9 + [NAN] * 3 + [1.0] * 7,
                      "channel": ["x"] * 10 + ["y"] * 10 + ["z"] * 10})
    observed = [[4, 9, 7], [6, 1, 3]]  # rows: present, missing
    assert sol.missingness_test(t, "age", "channel") == pytest.approx(_chi2_p_by_hand(observed), rel=1e-9)


def test_missingness_test_of_a_two_by_two_table_uses_yates_correction():
    t = pd.DataFrame({"age": [NAN] * 8 + [1.0] * 12 + [NAN] * 2 + [1.0] * 18,
                      "social": [True] * 20 + [False] * 20})
    assert sol.missingness_test(t, "age", "social") == pytest.approx(
        _chi2_p_by_hand([[12, 18], [8, 2]]), rel=1e-9)


def test_missingness_test_of_a_complete_column_is_one():
    t = pd.DataFrame({"a": [1, 2, 3, 4], "by": ["x", "y", "x", "y"]})
    assert sol.missingness_test(t, "a", "by") == 1.0


def test_the_shipped_table_shows_the_documented_mechanisms():
    table = read_customer_table()
    assert sol.missingness_test(table, "age", "acquisition_channel") < 1e-6      # MAR on the channel
    assert sol.missingness_test(table, "gender", "acquisition_channel") > 0.05   # MCAR
    one_order = table["frequency"] == 1                                            # not applicable
    assert (table["mean_days_between_orders"].isna() == one_order).all()
    terciles = pd.qcut(table["avg_order_value"], 3, labels=False)
    by_spend = table["region"].isna().groupby(terciles).mean()
    assert by_spend.iloc[0] > 1.5 * by_spend.iloc[2]                               # the MNAR trace
    right = EX.mechanisms.options[sol.MECHANISMS].en  # the option that says what the data shows
    assert "gender MCAR" in right and "age MAR" in right and "region MNAR" in right and "not applicable" in right
    assert EX.mechanisms.evaluate(sol.MECHANISMS).points == EX.mechanisms.points


# --- dropna_effect ------------------------------------------------------------------------------
def test_dropna_effect_by_hand():
    t = pd.DataFrame({
        "frequency": [1, 3, 2, 1, 4, 5],
        "mean_days_between_orders": [NAN, 20.0, 35.0, NAN, 10.0, 12.0],
        "age": [30.0, NAN, 40.0, 50.0, 25.0, 33.0],
        "high_value": [True, True, False, False, True, False],
    })
    # dropna keeps rows 2, 4, 5: one of them high value; 3 positives before
    assert sol.dropna_effect(t) == {"customers_kept": 0.5, "high_value_kept": pytest.approx(1 / 3),
                                    "positive_rate_after": pytest.approx(1 / 3),
                                    "one_order_high_value_kept": 0}


def test_dropna_removes_every_one_order_customer_of_the_shipped_table():
    table = read_customer_table()
    effect = sol.dropna_effect(table)
    assert effect["one_order_high_value_kept"] == 0
    assert ((table["frequency"] == 1) & table[LABEL]).sum() > 50
    assert effect["customers_kept"] < 0.7


# --- training_data --------------------------------------------------------------------------------
def test_training_data_keeps_labelled_rows_whatever_their_features():
    t = pd.DataFrame({
        "age": [30.0, NAN, 41.0, NAN],
        "region": ["N", None, "S", "E"],
        "future_spend": [900.0, 0.0, NAN, 15.0],
        "high_value": pd.array([True, False, None, False], dtype="boolean"),
    }, index=[7, 8, 9, 10]).astype({"region": TEXT_DTYPE})
    X, y = sol.training_data(t, ["region", "age"])
    assert list(X.columns) == ["region", "age"] and list(X.index) == [7, 8, 10]
    assert X["age"].isna().tolist() == [False, True, True]
    assert y.tolist() == [1, 0, 0] and y.dtype == "int64" and y.name == "high_value"
    assert list(y.index) == [7, 8, 10]


# --- impute_train_test ------------------------------------------------------------------------------
def test_impute_train_test_by_hand():
    train = pd.DataFrame({"n": [1.0, NAN, 5.0, 9.0], "k": [2, 4, 6, 8],
                          "t": pd.Series(["a", None, "b", "a"], dtype=TEXT_DTYPE)})
    test = pd.DataFrame({"n": [NAN, 3.0], "k": [NAN, 1.0], "t": [None, "c"]}, index=[5, 6]).astype({"t": TEXT_DTYPE})
    new_train, new_test = sol.impute_train_test(train, test)
    assert new_train["n"].tolist() == [1.0, 5.0, 5.0, 9.0]            # train median of 1, 5, 9
    assert new_test["n"].tolist() == [5.0, 3.0] and new_test["k"].tolist() == [5.0, 1.0]
    assert new_test["t"].tolist() == ["missing", "c"]
    assert list(new_test.columns) == ["n", "k", "t", "n_was_missing"]  # k is complete in train
    assert new_train["n_was_missing"].tolist() == [False, True, False, False]
    assert new_test["n_was_missing"].tolist() == [True, False] and list(new_test.index) == [5, 6]


@pytest.mark.parametrize("seed", [0, *HIDDEN_SEEDS])
def test_impute_train_test_agrees_with_scikit_learn(seed):
    from sklearn.impute import SimpleImputer

    table = variant_table(seed, 400)
    test = np.random.default_rng(seed).random(len(table)) < 0.3
    train_x, test_x = table.loc[~test, NUMERIC_FEATURES], table.loc[test, NUMERIC_FEATURES]
    imputer = SimpleImputer(strategy="median", add_indicator=True).fit(train_x)
    names = list(imputer.get_feature_names_out())
    for original, ours in zip((train_x, test_x), sol.impute_train_test(train_x, test_x), strict=True):
        theirs = pd.DataFrame(imputer.transform(original), columns=names, index=original.index)
        np.testing.assert_allclose(ours[NUMERIC_FEATURES].to_numpy(float), theirs[NUMERIC_FEATURES].to_numpy())
        flags = [c for c in ours.columns if c.endswith("_was_missing")]
        assert [f"missingindicator_{c.removesuffix('_was_missing')}" for c in flags] == names[len(NUMERIC_FEATURES):]
        np.testing.assert_array_equal(ours[flags].to_numpy(float), theirs[names[len(NUMERIC_FEATURES):]].to_numpy())


# --- cv_score -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("strategy", "indicator", "scoring"),
                         [("median", False, "roc_auc"), ("mean", True, "neg_log_loss")])
def test_cv_score_equals_a_hand_written_cross_validation(strategy, indicator, scoring):
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss, roc_auc_score
    from sklearn.model_selection import StratifiedKFold
    from sklearn.preprocessing import StandardScaler

    table = variant_table(5, 600)
    X, y = table[NUMERIC_FEATURES], table[LABEL].astype(int)
    scores = []
    for fit_rows, val_rows in StratifiedKFold(5, shuffle=True, random_state=0).split(X, y):
        imputer = SimpleImputer(strategy=strategy, add_indicator=indicator).fit(X.iloc[fit_rows])
        scaler = StandardScaler().fit(imputer.transform(X.iloc[fit_rows]))
        fit_x = scaler.transform(imputer.transform(X.iloc[fit_rows]))
        val_x = scaler.transform(imputer.transform(X.iloc[val_rows]))
        model = LogisticRegression(max_iter=1000).fit(fit_x, y.iloc[fit_rows])
        p = model.predict_proba(val_x)[:, 1]
        scores.append(roc_auc_score(y.iloc[val_rows], p) if scoring == "roc_auc"
                      else -log_loss(y.iloc[val_rows], p))
    assert sol.cv_score(X, y, strategy, indicator, scoring) == pytest.approx(np.mean(scores), rel=1e-9)


def test_imputing_before_cross_validation_changes_the_log_loss():
    table = variant_table(0, 600)
    X, y = table[NUMERIC_FEATURES], table[LABEL].astype(int)
    honest = sol.cv_score(X, y, "median", False, "neg_log_loss")
    leaky = mod._imputed_before_cv(X, y, "median", False, "neg_log_loss")
    assert not math.isclose(honest, leaky, rel_tol=1e-6)


# --- value_model ------------------------------------------------------------------------------------
def _split(seed):
    table = variant_table(seed, 1500)
    test = np.random.default_rng(seed).random(len(table)) < 0.3
    X, y = table.drop(columns=LABEL), table[LABEL].astype(int)
    return X[~test], y[~test], X[test], y[test]


def test_value_model_uses_the_features_only_and_handles_every_gap():
    from sklearn.metrics import roc_auc_score

    X_train, y_train, X_test, y_test = _split(3)
    assert X_train[["age", "gender", "region", "mean_days_between_orders"]].isna().any().all()
    fitted = sol.value_model().fit(X_train, y_train)
    scores = fitted.predict_proba(X_test)[:, 1]
    assert roc_auc_score(y_test, scores) > 0.75
    for column in ("future_spend", "customer_id", "signup_date"):
        shuffled = X_test.assign(**{column: X_test[column].sample(frac=1, random_state=1).to_numpy()})
        np.testing.assert_array_equal(fitted.predict_proba(shuffled)[:, 1], scores)
    blank = X_test.assign(age=NAN, mean_days_between_orders=NAN)
    assert not np.isnan(fitted.predict_proba(blank)).any()


@pytest.mark.parametrize("name", ["future_spend_feature", "customer_id_feature", "gappy_columns_dropped"])
def test_each_design_detector_flags_only_its_mistake(name):
    q = EX.value_model
    wrong = getattr(mod, f"_{name}")()
    case = q.case_list()[0]
    fitted = wrong.fit(*case.args[:2])
    reference = q.reference().fit(*case.args[:2])
    X_test = case.args[2]

    def flags(m, model):
        return m.probe_hit(model_scores(model, X_test), model_scores(model, permuted(X_test, m.permute)))

    for m in q.misconceptions:
        assert flags(m, fitted) == (m.name == name), m.name
        assert not flags(m, reference), m.name


def test_an_rfm_only_model_is_named_as_dropping_the_gappy_columns():
    from sklearn.compose import make_column_transformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    rfm = make_pipeline(make_column_transformer((StandardScaler(), ["recency", "frequency", "monetary"])),
                        LogisticRegression(max_iter=1000))
    outcome = EX.value_model.evaluate(rfm)
    message = next(m.message for m in EX.value_model.misconceptions if m.name == "gappy_columns_dropped")
    assert isinstance(outcome, Incorrect) and outcome.cause == message


def test_a_model_without_imputation_raises_cleanly():
    from sklearn.compose import make_column_transformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    no_fill = make_pipeline(make_column_transformer(("passthrough", NUMERIC_FEATURES)),
                            LogisticRegression(max_iter=1000))
    outcome = EX.value_model.evaluate(no_fill)
    assert type(outcome).__name__ == "LearnerCodeRaised" and "ValueError" in outcome.summary.en


# --- other right answers ------------------------------------------------------------------------------
def _report_by_loop(table):
    rows = {c: (int(table[c].isna().sum()), float(table[c].isna().mean())) for c in table.columns}
    report = pd.DataFrame.from_dict(rows, orient="index", columns=["n_missing", "share_missing"])
    report = report[report["n_missing"] > 0].sort_values("share_missing", ascending=False, kind="mergesort")
    return report.rename_axis("column")


def _segment_by_apply(table, by):
    gappy = [c for c in table.columns if c != by and table[c].isna().any()]
    return table.groupby(by)[gappy].agg(lambda s: s.isna().mean())


def _test_by_formula(table, column, by):
    observed = pd.crosstab(table[column].isna(), table[by]).to_numpy()
    return 1.0 if min(observed.shape) < 2 else _chi2_p_by_hand(observed)


def _training_by_dropna_subset(table, features):
    labelled = table.dropna(subset=["high_value"])
    return labelled[features], labelled["high_value"].map({True: 1, False: 0}).astype("int64")


def _impute_with_sklearn(train, test):
    from sklearn.impute import SimpleImputer

    numeric = list(train.select_dtypes("number").columns)
    imputer = SimpleImputer(strategy="median", add_indicator=True).fit(train[numeric])
    flagged = [c for c in numeric if train[c].isna().any()]

    def apply(frame):
        values = imputer.transform(frame[numeric])
        out = frame.copy()
        out[numeric] = values[:, : len(numeric)]
        other = [c for c in frame.columns if c not in numeric]
        out[other] = out[other].fillna("missing")
        for i, c in enumerate(flagged):
            out[f"{c}_was_missing"] = values[:, len(numeric) + i].astype(bool)
        return out.astype({c: frame[c].dtype for c in numeric if not frame[c].isna().any()
                           and not train[c].isna().any()})

    return apply(train), apply(test)


def _gradient_boosting_model():
    from sklearn.compose import make_column_transformer
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder

    columns = make_column_transformer(
        (OneHotEncoder(handle_unknown="ignore", sparse_output=False), CATEGORICAL_FEATURES),
        ("passthrough", NUMERIC_FEATURES))
    return make_pipeline(columns, HistGradientBoostingClassifier(max_iter=50, random_state=0))


@pytest.mark.parametrize(("short", "answer"), [
    ("missing_report", _report_by_loop),
    ("missing_by_segment", _segment_by_apply),
    ("missingness_test", _test_by_formula),
    ("training_data", _training_by_dropna_subset),
    ("impute_train_test", _impute_with_sklearn),
    ("value_model", _gradient_boosting_model()),
], ids=lambda v: v if isinstance(v, str) else "")
def test_other_correct_implementations_pass(short, answer):
    q = EX[short]
    assert isinstance(q.evaluate(answer), Correct), str(q.evaluate(answer))
    assert isinstance(q.evaluate(answer, seed=HIDDEN_SEEDS[1]), Correct)


def test_untouched_choice_and_open_stubs_are_not_attempted():
    for short in ("mechanisms", "structural_gap", "native_nan", "how_to_handle", "mnar_region"):
        assert isinstance(EX[short].evaluate(None), NotAttempted)
