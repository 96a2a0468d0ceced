"""Questions of notebook 13: reviewing a customer value pipeline, pull request by pull request.

The five pull requests re-write the original article's three scripts and its coding tasks 4 and
5 with their defects kept. Each gets a multi-select review question ("which lines are wrong and
why"; every wrong option has its explanation). Two "fix it" function questions are judged on
hidden shop variants: the corrected feature script (:func:`customer_features`) and the corrected
evaluation (:func:`honest_score`); their misconceptions are partial fixes. A choice question
counts PR 3's fits, a function returns the review checklist, and an open question asks for
the review comment on PR 4.

Public cases come from the shipped shop and customer table plus a hand-built export; hidden cases
from :func:`grader.shop.generate_shop` and :func:`grader.tables.variant_table` with the grading
seed. Each recorded misconception is a small private function named ``_<name>``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, average_precision_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from grader.i18n import T
from grader.questions import (
    PUBLIC_SEED,
    Case,
    ChoiceQuestion,
    FunctionQuestion,
    Misconception,
    OpenQuestion,
    Rule,
)
from grader.registry import solutions
from grader.shop import generate_shop, read_shop
from grader.tables import read_customer_table, variant_table

#: the frames this notebook's questions work from: the shop (the export) and the customer table
INPUT_FRAMES = ("customers", "order_lines", "sessions", "customer_table")
sol = solutions("13")
fe = solutions("02")
FEATURES = sol.FEATURES

# =========================================================================================
# The five pull requests (shown in the notebook and in the prompts)
# =========================================================================================
PR1 = '''```python
import pandas as pd

orders = pd.read_csv("orders_export.csv")   # order_id, customer_id, order_date, amount, coupon_code

orders["total_spend"] = orders["amount"].sum(axis=1)
orders["avg_spend"] = orders["amount"].mean(axis=1)
orders["n_orders"] = orders["order_id"].count(axis=1)
orders["last_order"] = orders["order_date"].max(axis=1)
orders["recency"] = (pd.Timestamp.now() - orders["last_order"]).days

orders = orders.dropna()
features = orders.drop_duplicates("customer_id")
print(features.head())
```'''

PR2 = '''```python
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split

table = pd.read_csv("customer_table.csv")
X = table.select_dtypes("number")
y = table["high_value"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
model = RandomForestClassifier(n_estimators=100, random_state=42).fit(X_train, y_train)
print("Accuracy:", accuracy_score(y_test, model.predict(X_test)))
```'''

PR3 = '''```python
from sklearn.model_selection import GridSearchCV

param_grid = {"n_estimators": [100, 200, 300], "max_depth": [10, 20, 30],
              "min_samples_split": [2, 5, 10], "min_samples_leaf": [1, 2, 4]}
search = GridSearchCV(model, param_grid, cv=5, scoring="accuracy")
search.fit(X_train, y_train)
best = search.best_estimator_
best.fit(X_train, y_train)            # retrain with the best parameters
print("Tuned accuracy:", accuracy_score(y_test, best.predict(X_test)))
```'''

PR4 = '''```python
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

table = pd.read_csv("customer_table.csv")
table["customer_value"] = table["monetary"] >= table["monetary"].quantile(0.8)   # top 20 % spenders
X = StandardScaler().fit_transform(table[FEATURES])
y = table["customer_value"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
model = LogisticRegression().fit(X_train, y_train)
print("AUC:", roc_auc_score(y_test, model.predict_proba(X_test)[:, 1]))
```'''

PR5 = '''```python
import pandas as pd
from sklearn.ensemble import RandomForestClassifier

table = pd.read_csv("customer_table.csv")
X = table.select_dtypes("number").drop(columns="future_spend")
y = table["high_value"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
model = RandomForestClassifier(n_estimators=100, random_state=42).fit(X_train, y_train)
importances = pd.Series(model.feature_importances_, index=X.columns)
print(importances.sort_values(ascending=False))
```'''


def _review_prompt(n, en_task, zh_task, code):
    return T(f"Review pull request {n}: {en_task} Which statements about it are true? Give the set of "
             f"letters of every true statement.\n\n{code}",
             f"审查第 {n} 个拉取请求：{zh_task}下面哪些说法是对的？请给出所有正确说法的字母集合。\n\n{code}")


_REVIEW_HINTS = [
    T("Read each line and ask what it returns, on which rows, as of which date.",
      "逐行读：它返回什么、用的是哪些行、以哪一天为准。"),
    T("A statement is true only if both the line *and* the reason it gives are right.",
      "只有当所指的代码行*和*给出的理由都对时，这个说法才算对。"),
]

# =========================================================================================
# 1. PR 1: the feature script (original coding task 1)
# =========================================================================================
PR1_REVIEW = ChoiceQuestion(
    id="cr.pr1",
    level="junior",
    follow_ups=[
        T("Which of these defects make the script crash, and which let it run and give wrong numbers?",
          "这些缺陷里哪些会让脚本崩溃，哪些会让它照常运行却给出错误的数字？"),
        T("How would you test the fixed script so that each defect cannot come back?",
          "你会怎样测试修好的脚本，保证这些缺陷不会再回来？"),
    ],
    name="pr1_defects",
    title=T("PR 1: the customer feature script", "拉取请求 1：客户特征脚本"),
    prompt=_review_prompt(
        1, "it builds recency, frequency and spend per customer from an export of orders.",
        "它从订单导出文件为每位客户计算最近一次消费、消费频率和消费金额。", PR1),
    hints=_REVIEW_HINTS,
    options={
        "a": T("`orders[\"amount\"].sum(axis=1)` and the three lines after it: a Series has one axis, so pandas "
               "raises; these need a `groupby`.",
               "`orders[\"amount\"].sum(axis=1)` 及其后三行：Series 只有一个轴，会报"
               "错；应先 `groupby`。"),
        "b": T("`avg_spend` only has a naming problem: the mean along one order's row is that order's amount, "
               "which is exactly what an average-spend column should hold.",
               "`avg_spend` 只是命名有问题：沿一笔订单那一行求均值就是该订单的金额，而这恰好就是平均消费这一"
               "列应该存放的内容。"),
        "c": T("`read_csv` leaves `order_date` as text and nothing parses it, so date arithmetic on the column "
               "fails.",
               "`read_csv` 读入的 `order_date` 是文本，且没有任何地方解析它，所以在这一列上做日"
               "期运算会失败。"),
        "d": T("`(... - orders[\"last_order\"]).days`: the difference is a Series of timedeltas, which needs "
               "`.dt.days`.",
               "`(... - orders[\"last_order\"]).days`：时间差 Series 要用 `."
               "dt.days`。"),
        "e": T("`pd.Timestamp.now()` should be `pd.to_datetime(\"today\")`: `now()` carries the time of day as "
               "well, which makes every day count come out wrong.",
               "`pd.Timestamp.now()` 应改为 `pd.to_datetime(\"today\")`：`"
               "now()` 还带着当天的时刻，会让每一个天数都算错。"),
        "f": T("`pd.Timestamp.now()`: recency changes with the day the script runs and can count days after "
               "the snapshot.",
               "`pd.Timestamp.now()`：最近一次消费的天数随脚本运行的日子而变，还可能算进快照之后的天"
               "数。"),
        "g": T("`orders.dropna()` drops every order without a coupon code, so customers vanish and totals "
               "shrink.",
               "`orders.dropna()` 会删掉所有没用优惠券的订单，于是客户消失、金额变小。"),
        "h": T("Rows the export repeats are harmless here: `sum` and `count` see a repeated order only once, "
               "so both spend and frequency stay right.",
               "导出文件中重复的行在这里无害：`sum` 和 `count` 对重复的订单只算一次，所以消费金额和频率都"
               "仍然正确。"),
    },
    answer=sol.PR1_DEFECTS,
    explanations={
        "a": T("`Series.sum(axis=1)` raises ValueError (no axis 1); the per-customer total is "
               "`groupby(\"customer_id\")[\"amount\"].sum()`.",
               "`Series.sum(axis=1)` 会抛出 ValueError（没有第 1 轴）；每位客户的总额是 "
               "`groupby(\"customer_id\")[\"amount\"].sum()`。"),
        "b": T("No: `mean(axis=1)` on a Series raises like `sum(axis=1)`, and even a row mean would be the "
               "order's own amount, not the customer's average over orders; that needs a groupby.",
               "不对：在 Series 上调用 `mean(axis=1)` 和 `sum(axis=1)` 一样会报错；即使能按行求均值，得到的也是"
               "订单自己的金额，而不是客户各订单的平均值，后者需要 groupby。"),
        "c": T("Without `parse_dates=[\"order_date\"]` the column holds strings; `Timestamp - str` raises.",
               "没有 `parse_dates=[\"order_date\"]` 时这一列是字符串；`Timestamp - str` 会报错。"),
        "d": T("`.days` belongs to one Timedelta; a Series of them exposes it through the `.dt` accessor.",
               "`.days` 属于单个 Timedelta；时间差 Series 要通过 `.dt` 访问器取它。"),
        "e": T("No: `now()` and `to_datetime(\"today\")` are both the moment the script runs; swapping one "
               "for the other fixes nothing. The defect is measuring from the run date at all.",
               "不对：`now()` 和 `to_datetime(\"today\")` 都是脚本运行的那一刻，换来换去什么也没修好。问题在于"
               "以运行日期为基准本身。"),
        "f": T("A snapshot date makes the features reproducible and keeps the label window in the future.",
               "固定的快照日期让特征可复现，也让标签窗口始终位于未来。"),
        "g": T("The missing coupon says nothing about value, yet the whole order goes; handle the gaps "
               "where they matter, inside the model's pipeline.",
               "优惠券缺失与客户价值无关，整笔订单却被删掉了；应在真正需要的地方、在模型的流水线里处理缺失。"),
        "h": T("No: `sum` and `count` count every row, so an order the export repeats counts twice in "
               "spend and in frequency; drop duplicate order ids first.",
               "不对：`sum` 和 `count` 会数每一行，导出文件重复的订单会在金额和频率里被算两次；应先按订单号去重。"),
    },
    points=2,
)

# =========================================================================================
# 2. Fix PR 1: customer_features
# =========================================================================================
_COUPONS = np.array(["SPRING", "VIP10", "WINBACK"], dtype=object)


def _export(lines, seed):
    """The orders of a shop as the PR's export has them: text dates, coupon codes, a few repeated rows."""
    orders = fe.orders_from_lines(lines)
    rng = np.random.default_rng(seed)
    coupon = np.where(rng.random(len(orders)) < 0.35, rng.choice(_COUPONS, size=len(orders)), None)
    export = pd.DataFrame({
        "order_id": orders["order_id"], "customer_id": orders["customer_id"],
        "order_date": orders["order_time"].dt.strftime("%Y-%m-%d %H:%M:%S"),
        "amount": orders["amount"].round(2), "coupon_code": pd.Series(coupon, dtype=object)})
    repeated = export.sample(frac=0.03, random_state=seed)
    return pd.concat([export, repeated]).sort_values(["order_date", "order_id"], kind="stable").reset_index(drop=True)


