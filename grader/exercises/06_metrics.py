"""Questions of notebook 06: metrics, thresholds and the money they decide.

References live in ``solutions/06_metrics.py``. Public cases are small hand-built arrays
(labelled for feedback) plus the shipped customer table scored by a simple model; hidden cases
replace the shipped table by :func:`grader.tables.variant_table` for the grading seed. Each
recorded misconception is a small private function named ``_<name>`` after the mistake, with
the reference's signature; a ``detect=`` misconception also has its detector, named after
what it looks for.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import auc, average_precision_score, confusion_matrix, precision_recall_curve, roc_auc_score
from sklearn.model_selection import (
    TunedThresholdClassifierCV,
    cross_val_predict,
    train_test_split,
)
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
    ValueQuestion,
)
from grader.registry import solutions
from grader.tables import LABEL, NUMERIC_FEATURES, TARGET_SPEND, read_customer_table, variant_table

#: the frames this notebook's questions work from: an assignment ships the customer table
INPUT_FRAMES = ("customer_table",)
sol = solutions("06")

#: customers per generated variant (about 70% are active before the snapshot)
N_CUSTOMERS = 1500
#: a larger variant for the model question, so that its test F1 is stable
N_CUSTOMERS_MODEL = 2500
#: the campaign economics of the notebook: a contacted high-value customer brings VALUE, a contact costs COST
VALUE, COST = 60.0, 20.0
#: dicts of numbers equal to a relative 1e-6
CLOSE = {"rtol": 1e-6, "atol": 1e-9}


def _table(seed):
    """The shipped customer table for the public cases, a generated variant for hidden ones."""
    return read_customer_table() if seed == PUBLIC_SEED else variant_table(seed, N_CUSTOMERS)


def _source(seed, en, zh):
    if seed == PUBLIC_SEED:
        return T(f"the shipped customer table: {en}", f"随附的客户表：{zh}")
    return T(f"a generated shop variant: {en}", f"随机生成的商店变体：{zh}")


def _simple_model():
    return make_pipeline(SimpleImputer(strategy="median"), FunctionTransformer(np.log1p),
                         StandardScaler(), LogisticRegression(solver="newton-cholesky"))


@lru_cache(maxsize=8)
def _scored(seed):
    """Customers with an odd id, scored by a model fitted on the even ids: (table rows, proba)."""
    table = _table(seed)
    train = table["customer_id"] % 2 == 0
    model = _simple_model().fit(table.loc[train, NUMERIC_FEATURES], table.loc[train, LABEL])
    scored = table[~train].reset_index(drop=True)
    return scored, model.predict_proba(scored[NUMERIC_FEATURES])


def _frequent_rule(seed):
    """The label and the rule 'at least 4 orders' that a CRM team might use instead of a model."""
    table = _table(seed)
    return table[LABEL], (table["frequency"] >= 4).to_numpy()


def _binary(values):
    return np.asarray(values).astype(bool)


# =========================================================================================
# 1. confusion_counts
# =========================================================================================
_Y_SMALL = np.array([1, 1, 1, 1, 0, 0, 0, 0, 0, 0])
_PRED_SMALL = np.array([1, 1, 1, 0, 1, 1, 0, 0, 0, 0])
_SMALL_LABEL = T("ten customers, four of them high value; the model flags five (tp=3, fp=2, fn=1, "
                 "tn=4)", "十位客户，其中四位是高价值客户；模型标记了五位（tp=3、fp=2、fn=1、tn=4）")


def _confusion_cases(seed):
    yield Case((_Y_SMALL, _PRED_SMALL), label=_SMALL_LABEL)
    yield Case((pd.Series([False] * 6, name=LABEL), np.zeros(6, dtype=bool)), label=T(
        "a segment of six customers, none of them high value, and a model that flags nobody",
        "一个六位客户的细分群体，其中没有高价值客户，模型也一个都没有标记"))
    y, rule = _frequent_rule(seed)
    yield Case((y, rule), label=_source(seed, "the rule 'at least 4 orders' against the label",
                                        "用“至少 4 单”规则对照标签"))


def _ravel_order(y_true, y_pred):
    tp, fp, fn, tn = confusion_matrix(_binary(y_true), _binary(y_pred), labels=[False, True]).ravel()
    return {"tp": int(tp), "fp": int(fp), "fn": int(fn), "tn": int(tn)}


def _fp_fn_swapped(y_true, y_pred):
    actual, predicted = _binary(y_true), _binary(y_pred)
    return {"tp": int(np.sum(actual & predicted)), "fp": int(np.sum(actual & ~predicted)),
            "fn": int(np.sum(~actual & predicted)), "tn": int(np.sum(~actual & ~predicted))}


def _negative_as_positive(y_true, y_pred):
    actual, predicted = ~_binary(y_true), ~_binary(y_pred)
    return {"tp": int(np.sum(actual & predicted)), "fp": int(np.sum(~actual & predicted)),
            "fn": int(np.sum(actual & ~predicted)), "tn": int(np.sum(~actual & ~predicted))}


def _unpacks_small_matrix(y_true, y_pred):
    tn, fp, fn, tp = confusion_matrix(y_true, y_pred).ravel()
    return {"tp": int(tp), "fp": int(fp), "fn": int(fn), "tn": int(tn)}


def _small_matrix_raised(answer, output, case):
    """The unpacking of ``confusion_matrix(...).ravel()`` failed: a class was absent."""
    return isinstance(output, ValueError) and "unpack" in str(output)


CONFUSION = FunctionQuestion(
    id="mt.confusion",
    level="junior",
    follow_ups=[
        T("Which cell does a campaign pay for without any return?",
          "营销活动为哪一格付了钱却没有任何回报？"),
        T("What changes if the labels arrive as the strings 'yes' and 'no'?",
          "如果标签是字符串 'yes' 和 'no'，会有什么变化？"),
    ],
    title=T("The confusion matrix by hand", "手算混淆矩阵"),
    prompt=T(
        "Every classification metric is a ratio of four counts. Write `confusion_counts(y_true, "
        "y_pred)` returning `{'tp': ..., 'fp': ..., 'fn': ..., 'tn': ...}` as ints, where True "
        "(or 1) is the positive class (high value): tp = high value and flagged, fp = flagged but "
        "not high value, fn = high value but not flagged, tn = neither. The four must add up to "
        "the number of customers even when a class is absent.",
        "所有分类指标都是四个计数的比值。请编写 `confusion_counts(y_true, y_pred)`，返回 "
        "`{'tp': ..., 'fp': ..., 'fn': ..., 'tn': ...}`（整数），其中 True（或 1）是正类（高价值）："
        "tp = 高价值且被标记，fp = 被标记但不是高价值，fn = 高价值但未被标记，tn = 两者都不是。即使"
        "某一类完全不存在，四个数之和也必须等于客户数。"),
    hints=[
        T("Turn both inputs into boolean arrays: `actual = np.asarray(y_true).astype(bool)`, the "
          "same for the predictions.",
          "先把两个输入都转成布尔数组：`actual = np.asarray(y_true).astype(bool)`，预测值同理。"),
        T("Each count is the sum of a boolean mask: tp is `np.sum(actual & predicted)`, fp is "
          "`np.sum(~actual & predicted)`, and so on. Wrap each in `int(...)`.",
          "每个计数都是一个布尔掩码的求和：tp 是 `np.sum(actual & predicted)`，fp 是 "
          "`np.sum(~actual & predicted)`，依此类推。每个都用 `int(...)` 包起来。"),
        T("With scikit-learn: `tn, fp, fn, tp = confusion_matrix(y_true, y_pred, labels=[False, "
          "True]).ravel()`: rows are the actual class, columns the predicted one, negative first; "
          "`labels=` keeps the matrix 2 × 2 when a class is absent.",
          "用 scikit-learn：`tn, fp, fn, tp = confusion_matrix(y_true, y_pred, labels=[False, "
          "True]).ravel()`：行是真实类别，列是预测类别，负类在前；`labels=` 保证某一类缺失时矩阵"
          "仍是 2 × 2。"),
    ],
    points=1,
    reference=sol.confusion_counts,
    cases=_confusion_cases,
    misconceptions=[
        Misconception("ravel_order", fn=_ravel_order, message=T(
            "Your tp and tn are swapped: scikit-learn's `confusion_matrix` is `[[tn, fp], [fn, "
            "tp]]` (rows = actual, columns = predicted, the negative class first), so `.ravel()` "
            "gives `tn, fp, fn, tp` in that order. Unpacked as `tp, fp, fn, tn`, the thousands of "
            "correctly ignored customers are reported as campaign hits, and precision looks "
            "excellent for a campaign that finds almost nobody.",
            "你的 tp 和 tn 互换了：scikit-learn 的 `confusion_matrix` 是 `[[tn, fp], [fn, tp]]`（行 = "
            "真实类别，列 = 预测类别，负类在前），所以 `.ravel()` 按 `tn, fp, fn, tp` 的顺序返回。"
            "按 `tp, fp, fn, tn` 解包后，成千上万个被正确忽略的客户会被报告为活动命中，一个几乎找不"
            "到人的活动，其精确率看上去却非常出色。")),
        Misconception("fp_fn_swapped", fn=_fp_fn_swapped, message=T(
            "Your fp and fn are swapped: a false positive is a customer the model flags who is "
            "*not* high value (a wasted contact), a false negative a high-value customer it "
            "misses. Mixing them up swaps precision and recall, so the team would fix the wrong "
            "problem: cut contacts when it is in fact missing its best customers, or the reverse.",
            "你的 fp 和 fn 互换了：假阳性是模型标记了但*不是*高价值的客户（浪费的一次触达），假阴性"
            "是模型漏掉的高价值客户。把两者弄混会让精确率和召回率互换，团队就会去解决错误的问题："
            "实际上漏掉了最好的客户却去削减触达，或者反过来。")),
        Misconception("negative_as_positive", fn=_negative_as_positive, message=T(
            "You counted the *negative* class as positive (e.g. `y == 0`, `pos_label=0` or the "
            "`False` column): your tp are the customers correctly left out. Every metric built "
            "on it then describes how well the model finds ordinary customers; on a label with "
            "80% negatives that looks wonderful and says nothing about the high-value customers "
            "the campaign is for.",
            "你把*负类*当成了正类（例如 `y == 0`、`pos_label=0` 或 `False` 那一列）：你的 tp 是被"
            "正确排除的客户。基于它的每个指标描述的都是模型找出普通客户的能力；在负类占 80% 的标签"
            "上这看起来很棒，却对活动真正针对的高价值客户毫无说明。")),
        Misconception("unpacks_small_matrix", detect=_small_matrix_raised, message=T(
            "Unpacking `confusion_matrix(...).ravel()` into four values failed: when one class is "
            "absent from both inputs (a small segment with no high-value customer, a model that "
            "flags nobody) scikit-learn returns a 1 × 1 matrix. Pass `labels=[False, True]` (or "
            "`[0, 1]`) so the matrix is always 2 × 2; otherwise the monthly report crashes on "
            "exactly the segments that need attention.",
            "把 `confusion_matrix(...).ravel()` 解包成四个值时失败了：当某一类在两个输入中都不存在时"
            "（一个没有高价值客户的小细分群体、一个谁都不标记的模型），scikit-learn 返回 1 × 1 的矩"
            "阵。请传入 `labels=[False, True]`（或 `[0, 1]`），让矩阵始终是 2 × 2；否则月度报表恰好"
            "会在最需要关注的细分群体上崩溃。")),
    ],
)


# =========================================================================================
# 2. precision_recall_f1
# =========================================================================================
def _prf_cases(seed):
    yield Case((_Y_SMALL, _PRED_SMALL), label=_SMALL_LABEL)
    yield Case((np.array([True, False, True, False, False]), np.zeros(5, dtype=bool)), label=T(
        "a model that flags nobody: precision is 0 / 0", "一个谁都不标记的模型：精确率为 0 / 0"))
    yield Case((np.zeros(5, dtype=int), np.array([1, 0, 1, 0, 0])), label=T(
        "a segment without any high-value customer: recall is 0 / 0",
        "一个没有任何高价值客户的细分群体：召回率为 0 / 0"))
    y, rule = _frequent_rule(seed)
    yield Case((y, rule), label=_source(seed, "the rule 'at least 4 orders' against the label",
                                        "用“至少 4 单”规则对照标签"))


def _counts(y_true, y_pred):
    c = sol.confusion_counts(y_true, y_pred)
    return c["tp"], c["fp"], c["fn"]


def _precision_recall_swapped(y_true, y_pred):
    tp, fp, fn = _counts(y_true, y_pred)
    precision = tp / (tp + fn) if tp + fn else 0.0
    recall = tp / (tp + fp) if tp + fp else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def _f1_arithmetic_mean(y_true, y_pred):
    tp, fp, fn = _counts(y_true, y_pred)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": precision, "recall": recall, "f1": (precision + recall) / 2}


def _zero_division_raises(y_true, y_pred):
    tp, fp, fn = _counts(y_true, y_pred)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return {"precision": precision, "recall": recall,
            "f1": 2 * precision * recall / (precision + recall)}


def _zero_division_nan(y_true, y_pred):
    tp, fp, fn = (np.float64(v) for v in _counts(y_true, y_pred))
    with np.errstate(invalid="ignore", divide="ignore"):
        precision, recall = tp / (tp + fp), tp / (tp + fn)
        f1 = 2 * precision * recall / (precision + recall)
    return {"precision": float(precision), "recall": float(recall), "f1": float(f1)}


def _raised_zero_division(answer, output, case):
    """The learner divided by a zero count and Python raised."""
    return isinstance(output, ZeroDivisionError)


def _returned_nan(answer, output, case):
    """Some metric came back NaN: 0 / 0 computed with numpy, without the zero_division rule."""
    if not isinstance(output, dict):
        return False
    return any(isinstance(v, (float, np.floating)) and np.isnan(v) for v in output.values())


PRF = FunctionQuestion(
    id="mt.prf",
    level="junior",
    follow_ups=[
        T("What do you return when the model flags nobody, and why?",
          "模型一个客户都不标记时，你返回什么？为什么？"),
        T("Why the harmonic mean and not the arithmetic one?",
          "为什么用调和平均而不是算术平均？"),
        T("Marketing cares twice as much about missing a top customer. Which metric would you use?",
          "市场部门认为漏掉一个高价值客户的代价是误选的两倍。你会用什么指标？"),
    ],
    title=T("Precision, recall and F1", "精确率、召回率与 F1"),
    prompt=T(
        "Write `precision_recall_f1(y_true, y_pred)` returning `{'precision': ..., 'recall': ..., "
        "'f1': ...}` as floats, computed from your `confusion_counts`: precision = tp / (tp + fp), "
        "recall = tp / (tp + fn), F1 = their harmonic mean 2pr / (p + r). A ratio whose "
        "denominator is 0 is 0.0 (scikit-learn's `zero_division=0`): nobody flagged gives "
        "precision 0.0, no high-value customer gives recall 0.0, and F1 is 0.0 when both are 0.",
        "请编写 `precision_recall_f1(y_true, y_pred)`，返回 `{'precision': ..., 'recall': ..., "
        "'f1': ...}`（浮点数），基于你的 `confusion_counts` 计算：precision = tp / (tp + fp)，"
        "recall = tp / (tp + fn)，F1 = 两者的调和平均 2pr / (p + r)。分母为 0 的比值记为 0.0（即 "
        "scikit-learn 的 `zero_division=0`）：一个都没标记时精确率为 0.0，没有高价值客户时召回率为 "
        "0.0，两者都为 0 时 F1 为 0.0。"),
    hints=[
        T("Precision answers 'of the customers we contact, how many are worth it?'; recall "
          "answers 'of the customers worth it, how many do we contact?'.",
          "精确率（查准率）回答“我们触达的客户中，有多少是值得的？”；召回率（查全率）回答“值得触达"
          "的客户中，我们触达了多少？”。"),
        T("Guard every division: `precision = tp / (tp + fp) if tp + fp else 0.0`.",
          "每个除法都要先判断：`precision = tp / (tp + fp) if tp + fp else 0.0`。"),
        T("`f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0`; "
          "check your three numbers against `sklearn.metrics.precision_recall_fscore_support(..., "
          "average='binary', zero_division=0)`.",
          "`f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0`；"
          "可以用 `sklearn.metrics.precision_recall_fscore_support(..., average='binary', "
          "zero_division=0)` 核对你的三个数。"),
    ],
    points=1,
    reference=sol.precision_recall_f1,
    cases=_prf_cases,
    compare_options=CLOSE,
    misconceptions=[
        Misconception("precision_recall_swapped", fn=_precision_recall_swapped, message=T(
            "Your precision and recall are swapped. Precision divides by what the model *flags* "
            "(tp + fp): the share of contacts that reach a high-value customer, which decides "
            "the campaign's cost per success. Recall divides by the *actual* positives (tp + fn): "
            "the share of high-value customers reached, which decides how much value is left on "
            "the table. Swapped, a campaign that spams everyone looks precise.",
            "你的精确率和召回率互换了。精确率的分母是模型*标记*的人数（tp + fp）：触达中命中高价值"
            "客户的比例，决定了每次成功的活动成本。召回率的分母是*实际*的正类（tp + fn）：被触达的"
            "高价值客户所占比例，决定了还有多少价值没被拿到。两者互换后，一个对所有人狂发消息的活动"
            "看起来反而很精准。")),
        Misconception("f1_arithmetic_mean", fn=_f1_arithmetic_mean, message=T(
            "Your F1 is the arithmetic mean (p + r) / 2. F1 is the *harmonic* mean, 2pr / (p + r), "
            "which stays low unless both are high: flagging everyone gives recall 1.0 and "
            "precision 0.2, an arithmetic mean of 0.6 but an F1 of 0.33. With the arithmetic mean "
            "'contact everybody' looks like a good model.",
            "你的 F1 是算术平均 (p + r) / 2。F1 是*调和*平均 2pr / (p + r)，只有两者都高时它才高："
            "把所有人都标记为正类，召回率为 1.0、精确率为 0.2，算术平均是 0.6，而 F1 只有 0.33。用算"
            "术平均，“所有人都触达”看起来就成了一个好模型。")),
        Misconception("zero_division_raises", detect=_raised_zero_division, message=T(
            "Your function raised ZeroDivisionError: when the model flags nobody, tp + fp is 0, "
            "and when a segment has no high-value customer, tp + fn is 0. Both happen in real "
            "reports (a cautious threshold, a small region). Define the convention instead of "
            "crashing: a ratio with a zero denominator is 0.0, like scikit-learn's "
            "`zero_division=0`.",
            "你的函数抛出了 ZeroDivisionError：模型一个都不标记时 tp + fp 为 0，某个细分群体没有高价"
            "值客户时 tp + fn 为 0。这两种情况在真实报表中都会出现（保守的阈值、一个小地区）。请约定"
            "规则而不是崩溃：分母为 0 的比值记为 0.0，与 scikit-learn 的 `zero_division=0` 一致。")),
        Misconception("zero_division_nan", detect=_returned_nan, message=T(
            "Some of your metrics are NaN: numpy turned 0 / 0 into NaN (with a RuntimeWarning). A "
            "NaN spreads through every average and comparison of a dashboard (a model with NaN "
            "precision is neither better nor worse than another), so segments silently drop out "
            "of reports. Use the convention that a zero denominator gives 0.0.",
            "你的某些指标是 NaN：numpy 把 0 / 0 算成了 NaN（并给出 RuntimeWarning）。NaN 会传播到仪"
            "表盘中的每个平均值和比较里（精确率为 NaN 的模型既不比别的好也不比别的差），于是一些细分"
            "群体会悄悄从报表中消失。请采用分母为 0 时结果为 0.0 的约定。")),
    ],
)


# =========================================================================================
# 3. ranking_metrics
# =========================================================================================
_Y_RANK = np.array([0, 0, 1, 0, 1, 1, 0, 0, 0, 1])
_P_RANK = np.array([0.10, 0.30, 0.35, 0.40, 0.80, 0.45, 0.45, 0.20, 0.60, 0.55])


def _two_columns(p):
    return np.column_stack([1 - p, p])


def _ranking_cases(seed):
    yield Case((_Y_RANK, _two_columns(_P_RANK)), label=T(
        "ten customers, four high value, with `predict_proba`-style scores (one tie between a "
        "positive and a negative at 0.45)",
        "十位客户，四位高价值，分数为 `predict_proba` 的格式（0.45 处有一正一负并列）"))
    scored, proba = _scored(seed)
    yield Case((scored[LABEL], proba), label=_source(
        seed, "customers with an odd id, scored by a logistic regression fitted on the even ids",
        "customer_id 为奇数的客户，由在偶数 id 客户上拟合的逻辑回归打分"))
    yield Case((_top_share(scored, 0.05), proba), label=_source(
        seed, "the same scores against a rare label, the top 5% of future spend",
        "同样的分数，对照一个稀有标签：未来消费前 5% 的客户"))


def _top_share(table, share):
    """Notebook 07's top-share label: floor(share * n) customers by future spend, ties to the
    smaller id, positive spend only (the notebook writes the same rule out in its cell)."""
    n_top = int(np.floor(share * len(table) + 1e-9))
    order = table.sort_values([TARGET_SPEND, "customer_id"], ascending=[False, True], kind="mergesort")
    return pd.Series(table.index.isin(order.index[:n_top]) & (table[TARGET_SPEND] > 0).to_numpy(),
                     index=table.index, name="top_spender")


def _hard_labels(y_true, proba):
    y = np.asarray(y_true).astype(int)
    predicted = (np.asarray(proba)[:, 1] >= 0.5).astype(int)
    return {"roc_auc": float(roc_auc_score(y, predicted)),
            "pr_auc": float(average_precision_score(y, predicted)), "base_rate": float(y.mean())}


def _negative_column(y_true, proba):
    y = np.asarray(y_true).astype(int)
    score = np.asarray(proba)[:, 0]
    return {"roc_auc": float(roc_auc_score(y, score)),
            "pr_auc": float(average_precision_score(y, score)), "base_rate": float(y.mean())}


def _trapezoid_pr(y_true, proba):
    y = np.asarray(y_true).astype(int)
    score = np.asarray(proba)[:, 1]
    precision, recall, _ = precision_recall_curve(y, score)
    return {"roc_auc": float(roc_auc_score(y, score)), "pr_auc": float(auc(recall, precision)),
            "base_rate": float(y.mean())}


RANKING = FunctionQuestion(
    id="mt.ranking",
    level="mid",
    follow_ups=[
        T("What does a random ranking score on each of the two metrics?",
          "随机排序在这两个指标上各能得到多少分？"),
        T("Why pass the positive column of `predict_proba` and not `predict`?",
          "为什么要传入 `predict_proba` 的正类那一列，而不是 `predict` 的结果"
          "？"),
    ],
    title=T("ROC-AUC, PR-AUC and the baseline", "ROC-AUC、PR-AUC 与基线"),
    prompt=T(
        "Write `ranking_metrics(y_true, proba)`, where `proba` is a model's `predict_proba` "
        "output (column 0 = P(negative), column 1 = P(positive)). Return `{'roc_auc': ..., "
        "'pr_auc': ..., 'base_rate': ...}` as floats: `roc_auc_score` and "
        "`average_precision_score` of the positive class's probability, and the share of "
        "positives (what PR-AUC a random ranking gets).",
        "请编写 `ranking_metrics(y_true, proba)`，其中 `proba` 是模型 `predict_proba` 的输出（第 0 "
        "列 = P(负类)，第 1 列 = P(正类)）。返回 `{'roc_auc': ..., 'pr_auc': ..., 'base_rate': ...}`"
        "（浮点数）：对正类概率计算的 `roc_auc_score` 和 `average_precision_score`，以及正类所占比例"
        "（随机排序能得到的 PR-AUC）。"),
    hints=[
        T("Both AUCs measure a *ranking*, so they need the scores, not the yes/no predictions.",
          "两种 AUC 衡量的都是*排序*，所以需要的是分数，而不是是/否的预测。"),
        T("The positive class's probability is `proba[:, 1]`; `np.asarray(y_true).mean()` is the "
          "base rate.",
          "正类的概率是 `proba[:, 1]`；`np.asarray(y_true).mean()` 就是基础比例。"),
        T("`score = proba[:, 1]`, then `roc_auc_score(y_true, score)` and "
          "`average_precision_score(y_true, score)`; wrap each in `float(...)`.",
          "`score = proba[:, 1]`，然后 `roc_auc_score(y_true, score)` 和 "
          "`average_precision_score(y_true, score)`；每个都用 `float(...)` 包起来。"),
    ],
    points=1,
    reference=sol.ranking_metrics,
    cases=_ranking_cases,
    compare_options=CLOSE,
    misconceptions=[
        Misconception("hard_labels", fn=_hard_labels, message=T(
            "Your AUCs were computed from hard 0/1 predictions (`predict`, or `proba >= 0.5`), not "
            "from the probabilities. An AUC measures how well the *scores* rank customers; from "
            "labels it collapses to a single threshold (ROC-AUC becomes balanced accuracy at 0.5) "
            "and the ranking that marketing uses to pick its top 10% is never evaluated. Use "
            "`predict_proba(X)[:, 1]`.",
            "你的 AUC 是用硬性的 0/1 预测（`predict` 或 `proba >= 0.5`）算的，而不是用概率。AUC 衡量"
            "的是*分数*对客户排序的好坏；用标签计算时它退化成单一阈值（ROC-AUC 变成 0.5 阈值下的平衡"
            "准确率），而市场部门用来挑选前 10% 客户的排序根本没有被评估。请使用 "
            "`predict_proba(X)[:, 1]`。")),
        Misconception("negative_column", fn=_negative_column, message=T(
            "You scored with column 0 of `predict_proba`, the probability of the *negative* "
            "class: your ROC-AUC is 1 − the real one, and the model looks worse than random. "
            "In production this ranks the least valuable customers first and the campaign "
            "budget goes to exactly the wrong people. `model.classes_` gives the column order; "
            "the positive class (True) is column 1.",
            "你用的是 `predict_proba` 的第 0 列，也就是*负类*的概率：你的 ROC-AUC 等于 1 − 真实值，模"
            "型看起来比随机还差。上线后这会把最没有价值的客户排在最前面，活动预算恰好花在了错误的人"
            "身上。`model.classes_` 给出列的顺序；正类（True）是第 1 列。")),
        Misconception("trapezoid_pr", fn=_trapezoid_pr, message=T(
            "Your PR-AUC is the trapezoidal area `auc(recall, precision)`. Linear interpolation "
            "between points of a precision-recall curve is too optimistic (precision does not "
            "change linearly with recall), so models look better than any threshold can deliver. "
            "Use `average_precision_score`, the step-wise area scikit-learn recommends.",
            "你的 PR-AUC 是梯形面积 `auc(recall, precision)`。在精确率-召回率曲线的点之间做线性插值过"
            "于乐观（精确率并不随召回率线性变化），模型看起来比任何阈值实际能达到的都好。请使用 "
            "scikit-learn 推荐的阶梯面积 `average_precision_score`。")),
    ],
)


# =========================================================================================
# 4. Choice: ROC-AUC or PR-AUC on a rare label
# =========================================================================================
AUC_CHOICE = ChoiceQuestion(
    id="mt.auc_choice",
    level="senior",
    follow_ups=[
        T("Where on the ROC curve does the VIP programme operate?",
          "VIP 计划作用于 ROC 曲线的哪一段？"),
        T("How would you compare the two models directly at the top 2%?",
          "你会如何直接在前 2% 上比较这两个模型？"),
    ],
    name="auc_choice",
    title=T("A rare label: which AUC?", "稀有标签：看哪个 AUC？"),
    prompt=T(
        "Only 5% of customers are 'top spenders'. Model A has ROC-AUC 0.91 and PR-AUC 0.31; "
        "model B has ROC-AUC 0.89 and PR-AUC 0.44. Marketing will invite the top 2% of the "
        "ranking to a VIP programme. Which statement is right?",
        "只有 5% 的客户是“头部消费者”。模型 A 的 ROC-AUC 为 0.91、PR-AUC 为 0.31；模型 B 的 ROC-AUC "
        "为 0.89、PR-AUC 为 0.44。市场部门会邀请排名前 2% 的客户加入 VIP 计划。哪种说法正确？"),
    options={
        "a": T("Pick A: ROC-AUC is the standard metric, and A's is higher.",
               "选 A：ROC-AUC 是标准指标，A 的更高。"),
        "b": T("Compare accuracy instead: a useful model must beat the 95% of predicting nobody.",
               "改为比较准确率：有用的模型必须超过“谁都不选”的 95%。"),
        "c": T("Either: at a fixed positive rate PR-AUC is a monotone function of ROC-AUC, so both "
               "pick the same model.",
               "选哪个都行：在正类比例固定时，PR-AUC 是 ROC-AUC 的单调函数，两者会选出同"
               "一个模型。"),
        "d": T("Pick B: the VIP list is the top of the ranking, where PR-AUC (baseline 0.05) looks.",
               "选 B：VIP 名单取的是排名最前面的部分，PR-AUC（基线 0.05）关注的正是那里"
               "。"),
    },
    answer=sol.AUC_CHOICE,
    explanations={
        "a": T("ROC-AUC averages over all thresholds and counts the false positive *rate* among "
               "95% negatives: a few hundred wasted invitations barely move it. The VIP list is "
               "the top 2%, where precision decides the result.",
               "ROC-AUC 对所有阈值取平均，并且以 95% 的负类为分母计算假阳性*率*：几百个浪费的邀请几乎不"
               "会改变它。VIP 名单是前 2%，在那里决定成败的是精确率。"),
        "b": T("Predicting 'nobody is a top spender' is already 95% accurate and invites no one: "
               "accuracy on a rare label rewards doing nothing.",
               "预测“没有人是头部消费者”就已经有 95% 的准确率，却一个人也没有邀请：在稀有标签上，准确率"
               "奖励的是什么都不做。"),
        "c": T("Not monotone: two ROC curves with similar areas can differ a lot at the far left, "
               "the region PR-AUC emphasises, so the two metrics can rank models differently.",
               "并不单调：面积相近的两条 ROC 曲线在最左端可能差别很大，而那正是 PR-AUC 所强调的区域，所以"
               "两个指标可以给出不同的模型排序。"),
        "d": T("PR-AUC (average precision) weights the top of the ranking, where the VIP list is "
               "drawn, and its random baseline is the positive rate, 0.05, not 0.5. It still "
               "averages over every recall level, while a top-2% list can reach at most 40% of the "
               "5% positives: better still, compare the precision in the top 2% directly (or the "
               "partial ROC-AUC at a low false positive rate).",
               "PR-AUC（平均精确率）侧重排名靠前的部分，也就是 VIP 名单所在之处，其随机基线是正类比例 "
               "0.05，而不是 0.5。但它仍然对所有召回率水平取平均，而前 2% 的名单最多只能覆盖 5% 正类中的 "
               "40%：更好的做法是直接比较前 2% 中的精确率（或低假阳性率区间上的部分 ROC-AUC）。"),
    },
    hints=[T("Where in the ranking does the VIP programme act, and what does a random ranking "
             "score on each metric?",
             "VIP 计划作用于排名的哪个部分？随机排序在两个指标上各能得到多少？")],
)


# =========================================================================================
# 5. gains_table
# =========================================================================================
_Y_GAINS = np.array([1, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0])
_S_GAINS = np.array([0.91, 0.85, 0.80, 0.33, 0.72, 0.64, 0.15, 0.58, 0.49, 0.40, 0.05, 0.22])
_Y_TIES = np.array([0, 1, 1, 0, 0, 1, 0, 0, 0, 0])
_S_TIES = np.array([5, 5, 4, 4, 4, 3, 2, 2, 1, 1])


def _gains_cases(seed):
    yield Case((_Y_GAINS, _S_GAINS), {"bins": 4}, label=T(
        "twelve customers, four high value, distinct scores, four groups of three",
        "十二位客户，四位高价值，分数互不相同，分成四组、每组三人"))
    yield Case((_Y_TIES, _S_TIES), {"bins": 3}, label=T(
        "ten customers scored by an RFM-style integer score with ties, cut into three groups "
        "of 4, 3 and 3",
        "十位客户，用 RFM 式的整数分打分（有并列），分成 4、3、3 人的三组"))
    rng = np.random.default_rng(7)
    yield Case((pd.Series(rng.random(300) < 0.3, name=LABEL), rng.integers(1, 6, size=300).astype(float)),
               {"bins": 7}, label=T(
        "300 customers scored 1–5 (many ties across the group borders), cut into seven groups",
        "300 位客户，分数为 1–5（大量并列跨越组边界），分成七组"))
    scored, proba = _scored(seed)
    yield Case((scored[LABEL], proba[:, 1]), label=_source(
        seed, "odd-id customers scored by a logistic regression, in deciles",
        "customer_id 为奇数的客户由逻辑回归打分，按十分位分组"))


def _gains_frame(customers, positives, n, total):
    share = np.cumsum(customers) / n
    gain = np.cumsum(positives) / total
    return pd.DataFrame({"bin": np.arange(1, len(customers) + 1), "customers": customers,
                         "positives": positives, "cum_customers_share": share,
                         "cum_gain": gain, "lift": gain / share})


def _unstable_sort(y_true, scores, bins=10):
    y = np.asarray(y_true).astype(int)
    groups = np.array_split(y[np.argsort(-np.asarray(scores, dtype=float))], bins)
    return _gains_frame(np.array([len(g) for g in groups]), np.array([g.sum() for g in groups]),
                        len(y), y.sum())


def _ascending_order(y_true, scores, bins=10):
    y = np.asarray(y_true).astype(int)
    groups = np.array_split(y[np.argsort(np.asarray(scores, dtype=float), kind="stable")], bins)
    return _gains_frame(np.array([len(g) for g in groups]), np.array([g.sum() for g in groups]),
                        len(y), y.sum())


def _per_bin_gains(y_true, scores, bins=10):
    y = np.asarray(y_true).astype(int)
    groups = np.array_split(y[np.argsort(-np.asarray(scores, dtype=float), kind="stable")], bins)
    customers = np.array([len(g) for g in groups])
    positives = np.array([g.sum() for g in groups])
    share, gain = customers / len(y), positives / y.sum()
    return pd.DataFrame({"bin": np.arange(1, bins + 1), "customers": customers,
                         "positives": positives, "cum_customers_share": share,
                         "cum_gain": gain, "lift": gain / share})


def _qcut_on_scores(y_true, scores, bins=10):
    y = pd.Series(np.asarray(y_true).astype(int))
    codes = pd.qcut(pd.Series(np.asarray(scores, dtype=float)), bins, labels=False,
                    duplicates="drop")
    group = codes.max() - codes + 1
    stats = y.groupby(group).agg(customers="size", positives="sum").sort_index()
    return _gains_frame(stats["customers"].to_numpy(), stats["positives"].to_numpy(),
                        len(y), y.sum())


GAINS = FunctionQuestion(
    id="mt.gains",
    level="mid",
    follow_ups=[
        T("What does a lift of 3 in the first decile mean for a campaign?",
          "第一个十分位的提升度为 3，对营销活动意味着什么？"),
        T("Why keep ties in input order, and what would change with a random order?",
          "为什么并列值要保持输入顺序？如果随机排序会有什么变化？"),
    ],
    title=T("Cumulative gains and lift", "累计增益与提升度"),
    prompt=T(
        "Write `gains_table(y_true, scores, bins=10)`: sort the customers by score, highest "
        "first (equal scores keep their input order: a stable sort), cut the sorted list with "
        "`np.array_split` into `bins` groups, and return one row per group with `bin` (1 = best), "
        "`customers`, `positives`, `cum_customers_share` (customers so far / all), `cum_gain` "
        "(positives so far / all positives) and `lift` (`cum_gain / cum_customers_share`).",
        "请编写 `gains_table(y_true, scores, bins=10)`：按分数从高到低对客户排序（分数相同者保持输入"
        "顺序：稳定排序），用 `np.array_split` 把排好的列表切成 `bins` 组，每组返回一行，包含 `bin`"
        "（1 = 最好）、`customers`、`positives`、`cum_customers_share`（累计客户数 / 全部客户）、"
        "`cum_gain`（累计正类数 / 全部正类）和 `lift`（`cum_gain / cum_customers_share`）。"),
    hints=[
        T("`order = np.argsort(-np.asarray(scores, dtype=float), kind='stable')` ranks the best "
          "first; `y[order]` are the labels in that order.",
          "`order = np.argsort(-np.asarray(scores, dtype=float), kind='stable')` 把最好的排在前面；"
          "`y[order]` 就是按此顺序排列的标签。"),
        T("`groups = np.array_split(y[order], bins)`; then `len(g)` and `g.sum()` for each group.",
          "`groups = np.array_split(y[order], bins)`；然后对每组求 `len(g)` 和 `g.sum()`。"),
        T("The cumulative columns are `customers.cumsum() / n` and `positives.cumsum() / "
          "y.sum()`; lift divides the second by the first.",
          "累计列分别是 `customers.cumsum() / n` 和 `positives.cumsum() / y.sum()`；lift 是后者除以"
          "前者。"),
    ],
    points=2,
    reference=sol.gains_table,
    cases=_gains_cases,
    compare_options={**CLOSE, "key": "bin"},
    rules=[Rule("stable_ties", T("equal scores keep their input order (a stable sort)",
                                 "分数相同者保持输入顺序（稳定排序）"),
                _unstable_sort, case="many ties across the group borders")],
    misconceptions=[
        Misconception("ascending_order", fn=_ascending_order, message=T(
            "Your bins start with the *lowest* scores: the sort is ascending. Bin 1 must hold the "
            "customers the model rates highest, because a campaign contacts the top of the list "
            "first; sorted the other way, the chart promises that the first 10% of contacts reach "
            "the fewest high-value customers, and a budget cut would keep the wrong customers.",
            "你的第一组是分数*最低*的客户：排序是升序的。第 1 组必须是模型评分最高的客户，因为活动会"
            "先触达名单顶部；排反之后，图表会显示前 10% 的触达命中的高价值客户最少，一旦削减预算，保"
            "留下来的就是错误的客户。")),
        Misconception("per_bin_gains", fn=_per_bin_gains, message=T(
            "Your shares, gains and lift are per group, not cumulative. A gains chart answers 'if "
            "we contact the top k%, what share of all high-value customers do we reach?', so each "
            "row must include every better group (`cumsum`). Per-group numbers cannot be read off "
            "for a budget of 20% or 30%, and per-group lift is not the lift of contacting the top "
            "k%.",
            "你的比例、增益和提升度是按组计算的，而不是累计的。增益图回答的是“如果触达前 k%，能覆盖全"
            "部高价值客户中的多大比例？”，所以每一行都必须包含所有更好的组（`cumsum`）。按组计算的数字"
            "无法直接用于 20% 或 30% 的预算决策，按组的提升度也不是触达前 k% 的提升度。")),
        Misconception("qcut_on_scores", fn=_qcut_on_scores, message=T(
            "You cut the scores themselves with `pd.qcut(..., duplicates='drop')`. When many "
            "customers share a score (RFM scores, tree models) the quantile edges coincide, bins "
            "are merged and the groups have unequal sizes, so 'the top 10%' is not 10% of the "
            "customers and the budget is mis-sized. Rank first (a stable sort by score) and cut "
            "the ranked list into groups of equal size with `np.array_split`.",
            "你直接对分数用 `pd.qcut(..., duplicates='drop')` 分组。当很多客户分数相同（RFM 分、树模"
            "型）时，分位点会重合，组被合并且大小不等，于是“前 10%”并不是 10% 的客户，预算规模也就算"
            "错了。请先排序（按分数稳定排序），再用 `np.array_split` 把排好的列表切成大小相等的组。")),
    ],
)


# =========================================================================================
# 6. campaign_profit
# =========================================================================================
_Y_PROFIT = np.array([1, 0, 1, 0, 0, 1])
_P_PROFIT = np.array([0.9, 0.7, 0.5, 0.5, 0.3, 0.1])


def _profit_cases(seed):
    yield Case((_Y_PROFIT, _P_PROFIT, 0.5, VALUE, COST), label=T(
        "six customers, threshold 0.5, two of them scored exactly 0.5; value 60, cost 20",
        "六位客户，阈值 0.5，其中两位的分数恰好是 0.5；价值 60，成本 20"))
    scored, proba = _scored(seed)
    yield Case((scored[LABEL], proba[:, 1], 0.3, VALUE, COST), label=_source(
        seed, "odd-id customers scored by a logistic regression, threshold 0.3, value 60, cost 20",
        "customer_id 为奇数的客户由逻辑回归打分，阈值 0.3，价值 60，成本 20"))
    yield Case((scored[LABEL], proba[:, 1], 0.0, 100.0, 15.0), label=_source(
        seed, "the same customers, everyone contacted (threshold 0), value 100, cost 15",
        "同样的客户，全部触达（阈值 0），价值 100，成本 15"))


def _strictly_above(y_true, proba, threshold, value, cost):
    positive = np.asarray(y_true).astype(bool)
    contacted = np.asarray(proba, dtype=float) > threshold
    return float(value * np.sum(positive & contacted) - cost * np.sum(contacted))


def _cost_only_on_misses(y_true, proba, threshold, value, cost):
    positive = np.asarray(y_true).astype(bool)
    contacted = np.asarray(proba, dtype=float) >= threshold
    return float(value * np.sum(positive & contacted) - cost * np.sum(~positive & contacted))


def _revenue_only(y_true, proba, threshold, value, cost):
    positive = np.asarray(y_true).astype(bool)
    contacted = np.asarray(proba, dtype=float) >= threshold
    return float(value * np.sum(positive & contacted))


PROFIT = FunctionQuestion(
    id="mt.profit",
    level="mid",
    follow_ups=[
        T("Which threshold contacts everyone, and what is the profit then?",
          "哪个阈值会联系所有人？这时利润是多少？"),
        T("What is the break-even probability for a calibrated model, and why?",
          "对于校准良好的模型，盈亏平衡的概率是多少？为什么？"),
    ],
    title=T("The profit of a campaign", "一次营销活动的利润"),
    prompt=T(
        "Write `campaign_profit(y_true, proba, threshold, value, cost)`: contact every customer "
        "with `proba >= threshold`; each contact costs `cost`, and each contacted high-value "
        "customer brings `value`. Return the profit `value * TP - cost * (TP + FP)` as a float.",
        "请编写 `campaign_profit(y_true, proba, threshold, value, cost)`：触达所有 `proba >= "
        "threshold` 的客户；每次触达花费 `cost`，每位被触达的高价值客户带来 `value`。以浮点数返回利润"
        " `value * TP - cost * (TP + FP)`。"),
    hints=[
        T("`contacted = np.asarray(proba) >= threshold` and `positive = "
          "np.asarray(y_true).astype(bool)`.",
          "`contacted = np.asarray(proba) >= threshold`，`positive = "
          "np.asarray(y_true).astype(bool)`。"),
        T("TP is `np.sum(positive & contacted)`; TP + FP is simply `np.sum(contacted)`: every "
          "contact costs, whether or not it succeeds.",
          "TP 是 `np.sum(positive & contacted)`；TP + FP 就是 `np.sum(contacted)`：每次触达都有成本，"
          "不论成功与否。"),
    ],
    points=1,
    reference=sol.campaign_profit,
    cases=_profit_cases,
    compare_options=CLOSE,
    misconceptions=[
        Misconception("strictly_above", fn=_strictly_above, message=T(
            "You contact customers with `proba > threshold`; the convention is `>=`. The thresholds "
            "you will search next are the customers' own scores, so with `>` the customer at the "
            "threshold is never contacted: the profit you report for a threshold is not the "
            "profit of the campaign that threshold launches.",
            "你触达的是 `proba > threshold` 的客户；约定是 `>=`。接下来要搜索的阈值就是客户自己的分数，"
            "用 `>` 的话，恰好在阈值上的客户永远不会被触达：你为某个阈值报告的利润，并不是用这个阈值发起"
            "的活动的利润。")),
        Misconception("cost_only_on_misses", fn=_cost_only_on_misses, message=T(
            "You charged the contact cost only to the false positives. A voucher, a text message or "
            "a call costs the same whether the customer turns out to be high value or not, so the "
            "cost is `cost * (TP + FP)`. Charged only to misses, every campaign looks more "
            "profitable than it is and the optimal threshold drops: you contact too many people.",
            "你只对假阳性计算了触达成本。无论客户最终是否是高价值客户，一张优惠券、一条短信或一通电话的"
            "成本都一样，所以成本是 `cost * (TP + FP)`。只对未命中者计成本，每个活动看起来都比实际更赚"
            "钱，最优阈值也随之降低：你会触达过多的人。")),
        Misconception("revenue_only", fn=_revenue_only, message=T(
            "You returned the revenue `value * TP` and left out the cost of the contacts. Revenue "
            "only grows as more customers are contacted, so maximising it always says 'contact "
            "everybody' and the campaign's cost is never weighed against what it brings.",
            "你返回的是收入 `value * TP`，漏掉了触达成本。触达的客户越多收入只会越高，所以最大化收入永远"
            "会得出“所有人都触达”的结论，活动的成本从未与其收益相权衡。")),
    ],
)


# =========================================================================================
# 7. best_threshold
# =========================================================================================
_Y_BEST = np.array([1, 0, 1, 1, 0, 0, 1, 0, 0, 0])
_P_BEST = np.array([0.92, 0.81, 0.77, 0.60, 0.52, 0.41, 0.38, 0.25, 0.12, 0.05])
_Y_TIE = np.array([1, 0, 1, 0, 0, 1, 0, 0])
_P_TIE = np.array([0.9, 0.8, 0.7, 0.6, 0.4, 0.3, 0.2, 0.1])


def _best_cases(seed):
    yield Case((_Y_BEST, _P_BEST, VALUE, COST), label=T(
        "ten customers, four high value; value 60, cost 20",
        "十位客户，四位高价值；价值 60，成本 20"))
    yield Case((_Y_BEST, _P_BEST, 15.0, 20.0), label=T(
        "the same customers when a success brings 15 and a contact costs 20: every contact loses",
        "同样的客户，但一次成功只带来 15，一次触达成本 20：每次触达都亏钱"))
    yield Case((_Y_TIE, _P_TIE, 40.0, 20.0), label=T(
        "eight customers where thresholds 0.9 and 0.7 earn the same 20 (value 40, cost 20)",
        "八位客户，阈值 0.9 和 0.7 赚到同样的 20（价值 40，成本 20）"))
    scored, proba = _scored(seed)
    yield Case((scored[LABEL], proba[:, 1], VALUE, COST), label=_source(
        seed, "odd-id customers scored by a logistic regression; value 60, cost 20",
        "customer_id 为奇数的客户由逻辑回归打分；价值 60，成本 20"))
    yield Case((scored[LABEL], proba[:, 1], 100.0, 15.0), label=_source(
        seed, "the same customers with value 100 and cost 15", "同样的客户，价值 100，成本 15"))


def _fixed_half(y_true, proba, value, cost):
    return {"threshold": 0.5, "profit": sol.campaign_profit(y_true, proba, 0.5, value, cost)}


def _break_even_rule(y_true, proba, value, cost):
    threshold = cost / value
    return {"threshold": threshold,
            "profit": sol.campaign_profit(y_true, proba, threshold, value, cost)}


def _always_campaign(y_true, proba, value, cost):
    thresholds = np.unique(np.asarray(proba, dtype=float))[::-1]
    profits = [sol.campaign_profit(y_true, proba, t, value, cost) for t in thresholds]
    best = int(np.argmax(profits))
    return {"threshold": float(thresholds[best]), "profit": profits[best]}


BEST = FunctionQuestion(
    id="mt.best_threshold",
    level="senior",
    follow_ups=[
        T("Why are the distinct probabilities the only thresholds worth trying?",
          "为什么只需要尝试各个不同的概率值作为阈值？"),
        T("Why choose on out-of-fold probabilities rather than on the test set?",
          "为什么要在折外概率上选择阈值，而不是在测试集上？"),
        T("The contact cost doubles next quarter. What do you recompute, and what stays?",
          "下个季度联系成本翻倍。哪些需要重新计算，哪些保持不变？"),
    ],
    title=T("The profit-optimal threshold", "利润最优的阈值"),
    prompt=T(
        "Write `best_threshold(y_true, proba, value, cost)` returning `{'threshold': ..., "
        "'profit': ...}`: try every distinct value of `proba` as the threshold, plus `inf` "
        "(contact nobody, profit 0.0), compute `campaign_profit` for each, and return the best; "
        "among equal profits the highest threshold (fewer contacts for the same money). If no "
        "threshold makes money the answer is `inf` and 0.0.",
        "请编写 `best_threshold(y_true, proba, value, cost)`，返回 `{'threshold': ..., 'profit': "
        "...}`：把 `proba` 的每个不同取值都当作阈值试一遍，再加上 `inf`（谁都不触达，利润 0.0），对"
        "每个阈值计算 `campaign_profit`，返回最好的那个；利润相同时取最高的阈值（同样的钱、更少的触达）。"
        "如果没有任何阈值能赚钱，答案是 `inf` 和 0.0。"),
    hints=[
        T("Start from `best = {'threshold': float('inf'), 'profit': 0.0}`: not running the "
          "campaign is always an option.",
          "从 `best = {'threshold': float('inf'), 'profit': 0.0}` 开始：不做活动永远是一个选项。"),
        T("Loop over `np.unique(proba)[::-1]` (highest first) and replace `best` only when a "
          "profit is *strictly* larger: ties then keep the higher threshold.",
          "遍历 `np.unique(proba)[::-1]`（从高到低），只有当利润*严格*更大时才替换 `best`：这样利润相同"
          "时就保留了更高的阈值。"),
    ],
    points=2,
    reference=sol.best_threshold,
    cases=_best_cases,
    compare_options=CLOSE,
    misconceptions=[
        Misconception("fixed_half", fn=_fixed_half, message=T(
            "You returned the default threshold 0.5. 0.5 is where a *calibrated* model thinks a "
            "customer is as likely high value as not; it ignores what a contact costs and what a "
            "success brings. When a success is worth three contacts, contacting customers with a "
            "30% chance pays, and the 0.5 campaign leaves that money on the table.",
            "你返回的是默认阈值 0.5。0.5 只是*校准良好*的模型认为客户是不是高价值客户各占一半的位置；它"
            "忽略了一次触达的成本和一次成功的收益。当一次成功抵得上三次触达时，触达那些有 30% 可能性的客"
            "户是划算的，而用 0.5 做的活动就把这部分钱白白放弃了。")),
        Misconception("break_even_rule", fn=_break_even_rule, message=T(
            "You used the break-even rule `threshold = cost / value`. It maximises the *expected* "
            "profit only if the probabilities are calibrated (a score of 0.3 means a 30% chance; "
            "check a reliability table), and even then the threshold that earned most on a finite "
            "labelled sample differs from it. The task is to find that realised best threshold: "
            "compute the profit of every candidate and keep the best.",
            "你用了盈亏平衡规则 `threshold = cost / value`。只有概率经过校准时（0.3 的分数表示 30% 的可能；"
            "请用可靠性表检查）它才使*期望*利润最大；即便如此，在有限的有标签样本上实际赚钱最多的阈值也会与它"
            "不同。本题要找的正是这个实际最优阈值：请计算每个候选阈值的利润并保留最好的。")),
        Misconception("always_campaign", fn=_always_campaign, message=T(
            "When every threshold loses money you still returned one (with a negative profit). "
            "Not running the campaign is a candidate too: threshold `inf`, profit 0.0. A "
            "recommendation to spend the budget on a campaign that cannot pay back is exactly what "
            "this analysis exists to prevent.",
            "当每个阈值都亏钱时，你仍然返回了其中一个（利润为负）。不做活动也是一个候选：阈值 `inf`，利润 "
            "0.0。建议把预算花在一个注定收不回成本的活动上，正是这项分析要避免的事情。")),
    ],
)


# =========================================================================================
# 8. Value: the honest test profit
# =========================================================================================
@lru_cache(maxsize=1)
def _campaign_data():
    """The notebook's split and probabilities (the same code as its campaign cell)."""
    table = read_customer_table()
    X, y = table[NUMERIC_FEATURES], table[LABEL]
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0,
                                                        stratify=y)
    model = _simple_model()
    proba_oof = cross_val_predict(model, X_train, y_train, cv=5, method="predict_proba")[:, 1]
    proba_test = model.fit(X_train, y_train).predict_proba(X_test)[:, 1]
    return y_train, proba_oof, y_test, proba_test


