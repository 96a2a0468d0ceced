"""Questions of notebook 05: baselines, holdout vs k-fold vs bootstrap, out-of-time validation.

References live in ``solutions/05_model_selection.py``. Public cases come from the shipped shop
or generated variants with the public seed (plus small hand-built inputs); hidden cases come
from :func:`grader.tables.variant_table` with the grading seed, so an answer must be right in
general. Each recorded misconception is a small private function named ``_<name>``: a wrong
implementation with the reference's signature (``fn=``), or a predicate (``detect=``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.compose import make_column_transformer
from sklearn.dummy import DummyClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score, cross_validate, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.tree import DecisionTreeClassifier

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
from grader.shop import generate_shop
from grader.tables import CATEGORICAL_FEATURES, LABEL, NUMERIC_FEATURES, read_customer_table, variant_table

#: the frames this notebook's questions work from: an assignment ships the customer table
INPUT_FRAMES = ("customer_table",)
sol = solutions("05")

#: the earlier calendar of out-of-time validation: features before 2025-01-01, label until 2025-07-01
EARLY_SNAPSHOT, EARLY_WINDOW_END = pd.Timestamp("2025-01-01"), pd.Timestamp("2025-07-01")
#: quarterly snapshots of the generated panels, each with a six-month label window
PANEL_SNAPSHOTS = pd.to_datetime(["2024-10-01", "2025-01-01", "2025-04-01", "2025-07-01"])
PANEL_COLUMNS = ["customer_id", "snapshot", "window_end", "recency", "frequency", "monetary",
                 "future_spend", "high_value"]


def _generated(n, what_en="", what_zh=""):
    return T(f"{n:,} customers of a generated shop{what_en}", f"一个随机生成的商店中的 {n:,} 位客户{what_zh}")


def _quietly(fn, *args, **kwargs):
    """Call ``fn`` with scikit-learn's warnings silenced (a fold without positives warns)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


# =========================================================================================
# 1. The dummy baseline (value)
# =========================================================================================
#: the notebook's ``X, y`` from an assignment's customer table (:attr:`ValueQuestion.setup`)
_XY_SETUP = (f"FEATURES = {NUMERIC_FEATURES + CATEGORICAL_FEATURES!r}\n"
             f"X, y = customer_table[FEATURES], customer_table[{LABEL!r}]")


def _shipped_xy():
    table = read_customer_table()
    return table[NUMERIC_FEATURES + CATEGORICAL_FEATURES], table[LABEL]


def _cv_dummy(X, y, **params):
    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    scores = _quietly(cross_validate, DummyClassifier(**params), X, y, cv=cv,
                      scoring=["accuracy", "roc_auc", "average_precision"])
    return {name: float(scores[f"test_{name}"].mean())
            for name in ("accuracy", "roc_auc", "average_precision")}


def _random_guess(X, y):
    return _cv_dummy(X, y, strategy="stratified", random_state=0)


def _everyone_high_value(X, y):
    return _cv_dummy(X, y, strategy="constant", constant=True)


BASELINE = ValueQuestion(
    id="ms.baseline",
    level="junior",
    follow_ups=[
        T("Why is the ROC-AUC of this baseline exactly 0.5?",
          "为什么这个基线的 ROC-AUC 恰好是 0.5？"),
        T("Which of the three numbers would you quote to marketing, and why?",
          "这三个数字里你会向市场部门引用哪一个？为什么？"),
    ],
    name="baseline",
    title=T("The baseline to beat", "需要超越的基线"),
    prompt=T(
        "Before any model, measure what *nothing* scores. Compute the cross-validated accuracy, "
        "ROC-AUC and average precision of `DummyClassifier(strategy=\"most_frequent\")` on the "
        "shipped customer table (`X`, `y`), as a dict of floats, each the mean over "
        "`StratifiedKFold(5, shuffle=True, random_state=0)`.",
        "在建任何模型之前，先量一量“什么都不做”能得多少分。请在随附的客户表（`X`、`y`）上，计算 "
        "`DummyClassifier(strategy=\"most_frequent\")` 经交叉验证的准确率、ROC-AUC 和平均精确率（"
        "AP），以浮点数字典返回，每个值都是 `StratifiedKFold(5, shuffle=True, "
        "random_state=0)` 五折的平均值。"),
    hints=[
        T("`cross_validate(estimator, X, y, cv=cv, scoring=[...])` returns a dict with one "
          "array `test_<metric>` per metric.",
          "`cross_validate(estimator, X, y, cv=cv, scoring=[...])` 返回一个字典，每个指标对应一个 "
          "`test_<指标名>` 数组。"),
        T("Scorer names: `\"accuracy\"`, `\"roc_auc\"`, `\"average_precision\"`; take `.mean()` of "
          "each and convert with `float(...)`.",
          "评分器名称：`\"accuracy\"`、`\"roc_auc\"`、`\"average_precision\"`；对每个取 `.mean()` 再用 "
          "`float(...)` 转换。"),
    ],
    reference=sol.dummy_baseline,
    inputs=_shipped_xy,
    arg_names=("X", "y"),
    setup=_XY_SETUP,
    compare_options={"rtol": 1e-6, "atol": 1e-9},
    misconceptions=[
        Misconception("random_guess", fn=_random_guess, message=T(
            "You scored a *random* guesser (`strategy=\"stratified\"`: it says \"high value\" to a "
            "random 20%). That is not the floor: the constant answer \"nobody is high value\" "
            "scores higher accuracy (0.8) while finding no one. Use `strategy=\"most_frequent\"`, "
            "the baseline a model's accuracy is really competing with.",
            "你评估的是*随机*猜测器（`strategy=\"stratified\"`：随机对 20% 的人说“高价值”）。它不是"
            "下限：常数答案“没有人是高价值客户”的准确率更高（0.8），却一个高价值客户也找不到。请使用 "
            "`strategy=\"most_frequent\"`，这才是模型准确率真正要比的基线。")),
        Misconception("everyone_high_value", fn=_everyone_high_value, message=T(
            "You scored the constant \"everyone is high value\" (accuracy 0.2). The majority class "
            "here is *not* high value (80% of customers); the baseline predicts it for everyone. "
            "Marketing's trap is the reverse: a model reporting 80% accuracy may be doing "
            "exactly nothing.",
            "你评估的是常数答案“人人都是高价值客户”（准确率 0.2）。这里的多数类是*非*高价值（占 80% "
            "的客户），基线对所有人都预测这一类。营销团队容易掉进的坑正好相反：一个报告 80% 准确率的模型"
            "可能什么也没做。")),
    ],
)


# =========================================================================================
# 2. A holdout done right (function)
# =========================================================================================
def _holdout_cases(seed):
    table = variant_table(seed, 1500)
    yield Case((table[NUMERIC_FEATURES], table[LABEL]), label=_generated(
        len(table), ", numeric features with gaps (NaN); test_size=0.25, seed=0",
        "，数值特征含缺失（NaN）；test_size=0.25，seed=0"))
    other = variant_table(seed + 100, 1000)
    yield Case((other[NUMERIC_FEATURES], other[LABEL]), {"test_size": 0.3, "seed": seed + 1},
               label=_generated(len(other), f"; test_size=0.3, seed={seed + 1}",
                                f"；test_size=0.3，seed={seed + 1}"))


def _holdout_model():
    return make_pipeline(SimpleImputer(strategy="median"), StandardScaler(),
                         LogisticRegression(max_iter=1000))


def _scaled_before_split(X, y, test_size=0.25, seed=0):
    prepared = make_pipeline(SimpleImputer(strategy="median"), StandardScaler()).fit_transform(X)
    X_train, X_test, y_train, y_test = train_test_split(
        prepared, y, test_size=test_size, stratify=y, random_state=seed)
    model = LogisticRegression(max_iter=1000).fit(X_train, y_train)
    return float(roc_auc_score(y_test, model.predict_proba(X_test)[:, 1]))


def _unstratified_split(X, y, test_size=0.25, seed=0):
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=test_size, random_state=seed)
    model = _holdout_model().fit(X_train, y_train)
    return float(roc_auc_score(y_test, model.predict_proba(X_test)[:, 1]))


def _auc_of_hard_labels(X, y, test_size=0.25, seed=0):
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, stratify=y, random_state=seed)
    model = _holdout_model().fit(X_train, y_train)
    return float(roc_auc_score(y_test, model.predict(X_test)))


def _accuracy_instead(X, y, test_size=0.25, seed=0):
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, stratify=y, random_state=seed)
    model = _holdout_model().fit(X_train, y_train)
    return float(accuracy_score(y_test, model.predict(X_test)))


HOLDOUT = FunctionQuestion(
    id="ms.holdout",
    level="junior",
    follow_ups=[
        T("Why stratify the split?",
          "为什么划分时要分层？"),
        T("Run it with 20 seeds: what does the spread tell you about one holdout score?",
          "用 20 个随机种子各跑一次：分数的波动说明了单次留出评估的什么问题？"),
    ],
    title=T("A holdout done right", "正确地做一次留出验证"),
    prompt=T(
        "Write `holdout_auc(X, y, test_size=0.25, seed=0)`: split with `train_test_split(..., "
        "stratify=y, random_state=seed)`, fit `make_pipeline(SimpleImputer(strategy=\"median\"), "
        "StandardScaler(), LogisticRegression(max_iter=1000))` on the training rows only, and "
        "return the ROC-AUC of `predict_proba(X_test)[:, 1]` on the test rows as a float.",
        "编写 `holdout_auc(X, y, test_size=0.25, seed=0)`：用 `train_test_split(..., stratify=y, "
        "random_state=seed)` 划分数据，只在训练行上拟合 `make_pipeline(SimpleImputer(strategy="
        "\"median\"), StandardScaler(), LogisticRegression(max_iter=1000))`，并以浮点数返回测试行上 "
        "`predict_proba(X_test)[:, 1]` 的 ROC-AUC。"),
    hints=[
        T("Split first; everything that learns from data (the imputer's medians, the scaler's "
          "means and deviations, the coefficients) is fitted after the split, on the training "
          "rows, by one pipeline.",
          "先划分；所有从数据中学习的东西（填充器的中位数、标准化器的均值和标准差、系数）都在划分之后、"
          "只用训练行、由同一个流水线拟合。"),
        T("ROC-AUC ranks customers by a *score*: pass `model.predict_proba(X_test)[:, 1]`, not "
          "`model.predict(X_test)`.",
          "ROC-AUC 按*分数*对客户排序：传入 `model.predict_proba(X_test)[:, 1]`，而不是 "
          "`model.predict(X_test)`。"),
    ],
    reference=sol.holdout_auc,
    cases=_holdout_cases,
    compare_options={"rtol": 1e-9, "atol": 1e-12},
    misconceptions=[
        Misconception("scaled_before_split", fn=_scaled_before_split, message=T(
            "You imputed and scaled all rows before splitting: the medians, means and standard "
            "deviations were computed with the test customers in them, so the test set is no "
            "longer unseen. With a standard scaler the damage is small, but the same habit with "
            "target encoding, feature selection or oversampling makes offline scores much better "
            "than what the model earns after launch. Split first, then fit one pipeline on the "
            "training rows.",
            "你在划分之前就对全部行做了填充和标准化：中位数、均值和标准差的计算包含了测试客户，测试集就不"
            "再是“没见过的”数据。对标准化来说影响不大，但同样的习惯用在目标编码、特征选择或过采样上，会让"
            "离线分数远好于模型上线后的实际表现。请先划分，再只在训练行上拟合一个流水线。")),
        Misconception("unstratified_split", fn=_unstratified_split, message=T(
            "Your split is not stratified: without `stratify=y` the share of high-value customers "
            "in the test set drifts from split to split, adding noise to a score that is already "
            "noisy with only a few hundred positives. Pass `stratify=y` so that train and test "
            "both hold 20% high-value customers.",
            "你的划分没有分层：不传 `stratify=y`，测试集中高价值客户的比例会随每次划分而波动，给本来就只有"
            "几百个正样本、已经很嘈杂的分数再添噪声。请传入 `stratify=y`，让训练集和测试集都含 20% 的高价"
            "值客户。")),
        Misconception("auc_of_hard_labels", fn=_auc_of_hard_labels, message=T(
            "You computed ROC-AUC from `predict` (hard 0/1 labels at a 0.5 threshold), which "
            "throws the ranking away: every customer above the threshold ties with every other. "
            "Marketing contacts the top of a *ranked* list, so score with "
            "`predict_proba(X_test)[:, 1]`.",
            "你用 `predict`（按 0.5 阈值得到的 0/1 硬标签）计算 ROC-AUC，丢掉了排序信息：阈值以上的客户"
            "彼此完全并列。营销是按*排序*名单从上往下联系客户的，所以请用 `predict_proba(X_test)[:, 1]` "
            "打分。")),
        Misconception("accuracy_instead", fn=_accuracy_instead, message=T(
            "You returned accuracy, not ROC-AUC. With 80% negatives, accuracy rewards predicting "
            "\"not high value\" for everyone (0.8 for a model that finds nobody) and says nothing "
            "about how well the model ranks customers for a campaign.",
            "你返回的是准确率而不是 ROC-AUC。负样本占 80% 时，准确率会奖励对所有人都预测“非高价值”（一个"
            "谁也找不到的模型也有 0.8），而且完全不反映模型为营销活动给客户排序的能力。")),
    ],
)


