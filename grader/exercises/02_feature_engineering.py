"""Questions of notebook 02: from an order log to a customer table as of a snapshot.

Each question is a :class:`~grader.questions.FunctionQuestion` whose reference lives in
``solutions/02_feature_engineering.py``. Cases are hand-built edge cases (labelled for public
feedback) followed by variants drawn from :func:`grader.shop.generate_shop` with the grading
seed. Each recorded misconception is a small private function named ``_<name>`` after the
mistake, with the reference's signature.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from grader.compare import compare
from grader.i18n import T
from grader.questions import Case, ChoiceQuestion, FunctionQuestion, Misconception, OpenQuestion, Rule
from grader.registry import solutions
from grader.shop import SNAPSHOT, WINDOW_END, generate_shop

#: the frames this notebook's questions work from, and those their answers build: an assignment with
#: these questions ships the raw frames and never the customer table
INPUT_FRAMES = ("customers", "order_lines", "sessions")
ANSWER_FRAMES = ("customer_table",)
sol = solutions("02")

#: customers per generated variant: enough for quintiles and a 20% label, small enough to be fast
N_CUSTOMERS = 250
#: an earlier calendar for a second variant, so that a hard-coded date cannot pass
EARLY_SNAPSHOT = pd.Timestamp("2025-01-01")
EARLY_WINDOW_END = pd.Timestamp("2025-07-01")

#: frames in any row order, any index; numbers equal to a relative 1e-6
COMPARE = {"rtol": 1e-6, "atol": 1e-6}


def _unsorted(reference, key):
    """A mutant of ``reference`` whose rows come in descending ``key`` order (fresh index kept)."""
    @functools.wraps(reference)
    def mutant(*args, **kwargs):
        return reference(*args, **kwargs).sort_values(key, ascending=False, ignore_index=True)
    return mutant


def _keyed_index(reference, key):
    """A mutant of ``reference`` whose rows are sorted but indexed by ``key`` instead of 0..n-1."""
    @functools.wraps(reference)
    def mutant(*args, **kwargs):
        out = reference(*args, **kwargs)
        return out.set_axis(pd.Index(out[key].to_numpy(), name=key))
    return mutant


def _layout_rules(reference, key):
    """The two layout rules every table of this notebook states: sorted by ``key``, a fresh RangeIndex."""
    return [
        Rule("sorted", T(f"sorted by `{key}`", f"按 `{key}` 排序"), _unsorted(reference, key)),
        Rule("fresh_index", T("with a fresh RangeIndex", "使用全新的 RangeIndex"), _keyed_index(reference, key)),
    ]

_LINE_DTYPES = {"order_id": "int64", "customer_id": "int64", "order_time": "datetime64[ns]",
                "category": "str", "quantity": "int64", "unit_price": "float64",
                "discount": "float64"}
_SESSION_DTYPES = {"customer_id": "int64", "date": "datetime64[ns]", "visits": "int64",
                   "page_views": "int64", "cart_adds": "int64"}
_CUSTOMER_DTYPES = {"customer_id": "int64", "signup_date": "datetime64[ns]", "age": "float64",
                    "gender": "str", "region": "str", "city_tier": "int64",
                    "membership_level": "str", "acquisition_channel": "str"}


def _frame(rows, dtypes):
    frame = pd.DataFrame(rows, columns=list(dtypes))
    for col, dtype in dtypes.items():
        if dtype.startswith("datetime"):
            frame[col] = pd.to_datetime(frame[col], format="ISO8601")
    return frame.astype(dtypes)


def _lines(rows):
    """Order lines from ``(order_id, customer_id, time, category, qty, price, discount)``."""
    return _frame(rows, _LINE_DTYPES).sort_values(["order_time", "order_id"], kind="stable",
                                                  ignore_index=True)


def _sessions(rows):
    """Sessions from ``(customer_id, date, visits, page_views, cart_adds)``."""
    return _frame(rows, _SESSION_DTYPES)


def _customers(rows):
    """Customers from ``(id, signup, age, gender, region, tier, level, channel)``."""
    return _frame(rows, _CUSTOMER_DTYPES)


def _shop(seed):
    return generate_shop(seed, n_customers=N_CUSTOMERS)


def _generated(what_en, what_zh):
    return T(f"a generated shop of {N_CUSTOMERS} customers{what_en}",
             f"一个随机生成的、含 {N_CUSTOMERS} 位客户的商店{what_zh}")


def _rfm_input(rows):
    return pd.DataFrame(rows, columns=["customer_id", "recency", "frequency", "monetary"]).astype(
        {"customer_id": "int64", "recency": "int64", "frequency": "int64", "monetary": "float64"})


# =========================================================================================
# 1. orders_from_lines
# =========================================================================================
_ORDERS_BASKET = _lines([
    (1001, 1, "2025-01-05 10:00", "books", 2, 20.0, 0.0),
    (1001, 1, "2025-01-05 10:00", "electronics", 1, 100.0, 0.1),
    (1002, 2, "2025-02-10 12:30", "beauty", 3, 15.5, 0.2),
    (1003, 1, "2025-03-01 09:15", "books", 1, 12.0, 0.0),
])
_ORDERS_RETURNS = _lines([
    (2001, 3, "2025-01-10 08:00", "fashion", 2, 50.0, 0.1),
    (2001, 3, "2025-01-10 08:00", "home", 1, 30.0, 0.0),
    (2001, 3, "2025-01-20 18:00", "fashion", -1, 50.0, 0.1),
    (2002, 3, "2025-02-01 20:00", "home", 1, 80.0, 0.0),
    (2003, 4, "2025-02-03 11:00", "sports", 1, 30.0, 0.0),
    (2002, 3, "2025-02-05 09:00", "home", -1, 80.0, 0.0),
])
_ORDERS_DUPLICATES = _lines([
    (3001, 5, "2025-04-02 14:00", "books", 1, 25.0, 0.0),
    (3001, 5, "2025-04-02 14:00", "books", 1, 25.0, 0.0),
    (3001, 5, "2025-04-02 14:00", "toys", 2, 10.0, 0.5),
    (3002, 6, "2025-04-03 09:30", "food", 4, 5.5, 0.0),
])


def _orders_cases(seed):
    yield Case((_ORDERS_BASKET,), label=T(
        "two customers, three orders; one order has two lines, and two lines are discounted",
        "两位客户、三个订单；其中一个订单有两行，两行带折扣"))
    yield Case((_ORDERS_RETURNS,), label=T(
        "an order with a partial return and an order returned in full",
        "一个部分退货的订单和一个全部退货的订单"))
    yield Case((_ORDERS_DUPLICATES,), label=T(
        "an export with an exact duplicate line", "导出数据中有一行完全重复"))
    yield Case((_shop(seed).order_lines,), label=_generated("", ""))


def _line_amount(lines):
    return lines["quantity"] * lines["unit_price"] * (1 - lines["discount"])


def _lines_as_orders(lines):
    lines = lines.drop_duplicates()
    out = lines.assign(amount=_line_amount(lines), n_items=lines["quantity"])
    out = out[["order_id", "customer_id", "order_time", "amount", "n_items"]]
    return out.sort_values("order_id", kind="stable", ignore_index=True)


def _ignores_discount(lines):
    return sol.orders_from_lines(lines.assign(discount=0.0))


def _drops_returns(lines):
    return sol.orders_from_lines(lines[lines["quantity"] > 0])


def _keeps_duplicates(lines):
    lines = lines.assign(amount=_line_amount(lines))
    return (lines.groupby("order_id")
            .agg(customer_id=("customer_id", "first"), order_time=("order_time", "min"),
                 amount=("amount", "sum"), n_items=("quantity", "sum"))
            .reset_index())


ORDERS = FunctionQuestion(
    id="fe.orders",
    level="junior",
    follow_ups=[
        T("Why drop exact duplicate lines, and what could go wrong if two identical lines were real?",
          "为什么要删除完全重复的行？如果两行相同的记录都是真实的，会出什么问题？"),
        T("Where should the order time come from when a return line carries a later time?",
          "退货行的时间更晚时，订单时间应该取自哪里？"),
        T("The table has 200 million lines. How would you compute the same thing, and how would you "
          "test it?",
          "如果明细有两亿行，你会如何计算同样的结果？又如何测试？"),
    ],
    title=T("Orders from order lines", "从订单明细到订单"),
    prompt=T(
        "Every customer metric marketing uses (how often someone buys, how much they spend per "
        "order) is counted in orders, but the shop exports order *lines*: one row per product, "
        "plus a negative-quantity line for every return, plus a few lines duplicated by the "
        "export. Counting lines as orders, or ignoring discounts and returns, inflates exactly "
        "the customers a campaign would target. Write `orders_from_lines(lines)`: drop exact "
        "duplicate lines, then return one row per order with `order_id`, `customer_id`, "
        "`order_time` (the time of the purchase: the earliest line with a positive quantity), "
        "`amount` (net: Σ quantity × unit_price × (1 − discount) over purchase and return "
        "lines) and `n_items` (net quantity). An order returned in full stays, with amount 0.",
        "市场部门使用的每个客户指标（多久买一次、每单花多少钱）都以订单为单位计算，但商店导出的是订"
        "单*明细*：每件商品一行，每次退货再加一行数量为负的记录，另外还有少量因导出错误而重复的行。把"
        "行当作订单，或者忽略折扣和退货，都会让营销活动要找的那批客户的指标虚高。请编写 "
        "`orders_from_lines(lines)`：先删除完全重复的行，然后每个订单返回一行，包含 "
        "`order_id`、`customer_id`、`order_time`（下单时间：数量为正的最早一行的时间）、`amount`（"
        "净额：对购买行和退货行求 Σ quantity × unit_price × (1 − discount)）和 `n_items`（净数量）"
        "。全部退货的订单仍保留，金额为 0。"),
    hints=[
        T("Start with `lines.drop_duplicates()`, then compute each line's net value in a new "
          "column before you group.",
          "先用 `lines.drop_duplicates()` 去重，然后在分组前新增一列，算出每一行的净额。"),
        T("Return lines already carry a negative quantity, so a plain sum over all lines of "
          "an order gives the net amount and the net number of items.",
          "退货行的数量本身就是负数，所以把一个订单的所有行直接求和，就得到净额和净件数。"),
        T("`lines.assign(amount=..., placed=lines['order_time'].where(lines['quantity'] > 0))"
          ".groupby('order_id').agg(customer_id=('customer_id', 'first'), order_time=('placed', "
          "'min'), amount=('amount', 'sum'), n_items=('quantity', 'sum')).reset_index()`",
          "`lines.assign(amount=..., placed=lines['order_time'].where(lines['quantity'] > 0))"
          ".groupby('order_id').agg(customer_id=('customer_id', 'first'), order_time=('placed', "
          "'min'), amount=('amount', 'sum'), n_items=('quantity', 'sum')).reset_index()`"),
    ],
    points=2,
    reference=sol.orders_from_lines,
    cases=_orders_cases,
    compare_options={**COMPARE, "key": "order_id"},
    rules=_layout_rules(sol.orders_from_lines, "order_id"),
    misconceptions=[
        Misconception("lines_as_orders", fn=_lines_as_orders, message=T(
            "You returned one row per order line, not one per order. An order with three lines "
            "then counts as three purchases: order counts, average order value and conversion "
            "figures are all distorted, and a customer who buys many products at once looks like "
            "a frequent buyer. Group the lines by `order_id`.",
            "你返回的是每条订单明细一行，而不是每个订单一行。一个含三行的订单会被算作三次购买：订"
            "单数、客单价和转化率都会失真，一次买很多种商品的客户会被误认为高频客户。请按 "
            "`order_id` 分组。")),
        Misconception("ignores_discount", fn=_ignores_discount, message=T(
            "Your amounts ignore the discount: the net value of a line is `quantity * unit_price "
            "* (1 - discount)`. Without it, spend is overstated most for customers who buy on "
            "promotion (618, Double 11), so deal hunters look like high-value customers and the "
            "revenue a campaign brings is overestimated.",
            "你的金额忽略了折扣：一行的净额是 `quantity * unit_price * (1 - discount)`。忽略折扣会"
            "让在大促（618、双十一）期间购物的客户消费被高估得最多，于是薅羊毛的客户看起来像高价值"
            "客户，活动带来的收入也会被高估。")),
        Misconception("drops_returns", fn=_drops_returns, message=T(
            "Your amounts and item counts are gross: the return lines (negative quantity) were "
            "left out. A customer who sends back most of what they buy then looks as valuable as "
            "one who keeps everything, and an order returned in full still shows its full price. "
            "Sum over purchase and return lines to get net spend.",
            "你的金额和件数是毛额（未扣除退货）：退货行（数量为负）被排除了。这样一来，退回大部分商品的客户看起来"
            "和全部留下的客户一样有价值，全部退货的订单也仍按全价计算。请对购买行和退货行一起求和，"
            "得到净消费。")),
        Misconception("keeps_duplicates", fn=_keeps_duplicates, message=T(
            "Your result counts some lines twice: the export contains exact duplicate lines (same "
            "order, time, category, quantity, price and discount), which are export errors, not "
            "purchases. Drop them first with `lines.drop_duplicates()`; otherwise those orders "
            "are overstated and your revenue no longer agrees with finance.",
            "你的结果把某些行算了两次：导出数据中有完全重复的行（订单、时间、品类、数量、单价和折扣"
            "都相同），它们是导出错误而不是真实购买。请先用 `lines.drop_duplicates()` 删除；否则这"
            "些订单金额被高估，你的收入数字也会和财务对不上。")),
    ],
)


# =========================================================================================
# 2. rfm_table
# =========================================================================================
_RFM_HISTORY = _lines([
    (1101, 1, "2025-01-05 10:00", "books", 2, 20.0, 0.0),
    (1101, 1, "2025-01-05 10:00", "electronics", 1, 100.0, 0.1),
    (1102, 1, "2025-06-20 10:00", "books", 1, 12.0, 0.0),
    (1103, 2, "2025-03-15 12:00", "beauty", 3, 15.5, 0.2),
    (1104, 3, "2025-02-01 09:00", "home", 1, 90.0, 0.0),
    (1105, 3, "2025-05-30 16:00", "toys", 2, 25.0, 0.0),
    (1106, 3, "2025-06-10 18:00", "food", 4, 5.0, 0.0),
])
_RFM_FUTURE = _lines([
    (1201, 4, "2025-05-10 15:00", "fashion", 2, 50.0, 0.1),
    (1201, 4, "2025-07-05 10:00", "fashion", -1, 50.0, 0.1),
    (1202, 4, "2025-08-01 12:00", "books", 1, 60.0, 0.0),
    (1203, 5, "2025-09-01 10:00", "toys", 1, 40.0, 0.0),
    (1204, 6, "2025-06-01 08:00", "beauty", 2, 10.0, 0.0),
])
_RFM_BOUNDARY = _lines([
    (1301, 7, "2025-04-01 12:00", "sports", 1, 30.0, 0.0),
    (1302, 7, "2025-07-01 00:00:00", "sports", 1, 45.0, 0.0),
    (1304, 7, "2025-07-20 15:00", "books", 1, 18.0, 0.0),
    (1303, 8, "2025-02-02 10:00", "home", 1, 80.0, 0.0),
    (1303, 8, "2025-02-12 10:00", "home", -1, 80.0, 0.0),
])


def _rfm_cases(seed):
    yield Case((_RFM_HISTORY, SNAPSHOT), label=T(
        "three customers whose orders all lie before the snapshot 2025-07-01; one order has "
        "two lines",
        "三位客户的订单都在快照日 2025-07-01 之前；其中一个订单有两行"))
    yield Case((_RFM_FUTURE, SNAPSHOT), label=T(
        "orders after the snapshot, a return made after the snapshot for an earlier order, "
        "and a customer who only buys after the snapshot",
        "快照之后的订单、快照之前的订单在快照之后发生的退货，以及一位只在快照之后购买的客户"))
    yield Case((_RFM_BOUNDARY, SNAPSHOT), label=T(
        "an order placed exactly at the snapshot instant (2025-07-01 00:00:00), another one "
        "after it, and a customer whose only order was returned in full",
        "一个恰好在快照时刻（2025-07-01 00:00:00）下的订单、之后的另一个订单，以及一位唯一订单被"
        "全部退货的客户"))
    lines = _shop(seed).order_lines
    yield Case((lines, SNAPSHOT), label=_generated(" (snapshot 2025-07-01)", "（快照 2025-07-01）"))
    yield Case((lines, EARLY_SNAPSHOT), label=_generated(
        " with an earlier snapshot (2025-01-01)", "，快照提前到 2025-01-01"))


def _rfm_from_orders(orders, reference_date):
    rfm = (orders.groupby("customer_id")
           .agg(last=("order_time", "max"), frequency=("order_id", "nunique"),
                monetary=("amount", "sum"))
           .reset_index())
    rfm["recency"] = (reference_date - rfm["last"]).dt.days
    return rfm[["customer_id", "recency", "frequency", "monetary"]]


def _recency_from_last_date(lines, snapshot):
    orders = sol.orders_from_lines(lines[lines["order_time"] < snapshot])
    return _rfm_from_orders(orders, lines["order_time"].max())


def _recency_from_another_date(lines, snapshot):
    orders = sol.orders_from_lines(lines[lines["order_time"] < snapshot])
    return _rfm_from_orders(orders, pd.Timestamp.now())


def _recency_shifted(answer, output, case):
    """Right customers, frequency and monetary; recency off by one constant (±1 day of rounding)."""
    expected = sol.rfm_table(*case.args, **case.kwargs)
    if not isinstance(output, pd.DataFrame) or set(output.columns) != set(expected.columns):
        return False
    got = output.sort_values("customer_id", ignore_index=True)
    if not np.array_equal(got["customer_id"].to_numpy(), expected["customer_id"].to_numpy()):
        return False
    cols = ["frequency", "monetary"]
    if compare(expected[cols], got[cols], **COMPARE) is not None:
        return False
    shift = got["recency"].to_numpy(dtype="float64") - expected["recency"].to_numpy("float64")
    return bool(np.isfinite(shift).all() and (shift != 0).any() and np.ptp(shift) <= 1)


def _future_orders_leak(lines, snapshot):
    return _rfm_from_orders(sol.orders_from_lines(lines), snapshot)


def _snapshot_instant_included(lines, snapshot):
    return _rfm_from_orders(sol.orders_from_lines(lines[lines["order_time"] <= snapshot]),
                            snapshot)


def _returns_after_snapshot(lines, snapshot):
    orders = sol.orders_from_lines(lines)
    return _rfm_from_orders(orders[orders["order_time"] < snapshot], snapshot)


def _frequency_from_lines(lines, snapshot):
    history = lines[lines["order_time"] < snapshot].drop_duplicates()
    rfm = sol.rfm_table(lines, snapshot)
    per_customer = history.groupby("customer_id").size()
    return rfm.assign(frequency=rfm["customer_id"].map(per_customer).to_numpy())


def _monetary_as_average(lines, snapshot):
    orders = sol.orders_from_lines(lines[lines["order_time"] < snapshot])
    rfm = sol.rfm_table(lines, snapshot)
    average = orders.groupby("customer_id")["amount"].mean()
    return rfm.assign(monetary=rfm["customer_id"].map(average).to_numpy())


RFM = FunctionQuestion(
    id="fe.rfm",
    level="mid",
    follow_ups=[
        T("Why measure recency from the snapshot rather than from the last date in the data?",
          "为什么从快照日算最近一次购买的间隔，而不是从数据里的最后日期算？"),
        T("How do returns after the snapshot affect monetary value, and why?",
          "快照之后的退货会如何影响消费金额？为什么？"),
        T("Monetary value can be negative after returns. What would you tell marketing about those "
          "customers?",
          "退货后消费金额可能为负。关于这些客户，你会怎么跟市场部门说？"),
    ],
    title=T("RFM as of a snapshot", "截至快照日的 RFM"),
    prompt=T(
        "RFM (recency, frequency, monetary value) is the first table a CRM team asks for: it "
        "decides who gets a win-back coupon and who gets a VIP invitation. A value model is "
        "trained on features taken at a fixed snapshot and a label measured after it, so the "
        "features may only use what was known at the snapshot: never 'today', never the last "
        "date in the file, never an order (or a return) at or after the snapshot. Write "
        "`rfm_table(lines, snapshot)`: one row per customer with an order placed before the "
        "snapshot, with `customer_id`, `recency` (whole days from the last order to the "
        "snapshot: `(snapshot - last).days`), `frequency` (distinct orders before the "
        "snapshot, including orders returned in full) and `monetary` (net spend of the lines "
        "before the snapshot). Reuse your `orders_from_lines`.",
        "RFM（最近一次消费、消费频次、消费金额）是 CRM 团队最先要的表：它决定谁该收到挽回优惠券、"
        "谁该收到 VIP 邀请。价值模型的特征取自固定的快照日，标签在快照日之后测量，所以特征只能使用"
        "快照时已知的信息：不能用“今天”，不能用文件中的最后日期，也不能用快照时刻及之后的订单（或"
        "退货）。请编写 `rfm_table(lines, snapshot)`：每位在快照前下过单的客户一行，包含 "
        "`customer_id`、`recency`（从最后一单到快照日的整天数：`(snapshot - last).days`）、"
        "`frequency`（快照前的不同订单数，全部退货的订单也算）和 `monetary`（快照前各行的净消费）。"
        "可以复用你的 `orders_from_lines`。"),
    hints=[
        T("First keep only the history: `lines[lines['order_time'] < snapshot]`. Everything "
          "else (recency included) is computed from that.",
          "先只保留历史数据：`lines[lines['order_time'] < snapshot]`，其余一切（包括 recency）都"
          "基于它计算。"),
        T("Turn the history into orders with `orders_from_lines`, then group the orders by "
          "`customer_id`: the last `order_time`, the number of orders, the sum of `amount`.",
          "用 `orders_from_lines` 把历史数据变成订单，再按 `customer_id` 分组：最后一次 "
          "`order_time`、订单数、`amount` 之和。"),
        T("`rfm = orders.groupby('customer_id').agg(last=('order_time', 'max'), "
          "frequency=('order_id', 'nunique'), monetary=('amount', 'sum')).reset_index()`, then "
          "`rfm['recency'] = (snapshot - rfm['last']).dt.days` and keep the four columns. If "
          "you get a huge recency, check that you did not use `pd.Timestamp.now()`.",
          "`rfm = orders.groupby('customer_id').agg(last=('order_time', 'max'), "
          "frequency=('order_id', 'nunique'), monetary=('amount', 'sum')).reset_index()`，然后 "
          "`rfm['recency'] = (snapshot - rfm['last']).dt.days`，只保留这四列。如果 recency 大得"
          "离谱，检查一下是不是用了 `pd.Timestamp.now()`。"),
    ],
    points=2,
    reference=sol.rfm_table,
    cases=_rfm_cases,
    compare_options={**COMPARE, "key": "customer_id"},
    rules=_layout_rules(sol.rfm_table, "customer_id"),
    misconceptions=[
        Misconception("recency_from_last_date", fn=_recency_from_last_date, message=T(
            "Your recency counts days up to the last date in the data "
            "(`lines['order_time'].max()`), not up to `snapshot`. That date depends on when the "
            "file was exported (it can even lie after the snapshot), so the same customer gets "
            "a different recency in every export and the features no longer describe the "
            "moment the label starts. Counting from today (`pd.Timestamp.now()`) has the same "
            "flaw, and worse: it changes every time the notebook runs. Use "
            "`(snapshot - last_order_time).dt.days`.",
            "你的 recency 是算到数据中的最后日期（`lines['order_time'].max()`），而不是算到 "
            "`snapshot`。这个日期取决于文件何时导出（甚至可能在快照之后），于是同一位客户在每次导出"
            "中的 recency 都不同，特征也不再描述标签开始的那一刻。从今天（`pd.Timestamp.now()`）算"
            "起有同样的问题，而且更糟：每次运行 notebook 结果都会变。请使用 `(snapshot - "
            "last_order_time).dt.days`。")),
        Misconception("recency_from_another_date", detect=_recency_shifted, message=T(
            "Your frequency and monetary values are right, but every recency is off by the same "
            "number of days: you counted days to a date other than `snapshot`, such as today "
            "(`pd.Timestamp.now()`), the last date of your filtered history or the day after "
            "the snapshot, or you counted calendar dates (`.dt.normalize()`) instead of whole "
            "elapsed days, `(snapshot - last).days`. Recency must be measured at the snapshot; "
            "counted from today it drifts every day the notebook is rerun, so a model trained on "
            "it is later fed recencies on a different scale than the one it learned.",
            "你的 frequency 和 monetary 是对的，但每个 recency 都偏差了相同的天数：你计算的是到 "
            "`snapshot` 以外某个日期的天数，例如今天（`pd.Timestamp.now()`）、过滤后历史数据的最后"
            "日期或快照日的后一天；或者你按日历日期（`.dt.normalize()`）相减，而不是按完整经过的天"
            "数 `(snapshot - last).days` 计算。recency 必须在快照日测量；如果从今天算起，notebook "
            "每重跑一天它就漂移一天，模型之后拿到的 recency 和训练时的尺度就不一样了。")),
        Misconception("future_orders_leak", fn=_future_orders_leak, message=T(
            "Orders at or after the snapshot leaked into your table: the lines were not filtered "
            "with `order_time < snapshot`. The features then use information that did not exist "
            "at the snapshot (recency can even be negative, and customers who only bought later "
            "appear): a model trained on them looks excellent in validation and fails in "
            "production, where the future is not available.",
            "快照时刻及之后的订单泄漏进了你的表：你没有用 `order_time < snapshot` 过滤订单明细。这样"
            "特征就用到了快照时还不存在的信息（recency 甚至可能为负，只在之后购买的客户也会出现）："
            "用它训练的模型在验证时表现极好，上线后却会失效，因为那时拿不到未来的数据。")),
        Misconception("returns_after_snapshot", fn=_returns_after_snapshot, message=T(
            "Your monetary value subtracts returns made after the snapshot: you built orders "
            "from all the lines and then kept the orders placed before the snapshot, so a "
            "refund that happened later was folded into an old order. At the snapshot that "
            "return had not happened yet; a model trained with it learns from refunds it will "
            "never see when it scores customers. Filter the lines (`order_time < snapshot`) "
            "before building the orders.",
            "你的 monetary 扣除了快照之后发生的退货：你先用全部订单明细构建订单，再保留快照前下的"
            "订单，于是之后才发生的退款被并入了旧订单。在快照时这笔退货还没有发生；用它训练的模"
            "型学到的是给客户打分时根本看不到的退款。请先过滤订单明细（`order_time < "
            "snapshot`），再构建订单。")),
        Misconception("snapshot_instant_included", fn=_snapshot_instant_included, message=T(
            "You kept lines with `order_time <= snapshot`. The snapshot instant already belongs "
            "to the label window (history is `order_time < snapshot`, the window starts at "
            "`snapshot`), so an order placed exactly at midnight on the snapshot day is counted "
            "in both the features and the label: a small leak that makes the model look better "
            "than it is.",
            "你保留了 `order_time <= snapshot` 的行。快照时刻本身属于标签窗口（历史是 "
            "`order_time < snapshot`，窗口从 `snapshot` 开始），所以恰好在快照日零点下的订单会同时"
            "计入特征和标签：这是一个小小的信息泄漏，会让模型看起来比实际更好。")),
        Misconception("frequency_from_lines", fn=_frequency_from_lines, message=T(
            "Your frequency counts lines, not orders: an order with several products, or with a "
            "return line, is counted several times. Frequency is the number of distinct orders "
            "(`order_id`); counting lines makes customers with big baskets or many returns look "
            "like frequent buyers.",
            "你的 frequency 统计的是行数而不是订单数：一个包含多种商品或带退货行的订单被算了多次"
            "。频次是不同订单（`order_id`）的个数；按行计数会让大购物篮或退货多的客户看起来像高"
            "频客户。")),
        Misconception("monetary_as_average", fn=_monetary_as_average, message=T(
            "Your monetary value is the average order value, not the total net spend. RFM's M "
            "is the total: ten orders of 100 are worth more than a single order of 100, yet both "
            "customers have the same average. (Average order value is a separate feature, in "
            "the next questions.)",
            "你的 monetary 是平均每单金额（客单价），而不是总净消费。RFM 的 M 是总额：十个 100 元的"
            "订单比一个 100 元的订单更有价值，但两位客户的平均值相同。（客单价是另一个特征，后面的"
            "题目会用到。）")),
    ],
)


# =========================================================================================
# 3. rfm_scores
# =========================================================================================
_SCORES_DISTINCT = _rfm_input([
    (1, 12, 4, 310.0), (2, 250, 1, 25.0), (3, 3, 9, 1250.0), (4, 87, 2, 80.5),
    (5, 40, 3, 140.0), (6, 160, 6, 420.0), (7, 7, 12, 2210.0), (8, 310, 5, 95.0),
    (9, 55, 7, 660.0), (10, 21, 8, 515.0),
])
_SCORES_TIES = _rfm_input([
    (1, 45, 1, 35.0), (2, 3, 5, 820.5), (3, 150, 1, 60.0), (4, 20, 2, 120.0),
    (5, 45, 1, 35.0), (6, 300, 1, 18.9), (7, 20, 3, 240.0), (8, 90, 1, 60.0),
    (9, 45, 2, 99.9), (10, 150, 1, 45.0),
])
_SCORES_THREE = _rfm_input([(1, 10, 2, 80.0), (2, 100, 1, 20.0), (3, 40, 4, 300.0)])
_SCORES_ONE_TIMERS = _rfm_input([
    (1, 5, 1, 25.0), (2, 60, 1, 80.0), (3, 33, 1, 42.5), (4, 120, 1, 12.0),
    (5, 18, 1, 300.0), (6, 75, 1, 64.0),
])


def _scores_cases(seed):
    yield Case((_SCORES_DISTINCT,), label=T(
        "ten customers whose recency, frequency and monetary values are all distinct",
        "十位客户，recency、frequency、monetary 的取值各不相同"))
    yield Case((_SCORES_TIES,), label=T(
        "ten customers with ties: six one-time buyers and shared recencies",
        "十位客户，存在并列：六位只买过一次，且有多位 recency 相同"))
    yield Case((_SCORES_THREE,), label=T(
        "only three customers (fewer rows than scores)", "只有三位客户（行数少于分数档数）"))
    yield Case((_SCORES_ONE_TIMERS,), label=T(
        "six customers who all bought exactly once", "六位客户都恰好只买过一次"))
    yield Case((sol.rfm_table(_shop(seed).order_lines, SNAPSHOT),), label=_generated(
        ": its RFM table at 2025-07-01", "在 2025-07-01 的 RFM 表"))


def _with_scores(rfm, r_score, f_score, m_score):
    return rfm.assign(r_score=r_score, f_score=f_score, m_score=m_score,
                      rfm_score=r_score.astype(str) + f_score.astype(str) + m_score.astype(str))


def _by_rank(values, labels):
    return pd.qcut(values.rank(method="first"), 5, labels=labels).astype("int64")


def _recency_not_reversed(rfm):
    up = [1, 2, 3, 4, 5]
    return _with_scores(rfm, _by_rank(rfm["recency"], up), _by_rank(rfm["frequency"], up),
                        _by_rank(rfm["monetary"], up))


def _qcut_drop_duplicates(rfm):
    def codes(values):
        return pd.qcut(values, 5, labels=False, duplicates="drop").astype("int64")

    return _with_scores(rfm, 5 - codes(rfm["recency"]), codes(rfm["frequency"]) + 1,
                        codes(rfm["monetary"]) + 1)


def _ties_by_negated_recency(rfm):
    """The other defensible tie convention: rank ``-recency`` with labels 1-5 (accepted too)."""
    up = [1, 2, 3, 4, 5]
    return _with_scores(rfm, _by_rank(-rfm["recency"], up), _by_rank(rfm["frequency"], up),
                        _by_rank(rfm["monetary"], up))


def _bare_qcut(rfm):
    def cut(values, labels):
        return pd.qcut(values, 5, labels=labels).astype("int64")

    return _with_scores(rfm, cut(rfm["recency"], [5, 4, 3, 2, 1]),
                        cut(rfm["frequency"], [1, 2, 3, 4, 5]), cut(rfm["monetary"], [1, 2, 3, 4, 5]))


def _bare_qcut_raised(answer, output, case):
    """The learner's function raised qcut's error about repeated bin edges."""
    return isinstance(output, ValueError) and "Bin edges must be unique" in str(output)


def _rfm_score_as_sum(rfm):
    scored = sol.rfm_scores(rfm)
    return scored.assign(rfm_score=scored["r_score"] + scored["f_score"] + scored["m_score"])


SCORES = FunctionQuestion(
    id="fe.scores",
    level="mid",
    follow_ups=[
        T("Why does recency score in the opposite direction from frequency and monetary value?",
          "为什么最近购买间隔的打分方向与购买频次、消费金额相反？"),
        T("About a fifth of the customers have one order and as many have two. What happens to "
          "frequency quintiles, and how did you handle the ties?",
          "约五分之一的客户只下过一单，下过两单的也差不多这么多。频次的五分位会怎样？你是怎么处理并列值的？"),
        T("Would you feed the scores or the raw RFM values to a model? Why?",
          "给模型喂打分还是原始 RFM 数值？为什么？"),
    ],
    title=T("RFM quintile scores", "RFM 五分位打分"),
    prompt=T(
        "Marketing does not read raw days and amounts; it reads segments such as '555' "
        "(champions) or '155' (big spenders about to lapse), built from a 1–5 score per "
        "dimension where 5 is best. The pitfalls: recency is better when it is *smaller*, "
        "and `pd.qcut(values, 5)` raises 'Bin edges must be unique' as soon as many customers "
        "share a value (frequency takes few distinct values: about a fifth of the customers bought "
        "once, and as many twice). Write `rfm_scores(rfm)`: return a copy of "
        "the RFM table with `r_score`, `f_score`, `m_score` (ints 1–5), each computed as "
        "`pd.qcut(values.rank(method='first'), 5, labels=...)` (equal values are ranked by row "
        "order, so ties can straddle a bin edge), with labels `[5, 4, 3, 2, 1]` on the rank of "
        "`recency` itself and `[1, 2, 3, 4, 5]` for frequency and monetary, plus `rfm_score`, "
        "the three digits as text (e.g. `'545'`). Ranking `-recency` with labels `[1, 2, 3, 4, 5]` "
        "breaks recency ties the other way round and is accepted too. The table has at least two "
        "rows.",
        "市场部门看的不是原始天数和金额，而是诸如“555”（最佳客户）或“155”（即将流失的大客户）这样的"
        "分群，它由每个维度 1–5 分（5 分最好）组合而成。陷阱在于：recency 越*小*越好；而当很多客户"
        "取值相同时（频次的取值很少：约五分之一的客户只买过一次，买过两次的也差不多这么多），"
        "`pd.qcut(values, 5)` 会抛出“Bin edges must be "
        "unique”。请编写 `rfm_scores(rfm)`：返回 RFM 表的副本，增加 `r_score`、`f_score`、`m_score`"
        "（1–5 的整数），每个都用 `pd.qcut(values.rank(method='first'), 5, labels=...)` 计算（相同"
        "取值按行顺序排名，因此并列值可能跨越分箱边界）；对 `recency` 本身的排名使用标签 `[5, 4, "
        "3, 2, 1]`，frequency 和 monetary 使用 `[1, 2, 3, 4, 5]`；再加上 `rfm_score`，即三个数字拼"
        "成的文本（如 `'545'`）。对 `-recency` 排名并使用标签 `[1, 2, 3, 4, 5]` 时，recency 并列值的先后"
        "顺序正好相反，这种做法同样算对。输入表至少有两行。"),
    hints=[
        T("Rank before you cut: `values.rank(method='first')` gives 1..n with no ties, so the "
          "quintile edges of the ranks are always distinct.",
          "先排名再分箱：`values.rank(method='first')` 得到 1..n 且没有并列，所以排名的五分位边界"
          "总是互不相同。"),
        T("For recency keep the ranks of `rfm['recency']` as they are and reverse the labels "
          "(`labels=[5, 4, 3, 2, 1]`); `qcut` returns a categorical, so convert it with "
          "`.astype(int)`.",
          "对于 recency，直接对 `rfm['recency']` 排名，把标签倒过来（`labels=[5, 4, 3, 2, 1]`）；"
          "`qcut` 返回分类类型，用 `.astype(int)` 转换。"),
        T("`r = pd.qcut(rfm['recency'].rank(method='first'), 5, labels=[5, 4, 3, 2, 1])"
          ".astype(int)`, the same for `f` and `m` with `[1, 2, 3, 4, 5]`, then "
          "`rfm.assign(r_score=r, f_score=f, m_score=m, rfm_score=r.astype(str) + "
          "f.astype(str) + m.astype(str))`.",
          "`r = pd.qcut(rfm['recency'].rank(method='first'), 5, labels=[5, 4, 3, 2, 1])"
          ".astype(int)`，`f` 和 `m` 同理但用 `[1, 2, 3, 4, 5]`，然后 "
          "`rfm.assign(r_score=r, f_score=f, m_score=m, rfm_score=r.astype(str) + "
          "f.astype(str) + m.astype(str))`。"),
    ],
    points=2,
    reference=sol.rfm_scores,
    cases=_scores_cases,
    compare_options={**COMPARE, "key": "customer_id"},
    alternatives=[_ties_by_negated_recency],
    misconceptions=[
        Misconception("recency_not_reversed", fn=_recency_not_reversed, message=T(
            "Your r_score is not reversed: the customers who bought most recently got the lowest "
            "score. A smaller recency is better, so the most recent fifth must score 5 (labels "
            "`[5, 4, 3, 2, 1]`). Unreversed, a '5xx' customer is one who has not bought for a "
            "long time, and a win-back campaign would target your most active buyers.",
            "你的 r_score 没有反转：最近购买的客户得了最低分。recency 越小越好，所以最近购买的那五"
            "分之一应得 5 分（标签 `[5, 4, 3, 2, 1]`）。不反转的话，“5xx”客户反而是很久没买的人，挽"
            "回活动会打扰你最活跃的买家。")),
        Misconception("qcut_drop_duplicates", fn=_qcut_drop_duplicates, message=T(
            "You cut the raw values with `duplicates='drop'`. When many customers share a value "
            "(frequency takes few distinct values) adjacent quintile edges coincide and are dropped, so the "
            "score has fewer than five levels and the groups are far from equal fifths: all "
            "one-time buyers share one F score, and the segment sizes marketing plans with are "
            "wrong. Rank first: `pd.qcut(values.rank(method='first'), 5, labels=[1, 2, 3, 4, 5])` "
            "always gives five groups of (almost) equal size.",
            "你对原始值分箱并用了 `duplicates='drop'`。当很多客户取值相同（频次的取值很少）时，相邻的多"
            "个五分位边界重合并被丢弃，于是分数不足五档，各组也远不是均等的五分之一：所有只买过一次"
            "的客户得到同一个 F 分，市场部门据以规划的分群规模也就错了。请先排名：`pd.qcut(values.r"
            "ank(method='first'), 5, labels=[1, 2, 3, 4, 5])` 总能得到五个大小（几乎）相等的组。")),
        Misconception("bare_qcut", detect=_bare_qcut_raised, message=T(
            "`pd.qcut(values, 5)` raised 'Bin edges must be unique': frequency takes few distinct "
            "values (about a fifth of the customers bought once, as many twice), so adjacent "
            "quintile edges of frequency coincide and the bins collapse. In "
            "production this crashes the nightly scoring job the first day the data has ties. "
            "Rank first: `pd.qcut(values.rank(method='first'), 5, labels=...)`.",
            "`pd.qcut(values, 5)` 抛出了 'Bin edges must be unique'：frequency 的取值很少（约五分之一的"
            "客户只买过一次，买过两次的也差不多这么多），相邻的五分位边界重合，分箱随之失效。在生产环境中，数据一出现并列值，"
            "每晚的打分任务就会崩溃。请先排名：`pd.qcut(values.rank(method='first'), 5, labels=...)`。")),
        Misconception("rfm_score_as_sum", fn=_rfm_score_as_sum, message=T(
            "Your rfm_score adds the three scores up. Here it is the segment code, the three "
            "digits as text (`'545'`): a sum mixes customers who need opposite treatment, e.g. "
            "'511' (recent but rare and cheap) and '155' (a lapsing big spender) both sum to 7. "
            "Build it with `r.astype(str) + f.astype(str) + m.astype(str)`.",
            "你的 rfm_score 是三个分数之和。本题要的是分群代码，即三个数字拼成的文本（`'545'`）：求"
            "和会把需要相反对待的客户混在一起，例如“511”（最近买过但频次低、金额少）和“155”（即将流"
            "失的大客户）之和都是 7。请用 `r.astype(str) + f.astype(str) + m.astype(str)` 构造。")),
    ],
)


# =========================================================================================
# 4. behaviour_features
# =========================================================================================
_BEHAVIOUR_LINES = _lines([
    (4101, 1, "2025-03-01 10:00", "books", 2, 20.0, 0.0),
    (4102, 2, "2025-01-01 08:00", "fashion", 2, 50.0, 0.1),
    (4102, 2, "2025-01-01 08:00", "home", 1, 30.0, 0.0),
    (4102, 2, "2025-01-11 12:00", "fashion", -1, 50.0, 0.1),
    (4103, 2, "2025-04-02 08:00", "books", 1, 12.0, 0.0),
    (4104, 2, "2025-06-01 20:00", "books", 1, 12.0, 0.0),
    (4104, 2, "2025-06-01 20:00", "beauty", 3, 10.0, 0.0),
])
_BEHAVIOUR_SESSIONS = _sessions([
    (1, "2025-02-28", 1, 5, 1), (1, "2025-07-10", 2, 9, 0),
    (2, "2025-01-01", 1, 10, 2), (2, "2025-05-05", 1, 4, 0),
    (3, "2025-03-03", 1, 7, 1),
])
_BEHAVIOUR_DIRTY_LINES = _lines([
    (4201, 4, "2025-02-01 10:00", "home", 1, 80.0, 0.0),
    (4201, 4, "2025-02-05 10:00", "home", -1, 80.0, 0.0),
    (4202, 4, "2025-05-01 09:00", "toys", 2, 15.0, 0.0),
    (4202, 4, "2025-05-01 09:00", "toys", 2, 15.0, 0.0),
    (4203, 4, "2025-06-25 19:00", "sports", 1, 60.0, 0.0),
    (4203, 4, "2025-07-03 09:00", "sports", -1, 60.0, 0.0),
    (4204, 4, "2025-08-01 11:00", "books", 1, 20.0, 0.0),
    (4205, 5, "2025-06-30 22:00", "food", 5, 4.0, 0.0),
])
_BEHAVIOUR_DIRTY_SESSIONS = _sessions([
    (4, "2025-06-30", 3, 12, 1), (4, "2025-07-01", 1, 6, 0), (5, "2025-06-30", 1, 2, 1),
])

_BEHAVIOUR_SESSIONLESS_LINES = _lines([
    (4301, 6, "2025-04-01 10:00", "books", 1, 25.0, 0.0),
    (4302, 7, "2025-05-01 10:00", "toys", 2, 10.0, 0.0),
    (4303, 7, "2025-06-01 10:00", "toys", 1, 10.0, 0.0),
])
_BEHAVIOUR_SESSIONLESS_SESSIONS = _sessions([(7, "2025-07-02", 1, 8, 0)])


def _behaviour_cases(seed):
    yield Case((_BEHAVIOUR_LINES, _BEHAVIOUR_SESSIONS, SNAPSHOT), label=T(
        "a customer with a single order who browses again after the snapshot, a customer with "
        "three orders and a partial return, and a visitor who never ordered",
        "一位只有一个订单、且在快照后再次浏览的客户，一位有三个订单和一次部分退货的客户，以及一位"
        "从未下单的访客"))
    yield Case((_BEHAVIOUR_DIRTY_LINES, _BEHAVIOUR_DIRTY_SESSIONS, SNAPSHOT), label=T(
        "a full return, a duplicated line, a return and an order after the snapshot, and a "
        "session on the snapshot day itself",
        "一次全部退货、一行重复记录、快照之后的一次退货和一个订单，以及恰好在快照当天的一次会话"))
    yield Case((_BEHAVIOUR_SESSIONLESS_LINES, _BEHAVIOUR_SESSIONLESS_SESSIONS, SNAPSHOT), label=T(
        "a customer who never had a session, and one whose only session is after the snapshot",
        "一位从未有过会话的客户，以及一位唯一一次会话在快照之后的客户"))
    shop = _shop(seed)
    yield Case((shop.order_lines, shop.sessions, SNAPSHOT), label=_generated(
        " (snapshot 2025-07-01)", "（快照 2025-07-01）"))


def _no_sessions_nan(lines, sessions, snapshot):
    out = sol.behaviour_features(lines, sessions, snapshot)
    seen = set(sessions.loc[sessions["date"] < snapshot, "customer_id"])
    out.loc[~out["customer_id"].isin(seen), "views_per_order"] = np.nan
    return out


def _single_order_gap_zero(lines, sessions, snapshot):
    features = sol.behaviour_features(lines, sessions, snapshot)
    return features.assign(
        mean_days_between_orders=features["mean_days_between_orders"].fillna(0.0))


def _sessions_after_snapshot(lines, sessions, snapshot):
    features = sol.behaviour_features(lines, sessions, snapshot)
    frequency = sol.rfm_table(lines, snapshot).set_index("customer_id")["frequency"]
    views = sessions.groupby("customer_id")["page_views"].sum()
    ids = features["customer_id"]
    return features.assign(
        views_per_order=(ids.map(views).fillna(0) / ids.map(frequency)).to_numpy())


def _return_rate_by_lines(lines, sessions, snapshot):
    features = sol.behaviour_features(lines, sessions, snapshot)
    history = lines[lines["order_time"] < snapshot].drop_duplicates()
    returned = (history["quantity"] < 0).groupby(history["customer_id"]).sum()
    bought = (history["quantity"] > 0).groupby(history["customer_id"]).sum()
    ids = features["customer_id"]
    return features.assign(return_rate=(ids.map(returned) / ids.map(bought)).to_numpy())


def _gaps_between_lines(lines, sessions, snapshot):
    features = sol.behaviour_features(lines, sessions, snapshot)
    history = lines[lines["order_time"] < snapshot].drop_duplicates()
    history = history.sort_values(["customer_id", "order_time"], kind="stable")
    gaps = history.groupby("customer_id")["order_time"].diff().dt.total_seconds() / 86400
    mean_gap = gaps.groupby(history["customer_id"]).mean()
    return features.assign(
        mean_days_between_orders=features["customer_id"].map(mean_gap).to_numpy())


def _sessions_concat_outer(lines, sessions, snapshot):
    features = sol.behaviour_features(lines, sessions, snapshot).set_index("customer_id")
    views = sessions.loc[sessions["date"] < snapshot].groupby("customer_id")["page_views"].sum()
    frequency = sol.rfm_table(lines, snapshot).set_index("customer_id")["frequency"]
    wide = pd.concat([features.drop(columns="views_per_order"), views, frequency], axis=1)
    wide["views_per_order"] = wide["page_views"].fillna(0) / wide["frequency"]
    return wide.drop(columns=["page_views", "frequency"]).rename_axis("customer_id").reset_index()


BEHAVIOUR = FunctionQuestion(
    id="fe.behaviour",
    level="mid",
    follow_ups=[
        T("Which of these features is undefined for some customers, and what did you return for them?",
          "这些特征中哪个对某些客户没有定义？你为他们返回了什么？"),
        T("Why may sessions after the snapshot not be used, even though they are not orders?",
          "快照之后的访问记录虽然不是订单，为什么也不能用？"),
        T("Which feature would you drop first if the model had to be explained to a store manager, "
          "and why?",
          "如果要向门店经理解释模型，你会先去掉哪个特征？为什么？"),
    ],
    title=T("Behaviour features", "行为特征"),
    prompt=T(
        "Beyond RFM, a value model learns from how a customer shops: how long they have been "
        "buying, how big their baskets are, how regularly they come back, how many categories "
        "they explore, how much they send back, and how much browsing each order takes. The "
        "pitfalls: the same snapshot rule applies to sessions and returns, and a gap that "
        "was never observed (one order) is unknown (NaN), not 0, which would read as 'buys "
        "again immediately'. Write `behaviour_features(lines, sessions, snapshot)`: one row "
        "per customer with an order before the snapshot, with `customer_id`, `tenure_days` "
        "(whole days from the first order to the snapshot), `avg_order_value` (monetary / "
        "frequency), `mean_days_between_orders` (mean gap between consecutive order times, in "
        "days as a float; NaN for one order), `category_breadth` (distinct categories bought), "
        "`return_rate` (returned units / purchased units) and `views_per_order` (page views "
        "of sessions with `date < snapshot` / frequency; browsing without an order adds no row).",
        "除了 RFM，价值模型还要学习客户的购物方式：买了多久、购物篮多大、回购是否规律、涉猎多少品类"
        "、退了多少货、每单需要浏览多少页面。陷阱在于：同样的快照规则也适用于会话和退货；而从未观察"
        "到的间隔（只有一个订单）是未知（NaN），不是 0——0 的含义是“立刻就会再买”。请编写 "
        "`behaviour_features(lines, sessions, snapshot)`：每位在快照前下过单的客户一行，包含 "
        "`customer_id`、`tenure_days`（从第一单到快照日的整天数）、`avg_order_value`（monetary / "
        "frequency）、`mean_days_between_orders`（相邻两单下单时间的平均间隔，以天为单位的浮点数；"
        "只有一单时为 NaN）、`category_breadth`（购买过的不同品类数）、`return_rate`（退货件数 / 购"
        "买件数）以及 `views_per_order`（`date < snapshot` 的会话页面浏览量 / frequency；只浏览未下"
        "单的人不增加行）。"),
    hints=[
        T("Work from the deduplicated history lines and from `orders_from_lines` of them: "
          "order-level features (tenure, gaps, average value) come from the orders, "
          "line-level ones (categories, units bought and returned) from the lines.",
          "基于去重后的历史订单明细以及对它们调用 `orders_from_lines` 得到的订单来计算：订单级特征"
          "（tenure、间隔、客单价）来自订单，明细级特征（品类、购买和退货件数）来自订单明细。"),
        T("The mean of consecutive gaps telescopes: it equals (last − first) / (frequency − 1). "
          "`.dt.total_seconds() / 86400` turns a timedelta into float days, and `.where("
          "frequency > 1)` leaves NaN for single-order customers.",
          "相邻间隔之和可裂项相消，平均值等于 (last − first) / (frequency − 1)。"
          "`.dt.total_seconds() / 86400` 把时间差转成以天为单位的浮点数，`.where(frequency > 1)` 让"
          "只有一单的客户保持 NaN。"),
        T("Units: `bought = quantity.clip(lower=0)`, `returned = (-quantity).clip(lower=0)`, "
          "summed per customer. Views: sum `page_views` of `sessions[sessions['date'] < "
          "snapshot]` per customer, `.reindex(customer_ids, fill_value=0)`, divide by frequency.",
          "件数：`bought = quantity.clip(lower=0)`，`returned = (-quantity).clip(lower=0)`，按客户"
          "求和。浏览：对 `sessions[sessions['date'] < snapshot]` 按客户汇总 `page_views`，用 "
          "`.reindex(customer_ids, fill_value=0)` 补齐，再除以 frequency。"),
    ],
    points=3,
    reference=sol.behaviour_features,
    cases=_behaviour_cases,
    compare_options={**COMPARE, "key": "customer_id"},
    rules=[*_layout_rules(sol.behaviour_features, "customer_id"),
           Rule("no_sessions_zero", T("`views_per_order` is 0 for a customer without sessions",
                                      "没有会话的客户 `views_per_order` 为 0"),
                _no_sessions_nan, case="a customer who never had a session")],
    misconceptions=[
        Misconception("single_order_gap_zero", fn=_single_order_gap_zero, message=T(
            "You filled the gap of single-order customers with 0. A mean gap of 0 days means "
            "'comes back immediately', the most loyal pattern there is, so a model would rank "
            "one-time buyers among your best customers. With one order no gap has been "
            "observed: leave it NaN and decide in the model pipeline how to impute or flag it.",
            "你把只有一单的客户的间隔填成了 0。平均间隔 0 天意味着“马上就会回购”，这是最忠诚的模式"
            "，于是模型会把只买过一次的客户排进最好的客户之列。只有一单时根本没有观察到间隔：应保持"
            " NaN，再在建模流水线中决定如何填充或标记。")),
        Misconception("sessions_after_snapshot", fn=_sessions_after_snapshot, message=T(
            "Your page views include sessions on or after the snapshot. Browsing after the "
            "snapshot is future behaviour, often the very visits that lead to the purchases the "
            "label counts, so the feature leaks the label: validation looks great, production "
            "does not. Keep `sessions['date'] < snapshot`.",
            "你的页面浏览量包含了快照当天及之后的会话。快照之后的浏览是未来行为，往往正是带来标签所"
            "统计的那些购买的访问，所以这个特征泄漏了标签：验证效果很好，上线却不行。请只保留 "
            "`sessions['date'] < snapshot`。")),
        Misconception("return_rate_by_lines", fn=_return_rate_by_lines, message=T(
            "Your return rate counts lines, not units: returning 1 of 2 units counts as a whole "
            "returned line, and a line of 3 units counts as much as a line of 1. Use returned "
            "quantity / purchased quantity; the rate by lines misjudges exactly the customers "
            "who buy several units, whom the returns policy is about.",
            "你的退货率按行数而不是按件数计算：2 件退 1 件被算成整行退货，买 3 件的一行和买 1 件的"
            "一行权重相同。请使用退货数量 / 购买数量；按行计算的退货率恰恰会误判购买多件商品的客户"
            "，而退货政策关注的正是他们。")),
        Misconception("gaps_between_lines", fn=_gaps_between_lines, message=T(
            "You measured gaps between order lines instead of between orders: lines of the same "
            "order share a time (a gap of 0) and return lines add gaps that are not purchases, "
            "so customers with big baskets or returns seem to come back far more often than they "
            "do. Compute the gaps on the orders (one time per order).",
            "你计算的是订单明细之间的间隔，而不是订单之间的间隔：同一订单的各行时间相同（间隔为 0），"
            "退货行又增加了并非购买的间隔，于是大购物篮或有退货的客户看起来回购频繁得多。请在订单上"
            "（每个订单一个时间）计算间隔。")),
        Misconception("sessions_concat_outer", fn=_sessions_concat_outer, message=T(
            "Your table has rows for people who browsed but never ordered before the snapshot: "
            "`pd.concat(axis=1)` and `how='outer'` keep every key of every input. The population "
            "is the customers with an order in history; extra rows with empty order features "
            "would be scored as customers and distort every average over the table. Align the "
            "session totals to the customers' index instead (`reindex` or a left join).",
            "你的表中出现了只浏览、在快照前从未下单的人：`pd.concat(axis=1)` 和 `how='outer'` 会"
            "保留所有输入中的每个键。总体应是历史上下过单的客户；多出的这些订单特征为空的行会被"
            "当作客户打分，也会扭曲表上的所有平均值。请把会话汇总对齐到客户索引上（`reindex` 或"
            "左连接）。")),
    ],
)


# =========================================================================================
# 5. value_label
# =========================================================================================
_LABEL_LINES = _lines([
    # history: one order per customer 1..10 before the snapshot
    *[(5100 + c, c, f"2025-{c // 2 + 1:02d}-{10 + c} 10:00", "books", 1, 10.0 * c, 0.0)
      for c in range(1, 11)],
    # the window [2025-07-01, 2026-01-01)
    (5201, 1, "2025-08-10 11:00", "electronics", 1, 500.0, 0.0),
    (5202, 2, "2025-09-01 12:00", "books", 2, 20.0, 0.0),
    (5203, 2, "2025-12-20 20:00", "fashion", 1, 100.0, 0.2),
    (5204, 3, "2025-06-20 09:00", "fashion", 2, 50.0, 0.0),
    (5204, 3, "2025-07-02 09:00", "fashion", -1, 50.0, 0.0),
    (5205, 4, "2025-11-11 00:30", "beauty", 3, 30.0, 0.5),
    (5206, 11, "2025-10-01 15:00", "home", 1, 300.0, 0.0),
])
_LABEL_BOUNDARY = _lines([
    (5301, 1, "2025-03-01 10:00", "books", 1, 30.0, 0.0),
    (5302, 1, "2025-07-01 00:00:00", "toys", 1, 70.0, 0.0),
    (5303, 2, "2025-04-01 10:00", "home", 1, 40.0, 0.0),
    (5304, 2, "2026-01-01 00:00:00", "books", 1, 90.0, 0.0),
    (5305, 3, "2025-05-01 10:00", "beauty", 1, 20.0, 0.0),
    (5306, 3, "2025-10-10 10:00", "beauty", 2, 20.0, 0.0),
    (5307, 4, "2025-05-02 10:00", "food", 3, 6.0, 0.0),
    (5308, 5, "2025-06-03 10:00", "sports", 1, 55.0, 0.0),
])
_LABEL_EMPTY_WINDOW = _lines([
    (5401, 1, "2025-01-15 10:00", "books", 1, 30.0, 0.0),
    (5402, 2, "2025-02-15 10:00", "home", 2, 40.0, 0.1),
    (5403, 3, "2025-03-15 10:00", "toys", 1, 25.0, 0.0),
    (5404, 4, "2025-04-15 10:00", "food", 4, 5.0, 0.0),
    (5405, 5, "2025-05-15 10:00", "sports", 1, 90.0, 0.0),
])


def _label_cases(seed):
    yield Case((_LABEL_LINES, SNAPSHOT, WINDOW_END), label=T(
        "ten customers active before the snapshot, three of whom buy in the window "
        "[2025-07-01, 2026-01-01), one who only gets a refund in it, and a newcomer who first "
        "buys in the window",
        "十位在快照前活跃的客户，其中三位在窗口 [2025-07-01, 2026-01-01) 内购买，一位在窗口内只有"
        "退款，另有一位在窗口内首次购买的新客户"))
    yield Case((_LABEL_BOUNDARY, SNAPSHOT, WINDOW_END), label=T(
        "orders placed exactly at the snapshot (2025-07-01 00:00:00) and exactly at the end of "
        "the window (2026-01-01 00:00:00)",
        "恰好在快照时刻（2025-07-01 00:00:00）和恰好在窗口结束时刻（2026-01-01 00:00:00）下的订单"))
    yield Case((_LABEL_EMPTY_WINDOW, SNAPSHOT, WINDOW_END), label=T(
        "nobody orders in the window (an empty future window)", "窗口内无人下单（未来窗口为空）"))
    lines = _shop(seed).order_lines
    yield Case((lines, SNAPSHOT, WINDOW_END), label=_generated(
        " (window [2025-07-01, 2026-01-01), share 0.2)"
        "", "（窗口 [2025-07-01, 2026-01-01)，比例 0.2）"))
    yield Case((lines, EARLY_SNAPSHOT, EARLY_WINDOW_END), kwargs={"share": 0.1},
               label=_generated(" (window [2025-01-01, 2025-07-01), share 0.1)",
                                "（窗口 [2025-01-01, 2025-07-01)，比例 0.1）"))


def _labelled(customer_ids, spend, share):
    """The reference's ranking rule applied to the given population and spend."""
    label = pd.DataFrame({"customer_id": np.sort(np.asarray(customer_ids, dtype="int64"))})
    label["future_spend"] = label["customer_id"].map(spend).fillna(0.0).astype("float64")
    rank = label["future_spend"].rank(method="first", ascending=False)
    label["high_value"] = (rank <= share * len(label)) & (label["future_spend"] > 0)
    return label


