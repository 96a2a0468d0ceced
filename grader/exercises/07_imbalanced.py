"""Questions of notebook 07: imbalanced targets (the top 5% of future spend).

Function questions are judged on hand-built edge cases plus tables of generated shop variants
(:func:`grader.tables.variant_table`) with the grading seed; the estimator question is fitted on
a generated variant and judged by balanced accuracy on its held-out customers. Each
recorded misconception is a small private function named ``_<name>`` after the mistake: a wrong
implementation with the reference's signature, or a detector.
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
)
from grader.registry import solutions
from grader.tables import variant_table

#: the frames this notebook's questions work from: an assignment ships the customer table
INPUT_FRAMES = ("customer_table",)
sol = solutions("07")

#: customers per generated shop for the function questions (about 70% are active)
N_SMALL = 900
#: customers per generated shop for the estimator question: ~2,100 active, ~40 top spenders tested
N_MODEL = 3000


def _rare_data(seed, n_customers=N_SMALL, share=sol.TOP_SHARE):
    """Features indexed by customer_id and the rare label of one generated shop variant."""
    table = variant_table(seed, n_customers)
    X = sol.model_matrix(table).set_axis(table["customer_id"].rename("customer_id"))
    y = sol.top_share_label(table, share).set_axis(X.index)
    return X, y


def _generated(share, n_customers=N_SMALL):
    return T(f"a generated shop of {n_customers} customers, top {share:.0%} of future spend as the label",
             f"一个随机生成的、含 {n_customers} 位客户的商店，以未来消费前 {share:.0%} 为标签")


# =========================================================================================
# 1. majority_baseline
# =========================================================================================
def _baseline_cases(seed):
    yield Case((pd.Series([False] * 19 + [True], name="top_spender"),), label=T(
        "twenty customers, one top spender (True / False labels)",
        "二十位客户，其中一位是头部消费者（True / False 标签）"))
    yield Case((pd.Series([0, 1, 0, 0, 1, 0, 0, 0, 1, 0], name="top_spender"),), label=T(
        "ten customers, three positives (0 / 1 labels)", "十位客户，三个正样本（0 / 1 标签）"))
    yield Case((_rare_data(seed)[1],), label=_generated(sol.TOP_SHARE))


def _positive_rate_as_accuracy(y):
    out = sol.majority_baseline(y)
    return {**out, "accuracy": out["average_precision"]}


def _average_precision_like_roc_auc(y):
    return {**sol.majority_baseline(y), "average_precision": 0.5}


def _average_precision_zero(y):
    return {**sol.majority_baseline(y), "average_precision": 0.0}


BASELINE = FunctionQuestion(
    id="imb.baseline",
    level="junior",
    follow_ups=[
        T("Why is the baseline's ROC-AUC 0.5 while its accuracy looks excellent?",
          "为什么基线的 ROC-AUC 是 0.5，准确率却看起来很出色？"),
        T("Which number must any real model beat before you look further?",
          "任何真正的模型必须先超过哪个数字，你才会继续看下去？"),
    ],
    title=T("What doing nothing scores", "什么都不做能得多少分"),
    prompt=T(
        "Before judging a model for a rare label, know what the do-nothing model scores: it calls "
        "nobody a top spender and gives everyone the same score. Write `majority_baseline(y)` "
        "returning a dict with its `accuracy`, `balanced_accuracy`, `recall` (of the positive "
        "class) and `average_precision` (PR-AUC), as scikit-learn would compute them.",
        "在评判稀有标签的模型之前，先要知道“什么都不做”的模型能得多少分：它认为没有任何人是头部消"
        "费者，并给每个人相同的分数。请编写 `majority_baseline(y)`，返回一个字典，包含它的 "
        "`accuracy`、`balanced_accuracy`、`recall`（正类的召回率）和 `average_precision`（PR-AUC），"
        "数值与 scikit-learn 的计算一致。"),
    hints=[
        T("Predicting False for everyone is right for every negative: accuracy is the share of "
          "negatives. Balanced accuracy averages the recall of the two classes (1 and 0).",
          "对所有人预测 False，则所有负样本都预测对了：准确率就是负样本所占的比例。平衡准确率是两个类别召回"
          "率（1 和 0）的平均值。"),
        T("With one score for everyone, every threshold flags either nobody or everybody; "
          "flagging everybody has precision = the positive rate and recall 1, so the average "
          "precision is the positive rate, not 0.5 (that is ROC-AUC's chance level).",
          "所有人分数相同时，任何阈值要么一个都不选、要么全选；全选时精确率等于正类占比、召回率为 1，"
          "所以平均精确率等于正类占比，而不是 0.5（那是 ROC-AUC 的随机水平）。"),
        T("`rate = float(np.mean(np.asarray(y, dtype=bool)))`, then "
          "`{'accuracy': 1 - rate, 'balanced_accuracy': 0.5, 'recall': 0.0, "
          "'average_precision': rate}`.",
          "`rate = float(np.mean(np.asarray(y, dtype=bool)))`，然后返回 "
          "`{'accuracy': 1 - rate, 'balanced_accuracy': 0.5, 'recall': 0.0, "
          "'average_precision': rate}`。"),
    ],
    points=1,
    reference=sol.majority_baseline,
    cases=_baseline_cases,
    compare_options={"rtol": 1e-9, "atol": 1e-9},
    misconceptions=[
        Misconception("positive_rate_as_accuracy", fn=_positive_rate_as_accuracy, message=T(
            "Your accuracy is the share of *positives*. The do-nothing model is right on every "
            "negative, so its accuracy is the share of negatives: 95% on a 5% label. That is the "
            "number a report of 'accuracy 0.95' must beat, and why accuracy alone hides a model "
            "that never finds a single top spender.",
            "你给出的准确率是*正样本*的比例。“什么都不做”的模型对每个负样本都判断正确，所以它的准确率是负样本的"
            "比例：在 5% 的标签上就是 95%。任何“准确率 0.95”的报告都必须超过这个数，这也说明只看准确率会"
            "掩盖一个从未找出任何头部消费者的模型。")),
        Misconception("average_precision_like_roc_auc", fn=_average_precision_like_roc_auc, message=T(
            "You gave the average precision of a constant score as 0.5, the chance level of "
            "ROC-AUC. The chance level of PR-AUC is the positive rate (0.05 for a 5% label): "
            "precision can never beat it without a useful ranking. Comparing a model's PR-AUC "
            "with 0.5 makes a useful model look like a failure.",
            "你把常数分数的平均精确率当成了 0.5，那是 ROC-AUC 的随机水平。PR-AUC 的随机水平是正类占比"
            "（5% 的标签就是 0.05）：没有有效的排序，精确率不可能超过它。拿模型的 PR-AUC 和 0.5 比较，"
            "会把一个有用的模型误判为失败。")),
        Misconception("average_precision_zero", fn=_average_precision_zero, message=T(
            "You gave the average precision as 0 because the model predicts no positives. PR-AUC "
            "is computed from the *scores* over every threshold, not from the 0.5 predictions: "
            "with one score for everyone, flagging everybody reaches precision = positive rate "
            "at recall 1, so the average precision is the positive rate. Read PR-AUC as a "
            "ranking metric, independent of the threshold.",
            "你因为模型没有预测任何正样本，就把平均精确率记为 0。PR-AUC 是根据*分数*在所有阈值上计算的，"
            "而不是根据 0.5 阈值下的预测：所有人分数相同时，全选可以在召回率为 1 时达到等于正类占比的精"
            "确率，所以平均精确率就是正类占比。请把 PR-AUC 理解为与阈值无关的排序指标。")),
    ],
)


# =========================================================================================
# 2. balanced_class_weights
# =========================================================================================
def _weights_cases(seed):
    yield Case((pd.Series([0, 0, 0, 0, 1]),), label=T(
        "five customers, one positive (0 / 1 labels)", "五位客户，一个正样本（0 / 1 标签）"))
    yield Case((pd.Series(["bronze"] * 6 + ["silver"] * 3 + ["gold"]),), label=T(
        "three segments: 6 bronze, 3 silver, 1 gold", "三个客户等级：6 个 bronze、3 个 silver、1 个 gold"))
    yield Case((_rare_data(seed)[1],), label=_generated(sol.TOP_SHARE))


def _counts(y):
    return pd.Series(np.asarray(y)).value_counts().sort_index()


def _inverse_counts(y):
    return {k: 1.0 / v for k, v in _counts(y).items()}


def _class_shares(y):
    counts = _counts(y)
    return {k: v / counts.sum() for k, v in counts.items()}


def _majority_ratio(y):
    counts = _counts(y)
    return {k: counts.max() / v for k, v in counts.items()}


def _two_classes(y):
    counts = _counts(y)
    return {k: counts.sum() / (2 * v) for k, v in counts.items()}


CLASS_WEIGHTS = FunctionQuestion(
    id="imb.class_weights",
    level="mid",
    follow_ups=[
        T("What does a weight of 10 on the rare class change in the loss?",
          "给稀有类别权重 10，会让损失函数发生什么变化？"),
        T("Why do weights shift predicted probabilities, and what does that mean for a threshold?",
          "为什么类别权重会改变预测概率？这对阈值意味着什么？"),
    ],
    title=T("Balanced class weights", "平衡的类别权重"),
    prompt=T(
        "Class weights let a model pay more for each mistake on a rare class without inventing "
        "or dropping any customer. Write `balanced_class_weights(y)`: a dict mapping each class "
        "(sorted) to `n / (k * n_c)` for `n` rows, `k` classes and "
        "`n_c` rows of the class, the formula of scikit-learn's `class_weight='balanced'`.",
        "类别权重让模型在稀有类别上犯的每个错误付出更高代价，而无需虚构或丢弃任何客户。请编写 "
        "`balanced_class_weights(y)`：返回一个字典，把每个类别（排好序，用普通 Python 值表示）映射到 "
        "`n / (k * n_c)`，其中 `n` 为行数、`k` 为类别数、`n_c` 为该类别的行数，这就是 scikit-learn "
        "中 `class_weight='balanced'` 的公式。"),
    hints=[
        T("Count the rows of each class: `np.unique(y, return_counts=True)` gives the sorted "
          "classes and their counts.",
          "统计每个类别的行数：`np.unique(y, return_counts=True)` 会返回排好序的类别及其数量。"),
        T("Each class's weights then add up to `n / k`: every class weighs the same in total. "
          "`k` is the number of classes, not always 2.",
          "这样每个类别的权重之和都是 `n / k`：每个类别的总权重相同。`k` 是类别的个数，不一定是 2。"),
        T("`classes, counts = np.unique(np.asarray(y), return_counts=True)`, then "
          "`{c: float(len(y) / (len(classes) * n_c)) for c, n_c in zip(classes.tolist(), "
          "counts.tolist())}`.",
          "`classes, counts = np.unique(np.asarray(y), return_counts=True)`，然后 "
          "`{c: float(len(y) / (len(classes) * n_c)) for c, n_c in zip(classes.tolist(), "
          "counts.tolist())}`。"),
    ],
    points=1,
    reference=sol.balanced_class_weights,
    cases=_weights_cases,
    compare_options={"rtol": 1e-9, "atol": 1e-12},
    misconceptions=[
        Misconception("inverse_counts", fn=_inverse_counts, message=T(
            "You used `1 / n_c`. The ratio between the classes is right, but the weights are tiny "
            "(their total is `k`, not `n`): for a logistic regression that is the same as "
            "regularising hundreds of times more strongly, so the model underfits and the "
            "ranking of customers suffers. Scale by `n / k`.",
            "你用的是 `1 / n_c`。类别之间的比例是对的，但权重非常小（总和是 `k` 而不是 `n`）：对逻辑回归来"
            "说，这相当于把正则化加强了几百倍，模型欠拟合，客户排序也会变差。请乘以 `n / k`。")),
        Misconception("class_shares", fn=_class_shares, message=T(
            "You used each class's share `n_c / n`: the common class now gets the *larger* "
            "weight, which makes the imbalance worse. The model then almost never flags a top "
            "spender, and the campaign misses exactly the customers it is for. Weight by the "
            "inverse: `n / (k * n_c)`.",
            "你用的是每个类别的占比 `n_c / n`：常见类别反而得到*更大*的权重，不平衡更严重了。模型几乎不会"
            "把任何人判为头部消费者，营销活动恰好错过它要找的客户。请按倒数加权：`n / (k * n_c)`。")),
        Misconception("majority_ratio", fn=_majority_ratio, message=T(
            "You scaled so that the largest class weighs 1 (`n_max / n_c`). The ratios are "
            "right but the total weight is no longer `n`, so the regularisation strength of "
            "the model changes with the imbalance, and results stop matching "
            "`class_weight='balanced'`. Use `n / (k * n_c)`.",
            "你把最大类别的权重缩放为 1（`n_max / n_c`）。比例没错，但总权重不再等于 `n`，模型的正则化强度"
            "会随不平衡程度变化，结果也与 `class_weight='balanced'` 不一致。请使用 `n / (k * n_c)`。")),
        Misconception("two_classes", fn=_two_classes, message=T(
            "You divided by 2 instead of by the number of classes `k`. That is right for a "
            "yes/no label but wrong for segments such as bronze/silver/gold: with three classes "
            "every weight is 1.5 times too large.",
            "你除以的是 2，而不是类别个数 `k`。这对是/否标签没问题，但对 bronze/silver/gold 这样的客户等级就错"
            "了：有三个类别时，每个权重都大了 1.5 倍。")),
    ],
)


# =========================================================================================
# 3. random_undersample
# =========================================================================================
def _small_frame(values, index):
    return pd.DataFrame({"monetary": values, "frequency": np.arange(1, len(values) + 1)},
                        index=pd.Index(index, name="customer_id"))


def _undersample_cases(seed):
    X = _small_frame([120.0, 15.0, 60.0, 980.0, 35.0, 75.0, 20.0, 1500.0],
                     [101, 102, 103, 104, 105, 106, 107, 108])
    y = pd.Series([0, 0, 0, 1, 0, 0, 0, 1], index=X.index, name="top_spender")
    yield Case((X, y), kwargs={"seed": 3}, label=T(
        "eight customers (index: customer_id), two positives, seed=3",
        "八位客户（索引为 customer_id），两个正样本，seed=3"))
    X = _small_frame([10.0, 12.0, 300.0, 8.0, 15.0, 9.0, 400.0], [7, 3, 9, 1, 5, 2, 8])
    y = pd.Series([1, 1, 0, 1, 1, 1, 0], index=X.index, name="will_churn")
    yield Case((X, y), kwargs={"seed": 0}, label=T(
        "a churn label where the positive class (1) is the majority, unsorted index, seed=0",
        "一个流失标签，其中正类（1）是多数类，索引未排序，seed=0"))
    X, y = _rare_data(seed)
    yield Case((X, y), kwargs={"seed": seed}, label=_generated(sol.TOP_SHARE))


def _with_replacement(X, y, seed=0):
    labels = np.asarray(y)
    classes, counts = np.unique(labels, return_counts=True)
    minority, majority = classes[np.argmin(counts)], classes[np.argmax(counts)]
    rng = np.random.default_rng(seed)
    kept = rng.choice(np.flatnonzero(labels == majority), size=int(counts.min()), replace=True)
    rows = np.sort(np.concatenate([np.flatnonzero(labels == minority), kept]))
    return X.iloc[rows], y.iloc[rows]


def _smaller_sample(X, y, seed=0):
    n = 2 * int(pd.Series(np.asarray(y)).value_counts().min())
    X_res = X.sample(n=n, random_state=seed)
    return X_res, y.loc[X_res.index]


def _fresh_index(X, y, seed=0):
    X_res, y_res = sol.random_undersample(X, y, seed)
    return X_res.reset_index(drop=True), y_res.reset_index(drop=True)


def _assumes_positive_minority(answer, output, case):
    """It raised because it sampled len(positives) from a smaller set of negatives."""
    labels = np.asarray(case.args[1])
    return (isinstance(output, ValueError) and "larger sample" in str(output)
            and (labels == 1).sum() > (labels != 1).sum())


def _minority_first(X, y, seed=0):
    X_res, y_res = sol.random_undersample(X, y, seed)
    order = np.argsort(y_res.to_numpy() != y_res.value_counts().idxmin(), kind="stable")
    return X_res.iloc[order], y_res.iloc[order]


def _fresh_index(X, y, seed=0):
    X_res, y_res = sol.random_undersample(X, y, seed)
    return X_res.reset_index(drop=True), y_res.reset_index(drop=True)


UNDERSAMPLE = FunctionQuestion(
    id="imb.undersample",
    level="mid",
    follow_ups=[
        T("What do you throw away by undersampling, and when is that acceptable?",
          "欠采样丢掉了什么？什么时候可以接受？"),
        T("Why must undersampling happen inside the training folds only?",
          "为什么欠采样只能在训练折内进行？"),
    ],
    title=T("Random undersampling by hand", "手写随机欠采样"),
    prompt=T(
        "Undersampling keeps every customer of the rare class and a random subset of the common "
        "class of the same size. Write `random_undersample(X, y, seed=0)`: the minority class "
        "is whichever class has fewer rows; with `rng = np.random.default_rng(seed)` keep the "
        "majority positions `rng.choice(majority_positions, size=n_minority, replace=False)` "
        "plus every minority row; return `(X_res, y_res)` with the original index labels in "
        "their original order. With equal counts, return copies unchanged.",
        "欠采样保留稀有类别的全部客户，并从常见类别中随机抽取同样数量的客户。请编写 "
        "`random_undersample(X, y, seed=0)`：少数类是行数较少的那个类别（不论它的取值是什么）；用 "
        "`rng = np.random.default_rng(seed)` 保留多数类中位置为 "
        "`rng.choice(majority_positions, size=n_minority, replace=False)` 的行，以及全部少数类行；返回 "
        "`(X_res, y_res)`，保留原来的索引标签和原来的行顺序。两类数量相同时，原样返回副本。"),
    hints=[
        T("Work with positions: `labels = np.asarray(y)`, `np.flatnonzero(labels == c)` gives "
          "the positions of class `c`. Decide the minority by counting, not by assuming it is 1.",
          "用位置来处理：`labels = np.asarray(y)`，`np.flatnonzero(labels == c)` 给出类别 `c` 的位置。"
          "通过计数来确定少数类，而不是假设它是 1。"),
        T("Draw without replacement (`replace=False`), exactly `n_minority` majority positions; "
          "then `rows = np.sort(np.concatenate([minority_positions, kept]))`.",
          "不放回抽样（`replace=False`），恰好抽取 `n_minority` 个多数类位置；然后 "
          "`rows = np.sort(np.concatenate([minority_positions, kept]))`。"),
        T("Return `X.iloc[rows], y.iloc[rows]`: `iloc` keeps the index labels (the customer ids).",
          "返回 `X.iloc[rows], y.iloc[rows]`：`iloc` 会保留索引标签（客户 id）。"),
    ],
    points=2,
    reference=sol.random_undersample,
    cases=_undersample_cases,
    compare_options={"rtol": 1e-9, "atol": 1e-12},
    rules=[Rule("original_order", T("the original index labels in their original order",
                                    "保留原来的索引标签和原来的顺序"), _minority_first),
           Rule("original_labels", T("the original index labels", "保留原来的索引标签"), _fresh_index)],
    misconceptions=[
        Misconception("with_replacement", fn=_with_replacement, message=T(
            "You drew the majority rows *with* replacement: some customers appear twice and "
            "others who should have been drawn are missing. Duplicated negatives get double "
            "weight for no reason, and the sample no longer represents the majority class. Use "
            "`replace=False`.",
            "你对多数类是*有放回*抽样：有些客户出现了两次，而另一些本该被抽中的客户缺失了。重复的负样本无缘无故"
            "获得双倍权重，样本也不再能代表多数类。请使用 `replace=False`。")),
        Misconception("smaller_sample", fn=_smaller_sample, message=T(
            "You drew a smaller random sample of *all* customers (`X.sample(n=...)`). That "
            "shrinks the data but keeps the 5% imbalance and even loses top spenders, the rows "
            "you can least afford to lose. Undersampling keeps every minority row and samples "
            "only the majority class.",
            "你从*全部*客户中随机抽了一个较小的样本（`X.sample(n=...)`）。这样数据变少了，但 5% 的不平衡依旧，"
            "还丢掉了头部消费者，而它们恰恰是最不能丢的行。欠采样要保留全部少数类行，只对多数类抽样。")),
        Misconception("fresh_index", fn=_fresh_index, message=T(
            "Your rows are right but the index is a fresh 0, 1, 2, ...: the customer ids are "
            "gone, so the resampled rows can no longer be joined back to customers or checked "
            "for duplicates. Select with `iloc` and do not reset the index.",
            "你选出的行是对的，但索引变成了新的 0, 1, 2, ...：客户 id 丢失了，重采样后的行无法再关联回客户，"
            "也无法检查重复。请用 `iloc` 选择，不要重置索引。")),
        Misconception("assumes_positive_minority", detect=_assumes_positive_minority, message=T(
            "Your code assumes the positive class (1 / True) is the minority, so it failed on a "
            "label where 1 is the majority (most customers churn). Find the minority class by "
            "counting the rows of each class; then the same function works for any binary label.",
            "你的代码假设正类（1 / True）就是少数类，所以在 1 为多数类的标签（大多数客户会流失）上出错了。请通过"
            "统计各类别的行数来确定少数类，这样同一个函数就适用于任何二分类标签。")),
    ],
)


# =========================================================================================
# 4. leaky_vs_honest_cv
# =========================================================================================
def _leakage_cases(seed):
    X, y = _rare_data(seed)
    yield Case((X, y), kwargs={"seed": seed % 5 + 1}, label=T(
        f"a generated shop of {N_SMALL} customers, top 5% of future spend as the label, "
        f"seed={seed % 5 + 1}",
        f"一个随机生成的、含 {N_SMALL} 位客户的商店，以未来消费前 5% 为标签，seed={seed % 5 + 1}"))


def _cv(seed):
    from sklearn.model_selection import StratifiedKFold

    return StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)


def _prepare(seed):
    """The preparation both runs share: scale, then SMOTE (an imbalanced-learn pipeline)."""
    from imblearn.over_sampling import SMOTE
    from imblearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), SMOTE(random_state=seed))


def _honest_model(seed):
    from imblearn.over_sampling import SMOTE
    from imblearn.pipeline import make_pipeline
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), SMOTE(random_state=seed), LogisticRegression(solver="liblinear"))


def _leaky_both(X, y, seed=0):
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_score

    X_res, y_res = _prepare(seed).fit_resample(X, y)
    score = cross_val_score(LogisticRegression(solver='liblinear'), X_res, y_res, cv=_cv(seed),
                            scoring="average_precision").mean()
    return {"leaky": float(score), "honest": float(score)}


def _no_resampling_in_honest(X, y, seed=0):
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    honest = cross_val_score(make_pipeline(StandardScaler(), LogisticRegression(solver='liblinear')), X, y,
                             cv=_cv(seed), scoring="average_precision").mean()
    return {"leaky": sol.leaky_vs_honest_cv(X, y, seed)["leaky"], "honest": float(honest)}


def _resamples_test_fold(X, y, seed=0):
    from imblearn.over_sampling import SMOTE
    from sklearn.metrics import average_precision_score

    scores = []
    for train, test in _cv(seed).split(X, y):
        model = _honest_model(seed).fit(X.iloc[train], y.iloc[train])
        X_te, y_te = SMOTE(random_state=seed).fit_resample(X.iloc[test], y.iloc[test])
        scores.append(average_precision_score(y_te, model.predict_proba(X_te)[:, 1]))
    return {"leaky": sol.leaky_vs_honest_cv(X, y, seed)["leaky"], "honest": float(np.mean(scores))}


def _accuracy_scoring(X, y, seed=0):
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_score

    X_res, y_res = _prepare(seed).fit_resample(X, y)
    leaky = cross_val_score(LogisticRegression(solver='liblinear'), X_res, y_res, cv=_cv(seed),
                            scoring="accuracy").mean()
    honest = cross_val_score(_honest_model(seed), X, y, cv=_cv(seed), scoring="accuracy").mean()
    return {"leaky": float(leaky), "honest": float(honest)}


def _no_scaler(X, y, seed=0):
    """SMOTE straight on the columns as they are, before and inside the split."""
    from imblearn.over_sampling import SMOTE
    from imblearn.pipeline import make_pipeline
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_score

    X_res, y_res = SMOTE(random_state=seed).fit_resample(X, y)
    leaky = cross_val_score(LogisticRegression(solver='liblinear'), X_res, y_res, cv=_cv(seed),
                            scoring="average_precision").mean()
    honest = cross_val_score(make_pipeline(SMOTE(random_state=seed), LogisticRegression(solver='liblinear')),
                             X, y, cv=_cv(seed), scoring="average_precision").mean()
    return {"leaky": float(leaky), "honest": float(honest)}


def _sklearn_pipeline(answer, output, case):
    """scikit-learn's Pipeline refuses a sampler as an intermediate step (it has no transform)."""
    text = str(output)
    return isinstance(output, TypeError) and "intermediate steps" in text and "fit_resample" not in text


