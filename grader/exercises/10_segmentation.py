"""Questions of notebook 10: RFM segments, k-means segments, and acting on them with a budget.

Function questions (segments from notebook 02's scores by ordered rules, a segment profile with
its share of future value, choosing the segments for a win-back coupon within a budget), an
estimator question judged by the partition it produces (adjusted Rand index against the
reference's partition, which does not depend on how the clusters are numbered), three choice
questions and one interview question (the original question 8: applications — segmentation).

Public cases come from the shipped customer table (``read_customer_table``), scored with notebook
02's reference ``rfm_scores``, and hand-built inputs; hidden cases from
:func:`grader.tables.variant_table` with the grading seed and random inputs. Each recorded
misconception is a small private function named ``_<name>`` after the mistake.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from grader import design
from grader.i18n import T
from grader.questions import (
    PUBLIC_SEED,
    Case,
    ChoiceQuestion,
    EstimatorQuestion,
    FunctionQuestion,
    Misconception,
    OpenQuestion,
    Rule,
)
from grader.registry import solutions
from grader.tables import read_customer_table, variant_table

#: the frames this notebook's questions work from: an assignment ships the customer table
INPUT_FRAMES = ("customer_table",)
sol = solutions("10")
fe = solutions("02")

#: customers per generated variant (about 70% are active before the snapshot)
N_CUSTOMERS = 1500
RFM = ["recency", "frequency", "monetary"]


def _variant_label(seed, n):
    return T(f"{n} customers of a generated shop variant (seed {seed})",
             f"一个生成的商店变体（随机种子 {seed}）中的 {n} 位客户")


def _scored(table):
    """The customer table with notebook 02's R, F, M scores (its reference ``rfm_scores``)."""
    scores = fe.rfm_scores(table[["customer_id", *RFM]])
    return table.assign(r_score=scores["r_score"], f_score=scores["f_score"], m_score=scores["m_score"])


def _shipped():
    return _scored(read_customer_table())


def _variant(seed):
    return _scored(variant_table(seed, n_customers=N_CUSTOMERS))


# =========================================================================================
# 1. rfm_segments: ordered rules on the scores
# =========================================================================================
def _score_grid(seed):
    """Every combination of R, F, M scores 1-5, shuffled, indexed by made-up customer ids."""
    grid = pd.DataFrame(list(itertools.product(range(1, 6), repeat=3)), columns=["r_score", "f_score", "m_score"])
    rng = np.random.default_rng(seed)
    grid = grid.iloc[rng.permutation(len(grid))]
    return grid.set_index(pd.Index(rng.choice(np.arange(1000, 9000), len(grid), replace=False), name="customer_id"))


def _segment_cases(seed):
    if seed == PUBLIC_SEED:
        yield Case((_score_grid(0),), label=T(
            "all 125 combinations of R, F, M scores 1-5 (every boundary), shuffled, indexed by customer_id",
            "R、F、M 分数 1-5 的全部 125 种组合（覆盖每个边界），已打乱，以 customer_id 为索引"))
        table = _shipped()[["customer_id", *RFM, "r_score", "f_score", "m_score"]]
        yield Case((table,), label=T("the shipped customer table scored as in notebook 02",
                                     "按第 02 本笔记本的方法打分后的随附客户表"))
        return
    table = _variant(seed)[["customer_id", *RFM, "r_score", "f_score", "m_score"]]
    yield Case((table,), label=_variant_label(seed, len(table)))
    yield Case((_score_grid(seed),), label="the score grid, shuffled")


def _recency_reversed(scored):
    return sol.rfm_segments(scored.assign(r_score=6 - scored["r_score"]))


def _loyal_first(scored):
    out = sol.rfm_segments(scored)
    return out.where(out != "champions", "loyal")


def _strict_bounds(scored):
    r, f, m = scored["r_score"], scored["f_score"], scored["m_score"]
    conditions = [(r > 4) & (f > 4) & (m > 4), (r > 3) & (f > 3), (r > 4) & (f < 2), (r < 2) & (f > 3),
                  (r < 2) & (f < 2)]
    names = ["champions", "loyal", "new", "at_risk", "hibernating"]
    return pd.Series(np.select(conditions, names, default="needs_attention"), index=scored.index,
                     name="segment", dtype=object)


def _no_m_check(scored):
    return sol.rfm_segments(scored.assign(m_score=5))


def _fresh_index(scored):
    return sol.rfm_segments(scored).reset_index(drop=True)


