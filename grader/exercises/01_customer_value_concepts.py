"""Questions of notebook 01: what a customer value model predicts, for whom, and for which decision.

References live in ``solutions/01_customer_value_concepts.py``. Public cases are small
hand-built order logs and score lists (labelled for feedback) plus the shipped shop; hidden
cases repeat the hand-built edge cases and replace the shipped shop by a generated variant
(:func:`grader.shop.generate_shop`) with other margin rates and windows. Each recorded
misconception is a small private function named ``_<name>`` after the mistake, with the
reference's signature.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from grader.i18n import T
from grader.questions import PUBLIC_SEED, Case, ChoiceQuestion, FunctionQuestion, Misconception, OpenQuestion, Rule
from grader.registry import solutions
from grader.shop import DATA_START, SNAPSHOT, WINDOW_END, generate_shop, read_shop

#: the frames this notebook's questions work from (an assignment ships them)
INPUT_FRAMES = ("customers", "order_lines", "sessions")
sol = solutions("01")

#: the gross margin rate of each category used by the notebook (the shop's files carry no cost)
MARGIN_RATES = {"apparel": 0.45, "beauty": 0.55, "electronics": 0.12, "home": 0.30,
                "grocery": 0.15, "books": 0.25, "sports": 0.35, "toys": 0.40}
#: customers per generated variant
N_CUSTOMERS = 250
#: numbers equal to a relative 1e-6; a per-customer Series may come in any order
SERIES = {"rtol": 1e-6, "atol": 1e-6, "ignore_row_order": True}
CLOSE = {"rtol": 1e-6, "atol": 1e-6, "key": "customer_id"}

_LINE_DTYPES = {"order_id": "int64", "customer_id": "int64", "order_time": "datetime64[ns]",
                "category": "str", "quantity": "int64", "unit_price": "float64", "discount": "float64"}


def _lines(rows):
    """Order lines from ``(order_id, customer_id, time, category, qty, price, discount)``."""
    frame = pd.DataFrame(rows, columns=list(_LINE_DTYPES))
    frame["order_time"] = pd.to_datetime(frame["order_time"], format="ISO8601")
    return frame.astype(_LINE_DTYPES).sort_values(["order_time", "order_id"], kind="stable", ignore_index=True)


@functools.lru_cache(maxsize=4)
def _shop_lines(seed):
    """The shipped order lines for the public cases, a generated variant's for hidden ones."""
    if seed == PUBLIC_SEED:
        return read_shop().order_lines
    return generate_shop(seed, n_customers=N_CUSTOMERS).order_lines


def _rates(seed):
    """The notebook's margin rates publicly; other rates (seeded) on hidden cases."""
    if seed == PUBLIC_SEED:
        return dict(MARGIN_RATES)
    rng = np.random.default_rng(seed)
    return {cat: float(np.round(rng.uniform(0.05, 0.6), 2)) for cat in sorted(MARGIN_RATES)}


def _source(seed, en, zh):
    if seed == PUBLIC_SEED:
        return T(f"the shipped order lines: {en}", f"随附的订单明细：{zh}")
    return T(f"a generated shop variant: {en}", f"随机生成的商店变体：{zh}")


def _money(lines):
    return lines["quantity"] * lines["unit_price"] * (1 - lines["discount"])


def _in_window(lines, start, end):
    return lines[(lines["order_time"] >= start) & (lines["order_time"] < end)]


_TS = pd.Timestamp
_RATES_SMALL = {"books": 0.25, "toys": 0.4, "electronics": 0.1, "beauty": 0.5}

# =========================================================================================
# 1. historic_margin
# =========================================================================================
_MARGIN_BASKET = _lines([
    (101, 1, "2025-02-03 10:00", "books", 2, 30.0, 0.0),
    (101, 1, "2025-02-03 10:00", "electronics", 1, 500.0, 0.2),
    (102, 2, "2025-02-10 09:30", "beauty", 1, 80.0, 0.5),
    (101, 1, "2025-02-20 15:00", "electronics", -1, 500.0, 0.2),
    (103, 1, "2025-03-01 11:00", "toys", 3, 20.0, 0.0),
])
_MARGIN_EDGES = _lines([
    (201, 3, "2025-01-01 00:00", "books", 1, 40.0, 0.0),
    (202, 3, "2025-02-14 20:00", "toys", 1, 50.0, 0.1),
    (203, 4, "2025-04-01 00:00", "beauty", 2, 60.0, 0.0),
    (204, 4, "2025-03-31 23:59:59", "books", 1, 16.0, 0.0),
])
_MARGIN_DUPLICATE = _lines([
    (301, 5, "2025-01-15 08:00", "electronics", 1, 900.0, 0.0),
    (301, 5, "2025-01-15 08:00", "electronics", 1, 900.0, 0.0),
    (302, 6, "2025-03-02 12:00", "toys", 2, 15.0, 0.0),
])
_Q1_START, _Q1_END = _TS("2025-01-01"), _TS("2025-04-01")


def _margin_cases(seed):
    yield Case((_MARGIN_BASKET, _RATES_SMALL, _Q1_START, _Q1_END), label=T(
        "the first quarter of 2025: customer 1 buys a two-line basket, returns the phone, then "
        "buys toys; customer 2 buys one discounted item",
        "2025 年第一季度：客户 1 买了一个两行的订单，退掉了手机，之后又买了玩具；客户 2 买了一件打折商品"))
    yield Case((_MARGIN_EDGES, _RATES_SMALL, _Q1_START, _Q1_END), label=T(
        "the first quarter of 2025, with one line at exactly the window's start (2025-01-01 "
        "00:00) and one at exactly its end (2025-04-01 00:00)",
        "2025 年第一季度，其中一行恰好在窗口起点（2025-01-01 00:00），一行恰好在窗口终点（2025-04-01 00:00）"))
    yield Case((_MARGIN_DUPLICATE, _RATES_SMALL, _Q1_START, _Q1_END), label=T(
        "the first quarter of 2025, with an exact duplicate line (an export error)",
        "2025 年第一季度，其中有一行完全重复（导出错误）"))
    lines, rates = _shop_lines(seed), _rates(seed)
    yield Case((lines, rates, DATA_START, SNAPSHOT), label=_source(
        seed, "the history window [2024-01-01, 2025-07-01)", "历史窗口 [2024-01-01, 2025-07-01)"))
    if seed != PUBLIC_SEED:  # the shipped shop once keeps `check` under a second
        yield Case((lines, rates, SNAPSHOT, WINDOW_END), label=_source(
            seed, "the label window [2025-07-01, 2026-01-01)", "标签窗口 [2025-07-01, 2026-01-01)"))