LEAKAGE = FunctionQuestion(
    id="imb.leakage",
    level="senior",
    follow_ups=[
        T("Where exactly do the synthetic test customers come from in the leaky version?",
          "在有泄漏的版本里，合成的测试客户究竟是从哪里来的？"),
        T("How would you convince a colleague the honest number is the one to report?",
          "你会如何说服同事，应该报告的是那个诚实的数字？"),
    ],
    title=T("How much does resampling before the split inflate the score?",
            "在划分之前重采样会把分数抬高多少？"),
    prompt=T(
        "Resampling the whole table before cross-validation puts synthetic copies of test "
        "customers into training and scores test folds with a fake 50/50 balance. Write "
        "`leaky_vs_honest_cv(X, y, seed=0)` returning `{'leaky': ..., 'honest': ...}`, the "
        "mean `cross_val_score` (scoring `'average_precision'`, "
        "`StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)`) of "
        "`LogisticRegression(solver='liblinear')` after the preparation "
        "`make_pipeline(StandardScaler(), SMOTE(random_state=seed))` (imbalanced-learn's; SMOTE "
        "measures distances, so scale first): leaky = the preparation's `fit_resample` on all of "
        "`X, y`, then cross-validate the model on the prepared rows; honest = cross-validate "
        "`make_pipeline(StandardScaler(), SMOTE(...), LogisticRegression(...))` on the original "
        "`X, y`.",
        "在交叉验证之前对整张表重采样，会把测试客户的合成副本放进训练集，并让测试折呈现虚假的 50/50 比例。"
        "请编写 `leaky_vs_honest_cv(X, y, seed=0)`，返回 `{'leaky': ..., 'honest': ...}`：分别是 "
        "`LogisticRegression(solver='liblinear')` 在预处理 `make_pipeline(StandardScaler(), "
        "SMOTE(random_state=seed))`（imbalanced-learn 的流水线；SMOTE 要计算距离，所以先标准化）之后的 "
        "`cross_val_score` 平均值（评分 `'average_precision'`，`StratifiedKFold(n_splits=5, shuffle=True, "
        "random_state=seed)`）。leaky：先对全部 `X, y` 调用预处理的 `fit_resample`，再在处理后的行上交叉验证"
        "模型；honest：在原始 `X, y` 上交叉验证 `make_pipeline(StandardScaler(), SMOTE(...), "
        "LogisticRegression(...))`。"),
    hints=[
        T("Leaky: `X_res, y_res = make_pipeline(StandardScaler(), SMOTE(random_state=seed))"
          ".fit_resample(X, y)` and then `cross_val_score(LogisticRegression(solver='liblinear'), "
          "X_res, y_res, cv=cv, scoring='average_precision')`.",
          "leaky：`X_res, y_res = make_pipeline(StandardScaler(), SMOTE(random_state=seed))"
          ".fit_resample(X, y)`，然后 `cross_val_score(LogisticRegression(solver='liblinear'), "
          "X_res, y_res, cv=cv, scoring='average_precision')`。"),
        T("Honest: the scaler and the sampler go *into* the model. scikit-learn's `Pipeline` "
          "refuses a sampler; imbalanced-learn's `make_pipeline` resamples during `fit` only, so "
          "each test fold is scored as it is.",
          "honest：标准化和采样器都要放*进*模型里。scikit-learn 的 `Pipeline` 不接受采样器；"
          "imbalanced-learn 的 `make_pipeline` 只在 `fit` 时重采样，所以每个测试折都按原样评分。"),
        T("Use one `cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)` for both "
          "and return the two `.mean()` values as floats.",
          "两次都使用同一个 `cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)`，并把两个 "
          "`.mean()` 值以浮点数返回。"),
    ],
    points=2,
    reference=sol.leaky_vs_honest_cv,
    cases=_leakage_cases,
    compare_options={"rtol": 1e-6, "atol": 1e-9},
    rules=[Rule("scaled_first", T("scale before SMOTE, in both runs", "两次都先标准化再做 SMOTE"), _no_scaler,
                misconception="no_scaler")],
    misconceptions=[
        Misconception("no_scaler", fn=_no_scaler, message=T(
            "You ran SMOTE on the columns as they are. SMOTE invents customers between nearest "
            "neighbours, and unscaled distances are dominated by the widest columns (category "
            "breadth, log recency, log spend) while the return rate barely counts, so the synthetic "
            "top spenders are placed by a few features. "
            "Put `StandardScaler()` in front of `SMOTE` in both runs: before the split for the leaky "
            "one, inside the pipeline for the honest one.",
            "你直接在原始列上做了 SMOTE。SMOTE 在最近邻之间合成新客户，而未标准化的距离主要由取值范围最宽的几列"
            "（品类广度、对数 recency、对数消费额）决定，退货率几乎不起作用，合成的头部消费者因此只按少数几个特征"
            "摆放。请在两次运行中都把 "
            "`StandardScaler()` 放在 `SMOTE` 前面：leaky 在划分之前，honest 在流水线内部。")),
        Misconception("leaky_both", fn=_leaky_both, message=T(
            "Both of your scores resample before the split, so 'honest' is as leaky as 'leaky'. "
            "An honest estimate resamples inside each training fold only: put SMOTE in an "
            "imbalanced-learn pipeline and cross-validate the pipeline on the original data. "
            "Otherwise the report promises a precision the campaign will never see.",
            "你的两个分数都是在划分前重采样的，所以“honest”和“leaky”一样有泄漏。诚实的估计只在每个训练折内"
            "重采样：把 SMOTE 放进 imbalanced-learn 流水线，并在原始数据上对整个流水线做交叉验证。否则报告"
            "承诺的精确率，营销活动永远也达不到。")),
        Misconception("no_resampling_in_honest", fn=_no_resampling_in_honest, message=T(
            "Your 'honest' score has no SMOTE at all: honest does not mean 'without resampling' "
            "but 'resampling only the training folds'. Comparing a resampled model with a plain "
            "one mixes two questions; keep the same model and move only *where* SMOTE runs "
            "(inside an imbalanced-learn pipeline).",
            "你的“honest”分数里根本没有 SMOTE：诚实并不是“不重采样”，而是“只对训练折重采样”。拿重采样的模型"
            "和普通模型比较，会把两个问题混在一起；应保持同一个模型，只改变 SMOTE 运行的*位置*（放进 "
            "imbalanced-learn 流水线）。")),
        Misconception("resamples_test_fold", fn=_resamples_test_fold, message=T(
            "You applied SMOTE to the test fold as well. The test fold must look like the "
            "customers the model will score: 5% top spenders, all of them real. Synthetic test "
            "customers and a fake 50/50 balance inflate precision and PR-AUC. Resample the "
            "training fold only; an imbalanced-learn pipeline does this for you.",
            "你对测试折也做了 SMOTE。测试折必须像模型将来要打分的客户：5% 是头部消费者，而且全部是真实客户。合成的"
            "测试客户和虚假的 50/50 比例会抬高精确率和 PR-AUC。只对训练折重采样；imbalanced-learn 流水线会替你"
            "做到这一点。")),
        Misconception("accuracy_scoring", fn=_accuracy_scoring, message=T(
            "You scored with accuracy. On the real 5% balance a model that flags nobody already "
            "reaches 95%, so accuracy cannot tell a useful ranking from none; use "
            "`scoring='average_precision'` (PR-AUC), which is what the campaign's hit rate "
            "depends on.",
            "你用准确率来评分。在真实的 5% 比例下，一个谁都不选的模型已经有 95% 的准确率，所以准确率无法区分有用"
            "的排序和毫无排序；请使用 `scoring='average_precision'`（PR-AUC），营销活动的命中率取决于它。")),
        Misconception("sklearn_pipeline", detect=_sklearn_pipeline, message=T(
            "scikit-learn's `Pipeline` cannot hold a sampler: every intermediate step must "
            "`transform`, and a sampler changes the rows (`fit_resample`) instead. Import "
            "`make_pipeline` from `imblearn.pipeline`, which resamples while fitting and passes "
            "test rows through untouched.",
            "scikit-learn 的 `Pipeline` 不能包含采样器：每个中间步骤都必须实现 `transform`，而采样器改变的是行本"
            "身（`fit_resample`）。请从 `imblearn.pipeline` 导入 `make_pipeline`，它只在拟合时重采样，测试行"
            "原样通过。")),
    ],
)