SEGMENTS = FunctionQuestion(
    id="seg.rfm_segments",
    level="junior",
    follow_ups=[
        T("Why does the order of the rules matter?", "为什么规则的顺序很重要？"),
        T("A customer scored 545 last month and 345 this month. What happened, and what would you do?",
          "一位客户上个月的分数是 545，本月是 345。发生了什么？你会怎么做？"),
        T("How would you check that these rules suit this shop rather than another one?",
          "你会如何检验这些规则适合这家商店，而不是照搬别家的？"),
    ],
    title=T("RFM segments from the scores, by ordered rules", "按有序规则从 RFM 分数得到客户细分"),
    prompt=T(
        "Write `rfm_segments(scored)`: from the int columns `r_score`, `f_score`, `m_score` (1-5, higher "
        "is better, so an R of 5 is the most recent fifth), return a Series named `segment` with "
        "`scored`'s index. Try the rules in order, the first match wins, bounds inclusive: champions "
        "(R ≥ 4, F ≥ 4, M ≥ 4), loyal (R ≥ 3, F ≥ 3), new (R ≥ 4, F ≤ 2), at_risk (R ≤ 2, F ≥ 3), "
        "hibernating (R ≤ 2, F ≤ 2), else needs_attention.",
        "请编写 `rfm_segments(scored)`：根据 int 列 `r_score`、`f_score`、`m_score`（1-5，越高越好，所以 "
        "R = 5 是最近购买的那五分之一客户），返回一个名为 `segment`、索引与 `scored` 相同的 Series。按顺序"
        "尝试各条规则，第一条满足的规则生效，边界都包含在内：champions（R ≥ 4、F ≥ 4、M ≥ 4）、loyal（R ≥ 3、"
        "F ≥ 3）、new（R ≥ 4、F ≤ 2）、at_risk（R ≤ 2、F ≥ 3）、hibernating（R ≤ 2、F ≤ 2），其余为 "
        "needs_attention。"),
    hints=[
        T("Write one boolean Series per rule, e.g. `(r >= 4) & (f >= 4) & (m >= 4)` for champions.",
          "每条规则写成一个布尔 Series，例如 champions 是 `(r >= 4) & (f >= 4) & (m >= 4)`。"),
        T("`np.select(conditions, names, default='needs_attention')` takes the first condition that is "
          "true, row by row: list the conditions in the rules' order.",
          "`np.select(conditions, names, default='needs_attention')` 逐行取第一个为真的条件：按规则的顺序"
          "排列这些条件。"),
        T("Wrap the result: `pd.Series(..., index=scored.index, name='segment')`.",
          "把结果包装成 `pd.Series(..., index=scored.index, name='segment')`。"),
    ],
    points=2,
    reference=sol.rfm_segments,
    cases=_segment_cases,
    compare_options={"check_names": True},
    misconceptions=[
        Misconception("recency_reversed", fn=_recency_reversed, message=T(
            "You read the recency *score* as if it were days: a high `r_score` as an old customer. "
            "Notebook 02's scores all point the same way, higher is better, so R = 5 is the most "
            "recent fifth of buyers (it was cut with the labels [5, 4, 3, 2, 1] on recency in days). "
            "With the direction reversed, your champions are customers who left months ago.",
            "你把 recency 的*分数*当成了天数来读：`r_score` 高就当成老客户。第 02 本笔记本的三个分数方向一致，"
            "越高越好，所以 R = 5 是最近购买的那五分之一客户（它是用标签 [5, 4, 3, 2, 1] 对以天计的 recency 切分"
            "得到的）。方向反了，你的 champions 就成了几个月前已经离开的客户。")),
        Misconception("loyal_first", fn=_loyal_first, message=T(
            "Nobody is a champion in your answer: every champion also satisfies the loyal rule "
            "(R ≥ 3, F ≥ 3), and your loyal rule was applied first (or overwrote champions later). "
            "Ordered rules mean the first match wins, so the narrowest, most valuable rule must come "
            "first — as `np.select` does with the conditions in the stated order.",
            "你的答案里没有一位 champions：每位 champions 都同时满足 loyal 规则（R ≥ 3、F ≥ 3），而你先应用了 "
            "loyal 规则（或者之后又覆盖了 champions）。有序规则意味着第一条满足的规则生效，所以最窄、最有价值的规则"
            "必须排在最前面——`np.select` 按给定顺序排列条件时正是这样做的。")),
        Misconception("strict_bounds", fn=_strict_bounds, message=T(
            "Your bounds are strict (`>` and `<`) where the rules say ≥ and ≤. On scores 1-5 that moves "
            "a whole quintile: R > 4 keeps only the top fifth, so customers scored 4 drop out of "
            "champions and new. With integer scores, write the bound exactly as stated: `r >= 4`.",
            "你的边界用了严格不等号（`>` 和 `<`），而规则写的是 ≥ 和 ≤。在 1-5 的分数上，这会移动整整一个五分位："
            "R > 4 只保留最高的五分之一，分数为 4 的客户就从 champions 和 new 中掉了出去。分数是整数，请严格按规"
            "则写边界：`r >= 4`。")),
        Misconception("no_m_check", fn=_no_m_check, message=T(
            "Your champions ignore M: a recent, frequent customer with small baskets (M ≤ 3) is a "
            "champion in your answer, but the rule asks for M ≥ 4 too; those customers are loyal.",
            "你的 champions 没有检查 M：一位最近常来但客单很小（M ≤ 3）的客户在你的答案里成了 champions，但规则"
            "还要求 M ≥ 4；这些客户应属于 loyal。")),
    ],
    rules=[
        Rule("first_match", T("the rules are tried in order; the first match wins",
                              "按顺序尝试各条规则，第一条满足的规则生效"),
             _loyal_first, misconception="loyal_first"),
        Rule("inclusive", T("bounds are inclusive (≥, ≤)", "边界包含在内（≥、≤）"),
             _strict_bounds, misconception="strict_bounds"),
        Rule("higher_is_better", T("R = 5 is the most recent fifth", "R = 5 是最近购买的五分之一客户"),
             _recency_reversed, misconception="recency_reversed"),
        Rule("index", T("the Series keeps `scored`'s index", "Series 保留 `scored` 的索引"),
             _fresh_index, case="all 125 combinations"),
    ],
)


# =========================================================================================
# 2. segment_profile: size, medians, share of future value
# =========================================================================================
def _toy_profile_table():
    return pd.DataFrame({
        "customer_id": [11, 12, 13, 14, 15, 16, 17, 18],
        "segment": ["loyal", "new", "loyal", "at_risk", "new", "loyal", "at_risk", "new"],
        "recency": [10, 3, 40, 200, 5, 25, 260, 8],
        "frequency": [6, 1, 4, 5, 1, 9, 3, 2],
        "monetary": [900.0, 40.0, 500.0, 1200.0, 60.0, 2500.0, 700.0, 90.0],
        "future_spend": [300.0, 100.0, 0.0, -50.0, 0.0, 100.0, 50.0, 100.0],
    })


def _profile_cases(seed):
    if seed == PUBLIC_SEED:
        yield Case((_toy_profile_table(),), label=T(
            "eight customers in three segments: two segments with equal value shares, a refund "
            "(negative future spend), and past spend that ranks the segments differently",
            "三个细分中的八位客户：两个细分的价值占比相等，有一笔退款（未来消费为负），且过去的消费给出的细分排序"
            "不同"))
        table = _shipped()
        table = table.assign(segment=sol.rfm_segments(table))
        yield Case((table,), label=T("the shipped customer table with its RFM segments",
                                     "带有 RFM 细分的随附客户表"))
        return
    table = _variant(seed)
    table = table.assign(cluster=sol.kmeans_segments().fit_predict(table[RFM]))
    yield Case((table,), {"by": "cluster"}, label=_variant_label(seed, len(table)))
    table = table.assign(segment=sol.rfm_segments(table))
    yield Case((table,), label="the same variant's RFM segments")