def _revenue_not_margin(order_lines, margin_rates, start, end):
    window = _in_window(order_lines.drop_duplicates(), start, end)
    return _money(window).groupby(window["customer_id"]).sum().rename("margin")


def _purchases_only(order_lines, margin_rates, start, end):
    window = _in_window(order_lines.drop_duplicates(), start, end)
    window = window[window["quantity"] > 0]
    margin = _money(window) * window["category"].map(margin_rates)
    return margin.groupby(window["customer_id"]).sum().rename("margin")


def _window_closed_right(order_lines, margin_rates, start, end):
    lines = order_lines.drop_duplicates()
    window = lines[(lines["order_time"] >= start) & (lines["order_time"] <= end)]
    margin = _money(window) * window["category"].map(margin_rates)
    return margin.groupby(window["customer_id"]).sum().rename("margin")


def _keeps_duplicates(order_lines, margin_rates, start, end):
    window = _in_window(order_lines, start, end)
    margin = _money(window) * window["category"].map(margin_rates)
    return margin.groupby(window["customer_id"]).sum().rename("margin")


def _window_open_left(order_lines, margin_rates, start, end):
    lines = order_lines.drop_duplicates()
    window = lines[(lines["order_time"] > start) & (lines["order_time"] < end)]
    margin = _money(window) * window["category"].map(margin_rates)
    return margin.groupby(window["customer_id"]).sum().rename("margin")


MARGIN = FunctionQuestion(
    id="cv.margin",
    level="junior",
    follow_ups=[
        T("A return arrives two weeks after the window closes for an order placed inside it. "
          "Whose window does it belong to, and why?",
          "窗口内下的订单在窗口结束两周后才退货。这笔退货属于哪个窗口？为什么？"),
        T("Where would you get the margin rates in a real shop, and what else would you subtract?",
          "在真实的商店里，毛利率从哪里来？你还会扣除哪些成本？"),
    ],
    title=T("Historic margin per customer", "每位客户的历史毛利"),
    prompt=T(
        "Write `historic_margin(order_lines, margin_rates, start, end)`: each customer's margin "
        "in the window `[start, end)`, a pandas Series named `margin` indexed by `customer_id`. "
        "A line's margin is `quantity * unit_price * (1 - discount) * margin_rates[category]`; "
        "return lines (negative quantity) are included, so they subtract. Drop exact duplicate "
        "lines first. Only customers with a line in the window appear.",
        "请编写 `historic_margin(order_lines, margin_rates, start, end)`：每位客户在窗口 "
        "`[start, end)` 内的毛利，返回名为 `margin`、以 `customer_id` 为索引的 pandas Series。一行"
        "的毛利是 `quantity * unit_price * (1 - discount) * margin_rates[category]`；退货行（数量为负）"
        "也计入，因此会被扣减。先去掉完全重复的行。只列出在窗口内有明细行的客户。"),
    hints=[
        T("`lines = order_lines.drop_duplicates()`, then keep `(lines['order_time'] >= start) & "
          "(lines['order_time'] < end)`: closed on the left, open on the right.",
          "`lines = order_lines.drop_duplicates()`，然后保留 `(lines['order_time'] >= start) & "
          "(lines['order_time'] < end)`：左闭右开。"),
        T("`window['category'].map(margin_rates)` turns each category into its rate.",
          "`window['category'].map(margin_rates)` 把每个品类换成它的毛利率。"),
        T("Multiply the line money by the rate, then `.groupby(window['customer_id']).sum()"
          ".rename('margin')`. Do not filter on `quantity`: a return line must subtract.",
          "把明细金额乘以毛利率，再 `.groupby(window['customer_id']).sum().rename('margin')`。不要"
          "按 `quantity` 过滤：退货行必须扣减。"),
    ],
    points=1,
    reference=sol.historic_margin,
    cases=_margin_cases,
    compare_options=SERIES,
    rules=[
        Rule("half_open_right", T("a line at exactly `end` is outside the window",
                                  "恰好在 `end` 的明细行不在窗口内"),
             _window_closed_right, misconception="window_closed_right", case="exactly"),
        Rule("closed_left", T("a line at exactly `start` is inside the window",
                              "恰好在 `start` 的明细行在窗口内"),
             _window_open_left, misconception="window_open_left", case="exactly"),
        Rule("no_duplicates", T("exact duplicate lines count once", "完全重复的行只计一次"),
             _keeps_duplicates, misconception="keeps_duplicates", case="duplicate"),
    ],
    misconceptions=[
        Misconception("revenue_not_margin", fn=_revenue_not_margin, message=T(
            "You summed the money of the lines (revenue), not their margin. A phone and a lipstick "
            "with the same price are not worth the same to the shop: at a 12% margin the phone "
            "earns less than a quarter of the lipstick's 55%. Ranked by revenue, customers who buy "
            "low-margin electronics look like the most valuable ones. Multiply each line by "
            "`margin_rates[category]`.",
            "你加总的是明细金额（收入），而不是毛利。价格相同的手机和口红对商店的价值并不相同：毛利率 12% "
            "的手机赚到的钱不到毛利率 55% 的口红的四分之一。按收入排序，购买低毛利电子产品的客户看上去"
            "最有价值。请把每一行乘以 `margin_rates[category]`。")),
        Misconception("purchases_only", fn=_purchases_only, message=T(
            "You kept only purchase lines (`quantity > 0`), so returns never subtract: a customer "
            "who buys a phone and sends it back counts as a phone buyer. That is the gross amount "
            "(毛额（未扣除退货）), and it makes serial returners look valuable. Keep the return lines: "
            "their negative quantity subtracts by itself.",
            "你只保留了购买行（`quantity > 0`），退货就不会被扣减：买了手机又退回的客户被当作买了手机。"
            "这是毛额（未扣除退货），会让频繁退货的客户显得很有价值。请保留退货行：它们的负数量会自动扣减。")),
        Misconception("window_closed_right", fn=_window_closed_right, message=T(
            "You included a line at exactly `end` (`order_time <= end`). The window is half-open, "
            "`[start, end)` (左闭右开): a line at the first instant of the next window belongs to "
            "the next window. With `<=`, back-to-back windows count that line twice, and a history "
            "window that ends at the snapshot leaks the first moment of the future into the features.",
            "你把恰好在 `end` 的明细行也算进来了（`order_time <= end`）。窗口是左闭右开的 `[start, end)`："
            "下一个窗口第一刻的明细行属于下一个窗口。用 `<=`，首尾相接的两个窗口会把这一行算两次；以快照为"
            "终点的历史窗口还会把未来的第一刻泄漏进特征。")),
        Misconception("window_open_left", fn=_window_open_left, message=T(
            "You left out a line at exactly `start` (`order_time > start`). The window is "
            "`[start, end)`, closed on the left: a purchase at midnight on the first day belongs to "
            "it. With `>` the line falls into no window at all when windows are chained.",
            "你漏掉了恰好在 `start` 的明细行（`order_time > start`）。窗口 `[start, end)` 是左闭的：第一天"
            "零点的购买属于这个窗口。用 `>`，窗口首尾相接时这一行不属于任何窗口。")),
        Misconception("keeps_duplicates", fn=_keeps_duplicates, message=T(
            "You kept an exact duplicate line, so its margin counts twice. Two genuine lines never "
            "coincide in every column (an order's lines have distinct categories), so an exact "
            "duplicate is an export error: `order_lines.drop_duplicates()` first.",
            "你保留了一行完全重复的明细，它的毛利被算了两次。两行真实的明细不可能每一列都相同（同一订单的"
            "各行品类不同），所以完全重复的行是导出错误：请先 `order_lines.drop_duplicates()`。")),
    ],
)