# =========================================================================================
# 5. undo_prior_shift: probabilities back at the real base rate
# =========================================================================================
def _smote_probabilities(seed):
    """A SMOTE model's probabilities for the held-out half of a generated shop, and its true rate."""
    from sklearn.model_selection import train_test_split

    X, y = _rare_data(seed)
    X_train, X_test, y_train, _ = train_test_split(X, y, test_size=0.5, stratify=y, random_state=seed)
    model = sol.balanced_model().fit(X_train, y_train)
    return model.predict_proba(X_test)[:, 1], float(y.mean())


def _prior_cases(seed):
    yield Case((np.array([0.0, 0.1, 0.5, 0.9, 1.0]), 0.05, 0.5), label=T(
        "probabilities 0, 0.1, 0.5, 0.9 and 1 of a model trained on a 50/50 resample; 5% top spenders "
        "in reality",
        "在 50/50 重采样数据上训练的模型给出的概率 0、0.1、0.5、0.9 和 1；现实中头部消费者占 5%"))
    yield Case((np.array([0.03, 0.2, 0.45, 0.7, 0.96]), 0.05, 0.25), label=T(
        "an undersampler that kept three ordinary customers per top spender (25% positives in "
        "training); 5% in reality",
        "欠采样时每位头部消费者保留三位普通客户（训练数据中正样本占 25%）；现实中占 5%"))
    yield Case((np.array([0.01, 0.04, 0.3, 0.85]), 0.08, 0.02), label=T(
        "a model trained last year when 2% were top spenders, used this year when 8% are",
        "模型用去年的数据训练，当时头部消费者占 2%；今年使用时占 8%"))
    proba, rate = _smote_probabilities(seed)
    yield Case((proba, rate, 0.5), label=T(
        f"probabilities of a scaler + SMOTE + logistic model for the held-out half of a generated shop "
        f"of {N_SMALL} customers; true rate = its share of top spenders, training rate 0.5",
        f"一个随机生成的、含 {N_SMALL} 位客户的商店：标准化 + SMOTE + 逻辑回归模型对留出的一半客户给出的概率；"
        f"真实比例为该商店头部消费者的占比，训练比例为 0.5"))