# =========================================================================================
# 3. A bootstrap confidence interval of ROC-AUC (function)
# =========================================================================================
def _tiny_labels_and_scores(seed):
    """Twelve customers, two high value, one of them scored below some negatives (AUC < 1)."""
    y = np.array([0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0], dtype=bool)
    s = np.array([0.10, 0.35, 0.80, 0.20, 0.55, 0.05, 0.40, 0.45, 0.30, 0.15, 0.60, 0.25])
    if seed == 0:
        return y, s
    rng = np.random.default_rng(seed)
    order = rng.permutation(12)
    return y[order], (s[order] + rng.uniform(-0.02, 0.02, 12)).round(3)


def _bootstrap_cases(seed):
    y, s = _tiny_labels_and_scores(seed)
    yield Case((y, s), {"n_boot": 50, "seed": seed}, label=T(
        "12 customers, 2 high value (numpy arrays); n_boot=50: some resamples hold no "
        "high-value customer",
        "12 位客户，其中 2 位高价值（numpy 数组）；n_boot=50：部分重抽样中没有高价值客户"))
    sample = variant_table(seed, 800).sample(300, random_state=seed)
    yield Case((sample[LABEL], sample["monetary"]), {"n_boot": 30, "level": 0.9, "seed": seed + 1},
               label=_generated(len(sample), f" scored by past spend (pandas Series with the "
                                f"table's index); n_boot=30, level=0.9, seed={seed + 1}",
                                f"，以历史消费为分数（带原表索引的 pandas Series）；n_boot=30，"
                                f"level=0.9，seed={seed + 1}"))


def _bootstrap_aucs(y_true, scores, n_boot, seed, draw):
    y_true, scores = np.asarray(y_true), np.asarray(scores)
    rng = np.random.default_rng(seed)
    aucs = []
    for _ in range(n_boot):
        idx_y, idx_s = draw(rng, len(y_true))
        if len(np.unique(y_true[idx_y])) < 2:
            continue
        aucs.append(roc_auc_score(y_true[idx_y], scores[idx_s]))
    return np.array(aucs), float(roc_auc_score(y_true, scores))


def _pairs(rng, n):
    idx = rng.integers(0, n, size=n)
    return idx, idx


def _interval(auc, aucs, low_q, high_q):
    low, high = np.percentile(aucs, [low_q, high_q])
    return {"auc": auc, "low": float(low), "high": float(high)}


def _resamples_scores_only(y_true, scores, n_boot=1000, level=0.95, seed=0):
    aucs, auc = _bootstrap_aucs(y_true, scores, n_boot, seed,
                                lambda rng, n: (np.arange(n), rng.integers(0, n, size=n)))
    tail = 100 * (1 - level) / 2
    return _interval(auc, aucs, tail, 100 - tail)


def _one_sided_tails(y_true, scores, n_boot=1000, level=0.95, seed=0):
    aucs, auc = _bootstrap_aucs(y_true, scores, n_boot, seed, _pairs)
    return _interval(auc, aucs, 100 * (1 - level), 100 * level)


def _without_replacement(y_true, scores, n_boot=1000, level=0.95, seed=0):
    aucs, auc = _bootstrap_aucs(y_true, scores, n_boot, seed,
                                lambda rng, n: (rng.permutation(n),) * 2)
    tail = 100 * (1 - level) / 2
    return _interval(auc, aucs, tail, 100 - tail)


def _keeps_one_class_resamples(y_true, scores, n_boot=1000, level=0.95, seed=0):
    y_true, scores = np.asarray(y_true), np.asarray(scores)
    rng = np.random.default_rng(seed)
    aucs = []
    for _ in range(n_boot):
        idx = rng.integers(0, len(y_true), size=len(y_true))
        aucs.append(_quietly(roc_auc_score, y_true[idx], scores[idx]))
    tail = 100 * (1 - level) / 2
    return _interval(float(roc_auc_score(y_true, scores)), aucs, tail, 100 - tail)


def _indexes_series_by_label(answer, output, case):
    """The learner's run raised a KeyError: ``y_true[idx]`` on a Series looks up index labels."""
    return isinstance(output, KeyError) and isinstance(case.args[0], pd.Series)


BOOTSTRAP = FunctionQuestion(
    id="ms.bootstrap",
    level="mid",
    follow_ups=[
        T("What does the interval describe, and what does it not cover?",
          "这个区间描述的是什么？又没有覆盖什么？"),
        T("A resample has no positive customer. What does your code do, and why?",
          "某次重抽样里没有正样本，你的代码会怎么处理？为什么？"),
        T("Would you use the bootstrap or repeated cross-validation to compare two models? Why?",
          "比较两个模型时，你会用自助法还是重复交叉验证？为什么？"),
    ],
    title=T("A bootstrap confidence interval of ROC-AUC", "ROC-AUC 的自助法置信区间"),
    prompt=T(
        "Write `bootstrap_auc_ci(y_true, scores, n_boot=1000, level=0.95, seed=0)`: return "
        "`{\"auc\", \"low\", \"high\"}`, the ROC-AUC on all customers and a percentile bootstrap "
        "interval: `rng = np.random.default_rng(seed)`; each round draws `idx = rng.integers(0, n, "
        "size=n)` and scores the pairs `(y_true[idx], scores[idx])`, skipping a resample with only "
        "one class; `low`/`high` are `np.percentile` at `100*(1-level)/2` and `100*(1+level)/2`.",
        "编写 `bootstrap_auc_ci(y_true, scores, n_boot=1000, level=0.95, seed=0)`：返回 "
        "`{\"auc\", \"low\", \"high\"}`，即全部客户上的 ROC-AUC 以及百分位自助法区间：`rng = "
        "np.random.default_rng(seed)`；每一轮抽取 `idx = rng.integers(0, n, size=n)`，对成对的 "
        "`(y_true[idx], scores[idx])` 计算 AUC，只含一个类别的重抽样跳过；`low`/`high` 是在 "
        "`100*(1-level)/2` 和 `100*(1+level)/2` 处的 `np.percentile`。"),
    hints=[
        T("Convert both inputs with `np.asarray` first: a pandas Series indexed with `[idx]` "
          "looks up index *labels*, not positions.",
          "先用 `np.asarray` 转换两个输入：对 pandas Series 用 `[idx]` 取值查的是索引*标签*，而不是位置。"),
        T("Use the same `idx` for the labels and the scores: a customer's label and score travel "
          "together. Skip a resample when `len(np.unique(y_true[idx])) < 2`.",
          "标签和分数要用同一个 `idx`：一位客户的标签和分数必须一起被抽中。当 "
          "`len(np.unique(y_true[idx])) < 2` 时跳过这次重抽样。"),
        T("For `level=0.95` the percentiles are 2.5 and 97.5: `tail = 100 * (1 - level) / 2; "
          "np.percentile(aucs, [tail, 100 - tail])`.",
          "`level=0.95` 时百分位是 2.5 和 97.5：`tail = 100 * (1 - level) / 2; "
          "np.percentile(aucs, [tail, 100 - tail])`。"),
    ],
    reference=sol.bootstrap_auc_ci,
    cases=_bootstrap_cases,
    compare_options={"rtol": 1e-9, "atol": 1e-12},
    misconceptions=[
        Misconception("resamples_scores_only", fn=_resamples_scores_only, message=T(
            "You resampled the scores but not the labels with them (or with different indices), "
            "so each resample pairs customers with other customers' scores: the AUCs collapse "
            "towards 0.5 and the interval says the model is no better than chance. Resample "
            "*pairs*: one `idx` for both `y_true` and `scores`.",
            "你只对分数做了重抽样，没有让标签随之一起抽（或用了不同的索引），于是每次重抽样都把客户和别人"
            "的分数配在了一起：AUC 向 0.5 塌缩，区间会说模型不比随机好。请对*成对*数据重抽样：`y_true` 和 "
            "`scores` 用同一个 `idx`。")),
        Misconception("one_sided_tails", fn=_one_sided_tails, message=T(
            "Your percentiles cut the whole `1 - level` from each side (5 and 95 for a 95% "
            "interval), which is a 90% interval: too narrow, so a difference between two models "
            "looks significant when it is not. Split the rest evenly: `100 * (1 - level) / 2` and "
            "`100 * (1 + level) / 2`.",
            "你在两侧各切掉了整个 `1 - level`（95% 区间用了 5 和 95 百分位），这其实是 90% 区间：区间太"
            "窄，两个模型之间并不显著的差异看起来就显著了。请把剩余部分平分到两侧：`100 * (1 - level) / "
            "2` 和 `100 * (1 + level) / 2`。")),
        Misconception("without_replacement", fn=_without_replacement, message=T(
            "You drew the resamples without replacement (a permutation): every resample holds "
            "exactly the same customers in another order, so every AUC is identical and the "
            "interval has zero width, a false certainty. The bootstrap draws *with* replacement: "
            "`rng.integers(0, n, size=n)`.",
            "你的重抽样是无放回的（一个排列）：每次重抽样包含的客户完全相同、只是顺序不同，于是每个 AUC 都"
            "一样，区间宽度为零，是一种虚假的确定性。自助法是*有放回*抽样：`rng.integers(0, n, size=n)`。")),
        Misconception("keeps_one_class_resamples", fn=_keeps_one_class_resamples, message=T(
            "A resample with no high-value customer (or only high-value ones) has no ROC-AUC: "
            "scikit-learn returns NaN with a warning, and one NaN turns your percentiles into NaN. "
            "On a small test set, or a rare segment, that happens often. Skip such resamples.",
            "没有高价值客户（或全是高价值客户）的重抽样没有 ROC-AUC：scikit-learn 会给出警告并返回 NaN，"
            "而一个 NaN 就会让你的百分位变成 NaN。在小测试集或稀有细分人群上这很常见。请跳过这样的重抽样。")),
        Misconception("indexes_series_by_label", detect=_indexes_series_by_label, message=T(
            "Your code raised a KeyError on a pandas Series: `y_true[idx]` looks up the index "
            "*labels* (customer rows of the original table), not positions. Convert with "
            "`np.asarray(y_true)` (and the scores) before indexing by position; otherwise the "
            "code fails, or silently picks the wrong customers, as soon as the data was split.",
            "你的代码在 pandas Series 上抛出了 KeyError：`y_true[idx]` 查的是索引*标签*（原表中的客户行），"
            "而不是位置。请先用 `np.asarray(y_true)`（分数同理）转换，再按位置取值；否则数据一经划分，代码"
            "就会报错，或者悄悄取到错误的客户。")),
    ],
)