def _spend_between(lines, after, before, *, include_start=True, include_end=False):
    lines = lines.drop_duplicates()
    time = lines["order_time"]
    start = time >= after if include_start else time > after
    end = time <= before if include_end else time < before
    window = lines[start & end]
    return _line_amount(window).groupby(window["customer_id"]).sum()


def _population(lines, snapshot):
    return lines.loc[lines["order_time"] < snapshot, "customer_id"].unique()


def _buyers_only(lines, snapshot, window_end, share=0.2):
    spend = _spend_between(lines, snapshot, window_end)
    buyers = spend.index.intersection(pd.Index(_population(lines, snapshot)))
    return _labelled(buyers, spend, share)


def _label_from_history(lines, snapshot, window_end, share=0.2):
    spend = _spend_between(lines, lines["order_time"].min(), snapshot)
    return _labelled(_population(lines, snapshot), spend, share)


def _window_end_included(lines, snapshot, window_end, share=0.2):
    spend = _spend_between(lines, snapshot, window_end, include_end=True)
    return _labelled(_population(lines, snapshot), spend, share)


def _window_start_excluded(lines, snapshot, window_end, share=0.2):
    spend = _spend_between(lines, snapshot, window_end, include_start=False)
    return _labelled(_population(lines, snapshot), spend, share)


