"""Questions of notebook 03: measuring missing data, its mechanisms, and handling it without leaks.

References live in ``solutions/03_missing_data.py``. Public cases are hand-built edge cases
plus tables of a fixed generated shop; hidden cases draw the shop variants from the grading
seed (:func:`grader.tables.variant_table`). Each recorded misconception is a small private
function named ``_<name>`` after the mistake, with the reference's signature (for an
estimator: a factory of the wrong pipeline); detectors have names of their own.
"""

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
from grader.tables import (
    CATEGORICAL_FEATURES,
    LABEL,
    NUMERIC_FEATURES,
    TARGET_SPEND,
    read_customer_table,
    variant_table,
)

#: the frames this notebook's questions work from: an assignment ships the customer table
INPUT_FRAMES = ("customer_table",)
sol = solutions("03")

#: customers per generated shop for function questions (about 70% are active: ~280 rows)
N_SMALL = 400
#: customers per generated shop for the cross-validation question (~420 rows)
N_CV = 600
#: customers per generated shop for the model question (~1,050 rows)
N_MODEL = 1500
#: the feature columns of the customer table
FEATURES = NUMERIC_FEATURES + CATEGORICAL_FEATURES
#: the columns with missing values in the customer table
GAPPY = ["age", "gender", "region", "mean_days_between_orders"]


def _text(values):
    return pd.Series(values, dtype="str")


def _generated(n, what_en="", what_zh=""):
    return T(f"a generated shop of {n} customers{what_en}", f"一个随机生成的、含 {n} 位客户的商店{what_zh}")


# =========================================================================================
# 1. missing_report
# =========================================================================================
_REPORT_TABLE = pd.DataFrame({
    "customer_id": [1, 2, 3, 4, 5, 6],
    "age": [31.0, np.nan, 45.0, np.nan, 28.0, 52.0],
    "gender": _text(["F", None, "M", "F", None, "M"]),
    "region": _text([None, None, None, "North", "South", None]),
    "signup_date": pd.to_datetime(["2024-01-02", None, "2024-03-09", "2024-05-17", "2024-06-01",
                                   "2024-07-30"]),
    "frequency": [1, 2, 3, 4, 5, 6],
})


def _report_cases(seed):
    yield Case((_REPORT_TABLE,), label=T(
        "six customers: region missing 4 times, age and gender twice each (a tie), one missing "
        "signup date, two complete columns",
        "六位客户：region 缺失 4 次，age 和 gender 各缺失 2 次（并列），一个缺失的注册日期，两列完整"))
    yield Case((_REPORT_TABLE[["customer_id", "region", "signup_date", "gender", "frequency", "age"]],), label=T(
        "the same six customers with the columns reordered: gender comes before age, so a tie kept in "
        "column order is not alphabetical",
        "同样的六位客户，但列的顺序变了：gender 在 age 之前，因此按列顺序保持的并列不再是字母顺序"))
    yield Case((variant_table(seed, N_SMALL),), label=_generated(N_SMALL, ": its customer table",
                                                                  "：其客户表"))


def _alphabetical_ties(table):
    out = sol.missing_report(table).reset_index()
    out = out.sort_values(["share_missing", "column"], ascending=[False, True], ignore_index=True)
    return out.set_index("column")


def _percent_not_share(table):
    out = sol.missing_report(table)
    return out.assign(share_missing=out["share_missing"] * 100)


def _present_counts(table):
    present = table.count()
    report = pd.DataFrame({"n_missing": present, "share_missing": present / len(table)})
    report = report[report["n_missing"] > 0].sort_values("share_missing", ascending=False, kind="stable")
    report.index.name = "column"
    return report


def _complete_columns_kept(table):
    missing = table.isna()
    report = pd.DataFrame({"n_missing": missing.sum(), "share_missing": missing.mean()})
    report = report.sort_values("share_missing", ascending=False, kind="stable")
    report.index.name = "column"
    return report


REPORT = FunctionQuestion(
    id="md.missing_report",
    level="junior",
    follow_ups=[
        T("Why report the share as well as the count?",
          "为什么除了缺失数量还要报告缺失比例？"),
        T("Which missing values would this report not find (think of placeholders in a raw export)?",
          "这份报告发现不了哪些缺失（想想原始导出数据里的占位值）？"),
    ],
    title=T("How much is missing, where?", "哪些列缺失、缺多少？"),
    prompt=T(
        "Before deciding anything about missing values, measure them. Write `missing_report(table)`: "
        "one row per column with at least one missing value, indexed by the column name (index name "
        "`column`), with `n_missing` (int) and `share_missing` (a fraction 0–1), sorted by "
        "`share_missing` from largest to smallest, equal shares in the table's column order.",
        "在对缺失值做任何决定之前，先度量它。请编写 `missing_report(table)`：每个至少有一个缺失值的"
        "列一行，以列名为索引（索引名 `column`），包含 `n_missing`（整数）和 `share_missing`（0–1 之间的"
        "比例），按 `share_missing` 从大到小排序，比例相同时保持表中列的顺序。"),
    hints=[
        T("`table.isna()` is a frame of booleans: its `.sum()` counts, its `.mean()` gives shares.",
          "`table.isna()` 是一个布尔值表：对它 `.sum()` 得到个数，`.mean()` 得到比例。"),
        T("Build a frame from the two Series, keep the rows with `n_missing > 0`, then "
          "`sort_values('share_missing', ascending=False, kind='stable')`.",
          "用这两个 Series 构造一个表，保留 `n_missing > 0` 的行，再 "
          "`sort_values('share_missing', ascending=False, kind='stable')`。"),
        T("Name the index with `report.index.name = 'column'`.",
          "用 `report.index.name = 'column'` 给索引命名。"),
    ],
    reference=sol.missing_report,
    cases=_report_cases,
    rules=[Rule("tie_order", T("equal shares keep the table's column order", "缺失比例相同的列保持表中的列顺序"),
                _alphabetical_ties, case="a tie kept in column order is not alphabetical")],
    misconceptions=[
        Misconception("percent_not_share", fn=_percent_not_share, message=T(
            "Your `share_missing` is in percent (0–100), not a fraction (0–1). Mixed units are how a "
            "5% gap gets reported as 500% or as 0.05% in a data-quality dashboard: keep shares as "
            "fractions and format them as percentages only for display.",
            "你的 `share_missing` 是百分数（0–100），而不是比例（0–1）。单位混用正是数据质量看板把 5% "
            "的缺失报成 500% 或 0.05% 的原因：数据里保留比例，只在展示时格式化为百分比。")),
        Misconception("present_counts", fn=_present_counts, message=T(
            "You counted the values that are present: `DataFrame.count()` counts non-missing cells. "
            "Every column then looks almost fully 'missing', and the complete columns top the report "
            "while the real gaps (region, age) hide below them. Count with `table.isna().sum()`.",
            "你统计的是存在的值：`DataFrame.count()` 统计的是非缺失单元格。这样每一列看起来几乎都“缺失”，"
            "完整的列排在报告最前面，真正的缺口（region、age）反而被埋在下面。请用 `table.isna().sum()` 计数。")),
        Misconception("complete_columns_kept", fn=_complete_columns_kept, message=T(
            "Your report lists every column, including the complete ones. The report is a to-do list "
            "for the data team: only columns with at least one missing value belong on it, so that "
            "the few that need a decision are not lost among those that do not.",
            "你的报告列出了所有列，包括完整的列。这份报告是给数据团队的待办清单：只应包含至少有一个缺失值的列，"
            "这样需要决策的少数几列才不会淹没在不需要处理的列里。")),
    ],
)


# =========================================================================================
# 2. missing_by_segment
# =========================================================================================
_SEGMENT_TABLE = pd.DataFrame({
    "acquisition_channel": _text(["social", "social", "social", "organic", "organic", "referral",
                                  "organic", "social"]),
    "age": [np.nan, np.nan, 33.0, 41.0, 29.0, 50.0, np.nan, 27.0],
    "gender": _text(["F", None, "M", "F", "M", "F", "M", None]),
    "frequency": [1, 4, 2, 7, 1, 3, 2, 5],
})


def _segment_cases(seed):
    yield Case((_SEGMENT_TABLE, "acquisition_channel"), label=T(
        "eight customers in three channels; age missing 2 of 4 times in 'social', 1 of 3 in "
        "'organic', never in 'referral'",
        "三个渠道的八位客户；'social' 中 age 缺失 4 次中的 2 次，'organic' 中 3 次中的 1 次，'referral' 中从不缺失"))
    table = variant_table(seed, N_SMALL)
    yield Case((table, "acquisition_channel"), label=_generated(
        N_SMALL, ", by acquisition channel", "，按获客渠道"))
    yield Case((table, "membership_level"), label=_generated(
        N_SMALL, ", by membership level", "，按会员等级"))