def _past_value(table, by="segment"):
    return sol.segment_profile(table.assign(future_spend=table["monetary"]), by)


def _means(table, by="segment"):
    out = sol.segment_profile(table, by)
    means = table.groupby(by)[RFM].mean()
    for col in RFM:
        out[f"median_{col}"] = out[by].map(means[col]).to_numpy()
    return out


def _sorted_by_size(table, by="segment"):
    out = sol.segment_profile(table, by)
    return out.sort_values(["customers", by], ascending=[False, True], kind="stable").reset_index(drop=True)


def _mean_spend_share(table, by="segment"):
    out = sol.segment_profile(table, by)
    mean_spend = table.groupby(by)["future_spend"].mean()
    share = out[by].map(mean_spend / mean_spend.sum()).to_numpy()
    out = out.assign(value_share=share)
    return out.sort_values(["value_share", by], ascending=[False, True], kind="stable").reset_index(drop=True)


PROFILE = FunctionQuestion(
    id="seg.segment_profile",
    level="mid",
    follow_ups=[
        T("Why measure the value share on the future window rather than on past spend?",
          "为什么要在未来窗口上衡量价值占比，而不是用过去的消费？"),
        T("Why medians rather than means in the profile?", "画像里为什么用中位数而不是均值？"),
        T("A segment holds 20% of customers and 1% of future value. What would you do with it?",
          "一个细分占 20% 的客户，却只带来 1% 的未来价值。你会怎么处理它？"),
    ],
    title=T("Segment profile and share of future value", "细分画像与未来价值占比"),
    prompt=T(
        "Write `segment_profile(segmented, by='segment')`: one row per value of `segmented[by]`, with `by`, "
        "`customers`, `customer_share` (customers / all), `median_recency`, `median_frequency`, "
        "`median_monetary` and `value_share` (the segment's total `future_spend` / the total "
        "`future_spend` of all customers), sorted by `value_share` from the highest (equal shares "
        "by segment), with a fresh RangeIndex.",
        "请编写 `segment_profile(segmented, by='segment')`：`segmented[by]` 的每个取值一行，列为 `by`、`customers`、"
        "`customer_share`（客户数 / 全部客户数）、`median_recency`、`median_frequency`、`median_monetary` "
        "和 `value_share`（该细分的 `future_spend` 总和 / 全部客户的 `future_spend` 总和），按 "
        "`value_share` 从高到低排序（相同时按细分名），并重建 RangeIndex。"),
    hints=[
        T("`segmented.groupby(by).agg(customers=('future_spend', 'size'), median_recency=('recency', "
          "'median'), ..., future=('future_spend', 'sum'))` gives one row per segment.",
          "`segmented.groupby(by).agg(customers=('future_spend', 'size'), median_recency=('recency', "
          "'median'), ..., future=('future_spend', 'sum'))` 得到每个细分一行。"),
        T("Divide by the totals of the whole table: `len(segmented)` and `segmented['future_spend'].sum()`.",
          "除以整张表的总数：`len(segmented)` 和 `segmented['future_spend'].sum()`。"),
        T("`sort_values(['value_share', by], ascending=[False, True])`, then `reset_index()` so `by` "
          "becomes a column, and keep the columns in the stated order.",
          "`sort_values(['value_share', by], ascending=[False, True])`，再 `reset_index()` 让 `by` 成为"
          "一列，并按要求的顺序保留各列。"),
    ],
    points=2,
    reference=sol.segment_profile,
    cases=_profile_cases,
    compare_options={"rtol": 1e-6, "atol": 1e-9},
    misconceptions=[
        Misconception("past_value", fn=_past_value, message=T(
            "Your value share comes from `monetary`, the spend *before* the snapshot. That is where the "
            "value was, not where it will be: segments of lapsed big spenders (at risk) hold much past "
            "spend and little future spend. Marketing budgets follow future value, measured on the "
            "label window: use `future_spend`.",
            "你的价值占比来自 `monetary`，也就是快照*之前*的消费。那是价值过去所在的地方，而不是将来所在的地方："
            "流失的大客户（at risk）过去消费很多，未来消费很少。营销预算应跟随未来价值，用标签窗口来衡量：请使用 "
            "`future_spend`。")),
        Misconception("means", fn=_means, message=T(
            "Your profile uses means. Spend and frequency are heavily skewed: a handful of customers "
            "with 50 orders pull a segment's mean far above what its typical member does, so the "
            "segment would be named after its outliers. Use medians (`'median'` in `agg`).",
            "你的画像用了均值。消费和频次都严重右偏：少数下了 50 单的客户会把一个细分的均值拉到远高于典型成员的"
            "水平，细分就会以它的离群客户来命名。请使用中位数（`agg` 中的 `'median'`）。")),
        Misconception("sorted_by_size", fn=_sorted_by_size, message=T(
            "Your rows are sorted by the number of customers; the task sorts by `value_share`, from "
            "the highest. The biggest segment is rarely the most valuable one, and that contrast is "
            "what the table is for.",
            "你的行按客户数排序；题目要求按 `value_share` 从高到低排序。最大的细分很少是最有价值的，而这张表要展示"
            "的正是这种反差。")),
        Misconception("mean_spend_share", fn=_mean_spend_share, message=T(
            "Your value share divides each segment's *mean* future spend by the sum of the means. "
            "That ignores the segments' sizes: a segment of 10 rich customers would get a bigger share "
            "than one of 500 good ones. The share of value is the segment's *total* future spend over "
            "the grand total.",
            "你的价值占比是用每个细分的*平均*未来消费除以各均值之和。这忽略了细分的规模：10 位富裕客户组成的细分会"
            "比 500 位优质客户组成的细分占比更大。价值占比应是该细分未来消费的*总和*除以全体总和。")),
    ],
    rules=[
        Rule("future_value", T("the value share is measured on `future_spend`", "价值占比按 `future_spend` 计算"),
             _past_value, misconception="past_value"),
        Rule("medians", T("the profile uses medians", "画像使用中位数"), _means, misconception="means"),
        Rule("sorted", T("rows sorted by `value_share`, highest first", "各行按 `value_share` 从高到低排序"),
             _sorted_by_size, misconception="sorted_by_size"),
    ],
)