def _refunds_by_purchase_date(lines, snapshot, window_end, share=0.2):
    orders = sol.orders_from_lines(lines)
    placed = orders["order_time"]
    window = orders[(placed >= snapshot) & (placed < window_end)]
    spend = window.groupby("customer_id")["amount"].sum()
    return _labelled(_population(lines, snapshot), spend, share)


def _quantile_threshold(lines, snapshot, window_end, share=0.2):
    label = sol.value_label(lines, snapshot, window_end, share)
    spend = label["future_spend"]
    return label.assign(high_value=spend >= spend.quantile(1 - share))


LABEL = FunctionQuestion(
    id="fe.label",
    level="senior",
    follow_ups=[
        T("Why is the population everyone active before the snapshot, not only the buyers in the "
          "window?",
          "为什么总体是快照前所有活跃客户，而不只是窗口内的买家？"),
        T("How does a ranking threshold differ from a quantile threshold when many customers spend "
          "zero?",
          "当很多客户未来消费为零时，按排名取阈值和按分位数取阈值有什么区别？"),
        T("Marketing wants 'high value' to mean profit, not spend. What would you change and what "
          "data would you need?",
          "市场部门希望“高价值”指利润而不是消费额。你要改什么？需要哪些数据？"),
    ],
    title=T("The future-window value label", "未来窗口的价值标签"),
    prompt=T(
        "To find tomorrow's best customers, the model learns from yesterday's: for every "
        "customer active at the snapshot it is told whether they turned out to be among the "
        "top spenders in the following window. Marketing then gives its retention budget to "
        "the customers the model ranks highest. The pitfalls: the label must come from the "
        "window only, the population must include the customers who did not buy again (they "
        "are the negatives), and the window is half-open. Write `value_label(lines, snapshot, "
        "window_end, share=0.2)`: one row per customer with an order before the snapshot, "
        "with `customer_id`, `future_spend` (net spend of the lines with `snapshot <= "
        "order_time < window_end`, refunds included; 0.0 without any) and `high_value`: True "
        "for the top `int(share * n)` of the `n` customers ranked by future_spend, highest "
        "first, equal spend going to the smaller customer_id (`future_spend.rank(method="
        "'first', ascending=False) <= share * n` on the table sorted by customer_id), and only "
        "when future_spend > 0.",
        "为了找到明天的最佳客户，模型要向昨天的客户学习：对快照时活跃的每位客户，告诉模型他在随后"
        "的窗口内是否成为了消费最高的那批人。市场部门再把留存预算投给模型排名最高的客户。陷阱在于"
        "：标签只能来自窗口；总体必须包含没有再次购买的客户（他们就是负样本）；窗口是左闭右开的。"
        "请编写 `value_label(lines, snapshot, window_end, share=0.2)`：每位在快照前下过单的客户一"
        "行，包含 `customer_id`、`future_spend`（`snapshot <= order_time < window_end` 的订单明细的"
        "净消费，含退款；没有则为 0.0）以及 `high_value`：把 `n` 位客户按 future_spend 从高到低排"
        "名，消费相同时 customer_id 小的在前（在按 customer_id 排序的表上使用 "
        "`future_spend.rank(method='first', ascending=False) <= share * n`），排名前 `int(share "
        "* n)` 且 future_spend > 0 的客户为 True。"),
    hints=[
        T("Two separate pieces: the population (customer_ids with a line before the snapshot) "
          "and the spend per customer inside the window. Build a frame from the first and "
          "`map` the second onto it, with `fillna(0.0)`.",
          "分成两部分：总体（快照前有订单明细的 customer_id）和每位客户在窗口内的消费。用前者构造表，"
          "再把后者 `map` 上去并 `fillna(0.0)`。"),
        T("Drop duplicate lines first. The window mask is `(t >= snapshot) & (t < window_end)`; "
          "the net value of a line is `quantity * unit_price * (1 - discount)`.",
          "先删除重复行。窗口条件是 `(t >= snapshot) & (t < window_end)`；一行的净额是 "
          "`quantity * unit_price * (1 - discount)`。"),
        T("With the table sorted by customer_id: `rank = label['future_spend'].rank(method="
          "'first', ascending=False)` and `label['high_value'] = (rank <= share * len(label)) & "
          "(label['future_spend'] > 0)`.",
          "在按 customer_id 排序的表上：`rank = label['future_spend'].rank(method='first', "
          "ascending=False)`，然后 `label['high_value'] = (rank <= share * len(label)) & "
          "(label['future_spend'] > 0)`。"),
    ],
    points=2,
    reference=sol.value_label,
    cases=_label_cases,
    compare_options={**COMPARE, "key": "customer_id"},
    rules=_layout_rules(sol.value_label, "customer_id"),
    misconceptions=[
        Misconception("buyers_only", fn=_buyers_only, message=T(
            "Your label only covers customers who bought in the window: those who did not buy "
            "again are missing instead of having future_spend 0. They are the negative examples "
            "(often the majority); without them the model never sees a customer who lapses, "
            "the top share is computed among buyers only, and the share of high-value customers "
            "is far too high. Start from every customer active before the snapshot and fill "
            "the missing spend with 0.",
            "你的标签只覆盖了在窗口内购买的客户：没有再次购买的客户不见了，而不是 future_spend "
            "为 0。他们正是负样本（往往占多数）；缺了他们，模型永远见不到流失的客户，头部比例只"
            "在购买者中计算，高价值客户的占比也严重偏高。请从快照前活跃的全部客户出发，缺失的消"
            "费填 0。")),
        Misconception("label_from_history", fn=_label_from_history, message=T(
            "Your future_spend comes from the history (before the snapshot) instead of the "
            "window `[snapshot, window_end)`. A label from the same period as the features just "
            "restates monetary value: the model learns to copy M and nothing about who will be "
            "valuable next.",
            "你的 future_spend 来自历史数据（快照之前），而不是窗口 `[snapshot, window_end)`。与"
            "特征同一时期的标签只是把 monetary 重说了一遍：模型只会学着复制 M，学不到谁将来会有"
            "价值。")),
        Misconception("window_end_included", fn=_window_end_included, message=T(
            "Your window includes `window_end` (`<= window_end`). The window is half-open, "
            "`snapshot <= order_time < window_end`: its end is the start of the next period. "
            "Including it makes consecutive windows overlap, so an order is labelled twice "
            "when you roll the snapshot forward.",
            "你的窗口包含了 `window_end`（`<= window_end`）。窗口是左闭右开的："
            "`snapshot <= order_time < window_end`，结束时刻是下一个时期的开始。包含它会让相邻窗口"
            "重叠，向前滚动快照时同一个订单会被标注两次。")),
        Misconception("window_start_excluded", fn=_window_start_excluded, message=T(
            "Your window excludes the snapshot instant (`order_time > snapshot`). History is "
            "`order_time < snapshot`, so an order placed exactly at the snapshot is then in "
            "neither period and silently lost. Every instant must belong to exactly one "
            "period: the window starts with `>= snapshot`.",
            "你的窗口排除了快照时刻（`order_time > snapshot`）。历史是 `order_time < snapshot`，于"
            "是恰好在快照时刻下的订单不属于任何时期，被悄悄丢掉了。每个时刻都必须恰好属于一个时期："
            "窗口应从 `>= snapshot` 开始。")),
        Misconception("refunds_by_purchase_date", fn=_refunds_by_purchase_date, message=T(
            "You took the orders placed in the window, so a refund paid in the window for an "
            "order placed before the snapshot is missing from future_spend. The window counts "
            "what happens in it: every line with `snapshot <= order_time < window_end`, "
            "refunds of earlier orders included (the same cut that kept those returns out of "
            "monetary). Otherwise a customer who sends back last season's purchases looks "
            "neutral in the window although they cost the shop money.",
            "你取的是在窗口内下的订单，于是快照前下单、在窗口内退款的金额没有计入 future_spend。窗"
            "口统计的是窗口内发生的事：所有满足 `snapshot <= order_time < window_end` 的订单明细，包"
            "括早先订单的退款（正是同一条分界线把这些退货排除在 monetary 之外）。否则，一位在窗口内"
            "退回上一季所购商品的客户看起来对窗口毫无影响，实际上却让商店损失了钱。")),
        Misconception("quantile_threshold", fn=_quantile_threshold, message=T(
            "You labelled customers with `future_spend >= future_spend.quantile(1 - share)`. "
            "With `>=`, everyone tied at the cut is taken: when fewer than `share` of the "
            "customers buy in the window the quantile is 0 and every customer, including those "
            "who spent nothing, becomes 'high value', and the campaign budget goes to everyone. "
            "Rank instead (`rank(method='first', ascending=False) <= share * n`) and require "
            "future_spend > 0.",
            "你用 `future_spend >= future_spend.quantile(1 - share)` 来打标签。用 `>=` 时，所有恰好"
            "落在分界值上的客户都会被选中：当窗口内购买的客户少于 `share` 时，分位数为 0，每位客户"
            "（包括一分钱没花的）都成了“高价值”，活动预算也就撒给了所有人。请改用排名"
            "（`rank(method='first', ascending=False) <= share * n`），并要求 future_spend > 0。")),
    ],
)