def _share_of_all_customers(table, by):
    missing = table.drop(columns=by).isna()
    columns = missing.columns[missing.any()]
    return missing[columns].groupby(table[by]).sum() / len(table)


def _counts_not_shares(table, by):
    missing = table.drop(columns=by).isna()
    columns = missing.columns[missing.any()]
    return missing[columns].groupby(table[by]).sum()


def _non_missing_share(table, by):
    missing = table.drop(columns=by).isna()
    columns = list(missing.columns[missing.any()])
    grouped = table.groupby(by)
    return grouped[columns].count().div(grouped.size(), axis=0)


SEGMENT = FunctionQuestion(
    id="md.missing_by_segment",
    level="junior",
    follow_ups=[
        T("What would a large difference between channels suggest about the mechanism?",
          "如果不同渠道之间缺失比例差异很大，说明了什么样的缺失机制？"),
        T("Segments with few customers give noisy shares. How would you avoid over-reading them?",
          "客户很少的细分群体缺失比例噪声很大。你会如何避免过度解读？"),
    ],
    title=T("Missingness by segment", "按细分群体看缺失"),
    prompt=T(
        "A 10% gap can be 30% in one channel and 5% in the rest — the first clue to *why* values are "
        "missing. Write `missing_by_segment(table, by)`: one row per value of `by` (sorted, index named "
        "`by`), one column per other column with at least one missing value (table order), each cell "
        "the share of that segment's rows in which the column is missing.",
        "10% 的缺失可能是某个渠道 30%、其余渠道 5%——这是弄清值*为什么*缺失的第一条线索。请编写 "
        "`missing_by_segment(table, by)`：`by` 的每个取值一行（排序，索引名为 `by`），每个至少有一个缺失值的"
        "其他列一列（按表中顺序），每个单元格是该群体中这一列缺失的行所占的比例。"),
    hints=[
        T("Group the boolean frame `table.drop(columns=by).isna()` by `table[by]`.",
          "把布尔表 `table.drop(columns=by).isna()` 按 `table[by]` 分组。"),
        T("The mean of booleans within a group is the share of True values in that group.",
          "组内布尔值的均值就是该组中 True 的比例。"),
        T("`missing = table.drop(columns=by).isna(); cols = missing.columns[missing.any()]; "
          "missing[cols].groupby(table[by]).mean()`",
          "`missing = table.drop(columns=by).isna(); cols = missing.columns[missing.any()]; "
          "missing[cols].groupby(table[by]).mean()`"),
    ],
    reference=sol.missing_by_segment,
    cases=_segment_cases,
    compare_options={"rtol": 1e-9, "atol": 1e-12},
    misconceptions=[
        Misconception("share_of_all_customers", fn=_share_of_all_customers, message=T(
            "You divided each segment's missing count by the number of *all* customers, so a small "
            "segment always looks complete and a big one always looks gappy. The question is how "
            "often the value is missing *within* the segment: divide by the segment's size (the mean "
            "of the booleans per group). Otherwise the MAR pattern of a small channel stays invisible.",
            "你把每个群体的缺失数除以了*全部*客户数，于是小群体总显得完整，大群体总显得缺失多。要问的是值在群体"
            "*内部*缺失的频率：应除以群体自身的大小（即每组布尔值的均值）。否则小渠道的 MAR 模式就看不出来。")),
        Misconception("counts_not_shares", fn=_counts_not_shares, message=T(
            "You returned counts, not shares. Counts grow with the segment's size, so the biggest "
            "channel always looks worst and segments cannot be compared; a marketing team would chase "
            "the wrong channel's data collection. Take the mean of the booleans per segment.",
            "你返回的是个数而不是比例。个数随群体规模增长，最大的渠道总显得最差，各群体之间无法比较；"
            "营销团队会去改进错误渠道的数据收集。请对每个群体的布尔值取均值。")),
        Misconception("non_missing_share", fn=_non_missing_share, message=T(
            "You computed the share of values that are *present*: `groupby(...).count()` counts "
            "non-missing values. Your table is 1 minus the missing share, so the segments with the "
            "most gaps look the best.",
            "你计算的是*存在*的值所占比例：`groupby(...).count()` 统计的是非缺失值。你的结果是 1 减去缺失比例，"
            "于是缺失最多的群体反而看起来最好。")),
    ],
)


# =========================================================================================
# 3. missingness_test
# =========================================================================================
_TEST_TABLE = pd.DataFrame({
    "age": [np.nan] * 12 + [30.0] * 8 + [np.nan] * 2 + [41.0] * 18 + [np.nan] * 1 + [25.0] * 9,
    "acquisition_channel": _text(["social"] * 20 + ["organic"] * 20 + ["referral"] * 10),
    "frequency": [1, 2, 3, 4, 5] * 10,
})


def _test_cases(seed):
    yield Case((_TEST_TABLE, "age", "acquisition_channel"), label=T(
        "50 customers: age missing 12 of 20 times for 'social', 2 of 20 for 'organic', 1 of 10 for "
        "'referral'", "50 位客户：'social' 中 age 缺失 20 次中的 12 次，'organic' 中 20 次中的 2 次，"
                      "'referral' 中 10 次中的 1 次"))
    yield Case((_TEST_TABLE, "frequency", "acquisition_channel"), label=T(
        "the same customers, a column that is never missing", "同样的客户，一个从不缺失的列"))
    table = variant_table(seed, N_SMALL)
    for column, by in (("age", "acquisition_channel"), ("gender", "acquisition_channel"),
                       ("region", "membership_level")):
        yield Case((table, column, by), label=_generated(
            N_SMALL, f": is {column} missing depending on {by}?", f"：{column} 是否缺失与 {by} 有关吗？"))


def _values_not_missingness(table, column, by):
    from scipy.stats import chi2_contingency

    return float(chi2_contingency(pd.crosstab(table[column], table[by])).pvalue)


def _shares_not_counts(table, column, by):
    from scipy.stats import chi2_contingency

    shares = pd.crosstab(table[column].isna(), table[by], normalize="columns")
    return float(chi2_contingency(shares).pvalue)


def _margins_included(table, column, by):
    from scipy.stats import chi2_contingency

    counts = pd.crosstab(table[column].isna(), table[by], margins=True)
    return float(chi2_contingency(counts).pvalue)


MECH_TEST = FunctionQuestion(
    id="md.missingness_test",
    level="mid",
    follow_ups=[
        T("What does a small p-value tell you, and what does a large one not tell you?",
          "p 值很小说明了什么？p 值很大又不能说明什么？"),
        T("You run 20 such tests. How do you read the results?",
          "你做了 20 个这样的检验。怎么解读结果？"),
        T("Can any test on the observed data prove that a gap is MNAR? What would you do instead?",
          "任何基于观测数据的检验能证明缺失是 MNAR 吗？你会换成什么做法？"),
    ],
    title=T("Does the gap depend on an observed column?", "缺失是否取决于某个可观测列？"),
    prompt=T(
        "MCAR means the missingness depends on nothing; if it depends on an observed column, it is not "
        "MCAR (it may be MAR or MNAR: the data cannot tell which). Write "
        "`missingness_test(table, column, by)`: the p-value (float) of "
        "`scipy.stats.chi2_contingency` on the table of counts `pd.crosstab(table[column].isna(), "
        "table[by])`. A column never missing gives 1.0.",
        "完全随机缺失（MCAR）意味着缺失与任何东西都无关；如果它取决于某个可观测列，那就不是 MCAR"
        "（可能是随机缺失（MAR），也可能是非随机缺失（MNAR），数据本身无法区分）。请编写 "
        "`missingness_test(table, column, by)`：对计数表 `pd.crosstab(table[column].isna(), table[by])` "
        "使用 `scipy.stats.chi2_contingency` 得到的 p 值（浮点数）。从不缺失的列返回 1.0。"),
    hints=[
        T("The test is about the *missingness* of `column` (a True/False flag), not about its values.",
          "检验的对象是 `column` 的*缺失性*（一个 True/False 标记），而不是它的取值。"),
        T("`chi2_contingency` needs counts: a plain `pd.crosstab`, no `normalize=`, no `margins=`.",
          "`chi2_contingency` 需要计数：直接用 `pd.crosstab`，不要 `normalize=`，也不要 `margins=`。"),
        T("`float(chi2_contingency(pd.crosstab(table[column].isna(), table[by])).pvalue)`",
          "`float(chi2_contingency(pd.crosstab(table[column].isna(), table[by])).pvalue)`"),
    ],
    reference=sol.missingness_test,
    cases=_test_cases,
    compare_options={"rtol": 1e-6, "atol": 1e-12},
    misconceptions=[
        Misconception("values_not_missingness", fn=_values_not_missingness, message=T(
            "You tested the *values* of the column against `by` (a crosstab of the values drops the "
            "missing ones). Whether older customers come from one channel says nothing about whether "
            "the age is *missing* more often there. Cross-tabulate `table[column].isna()`.",
            "你检验的是该列的*取值*与 `by` 的关系（对取值做交叉表时缺失值会被丢掉）。年长的客户是否来自某个渠道，"
            "并不能说明该渠道的年龄是否更常*缺失*。请对 `table[column].isna()` 做交叉表。")),
        Misconception("shares_not_counts", fn=_shares_not_counts, message=T(
            "You passed shares to the chi-squared test (`normalize=`). The test's evidence comes from "
            "the counts: with shares, thousands of customers weigh as much as a handful, the p-value "
            "is near 1 and a clear MAR pattern passes as MCAR — after which naive imputation biases "
            "the very segment it affects.",
            "你把比例传给了卡方检验（`normalize=`）。检验的证据来自计数：用比例时，几千位客户的分量和寥寥几位一样，"
            "p 值接近 1，明显的 MAR 模式会被当成 MCAR——随后朴素的填充就会让受影响的群体产生偏差。")),
        Misconception("margins_included", fn=_margins_included, message=T(
            "Your crosstab includes the 'All' totals (`margins=True`): the test then treats the totals "
            "as one more group of customers, counting everybody twice, and the p-value is wrong. Pass "
            "the plain table of counts.",
            "你的交叉表包含了 'All' 合计（`margins=True`）：检验会把合计当作又一组客户，把每个人算两次，"
            "p 值因此是错的。请传入不含合计的计数表。")),
    ],
)