def _swapped_rates(proba, true_rate, train_rate):
    return sol.undo_prior_shift(proba, train_rate, true_rate)


def _scales_probability(proba, true_rate, train_rate):
    return np.asarray(proba, dtype="float64") * true_rate / train_rate


def _rates_not_odds(proba, true_rate, train_rate):
    p, ratio = np.asarray(proba, dtype="float64"), true_rate / train_rate
    return p * ratio / (p * ratio + (1 - p))


def _returns_odds(proba, true_rate, train_rate):
    p = np.asarray(proba, dtype="float64")
    ratio = (true_rate / (1 - true_rate)) / (train_rate / (1 - train_rate))
    with np.errstate(divide="ignore"):
        return p / (1 - p) * ratio


def _unchanged(proba, true_rate, train_rate):
    return np.asarray(proba, dtype="float64")


def _divides_by_one_minus_p(proba, true_rate, train_rate):
    """Odds first: a probability of exactly 1 gives infinite odds and then NaN."""
    p = np.asarray(proba, dtype="float64")
    ratio = (true_rate / (1 - true_rate)) / (train_rate / (1 - train_rate))
    with np.errstate(divide="ignore", invalid="ignore"):
        odds = p / (1 - p) * ratio
        return odds / (1 + odds)


PRIOR_SHIFT = FunctionQuestion(
    id="imb.prior_shift",
    level="senior",
    follow_ups=[
        T("Why does the correction leave PR-AUC and ROC-AUC unchanged?",
          "为什么这个校正不会改变 PR-AUC 和 ROC-AUC？"),
        T("When is the prior correction not enough, and what would you use instead?",
          "什么时候先验校正还不够？你会改用什么？"),
        T("Next quarter 8% of customers are top spenders. What do you change?",
          "下个季度头部消费者占 8%。你要改什么？"),
    ],
    title=T("Undo the prior shift", "校正先验偏移"),
    prompt=T(
        "A model trained on resampled rows (or with balanced class weights) believes top spenders "
        "are as common as in its training rows, so its probabilities are far too high for the real "
        "customers, and any rule that reads them as probabilities (contact when "
        "`p >= cost / value`, forecast the number of top spenders) goes wrong. By Bayes' rule "
        "only the prior odds changed. Write `undo_prior_shift(proba, true_rate, train_rate)` → "
        "numpy array of floats in the same order: multiply each probability's odds `p / (1 - p)` "
        "by `[π / (1 - π)] / [π_s / (1 - π_s)]`, with π = `true_rate` (the share of positives among "
        "the customers scored) and π_s = `train_rate` (the share in the rows the model was trained "
        "on), and turn the odds back into probabilities; 0 stays 0 and 1 stays 1.",
        "在重采样数据上（或用平衡的类别权重）训练的模型，以为头部消费者和训练数据里一样常见，"
        "所以它给真实客户的概率偏高很多；凡是把它当概率用的规则（`p >= 成本 / 价值` 时触达、预测头部消费者"
        "的人数）都会出错。由贝叶斯公式可知，变的只是先验几率。请编写 "
        "`undo_prior_shift(proba, true_rate, train_rate)`，按原顺序返回浮点数 numpy 数组：把每个概率的几率 "
        "`p / (1 - p)` 乘以 `[π / (1 - π)] / [π_s / (1 - π_s)]`，其中 π = `true_rate`（被打分客户中正类的"
        "占比），π_s = `train_rate`（模型训练数据中正类的占比），再把几率换回概率；0 仍为 0，1 仍为 1。"),
    hints=[
        T("Work in odds, not probabilities: posterior odds = likelihood ratio × prior odds, and "
          "resampling changes only the prior odds. π belongs to the customers you score, π_s to the "
          "rows the model was trained on.",
          "在几率上计算，而不是在概率上：后验几率 = 似然比 × 先验几率，重采样只改变先验几率。π 属于你要打分"
          "的客户，π_s 属于模型训练时的数据。"),
        T("`r = (true_rate / (1 - true_rate)) / (train_rate / (1 - train_rate))`. Check yourself: "
          "trained at 0.5 and used at 0.05, a probability of 0.5 becomes 0.05.",
          "`r = (true_rate / (1 - true_rate)) / (train_rate / (1 - train_rate))`。自查：在 0.5 上训练、"
          "在 0.05 上使用时，概率 0.5 应变为 0.05。"),
        T("`p = np.asarray(proba, dtype=float)`, then `p * r / (p * r + (1 - p))`: the corrected "
          "odds as a probability, without dividing by `1 - p` (so a probability of 1 stays 1).",
          "`p = np.asarray(proba, dtype=float)`，然后 `p * r / (p * r + (1 - p))`：即校正后的几率换回"
          "概率，而且不需要除以 `1 - p`（所以概率 1 仍为 1）。"),
    ],
    points=2,
    reference=sol.undo_prior_shift,
    cases=_prior_cases,
    compare_options={"rtol": 1e-9, "atol": 1e-12},
    rules=[Rule("certain_stays_certain", T("0 stays 0 and 1 stays 1", "0 仍为 0，1 仍为 1"),
                _divides_by_one_minus_p, case="0.9 and 1 of a model")],
    misconceptions=[
        Misconception("swapped_rates", fn=_swapped_rates, message=T(
            "You swapped the two rates: your correction moves the probabilities *towards* the "
            "training balance instead of away from it, so a SMOTE model's inflated scores grow even "
            "larger. Multiply the odds by the prior odds where the model is *used* (`true_rate`) "
            "divided by the prior odds where it was *trained* (`train_rate`).",
            "你把两个比例弄反了：你的校正把概率推*向*训练时的比例，而不是拉回来，SMOTE 模型本已偏高的分数变得"
            "更高。应把几率乘以*使用*时的先验几率（`true_rate`）除以*训练*时的先验几率（`train_rate`）。")),
        Misconception("scales_probability", fn=_scales_probability, message=T(
            "You multiplied the probabilities by `true_rate / train_rate`. Bayes' rule corrects the "
            "*odds*, not the probability: scaling the probability shrinks a nearly certain top "
            "spender (0.98) to 0.1 just as it shrinks a doubtful one, and can even push a probability "
            "above 1 when the real rate is higher than the training rate. Convert to odds, multiply by "
            "the ratio of the prior odds, and convert back.",
            "你把概率乘以了 `true_rate / train_rate`。贝叶斯公式校正的是*几率*而不是概率：直接缩放概率会把"
            "几乎确定的头部消费者（0.98）和不确定的客户一样压到 0.1 左右；当真实比例高于训练比例时，概率甚至会"
            "超过 1。请先换成几率，乘以先验几率之比，再换回概率。")),
        Misconception("rates_not_odds", fn=_rates_not_odds, message=T(
            "You multiplied the odds by `true_rate / train_rate`, the ratio of the *rates*. The prior "
            "enters Bayes' rule as odds: the factor is `[π / (1 - π)] / [π_s / (1 - π_s)]`. With π = 5% "
            "and π_s = 50% that is 0.053, not 0.1, so your probabilities stay about twice too high, and "
            "so does the campaign's forecast.",
            "你把几率乘以了 `true_rate / train_rate`，也就是*比例*之比。先验在贝叶斯公式里以几率的形式出现："
            "因子是 `[π / (1 - π)] / [π_s / (1 - π_s)]`。π = 5%、π_s = 50% 时它是 0.053 而不是 0.1，所以你的"
            "概率仍然大约高了一倍，营销预测也一样。")),
        Misconception("returns_odds", fn=_returns_odds, message=T(
            "You returned the corrected *odds*. They are right, but odds are not probabilities: a "
            "customer with odds 0.25 has probability 0.2, and a probability of 1 has infinite odds. "
            "Turn them back with `odds / (1 + odds)`.",
            "你返回的是校正后的*几率*。几率本身没错，但几率不是概率：几率 0.25 对应的概率是 0.2，而概率 1 的"
            "几率是无穷大。请用 `odds / (1 + odds)` 换回概率。")),
        Misconception("unchanged", fn=_unchanged, message=T(
            "You returned the probabilities unchanged. The ranking is indeed unchanged by the "
            "correction (it is monotone), but the probabilities are not: a model trained at 50/50 "
            "gives a typical customer far more than the real 5%, so a threshold of "
            "`cost / value` contacts far too many and a forecast that adds up probabilities promises "
            "several times too many top spenders.",
            "你原样返回了概率。校正确实不改变排序（它是单调的），但会改变概率：在 50/50 上训练的模型给普通客户"
            "的概率远高于真实的 5%，于是 `成本 / 价值` 阈值会触达过多客户，把概率加总得到的预测也会把头部消费者"
            "的人数夸大好几倍。")),
    ],
)