#: the notebook's campaign data from an assignment's customer table (:attr:`ValueQuestion.setup`):
#: the same split, model and out-of-fold probabilities as :func:`_campaign_data`
_CAMPAIGN_SETUP = f"""\
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

FEATURES = {NUMERIC_FEATURES!r}
X, y = customer_table[FEATURES], customer_table[{LABEL!r}]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0, stratify=y)


def simple_model():
    return make_pipeline(SimpleImputer(strategy="median"), FunctionTransformer(np.log1p),
                         StandardScaler(), LogisticRegression(solver="newton-cholesky"))


proba_oof = cross_val_predict(simple_model(), X_train, y_train, cv=5, method="predict_proba")[:, 1]
proba_test = simple_model().fit(X_train, y_train).predict_proba(X_test)[:, 1]  # P(high value)
VALUE, COST = {VALUE!r}, {COST!r}  # yuan per successful contact, yuan per contact"""


def _campaign_inputs():
    return (*_campaign_data(), VALUE, COST)


def _tuned_on_test(y_train, proba_train, y_test, proba_test, value, cost):
    return sol.best_threshold(y_test, proba_test, value, cost)["profit"]


def _default_threshold_profit(y_train, proba_train, y_test, proba_test, value, cost):
    return sol.campaign_profit(y_test, proba_test, 0.5, value, cost)