# =========================================================================================
# 3b. A paired bootstrap of an AUC difference (function)
# =========================================================================================
def _tiny_two_models(seed):
    """The twelve customers of the bootstrap question, scored by a second model that ranks them differently."""
    y, a = _tiny_labels_and_scores(seed)
    rng = np.random.default_rng(seed + 7)
    b = (a + np.where(y, 0.25, 0.0) + rng.uniform(-0.3, 0.3, len(a))).round(3)
    return y, a, b


def _paired_cases(seed):
    y, a, b = _tiny_two_models(seed)
    yield Case((y, a, b), {"n_boot": 30, "seed": seed}, label=T(
        "12 customers, 2 high value (numpy arrays), two models; n_boot=30: some resamples hold "
        "no high-value customer",
        "12 位客户，其中 2 位高价值（numpy 数组），两个模型；n_boot=30：部分重抽样中没有高价值客户"))
    sample = variant_table(seed, 800).sample(300, random_state=seed)
    yield Case((sample[LABEL], sample["frequency"], sample["monetary"]),
               {"n_boot": 20, "level": 0.9, "seed": seed + 1},
               label=_generated(len(sample), f": model A scores by frequency, model B by past spend (pandas "
                                f"Series with the table's index); n_boot=20, level=0.9, seed={seed + 1}",
                                f"：模型 A 以购买频次为分数，模型 B 以历史消费为分数（带原表索引的 pandas Series）；"
                                f"n_boot=20，level=0.9，seed={seed + 1}"))


def _auc_pairs(y_true, scores_a, scores_b, n_boot, seed, independent=False):
    """Per-round AUCs of A and B on shared (or, for the misconception, separate) resamples."""
    y_true, scores_a, scores_b = np.asarray(y_true), np.asarray(scores_a), np.asarray(scores_b)
    n = len(y_true)
    rng = np.random.default_rng(seed)
    auc_a, auc_b = [], []
    for _ in range(n_boot):
        idx_a = rng.integers(0, n, size=n)
        idx_b = rng.integers(0, n, size=n) if independent else idx_a
        if len(np.unique(y_true[idx_a])) < 2 or len(np.unique(y_true[idx_b])) < 2:
            continue
        auc_a.append(roc_auc_score(y_true[idx_a], scores_a[idx_a]))
        auc_b.append(roc_auc_score(y_true[idx_b], scores_b[idx_b]))
    whole = roc_auc_score(y_true, scores_b) - roc_auc_score(y_true, scores_a)
    return np.array(auc_a), np.array(auc_b), float(whole)


def _independent_resamples(y_true, scores_a, scores_b, n_boot=1000, level=0.95, seed=0):
    auc_a, auc_b, diff = _auc_pairs(y_true, scores_a, scores_b, n_boot, seed, independent=True)
    tail = 100 * (1 - level) / 2
    low, high = np.percentile(auc_b - auc_a, [tail, 100 - tail])
    return {"diff": diff, "low": float(low), "high": float(high)}


def _separate_intervals(y_true, scores_a, scores_b, n_boot=1000, level=0.95, seed=0):
    auc_a, auc_b, diff = _auc_pairs(y_true, scores_a, scores_b, n_boot, seed)
    tail = 100 * (1 - level) / 2
    low_a, high_a = np.percentile(auc_a, [tail, 100 - tail])
    low_b, high_b = np.percentile(auc_b, [tail, 100 - tail])
    return {"diff": diff, "low": float(low_b - high_a), "high": float(high_b - low_a)}


def _reversed_difference(y_true, scores_a, scores_b, n_boot=1000, level=0.95, seed=0):
    auc_a, auc_b, diff = _auc_pairs(y_true, scores_a, scores_b, n_boot, seed)
    tail = 100 * (1 - level) / 2
    low, high = np.percentile(auc_a - auc_b, [tail, 100 - tail])
    return {"diff": -diff, "low": float(low), "high": float(high)}


PAIRED = FunctionQuestion(
    id="ms.paired",
    level="senior",
    follow_ups=[
        T("The two models' separate 95% intervals overlap, the paired one excludes zero. Which "
          "do you report, and why do they disagree?",
          "两个模型各自的 95% 区间相互重叠，配对区间却不含 0。你会报告哪一个？两者为什么不一致？"),
        T("What does this interval not cover that a comparison over several snapshots would?",
          "这个区间没有覆盖什么？而在多个快照上的比较会覆盖到什么？"),
        T("How would a stratified bootstrap (resampling within each class) change the code?",
          "分层自助法（在每个类别内部分别重抽样）会让代码有什么变化？"),
    ],
    title=T("A paired bootstrap of an AUC difference", "AUC 差值的配对自助法"),
    prompt=T(
        "Write `paired_bootstrap_auc_diff(y_true, scores_a, scores_b, n_boot=1000, level=0.95, "
        "seed=0)`: return `{\"diff\", \"low\", \"high\"}`, where `diff` is `AUC_B - AUC_A` on all "
        "customers and `low`/`high` a percentile bootstrap interval of that difference: `rng = "
        "np.random.default_rng(seed)`; each round draws `idx = rng.integers(0, n, size=n)` once and "
        "scores *both* models on the same resampled customers, skipping a resample with only one "
        "class; `low`/`high` are `np.percentile` of the differences at `100*(1-level)/2` and "
        "`100*(1+level)/2`.",
        "编写 `paired_bootstrap_auc_diff(y_true, scores_a, scores_b, n_boot=1000, level=0.95, "
        "seed=0)`：返回 `{\"diff\", \"low\", \"high\"}`，其中 `diff` 是全部客户上的 `AUC_B - AUC_A`，"
        "`low`/`high` 是这个差值的百分位自助法区间：`rng = np.random.default_rng(seed)`；每一轮只抽取一次 "
        "`idx = rng.integers(0, n, size=n)`，在同一批重抽样客户上给*两个*模型计算 AUC，只含一个类别的重抽样"
        "跳过；`low`/`high` 是这些差值在 `100*(1-level)/2` 和 `100*(1+level)/2` 处的 `np.percentile`。"),
    hints=[
        T("It is `bootstrap_auc_ci` with two score columns: convert all three inputs with "
          "`np.asarray`, and use one `idx` per round for the labels and for both models.",
          "这就是有两列分数的 `bootstrap_auc_ci`：先用 `np.asarray` 转换三个输入，每一轮对标签和两个模型都"
          "使用同一个 `idx`。"),
        T("Per round: `roc_auc_score(y[idx], b[idx]) - roc_auc_score(y[idx], a[idx])`; collect the "
          "differences, then `np.percentile(diffs, [tail, 100 - tail])`.",
          "每一轮：`roc_auc_score(y[idx], b[idx]) - roc_auc_score(y[idx], a[idx])`；收集这些差值，再取 "
          "`np.percentile(diffs, [tail, 100 - tail])`。"),
    ],
    reference=sol.paired_bootstrap_auc_diff,
    cases=_paired_cases,
    compare_options={"rtol": 1e-9, "atol": 1e-12},
    misconceptions=[
        Misconception("independent_resamples", fn=_independent_resamples, message=T(
            "You drew a separate resample for each model. The two AUCs then differ also because "
            "they were measured on different customers, and that luck, which cancels when both "
            "models face the same customers, widens the interval of the difference: a real gain "
            "can look like noise. Draw `idx` once per round and score both models on it.",
            "你给每个模型各抽了一次重抽样。这样两个 AUC 的差异还混进了“测的是不同客户”这份运气；而当两个模型"
            "面对同一批客户时，这份运气会相互抵消。它让差值的区间变宽：真实的提升看起来像噪声。请每一轮只抽一次 "
            "`idx`，用它给两个模型打分。")),
        Misconception("separate_intervals", fn=_separate_intervals, message=T(
            "You combined two separate intervals (B's lower end minus A's upper end, and so on). "
            "That treats the two AUCs as independent, but they were measured on the same "
            "customers and rise and fall together: the interval is far too wide, and two "
            "overlapping intervals do not show that the models are equal. Take the percentiles "
            "of the per-round *differences*.",
            "你把两个各自的区间拼在了一起（B 的下限减 A 的上限，依此类推）。这等于把两个 AUC 当作相互独立，"
            "但它们是在同一批客户上测得的，会一起升降：这样得到的区间宽得多；两个区间重叠也不能说明两个模型一样好。"
            "请对每一轮的*差值*取百分位。")),
        Misconception("reversed_difference", fn=_reversed_difference, message=T(
            "Your difference has the wrong sign: the task asks for `AUC_B - AUC_A`, how much model "
            "B gains over model A. Reporting A − B turns a gain into a loss in front of the people "
            "deciding whether to switch to B.",
            "你的差值符号反了：题目要的是 `AUC_B - AUC_A`，即模型 B 相对模型 A 的提升。报告 A − B 会在决定"
            "是否换用 B 的人面前把提升说成了下降。")),
    ],
)


# =========================================================================================
# 4. Comparing model families on the same folds (function)
# =========================================================================================
def _small_frame(seed):
    rng = np.random.default_rng(seed)
    y = np.zeros(40, dtype=bool)
    y[rng.choice(40, size=8, replace=False)] = True
    X = pd.DataFrame({"frequency": rng.poisson(2 + 3 * y), "recency": rng.integers(1, 200, 40)})
    return X, pd.Series(y, name=LABEL)