# =========================================================================================
# 6. the estimator: a model whose decisions respect the imbalance
# =========================================================================================
def _model_cases(seed):
    from sklearn.model_selection import train_test_split

    X, y = _rare_data(7000 + seed, n_customers=N_MODEL)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.4, random_state=seed,
                                                        stratify=y)
    yield Case((X_train, y_train, X_test, y_test), label=T(
        f"a fresh shop variant: {len(X)} active customers, {int(y.sum())} top spenders, "
        f"40% held out (stratified)",
        f"一个新的商店变体：{len(X)} 位活跃客户，{int(y.sum())} 位头部消费者，分层留出 40%"))


def _constant(description, case):
    return design.is_a(design.final_step(description), "sklearn.DummyClassifier")


def _regressor(description, case):
    return design.is_regressor(description)


def _no_imbalance_handling(description, case):
    """No sampler, class weight, balanced ensemble or threshold wrapper anywhere in the model."""
    for part in design.parts(description):
        if design.is_a(part, "imblearn.SamplerMixin", "sklearn.FixedThresholdClassifier",
                       "sklearn.TunedThresholdClassifierCV"):
            return False
        if str(part.get("class", "")).startswith("imblearn.ensemble"):
            return False
        if design.param(part, "class_weight") is not None:
            return False
    return True