# =========================================================================================
# 6. customer_table
# =========================================================================================
_TABLE_LINES = _lines([
    (6101, 1, "2025-02-01 10:00", "books", 2, 20.0, 0.0),
    (6102, 1, "2025-08-01 10:00", "toys", 1, 50.0, 0.0),
    (6103, 2, "2025-03-10 12:00", "home", 1, 80.0, 0.0),
    (6104, 3, "2025-05-05 18:00", "beauty", 3, 10.0, 0.1),
    (6105, 3, "2025-06-06 18:00", "beauty", 1, 10.0, 0.0),
    (6106, 3, "2025-07-15 18:00", "beauty", 2, 10.0, 0.0),
    (6107, 4, "2025-04-04 09:00", "sports", 1, 120.0, 0.0),
    (6108, 5, "2025-09-01 20:00", "fashion", 1, 60.0, 0.0),
    (6109, 7, "2025-01-20 08:00", "food", 6, 4.5, 0.0),
])
_TABLE_SESSIONS = _sessions([
    (1, "2025-01-30", 1, 6, 1), (3, "2025-05-04", 2, 3, 1), (6, "2025-03-03", 1, 4, 0),
])
_TABLE_CUSTOMERS = _customers([
    (1, "2024-11-02", 34.0, "F", "East", 1, "gold", "organic"),
    (2, "2025-01-15", None, "M", "North", 2, "basic", "social"),
    (3, "2024-06-30", 51.0, "F", None, 3, "silver", "search_ads"),
    (5, "2025-08-15", 27.0, "M", "South", 2, "basic", "app_store"),
    (6, "2025-02-20", 44.0, None, "West", 1, "basic", "referral"),
    (7, "2023-12-01", 62.0, "M", "Central", 3, "platinum", "organic"),
])