# =========================================================================================
# 3. The estimator question: log1p → StandardScaler → KMeans, judged by its partition
# =========================================================================================
def _reference_partition(X):
    return sol.kmeans_segments().fit_predict(X)


def _kmeans_case(X, label):
    X = X.reset_index(drop=True)
    return Case((X, None, X, pd.Series(_reference_partition(X))), label=label)


def _kmeans_cases(seed):
    if seed == PUBLIC_SEED:
        yield _kmeans_case(read_customer_table()[RFM], T(
            "recency, frequency and monetary of the 3500 customers of the shipped table",
            "随附客户表 3500 位客户的 recency、frequency 和 monetary"))
        return
    X = variant_table(seed, n_customers=N_CUSTOMERS)[RFM]
    yield _kmeans_case(X, _variant_label(seed, len(X)))


def _kmeans_of(description):
    return next((p for p in design.parts(description) if design.is_a(p, "sklearn.KMeans")), None)


#: steps that put the features on one scale
_SCALERS = ("StandardScaler", "RobustScaler", "MinMaxScaler", "MaxAbsScaler", "PowerTransformer",
            "QuantileTransformer")
#: steps that can tame the skew of spend and frequency
_LOG_LIKE = ("FunctionTransformer", "PowerTransformer", "QuantileTransformer")


def _no_scaler(description, case):
    return not any(design.class_name(p) in _SCALERS for p in design.parts(description))


def _no_log(description, case):
    return not any(design.class_name(p) in _LOG_LIKE for p in design.parts(description))


def _unseeded(description, case):
    km = _kmeans_of(description)
    return km is not None and design.param(km, "random_state") is None


def _few_starts(description, case):
    km = _kmeans_of(description)
    if km is None:
        return False
    n_init = design.param(km, "n_init")
    return not isinstance(n_init, int) or n_init < 10


def _kmeans(**overrides):
    options = dict(n_clusters=sol.N_CLUSTERS, n_init=10, random_state=0)
    options.update(overrides)
    return KMeans(**options)


def _log():
    return FunctionTransformer(np.log1p)


def _without_scaler():
    return make_pipeline(_log(), _kmeans())


def _without_log():
    return make_pipeline(StandardScaler(), _kmeans())


def _without_seed():
    return make_pipeline(_log(), StandardScaler(), _kmeans(random_state=None))


def _default_starts():
    return make_pipeline(_log(), StandardScaler(), _kmeans(n_init="auto"))


KMEANS = EstimatorQuestion(
    id="seg.kmeans",
    level="mid",
    follow_ups=[
        T("Why log before scaling, and not only scaling?", "为什么先取对数再标准化，而不只是标准化？"),
        T("How did you choose four clusters, and what would make you choose another number?",
          "你是怎么选出四个簇的？什么情况会让你改选别的数目？"),
        T("Next month the clusters come back numbered differently. How do you keep the segment names stable?",
          "下个月簇的编号变了。你如何保持细分名称的稳定？"),
    ],
    name="kmeans",
    title=T("k-means segments on log-scaled RFM", "在取对数并标准化的 RFM 上做 k-means 细分"),
    prompt=T(
        f"Build an **unfitted** pipeline that clusters customers on `recency`, `frequency`, `monetary`: "
        f"`log1p`, then `StandardScaler`, then `KMeans` with {sol.N_CLUSTERS} clusters, `n_init=10` and "
        f"`random_state=0`. It is fitted on a customer table and judged by the partition its `predict` "
        f"gives, compared with the reference's by the adjusted Rand index (cluster numbers do not "
        f"matter).",
        f"构建一个**未拟合**的流水线，在 `recency`、`frequency`、`monetary` 上对客户聚类：先 `log1p`，再 "
        f"`StandardScaler`，再 `KMeans`（{sol.N_CLUSTERS} 个簇，`n_init=10`，`random_state=0`）。它会在一张客户"
        f"表上拟合，并以 `predict` 给出的划分评判：用调整兰德指数（ARI）与参考答案的划分比较（簇的编号无关紧要）。"),
    hints=[
        T("`make_pipeline(FunctionTransformer(np.log1p), StandardScaler(), KMeans(...))`",
          "`make_pipeline(FunctionTransformer(np.log1p), StandardScaler(), KMeans(...))`"),
        T(f"`KMeans(n_clusters={sol.N_CLUSTERS}, n_init=10, random_state=0)`: ten starts keep the best "
          f"(lowest inertia) run; the fixed seed makes the partition reproducible.",
          f"`KMeans(n_clusters={sol.N_CLUSTERS}, n_init=10, random_state=0)`：十次起点保留最好（惯性最小）的"
          f"一次；固定的随机种子让划分可复现。"),
    ],
    points=2,
    reference=sol.kmeans_segments,
    cases=_kmeans_cases,
    metric="adjusted_rand_score",
    tolerance=0.05,
    time_limit=20.0,
    misconceptions=[
        Misconception("no_scaler", design=_no_scaler, message=T(
            "Your pipeline does not scale the features before k-means. k-means assigns each customer to "
            "the nearest centre by Euclidean distance, so the feature with the widest range decides "
            "alone: raw monetary spans tens of thousands, recency a few hundred days, frequency a few "
            "dozen orders, and the clusters become bands of spend. Put a `StandardScaler` before `KMeans`.",
            "你的流水线在 k-means 之前没有对特征做标准化。k-means 按欧氏距离把每位客户分到最近的中心，所以取值范围"
            "最大的特征独自说了算：原始 monetary 的跨度是几万，recency 是几百天，frequency 是几十单，簇就成了按消费切"
            "出的几条带。请在 `KMeans` 之前加上 `StandardScaler`。")),
        Misconception("no_log", design=_no_log, message=T(
            "Your pipeline scales the raw values without taming their skew first. Spend and frequency "
            "have long right tails: after scaling, the few customers with 50 orders or 50,000 in spend "
            "sit many standard deviations out and get clusters of their own, while most customers are "
            "squeezed into one. `FunctionTransformer(np.log1p)` before the scaler spreads them out "
            "(log1p because recency can be 0).",
            "你的流水线直接对原始值做标准化，没有先处理偏态。消费和频次都有很长的右尾：标准化之后，少数 50 单或消费 "
            "5 万的客户离中心有好几个标准差，各自占一个簇，而大多数客户被挤进同一个簇。在标准化之前加 "
            "`FunctionTransformer(np.log1p)` 能把他们摊开（用 log1p 是因为 recency 可能为 0）。")),
        Misconception("unseeded", design=_unseeded, message=T(
            "Your `KMeans` has no `random_state`: its starting centres are random, so the partition, "
            "and the cluster numbers marketing would see, can change from one run to the next. Fix "
            "`random_state=0` so the segments are reproducible.",
            "你的 `KMeans` 没有设 `random_state`：初始中心是随机的，划分以及营销看到的簇编号都可能每次运行都不同。"
            "请固定 `random_state=0`，让细分可复现。")),
        Misconception("few_starts", design=_few_starts, message=T(
            "Your `KMeans` runs fewer than ten starts (`n_init='auto'` is a single start with "
            "k-means++). One start can end in a poor local minimum; with `n_init=10` k-means keeps "
            "the run with the lowest inertia, which makes the result far less dependent on the seed.",
            "你的 `KMeans` 起点少于十次（`n_init='auto'` 在 k-means++ 下只有一次起点）。单次起点可能停在较差的局"
            "部最优；`n_init=10` 时 k-means 保留惯性最小的那次，结果对随机种子的依赖小得多。")),
    ],
    rules=[
        Rule("scaled", T("`StandardScaler` before `KMeans`", "`KMeans` 之前做 `StandardScaler`"),
             _without_scaler, misconception="no_scaler"),
        Rule("log", T("`log1p` before the scaler", "标准化之前做 `log1p`"), _without_log, misconception="no_log"),
        Rule("seeded", T("`random_state=0`", "`random_state=0`"), _without_seed, misconception="unseeded"),
        Rule("starts", T("`n_init=10`", "`n_init=10`"), _default_starts, misconception="few_starts"),
    ],
)