def _hand_export():
    """Three customers: an order exactly at the snapshot, a repeated row, orders without a coupon."""
    return pd.DataFrame({
        "order_id": [1, 2, 2, 3, 4, 5, 6],
        "customer_id": [7, 7, 7, 8, 8, 9, 7],
        "order_date": ["2025-05-02 10:00:00", "2025-06-20 12:30:00", "2025-06-20 12:30:00",
                       "2025-06-30 23:59:00", "2025-07-01 00:00:00", "2025-07-03 08:00:00",
                       "2025-07-05 09:00:00"],
        "amount": [30.0, 50.0, 50.0, 12.5, 80.0, 99.0, 40.0],
        "coupon_code": [None, "SPRING", "SPRING", None, "VIP10", None, None],
    })


def _features_cases(seed):
    snapshot = pd.Timestamp("2025-07-01")
    label = T("a hand-built export: an order exactly at the snapshot, a repeated row, orders without a "
              "coupon, a customer whose only order is after the snapshot",
              "手工构造的导出文件：一笔恰好在快照时刻的订单、一行重复记录、没用优惠券的订单、唯一一笔订单在快照"
              "之后的客户")
    yield Case((_hand_export(), snapshot), label=label)
    if seed == PUBLIC_SEED:
        shop = read_shop()
        lines = shop.order_lines[shop.order_lines["customer_id"] <= 400]
        yield Case((_export(lines, 0), shop.snapshot), label=T(
            "the orders of customers 1–400 of the shipped shop, exported with text dates",
            "随附的商店数据中客户 1–400 的订单，以文本日期导出"))
    else:
        shop = generate_shop(seed=seed, n_customers=300)
        yield Case((_export(shop.order_lines, seed), shop.snapshot), label=T("a generated shop", "一个生成的商店"))


def _parsed(orders):
    return orders.assign(order_date=pd.to_datetime(orders["order_date"]))


def _aggregate(history, snapshot, reference_date=None):
    features = (
        history.groupby("customer_id", sort=True)
        .agg(total_spend=("amount", "sum"), avg_spend=("amount", "mean"),
             n_orders=("order_id", "nunique"), last_order=("order_date", "max"))
        .reset_index()
    )
    end = snapshot if reference_date is None else reference_date
    features["recency"] = (end - features["last_order"]).dt.days
    return features.drop(columns="last_order")


