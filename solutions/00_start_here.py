"""Reference solutions for notebook 00 (start here): one warm-up question of each kind."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

#: the right option of the snapshot question (features use history strictly before the snapshot)
SNAPSHOT_RULE = "d"

#: a model answer for the open warm-up
WHY_VALUE_ANSWER = (
    "A customer value score ranks customers by the money they are likely to bring in the next "
    "months. Marketing spends a limited budget where it pays: retention offers for valuable "
    "customers who show signs of leaving, upsell to those with room to grow, and cheap or no "
    "contact for customers whose expected value is below the cost of a campaign."
)


def orders_per_customer(lines: pd.DataFrame) -> pd.Series:
    """Count the distinct orders of each customer.

    Parameters
    ----------
    lines : DataFrame
        Order lines with at least ``order_id`` and ``customer_id``. An order has one line per
        product, and a return is an extra line of the same order.

    Returns
    -------
    Series
        Indexed by ``customer_id`` (sorted), named ``"n_orders"``: the number of distinct
        ``order_id`` values of each customer.

    Examples
    --------
    >>> lines = pd.DataFrame({"order_id": [1, 1, 2, 3], "customer_id": [7, 7, 7, 8]})
    >>> orders_per_customer(lines).to_dict()
    {7: 2, 8: 1}
    """
    return lines.groupby("customer_id")["order_id"].nunique().rename("n_orders")


def n_active_customers(order_lines: pd.DataFrame, snapshot: pd.Timestamp) -> int:
    """Count the customers with at least one order line strictly before the snapshot.

    Parameters
    ----------
    order_lines : DataFrame
        With ``customer_id`` and ``order_time``.
    snapshot : Timestamp
        The date as of which customers are scored.

    Returns
    -------
    int

    Examples
    --------
    >>> lines = pd.DataFrame({"customer_id": [1, 2, 2],
    ...                       "order_time": pd.to_datetime(["2025-01-05", "2025-08-01", "2025-02-01"])})
    >>> n_active_customers(lines, pd.Timestamp("2025-07-01"))
    2
    """
    before = order_lines[order_lines["order_time"] < snapshot]
    return int(before["customer_id"].nunique())


def first_model():
    """An unfitted pipeline for the high-value label: log-scale RFM, standardise, logistic regression.

    Returns
    -------
    Pipeline

    Examples
    --------
    >>> first_model().steps[-1][0]
    'logisticregression'
    """
    return make_pipeline(FunctionTransformer(np.log1p), StandardScaler(),
                         LogisticRegression(max_iter=1000))


def rfm_and_label(lines: pd.DataFrame, snapshot: pd.Timestamp, window_end: pd.Timestamp,
                  share: float = 0.2) -> tuple[pd.DataFrame, pd.Series]:
    """RFM features (history before ``snapshot``) and the future high-value flag, as notebook 02 defines them.

    The warm-up model's data: the definitions are notebook 02's own functions
    (``rfm_table`` and ``value_label`` of ``solutions/02_feature_engineering.py``), so the
    warm-up and every later notebook mean the same thing by recency and by "high value".

    Parameters
    ----------
    lines : DataFrame
        Order lines (``order_id``, ``customer_id``, ``order_time``, ``category``,
        ``quantity``, ``unit_price``, ``discount``).
    snapshot, window_end : Timestamp
        History is ``[.., snapshot)``; the label window is ``[snapshot, window_end)``.
    share : float
        The share of customers labelled high value (by future net spend).

    Returns
    -------
    X : DataFrame
        ``recency`` (whole days since the last order placed before the snapshot: a later
        return does not move it), ``frequency`` (distinct orders) and ``monetary`` (net
        spend), indexed by ``customer_id``.
    y : Series
        ``high_value`` as 0/1: the top ``floor(share * n)`` customers by future net spend
        (ties broken by the smaller ``customer_id``), and only those who spent more than 0.

    Examples
    --------
    >>> from grader.shop import generate_shop
    >>> shop = generate_shop(seed=1, n_customers=200)
    >>> X, y = rfm_and_label(shop.order_lines, shop.snapshot, shop.window_end)
    >>> list(X.columns), int(y.sum()) <= int(0.2 * len(y))
    (['recency', 'frequency', 'monetary'], True)
    """
    from grader.registry import solutions

    feature_engineering = solutions("02")
    X = feature_engineering.rfm_table(lines, snapshot).set_index("customer_id")
    label = feature_engineering.value_label(lines, snapshot, window_end, share).set_index("customer_id")
    y = label["high_value"].reindex(X.index).astype(int)
    return X, y
