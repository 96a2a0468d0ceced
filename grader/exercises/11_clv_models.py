"""Questions of notebook 11: probabilistic customer lifetime value on the CDNOW data.

References live in ``solutions/11_clv_models.py``. Public cases are the CDNOW 1/10th sample of
the papers (:func:`grader.cdnow.load_cdnow`) and small hand-built inputs; hidden cases are
bootstrap resamples of CDNOW customers, random customers of the full CDNOW log, and customers
simulated from a BG/NBD with known parameters (:func:`simulate_bgnbd`), all drawn from the
grading seed. Each recorded misconception is a small private function named ``_<name>`` after
the mistake, with the reference's signature; a ``detect=`` misconception also has its
detector.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import betaln, gammaln, hyp2f1

from grader.cdnow import load_cdnow
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

#: the questions work from the CDNOW log (``grader.cdnow``), not from the shop's frames
INPUT_FRAMES = ()
sol = solutions("11")

#: the calibration and holdout periods of the papers (39 weeks each, ends inclusive)
CALIBRATION_END, HOLDOUT_END = pd.Timestamp("1997-09-30"), pd.Timestamp("1998-06-30")
#: the published estimates (Fader, Hardie & Lee 2005; Fader & Hardie's gamma-gamma note)
BGNBD_PUBLISHED = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426, "ll": -9582.4}
GG_PUBLISHED = {"p": 6.25, "q": 3.74, "v": 15.44, "ll": -4055.9}
#: the CLV settings of the notebook: 30% margin, 13 periods of 4 weeks (a year), 1% per period
MARGIN, PERIODS, DISCOUNT = 0.3, 13, 0.01
#: fitted parameters agree to 0.5% (optimisers stop at slightly different points)
FIT_CLOSE = {"rtol": 5e-3, "atol": 1e-6}
CLOSE = {"rtol": 1e-6, "atol": 1e-9}


@lru_cache(maxsize=2)
def cdnow_summary() -> pd.DataFrame:
    """The calibration/holdout summary of the CDNOW sample (the reference's; cached)."""
    return sol.rfm_summary(load_cdnow(sample=True), CALIBRATION_END, HOLDOUT_END)


def _summary():
    return cdnow_summary().copy()


def _columns(summary):
    return tuple(summary[c].to_numpy(dtype=float) for c in ("x", "t_x", "T"))


def simulate_bgnbd(params, n, seed, weeks=(30.0, 39.0), holdout=39.0) -> pd.DataFrame:
    """Customers simulated from a BG/NBD with known parameters, summarised like CDNOW.

    Parameters
    ----------
    params : sequence of 4 floats
        ``(r, alpha, a, b)``.
    n : int
        Customers.
    seed : int
    weeks : (float, float)
        ``T`` is uniform on this interval (first purchases spread over a quarter).
    holdout : float
        Weeks of the holdout period.

    Returns
    -------
    pandas.DataFrame
        ``customer_id`` (1..n), ``x``, ``t_x``, ``T``, ``x_star``.
    """
    r, alpha, a, b = params
    rng = np.random.default_rng(seed)
    rate = rng.gamma(r, 1 / alpha, n)
    dropout = rng.beta(a, b, n)
    T = rng.uniform(*weeks, n)
    rows = []
    for lam, p, end in zip(rate, dropout, T, strict=True):
        t, times = 0.0, []
        while True:
            t += rng.exponential(1 / lam)
            if t > end + holdout:
                break
            times.append(t)
            if rng.random() < p:
                break
        times = np.array(times)
        calib = times[times <= end]
        rows.append((len(calib), calib[-1] if len(calib) else 0.0, end, int(np.sum(times > end))))
    x, t_x, T, x_star = map(np.array, zip(*rows, strict=True))
    return pd.DataFrame({"customer_id": np.arange(1, n + 1), "x": x.astype("int64"), "t_x": t_x,
                         "T": T, "x_star": x_star.astype("int64")})


def _true_params(seed):
    """BG/NBD parameters near CDNOW's, varied by the seed."""
    rng = np.random.default_rng(seed)
    return (float(rng.uniform(0.2, 0.6)), float(rng.uniform(3, 9)), float(rng.uniform(0.6, 1.4)),
            float(rng.uniform(1.8, 3.5)))


def _bootstrap(seed, n):
    """``n`` CDNOW customers drawn with replacement (new ids 1..n)."""
    rng = np.random.default_rng(seed)
    rows = cdnow_summary().iloc[rng.integers(0, len(cdnow_summary()), n)].reset_index(drop=True)
    return rows.assign(customer_id=np.arange(1, n + 1))


_HIDDEN_BOOT = T("bootstrap resample of CDNOW customers", "CDNOW 客户的自助法重抽样")


# =========================================================================================
# 1. rfm_summary
# =========================================================================================
_TOY_END, _TOY_HOLDOUT = pd.Timestamp("2024-03-31"), pd.Timestamp("2024-06-30")


def _toy_log():
    rows = [  # customer, date, items, amount
        (1, "2024-01-01", 1, 10.0), (1, "2024-01-01", 2, 25.0), (1, "2024-01-15", 1, 12.0),
        (1, "2024-02-12", 3, 40.0), (1, "2024-05-01", 1, 15.0),
        (2, "2024-03-25", 1, 30.0),
        (3, "2024-01-08", 2, 20.0), (3, "2024-03-04", 1, 8.0), (3, "2024-03-04", 1, 14.0),
        (3, "2024-04-02", 1, 9.0), (3, "2024-04-02", 1, 11.0), (3, "2024-06-30", 1, 5.0),
        (4, "2024-04-10", 1, 50.0), (4, "2024-05-10", 1, 20.0),
        (5, "2024-02-01", 1, 18.0), (5, "2024-03-31", 1, 22.0), (5, "2024-07-01", 1, 99.0),
    ]
    log = pd.DataFrame(rows, columns=["customer_id", "date", "n_items", "amount"])
    return log.assign(date=pd.to_datetime(log["date"])).sample(frac=1, random_state=3).reset_index(drop=True)


def _summary_cases(seed):
    if seed == PUBLIC_SEED:
        yield Case((_toy_log(), _TOY_END, _TOY_HOLDOUT), label=T(
            "five customers, calibration to 2024-03-31, holdout to 2024-06-30: two records on one "
            "day, a customer who starts in the holdout, purchases on the last day of each period",
            "五位客户，校准期到 2024-03-31，留出期到 2024-06-30：同一天有两条记录、有客户在留出期才首次购"
            "买、有购买恰好落在各期的最后一天"))
        yield Case((load_cdnow(sample=True), CALIBRATION_END, HOLDOUT_END), label=T(
            "the CDNOW sample, calibration to 1997-09-30, holdout to 1998-06-30",
            "CDNOW 样本，校准期到 1997-09-30，留出期到 1998-06-30"))
        return
    rng = np.random.default_rng(seed)
    master = load_cdnow()
    chosen = rng.choice(master["customer_id"].unique(), 400, replace=False)
    log = master[master["customer_id"].isin(chosen)].reset_index(drop=True)
    end = CALIBRATION_END - pd.Timedelta(days=int(rng.integers(0, 60)))
    yield Case((log, end, HOLDOUT_END), label="400 random customers of the full CDNOW log")
    toy = _toy_log()
    shift = pd.Timedelta(days=int(rng.integers(1, 400)))
    yield Case((toy.assign(date=toy["date"] + shift), _TOY_END + shift, _TOY_HOLDOUT + shift),
               label="the toy log shifted in time")


def _same_day_not_merged(log, calibration_end, holdout_end):
    log = log.sort_values(["customer_id", "date"], kind="stable")
    first = log.groupby("customer_id")["date"].transform("min")
    log = log[first <= calibration_end].assign(first=first)
    calib = log[log["date"] <= calibration_end]
    holdout = log[(log["date"] > calibration_end) & (log["date"] <= holdout_end)]
    per = calib.groupby("customer_id").agg(n=("date", "size"), first=("first", "min"), last=("date", "max"))
    repeat = calib.iloc[calib.groupby("customer_id").cumcount().to_numpy() > 0]
    out = pd.DataFrame({
        "customer_id": per.index.to_numpy(), "x": (per["n"] - 1).to_numpy(),
        "t_x": ((per["last"] - per["first"]).dt.days / 7).to_numpy(),
        "T": ((calibration_end - per["first"]).dt.days / 7).to_numpy(),
        "m": repeat.groupby("customer_id")["amount"].mean().reindex(per.index).to_numpy(),
        "x_star": holdout.groupby("customer_id").size().reindex(per.index, fill_value=0).to_numpy()})
    return out


def _day_amount_not_summed(log, calibration_end, holdout_end):
    first_record = log.sort_values(["customer_id", "date"], kind="stable").drop_duplicates(["customer_id", "date"])
    return sol.rfm_summary(first_record, calibration_end, holdout_end)


def _days_not_weeks(log, calibration_end, holdout_end):
    out = sol.rfm_summary(log, calibration_end, holdout_end)
    return out.assign(t_x=out["t_x"] * 7, T=out["T"] * 7)


def _recency_since_last(log, calibration_end, holdout_end):
    out = sol.rfm_summary(log, calibration_end, holdout_end)
    return out.assign(t_x=out["T"] - out["t_x"])


def _first_in_spend(log, calibration_end, holdout_end):
    out = sol.rfm_summary(log, calibration_end, holdout_end)
    daily = log.groupby(["customer_id", "date"], as_index=False)["amount"].sum()
    mean_all = daily[daily["date"] <= calibration_end].groupby("customer_id")["amount"].mean()
    m = mean_all.reindex(out["customer_id"]).to_numpy()
    return out.assign(m=np.where(out["x"] > 0, m, np.nan))


def _x_counts_first(log, calibration_end, holdout_end):
    out = sol.rfm_summary(log, calibration_end, holdout_end)
    return out.assign(x=out["x"] + 1)


SUMMARY = FunctionQuestion(
    id="clv.summary",
    level="junior",
    follow_ups=[
        T("Why merge purchases made on the same day?", "为什么要把同一天的购买合并？"),
        T("What would change in x, t_x and T if the log started after some customers' first purchase?",
          "如果日志开始于部分客户的首次购买之后，x、t_x 和 T 会怎样变化？"),
    ],
    title=T("From the transaction log to (x, t_x, T)", "从交易日志到 (x, t_x, T)"),
    prompt=T(
        "Write `rfm_summary(log, calibration_end, holdout_end)`: from a log with `customer_id`, "
        "`date` and `amount`, merge the records of one customer on one day into one transaction, "
        "keep the customers whose first purchase is on or before `calibration_end`, and return one "
        "row per customer (sorted by `customer_id`, fresh RangeIndex) with `customer_id`, `x` "
        "(repeat transactions in the calibration period, the first purchase not counted), `t_x` "
        "(weeks from the first purchase to the last calibration transaction, 0 when x is 0), `T` "
        "(weeks from the first purchase to `calibration_end`), `m` (mean amount of the repeat "
        "calibration transactions, first purchase excluded; NaN when x is 0) and `x_star` "
        "(transactions after `calibration_end` up to `holdout_end`). Both ends are inclusive; "
        "weeks are days / 7.",
        "请编写 `rfm_summary(log, calibration_end, holdout_end)`：日志含 `customer_id`、`date` 和 "
        "`amount`，把同一客户同一天的多条记录合并为一笔交易，保留首次购买不晚于 `calibration_end` 的客"
        "户，每位客户一行（按 `customer_id` 排序，重建 RangeIndex），列为 `customer_id`、`x`（校准期内"
        "的重复交易次数，不计首次购买）、`t_x`（从首次购买到校准期最后一笔交易的周数，x 为 0 时为 0）、"
        "`T`（从首次购买到 `calibration_end` 的周数）、`m`（校准期重复交易的平均金额，不含首次购买；x "
        "为 0 时为 NaN）和 `x_star`（`calibration_end` 之后到 `holdout_end` 为止的交易次数）。两端都包"
        "含在内；周数 = 天数 / 7。"),
    hints=[
        T("First `log.groupby(['customer_id', 'date'], as_index=False)['amount'].sum()`: one row per "
          "customer-day is one transaction.",
          "先做 `log.groupby(['customer_id', 'date'], as_index=False)['amount'].sum()`：每位客户每天一"
          "行，就是一笔交易。"),
        T("Attach each customer's first date with `groupby('customer_id')['date'].transform('min')`; "
          "split the days into calibration (`<= calibration_end`) and holdout; repeat transactions "
          "are the calibration days after the first.",
          "用 `groupby('customer_id')['date'].transform('min')` 给每行附上客户的首次购买日；把交易日分为"
          "校准期（`<= calibration_end`）和留出期；重复交易就是首日之后的校准期交易日。"),
        T("`x` = calibration days − 1; `t_x` = (last − first).dt.days / 7; `T` = (calibration_end − "
          "first).dt.days / 7; `m` = mean amount of the repeat days; `x_star` = holdout days, "
          "`reindex(..., fill_value=0)`.",
          "`x` = 校准期交易日数 − 1；`t_x` = (最后一天 − 首日).dt.days / 7；`T` = (calibration_end − "
          "首日).dt.days / 7；`m` = 重复交易日金额的均值；`x_star` = 留出期交易日数，"
          "`reindex(..., fill_value=0)`。"),
    ],
    points=2,
    reference=sol.rfm_summary,
    cases=_summary_cases,
    compare_options={**CLOSE, "key": "customer_id"},
    misconceptions=[
        Misconception("same_day_not_merged", fn=_same_day_not_merged, message=T(
            "You counted records, not days: a customer's several records on one day (an order split "
            "into shipments, two baskets in one visit) are one purchase occasion. Unmerged, they "
            "inflate x and deflate the average spend, and the model reads an order split in two as "
            "a loyal repeat buyer. Group by customer and date and add the amounts first.",
            "你统计的是记录数而不是天数：同一客户同一天的多条记录（一个订单分成几次发货、一次访问里的两个"
            "购物篮）是一次购买。不合并的话，x 被夸大、平均消费被压低，模型会把拆成两条的订单当成忠实的复"
            "购客户。请先按客户和日期分组并把金额相加。")),
        Misconception("day_amount_not_summed", fn=_day_amount_not_summed, message=T(
            "You merged the records of a day but kept only one record's amount (`drop_duplicates` on "
            "customer and date): the other orders of that day vanish from the spend. A day is one "
            "transaction whose value is the *sum* of its records; `groupby(['customer_id', 'date'])"
            "['amount'].sum()` keeps both.",
            "你合并了同一天的记录，但只保留了其中一条的金额（对客户和日期做 `drop_duplicates`）：当天的其他订单从"
            "消费中消失了。一天是一笔交易，其金额是当天所有记录的*总和*；`groupby(['customer_id', 'date'])"
            "['amount'].sum()` 两者都能保留。")),
        Misconception("days_not_weeks", fn=_days_not_weeks, message=T(
            "Your t_x and T are in days. The models are scale-free, but every parameter that has a "
            "time unit (α of BG/NBD) and every forecast horizon then changes by a factor 7, and the "
            "published values (α = 4.414 per week) cannot be compared. Divide the day counts by 7.",
            "你的 t_x 和 T 是以天为单位的。模型本身与尺度无关，但所有带时间单位的参数（BG/NBD 的 α）和每"
            "个预测期长度都会差 7 倍，也就无法和发表的结果（α = 4.414，以周计）对比。请把天数除以 7。")),
        Misconception("recency_since_last", fn=_recency_since_last, message=T(
            "Your t_x is the time *since* the last purchase (T − t_x, the 'recency' of RFM reports). "
            "BG/NBD needs the time *of* the last purchase measured from the first one: a customer "
            "who bought recently must have a t_x close to T. Swapped, the model believes your most "
            "recent buyers have been silent longest and declares them dead.",
            "你的 t_x 是距最后一次购买*已经过去*的时间（T − t_x，即 RFM 报表里的“最近一次消费”）。BG/NBD 需"
            "要的是从首次购买起算、最后一次购买*发生*的时间：刚买过的客户 t_x 应接近 T。两者弄反后，模型会认"
            "为最近刚买过的客户沉默最久，判定他们已经流失。")),
        Misconception("first_in_spend", fn=_first_in_spend, message=T(
            "Your m includes the first purchase. The gamma-gamma model is fitted on *repeat* "
            "transactions: the first order is often different (a welcome discount, a big "
            "initial basket) and its value is not what the customer will spend again. Average only "
            "the calibration transactions after the first.",
            "你的 m 包含了首次购买。gamma-gamma 模型拟合的是*重复*交易：首单往往不同（新客优惠、首单大采"
            "购），它的金额并不代表客户以后的消费。请只对首单之后的校准期交易求平均。")),
        Misconception("x_counts_first", fn=_x_counts_first, message=T(
            "Your x counts the first purchase. In BG/NBD x is the number of *repeat* transactions: "
            "the first purchase starts the customer's clock (t = 0), and a one-time buyer has x = 0. "
            "Counting it adds one purchase to everybody and shifts every fitted parameter.",
            "你的 x 把首次购买也算进去了。BG/NBD 中的 x 是*重复*交易次数：首次购买是客户时钟的起点"
            "（t = 0），只买过一次的客户 x = 0。把它算进去等于给每个人多加一次购买，所有拟合参数都会偏移。")),
    ],
    rules=[
        Rule("same_day", T("records of one customer on one day are one transaction",
                           "同一客户同一天的记录是一笔交易"), _same_day_not_merged,
             misconception="same_day_not_merged"),
        Rule("weeks", T("times in weeks (days / 7)", "时间以周计（天数 / 7）"), _days_not_weeks,
             misconception="days_not_weeks"),
    ],
)


# =========================================================================================
# 2. bgnbd_ll
# =========================================================================================
def _ll_cases(seed):
    if seed == PUBLIC_SEED:
        summary = _summary()
        yield Case(((0.243, 4.414, 0.793, 2.426), *_columns(summary)), label=T(
            "the CDNOW sample at the published parameters (r, α, a, b) = (0.243, 4.414, 0.793, 2.426)",
            "CDNOW 样本，取发表的参数 (r, α, a, b) = (0.243, 4.414, 0.793, 2.426)"))
        yield Case(((1.5, 10.0, 2.0, 5.0), np.array([0, 0, 1, 3, 12]), np.array([0.0, 0.0, 2.0, 20.0, 30.5]),
                    np.array([10.0, 39.0, 5.0, 39.0, 31.0])), label=T(
            "five customers (two with x = 0, one whose last purchase is recent, one frequent buyer) "
            "at (r, α, a, b) = (1.5, 10, 2, 5)",
            "五位客户（两位 x = 0，一位刚刚购买过，一位高频客户），参数 (r, α, a, b) = (1.5, 10, 2, 5)"))
        return
    params = _true_params(seed)
    yield Case((params, *_columns(_bootstrap(seed, 600))), label=_HIDDEN_BOOT)
    yield Case((params, *_columns(simulate_bgnbd(params, 300, seed))), label="simulated BG/NBD customers")


def _no_x_indicator(params, x, t_x, T):
    r, alpha, a, b = params
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    with np.errstate(invalid="ignore", divide="ignore"):
        first = np.exp(betaln(a, b + x) - betaln(a, b)) / (alpha + T) ** (r + x)
        second = np.exp(betaln(a + 1, b + x - 1) - betaln(a, b)) / (alpha + t_x) ** (r + x)
        return gammaln(r + x) - gammaln(r) + r * np.log(alpha) + np.log(first + second)


def _tx_as_T(params, x, t_x, T):
    return sol.bgnbd_ll(params, x, T, T)


def _log_of_terms_added(params, x, t_x, T):
    r, alpha, a, b = params
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    common = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    alive = betaln(a, b + x) - betaln(a, b) - (r + x) * np.log(alpha + T)
    with np.errstate(invalid="ignore"):
        gone = np.where(x > 0, betaln(a + 1, b + x - 1) - betaln(a, b) - (r + x) * np.log(alpha + t_x), 0.0)
    return common + alive + gone


LL = FunctionQuestion(
    id="clv.bgnbd_ll",
    level="mid",
    follow_ups=[
        T("What story does each of the two terms tell about the customer?",
          "两项各自讲述了客户的什么故事？"),
        T("Why compute the sum of the two terms with `np.logaddexp` instead of `np.log(np.exp(...) + ...)`?",
          "为什么用 `np.logaddexp` 计算两项之和，而不是 `np.log(np.exp(...) + ...)`？"),
        T("How would you add a covariate, e.g. the acquisition channel, to this likelihood?",
          "如果要加入协变量（例如获客渠道），你会如何修改这个似然？"),
    ],
    title=T("The BG/NBD log-likelihood", "BG/NBD 对数似然"),
    prompt=T(
        "Write `bgnbd_ll(params, x, t_x, T)` returning a numpy array with the log-likelihood of "
        "each customer, where `params = (r, alpha, a, b)`: L = B(a, b + x)/B(a, b) · Γ(r + x) α^r / "
        "(Γ(r) (α + T)^(r + x)) + [x > 0] · B(a + 1, b + x − 1)/B(a, b) · Γ(r + x) α^r / (Γ(r) "
        "(α + t_x)^(r + x)). The second term exists only for customers with x > 0. Vectorise with "
        "`scipy.special` (`gammaln`, `betaln`) and work in logs.",
        "请编写 `bgnbd_ll(params, x, t_x, T)`，返回每位客户对数似然的 numpy 数组，其中 `params = (r, "
        "alpha, a, b)`：L = B(a, b + x)/B(a, b) · Γ(r + x) α^r / (Γ(r) (α + T)^(r + x)) + [x > 0] · "
        "B(a + 1, b + x − 1)/B(a, b) · Γ(r + x) α^r / (Γ(r) (α + t_x)^(r + x))。第二项只对 x > 0 的"
        "客户存在。请用 `scipy.special`（`gammaln`、`betaln`）向量化实现，并在对数尺度上计算。"),
    hints=[
        T("The first term: the customer is still alive at T after x purchases; the second: she "
          "dropped out right after her last purchase at t_x, possible only if she made one.",
          "第一项：客户在 x 次购买后到 T 时仍然活跃；第二项：她在 t_x 的最后一次购买后立即流失，只有买过"
          "才可能发生。"),
        T("Both terms share log Γ(r + x) − log Γ(r) + r log α; in logs the first term is "
          "`betaln(a, b + x) - betaln(a, b) - (r + x) * np.log(alpha + T)`.",
          "两项共有 log Γ(r + x) − log Γ(r) + r log α；第一项的对数是 "
          "`betaln(a, b + x) - betaln(a, b) - (r + x) * np.log(alpha + T)`。"),
        T("Give the second term `-np.inf` where x == 0 (compute it only on `x > 0`) and combine "
          "with `np.logaddexp(first, second)`.",
          "在 x == 0 处把第二项设为 `-np.inf`（只在 `x > 0` 上计算），再用 `np.logaddexp(first, "
          "second)` 合并。"),
    ],
    points=2,
    reference=sol.bgnbd_ll,
    cases=_ll_cases,
    compare_options=CLOSE,
    misconceptions=[
        Misconception("no_x_indicator", fn=_no_x_indicator, message=T(
            "You added the second term for every customer, including those with x = 0. That term "
            "is the probability that the customer dropped out right after her last *repeat* "
            "purchase; a one-time buyer has none, and for x = 0 the formula even evaluates B(a + 1, "
            "b − 1), which does not exist when b < 1. Keep it only where x > 0 (the indicator "
            "[x > 0]).",
            "你对所有客户都加上了第二项，包括 x = 0 的客户。这一项是客户在最后一次*重复*购买后立即流失的概率；"
            "只买过一次的客户没有重复购买，而且 x = 0 时公式会算出 B(a + 1, b − 1)，当 b < 1 时它根本不存在。"
            "请只在 x > 0 时保留它（指示函数 [x > 0]）。")),
        Misconception("tx_as_T", fn=_tx_as_T, message=T(
            "Your second term uses T where it needs t_x: the dropout story says the customer left "
            "right after her last purchase at t_x, so the Poisson part of that term only covers "
            "(0, t_x]. With T in both terms recency disappears from the model: a customer who bought "
            "last week and one silent for half a year look the same.",
            "你的第二项在应该用 t_x 的地方用了 T：流失的故事是客户在 t_x 的最后一次购买后立即离开，所以这一"
            "项的泊松部分只覆盖 (0, t_x]。两项都用 T，模型就丢掉了“最近一次购买”的信息：上周刚买的客户和沉"
            "默了半年的客户看起来一样。")),
        Misconception("log_of_terms_added", fn=_log_of_terms_added, message=T(
            "You added the logs of the two terms (log A + log B) instead of taking the log of their "
            "sum, log(A + B). The likelihood is a sum over two exclusive stories (still alive, or "
            "gone after t_x), so the logs must be combined with `np.logaddexp`, not added.",
            "你把两项的对数相加了（log A + log B），而不是对它们的和取对数 log(A + B)。似然是两个互斥情形"
            "（仍然活跃，或在 t_x 后流失）之和，所以两项的对数要用 `np.logaddexp` 合并，而不是直接相加。")),
    ],
    rules=[
        Rule("x_indicator", T("the second term only for x > 0", "第二项只对 x > 0 存在"), _no_x_indicator,
             misconception="no_x_indicator"),
    ],
)


# =========================================================================================
# 3. fit_bgnbd
# =========================================================================================
def _fit_cases(seed):
    if seed == PUBLIC_SEED:
        yield Case(_columns(_summary()), label=T(
            "the 2,357 customers of the CDNOW sample (published: r = 0.243, α = 4.414, a = 0.793, "
            "b = 2.426, LL = −9582.4)",
            "CDNOW 样本的 2,357 位客户（发表值：r = 0.243、α = 4.414、a = 0.793、b = 2.426、LL = −9582.4）"))
        return
    yield Case(_columns(_bootstrap(seed, 1000)), label=_HIDDEN_BOOT)
    yield Case(_columns(simulate_bgnbd(_true_params(seed), 800, seed)), label="simulated BG/NBD customers")


def _fit_with(ll, x, t_x, T):
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))

    def negative_ll(log_params):
        with np.errstate(all="ignore"):
            value = -np.sum(ll(np.exp(log_params), x, t_x, T))
        return value if np.isfinite(value) else 1e12

    fit = minimize(negative_ll, np.log([0.5, max(np.mean(T), 1.0) / 4, 1.0, 2.0]), method="BFGS",
                   options={"gtol": 1e-6})
    r, alpha, a, b = np.exp(fit.x)
    return {"r": float(r), "alpha": float(alpha), "a": float(a), "b": float(b), "ll": float(-fit.fun)}