def _validation_profit(y_train, proba_train, y_test, proba_test, value, cost):
    return sol.best_threshold(y_train, proba_train, value, cost)["profit"]


HONEST = ValueQuestion(
    id="mt.honest_profit",
    level="senior",
    follow_ups=[
        T("Why is the test profit lower than the best out-of-fold profit?",
          "为什么测试集上的利润低于折外概率上的最佳利润？"),
        T("What range of profit would you promise, and how would you compute it?",
          "你会承诺一个怎样的利润区间？如何计算？"),
    ],
    name="test_profit",
    title=T("The profit to promise", "可以承诺的利润"),
    prompt=T(
        "Choose the threshold with your `best_threshold` on the *out-of-fold* training "
        "probabilities `proba_oof`, then measure `campaign_profit` at that threshold on the test "
        "customers (`y_test`, `proba_test`) with `VALUE` and `COST`. Store the test profit (a "
        "float) in `test_profit`.",
        "用你的 `best_threshold` 在训练集的*折外*概率 `proba_oof` 上选出阈值，再在测试客户"
        "（`y_test`、`proba_test`）上用 `VALUE` 和 `COST` 计算该阈值下的 `campaign_profit`。把测试"
        "利润（浮点数）存入 `test_profit`。"),
    hints=[
        T("Two calls: `best_threshold(y_train, proba_oof, VALUE, COST)['threshold']`, then "
          "`campaign_profit(y_test, proba_test, threshold, VALUE, COST)`.",
          "两次调用：`best_threshold(y_train, proba_oof, VALUE, COST)['threshold']`，然后 "
          "`campaign_profit(y_test, proba_test, threshold, VALUE, COST)`。"),
        T("The test set is looked at once, to measure; it never chooses anything.",
          "测试集只看一次，用来度量；它从不参与任何选择。"),
    ],
    points=1,
    reference=sol.holdout_profit,
    inputs=_campaign_inputs,
    setup=_CAMPAIGN_SETUP,
    arg_names=("y_train", "proba_oof", "y_test", "proba_test", "VALUE", "COST"),
    compare_options=CLOSE,
    misconceptions=[
        Misconception("tuned_on_test", fn=_tuned_on_test, message=T(
            "That is the best profit on the test set itself: you chose the threshold on the same "
            "customers you measure. The maximum of many noisy profits is biased upwards, so this "
            "figure overstates what the campaign will earn on next month's customers, and the "
            "test set can no longer tell you so. Choose the threshold on the out-of-fold training "
            "probabilities and only measure on the test set.",
            "这是测试集本身上的最佳利润：你在用来度量的同一批客户上选择了阈值。许多带噪声的利润中的最大值"
            "是向上有偏的，所以这个数字高估了活动在下个月客户身上能赚到的钱，而测试集也再不能告诉你这一点"
            "了。请在训练集的折外概率上选择阈值，只在测试集上度量。")),
        Misconception("default_threshold_profit", fn=_default_threshold_profit, message=T(
            "That is the test profit at the default threshold 0.5: no threshold was chosen. With a "
            "success worth three contacts, 0.5 is far too cautious, and the campaign forgoes the "
            "profit of the customers between the optimal threshold and 0.5.",
            "这是默认阈值 0.5 下的测试利润：你根本没有选择阈值。当一次成功抵得上三次触达时，0.5 过于保"
            "守，活动放弃了分数介于最优阈值和 0.5 之间的那些客户带来的利润。")),
        Misconception("validation_profit", fn=_validation_profit, message=T(
            "That is the best profit on the training customers' out-of-fold probabilities: the "
            "figure the threshold was chosen to maximise, on a different and larger set of "
            "customers. It is optimistic by construction and not on the scale of the test set. "
            "Apply that threshold to the test customers and report their profit.",
            "这是训练客户折外概率上的最佳利润：正是选阈值时被最大化的那个数字，而且来自另一批更多的客户。"
            "它天然偏乐观，也不在测试集的规模上。请把这个阈值用到测试客户上，报告他们的利润。")),
    ],
)