#: the same model under two names in the first case: on shared, seeded folds their columns are equal
TWINS = ("logistic", "logistic_again")


def _compare_cases(seed):
    # Every argument is passed by keyword: the engine's in-place-mutation check compares positional
    # arguments with their copies, and estimators (compared by identity) would always look changed.
    X, y = _small_frame(seed)
    models = {TWINS[0]: make_pipeline(StandardScaler(), LogisticRegression()),
              "stump": DecisionTreeClassifier(max_depth=1, random_state=0),
              TWINS[1]: make_pipeline(StandardScaler(), LogisticRegression())}
    yield Case(kwargs={"models": models, "X": X, "y": y, "n_splits": 4, "seed": 0}, label=T(
        "40 customers, 8 high value; two models, the logistic one listed twice; n_splits=4, seed=0",
        "40 位客户，其中 8 位高价值；两个模型，其中逻辑回归列了两次；n_splits=4，seed=0"))
    table = variant_table(seed, 700)
    models = {"baseline": DummyClassifier(),
              "logistic": make_pipeline(SimpleImputer(strategy="median"), StandardScaler(),
                                        LogisticRegression(max_iter=1000)),
              "tree": make_pipeline(SimpleImputer(strategy="median"),
                                    DecisionTreeClassifier(max_depth=4, random_state=0))}
    yield Case(kwargs={"models": models, "X": table[NUMERIC_FEATURES], "y": table[LABEL], "n_splits": 4,
                       "seed": seed + 3},
               label=_generated(len(table), f"; three models; n_splits=4, seed={seed + 3}",
                                f"；三个模型；n_splits=4，seed={seed + 3}"))


def _fold_scores(models, X, y, cv_for):
    return pd.DataFrame({name: _quietly(cross_val_score, model, X, y, cv=cv_for(i), scoring="roc_auc")
                         for i, (name, model) in enumerate(models.items())})


def _new_split_per_model(models, X, y, n_splits=5, seed=0):
    return _fold_scores(models, X, y,
                        lambda i: StratifiedKFold(n_splits, shuffle=True, random_state=seed + i))


def _unstratified_folds(models, X, y, n_splits=5, seed=0):
    return _fold_scores(models, X, y, lambda i: KFold(n_splits, shuffle=True, random_state=seed))


def _accuracy_scoring(models, X, y, n_splits=5, seed=0):
    cv = StratifiedKFold(n_splits, shuffle=True, random_state=seed)
    return pd.DataFrame({name: cross_val_score(model, X, y, cv=cv, scoring="accuracy")
                         for name, model in models.items()})


def _unseeded_folds(answer, output, case):
    """The same model, listed twice, scored differently: the folds are drawn afresh on every split.

    Judged from the output and the case alone (never by calling ``answer`` again), so ``check``
    and ``workbook grade`` (which has only the harvested record) name it alike. A new *seeded*
    split per model also separates the twins; that misconception is listed, and matched, first.
    """
    if not isinstance(output, pd.DataFrame) or not set(TWINS) <= set(case.kwargs.get("models", {})):
        return False
    if not set(TWINS) <= set(output.columns):
        return False
    first, second = (pd.to_numeric(output[name], errors="coerce").to_numpy(dtype=float) for name in TWINS)
    return len(first) == len(second) and not np.allclose(first, second, rtol=1e-9, atol=1e-12, equal_nan=True)


COMPARE = FunctionQuestion(
    id="ms.compare",
    level="mid",
    follow_ups=[
        T("Why must every model see the same folds?",
          "为什么每个模型必须使用相同的折？"),
        T("Model A wins 4 of 5 folds by a small margin. Is it better? How would you decide?",
          "模型 A 在 5 折中赢了 4 折，但优势很小。它更好吗？你会怎么判断？"),
    ],
    title=T("Compare models on the same folds", "在相同的折上比较模型"),
    prompt=T(
        "Write `compare_models(models, X, y, n_splits=5, seed=0)`: for a dict name → unfitted "
        "model, return a DataFrame with one row per fold and one column per model (in the dict's "
        "order) holding the held-out ROC-AUC, every model scored on the same folds of one "
        "`StratifiedKFold(n_splits, shuffle=True, random_state=seed)`.",
        "编写 `compare_models(models, X, y, n_splits=5, seed=0)`：输入一个“名称 → 未拟合模型”的字典，"
        "返回一个 DataFrame，每折一行、每个模型一列（按字典顺序），值为该折留出数据上的 ROC-AUC；所有"
        "模型都在同一个 `StratifiedKFold(n_splits, shuffle=True, random_state=seed)` 的相同折上评分。"),
    hints=[
        T("Build the splitter once, before the loop over models, and give it to every "
          "`cross_val_score(model, X, y, cv=cv, scoring=\"roc_auc\")`.",
          "在遍历模型之前只构建一次划分器，并把它传给每一次 "
          "`cross_val_score(model, X, y, cv=cv, scoring=\"roc_auc\")`。"),
        T("`pd.DataFrame({name: cross_val_score(...) for name, model in models.items()})`",
          "`pd.DataFrame({name: cross_val_score(...) for name, model in models.items()})`"),
    ],
    reference=sol.compare_models,
    cases=_compare_cases,
    compare_options={"rtol": 1e-9, "atol": 1e-12, "ignore_index": True, "check_column_order": True},
    misconceptions=[
        Misconception("new_split_per_model", fn=_new_split_per_model, message=T(
            "Each model was scored on different folds (a new random split per model). Fold "
            "scores vary by several points with the split alone, so the ranking of your models "
            "partly measures which one drew the easier folds, and the fold-by-fold (paired) "
            "comparison becomes meaningless. Build one splitter and reuse it for every model.",
            "每个模型都在不同的折上评分（每个模型重新随机划分一次）。仅仅因为划分不同，各折分数就会相差好几"
            "个点，于是你的模型排名有一部分只是在比谁分到了更容易的折，逐折（配对）比较也失去了意义。请只构"
            "建一个划分器，并对每个模型重复使用。")),
        Misconception("unstratified_folds", fn=_unstratified_folds, message=T(
            "Your folds are not stratified (`KFold`): with 20% positives some folds get far fewer "
            "high-value customers than others (on a small table, none: ROC-AUC is then undefined), "
            "which inflates the spread of the scores and can flip a comparison. Use "
            "`StratifiedKFold` for a classification label.",
            "你的折没有分层（`KFold`）：正样本只占 20% 时，有些折中的高价值客户会比其他折少得多（小表上甚至"
            "一个都没有，此时 ROC-AUC 无定义），这会夸大分数的波动，甚至让比较结论反转。分类标签请使用 "
            "`StratifiedKFold`。")),
        Misconception("accuracy_scoring", fn=_accuracy_scoring, message=T(
            "You scored accuracy (the default of many classifiers' `.score`), not ROC-AUC. "
            "Accuracy barely moves above the 0.8 of the majority-class baseline, so it cannot "
            "tell a model that ranks customers well from one that does not. Pass "
            "`scoring=\"roc_auc\"`.",
            "你评估的是准确率（很多分类器 `.score` 的默认指标），而不是 ROC-AUC。准确率几乎不会高出多数类"
            "基线的 0.8 多少，因此分辨不出哪个模型能很好地给客户排序、哪个不能。请传入 "
            "`scoring=\"roc_auc\"`。")),
        Misconception("unseeded_folds", detect=_unseeded_folds, message=T(
            "Your results change from one run to the next: the folds are shuffled without a fixed "
            "`random_state`, so no run can be reproduced and each model may see other folds. Pass "
            "`random_state=seed` to the one splitter you share.",
            "你的结果每次运行都不一样：折在打乱时没有固定 `random_state`，因此任何一次运行都无法复现，而且"
            "每个模型看到的折也可能不同。请给共享的那个划分器传入 `random_state=seed`。")),
    ],
)


# =========================================================================================
# 5. Reading a learning curve (choice)
# =========================================================================================
CURVE = ChoiceQuestion(
    id="ms.curve",
    level="mid",
    follow_ups=[
        T("What would the curve look like if the forest underfit?",
          "如果森林欠拟合，学习曲线会是什么样子？"),
        T("Where would you get more customers without waiting for more months?",
          "不用等更多月份的数据，还能从哪里获得更多客户样本？"),
    ],
    name="curve_reading",
    title=T("Reading a learning curve", "解读学习曲线"),
    prompt=T("A random forest's learning curve: the training ROC-AUC is 1.00 at every size; the "
             "validation ROC-AUC rises from 0.80 (230 customers) to 0.84 (2,300) and is still "
             "rising. Which of these are likely to help? Select every one that applies.",
             "一个随机森林的学习曲线：训练集 ROC-AUC 在各种样本量下都是 1.00；验证集 RO"
             "C-AUC 从 0.80（230 位客户）升到 0.84（2,300 位），而且仍在上升。"
             "下面哪些做法可能有帮助？请选出所有符合的选项。"),
    options={
        "a": T("A more flexible model or more features: validation is still rising, so the forest "
               "underfits.",
               "换更灵活的模型或增加特征：验证分数还在上升，说明森林欠拟合。"),
        "b": T("More training customers, e.g. earlier snapshots on the same lookback window.",
               "更多训练客户，例如加入回看窗口等长的更早快照。"),
        "c": T("Nothing: a training ROC-AUC of 1.00 shows that the model is already nearly perfect.",
               "什么都不用做：训练集 ROC-AUC 为 1.00，说明模型已经近乎完美。"),
        "d": T("Regularise: a larger `min_samples_leaf` or shallower trees.",
               "加强正则化：更大的 `min_samples_leaf` 或更浅的树。"),
        "e": T("Hunt for a leak first: a gap this large proves the validation rows were seen in "
               "training.",
               "先查泄漏：差距这么大，证明验证行在训练时被看到过。"),
    },
    answer=sol.CURVE_READING,
    explanations={
        "a": T("An underfit model scores about as badly on its training data as on new data; here "
               "training is near perfect and the gap is large.",
               "欠拟合模型在训练数据上和新数据上的表现差不多一样差；这里训练分数接近完美、差距很大。"),
        "b": T("The evidence is the validation curve still rising with more rows: variance, "
               "which more data reduces. (For a forest a training score of 1.00 is expected and "
               "diagnoses nothing; its out-of-bag score is the honest in-sample check. Earlier "
               "snapshots repeat the same customers, so they add less than new customers would.)",
               "证据是验证曲线随行数增加仍在上升：这是方差问题，更多数据能减小它。（对森林来说训练分数为 "
               "1.00 是意料之中的，说明不了什么；袋外（OOB）分数才是诚实的样本内检查。更早的快照里是同一批"
               "客户，增加的信息不如新客户多。）"),
        "c": T("The training score of a forest says little: fully grown trees fit their own rows "
               "almost perfectly by design. Only held-out (or out-of-bag) scores estimate what "
               "marketing will get.",
               "森林的训练分数说明不了什么：完全生长的树按设计就会几乎完美地拟合自己的训练行。只有留出数据（或"
               "袋外）上的分数才能估计营销实际能得到的效果。"),
        "d": T("Variance also shrinks when each leaf must average more customers: the trees stop "
               "memorising their rows.",
               "当每个叶子必须平均更多客户时，方差也会减小：树不再死记训练行。"),
        "e": T("Leakage makes the *validation* score suspiciously high; a gap between a high "
               "training score and a lower validation score is the normal sign of variance.",
               "泄漏会让*验证*分数高得可疑；训练分数高、验证分数较低之间的差距，是方差问题的正常表现。"),
    },
    hints=[T("Compare the two curves: how far apart are they, and does the distance shrink as the "
             "training set grows?",
             "比较两条曲线：它们相距多远？随着训练集变大，差距在缩小吗？")],
)