# =========================================================================================
# 2. historic_clv
# =========================================================================================
_CLV_BASKET = _lines([
    (401, 7, "2025-01-10 10:00", "books", 1, 40.0, 0.0),
    (401, 7, "2025-01-10 10:00", "toys", 1, 10.0, 0.0),
    (401, 7, "2025-01-10 10:00", "beauty", 1, 20.0, 0.0),
    (402, 7, "2025-02-20 18:00", "books", 2, 40.0, 0.0),
    (403, 8, "2025-03-05 09:00", "electronics", 2, 300.0, 0.0),
    (403, 8, "2025-03-12 16:00", "electronics", -1, 300.0, 0.0),
    (404, 8, "2025-05-02 11:00", "toys", 4, 25.0, 0.0),
])
_CLV_EDGES = _lines([
    (501, 9, "2024-12-20 10:00", "beauty", 2, 50.0, 0.0),
    (501, 9, "2025-01-05 10:00", "beauty", -1, 50.0, 0.0),
    (502, 10, "2025-02-01 12:00", "books", 1, 60.0, 0.0),
    (502, 10, "2025-02-01 12:00", "books", 1, 60.0, 0.0),
    (503, 10, "2025-04-01 00:00", "electronics", 1, 2000.0, 0.0),
    (504, 11, "2025-03-15 14:00", "toys", 1, 30.0, 0.0),
    (504, 11, "2025-03-15 14:00", "beauty", 1, 30.0, 0.0),
])


def _clv_cases(seed):
    yield Case((_CLV_BASKET, _RATES_SMALL, _Q1_START, _Q1_END, 180), label=T(
        "history [2025-01-01, 2025-04-01) (90 days), horizon 180 days: customer 7 has a "
        "three-line and a one-line order; customer 8 returns half of a phone order; customer "
        "8's toys order comes after the snapshot",
        "历史窗口 [2025-01-01, 2025-04-01)（90 天），展望期 180 天：客户 7 有一个三行订单和一个单行订单；"
        "客户 8 退掉了手机订单的一半；客户 8 的玩具订单在快照之后"))
    yield Case((_CLV_EDGES, _RATES_SMALL, _Q1_START, _Q1_END, 365), label=T(
        "the same history, horizon 365 days: customer 9's only line in the window is a return "
        "of an order placed before it; customer 10 has an exact duplicate line and an order at "
        "exactly the snapshot (2025-04-01 00:00)",
        "同一历史窗口，展望期 365 天：客户 9 在窗口内唯一的明细是一笔窗口前订单的退货；客户 10 有一行完全"
        "重复的明细，还有一个恰好在快照时刻（2025-04-01 00:00）的订单"))
    lines, rates = _shop_lines(seed), _rates(seed)
    yield Case((lines, rates, DATA_START, SNAPSHOT, 365), label=_source(
        seed, "history [2024-01-01, 2025-07-01), horizon 365 days",
        "历史窗口 [2024-01-01, 2025-07-01)，展望期 365 天"))


def _clv_from(orders, margin, start, snapshot, horizon_days):
    return (margin / orders * orders / (snapshot - start).days * horizon_days).rename("clv")


def _orders(window):
    return window[window["quantity"] > 0].groupby("customer_id")["order_id"].nunique()


def _per_line_average(order_lines, margin_rates, start, snapshot, horizon_days):
    window = _in_window(order_lines.drop_duplicates(), start, snapshot)
    orders = _orders(window)
    margin = sol.historic_margin(window, margin_rates, start, snapshot).reindex(orders.index)
    n_lines = window.groupby("customer_id").size().reindex(orders.index)
    return (margin / n_lines * orders / (snapshot - start).days * horizon_days).rename("clv")


def _after_snapshot(order_lines, margin_rates, start, snapshot, horizon_days):
    end = order_lines["order_time"].max() + pd.Timedelta(seconds=1)
    window = _in_window(order_lines.drop_duplicates(), start, end)
    orders = _orders(window)
    margin = sol.historic_margin(window, margin_rates, start, end).reindex(orders.index)
    return _clv_from(orders, margin, start, snapshot, horizon_days)


def _revenue_clv(order_lines, margin_rates, start, snapshot, horizon_days):
    window = _in_window(order_lines.drop_duplicates(), start, snapshot)
    orders = _orders(window)
    revenue = _money(window).groupby(window["customer_id"]).sum().reindex(orders.index)
    return _clv_from(orders, revenue, start, snapshot, horizon_days)


def _gross_clv(order_lines, margin_rates, start, snapshot, horizon_days):
    window = _in_window(order_lines.drop_duplicates(), start, snapshot)
    purchases = window[window["quantity"] > 0]
    orders = _orders(window)
    margin = sol.historic_margin(purchases, margin_rates, start, snapshot).reindex(orders.index)
    return _clv_from(orders, margin, start, snapshot, horizon_days)


def _snapshot_included(order_lines, margin_rates, start, snapshot, horizon_days):
    lines = order_lines.drop_duplicates()
    window = lines[(lines["order_time"] >= start) & (lines["order_time"] <= snapshot)]
    orders = _orders(window)
    margin = (_money(window) * window["category"].map(margin_rates)).groupby(
        window["customer_id"]).sum().reindex(orders.index)
    return _clv_from(orders, margin, start, snapshot, horizon_days)


