"""Reference solutions for notebook 05: baselines, validation schemes and comparing model families.

Every answer of ``notebooks/05_model_selection.ipynb`` is computed here. The notebook shows
each function as a cell of its own (``q.solution()``), so the functions use only the names the
notebook's first cell imports (numpy, pandas, the scikit-learn classes below and the feature
lists of :mod:`grader.tables`).

Everything is seeded: folds, splits, bootstrap resamples and models take an explicit seed, so
two runs (and the learner's and the reference's runs) see exactly the same rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.compose import make_column_transformer
from sklearn.dummy import DummyClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_score, cross_validate, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from grader.tables import CATEGORICAL_FEATURES, NUMERIC_FEATURES

__all__ = [
    "CURVE_READING",
    "DEPLOYMENT_VALIDATION",
    "EVALUATION_ANSWER",
    "LOOKBACK_VERDICT",
    "SEED_SNIPPET_ANSWER",
    "WORKFLOW_ANSWER",
    "bootstrap_auc_ci",
    "compare_models",
    "dummy_baseline",
    "holdout_auc",
    "lookback_features",
    "out_of_time_split",
    "paired_bootstrap_auc_diff",
    "value_model",
]


def dummy_baseline(X, y):
    """Cross-validated scores of the majority-class baseline (the floor any model must beat).

    Parameters
    ----------
    X : pandas.DataFrame
        The features (the baseline ignores them).
    y : pandas.Series
        The boolean ``high_value`` label.

    Returns
    -------
    dict
        ``{"accuracy": ..., "roc_auc": ..., "average_precision": ...}``: plain floats, each the
        mean over the five folds of ``StratifiedKFold(5, shuffle=True, random_state=0)`` of
        ``DummyClassifier(strategy="most_frequent")`` (it predicts "not high value" for
        everyone and the same probability for everyone).

    Examples
    --------
    >>> y = pd.Series([True] * 20 + [False] * 80)
    >>> dummy_baseline(pd.DataFrame({"x": range(100)}), y)
    {'accuracy': 0.8, 'roc_auc': 0.5, 'average_precision': 0.2}
    """
    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    scores = cross_validate(DummyClassifier(strategy="most_frequent"), X, y, cv=cv,
                            scoring=["accuracy", "roc_auc", "average_precision"])
    return {name: float(scores[f"test_{name}"].mean())
            for name in ("accuracy", "roc_auc", "average_precision")}


def holdout_auc(X, y, test_size=0.25, seed=0):
    """ROC-AUC of a scaled logistic regression on one stratified holdout split.

    Parameters
    ----------
    X : pandas.DataFrame
        Numeric features; some values are missing (NaN).
    y : pandas.Series
        The boolean label.
    test_size : float
        The share of rows held out for testing.
    seed : int
        The ``random_state`` of the split.

    Returns
    -------
    float
        Split with ``train_test_split(X, y, test_size=test_size, stratify=y,
        random_state=seed)``; fit ``make_pipeline(SimpleImputer(strategy="median"),
        StandardScaler(), LogisticRegression(max_iter=1000))`` on the training rows only;
        return the ROC-AUC of its ``predict_proba(...)[:, 1]`` on the test rows, as a float.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = pd.DataFrame({"x": rng.normal(size=200)})
    >>> y = pd.Series(X["x"] + rng.normal(size=200) > 1)
    >>> 0.5 < holdout_auc(X, y) <= 1.0
    True
    """
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, stratify=y, random_state=seed)
    model = make_pipeline(SimpleImputer(strategy="median"), StandardScaler(),
                          LogisticRegression(max_iter=1000))
    model.fit(X_train, y_train)
    return float(roc_auc_score(y_test, model.predict_proba(X_test)[:, 1]))


def bootstrap_auc_ci(y_true, scores, n_boot=1000, level=0.95, seed=0):
    """ROC-AUC of fixed scores with a percentile bootstrap confidence interval.

    Parameters
    ----------
    y_true : array-like of bool
        The true labels of the test customers (a Series may carry any index: convert with
        ``np.asarray`` first, then index by position).
    scores : array-like of float
        The model's scores for the same customers, in the same order.
    n_boot : int
        The number of bootstrap resamples.
    level : float
        The confidence level, e.g. 0.95.
    seed : int
        Seed of ``rng = np.random.default_rng(seed)``.

    Returns
    -------
    dict
        ``{"auc": ..., "low": ..., "high": ...}`` as floats. ``auc`` is the ROC-AUC on all
        customers. For each of the ``n_boot`` rounds, draw ``idx = rng.integers(0, n, size=n)``
        (``n`` customers, with replacement; drawing all rounds at once as
        ``rng.integers(0, n, size=(n_boot, n))`` gives the same numbers) and score the *pairs*
        ``(y_true[idx], scores[idx])``; a resample holding only one class has no AUC and is
        skipped. ``low`` and ``high`` are ``np.percentile`` of the resample AUCs at
        ``100 * (1 - level) / 2`` and ``100 * (1 + level) / 2`` (2.5 and 97.5 for 0.95).

    Examples
    --------
    >>> y = np.array([0, 0, 0, 1, 1, 0, 1, 0, 0, 1])
    >>> s = np.array([0.1, 0.3, 0.2, 0.8, 0.4, 0.5, 0.9, 0.3, 0.2, 0.7])
    >>> ci = bootstrap_auc_ci(y, s, n_boot=200)
    >>> ci["low"] <= ci["auc"] <= ci["high"]
    True
    """
    y_true, scores = np.asarray(y_true), np.asarray(scores)
    n = len(y_true)
    rng = np.random.default_rng(seed)
    aucs = []
    for _ in range(n_boot):
        idx = rng.integers(0, n, size=n)
        if len(np.unique(y_true[idx])) < 2:
            continue
        aucs.append(roc_auc_score(y_true[idx], scores[idx]))
    tail = 100 * (1 - level) / 2
    low, high = np.percentile(aucs, [tail, 100 - tail])
    return {"auc": float(roc_auc_score(y_true, scores)), "low": float(low), "high": float(high)}


def paired_bootstrap_auc_diff(y_true, scores_a, scores_b, n_boot=1000, level=0.95, seed=0):
    """How much better model B ranks than model A, with a paired percentile bootstrap interval.

    Parameters
    ----------
    y_true : array-like of bool
        The true labels of the test customers (a Series may carry any index: convert with
        ``np.asarray`` first, then index by position).
    scores_a, scores_b : array-like of float
        The scores of model A and of model B for the same customers, in the same order.
    n_boot : int
        The number of bootstrap resamples.
    level : float
        The confidence level, e.g. 0.95.
    seed : int
        Seed of ``rng = np.random.default_rng(seed)``.

    Returns
    -------
    dict
        ``{"diff": ..., "low": ..., "high": ...}`` as floats. ``diff`` is ``AUC_B - AUC_A`` on
        all customers. For each of the ``n_boot`` rounds, draw ``idx = rng.integers(0, n,
        size=n)`` once and score *both* models on the same resampled customers: the
        difference ``AUC(y_true[idx], scores_b[idx]) - AUC(y_true[idx], scores_a[idx])``; a
        resample holding only one class is skipped. ``low`` and ``high`` are ``np.percentile``
        of the resample differences at ``100 * (1 - level) / 2`` and ``100 * (1 + level) / 2``.

    Examples
    --------
    >>> y = np.array([0, 0, 0, 1, 1, 0, 1, 0, 0, 1])
    >>> a = np.array([0.1, 0.3, 0.2, 0.8, 0.4, 0.5, 0.9, 0.3, 0.2, 0.7])
    >>> paired_bootstrap_auc_diff(y, a, 2 * a, n_boot=50)  # same ranking: no difference at all
    {'diff': 0.0, 'low': 0.0, 'high': 0.0}
    """
    y_true, scores_a, scores_b = np.asarray(y_true), np.asarray(scores_a), np.asarray(scores_b)
    n = len(y_true)
    rng = np.random.default_rng(seed)
    diffs = []
    for _ in range(n_boot):
        idx = rng.integers(0, n, size=n)
        if len(np.unique(y_true[idx])) < 2:
            continue
        diffs.append(roc_auc_score(y_true[idx], scores_b[idx]) - roc_auc_score(y_true[idx], scores_a[idx]))
    tail = 100 * (1 - level) / 2
    low, high = np.percentile(diffs, [tail, 100 - tail])
    diff = roc_auc_score(y_true, scores_b) - roc_auc_score(y_true, scores_a)
    return {"diff": float(diff), "low": float(low), "high": float(high)}


def compare_models(models, X, y, n_splits=5, seed=0):
    """Cross-validated ROC-AUC of several models on the same stratified folds.

    Parameters
    ----------
    models : dict
        Name → unfitted scikit-learn estimator or pipeline.
    X : pandas.DataFrame
        The features.
    y : pandas.Series
        The boolean label.
    n_splits : int
        The number of folds.
    seed : int
        The ``random_state`` of the folds.

    Returns
    -------
    pandas.DataFrame
        One row per fold (index ``0 .. n_splits - 1``) and one column per model, in the order
        of ``models``: the ROC-AUC of the model fitted on the other folds and scored on that
        fold. Every model is scored on the *same* folds, those of one
        ``StratifiedKFold(n_splits, shuffle=True, random_state=seed)``, so that the columns can
        be compared fold by fold.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = pd.DataFrame({"x": rng.normal(size=100)})
    >>> y = pd.Series(X["x"] > 0.8)
    >>> compare_models({"baseline": DummyClassifier()}, X, y, n_splits=3)["baseline"].tolist()
    [0.5, 0.5, 0.5]
    """
    cv = StratifiedKFold(n_splits, shuffle=True, random_state=seed)
    return pd.DataFrame({name: cross_val_score(model, X, y, cv=cv, scoring="roc_auc")
                         for name, model in models.items()})


def out_of_time_split(panel, test_snapshot):
    """Split a panel of customer snapshots the way a shop deploys: train on the past, test later.

    Parameters
    ----------
    panel : pandas.DataFrame
        One row per customer and snapshot, with (at least) the Timestamp columns ``snapshot``
        (when the features were taken) and ``window_end`` (the end of the label window
        ``[snapshot, window_end)``). The same customer appears once per snapshot.
    test_snapshot : pandas.Timestamp
        The snapshot playing "today": the date the model is deployed and scores customers.

    Returns
    -------
    (pandas.DataFrame, pandas.DataFrame)
        ``(train, test)``, both keeping the panel's columns, index and row order. ``test``: the
        rows with ``snapshot == test_snapshot``. ``train``: the rows whose label was already
        known on that date, i.e. whose window had closed: ``window_end <= test_snapshot`` (the
        window is half-open, so one ending exactly on the test snapshot is complete). Every other
        row (later snapshots, and earlier ones whose window was still open) belongs to neither.
        The same customer may appear in both parts: the shop scores its existing customers again
        at every snapshot.

    Examples
    --------
    >>> panel = pd.DataFrame({
    ...     "customer_id": [1, 1, 1],
    ...     "snapshot": pd.to_datetime(["2025-01-01", "2025-04-01", "2025-07-01"]),
    ...     "window_end": pd.to_datetime(["2025-07-01", "2025-10-01", "2026-01-01"])})
    >>> train, test = out_of_time_split(panel, pd.Timestamp("2025-07-01"))
    >>> train.index.tolist(), test.index.tolist()
    ([0], [2])
    """
    train = panel[panel["window_end"] <= test_snapshot]
    test = panel[panel["snapshot"] == test_snapshot]
    return train, test


def lookback_features(orders, snapshot, months=12):
    """Recency, frequency, monetary value and tenure from a fixed lookback window before ``snapshot``.

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order, with (at least) ``order_id``, ``customer_id``, ``order_time``
        (Timestamp) and ``amount`` (net of returns). It may hold orders from any date, also
        at and after the snapshot.
    snapshot : pandas.Timestamp
        The moment the features describe.
    months : int
        The length of the lookback window.

    Returns
    -------
    pandas.DataFrame
        Only the orders of the half-open window ``[snapshot - pd.DateOffset(months=months),
        snapshot)`` count: one row per customer with at least one of them, sorted by
        ``customer_id``, with a fresh RangeIndex and the columns

        - ``customer_id``
        - ``recency``: whole days from the customer's last order in the window to the
          snapshot, ``(snapshot - last).days``
        - ``frequency``: the number of distinct orders in the window
        - ``monetary``: the sum of their ``amount``
        - ``tenure_days``: whole days from the customer's *first order in the window* to the
          snapshot (so never more than the window's length)

    Examples
    --------
    >>> orders = pd.DataFrame({
    ...     "order_id": [1, 2, 3], "customer_id": [7, 7, 7], "amount": [10.0, 20.0, 5.0],
    ...     "order_time": pd.to_datetime(["2024-03-01", "2025-03-01", "2025-06-21"])})
    >>> lookback_features(orders, pd.Timestamp("2025-07-01"))
       customer_id  recency  frequency  monetary  tenure_days
    0            7       10          2      25.0          122
    """
    start = snapshot - pd.DateOffset(months=months)
    window = orders[(orders["order_time"] >= start) & (orders["order_time"] < snapshot)]
    features = (
        window.groupby("customer_id", sort=True)
        .agg(first=("order_time", "min"), last=("order_time", "max"),
             frequency=("order_id", "nunique"), monetary=("amount", "sum"))
        .reset_index()
    )
    features["recency"] = (snapshot - features["last"]).dt.days
    features["tenure_days"] = (snapshot - features["first"]).dt.days
    return features[["customer_id", "recency", "frequency", "monetary", "tenure_days"]]


def value_model():
    """An unfitted pipeline for the high-value label, fit to be trained on an earlier snapshot.

    The pipeline receives the whole customer table except the label (so also
    ``customer_id``, ``signup_date`` and ``future_spend``) and selects the features itself:
    ``NUMERIC_FEATURES`` imputed by their median (with an indicator of the gaps) and
    standardised, ``CATEGORICAL_FEATURES`` one-hot encoded (a missing value is a category of
    its own; a category unseen in training gets all zeros), then a logistic regression. Every
    other column is dropped.

    Returns
    -------
    sklearn.pipeline.Pipeline

    Examples
    --------
    >>> value_model().steps[-1][0]
    'logisticregression'
    """
    numeric = make_pipeline(SimpleImputer(strategy="median", add_indicator=True), StandardScaler())
    features = make_column_transformer((numeric, NUMERIC_FEATURES),
                                       (OneHotEncoder(handle_unknown="ignore"), CATEGORICAL_FEATURES))
    return make_pipeline(features, LogisticRegression(max_iter=1000))


#: the validation that matches deployment: train on an earlier snapshot, test on the later one
DEPLOYMENT_VALIDATION = "b"
#: reading a learning curve: a validation curve still rising with more rows is variance
CURVE_READING = frozenset({"b", "d"})
#: why the first out-of-time comparison proves little: its snapshots measure different history lengths
LOOKBACK_VERDICT = "d"

#: model answers of the closing interview questions (English; the questions hold the Chinese)
WORKFLOW_ANSWER = (
    "1) Frame the decision and the target: which customers marketing acts on and what "
    "'value' means, e.g. the top 20% of net spend in the six months after a snapshot date. "
    "2) Collect and clean the data (orders net of returns and duplicates, sessions, profile) "
    "and fix the calendar: features only from history before the snapshot, the label from the "
    "window after it, over a lookback of the same length at every snapshot. 3) Build the "
    "customer table (RFM, behaviour, profile) and keep all "
    "preprocessing (imputation, scaling, encoding) inside a scikit-learn pipeline so it is fit "
    "on training rows only. 4) Start with a baseline (majority class, or RFM rules) and a "
    "metric that fits a 20% label and a ranking use: ROC-AUC or PR-AUC, not accuracy. "
    "5) Compare a few model families (scaled logistic regression, random forest, gradient "
    "boosting) on the same stratified folds and prefer the simplest one within the noise. "
    "6) Tune a little, then validate out of time: train on an earlier snapshot, test on a "
    "later one, with a bootstrap interval for the final metric (a paired one for the "
    "difference between two models). 7) Deploy as batch scoring "
    "at each snapshot, monitor drift and the realised value of scored customers, and retrain "
    "on a schedule."
)
EVALUATION_ANSWER = (
    "First choose the metric for the use: the label is 20% positive and marketing ranks "
    "customers, so ROC-AUC or PR-AUC (plus lift at the contacted share), never accuracy, "
    "which is 0.8 for a model that predicts 'no' for everyone. Then the scheme. A holdout "
    "(one train/test split) is cheap and mimics scoring unseen customers, but one split is "
    "noisy: its AUC moves by several points from one random seed to the next. Stratified "
    "k-fold cross-validation uses every row for testing once and gives a mean and a spread; "
    "repeated k-fold averages away the luck of one partition. The fold scores are not "
    "independent (the training sets overlap), so their spread understates the uncertainty "
    "of the mean and a naive t-test on folds is too confident (Nadeau and Bengio's corrected "
    "test exists for this). Models are compared on the same folds, fold by fold. The "
    "bootstrap resamples the (label, score) pairs of a fixed test set to put a confidence "
    "interval on its metric; to compare two models, resample the customers once per round "
    "and score both (a paired bootstrap of AUC_B - AUC_A, or DeLong's test): two separate "
    "intervals that overlap do not show that there is no difference. The bootstrap of a "
    "fixed test set ignores the variability of training. Finally, because the model is "
    "deployed on a later date, the deciding estimate is "
    "out-of-time: fit on an earlier snapshot and test on the next, which also shows drift, "
    "with features built on a lookback window of the same length at both snapshots. "
    "Preprocessing is always fit inside the training folds, and features must not leak the "
    "future."
)
SEED_SNIPPET_ANSWER = (
    "1) Accuracy on a label with 80% negatives: a model that says 'not high value' to everyone "
    "scores 0.8; use ROC-AUC or PR-AUC from predict_proba and report the dummy baseline next "
    "to it. 2) One random 80/20 split without stratify=y: the score depends on the seed and "
    "the positive share of the test set; use stratified k-fold (repeated) or at least a "
    "bootstrap interval. 3) A random split of customers is not how the model is used: it is "
    "trained on the past and scores the future, so validate out of time on a later snapshot. "
    "4) `data.drop('customer_value', axis=1)` keeps every other column as a feature: "
    "identifiers, dates and anything measured after the snapshot (future spend, later "
    "returns) leak; select the features explicitly. 5) There is no preprocessing pipeline: "
    "the text categories and the datetime column make RandomForestClassifier fail (NaN is "
    "accepted since scikit-learn 1.4, but an imputer with an indicator makes the treatment "
    "explicit), and any imputation or scaling done before the split leaks test rows; put it "
    "in a Pipeline. 6) Only one model "
    "family is tried and nothing is compared with a baseline; compare logistic regression, "
    "random forest and gradient boosting on the same folds and pick the simplest within the "
    "noise. 7) The forest's fully grown trees make its training score meaningless (judge it by "
    "out-of-bag or cross-validated scores); on small noisy tables a larger min_samples_leaf "
    "can help, which a learning curve shows."
)