# =========================================================================================
# 6. The out-of-time split (function)
# =========================================================================================
def _monthly_panel(seed):
    """Three customers at six monthly snapshots; label windows of 3 (or 2) months."""
    rng = np.random.default_rng(seed)
    months = 3 if seed == 0 else int(rng.choice([2, 3]))
    snapshots = pd.date_range("2025-01-01", periods=6, freq="MS")
    rows = [(c, s, s + pd.DateOffset(months=months), int(rng.integers(1, 9)), bool(rng.random() < 0.3))
            for s in snapshots for c in (1, 2, 3)]
    panel = pd.DataFrame(rows, columns=["customer_id", "snapshot", "window_end", "frequency", "high_value"])
    test = pd.Timestamp("2025-04-01") if seed == 0 else snapshots[int(rng.choice([3, 4]))]
    return panel, test, months


def _quarterly_panel(seed, n_customers=400):
    frames = []
    for snapshot in PANEL_SNAPSHOTS:
        window_end = snapshot + pd.DateOffset(months=6)
        table = variant_table(seed, n_customers, snapshot=snapshot, window_end=window_end)
        frames.append(table.assign(snapshot=snapshot, window_end=window_end)[PANEL_COLUMNS])
    return pd.concat(frames, ignore_index=True)


def _oot_split_cases(seed):
    panel, test, months = _monthly_panel(seed)
    yield Case((panel, test), label=T(
        f"3 customers at 6 monthly snapshots from 2025-01-01, {months}-month label windows; "
        f"test snapshot {test:%Y-%m-%d} (later snapshots exist)",
        f"3 位客户、从 2025-01-01 起 6 个月度快照，标签窗口 {months} 个月；测试快照 {test:%Y-%m-%d}"
        f"（其后还有快照）"))
    panel = _quarterly_panel(seed)
    yield Case((panel, PANEL_SNAPSHOTS[-1]), label=T(
        f"a generated shop at the quarterly snapshots 2024-10-01 … 2025-07-01 ({len(panel):,} rows), "
        f"six-month label windows; test snapshot 2025-07-01",
        f"一个随机生成的商店在 2024-10-01 … 2025-07-01 的季度快照（{len(panel):,} 行），标签窗口六个月；"
        f"测试快照 2025-07-01"))


def _earlier_snapshots(panel, test_snapshot):
    return panel[panel["snapshot"] < test_snapshot], panel[panel["snapshot"] == test_snapshot]


def _all_other_snapshots(panel, test_snapshot):
    return panel[panel["snapshot"] != test_snapshot], panel[panel["snapshot"] == test_snapshot]


def _strict_window_end(panel, test_snapshot):
    return panel[panel["window_end"] < test_snapshot], panel[panel["snapshot"] == test_snapshot]


def _random_rows(panel, test_snapshot):
    train, test = train_test_split(panel, test_size=0.25, random_state=0)
    return train, test


def _fresh_split_index(panel, test_snapshot):
    train, test = sol.out_of_time_split(panel, test_snapshot)
    return train.reset_index(drop=True), test.reset_index(drop=True)


OOT_SPLIT = FunctionQuestion(
    id="ms.oot_split",
    level="senior",
    follow_ups=[
        T("Why must the training label windows end before the test snapshot?",
          "为什么训练集的标签窗口必须在测试快照之前结束？"),
        T("The same customer appears in both sets. Is that a problem here? Why or why not?",
          "同一位客户同时出现在训练集和测试集中。这里这是问题吗？为什么？"),
        T("How would you use several snapshots to estimate how fast the model decays?",
          "你会如何用多个快照来估计模型效果衰减的速度？"),
    ],
    title=T("An out-of-time split", "时间外验证（OOT）的划分"),
    prompt=T(
        "Write `out_of_time_split(panel, test_snapshot)` for a panel with one row per customer "
        "and snapshot (columns `snapshot` and `window_end`, the label window being "
        "`[snapshot, window_end)`): return `(train, test)` where `test` holds the rows of the "
        "test snapshot and `train` the rows whose label was known by then (`window_end <= "
        "test_snapshot`). Keep the panel's columns.",
        "为一个“每位客户每个快照一行”的面板（有 `snapshot` 和 `window_end` 两列，标签窗口为 "
        "`[snapshot, window_end)`）编写 `out_of_time_split(panel, test_snapshot)`：返回 "
        "`(train, test)`，其中 `test` 是测试快照的行，`train` 是在那时标签已经可知的行（`window_end <= "
        "test_snapshot`）。保留面板的所有列。"),
    hints=[
        T("On the day the model goes live (the test snapshot), which rows have a *finished* "
          "label window? A snapshot three months earlier with a six-month window does not.",
          "在模型上线那天（测试快照），哪些行的标签窗口已经*结束*？三个月前的快照如果窗口是六个月，就还没结束。"),
        T("Two boolean masks: `panel[\"window_end\"] <= test_snapshot` and "
          "`panel[\"snapshot\"] == test_snapshot`.",
          "两个布尔掩码：`panel[\"window_end\"] <= test_snapshot` 和 `panel[\"snapshot\"] == test_snapshot`。"),
    ],
    reference=sol.out_of_time_split,
    cases=_oot_split_cases,
    rules=[Rule("panel_order", T("keeps the panel's index and row order", "保留面板的索引和行顺序"),
                _fresh_split_index)],
    misconceptions=[
        Misconception("all_other_snapshots", fn=_all_other_snapshots, message=T(
            "Your training set holds snapshots taken *after* the test snapshot: the model learns "
            "from the future it is being tested on, which no deployed model can do. A backtest "
            "built like this promises results the campaign will never see. Train only on rows "
            "whose label window closed by the test snapshot.",
            "你的训练集包含了测试快照*之后*的快照：模型从它正要被测试的未来中学习，而任何上线的模型都做不到"
            "这一点。这样构造的回测承诺的效果，营销活动永远得不到。只用标签窗口在测试快照之前已结束的行来训练。")),
        Misconception("earlier_snapshots", fn=_earlier_snapshots, message=T(
            "You trained on every earlier snapshot, including ones whose label window had not "
            "closed on the test date: their labels count purchases made *after* the test "
            "snapshot, i.e. the test period itself. On deployment day those labels do not exist "
            "yet, so the backtest is too optimistic. Keep rows with `window_end <= test_snapshot`.",
            "你用所有更早的快照来训练，其中包括在测试日标签窗口尚未结束的快照：它们的标签统计了测试快照*之后*"
            "的购买，也就是测试期本身。上线当天这些标签还不存在，所以回测过于乐观。请保留 `window_end <= "
            "test_snapshot` 的行。")),
        Misconception("strict_window_end", fn=_strict_window_end, message=T(
            "You dropped the snapshot whose window ends exactly on the test snapshot. The window "
            "is half-open, `[snapshot, window_end)`, so that label is complete on the test date; "
            "leaving it out throws away the most recent (and most relevant) training data. Use "
            "`<=`.",
            "你丢掉了窗口恰好在测试快照结束的那个快照。窗口是左闭右开的 `[snapshot, window_end)`，所以该标"
            "签在测试日已经完整；丢掉它就扔掉了最新（也最相关）的训练数据。请使用 `<=`。")),
        Misconception("random_rows", fn=_random_rows, message=T(
            "You split the rows at random. The same customer then sits in train and test at "
            "different snapshots, and a later row's features (spend since the earlier snapshot) "
            "contain the earlier row's label: the model is tested on a future it has partly seen. "
            "Deployment trains on the past and scores a later date; split by time.",
            "你对行做了随机划分。这样同一位客户会在不同快照下同时出现在训练集和测试集中，而较晚那一行的特征"
            "（较早快照之后的消费）包含了较早那一行的标签：模型被测试的是一个它已部分看到过的未来。实际部署是"
            "用过去训练、给之后的日期打分；请按时间划分。")),
    ],
)


# =========================================================================================
# 6b. Features on an equal-length lookback window (function)
# =========================================================================================
def _hand_orders(seed):
    """Six customers around the edges of the window [2024-01-01, 2025-01-01), rows shuffled by ``seed``."""
    rows = [
        (1, "2023-12-15 11:00", 30.0), (1, "2024-06-01 10:00", 80.0), (1, "2024-12-20 09:00", 20.0),
        (2, "2024-01-01 00:00", 50.0), (2, "2024-03-01 15:30", 10.0),
        (3, "2024-11-11 20:00", 120.0), (3, "2025-01-01 00:00", 70.0),
        (4, "2024-01-01 12:00", 40.0), (4, "2024-08-08 08:00", 25.0),
        (5, "2023-05-05 10:00", 60.0),
        (6, "2025-02-01 10:00", 90.0),
    ]
    orders = pd.DataFrame(rows, columns=["customer_id", "order_time", "amount"])
    orders["order_time"] = pd.to_datetime(orders["order_time"])
    orders.insert(0, "order_id", np.arange(101, 101 + len(orders)))
    return orders.sample(frac=1.0, random_state=seed).reset_index(drop=True)


def _generated_orders(seed, n_customers=400):
    shop = generate_shop(seed=seed, n_customers=n_customers)
    return solutions("02").orders_from_lines(shop.order_lines)


def _lookback_cases(seed):
    yield Case((_hand_orders(seed), pd.Timestamp("2025-01-01")), label=T(
        "6 customers with orders just before, exactly on and after the window's start "
        "2024-01-01 and its end, the snapshot 2025-01-01 (12 months; 2024 is a leap year)",
        "6 位客户，订单恰好落在窗口起点 2024-01-01、终点（快照 2025-01-01）的前后和当天（12 个月；"
        "2024 年是闰年）"))
    months = 12 if seed == 0 else int(np.random.default_rng(seed).choice([6, 9]))
    orders = _generated_orders(seed)
    yield Case((orders, pd.Timestamp("2025-07-01")), {"months": months}, label=T(
        f"the orders of a generated shop ({len(orders):,} orders, also after the snapshot); "
        f"snapshot 2025-07-01, months={months}",
        f"一个随机生成的商店的订单（{len(orders):,} 笔，也包括快照之后的）；快照 2025-07-01，months={months}"))


def _window(orders, start, end, closed_start=True, closed_end=False):
    after = orders["order_time"] >= start if closed_start else orders["order_time"] > start
    before = orders["order_time"] <= end if closed_end else orders["order_time"] < end
    return orders[after & before]