def _every_customer_with_a_line(order_lines, margin_rates, start, snapshot, horizon_days):
    margin = sol.historic_margin(order_lines, margin_rates, start, snapshot)
    return (margin / (snapshot - start).days * horizon_days).rename("clv")


CLV = FunctionQuestion(
    id="cv.clv",
    level="mid",
    follow_ups=[
        T("This CLV assumes every customer keeps buying at her past rate. Who is most "
          "overvalued by that assumption?",
          "这个 CLV 假设每位客户都按过去的速度继续购买。谁被这个假设高估得最多？"),
        T("Why is the window's length, not the customer's own tenure, used for the frequency?",
          "为什么频率用窗口长度而不是客户自己的在网时长来计算？"),
        T("How would you discount the horizon, and when does it matter?",
          "你会如何对展望期折现？什么时候折现才重要？"),
    ],
    title=T("A simple historic CLV", "一个简单的历史 CLV"),
    prompt=T(
        "Write `historic_clv(order_lines, margin_rates, start, snapshot, horizon_days)`: a Series "
        "named `clv`, indexed by `customer_id`, for every customer with at least one purchase "
        "line (`quantity > 0`) in `[start, snapshot)`. CLV = margin per order × orders per day × "
        "`horizon_days`, where `orders` is the customer's number of distinct `order_id` among "
        "purchase lines in the window, margin per order = her `historic_margin` over the window "
        "(returns subtract, duplicates once) / `orders`, and orders per day = `orders / "
        "(snapshot - start).days`. Nothing at or after `snapshot` counts.",
        "请编写 `historic_clv(order_lines, margin_rates, start, snapshot, horizon_days)`：返回名为 "
        "`clv`、以 `customer_id` 为索引的 Series，覆盖在 `[start, snapshot)` 内至少有一行购买明细"
        "（`quantity > 0`）的每位客户。CLV = 每单毛利 × 每日订单数 × `horizon_days`，其中 `orders` 是该"
        "客户窗口内购买明细中不同 `order_id` 的个数，每单毛利 = 她在窗口内的 `historic_margin`（退货扣减，"
        "重复行只计一次）/ `orders`，每日订单数 = `orders / (snapshot - start).days`。快照时刻及之后的"
        "一切都不计入。"),
    hints=[
        T("Cut the window first: `lines = order_lines.drop_duplicates()`, keep `start <= "
          "order_time < snapshot`.",
          "先截取窗口：`lines = order_lines.drop_duplicates()`，保留 `start <= order_time < snapshot`。"),
        T("`orders = window[window['quantity'] > 0].groupby('customer_id')['order_id'].nunique()` "
          "is the population and the order count: an order, not a line, is one purchase.",
          "`orders = window[window['quantity'] > 0].groupby('customer_id')['order_id'].nunique()` "
          "既是客户范围也是订单数：一个订单（而不是一行明细）才是一次购买。"),
        T("`margin = historic_margin(lines, margin_rates, start, snapshot).reindex(orders.index)`, "
          "then `(margin / orders) * (orders / (snapshot - start).days) * horizon_days`.",
          "`margin = historic_margin(lines, margin_rates, start, snapshot).reindex(orders.index)`，"
          "然后 `(margin / orders) * (orders / (snapshot - start).days) * horizon_days`。"),
    ],
    points=2,
    reference=sol.historic_clv,
    cases=_clv_cases,
    compare_options=SERIES,
    rules=[
        Rule("snapshot_excluded", T("nothing at or after `snapshot` counts (the window is `[start, snapshot)`)",
                                    "快照时刻及之后的一切都不计入（窗口为 `[start, snapshot)`）"),
             _snapshot_included, case="exactly the snapshot"),
        Rule("purchasers_only", T("only customers with a purchase line in the window",
                                  "只包括窗口内有购买明细的客户"),
             _every_customer_with_a_line, case="only line in the window is a return"),
    ],
    misconceptions=[
        Misconception("per_line_average", fn=_per_line_average, message=T(
            "Your margin per order is a margin per *line*: you divided by the number of order lines, "
            "not of orders. A basket of three categories is one purchase, so averaging per line "
            "shrinks the order value of exactly the customers who buy broad baskets, and multiplied "
            "by the order frequency their CLV comes out too low. Count `order_id`s.",
            "你的每单毛利其实是每*行*毛利：你除以的是明细行数，而不是订单数。包含三个品类的购物篮是一次购买，"
            "按行平均恰恰会压低购买品类广的客户的客单价，再乘以订单频率，他们的 CLV 就被低估了。请数 "
            "`order_id`。")),
        Misconception("after_snapshot", fn=_after_snapshot, message=T(
            "You used orders after the snapshot: lines from `start` to the end of the file, not "
            "`[start, snapshot)`. A value 'as of the snapshot' can only use what was known then; "
            "the later orders are what the CLV is meant to predict. Counting them is target leakage "
            "(目标泄漏): the figure looks accurate offline and cannot be reproduced when scoring.",
            "你用到了快照之后的订单：从 `start` 到文件末尾的明细，而不是 `[start, snapshot)`。“截至快照”的"
            "价值只能用当时已知的信息；之后的订单正是 CLV 要预测的东西。把它们算进去就是目标泄漏：离线看起来"
            "很准，上线打分时却无法复现。")),
        Misconception("revenue_clv", fn=_revenue_clv, message=T(
            "Your CLV is built on revenue, not margin. Revenue is not what a customer is worth: "
            "a customer spending 1,000 on 12%-margin electronics brings less than one spending 300 "
            "on 55%-margin beauty. Budgets set on revenue CLV overspend on low-margin buyers. Use "
            "`historic_margin` for the margin per order.",
            "你的 CLV 基于收入而不是毛利。收入并不等于客户的价值：在毛利率 12% 的电子产品上花 1,000 的客户，"
            "带来的毛利少于在毛利率 55% 的美妆上花 300 的客户。按收入 CLV 定预算，会在低毛利客户身上花过头。"
            "每单毛利请用 `historic_margin`。")),
        Misconception("gross_clv", fn=_gross_clv, message=T(
            "Your CLV ignores returns: the margin per order is the gross amount (毛额（未扣除退货）). "
            "A customer who returns half of what she buys gets the CLV of one who keeps everything, "
            "so retention money goes to serial returners. Let the return lines in the window "
            "subtract.",
            "你的 CLV 忽略了退货：每单毛利用的是毛额（未扣除退货）。退掉一半商品的客户得到了与全部保留的客户相同"
            "的 CLV，挽留预算于是流向了频繁退货的客户。请让窗口内的退货行参与扣减。")),
    ],
)