# =========================================================================================
# 4. mechanisms (choice)
# =========================================================================================
MECHANISMS = ChoiceQuestion(
    id="md.mechanisms",
    level="mid",
    follow_ups=[
        T("Which evidence tells MAR apart from MCAR for age?",
          "对年龄来说，哪条证据能区分 MAR 和 MCAR？"),
        T("Why can no column of the table confirm that region is MNAR?",
          "为什么表里没有任何一列能证实 region 是 MNAR？"),
    ],
    name="mechanisms",
    title=T("Which mechanism is behind each gap?", "每种缺失背后是哪种机制？"),
    prompt=T("Compare how often `age`, `gender`, `region` and `mean_days_between_orders` are missing "
             "across segments of the customer table (acquisition channel, spend per order, one order "
             "vs repeat buyers; a chi-squared test per pair). Which line describes the four gappy "
             "columns?",
             "在客户表的各个细分群体（获客渠道、客单价、一次购买与复购客户）之间，比较 `age`、`gender`、"
             "`region` 和 `mean_days_between_orders` 的缺失比例（每一对做一次卡方检验）。哪一项正确描述了"
             "这四个有缺失的列？（完全随机缺失：MCAR；随机缺失：MAR；非随机缺失：MNAR）"),
    options={
        "a": T("All four are MCAR: the shares are small (5–19%) and one test proves little, so the "
               "rows can be ignored or dropped.",
               "四列都是 MCAR：缺失比例不大（5–19%），单个检验也说明不了什么，这些行可以忽略或"
               "删除。"),
        "b": T("gender MCAR; age MNAR (people hide their own age); region MAR on the acquisition "
               "channel; mean_days_between_orders MCAR.",
               "gender 为 MCAR；age 为 MNAR（人们会隐瞒自己的年龄）；region "
               "为取决于获客渠道的 MAR；mean_days_between_orders 为 MCA"
               "R。"),
        "c": T("gender MCAR; age MAR on the channel; region MNAR (low spenders withhold it); "
               "mean_days_between_orders not applicable.",
               "gender 为 MCAR；age 为取决于渠道的 MAR；region 为 MNAR（"
               "低消费客户不愿填写）；mean_days_between_orders 为不适用。"),
        "d": T("gender MAR on the channel; age MCAR; region MCAR (its test on the channel is not "
               "significant); mean_days_between_orders MNAR.",
               "gender 为取决于渠道的 MAR；age 为 MCAR；region 为 MCAR（"
               "与渠道的检验不显著）；mean_days_between_orders 为 MNAR。"),
    },
    answer=sol.MECHANISMS,
    explanations={
        "a": T("Small shares say nothing about the mechanism: age is missing 30% of the time for the "
               "social channel, and region mostly for low spenders. Dropping them biases the sample.",
               "比例小并不说明机制：social 渠道的年龄缺失率是 30%，region 主要是低消费客户缺失。删除它们会让样本产生"
               "偏差。"),
        "b": T("Age's missingness follows the channel, an observed column (MAR), and region's follows "
               "spend per order far more than the channel; the gap between orders is missing by "
               "definition for one-order customers, not at random.",
               "年龄的缺失跟随渠道这一可观测列（MAR），而 region 的缺失主要跟随单笔消费而不是渠道；订单间隔对只下过一"
               "单的"
               "客户按定义就是缺失的，并非随机。"),
        "c": T("Only the mechanism tells you what a fill can and cannot fix: a single order has no "
               "gap, and no column records exactly the spend level behind region's gaps.",
               "只有弄清机制，才知道填充能解决什么、不能解决什么：只有一单的客户没有订单间隔，而 reg"
               "ion 缺失背后的消费水平没有任何一列能精确记录。"),
        "d": T("The test of gender against the channel finds no evidence against MCAR (and the data "
               "card confirms gender is blanked at random), while age is missing far more often for "
               "social; region's gap tracks spend, so it is not MCAR.",
               "gender 与渠道的检验没有找到否定 MCAR 的证据（数据说明也确认 gender 是完全随机置空的），"
               "而 age 在 social 渠道缺失多得多；region 的缺失跟随消费，所以不是 MCAR。"),
    },
    hints=[T("Check each column against the heatmap and the p-values: which depend on the channel, "
             "which on spend, which on nothing, and which on the number of orders?",
             "对照热力图和 p 值逐列检查：哪些取决于渠道，哪些取决于消费，哪些与什么都无关，哪些取决于订单数？")],
)


# =========================================================================================
# 5. the structural gap (choice)
# =========================================================================================
STRUCTURAL = ChoiceQuestion(
    id="md.structural_gap",
    level="mid",
    follow_ups=[
        T("Is this value unknown or does it not exist? Why does the difference matter?",
          "这个值是未知还是根本不存在？这个区别为什么重要？"),
        T("How would a tree model without imputation treat the same column?",
          "不做填充的树模型会如何处理同一列？"),
    ],
    name="structural_gap",
    title=T("A gap that is not applicable", "“不适用”的缺失"),
    prompt=T("`mean_days_between_orders` is NaN for every customer with a single order. What should a "
             "logistic-regression pipeline do with it?",
             "只下过一单的客户，其 `mean_days_between_orders` 都是 NaN。逻辑回归流水线应该如何处理它？"),
    options={
        "a": T("Fill it with 0: a customer with a single order has had no days between orders.",
               "用 0 填充：只下过一单的客户，订单之间就是 0 天。"),
        "b": T("Add a missing indicator and fill with a constant such as the training median.",
               "添加缺失指示列，并用常数（如训练集中位数）填充。"),
        "c": T("Drop the one-order customers from the training data, so every row the model learns "
               "from has a complete gap.",
               "从训练数据中删除只下过一单的客户，让模型学习用到的每一行都有完整的间隔。"),
        "d": T("Fill it with the median of the column, nothing else: the median is robust to slow "
               "repeat buyers.",
               "只用该列的中位数填充，不做其他处理：中位数不受复购很慢的客户影响。"),
        "e": T("Predict the missing gap from the other columns with an iterative imputer, the most "
               "accurate fill.",
               "用迭代填充器根据其他列预测缺失的间隔，这是最精确的填充。"),
    },
    answer=sol.STRUCTURAL_GAP,
    explanations={
        "a": T("0 days between orders reads as 'buys again immediately', the most loyal behaviour "
               "there is: one-time buyers would look like the best customers.",
               "订单间隔 0 天意味着“马上就会再买”，这是最忠诚的行为：一次性买家会看起来像最好的客户。"),
        "b": T("The value does not exist, so the model needs the fact 'not applicable', which the "
               "indicator gives it (a model with native NaN support learns it without one).",
               "这个值本就不存在，模型需要知道“不适用”这一事实，指示列正好提供了这一点（原生支持 Na"
               "N 的模型不需要指示列也能学到）。"),
        "c": T("About a fifth of the customers you must score have one order; a model that never saw "
               "one scores them blindly, and it removes every high-value one-time buyer.",
               "需要打分的客户中约五分之一只有一单；从没见过这类客户的模型只能盲目打分，而且会删掉所有高价值的一次性"
               "买家。"),
        "d": T("The median pretends a one-order customer reorders like a typical repeat buyer; without "
               "an indicator a linear model cannot treat the group differently.",
               "中位数假装只下一单的客户像典型的复购客户一样复购；没有指示列，线性模型无法区别对待这一群体。"),
        "e": T("Predicting a gap that cannot exist invents a purchasing rhythm for customers who have "
               "none; the invented value looks real to the model.",
               "预测一个根本不可能存在的间隔，等于给没有购买节奏的客户编造一个节奏；模型会把编造的值当真。"),
    },
    hints=[T("Is the value unknown, or does it not exist? What should the model learn about these "
             "customers?", "这个值是未知，还是根本不存在？模型应该从这些客户身上学到什么？")],
)