def _features(window, snapshot, first_from=None):
    features = (window.groupby("customer_id", sort=True)
                .agg(first=("order_time", "min"), last=("order_time", "max"),
                     frequency=("order_id", "nunique"), monetary=("amount", "sum"))
                .reset_index())
    if first_from is not None:
        features["first"] = features["customer_id"].map(first_from)
    features["recency"] = (snapshot - features["last"]).dt.days
    features["tenure_days"] = (snapshot - features["first"]).dt.days
    return features[["customer_id", "recency", "frequency", "monetary", "tenure_days"]]


def _all_history(orders, snapshot, months=12):
    return _features(orders[orders["order_time"] < snapshot], snapshot)


def _open_start(orders, snapshot, months=12):
    start = snapshot - pd.DateOffset(months=months)
    return _features(_window(orders, start, snapshot, closed_start=False), snapshot)


def _includes_snapshot(orders, snapshot, months=12):
    start = snapshot - pd.DateOffset(months=months)
    return _features(_window(orders, start, snapshot, closed_end=True), snapshot)


def _days_not_months(orders, snapshot, months=12):
    start = snapshot - pd.Timedelta(days=365 * months / 12)
    return _features(_window(orders, start, snapshot), snapshot)


def _tenure_from_all_history(orders, snapshot, months=12):
    start = snapshot - pd.DateOffset(months=months)
    first_ever = orders[orders["order_time"] < snapshot].groupby("customer_id")["order_time"].min()
    return _features(_window(orders, start, snapshot), snapshot, first_from=first_ever)


def _unsorted_customers(orders, snapshot, months=12):
    features = sol.lookback_features(orders, snapshot, months)
    return features.sort_values("monetary", ascending=False, kind="stable").reset_index(drop=True)


LOOKBACK = FunctionQuestion(
    id="ms.lookback",
    level="senior",
    follow_ups=[
        T("Which customers leave the table when you shorten the window, and how would you keep them?",
          "缩短窗口后哪些客户会从表中消失？你会怎样把他们留下？"),
        T("The log starts on 2024-01-01. Which snapshots can have a 12-month window, and what do "
          "you do with the others?",
          "日志从 2024-01-01 开始。哪些快照能有完整的 12 个月窗口？其余快照怎么处理？"),
        T("Which features of the customer table do not depend on the length of history?",
          "客户宽表中哪些特征与历史长度无关？"),
    ],
    title=T("Features on an equal-length lookback window", "等长回看窗口上的特征"),
    prompt=T(
        "Write `lookback_features(orders, snapshot, months=12)` for a frame of orders (`order_id`, "
        "`customer_id`, `order_time`, `amount`, from any date): using only the orders of the "
        "half-open window `[snapshot - pd.DateOffset(months=months), snapshot)`, return one row "
        "per customer with such an order, sorted by `customer_id` with a fresh index, and the "
        "columns `customer_id`, `recency` (whole days from the last order in the window to the "
        "snapshot), `frequency` (distinct orders), `monetary` (sum of `amount`) and `tenure_days` "
        "(whole days from the first order *in the window* to the snapshot).",
        "为一张订单表（`order_id`、`customer_id`、`order_time`、`amount`，日期不限）编写 "
        "`lookback_features(orders, snapshot, months=12)`：只使用左闭右开窗口 `[snapshot - "
        "pd.DateOffset(months=months), snapshot)` 内的订单，对窗口内有订单的每位客户返回一行，按 "
        "`customer_id` 排序并重置索引，列为 `customer_id`、`recency`（窗口内最后一笔订单到快照的整天数）、"
        "`frequency`（不同订单数）、`monetary`（`amount` 之和）和 `tenure_days`（*窗口内*第一笔订单到"
        "快照的整天数）。"),
    hints=[
        T("`start = snapshot - pd.DateOffset(months=months)`; keep `orders[(orders[\"order_time\"] >= "
          "start) & (orders[\"order_time\"] < snapshot)]`: closed at the start, open at the snapshot.",
          "`start = snapshot - pd.DateOffset(months=months)`；保留 `orders[(orders[\"order_time\"] >= "
          "start) & (orders[\"order_time\"] < snapshot)]`：起点闭、快照处开。"),
        T("Group the window by `customer_id` with `first`/`last` order time, `nunique` order ids "
          "and the summed amount; then `(snapshot - last).dt.days` and `(snapshot - first).dt.days`.",
          "对窗口内订单按 `customer_id` 分组，求第一笔/最后一笔订单时间、`nunique` 订单号和金额之和；再算 "
          "`(snapshot - last).dt.days` 和 `(snapshot - first).dt.days`。"),
    ],
    reference=sol.lookback_features,
    cases=_lookback_cases,
    compare_options={"rtol": 1e-9, "atol": 1e-9},
    rules=[Rule("sorted_by_customer", T("one row per customer, sorted by `customer_id`",
                                        "每位客户一行，按 `customer_id` 排序"), _unsorted_customers)],
    misconceptions=[
        Misconception("all_history", fn=_all_history, message=T(
            "You used every order before the snapshot, not the last `months` months. The log "
            "starts on 2024-01-01, so a table built this way summarises 12 months at the "
            "2025-01-01 snapshot and 18 months at 2025-07-01: frequency, spend and tenure change "
            "meaning between training and test, and an out-of-time comparison measures that "
            "change as much as drift. Cut the history at `snapshot - pd.DateOffset(months=months)`.",
            "你用了快照之前的全部订单，而不是最近 `months` 个月。日志从 2024-01-01 开始，这样建的表在 "
            "2025-01-01 快照上汇总 12 个月、在 2025-07-01 上汇总 18 个月：购买频次、消费金额和在网时长在训练"
            "与测试之间含义不同，时间外比较测到的既有漂移、也有这种定义上的变化。请在 `snapshot - "
            "pd.DateOffset(months=months)` 处截断历史。")),
        Misconception("open_start", fn=_open_start, message=T(
            "Your window is open at its start (`> start`): an order placed exactly at the start "
            "of the window is dropped. The window is half-open, `[start, snapshot)`, like the "
            "label window: closed at the start (`>=`), open at the snapshot (`<`), so windows of "
            "consecutive periods neither overlap nor leave a gap.",
            "你的窗口在起点是开的（`> start`）：恰好在窗口起点下的订单被丢掉了。窗口和标签窗口一样是左闭右开的 "
            "`[start, snapshot)`：起点闭（`>=`），快照处开（`<`），这样相邻时期的窗口既不重叠也不留空隙。")),
        Misconception("includes_snapshot", fn=_includes_snapshot, message=T(
            "Your window includes the snapshot itself (`<= snapshot`): an order placed at the "
            "snapshot belongs to the label window `[snapshot, window_end)`, so counting it in the "
            "features leaks the first moment of the future into them. Use `< snapshot`.",
            "你的窗口包含了快照时刻本身（`<= snapshot`）：在快照时刻下的订单属于标签窗口 "
            "`[snapshot, window_end)`，把它算进特征就把未来的第一刻泄漏进了特征。请使用 `< snapshot`。")),
        Misconception("days_not_months", fn=_days_not_months, message=T(
            "You measured the window in days (365 for a year, or 30 per month), not in calendar "
            "months: in a leap year, or for a window of a few months, its start misses the "
            "calendar date by a day or more, so orders on that day fall out (or in). Use "
            "`pd.DateOffset(months=months)`, the same calendar span at every snapshot.",
            "你按天数（一年 365 天，或每月 30 天）而不是按日历月来度量窗口：遇到闰年，或者窗口只有几个月时，"
            "起点会和日历日期错开一天或更多，当天的订单就会被漏掉（或多算）。请使用 "
            "`pd.DateOffset(months=months)`，让每个快照的窗口都是相同的日历跨度。")),
        Misconception("tenure_from_all_history", fn=_tenure_from_all_history, message=T(
            "Frequency and spend come from the window, but your tenure still reaches back to the "
            "customer's first order in all history: it again grows with the length of the log, "
            "and the feature means something different at each snapshot. Measure tenure from the "
            "first order in the window (the customer's age from `signup_date` is a separate, "
            "legitimate feature).",
            "频次和金额来自窗口，但你的在网时长仍回溯到客户在全部历史中的第一笔订单：它又会随日志长度增长，"
            "这个特征在每个快照上的含义都不同。请从窗口内的第一笔订单算起（从 `signup_date` 算的账户年龄是另一个"
            "合理的特征）。")),
    ],
)


# =========================================================================================
# 6c. Why the first out-of-time comparison proves little (choice)
# =========================================================================================
LOOKBACK_VERDICT = ChoiceQuestion(
    id="ms.lookback_verdict",
    level="senior",
    follow_ups=[
        T("After the fix, the forest still loses out of time. What would you check next before "
          "blaming the model family?",
          "修正之后，森林在时间外验证中仍然落后。在归咎于模型族之前，你接下来会检查什么？"),
        T("Why can a logistic regression cope better with feature values beyond the training range?",
          "为什么逻辑回归对超出训练范围的特征值应对得更好？"),
    ],
    name="lookback_verdict",
    title=T("Why the first out-of-time comparison proves little", "为什么第一次时间外比较说明不了什么"),
    prompt=T(
        "The first out-of-time comparison trained on the 2025-01-01 table and tested on the "
        "2025-07-01 table, both built from all history; the log starts on 2024-01-01. The forest "
        "lost ground there, the logistic regression did not. Why is that not yet evidence that "
        "the forest ages worse?",
        "第一次时间外比较用 2025-01-01 表训练、在 2025-07-01 表上测试，两张表都由全部历史构建；日志从 "
        "2024-01-01 开始。在那次比较中森林的分数下降了，逻辑回归没有。为什么这还不能说明森林随时间退化得更快？"),
    options={
        "a": T("The training table holds fewer customers, and fewer rows lower every model's ROC-AUC.",
               "训练表的客户更少，而行数少会降低每个模型的 ROC-AUC。"),
        "b": T("Out-of-time scores are lower than cross-validated ones, whatever the features measure.",
               "无论特征度量的是什么，时间外分数总是低于交叉验证分数。"),
        "c": T("A forest cannot score customers it never saw in training, so new customers hurt it.",
               "森林无法给训练中没见过的客户打分，所以新客户会拉低它的分数。"),
        "d": T("Test rows count 18 months of history, training rows 12: beyond what the trees learnt.",
               "测试行统计了 18 个月的历史、训练行只有 12 个月：取值超出了树学到的范围。"),
        "e": T("January's label window holds 618 and July's holds Double 11, so the labels differ.",
               "1 月快照的标签窗口含 618、7 月的含双 11，所以两个标签的含义不同。"),
    },
    answer=sol.LOOKBACK_VERDICT,
    explanations={
        "a": T("A smaller table costs every family a little; it does not explain why one family "
               "loses ground and another does not.",
               "表小一些会让每个模型族都损失一点；这解释不了为什么一个模型族下降、另一个不降。"),
        "b": T("Not a law: here the logistic regression scored about as well out of time as in "
               "cross-validation. A drop needs a cause, which is what this question is about.",
               "这不是定律：这里逻辑回归在时间外的分数和交叉验证差不多。分数下降需要一个原因，这正是本题要问的。"),
        "c": T("Trees score new customers like any model, from their features; what they cannot "
               "do is extrapolate to feature *values* beyond those seen in training.",
               "树和任何模型一样，根据特征给新客户打分；它们做不到的是外推到训练中没见过的特征*取值*。"),
        "d": T("Left truncation: tenure, frequency and spend grow with the length of the log, so "
               "the test rows lie partly outside the training range. A line extrapolates, a tree "
               "predicts its last leaf: the drop mixes a change of definition with drift. Build "
               "both tables on the same lookback window.",
               "左截断：在网时长、频次和金额随日志长度增长，测试行有一部分落在训练范围之外。直线可以外推，树只能"
               "给出最边上叶子的值：分数下降混合了特征定义的变化和漂移。请在相同长度的回看窗口上构建两张表。"),
        "e": T("Seasonality is the drift out-of-time validation is meant to measure, and the "
               "label is defined the same way (top 20% of the window's spend) at both snapshots.",
               "季节性正是时间外验证要度量的漂移；而且两个快照上标签的定义相同（窗口内消费的前 20%）。"),
    },
    hints=[T("Compare what `tenure_days` can reach at each snapshot, given when the log starts.",
             "结合日志的起始日期，比较每个快照上 `tenure_days` 最大能到多少。")],
)