def _table_cases(seed):
    yield Case((_TABLE_LINES, _TABLE_SESSIONS, _TABLE_CUSTOMERS, SNAPSHOT, WINDOW_END),
               label=T(
                   "five customers active before the snapshot: one with a missing age, one with "
                   "a missing region, one absent from the customers table; two registered "
                   "customers without any order before the snapshot",
                   "五位在快照前活跃的客户：一位缺失年龄，一位缺失地区，一位不在客户表中；另有两位"
                   "在快照前没有任何订单的注册客户"))
    shop = _shop(seed)
    yield Case((shop.order_lines, shop.sessions, shop.customers, SNAPSHOT, WINDOW_END),
               label=_generated(" (snapshot 2025-07-01)", "（快照 2025-07-01）"))
    yield Case((shop.order_lines, shop.sessions, shop.customers, EARLY_SNAPSHOT,
                EARLY_WINDOW_END), label=_generated(
        " with an earlier snapshot (2025-01-01) and window end (2025-07-01)",
        "，快照提前到 2025-01-01、窗口结束于 2025-07-01"))


def _features(lines, sessions, snapshot):
    return sol.rfm_table(lines, snapshot).merge(
        sol.behaviour_features(lines, sessions, snapshot), on="customer_id")


def _dropna_then_inner_join(lines, sessions, customers, snapshot, window_end, share=0.2):
    table = _features(lines, sessions, snapshot).merge(customers.dropna(), on="customer_id")
    return table.merge(sol.value_label(lines, snapshot, window_end, share), on="customer_id")