# =========================================================================================
# 9. Estimator: a threshold tuned by cross-validation
# =========================================================================================
def _model_cases(seed):
    table = read_customer_table() if seed == PUBLIC_SEED else variant_table(seed, N_CUSTOMERS_MODEL)
    X, y = table[NUMERIC_FEATURES], table[LABEL]
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.4, random_state=seed,
                                                        stratify=y)
    yield Case((X_train, y_train, X_test, y_test), label=_source(
        seed, f"{len(X_train)} training and {len(X_test)} test customers, the numeric features",
        f"{len(X_train)} 位训练客户和 {len(X_test)} 位测试客户，数值特征"))


def _threshold_wrappers(description):
    return [p for p in design.parts(description)
            if design.is_a(p, "sklearn.TunedThresholdClassifierCV", "sklearn.FixedThresholdClassifier")]


def _default_threshold():
    return _simple_model()


def _default_threshold_kept(description, case):
    """No threshold wrapper anywhere: the model decides at probability 0.5."""
    return not _threshold_wrappers(description)


def _tuned_for_accuracy():
    return TunedThresholdClassifierCV(_simple_model(), scoring="accuracy", cv=3, thresholds=10)


def _accuracy_objective(description, case):
    """The learner's estimator tunes its threshold for accuracy."""
    return any(design.is_a(p, "sklearn.TunedThresholdClassifierCV")
               and design.scoring_metric(p) in (None, "accuracy")
               for p in _threshold_wrappers(description))


