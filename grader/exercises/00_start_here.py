"""Questions of notebook 00 (start here): one warm-up of each kind."""

from __future__ import annotations

import numpy as np
import pandas as pd

from grader import design
from grader.i18n import T
from grader.questions import (
    Case,
    ChoiceQuestion,
    EstimatorQuestion,
    FunctionQuestion,
    Misconception,
    OpenQuestion,
    Rule,
    ValueQuestion,
)
from grader.registry import solutions
from grader.shop import generate_shop, read_shop

#: the frames this notebook's questions work from (an assignment ships them)
INPUT_FRAMES = ("customers", "order_lines", "sessions")
sol = solutions("00")


# --- function: orders per customer ----------------------------------------------------------
def _lines_as_orders(lines):
    return lines.groupby("customer_id").size().rename("n_orders")


def _unnamed_count(lines):
    return lines.groupby("customer_id")["order_id"].nunique()


def _days_as_orders(lines):
    return lines.groupby("customer_id")["order_time"].agg(
        lambda t: t.dt.normalize().nunique()).rename("n_orders")


def _order_cases(seed: int):
    t = pd.to_datetime
    yield Case((pd.DataFrame({
        "order_id": [11, 11, 12, 13, 13],
        "customer_id": [1, 1, 1, 2, 2],
        "order_time": t(["2025-01-03 10:00", "2025-01-03 10:00", "2025-01-03 18:30",
                         "2025-02-01 09:00", "2025-02-20 12:00"]),
        "quantity": [1, 2, 1, 3, -1],
    }),), label=T("customer 1: a two-line order and a second order the same day; customer 2: an "
                  "order with a later return line",
                  "客户 1：一笔两行的订单，同一天又下了第二单；客户 2：一笔订单及之后的退货行"))
    shop = generate_shop(seed=seed, n_customers=150)
    yield Case((shop.order_lines,), label=T("150 generated customers", "150 位生成的客户"))


orders_per_customer = FunctionQuestion(
    id="start.orders_per_customer",
    level="junior",
    follow_ups=[
        T("Why count distinct `order_id` values rather than rows?",
          "为什么要统计不同的 `order_id`，而不是行数？"),
        T("How would the count change if a fully returned order should not count as an order?",
          "如果全部退货的订单不应算作一单，计数要怎么改？"),
        T("The export doubles some lines on busy days. Which checks would you run before trusting "
          "any count?",
          "大促期间导出数据会有重复行。在相信任何计数之前，你会先做哪些检查？"),
    ],
    title=T("Orders per customer", "每位客户的订单数"),
    prompt=T("Count the distinct orders of each customer from the order lines.",
             "根据订单明细，统计每位客户的不同订单数。"),
    reference=sol.orders_per_customer,
    cases=_order_cases,
    compare_options={"check_names": True},
    rules=[Rule("named", T("a Series named `n_orders`", "名为 `n_orders` 的 Series"), _unnamed_count)],
    points=1,
    hints=[T("An order has several lines; what identifies one order?",
             "一笔订单有多行；用什么来识别一笔订单？"),
           T("Group by `customer_id` and count distinct `order_id` values: `.nunique()`.",
             "按 `customer_id` 分组，统计不同的 `order_id`：`.nunique()`。"),
           T("`lines.groupby(\"customer_id\")[\"order_id\"].nunique().rename(\"n_orders\")`",
             "`lines.groupby(\"customer_id\")[\"order_id\"].nunique().rename(\"n_orders\")`")],
    misconceptions=[
        Misconception("lines_as_orders", T(
            "You counted lines, not orders: an order with three products (or a return) is one "
            "order. Frequency counted this way rewards big baskets and punishes returns twice.",
            "你统计的是行数而不是订单数：包含三件商品（或有退货）的订单仍是一笔订单。"
            "这样算出的频次会偏向大购物篮，还会把退货重复计算。"), fn=_lines_as_orders),
        Misconception("days_as_orders", T(
            "You counted days with a purchase: two orders on the same day are two orders, and a "
            "return on a later day is not a new order. Use `order_id`.",
            "你统计的是有购买的天数：同一天的两笔订单是两笔订单，之后某天的退货也不是新订单。"
            "请使用 `order_id`。"), fn=_days_as_orders),
    ],
)


# --- value: active customers at the snapshot --------------------------------------------
def _shop_inputs():
    shop = read_shop()
    return shop.order_lines, shop.snapshot