# =========================================================================================
# 6. dropna_effect (value)
# =========================================================================================
def _dropna_inputs():
    return (read_customer_table(),)


def _demographics_only(table):
    return sol.dropna_effect(table.drop(columns="mean_days_between_orders"))


def _rate_over_all_rows(table):
    out = sol.dropna_effect(table)
    kept = table.dropna()
    return {**out, "positive_rate_after": float(kept["high_value"].sum() / len(table))}


DROPNA = ValueQuestion(
    id="md.dropna_effect",
    level="junior",
    follow_ups=[
        T("Which customers does `dropna()` remove first, and why those?",
          "`dropna()` 最先删掉的是哪些客户？为什么是他们？"),
        T("What would the model then predict for a one-order customer in production?",
          "这样训练的模型，上线后对只下过一单的客户会给出什么预测？"),
    ],
    name="effect",
    title=T("What `dropna()` does to the customers", "`dropna()` 对客户做了什么"),
    prompt=T("Compute `effect`, a dict describing what `table.dropna()` does to the shipped customer "
             "table: `customers_kept` and `high_value_kept` (shares), `positive_rate_after` and "
             "`one_order_high_value_kept` (the number of kept high-value customers with one order).",
             "计算 `effect`：一个描述 `table.dropna()` 对随附客户表影响的字典：`customers_kept` 和 "
             "`high_value_kept`（比例）、`positive_rate_after`，以及 `one_order_high_value_kept`（保留下来的、"
             "只下过一单的高价值客户数）。"),
    hints=[
        T("`kept = table.dropna()`; the label is the bool column `high_value`.",
          "`kept = table.dropna()`；标签是布尔列 `high_value`。"),
        T("Which column is NaN for *every* one-order customer? What does `dropna()` do to them all?",
          "哪一列对*每个*只下一单的客户都是 NaN？`dropna()` 会对他们做什么？"),
    ],
    reference=sol.dropna_effect,
    inputs=_dropna_inputs,
    arg_names=("table",),
    setup="table = customer_table  # the customer table of this assignment's data",
    compare_options={"rtol": 1e-9},
    misconceptions=[
        Misconception("demographics_only", fn=_demographics_only, message=T(
            "You dropped only the rows with a missing demographic. `table.dropna()` looks at every "
            "column, and `mean_days_between_orders` is NaN for every one-order customer: that whole "
            "segment, high-value one-time buyers included, disappears from training.",
            "你只删除了人口属性缺失的行。`table.dropna()` 会检查每一列，而每个只下一单的客户的 "
            "`mean_days_between_orders` 都是 NaN：整个群体（包括高价值的一次性买家）都会从训练数据中消失。")),
        Misconception("rate_over_all_rows", fn=_rate_over_all_rows, message=T(
            "Your positive rate divides the kept high-value customers by all rows of the original "
            "table. The rate the model trains on is among the rows that remain: divide by `len(kept)` "
            "(the mean of the kept label).",
            "你的正类比例是用保留下来的高价值客户数除以原表的全部行数。模型训练时面对的比例是在剩余行中的比例："
            "请除以 `len(kept)`（即保留标签的均值）。")),
    ],
)


# =========================================================================================
# 7. training_data
# =========================================================================================
_PENDING_TABLE = pd.DataFrame({
    "customer_id": [1, 2, 3, 4, 5, 6, 7],
    "recency": [5, 40, 200, 12, 90, 3, 61],
    "age": [34.0, np.nan, 51.0, np.nan, 27.0, 45.0, np.nan],
    "region": _text(["North", None, "South", "East", None, "West", "North"]),
    "future_spend": [1200.0, 0.0, 35.0, np.nan, 560.0, np.nan, 0.0],
    "high_value": pd.array([True, False, False, None, True, None, False], dtype="boolean"),
})


def _with_pending_labels(table, seed, share=0.15):
    pending = np.random.default_rng(seed).random(len(table)) < share
    label = table[LABEL].astype("boolean").mask(pending)
    return table.assign(**{LABEL: label, TARGET_SPEND: table[TARGET_SPEND].mask(pending)})


def _training_cases(seed):
    yield Case((_PENDING_TABLE, ["recency", "age", "region"]), label=T(
        "seven customers, two with a pending label; age or region missing for four of them",
        "七位客户，其中两位标签待定；其中四位缺失 age 或 region"))
    table = _with_pending_labels(variant_table(seed, N_SMALL), seed)
    yield Case((table, FEATURES), label=_generated(
        N_SMALL, ", 15% of them with a pending label", "，其中 15% 的标签待定"))


def _target_imputed(table, features):
    return table[list(features)], table["high_value"].fillna(False).astype("int64").rename("high_value")


def _dropna_all_columns(table, features):
    labelled = table.dropna()
    return labelled[list(features)], labelled["high_value"].astype("int64").rename("high_value")


def _everything_but_label(table, features):
    labelled = table[table["high_value"].notna()]
    return labelled.drop(columns="high_value"), labelled["high_value"].astype("int64").rename("high_value")


def _bool_label(table, features):
    X, y = sol.training_data(table, features)
    return X, y.astype(bool)


def _unnamed_label(table, features):
    X, y = sol.training_data(table, features)
    return X, y.rename("label")


TRAINING = FunctionQuestion(
    id="md.training_data",
    level="mid",
    follow_ups=[
        T("Why may rows with a missing label not simply be filled with False?",
          "为什么标签缺失的行不能直接填成 False？"),
        T("Where do those customers come back into the process?",
          "这些客户会在流程的哪个环节重新出现？"),
    ],
    title=T("Missing labels are not missing features", "缺失的标签不同于缺失的特征"),
    prompt=T(
        "Some customers' label window is not over: `high_value` is <NA> (and `future_spend` NaN). "
        "Write `training_data(table, features)` returning `(X, y)`: the rows with a known label — all "
        "of them, whatever their features —, `X` the columns `features` with their gaps left as they "
        "are, `y` the label as int64 named `high_value`, both with the table's index.",
        "部分客户的标签窗口尚未结束：`high_value` 为 <NA>（`future_spend` 为 NaN）。请编写 "
        "`training_data(table, features)`，返回 `(X, y)`：标签已知的行——全部保留，不论其特征如何——，"
        "`X` 为 `features` 中的列、缺失值保持原样，`y` 为 int64 类型、名为 `high_value` 的标签，两者都保留原表的索引"
        "。"),
    hints=[
        T("Filter on the label only: `table[table['high_value'].notna()]`.",
          "只按标签筛选：`table[table['high_value'].notna()]`。"),
        T("Select `X = labelled[list(features)]`; never include the label or `future_spend` in X.",
          "选择 `X = labelled[list(features)]`；X 中绝不能包含标签或 `future_spend`。"),
        T("`y = labelled['high_value'].astype('int64')` keeps the name and the index.",
          "`y = labelled['high_value'].astype('int64')` 会保留名称和索引。"),
    ],
    reference=sol.training_data,
    cases=_training_cases,
    compare_options={"check_dtype": True, "check_names": True},
    rules=[Rule("int_label", T("`y` as int64", "`y` 为 int64"), _bool_label),
           Rule("named_label", T("`y` named `high_value`", "`y` 名为 `high_value`"), _unnamed_label)],
    misconceptions=[
        Misconception("target_imputed", fn=_target_imputed, message=T(
            "You filled the missing labels (e.g. with False) and kept those rows. Imputing the target "
            "invents answers: every customer whose window is still open becomes a 'not high value' "
            "example, including the ones who will turn out to be your best customers, and the model "
            "learns to underrate new customers. Rows with an unknown label are left out of training.",
            "你填充了缺失的标签（例如填为 False）并保留了这些行。填充目标变量等于编造答案：每个窗口尚未结束的客户"
            "都成了“非高价值”样本，其中包括将来会成为最佳客户的人，模型于是学会低估新客户。标签未知的行不应参与训练。")),
        Misconception("dropna_all_columns", fn=_dropna_all_columns, message=T(
            "You used `dropna()` over all columns, so every customer with a missing age, gender, region "
            "or gap between orders was dropped along with the unlabelled ones — more than a third "
            "of the training data, every one-order customer among them. The model then never sees the "
            "customers it must still score. Only a missing *label* removes a row; missing features "
            "are handled by the pipeline.",
            "你对所有列使用了 `dropna()`，于是所有缺失 age、gender、region 或订单间隔的客户都和无标签的客户一起被删除了"
            "——超过三分之一的训练数据，其中包括所有只下一单的客户。模型永远见不到它仍需打分的这些客户。只有缺失的*标签*"
            "才应删除一行；缺失的特征由流水线处理。")),
        Misconception("everything_but_label", fn=_everything_but_label, message=T(
            "Your X keeps every column except the label, `future_spend` included. It is the spend the "
            "label is computed from: the model would look perfect offline and be useless in "
            "production, where the future is unknown (and `customer_id` is an identifier, not a "
            "feature). Select exactly the `features` columns.",
            "你的 X 保留了除标签以外的所有列，包括 `future_spend`。标签正是由它计算出来的：模型离线看起来完美，"
            "上线后却毫无用处，因为那时未来是未知的（而 `customer_id` 只是标识符，不是特征）。请只选择 `features` 中"
            "的列。")),
    ],
)