def _tuned_on_training_fit():
    from sklearn.frozen import FrozenEstimator

    X_train, y_train, _, _ = MODEL.case_list()[0].args
    frozen = FrozenEstimator(_simple_model().fit(X_train, y_train))
    return TunedThresholdClassifierCV(frozen, scoring="f1", cv="prefit", refit=False, thresholds=10)


def _prefit_or_frozen(description, case):
    """The learner's estimator tunes on a model fitted beforehand (cv='prefit' or FrozenEstimator)."""
    parts = design.parts(description)
    return any(design.is_a(p, "sklearn.FrozenEstimator") for p in parts) or any(
        design.is_a(p, "sklearn.TunedThresholdClassifierCV") and design.param(p, "cv") == "prefit"
        for p in parts)


MODEL = EstimatorQuestion(
    id="mt.tuned_model",
    level="senior",
    follow_ups=[
        T("Which part of the model does the tuning change, and which does it leave alone?",
          "阈值调优改变了模型的哪一部分？哪一部分保持不变？"),
        T("How does `TunedThresholdClassifierCV` avoid choosing the threshold on the rows it scores?",
          "`TunedThresholdClassifierCV` 如何避免在它打分的那些行上选择阈值？"),
    ],
    name="tuned_model",
    title=T("Tune the threshold by cross-validation", "用交叉验证调阈值"),
    prompt=T(
        "Build an unfitted classifier for the high-value label from the numeric features (NaN "
        "in `age` and `mean_days_between_orders`) whose decision threshold is tuned for F1 by "
        "cross-validation on the training data: `TunedThresholdClassifierCV(..., "
        "scoring='f1')`. It is fitted on training customers and judged by F1 of its `predict` "
        "on held-out customers.",
        "基于数值特征（`age` 和 `mean_days_between_orders` 中有 NaN）为高价值标签构建一个未拟合的"
        "分类器，它的决策阈值要在训练数据上通过交叉验证针对 F1 调优：`TunedThresholdClassifierCV(..., "
        "scoring='f1')`。它会在训练客户上拟合，并以其 `predict` 在留出客户上的 F1 评判。"),
    hints=[
        T("Any pipeline that handles NaN will do inside, e.g. `make_pipeline(SimpleImputer("
          "strategy='median'), FunctionTransformer(np.log1p), StandardScaler(), "
          "LogisticRegression(solver='newton-cholesky'))` (a solver that is fast with a handful "
          "of features).",
          "里面可以是任何能处理 NaN 的流水线，例如 `make_pipeline(SimpleImputer("
          "strategy='median'), FunctionTransformer(np.log1p), StandardScaler(), "
          "LogisticRegression(solver='newton-cholesky'))`（特征不多时这个求解器很快）。"),
        T("Wrap it: `TunedThresholdClassifierCV(pipeline, scoring='f1', cv=3, thresholds=10)`; "
          "the F1 curve is flat near its peak, so ten candidate thresholds are plenty and keep "
          "the fit fast (the default tries 100 on 5 folds).",
          "把它包起来：`TunedThresholdClassifierCV(pipeline, scoring='f1', cv=3, thresholds=10)`；"
          "F1 曲线在峰值附近很平坦，所以 10 个候选阈值就足够了，还能让拟合保持快速（默认会在 5 折上尝试 "
          "100 个阈值）。"),
    ],
    points=2,
    reference=sol.threshold_tuned_model,
    cases=_model_cases,
    metric="f1",
    tolerance=0.04,
    misconceptions=[
        Misconception("default_threshold", design=_default_threshold_kept, message=T(
            "Your model keeps the default threshold 0.5 (it has no threshold wrapper): on a label "
            "with 20% positives fewer customers reach a 50% probability than there are "
            "high-value ones, so the campaign misses many of the customers it is for. Wrap "
            "the model in `TunedThresholdClassifierCV(..., scoring='f1')` so the threshold is "
            "learned from the training folds.",
            "你的模型保留了默认阈值 0.5（没有任何阈值包装器）：在正类只占 20% 的标签上，概率能达到 50% "
            "的客户比高价值客户还少，活动会错过很多它本该针对的客户。请把模型包进 "
            "`TunedThresholdClassifierCV(..., scoring='f1')`，让阈值从训练折中学出来。")),
        Misconception("tuned_for_accuracy", design=_accuracy_objective, message=T(
            "Your threshold is tuned for accuracy. Accuracy prices a missed high-value customer and "
            "a wasted contact the same, so on a skewed label its best threshold stays at about 0.5 "
            "or above, and the model flags far fewer customers than there are high-value ones: the "
            "campaign misses many of the customers it is for. Tune for the objective the campaign "
            "has: `scoring='f1'` here, or a profit scorer.",
            "你的阈值是针对准确率调的。准确率把漏掉一位高价值客户和浪费一次触达看得一样重，所以在不平衡的标签"
            "上，它的最优阈值会停在 0.5 左右或更高，模型标记的客户远少于高价值客户：活动会错过很多它本该针对"
            "的客户。请针对活动真正的目标来调：这里是 `scoring='f1'`，或者一个利润评分函数。")),
        Misconception("tuned_on_training_fit", design=_prefit_or_frozen, message=T(
            "Your threshold is tuned on a model fitted beforehand (`cv='prefit'` or a "
            "`FrozenEstimator`). Tuned on the rows that model was trained on, its probabilities "
            "are over-confident, so the threshold is biased; and a frozen model is never refitted "
            "on new training data, so next month's model would reuse an old fit. Give "
            "`TunedThresholdClassifierCV` an unfitted model and `cv=5`: it tunes on held-out folds "
            "and refits on all training rows.",
            "你的阈值是在一个事先拟合好的模型上调的（`cv='prefit'` 或 `FrozenEstimator`）。在该模型训练"
            "用过的行上调阈值，概率会过于自信，阈值因此有偏；而且冻结的模型永远不会在新的训练数据上重新拟"
            "合，下个月的模型还会沿用旧的拟合。请给 `TunedThresholdClassifierCV` 一个未拟合的模型并设 "
            "`cv=5`：它在留出折上调阈值，再在全部训练行上重新拟合。")),
    ],
    rules=[
        Rule("tuned_threshold", T("the threshold is tuned (`TunedThresholdClassifierCV`)",
                                  "阈值经过调优（`TunedThresholdClassifierCV`）"),
             _default_threshold, misconception="default_threshold"),
        Rule("for_f1", T("tuned for F1 (`scoring='f1'`)", "针对 F1 调优（`scoring='f1'`）"), _tuned_for_accuracy,
             misconception="tuned_for_accuracy"),
        Rule("by_cross_validation", T("tuned by cross-validation on the training data", "在训练数据上通过交叉验证调优"),
             _tuned_on_training_fit, misconception="tuned_on_training_fit"),
    ],
)


# =========================================================================================
# 10. reliability_table: calibration and the Brier score
# =========================================================================================
_Y_CAL = np.array([0, 0, 1, 0, 1, 0, 1, 1, 1, 0])
_P_CAL = np.array([0.0, 0.1, 0.15, 0.3, 0.3, 0.5, 0.55, 0.9, 1.0, 1.0])


def _reliability_cases(seed):
    yield Case((_Y_CAL, _P_CAL), label=T(
        "ten customers with probabilities on the bin edges (0, 0.1, 0.3, 0.5, 1.0) and five "
        "empty bins, ten bins",
        "十位客户，概率落在分箱边界上（0、0.1、0.3、0.5、1.0），有五个空箱，共十个箱"))
    scored, proba = _scored(seed)
    yield Case((scored[LABEL], proba[:, 1]), label=_source(
        seed, "odd-id customers scored by a logistic regression, ten bins",
        "customer_id 为奇数的客户由逻辑回归打分，十个箱"))
    yield Case((scored[LABEL], np.round(proba[:, 1], 1)), {"bins": 5}, label=_source(
        seed, "the same probabilities rounded to one decimal (many on the edges), five bins",
        "同样的概率保留一位小数（很多正好落在边界上），五个箱"))


def _cal_frame(bins, which, p, y, lower, upper):
    inside = [which == k for k in range(1, len(lower) + 1)]
    return pd.DataFrame({
        "bin": np.arange(1, len(lower) + 1), "lower": lower, "upper": upper,
        "customers": [int(m.sum()) for m in inside],
        "mean_predicted": [p[m].mean() if m.any() else np.nan for m in inside],
        "observed_rate": [y[m].mean() if m.any() else np.nan for m in inside]})


