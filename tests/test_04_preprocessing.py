"""Notebook 04 (preprocessing and feature selection): the question contract, the references checked
independently, the recorded misconceptions, and alternative right answers.

Expectations are derived here from first principles on small hand-built frames or from an
independent computation (NumPy percentiles and eigenvalues, scikit-learn's ``TargetEncoder``,
a hand-written cross-validation loop), never pasted from the references' output.
"""

from __future__ import annotations

import copy
import importlib
import inspect

import numpy as np
import pandas as pd
import pytest

import grader
from grader import Correct, Incorrect, NotAttempted
from grader.registry import solutions
from grader.tables import CATEGORICAL_FEATURES, LABEL, NUMERIC_FEATURES, variant_table
from grader.testing import HIDDEN_SEEDS, question_checks

sol = solutions("04")
mod = importlib.import_module("grader.exercises.04_preprocessing")
EX = grader.load("04")
CODING = [q for q in EX if q.kind in ("function", "estimator")]
FUNCTIONS = [q for q in EX if q.kind == "function"]
MISCONCEPTIONS = [(q, m) for q in CODING for m in q.misconceptions]


def _target_encoder(**params):
    """TargetEncoder on StratifiedKFold(5, shuffle=True, random_state=0) at any supported scikit-learn.

    scikit-learn 1.9 takes the splitter as ``cv`` (and deprecates ``shuffle``/``random_state``);
    the floor (1.6) takes ``cv=5`` with ``shuffle=True, random_state=0``, which is the same split.
    """
    import sklearn
    from sklearn.model_selection import StratifiedKFold
    from sklearn.preprocessing import TargetEncoder
    from sklearn.utils.fixes import parse_version

    if parse_version(sklearn.__version__) >= parse_version("1.9"):
        return TargetEncoder(cv=StratifiedKFold(n_splits=5, shuffle=True, random_state=0), **params)
    return TargetEncoder(cv=5, shuffle=True, random_state=0, **params)


def _ids(pairs):
    return [f"{q.short}-{m.name}" for q, m in pairs]


def wrong_code(m):
    """A misconception as code: its ``fn``, or the private ``_<name>`` mutant for a detector."""
    return m.fn if m.fn is not None else getattr(mod, f"_{m.name}")


# --- the shared contract -----------------------------------------------------------------
CHECKS = question_checks("04")


@pytest.mark.parametrize(("question", "check"), [(q, c) for _, q, c in CHECKS],
                         ids=[i for i, _, _ in CHECKS])
def test_question_contract(question, check):
    check(question)


# --- the declarations ----------------------------------------------------------------------
def test_the_notebook_binds_its_questions_in_teaching_order():
    assert [q.short for q in EX] == [
        "scale_matters", "winsorise", "cross_fitted_encoding", "value_model", "n_components",
        "tsne_features", "cv_with_selection", "normalise_reduce", "data_quality"]
    assert all(q.id.startswith("pp.") for q in EX)
    auto = [q for q in EX if q.kind != "open"]
    assert len(auto) >= 5 and sum(q.kind == "estimator" for q in EX) >= 1


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
    answer = wrong_code(m)() if q.kind == "estimator" else wrong_code(m)
    outcome = q.evaluate(answer)
    assert isinstance(outcome, Incorrect), str(outcome)
    assert outcome.cause == m.message, str(outcome)


@pytest.mark.parametrize("q", FUNCTIONS, ids=lambda q: q.short)
def test_case_generators_are_deterministic_and_small(q):
    for a, b in zip(q.cases(0), q.cases(0), strict=True):
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
            elif isinstance(before, pd.Series):
                pd.testing.assert_series_equal(before, after)


# --- winsorise ------------------------------------------------------------------------------
def test_winsorise_by_hand():
    train = pd.DataFrame({"spend": [1.0, 2.0, 3.0, 4.0, 100.0], "future_spend": [0.0, 1.0, 2.0, 3.0, 999.0]})
    test = pd.DataFrame({"spend": [-5.0, 2.5, 1000.0, np.nan], "future_spend": [7.0, 8.0, 5000.0, 1.0]},
                        index=[7, 8, 9, 10])
    # q = 0.25 on five sorted values: positions 1 and 3 exactly, so the bounds are 2 and 4
    new_train, new_test = sol.winsorise(train, test, ["spend"], q=0.25)
    assert new_train["spend"].tolist() == [2.0, 2.0, 3.0, 4.0, 4.0]
    np.testing.assert_array_equal(new_test["spend"], [2.0, 2.5, 4.0, np.nan])
    pd.testing.assert_series_equal(new_test["future_spend"], test["future_spend"])
    assert list(new_test.index) == [7, 8, 9, 10]