def _fit_without_indicator(x, t_x, T):
    return _fit_with(_no_x_indicator, x, t_x, T)


def _mean_ll(x, t_x, T):
    fit = sol.fit_bgnbd(x, t_x, T)
    return {**fit, "ll": fit["ll"] / len(np.asarray(x))}


def _negative_ll_returned(x, t_x, T):
    fit = sol.fit_bgnbd(x, t_x, T)
    return {**fit, "ll": -fit["ll"]}


def _positive_ll(answer, output, case):
    """The learner returned the minimised negative log-likelihood (a positive number)."""
    return isinstance(output, dict) and isinstance(output.get("ll"), (int, float)) and output["ll"] > 0


FIT = FunctionQuestion(
    id="clv.fit_bgnbd",
    level="mid",
    follow_ups=[
        T("Why optimise the logarithms of the parameters?", "为什么要对参数的对数做优化？"),
        T("How do you know the optimiser found the maximum and not a point where it gave up?",
          "你怎么知道优化器找到的是最大值，而不是它中途放弃的某个点？"),
        T("How would you put a confidence interval on r and on the expected purchases next year?",
          "你会如何给 r 以及明年的期望购买次数加上置信区间？"),
    ],
    title=T("Fit BG/NBD by maximum likelihood", "用极大似然拟合 BG/NBD"),
    prompt=T(
        "Write `fit_bgnbd(x, t_x, T)` returning `{'r': ..., 'alpha': ..., 'a': ..., 'b': ..., "
        "'ll': ...}` (floats): the parameters that maximise the total log-likelihood "
        "`np.sum(bgnbd_ll(params, x, t_x, T))`, found with `scipy.optimize.minimize`, and that "
        "maximum (a negative number). On the CDNOW sample it must land on the published r = "
        "0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4; parameters are compared to 0.5%.",
        "请编写 `fit_bgnbd(x, t_x, T)`，返回 `{'r': ..., 'alpha': ..., 'a': ..., 'b': ..., 'll': ...}`"
        "（浮点数）：用 `scipy.optimize.minimize` 求出使总对数似然 `np.sum(bgnbd_ll(params, x, t_x, T))` "
        "最大的参数，以及这个最大值（一个负数）。在 CDNOW 样本上结果必须落在发表值 r = 0.243、α = 4.414、"
        "a = 0.793、b = 2.426、LL = −9582.4 上；参数按 0.5% 的相对误差比较。"),
    hints=[
        T("Minimise the *negative* total log-likelihood, and return its negative at the optimum.",
          "最小化*负的*总对数似然，最后返回最优点处它的相反数。"),
        T("The four parameters must stay positive: optimise `log_params` and call "
          "`bgnbd_ll(np.exp(log_params), x, t_x, T)`.",
          "四个参数都必须为正：对 `log_params` 做优化，调用 `bgnbd_ll(np.exp(log_params), x, t_x, T)`。"),
        T("Start near plausible values, e.g. `np.log([0.5, np.mean(T) / 4, 1, 2])`, and use "
          "`minimize(..., method='BFGS')` or `'Nelder-Mead'` with tight tolerances.",
          "从合理的值附近出发，例如 `np.log([0.5, np.mean(T) / 4, 1, 2])`，使用 `minimize(..., "
          "method='BFGS')` 或收紧容差的 `'Nelder-Mead'`。"),
    ],
    points=2,
    reference=sol.fit_bgnbd,
    cases=_fit_cases,
    compare_options=FIT_CLOSE,
    misconceptions=[
        Misconception("mean_ll", fn=_mean_ll, message=T(
            "Your 'll' is the *average* log-likelihood per customer. Minimising the mean gives the "
            "same parameters, but the published −9582.4 and every likelihood-ratio test or AIC use "
            "the *total*; a mean cannot be compared across data sets of different sizes. Return the "
            "sum over customers.",
            "你的 'll' 是每位客户的*平均*对数似然。最小化均值得到的参数相同，但发表的 −9582.4 以及所有似然"
            "比检验、AIC 用的都是*总和*；均值无法在规模不同的数据集之间比较。请返回对所有客户的求和。")),
        Misconception("fit_without_indicator", fn=_fit_without_indicator, message=T(
            "These are the maximum-likelihood parameters of a likelihood *without* the [x > 0] "
            "indicator: the dropout term was added for one-time buyers too, so the fit believes "
            "more of them left and underestimates future purchases. Fix `bgnbd_ll` first; the "
            "optimiser faithfully maximises whatever it is given.",
            "这是*没有* [x > 0] 指示函数的似然所对应的极大似然参数：只买过一次的客户也被加上了流失项，"
            "拟合因此认为他们中更多人已经流失，从而低估未来的购买。请先修正 `bgnbd_ll`；优化器只会忠实地"
            "最大化你交给它的函数。")),
        Misconception("negative_ll_returned", detect=_positive_ll, message=T(
            "Your 'll' is positive: you returned the value the optimiser minimised, the *negative* "
            "log-likelihood. A log-likelihood of discrete counts is negative; comparing models "
            "(BG/NBD −9582.4 vs Pareto/NBD −9595.0) or computing an AIC with the wrong sign picks "
            "the worse model. Return `-result.fun`.",
            "你的 'll' 是正数：你返回的是优化器最小化的那个值，也就是*负*对数似然。离散计数的对数似然是负"
            "数；用错了符号去比较模型（BG/NBD −9582.4 对 Pareto/NBD −9595.0）或计算 AIC，就会选中更差的模型。"
            "请返回 `-result.fun`。")),
    ],
)