# =========================================================================================
# 3. choose_targets (a model's output → a decision)
# =========================================================================================
_IDS = np.array([11, 12, 13, 14, 15, 16, 17, 18])
_P = np.array([0.80, 0.50, 0.10, 0.60, 0.90, 0.30, 0.05, 0.45])
_V = np.array([50.0, 80.0, 300.0, 60.0, 20.0, 200.0, 100.0, 40.0])


def _targets_cases(seed):
    yield Case((_IDS, _P, _V, 15.0, 50.0), label=T(
        "eight scored customers, contact cost 15, budget 50 (three contacts); customers 11 and "
        "12 tie at an expected profit of 25",
        "八位已打分客户，触达成本 15，预算 50（可触达三人）；客户 11 和 12 的期望利润并列，均为 25"))
    yield Case((_IDS[::-1], _P[::-1], _V[::-1], 15.0, 200.0), label=T(
        "the same customers in reverse order, budget 200: more contacts than profitable customers",
        "同样的客户按相反顺序排列，预算 200：可触达人数多于有利可图的客户数"))
    rng = np.random.default_rng(seed)
    n = 300
    ids = rng.permutation(np.arange(1, n + 1)) + 1000
    proba = rng.beta(1.2, 5.0, n)
    value = np.round(rng.lognormal(5.0, 0.8, n), 2)
    yield Case((ids, proba, value, 12.0, 12.0 * 40.5), label=T(
        "300 customers with model scores and predicted margins, contact cost 12, budget for 40.5 contacts",
        "300 位客户，带模型分数和预测毛利，触达成本 12，预算够 40.5 次触达"))


def _frame(customer_ids, profit):
    return pd.DataFrame({"customer_id": np.asarray(customer_ids, dtype="int64"),
                         "expected_profit": np.asarray(profit, dtype=float)})


def _ranks_by_proba(customer_ids, proba, value, cost, budget):
    frame = _frame(customer_ids, np.asarray(proba, float) * np.asarray(value, float) - cost)
    frame["p"] = np.asarray(proba, float)
    frame = frame[frame["expected_profit"] > 0].sort_values(["p", "customer_id"], ascending=[False, True],
                                                             kind="mergesort")
    return frame.drop(columns="p").head(int(np.floor(budget / cost + 1e-9))).reset_index(drop=True)


def _budget_as_count(customer_ids, proba, value, cost, budget):
    frame = _frame(customer_ids, np.asarray(proba, float) * np.asarray(value, float) - cost)
    frame = frame[frame["expected_profit"] > 0].sort_values(["expected_profit", "customer_id"],
                                                            ascending=[False, True], kind="mergesort")
    return frame.head(int(budget)).reset_index(drop=True)


def _no_cost(customer_ids, proba, value, cost, budget):
    frame = _frame(customer_ids, np.asarray(proba, float) * np.asarray(value, float))
    frame = frame.sort_values(["expected_profit", "customer_id"], ascending=[False, True], kind="mergesort")
    return frame.head(int(np.floor(budget / cost + 1e-9))).reset_index(drop=True)


def _fills_the_budget(customer_ids, proba, value, cost, budget):
    frame = _frame(customer_ids, np.asarray(proba, float) * np.asarray(value, float) - cost)
    frame = frame.sort_values(["expected_profit", "customer_id"], ascending=[False, True], kind="mergesort")
    return frame.head(int(np.floor(budget / cost + 1e-9))).reset_index(drop=True)


def _rounds_up(customer_ids, proba, value, cost, budget):
    frame = _frame(customer_ids, np.asarray(proba, float) * np.asarray(value, float) - cost)
    frame = frame[frame["expected_profit"] > 0].sort_values(["expected_profit", "customer_id"],
                                                            ascending=[False, True], kind="mergesort")
    return frame.head(int(np.ceil(budget / cost - 1e-9))).reset_index(drop=True)


def _ties_to_larger_id(customer_ids, proba, value, cost, budget):
    frame = _frame(customer_ids, np.asarray(proba, float) * np.asarray(value, float) - cost)
    frame = frame[frame["expected_profit"] > 0].sort_values(["expected_profit", "customer_id"],
                                                            ascending=[False, False], kind="mergesort")
    return frame.head(int(np.floor(budget / cost + 1e-9))).reset_index(drop=True)