def _no_cutoff(orders, snapshot):
    orders = _parsed(orders.drop_duplicates(subset="order_id"))
    return _aggregate(orders, snapshot)


def _keeps_repeated_rows(orders, snapshot):
    orders = _parsed(orders)
    history = orders[orders["order_date"] < snapshot]
    features = (
        history.groupby("customer_id", sort=True)
        .agg(total_spend=("amount", "sum"), avg_spend=("amount", "mean"),
             n_orders=("order_id", "count"), last_order=("order_date", "max"))
        .reset_index()
    )
    features["recency"] = (snapshot - features["last_order"]).dt.days
    return features.drop(columns="last_order")


def _dropna_rows(orders, snapshot):
    orders = _parsed(orders.drop_duplicates(subset="order_id").dropna())
    return _aggregate(orders[orders["order_date"] < snapshot], snapshot)


def _recency_from_data_end(orders, snapshot):
    orders = _parsed(orders.drop_duplicates(subset="order_id"))
    history = orders[orders["order_date"] < snapshot]
    return _aggregate(history, snapshot, reference_date=history["order_date"].max())


FEATURES_FIX = FunctionQuestion(
    id="cr.features",
    level="mid",
    follow_ups=[
        T("Why does the snapshot have to be an argument rather than a constant inside the function?",
          "为什么快照日期必须作为参数传入，而不是写死在函数里？"),
        T("The export repeats a row only now and then: how would you find out from the data that it "
          "happens at all?",
          "导出文件只是偶尔重复一行：你如何从数据本身发现存在这种情况？"),
    ],
    title=T("Fix PR 1", "修复拉取请求 1"),
    prompt=T(
        "Write the corrected feature script as `customer_features(orders, snapshot)`. `orders` is the "
        "export as read by `read_csv` (columns `order_id`, `customer_id`, `order_date` as text, "
        "`amount`, `coupon_code` with gaps); an export error may repeat a row. Return one row per "
        "customer with an order before `snapshot`, sorted by `customer_id`, with a fresh index and "
        "the columns `customer_id`, `total_spend`, `avg_spend` (mean amount per order), `n_orders` "
        "(distinct orders) and `recency` (whole days from the last order to the snapshot, an int). "
        "Rules: orders at or after the snapshot are the future; a repeated row counts once; a missing "
        "coupon code drops nothing; recency is measured from the snapshot.",
        "把修好的特征脚本写成 `customer_features(orders, snapshot)`。`orders` 是 `read_csv` 读入的导出文件"
        "（列为 `order_id`、`customer_id`、文本格式的 `order_date`、`amount`、有缺失的 `coupon_code`）；"
        "导出错误可能让某一行重复出现。返回快照之前下过单的客户，每人一行，按 `customer_id` 排序、索引重置，"
        "列为 `customer_id`、`total_spend`、`avg_spend`（每笔订单的平均金额）、`n_orders`（不同订单数）和 "
        "`recency`（最后一笔订单到快照的整天数，整数）。规则：快照时刻及之后的订单属于未来；重复的行只算一次；"
        "优惠券缺失不删除任何东西；最近一次消费从快照日期算起。"),
    hints=[
        T("Parse the dates first (`pd.to_datetime`), drop repeated order ids, then keep the history "
          "(`order_date < snapshot`).",
          "先解析日期（`pd.to_datetime`），再按订单号去重，然后只保留历史（`order_date < snapshot`）。"),
        T("One `groupby(\"customer_id\").agg(...)` gives all four figures: sum, mean, nunique of the "
          "order id and the max date.",
          "一次 `groupby(\"customer_id\").agg(...)` 就能得到四个量：求和、均值、订单号的 nunique 和最大日期。"),
        T("`(snapshot - last_order).dt.days` turns the timedeltas into whole days; drop the helper "
          "column and `reset_index()`.",
          "`(snapshot - last_order).dt.days` 把时间差变成整天数；删掉辅助列并 `reset_index()`。"),
    ],
    points=3,
    reference=sol.customer_features,
    cases=_features_cases,
    compare_options={"key": "customer_id"},
    rules=[
        Rule("cutoff", T("orders at or after the snapshot are the future",
                         "快照时刻及之后的订单属于未来"), _no_cutoff, misconception="no_cutoff"),
        Rule("dedup", T("a repeated row counts once", "重复的行只算一次"), _keeps_repeated_rows,
             misconception="keeps_repeated_rows"),
        Rule("no_dropna", T("a missing coupon code drops nothing", "优惠券缺失不删除任何东西"), _dropna_rows,
             misconception="dropna_rows"),
        Rule("from_snapshot", T("recency is measured from the snapshot", "最近一次消费从快照日期算起"),
             _recency_from_data_end, misconception="recency_from_data_end"),
    ],
    misconceptions=[
        Misconception("no_cutoff", fn=_no_cutoff, message=T(
            "You replaced `now()` by the snapshot but kept the orders placed at or after it: spend and "
            "frequency include the future (the very window a label is measured on) and some recencies "
            "come out negative. Keep `order_date < snapshot` before aggregating.",
            "你把 `now()` 换成了快照日期，却保留了快照时刻及之后的订单：消费金额和频率包含了未来（正是标签所在"
            "的窗口），有的最近一次消费天数甚至是负数。聚合之前先保留 `order_date < snapshot` 的订单。")),
        Misconception("keeps_repeated_rows", fn=_keeps_repeated_rows, message=T(
            "You count rows, not orders: an order the export repeats is counted twice in `total_spend` "
            "and `n_orders` and pulls `avg_spend` towards it. Drop duplicate order ids before "
            "aggregating (and count orders with `nunique`).",
            "你数的是行而不是订单：导出文件重复的订单在 `total_spend` 和 `n_orders` 里被算了两次，"
            "`avg_spend` 也被它拉偏。聚合前先按订单号去重（并用 `nunique` 数订单）。")),
        Misconception("dropna_rows", fn=_dropna_rows, message=T(
            "You kept the PR's `dropna()`: every order without a coupon code is gone, so customers who "
            "never used a coupon vanish and everyone else's spend shrinks. A gap in a column you do not "
            "use is no reason to drop a row.",
            "你保留了拉取请求里的 `dropna()`：所有没用优惠券的订单都被删掉了，从不用优惠券的客户整个消失，"
            "其他客户的消费也变少了。一个你根本不用的列有缺失，不是删除整行的理由。")),
        Misconception("recency_from_data_end", fn=_recency_from_data_end, message=T(
            "You measured recency from the latest order in the data instead of from the snapshot: that "
            "is `today` in disguise (it moves with whatever the export happens to contain). Every "
            "customer's recency is off by the gap between that order and the snapshot.",
            "你从数据里最晚的一笔订单起算最近一次消费，而不是从快照日期：这其实是换了个样子的 `today`（它随"
            "导出文件碰巧包含的内容而变）。每位客户的天数都差了那笔订单到快照之间的间隔。")),
    ],
)