# =========================================================================================
# 4. conditional_expectation
# =========================================================================================
def _ce_cases(seed):
    if seed == PUBLIC_SEED:
        summary = _summary()
        yield Case(((0.243, 4.414, 0.793, 2.426), 39.0, *_columns(summary)), label=T(
            "the CDNOW sample, the 39-week holdout, at the published parameters",
            "CDNOW 样本，39 周的留出期，取发表的参数"))
        yield Case(((0.6, 8.0, 1.8, 3.0), 52.0, np.array([0, 2, 2, 10]), np.array([0.0, 5.0, 30.0, 35.0]),
                    np.array([20.0, 38.0, 38.0, 38.0])), label=T(
            "four customers over 52 weeks at (r, α, a, b) = (0.6, 8, 1.8, 3): a one-time buyer, and "
            "two customers with two repeat purchases, the second one more recent",
            "四位客户，未来 52 周，参数 (r, α, a, b) = (0.6, 8, 1.8, 3)：一位只买过一次的客户，以及两位都"
            "有两次重复购买、但后者更近期购买的客户"))
        return
    params = _true_params(seed)
    yield Case((params, 26.0, *_columns(_bootstrap(seed, 500))), label=_HIDDEN_BOOT)
    yield Case((params, 39.0, *_columns(simulate_bgnbd(params, 200, seed))), label="simulated BG/NBD customers")