# =========================================================================================
# 8. impute_train_test
# =========================================================================================
_IMPUTE_TRAIN = pd.DataFrame({
    "recency": [3, 40, 15, 200],
    "age": [25.0, np.nan, 41.0, 60.0],
    "mean_days_between_orders": [12.0, 30.0, np.nan, 18.0],
    "return_rate": [0.0, 0.1, 0.2, 0.5],
    "region": _text(["North", None, "South", "North"]),
})
_IMPUTE_TEST = pd.DataFrame({
    "recency": [7, 90, 33],
    "age": [np.nan, 33.0, 70.0],
    "mean_days_between_orders": [np.nan, np.nan, 9.0],
    "return_rate": [np.nan, 0.3, 0.0],
    "region": _text([None, "East", "West"]),
}, index=[10, 11, 12])


def _impute_cases(seed):
    yield Case((_IMPUTE_TRAIN, _IMPUTE_TEST), label=T(
        "four training and three test customers; return_rate is complete in train but missing once "
        "in test; the test index starts at 10",
        "四位训练客户和三位测试客户；return_rate 在训练集中完整、在测试集中缺失一次；测试集索引从 10 开始"))
    table = variant_table(seed, N_SMALL)
    test = np.random.default_rng(seed).random(len(table)) < 0.3
    yield Case((table.loc[~test, FEATURES], table.loc[test, FEATURES]), label=_generated(
        N_SMALL, ", split 70/30 into train and test", "，按 70/30 拆分为训练集和测试集"))


def _fill_both(train, test, stats_from, statistic="median", flag_after_fill=False):
    """The reference's procedure with a chosen source of statistics (the misconceptions vary it)."""
    numeric = train.select_dtypes("number").columns
    text = [c for c in train.columns if c not in numeric]
    values = getattr(stats_from[numeric], statistic)()
    flagged = [c for c in numeric if stats_from[c].isna().any()]

    def fill(frame):
        out = frame.fillna(values.to_dict())
        out[text] = out[text].fillna("missing")
        source = out if flag_after_fill else frame
        return out.assign(**{f"{c}_was_missing": source[c].isna() for c in flagged})

    return fill(train), fill(test)


def _pooled_statistics(train, test):
    return _fill_both(train, test, pd.concat([train, test]))


def _refit_on_test(train, test):
    return _fill_both(train, train, train)[0], _fill_both(test, test, test)[1]


def _mean_not_median(train, test):
    return _fill_both(train, test, train, statistic="mean")


def _indicator_after_fill(train, test):
    return _fill_both(train, test, train, flag_after_fill=True)


IMPUTE = FunctionQuestion(
    id="md.impute_train_test",
    level="mid",
    follow_ups=[
        T("What leaks if you take the median over train and test together?",
          "如果在训练集和测试集合起来的数据上算中位数，会泄漏什么？"),
        T("A text column is empty in the training rows of one category. What does your function do?",
          "某个文本列在训练行里完全为空，你的函数会怎么处理？"),
        T("How would you ship this fill so that scoring next month uses exactly the training "
          "statistics?",
          "你会如何部署这套填充，保证下个月打分时用的恰好是训练时的统计量？"),
    ],
    title=T("Learn the fill on the training rows only", "只在训练行上学习填充值"),
    prompt=T(
        "Write `impute_train_test(train, test)` returning new `(train, test)` frames: numeric gaps "
        "filled with the *training* median of the column, text gaps with `\"missing\"`, and for every "
        "numeric column with a gap *in train* a bool column `<column>_was_missing` appended to both "
        "(from the original values, in column order). Same index as the inputs.",
        "请编写 `impute_train_test(train, test)`，返回新的 `(train, test)` 两个表：数值缺失用该列在*训练集*上的"
        "中位数填充，文本缺失用 `\"missing\"` 填充；对*训练集中*有缺失的每个数值列，在两个表末尾都追加一个布尔列 "
        "`<column>_was_missing`（依据原始值，按列的顺序）。索引与输入相同。"),
    hints=[
        T("Compute the medians and the list of columns to flag from `train` alone, then apply the same "
          "function to both frames.",
          "只用 `train` 计算中位数和需要标记的列，然后对两个表应用同一个函数。"),
        T("Flag before you fill: after `fillna` nothing is missing any more.",
          "先标记再填充：`fillna` 之后就没有缺失值了。"),
        T("`out = frame.fillna(medians.to_dict()); out[text] = out[text].fillna('missing'); "
          "out.assign(**{f'{c}_was_missing': frame[c].isna() for c in flagged})`",
          "`out = frame.fillna(medians.to_dict()); out[text] = out[text].fillna('missing'); "
          "out.assign(**{f'{c}_was_missing': frame[c].isna() for c in flagged})`"),
    ],
    reference=sol.impute_train_test,
    cases=_impute_cases,
    compare_options={"rtol": 1e-9, "atol": 1e-12},
    misconceptions=[
        Misconception("pooled_statistics", fn=_pooled_statistics, message=T(
            "Your medians (and the choice of indicator columns) come from train and test together. "
            "The test rows are the customers the model is evaluated on — in production, the "
            "customers you have not seen yet — so their values must not shape the model: the "
            "validation score becomes optimistic and the same code cannot run on tomorrow's batch. "
            "Learn every statistic on `train` alone.",
            "你的中位数（以及要加哪些指示列）是由训练集和测试集合并后决定的。测试行是用来评估模型的客户——在生产中就是"
            "你尚未见过的客户——它们的值不能影响模型：验证分数会偏乐观，同样的代码也无法用于明天的新批次。所有统计量"
            "只能在 `train` 上学习。")),
        Misconception("refit_on_test", fn=_refit_on_test, message=T(
            "You filled the test rows with statistics (and indicator columns) of the test rows "
            "themselves — a `fit_transform` on test. The model was trained with the training medians, "
            "so the same raw value now means something else; a small scoring batch gets a noisy median, "
            "and its indicator columns need not even match the model's. Fit on train, transform both.",
            "你用测试行自身的统计量（和指示列）填充了测试行——相当于在测试集上 `fit_transform`。模型是用训练集中位数训"
            "练的，"
            "同一个原始值现在含义不同了；小批量打分时中位数波动很大，指示列甚至可能与模型的不一致。应在训练集上拟合，"
            "再转换两个表。")),
        Misconception("mean_not_median", fn=_mean_not_median, message=T(
            "You filled with the mean. Spend and gaps between orders are heavily skewed: a few big "
            "buyers drag the mean far above the typical customer, so every customer with a gap gets "
            "an inflated value. Use the median (as the task asks).",
            "你用均值填充。消费和订单间隔高度偏态：少数大客户把均值拉得远高于典型客户，于是每个有缺失的客户都得到一个"
            "被夸大的值。请使用中位数（题目要求）。")),
        Misconception("indicator_after_fill", fn=_indicator_after_fill, message=T(
            "Your `_was_missing` columns are all False: you built them after filling, when nothing is "
            "missing any more. The indicator is the only place the fact 'this value was missing' "
            "survives (for region withheld by low spenders, it is a signal). Build it from the "
            "original frame.",
            "你的 `_was_missing` 列全是 False：你是在填充之后才构造的，那时已经没有缺失值了。指示列是“该值曾缺失”这一"
            "事实"
            "唯一能保留下来的地方（对于低消费客户不愿提供的 region，这本身就是信号）。请根据原始表构造。")),
    ],
)