def _constant_answer():
    from sklearn.dummy import DummyClassifier

    return DummyClassifier(strategy="stratified", random_state=0)


def _regressor_answer():
    from imblearn.over_sampling import SMOTE
    from imblearn.pipeline import make_pipeline
    from sklearn.linear_model import Ridge
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), SMOTE(random_state=0), Ridge())


def _plain_answer():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(solver="liblinear"))


MODEL = EstimatorQuestion(
    id="imb.model",
    level="senior",
    follow_ups=[
        T("Why does a plain classifier predict the rare class so rarely at 0.5?",
          "为什么普通分类器在 0.5 阈值下很少预测出稀有类别？"),
        T("Compare your choice with a class-weighted model at the same contact budget.",
          "在相同的联系预算下，把你的方案和带类别权重的模型比较一下。"),
        T("Which would you deploy, and what would you monitor?",
          "你会部署哪一个？上线后监控什么？"),
    ],
    name="imb_model",
    title=T("A model whose decisions respect the imbalance", "一个决策兼顾类别不平衡的模型"),
    prompt=T(
        "Build an unfitted model for the top-5% label from the nine log-scaled features: an "
        "imbalanced-learn pipeline with a sampler, a classifier with class weights, or a "
        "balanced random forest. It is fitted on the training customers of a fresh shop variant "
        "and judged by balanced accuracy of its `predict` on held-out customers.",
        "为前 5% 标签构建一个未拟合的模型，使用九个对数缩放后的特征：可以是带采样器的 imbalanced-learn "
        "流水线、带类别权重的分类器，或者平衡随机森林。它会在一个新商店变体的训练客户上拟合，并以留出客户上 "
        "`predict` 的平衡准确率评判。"),
    hints=[
        T("A plain classifier predicts True only above probability 0.5, which a 5% class rarely "
          "reaches: its balanced accuracy stays near 0.6. Tell the model the classes matter "
          "equally.",
          "普通分类器只有在概率超过 0.5 时才预测 True，而 5% 的类别很少达到：它的平衡准确率只有 0.6 左右。"
          "要让模型知道两个类别同等重要。"),
        T("Either `LogisticRegression(class_weight='balanced')` after a `StandardScaler`, or a "
          "sampler in imbalanced-learn's pipeline: scale first, then resample, then classify.",
          "可以在 `StandardScaler` 之后用 `LogisticRegression(class_weight='balanced')`，也可以在 "
          "imbalanced-learn 的流水线中放一个采样器：先缩放，再重采样，最后分类。"),
        T("`make_pipeline(StandardScaler(), SMOTE(random_state=0), LogisticRegression(solver='liblinear'))` "
          "with `make_pipeline` from `imblearn.pipeline`.",
          "`make_pipeline(StandardScaler(), SMOTE(random_state=0), LogisticRegression(solver='liblinear'))`，"
          "其中 `make_pipeline` 来自 `imblearn.pipeline`。"),
    ],
    points=2,
    reference=sol.balanced_model,
    cases=_model_cases,
    metric="balanced_accuracy",
    tolerance=0.08,
    misconceptions=[
        Misconception("constant", design=_constant, message=T(
            "A `DummyClassifier` calls nobody (or everybody) a top spender: it is the baseline "
            "every model must beat, with balanced accuracy 0.5, not a model.",
            "`DummyClassifier` 要么谁都不选、要么全部选中：它是每个模型都必须超越的基线（平衡准确率 0.5），"
            "而不是模型。")),
        Misconception("regressor", design=_regressor, message=T(
            "The label is yes/no: use a classifier, whose `predict` gives decisions and whose "
            "`predict_proba` ranks customers, not a regressor.",
            "标签是“是/否”：请使用分类器（`predict` 给出决策，`predict_proba` 对客户排序），而不是回归器。")),
        Misconception("no_imbalance_handling", design=_no_imbalance_handling, message=T(
            "Your model does nothing about the imbalance: no sampler, no `class_weight`, no "
            "balanced ensemble, no tuned threshold. Its `predict` flags a customer only above "
            "probability 0.5, which a 5% class rarely reaches, so most top spenders are never "
            "contacted. Add `class_weight='balanced'` or a sampler inside an imbalanced-learn "
            "pipeline.",
            "你的模型没有对类别不平衡做任何处理：没有采样器、没有 `class_weight`、没有平衡集成、也没有调整阈值。"
            "它的 `predict` 只在概率超过 0.5 时才选中客户，而 5% 的类别很少达到，因此大多数头部消费者永远不会"
            "被联系到。请加上 `class_weight='balanced'`，或在 imbalanced-learn 流水线中加入采样器。")),
    ],
    rules=[
        Rule("a_model", T("a model, not a baseline", "一个模型，而不是基线"), _constant_answer,
             misconception="constant"),
        Rule("classifier", T("a classifier for the yes/no label", "针对是/否标签的分类器"), _regressor_answer,
             misconception="regressor"),
        Rule("handles_imbalance", T("a sampler, class weights or a balanced ensemble", "采样器、类别权重或平衡集成"),
             _plain_answer, misconception="no_imbalance_handling"),
    ],
)