def _unconditional(params, t, x, t_x, T):
    r, alpha, a, b = params
    expected = (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, t / (alpha + t)))
    return np.full(len(np.asarray(x)), expected)


def _all_alive(params, t, x, t_x, T):
    r, alpha, a, b = params
    x, T = np.asarray(x, dtype=float), np.asarray(T, dtype=float)
    hyp = hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
    return (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp)


CONDITIONAL = FunctionQuestion(
    id="clv.conditional_expectation",
    level="mid",
    follow_ups=[
        T("Two customers both made 2 repeat purchases; one last bought in week 5, the other in week "
          "30. Who gets the higher forecast, and why?",
          "两位客户都有 2 次重复购买；一位最后一次购买在第 5 周，另一位在第 30 周。谁的预测更高？为什么？"),
        T("How do you read P(alive) off this formula?", "如何从这个公式里读出 P(alive)？"),
    ],
    title=T("Expected purchases given the history", "给定历史的期望购买次数"),
    prompt=T(
        "Write `conditional_expectation(params, t, x, t_x, T)` returning, for each customer, the "
        "expected number of transactions in the next `t` weeks given (x, t_x, T) and `params = "
        "(r, alpha, a, b)`: (a + b + x − 1)/(a − 1) · [1 − ((α + T)/(α + T + t))^(r + x) · "
        "₂F₁(r + x, b + x; a + b + x − 1; t/(α + T + t))] / [1 + [x > 0] · a/(b + x − 1) · "
        "((α + T)/(α + t_x))^(r + x)]. Use `scipy.special.hyp2f1`.",
        "请编写 `conditional_expectation(params, t, x, t_x, T)`，对每位客户返回在给定 (x, t_x, T) 和 "
        "`params = (r, alpha, a, b)` 时未来 `t` 周的期望交易次数：(a + b + x − 1)/(a − 1) · [1 − ((α + "
        "T)/(α + T + t))^(r + x) · ₂F₁(r + x, b + x; a + b + x − 1; t/(α + T + t))] / [1 + [x > 0] · "
        "a/(b + x − 1) · ((α + T)/(α + t_x))^(r + x)]。请使用 `scipy.special.hyp2f1`。"),
    hints=[
        T("The numerator is what an *alive* customer with this history would buy; the denominator "
          "divides by the odds that she is still alive.",
          "分子是具有这段历史、且*仍然活跃*的客户会购买的次数；分母除以的是她仍然活跃的几率。"),
        T("The denominator's second part exists only for x > 0: `np.where(x > 0, a / (b + x - 1) * "
          "((alpha + T) / (alpha + t_x)) ** (r + x), 0.0)`.",
          "分母的第二部分只对 x > 0 存在：`np.where(x > 0, a / (b + x - 1) * ((alpha + T) / (alpha + "
          "t_x)) ** (r + x), 0.0)`。"),
    ],
    points=2,
    reference=sol.conditional_expectation,
    cases=_ce_cases,
    compare_options=CLOSE,
    misconceptions=[
        Misconception("unconditional", fn=_unconditional, message=T(
            "You returned the *unconditional* expectation E[X(t)] of a new customer, the same for "
            "everybody: the customer's own history (x, t_x, T) is ignored. The point of the model "
            "is to update the population's expectations with what each customer did; use equation "
            "10 with r + x, b + x and α + T.",
            "你返回的是新客户的*无条件*期望 E[X(t)]，人人相同：客户自己的历史 (x, t_x, T) 被忽略了。模型"
            "的意义正是用每位客户的行为来更新总体的期望；请使用带 r + x、b + x 和 α + T 的公式（论文式 10）。")),
        Misconception("all_alive", fn=_all_alive, message=T(
            "Your forecast treats every customer as alive: the denominator 1 + [x > 0] · a/(b + x − 1) "
            "· ((α + T)/(α + t_x))^(r + x) is missing. It discounts customers whose last purchase "
            "lies far back (t_x much smaller than T); without it a frequent buyer who vanished "
            "months ago gets the biggest forecast and the retention budget goes to the departed.",
            "你的预测把每位客户都当作仍然活跃：缺少分母 1 + [x > 0] · a/(b + x − 1) · ((α + T)/(α + "
            "t_x))^(r + x)。它会对最后一次购买很久以前（t_x 远小于 T）的客户打折；没有它，几个月前就消失的高"
            "频客户会得到最高的预测，挽留预算就花在了已经离开的人身上。")),
    ],
)


