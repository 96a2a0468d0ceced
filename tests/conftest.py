"""Shared fixtures: a small, self-contained question of each kind (independent of the notebooks)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from grader import (
    Case,
    ChoiceQuestion,
    EstimatorQuestion,
    FunctionQuestion,
    Misconception,
    OpenQuestion,
    T,
    ValueQuestion,
    set_language,
    set_strict,
)


def total_spend(orders: pd.DataFrame) -> pd.DataFrame:
    """Total spend per customer.

    Parameters
    ----------
    orders : DataFrame
        Columns customer_id and amount.

    Returns
    -------
    DataFrame
        Columns customer_id and spend, one row per customer.

    Examples
    --------
    >>> total_spend(pd.DataFrame({"customer_id": [1, 1], "amount": [2.0, 3.0]}))
       customer_id  spend
    0            1    5.0
    """
    out = orders.groupby("customer_id", as_index=False)["amount"].sum()
    return out.rename(columns={"amount": "spend"})


def _mean_spend(orders):
    out = orders.groupby("customer_id", as_index=False)["amount"].mean()
    return out.rename(columns={"amount": "spend"})


def _positive_only(orders):
    return total_spend(orders[orders["amount"] > 0])


MEAN_MSG = T("You averaged the orders instead of adding them up.", "你对订单求了平均而不是求和。")
POSITIVE_MSG = T("You dropped the refunds (negative amounts).", "你丢掉了退款（负金额）。")


def spend_cases(seed: int):
    rng = np.random.default_rng(seed)
    yield Case((pd.DataFrame({"customer_id": [1, 1, 2], "amount": [10.0, 20.0, 5.0]}),),
               label=T("two customers, one with two orders", "两位客户，其中一位有两笔订单"))
    yield Case((pd.DataFrame({"customer_id": [3, 3], "amount": [8.0, -8.0]}),),
               label=T("a refunded order", "一笔已退款的订单"))
    n = 40
    yield Case((pd.DataFrame({"customer_id": rng.integers(1, 9, n),
                              "amount": rng.gamma(2.0, 30.0, n).round(2)}),),
               label=T("40 random orders", "40 笔随机订单"), points=2)


@pytest.fixture
def spend_question():
    return FunctionQuestion(
        id="toy.spend", title=T("Total spend", "总消费"), reference=total_spend,
        cases=spend_cases, points=2, time_limit=1.0,
        hints=[T("Group by customer.", "按客户分组。"), T("Then sum `amount`.", "再对 `amount` 求和。")],
        misconceptions=[Misconception("mean", MEAN_MSG, fn=_mean_spend),
                        Misconception("positive_only", POSITIVE_MSG, fn=_positive_only)],
        compare_options={"ignore_row_order": True})


def n_big_spenders(spend: pd.DataFrame) -> int:
    """How many customers spent more than 100."""
    return int((spend["spend"] > 100).sum())


@pytest.fixture
def value_question():
    spend = pd.DataFrame({"customer_id": [1, 2, 3], "spend": [50.0, 150.0, 100.0]})
    return ValueQuestion(
        id="toy.big", title=T("Big spenders", "高消费客户"), name="n_big", reference=n_big_spenders,
        inputs=lambda: (spend,), arg_names=("spend",),
        misconceptions=[Misconception("at_least", T("More than 100, not 100 or more.",
                                                    "是大于 100，不是大于等于 100。"),
                                      fn=lambda s: int((s["spend"] >= 100).sum()))])


@pytest.fixture
def choice_question():
    return ChoiceQuestion(
        id="toy.metric", title=T("Metric", "指标"), name="metric_answer",
        options={"a": T("accuracy", "准确率"), "b": T("PR-AUC", "PR-AUC"), "c": T("R²", "R²")},
        answer="b",
        explanations={"a": T("Accuracy rewards predicting the majority class.", "准确率偏向多数类。"),
                      "b": T("PR-AUC focuses on the rare class.", "PR-AUC 关注稀有类。")})


@pytest.fixture
def multi_question():
    return ChoiceQuestion(
        id="toy.leaks", title=T("Leaks", "泄漏"), name="leaks",
        options={"a": T("future orders", "未来订单"), "b": T("signup date", "注册日期"),
                 "c": T("the label", "标签")},
        answer=frozenset({"a", "c"}),
        explanations={"b": T("The signup date is known at the snapshot.", "注册日期在快照时已知。")})


@pytest.fixture
def open_question():
    return OpenQuestion(
        id="toy.why", title=T("Why", "为什么"), name="why_answer", min_words=5,
        model_answer=T("Because the label must come from the future window.", "因为标签必须来自未来窗口。"),
        rubric=[(T("mentions the future window", "提到未来窗口"), 1.0)])


def make_logreg():
    """A scaled logistic regression."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression())


def classification_cases(seed: int):
    rng = np.random.default_rng(seed)
    for _ in range(2):
        X = rng.normal(size=(300, 3))
        y = (X[:, 0] + 0.5 * rng.normal(size=300) > 0.8).astype(int)
        yield Case((X[:200], y[:200], X[200:], y[200:]), label=T("300 customers", "300 位客户"))


def _no_scaler(description, case):
    from grader import design

    return not any(design.is_a(part, "sklearn.StandardScaler") for part in design.parts(description))


@pytest.fixture
def estimator_question():
    return EstimatorQuestion(
        id="toy.model", title=T("Model", "模型"), name="model", reference=make_logreg,
        cases=classification_cases, time_limit=10.0,
        misconceptions=[Misconception("no_scaler", T("Scale features first.", "先标准化特征。"),
                                      design=_no_scaler)])


@pytest.fixture(autouse=True)
def _interactive_english():
    """Each test starts in English, interactive mode; tests that need otherwise say so."""
    set_language("en")
    set_strict(False)
    yield
    set_language(None)
    set_strict(None)
