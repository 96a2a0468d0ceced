"""Reference solutions for notebook 06: metrics, thresholds and the money they decide.

Every answer of ``notebooks/06_metrics.ipynb`` is computed here. The functions use only
``np``, ``pd``, the scikit-learn names imported below (the notebook imports the same ones)
and the functions defined before them, because the notebook shows each one as a cell of
its own after the earlier ones.

Conventions used throughout: the positive class is ``True`` (or ``1``), a high-value
customer; a model's ``predict_proba`` has the columns ``[P(negative), P(positive)]``; a
customer is contacted when her probability is *at least* the threshold (``>=``); a rate
whose denominator is zero is 0.0 (scikit-learn's ``zero_division=0``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.model_selection import TunedThresholdClassifierCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

__all__ = [
    "ACCURACY_ANSWER",
    "AUC_CHOICE",
    "CALIBRATION_CHOICE",
    "CHOOSE_METRIC_ANSWER",
    "UPLIFT_ANSWER",
    "best_threshold",
    "campaign_profit",
    "confusion_counts",
    "gains_table",
    "holdout_profit",
    "precision_recall_at_k",
    "precision_recall_f1",
    "ranking_metrics",
    "reliability_table",
    "threshold_tuned_model",
    "uplift_by_decile",
]

#: the right option of the ROC-AUC vs PR-AUC question (5% positives, the campaign acts on the top)
AUC_CHOICE = "d"

#: the right option of the calibration question (which model's ``p >= cost / value`` rule is safe)
CALIBRATION_CHOICE = "c"

#: a model answer for the original question 5 (how to choose an evaluation metric)
CHOOSE_METRIC_ANSWER = (
    "Start from the decision the score drives, not from a list of metrics. For a customer value "
    "model that decision is usually 'whom do we contact' with a limited budget, so what matters is "
    "how good the top of the ranking is and what a contact earns or costs. (1) Look at the label: "
    "with 20% (or 5%) high-value customers, accuracy is dominated by the negatives - predicting "
    "'nobody' already scores 80% (95%) - so never report it alone. (2) For ranking quality use "
    "ROC-AUC to compare models in general, and PR-AUC (average precision) when positives are rare "
    "and only the top of the list is acted on; its baseline is the positive rate, not 0.5. "
    "(3) At the operating point report precision (how many contacts are worth it), recall (how "
    "many valuable customers we reach) and F1 or F-beta if one must trade them off; read them from "
    "the confusion matrix. (4) For campaigns, translate to business terms: lift and cumulative "
    "gains at the top k% that the budget allows, precision and recall at the contact capacity "
    "(precision@k), and profit = value x true positives - cost x contacts, which also picks the "
    "threshold. (5) Choose the threshold by cross-validation "
    "on training data, estimate everything once on an untouched test set (or out of time), and "
    "report the uncertainty. If the threshold comes from probabilities (p >= cost / value), check "
    "their calibration first: a reliability diagram and the Brier score. For a regression of "
    "spend, use MAE or RMSE on money and a ranking "
    "measure such as a gains curve or Spearman correlation, because marketing uses the ranking."
)

#: a model answer for the accuracy interview question
ACCURACY_ANSWER = (
    "An accuracy of 0.83 on a label with 20% positives says little: a model that calls nobody high "
    "value is 0.80 accurate and finds no one. Accuracy also fixes the threshold at 0.5 and counts a "
    "missed high-value customer the same as a wasted voucher, which is not how the campaign pays. "
    "I would report what the campaign needs: ROC-AUC and PR-AUC (against its 0.20 baseline) for "
    "the ranking; precision, recall and F1 at the threshold actually used, with the confusion "
    "matrix; the lift and the share of high-value customers captured in the top 10-20% we can "
    "afford to contact; and the expected profit at the profit-optimal threshold, chosen by "
    "cross-validation on training data and measured once on the test set."
)

#: a model answer for the uplift interview question
UPLIFT_ANSWER = (
    "The top 20% by predicted value are the customers who will spend most anyway: many of them "
    "would buy without a voucher, so the campaign pays for sales it does not cause and may even "
    "give a discount to orders that were coming at full price. A value model predicts spend, not "
    "the change in spend the contact causes. What the campaign should maximise is the "
    "incremental (uplift) profit: value x (response if contacted - response if not) - cost. To "
    "measure it, keep a random control group that is not contacted (or a holdout within each "
    "score decile), compare mean spend of treated and control customers per decile, and contact "
    "the deciles whose uplift per customer exceeds the contact cost. With enough past campaigns, "
    "model the uplift directly (a two-model or class-transformation approach, evaluated with a "
    "Qini or uplift curve on a randomised test). Watch the noise: the top deciles have the most "
    "variable spend, so their uplift needs the largest control groups; also avoid 'sleeping dogs' "
    "whom a contact annoys into spending less or churning."
)


def confusion_counts(y_true, y_pred):
    """Count the four cells of the confusion matrix of a yes/no prediction.

    Parameters
    ----------
    y_true : array-like of bool or {0, 1}
        The actual labels; ``True`` (or 1) is the positive class, a high-value customer.
    y_pred : array-like of bool or {0, 1}
        The predictions, same length; ``True`` (or 1) means "predicted positive" (contact).

    Returns
    -------
    dict
        ``{"tp": int, "fp": int, "fn": int, "tn": int}``: tp = actual positive and predicted
        positive, fp = actual negative but predicted positive, fn = actual positive but
        predicted negative, tn = actual negative and predicted negative. The four add up to
        the number of customers, also when a class is absent from either input.

    Examples
    --------
    >>> confusion_counts([1, 1, 0, 0, 0], [1, 0, 1, 0, 0])
    {'tp': 1, 'fp': 1, 'fn': 1, 'tn': 2}
    """
    actual = np.asarray(y_true).astype(bool)
    predicted = np.asarray(y_pred).astype(bool)
    return {
        "tp": int(np.sum(actual & predicted)),
        "fp": int(np.sum(~actual & predicted)),
        "fn": int(np.sum(actual & ~predicted)),
        "tn": int(np.sum(~actual & ~predicted)),
    }


def precision_recall_f1(y_true, y_pred):
    """Precision, recall and F1 of the positive class, from the confusion counts.

    Parameters
    ----------
    y_true, y_pred : array-like of bool or {0, 1}
        As in :func:`confusion_counts`; ``True`` (or 1) is the positive class.

    Returns
    -------
    dict
        ``{"precision": float, "recall": float, "f1": float}`` with precision = tp / (tp + fp)
        (of the customers we flag, the share who are high value), recall = tp / (tp + fn) (of
        the high-value customers, the share we flag) and F1 = their *harmonic* mean,
        2 * precision * recall / (precision + recall). A ratio whose denominator is 0 is 0.0
        (nothing predicted positive: precision 0.0; no actual positive: recall 0.0; both 0:
        F1 0.0), like scikit-learn with ``zero_division=0``.

    Examples
    --------
    >>> precision_recall_f1([1, 1, 0, 0], [1, 0, 1, 1])
    {'precision': 0.3333333333333333, 'recall': 0.5, 'f1': 0.4}
    """
    c = confusion_counts(y_true, y_pred)
    flagged, positives = c["tp"] + c["fp"], c["tp"] + c["fn"]
    precision = c["tp"] / flagged if flagged else 0.0
    recall = c["tp"] / positives if positives else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def ranking_metrics(y_true, proba):
    """ROC-AUC and PR-AUC of a model's probabilities, with the PR-AUC baseline.

    Parameters
    ----------
    y_true : array-like of bool or {0, 1}
        The actual labels, with at least one positive and one negative.
    proba : ndarray of shape (n, 2)
        The output of ``model.predict_proba(X)``: column 0 is P(negative), column 1 is
        P(positive).

    Returns
    -------
    dict
        ``{"roc_auc": float, "pr_auc": float, "base_rate": float}``: ``roc_auc_score`` and
        ``average_precision_score`` (the step-wise PR-AUC) of the positive class's
        probability, and the share of positives (the PR-AUC of a random ranking).

    Examples
    --------
    >>> proba = np.array([[0.9, 0.1], [0.4, 0.6], [0.35, 0.65], [0.2, 0.8]])
    >>> ranking_metrics([0, 0, 1, 1], proba)
    {'roc_auc': 1.0, 'pr_auc': 1.0, 'base_rate': 0.5}
    """
    y = np.asarray(y_true).astype(int)
    score = np.asarray(proba)[:, 1]
    return {
        "roc_auc": float(roc_auc_score(y, score)),
        "pr_auc": float(average_precision_score(y, score)),
        "base_rate": float(y.mean()),
    }


def gains_table(y_true, scores, bins=10):
    """Cumulative gains and lift by score bin (deciles by default), best customers first.

    Parameters
    ----------
    y_true : array-like of bool or {0, 1}
        The actual labels, with at least one positive.
    scores : array-like of float
        The model's scores (e.g. P(positive)); higher means more likely positive.
    bins : int
        The number of groups, at most the number of customers.

    Returns
    -------
    pandas.DataFrame
        ``bins`` rows, one per group, with a fresh RangeIndex and the columns

        - ``bin``: 1 to ``bins``, 1 holding the highest scores
        - ``customers``: customers in the group, ``positives``: positives among them
        - ``cum_customers_share``: customers in this and all better groups / all customers
        - ``cum_gain``: positives in this and all better groups / all positives
        - ``lift``: ``cum_gain / cum_customers_share`` (1.0 = no better than random)

        Customers are sorted by score, highest first, equal scores keeping their input
        order (a stable sort), and the sorted list is cut with ``np.array_split`` into
        ``bins`` groups of nearly equal size (the first ``n % bins`` groups one larger).

    Examples
    --------
    >>> gains_table([1, 0, 1, 0], [0.9, 0.8, 0.3, 0.1], bins=2)
       bin  customers  positives  cum_customers_share  cum_gain  lift
    0    1          2          1                  0.5       0.5   1.0
    1    2          2          1                  1.0       1.0   1.0
    """
    y = np.asarray(y_true).astype(int)
    order = np.argsort(-np.asarray(scores, dtype=float), kind="stable")
    groups = np.array_split(y[order], bins)
    customers = np.array([len(g) for g in groups])
    positives = np.array([int(g.sum()) for g in groups])
    share = customers.cumsum() / len(y)
    gain = positives.cumsum() / y.sum()
    return pd.DataFrame({
        "bin": np.arange(1, bins + 1),
        "customers": customers,
        "positives": positives,
        "cum_customers_share": share,
        "cum_gain": gain,
        "lift": gain / share,
    })


def campaign_profit(y_true, proba, threshold, value, cost):
    """The realised profit of contacting every customer whose probability is at least ``threshold``.

    Parameters
    ----------
    y_true : array-like of bool or {0, 1}
        What the customers turned out to be; ``True`` (or 1) is high value.
    proba : array-like of float
        P(positive) of each customer (a 1-D array, not the two-column ``predict_proba``).
    threshold : float
        A customer is contacted when ``proba >= threshold``.
    value : float
        What a contacted high-value customer brings (the campaign's margin per success).
    cost : float
        What every contact costs, whether or not the customer is high value.

    Returns
    -------
    float
        ``value * TP - cost * (TP + FP)``, where TP and FP count the contacted customers
        who are and are not high value.

    Examples
    --------
    >>> campaign_profit([1, 0, 1, 0], [0.9, 0.6, 0.4, 0.2], 0.4, value=60, cost=20)
    60.0
    """
    positive = np.asarray(y_true).astype(bool)
    contacted = np.asarray(proba, dtype=float) >= threshold
    return float(value * np.sum(positive & contacted) - cost * np.sum(contacted))


def best_threshold(y_true, proba, value, cost):
    """The threshold that maximises :func:`campaign_profit` on labelled data, and that profit.

    Parameters
    ----------
    y_true, proba, value, cost
        As in :func:`campaign_profit` (``proba`` is 1-D).

    Returns
    -------
    dict
        ``{"threshold": float, "profit": float}``. The candidate thresholds are the distinct
        values of ``proba`` (contact everyone scoring at least that much) and ``inf``
        (contact nobody, profit 0.0). The best candidate has the highest profit; among equal
        profits, the highest threshold (fewer contacts for the same money). When no
        threshold makes a positive profit the answer is ``{"threshold": inf, "profit": 0.0}``:
        do not run the campaign.

    Examples
    --------
    >>> best_threshold([1, 0, 1, 0], [0.9, 0.6, 0.4, 0.2], value=60, cost=20)
    {'threshold': 0.4, 'profit': 60.0}
    """
    best = {"threshold": float("inf"), "profit": 0.0}
    for threshold in np.unique(np.asarray(proba, dtype=float))[::-1]:
        profit = campaign_profit(y_true, proba, threshold, value, cost)
        if profit > best["profit"]:
            best = {"threshold": float(threshold), "profit": profit}
    return best


def holdout_profit(y_train, proba_train, y_test, proba_test, value, cost):
    """The test-set profit of a threshold chosen on out-of-fold training probabilities.

    Parameters
    ----------
    y_train : array-like of bool
        Labels of the training customers.
    proba_train : array-like of float
        Their *out-of-fold* P(positive) (``cross_val_predict``): each customer scored by a
        model that did not see her.
    y_test, proba_test : array-like
        Labels and P(positive) of the untouched test customers (model fitted on all
        training customers).
    value, cost : float
        As in :func:`campaign_profit`.

    Returns
    -------
    float
        :func:`campaign_profit` on the test customers at the threshold :func:`best_threshold`
        picks on the training customers. The test set is used once, to measure.

    Examples
    --------
    >>> holdout_profit([1, 0, 1, 0], [0.9, 0.6, 0.4, 0.2], [1, 0, 0], [0.5, 0.45, 0.3],
    ...                value=60, cost=20)
    20.0
    """
    threshold = best_threshold(y_train, proba_train, value, cost)["threshold"]
    return campaign_profit(y_test, proba_test, threshold, value, cost)


def reliability_table(y_true, proba, bins=10):
    """A reliability table (calibration by probability bin) and the Brier score.

    Parameters
    ----------
    y_true : array-like of bool or {0, 1}
        What the customers turned out to be; ``True`` (or 1) is the positive class.
    proba : array-like of float in [0, 1]
        P(positive) of each customer (1-D).
    bins : int
        The number of equal-width bins on [0, 1].

    Returns
    -------
    dict
        ``{"table": DataFrame, "brier": float}``. The table has ``bins`` rows (empty bins
        included) with a fresh RangeIndex and the columns ``bin`` (1 to ``bins``), ``lower``,
        ``upper`` (the bin's edges from ``np.linspace(0, 1, bins + 1)``), ``customers``,
        ``mean_predicted`` (mean of ``proba`` in the bin) and ``observed_rate`` (share of
        positives in the bin); both means are NaN in an empty bin. Bins are closed on the
        right: bin k holds ``lower < p <= upper``, and p = 0 goes into bin 1 (as
        ``pd.cut(p, edges, include_lowest=True)`` and scikit-learn's ``calibration_curve``
        do). ``brier`` is the mean of ``(proba - y_true) ** 2`` over all customers.

    Examples
    --------
    >>> out = reliability_table([0, 1, 1, 0], [0.1, 0.3, 0.9, 1.0], bins=2)
    >>> out["table"]
       bin  lower  upper  customers  mean_predicted  observed_rate
    0    1    0.0    0.5          2            0.20            0.5
    1    2    0.5    1.0          2            0.95            0.5
    >>> round(out["brier"], 4)
    0.3775
    """
    y = np.asarray(y_true).astype(float)
    p = np.asarray(proba, dtype=float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.searchsorted(edges, p, side="left"), 1, bins)  # edges[k-1] < p <= edges[k]
    table = pd.DataFrame({"bin": np.arange(1, bins + 1), "lower": edges[:-1], "upper": edges[1:]})
    inside = [which == k for k in table["bin"]]
    table["customers"] = [int(mask.sum()) for mask in inside]
    table["mean_predicted"] = [p[mask].mean() if mask.any() else np.nan for mask in inside]
    table["observed_rate"] = [y[mask].mean() if mask.any() else np.nan for mask in inside]
    return {"table": table, "brier": float(np.mean((p - y) ** 2))}


def precision_recall_at_k(y_true, scores, k):
    """Precision and recall of contacting the ``k`` customers with the highest scores.

    Parameters
    ----------
    y_true : array-like of bool or {0, 1}
        The actual labels; ``True`` (or 1) is the positive class.
    scores : array-like of float
        The model's scores; higher means contact first.
    k : int
        How many customers the campaign can contact (a count, 1 to the number of customers).

    Returns
    -------
    dict
        ``{"precision": float, "recall": float}``: precision = positives among the ``k``
        contacted / ``k``; recall = positives among the ``k`` contacted / all positives (0.0
        when there is no positive). Exactly ``k`` customers are contacted: customers are sorted
        by score, highest first, equal scores keeping their input order (a stable sort), and
        the first ``k`` are taken, even when the ``k``-th shares its score with the next one.

    Examples
    --------
    >>> precision_recall_at_k([1, 0, 1, 1, 0], [0.9, 0.7, 0.7, 0.2, 0.1], k=2)
    {'precision': 0.5, 'recall': 0.3333333333333333}
    """
    y = np.asarray(y_true).astype(bool)
    order = np.argsort(-np.asarray(scores, dtype=float), kind="stable")
    hits = int(y[order[:k]].sum())
    positives = int(y.sum())
    return {"precision": hits / k, "recall": hits / positives if positives else 0.0}


def uplift_by_decile(scores, treated, spend, bins=10):
    """Incremental spend (treated minus control) by score group, best scores first.

    Parameters
    ----------
    scores : array-like of float
        The model's scores; higher means a more valuable customer.
    treated : array-like of bool
        True for customers who received the campaign, False for the random control group.
    spend : array-like of float
        What each customer spent in the campaign period.
    bins : int
        The number of groups (deciles by default), at most the number of customers.

    Returns
    -------
    pandas.DataFrame
        ``bins`` rows with a fresh RangeIndex and the columns ``bin`` (1 = highest scores),
        ``customers``, ``treated``, ``control`` (counts), ``treated_spend`` and
        ``control_spend`` (mean spend of the treated and of the control customers *in that
        group*; NaN when the group has none) and ``uplift`` = ``treated_spend -
        control_spend``. Groups are cut as in :func:`gains_table`: a stable sort by score,
        highest first, then ``np.array_split`` into ``bins`` groups.

    Examples
    --------
    >>> uplift_by_decile([0.9, 0.8, 0.3, 0.2], [True, False, True, False], [50.0, 40.0, 30.0, 0.0],
    ...                  bins=2)
       bin  customers  treated  control  treated_spend  control_spend  uplift
    0    1          2        1        1           50.0           40.0    10.0
    1    2          2        1        1           30.0            0.0    30.0
    """
    treated = np.asarray(treated).astype(bool)
    spend = np.asarray(spend, dtype=float)
    order = np.argsort(-np.asarray(scores, dtype=float), kind="stable")
    rows = []
    for number, group in enumerate(np.array_split(order, bins), start=1):
        in_treated, in_control = group[treated[group]], group[~treated[group]]
        treated_spend = spend[in_treated].mean() if len(in_treated) else np.nan
        control_spend = spend[in_control].mean() if len(in_control) else np.nan
        rows.append({"bin": number, "customers": len(group), "treated": len(in_treated),
                     "control": len(in_control), "treated_spend": treated_spend,
                     "control_spend": control_spend, "uplift": treated_spend - control_spend})
    return pd.DataFrame(rows)


def threshold_tuned_model():
    """An unfitted classifier whose decision threshold is tuned for F1 by cross-validation.

    Returns
    -------
    TunedThresholdClassifierCV
        Median imputation, ``log1p``, standardisation and a logistic regression (the
        ``newton-cholesky`` solver, fast with few features), wrapped in
        ``TunedThresholdClassifierCV(scoring="f1", cv=3, thresholds=10)``: the threshold is
        chosen on the held-out parts of three training folds among ten candidates (the F1
        curve is flat near its peak, so a coarse grid loses little and fits fast), then the
        model is refitted on all training rows.

    Examples
    --------
    >>> threshold_tuned_model().scoring
    'f1'
    """
    model = make_pipeline(SimpleImputer(strategy="median"), FunctionTransformer(np.log1p),
                          StandardScaler(), LogisticRegression(solver="newton-cholesky"))
    return TunedThresholdClassifierCV(model, scoring="f1", cv=3, thresholds=10)
