"""Reference solutions for notebook 03: missing data in the customer table.

Every answer of ``notebooks/03_missing_data.ipynb`` is computed by a function here. Each
function imports what it needs from scipy or scikit-learn in its own body, because the
notebook shows it as a cell of its own (``q.solution()``): the cell runs with only ``pd``
and ``np`` defined.

The table is notebook 02's customer table (``grader.tables.read_customer_table``). Its
missing values come from three documented mechanisms plus one structural gap:
``gender`` MCAR, ``age`` MAR (more often missing for the "social" channel), ``region``
MNAR (withheld more often by low spenders) and ``mean_days_between_orders``, which is
undefined for a customer with a single order.
"""

from __future__ import annotations

import pandas as pd

__all__ = [
    "HOW_TO_HANDLE_ANSWER",
    "MECHANISMS",
    "MNAR_REGION_ANSWER",
    "NATIVE_NAN",
    "STRUCTURAL_GAP",
    "cv_score",
    "dropna_effect",
    "impute_train_test",
    "missing_by_segment",
    "missing_report",
    "missingness_test",
    "training_data",
    "value_model",
]


def missing_report(table):
    """Count the missing values of every column that has any.

    Parameters
    ----------
    table : pandas.DataFrame
        Any table; ``NaN``, ``None`` and ``NaT`` count as missing.

    Returns
    -------
    pandas.DataFrame
        One row per column of ``table`` with at least one missing value, indexed by the
        column name (index name ``"column"``), with the columns

        - ``n_missing``: the number of missing values (int)
        - ``share_missing``: ``n_missing / len(table)``, a fraction between 0 and 1

        sorted by ``share_missing``, largest first; equal shares keep the table's column
        order. A table without missing values gives an empty frame with these columns.

    Examples
    --------
    >>> NA = float("nan")
    >>> t = pd.DataFrame({"a": [1.0, NA, NA, 4.0], "b": ["x", None, "y", "z"], "c": [1, 2, 3, 4]})
    >>> missing_report(t).to_dict("index")
    {'a': {'n_missing': 2, 'share_missing': 0.5}, 'b': {'n_missing': 1, 'share_missing': 0.25}}
    """
    missing = table.isna()
    report = pd.DataFrame({"n_missing": missing.sum(), "share_missing": missing.mean()})
    report = report[report["n_missing"] > 0]
    report = report.sort_values("share_missing", ascending=False, kind="stable")
    report.index.name = "column"
    return report


def missing_by_segment(table, by):
    """The share of missing values of each column within each segment of ``by``.

    Parameters
    ----------
    table : pandas.DataFrame
        The customer table (or any table).
    by : str
        The column that defines the segments (e.g. ``"acquisition_channel"``); it has no
        missing values.

    Returns
    -------
    pandas.DataFrame
        One row per distinct value of ``by`` (sorted; the index is named ``by``) and one
        column per column of ``table`` other than ``by`` that has at least one missing
        value (in the table's column order). Each cell is the share of the segment's rows
        in which that column is missing: a fraction between 0 and 1.

    Examples
    --------
    >>> NA = float("nan")
    >>> t = pd.DataFrame({"seg": ["a", "a", "b", "b"], "age": [30.0, NA, NA, NA],
    ...                   "tier": [1, 2, 3, 1]})
    >>> missing_by_segment(t, "seg")["age"].to_dict()
    {'a': 0.5, 'b': 1.0}
    """
    missing = table.drop(columns=by).isna()
    columns = missing.columns[missing.any()]
    return missing[columns].groupby(table[by]).mean()


def missingness_test(table, column, by):
    """Test whether the missingness of ``column`` depends on the observed column ``by``.

    A chi-squared test of independence between "is ``column`` missing?" and ``by``.

    Parameters
    ----------
    table : pandas.DataFrame
    column : str
        The column whose missingness is tested.
    by : str
        An observed categorical column with a few distinct values (bin a numeric column
        first, e.g. with ``pd.qcut``). Rows where ``by`` is missing are left out.

    Returns
    -------
    float
        The p-value of ``scipy.stats.chi2_contingency`` (default settings) applied to the
        table of *counts* ``pd.crosstab(table[column].isna(), table[by])``. A small value
        is evidence that the missingness depends on ``by`` (so it is not MCAR). A column
        that is never (or always) missing gives 1.0: no evidence of anything.

    Examples
    --------
    >>> NA = float("nan")
    >>> t = pd.DataFrame({"age": [NA] * 30 + [30.0] * 70,
    ...                   "channel": ["social"] * 30 + ["organic"] * 70})
    >>> missingness_test(t, "age", "channel") < 1e-6
    True
    """
    from scipy.stats import chi2_contingency

    counts = pd.crosstab(table[column].isna(), table[by])
    return float(chi2_contingency(counts).pvalue)