# =========================================================================================
# 9. cv_score
# =========================================================================================
def _cv_cases(seed):
    table = variant_table(seed, N_CV)
    X, y = table[NUMERIC_FEATURES], table[LABEL].astype("int64")
    yield Case((X, y, "median", False, "neg_log_loss"), label=_generated(
        N_CV, ": median imputation, scored by log loss", "：中位数填充，以对数损失评分"))
    yield Case((X, y, "mean", True, "roc_auc"), label=_generated(
        N_CV, ": mean imputation with indicators, scored by ROC-AUC", "：均值填充加指示列，以 ROC-AUC 评分"))


def _imputed_before_cv(X, y, strategy="median", add_indicator=False, scoring="roc_auc"):
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    filled = SimpleImputer(strategy=strategy, add_indicator=add_indicator).fit_transform(X)
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    return float(cross_val_score(model, filled, y, cv=folds, scoring=scoring).mean())


def _rows_dropped(X, y, strategy="median", add_indicator=False, scoring="roc_auc"):
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    complete = X.notna().all(axis=1)
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    return float(cross_val_score(model, X[complete], y[complete], cv=folds, scoring=scoring).mean())


CV = FunctionQuestion(
    id="md.cv_score",
    level="senior",
    follow_ups=[
        T("Why must the imputer sit inside the pipeline for cross-validation to be honest?",
          "为什么交叉验证要可信，填充器就必须放在流水线内部？"),
        T("When does `add_indicator=True` help, and when is it just noise?",
          "`add_indicator=True` 什么时候有帮助？什么时候只是噪声？"),
        T("Two fills differ by 0.003 ROC-AUC. Would you switch? What would you check first?",
          "两种填充方式的 ROC-AUC 相差 0.003。你会换吗？先检查什么？"),
    ],
    title=T("Compare fills honestly: impute inside the folds", "公平比较填充方法：在每折内部填充"),
    prompt=T(
        "Write `cv_score(X, y, strategy=\"median\", add_indicator=False, scoring=\"roc_auc\")`: the mean "
        "`cross_val_score` of `make_pipeline(SimpleImputer(strategy=strategy, add_indicator="
        "add_indicator), StandardScaler(), LogisticRegression(max_iter=1000))` on all rows, with "
        "`StratifiedKFold(n_splits=5, shuffle=True, random_state=0)` and `scoring=scoring`.",
        "请编写 `cv_score(X, y, strategy=\"median\", add_indicator=False, scoring=\"roc_auc\")`：在所有行上，"
        "用 `StratifiedKFold(n_splits=5, shuffle=True, random_state=0)` 和 `scoring=scoring` 对 "
        "`make_pipeline(SimpleImputer(strategy=strategy, add_indicator=add_indicator), StandardScaler(), "
        "LogisticRegression(max_iter=1000))` 做 `cross_val_score`，返回其均值。"),
    hints=[
        T("The imputer is the first step of the pipeline that `cross_val_score` refits in every fold.",
          "填充器是流水线的第一步，`cross_val_score` 会在每一折中重新拟合整个流水线。"),
        T("Pass `X` as it is, gaps included: the pipeline handles them.",
          "直接传入 `X`（包括缺失值）：流水线会处理它们。"),
        T("`float(cross_val_score(model, X, y, cv=folds, scoring=scoring).mean())`",
          "`float(cross_val_score(model, X, y, cv=folds, scoring=scoring).mean())`"),
    ],
    reference=sol.cv_score,
    cases=_cv_cases,
    compare_options={"rtol": 1e-6},
    misconceptions=[
        Misconception("imputed_before_cv", fn=_imputed_before_cv, message=T(
            "You imputed the whole X before cross-validation, so each validation fold helped compute "
            "the fill of the rows it is scored on. The score no longer measures how the model does on "
            "customers it has never seen: usually a small bias for a median, a larger one for KNN or "
            "iterative imputers, and it can crown the wrong strategy. Put the imputer inside the pipeline.",
            "你在交叉验证之前就对整个 X 做了填充，于是每个验证折都参与了计算自己被评估的那些行的填充值。分数不再衡量"
            "模型在从未见过的客户上的表现：对中位数的影响通常较小，对 KNN 或迭代填充的影响可能大得多，"
            "还可能选出错误的策略。请把填充器放进流水线。")),
        Misconception("rows_dropped", fn=_rows_dropped, message=T(
            "You cross-validated only the complete rows. That score describes a different population: "
            "no one-order customers, fewer social-channel customers, fewer low spenders. The model "
            "will still have to score all of them, and the comparison with the imputing strategies "
            "is meaningless. Keep every row and let the imputer fill the gaps.",
            "你只对完整的行做了交叉验证。这个分数描述的是另一个总体：没有只下一单的客户、social 渠道客户更少、低消费"
            "客户更少。"
            "模型仍然要给他们所有人打分，与各种填充策略的比较也就失去了意义。请保留每一行，让填充器填充缺失值。")),
    ],
)


# =========================================================================================
# 10. native NaN handling (choice)
# =========================================================================================
NATIVE = ChoiceQuestion(
    id="md.native_nan",
    level="junior",
    follow_ups=[
        T("What does the model do with a missing value at prediction time if it never saw one in "
          "training?",
          "如果训练时从未见过缺失值，预测时遇到缺失值模型会怎么做？"),
        T("When would you still impute before a gradient boosting model?",
          "什么情况下你仍会在梯度提升模型之前做填充？"),
    ],
    name="native_nan",
    title=T("How gradient boosting treats NaN", "梯度提升如何处理 NaN"),
    prompt=T("You pass a feature with NaN values to `HistGradientBoostingClassifier` without imputing. "
             "What happens?",
             "你把含有 NaN 的特征不经填充直接传给 `HistGradientBoostingClassifier`。会发生什么？"),
    options={
        "a": T("At each split it learns which child the rows with a missing value go to.",
               "每次分裂时，它都会学习缺失值样本应该进入哪个子节点。"),
        "b": T("It raises a ValueError, like LogisticRegression: scikit-learn estimators expect you "
               "to impute first.",
               "它会像 LogisticRegression 一样抛出 ValueError：sciki"
               "t-learn 的估计器都要求先填充。"),
        "c": T("It silently fills NaN with the training mean of the feature before binning, as "
               "SimpleImputer would.",
               "它会在分箱之前悄悄用该特征的训练集均值填充 NaN，就像 SimpleImputer 那"
               "样。"),
        "d": T("It drops the rows with NaN while fitting, and predicts the base rate for such rows "
               "later.",
               "它在拟合时丢弃含 NaN 的行，预测时对这类行直接给出基准比例。"),
    },
    answer=sol.NATIVE_NAN,
    explanations={
        "a": T("That is why the model can use the fact of missingness itself (a withheld region, "
               "a one-order customer) without an indicator column.",
               "正因为如此，模型无需指示列就能利用缺失这一事实本身（不愿提供的 region、只下一单的客户）。"),
        "b": T("That is true of most scikit-learn estimators (LogisticRegression, SVC), but not of the "
               "histogram gradient boosting models, which accept NaN.",
               "大多数 scikit-learn 估计器（LogisticRegression、SVC）确实如此，但直方图梯度提升模型接受 NaN。"),
        "c": T("No fill happens: missing values get a bin of their own, so 'missing' can be treated "
               "differently from any observed value.",
               "并不会填充：缺失值有自己单独的分箱，因此“缺失”可以被区别于任何观测值对待。"),
        "d": T("No rows are dropped; every customer is used and scored.",
               "不会丢弃任何行；每位客户都会被使用、被打分。"),
    },
    hints=[T("Read the 'Missing values support' paragraph of the scikit-learn user guide on "
             "histogram-based gradient boosting.",
             "阅读 scikit-learn 用户指南中基于直方图的梯度提升一节的“Missing values support”段落。")],
)