# =========================================================================================
# 3. PR 2: choosing a model (original coding task 2)
# =========================================================================================
PR2_REVIEW = ChoiceQuestion(
    id="cr.pr2",
    level="junior",
    follow_ups=[
        T("What accuracy does a model that flags nobody get on this table?",
          "在这张表上，一个谁都不标记的模型能得到多少准确率？"),
        T("How would you find a leaky column like `future_spend` in a table with 200 columns?",
          "在一张有 200 列的表里，你会怎样找出像 `future_spend` 这样泄漏的列？"),
    ],
    name="pr2_defects",
    title=T("PR 2: choosing a model", "拉取请求 2：选择模型"),
    prompt=_review_prompt(
        2, "it trains a random forest on the customer table (20 % high value) and reports its quality.",
        "它在客户宽表（20% 为高价值客户）上训练随机森林并报告模型效果。", PR2),
    hints=_REVIEW_HINTS,
    options={
        "a": T("`random_state=42` in the split and in the forest tunes the result to one lucky seed; both "
               "seeds must be removed before the number can be trusted.",
               "划分和随机森林里的 `random_state=42` 让结果只对一个碰巧幸运的随机种子成立；必须删掉这"
               "两处随机种子，数字才可信。"),
        "b": T("`select_dtypes(\"number\")` keeps `future_spend`, the label window's spend that `high_value` "
               "comes from.",
               "`select_dtypes(\"number\")` 保留了 `future_spend`，而 `high"
               "_value` 就是由它算出的。"),
        "c": T("With 20 % high value, flagging nobody is about 80 % accurate; report average precision against "
               "a baseline.",
               "高价值客户只占 20%，谁都不标记就有约 80% 的准确率；应报告平均精确率，并与基线对比。"),
        "d": T("`RandomForestClassifier` needs standardised features, so a `StandardScaler` must come before "
               "it, or the large amounts dominate every split.",
               "`RandomForestClassifier` 需要标准化的特征，所以前面必须先加 `Standard"
               "Scaler`，否则金额这类大数会主导每一次切分。"),
        "e": T("The split is not stratified, so the test share of high-value customers drifts with the seed; "
               "pass `stratify=y`.",
               "划分没有分层，测试集里高价值客户的比例会随随机种子漂移；应传入 `stratify=y`。"),
        "f": T("`test_size=0.2` leaves too few customers to test on: a test set must hold at least half of the "
               "rows before its score can be trusted.",
               "`test_size=0.2` 留给测试的客户太少了：测试集至少要占全部行的一半，它给出的分数才值得相信"
               "。"),
    },
    answer=sol.PR2_DEFECTS,
    explanations={
        "a": T("No: a fixed seed makes the run reproducible, which a review wants. The danger is "
               "*choosing* among seeds; to see the spread, repeat over several seeds or use k-fold.",
               "不对：固定随机种子让结果可复现，这正是审查所希望的。危险的是在多个随机种子里*挑选*；想看波动，"
               "就用多个随机种子重复或用 k 折。"),
        "b": T("`future_spend` ranks the label perfectly, so the score measures the leak, not the model.",
               "`future_spend` 能完美地给标签排序，分数衡量的是泄漏而不是模型。"),
        "c": T("The business ranks customers for a campaign; accuracy ignores the ranking and the skew.",
               "业务是为营销给客户排序；准确率既不看排序，也不考虑标签偏斜。"),
        "d": T("No: trees split on thresholds of one feature at a time, so scaling changes nothing for a "
               "forest; scaling matters for distance- and gradient-based models.",
               "不对：树每次按单个特征的阈值切分，缩放对随机森林没有任何影响；缩放对基于距离或梯度的模型才重要。"),
        "e": T("Stratifying keeps the 20 % in both parts, so the score does not move with the split's luck.",
               "分层让两部分都保持 20% 的正类比例，分数就不会随划分的运气而变。"),
        "f": T("No: 20 % of a few thousand customers is several hundred, enough for a first estimate; "
               "what matters is that the test rows are never used to choose anything.",
               "不对：几千位客户的 20% 就是几百位，足够做初步估计；关键是测试集从不参与任何选择。"),
    },
    points=2,
)

# =========================================================================================
# 4. PR 3: tuning (original coding task 3)
# =========================================================================================
PR3_REVIEW = ChoiceQuestion(
    id="cr.pr3",
    level="mid",
    follow_ups=[
        T("Which parameters of a forest would you search instead, and on which metric?",
          "你会改为搜索随机森林的哪些参数？用什么指标？"),
        T("What number would you report after the search, and why not `best_score_`?",
          "搜索之后你会报告哪个数字？为什么不用 `best_score_`？"),
    ],
    name="pr3_defects",
    title=T("PR 3: tuning the forest", "拉取请求 3：给随机森林调参"),
    prompt=_review_prompt(
        3, "it tunes PR 2's forest (`model`) with a grid search.",
        "它用网格搜索给拉取请求 2 的随机森林（`model`）调参。", PR3),
    hints=_REVIEW_HINTS,
    options={
        "a": T("3⁴ = 81 candidates × 5 folds is 405 forest fits before the refit; a budgeted random or halving "
               "search does more with less.",
               "3⁴ = 81 个候选 × 5 折，refit 之前就要拟合 405 次随机森林；有预算的随机搜索或减半"
               "搜索花得更少、探索得更多。"),
        "b": T("`GridSearchCV` scores its candidates on `X_test` while it searches, so the tuned accuracy it "
               "prints at the end is optimistic.",
               "`GridSearchCV` 在搜索时用 `X_test` 给各个候选打分，所以最后打印出来的调优后准确"
               "率偏乐观。"),
        "c": T("`search.best_estimator_` is an unfitted copy of the best candidate, so the `best.fit(...)` "
               "line is needed before it can predict anything.",
               "`search.best_estimator_` 只是最佳候选的一个未拟合副本，所以在它能做任何预测之前"
               "，`best.fit(...)` 这一行是必需的。"),
        "d": T("`best.fit(X_train, y_train)` repeats the refit that `refit=True` already did on the same rows.",
               "`best.fit(X_train, y_train)` 重复了 `refit=True` 已经在同样的"
               "行上做过的重新拟合。"),
        "e": T("`scoring=\"accuracy\"` picks the candidate that best predicts the majority class, not the best "
               "ranking.",
               "`scoring=\"accuracy\"` 选出的是最会预测多数类的候选，而不是排序最好的候选。"),
        "f": T("`n_estimators` cannot be in the grid: `GridSearchCV` has no way to change the number of trees "
               "of a forest that was already fitted.",
               "`n_estimators` 不能放进网格：`GridSearchCV` 无法改变一个已经拟合好的随机森"
               "林中树的数量。"),
    },
    answer=sol.PR3_DEFECTS,
    explanations={
        "a": T("Price a search before running it: candidates × folds + 1.",
               "运行搜索之前先算账：候选数 × 折数 + 1。"),
        "b": T("No: the search only sees what it is given, `X_train`, and scores candidates on its "
               "validation folds; `X_test` is used once, at the end.",
               "不对：搜索只看到传给它的 `X_train`，并在其验证折上给候选打分；`X_test` 只在最后用了一次。"),
        "c": T("No: with `refit=True` (the default) `best_estimator_` is already fitted on all of "
               "`X_train` with the best parameters; it predicts as it is.",
               "不对：`refit=True`（默认）时，`best_estimator_` 已经用最佳参数在全部 `X_train` 上拟合好了，"
               "可以直接预测。"),
        "d": T("Use `search.best_estimator_` (or `search.predict`) directly.",
               "直接用 `search.best_estimator_`（或 `search.predict`）即可。"),
        "e": T("The search optimises what `scoring` says, so it must say what the business needs.",
               "搜索优化的是 `scoring` 指定的指标，所以它必须是业务需要的指标。"),
        "f": T("No: the search clones `model` and sets each candidate's parameters before fitting, "
               "`n_estimators` included. It is a poor thing to tune (more trees never hurt, they cost), "
               "not an impossible one.",
               "不对：搜索会克隆 `model`，在拟合前为每个候选设置参数，`n_estimators` 也不例外。调它不划算（树多"
               "不会变差，只会更耗时），但并非不可能。"),
    },
    points=2,
)