# =========================================================================================
# 5. gamma_gamma_ll
# =========================================================================================
def _repeat_columns(summary):
    repeat = summary[summary["x"] > 0]
    return repeat["x"].to_numpy(dtype=float), repeat["m"].to_numpy(dtype=float)


def _gg_cases(seed):
    if seed == PUBLIC_SEED:
        yield Case(((6.25, 3.74, 15.44), *_repeat_columns(_summary())), label=T(
            "the 946 repeat buyers of the CDNOW sample at the published (p, q, γ) = (6.25, 3.74, 15.44)",
            "CDNOW 样本的 946 位重复购买客户，取发表的 (p, q, γ) = (6.25, 3.74, 15.44)"))
        yield Case(((2.0, 4.0, 30.0), np.array([1.0, 2.0, 5.0]), np.array([35.0, 12.5, 48.0])), label=T(
            "three repeat buyers with 1, 2 and 5 repeat purchases at (p, q, γ) = (2, 4, 30)",
            "三位重复购买客户，分别有 1、2、5 次重复购买，参数 (p, q, γ) = (2, 4, 30)"))
        return
    rng = np.random.default_rng(seed)
    params = (float(rng.uniform(3, 9)), float(rng.uniform(2.5, 5)), float(rng.uniform(8, 25)))
    yield Case((params, *_repeat_columns(_bootstrap(seed, 800))), label=_HIDDEN_BOOT)