def _label_inner_join(lines, sessions, customers, snapshot, window_end, share=0.2):
    table = _features(lines, sessions, snapshot).merge(customers, on="customer_id", how="left")
    spend = _spend_between(lines, snapshot, window_end).rename("future_spend")
    table = table.merge(spend.reset_index(), on="customer_id", how="inner")
    rank = table["future_spend"].rank(method="first", ascending=False)
    table["high_value"] = (rank <= share * len(table)) & (table["future_spend"] > 0)
    return table


def _population_from_customers(lines, sessions, customers, snapshot, window_end, share=0.2):
    table = customers.merge(_features(lines, sessions, snapshot), on="customer_id", how="left")
    table = table.merge(sol.value_label(lines, snapshot, window_end, share), on="customer_id",
                        how="left")
    return table.fillna({"future_spend": 0.0, "high_value": False})


TABLE = FunctionQuestion(
    id="fe.table",
    level="senior",
    follow_ups=[
        T("Which table decides the rows, and what happens to a customer who signed up after the "
          "snapshot?",
          "哪张表决定行？快照之后才注册的客户会怎样？"),
        T("What do you fill in for a customer with no order in the label window, and why not NaN?",
          "对于标签窗口内没有订单的客户，你填什么？为什么不是 NaN？"),
        T("How would you build this table for several snapshots at once without leaking across them?",
          "如果要一次为多个快照构建这张表，怎样做才不会在快照之间泄漏信息？"),
    ],
    title=T("The customer table", "客户宽表"),
    prompt=T(
        "Everything comes together in one table with one row per customer the model will "
        "score: the features at the snapshot, the demographics, and the label. Which join "
        "you use decides who is in it. The population is fixed by the history (customers "
        "with an order before the snapshot), so every other piece is attached with a *left* "
        "join from it: a missing age or region, or a buyer missing from `customers`, must "
        "leave a gap to handle later, not delete the customer (missing demographics are not "
        "random: dropping them biases the training data). An *inner* join would be right "
        "only if a row without the other side were meaningless, which is never the case "
        "here; starting from `customers` instead would add people with no history to score. "
        "Write `customer_table(lines, sessions, customers, snapshot, window_end, share=0.2)`: "
        "the columns of `rfm_table`, then the behaviour features, then every column of "
        "`customers`, then `future_spend` and `high_value` from `value_label`, one row per "
        "active customer. Reuse your functions.",
        "所有内容最终汇总成一张表，模型要打分的每位客户一行：快照时的特征、人口属性和标签。用哪种连"
        "接决定了谁在表里。总体由历史决定（快照前下过单的客户），所以其他各部分都要从它出发做*左*连"
        "接：年龄或地区缺失、或者买家不在 `customers` 中，都应留下空值待后续处理，而不是删掉这位客"
        "户（人口属性的缺失并非随机：删掉会使训练数据产生偏差）。只有当缺少另一侧的行毫无意义时才该"
        "用*内*连接，而这里从不如此；若改从 `customers` 出发，又会加入没有历史、无从打分的人。请编"
        "写 `customer_table(lines, sessions, customers, snapshot, window_end, share=0.2)`：依次包含"
        " `rfm_table` 的列、行为特征、`customers` 的所有列，以及来自 `value_label` 的 "
        "`future_spend` 和 `high_value`，每位活跃客户一行。请复用你写过的函数。"),
    hints=[
        T("Start from `rfm_table(lines, snapshot)`: its rows are the population. Every "
          "`merge` after that uses `on='customer_id', how='left'`.",
          "从 `rfm_table(lines, snapshot)` 开始：它的行就是总体。之后每次 `merge` 都用 "
          "`on='customer_id', how='left'`。"),
        T("Merge in order: `behaviour_features(lines, sessions, snapshot)`, then `customers`, "
          "then `value_label(lines, snapshot, window_end, share)`. Do not call `dropna()`: the "
          "missing values are for the next notebook.",
          "按顺序合并：`behaviour_features(lines, sessions, snapshot)`，然后 `customers`，然后 "
          "`value_label(lines, snapshot, window_end, share)`。不要调用 `dropna()`：缺失值留给下一个"
          " notebook 处理。"),
        T("`merge(..., validate='one_to_one')` makes pandas raise if a key is duplicated, "
          "which would silently multiply rows; finish with "
          "`.sort_values('customer_id', ignore_index=True)`.",
          "`merge(..., validate='one_to_one')` 会在键重复时报错，否则重复键会悄悄让行数翻倍；最后用"
          " `.sort_values('customer_id', ignore_index=True)` 收尾。"),
    ],
    points=3,
    reference=sol.customer_table,
    cases=_table_cases,
    compare_options={**COMPARE, "key": "customer_id"},
    rules=_layout_rules(sol.customer_table, "customer_id"),
    misconceptions=[
        Misconception("dropna_then_inner_join", fn=_dropna_then_inner_join, message=T(
            "Customers vanished from your table: rows with missing demographics were dropped "
            "(`dropna()`) and/or the demographics were joined with `how='inner'`, which also "
            "drops active buyers absent from `customers`. Missing age or region is common and "
            "not random (here, low spenders withhold their region more often), so dropping them "
            "removes a biased group: the model is trained on a population that does not exist, "
            "and these customers are never scored. Join with `how='left'` and handle the gaps "
            "in the model pipeline.",
            "你的表里少了客户：缺失人口属性的行被删掉了（`dropna()`），和/或人口属性用 "
            "`how='inner'` 连接，这也会丢掉不在 `customers` 中的活跃买家。年龄或地区缺失很常见，"
            "而且并非随机（这里低消费客户更常不填地区），删掉它们就去掉了一个有偏的群体：模型在"
            "一个并不存在的总体上训练，这些客户也永远不会被打分。请用 `how='left'` 连接，在建模"
            "流水线中处理缺失。")),
        Misconception("label_inner_join", fn=_label_inner_join, message=T(
            "Your table keeps only the customers who bought in the label window: the label was "
            "built from window buyers and joined with an inner join. Customers who did not buy "
            "again must stay, with future_spend 0 and high_value False: they are the negatives, "
            "and without them every customer looks like a future buyer. Compute the label for "
            "the whole population (`value_label`) and join it with `how='left'`.",
            "你的表只保留了在标签窗口内购买过的客户：标签由窗口内的买家构成，并用内连接合并。没"
            "有再次购买的客户必须保留，future_spend 为 0、high_value 为 False：他们是负样本，缺"
            "了他们，每位客户看起来都会再次购买。请为整个总体计算标签（`value_label`），并用 "
            "`how='left'` 连接。")),
        Misconception("population_from_customers", fn=_population_from_customers, message=T(
            "Your table starts from `customers`, so it includes registered people without any "
            "order before the snapshot (even some who signed up after it) and loses buyers "
            "missing from `customers`. People without history have no features to score, and "
            "someone who signed up after the snapshot could not be known on that date: "
            "including them leaks the future into the population. Start from the customers "
            "active in history (`rfm_table`) and left-join the rest.",
            "你的表从 `customers` 出发，于是包含了在快照前没有任何订单的注册用户（甚至有在快照之后"
            "才注册的），同时丢掉了不在 `customers` 中的买家。没有历史的人没有可用于打分的特征，而"
            "在快照之后才注册的人在快照日根本不可能被知道：把他们纳入总体就把未来泄漏了进来。请从历"
            "史上活跃的客户（`rfm_table`）出发，再左连接其余部分。")),
    ],
)