PR3_FITS = ChoiceQuestion(
    id="cr.fits",
    level="junior",
    follow_ups=[
        T("Which of these fits is the most expensive, and why?",
          "这些拟合里哪一次最贵？为什么？"),
        T("Within the same budget, how many candidates could a 3-fold random search try?",
          "在同样的预算下，3 折的随机搜索能试多少个候选？"),
    ],
    name="pr3_fits",
    title=T("PR 3's bill", "拉取请求 3 的账单"),
    prompt=T("How many times in all does PR 3 fit a random forest (count the search and the script's own "
             "`fit`)?\n\n" + PR3,
             "拉取请求 3 一共拟合了多少次随机森林（搜索和脚本自己的 `fit` 都算）？\n\n" + PR3),
    hints=[T("Candidates × folds, then the search's refit, then the line after it.",
             "候选数 × 折数，再加上搜索的 refit，再看下一行。")],
    options={
        "a": T("81", "81"),
        "b": T("406", "406"),
        "c": T("407", "407"),
        "d": T("405", "405"),
        "e": T("82", "82"),
    },
    answer=sol.PR3_FITS,
    explanations={
        "a": T("81 is the number of candidates; each is fitted once per fold.",
               "81 是候选数；每个候选在每一折上都要拟合一次。"),
        "b": T("406 is the search alone (81 × 5 + its refit); the script then fits the winner once more.",
               "406 只是搜索本身（81 × 5 + 它的 refit）；之后脚本又把最佳模型拟合了一次。"),
        "c": T("81 × 5 = 405 fold fits, 1 refit by the search, 1 more by `best.fit`: 407.",
               "81 × 5 = 405 次折内拟合，搜索的 1 次 refit，`best.fit` 再 1 次：共 407 次。"),
        "d": T("405 forgets both refits: the search's (`refit=True`) and the script's own `best.fit`.",
               "405 漏掉了两次重新拟合：搜索的（`refit=True`）和脚本自己的 `best.fit`。"),
        "e": T("82 counts candidates plus one, forgetting that cross-validation fits each candidate on "
               "every fold.",
               "82 是候选数加一，忘了交叉验证要在每一折上拟合每个候选。"),
    },
    points=1,
)

# =========================================================================================
# 5. PR 4: the model, with the preprocessing filled in (original coding task 4)
# =========================================================================================
PR4_REVIEW = ChoiceQuestion(
    id="cr.pr4",
    level="mid",
    follow_ups=[
        T("Why is an AUC of 0.99 on a customer value model a reason to worry rather than celebrate?",
          "为什么客户价值模型的 AUC 达到 0.99 是值得担心而不是庆祝的事？"),
        T("Name another preprocessing step whose leak is much larger than a scaler's.",
          "再举一个泄漏比标准化严重得多的预处理步骤。"),
    ],
    name="pr4_defects",
    title=T("PR 4: the model with its preprocessing", "拉取请求 4：带预处理的模型"),
    prompt=_review_prompt(
        4, "the original task 4 left the preprocessing as “...”; this PR fills it in (`FEATURES` are "
        "the nine numeric features of the notebook).",
        "原题第 4 题把预处理写成了“……”；这个拉取请求把它补上了（`FEATURES` 是本笔记本的九个数值特征）。", PR4),
    hints=_REVIEW_HINTS,
    options={
        "a": T("`roc_auc_score` must be given predicted labels (`model.predict(X_test)`), not the "
               "probabilities of the positive class, or the AUC is wrong.",
               "`roc_auc_score` 应传入预测的类别（`model.predict(X_test)`），而不"
               "是正类的概率，否则算出的 AUC 是错的。"),
        "b": T("The label is the top fifth of `monetary`, itself a feature: the model reads the label back, "
               "whatever the future holds.",
               "标签是 `monetary` 的前五分之一，而 `monetary` 本身就是特征：模型只是把标签读了回"
               "来，与未来如何无关。"),
        "c": T("`StandardScaler().fit_transform` runs on all rows before the split, so the test rows shape the "
               "scaling.",
               "`StandardScaler().fit_transform` 在划分之前作用于全部行，测试行参与了缩"
               "放参数的估计。"),
        "d": T("`quantile(0.8)` marks the bottom 80 % of spenders, so the label is inverted and the AUC should "
               "be read as one minus the printed value.",
               "`quantile(0.8)` 标出的是消费最低的 80% 客户，标签是反的，所以 AUC 应当读作 1"
               " 减去打印出来的值。"),
        "e": T("`LogisticRegression()` without `class_weight=\"balanced\"` cannot learn a 20 % positive class, "
               "so the AUC it prints is meaningless.",
               "`LogisticRegression()` 不设 `class_weight=\"balanced\"` "
               "就学不会只占 20% 的正类，所以它打印的 AUC 没有意义。"),
    },
    answer=sol.PR4_DEFECTS,
    explanations={
        "a": T("No: ROC-AUC measures a ranking, so it needs scores; hard labels collapse the curve to one "
               "point and throw the ranking away.",
               "不对：ROC-AUC 衡量的是排序，需要连续的分数；硬类别会把曲线压成一个点，丢掉排序信息。"),
        "b": T("A label must come from a window after the snapshot (`high_value`), features from before it.",
               "标签必须来自快照之后的窗口（`high_value`），特征来自快照之前。"),
        "c": T("A pipeline fits the scaler on the training rows of every split, and it is what gets deployed.",
               "流水线会在每次划分的训练行上拟合缩放器，部署的也正是它。"),
        "d": T("No: `monetary >= quantile(0.8)` is True for the top 20 %, as the comment says; the label "
               "is not inverted, it is leaked.",
               "不对：`monetary >= quantile(0.8)` 对前 20% 为 True，正如注释所说；标签不是反了，而是泄漏了。"),
        "e": T("No: a 20 % class is learnt fine, and AUC does not depend on a threshold; class weights "
               "shift the probabilities, hardly the ranking.",
               "不对：20% 的类别完全学得会，而且 AUC 与阈值无关；类别权重改变的是概率的大小，几乎不改变排序。"),
    },
    points=2,
)