# =========================================================================================
# 11. value_model (estimator)
# =========================================================================================
def _model_cases(seed):
    table = variant_table(seed * 10 + 1, N_MODEL)
    test = np.random.default_rng(seed).random(len(table)) < 0.3
    X, y = table.drop(columns=LABEL), table[LABEL].astype("int64")
    yield Case((X[~test], y[~test], X[test], y[test]), label=T(
        f"a generated shop of {N_MODEL} customers, {len(table)} active, split 70/30 at random",
        f"一个随机生成的、含 {N_MODEL} 位客户的商店，{len(table)} 位活跃客户，随机按 70/30 拆分"))
    early = variant_table(seed * 10 + 1, N_MODEL, snapshot="2025-01-01", window_end="2025-07-01")
    yield Case((early.drop(columns=LABEL), early[LABEL].astype("int64"), X, y), label=T(
        "the same shop out of time: trained on the customers and labels as of the 2025-01-01 snapshot, "
        "tested on all customers at 2025-07-01",
        "同一个商店的跨时间验证：用 2025-01-01 快照时的客户和标签训练，在 2025-07-01 的全部客户上测试"))


def _model_with(numeric, categorical):
    from sklearn.compose import make_column_transformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    steps = [(make_pipeline(SimpleImputer(strategy="median", add_indicator=True), StandardScaler()), numeric)]
    if categorical:
        steps.append((make_pipeline(SimpleImputer(strategy="constant", fill_value="missing"),
                                    OneHotEncoder(handle_unknown="ignore")), categorical))
    return make_pipeline(make_column_transformer(*steps), LogisticRegression(max_iter=1000))


def _future_spend_feature():
    return _model_with(NUMERIC_FEATURES + [TARGET_SPEND], CATEGORICAL_FEATURES)


def _customer_id_feature():
    return _model_with(["customer_id"] + NUMERIC_FEATURES, CATEGORICAL_FEATURES)


def _gappy_columns_dropped():
    return _model_with([c for c in NUMERIC_FEATURES if c not in GAPPY],
                       [c for c in CATEGORICAL_FEATURES if c not in GAPPY])


def _dummy_final_step(description, case):
    return design.is_a(design.final_step(description), "sklearn.DummyClassifier")


def _constant():
    from sklearn.dummy import DummyClassifier

    return DummyClassifier(strategy="prior")


def _selected_columns(description):
    """The columns the answer's ColumnTransformers pass on, or None when that cannot be read."""
    transformers = [p for p in design.parts(description) if design.is_a(p, "sklearn.ColumnTransformer")]
    if not transformers:
        return None
    selected = set()
    for ct in transformers:
        if design.param(ct, "remainder") != "drop":
            return None
        for entry in design.param(ct, "transformers") or []:
            if not (isinstance(entry, list) and len(entry) == 3):
                return None
            _, transformer, columns = entry
            if transformer == "drop":
                continue
            columns = [columns] if isinstance(columns, str) else columns
            if not (isinstance(columns, list) and all(isinstance(c, str) for c in columns)):
                return None
            selected.update(columns)
    return selected


def _gappy_columns_not_selected(description):
    """The answer's column selection visibly leaves out every column with gaps."""
    selected = _selected_columns(description)
    return selected is not None and not selected & set(GAPPY)


MODEL = EstimatorQuestion(
    id="md.value_model",
    level="senior",
    follow_ups=[
        T("Which columns did you drop and why is `future_spend` among them?",
          "你删掉了哪些列？为什么 `future_spend` 也在其中？"),
        T("How does your pipeline treat a category it did not see in training?",
          "你的流水线如何处理训练时没见过的类别？"),
        T("How would you show that the model does not simply learn who withheld their region?",
          "你会如何证明模型并不是简单地学会了“谁不愿填写地区”？"),
    ],
    name="model",
    title=T("A value model that handles its own gaps", "自己处理缺失值的价值模型"),
    prompt=T(
        "Build an unfitted scikit-learn pipeline for `high_value`. It receives every column of the "
        "customer table except the label — `customer_id`, `signup_date` and `future_spend` included, "
        "as a careless export would — with all their gaps. Use the features only, handle the gaps "
        "inside the pipeline, and beat the reference's ROC-AUC minus 0.03 on fresh shops.",
        "为 `high_value` 构建一个未拟合的 scikit-learn 流水线。它会收到客户表中除标签以外的所有列——像一次粗心的导出那"
        "样，"
        "包括 `customer_id`、`signup_date` 和 `future_spend`——以及其中所有的缺失值。只使用特征列，在流水线内部处理缺"
        "失值，"
        "并在新的商店上达到参考答案的 ROC-AUC 减 0.03 以上。"),
    hints=[
        T("`make_column_transformer((numeric_steps, NUMERIC_FEATURES), (categorical_steps, "
          "CATEGORICAL_FEATURES))` selects the features; every other column is dropped.",
          "`make_column_transformer((numeric_steps, NUMERIC_FEATURES), (categorical_steps, "
          "CATEGORICAL_FEATURES))` 选出特征列；其他列都会被丢弃。"),
        T("Numeric: `SimpleImputer(strategy='median', add_indicator=True)` then `StandardScaler()`. "
          "Categorical: `SimpleImputer(strategy='constant', fill_value='missing')` then "
          "`OneHotEncoder(handle_unknown='ignore')`.",
          "数值列：`SimpleImputer(strategy='median', add_indicator=True)` 再接 `StandardScaler()`。"
          "类别列：`SimpleImputer(strategy='constant', fill_value='missing')` 再接 "
          "`OneHotEncoder(handle_unknown='ignore')`。"),
        T("End with `LogisticRegression(max_iter=1000)`; `HistGradientBoostingClassifier` on the "
          "same columns works too.",
          "最后接 `LogisticRegression(max_iter=1000)`；在同样的列上用 `HistGradientBoostingClassifier` 也可以。"),
    ],
    reference=sol.value_model,
    cases=_model_cases,
    metric="roc_auc",
    tolerance=0.03,
    misconceptions=[
        Misconception("constant", design=_dummy_final_step, message=T(
            "A `DummyClassifier` gives every customer the same score whatever their columns say: it is "
            "the baseline to beat (ROC-AUC 0.5), not a value model.",
            "`DummyClassifier` 不管各列取值如何，都给每位客户相同的分数：它是需要超越的基线（ROC-AUC 0.5），"
            "而不是价值模型。")),
        Misconception("future_spend_feature", permute=(TARGET_SPEND,), message=T(
            "Your model's scores change when `future_spend` changes: it uses the spend the label is "
            "computed from. Offline it looks nearly perfect; in production, on the morning of the "
            "snapshot, that spend does not exist yet, so the model cannot be used at all. Select the "
            "feature columns explicitly.",
            "当 `future_spend` 变化时你的模型分数也随之变化：它用到了计算标签所依据的消费。离线时它看起来近乎完美；"
            "但在生产中，快照当天早上这笔消费还不存在，模型根本无法使用。请显式选择特征列。")),
        Misconception("customer_id_feature", permute=("customer_id",), message=T(
            "Your model's scores change with `customer_id`. An id is a label for a row, not a trait of "
            "the customer: in many databases ids follow signup order, so an id silently encodes "
            "tenure, and new customers get ids the model never saw. Whatever pattern the model "
            "finds in it breaks in production. Leave identifiers out of the features.",
            "你的模型分数会随 `customer_id` 变化。编号只是行的标签，不是客户的特征：在很多数据库里，编号按注册顺序"
            "发放，于是编号悄悄编码了客户的注册时长，而新客户拿到的编号模型从没见过。模型在编号里发现的任何规律，"
            "上线后都会失效。请不要把标识符放进特征。")),
        Misconception("gappy_columns_dropped", permute=tuple(GAPPY), flag_when="unchanged",
                      when=_gappy_columns_not_selected, message=T(
            "Your model leaves out every column that has missing values (age, gender, region, "
            "mean_days_between_orders): they are not among the columns it selects. Dropping a "
            "column throws away the information of the 80–95% of customers who have it, and the "
            "fact of missingness itself — a withheld region, a one-order customer — is a signal "
            "about value. Impute them inside the pipeline (with indicators), or use a model that "
            "accepts NaN.",
            "你的模型没有用到任何含缺失值的列（age、gender、region、mean_days_between_orders）：它选出的列里"
            "没有它们。删除一列会丢掉 80–95% "
            "拥有该信息的客户的数据，而缺失这一事实本身——不愿提供的 region、只下一单的客户——也是关于价值的信号。"
            "请在流水线内部填充它们（并加指示列），或使用接受 NaN 的模型。")),
    ],
    rules=[
        Rule("a_model", T("a model, not a constant baseline", "一个模型，而不是常数基线"), _constant,
             misconception="constant"),
        Rule("no_future_spend", T("features only: not `future_spend`", "只用特征：不用 `future_spend`"),
             _future_spend_feature, misconception="future_spend_feature"),
        Rule("no_customer_id", T("features only: not `customer_id`", "只用特征：不用 `customer_id`"),
             _customer_id_feature, misconception="customer_id_feature"),
        Rule("gaps_inside", T("handle the gaps inside the pipeline (not by dropping the gappy columns)",
                              "在流水线内部处理缺失值（而不是删掉含缺失值的列）"),
             _gappy_columns_dropped, misconception="gappy_columns_dropped"),
    ],
    points=3,
)