def _ignores_x(params, x, m):
    return sol.gamma_gamma_ll(params, np.ones(len(np.asarray(x))), m)


def _no_normalising_constant(params, x, m):
    p, q, v = params
    x, m = np.asarray(x, dtype=float), np.asarray(m, dtype=float)
    return q * np.log(v) + (p * x - 1) * np.log(m) + p * x * np.log(x) - (p * x + q) * np.log(v + m * x)


def _scale_not_rate(params, x, m):
    p, q, v = params
    return sol.gamma_gamma_ll((p, q, 1 / v), x, m)


GAMMA_GAMMA = FunctionQuestion(
    id="clv.gamma_gamma_ll",
    level="mid",
    follow_ups=[
        T("Why is the model fitted on repeat buyers only?", "为什么模型只用重复购买的客户来拟合？"),
        T("What must be true of spend and purchase frequency before you use this model, and how do you check it?",
          "使用这个模型前，消费金额与购买频次之间必须满足什么条件？如何检查？"),
    ],
    title=T("The gamma-gamma spend likelihood", "gamma-gamma 消费金额似然"),
    prompt=T(
        "Write `gamma_gamma_ll(params, x, m)` returning a numpy array with the log-likelihood of "
        "each repeat buyer's average spend `m` over her `x` repeat transactions (x > 0), with "
        "`params = (p, q, v)`: ln Γ(px + q) − ln Γ(px) − ln Γ(q) + q ln v + (px − 1) ln m + px ln x "
        "− (px + q) ln(v + m x). Here v is the rate γ of the gamma distribution of ν across customers.",
        "请编写 `gamma_gamma_ll(params, x, m)`，返回每位重复购买客户在其 `x` 次重复交易（x > 0）上的平均"
        "消费 `m` 的对数似然数组，`params = (p, q, v)`：ln Γ(px + q) − ln Γ(px) − ln Γ(q) + q ln v + "
        "(px − 1) ln m + px ln x − (px + q) ln(v + m x)。这里 v 是 ν 在客户间所服从的 gamma 分布的速率参"
        "数 γ。"),
    hints=[
        T("A transaction is gamma(p, ν); the mean of x of them is gamma(px, νx); ν itself is "
          "gamma(q, v). Integrating ν out gives the formula.",
          "单笔交易服从 gamma(p, ν)；x 笔交易的均值服从 gamma(px, νx)；ν 本身服从 gamma(q, v)。把 ν 积"
          "分掉就得到这个公式。"),
        T("Everything is elementwise: `px = p * x`, then `gammaln(px + q) - gammaln(px) - gammaln(q) "
          "+ q * np.log(v) + ...`.",
          "全部是逐元素运算：`px = p * x`，然后 `gammaln(px + q) - gammaln(px) - gammaln(q) + q * "
          "np.log(v) + ...`。"),
    ],
    points=1,
    reference=sol.gamma_gamma_ll,
    cases=_gg_cases,
    compare_options=CLOSE,
    misconceptions=[
        Misconception("ignores_x", fn=_ignores_x, message=T(
            "Your likelihood treats every average as a single transaction (x = 1). The average of "
            "x transactions varies less than one transaction: its distribution is gamma(px, νx). "
            "Ignoring x, the model cannot tell a stable spender with 10 purchases from a customer "
            "with one lucky big basket, and shrinks both the same.",
            "你的似然把每个平均值都当作单笔交易（x = 1）。x 笔交易的平均值比单笔交易波动更小：它服从 "
            "gamma(px, νx)。忽略 x 后，模型就分不清买了 10 次、消费稳定的客户和只凭一次大单的客户，对两者做同"
            "样的收缩。")),
        Misconception("no_normalising_constant", fn=_no_normalising_constant, message=T(
            "You dropped ln Γ(px + q) − ln Γ(px) − ln Γ(q). These terms are not constants: they "
            "depend on p and q, so without them the maximum moves and the fitted spend model is "
            "wrong. Only terms free of the parameters may be dropped.",
            "你去掉了 ln Γ(px + q) − ln Γ(px) − ln Γ(q)。这些项不是常数：它们依赖于 p 和 q，去掉后最大值的"
            "位置会移动，拟合出的消费模型就是错的。只有与参数无关的项才可以省略。")),
        Misconception("scale_not_rate", fn=_scale_not_rate, message=T(
            "You used v as a *scale* of the gamma distribution of ν, where the formula uses it as a "
            "*rate* (γ). scipy's `gamma` takes `scale = 1 / rate`, and mixing the two conventions "
            "makes the fitted v meaningless next to the published γ = 15.44.",
            "你把 v 当作 ν 的 gamma 分布的*尺度*参数，而公式中它是*速率*参数（γ）。scipy 的 `gamma` 用的是 "
            "`scale = 1 / rate`，两种约定混用会使拟合出的 v 与发表的 γ = 15.44 无法对照。")),
    ],
)


# =========================================================================================
# 6. clv_table
# =========================================================================================
_TOY_SUMMARY = pd.DataFrame({
    "customer_id": [11, 12, 13, 14, 15, 16],
    "x": [0, 0, 2, 2, 7, 1],
    "t_x": [0.0, 0.0, 30.0, 5.0, 36.0, 12.0],
    "T": [38.0, 20.0, 38.0, 38.0, 38.0, 30.0],
    "m": [np.nan, np.nan, 20.0, 20.0, 15.0, 80.0],
    "x_star": [0, 1, 1, 0, 5, 0],
})


def _clv_cases(seed):
    if seed == PUBLIC_SEED:
        yield Case((_summary(), (0.243, 4.414, 0.793, 2.426), (6.25, 3.74, 15.44), MARGIN, PERIODS, DISCOUNT),
                   label=T("the CDNOW sample at the published parameters: 30% margin, 13 periods of "
                           "4 weeks, 1% discount per period",
                           "CDNOW 样本，取发表的参数：毛利率 30%，13 个 4 周的周期，每期折现率 1%"))
        yield Case((_TOY_SUMMARY.copy(), (0.6, 8.0, 1.8, 3.0), (4.0, 3.0, 30.0), 0.25, 6, 0.05), label=T(
            "six customers (two one-time buyers, two with the same x and different t_x) over 6 "
            "periods at 5% per period",
            "六位客户（两位只买过一次，两位 x 相同而 t_x 不同），6 个周期，每期折现率 5%"))
        return
    rng = np.random.default_rng(seed)
    bgnbd = _true_params(seed)
    gg = (float(rng.uniform(3, 8)), float(rng.uniform(2.5, 5)), float(rng.uniform(8, 25)))
    yield Case((_bootstrap(seed, 400), bgnbd, gg, float(rng.uniform(0.2, 0.4)), int(rng.integers(6, 14)),
                float(rng.uniform(0.005, 0.02))), label=_HIDDEN_BOOT)


def _no_discount(summary, bgnbd, gg, margin, periods, discount):
    return sol.clv_table(summary, bgnbd, gg, margin, periods, 0.0)