TARGETS = FunctionQuestion(
    id="cv.targets",
    level="mid",
    follow_ups=[
        T("The scores come from a model that was never calibrated. What can go wrong with "
          "`proba * value - cost`?",
          "分数来自一个从未校准过的模型。`proba * value - cost` 会出什么问题？"),
        T("Why might the customers with the highest expected profit still be the wrong ones to "
          "contact?",
          "为什么期望利润最高的客户仍然可能不是该触达的人？"),
    ],
    title=T("From scores to a contact list under a budget", "在预算内把分数变成触达名单"),
    prompt=T(
        "A model gives each customer a probability `proba` of responding to an offer, and "
        "`value` is the margin a response brings. Write `choose_targets(customer_ids, proba, "
        "value, cost, budget)`: the expected profit of contacting a customer is `proba * value - "
        "cost`; contact only customers whose expected profit is strictly positive, the highest "
        "first, at most `floor(budget / cost)` of them. Return a DataFrame with columns "
        "`customer_id` and `expected_profit`, one row per contacted customer, in descending "
        "expected profit, equal profits by ascending `customer_id`, with a fresh RangeIndex.",
        "模型给出每位客户对某个优惠作出响应的概率 `proba`，`value` 是一次响应带来的毛利。请编写 "
        "`choose_targets(customer_ids, proba, value, cost, budget)`：触达一位客户的期望利润是 `proba * "
        "value - cost`；只触达期望利润严格为正的客户，从高到低，最多 `floor(budget / cost)` 人。返回包含 "
        "`customer_id` 和 `expected_profit` 两列的 DataFrame，每位被触达的客户一行，按期望利润降序排列，"
        "利润相同时按 `customer_id` 升序，使用全新的 RangeIndex。"),
    hints=[
        T("Build a frame with `customer_id` and `expected_profit = np.asarray(proba) * "
          "np.asarray(value) - cost`, then keep `expected_profit > 0`.",
          "构造一个含 `customer_id` 和 `expected_profit = np.asarray(proba) * np.asarray(value) - cost` "
          "的表，然后保留 `expected_profit > 0` 的行。"),
        T("`sort_values(['expected_profit', 'customer_id'], ascending=[False, True])`, then "
          "`.head(int(np.floor(budget / cost)))` and `.reset_index(drop=True)`.",
          "`sort_values(['expected_profit', 'customer_id'], ascending=[False, True])`，然后 "
          "`.head(int(np.floor(budget / cost)))`，再 `.reset_index(drop=True)`。"),
    ],
    points=2,
    reference=sol.choose_targets,
    cases=_targets_cases,
    compare_options=CLOSE,
    rules=[
        Rule("positive_only", T("only customers with a strictly positive expected profit",
                                "只触达期望利润严格为正的客户"),
             _fills_the_budget, case="more contacts than profitable"),
        Rule("within_budget", T("at most `floor(budget / cost)` contacts", "最多 `floor(budget / cost)` 次触达"),
             _rounds_up, case="budget 50"),
        Rule("ties_by_id", T("equal profits by ascending `customer_id`", "利润相同时按 `customer_id` 升序"),
             _ties_to_larger_id, case="tie"),
    ],
    misconceptions=[
        Misconception("ranks_by_proba", fn=_ranks_by_proba, message=T(
            "You ranked customers by probability, not by expected profit. A 90% chance of a "
            "20-yuan margin is worth less than a 10% chance of 300: the probability says who is "
            "likely to respond, the value says whether the response pays for the contact. Rank by "
            "`proba * value - cost`.",
            "你按概率而不是按期望利润给客户排序。90% 的概率带来 20 元毛利，不如 10% 的概率带来 300 元：概率"
            "说明谁可能响应，价值说明这次响应是否值得一次触达的成本。请按 `proba * value - cost` 排序。")),
        Misconception("budget_as_count", fn=_budget_as_count, message=T(
            "You treated the budget as a number of customers (`head(budget)`). The budget is money: "
            "each contact costs `cost`, so it pays for `floor(budget / cost)` contacts. Read as a "
            "head count, a budget of 50 yuan becomes fifty contacts worth 750.",
            "你把预算当成了客户人数（`head(budget)`）。预算是钱：每次触达花费 `cost`，所以它只够 "
            "`floor(budget / cost)` 次触达。按人数理解，50 元预算就变成了五十次、价值 750 元的触达。")),
        Misconception("no_cost", fn=_no_cost, message=T(
            "Your expected profit leaves out the cost of the contact: `proba * value` is the "
            "expected margin, not the profit. Without `- cost` every customer looks worth contacting "
            "and the list is filled with customers whose expected margin is below what reaching "
            "them costs.",
            "你的期望利润漏掉了触达成本：`proba * value` 是期望毛利，而不是利润。不减去 `cost`，每位客户看起来"
            "都值得触达，名单里就会塞满期望毛利低于触达成本的客户。")),
    ],
)


# =========================================================================================
# 4-6. Choice questions
# =========================================================================================
LABEL = ChoiceQuestion(
    id="cv.label_choice",
    level="mid",
    follow_ups=[
        T("On which rows do you then compute the features to score, and with which date?",
          "之后给客户打分时，你在哪些行上、以哪个日期计算特征？"),
        T("What would you check before trusting a model trained on a single snapshot?",
          "在信任一个只用单一快照训练的模型之前，你会检查什么？"),
    ],
    name="label_choice",
    title=T("From a business question to a label and a snapshot", "从业务问题到标签和快照"),
    prompt=T(
        "It is 2025-07-01. The CRM team asks: 'which of our customers will not buy again in the "
        "next six months? We want to send them a win-back coupon this week.' The order log "
        "starts on 2024-01-01. Which training set answers the question?",
        "今天是 2025-07-01。CRM 团队问：“哪些客户在未来六个月内不会再购买？我们想在本周给他们发挽回优惠券。”"
        "订单日志从 2024-01-01 开始。哪一种训练集能回答这个问题？"),
    options={
        "a": T("Snapshot 2025-07-01, features before it, label: no purchase in [2025-07-01, "
               "2026-01-01).",
               "快照 2025-07-01，特征取其之前，标签：[2025-07-01, 2026-01-01) 内无购买。"),
        "b": T("Snapshot 2025-07-01, features before it, label: no purchase in the six months "
               "before it.",
               "快照 2025-07-01，特征取其之前，标签：快照前六个月内无购买。"),
        "c": T("Snapshot 2025-01-01, features before it, label: no purchase in [2025-01-01, "
               "2025-07-01).",
               "快照 2025-01-01，特征取其之前，标签：[2025-01-01, 2025-07-01) 内无购买。"),
        "d": T("Features from all orders up to 2025-07-01, label: no purchase in [2025-01-01, "
               "2025-07-01).",
               "特征取 2025-07-01 前的全部订单，标签：[2025-01-01, 2025-07-01) 内无购买。"),
    },
    answer=sol.LABEL_CHOICE,
    explanations={
        "a": T("On 2025-07-01 that window has not happened yet: the labels do not exist, so there is "
               "nothing to train on this week. This is the scoring set, not the training set.",
               "在 2025-07-01，这个窗口还没有发生：标签根本不存在，本周没有东西可以训练。这是打分用的数据，"
               "不是训练集。"),
        "b": T("'No purchase in the last six months' is already known at the snapshot: it is a "
               "function of recency, so the model only relearns a feature and predicts nothing "
               "about the future.",
               "“过去六个月无购买”在快照时已经知道：它只是最近一次消费间隔（recency）的函数，模型只是重新学会"
               "了一个特征，对未来什么也没预测。"),
        "c": T("Right: move the snapshot back by the length of the label window, so a complete "
               "six-month window of outcomes exists; then compute the same features as of "
               "2025-07-01 to score.",
               "正确：把快照往前移一个标签窗口的长度，这样就有完整的六个月结果；然后以 2025-07-01 为快照计算"
               "同样的特征来打分。"),
        "d": T("The features overlap the label window: a customer's purchases in 2025 feed both "
               "her features and her label, so the model reads the answer (目标泄漏).",
               "特征与标签窗口重叠：客户 2025 年的购买既进入特征又决定标签，模型直接读到了答案（目标泄漏）。"),
    },
    hints=[T("Which label windows are complete on 2025-07-01, and which rows may the features "
             "see for a label on that window?",
             "在 2025-07-01，哪些标签窗口已经完整？为这个窗口打标签时，特征可以看到哪些行？")],
)