n_active = ValueQuestion(
    id="start.n_active",
    level="junior",
    follow_ups=[
        T("Why strictly before the snapshot, and not on or before it?",
          "为什么是严格早于快照，而不是早于或等于快照？"),
        T("How would you define 'active' for a business where customers buy once a year?",
          "如果客户一年只买一次，你会怎么定义“活跃”？"),
    ],
    title=T("Customers active before the snapshot", "快照前的活跃客户数"),
    prompt=T("How many customers placed at least one order before the snapshot date?",
             "在快照日期之前至少下过一单的客户有多少位？"),
    name="n_active",
    reference=sol.n_active_customers,
    inputs=_shop_inputs,
    arg_names=("order_lines", "SNAPSHOT"),
    hints=[T("Keep the lines with `order_time < SNAPSHOT`, then count distinct customers.",
             "保留 `order_time < SNAPSHOT` 的行，再统计不同的客户数。")],
    misconceptions=[
        Misconception("all_customers", T(
            "That is the size of the customer table: it includes people who signed up but never "
            "bought, or bought only after the snapshot.",
            "这是客户表的行数：其中包括注册后从未购买、或只在快照之后购买的人。"),
            fn=lambda lines, snapshot: int(read_shop().customers["customer_id"].nunique())),
        Misconception("any_time", T(
            "You counted customers with an order at any time, including after the snapshot. As of "
            "the snapshot those later buyers are not yet customers.",
            "你统计了任何时候下过单的客户，包括快照之后。站在快照时点，这些之后才购买的人还不是客户。"),
            fn=lambda lines, snapshot: int(lines["customer_id"].nunique())),
    ],
)


# --- choice: what features may use --------------------------------------------------------
snapshot_rule = ChoiceQuestion(
    id="start.snapshot_rule",
    level="junior",
    follow_ups=[
        T("Give an example of a column in our data that would leak the label if used as a feature.",
          "举一个我们数据里的例子：哪一列用作特征会泄漏标签？"),
        T("A return is processed three weeks after the snapshot for an order placed before it. What "
          "does the model see, and why?",
          "快照前下的订单在快照三周后才退货。模型能看到什么？为什么？"),
        T("How would you make this rule impossible to break in a production feature pipeline?",
          "在生产环境的特征流水线里，你会怎样让这条规则不可能被违反？"),
    ],
    title=T("What may features use?", "特征可以使用哪些数据？"),
    prompt=T("We score customers as of 2025-07-01 and label them by their spend in the six months "
             "after. Which order lines may the features use?",
             "我们在 2025-07-01 给客户打分，并以之后六个月的消费作为标签。特征可以使用哪些订单明细？"),
    name="snapshot_rule",
    options={
        "a": T("All order lines in the file: the more history the model sees, the better it ranks.",
               "文件中的全部订单明细：模型看到的历史越多，对客户的排序就越准确。"),
        "b": T("Order lines before 2025-07-01, plus the returns of those orders that arrive later.",
               "2025-07-01 之前的订单明细，再加上这些订单在快照之后才发生的退货。"),
        "c": T("Order lines up to today's date, so that the features are as fresh as they can be.",
               "截至今天的订单明细，这样算出来的特征是最新、最全的。"),
        "d": T("Order lines (purchases and returns) with order_time before 2025-07-01.",
               "order_time 早于 2025-07-01 的订单明细（购买与退货）。"),
    },
    answer=sol.SNAPSHOT_RULE,
    explanations={
        "a": T("The file reaches into the label window: features would see the future they "
               "predict, and the model would look brilliant offline and fail in production.",
               "文件包含标签窗口内的数据：特征会看到要预测的未来，模型离线表现很好、上线就失效。"),
        "b": T("A return processed after the snapshot was not known on 2025-07-01; using it leaks "
               "the future (it also correlates with the label).",
               "快照之后发生的退货在 2025-07-01 时并不知道；使用它会泄漏未来信息（且与标签相关）。"),
        "c": T("\"Today\" moves every time the notebook runs and lies after the label window: "
               "results stop being reproducible and the future leaks in.",
               "“今天”每次运行都在变化，而且晚于标签窗口：结果无法复现，未来信息也会泄漏进来。"),
        "d": T("Features use exactly what was known at the snapshot.",
               "特征只使用在快照时点已知的信息。"),
    },
    hints=[T("Ask of each option: would we have had this data on the morning of 2025-07-01?",
             "逐项自问：在 2025-07-01 早上，我们是否已经拥有这些数据？")],
)


# --- open: why a value score -----------------------------------------------------------
why_value = OpenQuestion(
    id="start.why_value",
    level="junior",
    follow_ups=[
        T("Which decision would change first, and what would it cost to get it wrong?",
          "最先改变的是哪个决策？决策错了代价是什么？"),
        T("How would you show marketing, after a quarter, that the score paid for itself?",
          "一个季度之后，你会如何向市场部门证明这个评分物有所值？"),
    ],
    title=T("What is a customer value score for?", "客户价值评分有什么用？"),
    prompt=T("In two or three sentences: what does a marketing team do differently once it has a "
             "customer value score?",
             "用两三句话回答：有了客户价值评分之后，营销团队会做哪些不同的事情？"),
    name="why_value",
    hints=[T("Think of a budget: who gets a costly retention offer, who gets an upsell, who gets nothing?",
             "想想预算：谁值得昂贵的挽留优惠，谁适合向上销售，谁不必联系？")],
    model_answer=T(sol.WHY_VALUE_ANSWER,
                   "客户价值评分按客户在未来几个月可能带来的收入对客户排序。营销预算有限，要花在回报最高的地方："
                   "对有流失迹象的高价值客户做挽留，对有增长空间的客户做交叉销售或向上销售，"
                   "对预期价值低于活动成本的客户少联系或不联系。"),
    rubric=[(T("Says the score ranks or predicts future value (not past spend alone)",
               "指出评分是对未来价值的排序或预测（而不只是历史消费）"), 1.0),
            (T("Names at least one concrete action (retention, upsell, budget allocation)",
               "至少给出一个具体动作（挽留、向上销售、预算分配）"), 1.0),
            (T("Connects the action to cost or return (campaign cost vs expected value)",
               "把动作与成本或回报联系起来（活动成本与预期价值）"), 1.0)],
    points=3,
)