# =========================================================================================
# 7. Which validation matches deployment? (choice)
# =========================================================================================
DEPLOYMENT = ChoiceQuestion(
    id="ms.deployment",
    level="senior",
    follow_ups=[
        T("Why does a random split of one snapshot look better than the out-of-time test?",
          "为什么对单个快照随机划分的结果，看起来比时间外测试更好？"),
        T("What would you monitor after deployment to know the estimate still holds?",
          "上线之后你会监控什么，来确认这个估计仍然成立？"),
    ],
    name="deployment_validation",
    title=T("Which validation matches deployment?", "哪种验证方式与上线部署一致？"),
    prompt=T(
        "The model will be trained on what is known on 2025-07-01 and used to score customers "
        "then; you have the customer tables of the snapshots 2025-01-01 (labels from Jan–Jun "
        "2025) and 2025-07-01 (labels from Jul–Dec 2025). Which estimate of its ROC-AUC is closest "
        "to what marketing will see in production?",
        "模型将用 2025-07-01 已知的信息训练，并在那时给客户打分；你手上有 2025-01-01 快照（标签来自 "
        "2025 年 1–6 月）和 2025-07-01 快照（标签来自 2025 年 7–12 月）的客户表。哪种 ROC-AUC 估计最接近"
        "营销团队上线后看到的效果？"),
    options={
        "a": T("A random 80/20 holdout of the 2025-07-01 table, the most recent data there is.",
               "对 2025-07-01 表做随机 80/20 留出，这是手上最新的数据。"),
        "b": T("Train on the 2025-01-01 table, test on the 2025-07-01 table.",
               "用 2025-01-01 表训练，在 2025-07-01 表上测试。"),
        "c": T("Stratified 5-fold cross-validation on the 2025-07-01 table, averaged over the folds.",
               "在 2025-07-01 表上做分层 5 折交叉验证，取各折平均。"),
        "d": T("Stack both tables and run stratified 5-fold cross-validation on all rows.",
               "把两张表堆叠起来，对所有行做分层 5 折交叉验证。"),
    },
    answer=sol.DEPLOYMENT_VALIDATION,
    explanations={
        "a": T("One random split of a single snapshot: customers of the same period on both sides, "
               "so drift between periods is invisible, and one split is noisy.",
               "对单个快照做一次随机划分：两边是同一时期的客户，看不到不同时期之间的漂移，而且一次划分噪声很大。"),
        "b": T("Fit on the past, score a later snapshot, exactly as the shop deploys; the training "
               "labels (Jan–Jun) end where the test period begins. Build both tables on a lookback "
               "window of the same length, or the comparison also measures a change of definition.",
               "用过去拟合、给之后的快照打分，与商店的部署方式完全一致；训练标签（1–6 月）恰好在测试期开始时结束。"
               "两张表的特征要建在等长的回看窗口上，否则比较中还混入了特征定义的变化。"),
        "c": T("Better than one split for comparing models, but train and test come from the same "
               "period: it ignores that the model will score a later, changed population.",
               "比较模型时比单次划分好，但训练和测试来自同一时期：它忽略了模型将给一个更晚、已经变化的人群打分。"),
        "d": T("Random folds over stacked snapshots put the same customer in train and test, and the "
               "July row's features contain the January row's label: the future leaks into "
               "training.",
               "在堆叠的快照上随机分折，会让同一位客户同时出现在训练和测试中，而 7 月那一行的特征包含了 1 月那一行"
               "的标签：未来信息泄漏进了训练。"),
    },
    hints=[T("How will the model be used: trained on which period, and applied to which?",
             "模型将如何使用：用哪个时期的数据训练，应用到哪个时期？")],
)


# =========================================================================================
# 8. A model validated out of time (estimator)
# =========================================================================================
def _oot_cases(seed):
    early = variant_table(seed, 2000, snapshot=EARLY_SNAPSHOT, window_end=EARLY_WINDOW_END)
    late = variant_table(seed, 2000)
    yield Case((early.drop(columns=LABEL), early[LABEL], late.drop(columns=LABEL), late[LABEL]),
               label=T(f"a generated shop: trained on the 2025-01-01 snapshot ({len(early):,} "
                       f"customers), tested on 2025-07-01 ({len(late):,} customers)",
                       f"一个随机生成的商店：在 2025-01-01 快照上训练（{len(early):,} 位客户），在 "
                       f"2025-07-01 上测试（{len(late):,} 位客户）"))


def _baseline_model(description, case):
    return design.is_a(design.final_step(description), "sklearn.DummyClassifier")


def _oot_model_with(numeric, categorical):
    numeric_steps = make_pipeline(SimpleImputer(strategy="median", add_indicator=True), StandardScaler())
    features = make_column_transformer((numeric_steps, numeric), (OneHotEncoder(handle_unknown="ignore"), categorical))
    return make_pipeline(features, LogisticRegression(max_iter=1000))


def _baseline_answer():
    return DummyClassifier(strategy="prior")


def _future_spend_answer():
    return _oot_model_with(NUMERIC_FEATURES + ["future_spend"], CATEGORICAL_FEATURES)


def _customer_id_answer():
    return _oot_model_with(["customer_id"] + NUMERIC_FEATURES, CATEGORICAL_FEATURES)


OOT_MODEL = EstimatorQuestion(
    id="ms.oot_model",
    level="senior",
    follow_ups=[
        T("Which columns did you exclude, and which of them would leak?",
          "你排除了哪些列？其中哪些会造成泄漏？"),
        T("Your model wins in-time but loses out-of-time. What would you look at?",
          "你的模型在同期验证中胜出，在时间外验证中却落后。你会查看什么？"),
    ],
    name="oot_model",
    title=T("A model validated out of time", "经时间外验证（OOT）的模型"),
    prompt=T(
        "Build an unfitted pipeline for `high_value`. It receives the whole customer table "
        "except the label (so also `customer_id`, `signup_date` and `future_spend`) and must pick "
        "its features itself. It is fitted on the 2025-01-01 snapshot of a fresh shop variant and "
        "judged by ROC-AUC on the 2025-07-01 snapshot, as the shop would deploy it.",
        "为 `high_value` 构建一个未拟合的流水线。它接收除标签之外的整张客户表（因此也包括 `customer_id`、"
        "`signup_date` 和 `future_spend`），必须自己挑选特征。它会在一个新的商店变体的 2025-01-01 快照上"
        "拟合，并像商店实际部署那样，以 2025-07-01 快照上的 ROC-AUC 评判。"),
    hints=[
        T("Select the columns with a `ColumnTransformer` (`make_column_transformer`) over "
          "`NUMERIC_FEATURES` and `CATEGORICAL_FEATURES`; every other column is dropped.",
          "用 `ColumnTransformer`（`make_column_transformer`）选出 `NUMERIC_FEATURES` 和 "
          "`CATEGORICAL_FEATURES` 两组列；其余列全部丢弃。"),
        T("Any model family from this notebook works: a scaled logistic regression (impute + "
          "one-hot), a random forest or histogram gradient boosting (NaN handled natively).",
          "本笔记本中的任一模型族都可以：标准化的逻辑回归（填充 + 独热编码）、随机森林，或原生支持 NaN 的直方图"
          "梯度提升。"),
    ],
    reference=sol.value_model,
    cases=_oot_cases,
    metric="roc_auc",
    tolerance=0.03,
    misconceptions=[
        Misconception("baseline_model", design=_baseline_model, message=T(
            "A `DummyClassifier` gives every customer the same score: it is the baseline to beat "
            "(ROC-AUC 0.5), not a model marketing can rank customers with.",
            "`DummyClassifier` 给每位客户相同的分数：它是需要超越的基线（ROC-AUC 0.5），而不是营销可以用来"
            "给客户排序的模型。")),
        Misconception("uses_future_spend", permute=("future_spend",), message=T(
            "Your model uses `future_spend`: the spend in the label window, unknown on the day "
            "customers are scored (the label is derived from it). Offline it looks almost "
            "perfect; in production the column does not exist yet. Select the snapshot features "
            "explicitly instead of passing every column through.",
            "你的模型用了 `future_spend`：它是标签窗口内的消费，在给客户打分的那天还不知道（标签正是由它"
            "算出来的）。离线时模型看起来近乎完美，上线后这一列根本还不存在。请显式选择快照时点的特征，而不是"
            "把所有列都传进去。")),
        Misconception("uses_customer_id", permute=("customer_id",), message=T(
            "Your model uses `customer_id`. An identifier is not a property of the customer. In "
            "many databases ids follow signup order, so an id silently encodes tenure, and new "
            "customers get ids the model never saw; any pattern in it is an accident of the "
            "database that breaks when ids are reassigned. Leave identifiers out of the features.",
            "你的模型用了 `customer_id`。标识符不是客户的属性。很多数据库按注册顺序分配编号，于是编号悄悄"
            "编码了客户的在网时长，而新客户拿到的编号模型从未见过；其中的任何规律都只是数据库的偶然产物，一旦"
            "编号重新分配就会失效。请不要把标识符当作特征。")),
    ],
    rules=[
        Rule("a_model", T("a model that ranks customers, not a constant baseline",
                          "能给客户排序的模型，而不是常数基线"),
             _baseline_answer, misconception="baseline_model"),
        Rule("no_future_spend", T("picks its features: not `future_spend`", "自己挑选特征：不用 `future_spend`"),
             _future_spend_answer, misconception="uses_future_spend"),
        Rule("no_customer_id", T("picks its features: not `customer_id`", "自己挑选特征：不用 `customer_id`"),
             _customer_id_answer, misconception="uses_customer_id"),
    ],
    points=2,
)