ERROR_COST = ChoiceQuestion(
    id="cv.error_cost",
    level="mid",
    follow_ups=[
        T("For a fraud review queue, which error is costlier, and how does that move the "
          "threshold?",
          "对欺诈审核队列来说，哪种错误代价更高？阈值会如何移动？"),
        T("The coupon is also used by customers who would have bought anyway. Where does that "
          "cost enter?",
          "本来就会购买的客户也会用这张优惠券。这部分成本体现在哪里？"),
    ],
    name="error_cost",
    title=T("Which error costs more?", "哪种错误代价更高？"),
    prompt=T(
        "A churn model scores customers; a 30-yuan win-back coupon goes to those flagged as "
        "churners. A churner who gets the coupon stays with probability 0.2, and a churner who "
        "stays keeps 400 yuan of margin. Which statement is right?",
        "一个流失模型给客户打分；被判为流失的客户会收到一张 30 元的挽回优惠券。收到优惠券的流失客户有 0.2 "
        "的概率留下，留下的流失客户会保留 400 元毛利。哪种说法正确？"),
    options={
        "a": T("A missed churner costs 400 and a wasted coupon 30: contact when p ≥ 0.075.",
               "漏掉一位流失客户损失 400，浪费一张券损失 30：p ≥ 0.075 就触达。"),
        "b": T("A missed churner costs 80 and a wasted coupon 30: contact when p ≥ 0.375.",
               "漏掉一位流失客户损失 80，浪费一张券损失 30：p ≥ 0.375 就触达。"),
        "c": T("The coupon is a sure cost, the loss only likely: contact only when p ≥ 0.8.",
               "优惠券是确定的成本，损失只是可能的：只有 p ≥ 0.8 才触达。"),
        "d": T("Both errors count once in accuracy, so 0.5 maximises profit: p ≥ 0.5.",
               "两种错误在准确率里都只算一次，所以 0.5 使利润最大：p ≥ 0.5。"),
    },
    answer=sol.ERROR_COST_CHOICE,
    explanations={
        "a": T("The coupon saves only one churner in five, so a missed churner costs the margin "
               "the coupon would have saved, 0.2 × 400 = 80, not 400.",
               "优惠券只能留住五分之一的流失客户，所以漏掉一位流失客户的损失是优惠券本可挽回的毛利 0.2 × 400 = "
               "80，而不是 400。"),
        "b": T("Right: contacting pays when p × 80 ≥ 30, i.e. p ≥ 30 / 80 = 0.375 (with calibrated "
               "probabilities): the costlier false negative pushes the threshold below 0.5.",
               "正确：当 p × 80 ≥ 30，即 p ≥ 30 / 80 = 0.375 时触达才划算（前提是概率已校准）：代价更高的假阴"
               "性把阈值推到 0.5 以下。"),
        "c": T("The probability already carries the uncertainty: the expected gain p × 80 against "
               "the sure 30 gives 0.375; 0.8 leaves profitable contacts out.",
               "概率本身已经包含了不确定性：期望收益 p × 80 对比确定的 30，得出 0.375；0.8 会漏掉有利可图的触达。"),
        "d": T("Accuracy weighs both errors equally; here they cost 80 and 30, so the "
               "profit-optimal threshold is not 0.5.",
               "准确率把两种错误看得一样重；这里它们的代价分别是 80 和 30，所以利润最优阈值不是 0.5。"),
    },
    hints=[T("What does the coupon actually save when it reaches a churner? Compare that with "
             "what it costs when it reaches anybody.",
             "优惠券到达一位流失客户时实际能挽回多少？把它与发给任何人都要付出的成本相比。")],
)

SETTING = ChoiceQuestion(
    id="cv.setting_choice",
    level="junior",
    follow_ups=[
        T("Name a business where churn is observed, and one where it is not.",
          "举一个能观察到流失的业务，和一个观察不到流失的业务。"),
        T("How does the length of the label window change who counts as a churner?",
          "标签窗口的长度如何改变谁被算作流失客户？"),
    ],
    name="setting_choice",
    title=T("Churn in a shop without contracts", "没有合同的商店里的流失"),
    prompt=T(
        "In our shop nobody signs a contract or cancels: customers simply stop buying. A "
        "colleague wants to build a churn model. Which statement is right?",
        "在我们的商店里，没有人签合同，也没有人退订：客户只是不再购买。一位同事想建立流失模型。哪种说法正确？"),
    options={
        "a": T("Churn is the day after each customer's last order in the log: label on that date.",
               "流失就是日志中每位客户最后一单的次日：以那一天打标签。"),
        "b": T("Without cancellations churn cannot be modelled here; only CLV can be estimated.",
               "没有退订就无法在这里建模流失；只能估计 CLV。"),
        "c": T("Label churn as recency > 90 days at the snapshot, with recency as a feature.",
               "在快照时以 recency > 90 天作为流失标签，同时把 recency 作为特征。"),
        "d": T("Churn is never observed: define it on a future window or model P(alive).",
               "流失从不被直接观察到：在未来窗口上定义它，或对“仍活跃”的概率建模。"),
    },
    answer=sol.SETTING_CHOICE,
    explanations={
        "a": T("The last order in the log is only known from the future: a customer who bought "
               "yesterday has a 'last order' too. Dating churn by it uses data after the snapshot.",
               "日志中的最后一单只有从未来回看才知道：昨天刚买过的客户也有“最后一单”。用它来确定流失时间，用到了"
               "快照之后的数据。"),
        "b": T("Non-contractual churn is modelled all the time, either as an operational label "
               "(no purchase in a window) or with BG/NBD-type models (notebook 11).",
               "非合同场景的流失一直有人建模：要么用操作性定义的标签（窗口内无购买），要么用 BG/NBD 类模型"
               "（notebook 11）。"),
        "c": T("That label is known at the snapshot and equals a feature: the model reproduces "
               "recency and predicts nothing.",
               "这个标签在快照时就已知，而且等于一个特征：模型只是复现了 recency，什么也没预测。"),
        "d": T("Right: in a non-contractual setting churn is latent. Either label 'no purchase in "
               "[snapshot, snapshot + window)' or estimate the probability a customer is still "
               "active (BG/NBD, Pareto/NBD).",
               "正确：在非合同场景中，流失是潜在的。要么以“[快照, 快照 + 窗口) 内无购买”打标签，要么估计客户仍然"
               "活跃的概率（BG/NBD、Pareto/NBD）。"),
    },
    hints=[T("What event would tell you, on the snapshot date, that a customer has left?",
             "在快照日，什么事件能告诉你一位客户已经离开了？")],
)