# =========================================================================================
# 4. choose_segments: the win-back coupon within a budget
# =========================================================================================
def _campaign():
    return pd.DataFrame({
        "segment": ["at_risk", "hibernating", "loyal", "needs_attention", "new", "champions"],
        "customers": [750, 650, 810, 270, 480, 540],
        "uplift": [6.0, 2.5, 4.0, 4.0, 7.5, 1.5],
    })


def _choose_cases(seed):
    if seed == PUBLIC_SEED:
        yield Case((_campaign(), 4000.0, 2.0), label=T(
            "six segments, budget 4000, 2 per contact: the biggest total gain is not the best per "
            "contact, one segment does not fit but a smaller one after it does, one loses money",
            "六个细分，预算 4000，每次触达 2 元：总收益最大的细分并非单次触达收益最高，有一个细分放不下但其后较小"
            "的细分放得下，还有一个细分会亏钱"))
        yield Case((_campaign(), 3000.0, 2.0), label=T(
            "the same segments with a budget of 3000 that the chosen segments use exactly",
            "同样的细分，预算 3000 恰好被选中的细分用完"))
        yield Case((_campaign().iloc[[1, 5]].reset_index(drop=True), 100000.0, 3.0), label=T(
            "only segments whose uplift is below the cost, and a huge budget",
            "只有增量低于成本的细分，而预算非常充足"))
        return
    rng = np.random.default_rng(seed)
    scale = int(rng.integers(2, 5))  # the public campaign, resized and shuffled: the same edge cases
    campaign = _campaign().assign(customers=lambda d: d["customers"] * scale).sample(frac=1, random_state=seed)
    for budget in (4000.0, 3000.0):
        yield Case((campaign.reset_index(drop=True), budget * scale, 2.0), label="the campaign resized")
    yield Case((campaign.iloc[[0, 1]].assign(uplift=[1.0, 0.5]).reset_index(drop=True), 1e6, 1.0),
               label="unprofitable segments")
    for _ in range(3):
        n = int(rng.integers(4, 9))
        segments = pd.DataFrame({"segment": [f"s{i}" for i in rng.permutation(n)],
                                 "customers": rng.integers(50, 900, n),
                                 "uplift": rng.choice(np.arange(0.5, 9.0, 0.5), n)})
        cost = float(rng.choice([1.0, 1.5, 2.0, 3.0]))
        budget = float(rng.integers(2, 8) * 500)
        yield Case((segments, budget, cost), label="random segments")


def _rank_by_total(segments, budget, cost):
    net = segments["uplift"] - cost
    ranked = segments.assign(net=net, total=net * segments["customers"]).sort_values(
        ["total", "segment"], ascending=[False, True], kind="stable")
    chosen, left = [], budget
    for row in ranked.itertuples(index=False):
        spend = row.customers * cost
        if row.net > 0 and spend <= left:
            chosen.append(row.segment)
            left -= spend
    return chosen


def _stop_at_misfit(segments, budget, cost):
    ranked = segments.assign(net=segments["uplift"] - cost).sort_values(
        ["net", "segment"], ascending=[False, True], kind="stable")
    chosen, left = [], budget
    for row in ranked.itertuples(index=False):
        spend = row.customers * cost
        if row.net <= 0 or spend > left:
            break
        chosen.append(row.segment)
        left -= spend
    return chosen


def _takes_unprofitable(segments, budget, cost):
    ranked = segments.assign(net=segments["uplift"] - cost).sort_values(
        ["net", "segment"], ascending=[False, True], kind="stable")
    chosen, left = [], budget
    for row in ranked.itertuples(index=False):
        spend = row.customers * cost
        if spend <= left:
            chosen.append(row.segment)
            left -= spend
    return chosen


def _strict_budget(segments, budget, cost):
    ranked = segments.assign(net=segments["uplift"] - cost).sort_values(
        ["net", "segment"], ascending=[False, True], kind="stable")
    chosen, left = [], budget
    for row in ranked.itertuples(index=False):
        spend = row.customers * cost
        if row.net > 0 and spend < left:
            chosen.append(row.segment)
            left -= spend
    return chosen