# =========================================================================================
# 6. Fix PR 4: honest_score
# =========================================================================================
def _in_cents(table, split_seed):
    """A constructed case: the held-out quarter's amounts recorded in cents (×100).

    The test rows are the ones ``honest_score`` holds out with this seed. A scaler fitted on the
    training rows never sees them; one fitted before the split learns from them, so the two scores
    differ by far more than the tolerance (on an ordinary table they can differ by 1e-5 or less).
    """
    _, held_out = train_test_split(table.index, test_size=0.25, stratify=table["high_value"],
                                   random_state=split_seed)
    out = table.copy()
    for column in ("monetary", "avg_order_value"):
        out[column] = out[column].astype("float64")
        out.loc[held_out, column] = out.loc[held_out, column] * 100
    return out


def _tables(seed):
    if seed == PUBLIC_SEED:
        table = read_customer_table()
        tables = [(table.iloc[:1400].reset_index(drop=True), 0), (table.iloc[1400:2800].reset_index(drop=True), 3)]
    else:
        tables = [(variant_table(seed), seed), (variant_table(seed + 1), seed + 1)]
    first, split_seed = tables[0]
    return [*tables, (_in_cents(first, split_seed), split_seed)]


def _score_cases(seed):
    public = seed == PUBLIC_SEED
    for k, (table, split_seed) in enumerate(_tables(seed)):
        if k == 2:
            label = T(f"the first table again, its held-out customers' amounts in cents (a constructed case), "
                      f"seed={split_seed}",
                      f"还是第一张表，但留出客户的金额以分为单位（构造的用例），seed={split_seed}")
        elif public:
            label = T(f"customers {1400 * k + 1}–{1400 * (k + 1)} of the shipped customer table, seed={split_seed}",
                      f"随附的客户表中的第 {1400 * k + 1}–{1400 * (k + 1)} 位客户，seed={split_seed}")
        else:
            label = T("a generated shop variant", "一个生成的商店变体")
        yield Case((table,), {"seed": split_seed}, label=label)


def _split(X, y, seed, stratify=True):
    return train_test_split(X, y, test_size=0.25, stratify=y if stratify else None, random_state=seed)


def _fit_ap(X_train, X_test, y_train, y_test, scale=True):
    steps = [StandardScaler(), LogisticRegression(max_iter=1000)] if scale else [LogisticRegression(max_iter=1000)]
    model = make_pipeline(*steps).fit(X_train, y_train)
    return float(average_precision_score(y_test, model.predict_proba(X_test)[:, 1]))


def _scaler_before_split(table, seed=0):
    X = pd.DataFrame(StandardScaler().fit_transform(table[FEATURES]), columns=FEATURES)
    return _fit_ap(*_split(X, table["high_value"], seed), scale=False)


def _label_from_monetary(table, seed=0):
    y = table["monetary"] >= table["monetary"].quantile(0.8)
    return _fit_ap(*_split(table[FEATURES], y, seed))


def _accuracy(table, seed=0):
    X_train, X_test, y_train, y_test = _split(table[FEATURES], table["high_value"], seed)
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(X_train, y_train)
    return float(accuracy_score(y_test, model.predict(X_test)))


def _unstratified(table, seed=0):
    return _fit_ap(*_split(table[FEATURES], table["high_value"], seed, stratify=False))


SCORE_FIX = FunctionQuestion(
    id="cr.evaluate",
    level="mid",
    follow_ups=[
        T("Your honest score is far below PR 4's: how do you tell the author, and the manager who saw "
          "the 0.99?",
          "你的诚实分数远低于拉取请求 4 的：你怎么告诉作者，以及已经看到 0.99 的经理？"),
        T("What would you add so that the score also holds on next quarter's customers?",
          "你还会补充什么，让这个分数在下个季度的客户上也成立？"),
    ],
    title=T("Fix PR 4", "修复拉取请求 4"),
    prompt=T(
        "Write the corrected evaluation as `honest_score(table, seed=0)`: from the customer table, "
        "predict the future-window label `high_value` from the columns in `FEATURES`. Split off 25 % "
        "of the customers as a test set with `train_test_split(..., test_size=0.25, stratify=y, "
        "random_state=seed)`; fit `make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))` "
        "on the training rows; return the average precision on the test rows as a float. Rules: the "
        "label is `high_value`; the scaler learns from training rows only; the split is stratified; "
        "the score is average precision.",
        "把修好的评估写成 `honest_score(table, seed=0)`：在客户宽表上，用 `FEATURES` 中的列预测未来窗口标签 "
        "`high_value`。用 `train_test_split(..., test_size=0.25, stratify=y, random_state=seed)` 划出 25% "
        "的客户作为测试集；在训练行上拟合 `make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))`；"
        "返回测试行上的平均精确率（浮点数）。规则：标签是 `high_value`；缩放器只从训练行学习；划分要分层；"
        "分数是平均精确率。"),
    hints=[
        T("Start from `X, y = table[FEATURES], table[\"high_value\"]`; no column of the table is "
          "computed by you.",
          "从 `X, y = table[FEATURES], table[\"high_value\"]` 开始；表里的列都不需要你自己计算。"),
        T("Split first, then fit the pipeline on `X_train, y_train`: the scaler inside it only ever "
          "sees the training rows.",
          "先划分，再在 `X_train, y_train` 上拟合流水线：流水线里的缩放器只会看到训练行。"),
        T("`average_precision_score(y_test, model.predict_proba(X_test)[:, 1])`, wrapped in `float(...)`.",
          "`average_precision_score(y_test, model.predict_proba(X_test)[:, 1])`，再用 `float(...)` 包起来。"),
    ],
    points=3,
    reference=sol.honest_score,
    cases=_score_cases,
    rules=[
        Rule("future_label", T("the label is `high_value`", "标签是 `high_value`"), _label_from_monetary,
             misconception="label_from_monetary"),
        Rule("scaler_in_pipeline", T("the scaler learns from training rows only", "缩放器只从训练行学习"),
             _scaler_before_split, misconception="scaler_before_split"),
        Rule("stratified", T("the split is stratified", "划分要分层"), _unstratified,
             misconception="unstratified"),
        Rule("average_precision", T("the score is average precision", "分数是平均精确率"), _accuracy,
             misconception="accuracy"),
    ],
    misconceptions=[
        Misconception("label_from_monetary", fn=_label_from_monetary, message=T(
            "You kept PR 4's label, the top fifth of `monetary`: `monetary` is also a feature, so the "
            "model reads the label back and the score is near perfect. Use the table's `high_value`, "
            "measured on the window after the snapshot.",
            "你保留了拉取请求 4 的标签，即 `monetary` 的前五分之一：`monetary` 同时也是特征，模型只是把标签读"
            "回来，分数接近满分。应使用表中在快照之后的窗口上计算的 `high_value`。")),
        Misconception("scaler_before_split", fn=_scaler_before_split, message=T(
            "Your scaler was fitted on all customers before the split, so the test rows shaped the means "
            "and deviations the model trained with. Here it moves the score only slightly, but the habit "
            "is the leak: put the scaler in the pipeline and fit it on the training rows.",
            "你的缩放器在划分之前就在全部客户上拟合了，测试行参与了模型训练所用的均值和标准差。这里它只让分数"
            "略有变化，但这种习惯本身就是泄漏：把缩放器放进流水线，只在训练行上拟合。")),
        Misconception("unstratified", fn=_unstratified, message=T(
            "Your split is not stratified: the share of high-value customers in the test set drifts from "
            "20 %, and average precision moves with it (a random ranking's AP is the positive share). "
            "Pass `stratify=y`.",
            "你的划分没有分层：测试集里高价值客户的比例偏离 20%，平均精确率也随之变化（随机排序的 AP 就等于"
            "正类比例）。应传入 `stratify=y`。")),
        Misconception("accuracy", fn=_accuracy, message=T(
            "You returned accuracy. On a 20 % label, flagging nobody already scores about 80 %, and "
            "accuracy ignores the order of the list the campaign works down; return average precision.",
            "你返回的是准确率。在正类占 20% 的标签上，谁都不标记就能得到约 80% 的准确率，而且准确率不关心营销"
            "依次触达的名单顺序；应返回平均精确率。")),
    ],
)