# =========================================================================================
# Interview
# =========================================================================================
CONCEPTS = OpenQuestion(
    id="cv.concepts",
    level="junior",
    follow_ups=[
        T("How would you explain the difference between historic and predicted value to a "
          "marketing manager?",
          "你会如何向市场经理解释历史价值和预测价值的区别？"),
        T("Which target would you choose for a subscription app, and which for our shop?",
          "对一个订阅制应用你会选择什么目标？对我们的商店呢？"),
    ],
    name="concepts",
    title=T("Interview: what is a customer value model?", "面试题：什么是客户价值评估模型？"),
    prompt=T("What is a customer value model: what does it predict, for whom, as of when, and how "
             "does it differ from a churn model, a CLV estimate and a propensity model? (the "
             "original question 1)",
             "什么是客户价值评估模型：它预测什么、针对谁、以哪个时点为准？它与流失模型、CLV 估计和响应倾向模型"
             "有何不同？（原题第 1 问）"),
    model_answer=T(sol.CONCEPTS_ANSWER,
                   "客户价值评估模型在一个固定的快照日，为每位客户估计其在未来一段窗口内能给企业带来多少价值，以便"
                   "逐个客户地分配资金和精力。建模之前必须先定义“价值”：毛利（而不是收入），扣除退货和服务成本，并且"
                   "说明期限。相关的目标回答的是不同的问题：客户生命周期价值（CLV）是整个未来关系中期望的（折现）毛利；"
                   "价值或高价值模型预测未来几个月的消费或毛利，可以是金额，也可以是“前 20%”；流失模型预测客户是否会"
                   "停止购买；响应倾向模型预测客户是否会对某个优惠作出响应。历史价值（RFM：最近一次消费、消费频次、"
                   "消费金额；过去的毛利）描述的是已经发生的事，是最强的输入，但它不是预测：过去贡献很大的客户可能已经"
                   "离开，新客户可能正要成长。场景也很重要：在合同制业务（订阅、电信）中，流失表现为可观察的退订；在非"
                   "合同制的商店里流失从不被直接观察到，所以要么定义一个操作性标签（未来窗口内无购买），要么对客户仍然"
                   "活跃的概率建模（BG/NBD、Pareto/NBD）。分析单位是客户，特征严格取自快照之前，标签取自快照之后的"
                   "窗口，绝不以“今天”为准。模型的好坏由它驱动的决策来评判：触达谁、花多少钱、审核谁。"),
    rubric=[
        (T("Defines value as future margin (not revenue) over a stated horizon, per customer",
           "把价值定义为每位客户在明确期限内的未来毛利（而不是收入）"), 1.0),
        (T("Distinguishes value / CLV / churn / propensity by the question each answers",
           "按各自回答的问题区分价值、CLV、流失和响应倾向"), 1.0),
        (T("Historic value (RFM, past margin) as input vs predicted value as output",
           "历史价值（RFM、过去毛利）是输入，预测价值是输出"), 1.0),
        (T("Contractual vs non-contractual: observed vs latent churn", "合同制与非合同制：可观察与潜在的流失"), 1.0),
        (T("A fixed snapshot, features before it, label on a window after it (never 'today')",
           "固定快照，特征取其之前，标签取其之后的窗口（绝不用“今天”）"), 1.0),
    ],
    hints=[T("Start from the decision the score feeds, then say what is predicted, over which "
             "window, and from which data.",
             "从评分所驱动的决策出发，再说明预测什么、在哪个窗口上、用哪些数据。")],
    points=5,
)

APPLICATIONS = OpenQuestion(
    id="cv.applications",
    level="mid",
    follow_ups=[
        T("For which application would you refuse to use the same score, and why?",
          "在哪种应用中你会拒绝使用同一个评分？为什么？"),
        T("How would you prove to the business that a targeting campaign earned its cost?",
          "你如何向业务方证明一次定向营销活动物有所值？"),
    ],
    name="applications",
    title=T("Interview: where is a customer value model used?", "面试题：客户价值评估模型用在哪里？"),
    prompt=T("Describe how a customer value model is used in precision marketing, segmentation, "
             "risk control and recommendation. For each, say which error costs more. (the "
             "original question 8)",
             "请描述客户价值评估模型在精准营销、客户细分、风控和推荐中如何使用。对每种应用，说明哪种错误代价更高。"
             "（原题第 8 问）"),
    model_answer=T(sol.APPLICATIONS_ANSWER,
                   "精准营销：按一次触达的期望利润（响应概率 × 响应价值 − 成本）给客户排序，在预算内从高到低触达；假"
                   "阳性的代价是优惠本身，假阴性的代价是错过的毛利，所以阈值由成本 / 价值决定，而正确的衡量是对照组"
                   "上的增量（uplift），而不是本来就会购买的高价值客户的响应率。客户细分：把预测价值与 RFM 或行为特"
                   "征结合，划分成不同的客户层级（如 VIP、成长型、有流失风险、沉睡），给予不同的服务水平和优惠；细分"
                   "必须稳定、规模合适、可执行。客户挽留：流失分数乘以客户价值，决定谁能拿到挽回优惠券或一通电话；漏"
                   "掉一位高价值的流失客户比浪费一张券代价更高。风控：同样的客户历史可用于授信额度、货到付款、退货滥"
                   "用和欺诈规则；这里假阴性（放过欺诈者）是直接损失，假阳性（拦下好客户）是丢掉的销售和一次投诉，所"
                   "以阈值按这些代价设定，并由人工复核。推荐：价值决定展示什么（高毛利品类，而不只是热门商品），以及"
                   "谁能获得稀缺的库存或服务。预算分配：按渠道或细分群体汇总预测毛利，决定获客和挽留的钱花在哪里回报"
                   "最高。所有应用都需要：固定快照、定义在未来窗口上的标签、与业务方商定的各类错误代价，以及全面上线"
                   "前的 A/B 测试。"),
    rubric=[
        (T("Precision marketing: rank by expected profit within a budget; threshold from cost / value",
           "精准营销：在预算内按期望利润排序；阈值由成本 / 价值决定"), 1.0),
        (T("Segmentation: value tiers that are actionable and stable", "客户细分：可执行、稳定的价值层级"), 1.0),
        (T("Risk control: names the costlier error (fraud let through vs good customer blocked)",
           "风控：指出代价更高的错误（放过欺诈 vs 拦下好客户）"), 1.0),
        (T("Recommendation or budget allocation weighted by value or margin",
           "推荐或预算分配按价值或毛利加权"), 1.0),
        (T("Measures the effect: control group, uplift or A/B test", "衡量效果：对照组、增量或 A/B 测试"), 1.0),
    ],
    hints=[T("For each application: what is decided, per customer, and what does each kind of "
             "mistake cost?",
             "对每种应用：针对每位客户要做什么决定？每一种错误的代价是什么？")],
    points=5,
)


QUESTIONS = [SETTING, LABEL, MARGIN, CLV, ERROR_COST, TARGETS, CONCEPTS, APPLICATIONS]