@pytest.mark.parametrize("seed", [0, HIDDEN_SEEDS[1]])
def test_winsorise_agrees_with_numpy_percentiles(seed):
    q = EX.winsorise
    train, test, columns, share = q.case_list(None if seed == 0 else seed)[1].args
    new_train, new_test = sol.winsorise(train, test, columns, share)
    for c in columns:
        low, high = np.nanpercentile(train[c], [100 * share, 100 * (1 - share)])
        np.testing.assert_allclose(new_test[c], np.clip(test[c], low, high))
        assert new_train[c].max() <= high + 1e-9 and new_train[c].min() >= low - 1e-9
    others = [c for c in train.columns if c not in columns]
    pd.testing.assert_frame_equal(new_test[others], test[others])


# --- cross_fitted_encoding ------------------------------------------------------------------
@pytest.mark.parametrize("seed", [None, *HIDDEN_SEEDS])
def test_cross_fitted_encoding_equals_scikit_learns_target_encoder(seed):
    for case in EX.cross_fitted_encoding.case_list(seed):
        categories, y = case.args
        encoder = _target_encoder(smooth=0.0, target_type="binary")
        want = encoder.fit_transform(categories.to_frame(), y)[:, 0]
        got = sol.cross_fitted_encoding(categories, y)
        np.testing.assert_allclose(got.to_numpy(), want, rtol=1e-12)
        assert got.index.equals(categories.index) and got.name == categories.name


def test_a_category_seen_in_one_row_gets_the_other_folds_rate():
    categories, y = EX.cross_fitted_encoding.case_list()[0].args
    lone = categories.index[categories == "Overseas"][0]
    got = sol.cross_fitted_encoding(categories, y)
    # with a category absent from the other folds, the row gets those folds' share of positives,
    # which lies strictly between the rate without this row's fold and the overall rate bounds
    others = y.drop(lone)
    assert others.min() <= got[lone] <= others.max()
    assert got[lone] != 1.0  # never its own label (it is 1)


def test_in_sample_encoding_leaks_a_rare_category_label():
    rng = np.random.default_rng(0)
    ids = pd.Series([f"postcode_{i}" for i in rng.integers(0, 150, 300)], name="postcode")
    y = pd.Series((rng.random(300) < 0.2).astype("int64"))
    leaky = mod._in_sample_means(ids, y)
    honest = sol.cross_fitted_encoding(ids, y)
    from sklearn.metrics import roc_auc_score

    assert roc_auc_score(y, leaky) > 0.8  # noise looks predictive when a row sees its own label
    assert abs(roc_auc_score(y, honest) - 0.5) < 0.15


# --- value_model ----------------------------------------------------------------------------
def test_value_model_scores_new_categories_and_ignores_leaky_columns():
    from sklearn.metrics import roc_auc_score

    X_train, y_train, X_test, y_test = EX.value_model.case_list()[0].args
    assert (X_test["acquisition_channel"] == "livestream").any()
    assert not (X_train["acquisition_channel"] == "livestream").any()
    fitted = sol.value_model().fit(X_train, y_train)
    scores = fitted.predict_proba(X_test)[:, 1]
    assert roc_auc_score(y_test, scores) > 0.75
    for column in ("future_spend", "customer_id", "signup_date"):
        shuffled = X_test.assign(**{column: X_test[column].sample(frac=1, random_state=1).to_numpy()})
        np.testing.assert_array_equal(fitted.predict_proba(shuffled)[:, 1], scores)


def test_the_encoder_detector_flags_only_encoders_that_raise():
    from sklearn.compose import make_column_transformer
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OrdinalEncoder

    from grader._harvest import _wb_describe

    case = EX.value_model.case_list()[0]

    def ordinal(**kw):
        return make_pipeline(make_column_transformer((OrdinalEncoder(**kw), ["membership_level"]),
                                                     ("passthrough", ["recency"])),
                             HistGradientBoostingClassifier())

    assert mod._encoder_rejects_unknown(_wb_describe(ordinal()), case)
    assert not mod._encoder_rejects_unknown(
        _wb_describe(ordinal(handle_unknown="use_encoded_value", unknown_value=-1)), case)
    assert not mod._encoder_rejects_unknown(_wb_describe(sol.value_model()), case)


# --- n_components ---------------------------------------------------------------------------
@pytest.mark.parametrize("seed", [None, *HIDDEN_SEEDS])
def test_n_components_from_the_eigenvalues_of_the_correlation_matrix(seed):
    for case in EX.n_components.case_list(seed):
        X, share = case.args
        eigenvalues = np.sort(np.linalg.eigvalsh(np.corrcoef(X.to_numpy(), rowvar=False)))[::-1]
        explained = np.cumsum(eigenvalues) / eigenvalues.sum()
        want = 1 + next(i for i, e in enumerate(explained) if e >= share - 1e-12)
        assert sol.n_components(X, share) == want