# --- estimator: a first model ------------------------------------------------------------
def _model_cases(seed: int):
    rng = np.random.default_rng(seed)
    for variant in range(2):
        shop = generate_shop(seed=seed * 10 + variant, n_customers=900)
        X, y = sol.rfm_and_label(shop.order_lines, shop.snapshot, shop.window_end)
        test = rng.random(len(X)) < 0.3
        yield Case((X[~test], y[~test], X[test], y[test]),
                   label=T(f"shop variant {variant + 1}: {len(X)} active customers",
                           f"商店变体 {variant + 1}：{len(X)} 位活跃客户"))


def _constant_model(description, case):
    return design.is_a(design.final_step(description), "sklearn.DummyClassifier")


def _regressor(description, case):
    return design.is_regressor(description)


def _constant():
    from sklearn.dummy import DummyClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer, StandardScaler

    return make_pipeline(FunctionTransformer(np.log1p), StandardScaler(), DummyClassifier())


def _ignores_history():
    from sklearn.compose import make_column_transformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(make_column_transformer((StandardScaler(), ["recency"])), LogisticRegression())


def _regressor_model():
    from sklearn.linear_model import LinearRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer, StandardScaler

    return make_pipeline(FunctionTransformer(np.log1p), StandardScaler(), LinearRegression())


first_model = EstimatorQuestion(
    id="start.first_model",
    level="junior",
    follow_ups=[
        T("Why does the pipeline scale inside itself instead of scaling the table first?",
          "为什么要在流水线内部做缩放，而不是先把整张表缩放好？"),
        T("Monetary value has a long tail. What would you do about it, and how would you check it "
          "helped?",
          "消费金额有很长的尾巴。你会怎么处理？又如何验证处理有效？"),
        T("What would you add before this model scores real customers next month?",
          "在这个模型下个月给真实客户打分之前，你还会补充什么？"),
    ],
    title=T("A first model", "第一个模型"),
    prompt=T("Build an unfitted scikit-learn pipeline that predicts the high-value flag from "
             "recency, frequency and monetary value. It is fitted on training customers of fresh "
             "shop variants and judged by ROC-AUC on held-out customers.",
             "构建一个未拟合的 scikit-learn 流水线，根据最近一次消费、频次和金额预测高价值标记。"
             "它会在新的商店变体的训练客户上拟合，并以留出客户上的 ROC-AUC 评判。"),
    name="model",
    reference=sol.first_model,
    cases=_model_cases,
    metric="roc_auc",
    tolerance=0.03,
    hints=[T("Spend and frequency are heavy-tailed: `np.log1p` them (a `FunctionTransformer`).",
             "消费金额和频次是长尾分布：用 `np.log1p` 处理（`FunctionTransformer`）。"),
           T("`make_pipeline(FunctionTransformer(np.log1p), StandardScaler(), LogisticRegression())`",
             "`make_pipeline(FunctionTransformer(np.log1p), StandardScaler(), LogisticRegression())`")],
    misconceptions=[
        Misconception("constant", T(
            "A `DummyClassifier` predicts the same for everyone: it is the baseline to beat, "
            "not the model.", "`DummyClassifier` 对所有人给出相同预测：它是需要超越的基线，而不是模型。"),
            design=_constant_model),
        Misconception("ignores_history", T(
            "Your model's scores do not change when frequency and monetary value are shuffled: it "
            "ignores how often and how much a customer bought, the strongest signals of future value. "
            "Give all three RFM columns to the model.",
            "打乱 frequency 和 monetary 后，你的模型打分没有任何变化：它忽略了客户买得多频繁、花得多少，"
            "而这正是预测未来价值最强的信号。请把三个 RFM 列都交给模型。"),
            permute=("frequency", "monetary"), flag_when="unchanged"),
        Misconception("regressor", T(
            "The target is a yes/no flag: use a classifier (its `predict_proba` ranks customers), "
            "not a regressor.", "目标是是/否标记：请使用分类器（用 `predict_proba` 对客户排序），而不是回归器。"),
            design=_regressor),
    ],
    rules=[
        Rule("a_model", T("a pipeline that predicts: not a constant baseline", "会预测的流水线：不是常数基线"),
             _constant, misconception="constant"),
        Rule("uses_rfm", T("predicts from recency, frequency and monetary value",
                           "根据最近一次消费、频次和金额来预测"), _ignores_history, misconception="ignores_history"),
        Rule("classifier", T("predicts the high-value flag (a classifier)", "预测高价值标记（分类器）"),
             _regressor_model, misconception="regressor"),
    ],
    points=2,
)

QUESTIONS = [orders_per_customer, n_active, snapshot_rule, why_value, first_model]
