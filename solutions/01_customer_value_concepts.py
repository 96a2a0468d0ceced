"""Reference solutions for notebook 01: what a customer value model is, and what it is for.

Every answer of ``notebooks/01_customer_value_concepts.ipynb`` is computed here. The functions
use only ``np``, ``pd`` and the functions defined before them, because the notebook shows each
one as a cell of its own after the earlier ones.

The calendar is always passed in: a window ``[start, end)`` is closed on the left and open on
the right (左闭右开), so a line at exactly ``end`` belongs to the next window. Nothing here reads
"today". Money is the line's ``quantity * unit_price * (1 - discount)`` (negative on a return
line); margin is that money times the gross margin rate of the line's category.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "APPLICATIONS_ANSWER",
    "CONCEPTS_ANSWER",
    "ERROR_COST_CHOICE",
    "LABEL_CHOICE",
    "SETTING_CHOICE",
    "choose_targets",
    "historic_clv",
    "historic_margin",
]

#: the right option of the question "which training set answers the win-back question?"
LABEL_CHOICE = "c"

#: the right option of the question "which error of the coupon decision is costlier?"
ERROR_COST_CHOICE = "b"

#: the right option of the question "what does churn mean in a shop without contracts?"
SETTING_CHOICE = "d"

#: a model answer for the original question 1 (the concepts of a customer value model)
CONCEPTS_ANSWER = (
    "A customer value model estimates, for each customer at a fixed snapshot date, what that "
    "customer will be worth to the business over a future window, so that money and attention "
    "can be allocated customer by customer. 'Worth' must be defined before any modelling: "
    "margin (not revenue) net of returns and of the cost of serving, over a stated horizon. "
    "Related targets answer different questions: customer lifetime value (CLV) is the expected "
    "(discounted) margin over the whole future relationship; a value or high-value model "
    "predicts spend or margin in the next months, as an amount or as 'top 20%'; a churn model "
    "predicts whether the customer stops buying; a propensity model predicts whether she "
    "responds to a given offer. Historic value (RFM: recency, frequency, monetary; past margin) "
    "describes what already happened and is the strongest input, but it is not a prediction: a "
    "customer with a large past may have left, a new one may be about to grow. The setting "
    "matters: in a contractual business (subscriptions, telecom) churn is observed as a "
    "cancellation; in a non-contractual shop it is never observed, so one defines an "
    "operational label (no purchase in a future window) or models the probability of being "
    "alive (BG/NBD, Pareto/NBD). The unit is the customer, the features come strictly from "
    "before the snapshot and the label from the window after it, never from 'today'. The model "
    "is judged by the decisions it feeds: whom to contact, how much to spend, whom to review."
)

#: a model answer for the original question 8 (applications)
APPLICATIONS_ANSWER = (
    "Precision marketing: rank customers by expected profit of a contact (probability of "
    "responding times the value of a response minus the cost) and contact the top within the "
    "budget; a false positive costs the offer, a false negative the missed margin, so the "
    "threshold follows from cost / value, and the right measure is uplift against a control "
    "group, not the response rate of high-value customers who buy anyway. Segmentation: "
    "combine predicted value with RFM or behaviour into tiers (e.g. VIP, growing, at risk, "
    "dormant) that get different service levels and offers; segments must be stable, sized and "
    "actionable. Retention: a churn score times the customer's value decides who gets a "
    "win-back coupon or a call; missing a valuable churner costs more than a wasted coupon. Risk "
    "control: the same customer history feeds credit limits, cash-on-delivery or return-abuse "
    "and fraud rules; here a false negative (a fraudster approved) is a direct loss and a "
    "false positive (a good customer blocked) a lost sale and a complaint, so thresholds are "
    "set from those costs and reviewed by people. Recommendation: value weights what to show "
    "(high-margin categories, not just popular ones) and who gets scarce inventory or service. "
    "Budget allocation: sum predicted margin per channel or segment to decide where acquisition "
    "and retention money earns most. In every case: a fixed snapshot, a label on a future "
    "window, costs of each error agreed with the business, and an A/B test before roll-out."
)


def historic_margin(order_lines, margin_rates, start, end):
    """Each customer's margin in the window ``[start, end)``, net of returns.

    Parameters
    ----------
    order_lines : pandas.DataFrame
        Order lines with ``customer_id``, ``order_time``, ``category``, ``quantity``,
        ``unit_price`` and ``discount``; a return is a line with a negative ``quantity``,
        dated when the goods came back. Exact duplicate rows are export errors.
    margin_rates : mapping of str to float
        Gross margin rate of each category (0.3 means 30% of the money is margin).
    start, end : pandas.Timestamp
        The window: a line counts when ``start <= order_time < end``.

    Returns
    -------
    pandas.Series
        Named ``"margin"``, indexed by ``customer_id``: the sum over the customer's lines in
        the window (purchase and return lines, each exact duplicate once) of ``quantity *
        unit_price * (1 - discount) * margin_rates[category]``. Only customers with a line in
        the window appear.

    Examples
    --------
    >>> lines = pd.DataFrame({
    ...     "customer_id": [7, 7, 7], "category": ["books", "toys", "toys"],
    ...     "order_time": pd.to_datetime(["2025-01-05", "2025-01-05", "2025-01-09"]),
    ...     "quantity": [1, 2, -1], "unit_price": [20.0, 10.0, 10.0], "discount": [0.0, 0.5, 0.5]})
    >>> historic_margin(lines, {"books": 0.25, "toys": 0.4}, pd.Timestamp("2025-01-01"),
    ...                 pd.Timestamp("2025-02-01")).tolist()
    [7.0]
    """
    lines = order_lines.drop_duplicates()
    window = lines[(lines["order_time"] >= start) & (lines["order_time"] < end)]
    money = window["quantity"] * window["unit_price"] * (1 - window["discount"])
    margin = money * window["category"].map(margin_rates)
    return margin.groupby(window["customer_id"]).sum().rename("margin")


def historic_clv(order_lines, margin_rates, start, snapshot, horizon_days):
    """A simple historic CLV: margin per order × orders per day × horizon.

    Parameters
    ----------
    order_lines : pandas.DataFrame
        As in :func:`historic_margin`, with ``order_id`` as well (a return line carries the
        ``order_id`` of the order it returns).
    margin_rates : mapping of str to float
        Gross margin rate of each category.
    start, snapshot : pandas.Timestamp
        The history window ``[start, snapshot)``; nothing at or after ``snapshot`` is used.
    horizon_days : float
        How far ahead the value is projected, in days.

    Returns
    -------
    pandas.Series
        Named ``"clv"``, indexed by ``customer_id``, one entry per customer with at least one
        purchase line (``quantity > 0``) in the window: ``margin_per_order * orders_per_day *
        horizon_days`` where ``orders`` counts the customer's distinct ``order_id`` of purchase
        lines in the window, ``margin_per_order`` is her :func:`historic_margin` over the
        window (returns subtracted) divided by ``orders``, and ``orders_per_day`` is
        ``orders`` divided by the window's length in days, ``(snapshot - start).days``.

    Examples
    --------
    >>> lines = pd.DataFrame({
    ...     "order_id": [1, 1, 2], "customer_id": [7, 7, 7], "category": ["books", "toys", "books"],
    ...     "order_time": pd.to_datetime(["2025-01-05", "2025-01-05", "2025-01-20"]),
    ...     "quantity": [1, 1, 1], "unit_price": [40.0, 10.0, 40.0], "discount": [0.0, 0.0, 0.0]})
    >>> historic_clv(lines, {"books": 0.25, "toys": 0.4}, pd.Timestamp("2025-01-01"),
    ...              pd.Timestamp("2025-01-31"), 60).tolist()
    [48.0]
    """
    lines = order_lines.drop_duplicates()
    window = lines[(lines["order_time"] >= start) & (lines["order_time"] < snapshot)]
    purchases = window[window["quantity"] > 0]
    orders = purchases.groupby("customer_id")["order_id"].nunique()
    margin = historic_margin(lines, margin_rates, start, snapshot).reindex(orders.index)
    margin_per_order = margin / orders
    orders_per_day = orders / (snapshot - start).days
    return (margin_per_order * orders_per_day * horizon_days).rename("clv")


def choose_targets(customer_ids, proba, value, cost, budget):
    """The customers to contact under a budget, by expected profit of the contact.

    Parameters
    ----------
    customer_ids : array-like of int
        The scored customers.
    proba : array-like of float
        The model's probability that each customer responds to the offer.
    value : array-like of float
        The margin a response brings, customer by customer.
    cost : float
        What one contact costs (> 0), whether or not the customer responds.
    budget : float
        The money available: at most ``floor(budget / cost)`` contacts.

    Returns
    -------
    pandas.DataFrame
        Columns ``customer_id`` and ``expected_profit`` (``proba * value - cost``), one row per
        contacted customer, with a fresh RangeIndex, in descending ``expected_profit``, equal
        profits by ascending ``customer_id``. Only customers with a strictly positive expected
        profit are contacted, the best first, until the budget is spent.

    Examples
    --------
    >>> choose_targets([1, 2, 3], [0.5, 0.1, 0.9], [100.0, 100.0, 40.0], 20.0, 50.0)
       customer_id  expected_profit
    0            1             30.0
    1            3             16.0
    """
    frame = pd.DataFrame({"customer_id": np.asarray(customer_ids, dtype="int64"),
                          "expected_profit": np.asarray(proba, dtype=float) * np.asarray(value, dtype=float)
                          - cost})
    frame = frame[frame["expected_profit"] > 0]
    frame = frame.sort_values(["expected_profit", "customer_id"], ascending=[False, True], kind="mergesort")
    n_contacts = int(np.floor(budget / cost + 1e-9))
    return frame.head(n_contacts).reset_index(drop=True)
