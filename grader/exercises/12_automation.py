"""Questions of notebook 12: the value pipeline as code, in SQL (DuckDB) and on Spark.

References live in ``solutions/12_automation.py``. The SQL and Spark questions are judged against
the **pandas** reference built from notebook 02's own functions (``reference=``); the SQL and
Spark solutions are what the learner is shown and what answer keys run (``shown=``), so the grader
never starts DuckDB or a Java process itself, and a learner's Spark code runs only in the
learner's kernel (inside the grading sandbox when graded). Every case generator yields the
hand-built edge cases for every seed (so each rule's mutant fails in grading too), then a shop
variant drawn from the seed. Each recorded misconception is a small private function named after
the mistake, with the reference's signature.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from grader.i18n import T
from grader.questions import Case, ChoiceQuestion, FunctionQuestion, Misconception, OpenQuestion, Rule
from grader.registry import solutions
from grader.shop import SNAPSHOT, WINDOW_END, generate_shop

#: the frames this notebook's questions work from
INPUT_FRAMES = ("order_lines",)
sol = solutions("12")

#: customers per generated variant: small, so that a Spark run stays near a second
N_CUSTOMERS = 200
#: an earlier calendar for the hidden variants, so that a hard-coded date cannot pass
EARLY_SNAPSHOT = pd.Timestamp("2025-01-01")
EARLY_WINDOW_END = pd.Timestamp("2025-07-01")
#: tables in the stated row order with a fresh index; numbers equal to a relative 1e-6
COMPARE = {"rtol": 1e-6, "atol": 1e-6, "key": "customer_id"}

_LINE_DTYPES = {"order_id": "int64", "customer_id": "int64", "order_time": "datetime64[ns]",
                "category": "object", "quantity": "int64", "unit_price": "float64", "discount": "float64"}


def _lines(rows):
    """Order lines from ``(order_id, customer_id, time, category, qty, price, discount)``."""
    frame = pd.DataFrame(rows, columns=list(_LINE_DTYPES))
    frame["order_time"] = pd.to_datetime(frame["order_time"], format="ISO8601")
    return frame.astype(_LINE_DTYPES).sort_values(["order_time", "order_id"], kind="stable", ignore_index=True)


@functools.lru_cache(maxsize=8)
def _shop_lines(seed):
    return generate_shop(seed, n_customers=N_CUSTOMERS).order_lines


def _generated(what_en="", what_zh=""):
    return T(f"a generated shop of {N_CUSTOMERS} customers{what_en}",
             f"一个随机生成的、含 {N_CUSTOMERS} 位客户的商店{what_zh}")


def _unsorted(reference):
    """A mutant of ``reference`` whose rows come in descending ``customer_id`` order."""
    @functools.wraps(reference)
    def mutant(*args, **kwargs):
        return reference(*args, **kwargs).sort_values("customer_id", ascending=False, ignore_index=True)
    return mutant


def _keyed_index(reference):
    """A mutant of ``reference`` indexed by ``customer_id`` instead of 0..n-1."""
    @functools.wraps(reference)
    def mutant(*args, **kwargs):
        out = reference(*args, **kwargs)
        return out.set_axis(pd.Index(out["customer_id"].to_numpy(), name="customer_id"))
    return mutant


def _layout_rules(reference):
    return [Rule("sorted", T("sorted by `customer_id`", "按 `customer_id` 排序"), _unsorted(reference)),
            Rule("fresh_index", T("with a fresh RangeIndex", "使用全新的 RangeIndex"), _keyed_index(reference))]


def _built(lines, snapshot, window_end, share=0.2, *, gaps=True, dedup=True, calendar_days=False,
           count_lines=False, lag_over_lines=False, no_partition=False, rank_ties=False, zero_spend=False,
           snapshot_inclusive=False):
    """The customer table written out again in pandas, with one switch per recorded mistake."""
    if dedup:
        lines = lines.drop_duplicates()
    time = lines["order_time"]
    history = lines[time <= snapshot] if snapshot_inclusive else lines[time < snapshot]
    net = history["quantity"] * history["unit_price"] * (1 - history["discount"])
    placed = history.assign(placed=history["order_time"].where(history["quantity"] > 0))
    orders = placed.groupby(["customer_id", "order_id"], as_index=False)["placed"].min()
    per = orders.groupby("customer_id")
    last = per["placed"].max()
    if calendar_days:
        recency = (snapshot.normalize() - last.dt.normalize()).dt.days
    else:
        recency = (snapshot - last).dt.days
    frequency = history.groupby("customer_id").size() if count_lines else per.size()
    table = pd.DataFrame({"recency": recency, "frequency": frequency,
                          "monetary": net.groupby(history["customer_id"]).sum()})
    table.index.name = "customer_id"
    table = table.reset_index().astype({"recency": "int64", "frequency": "int64"})
    if gaps:
        seq = placed[placed["quantity"] > 0][["customer_id", "order_id", "placed"]] if lag_over_lines else orders
        order = ["placed", "order_id"] if no_partition else ["customer_id", "placed", "order_id"]
        seq = seq.sort_values(order, kind="stable")
        diff = seq["placed"].diff() if no_partition else seq.groupby("customer_id")["placed"].diff()
        gap = pd.DataFrame({"customer_id": seq["customer_id"], "gap": diff.dt.total_seconds() / 86400})
        gap = gap.groupby("customer_id").agg(mean_gap_days=("gap", "mean"), last_gap_days=("gap", "last"))
        table = table.merge(gap.reset_index(), on="customer_id", how="left")
    window = lines[(time >= snapshot) & (time < window_end)]
    spend = (window["quantity"] * window["unit_price"] * (1 - window["discount"])).groupby(window["customer_id"]).sum()
    table["future_spend"] = table["customer_id"].map(spend).fillna(0.0).astype("float64")
    by_spend = table.sort_values(["future_spend", "customer_id"], ascending=[False, True])
    rank = pd.Series(np.arange(1, len(table) + 1), index=by_spend.index)
    if rank_ties:
        rank = table["future_spend"].rank(method="min", ascending=False)
    high = rank.sort_index() <= share * len(table)
    table["high_value"] = high if zero_spend else high & (table["future_spend"] > 0)
    return table.reset_index(drop=True)


# =========================================================================================
# 1. customer_table_sql
# =========================================================================================
_SQL_LINES = _lines([
    (101, 1, "2025-01-05 10:00", "books", 2, 20.0, 0.0),
    (101, 1, "2025-01-05 10:00", "toys", 1, 15.0, 0.0),
    (101, 1, "2025-01-05 10:00", "toys", 1, 15.0, 0.0),          # an exact duplicate (export error)
    (102, 1, "2025-03-06 22:00", "books", 1, 30.0, 0.0),
    (103, 1, "2025-06-30 23:00", "home", 1, 40.0, 0.0),           # an hour before the snapshot
    (104, 2, "2025-04-10 12:00", "beauty", 3, 10.0, 0.2),
    (104, 2, "2025-04-10 12:00", "food", 2, 5.0, 0.0),
    (105, 2, "2025-06-01 08:00", "food", 1, 9.0, 0.0),
    (106, 3, "2025-05-20 09:00", "sports", 1, 60.0, 0.0),         # a one-order customer
    (106, 3, "2025-07-03 09:00", "sports", -1, 60.0, 0.0),        # returned after the snapshot
    (107, 1, "2025-08-01 10:00", "books", 2, 25.0, 0.0),          # the window: customers 1 and 2 tie
    (108, 2, "2025-09-01 10:00", "toys", 1, 50.0, 0.0),
    (109, 4, "2025-07-01 00:00:00", "home", 1, 80.0, 0.0),        # exactly at the snapshot instant
    (110, 13, "2025-02-14 19:00", "beauty", 2, 12.5, 0.1),
    (111, 14, "2025-05-05 05:05", "fashion", 1, 70.0, 0.3),
])
_SQL_SPARSE = _lines([
    (201, 5, "2025-02-01 10:00", "books", 1, 20.0, 0.0),
    (202, 6, "2025-03-01 10:00", "books", 1, 20.0, 0.0),
    (203, 7, "2025-04-01 10:00", "books", 1, 20.0, 0.0),
    (204, 8, "2025-05-01 10:00", "books", 1, 20.0, 0.0),
    (205, 9, "2025-06-01 10:00", "books", 1, 20.0, 0.0),
    (206, 10, "2025-06-02 10:00", "books", 1, 20.0, 0.0),
    (207, 11, "2025-06-03 10:00", "books", 1, 20.0, 0.0),
    (208, 12, "2025-06-04 10:00", "books", 1, 20.0, 0.0),
    (209, 12, "2025-06-20 18:30", "books", 1, 20.0, 0.0),
    (210, 5, "2025-08-15 10:00", "books", 1, 35.0, 0.0),          # one buyer in the window: 20% is 2
    (211, 13, "2025-06-05 10:00", "toys", 2, 8.0, 0.0),
    (212, 14, "2025-06-06 10:00", "toys", 1, 8.0, 0.0),
])
_EDGES = T("six customers: a multi-line order with a duplicated line, an order an hour before the snapshot "
           "2025-07-01, a one-order customer whose return comes after the snapshot, two customers tied on "
           "future spend, and an order exactly at the snapshot instant",
           "六位客户：一个含重复行的多行订单、快照 2025-07-01 前一小时的订单、一位退货发生在快照之后的单次购买客户、"
           "未来消费并列的两位客户，以及一个恰好在快照时刻下的订单")
_SPARSE = T("ten customers of whom only one buys in the label window (20% of ten is two customers)",
            "十位客户，其中只有一位在标签窗口内购买（十位的 20% 是两位客户）")


def _table_cases(seed):
    yield Case((_SQL_LINES, SNAPSHOT, WINDOW_END), label=_EDGES)
    yield Case((_SQL_SPARSE, SNAPSHOT, WINDOW_END), label=_SPARSE)
    lines = _shop_lines(seed)
    if seed == 0:
        yield Case((lines, SNAPSHOT, WINDOW_END), label=_generated(" (snapshot 2025-07-01)", "（快照 2025-07-01）"))
    else:
        yield Case((lines, EARLY_SNAPSHOT, EARLY_WINDOW_END), kwargs={"share": 0.1}, label=_generated(
            " with snapshot 2025-01-01 and 10% labelled", "，快照 2025-01-01、标记 10%"))


def _variant(**switches):
    def wrong(lines, snapshot, window_end, share=0.2):
        return _built(lines, snapshot, window_end, share, **switches)
    return wrong


_sql_calendar_days = _variant(calendar_days=True)
_sql_lines_as_orders = _variant(count_lines=True)
_sql_lag_over_lines = _variant(lag_over_lines=True)
_sql_lag_without_partition = _variant(no_partition=True)
_sql_rank_with_ties = _variant(rank_ties=True)
_sql_keeps_duplicates = _variant(dedup=False)
_sql_zero_spend_high = _variant(zero_spend=True)
_sql_snapshot_inclusive = _variant(snapshot_inclusive=True)

_MSG_DUPLICATES = T(
    "Your table counts the duplicated line twice: the export repeats some lines exactly, which are errors, not "
    "purchases. Read the lines through `SELECT DISTINCT * FROM lines` first; otherwise monetary value and the "
    "label disagree with finance's revenue.",
    "你的结果把重复的行算了两次：导出数据里有完全相同的重复行，它们是导出错误而不是购买。请先用 "
    "`SELECT DISTINCT * FROM lines` 读取订单明细；否则消费金额和标签都会和财务的收入对不上。")
_MSG_ZERO = T(
    "Your label marks customers who spent nothing in the window as high value: when fewer than `share * n` "
    "customers buy, `ROW_NUMBER() <= share * n` reaches into the zeros. Add `AND future_spend > 0`.",
    "你的标签把窗口内零消费的客户也标成了高价值：当购买的客户少于 `share * n` 时，`ROW_NUMBER() <= share * n` "
    "会排到零消费的客户。请加上 `AND future_spend > 0`。")
_MSG_SNAPSHOT = T(
    "Your history includes the order placed exactly at the snapshot instant: history is `order_time < "
    "snapshot` (strictly before, 左闭右开), and that order belongs to the label window. Counting it on both "
    "sides leaks the future into the features.",
    "你的历史数据包含了恰好在快照时刻下的订单：历史是 `order_time < snapshot`（严格早于，左闭右开），那个订单属于"
    "标签窗口。两边都算它，就把未来信息泄漏进了特征（数据泄漏）。")

SQL = FunctionQuestion(
    id="auto.customer_sql",
    level="mid",
    follow_ups=[
        T("Why does `COUNT(DISTINCT order_id)` (or grouping orders first) matter here?",
          "为什么这里要用 `COUNT(DISTINCT order_id)`（或先按订单聚合）？"),
        T("How would you run this query on the warehouse every night for a snapshot passed in, and test it?",
          "你会如何让这条查询每晚在数据仓库上按传入的快照日期运行，又如何测试它？"),
    ],
    title=T("The customer table in one SQL query (DuckDB)", "一条 SQL 查询生成客户宽表（DuckDB）"),
    prompt=T(
        "Write `customer_table_sql(lines, snapshot, window_end, share=0.2)`: one DuckDB query over the order "
        "lines (register the frame with `con.register('lines', lines)`) returning, per customer with an order "
        "before the snapshot, `recency` (whole 24-hour days, as pandas' `(snapshot - last).days`), `frequency` "
        "(distinct orders), `monetary` (net spend of the history lines), `mean_gap_days` and `last_gap_days` "
        "(days between consecutive orders with `LAG`, NULL for one order), `future_spend` and `high_value` "
        "(the top `share * n` by future spend with `ROW_NUMBER`, ties to the smaller id, and only if > 0). "
        "Exact duplicate lines count once; history is `order_time < snapshot`. The result is sorted by "
        "`customer_id` with a fresh RangeIndex (`.df()` gives one).",
        "请编写 `customer_table_sql(lines, snapshot, window_end, share=0.2)`：用一条 DuckDB 查询处理订单明细"
        "（用 `con.register('lines', lines)` 注册数据框），对每位在快照前下过单的客户返回 `recency`（完整的 24 小时"
        "天数，与 pandas 的 `(snapshot - last).days` 相同）、`frequency`（不同订单数）、`monetary`（历史行的净消费）、"
        "`mean_gap_days` 与 `last_gap_days`（用 `LAG` 计算相邻订单之间的天数，只有一单时为 NULL）、`future_spend` "
        "和 `high_value`（用 `ROW_NUMBER` 按未来消费取前 `share * n` 名，并列时 id 小者优先，且消费须大于 0）。"
        "完全重复的行只算一次；历史是 `order_time < snapshot`。结果按 `customer_id` 排序，使用全新的 "
        "RangeIndex（`.df()` 就会给出）。"),
    hints=[
        T("Build it from CTEs: `WITH l AS (SELECT DISTINCT * FROM lines), history AS (... WHERE order_time < "
          "$snapshot), orders AS (one row per customer and order with its placed time), ...`, and pass the "
          "dates as parameters: `con.execute(query, {'snapshot': ..., ...}).df()`.",
          "用 CTE 逐步搭建：`WITH l AS (SELECT DISTINCT * FROM lines), history AS (... WHERE order_time < "
          "$snapshot), orders AS (每位客户每个订单一行及其下单时间), ...`，日期作为参数传入："
          "`con.execute(query, {'snapshot': ..., ...}).df()`。"),
        T("Recency in whole 24-hour days: `CAST(floor((epoch($snapshot) - epoch(MAX(placed))) / 86400) AS "
          "BIGINT)`; `date_diff('day', ...)` counts midnights instead. Gaps: `epoch(placed) - epoch(LAG(placed) "
          "OVER (PARTITION BY customer_id ORDER BY placed, order_id))` over the *orders* CTE.",
          "按完整的 24 小时计算 recency：`CAST(floor((epoch($snapshot) - epoch(MAX(placed))) / 86400) AS "
          "BIGINT)`；`date_diff('day', ...)` 数的是跨过的午夜数。间隔：在 *orders* CTE 上计算 `epoch(placed) - "
          "epoch(LAG(placed) OVER (PARTITION BY customer_id ORDER BY placed, order_id))`。"),
        T("The label: `(ROW_NUMBER() OVER (ORDER BY future_spend DESC, customer_id) <= $share * COUNT(*) OVER ()) "
          "AND future_spend > 0`, after a LEFT JOIN of the window's spend with `COALESCE(..., 0.0)`.",
          "标签：先把窗口消费 LEFT JOIN 上来并用 `COALESCE(..., 0.0)` 补零，再算 `(ROW_NUMBER() OVER (ORDER BY "
          "future_spend DESC, customer_id) <= $share * COUNT(*) OVER ()) AND future_spend > 0`。"),
    ],
    points=3,
    reference=sol.customer_table_pandas,
    shown=sol.customer_table_sql,
    cases=_table_cases,
    compare_options=COMPARE,
    time_limit=20.0,
    rules=[
        *_layout_rules(sol.customer_table_pandas),
        Rule("history_before_snapshot", T("history is `order_time < snapshot`", "历史是 `order_time < snapshot`"),
             _sql_snapshot_inclusive, misconception="snapshot_inclusive", case="snapshot instant"),
        Rule("duplicates_once", T("exact duplicate lines count once", "完全重复的行只算一次"),
             _sql_keeps_duplicates, misconception="keeps_duplicates", case="duplicated line"),
        Rule("spend_above_zero", T("high value only if future spend > 0", "未来消费大于 0 才可能是高价值"),
             _sql_zero_spend_high, misconception="zero_spend_high", case="only one buys"),
    ],
    misconceptions=[
        Misconception("calendar_days", fn=_sql_calendar_days, message=T(
            "Your recency counts calendar days: DuckDB's `date_diff('day', last, snapshot)` counts the midnights "
            "crossed, so an order an hour before the snapshot is 1 day old instead of 0, and every recency is one "
            "too large for an order placed after midnight. Use whole 24-hour days: `floor((epoch($snapshot) - "
            "epoch(last)) / 86400)`, as pandas' `.days` does.",
            "你的 recency 数的是日历天数：DuckDB 的 `date_diff('day', last, snapshot)` 数的是跨过的午夜个数，所以快照"
            "前一小时的订单算成 1 天而不是 0 天，凡是不在午夜整点下的订单，recency 都多了 1。请用完整的 24 小时："
            "`floor((epoch($snapshot) - epoch(last)) / 86400)`，与 pandas 的 `.days` 一致。")),
        Misconception("lines_as_orders", fn=_sql_lines_as_orders, message=T(
            "Your frequency counts order lines, not orders: a basket of two products is one visit to the shop. "
            "Use `COUNT(DISTINCT order_id)`, or count the rows of an orders CTE grouped by customer and order.",
            "你的 frequency 数的是订单明细行而不是订单：一个含两种商品的购物篮只是一次购买。请用 "
            "`COUNT(DISTINCT order_id)`，或在按客户和订单分组的 orders CTE 上计数。")),
        Misconception("lag_over_lines", fn=_sql_lag_over_lines, message=T(
            "Your gaps are taken over order lines: the lines of one order share a time, so `LAG` gives gaps of 0 "
            "inside each multi-line order and the mean gap shrinks. Collapse the lines into orders first (one row "
            "per customer and order), then apply `LAG` to those rows.",
            "你的间隔是在订单明细行上计算的：同一订单的各行时间相同，`LAG` 会在多行订单内部得到 0 天的间隔，平均间隔"
            "因此变小。请先把明细行合并为订单（每位客户每个订单一行），再在这些行上用 `LAG`。")),
        Misconception("lag_without_partition", fn=_sql_lag_without_partition, message=T(
            "Your `LAG` has no `PARTITION BY customer_id`: each customer's first order is compared with another "
            "customer's previous order, so one-order customers get a gap and the others a wrong mean. Write "
            "`LAG(placed) OVER (PARTITION BY customer_id ORDER BY placed, order_id)`.",
            "你的 `LAG` 缺少 `PARTITION BY customer_id`：每位客户的第一单会和另一位客户的上一单相减，于是只有一单的"
            "客户也有了间隔，其他客户的平均值也错了。请写成 "
            "`LAG(placed) OVER (PARTITION BY customer_id ORDER BY placed, order_id)`。")),
        Misconception("rank_with_ties", fn=_sql_rank_with_ties, message=T(
            "Your label ranks with `RANK()`: customers tied on future spend share a rank, so more than `share * n` "
            "can be labelled, and the share of the label changes with the data. Use `ROW_NUMBER() OVER (ORDER BY "
            "future_spend DESC, customer_id)`: ties go to the smaller id, as pandas' `rank(method='first')`.",
            "你的标签用 `RANK()` 排名：未来消费并列的客户名次相同，被标记的人数可能超过 `share * n`，标签比例会随数据"
            "变化。请用 `ROW_NUMBER() OVER (ORDER BY future_spend DESC, customer_id)`：并列时 id 小者优先，与 "
            "pandas 的 `rank(method='first')` 一致。")),
        Misconception("keeps_duplicates", fn=_sql_keeps_duplicates, message=_MSG_DUPLICATES),
        Misconception("zero_spend_high", fn=_sql_zero_spend_high, message=_MSG_ZERO),
        Misconception("snapshot_inclusive", fn=_sql_snapshot_inclusive, message=_MSG_SNAPSHOT),
    ],
)


# =========================================================================================
# 2. customer_table_spark
# =========================================================================================
def _spark_cases(seed):
    yield Case((_SQL_LINES, SNAPSHOT, WINDOW_END), label=_EDGES)
    lines = _shop_lines(seed)
    if seed == 0:
        yield Case((lines, SNAPSHOT, WINDOW_END), label=_generated(" (snapshot 2025-07-01)", "（快照 2025-07-01）"))
    else:
        yield Case((lines, EARLY_SNAPSHOT, EARLY_WINDOW_END), kwargs={"share": 0.1}, label=_generated(
            " with snapshot 2025-01-01 and 10% labelled", "，快照 2025-01-01、标记 10%"))


def _rfm_variant(**switches):
    return _variant(gaps=False, **switches)


_spark_datediff = _rfm_variant(calendar_days=True)
_spark_count_lines = _rfm_variant(count_lines=True)
_spark_rank_ties = _rfm_variant(rank_ties=True)
_spark_no_dedup = _rfm_variant(dedup=False)
_spark_snapshot_inclusive = _rfm_variant(snapshot_inclusive=True)

SPARK = FunctionQuestion(
    id="auto.customer_spark",
    level="senior",
    follow_ups=[
        T("Which steps of your function cause a shuffle, and why?", "你的函数里哪些步骤会引起 shuffle？为什么？"),
        T("`Window.orderBy` without `partitionBy` moves every row to one task: how would you label 100 million "
          "customers instead?",
          "不带 `partitionBy` 的 `Window.orderBy` 会把所有行移到一个任务里：面对一亿客户，你会怎样打标签？"),
    ],
    title=T("The same RFM and label in Spark (DataFrame API)", "用 Spark（DataFrame API）计算同样的 RFM 和标签"),
    prompt=T(
        "Write `customer_table_spark(lines, snapshot, window_end, share=0.2)` with PySpark's DataFrame API: "
        "`spark = local_session()` (from `grader.spark`), `spark.createDataFrame(lines)`, then `recency`, "
        "`frequency`, `monetary`, `future_spend` and `high_value` with exactly the definitions of the SQL "
        "question (no gaps here), and `.toPandas()` at the end. Exact duplicate lines count once; history is "
        "`order_time < snapshot`; the result is sorted by `customer_id` (`orderBy` before `toPandas`).",
        "请用 PySpark 的 DataFrame API 编写 `customer_table_spark(lines, snapshot, window_end, share=0.2)`："
        "`spark = local_session()`（来自 `grader.spark`），`spark.createDataFrame(lines)`，然后按与 SQL 题完全相同的"
        "定义计算 `recency`、`frequency`、`monetary`、`future_spend` 和 `high_value`（这里不算间隔），最后 "
        "`.toPandas()`。完全重复的行只算一次；历史是 `order_time < snapshot`；结果按 `customer_id` 排序"
        "（在 `toPandas` 之前 `orderBy`）。"),
    hints=[
        T("`df = spark.createDataFrame(lines).dropDuplicates()`; orders are `history.groupBy('customer_id', "
          "'order_id').agg(F.min(F.when(F.col('quantity') > 0, F.col('order_time'))).alias('placed'))`.",
          "`df = spark.createDataFrame(lines).dropDuplicates()`；订单是 `history.groupBy('customer_id', "
          "'order_id').agg(F.min(F.when(F.col('quantity') > 0, F.col('order_time'))).alias('placed'))`。"),
        T("Recency in 24-hour days: `F.floor((F.unix_timestamp(snap) - F.unix_timestamp('last')) / 86400)`; "
          "`F.datediff` compares dates and counts midnights.",
          "按 24 小时计算 recency：`F.floor((F.unix_timestamp(snap) - F.unix_timestamp('last')) / 86400)`；"
          "`F.datediff` 比较的是日期，数的是午夜。"),
        T("The label: `F.row_number().over(Window.orderBy(F.col('future_spend').desc(), 'customer_id'))` compared "
          "with `share * F.count('*').over(Window.partitionBy())`, and `F.col('future_spend') > 0`.",
          "标签：`F.row_number().over(Window.orderBy(F.col('future_spend').desc(), 'customer_id'))` 与 "
          "`share * F.count('*').over(Window.partitionBy())` 比较，并且 `F.col('future_spend') > 0`。"),
    ],
    points=3,
    reference=sol.rfm_label_pandas,
    shown=sol.customer_table_spark,
    cases=_spark_cases,
    compare_options=COMPARE,
    time_limit=90.0,
    rules=[
        Rule("sorted", T("sorted by `customer_id`", "按 `customer_id` 排序"), _unsorted(sol.rfm_label_pandas)),
        Rule("history_before_snapshot", T("history is `order_time < snapshot`", "历史是 `order_time < snapshot`"),
             _spark_snapshot_inclusive, misconception="snapshot_inclusive", case="snapshot instant"),
        Rule("duplicates_once", T("exact duplicate lines count once", "完全重复的行只算一次"),
             _spark_no_dedup, misconception="no_dedup", case="duplicated line"),
    ],
    misconceptions=[
        Misconception("datediff", fn=_spark_datediff, message=T(
            "Your recency counts calendar days: `F.datediff(snapshot, last)` drops the time of day, so an order "
            "an hour before the snapshot is 1 day old instead of 0. Use whole 24-hour days: "
            "`F.floor((F.unix_timestamp(snap) - F.unix_timestamp('last')) / 86400)`.",
            "你的 recency 数的是日历天数：`F.datediff(snapshot, last)` 丢掉了时刻，快照前一小时的订单算成了 1 天而不是 "
            "0 天。请用完整的 24 小时：`F.floor((F.unix_timestamp(snap) - F.unix_timestamp('last')) / 86400)`。")),
        Misconception("count_lines", fn=_spark_count_lines, message=T(
            "Your frequency counts order lines: `F.count('*')` on the lines counts every product of a basket. "
            "Group by customer and order first (or use `F.countDistinct('order_id')`).",
            "你的 frequency 数的是订单明细行：在明细行上 `F.count('*')` 会把购物篮里的每件商品都算一次。请先按客户和"
            "订单分组（或用 `F.countDistinct('order_id')`）。")),
        Misconception("rank_ties", fn=_spark_rank_ties, message=T(
            "Your label uses `F.rank()`: customers tied on future spend share a rank, so more than `share * n` "
            "may be labelled. Use `F.row_number()` ordered by `future_spend` descending, then `customer_id`.",
            "你的标签用了 `F.rank()`：未来消费并列的客户名次相同，被标记的可能超过 `share * n` 人。请用 "
            "`F.row_number()`，按 `future_spend` 降序、再按 `customer_id` 排序。")),
        Misconception("no_dedup", fn=_spark_no_dedup, message=T(
            "Your table counts the duplicated line twice: call `.dropDuplicates()` on the lines first; an exact "
            "repeat of a line is an export error, not a purchase.",
            "你的结果把重复的行算了两次：请先对订单明细调用 `.dropDuplicates()`；完全相同的重复行是导出错误，不是购买"
            "。")),
        Misconception("snapshot_inclusive", fn=_spark_snapshot_inclusive, message=T(
            "Your history includes the order placed exactly at the snapshot instant: filter with "
            "`F.col('order_time') < snap` (strictly before); that order belongs to the label window.",
            "你的历史数据包含了恰好在快照时刻下的订单：请用 `F.col('order_time') < snap`（严格早于）过滤；那个订单属于"
            "标签窗口。")),
    ],
)


# =========================================================================================
# 3. schema_problems
# =========================================================================================
def _schema_cases(seed):
    base = _SQL_LINES.copy()
    yield Case((base,), label=T("a clean batch of order lines", "一批干净的订单明细"))
    renamed = base.rename(columns={"unit_price": "price"}).assign(channel="app")
    yield Case((renamed,), label=T("`unit_price` renamed to `price` upstream, and a new column `channel`",
                                   "上游把 `unit_price` 改名为 `price`，并新增了一列 `channel`"))
    retyped = base.assign(customer_id="C" + base["customer_id"].astype(str),
                          order_time=base["order_time"].dt.strftime("%Y-%m-%d %H:%M"),
                          quantity=base["quantity"].astype(float))
    yield Case((retyped,), label=T("ids arrive as text ('C1'), times as text, quantities as floats",
                                   "id 变成文本（'C1'）、时间变成文本、数量变成浮点数"))
    narrow = base.astype({"order_id": "int32", "customer_id": "int32", "unit_price": "int64"})
    narrow["category"] = narrow["category"].astype("string")
    yield Case((narrow,), label=T("valid but different dtypes: 32-bit ids, whole-number prices, a string dtype",
                                  "合法但不同的类型：32 位 id、整数价格、string 类型"))
    flags = base.assign(discount=base["discount"] > 0).drop(columns=["category"])
    yield Case((flags,), label=T("`discount` arrives as booleans and `category` is missing",
                                 "`discount` 变成布尔值，且缺少 `category`"))
    lines = _shop_lines(seed)
    rng = np.random.default_rng(seed)
    dropped = list(rng.choice(list(_LINE_DTYPES), size=2, replace=False))
    yield Case((lines.drop(columns=dropped[:1]).assign(**{dropped[1]: lines[dropped[1]].astype(str)}),),
               label=_generated(": one column dropped, another turned into text", "：删掉一列、另一列变成文本"))


_EXACT = {"int": "int64", "number": "float64", "datetime": "datetime64[ns]", "str": "object"}


def _names_only(lines, schema=None):
    schema = sol.LINE_SCHEMA if schema is None else schema
    return sorted(c for c in schema if c not in lines.columns)


def _exact_dtype_names(lines, schema=None):
    schema = sol.LINE_SCHEMA if schema is None else schema
    return sorted(c for c, kind in schema.items() if c not in lines.columns or str(lines[c].dtype) != _EXACT[kind])


def _extra_columns_flagged(lines, schema=None):
    schema = sol.LINE_SCHEMA if schema is None else schema
    extra = [c for c in lines.columns if c not in schema]
    return sorted(sol.schema_problems(lines, schema) + extra)


def _bool_as_number(lines, schema=None):
    schema = sol.LINE_SCHEMA if schema is None else schema
    api = pd.api.types
    accepts = {"int": api.is_integer_dtype, "number": api.is_numeric_dtype, "datetime": api.is_datetime64_any_dtype,
               "str": lambda s: api.is_object_dtype(s) or api.is_string_dtype(s)}
    return sorted(c for c, kind in schema.items() if c not in lines.columns or not accepts[kind](lines[c]))


SCHEMA = FunctionQuestion(
    id="auto.schema",
    level="junior",
    follow_ups=[
        T("Why should the nightly job stop instead of scoring a batch with a renamed column?",
          "为什么遇到列被改名的批次时，夜间任务应该停下，而不是照常打分？"),
        T("Which checks beyond column types would you add (ranges, nulls, row counts), and where do they live?",
          "除了列类型，你还会加哪些检查（取值范围、空值、行数）？它们放在哪里？"),
    ],
    title=T("Fail loudly on a schema change", "模式（schema）变化时大声报错"),
    prompt=T(
        "Write `schema_problems(lines, schema=None)` returning the sorted names of the columns of the schema "
        "(by default `LINE_SCHEMA = {'order_id': 'int', 'customer_id': 'int', 'order_time': 'datetime', "
        "'category': 'str', 'quantity': 'int', 'unit_price': 'number', 'discount': 'number'}`) "
        "that are missing from the batch or hold the wrong kind of values: 'int' "
        "is any integer dtype, 'number' any integer or float dtype but never bool, 'datetime' a datetime64 "
        "dtype, 'str' an object or string dtype. Extra columns are allowed. The scoring job raises when the "
        "list is not empty.",
        "请编写 `schema_problems(lines, schema=None)`，返回模式（默认为 `LINE_SCHEMA = {'order_id': 'int', "
        "'customer_id': 'int', 'order_time': 'datetime', 'category': 'str', 'quantity': 'int', "
        "'unit_price': 'number', 'discount': 'number'}`）中在这批数据里缺失或取值类型不对的"
        "列名（排序后的列表）：'int' 是任意整数类型，'number' 是任意整数或浮点类型但不能是布尔，'datetime' 是 "
        "datetime64 类型，'str' 是 object 或 string 类型。允许多出来的列。列表不为空时，打分任务就抛出异常。"),
    hints=[
        T("Loop over `schema.items()`; a column is a problem when it is absent or its check fails.",
          "遍历 `schema.items()`；列缺失或检查不通过都算问题。"),
        T("Use `pd.api.types`: `is_integer_dtype`, `is_numeric_dtype`, `is_bool_dtype`, "
          "`is_datetime64_any_dtype`, `is_object_dtype`, `is_string_dtype`, never the dtype's name.",
          "用 `pd.api.types`：`is_integer_dtype`、`is_numeric_dtype`、`is_bool_dtype`、`is_datetime64_any_dtype`、"
          "`is_object_dtype`、`is_string_dtype`，不要比较类型的名字。"),
    ],
    points=1,
    reference=sol.schema_problems,
    cases=_schema_cases,
    rules=[Rule("extra_allowed", T("extra columns are allowed", "允许多出来的列"), _extra_columns_flagged,
                misconception="extra_columns_flagged", case="new column")],
    misconceptions=[
        Misconception("bool_as_number", fn=_bool_as_number, message=T(
            "You accept booleans as numbers (`is_numeric_dtype` is True for bool): a `discount` that became "
            "True/False would be used as a 100% discount. Exclude bool with `is_bool_dtype`.",
            "你把布尔值当成了数字（`is_numeric_dtype` 对布尔类型返回 True）：变成 True/False 的 `discount` 会被当作 "
            "100% 的折扣。请用 `is_bool_dtype` 排除布尔类型。")),
        Misconception("names_only", fn=_names_only, message=T(
            "You only check that the columns exist: a batch whose ids or times arrive as text passes, and the job "
            "then fails later with an obscure error, or worse, computes recency from strings. Check each "
            "column's kind too.",
            "你只检查了列是否存在：id 或时间变成文本的批次也能通过，任务要么在后面报出难懂的错误，要么更糟，用字符串"
            "计算 recency。请同时检查每一列的取值类型。")),
        Misconception("exact_dtype_names", fn=_exact_dtype_names, message=T(
            "You compare dtype names (`str(dtype) == 'int64'`): 32-bit ids, whole-number prices and pandas' "
            "string dtype are all valid and get rejected, so the job stops for nothing. Test the kind with "
            "`pd.api.types` instead.",
            "你比较的是类型名（`str(dtype) == 'int64'`）：32 位 id、整数价格和 pandas 的 string 类型都是合法的，却被"
            "拒绝，任务白白停下。请改用 `pd.api.types` 判断类型的种类。")),
        Misconception("extra_columns_flagged", fn=_extra_columns_flagged, message=T(
            "You report extra columns as problems: upstream teams add columns all the time, and a pipeline that "
            "stops on each one gets its checks switched off. Report only what the pipeline needs.",
            "你把多出来的列也当成问题：上游团队经常加列，每加一列流水线就停下，最后大家只会把检查关掉。只报告流水线"
            "需要的列。")),
    ],
)


# =========================================================================================
# 4. population_stability_index
# =========================================================================================
def _psi_cases(seed):
    rng = np.random.default_rng(1000 + seed)
    same = rng.gamma(2.0, 50.0, size=400)
    yield Case((same, same.copy()), label=T("the same 400 values twice", "同样的 400 个值出现两次"))
    base = rng.normal(0, 1, size=500)
    yield Case((base, np.clip(rng.normal(0.8, 1, size=500), -0.5, None)), label=T(
        "a normal feature that shifted up and is now never below -0.5 (the lowest bins are empty)",
        "一个整体上移、并且不再低于 -0.5 的正态特征（最低的几个箱是空的）"))
    yield Case((rng.poisson(3, size=600), rng.poisson(4, size=600)), label=T(
        "order counts (integers with many ties at the bin edges), then one more order on average",
        "订单数（整数，分箱边界上有大量并列），之后平均多一单"))
    with_gaps = rng.exponential(30, size=300)
    with_gaps[::7] = np.nan
    yield Case((with_gaps, rng.exponential(45, size=300)), {"bins": 5}, label=T(
        "days between orders with missing values (one-order customers), five bins",
        "含缺失值（只下过一单的客户）的下单间隔天数，分五箱"))


def _psi(expected, actual, bins=10, *, edges_from="expected", side="right", floor=1e-4, width=False, flip=False):
    e = np.asarray(expected, dtype=float)
    a = np.asarray(actual, dtype=float)
    e, a = e[~np.isnan(e)], a[~np.isnan(a)]
    source = a if edges_from == "actual" else e
    if width:
        edges = np.linspace(source.min(), source.max(), bins + 1)[1:-1]
    else:
        edges = np.unique(np.quantile(source, np.arange(1, bins) / bins))
    shares = [np.bincount(np.searchsorted(edges, x, side=side), minlength=len(edges) + 1) / len(x) for x in (e, a)]
    e_share, a_share = (np.clip(s, floor, None) if floor else s for s in shares)
    with np.errstate(divide="ignore", invalid="ignore"):
        log = np.log(e_share / a_share) if flip else np.log(a_share / e_share)
        return float(np.sum((a_share - e_share) * log))


def _psi_right_closed(expected, actual, bins=10):
    return _psi(expected, actual, bins, side="left")


def _psi_no_floor(expected, actual, bins=10):
    return _psi(expected, actual, bins, floor=0)


def _psi_equal_width(expected, actual, bins=10):
    return _psi(expected, actual, bins, width=True)


def _psi_flipped_log(expected, actual, bins=10):
    return _psi(expected, actual, bins, flip=True)


def _psi_from_actual(expected, actual, bins=10):
    return _psi(expected, actual, bins, edges_from="actual")


PSI = FunctionQuestion(
    id="auto.psi",
    level="mid",
    follow_ups=[
        T("What PSI would make you retrain, and what would you look at first?",
          "PSI 到多少你会考虑重新训练？你会先看什么？"),
        T("PSI of the scores is stable but the realised precision fell: what happened?",
          "分数的 PSI 很稳定，但实际精确率下降了：发生了什么？"),
    ],
    title=T("Drift between two snapshots: the population stability index",
            "两个快照之间的漂移：群体稳定性指数（PSI）"),
    prompt=T(
        "Write `population_stability_index(expected, actual, bins=10)`: drop missing values, cut bins at the "
        "quantiles `1/bins, ..., (bins-1)/bins` of `expected` (repeated edges once; both ends open; a value "
        "equal to an edge goes to the bin starting there, 左闭右开), take each sample's share per bin, floor "
        "the shares at `1e-4`, and return `sum((a - e) * ln(a / e))` as a float.",
        "请编写 `population_stability_index(expected, actual, bins=10)`：去掉缺失值，在 `expected` 的 "
        "`1/bins, ..., (bins-1)/bins` 分位数处切箱（重复的边界只保留一个；两端开放；等于边界的值落入从该边界开始的"
        "箱，即左闭右开），计算两个样本在每箱中的占比，占比下限取 `1e-4`，返回 `sum((a - e) * ln(a / e))`（浮点数）。"),
    hints=[
        T("`edges = np.unique(np.quantile(e, np.arange(1, bins) / bins))`, then "
          "`np.searchsorted(edges, x, side='right')` gives each value's bin (0 … len(edges)).",
          "`edges = np.unique(np.quantile(e, np.arange(1, bins) / bins))`，然后 "
          "`np.searchsorted(edges, x, side='right')` 给出每个值所在的箱（0 … len(edges)）。"),
        T("Shares: `np.bincount(bin_index, minlength=len(edges) + 1) / len(x)`, then `np.clip(shares, 1e-4, None)`.",
          "占比：`np.bincount(bin_index, minlength=len(edges) + 1) / len(x)`，再 `np.clip(shares, 1e-4, None)`。"),
    ],
    points=2,
    reference=sol.population_stability_index,
    cases=_psi_cases,
    compare_options={"rtol": 1e-6, "atol": 1e-9},
    rules=[Rule("floor", T("shares floored at `1e-4`", "占比下限为 `1e-4`"), _psi_no_floor,
                misconception="no_floor", case="lowest bins are empty"),
           Rule("left_closed", T("a value equal to an edge goes to the bin starting there",
                                 "等于边界的值落入从该边界开始的箱"), _psi_right_closed,
                misconception="right_closed", case="ties at the bin edges")],
    misconceptions=[
        Misconception("from_actual", fn=_psi_from_actual, message=T(
            "Your bins are cut at the quantiles of the new sample: the reference snapshot defines the bins (its "
            "shares are then 1/bins each), so that every later snapshot is measured on the same grid.",
            "你的分箱边界取自新样本的分位数：应由基准快照定义分箱（这样它在每箱的占比都是 1/bins），之后的每个快照都在"
            "同一套网格上度量。")),
        Misconception("right_closed", fn=_psi_right_closed, message=T(
            "Your bins are closed on the right (like `pd.cut`'s default or `side='left'`): on integer features "
            "such as order counts, many values sit exactly on an edge and move to the neighbouring bin. Use "
            "`np.searchsorted(edges, x, side='right')` (左闭右开).",
            "你的分箱是右闭的（如 `pd.cut` 的默认设置或 `side='left'`）：订单数这类整数特征有大量值正好落在边界上，会被"
            "分到相邻的箱。请用 `np.searchsorted(edges, x, side='right')`（左闭右开）。")),
        Misconception("no_floor", fn=_psi_no_floor, message=T(
            "Your PSI is infinite or NaN when a bin is empty in one sample (`ln(0)`): floor the shares with "
            "`np.clip(shares, 1e-4, None)` so that a new, empty region counts as a large but finite drift.",
            "当某个箱在一个样本中为空时，你的 PSI 是无穷大或 NaN（`ln(0)`）：请用 `np.clip(shares, 1e-4, None)` "
            "给占比设下限，让一个新出现的空区域算作很大但有限的漂移。")),
        Misconception("equal_width", fn=_psi_equal_width, message=T(
            "Your bins have equal width between the minimum and the maximum: on a skewed feature such as spend, "
            "most customers fall in the first bin and one outlier sets the grid. Cut at the quantiles of "
            "`expected`.",
            "你的分箱在最小值和最大值之间等宽：在消费金额这类偏态特征上，大多数客户落在第一个箱里，网格由一个离群值决"
            "定。"
            "请在 `expected` 的分位数处切分。")),
        Misconception("flipped_log", fn=_psi_flipped_log, message=T(
            "Your sum is negative: the logarithm is inverted (`ln(e / a)` with `a - e`). Each term "
            "`(a - e) * ln(a / e)` is ≥ 0, so PSI is never negative.",
            "你的结果是负数：对数颠倒了（`ln(e / a)` 乘以 `a - e`）。每一项 `(a - e) * ln(a / e)` 都 ≥ 0，所以 PSI "
            "不会是负数。")),
    ],
)


# =========================================================================================
# choice questions
# =========================================================================================
PERSIST = ChoiceQuestion(
    id="auto.persist",
    level="junior",
    follow_ups=[
        T("What does `skops.io.get_untrusted_types` tell you before loading?",
          "加载之前，`skops.io.get_untrusted_types` 告诉了你什么？"),
        T("What else must be saved with the model file so that a score can be reproduced in a year?",
          "除了模型文件，还必须一起保存什么，才能在一年后复现一个分数？"),
    ],
    name="persist_choice",
    title=T("Saving the fitted pipeline: why skops and not pickle?",
            "保存拟合好的流水线：为什么用 skops 而不是 pickle？"),
    prompt=T("The scoring job loads a fitted pipeline from a shared folder every night. Why save it with "
             "`skops.io` rather than `pickle` or `joblib`?",
             "打分任务每晚从一个共享目录加载拟合好的流水线。为什么用 `skops.io` 保存，而不是 `pickle` 或 `joblib`？"),
    options={
        "a": T("skops files load in any scikit-learn version, so the model never needs retraining.",
               "skops 文件在任何 scikit-learn 版本下都能加载，所以模型永远不需要重新训练。"),
        "b": T("pickle cannot store a pipeline with a ColumnTransformer, and skops can.",
               "pickle 无法保存含 ColumnTransformer 的流水线，而 skops 可以。"),
        "c": T("Loading a pickle may run any code in the file; skops loads only types you trust.",
               "加载 pickle 可能执行文件里的任意代码；skops 只加载你信任的类型。"),
        "d": T("skops files are compressed and smaller, so the nightly job starts faster.",
               "skops 文件经过压缩、体积更小，所以夜间任务启动更快。"),
    },
    answer=sol.PERSIST_CHOICE,
    explanations={
        "a": T("No format makes a fitted model portable across library versions: skops warns too, and the "
               "environment must be pinned with the model.",
               "没有哪种格式能让拟合好的模型跨库版本通用：skops 同样会警告，必须把运行环境和模型一起固定下来。"),
        "b": T("pickle stores any pipeline; the problem is what loading it can do, not what it can store.",
               "pickle 能保存任何流水线；问题在于加载时它能做什么，而不是它能存什么。"),
        "c": T("A pickle is a program: whoever can write the shared folder can make the job run their code. "
               "skops reads data, lists unknown types (`get_untrusted_types`) and refuses them unless trusted.",
               "pickle 本质上是一段程序：谁能写这个共享目录，谁就能让任务执行他的代码。skops 读取的是数据，会列出未知"
               "类型（`get_untrusted_types`），不被信任就拒绝加载。"),
        "d": T("Size is not the reason, and skops files are not smaller in general; safety is.",
               "体积不是理由，skops 文件一般也不更小；理由是安全。"),
    },
    hints=[T("Think of who can write to the shared folder, and what `pickle.load` does with the bytes.",
             "想一想谁能写这个共享目录，以及 `pickle.load` 会如何处理这些字节。")],
)

RERUN = ChoiceQuestion(
    id="auto.rerun",
    level="mid",
    follow_ups=[
        T("How do you make the write itself safe if the job dies half-way?",
          "如果任务中途挂掉，如何保证写文件这一步本身是安全的？"),
        T("The model is retrained next month: how do you keep last month's scores reproducible?",
          "下个月模型重新训练了：你如何保证上个月的分数仍可复现？"),
    ],
    name="rerun_choice",
    title=T("Idempotent batch scoring", "幂等的批量打分"),
    prompt=T("The nightly scoring for snapshot 2025-07-01 failed half-way and is rerun the next morning. Which "
             "design makes the rerun produce exactly the file a successful first run would have produced?",
             "快照 2025-07-01 的夜间打分中途失败，第二天早上重跑。哪种设计能让重跑生成的文件与第一次成功运行时完全相"
             "同？"),
    options={
        "a": T("Use `pd.Timestamp.now().normalize()` as the snapshot and name the file after the run time.",
               "用 `pd.Timestamp.now().normalize()` 作为快照，并按运行时间给文件命名。"),
        "b": T("Append each run's scores to one growing file and deduplicate it once a week.",
               "把每次运行的分数追加到同一个不断增长的文件里，每周去重一次。"),
        "c": T("Skip the run whenever a file for today already exists, so that nothing is scored twice.",
               "只要今天的文件已经存在就跳过运行，这样就不会重复打分。"),
        "d": T("Pass the snapshot in, sort the rows, write a temporary file and rename it over the old one.",
               "把快照作为参数传入，对行排序，先写临时文件，再改名覆盖旧文件。"),
    },
    answer=sol.RERUN_CHOICE,
    explanations={
        "a": T("A rerun the next morning gets another snapshot (a day more history) and another file name: "
               "the result depends on when it ran.",
               "第二天早上重跑会得到另一个快照（多一天历史）和另一个文件名：结果取决于运行的时间。"),
        "b": T("Appending makes every rerun add rows; the file differs until someone deduplicates it, and "
               "a half-written batch stays in it.",
               "追加会让每次重跑都多出一批行；在有人去重之前文件都不一样，写了一半的批次也会留在里面。"),
        "c": T("The failed run may have left a half-written file, which the rerun would then keep.",
               "失败的运行可能留下写了一半的文件，重跑反而会保留它。"),
        "d": T("The output is a function of the snapshot and the model only; the rename is atomic, so a "
               "crash leaves the old file or the new one, never half of one.",
               "输出只取决于快照和模型；改名是原子操作，任务崩溃时留下的要么是旧文件要么是新文件，绝不会是半个文件。"),
    },
    hints=[T("What must the output depend on, and what must it not depend on?",
             "输出必须取决于什么？又不能取决于什么？")],
)

SKEW = ChoiceQuestion(
    id="auto.skew",
    level="senior",
    follow_ups=[
        T("How would you find the heavy keys before running the job?", "在运行任务之前，你会如何找出这些重键？"),
        T("Why does partitioning the order table by customer make the nightly job cheaper?",
          "为什么按客户对订单表分区，能让夜间任务更省？"),
    ],
    name="skew_choice",
    title=T("On a cluster: one task never finishes", "在集群上：一个任务迟迟不结束"),
    prompt=T("On the cluster, `groupBy('customer_id')` over two years of order lines runs 199 tasks in a minute "
             "and one task for 40 minutes. What is the most likely cause and fix?",
             "在集群上，对两年的订单明细做 `groupBy('customer_id')`：199 个任务一分钟就完成，另一个任务却跑了 40 分钟。"
             "最可能的原因和解决办法是什么？"),
    options={
        "a": T("Too few executors: double them, and the slow task gets twice the machines.",
               "执行器太少：加倍执行器，慢任务就能分到两倍的机器。"),
        "b": T("Skew: a few keys (guest checkouts, resellers) hold most lines; split or salt them.",
               "数据倾斜：少数键（游客下单、批发商）占了大部分行；把它们拆开单独处理或加盐。"),
        "c": T("The driver is short of memory: raise `spark.driver.memory` and rerun it as is.",
               "驱动程序内存不足：调大 `spark.driver.memory`，原样重跑。"),
        "d": T("Python is slow: rewrite the aggregation in pandas and collect the result.",
               "Python 太慢：用 pandas 重写聚合，再把结果收集回来。"),
    },
    answer=sol.SKEW_CHOICE,
    explanations={
        "a": T("One key's rows go to one task whatever the number of executors: more machines leave it as slow.",
               "无论有多少执行器，同一个键的行都进同一个任务：加机器它照样慢。"),
        "b": T("A null or placeholder customer id, or a reseller with millions of lines, lands in one "
               "partition. Filter or split the heavy keys, aggregate per order first, or salt the key.",
               "一个空的或占位的客户 id、或者一个有上百万行的批发商，会落在同一个分区。把重键过滤或拆出来、先按订单聚"
               "合，"
               "或者给键加盐。"),
        "c": T("The aggregation runs on the executors; the driver's memory does not decide one task's speed.",
               "聚合在执行器上运行；驱动程序的内存决定不了单个任务的速度。"),
        "d": T("Collecting two years of lines to one machine is what Spark was brought in to avoid.",
               "把两年的明细收集到一台机器上，正是引入 Spark 想要避免的。"),
    },
    hints=[T("What decides which task a row of a groupBy goes to?", "groupBy 时，一行数据进哪个任务由什么决定？")],
)


# =========================================================================================
# open questions (interview)
# =========================================================================================
R_TEAM = OpenQuestion(
    id="auto.r_team",
    level="senior",
    follow_ups=[
        T("Which parts of this notebook would you keep in SQL whatever the modelling language?",
          "无论建模用什么语言，这个笔记本里哪些部分你会保留在 SQL 里？"),
        T("How would you check that an R model and a Python model score a customer alike?",
          "你会如何检查 R 模型和 Python 模型对同一位客户打出的分数一致？"),
    ],
    name="r_answer",
    title=T("Interview: when would the team use R here?", "面试题：团队什么时候会在这里用 R？"),
    prompt=T("The original question asks how to automate customer value assessment with Python, R or Spark. "
             "When would you use R for this work, and what does mixing languages cost?",
             "原题问的是如何用 Python、R 或 Spark 实现客户价值评估的自动化。你会在什么时候用 R 做这件事？混用多种语言"
             "的代价是什么？"),
    model_answer=T(sol.R_ANSWER,
                   "当工作以统计分析和报告为主、而不是一个线上服务时，R 是合适的工具：团队里的分析师本来就熟悉 R；生"
                   "存分析或 "
                   "BTYD 类模型有成熟的包（BTYD、CLVTools）；报告用 R Markdown 或 Quarto 写。定时打分也可以用 R 跑（"
                   "由调度器"
                   "调用 Rscript，或在同一个集群上用 sparklyr），但模型的部署和监控也得在 R 里做，或者交付成双方都能"
                   "读的格式"
                   "（SQL、PMML/ONNX 或系数）。混用语言的团队要维护两套环境、两套测试，定义还会慢慢走样；我会把特征定"
                   "义放在两边"
                   "都读的 SQL 里，线上模型只选一种语言。"),
    rubric=[
        (T("Names where R is strong (statistics, BTYD/survival packages, reporting, the team's skills)",
           "指出 R 的长处（统计、BTYD/生存分析包、报告、团队技能）"), 1.0),
        (T("Explains how R would run on a schedule (Rscript, sparklyr) and be deployed",
           "说明 R 如何定时运行（Rscript、sparklyr）以及如何部署"), 1.0),
        (T("Names the cost of two languages (environments, tests, drifting definitions) and a mitigation",
           "指出两种语言的代价（环境、测试、定义走样）以及缓解办法"), 1.0),
    ],
    hints=[T("Think of the people, the packages and the deployment, then of what is duplicated.",
             "想一想人、包和部署，再想一想哪些东西会重复一份。")],
    points=3,
)

AUTOMATE = OpenQuestion(
    id="auto.automate",
    level="senior",
    follow_ups=[
        T("Where would you put the check that the number of customers scored is plausible?",
          "你会把“被打分的客户数是否合理”的检查放在哪里？"),
        T("How do you decide, with numbers, whether this job needs Spark?",
          "你如何用数据来判断这个任务是否需要 Spark？"),
    ],
    name="automation_answer",
    title=T("Interview: automate customer value assessment", "面试题：把客户价值评估自动化"),
    prompt=T("How would you automate customer value assessment so that it runs every night without you, and how "
             "do you decide the compute it needs?",
             "你会如何把客户价值评估自动化，让它每晚在无人值守的情况下运行？又如何确定它需要的计算资源？"),
    model_answer=T(sol.INTERVIEW_ANSWER,
                   "1）特征用 SQL 或 Spark 计算，由调度器按传入的快照日期运行，绝不用“今天”。2）入口处做输入校验：模"
                   "式和简单的"
                   "取值范围检查不通过就让任务大声失败，而不是给垃圾数据打分。3）模型由脚本训练，用 skops（或 ONNX）"
                   "保存，并连同"
                   "训练快照和指标一起做版本管理；加载时绝不执行文件里的代码。4）批量打分为每个快照和模型版本写一个文"
                   "件，以原子"
                   "方式覆盖，所以重跑某一天得到的是同一个文件。5）监控：在快照之间计算主要特征和分数的 PSI，超过约 0"
                   ".25 就告警；"
                   "窗口结束后再把实际标签与预测对比。6）资源：几百万行以内用单机 pandas，上亿行用 DuckDB，数据在一台"
                   "机器上放不下"
                   "或本来就在集群里时用 Spark；要实测，不要猜。"),
    rubric=[
        (T("A scheduled job for a snapshot passed in (no 'today') and idempotent output", "按传入快照运行的定时任务"
           "（不用“今天”），输出幂等"), 1.0),
        (T("Validation that fails loudly, safe model persistence and versioning", "会大声失败的校验、安全的模型持久化与"
           "版本管理"), 1.0),
        (T("Monitoring: drift (PSI) and realised performance", "监控：漂移（PSI）与实际效果"), 1.0),
        (T("Compute sized by measurement: pandas vs DuckDB vs Spark", "用实测确定计算资源：pandas、DuckDB 还是 Spark"),
         1.0),
    ],
    hints=[T("Walk through one night: data in, checks, features, model, scores out, and what tells you it went "
             "wrong.", "按一个晚上的流程走一遍：数据进来、检查、特征、模型、分数输出，以及什么会告诉你出了问题。")],
    points=4,
)


QUESTIONS = [SCHEMA, PERSIST, RERUN, SQL, SPARK, PSI, SKEW, R_TEAM, AUTOMATE]
