"""Notebook 00's warm-ups: the shared question contract plus independent checks of the answers."""

from __future__ import annotations

import pandas as pd
import pytest

import grader
from grader import Incorrect
from grader.registry import solutions
from grader.shop import read_shop
from grader.testing import question_checks

sol = solutions("00")
ex = grader.load("00")
CHECKS = question_checks("00")


@pytest.mark.parametrize(("question", "check"), [(q, c) for _, q, c in CHECKS],
                         ids=[i for i, _, _ in CHECKS])
def test_question_contract(question, check):
    check(question)


def test_orders_per_customer_by_hand():
    lines = pd.DataFrame({"order_id": [5, 5, 6, 7, 7, 7], "customer_id": [1, 1, 1, 2, 2, 2]})
    # customer 1: orders 5 and 6; customer 2: order 7 (three lines)
    assert sol.orders_per_customer(lines).to_dict() == {1: 2, 2: 1}


def test_n_active_counts_only_history_before_the_snapshot():
    shop = read_shop()
    before = shop.order_lines["order_time"] < shop.snapshot
    by_hand = len(set(shop.order_lines.loc[before, "customer_id"].tolist()))
    assert sol.n_active_customers(shop.order_lines, shop.snapshot) == by_hand
    assert by_hand < shop.customers["customer_id"].nunique()


def test_rfm_and_label_marks_the_top_share_of_positive_spenders():
    shop = read_shop()
    X, y = sol.rfm_and_label(shop.order_lines, shop.snapshot, shop.window_end, share=0.2)
    lines = shop.order_lines.drop_duplicates()
    window = lines[(lines["order_time"] >= shop.snapshot) & (lines["order_time"] < shop.window_end)]
    spend = (window["quantity"] * window["unit_price"] * (1 - window["discount"])).groupby(
        window["customer_id"]).sum().reindex(X.index, fill_value=0.0)
    # notebook 02's rule: floor(20% of n) places, never a customer who spent nothing
    assert y.sum() == min(len(y) // 5, int((spend > 0).sum()))
    assert spend[y == 1].min() >= spend[y == 0].max()
    assert list(X.columns) == ["recency", "frequency", "monetary"]
    assert (X["monetary"] >= -1e-9).all() and (X["recency"] >= 0).all()


def test_the_warm_up_uses_notebook_02s_recency_a_late_return_does_not_move_it():
    t = pd.to_datetime
    lines = pd.DataFrame({
        "order_id": [1, 2, 2, 3], "customer_id": [7, 7, 7, 8],
        "order_time": t(["2025-03-02 10:00", "2025-06-01 09:00", "2025-06-20 12:00", "2025-08-01 08:00"]),
        "category": ["books"] * 4, "quantity": [1, 2, -1, 1],
        "unit_price": [10.0, 30.0, 30.0, 50.0], "discount": [0.0] * 4})
    X, y = sol.rfm_and_label(lines, pd.Timestamp("2025-07-01"), pd.Timestamp("2026-01-01"))
    # customer 7's last order was placed on 2025-06-01 (the return line of 06-20 does not count)
    assert X.loc[7, "recency"] == 29 and X.loc[7, "frequency"] == 2
    assert X.loc[7, "monetary"] == pytest.approx(10 + 60 - 30)
    assert X.index.tolist() == [7] and y.tolist() == [0]  # customer 8 first bought after the snapshot


@pytest.mark.parametrize("name", ["constant", "regressor"])
def test_model_design_misconceptions(name):
    from sklearn.dummy import DummyClassifier
    from sklearn.linear_model import LinearRegression

    model = {"constant": DummyClassifier(), "regressor": LinearRegression()}[name]
    outcome = ex.first_model.evaluate(model)
    message = next(m.message for m in ex.first_model.misconceptions if m.name == name)
    assert isinstance(outcome, Incorrect) and outcome.cause == message


def test_a_model_that_ignores_frequency_and_monetary_is_caught_by_the_probe():
    from sklearn.compose import make_column_transformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    only_recency = make_pipeline(make_column_transformer(("passthrough", ["recency"])), LogisticRegression())
    outcome = ex.first_model.evaluate(only_recency)
    message = next(m.message for m in ex.first_model.misconceptions if m.name == "ignores_history")
    assert isinstance(outcome, Incorrect) and outcome.cause == message


def test_a_weak_model_is_incorrect_with_the_score():
    from sklearn.neighbors import KNeighborsClassifier

    unscaled_knn = KNeighborsClassifier(n_neighbors=3)  # distances dominated by monetary, few neighbours
    outcome = ex.first_model.evaluate(unscaled_knn)
    assert isinstance(outcome, Incorrect) and "roc_auc" in outcome.summary.en, str(outcome)