# =========================================================================================
# Closing interview: a choice and two open questions
# =========================================================================================
REPORT_METRIC = ChoiceQuestion(
    id="imb.report_metric",
    level="mid",
    follow_ups=[
        T("What is the PR-AUC of a random ranking here?",
          "这里随机排序的 PR-AUC 是多少？"),
        T("How would you present precision in the top 5% to a marketing manager?",
          "你会如何向市场经理介绍前 5% 的精确率？"),
    ],
    name="report_metric",
    title=T("Which numbers go into the report?", "报告里应该写哪些数字？"),
    prompt=T("The campaign can contact about 5% of customers, chosen by the model's score. Which "
             "evaluations belong in your report? Select every one that applies.",
             "营销活动大约能联系 5% 的客户，按模型分数挑选。你的报告里应该包含哪些评估？请选出所有符"
             "合的选项。"),
    options={
        "a": T("Accuracy on a held-out test set: one number every stakeholder understands, on unseen "
               "customers.",
               "留出测试集上的准确率：每个业务方都看得懂，而且是在没见过的客户上算的。"),
        "b": T("PR-AUC from stratified cross-validation, any resampling inside an imbalanced-learn "
               "pipeline.",
               "分层交叉验证得到的 PR-AUC，任何重采样都放在 imbalanced-learn 流"
               "水线内部。"),
        "c": T("ROC-AUC from 5-fold cross-validation on the table after SMOTE has balanced it, so "
               "both classes count.",
               "先用 SMOTE 把整张表平衡，再做 5 折交叉验证得到的 ROC-AUC，这样两个类别"
               "都能被计入。"),
        "d": T("F1 on the oversampled training data, where both classes are equally common and 0.5 "
               "makes sense.",
               "在过采样后的训练数据上计算 F1，此时两个类别一样多，0.5 的阈值也说得通。"),
        "e": T("Precision and recall in the top 5% by score, on untouched test customers.",
               "在未参与训练的测试客户上，按分数取前 5% 时的精确率和召回率。"),
    },
    answer=sol.REPORT_METRIC,
    explanations={
        "a": T("A model that flags nobody is 95% accurate on a 5% label: accuracy cannot see the "
               "rare class the campaign is about.",
               "在 5% 的标签上，谁都不选的模型准确率就有 95%：准确率看不到营销活动关心的稀有类别。"),
        "b": T("PR-AUC judges the ranking on the real 5% balance, and the pipeline keeps resampling "
               "inside the training folds.",
               "PR-AUC 在真实的 5% 比例上评判排序，流水线让重采样只发生在训练折内。"),
        "c": T("Resampling before the split leaks synthetic neighbours of test customers into "
               "training and scores a fake balance: the number is inflated.",
               "在划分之前重采样，会把测试客户的合成近邻泄漏进训练集，并在虚假的比例上评分：这个数字是虚高的。"),
        "d": T("Training data says nothing about new customers, and a 50/50 balance is not the "
               "balance the model will meet: precision there is far too optimistic.",
               "训练数据无法说明模型在新客户上的表现，而且 50/50 的比例也不是模型将来面对的比例：在那里算出的"
               "精确率过于乐观。"),
        "e": T("The campaign contacts the top 5%: precision there is the hit rate it pays for, "
               "recall the share of top spenders it reaches.",
               "营销联系的是前 5%：那里的精确率就是花钱换来的命中率，召回率是触达到的头部消费者比例。"),
    },
    hints=[T("Ask of each option: does it measure the rare class, on real customers the model "
             "has not seen, at the real balance?",
             "逐项自问：它是否衡量了稀有类别？是否在模型没见过的真实客户上、按真实比例来衡量？")],
)