CHOOSE = FunctionQuestion(
    id="seg.choose_segments",
    level="mid",
    follow_ups=[
        T("Where does the uplift per contact come from, and why not from who bought after last year's coupon?",
          "单次触达的增量从哪里来？为什么不能用去年收到优惠券后下单的客户来算？"),
        T("Why is the greedy choice by net gain per contact not always the best use of the budget?",
          "为什么按单次触达净收益贪心选择，并不总是预算的最优用法？"),
        T("How would you measure the campaign's real uplift afterwards?", "事后你会如何衡量这次活动真实的增量？"),
    ],
    title=T("Which segments get the win-back coupon", "哪些细分发放挽回优惠券"),
    prompt=T(
        "Write `choose_segments(segments, budget, cost)`: `segments` has `segment`, `customers` and "
        "`uplift` (expected extra margin per contacted customer). Go down the segments by net gain "
        "per contact, `uplift - cost`, highest first (equal gains by segment name); take a whole "
        "segment when `customers * cost` fits in what is left of the budget (equal fits), otherwise "
        "skip it and try the next; never take a segment whose net gain is not positive. Return the "
        "chosen names in the order chosen.",
        "请编写 `choose_segments(segments, budget, cost)`：`segments` 含 `segment`、`customers` 和 `uplift`"
        "（每触达一位客户预期带来的额外毛利）。按单次触达净收益 `uplift - cost` 从高到低依次考虑各细分（相同时按"
        "细分名）；若 `customers * cost` 不超过剩余预算（相等也可以），就整体选中该细分，否则跳过它、继续看下一"
        "个；净收益不为正的细分一律不选。按选中的顺序返回细分名列表。"),
    hints=[
        T("`segments.assign(net=segments['uplift'] - cost).sort_values(['net', 'segment'], "
          "ascending=[False, True])`",
          "`segments.assign(net=segments['uplift'] - cost).sort_values(['net', 'segment'], "
          "ascending=[False, True])`"),
        T("Loop over the rows with a running `left = budget`; a segment that does not fit is skipped "
          "(`continue`), not the end of the list (`break`).",
          "逐行遍历，维护剩余预算 `left = budget`；放不下的细分要跳过（`continue`），而不是结束整个列表（`break`）。"),
    ],
    points=2,
    reference=sol.choose_segments,
    cases=_choose_cases,
    misconceptions=[
        Misconception("rank_by_total", fn=_rank_by_total, message=T(
            "You ranked the segments by their *total* net gain (customers × net gain), so a big "
            "segment with a thin margin per contact comes first and eats the budget. When the budget "
            "is the constraint, each unit of money should go where it earns most: rank by net gain "
            "*per contact*, `uplift - cost`.",
            "你按细分的*总*净收益（客户数 × 净收益）排序，于是一个规模大、单次触达收益薄的细分排在前面，吃掉了预算。"
            "预算是约束时，每一分钱都应投向回报最高的地方：请按*单次触达*净收益 `uplift - cost` 排序。")),
        Misconception("strict_budget", fn=_strict_budget, message=T(
            "A segment whose cost equals the remaining budget is left out in your answer (`<` where "
            "the task says it fits when equal, `<=`). Spending the budget exactly is allowed.",
            "你的答案把成本恰好等于剩余预算的细分排除了（题目说相等也放得下，应是 `<=`，你用了 `<`）。恰好花完预算"
            "是允许的。")),
        Misconception("takes_unprofitable", fn=_takes_unprofitable, message=T(
            "You also took segments whose uplift does not cover the contact cost, because budget was "
            "left. A budget is a ceiling, not a target: every such contact loses money (the coupon costs "
            "more than the extra margin it brings). Only take segments with `uplift - cost > 0`.",
            "因为还剩预算，你把增量抵不上触达成本的细分也选上了。预算是上限，不是必须花完的目标：每一次这样的触达都在"
            "亏钱（优惠券的成本高于它带来的额外毛利）。只选 `uplift - cost > 0` 的细分。")),
        Misconception("stop_at_misfit", fn=_stop_at_misfit, message=T(
            "Your loop stops at the first segment that does not fit the remaining budget. A smaller "
            "segment further down may still fit and still earn more than it costs: skip the segment "
            "that does not fit (`continue`) and keep going.",
            "你的循环在第一个放不下的细分处就停止了。后面较小的细分可能仍然放得下，而且仍然收益高于成本：请跳过放不下"
            "的细分（`continue`），继续往下看。")),
    ],
    rules=[
        Rule("per_contact", T("ranked by net gain per contact", "按单次触达净收益排序"), _rank_by_total,
             misconception="rank_by_total"),
        Rule("skip_misfit", T("a segment that does not fit"
             " is skipped, not the end", "放不下的细分跳过，而不是到此为止"),
             _stop_at_misfit, misconception="stop_at_misfit"),
        Rule("profitable_only", T("never a segment with a net gain ≤ 0", "净收益 ≤ 0 的细分一律不选"),
             _takes_unprofitable, misconception="takes_unprofitable"),
        Rule("equal_fits", T("a segment that uses the budget exactly fits", "恰好用完预算的细分放得下"),
             _strict_budget, misconception="strict_budget", case="exactly"),
    ],
)


