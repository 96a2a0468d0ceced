"""Reference solutions for notebook 10: RFM segments, k-means segments, and acting on them.

Every answer of ``notebooks/10_segmentation.ipynb`` comes from here: the functions the learner
writes, the unfitted k-means pipeline of the estimator question, the right letters of the
choice questions and the English model answer of the interview question.

The R, F and M scores are notebook 02's (``rfm_scores`` in ``solutions/02_feature_engineering.py``:
quintiles 1-5, higher is better, so ``r_score`` 5 is the most *recent* fifth). The functions use
only ``pd``, ``np``, scikit-learn and the functions defined before them, because the notebook shows
each one as a cell of its own (``q.solution()``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

__all__ = [
    "N_CLUSTERS",
    "NAME_ANSWER",
    "SEGMENT_RULES",
    "SEGMENTS_VS_MODEL",
    "SILHOUETTE_READING",
    "UNSCALED_SPLIT",
    "choose_segments",
    "kmeans_segments",
    "rfm_segments",
    "segment_profile",
]

#: the rules of :func:`rfm_segments`, in the order they are tried (the first that matches wins)
SEGMENT_RULES = (
    ("champions", "R >= 4 and F >= 4 and M >= 4"),
    ("loyal", "R >= 3 and F >= 3"),
    ("new", "R >= 4 and F <= 2"),
    ("at_risk", "R <= 2 and F >= 3"),
    ("hibernating", "R <= 2 and F <= 2"),
    ("needs_attention", "everyone else (R = 3 and F <= 2)"),
)
#: the number of clusters of the estimator question
N_CLUSTERS = 4


def rfm_segments(scored):
    """Name each customer's RFM segment from notebook 02's scores, by ordered rules.

    Parameters
    ----------
    scored : pandas.DataFrame
        One row per customer with the int columns ``r_score``, ``f_score`` and ``m_score``
        (1-5, higher is better: ``r_score`` 5 is the most recent fifth of buyers). Other
        columns are ignored; the frame is not changed.

    Returns
    -------
    pandas.Series
        The segment of each row, named ``"segment"``, with ``scored``'s index. The rules are
        tried in this order and the first that matches wins (R, F, M are the three scores;
        bounds are inclusive):

        1. ``"champions"``: R >= 4 and F >= 4 and M >= 4
        2. ``"loyal"``: R >= 3 and F >= 3
        3. ``"new"``: R >= 4 and F <= 2
        4. ``"at_risk"``: R <= 2 and F >= 3
        5. ``"hibernating"``: R <= 2 and F <= 2
        6. ``"needs_attention"``: everyone else

    Examples
    --------
    >>> scored = pd.DataFrame({"r_score": [5, 4, 5, 1, 2, 3],
    ...                        "f_score": [5, 4, 1, 5, 1, 1],
    ...                        "m_score": [5, 3, 2, 4, 1, 3]})
    >>> rfm_segments(scored).tolist()
    ['champions', 'loyal', 'new', 'at_risk', 'hibernating', 'needs_attention']
    """
    r, f, m = scored["r_score"], scored["f_score"], scored["m_score"]
    conditions = [
        (r >= 4) & (f >= 4) & (m >= 4),
        (r >= 3) & (f >= 3),
        (r >= 4) & (f <= 2),
        (r <= 2) & (f >= 3),
        (r <= 2) & (f <= 2),
    ]
    names = ["champions", "loyal", "new", "at_risk", "hibernating"]
    segment = np.select(conditions, names, default="needs_attention")
    return pd.Series(segment, index=scored.index, name="segment", dtype=object)


def segment_profile(segmented, by="segment"):
    """Size, typical R/F/M and share of future value of each segment.

    Parameters
    ----------
    segmented : pandas.DataFrame
        One row per customer with the column ``by`` (the segment or cluster) and
        ``recency``, ``frequency``, ``monetary`` (as of the snapshot) and ``future_spend``
        (net spend in the label window after the snapshot; may be negative after returns).
    by : str, default "segment"
        The column holding each customer's segment.

    Returns
    -------
    pandas.DataFrame
        One row per segment, sorted by ``value_share`` from the highest (equal shares by
        segment), with a fresh RangeIndex and the columns

        - ``by``: the segment
        - ``customers``: the number of customers in it
        - ``customer_share``: ``customers`` / all customers
        - ``median_recency``, ``median_frequency``, ``median_monetary``: medians (robust to
          the few huge spenders that would drag a mean)
        - ``value_share``: the segment's total ``future_spend`` / the total ``future_spend``
          of all customers — the share of the *future* value the segment brings

    Examples
    --------
    >>> segmented = pd.DataFrame({"segment": ["a", "a", "b"], "recency": [10, 30, 200],
    ...                       "frequency": [4, 2, 1], "monetary": [400.0, 100.0, 50.0],
    ...                       "future_spend": [300.0, 0.0, 100.0]})
    >>> segment_profile(segmented)[["segment", "customers", "median_recency", "value_share"]]
      segment  customers  median_recency  value_share
    0       a          2            20.0         0.75
    1       b          1           200.0         0.25
    """
    grouped = segmented.groupby(by, sort=True)
    profile = grouped.agg(
        customers=("future_spend", "size"),
        median_recency=("recency", "median"),
        median_frequency=("frequency", "median"),
        median_monetary=("monetary", "median"),
        future=("future_spend", "sum"),
    ).reset_index()
    profile["customer_share"] = profile["customers"] / len(segmented)
    profile["value_share"] = profile["future"] / segmented["future_spend"].sum()
    profile = profile.sort_values(["value_share", by], ascending=[False, True], kind="stable")
    columns = [by, "customers", "customer_share", "median_recency", "median_frequency",
               "median_monetary", "value_share"]
    return profile[columns].astype({"median_recency": "float64", "median_frequency": "float64"}).reset_index(drop=True)


def kmeans_segments():
    """The unfitted k-means segmentation of the estimator question.

    Returns
    -------
    sklearn.pipeline.Pipeline
        ``log1p`` of recency, frequency and monetary (the spend and frequency are heavily
        skewed), then ``StandardScaler`` (k-means measures Euclidean distance, so every
        feature must be on the same scale), then ``KMeans`` with 4 clusters (``N_CLUSTERS``),
        ``n_init=10`` starts and ``random_state=0`` (a reproducible partition).

    Examples
    --------
    >>> rfm = pd.DataFrame({"recency": [5, 8, 300, 320, 40, 45, 200, 210],
    ...                     "frequency": [9, 10, 1, 1, 3, 4, 5, 6],
    ...                     "monetary": [5000.0, 6000.0, 80.0, 90.0, 700.0, 650.0, 1800.0, 2000.0]})
    >>> labels = kmeans_segments().fit_predict(rfm)
    >>> len(set(labels))
    4
    """
    return make_pipeline(
        FunctionTransformer(np.log1p, feature_names_out="one-to-one"),
        StandardScaler(),
        KMeans(n_clusters=4, n_init=10, random_state=0),
    )


def choose_segments(segments, budget, cost):
    """The segments to send a win-back coupon, greedily by net gain per contact, within a budget.

    Parameters
    ----------
    segments : pandas.DataFrame
        One row per segment: ``segment`` (its name), ``customers`` (how many would be
        contacted) and ``uplift`` (expected extra margin per contacted customer, from a past
        test: what the coupon adds over not sending it).
    budget : float
        The most the campaign may spend on contacts.
    cost : float
        The cost of contacting one customer (coupon, message).

    Returns
    -------
    list of str
        The chosen segments, in the order they were chosen. A segment is whole: all of its
        customers or none. Go down the segments by net gain per contact, ``uplift - cost``,
        from the highest (equal gains by segment name); take a segment when its whole cost,
        ``customers * cost``, fits in what is left of the budget (equal is fine), otherwise
        skip it and try the next. A segment whose net gain is not positive is never taken,
        whatever budget is left: contacting it loses money.

    Examples
    --------
    >>> segments = pd.DataFrame({"segment": ["at_risk", "hibernating", "loyal"],
    ...                          "customers": [100, 400, 200], "uplift": [9.0, 2.5, 1.0]})
    >>> choose_segments(segments, budget=500.0, cost=2.0)
    ['at_risk']
    """
    ranked = segments.assign(net=segments["uplift"] - cost).sort_values(
        ["net", "segment"], ascending=[False, True], kind="stable")
    chosen, left = [], budget
    for row in ranked.itertuples(index=False):
        spend = row.customers * cost
        if row.net > 0 and spend <= left:
            chosen.append(row.segment)
            left -= spend
    return chosen


#: the right option of the silhouette question
SILHOUETTE_READING = "b"
#: the right option of the unscaled k-means question
UNSCALED_SPLIT = "d"
#: the right option of the segments-vs-value-model question
SEGMENTS_VS_MODEL = "c"

#: model answer: naming segments and acting on them (the original question 8, applications)
NAME_ANSWER = (
    "Segmentation turns a customer base into a few groups a marketing team can name, size and "
    "act on. I would start from the business question (who to win back, who to reward, who to "
    "leave alone) and the snapshot data: recency, frequency and monetary value, log-transformed "
    "and scaled for k-means, or scored into quintiles for rules. Rules (champions, loyal, new, at "
    "risk, hibernating) are transparent and stable month to month; k-means finds the groups the "
    "data actually has, chosen by silhouette and inertia and checked for stability across seeds "
    "(adjusted Rand index). I name a segment from its profile, not its number: median recency, "
    "frequency and spend, size, and its share of future value measured on a later window (e.g. "
    "'lapsed regulars: bought every month, silent for 8 months'). Then each segment gets an "
    "action and a number: champions get loyalty perks and early access (not discounts they do "
    "not need), new customers an onboarding series towards the second order, at-risk regulars a "
    "win-back coupon (挽回优惠券), hibernating one-timers a cheap reminder or nothing. Which "
    "segments get the coupon is a budget decision: expected uplift per contact (from an A/B test, "
    "not from who buys anyway) minus the contact cost, highest first, until the budget is spent, "
    "with a holdout group in every segment to measure the real uplift. Segments are for "
    "communication and strategy; for ranking individual customers for one campaign a value model "
    "(or an uplift model) ranks better, and the two combine well: the model's score inside each "
    "segment. Finally I track segment sizes and migrations over time, since moving customers from "
    "at risk back to loyal is the goal."
)
