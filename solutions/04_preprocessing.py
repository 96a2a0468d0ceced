"""Reference solutions for notebook 04: preprocessing and feature selection.

Every answer of ``notebooks/04_preprocessing.ipynb`` is computed by a function here. Each
function imports what it needs from scikit-learn in its own body, because the notebook shows
it as a cell of its own (``q.solution()``): the cell runs with only ``pd`` and ``np`` defined.

The data are notebook 02's customer table (``grader.tables.read_customer_table``): heavy-tailed
spend columns, four categorical columns (gender, region, membership level, acquisition
channel) and the future-window label ``high_value``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "DATA_QUALITY_ANSWER",
    "NORMALISE_REDUCE_ANSWER",
    "SCALE_MATTERS",
    "TSNE_FEATURES",
    "cross_fitted_encoding",
    "cv_with_selection",
    "n_components",
    "value_model",
    "winsorise",
]

#: the right option of the question on which models a log transform of spend changes
SCALE_MATTERS = "c"


def winsorise(train, test, columns, q=0.01):
    """Clip outliers of some columns to bounds learnt on the training rows only.

    Parameters
    ----------
    train, test : pandas.DataFrame
        The same columns. Other columns (the label, its source ``future_spend``, ids) are
        returned unchanged.
    columns : list of str
        Numeric feature columns to clip.
    q : float
        The lower bound of a column is its ``q`` quantile *in train*, the upper bound its
        ``1 - q`` quantile in train (``DataFrame.quantile``, default linear interpolation;
        missing values are ignored and stay missing).

    Returns
    -------
    (pandas.DataFrame, pandas.DataFrame)
        New frames, same index and columns, with ``columns`` clipped to the training bounds.

    Examples
    --------
    >>> tr = pd.DataFrame({"spend": [1.0, 2.0, 3.0, 100.0], "future_spend": [0.0, 5.0, 9.0, 900.0]})
    >>> te = pd.DataFrame({"spend": [0.0, 500.0], "future_spend": [1.0, 2000.0]})
    >>> a, b = winsorise(tr, te, ["spend"], q=0.0)
    >>> b["spend"].tolist(), b["future_spend"].tolist()
    ([1.0, 100.0], [1.0, 2000.0])
    """
    low = train[columns].quantile(q)
    high = train[columns].quantile(1 - q)

    def clip(frame):
        return frame.assign(**{c: frame[c].clip(low[c], high[c]) for c in columns})

    return clip(train), clip(test)


def cross_fitted_encoding(categories, y):
    """Target-encode a categorical column without letting a row see its own label.

    The rows are split by ``StratifiedKFold(n_splits=5, shuffle=True, random_state=0)``
    (on ``y``). Each fold is encoded with statistics of the *other* four folds only: a row gets
    the mean of ``y`` over the other folds' rows of its category; a category absent from the
    other folds gets the mean of ``y`` over all the other folds' rows. This is what
    ``sklearn.preprocessing.TargetEncoder(smooth=0.0, cv=5, shuffle=True, random_state=0)``
    does in ``fit_transform``.

    Parameters
    ----------
    categories : pandas.Series
        A categorical column (strings, no missing values).
    y : pandas.Series
        The 0/1 label, same index.

    Returns
    -------
    pandas.Series
        Floats, same index and name as ``categories``.

    Examples
    --------
    >>> c = pd.Series(list("aabbbaabab") * 2, name="region")
    >>> y = pd.Series([1, 0, 0, 0, 1, 1, 0, 0, 1, 0] * 2)
    >>> enc = cross_fitted_encoding(c, y)
    >>> enc.between(0, 1).all(), enc.name
    (True, 'region')
    """
    from sklearn.model_selection import StratifiedKFold

    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    encoded = np.empty(len(categories))
    for fit_rows, encode_rows in folds.split(categories.to_frame(), y):
        fit_y = y.iloc[fit_rows]
        means = fit_y.groupby(categories.iloc[fit_rows].to_numpy()).mean()
        values = categories.iloc[encode_rows].map(means).fillna(fit_y.mean())
        encoded[encode_rows] = values.to_numpy(dtype=float)
    return pd.Series(encoded, index=categories.index, name=categories.name)


def n_components(X, share=0.9):
    """How many principal components of the *standardised* columns explain ``share`` of the variance.

    Parameters
    ----------
    X : pandas.DataFrame
        Numeric columns, no missing values.
    share : float
        The wanted share of the total variance, between 0 and 1.

    Returns
    -------
    int
        The smallest ``k`` such that the first ``k`` components of
        ``PCA().fit(StandardScaler().fit_transform(X))`` explain at least ``share`` of the
        variance (``explained_variance_ratio_`` summed).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> a = rng.normal(size=200)
    >>> X = pd.DataFrame({"a": a, "b": a + 0.01 * rng.normal(size=200), "c": rng.normal(size=200)})
    >>> n_components(X, 0.9)
    2
    """
    from sklearn.decomposition import PCA
    from sklearn.preprocessing import StandardScaler

    ratio = PCA().fit(StandardScaler().fit_transform(X)).explained_variance_ratio_
    return int(np.argmax(np.cumsum(ratio) >= share - 1e-12) + 1)


#: the right option of the question on t-SNE coordinates as model features
TSNE_FEATURES = "b"


def cv_with_selection(X, y, k):
    """The honest cross-validated ROC-AUC of a model that keeps the ``k`` best columns.

    Parameters
    ----------
    X : pandas.DataFrame
        Numeric columns, no missing values (many of them may be noise).
    y : pandas.Series
        The 0/1 label.
    k : int
        How many columns ``SelectKBest(f_classif, k=k)`` keeps.

    Returns
    -------
    float
        The mean of ``cross_val_score`` with ``scoring="roc_auc"`` and
        ``cv=StratifiedKFold(n_splits=5, shuffle=True, random_state=0)`` of
        ``make_pipeline(StandardScaler(), SelectKBest(f_classif, k=k),
        LogisticRegression(max_iter=1000))``: the selection is refitted inside every
        training fold, so no validation row helps choose the columns it is scored with.
    """
    from sklearn.feature_selection import SelectKBest, f_classif
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    model = make_pipeline(StandardScaler(), SelectKBest(f_classif, k=k), LogisticRegression(max_iter=1000))
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    return float(cross_val_score(model, X, y, cv=folds, scoring="roc_auc").mean())


def value_model():
    """An unfitted pipeline for ``high_value`` that selects, imputes, scales and encodes its own columns.

    It receives every column of the customer table except the label (``customer_id``,
    ``signup_date`` and ``future_spend`` included) and uses only the features: numeric ones
    imputed with the training median plus missing indicators, then standardised; categorical
    ones with "missing" as a category of its own, one-hot encoded with categories unseen in
    training ignored; then a logistic regression.

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
NORMALISE_REDUCE_ANSWER = (
    "Normalisation: models that compare distances or weigh coefficients with a penalty (k-NN, "
    "k-means, SVMs, regularised linear and logistic regression, neural networks, PCA) need "
    "features on comparable scales, otherwise the column measured in the largest unit (spend in "
    "yuan, tenure in days) dominates; tree models split on thresholds and are unchanged by any "
    "monotone transform, so they do not need it. For heavy-tailed spend, StandardScaler keeps the "
    "tail (one whale is still 30 standard deviations out): a log1p or a quantile transform, or "
    "RobustScaler (median and IQR), suits it better, and outliers can be clipped at training "
    "quantiles. Every scaler is a fitted step: learn it on training rows inside the pipeline. "
    "Dimensionality reduction: PCA on standardised columns gives linear, uncorrelated components "
    "ranked by explained variance; it helps a linear model when columns are many and collinear, "
    "costs interpretability, is unsupervised (the high-variance directions need not predict "
    "value) and rarely helps trees, which lose the original axes they split on. Choose the "
    "number of components by cross-validated score, not only by a variance threshold. t-SNE (and "
    "UMAP without care) is for pictures only: it preserves local neighbourhoods, not distances or "
    "cluster sizes; it is stochastic; and scikit-learn's TSNE has no transform, so a new "
    "customer cannot be placed without refitting on all rows, which moves every point and puts "
    "the test rows into the fit. So it cannot make model features, contrary to the original "
    "answer. For high-cardinality categories, target encoding (cross-fitted) or hashing is the "
    "reduction to use."
)

DATA_QUALITY_ANSWER = (
    "Beyond missing values: duplicates (repeated order lines from a retried export, one customer "
    "under two ids) inflate frequency and spend: deduplicate on a business key and count what "
    "was removed. Outliers: first ask whether they are errors (a price of 999999, a negative "
    "quantity, an age of 200: fix or set missing) or real (a wholesale buyer: keep, but clip or "
    "log-transform for scale-sensitive models, with bounds learnt on training rows; never clip "
    "the label's source when measuring value, and decide whether resellers belong in the "
    "population at all). Noise: label noise (returns processed after the window, test orders) "
    "and measurement noise (bots inflating views) - reduce it with clear definitions, filters and "
    "robust features (medians, ranks), and measure it by checking a sample by hand. Also check "
    "consistency (dates in the future, signup after the first order, currencies and units mixed), "
    "stale or as-of-today attributes that leak, and drift between training and scoring data. "
    "Make the checks automatic (assertions or a validation schema in the pipeline), report "
    "counts per check, and tell the data owners so the source gets fixed."
)