# =========================================================================================
# 5-7. Choice questions
# =========================================================================================
SILHOUETTE = ChoiceQuestion(
    id="seg.silhouette",
    level="junior",
    follow_ups=[
        T("What does a customer with a negative silhouette look like?", "轮廓系数为负的客户是什么样的？"),
        T("Would you still use four segments? How would you defend it to marketing?",
          "你还会用四个细分吗？你会如何向市场部门说明理由？"),
    ],
    name="silhouette",
    title=T("What a silhouette of about 0.3 says", "约 0.3 的轮廓系数说明了什么"),
    prompt=T(
        "On the log-scaled RFM of the shop, k-means with k = 2 … 8 gives mean silhouettes between "
        "about 0.28 and 0.37, and the inertia falls smoothly with no sharp elbow. What do you conclude?",
        "在商店取对数并标准化的 RFM 上，k = 2 … 8 的 k-means 平均轮廓系数都在约 0.28 到 0.37 之间，惯性平滑下降，"
        "没有明显的拐点。你的结论是什么？"),
    options={
        "a": T("The clustering failed: with a silhouette below 0.5 segments must not be used.",
               "聚类失败了：轮廓系数低于 0.5 时，细分一律不能使用。"),
        "b": T("Customers form a continuum: choose k by use and stability, not by the score.",
               "客户是连续分布的：按用途和稳定性选 k，而不是按这个分数。"),
        "c": T("k = 2 has the best silhouette, so two segments are the right business answer.",
               "k = 2 的轮廓系数最高，所以两个细分就是正确的业务答案。"),
        "d": T("Inertia keeps falling, so more clusters are always better: take the largest k.",
               "惯性一直在下降，所以簇越多越好：取最大的 k。"),
    },
    answer=sol.SILHOUETTE_READING,
    explanations={
        "a": T("0.3 says the groups overlap, not that they are useless: segments are a way to cut a "
               "continuum into actionable parts, and a cut can be useful without natural gaps.",
               "0.3 说明各组相互重叠，而不是没有用处：细分是把一个"
               "连续体切成可执行的几块，没有天然的间隙，切分也可以有用。"),
        "b": T("Silhouettes near 0.3 for every k and no elbow mean there are no well-separated groups; "
               "any k is a choice, made for the actions it supports and checked for stability (ARI "
               "across seeds) and for different value shares.",
               "每个 k 的轮廓系数都在 0.3 附近、也没有拐点，说明不"
               "存在分得很开的组；任何 k 都是一种选择，应根据它能支持的"
               "行动来定，并检查稳定性（不同随机种子间的 ARI）以及各组的价值占比是否不同。"),
        "c": T("A difference of a few hundredths between k values is within noise here, and two groups "
               "(roughly active vs lapsed) are too coarse for different actions.",
               "这里不同 k 之间几个百分点的差别在噪声范围内，而两"
               "个组（大致是活跃与流失）对于制定不同的行动来说太粗了。"),
        "d": T("Inertia always falls as k grows (n clusters of one customer give 0); only a bend in the "
               "curve would be a signal, and there is none.",
               "惯性总是随 k 增大而下降（每个客户单独成簇时为 0）；只有曲线上的拐点才算信号，而这里没有。"),
    },
    hints=[T("Ask what the silhouette measures for one customer, and what happens to inertia as k grows.",
             "想一想轮廓系数对单个客户衡量的是什么，以及惯性随 k 增大会怎样变化。")],
)

UNSCALED = ChoiceQuestion(
    id="seg.unscaled",
    level="junior",
    follow_ups=[
        T("Would min-max scaling fix it? What about the outliers?", "最小-最大缩放能解决吗？离群值怎么办？"),
        T("Which other algorithms share this problem, and which do not?", "还有哪些算法有同样的问题？哪些没有？"),
    ],
    name="unscaled",
    title=T("Why raw k-means cuts only on spend", "为什么原始 k-means 只按消费切分"),
    prompt=T(
        "k-means on the raw recency (days), frequency (orders) and monetary (yuan) gives four clusters "
        "whose monetary ranges do not overlap, while each contains every recency. Why?",
        "在原始的 recency（天）、frequency（单数）和 monetary（元）上做 k-means，得到的四个簇在 monetary 上的区间"
        "互不重叠，而每个簇里各种 recency 都有。为什么？"),
    options={
        "a": T("Monetary is the feature most related to value, and k-means finds it on its own.",
               "monetary 是与价值最相关的特征，k-means 自己发现了这一点。"),
        "b": T("k-means needs categorical features; numeric ones must be binned into quintiles.",
               "k-means 需要类别特征；数值特征必须先分箱成五分位。"),
        "c": T("The recency and frequency columns have too many ties for k-means to use them.",
               "recency 和 frequency 列的重复值太多，k-means 无法使用它们。"),
        "d": T("Distances are in raw units, so monetary's range of thousands outweighs the rest.",
               "距离按原始单位计算，monetary 数千的取值范围压倒了其他特征。"),
    },
    answer=sol.UNSCALED_SPLIT,
    explanations={
        "a": T("k-means knows nothing about value; it minimises squared Euclidean distances, and "
               "monetary dominates them only because of its units.",
               "k-means 对价值一无所知；它最小化的是欧氏距离的平方，monetary 主导距离只是因为它的单位。"),
        "b": T("k-means works on numeric features (it averages them into centres); binning would "
               "throw information away and is not the cause.",
               "k-means 处理的正是数值特征（它把特征平均成中心）；分箱会丢失信息，也不是原因所在。"),
        "c": T("Ties do not stop k-means; frequency has many ties and still separates clusters once "
               "the features are on one scale.",
               "重复值不会妨碍 k-means；frequency 有很多重复值，但特征统一尺度后依然能区分各簇。"),
        "d": T("A difference of 1000 yuan counts as much as 1000 days or 1000 orders, so the squared "
               "distances are almost all monetary; scale (after a log) to give each feature a say.",
               "1000 元的差距与 1000 天或 1000 单的差距同等计入，所以距离平方几乎全来自 monetary；（取对数后）标准化，"
               "才能让每个特征都有发言权。"),
    },
    hints=[T("Write the squared distance between two customers in their raw units.",
             "用原始单位写出两位客户之间的距离平方。")],
)