def test_two_copies_of_one_column_need_one_component_fewer():
    rng = np.random.default_rng(1)
    a, b = rng.normal(size=500), rng.normal(size=500)
    assert sol.n_components(pd.DataFrame({"a": a, "b": b}), 0.99) == 2
    assert sol.n_components(pd.DataFrame({"a": a, "a_in_yuan": 1000 * a, "b": b}), 0.99) == 2


# --- cv_with_selection ----------------------------------------------------------------------
def _selection_by_hand(X, y, k):
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold

    scores = []
    for fit, val in StratifiedKFold(n_splits=5, shuffle=True, random_state=0).split(X, y):
        Xf, Xv, yf = X.iloc[fit], X.iloc[val], y.iloc[fit]
        mean, std = Xf.mean(), Xf.std(ddof=0)
        zf, zv = (Xf - mean) / std, (Xv - mean) / std
        # the ANOVA F statistic per column, by hand: between-class over within-class variance
        pos, neg = zf[yf == 1], zf[yf == 0]
        grand = zf.mean()
        between = len(pos) * (pos.mean() - grand) ** 2 + len(neg) * (neg.mean() - grand) ** 2
        within = ((pos - pos.mean()) ** 2).sum() + ((neg - neg.mean()) ** 2).sum()
        f = between / (within / (len(zf) - 2))
        keep = f.sort_values(ascending=False, kind="stable").index[:k]
        model = LogisticRegression(max_iter=1000).fit(zf[keep], yf)
        scores.append(roc_auc_score(y.iloc[val], model.predict_proba(zv[keep])[:, 1]))
    return float(np.mean(scores))


@pytest.mark.parametrize("seed", [None, HIDDEN_SEEDS[0]])
def test_cv_with_selection_equals_a_hand_written_loop(seed):
    for case in EX.cv_with_selection.case_list(seed):
        assert sol.cv_with_selection(*case.args) == pytest.approx(_selection_by_hand(*case.args), rel=1e-6)


def test_selecting_before_cross_validation_is_optimistic_on_noise():
    X, y, k = EX.cv_with_selection.case_list()[0].args
    honest, optimistic = sol.cv_with_selection(X, y, k), mod._selected_before_cv(X, y, k)
    assert abs(honest - 0.5) < 0.1  # a random label: nothing to find
    assert optimistic > honest + 0.1


# --- other right answers and stubs -----------------------------------------------------------
def _winsorise_with_numpy(train, test, columns, q=0.01):
    bounds = {c: np.nanquantile(train[c].to_numpy(), [q, 1 - q]) for c in columns}
    out = [train.copy(), test.copy()]
    for frame in out:
        for c in columns:
            frame[c] = np.clip(frame[c].to_numpy(), *bounds[c])
    return tuple(out)


def _encoding_with_target_encoder(categories, y):
    encoder = _target_encoder(smooth=0.0, target_type="binary")
    return pd.Series(encoder.fit_transform(categories.to_frame(), y)[:, 0], index=categories.index,
                     name=categories.name)


def _boosting_with_target_encoding():
    from sklearn.compose import make_column_transformer
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    columns = make_column_transformer(
        (make_pipeline(SimpleImputer(strategy="constant", fill_value="missing"), _target_encoder()),
         CATEGORICAL_FEATURES),
        ("passthrough", NUMERIC_FEATURES))
    return make_pipeline(columns, HistGradientBoostingClassifier(max_iter=60, learning_rate=0.05, random_state=0))


@pytest.mark.parametrize(("short", "answer"), [
    ("winsorise", _winsorise_with_numpy),
    ("cross_fitted_encoding", _encoding_with_target_encoder),
    ("value_model", _boosting_with_target_encoding()),
], ids=lambda v: v if isinstance(v, str) else "")
def test_other_correct_implementations_pass(short, answer):
    q = EX[short]
    assert isinstance(q.evaluate(answer), Correct), str(q.evaluate(answer))
    assert isinstance(q.evaluate(answer, seed=HIDDEN_SEEDS[1]), Correct)


def test_untouched_choice_and_open_stubs_are_not_attempted():
    for short in ("scale_matters", "tsne_features", "normalise_reduce", "data_quality"):
        assert isinstance(EX[short].evaluate(None), NotAttempted)


def test_the_shipped_label_is_the_customer_tables():
    assert LABEL == "high_value" and len(variant_table(3, 200)) > 0
