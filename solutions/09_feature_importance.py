"""Reference solutions for notebook 09: which features a customer value model relies on.

Every answer of ``notebooks/09_feature_importance.ipynb`` comes from here: the functions the
learner writes, the right letters of the choice questions and the English model answers of
the interview questions.

Conventions shared by the questions: importance is measured with the metric the campaign
uses (average precision of the positive class, ``True`` = high value); a permutation is
seeded so that a number in a report can be reproduced; SHAP values of a gradient-boosted
classifier are on its raw output, the log-odds, where they add up exactly.
"""

from __future__ import annotations

import pandas as pd
import shap
from sklearn.inspection import permutation_importance

__all__ = [
    "COEFFICIENTS_RULE",
    "DUPLICATE_RULE",
    "MARKETING_ANSWER",
    "NOISE_RULE",
    "SEED_CODE_RULE",
    "SELECTION_ANSWER",
    "beats_noise",
    "heldout_importance",
    "top_driver",
]

#: the right option of the noise-column question (impurity is measured on the training splits)
NOISE_RULE = "c"
#: the right option of the duplicated-feature question (the copies share the credit)
DUPLICATE_RULE = "b"
#: the right option of the "model coefficients" question
COEFFICIENTS_RULE = "d"
#: the right options of the review of the original coding task 5
SEED_CODE_RULE = frozenset({"a", "d"})

#: model answer: interview question 1, feature selection
SELECTION_ANSWER = (
    "Start from the business question and the snapshot: only features known at the snapshot date "
    "are candidates, and anything computed from the label window is leakage, whatever its score. "
    "Then screen cheaply: drop constant and near-duplicate columns, look at correlations, and use "
    "univariate filters such as mutual information (information gain) for any feature type or chi-"
    "squared for non-negative counts and categories against a categorical label; filters are fast "
    "but judge each feature alone, so they miss interactions and keep redundant pairs. The stronger "
    "test is the model itself: fit it on training data and measure permutation importance on "
    "held-out data (or in cross-validation), with a random-noise column as the bar a feature must "
    "clear; then confirm by dropping the candidates and checking that the validation score (average "
    "precision for a campaign list) does not fall, or use RFE / sequential selection inside a "
    "cross-validated pipeline so the selection never sees the validation folds. The original "
    "answer's 'evaluate features through the random forest's model coefficients' is wrong: a forest "
    "has no coefficients; feature_importances_ is the mean impurity decrease on the training rows, "
    "unsigned and biased toward continuous and high-cardinality features, and it splits credit "
    "between correlated features. Coefficients belong to linear models, and even there they depend "
    "on the features' scales and on correlated partners. AutoML tools automate the same steps; they "
    "do not remove the need to check leakage and to validate on held-out, ideally later, data. "
    "Finally, importance is about the model, not about causes: a feature the model does not need "
    "may still matter to the business."
)

#: model answer: explaining one customer's score to marketing
MARKETING_ANSWER = (
    "Say what the score is first: the model's estimate of the chance that this customer is among "
    "the top spenders of the next six months, learned from past customers; it ranks customers, it "
    "does not promise revenue. Then the drivers for this customer, from SHAP values on the model's "
    "log-odds: starting from the average customer's score, her recent purchase, her many orders and "
    "her spend each pushed the score up by so much, her high return rate pulled it down; the pushes "
    "add up exactly to her score. Use plain words and two or three drivers, not a table of twenty. "
    "Then what it does not mean: these are reasons in the model, not causes; lowering her recency "
    "by sending a coupon does not make her a top spender, and a feature with a small contribution "
    "may still matter to the business. Correlated features share credit, so 'frequency' and "
    "'monetary' are best read together. The explanation is only as good as the model: check the "
    "model's held-out performance and keep the explanation consistent with the global picture "
    "(permutation importance, partial dependence). Finally, turn it into action and measurement: "
    "which segment or message fits these drivers, and an A/B test or uplift model to learn whether "
    "contacting such customers changes what they do."
)


def heldout_importance(model, X_train, y_train, X_test, y_test, n_repeats=5, random_state=0):
    """Permutation importance of a fitted classifier on held-out customers.

    Parameters
    ----------
    model : fitted scikit-learn classifier
        Fitted on ``X_train``, ``y_train``.
    X_train : pandas.DataFrame
    y_train : pandas.Series
        The rows the model was fitted on (not used: importance on them measures memory).
    X_test : pandas.DataFrame
    y_test : pandas.Series
        Held-out customers and their binary labels.
    n_repeats : int, default 5
        Shuffles per feature.
    random_state : int, default 0
        Seed of the shuffles, so that the figures can be reproduced.

    Returns
    -------
    pandas.Series
        Indexed by ``X_test``'s columns in their order, named ``"importance"``: the mean
        drop of average precision on ``X_test`` when the feature's column is shuffled.

    Examples
    --------
    >>> from sklearn.tree import DecisionTreeClassifier
    >>> X = pd.DataFrame({"a": [0, 1, 2, 3, 4, 5, 6, 7], "b": [1, 0, 1, 0, 1, 0, 1, 0]})
    >>> y = pd.Series([False, False, False, False, True, True, True, True])
    >>> tree = DecisionTreeClassifier(max_depth=1).fit(X, y)
    >>> heldout_importance(tree, X, y, X, y)["b"]
    0.0
    """
    result = permutation_importance(model, X_test, y_test, scoring="average_precision",
                                    n_repeats=n_repeats, random_state=random_state)
    return pd.Series(result.importances_mean, index=X_test.columns, name="importance")


def beats_noise(importances, noise="random"):
    """The features whose importance beats a random-noise column's, largest first.

    Parameters
    ----------
    importances : pandas.Series
        Importance per feature (index: feature names), the noise column included.
    noise : str, default "random"
        The name of the noise column.

    Returns
    -------
    list of str
        The features whose importance is strictly greater than the noise column's, in
        decreasing order of importance; the noise column itself is never in it.

    Examples
    --------
    >>> beats_noise(pd.Series({"recency": 0.10, "random": 0.01, "age": -0.002, "frequency": 0.04}))
    ['recency', 'frequency']
    """
    bar = importances[noise]
    kept = importances.drop(noise)
    return kept[kept > bar].sort_values(ascending=False, kind="stable").index.tolist()


def top_driver(model, X):
    """The feature that moves each customer's score the most, by its SHAP value.

    Parameters
    ----------
    model : fitted tree-based classifier
        A scikit-learn gradient-boosted classifier (``GradientBoostingClassifier``): its SHAP
        values are on the log-odds and add up, with the base value, to ``decision_function``.
    X : pandas.DataFrame
        The customers to explain.

    Returns
    -------
    pandas.Series
        Indexed like ``X``, named ``"top_driver"``: for each row, the column whose SHAP value
        is largest in absolute value (up or down).
    """
    values = shap.TreeExplainer(model).shap_values(X)
    contributions = pd.DataFrame(values, index=X.index, columns=X.columns)
    return contributions.abs().idxmax(axis=1).rename("top_driver")