def _raw_average_spend(summary, bgnbd, gg, margin, periods, discount):
    p, q, v = gg
    out = sol.clv_table(summary, bgnbd, gg, margin, periods, discount)
    m = summary.set_index("customer_id")["m"].reindex(out["customer_id"]).to_numpy()
    raw = np.where(np.isnan(m), p * v / (q - 1), m)
    out = out.assign(clv=out["clv"] / out["expected_spend"] * raw, expected_spend=raw)
    return out.sort_values(["clv", "customer_id"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _cumulative_discounted(summary, bgnbd, gg, margin, periods, discount):
    out = sol.clv_table(summary, bgnbd, gg, margin, periods, discount)
    ordered = summary.set_index("customer_id").loc[out["customer_id"]]
    x, t_x, T = (ordered[c].to_numpy(dtype=float) for c in ("x", "t_x", "T"))
    total = sum(sol.conditional_expectation(bgnbd, 4.0 * k, x, t_x, T) / (1 + discount) ** k
                for k in range(1, periods + 1))
    out = out.assign(clv=margin * out["expected_spend"].to_numpy() * total)
    return out.sort_values(["clv", "customer_id"], ascending=[False, True], kind="stable").reset_index(drop=True)


CLV = FunctionQuestion(
    id="clv.clv_table",
    level="senior",
    follow_ups=[
        T("Why does a one-time buyer still get a positive CLV?", "为什么只买过一次的客户 CLV 仍然为正？"),
        T("How would you choose the horizon and the discount rate with finance?",
          "你会如何与财务部门一起确定预测期长度和折现率？"),
        T("Marketing wants to spend on the top 10% by CLV. What would you check before they do?",
          "市场部门想把预算投给 CLV 前 10% 的客户。在此之前你会检查什么？"),
    ],
    title=T("CLV, discounted, and the ranking", "折现的 CLV 与客户排序"),
    prompt=T(
        "Write `clv_table(summary, bgnbd, gg, margin, periods, discount)`: for each customer of "
        "`summary` (`customer_id`, `x`, `t_x`, `T`, `m`), `expected_transactions` = "
        "`conditional_expectation(bgnbd, 4 * periods, x, t_x, T)`; `expected_spend` = p (v + m x) / "
        "(p x + q − 1) with `gg = (p, q, v)` (for x = 0: p v / (q − 1)); `clv` = margin × "
        "expected_spend × Σ_{k=1..periods} (E[Y(4k)] − E[Y(4(k − 1))]) / (1 + discount)^k, "
        "periods being 4 weeks. Return the columns `customer_id`, `expected_transactions`, "
        "`expected_spend`, `clv`, sorted by `clv` from the highest (ties by `customer_id`), with a "
        "fresh RangeIndex.",
        "请编写 `clv_table(summary, bgnbd, gg, margin, periods, discount)`：对 `summary`（`customer_id`、"
        "`x`、`t_x`、`T`、`m`）中的每位客户，`expected_transactions` = `conditional_expectation(bgnbd, "
        "4 * periods, x, t_x, T)`；`expected_spend` = p (v + m x) / (p x + q − 1)，其中 `gg = (p, q, "
        "v)`（x = 0 时为 p v / (q − 1)）；`clv` = margin × expected_spend × Σ_{k=1..periods} (E[Y(4k)] − "
        "E[Y(4(k − 1))]) / (1 + discount)^k，每个周期为 4 周。返回 `customer_id`、"
        "`expected_transactions`、`expected_spend`、`clv` 四列，按 `clv` 从高到低排序（相同时按 "
        "`customer_id`），并重建 RangeIndex。"),
    hints=[
        T("The expected spend is a weighted average of the population mean p v/(q − 1) and the "
          "customer's own m: the more repeat purchases, the more weight on m.",
          "期望消费是总体均值 p v/(q − 1) 与客户自身 m 的加权平均：重复购买越多，m 的权重越大。"),
        T("Compute the cumulative expectations E[Y(4k)] for k = 0..periods (E[Y(0)] = 0), take "
          "`np.diff` along k to get each period's purchases, and weight them by `(1 + discount) ** -k`.",
          "对 k = 0..periods 计算累计期望 E[Y(4k)]（E[Y(0)] = 0），沿 k 用 `np.diff` 得到每个周期的购买次数，"
          "再乘以 `(1 + discount) ** -k`。"),
        T("Sort with `sort_values(['clv', 'customer_id'], ascending=[False, True])` and "
          "`reset_index(drop=True)`.",
          "用 `sort_values(['clv', 'customer_id'], ascending=[False, True])` 排序，再 "
          "`reset_index(drop=True)`。"),
    ],
    points=2,
    reference=sol.clv_table,
    cases=_clv_cases,
    compare_options=CLOSE,
    misconceptions=[
        Misconception("no_discount", fn=_no_discount, message=T(
            "Your CLV is not discounted: a purchase a year from now counts as much as one next "
            "month. Money later is worth less (and less certain); finance compares CLV with an "
            "acquisition cost paid today, so each period's margin must be divided by (1 + discount)^k.",
            "你的 CLV 没有折现：一年后的购买和下个月的购买算得一样多。以后的钱价值更低（也更不确定）；财务会"
            "拿 CLV 与今天支付的获客成本比较，所以每个周期的利润都要除以 (1 + discount)^k。")),
        Misconception("raw_average_spend", fn=_raw_average_spend, message=T(
            "You used each customer's raw average spend m as her expected spend. With one or two "
            "repeat purchases, m is mostly luck: the gamma-gamma model shrinks it towards the "
            "population mean, p (v + m x)/(p x + q − 1), the more the fewer purchases she made. The "
            "raw mean puts the customers with one lucky big basket at the top of the ranking.",
            "你直接把每位客户的原始平均消费 m 当作期望消费。只有一两次重复购买时，m 主要取决于运气：gamma-gamma "
            "模型把它向总体均值收缩，p (v + m x)/(p x + q − 1)，购买次数越少收缩越多。用原始均值会把只凭一"
            "次大单的客户排到最前面。")),
        Misconception("cumulative_discounted", fn=_cumulative_discounted, message=T(
            "You discounted the *cumulative* expected purchases E[Y(4k)] of every period and added "
            "them up, so the purchases of period 1 are counted again in every later period. "
            "Discount each period's *new* purchases, E[Y(4k)] − E[Y(4(k − 1))].",
            "你对每个周期的*累计*期望购买 E[Y(4k)] 折现后求和，于是第 1 期的购买在之后每一期都被重复计算。请对"
            "每个周期*新增*的购买 E[Y(4k)] − E[Y(4(k − 1))] 折现。")),
    ],
    rules=[
        Rule("discounted", T("each period discounted by (1 + discount)^k", "每个周期按 (1 + discount)^k 折现"),
             _no_discount, misconception="no_discount"),
    ],
)


# =========================================================================================
# 7. Choice: the flat ridge of the gamma-gamma likelihood
# =========================================================================================
RIDGE = ChoiceQuestion(
    id="clv.ridge",
    level="senior",
    follow_ups=[
        T("Which quantity would you report instead of p, q and γ?", "你会报告哪个量来代替 p、q 和 γ？"),
        T("How would a profile likelihood show the problem?", "剖面似然会如何显示这个问题？"),
    ],
    name="ridge",
    title=T("Five starts, five answers", "五个起点，五个答案"),
    prompt=T(
        "You fit the gamma-gamma model to the same 946 repeat buyers from five starting points. The "
        "log-likelihoods agree to 0.01, but p ranges from 5 to 9, and q and γ move with it. What do "
        "you conclude?",
        "你从五个起点对同样的 946 位重复购买客户拟合 gamma-gamma 模型。对数似然彼此相差不到 0.01，但 p 从 "
        "5 变到 9，q 和 γ 也随之变化。你的结论是什么？"),
    options={
        "a": T("The optimiser is broken: switch methods until the five starts agree on p.",
               "优化器坏了：不断更换方法，直到五个起点在 p 上一致为止。"),
        "b": T("Keep the start with the highest p: it implies the least shrinkage of spend.",
               "保留 p 最大的那个起点：它意味着对消费的收缩最小。"),
        "c": T("The data pin down expected spend, not p, q, γ: report that and use any fit.",
               "数据确定的是期望消费而非 p、q、γ：报告期望消费，任取一个拟合即可。"),
        "d": T("Spend depends on frequency here, so the gamma-gamma model must be dropped.",
               "这里消费金额依赖于购买频次，所以必须放弃 gamma-gamma 模型。"),
    },
    answer=sol.RIDGE_CHOICE,
    explanations={
        "a": T("Every start reaches the same height of the likelihood: the optimiser works. The "
               "surface is a flat ridge along which p, q and γ trade off, so no method can pin p "
               "down from these data.",
               "每个起点都到达了似然的同一高度：优化器没有问题。似然曲面是一条平坦的山脊，p、q、γ 沿着它相互"
               "抵消，任何方法都无法用这些数据确定 p。"),
        "b": T("All points of the ridge fit equally well, so none is better supported; and the "
               "shrinkage they imply is nearly the same, since the expected spends barely change "
               "along the ridge.",
               "山脊上每个点的拟合都一样好，没有哪个更有依据；而且它们所隐含的收缩几乎相同，因为沿着山脊期望消"
               "费几乎不变。"),
        "c": T("Along the ridge the customers' expected spends p (γ + m x)/(p x + q − 1) and the mean "
               "p γ/(q − 1) barely change: those are what the data identify and what CLV uses.",
               "沿着山脊，客户的期望消费 p (γ + m x)/(p x + q − 1) 和总体均值 p γ/(q − 1) 几乎不变：这才是数据"
               "能够识别、CLV 所用的量。"),
        "d": T("A flat ridge says nothing about the correlation of spend and frequency; that is "
               "checked separately (on CDNOW it is about 0.11, small enough).",
               "平坦的山脊与消费和频次的相关性无关；那需要单独检查（在 CDNOW 上约为 0.11，足够小）。"),
    },
    hints=[T("Compare the five fits on what a CLV calculation actually uses.",
             "从 CLV 计算真正用到的量出发，比较这五个拟合。")],
)


# =========================================================================================
# Interview
# =========================================================================================
EXPLAIN = OpenQuestion(
    id="clv.explain",
    level="mid",
    follow_ups=[
        T("What three numbers per customer does the model need?", "模型对每位客户需要哪三个数？"),
        T("When would you trust a supervised model more than BG/NBD for the same decision?",
          "对于同一个决策，什么时候你会更信任监督学习模型而不是 BG/NBD？"),
    ],
    name="explain_clv",
    title=T("Interview: explain probabilistic CLV", "面试题：讲解概率型 CLV"),
    prompt=T("Explain to a marketing manager how BG/NBD and gamma-gamma turn a transaction log into a "
             "customer lifetime value, what they assume, and when you would use them instead of (or "
             "with) a machine-learning value model.",
             "请向一位市场经理解释：BG/NBD 和 gamma-gamma 如何把交易日志变成客户生命周期价值、它们做了哪些假设，"
             "以及你什么时候会用它们替代机器学习价值模型（或与之结合使用）。"),
    model_answer=T(sol.CLV_ANSWER,
                   "BG/NBD 用两个隐藏特征描述每位客户：她在仍是客户期"
                   "间购买的频率（泊松速率，在客户间服从 gamma 分布），"
                   "以及她在任意一次购买后离开的概率（一枚硬币，在客户间服"
                   "从 beta 分布）。模型从每位客户的三个数——重复购"
                   "买次数 x、最后一次购买的时间 t_x、自首次购买以来的时间 T——推断这两者：一位高频客户沉默很久，多半已"
                   "经流失；同样的沉默对低频客户却很正常。它给出 P(alive) 以及任意未来时期的期望购买次数。gamma-gamma "
                   "模型把每位重复购买客户的平均消费向总体均值收缩，购买次数越少收缩越多，并假设消费与频次无关（先检查"
                   "相关性）。CLV = 期望购买次数 × 期望消费 × 毛利率，在有限的预测期内逐期折现。优点：只需交易日志，适"
                   "用于新客群，可外推到任意期限，并在留出期上验证（按校准期购买次数比较期望与实际购买）。局限：非合约、"
                   "平稳的购买（没有季节性和营销效应），速率、流失与消费相互独立，没有协变量。我会用它做基准估值、获客与"
                   "挽留预算，并作为机器学习模型的特征；当业务问题是某个具体活动的排序、且有丰富的协变量时，基于未来窗口"
                   "标签、经时间外验证（OOT）的监督模型通常排序更好，我会在同一个留出期上比较两者。"),
    rubric=[
        (T("The two hidden processes (buying while alive, dropout) and the inputs x, t_x, T",
           "两个隐藏过程（活跃时购买、流失）以及输入 x、t_x、T"), 1.0),
        (T("Gamma-gamma shrinkage and the independence of spend and frequency (checked)",
           "gamma-gamma 的收缩，以及消费与频次独立（需检查）"), 1.0),
        (T("CLV = transactions × spend × margin, discounted over a horizon",
           "CLV = 交易次数 × 消费 × 毛利率，在预测期内折现"), 1.0),
        (T("Validation on a holdout period", "在留出期上验证"), 1.0),
        (T("Assumptions and limits (stationarity, no covariates) and when a supervised model is better, or both",
           "假设与局限（平稳性、无协变量），以及何时监督模型更好或两者结合"), 1.0),
    ],
    hints=[T("Tell it as a story about one customer, then list what has to be true for the story "
             "to hold.", "用一位客户的故事来讲，然后列出这个故事成立所需的条件。")],
    points=5,
)

SHOP = OpenQuestion(
    id="clv.shop_assumptions",
    level="senior",
    follow_ups=[
        T("Which single check would you run first on the shop's data?", "在商店数据上你会首先做哪一项检查？"),
        T("How would you use BG/NBD's outputs inside the supervised model?",
          "你会如何在监督模型中使用 BG/NBD 的输出？"),
    ],
    name="shop_assumptions",
    title=T("Interview: BG/NBD on the synthetic shop?", "面试题：在合成商店上用 BG/NBD？"),
    prompt=T("The synthetic shop of notebooks 02–08 has membership levels that raise the purchase rate, "
             "lower dropout and raise spend together, 618 and Double 11 festivals, and customers "
             "whose early purchases predate the log. Would you value its customers with BG/NBD and "
             "gamma-gamma? What breaks, and what would you do?",
             "第 02–08 本笔记本中的合成商店：会员等级同时提高购买速率、降低流失并提高消费，有 618 和双 11 大促，"
             "且部分客户的早期购买早于日志起点。你会用 BG/NBD 和 gamma-gamma 为它的客户估值吗？哪些假设不成立？你会"
             "怎么做？"),
    model_answer=T(sol.SHOP_ANSWER,
                   "只作为基准，并且要先检查假设。这家商店很像 BG/NBD——泊松购买速率，每次重复购买后有一定概率流失——但它"
                   "在三个方面破坏了模型。（1）特征相关：会员等级同时提高购买速率、降低流失、提高消费，所以速率与流失并"
                   "不独立，消费也与频次相关，而这是 gamma-gamma 模型所排除的（相关性检查会显示出来）。（2）购买有季节"
                   "性：618 和双 11 让每日强度成倍增长，平稳速率会"
                   "把大促的爆发误读为高速率，把安静的春季误读为流失；预测"
                   "期内大促天数的占比决定了预测偏差有多大。（3）历史被"
                   "左截断：2024 年前注册的客户，其更早的购买不在日志"
                   "中，所以他们的 t_x 和 T 是错的。我会拟合模型，"
                   "在包含大促的留出窗口上比较期望与实际购买，在同一个未来窗"
                   "口标签上比较它与监督模型的排序，而且多半会把模型的 P"
                   "(alive) 和期望购买次数作为监督模型的特征，而不是"
                   "直接作为答案。"),
    rubric=[
        (T("Correlated traits: rate, dropout and spend not independent; the correlation check",
           "特征相关：速率、流失与消费不独立；相关性检查"), 1.0),
        (T("Seasonality (618, Double 11) breaks the stationary rate", "季节性（618、双 11）破坏了平稳速率"), 1.0),
        (T("Left truncation of history", "历史的左截断"), 1.0),
        (T("A plan: holdout comparison, ranking against the supervised model, model outputs as features",
           "方案：留出期对比、与监督模型比较排序、把模型输出作为特征"), 1.0),
    ],
    hints=[T("Go through the model's assumptions one by one and ask whether the shop keeps each.",
             "逐条检查模型的假设，问问这家商店是否满足每一条。")],
    points=4,
)


QUESTIONS = [SUMMARY, LL, FIT, CONDITIONAL, GAMMA_GAMMA, CLV, RIDGE, EXPLAIN, SHOP]