#: the right option of the mechanisms question
MECHANISMS = "c"
#: the right option of the question on ``mean_days_between_orders`` (undefined for one order)
STRUCTURAL_GAP = "b"


def dropna_effect(table):
    """What ``table.dropna()`` does to the customers a value model must learn from.

    Parameters
    ----------
    table : pandas.DataFrame
        The customer table, with the bool label ``high_value`` and ``frequency``.

    Returns
    -------
    dict
        With the keys

        - ``"customers_kept"``: the share of rows that ``table.dropna()`` keeps
        - ``"high_value_kept"``: the share of high-value customers it keeps
        - ``"positive_rate_after"``: the share of high-value customers among the kept rows
        - ``"one_order_high_value_kept"``: the number (int) of kept high-value customers
          with ``frequency == 1``

    Examples
    --------
    >>> NA = float("nan")
    >>> t = pd.DataFrame({"frequency": [1, 3, 2, 1], "high_value": [True, True, False, False],
    ...                   "mean_days_between_orders": [NA, 20.0, 35.0, NA]})
    >>> dropna_effect(t)["positive_rate_after"]
    0.5
    """
    kept = table.dropna()
    return {
        "customers_kept": len(kept) / len(table),
        "high_value_kept": float(kept["high_value"].sum() / table["high_value"].sum()),
        "positive_rate_after": float(kept["high_value"].mean()),
        "one_order_high_value_kept": int((kept["high_value"] & (kept["frequency"] == 1)).sum()),
    }


def training_data(table, features):
    """The rows and columns a value model may be trained on.

    Parameters
    ----------
    table : pandas.DataFrame
        A customer table whose label ``high_value`` may be missing (pandas ``"boolean"``
        dtype with ``<NA>``): for those customers the label window is not over yet, and
        their ``future_spend`` is missing too. Feature columns may have missing values.
    features : list of str
        The feature columns.

    Returns
    -------
    X : pandas.DataFrame
        The rows whose label is known (all of them, whatever their features), the columns
        ``features`` in that order, missing feature values left as they are, the table's
        index kept.
    y : pandas.Series
        ``high_value`` of the same rows as int64 (1 for high value, else 0), named
        ``"high_value"``, with the same index as ``X``.

    Examples
    --------
    >>> NA = float("nan")
    >>> t = pd.DataFrame({"age": [30.0, NA, 41.0], "future_spend": [900.0, 0.0, NA],
    ...                   "high_value": pd.array([True, False, None], dtype="boolean")})
    >>> X, y = training_data(t, ["age"])
    >>> X.index.tolist(), y.tolist()
    ([0, 1], [1, 0])
    """
    labelled = table[table["high_value"].notna()]
    X = labelled[list(features)]
    y = labelled["high_value"].astype("int64").rename("high_value")
    return X, y


def impute_train_test(train, test):
    """Fill missing values with statistics learned on the training rows only.

    Parameters
    ----------
    train, test : pandas.DataFrame
        The same columns: numeric ones (``select_dtypes("number")``) and text ones (every
        other column). Each numeric column has at least one value in ``train``.

    Returns
    -------
    (pandas.DataFrame, pandas.DataFrame)
        New frames for ``train`` and ``test``, same index, where

        - a missing numeric value is filled with the *median of that column in train*
        - a missing text value is filled with the string ``"missing"``
        - for every numeric column with at least one missing value *in train*, a bool
          column ``<column>_was_missing`` (True where the original value was missing) is
          appended to both frames, after the original columns, in column order. A column
          that is complete in ``train`` gets no indicator, even if ``test`` has gaps in it
          (a model fitted on ``train`` would not know that column).

    Examples
    --------
    >>> NA = float("nan")
    >>> train = pd.DataFrame({"age": [20.0, NA, 40.0], "region": ["N", None, "S"]})
    >>> test = pd.DataFrame({"age": [NA], "region": [None]})
    >>> impute_train_test(train, test)[1]
        age   region  age_was_missing
    0  30.0  missing             True
    """
    numeric = train.select_dtypes("number").columns
    text = [c for c in train.columns if c not in numeric]
    medians = train[numeric].median()
    flagged = [c for c in numeric if train[c].isna().any()]

    def fill(frame):
        out = frame.fillna(medians.to_dict())
        out[text] = out[text].fillna("missing")
        return out.assign(**{f"{c}_was_missing": frame[c].isna() for c in flagged})

    return fill(train), fill(test)