# =========================================================================================
# Closing interview: open questions on the original questions' topics
# =========================================================================================
WORKFLOW = OpenQuestion(
    id="ms.workflow",
    level="mid",
    follow_ups=[
        T("Which step do teams most often skip, and what does it cost them?",
          "团队最常跳过哪一步？代价是什么？"),
        T("How do you know, three months after launch, that the model still works?",
          "上线三个月后，你怎么知道模型依然有效？"),
        T("Who besides data science must sign off before the model drives a budget?",
          "在模型开始决定预算之前，除了数据科学团队，还需要谁签字认可？"),
    ],
    name="workflow_answer",
    title=T("Interview: the workflow of a customer value model", "面试题：客户价值模型的构建流程"),
    prompt=T("How do you build a machine-learning customer value model, from the business "
             "question to deployment? (the original question 2)",
             "如何构建一个基于机器学习的客户价值评估模型，从业务问题一直到上线？（原题第 2 问）"),
    model_answer=T(sol.WORKFLOW_ANSWER,
                   "1）明确决策和目标：营销要对哪些客户采取行动，“价值”指什么，例如快照日之后六个月净消费排名前 20%。"
                   "2）收集并清洗数据（扣除退货、去重后的订单，会话，画像），并固定日历：特征只用快照之前的历史，"
                   "标签来自快照之后的窗口，每个快照的回看窗口长度相同。3）构建客户宽表（RFM、行为、画像），把所有预处理（填充、标准化、编码）"
                   "放进 scikit-learn 流水线，保证只在训练行上拟合。4）先建基线（多数类或 RFM 规则），并选一个适合 "
                   "20% 正样本和排序用途的指标：ROC-AUC 或 PR-AUC，而不是准确率。5）在相同的分层折上比较几个模型族"
                   "（标准化逻辑回归、随机森林、梯度提升），在噪声范围内优先选最简单的。6）适度调参，然后做时间外验证："
                   "用较早的快照训练、在较晚的快照上测试，并给最终指标加上自助法区间（比较两个模型时用差值的配对区间）。7）上线为每个快照的批量打分，"
                   "监控漂移和被打分客户的实际价值，按计划重新训练。"),
    rubric=[(T("Defines the target on a future window after a snapshot, features from history only",
               "在快照之后的未来窗口上定义目标，特征只用历史数据"), 1.0),
            (T("Data cleaning and features, with preprocessing inside a pipeline",
               "数据清洗和特征构建，预处理放在流水线内"), 1.0),
            (T("Starts from a baseline and an imbalance-aware metric (not accuracy)",
               "从基线和适合不平衡数据的指标（而非准确率）出发"), 1.0),
            (T("Compares model families fairly (same folds) and validates out of time",
               "公平地比较模型族（相同的折）并做时间外验证"), 1.0),
            (T("Deployment: batch scoring, monitoring, retraining", "上线：批量打分、监控、重新训练"), 1.0)],
    hints=[T("Walk from the decision marketing makes, through the data and the calendar, to "
             "validation and what happens after launch.",
             "从营销要做的决策出发，经过数据和日历，一直讲到验证以及上线后的工作。")],
    points=5,
)

EVALUATION = OpenQuestion(
    id="ms.evaluation",
    level="senior",
    follow_ups=[
        T("When is a single holdout enough?",
          "什么时候一次留出验证就够了？"),
        T("Which estimate would you give finance, and with which uncertainty?",
          "你会给财务部门哪个估计？附带怎样的不确定性？"),
    ],
    name="evaluation_answer",
    title=T("Interview: evaluating a customer value model", "面试题：如何评估客户价值模型"),
    prompt=T("How do you evaluate the performance of a customer value model? When would you use a "
             "holdout, k-fold cross-validation, the bootstrap, or an out-of-time test? (the "
             "original question 6)",
             "如何评估客户价值模型的性能？什么时候用留出法、k 折交叉验证、自助法或时间外测试？（原题第 6 问）"),
    model_answer=T(sol.EVALUATION_ANSWER,
                   "首先按用途选指标：标签只有 20% 为正，营销要给客户排序，所以用 ROC-AUC 或 PR-AUC（再加上联系"
                   "比例处的提升度），绝不用准确率——一个对所有人都说“不是”的模型准确率也有 0.8。然后选验证方案。"
                   "留出法（一次训练/测试划分）成本低，也模拟了给没见过的客户打分，但单次划分噪声大：换一个随机种子，"
                   "AUC 就会变动好几个点。分层 k 折交叉验证让每一行都恰好被测试一次，给出均值和波动；重复 k 折可以"
                   "平均掉某一种划分的运气。各折分数并不独立（训练集相互重叠），所以折间的波动低估了均值的不确定性，"
                   "直接在各折上做 t 检验会过于自信（Nadeau 和 Bengio 的校正检验就是为此而设）。比较模型时要用相同的"
                   "折，逐折比较。自助法对固定测试集的（标签, 分数）对做重抽样，给该指标一个置信区间；比较两个模型时，"
                   "每一轮只重抽一次客户、给两个模型同时打分（AUC_B − AUC_A 的配对自助法，或 DeLong 检验）：两个各自"
                   "的区间相互重叠并不说明没有差异。对固定测试集做自助法不包含训练过程的波动。最后，由于模型会在更晚的日期上使用，决定性的"
                   "估计是时间外的：在较早的快照上拟合、在下一个快照上测试，这也能暴露漂移，两个快照的特征要建在等长的回看窗口上。预处理始终只在训练折内"
                   "拟合，特征不能泄漏未来信息。"),
    rubric=[(T("Chooses a metric for a 20% label and a ranking use (ROC-AUC / PR-AUC, not accuracy)",
               "为 20% 正样本和排序用途选择指标（ROC-AUC / PR-AUC，而非准确率）"), 1.0),
            (T("Holdout: simple but noisy; stratified (repeated) k-fold: mean and spread, knowing that "
               "fold scores are not independent (the spread understates the uncertainty of the mean)",
               "留出法：简单但噪声大；分层（重复）k 折：均值和波动，并知道各折分数不独立（波动低估了均值的不确定性）"),
             1.0),
            (T("Bootstrap: a confidence interval by resampling (label, score) pairs; a paired one "
               "(shared resamples) for the difference between two models",
               "自助法：对（标签, 分数）对重抽样得到置信区间；比较两个模型时对差值做配对（共享重抽样）区间"), 1.0),
            (T("Out-of-time validation as the deployment estimate; same folds when comparing; "
               "preprocessing inside the folds",
               "以时间外验证作为上线效果的估计；比较时用相同的折；预处理在折内完成"), 1.0)],
    hints=[T("For each scheme say what it estimates, what it costs and how noisy it is; then say "
             "which one answers \"how will it do after launch?\"",
             "对每种方案说明它估计的是什么、代价多大、噪声多大；再说明哪一种回答了“上线后效果如何？”")],
    points=4,
)

#: the script the question reviews (the notebook shows it too): the prompt carries it into assignments
_SEED_SCRIPT = """```python
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split

X = table.drop(columns="high_value")
y = table["high_value"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
model = RandomForestClassifier(n_estimators=100, random_state=42).fit(X_train, y_train)
print("accuracy:", accuracy_score(y_test, model.predict(X_test)))
```"""

SEED_SNIPPET = OpenQuestion(
    id="ms.seed_snippet",
    level="mid",
    follow_ups=[
        T("What would this script report if the label were 5% positive?",
          "如果标签只有 5% 是正类，这段脚本会报告什么结果？"),
        T("Which column of `X` leaks the label here, and how would you have caught it?",
          "这里 `X` 中哪一列泄漏了标签？你本可以怎样发现？"),
        T("Rewrite it as you would hand it in, in a few lines.",
          "用几行代码把它改写成你会提交的版本。"),
    ],
    name="snippet_review",
    title=T("Interview: review a model-selection script", "面试题：审查一段模型选择脚本"),
    prompt=T("A candidate answered \"choose a suitable model\" with this script, on our customer "
             "table. What is wrong with it, and what would you do instead? (the original coding task 2)\n\n"
             + _SEED_SCRIPT,
             "一位候选人用下面这段脚本（在我们的客户表上）回答“选择合适的模型”。它有哪些问题？你会怎么做？"
             "（原题编程题 2）\n\n" + _SEED_SCRIPT),
    model_answer=T(sol.SEED_SNIPPET_ANSWER,
                   "1）在负样本占 80% 的标签上用准确率：一个对所有人都说“非高价值”的模型就有 0.8；应使用基于 "
                   "predict_proba 的 ROC-AUC 或 PR-AUC，并把哑基线放在旁边报告。2）一次随机的 80/20 划分且没有 "
                   "stratify=y：分数取决于随机种子和测试集中正样本的比例；应使用（重复的）分层 k 折，至少给出自助法"
                   "区间。3）随机划分客户并不是模型的使用方式：模型用过去训练、给未来打分，所以要在更晚的快照上做时间外"
                   "验证。4）`data.drop('customer_value', axis=1)` 把其余所有列都当作特征：标识符、日期以及任何在"
                   "快照之后才测得的东西（未来消费、之后的退货）都会泄漏；应显式选择特征。5）没有预处理流水线：文本类别"
                   "和日期时间列会让 RandomForestClassifier 报错（自 scikit-learn 1.4 起它接受 NaN，但用带缺失指示"
                   "的填充器能让处理方式显式可比），而在划分之前做的任何填充或标准化都会泄漏测试行；应放进 Pipeline。"
                   "6）只尝试了一个模型族，也没有和基线比较；应在相同的折上比较逻辑回归、随机森林和"
                   "梯度提升，在噪声范围内选最简单的。7）随机森林完全生长的树让训练分数失去意义（应看袋外"
                   "或交叉验证分数）；在小而嘈杂的表上，更大的 min_samples_leaf 可能有帮助，学习曲线能说明这一点。"),
    rubric=[(T("Accuracy on an 80/20 label is meaningless; use ROC-AUC/PR-AUC with a baseline",
               "在 80/20 标签上准确率没有意义；应使用 ROC-AUC/PR-AUC 并对比基线"), 1.0),
            (T("One unstratified random split is noisy; use stratified (repeated) CV or an interval",
               "一次不分层的随机划分噪声大；应使用分层（重复）交叉验证或给出区间"), 1.0),
            (T("Random split ≠ deployment: validate out of time; `drop` keeps leaking columns",
               "随机划分 ≠ 部署方式：应做时间外验证；`drop` 会保留泄漏列"), 1.0),
            (T("No pipeline / preprocessing, one model family, no comparison or learning curve",
               "没有流水线/预处理，只有一个模型族，没有比较也没有学习曲线"), 1.0)],
    hints=[T("Ask of each line: what does this number compare against, would it change with the "
             "seed, and could this column be known on the scoring day?",
             "逐行自问：这个数字是和什么比？换一个随机种子它会变吗？这一列在打分当天能知道吗？")],
    points=4,
)


QUESTIONS = [BASELINE, HOLDOUT, BOOTSTRAP, PAIRED, COMPARE, CURVE, OOT_SPLIT, LOOKBACK, LOOKBACK_VERDICT,
             DEPLOYMENT, OOT_MODEL, WORKFLOW, EVALUATION, SEED_SNIPPET]