VS_MODEL = ChoiceQuestion(
    id="seg.vs_model",
    level="senior",
    follow_ups=[
        T("How would you combine the two in one campaign?", "你会如何在一次活动中把两者结合起来？"),
        T("Your value model and the RFM segments disagree about a customer. Which do you trust?",
          "你的价值模型和 RFM 细分对同一位客户的判断不一致。你相信哪一个？"),
    ],
    name="vs_model",
    title=T("Segments or a value model?", "细分还是价值模型？"),
    prompt=T(
        "Marketing has budget to call 1,000 of 3,500 customers next week about a high-end product and "
        "wants the 1,000 most likely to spend. Separately, the CEO wants to know how the customer base "
        "is composed. What do you use?",
        "市场部门下周有预算给 3500 位客户中的 1000 位打电话推荐一款高端产品，希望找出最可能消费的 1000 位。另外，"
        "CEO 想了解客户群的构成。你会用什么？"),
    options={
        "a": T("RFM segments for both: the champions are the list, and the segments are the picture.",
               "两者都用 RFM 细分：champions 就是名单，细分就是全貌。"),
        "b": T("A value model for both: its deciles describe the base as well as segments would.",
               "两者都用价值模型：它的十分位描述客户群的效果不亚于细分。"),
        "c": T("A value model ranks the call list; segments describe the base and set the strategy.",
               "用价值模型给电话名单排序；用细分描述客户群、制定策略。"),
        "d": T("k-means clusters for both: they are learned from data, so they rank best too.",
               "两者都用 k-means 聚类：它们是从数据中学到的，所以排序也最好。"),
    },
    answer=sol.SEGMENTS_VS_MODEL,
    explanations={
        "a": T("Champions are about 15% of customers (not 1,000 in the right order), and inside a "
               "segment everyone looks alike; a score ranks individuals with every feature.",
               "champions 约占客户的 15%（不是按正确顺序排好的 1000 人），而且同一细分内每个人看起来都一样；评分模型"
               "用全部特征对个人排序。"),
        "b": T("Deciles of one score say who is worth more, not why: they mix active newcomers with "
               "lapsed big spenders, which need different actions and different messages.",
               "单个分数的十分位只说明谁更有价值，不说明原因：它把活"
               "跃的新客户和流失的大客户混在一起，而这两类需要不同的"
               "行动和不同的话术。"),
        "c": T("Ranking for one decision is a supervised job (trained on the future-window label, "
               "judged by lift); describing the base in a few nameable groups is what segments are for.",
               "为一个决策排序是监督学习的任务（用未来窗口标签训练、用提升度评估）；把客户群描述成几个能命名的组，才是"
               "细分的用途。"),
        "d": T("Clusters are learned without the label, so nothing makes them rank by future spend; "
               "they describe, they do not predict.",
               "聚类的学习不使用标签，没有任何机制让它们按未来消费排序；它们用于描述，而不是预测。"),
    },
    hints=[T("Separate the two jobs: ranking individuals for one decision, and describing groups.",
             "把两件事分开：为一个决策给个人排序，以及描述群体。")],
)


# =========================================================================================
# Interview
# =========================================================================================
NAME_AND_ACT = OpenQuestion(
    id="seg.name_and_act",
    level="mid",
    follow_ups=[
        T("Which segment would you not contact at all, and why?", "哪个细分你完全不会去触达？为什么？"),
        T("How would you show a year later that the segmentation made money?",
          "一年后你会如何证明这次细分带来了收益？"),
    ],
    name="name_and_act",
    title=T("Interview: segments you can name and act on", "面试题：能命名、能行动的细分"),
    prompt=T("The original question 8 asks for applications of customer value models, segmentation "
             "among them. How would you segment this shop's customers, name the segments, and turn them "
             "into actions with a budget?",
             "原题第 8 问问到客户价值模型的应用，其中包括客户细分。你会如何对这家商店的客户做细分、给细分命名，并在预算"
             "约束下把它们变成行动？"),
    model_answer=T(sol.NAME_ANSWER,
                   "细分把客户群变成市场团队能命名、能估算规模、能采取"
                   "行动的几个组。我会从业务问题出发（挽回谁、奖励谁、"
                   "不打扰谁），用快照时的数据：recency、frequency 和 monetary，做 k-means 时先取对数再标准化，做规则"
                   "细分时打成五分位分数。规则细分（champions、loyal、new、at risk、hibernating）透明，逐月稳定；"
                   "k-means 找出数据中实际存在的组，用轮廓系数和惯性"
                   "选 k，并检查不同随机种子之间的稳定性（调整兰德指数）。"
                   "我根据画像而不是编号给细分命名：中位 recency、fre"
                   "quency 和消费、规模，以及在之后的窗口上衡量的未来价值"
                   "占比（例如“流失的常客：过去每月都买，已沉默 8 个月”）。然后给每个细分一个行动和一个数字：champions "
                   "给会员权益和抢先体验（而不是他们不需要的折扣），新"
                   "客户给引导第二单的培育序列，有流失风险的常客发挽回"
                   "优惠券，沉睡的一次性客户给低成本的提醒或者不触达。哪"
                   "些细分发优惠券是预算决策：每次触达的预期增量（来自 "
                   "A/B 测试，而不是本来就会购买的人）减去触达成本，"
                   "从高到低选，直到预算用完，并在每个细分里留出对照组来衡"
                   "量真实增量。细分用于沟通和制定策略；为一次活动给个人排"
                   "序时，价值模型（或增量（uplift）模型）排得更好，"
                   "两者也可以很好地结合：在每个细分内部用模型的分数排"
                   "序。最后我会跟踪细分规模和客户在细分间的迁移，因为把"
                   "客户从 at risk 拉回 loyal 才是目标。"),
    rubric=[
        (T("Features as of a snapshot; log and scaling for k-means, or scores for rules",
           "快照时的特征；k-means 要取对数并标准化，规则细分用分数"), 1.0),
        (T("Choosing and checking the segments: silhouette/inertia, stability, rules vs clusters",
           "选择和检验细分：轮廓系数/惯性、稳定性、规则与聚类的取舍"), 1.0),
        (T("Names from profiles (medians, size, future value share), not cluster numbers",
           "根据画像（中位数、规模、未来价值占比）而非簇编号命名"), 1.0),
        (T("An action per segment, chosen by expected uplift minus cost within a budget, with a holdout",
           "每个细分一个行动，在预算内按预期增量减成本选择，并留出对照组"), 1.0),
        (T("Segments vs a value model for ranking, and combining them; tracking migrations",
           "细分与用于排序的价值模型的区别及结合；跟踪客户迁移"), 1.0),
    ],
    hints=[T("Go from data to groups, from groups to names, from names to actions and a budget.",
             "从数据到分组，从分组到命名，从命名到行动和预算。")],
    points=5,
)


QUESTIONS = [SEGMENTS, PROFILE, KMEANS, CHOOSE, SILHOUETTE, UNSCALED, VS_MODEL, NAME_AND_ACT]