# =========================================================================================
# Closing interview
# =========================================================================================
HOW_TO_HANDLE = OpenQuestion(
    id="md.how_to_handle",
    level="senior",
    follow_ups=[
        T("Give one column of our table for each mechanism, and what you would do with it.",
          "对每种缺失机制，从我们的表里各举一列，并说明你会怎么处理。"),
        T("How do you compare two strategies without fooling yourself?",
          "你如何比较两种处理策略而不自欺欺人？"),
        T("What would you tell the team that owns the sign-up form?",
          "你会对负责注册表单的团队说什么？"),
    ],
    name="how_to_handle",
    title=T("Interview: how do you handle missing data?", "面试题：如何处理缺失数据？"),
    prompt=T("How do you handle missing data in a customer value model? (original question 4) A common "
             "answer is 'delete, fill with the mean or median, or predict it with a model'. Give the "
             "answer you would want to hear from a senior candidate.",
             "在客户价值模型中如何处理缺失数据？（原题第 4 问）常见的回答是“删除、用均值或中位数填充，或用模型预测”。"
             "请给出你希望从一位资深候选人那里听到的回答。"),
    model_answer=T(sol.HOW_TO_HANDLE_ANSWER,
                   "先度量，再决策，最后验证。度量：每列以及每个细分群体（渠道、消费档位、只下一单的客户）的缺失比例，"
                   "并区分真缺失（NaN）与伪装的缺失（0、'unknown'、-1）。追问每个值为何缺失："
                   "完全随机缺失（MCAR，如本例的 "
                   "gender）、随机缺失，即只取决于可观测信息（MAR，如 social 渠道的年龄缺失更多）、非随机缺失，即取决于"
                   "缺失值本身或不可观测的特质（MNAR，"
                   "如低消费客户不愿提供地区），或按定义不适用（只下一单的客户没有订单间隔）。能检验的就检验：缺失是"
                   "否取决于"
                   "可观测列或标签？然后：绝不因为某个特征缺失就删除行（整行删除会丢掉必须打分的客户，且除非 MCAR 都"
                   "会让样本"
                   "产生偏差；本例中它会删掉所有只下一单的客户）；只有几乎全空且没有信号的列才考虑删除。在流水线内部"
                   "填充，"
                   "统计量只在训练折上学习：偏态数值用中位数，类别变量用单独的 'missing' 类别，当其他列能预测缺失值时"
                   "用 KNN "
                   "或迭代填充，并加入缺失指示列——因为在 MAR/MNAR 下缺失本身就有信息，而且指示列是对“不适用”唯一诚实"
                   "的编码。"
                   "或者使用原生支持 NaN 的模型（直方图梯度提升在每次分裂时学习缺失值的去向）。绝不填充目标变量：标签"
                   "未知的行"
                   "不参与训练。用交叉验证分数比较各方案，并检查没有哪个群体被打分得更差；对 MNAR 做敏感性分析，并在"
                   "报告中"
                   "说明哪些客户的值是不确定的。"),
    rubric=[
        (T("Measures first: share missing per column and per segment, disguised missing values",
           "先度量：每列、每个群体的缺失比例，以及伪装的缺失值"), 1.0),
        (T("Names the mechanisms (MCAR/MAR/MNAR, and 'not applicable') and says why they decide the "
           "treatment", "说出缺失机制（MCAR/MAR/MNAR，以及“不适用”），并说明它们为何决定处理方式"), 2.0),
        (T("Goes beyond delete/mean/median: missing indicators, a 'missing' category, KNN/iterative, "
           "native NaN support", "超越删除/均值/中位数：缺失指示列、'missing' 类别、KNN/迭代填充、原生 NaN 支持"), 2.0),
        (T("Fits imputation inside the pipeline on training data only; never imputes the target",
           "只在训练数据上、在流水线内部拟合填充；绝不填充目标变量"), 2.0),
        (T("Warns that dropping rows biases the sample and loses customers who must be scored; "
           "validates by cross-validated score per segment",
           "指出删除行会让样本有偏并丢失需要打分的客户；按群体用交叉验证分数验证"), 1.0),
    ],
    hints=[T("Structure it: measure → understand why → choose (per column) → fit without leaks → "
             "validate.", "按结构回答：度量 → 理解原因 → （逐列）选择方法 → 无泄漏地拟合 → 验证。")],
    points=8,
)

MNAR_REGION = OpenQuestion(
    id="md.mnar_region",
    level="senior",
    follow_ups=[
        T("What would a follow-up survey or a data source change tell you that the table cannot?",
          "补充调查或更换数据源能告诉你哪些这张表说明不了的事？"),
        T("How would you report regional sales without hiding the customers with no region?",
          "在汇报分地区销售时，怎样做才不会把没有地区信息的客户藏起来？"),
    ],
    name="mnar_region",
    title=T("Interview: the withheld region", "面试题：不愿提供的地区"),
    prompt=T("Region is missing for about one customer in eight, more often for those who spend little "
             "per order. What can the data tell you about why, what can they not tell you, and how do you "
             "handle region in the model and in a regional sales report?",
             "约八分之一的客户缺失地区信息，单笔消费低的客户缺失得更多。关于缺失原因，数据能告诉你什么、不能告诉你什么？"
             "在模型和地区销售报告中你会如何处理地区？"),
    model_answer=T(sol.MNAR_REGION_ANSWER,
                   "数据显示了一条线索：没有地区信息的客户单笔消费更低，缺失比例从单笔消费最低的三分位到最高的三分位"
                   "明显下降，远比沿其他任何可观测列的变化明显。"
                   "数据无法揭示机制本身：生成器对底层消费水平低的客户隐藏地区，而没有任何列精确记录这一特质，所以这"
                   "个模式看起来"
                   "像是取决于 avg_order_value 的 MAR，实际上是 MNAR。后果：用最常见的地区填充会给低消费客户编造地理"
                   "位置，使任何"
                   "地区报告产生偏差；删除这些客户会把低消费客户从训练数据中移除，使训练数据偏向更好的客户，模型给出"
                   "的概率整体偏高。应把 'missing' 作为单独的类别"
                   "（或加指示列），让模型利用“不愿提供”所携带的信号；保留能解释大部分缺失的消费特征；在地区报告中把“"
                   "未知”单列一行，"
                   "而不是把它摊到各个地区。如果地区对某个决策很重要，就去收集它（例如从收货地址），并检查在对未知值"
                   "的不同假设下"
                   "结论如何变化。"),
    rubric=[
        (T("Reads the trace correctly: missingness falls steeply with spend per order, far more than "
           "along any other observed column",
           "正确解读线索：缺失率随单笔消费上升而明显下降，远比沿其他可观测列的变化明显"), 1.0),
        (T("Explains that MNAR cannot be proven from the observed data (the pattern looks like MAR on a "
           "proxy)", "说明 MNAR 无法从观测数据中证明（该模式看起来像是取决于某个代理变量的 MAR）"), 1.0),
        (T("Rejects mode-filling and dropping, with their business consequences",
           "否定众数填充和删除，并说明其业务后果"), 1.0),
        (T("Proposes 'missing' as a category / indicator, 'unknown' as its own row in reports, and "
           "collecting the data or a sensitivity check",
           "提出把 'missing' 作为类别或指示列，在报告中把“未知”单列一行，并收集数据或做敏感性检验"), 1.0),
    ],
    hints=[T("Separate three things: what the heatmap shows, what the generator (the world) does, and "
             "what each treatment does to low spenders.",
             "区分三件事：热力图显示了什么，生成器（真实世界）做了什么，以及每种处理方式对低消费客户造成了什么影响。")],
    points=4,
)


QUESTIONS = [REPORT, SEGMENT, MECH_TEST, MECHANISMS, STRUCTURAL, DROPNA, TRAINING, IMPUTE, CV, NATIVE,
             MODEL, HOW_TO_HANDLE, MNAR_REGION]