# =========================================================================================
# 7. PR 5: feature importance (original coding task 5)
# =========================================================================================
PR5_REVIEW = ChoiceQuestion(
    id="cr.pr5",
    level="mid",
    follow_ups=[
        T("How would you make sure a script like this runs for the next person?",
          "你会怎样确保这样的脚本换一个人也能跑通？"),
        T("When can permutation importance also mislead you?",
          "什么情况下置换重要性也会误导你？"),
    ],
    name="pr5_defects",
    title=T("PR 5: which features matter", "拉取请求 5：哪些特征重要"),
    prompt=_review_prompt(
        5, "it ranks the features of the value model by importance for the marketing team.",
        "它为市场团队给价值模型的特征按重要性排序。", PR5),
    hints=_REVIEW_HINTS,
    options={
        "a": T("`train_test_split` is used but never imported: from a clean kernel the script stops with a "
               "`NameError`.",
               "`train_test_split` 被使用却从未导入：在干净的内核里，脚本会因 `NameError`"
               " 停下。"),
        "b": T("`feature_importances_` follow the alphabetical order of the column names, so indexing them by "
               "`X.columns` puts the wrong names on them.",
               "`feature_importances_` 按列名的字母顺序排列，所以用 `X.columns` 作索"
               "引会把每个重要性配上错误的名字。"),
        "c": T("Impurity importances are signed: a negative value means the feature lowers a customer's value, "
               "a positive one that it raises it.",
               "不纯度重要性有正负之分：负值表示这个特征会降低客户的价值，正值则表示这个特征会提高客户的价值。"),
        "d": T("`feature_importances_` is impurity importance from the training fit: it favours many-valued "
               "columns such as `customer_id`.",
               "`feature_importances_` 是训练拟合得到的不纯度重要性：它偏爱 `customer_"
               "id` 这类取值很多的列。"),
        "e": T("The forest must be refitted on all rows before reading `feature_importances_`, otherwise the "
               "importances ignore the test customers.",
               "读取 `feature_importances_` 之前必须在全部行上重新拟合随机森林，否则重要性会忽略"
               "测试集的客户。"),
    },
    answer=sol.PR5_DEFECTS,
    explanations={
        "a": T("Restart the kernel and run the script top to bottom before asking for a review.",
               "请求审查之前，重启内核，把脚本从头到尾跑一遍。"),
        "b": T("No: `feature_importances_` follows the order of the columns the model was fitted on, "
               "which is `X.columns`; the labels are right.",
               "不对：`feature_importances_` 的顺序就是拟合时的列顺序，即 `X.columns`；名字没有配错。"),
        "c": T("No: impurity importances are non-negative and sum to 1; they say how much a feature was "
               "used to split, not in which direction it pushes value.",
               "不对：不纯度重要性非负且总和为 1；它说明一个特征在切分中用得多少，而不说明它把价值往哪个方向推。"),
        "d": T("Permutation importance on held-out rows asks what the model loses without the column.",
               "在留出的行上计算置换重要性，问的是去掉这一列的信息后模型损失多少。"),
        "e": T("No: refitting on all rows would leave no held-out rows to judge the importances on; the "
               "training-only fit is not the problem, the impurity measure is.",
               "不对：在全部行上重新拟合，就没有留出的行来评判重要性了；问题不在只用训练行拟合，而在不纯度这种"
               "度量本身。"),
    },
    points=2,
)

# =========================================================================================
# 8. The review checklist
# =========================================================================================
def _today_as_reproducibility():
    answer = sol.checklist()
    answer["recency_from_today"] = "reproducibility"
    return answer


def _dropna_as_metric():
    answer = sol.checklist()
    answer["dropna_after_features"] = "metric"
    return answer


def _scaler_as_metric():
    answer = sol.checklist()
    answer["scaler_before_split"] = "metric"
    return answer


def _checklist_cases(seed):
    yield Case((), label=T("the eight defects of the five pull requests", "五个拉取请求中的八个缺陷"))