# =========================================================================================
# Closing interview: a choice and two open questions
# =========================================================================================
JOINS = ChoiceQuestion(
    id="fe.joins",
    level="mid",
    follow_ups=[
        T("What does an inner join to the label do to the share of positives?",
          "对标签做内连接，会让正样本比例发生什么变化？"),
        T("Why not drop customers with a missing demographic before joining?",
          "为什么不在连接前删除人口属性缺失的客户？"),
    ],
    name="join_rule",
    title=T("Which joins build the customer table?", "客户宽表应该用哪些连接？"),
    prompt=T("The population is the customers active before the snapshot. How do the demographics "
             "and the label join onto it?",
             "总体是快照前活跃的客户。人口属性和标签应如何连接到这个总体上？"),
    options={
        "a": T("Left join to demographics, left join to the label (0 / False without a future order).",
               "人口属性左连接，标签左连接（没有未来订单时为 0 / False）。"),
        "b": T("Inner join to demographics and an inner join to the label, so that every row is "
               "complete.",
               "人口属性内连接、标签也内连接，这样每一行都是完整的。"),
        "c": T("Inner join to demographics after `dropna()` (clean rows only), left join to the "
               "label.",
               "先对人口属性 `dropna()`，只用干净的行做内连接；标签左连接。"),
        "d": T("Start from the registered customers table `customers` and left join the features "
               "and the label.",
               "从注册客户表 `customers`（所有注册过的人）出发，左连接特征和标签。"),
    },
    answer=sol.JOIN_RULE,
    explanations={
        "a": T("The population decides the rows; joins only add columns.",
               "总体决定行，连接只负责添加列。"),
        "b": T("An inner join to the label keeps only window buyers: the negatives vanish and every "
               "customer looks like a future buyer.",
               "标签内连接只保留窗口内的买家：负样本消失，每位客户看起来都会再次购买。"),
        "c": T("Dropping rows with a missing demographic removes a biased group (missingness is not "
               "random) and those customers are never scored.",
               "删除人口属性缺失的行会去掉一个有偏的群体（缺失并非随机），这些客户也永远不会被打分。"),
        "d": T("The `customers` table includes people with no history (some signed up after the "
               "snapshot): they have no features and could not be known on that date.",
               "注册客户表 `customers` 包含没有历史记录的人（有些在快照之后才注册）：他们没有特征，"
               "在快照日也不可能被知道。"),
    },
    hints=[T("Which table defines *who* is scored? The other tables only add columns to it.",
             "哪张表决定了*给谁*打分？其他表只是往上添加列。")],
)