ACCURACY_REVIEW = OpenQuestion(
    id="imb.accuracy_review",
    level="junior",
    follow_ups=[
        T("What accuracy does predicting 'not a top spender' for everyone get?",
          "对所有人都预测“不是头部消费者”，准确率是多少？"),
        T("Which two numbers would you report instead, and how would you compute them honestly?",
          "你会改为报告哪两个数字？如何诚实地计算？"),
    ],
    name="accuracy_review",
    title=T("Interview: 'accuracy 0.95'", "面试题：“准确率 0.95”"),
    prompt=T(
        "A colleague trains `RandomForestClassifier(n_estimators=100)` on a train/test split and "
        "reports `accuracy_score(y_test, model.predict(X_test))` = 0.95 for the top-spender "
        "model (the sample code of the original answer). What do you tell them, and what would you "
        "report instead? (original questions 5 and 6, coding task 2)",
        "一位同事在训练/测试划分上训练了 `RandomForestClassifier(n_estimators=100)`，并为头部消费者模型报告 "
        "`accuracy_score(y_test, model.predict(X_test))` = 0.95（题库原文答案中的示例代码）。你会怎么告诉他？你会改为"
        "报告什么？（原题第 5、6 问，编程题 2）"),
    model_answer=T(sol.ACCURACY_REVIEW_ANSWER,
                   "标签很稀有：只有约 5% 的客户是头部消费者，所以一个谁都不选的模型准确率就有 95%。因此 0.95 的准确率"
                   "说明不了任何问题；这个随机森林很可能就是那个什么都不做的模型，而且它的 `predict` 使用 0.5 的阈值，"
                   "对稀有类别很少触发。我会先报告基线（多数类的准确率；随机排序的 PR-AUC 等于正类占比），再用 PR-AUC"
                   "（平均精确率）评判排序，用平衡准确率或在营销活动能覆盖的客户数下的召回率和精确率评判决策，全部来自"
                   "分层交叉验证。如果硬决策重要，就用类别权重、放在 imbalanced-learn 流水线中的重采样或调整后的阈值来"
                   "处理不平衡，并在相同的折上公平比较。"),
    rubric=[(T("Names the 95% do-nothing baseline on a 5% label", "指出 5% 标签上“什么都不做”就有 95% 的基线"), 1.0),
            (T("Proposes PR-AUC for the ranking and balanced accuracy / recall / precision at the "
               "operating point", "提出用 PR-AUC 评判排序，用平衡准确率 / 召回率 / 精确率评判工作点上的决策"), 1.0),
            (T("Mentions the 0.5 threshold and a remedy (weights, resampling in a pipeline, threshold)",
               "提到 0.5 阈值问题及一种补救（权重、流水线内重采样、调整阈值）"), 1.0),
            (T("Insists on stratified cross-validation rather than one split",
               "强调使用分层交叉验证，而不是单次划分"), 1.0)],
    hints=[T("Start with what a model that predicts 'no' for everyone would score.",
             "先想想一个对所有人都预测“否”的模型能得多少分。")],
    points=4,
)

REMEDIES = OpenQuestion(
    id="imb.remedies",
    level="senior",
    follow_ups=[
        T("When would you prefer class weights to SMOTE?",
          "什么时候你会优先选择类别权重而不是 SMOTE？"),
        T("How do you compare the remedies fairly?",
          "你如何公平地比较这些方法？"),
        T("Which remedy would you explain most easily to the business, and does that matter?",
          "哪种方法最容易向业务方解释？这一点重要吗？"),
    ],
    name="remedies",
    title=T("Interview: weights, resampling or the threshold?", "面试题：权重、重采样还是阈值？"),
    prompt=T(
        "Class weights, random over- or undersampling, SMOTE, a balanced random forest, or just "
        "a different threshold: how do you choose for the top-spender model, and how do you "
        "evaluate the choice honestly? (original question 5)",
        "类别权重、随机过采样或欠采样、SMOTE、平衡随机森林，还是只换一个阈值：对头部消费者模型你会如何选择？"
        "又如何公平地评估这个选择？（原题第 5 问）"),
    model_answer=T(sol.REMEDIES_ANSWER,
                   "从决策出发：营销活动联系固定数量的客户，所以排序最重要，PR-AUC 是首要指标；平衡准确率或工作阈值下的"
                   "召回率/精确率描述决策。类别权重（class_weight='balanced'）是最省事的办法：不虚构也不丢弃任何行，"
                   "而且每次在训练数据上拟合时重新计算。随机欠采样很快，但丢掉了大部分多数类行，适合大数据；随机过采样"
                   "复制少数类行，容易让灵活的模型把它们背下来；SMOTE 在近邻之间插值生成新的少数类样本，所以需要标准化"
                   "后的数值特征，城市等级这类类别型列要用 SMOTENC（或 SMOTEN）。平衡随机森林在每棵树内部做欠采样。"
                   "对线性模型来说，这些方法主要是让分数相对 0.5 阈值移动，几乎不改善排序（PR-AUC 甚至可能下降），所以"
                   "直接调阈值往往同样有效；对树模型，它们还会改变分裂。它们都会扭曲概率：在 50/50 比例上训练的模型以为"
                   "头部消费者比实际常见十倍，所以按成本/价值定阈值的规则、或把概率加总的预测都会严重偏离。我会校正先验"
                   "偏移（把几率乘以 [π/(1−π)] / [π_s/(1−π_s)]，π 为真实正类占比，π_s 为训练时的正类占比），或用 "
                   "CalibratedClassifierCV 重新校准（它的校准折不做重采样），并查看校准曲线和 Brier 分数。无论选哪种，"
                   "重采样都放在 imbalanced-learn 流水线中，只作用于训练折；在划分之前重采样会把测试客户的副本或近邻"
                   "放进训练集，并在不同的类别比例上评分，从而抬高交叉验证分数。测试折保持真实的 5% 比例。"),
    rubric=[(T("Ties the choice to the decision (ranking vs threshold) and to PR-AUC / balanced accuracy",
               "把选择与决策（排序还是阈值）以及 PR-AUC / 平衡准确率联系起来"), 1.0),
            (T("Knows the trade-offs: weights cheap, undersampling discards, oversampling duplicates, "
               "SMOTE interpolates (scaled numeric features; SMOTENC for categories)",
               "了解取舍：权重成本低、欠采样丢数据、过采样复制、SMOTE 插值（需标准化的数值特征；类别特征用 SMOTENC）"),
             1.0),
            (T("Notes that for a linear model the remedies mostly move the scores past the threshold and "
               "barely improve the ranking", "指出对线性模型而言，这些方法主要让分数越过阈值，几乎不改善排序"), 1.0),
            (T("Knows that resampling and weights inflate the probabilities and corrects them (prior-odds "
               "correction, or CalibratedClassifierCV on folds that are not resampled) before any "
               "threshold rule or forecast",
               "知道重采样和类别权重会抬高概率，并在使用阈值规则或做预测之前加以校正（先验几率校正，或在不重采样"
               "的折上用 CalibratedClassifierCV）"), 1.0),
            (T("Resampling only inside training folds (imbalanced-learn pipeline); test keeps the real balance",
               "重采样只在训练折内进行（imbalanced-learn 流水线）；测试集保持真实比例"), 1.0)],
    hints=[T("Compare the PR curves, the balanced accuracies and the mean probabilities in the notebook: "
             "which of them moved?",
             "对比笔记本里的 PR 曲线、平衡准确率和平均概率：哪些变了？")],
    points=5,
)


QUESTIONS = [BASELINE, CLASS_WEIGHTS, UNDERSAMPLE, LEAKAGE, PRIOR_SHIFT, MODEL, REPORT_METRIC,
             ACCURACY_REVIEW, REMEDIES]