CHECKLIST = FunctionQuestion(
    id="cr.checklist",
    level="senior",
    follow_ups=[
        T("Which item of the checklist would you check first on a PR you have five minutes for?",
          "如果一个拉取请求你只有五分钟，你会先查清单上的哪一项？"),
        T("Which of these checks could a test or a linter run automatically, and which need a person?",
          "这些检查里哪些可以由测试或代码检查工具自动完成，哪些必须由人来做？"),
    ],
    title=T("The review checklist", "审查清单"),
    prompt=T(
        "Write `checklist()`, returning a dict from each defect name to the checklist item that catches "
        "it first: `\"leakage\"`, `\"time\"`, `\"population\"`, `\"metric\"`, `\"cost\"` or "
        "`\"reproducibility\"` (the notebook defines each item by its question). The defects: "
        "`scaler_before_split`, `recency_from_today`, `dates_as_text`, `dropna_after_features`, "
        "`accuracy_on_skewed_label`, `grid_81_by_5`, `refit_by_hand`, `missing_import`.",
        "编写 `checklist()`，返回一个字典，把每个缺陷名映射到最先发现它的清单条目："
        "`\"leakage\"`、`\"time\"`、`\"population\"`、`\"metric\"`、`\"cost\"` 或 `\"reproducibility\"`"
        "（笔记本用一个问题定义了每个条目）。缺陷为：`scaler_before_split`、`recency_from_today`、"
        "`dates_as_text`、`dropna_after_features`、`accuracy_on_skewed_label`、`grid_81_by_5`、"
        "`refit_by_hand`、`missing_import`。"),
    hints=[
        T("Ask each item's question of each defect: which question does the defect answer with “no” first?",
          "用每个条目的问题去问每个缺陷：这个缺陷最先让哪个问题的回答变成“否”？"),
        T("Two defects share `time`, two share `cost`; every item is used at least once.",
          "有两个缺陷同属 `time`，两个同属 `cost`；每个条目至少用到一次。"),
    ],
    points=2,
    reference=sol.checklist,
    cases=_checklist_cases,
    misconceptions=[
        Misconception("today_as_reproducibility", fn=_today_as_reproducibility, message=T(
            "`recency_from_today` is first a *time* defect: recency is measured from the wrong date. "
            "That the numbers also change from day to day is a symptom; fixing the seed or the "
            "environment would not cure it, a snapshot date does.",
            "`recency_from_today` 首先是*时间*问题：最近一次消费的天数从错误的日期算起。数字每天都在变只是症状；"
            "固定随机种子或环境治不了它，固定快照日期才行。")),
        Misconception("dropna_as_metric", fn=_dropna_as_metric, message=T(
            "`dropna_after_features` changes *who* is in the table (customers without a coupon vanish): "
            "that is the population item. The metric may look fine on the customers who remain.",
            "`dropna_after_features` 改变的是表里*有哪些人*（没用优惠券的客户消失了）：这属于总体条目。在剩下"
            "的客户上，指标可能看起来一切正常。")),
        Misconception("scaler_as_metric", fn=_scaler_as_metric, message=T(
            "`scaler_before_split` lets the test rows into training (their means and deviations): that "
            "is leakage. The metric itself is computed correctly; it is computed on rows that are no "
            "longer unseen.",
            "`scaler_before_split` 让测试行进入了训练（它们的均值和标准差）：这是数据泄漏。指标本身算得没错，"
            "只是算在了已经不再“未见过”的行上。")),
    ],
)

# =========================================================================================
# Interview
# =========================================================================================
REVIEW_COMMENT = OpenQuestion(
    id="cr.review_comment",
    level="senior",
    follow_ups=[
        T("Which of your points block the merge, and which are suggestions?",
          "你的意见里哪些会阻止合并，哪些只是建议？"),
        T("The author replies that the AUC was 0.99 on the test set, so there cannot be a leak. What "
          "do you answer?",
          "作者回复说测试集上的 AUC 是 0.99，所以不可能有泄漏。你怎么回答？"),
    ],
    name="review_comment",
    title=T("Interview: write the review comment on PR 4", "面试题：为拉取请求 4 写审查意见"),
    prompt=T("Write the comment you would post on pull request 4: what blocks the merge, why it matters "
             "to the business, and what the author should change.\n\n" + PR4,
             "写出你会在拉取请求 4 下发表的审查意见：什么会阻止合并、为什么它对业务重要、作者应当怎么改。\n\n"
             + PR4),
    model_answer=T(
        sol.REVIEW_COMMENT_ANSWER,
        "请求修改；两个阻止合并的问题和一条建议。（1）阻止合并，目标泄漏：`customer_value` 定义为 `monetary` 的"
        "前 20%，而 `monetary` 同时又是特征，模型只需把这一列读回来：接近完美的 AUC 衡量的是这一点，而不是找出"
        "未来高价值客户的能力。标签必须来自快照*之后*的窗口（从快照到窗口结束的未来消费，即客户宽表里的 "
        "`high_value`），所有特征都严格在快照之前计算。（2）阻止合并，预处理泄漏：`StandardScaler()."
        "fit_transform(X)` 在划分之前执行，测试行参与了模型训练所用的均值和标准差。应把缩放器和模型放进同一个 "
        "`Pipeline`，只在训练行上拟合；这里的影响很小，但同样的写法用在目标编码、按标签填充或特征选择上会大幅"
        "抬高分数，而且流水线正是我们要部署的东西。（3）建议：用 `stratify=y` 划分（正类占 20%），报告平均精确率"
        "（营销是沿着排序名单往下触达的），并与基线对比；把特征列表和随机种子写进拉取请求，让数字可以复现。修好"
        "之后请贴出新的分数：我预计它会远低于 0.99，而那才是诚实的分数。"),
    rubric=[
        (T("Finds the target leak: the label is computed from a feature of the same window; asks for "
           "a future-window label", "发现目标泄漏：标签由同一窗口的特征计算而来；要求使用未来窗口的标签"), 1.0),
        (T("Finds the scaler fitted before the split and asks for a pipeline fitted on training rows",
           "发现缩放器在划分前拟合，要求使用只在训练行上拟合的流水线"), 1.0),
        (T("Says why it matters: the 0.99 would be promised to the business and fail on real customers",
           "说明为什么重要：0.99 会被承诺给业务方，而在真实客户上落空"), 1.0),
        (T("Separates blocking issues from suggestions (stratify, average precision, baseline, seed)",
           "区分阻止合并的问题与建议（分层、平均精确率、基线、随机种子）"), 1.0),
        (T("Senior: proposes concrete changed code or a test, and expects the honest score to drop",
           "资深：给出具体的修改代码或测试，并预期诚实的分数会下降"), 1.0),
    ],
    hints=[T("Lead with what blocks the merge; for each point: the line, the consequence, the fix.",
             "先写阻止合并的问题；每一点都写清：哪一行、后果是什么、怎么改。")],
    points=5,
)


QUESTIONS = [PR1_REVIEW, FEATURES_FIX, PR2_REVIEW, PR3_REVIEW, PR3_FITS, PR4_REVIEW, SCORE_FIX, PR5_REVIEW,
             CHECKLIST, REVIEW_COMMENT]