def cv_score(X, y, strategy="median", add_indicator=False, scoring="roc_auc"):
    """The cross-validated score of a model whose imputation is learned inside each fold.

    Parameters
    ----------
    X : pandas.DataFrame
        Numeric features, some with missing values.
    y : pandas.Series
        The 0/1 label.
    strategy : str
        The ``strategy`` of ``sklearn.impute.SimpleImputer`` (``"mean"``, ``"median"``, ...).
    add_indicator : bool
        The imputer's ``add_indicator``.
    scoring : str
        A scikit-learn scorer name: ``"roc_auc"``, or ``"neg_log_loss"``, which also
        notices small changes of the predicted probabilities.

    Returns
    -------
    float
        The mean of ``cross_val_score`` for the pipeline
        ``make_pipeline(SimpleImputer(strategy=strategy, add_indicator=add_indicator),
        StandardScaler(), LogisticRegression(max_iter=1000))`` on ``X, y`` with
        ``cv=StratifiedKFold(n_splits=5, shuffle=True, random_state=0)`` and
        ``scoring=scoring``. Every row of ``X`` is used.

    Examples
    --------
    >>> from grader.tables import NUMERIC_FEATURES, variant_table
    >>> t = variant_table(0, 400)
    >>> 0.5 < cv_score(t[NUMERIC_FEATURES], t["high_value"].astype(int)) < 1.0
    True
    """
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    model = make_pipeline(SimpleImputer(strategy=strategy, add_indicator=add_indicator),
                          StandardScaler(), LogisticRegression(max_iter=1000))
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    return float(cross_val_score(model, X, y, cv=folds, scoring=scoring).mean())


#: the right option of the question on HistGradientBoosting and NaN
NATIVE_NAN = "a"


def value_model():
    """An unfitted pipeline for ``high_value`` that handles missing values inside itself.

    It receives every column of the customer table except the label (``customer_id``,
    ``signup_date`` and ``future_spend`` included) and uses only the features: numeric
    ones imputed with the training median plus missing indicators, then standardised;
    categorical ones with "missing" as a category of its own, one-hot encoded; then a
    logistic regression.

    Returns
    -------
    sklearn.pipeline.Pipeline

    Examples
    --------
    >>> value_model().steps[-1][0]
    'logisticregression'
    """
    from sklearn.compose import make_column_transformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    from grader.tables import CATEGORICAL_FEATURES, NUMERIC_FEATURES

    numeric = make_pipeline(SimpleImputer(strategy="median", add_indicator=True), StandardScaler())
    categorical = make_pipeline(SimpleImputer(strategy="constant", fill_value="missing"),
                                OneHotEncoder(handle_unknown="ignore"))
    features = make_column_transformer((numeric, NUMERIC_FEATURES), (categorical, CATEGORICAL_FEATURES))
    return make_pipeline(features, LogisticRegression(max_iter=1000))


#: model answers of the closing interview questions (English; the questions hold the Chinese)
HOW_TO_HANDLE_ANSWER = (
    "First measure, then decide, then validate. Measure: the share missing per column and per "
    "segment (channel, spend band, one-order customers), and whether the gaps are real (NaN) or "
    "disguised (0, 'unknown', -1). Ask why each value is missing: completely at random (MCAR, "
    "e.g. gender here), depending on something observed (MAR, e.g. age missing more for the "
    "social channel), depending on the missing value or an unobserved trait (MNAR, e.g. low "
    "spenders withhold their region), or not applicable by construction (the gap between orders "
    "of a one-order customer). Test what can be tested: does the missingness depend on observed "
    "columns or on the label? Then: never drop rows because a feature is missing (listwise "
    "deletion loses customers you must score and biases the sample unless the data are MCAR; "
    "here it removes every one-order customer); drop a column only if it is nearly empty and "
    "carries no signal. Impute inside the pipeline, with statistics learned on the training fold "
    "only: median for skewed numbers, a 'missing' category for categoricals, KNN or iterative "
    "imputation when other columns predict the gap, and add missing indicators, because the fact "
    "of missingness is itself informative under MAR/MNAR and the only honest encoding of "
    "'not applicable'. Or use a model that handles NaN natively (histogram gradient boosting "
    "learns where missing values go at each split). Never impute the target: rows with an "
    "unknown label are left out of training. Compare the options by cross-validated score and "
    "check that no segment is scored worse; for MNAR, run a sensitivity analysis and say in "
    "the report which customers' values are uncertain."
)

MNAR_REGION_ANSWER = (
    "The data show a trace: customers without a region spend less per order, and the share "
    "missing falls steeply from the lowest to the highest spend-per-order tercile, far more than "
    "it varies along any other observed column. They cannot show the "
    "mechanism itself: the generator hides region for customers whose underlying spending "
    "level is low, a trait no column records exactly, so the pattern looks MAR on "
    "avg_order_value but is MNAR. Consequences: filling region with the most frequent region "
    "invents a geography for low spenders and biases any regional report; dropping those "
    "customers removes low spenders from training, so the training data over-represent better "
    "customers and the model's probabilities drift upward. Treat 'missing' as a category of its "
    "own (or add an indicator), which lets the model use the signal the withholding carries; "
    "keep the spend features that explain most of it; and in regional reporting show 'unknown' "
    "as its own row rather than spreading it over "
    "the regions. If region matters for a decision, collect it (e.g. from delivery addresses) "
    "and check how results change under different assumptions about the unknowns."
)