AS_OF_PROFILE = ChoiceQuestion(
    id="fe.as_of_profile",
    level="mid",
    follow_ups=[
        T("Which other columns of a CRM export change after the snapshot, and how would you find out?",
          "CRM 导出表里还有哪些列会在快照之后变化？你会怎么查出来？"),
        T("The company keeps no history of membership levels. What do you do for the next model, and "
          "for this one?",
          "公司没有保存会员等级的历史。下一个模型你会怎么做？眼下这个模型又怎么办？"),
    ],
    name="as_of_profile",
    title=T("Interview: the profile as of the snapshot", "面试题：快照时点的客户画像"),
    prompt=T("The CRM overwrites `membership_level` in place, so tonight's export holds each customer's "
             "level as of today. Members are upgraded when their spend crosses a threshold, often "
             "right after Double 11. You build the 2025-07-01 training table, whose label counts spend "
             "until 2026-01-01. Which membership level do you join?",
             "CRM 会直接覆盖 `membership_level`，所以今晚导出的是每位客户今天的会员等级。消费超过门槛的会员会被"
             "升级，这常常发生在双十一之后。你在构建 2025-07-01 的训练表，它的标签统计截至 2026-01-01 的消费。"
             "你应该连接哪一个会员等级？"),
    options={
        "a": T("Today's level from tonight's export: membership rarely changes, so the current level is "
               "close enough.",
               "今晚导出的当前等级：会员等级很少变动，所以用现在的等级和快照时的等级差不多，足够接近了。"),
        "b": T("None: leave membership out of the model, because a profile attribute that can change "
               "always leaks.",
               "都不用：把会员等级从模型里去掉，因为凡是会随时间变化的画像属性都一定会泄漏标签信息。"),
        "c": T("The level valid on 2025-07-01, from a dated snapshot or a history table with "
               "valid-from/to dates.",
               "2025-07-01 当天有效的等级：取自按日期存档的快照，或带生效/失效日期的历史表。"),
        "d": T("Today's level, but only for customers whose level has not changed since they first "
               "signed up.",
               "今天的等级，但只保留自注册以来等级从未变过的客户，等级变过的客户全部从训练表里去掉。"),
    },
    answer=sol.AS_OF_PROFILE,
    explanations={
        "a": T("An upgrade earned by spending in the label window is already in today's level: the "
               "feature encodes the label, and the model looks better offline than it can be when it "
               "scores, where it only sees the level of the scoring day.",
               "因标签窗口内的消费而获得的升级已经体现在今天的等级里：这个特征编码了标签，模型离线时的表现"
               "会好于上线打分时，因为那时它只能看到打分当天的等级。"),
        "b": T("Over-cautious: the level a customer had at the snapshot was known that day and is a "
               "legitimate, useful feature. The leak comes from reading it at the wrong time, not from "
               "the attribute.",
               "过于保守：客户在快照时的等级当天就是已知的，是正当且有用的特征。泄漏来自在错误的时间点读取它，"
               "而不是这个属性本身。"),
        "c": T("A point-in-time (as-of) join gives each customer the level they had at the snapshot, "
               "exactly what the model will see when it scores. A slowly changing dimension of type 2 "
               "keeps one row per level with its valid-from and valid-to dates.",
               "按时点（as-of）连接，给每位客户取快照时的等级，正是模型打分时能看到的信息。第 2 类缓慢变化维"
               "为每个等级保留一行，并记录生效和失效日期。"),
        "d": T("Whether the level changed after the snapshot is itself future information: the filter "
               "removes the very customers whose window spend earned an upgrade, many of them "
               "positives, so the population is biased, and nobody can apply it when scoring.",
               "等级在快照之后是否变化，本身就是未来信息：这个筛选恰好删掉了因窗口内消费而升级的客户，其中"
               "很多是正样本，于是总体有偏；而且上线打分时根本无法这样筛选。"),
    },
    hints=[T("On the morning of 2025-07-01, which membership level could the model have read?",
             "在 2025-07-01 早上，模型能读到的是哪个会员等级？")],
)

WHICH_FEATURES = OpenQuestion(
    id="fe.which_features",
    level="mid",
    follow_ups=[
        T("Pick one feature you named: how exactly would you compute it as of the snapshot?",
          "从你提到的特征里挑一个：在快照时点你具体怎么计算它？"),
        T("Which of your features is most likely to leak, and how would you catch it?",
          "你的特征里哪个最可能泄漏？你会怎么发现？"),
        T("How would you decide which features are worth maintaining in production?",
          "你会如何判断哪些特征值得在生产环境中长期维护？"),
    ],
    name="which_features",
    title=T("Interview: which features, and why?", "面试题：用哪些特征，为什么？"),
    prompt=T("Which features would you build to assess customer value, and how do you keep them "
             "honest? (original question 3)",
             "评估客户价值时你会构建哪些特征？如何保证它们不发生数据泄漏、只用快照时已知的信息？（原题第 3 问）"),
    model_answer=T(sol.WHICH_FEATURES_ANSWER,
                   "从快照时点已知的信息出发。交易历史携带了大部分信号：最近一次消费（距上次下单的天数）、"
                   "频次（不同订单数）和金额（净消费）——即 RFM——以及客单价、购买的规律性（订单平均间隔）、"
                   "客户年龄（首单至今）、品类广度和退货率。购买前的行为（访问、浏览、加购、每单浏览量）"
                   "体现参与度和意向。画像数据（会员等级、渠道、城市等级、地区、年龄）有助于冷启动并解释差异，"
                   "但信号较弱、常有缺失，而且缺失并非随机。画像属性同样要取快照时点的值：今天导出的客户表里是"
                   "今天的会员等级，如果客户因为标签窗口内的消费（比如双十一）升了级，这个等级就编码了标签。"
                   "应连接按日期存档的画像快照，或带生效/失效日期的历史表（缓慢变化维，第 2 类），"
                   "取快照时有效的那一行。"
                   "每个特征都必须严格使用快照之前的数据，训练和打分使用同样的定义，并检查数据泄漏：任何编码了"
                   "标签窗口的信息（之后的退货、未来订单、快照之后的画像变更、“今天”）都必须去掉。"),
    rubric=[(T("Names RFM and at least two further behavioural features", "提到 RFM 以及至少两个其他行为特征"), 1.0),
            (T("Mentions browsing/engagement or profile features with their limits",
               "提到浏览/参与度或画像特征及其局限"), 1.0),
            (T("Insists on the snapshot: history only, no future information, same definitions in "
               "training and scoring", "强调快照：只用历史数据、不用未来信息、训练与打分定义一致"), 2.0),
            (T("Reads profile attributes as of the snapshot (dated snapshots or a slowly changing "
               "dimension), not from today's export",
               "画像属性取快照时点的值（按日期存档的快照或缓慢变化维），而不是今天导出的值"), 1.0)],
    hints=[T("Group your answer: transactions, behaviour, profile; then say how each stays leak-free.",
             "把回答分成三组：交易、行为、画像；再说明每组如何避免泄漏。")],
    points=5,
)

#: the script the question reviews (the notebook shows it too): the prompt carries it into assignments
_SEED_SCRIPT = """```python
data = pd.read_csv("ecommerce_data.csv")
data["total_purchase"] = data["purchase_amount"].sum(axis=1)
data["average_purchase"] = data["purchase_amount"].mean(axis=1)
data["purchase_frequency"] = data["purchase_count"].mean(axis=1)
data["last_purchase_date"] = data["purchase_date"].max(axis=1)
data["days_since_last_purchase"] = (pd.to_datetime("today") - data["last_purchase_date"]).days
data.dropna(inplace=True)
```"""

SEED_SNIPPET = OpenQuestion(
    id="fe.seed_snippet",
    level="mid",
    follow_ups=[
        T("What does `sum(axis=1)` do on a single column, and what did the author want?",
          "在单独一列上 `sum(axis=1)` 做了什么？作者本来想要什么？"),
        T("Rewrite the recency line so that the result is the same every time the script runs.",
          "改写计算最近购买间隔的那一行，让脚本每次运行结果都一样。"),
        T("What type does `purchase_date` have after `read_csv`, and what does `.max()` return then?",
          "`read_csv` 之后 `purchase_date` 是什么类型？这时 `.max()` 返回什么？"),
        T("How would you review a teammate's feature code for leakage before it reaches a model?",
          "在同事的特征代码进入模型之前，你会如何审查其中的泄漏问题？"),
    ],
    name="snippet_review",
    title=T("Interview: review a feature script", "面试题：审查一段特征脚本"),
    prompt=T("A candidate wrote this script for 'feature engineering'; it runs on a table with one row "
             "per order. What is wrong with it, and what would you do instead?\n\n" + _SEED_SCRIPT,
             "一位候选人为“特征工程”写了下面这段脚本，输入是每个订单一行的表。它有哪些问题？你会怎么改？\n\n"
             + _SEED_SCRIPT),
    model_answer=T(sol.SEED_SNIPPET_ANSWER,
                   "1）`data['purchase_amount'].sum(axis=1)` 在 Series 上沿不存在的 axis 1 求和（pandas 会报错）："
                   "按客户汇总需要 `groupby('customer_id')`，mean 和 max 同理；"
                   "`purchase_frequency = data['purchase_count'].mean(axis=1)` 错了两次：频次是每位客户的不同订单数"
                   "（订单号的 `nunique`），而不是某个计数列的均值。"
                   "2）日期是按文本读入的：没有 `parse_dates=['purchase_date']`（或 `pd.to_datetime`），max 取到的是"
                   "按字母序最大的字符串，再用 Timestamp 去减就会报错。即使日期解析正确，`Timestamp - Series` 得到"
                   "的是时间差的 Series，天数要用 `.dt.days`；直接 `.days` 会抛出 AttributeError。"
                   "3）最近一次消费从 `pd.to_datetime('today')` 计算：结果每天都在变，并且在标签窗口之后运行时"
                   "会泄漏未来；应从固定的快照日期计算，且只用快照之前的历史。"
                   "4）构建特征后 `dropna(inplace=True)` 会悄悄删掉任何人口属性缺失的客户，使总体产生偏差"
                   "（缺失并非随机），这些客户也无法被打分；应在建模流水线中显式处理缺失。"
                   "5）没有快照、没有标签窗口、也没有对订单明细去重，重复行和退货会扭曲频次和金额。"),
    rubric=[(T("Spots the Series `sum(axis=1)` / missing groupby, and frequency as a mean of a count",
               "发现 Series 上的 `sum(axis=1)` / 缺少 groupby，以及把频次算成计数列的均值"), 1.0),
            (T("Spots the dates: read as text without `parse_dates`, and `.days` on a Series needs `.dt.days`",
               "发现日期问题：没有 `parse_dates` 时按文本读入，Series 上的 `.days` 要写成 `.dt.days`"), 1.0),
            (T("Spots 'today' as non-reproducible and leaking", "指出“今天”不可复现且会泄漏"), 1.0),
            (T("Spots dropna after features as biased row loss", "指出构建特征后 dropna 会造成有偏的行丢失"), 1.0),
            (T("Proposes the snapshot / window / dedup fix", "提出快照、窗口、去重的改法"), 1.0)],
    hints=[T("Run it in your head on a Series: what does `axis=1` mean there? And what is 'today'?",
             "在脑中对一个 Series 运行它：`axis=1` 在这里是什么意思？“今天”又是哪一天？")],
    points=5,
)


QUESTIONS = [ORDERS, RFM, SCORES, BEHAVIOUR, LABEL, TABLE, JOINS, AS_OF_PROFILE, WHICH_FEATURES,
             SEED_SNIPPET]