def _left_closed_bins(y_true, proba, bins=10):
    y, p = np.asarray(y_true).astype(float), np.asarray(proba, dtype=float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.minimum(np.floor(p * bins).astype(int) + 1, bins)  # lower <= p < upper
    return {"table": _cal_frame(bins, which, p, y, edges[:-1], edges[1:]),
            "brier": float(np.mean((p - y) ** 2))}


def _quantile_bins(y_true, proba, bins=10):
    y, p = np.asarray(y_true).astype(float), np.asarray(proba, dtype=float)
    order = np.argsort(p, kind="stable")
    which = np.empty(len(p), dtype=int)
    for number, group in enumerate(np.array_split(order, bins), start=1):
        which[group] = number
    lower = np.array([p[which == k].min() for k in range(1, bins + 1)])
    upper = np.array([p[which == k].max() for k in range(1, bins + 1)])
    return {"table": _cal_frame(bins, which, p, y, lower, upper), "brier": float(np.mean((p - y) ** 2))}


def _drops_empty_bins(y_true, proba, bins=10):
    out = sol.reliability_table(y_true, proba, bins)
    table = out["table"]
    return {"table": table[table["customers"] > 0].reset_index(drop=True), "brier": out["brier"]}


def _customer_counts(output):
    table = output.get("table") if isinstance(output, dict) else None
    if not isinstance(table, pd.DataFrame) or "customers" not in table.columns:
        return None
    return pd.to_numeric(table["customers"], errors="coerce")


def _equal_count_bins(answer, output, case):
    """One row per bin, each with the same number of customers (give or take one): quantile bins."""
    counts = _customer_counts(output)
    return (counts is not None and len(counts) == case.kwargs.get("bins", 10) and counts.notna().all()
            and counts.max() - counts.min() <= 1 and counts.sum() == len(case.args[0]))


def _no_empty_rows(answer, output, case):
    """Fewer rows than bins, none of them empty: the empty bins were dropped."""
    counts = _customer_counts(output)
    bins = case.kwargs.get("bins", 10)
    return counts is not None and 0 < len(counts) < bins and bool((counts > 0).all())


def _brier_of_hard_labels(y_true, proba, bins=10):
    out = sol.reliability_table(y_true, proba, bins)
    y, p = np.asarray(y_true).astype(float), np.asarray(proba, dtype=float)
    return {"table": out["table"], "brier": float(np.mean(((p >= 0.5) - y) ** 2))}


RELIABILITY = FunctionQuestion(
    id="mt.reliability",
    level="mid",
    follow_ups=[
        T("What does a bin whose observed rate is below its mean prediction tell marketing?",
          "某个箱的实际比例低于其平均预测概率，这对市场部门意味着什么？"),
        T("Why can two models with the same ROC-AUC have very different Brier scores?",
          "为什么两个 ROC-AUC 相同的模型，Brier 分数可能相差很大？"),
        T("A model was trained on SMOTE-balanced data. What do you expect its table to show, and "
          "how do you repair it?",
          "一个模型在 SMOTE 平衡后的数据上训练。你预计它的校准表会是什么样？如何修复？"),
    ],
    title=T("Calibration: a reliability table and the Brier score", "校准：可靠性表与 Brier 分数"),
    prompt=T(
        "Write `reliability_table(y_true, proba, bins=10)` returning `{'table': ..., 'brier': "
        "...}`. Cut [0, 1] into `bins` equal-width bins with edges `np.linspace(0, 1, bins + 1)`, "
        "closed on the right (bin k holds `lower < p <= upper`; p = 0 goes into bin 1). The table "
        "has one row per bin, empty bins included, with the columns `bin` (1 to `bins`), `lower`, "
        "`upper`, `customers`, `mean_predicted` and `observed_rate` (NaN in an empty bin). "
        "`brier` is the mean of `(proba - y_true) ** 2`.",
        "请编写 `reliability_table(y_true, proba, bins=10)`，返回 `{'table': ..., 'brier': ...}`。"
        "把 [0, 1] 切成 `bins` 个等宽的箱，边界为 `np.linspace(0, 1, bins + 1)`，左开右闭（第 k 个箱"
        "包含 `lower < p <= upper`；p = 0 归入第 1 个箱）。表中每个箱一行，空箱也保留，列为 `bin`"
        "（1 到 `bins`）、`lower`、`upper`、`customers`、`mean_predicted` 和 `observed_rate`（空箱为 "
        "NaN）。`brier` 是 `(proba - y_true) ** 2` 的均值。"),
    hints=[
        T("A calibrated model's customers with p ≈ 0.3 turn out positive about 30% of the time: "
          "compare, bin by bin, the mean prediction with the observed share of positives.",
          "校准良好的模型中，p ≈ 0.3 的客户大约有 30% 最终是正类：逐箱比较平均预测概率与实际正类比例。"),
        T("`edges = np.linspace(0, 1, bins + 1)`; `np.searchsorted(edges, p, side='left')` gives k "
          "with `edges[k-1] < p <= edges[k]`; clip it to 1 … `bins` so that p = 0 lands in bin 1.",
          "`edges = np.linspace(0, 1, bins + 1)`；`np.searchsorted(edges, p, side='left')` 给出满足 "
          "`edges[k-1] < p <= edges[k]` 的 k；再裁剪到 1 … `bins`，让 p = 0 落入第 1 个箱。"),
        T("Loop over k = 1 … `bins` with a mask `which == k`: its sum, `p[mask].mean()` and "
          "`y[mask].mean()` (NaN when the mask is empty); Brier is `np.mean((p - y) ** 2)`.",
          "对 k = 1 … `bins` 循环，掩码为 `which == k`：求其个数、`p[mask].mean()` 和 "
          "`y[mask].mean()`（掩码为空时为 NaN）；Brier 分数是 `np.mean((p - y) ** 2)`。"),
    ],
    points=2,
    reference=sol.reliability_table,
    cases=_reliability_cases,
    compare_options=CLOSE,
    rules=[
        Rule("right_closed", T("bins are closed on the right; p = 0 goes into bin 1",
                               "箱左开右闭；p = 0 归入第 1 个箱"),
             _left_closed_bins, misconception="left_closed_bins", case="on the bin edges"),
        Rule("empty_bins_kept", T("one row per bin, empty bins included", "每个箱一行，空箱也保留"),
             _drops_empty_bins, misconception="drops_empty_bins", case="empty bins"),
    ],
    misconceptions=[
        Misconception("left_closed_bins", fn=_left_closed_bins, message=T(
            "Your bins are closed on the left (`np.floor(p * bins)` or `np.digitize`): a probability "
            "of exactly 0.3 went into the bin (0.3, 0.4] instead of (0.2, 0.3]. The task's "
            "convention is closed on the right, as `pd.cut` and scikit-learn's `calibration_curve` "
            "use; with rounded scores (many models output 0.3, 0.5 …) whole groups of customers "
            "move bins, and two teams comparing tables would disagree about the same model.",
            "你的箱是左闭右开的（`np.floor(p * bins)` 或 `np.digitize`）：恰好为 0.3 的概率被放进了 "
            "(0.3, 0.4] 而不是 (0.2, 0.3]。本题约定左开右闭，与 `pd.cut` 和 scikit-learn 的 "
            "`calibration_curve` 一致；当分数被取整时（很多模型输出 0.3、0.5 ……）会有整批客户换箱，两个"
            "团队对同一个模型的校准表就会对不上。")),
        Misconception("quantile_bins", detect=_equal_count_bins, message=T(
            "Your bins hold equal numbers of customers (quantile bins), not equal widths of "
            "probability. Quantile bins are a legitimate diagnostic, but they are not the table "
            "asked for: its rows must be the fixed intervals (0, 0.1], (0.1, 0.2] …, so that the "
            "row around the break-even probability 1/3 means the same for every model. Use the "
            "edges `np.linspace(0, 1, bins + 1)`.",
            "你的箱是等频的（每箱客户数相同，即分位数分箱），而不是等宽的概率区间。分位数分箱本身是合理"
            "的诊断方法，但不是本题要的表：表的每一行必须是固定区间 (0, 0.1]、(0.1, 0.2] ……，这样盈亏"
            "平衡概率 1/3 附近的那一行对每个模型含义都一样。请使用边界 `np.linspace(0, 1, bins + 1)`。")),
        Misconception("drops_empty_bins", detect=_no_empty_rows, message=T(
            "Your table leaves out the empty bins (as `calibration_curve` silently does), so row k "
            "is no longer bin k and the table has fewer rows than bins. A reader then compares the "
            "wrong bins across models, and the fact that a model never predicts above 0.6 (an empty "
            "top) disappears. Keep every bin, with 0 customers and NaN means.",
            "你的表去掉了空箱（`calibration_curve` 就是这样悄悄做的），于是第 k 行不再是第 k 个箱，行数也"
            "少于箱数。读者在比较不同模型时会对错箱，而“模型从不预测高于 0.6”（顶部为空）这一事实也随之消"
            "失。请保留每个箱：客户数为 0、均值为 NaN。")),
        Misconception("brier_of_hard_labels", fn=_brier_of_hard_labels, message=T(
            "Your Brier score was computed from the 0/1 predictions at 0.5, which makes it the error "
            "rate (1 − accuracy). The Brier score is the mean squared difference between the "
            "*probability* and the outcome, `np.mean((proba - y) ** 2)`: it rewards a 0.3 for a "
            "customer who is positive 30% of the time, exactly what the rule p ≥ cost / value "
            "relies on.",
            "你的 Brier 分数是用 0.5 阈值下的 0/1 预测算的，结果就成了错误率（1 − 准确率）。Brier 分数是"
            "*概率*与结果之差的平方的均值，`np.mean((proba - y) ** 2)`：对一位有 30% 可能为正类的客户，"
            "给出 0.3 才得分最好，而这正是 p ≥ 成本 / 价值 这条规则所依赖的。")),
    ],
)


# =========================================================================================
# 11. Choice: whose break-even rule is safe?
# =========================================================================================
CALIBRATION_CHOICE = ChoiceQuestion(
    id="mt.calibration_choice",
    level="mid",
    follow_ups=[
        T("How would you repair the class-weighted model without retraining it on other data?",
          "不换训练数据，你会如何修复类别加权的模型？"),
        T("Why fit `CalibratedClassifierCV` on folds and never on the test set?",
          "为什么 `CalibratedClassifierCV` 要在折上拟合，而绝不能在测试集上拟合？"),
    ],
    name="calibration_choice",
    title=T("Whose break-even rule is safe?", "谁的盈亏平衡规则可以直接用？"),
    prompt=T(
        "A campaign contacts every customer with p ≥ cost / value = 1/3 (20% of customers are high "
        "value). Out-of-fold reliability tables of three models with about the same ROC-AUC: the "
        "plain logistic regression predicts 0.20 on average, and its customers in the bin (0.3, "
        "0.4] are high value 48% of the time; the one with `class_weight='balanced'` predicts 0.39 "
        "on average and 13% in that bin; the random forest predicts 0.20 on average and 35% in "
        "that bin. For which model is the rule safe as it stands?",
        "一次营销活动会触达所有 p ≥ 成本 / 价值 = 1/3 的客户（20% 的客户是高价值客户）。三个 ROC-AUC "
        "相近的模型的折外可靠性表：普通逻辑回归的平均预测为 0.20，落在 (0.3, 0.4] 箱中的客户有 48% 是高价"
        "值客户；使用 `class_weight='balanced'` 的逻辑回归平均预测为 0.39，该箱中为 13%；随机森林平均预测"
        "为 0.20，该箱中为 35%。对哪个模型，这条规则可以原样使用？"),
    options={
        "a": T("The class-weighted regression: weighting makes it fair to the rare positive class.",
               "类别加权的逻辑回归：加权让它对稀少的正类更公平。"),
        "b": T("Any of the three: they rank equally well, and the rule only needs the ranking.",
               "三个都行：它们的排序能力一样好，而这条规则只需要排序。"),
        "c": T("The forest: in the bin around 1/3 its observed rate matches its predictions.",
               "随机森林：在 1/3 附近的箱中，它的实际比例与预测相符。"),
        "d": T("None: a rule on probabilities is never safe, so keep the 0.5 default instead.",
               "都不行：基于概率的规则永远不可靠，还是用默认的 0.5。"),
        "e": T("The plain regression: its average prediction equals the 20% base rate.",
               "普通逻辑回归：它的平均预测恰好等于 20% 的基础比例。"),
    },
    answer=sol.CALIBRATION_CHOICE,
    explanations={
        "a": T("Class weights shift the probabilities up: its customers near p = 0.35 are high value "
               "only 13% of the time, so p ≥ 1/3 contacts many customers who lose money (each "
               "expects 60 × 0.13 − 20 < 0). Recalibrate it (`CalibratedClassifierCV` on folds) "
               "before using the rule.",
               "类别权重把概率整体抬高了：p ≈ 0.35 附近的客户只有 13% 是高价值客户，所以 p ≥ 1/3 会触达很多"
               "亏钱的客户（每位的期望收益 60 × 0.13 − 20 < 0）。使用这条规则之前，请先在折上用 "
               "`CalibratedClassifierCV` 重新校准。"),
        "b": T("The rule compares a probability with a money ratio, so the probabilities themselves "
               "must be right, not only their order: the class-weighted model ranks as well as the "
               "others yet puts far more customers above 1/3.",
               "这条规则是拿概率和一个金额比值比较，所以概率本身必须是对的，而不只是顺序对：类别加权模型的"
               "排序和其他模型一样好，却把多得多的客户放到了 1/3 以上。"),
        "c": T("Right: where the observed rate matches the prediction near 1/3, p ≥ cost / value "
               "contacts the customers with a positive expected profit. On a finite sample the "
               "realised best threshold still differs a little, so choosing it on out-of-fold data "
               "stays the honest check.",
               "正确：在 1/3 附近实际比例与预测相符时，p ≥ 成本 / 价值 触达的正是期望利润为正的客户。在有限"
               "样本上，实际最优阈值仍会略有不同，所以在折外数据上选阈值依然是诚实的检验。"),
        "d": T("0.5 is the break-even point only when a success is worth exactly two contacts; with "
               "calibrated probabilities the right cut is cost / value, and a reliability table "
               "tells you when they are calibrated.",
               "只有当一次成功恰好抵得上两次触达时，0.5 才是盈亏平衡点；概率经过校准时正确的截断是 成本 / "
               "价值，而可靠性表会告诉你它们是否校准。"),
        "e": T("A right average (calibration in the large) is not enough: near the threshold its "
               "customers are high value 48% of the time at a predicted 0.35, so p ≥ 1/3 leaves out "
               "customers whose real chance is above 1/3. The bins around the threshold must be "
               "right.",
               "平均值对（整体校准）还不够：在阈值附近，预测为 0.35 的客户实际有 48% 是高价值客户，所以 "
               "p ≥ 1/3 会漏掉真实可能性高于 1/3 的客户。阈值附近的那几个箱必须是准的。"),
    },
    hints=[T("The rule reads a probability as a chance of success. For which models does a "
             "predicted 0.35 mean about a 35% chance?",
             "这条规则把概率当作成功的可能性来读。对哪些模型，预测 0.35 意味着大约 35% 的可能？")],
)


# =========================================================================================
# 12. precision_recall_at_k: a contact capacity
# =========================================================================================
_Y_K = np.array([1, 0, 0, 1, 1, 0, 0, 1, 0, 0])
_S_K = np.array([0.9, 0.8, 0.8, 0.8, 0.6, 0.5, 0.5, 0.4, 0.2, 0.1])


def _k_cases(seed):
    yield Case((_Y_K, _S_K, 3), label=T(
        "ten customers, four high value; capacity 3, and the 2nd to 4th customers share the score "
        "0.8 (a tie across the cut)",
        "十位客户，四位高价值；容量为 3，第 2 到第 4 位客户的分数同为 0.8（并列跨越截断点）"))
    yield Case((_Y_K, _S_K, 8), label=T(
        "the same customers with capacity 8: more contacts than high-value customers",
        "同样的客户，容量为 8：可触达人数多于高价值客户数"))
    rng = np.random.default_rng(11)
    yield Case((pd.Series(rng.random(300) < 0.2, name=LABEL), rng.integers(1, 6, size=300).astype(float), 50),
               label=T("300 customers scored 1–5 (many ties), capacity 50",
                       "300 位客户，分数为 1–5（大量并列），容量为 50"))
    scored, proba = _scored(seed)
    yield Case((scored[LABEL], proba[:, 1], 100), label=_source(
        seed, "odd-id customers scored by a logistic regression, capacity 100",
        "customer_id 为奇数的客户由逻辑回归打分，容量为 100"))


def _k_as_percent(y_true, scores, k):
    y = np.asarray(y_true).astype(bool)
    n_top = int(k / 100 * len(y))
    hits = int(y[np.argsort(-np.asarray(scores, dtype=float), kind="stable")[:n_top]].sum())
    return {"precision": hits / n_top, "recall": hits / y.sum() if y.sum() else 0.0}


def _ties_reversed(y_true, scores, k):
    y = np.asarray(y_true).astype(bool)
    hits = int(y[np.argsort(np.asarray(scores, dtype=float), kind="stable")[::-1][:k]].sum())
    return {"precision": hits / k, "recall": hits / y.sum() if y.sum() else 0.0}


def _ties_all_contacted(y_true, scores, k):
    y, s = np.asarray(y_true).astype(bool), np.asarray(scores, dtype=float)
    contacted = s >= np.sort(s)[::-1][k - 1]
    hits = int(np.sum(y & contacted))
    return {"precision": hits / contacted.sum(), "recall": hits / y.sum() if y.sum() else 0.0}


def _recall_over_k(y_true, scores, k):
    y = np.asarray(y_true).astype(bool)
    hits = int(y[np.argsort(-np.asarray(scores, dtype=float), kind="stable")[:k]].sum())
    return {"precision": hits / k, "recall": hits / k}


AT_K = FunctionQuestion(
    id="mt.at_k",
    level="mid",
    follow_ups=[
        T("The call centre can make 150 calls. Why is precision@150 a better model-selection "
          "metric than PR-AUC for this campaign?",
          "呼叫中心能打 150 个电话。为什么对这次活动来说，precision@150 比 PR-AUC 更适合选模型？"),
        T("What is the largest recall possible when k is smaller than the number of positives?",
          "当 k 小于正类总数时，召回率最大可能是多少？"),
        T("Two models differ by three customers at k = 150. How would you tell whether that is "
          "more than noise?",
          "两个模型在 k = 150 时相差三位客户。你如何判断这是否超出了噪声？"),
    ],
    title=T("Precision and recall at a contact capacity", "触达容量下的精确率与召回率"),
    prompt=T(
        "The campaign can contact exactly `k` customers. Write `precision_recall_at_k(y_true, "
        "scores, k)` returning `{'precision': ..., 'recall': ...}` as floats: sort by score, "
        "highest first, equal scores keeping their input order (a stable sort), take the first "
        "`k` (even when the k-th ties with the next), and return positives among them / `k` and "
        "positives among them / all positives (0.0 when there is none). `k` is a count, not a share.",
        "活动恰好能触达 `k` 位客户。请编写 `precision_recall_at_k(y_true, scores, k)`，以浮点数返回 "
        "`{'precision': ..., 'recall': ...}`：按分数从高到低排序，分数相同者保持输入顺序（稳定排序），取前 "
        "`k` 位（即使第 k 位与下一位并列也只取 k 位），返回其中的正样本数 / `k`，以及其中的正样本数 / 全部正样本数"
        "（没有正样本时为 0.0）。`k` 是人数，不是比例。"),
    hints=[
        T("Precision@k is the hit rate of the call list; recall@k is the share of all high-value "
          "customers that list reaches.",
          "precision@k 是呼叫名单的命中率；recall@k 是这份名单覆盖了全部高价值客户中的多大比例。"),
        T("`order = np.argsort(-np.asarray(scores, dtype=float), kind='stable')`; the hits are "
          "`y[order[:k]].sum()`.",
          "`order = np.argsort(-np.asarray(scores, dtype=float), kind='stable')`；命中数是 "
          "`y[order[:k]].sum()`。"),
    ],
    points=2,
    reference=sol.precision_recall_at_k,
    cases=_k_cases,
    compare_options=CLOSE,
    rules=[
        Rule("stable_ties", T("equal scores keep their input order (a stable sort)",
                              "分数相同者保持输入顺序（稳定排序）"),
             _ties_reversed, misconception="ties_reversed", case="a tie across the cut"),
        Rule("exactly_k", T("exactly k customers are contacted, even when the k-th ties with the next",
                            "恰好触达 k 位客户，即使第 k 位与下一位并列"),
             _ties_all_contacted, misconception="ties_all_contacted", case="a tie across the cut"),
    ],
    misconceptions=[
        Misconception("k_as_percent", fn=_k_as_percent, message=T(
            "You took `k` as a percentage of the customers (the top k%), but it is the number of "
            "customers the campaign can contact. A call centre with 100 calls a week contacts 100 "
            "customers whatever the size of the base; reading k as a share sizes the list wrongly "
            "and reports the precision of a different campaign.",
            "你把 `k` 当成了客户的百分比（前 k%），但它是活动能触达的客户人数。一个每周能打 100 个电话的呼叫"
            "中心，不论客户总数多少都只触达 100 位；把 k 读成比例会把名单规模算错，报告的是另一次活动的精确率。")),
        Misconception("ties_reversed", fn=_ties_reversed, message=T(
            "Among equal scores you took the customers that come *last* in the input: "
            "`np.argsort(scores)[::-1]` reverses the stable order of ties. The task breaks ties by "
            "input order (`np.argsort(-scores, kind='stable')`); with tied scores (RFM scores, "
            "trees) another tie rule puts other customers on the list and the reported precision "
            "cannot be reproduced by the CRM that sends the offer.",
            "在分数相同的客户中，你取的是输入中*靠后*的那些：`np.argsort(scores)[::-1]` 把并列者的稳定顺序"
            "反过来了。本题按输入顺序打破并列（`np.argsort(-scores, kind='stable')`）；分数有并列时（RFM "
            "分、树模型），换一种并列规则名单上就是另一批客户，报告的精确率也无法被发送优惠的 CRM 复现。")),
        Misconception("ties_all_contacted", fn=_ties_all_contacted, message=T(
            "You contacted everyone scoring at least the k-th score, so a tie at the cut puts more "
            "than k customers on the list. The capacity is a hard limit (k calls, k vouchers): take "
            "exactly k, breaking ties by input order, and divide by k.",
            "你触达了所有分数不低于第 k 位分数的客户，于是截断处的并列会让名单超过 k 人。容量是硬约束（k 个电"
            "话、k 张优惠券）：恰好取 k 位，按输入顺序打破并列，再除以 k。")),
        Misconception("recall_over_k", fn=_recall_over_k, message=T(
            "Your recall divides by k, which makes it precision again. Recall@k divides the hits by "
            "*all* high-value customers: it says how much of the valuable base the call list "
            "reaches, and it cannot exceed k / positives when the capacity is smaller than the "
            "number of positives.",
            "你的召回率除以的是 k，那就又成了精确率。recall@k 要用命中数除以*全部*高价值客户数：它说明呼叫名"
            "单覆盖了多少有价值的客户；当容量小于正样本数时，它不可能超过 k / 正样本数。")),
    ],
)


# =========================================================================================
# 13. uplift_by_decile: incremental spend, not value
# =========================================================================================
_S_UP = np.array([0.95, 0.9, 0.85, 0.8, 0.6, 0.55, 0.5, 0.45, 0.3, 0.2, 0.1, 0.05])
_T_UP = np.array([True, False, True, True, False, True, False, True, True, True, False, False])
_V_UP = np.array([300.0, 320.0, 280.0, 150.0, 20.0, 140.0, 0.0, 90.0, 60.0, 0.0, 0.0, 10.0])


def _uplift_cases(seed):
    yield Case((_S_UP, _T_UP, _V_UP), {"bins": 4}, label=T(
        "twelve customers in four groups of three; the top group buys whether treated or not",
        "十二位客户分成四组、每组三人；最高分的一组无论是否被触达都会购买"))
    yield Case((_S_UP[:8], np.array([True, True, False, True, False, False, True, True]), _V_UP[:8]),
               {"bins": 2}, label=T(
        "eight customers in two groups; the second group's four customers are two treated and two "
        "control", "八位客户分成两组；第二组四人中两人被触达、两人为对照"))
    yield Case((_S_UP[:6], np.array([True, True, True, False, True, False]), _V_UP[:6]),
               {"bins": 2}, label=T(
        "six customers in two groups; the first group has no control customer (its uplift is NaN)",
        "六位客户分成两组；第一组没有对照客户（其增量为 NaN）"))
    table = _table(seed)
    rng = np.random.default_rng(seed)
    treated = rng.random(len(table)) < 0.5
    yield Case((table["monetary"].to_numpy(), treated, table[TARGET_SPEND].to_numpy()), label=_source(
        seed, "customers ranked by past spend, a random half treated, spend = future spend",
        "按历史消费排序的客户，随机一半被触达，消费 = 未来消费"))
    rfm_like = table["frequency"].clip(upper=6).to_numpy(dtype=float)
    yield Case((rfm_like, treated, table[TARGET_SPEND].to_numpy()), {"bins": 7}, label=_source(
        seed, "customers ranked by frequency capped at 6 (many ties), seven groups",
        "按封顶为 6 的消费频次排序的客户（大量并列），分成七组"))


def _uplift_frame(groups, treated, spend, combine):
    rows = []
    for number, group in enumerate(groups, start=1):
        t, c = group[treated[group]], group[~treated[group]]
        t_mean = spend[t].mean() if len(t) else np.nan
        c_mean = spend[c].mean() if len(c) else np.nan
        rows.append({"bin": number, "customers": len(group), "treated": len(t), "control": len(c),
                     "treated_spend": t_mean, "control_spend": c_mean,
                     "uplift": combine(spend, t, c, t_mean, c_mean)})
    return pd.DataFrame(rows)


def _groups(scores, bins, kind="stable"):
    return np.array_split(np.argsort(-np.asarray(scores, dtype=float), kind=kind), bins)


def _treated_only(scores, treated, spend, bins=10):
    treated, spend = np.asarray(treated).astype(bool), np.asarray(spend, dtype=float)
    return _uplift_frame(_groups(scores, bins), treated, spend, lambda v, t, c, tm, cm: tm)


def _overall_control(scores, treated, spend, bins=10):
    treated, spend = np.asarray(treated).astype(bool), np.asarray(spend, dtype=float)
    everyone = spend[~treated].mean()
    return _uplift_frame(_groups(scores, bins), treated, spend, lambda v, t, c, tm, cm: tm - everyone)


def _totals_not_means(scores, treated, spend, bins=10):
    treated, spend = np.asarray(treated).astype(bool), np.asarray(spend, dtype=float)
    return _uplift_frame(_groups(scores, bins), treated, spend,
                         lambda v, t, c, tm, cm: v[t].sum() - v[c].sum())


def _unstable_deciles(scores, treated, spend, bins=10):
    treated, spend = np.asarray(treated).astype(bool), np.asarray(spend, dtype=float)
    return _uplift_frame(_groups(scores, bins, kind="quicksort"), treated, spend,
                         lambda v, t, c, tm, cm: tm - cm)


UPLIFT = FunctionQuestion(
    id="mt.uplift",
    level="senior",
    follow_ups=[
        T("Why must the control group be random, and not 'the customers we did not contact last time'?",
          "为什么对照组必须是随机的，而不能是“上次没有触达的客户”？"),
        T("The top decile shows an uplift of 140 yuan on 350 customers. What do you check before "
          "you believe it?",
          "最高的十分位在 350 位客户上显示了 140 元的增量。相信它之前你要检查什么？"),
    ],
    title=T("Uplift by score decile", "按评分十分位计算增量"),
    prompt=T(
        "A random half of the customers received the campaign (`treated`), the rest is the control "
        "group. Write `uplift_by_decile(scores, treated, spend, bins=10)`: cut the customers by "
        "score into `bins` groups as in `gains_table` (stable sort, highest first, "
        "`np.array_split`), and return one row per group with `bin` (1 = best), `customers`, "
        "`treated`, `control`, `treated_spend` and `control_spend` (mean spend of the group's "
        "treated and control customers, NaN when there is none) and `uplift` = `treated_spend - "
        "control_spend`.",
        "随机一半的客户收到了营销活动（`treated`），其余为对照组。请编写 `uplift_by_decile(scores, "
        "treated, spend, bins=10)`：像 `gains_table` 那样按分数把客户分成 `bins` 组（稳定排序、从高到低、"
        "`np.array_split`），每组返回一行，包含 `bin`（1 = 最好）、`customers`、`treated`、`control`、"
        "`treated_spend` 和 `control_spend`（该组被触达客户与对照客户的平均消费，没有时为 NaN），以及 "
        "`uplift` = `treated_spend - control_spend`。"),
    hints=[
        T("A campaign earns only what it *changes*: within each group, compare the treated with "
          "the control customers of that same group.",
          "活动只赚它*带来改变*的那部分钱：在每一组内，拿被触达客户与同组的对照客户比较。"),
        T("`groups = np.array_split(np.argsort(-scores, kind='stable'), bins)`; for a group `g`, "
          "`g[treated[g]]` and `g[~treated[g]]` are the two arms.",
          "`groups = np.array_split(np.argsort(-scores, kind='stable'), bins)`；对某一组 `g`，"
          "`g[treated[g]]` 和 `g[~treated[g]]` 就是两组客户。"),
    ],
    points=2,
    reference=sol.uplift_by_decile,
    cases=_uplift_cases,
    compare_options={**CLOSE, "key": "bin"},
    rules=[
        Rule("control_in_group", T("the control customers of the same group",
                                   "使用同一组内的对照客户"),
             _overall_control, misconception="overall_control"),
        Rule("stable_ties", T("equal scores keep their input order (a stable sort)",
                              "分数相同者保持输入顺序（稳定排序）"),
             _unstable_deciles, case="many ties"),
    ],
    misconceptions=[
        Misconception("treated_only", fn=_treated_only, message=T(
            "Your uplift is the mean spend of the treated customers: that is value, not uplift. The "
            "top decile spends most whether or not it gets the voucher; only the difference from "
            "its own control customers is what the campaign caused and what it may be credited "
            "with.",
            "你的增量是被触达客户的平均消费：那是价值，不是增量。最高的十分位无论是否收到优惠券都消费最多；只"
            "有与本组对照客户之差才是活动带来的、可以记在活动名下的部分。")),
        Misconception("overall_control", fn=_overall_control, message=T(
            "You subtracted the mean spend of *all* control customers from each group's treated "
            "mean. The top groups spend more anyway, so this mixes the value of the group with the "
            "effect of the campaign: top deciles look hugely responsive and bottom deciles "
            "negative. Compare each group with the control customers of the same group.",
            "你用每组被触达客户的均值减去了*全部*对照客户的平均消费。高分组本来就消费更多，这样会把该组的价值"
            "和活动的效果混在一起：高分十分位看起来反应极强，低分十分位则为负。请用同一组内的对照客户做比较。")),
        Misconception("totals_not_means", fn=_totals_not_means, message=T(
            "You subtracted total spends, not means. The treated and control groups of a decile "
            "are rarely the same size, so the difference of totals mostly measures who got more "
            "customers by chance. Compare mean spend per customer.",
            "你相减的是消费总额而不是均值。一个十分位里被触达组和对照组的人数很少恰好相等，总额之差主要反映的是"
            "哪一组碰巧分到了更多客户。请比较每位客户的平均消费。")),
    ],
)


UPLIFT_TALK = OpenQuestion(
    id="mt.uplift_talk",
    level="senior",
    follow_ups=[
        T("How large a control group would you keep, and in which deciles?",
          "你会保留多大的对照组？放在哪些十分位？"),
        T("What is a 'sleeping dog', and how would you find them?",
          "什么是反作用人群（sleeping dogs）？你如何找出他们？"),
    ],
    name="uplift_talk",
    title=T("Interview: the top-20% list is not the campaign list",
            "面试题：前 20% 的名单不是最佳营销名单"),
    prompt=T("Marketing wants to send a voucher to the top 20% of customers by predicted value. Why "
             "is that not the best campaign list, and what would you do instead?",
             "市场部门想把优惠券发给预测价值最高的前 20% 客户。为什么这不是最佳的营销名单？你会怎么做？"),
    model_answer=T(sol.UPLIFT_ANSWER,
                   "预测价值最高的前 20% 客户，正是无论如何都会消费最多的人：他们中很多人没有优惠券也会购买，"
                   "于是活动为并非由它带来的销售买单，甚至可能给本来会全价下单的订单打了折。价值模型预测的是消"
                   "费，而不是触达所带来的消费变化。活动应当最大化的是增量（uplift）利润：价值 ×（触达时的响应"
                   " − 不触达时的响应）− 成本。要度量它，需要保留一个随机的、不触达的对照组（或在每个评分十分位"
                   "内留出一部分），按十分位比较被触达客户与对照客户的平均消费，只触达每位客户增量超过触达成本"
                   "的那些十分位。积累了足够多的历史活动后，可以直接对增量建模（双模型法或类别转换法），并在随机"
                   "实验上用 Qini 曲线或增量曲线评估。注意噪声：最高的几个十分位消费波动最大，它们的增量需要最大"
                   "的对照组；还要避开被触达反而少买或流失的反作用人群（sleeping dogs）。"),
    rubric=[
        (T("High predicted value ≠ responds to the campaign: many top customers buy anyway",
           "高预测价值 ≠ 对活动有响应：很多预测价值最高的客户本来就会购买"), 1.0),
        (T("Defines incrementality (uplift) as treated minus control, and profit on the increment",
           "把增量（uplift）定义为触达组减对照组，并以增量计算利润"), 1.0),
        (T("A random control group (per decile) to measure it; contact where uplift > cost",
           "用随机对照组（按十分位）来度量；在增量大于成本处触达"), 1.0),
        (T("Noise / sample size in the top deciles, uplift models or sleeping dogs",
           "提到头部十分位的噪声与样本量、增量模型或反作用人群"), 1.0),
    ],
    hints=[T("What would the top 20% have spent without the voucher?",
             "如果没有优惠券，前 20% 的客户会消费多少？")],
    points=4,
)


# =========================================================================================
# Closing interview
# =========================================================================================
CHOOSE_METRIC = OpenQuestion(
    id="mt.choose_metric",
    level="senior",
    follow_ups=[
        T("Which metric would you put in the weekly report to marketing, and which in the model card?",
          "你会在给市场部门的周报里放哪个指标？模型卡里又放哪个？"),
        T("How do you turn a model metric into money for a budget discussion?",
          "在预算讨论中，你如何把模型指标换算成钱？"),
    ],
    name="choose_metric",
    title=T("Interview: how do you choose an evaluation metric?", "面试题：如何选择合适的评估指标？"),
    prompt=T("How do you choose the evaluation metrics for a customer value model, and how do you "
             "evaluate its performance? (the original question 5 and interview question 2)",
             "如何为客户价值模型选择评估指标？又如何评估它的性能？（原题第 5 问；题库原文面试题 2）"),
    model_answer=T(sol.CHOOSE_METRIC_ANSWER,
                   "从评分所驱动的决策出发，而不是从指标清单出发。客户价值模型驱动的决策通常是“在有限预算下"
                   "触达谁”，所以关键在于排序头部的质量，以及一次触达的收益和成本。（1）先看标签：高价值客户只"
                   "占 20%（或 5%）时，准确率被负类主导——预测“没有人”就有 80%（95%）——所以绝不能只报告准确"
                   "率。（2）衡量排序质量：一般性地比较模型用 ROC-AUC；正类稀少且只对名单头部采取行动时用 "
                   "PR-AUC（平均精确率），其基线是正类比例而不是 0.5。（3）在实际使用的工作点上报告精确率（触"
                   "达中有多少是值得的）、召回率（触达了多少高价值客户），需要权衡时用 F1 或 F-beta；它们都从混"
                   "淆矩阵读出。（4）对营销活动，换算成业务语言：预算允许触达的前 k% 的提升度和累计增益，触达容量下"
                   "的精确率和召回率（precision@k），以及利润 = 价值 × 真阳性 − 成本 × 触达数，它同时决定阈值。"
                   "（5）阈值在训练数据上用交叉验证选择，所有指标在未动用过的测试集（或跨时间验证）上只估计一次，"
                   "并报告不确定性。如果阈值来自概率（p ≥ 成本 / 价值），先检查概率的校准：可靠性图（校准曲线）和 "
                   "Brier 分数。若是对消费金额做回归，"
                   "则用金额上的 MAE 或 RMSE，再加上增益曲线或 Spearman 相关等排序指标，因为营销用的是排序。"),
    rubric=[
        (T("Starts from the business decision (whom to contact, budget, cost vs value)",
           "从业务决策出发（触达谁、预算、成本与价值）"), 1.0),
        (T("Explains why accuracy misleads on a skewed label, with the baseline",
           "解释为何准确率在不平衡标签上有误导性，并给出基线"), 1.0),
        (T("ROC-AUC vs PR-AUC, and precision / recall / F1 at the operating threshold",
           "区分 ROC-AUC 与 PR-AUC，以及工作阈值下的精确率 / 召回率 / F1"), 1.0),
        (T("Lift / gains or profit as the campaign's metric", "以提升度 / 增益或利润作为活动指标"), 1.0),
        (T("Threshold chosen by CV on training data; test set used once",
           "阈值在训练数据上用交叉验证选择；测试集只用一次"), 1.0),
    ],
    hints=[T("Work backwards from what marketing does with the score, then say what each metric "
             "tells them and on which data you measure it.",
             "从市场部门如何使用评分倒推，再说明每个指标告诉他们什么、在哪些数据上度量。")],
    points=5,
)

ACCURACY_TALK = OpenQuestion(
    id="mt.accuracy_talk",
    level="junior",
    follow_ups=[
        T("What accuracy does the model that flags nobody get here?",
          "这里一个人都不标记的模型准确率是多少？"),
        T("What single sentence would you give marketing instead?",
          "你会换成哪一句话来告诉市场部门？"),
    ],
    name="accuracy_talk",
    title=T("Interview: 'the model is 83% accurate'", "面试题：“模型准确率 83%”"),
    prompt=T("A colleague reports 'accuracy 0.83' for the high-value model (20% of customers are "
             "high value). What do you tell them, and what would you report to marketing instead?",
             "一位同事报告高价值模型的“准确率为 0.83”（20% 的客户是高价值客户）。你会对他说什么？你会改为向"
             "市场部门报告什么？"),
    model_answer=T(sol.ACCURACY_ANSWER,
                   "在正类占 20% 的标签上，0.83 的准确率说明不了什么：一个把所有人都判为非高价值的模型准确率就"
                   "有 0.80，却一个人也找不到。准确率还把阈值固定在 0.5，并且把漏掉一位高价值客户和浪费一张优惠"
                   "券看得一样重，而活动的盈亏并不是这样算的。我会报告活动真正需要的：衡量排序的 ROC-AUC 和 "
                   "PR-AUC（对照其 0.20 的基线）；实际所用阈值下的精确率、召回率和 F1，以及混淆矩阵；在我们负担得"
                   "起的前 10%–20% 客户中的提升度和所覆盖的高价值客户比例；以及利润最优阈值下的期望利润——该阈值在"
                   "训练数据上通过交叉验证选出，并在测试集上只度量一次。"),
    rubric=[
        (T("Names the 0.80 baseline of predicting nobody", "指出“预测没有人”的 0.80 基线"), 1.0),
        (T("Notes the fixed 0.5 threshold and equal error costs", "指出固定的 0.5 阈值和相同的错误代价"), 1.0),
        (T("Proposes ranking metrics, precision/recall at the threshold, lift or profit",
           "提出排序指标、阈值下的精确率/召回率、提升度或利润"), 1.0),
    ],
    hints=[T("What accuracy does a model that says 'no' to everyone get?",
             "一个对所有人都说“不是”的模型，准确率是多少？")],
    points=3,
)


QUESTIONS = [CONFUSION, PRF, RANKING, AUC_CHOICE, GAINS, PROFIT, BEST, HONEST, MODEL,
             RELIABILITY, CALIBRATION_CHOICE, AT_K, UPLIFT, UPLIFT_TALK, CHOOSE_METRIC, ACCURACY_TALK]
