"""Questions of notebook 09: feature importance, explanation and selection.

Function questions (permutation importance on held-out customers, keeping the features that
beat a random-noise column, each customer's top SHAP driver: a model-output question), four
choice questions (the noise column's impurity importance, a duplicated feature, the original
answer's "model coefficients", the review of the original coding task 5) and two interview
questions (feature selection, explaining a score to marketing).

Public cases come from the shipped customer table (``read_customer_table``) and hand-built
inputs; hidden cases from :func:`grader.tables.variant_table` with the grading seed and from
random importances. Each recorded misconception is a small private function named ``_<name>``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shap
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.inspection import permutation_importance

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
from grader.tables import LABEL, NUMERIC_FEATURES, read_customer_table, variant_table

#: the frames this notebook's questions work from: an assignment ships the customer table
INPUT_FRAMES = ("customer_table",)
sol = solutions("09")

#: the numeric features without gaps (notebook 03 deals with the gaps of the other two)
FEATURES = [f for f in NUMERIC_FEATURES if f not in ("mean_days_between_orders", "age")]
#: customers per generated variant
N_CUSTOMERS = 1500


def _with_noise(X, seed):
    """``X`` plus a column ``random`` of seeded standard-normal noise: the bar to beat."""
    noise = np.random.default_rng(seed).normal(size=len(X))
    return X.assign(random=noise)


def _shipped(start, stop):
    table = read_customer_table().iloc[start:stop]
    return table[FEATURES].reset_index(drop=True), table[LABEL].reset_index(drop=True)


def _variant(seed, n_rows):
    table = variant_table(seed, n_customers=N_CUSTOMERS)
    table = table.sample(n=min(n_rows, len(table)), random_state=seed)
    return table[FEATURES].reset_index(drop=True), table[LABEL].reset_index(drop=True)


def _variant_label(seed, n):
    return T(f"{n} customers of a generated shop variant (seed {seed})",
             f"一个生成的商店变体（随机种子 {seed}）中的 {n} 位客户")


# =========================================================================================
# 1. heldout_importance: permutation importance where it means something
# =========================================================================================
def _forest(seed=0, **options):
    """A small, fast-predicting tree ensemble (a forest's joblib overhead would dominate the check)."""
    return GradientBoostingClassifier(n_estimators=30, max_depth=3, random_state=seed, **options)


def _importance_case(X, y, n_train, model, seed, kwargs, label):
    X = _with_noise(X, seed)
    X_train, X_test = X.iloc[:n_train], X.iloc[n_train:]
    y_train, y_test = y.iloc[:n_train], y.iloc[n_train:]
    model.fit(X_train, y_train)
    return Case((model, X_train, y_train, X_test, y_test), kwargs, label=label)


def _importance_cases(seed):
    if seed == PUBLIC_SEED:
        X, y = _shipped(0, 800)
        yield _importance_case(X, y, 500, _forest(), 0, {"n_repeats": 3}, T(
            "a gradient-boosted model (30 trees of depth 3) fitted on 500 customers of the shipped table plus "
            "a random column, 300 other customers held out, n_repeats=3",
            "在随附的客户表中 500 位客户（外加一列随机数）"
            "上拟合的梯度提升模型（30 棵深度为 3 的树），另外 300 位客户留出，n_repeats=3"))
        X, y = _shipped(1000, 1600)
        yield _importance_case(X, y, 400, _forest(1, min_samples_leaf=10), 1, {"n_repeats": 2, "random_state": 7},
                               T("another boosted model (leaves of at least 10 customers), 400 training and "
                                 "200 held-out customers, n_repeats=2, random_state=7",
                                 "另一个梯度提升模型（叶子至少 10 位客户），400 位训练客户、200 位留出客户，"
                                 "n_repeats=2，random_state=7"))
        return
    X, y = _variant(seed, 800)
    yield _importance_case(X, y, 500, _forest(seed), seed, {"n_repeats": 3, "random_state": seed % 100},
                           _variant_label(seed, len(X)))


def _on_training(model, X_train, y_train, X_test, y_test, n_repeats=5, random_state=0):
    result = permutation_importance(model, X_train, y_train, scoring="average_precision",
                                    n_repeats=n_repeats, random_state=random_state)
    return pd.Series(result.importances_mean, index=X_train.columns, name="importance")


def _impurity(model, X_train, y_train, X_test, y_test, n_repeats=5, random_state=0):
    return pd.Series(model.feature_importances_, index=X_test.columns, name="importance")


def _accuracy(model, X_train, y_train, X_test, y_test, n_repeats=5, random_state=0):
    result = permutation_importance(model, X_test, y_test, n_repeats=n_repeats, random_state=random_state)
    return pd.Series(result.importances_mean, index=X_test.columns, name="importance")


def _unseeded(model, X_train, y_train, X_test, y_test, n_repeats=5, random_state=0):
    result = permutation_importance(model, X_test, y_test, scoring="average_precision",
                                    n_repeats=n_repeats, random_state=None)
    return pd.Series(result.importances_mean, index=X_test.columns, name="importance")


HELDOUT = FunctionQuestion(
    id="fi.heldout",
    level="mid",
    follow_ups=[
        T("Why can a feature's permutation importance be negative, and what do you conclude?",
          "为什么某个特征的置换重要性会是负数？你会得出什么结论？"),
        T("Two features are strongly correlated. What happens to their permutation importances?",
          "两个特征高度相关时，它们的置换重要性会怎样？"),
    ],
    title=T("Permutation importance on held-out customers", "在留出客户上计算置换重要性"),
    prompt=T(
        "Write `heldout_importance(model, X_train, y_train, X_test, y_test, n_repeats=5, "
        "random_state=0)`: for a classifier already fitted on `X_train`, the permutation importance "
        "of every feature on the **held-out** customers `X_test`, `y_test`: the mean drop of "
        "**average precision** over `n_repeats` shuffles of the feature's column, seeded with "
        "`random_state`. Return a Series named `importance`, indexed by the columns of `X_test` in "
        "their order.",
        "请编写 `heldout_importance(model, X_train, y_train, X_test, y_test, n_repeats=5, random_state=0)`："
        "对一个已在 `X_train` 上拟合好的分类器，在**留出**客户 `X_test`、`y_test` 上计算每个特征的置换重要性："
        "把该特征的列打乱 `n_repeats` 次，**平均精确率**下降的均值，打乱用 `random_state` 作随机种子。返回名为 "
        "`importance` 的 Series，索引为 `X_test` 的列，顺序不变。"),
    hints=[
        T("`sklearn.inspection.permutation_importance` does the shuffling; give it the held-out rows.",
          "`sklearn.inspection.permutation_importance` 负责打乱；把留出的行交给它。"),
        T("Pass `scoring=\"average_precision\"`, `n_repeats=n_repeats` and `random_state=random_state`, "
          "then wrap `result.importances_mean` in a Series indexed by `X_test.columns`.",
          "传入 `scoring=\"average_precision\"`、`n_repeats=n_repeats` 和 `random_state=random_state`，"
          "再把 `result.importances_mean` 包成以 `X_test.columns` 为索引的 Series。"),
    ],
    points=2,
    reference=sol.heldout_importance,
    cases=_importance_cases,
    compare_options={"rtol": 1e-6, "atol": 1e-9},
    rules=[Rule("seeded", T("the shuffles are seeded with random_state", "打乱用 random_state 作随机种子"),
                _unseeded)],
    misconceptions=[
        Misconception("on_training", fn=_on_training, message=T(
            "You shuffled the training rows. The model has partly memorised those customers, noise "
            "included, so shuffling any column it split on hurts: the random column looks useful and "
            "the ranking describes what the model remembers, not what it uses to score new customers. "
            "Measure on `X_test`, the customers it has never seen.",
            "你打乱的是训练行。模型已经部分记住了这些客户（连同噪声），所以打乱任何它用来分裂过的列都会让分数下降："
            "随机列看起来也有用，排名反映的是模型记住了什么，而不是它给新客户打分时用了什么。请在 `X_test`，"
            "也就是模型从未见过的客户上衡量。")),
        Misconception("impurity", fn=_impurity, message=T(
            "You returned `model.feature_importances_`, the impurity importance: the mean decrease of "
            "impurity over the training splits. It is computed on the training rows, it is biased "
            "toward continuous and many-valued columns (the random column gets a real share) and it "
            "measures no metric at all. The task asks for the drop of average precision when a "
            "column is shuffled on held-out rows.",
            "你返回的是 `model.feature_importances_`，即基于不纯度的重要性：训练集各次分裂上不纯度下降的平均值。"
            "它在训练行上计算，偏向连续和取值多的列（随机列也能分到实实在在的一份）"
            "，也不对应任何评估指标。题目要求的是在"
            "留出行上打乱某列后平均精确率的下降。")),
        Misconception("accuracy", fn=_accuracy, message=T(
            "You left `scoring` at its default, the classifier's accuracy. With a fifth of customers "
            "high value, accuracy hardly moves when a column is shuffled (most predictions stay 'not "
            "high value'), so the importances are tiny and noisy. Measure the metric the campaign "
            "uses: `scoring=\"average_precision\"`.",
            "你让 `scoring` 保持默认，即分类器的准确率。高价值客户只占约五分之一，打乱一列时准确率几乎不变（大多数预测"
            "仍是“非高价值”），于是重要性又小又嘈杂。请用营销真正使用的指标：`scoring=\"average_precision\"`。")),
    ],
)


# =========================================================================================
# 2. beats_noise: a random column as the bar
# =========================================================================================
def _beats_noise_cases(seed):
    if seed == PUBLIC_SEED:
        yield Case((pd.Series({"monetary": 0.031, "recency": 0.124, "return_rate": -0.003, "random": 0.004,
                               "frequency": 0.052, "city_tier": 0.001}, name="importance"),), label=T(
            "permutation importances of six columns, the random one among them",
            "六列的置换重要性，其中包括随机列"))
        yield Case((pd.Series({"tenure_days": 0.09, "noise": 0.06, "recency": 0.21, "city_tier": 0.06,
                               "views_per_order": 0.07, "return_rate": 0.02}),), {"noise": "noise"}, label=T(
            "impurity importances (all positive) with the noise column called 'noise'; one feature ties "
            "with it exactly",
            "基于不纯度的重要性（全为正），噪声列名为 'noise'；有一个特征与它恰好相等"))
        yield Case((pd.Series({"frequency": -0.001, "random": -0.004, "monetary": 0.015,
                               "category_breadth": -0.02}),), label=T(
            "the random column's importance is negative; one feature is less negative, one much more",
            "随机列的重要性为负；一个特征负得少一些，另一个负得多得多"))
        yield Case((pd.Series({"random": 0.05, "age": 0.01, "city_tier": 0.0}),), label=T(
            "no feature beats the random column", "没有特征胜过随机列"))
        return
    rng = np.random.default_rng(seed)
    names = list(FEATURES) + ["random"]
    for _ in range(2):
        importances = pd.Series(rng.normal(0.01, 0.03, len(names)).round(4), index=rng.permutation(names))
        importances[rng.choice(FEATURES)] = importances["random"]  # a tie with the noise
        yield Case((importances,), label=T("random importances", "随机的重要性"))


def _above_zero(importances, noise="random"):
    kept = importances.drop(noise)
    return kept[kept > 0].sort_values(ascending=False, kind="stable").index.tolist()


def _keeps_noise(importances, noise="random"):
    return importances[importances >= importances[noise]].sort_values(ascending=False, kind="stable").index.tolist()


def _absolute(importances, noise="random"):
    size = importances.abs()
    kept = size.drop(noise)
    return kept[kept > size[noise]].sort_values(ascending=False, kind="stable").index.tolist()


def _ties_count(importances, noise="random"):
    kept = importances.drop(noise)
    return kept[kept >= importances[noise]].sort_values(ascending=False, kind="stable").index.tolist()


def _given_order(importances, noise="random"):
    kept = importances.drop(noise)
    return kept[kept > importances[noise]].index.tolist()


BEATS_NOISE = FunctionQuestion(
    id="fi.beats_noise",
    level="junior",
    follow_ups=[
        T("Why is a random column a better bar than zero?", "为什么随机列比零更适合作为门槛？"),
        T("One run puts a feature just above the noise. What would you do before dropping or keeping it?",
          "某次运行中一个特征刚好略高于噪声。在决定去留之前你会怎么做？"),
    ],
    title=T("Keep what beats the noise", "只保留胜过噪声的特征"),
    prompt=T(
        "Write `beats_noise(importances, noise=\"random\")`: given a Series of importances (index: "
        "feature names) that includes the random-noise column `noise`, return the list of the "
        "features whose importance is **strictly greater** than the noise column's, **largest "
        "first**. The noise column itself is never in the list.",
        "请编写 `beats_noise(importances, noise=\"random\")`："
        "输入一个重要性 Series（索引为特征名），其中包含随机噪声列 "
        "`noise`；返回重要性**严格大于**噪声列的特征名列表，**从大到小**排列。噪声列本身永远不在列表中。"),
    hints=[
        T("Read the bar first: `bar = importances[noise]`; then drop the noise column.",
          "先取出门槛：`bar = importances[noise]`；再去掉噪声列。"),
        T("`kept[kept > bar].sort_values(ascending=False).index.tolist()`.",
          "`kept[kept > bar].sort_values(ascending=False).index.tolist()`。"),
    ],
    points=1,
    reference=sol.beats_noise,
    cases=_beats_noise_cases,
    rules=[
        Rule("strictly_greater", T("strictly greater: a tie with the noise does not count",
                                   "严格大于：与噪声相等不算"), _ties_count, case="ties with it"),
        Rule("largest_first", T("largest first", "从大到小"), _given_order),
    ],
    misconceptions=[
        Misconception("above_zero", fn=_above_zero, message=T(
            "You kept every feature above zero. Zero is not the bar: on training data and for impurity "
            "importance every column, pure noise included, gets a positive share, and even held-out "
            "permutation importance wobbles around zero by chance. A feature earns its place by beating "
            "the random column measured the same way.",
            "你保留了所有大于零的特征。零不是门槛：在训练数据上、以及对基于不纯度的重要性而言，每一列（包括纯噪声）都会"
            "分到正的份额；即使是留出数据上的置换重要性，也会因偶然在零附近波动。一个特征要胜过用同样方法衡量的随机列，"
            "才算站得住。")),
        Misconception("keeps_noise", fn=_keeps_noise, message=T(
            "Your list contains the noise column itself. It is the bar, not a candidate: a model that "
            "keeps a column of random numbers as a feature only adds variance.",
            "你的列表里包含了噪声列本身。它是门槛而不是候选特征：把一列随机数留作特征，只会给模型增加方差。")),
        Misconception("absolute", fn=_absolute, message=T(
            "You compared absolute values. A negative permutation importance means the model scored "
            "*better* with the column shuffled: the column is noise (or harmful) to this model, however "
            "large the number. Compare the signed importances.",
            "你比较的是绝对值。置换重要性为负，说明打乱这一列后模型的分数反而*更好*："
            "不管数值多大，这一列对该模型都是噪声"
            "（甚至有害）。请比较带符号的重要性。")),
    ],
)


# =========================================================================================
# 3. top_driver: each customer's largest SHAP contribution (model output)
# =========================================================================================
def _boosting(seed=0, **options):
    return GradientBoostingClassifier(n_estimators=40, max_depth=3, random_state=seed, **options)


def _driver_cases(seed):
    if seed == PUBLIC_SEED:
        X, y = _shipped(0, 900)
        model = _boosting().fit(X.iloc[:800], y.iloc[:800])
        yield Case((model, X.iloc[800:840]), label=T(
            "a gradient-boosted model (40 trees of depth 3) fitted on 800 customers of the shipped table; "
            "explain 40 other customers",
            "在随附的客户表中 800 位客户上拟合的梯度提升模型（40 棵深度为 3 的树）；解释另外 40 位客户"))
        X, y = _shipped(900, 1500)
        model = _boosting(1, learning_rate=0.2, subsample=0.8).fit(X.iloc[:500], y.iloc[:500])
        yield Case((model, X.iloc[500:600].set_index(pd.RangeIndex(5000, 5100))), label=T(
            "another boosted model (learning rate 0.2, subsample 0.8); 100 customers whose index starts at 5000",
            "另一个梯度提升模型（学习率 0.2、subsample 0.8）；100 位客户，索引从 5000 开始"))
        return
    X, y = _variant(seed, 700)
    model = _boosting(seed).fit(X.iloc[:600], y.iloc[:600])
    yield Case((model, X.iloc[600:]), label=_variant_label(seed, 100))


def _contributions(model, X):
    return pd.DataFrame(shap.TreeExplainer(model).shap_values(X), index=X.index, columns=X.columns)


def _pushes_up(model, X):
    return _contributions(model, X).idxmax(axis=1).rename("top_driver")


def _global_driver(model, X):
    contributions = _contributions(model, X)
    return pd.Series(contributions.abs().mean().idxmax(), index=X.index, name="top_driver")


TOP_DRIVER = FunctionQuestion(
    id="fi.top_driver",
    level="mid",
    follow_ups=[
        T("The top driver of a customer is `recency`. Does sending her a coupon to make her buy now "
          "make her high value?",
          "某位客户的首要驱动因素是 `recency`。给她发优惠券让她现在就下单，能让她成为高价值客户吗？"),
        T("How do the base value and the SHAP values of one customer relate to her predicted probability?",
          "一位客户的基准值、SHAP 值与她的预测概率之间是什么关系？"),
    ],
    title=T("Each customer's top driver", "每位客户的首要驱动因素"),
    prompt=T(
        "Marketing asks, customer by customer, what moved the score most. Write `top_driver(model, X)`: "
        "for a fitted `GradientBoostingClassifier` and customers `X`, compute the SHAP values with "
        "`shap.TreeExplainer(model)` (on the model's log-odds) and return, for each row, the name of "
        "the column whose SHAP value is **largest in absolute value** (pushing up or down). Return a "
        "Series named `top_driver`, indexed like `X`.",
        "营销想逐个客户地知道：是什么最大程度地影响了分数。请编写 `top_driver(model, X)`：对一个已拟合的 "
        "`GradientBoostingClassifier` 和客户 `X`，用 `shap.TreeExplainer(model)` 计算 SHAP 值（在模型的对数几率上），"
        "对每一行返回 SHAP 值**绝对值最大**（向上推或向下拉）的列名。"
        "返回名为 `top_driver` 的 Series，索引与 `X` 相同。"),
    hints=[
        T("`values = shap.TreeExplainer(model).shap_values(X)` is an array with one row per customer and "
          "one column per feature.",
          "`values = shap.TreeExplainer(model).shap_values(X)` 是一个数组：每位客户一行，每个特征一列。"),
        T("Put it in a DataFrame with `X`'s index and columns, then `.abs().idxmax(axis=1)`.",
          "把它放进一个使用 `X` 的索引和列名的 DataFrame，然后 `.abs().idxmax(axis=1)`。"),
    ],
    points=2,
    reference=sol.top_driver,
    cases=_driver_cases,
    rules=[Rule("absolute", T("largest in absolute value (up or down)", "绝对值最大（向上或向下）"),
                _pushes_up, misconception="pushes_up")],
    misconceptions=[
        Misconception("pushes_up", fn=_pushes_up, message=T(
            "You took the largest *signed* SHAP value, the strongest push up. For a customer the model "
            "scores low, the story is what pulled her down (a long time since her last order, many "
            "returns); the largest positive value may be a tiny push. Take the largest absolute value.",
            "你取的是*带符号*的最大 SHAP 值，也就是最强的向上推力。对一位被模型打了低分的客户，关键是什么把她拉了下来"
            "（距上次下单很久、退货很多）；最大的正值可能只是一点点推力。请取绝对值最大的那个。")),
        Misconception("global_driver", fn=_global_driver, message=T(
            "You gave every customer the same driver, the feature with the largest mean |SHAP| over all "
            "rows. That is a global importance; marketing asked about each customer, and two customers "
            "with the same score can have different reasons. Take the largest |SHAP| row by row.",
            "你给每位客户都返回了同一个驱动因素：在所有行上平均 |SHAP| 最大的特征。"
            "那是全局重要性；营销问的是每一位客户，"
            "而分数相同的两位客户，原因可能完全不同。请逐行取 |SHAP| 最大的特征。")),
    ],
)


# =========================================================================================
# 4. Choice questions
# =========================================================================================
NOISE = ChoiceQuestion(
    id="fi.noise_column",
    level="mid",
    follow_ups=[
        T("Would a random column with only two values get as much impurity importance? Why?",
          "如果随机列只有两个取值，它还会得到这么多基于不纯度的重要性吗？为什么？"),
        T("How would you make impurity importance less misleading?", "怎样让基于不纯度的重要性少一些误导？"),
    ],
    name="noise_choice",
    title=T("Why does a random column look important?", "为什么随机列看起来很重要？"),
    prompt=T("A forest of fully grown trees gives a column of random numbers a clearly non-zero impurity "
             "importance (`feature_importances_`), while its permutation importance on held-out customers "
             "is about zero. Why?",
             "一个由充分生长的树组成的随机森林，"
             "给一列随机数分配了明显不为零的基于不纯度的重要性（`feature_importances_`），"
             "而它在留出客户上的置换重要性约为零。为什么？"),
    options={
        "a": T("The random column happens to correlate with the label in this sample, so it really does help "
               "the forest predict new customers.",
               "在这份样本里随机列碰巧与标签相关，所以它确实能帮助随机森林预测新客户。"),
        "b": T("Impurity importances are normalised to sum to one, so every column must receive the same "
               "minimum share whatever it contains.",
               "基于不纯度的重要性被归一化为总和为一，所以无论内容如何，每一列都必须分到同样的最低份额。"),
        "c": T("It is credited on the training splits: a continuous column offers many thresholds, and deep "
               "trees use them to fit noise.",
               "它是在训练集的分裂上衡量的：连续列提供大量阈值，深树用它们去拟合训练行中的噪声。"),
        "d": T("Permutation importance cannot see continuous columns, because shuffling a continuous column "
               "leaves its distribution unchanged.",
               "置换重要性看不到连续列，因为打乱一个连续列不会改变它的分布。"),
    },
    answer=sol.NOISE_RULE,
    explanations={
        "a": T("If it helped on new customers, its held-out permutation importance would be positive; it is "
               "about zero.", "如果它对新客户有帮助，它在留出数据上的置换重要性就会是正的；而实际上约为零。"),
        "b": T("They do sum to one, but there is no minimum share: a column never used in a split gets exactly "
               "zero.", "它们的总和确实为一，但没有最低份额：从未被用于分裂的列得到的正好是零。"),
        "c": T("Impurity decrease is credited on the rows the trees were grown on; many candidate thresholds "
               "give noise many chances to look useful there.",
               "不纯度的下降是在树生长所用的行上记账的；候选阈值越多，噪声在那里看起来有用的机会就越多。"),
        "d": T("Shuffling keeps the distribution but breaks the link between the column and each customer's "
               "label, which is exactly what it measures.",
               "打乱保留了分布，但切断了该列与每位客户标签之间的联系，这正是置换重要性衡量的东西。"),
    },
    hints=[T("On which rows is the impurity decrease credited?", "不纯度的下降是在哪些行上记账的？")],
)

DUPLICATE = ChoiceQuestion(
    id="fi.duplicate",
    level="mid",
    follow_ups=[
        T("How would you report the importance of a group of correlated features?",
          "你会如何报告一组相关特征的重要性？"),
        T("Does dropping one of the two copies hurt the model?", "删掉两个副本中的一个，会损害模型吗？"),
    ],
    name="duplicate_choice",
    title=T("A feature and its copy", "一个特征和它的副本"),
    prompt=T("You add `recency_copy`, an exact copy of `recency` (the strongest feature), and refit the "
             "forest. What happens to the importances?",
             "你加入 `recency_copy`（`recency` 这个最强特征的完全副本），然后重新拟合随机森林。重要性会怎样变化？"),
    options={
        "a": T("Nothing changes for `recency`; the copy gets zero importance because it brings no "
               "information that the forest does not already have.",
               "`recency` 的重要性不变；副本得到零，因为它没有带来任何随机森林尚未拥有的新信息，"
               "不会被用于分裂。"),
        "b": T("They share the credit: each copy gets less than `recency` had alone, and shuffling one hurts "
               "little while the other is intact.",
               "两个副本分摊功劳：每个都比单独的 `recency` 少；另一个完好时，打乱其中一个损失不大。"),
        "c": T("Both copies get the full importance `recency` had alone, so the total importance of the "
               "model's features doubles.",
               "两个副本都得到 `recency` 单独时的全部重要性，于是模型各特征的重要性总和翻倍。"),
        "d": T("The forest fails to fit: scikit-learn rejects exactly collinear columns as it does for "
               "ordinary least squares.",
               "随机森林无法拟合：scikit-learn 会像普通最小二乘那样拒绝完全共线的列。"),
    },
    answer=sol.DUPLICATE_RULE,
    explanations={
        "a": T("Each split picks among the sampled columns; the copies win splits in turn, so both get credit.",
               "每次分裂在抽样到的列中选择；两个副本轮流胜出，所以都会分到功劳。"),
        "b": T("Credit is split between interchangeable columns, and permutation importance drops further "
               "because the model can fall back on the intact copy. Neither number alone says the "
               "information matters.",
               "功劳在可相互替代的列之间被分摊；置换重要性下降得更多，因为模型可以依靠完好的副本。单看任何一个数字，"
               "都看不出这份信息有多重要。"),
        "c": T("Impurity importances still sum to one, and the splits are shared, not duplicated.",
               "基于不纯度的重要性总和仍然为一，分裂是被分摊的，而不是被复制的。"),
        "d": T("Trees do not invert a matrix; identical columns are legal and simply compete for splits.",
               "树模型不做矩阵求逆；相同的列完全合法，只是在分裂时相互竞争。"),
    },
    hints=[T("At each split the forest chooses one column. Which one, when two are identical?",
             "每次分裂随机森林只选一列。当两列完全相同时，它会选哪一列？")],
)

COEFFICIENTS = ChoiceQuestion(
    id="fi.coefficients",
    level="junior",
    follow_ups=[
        T("What does a logistic regression's coefficient tell you, and what must be true of the features "
          "before you compare two coefficients?",
          "逻辑回归的系数告诉你什么？在比较两个系数之前，特征需要满足什么条件？"),
        T("Which number from a fitted forest would you show instead, and computed on which rows?",
          "你会改用拟合好的随机森林给出的哪个数字？在哪些行上计算？"),
    ],
    name="coefficients_choice",
    title=T("\"Model coefficients\" of a random forest", "随机森林的“模型系数”"),
    prompt=T("The original answer to interview question 1 says: train a random forest and evaluate the "
             "features through the model coefficients. What is wrong with that?",
             "原题第 1 问的答案说：训练一个随机森林，通过模型系数评估特征的重要性。这句话错在哪里？"),
    options={
        "a": T("Nothing: `feature_importances_` are the forest's coefficients, signed like a regression's "
               "and in the label's units.",
               "没有错：`feature_importances_` 就是随机森林的系数，像回归系数一样带符号，并且以标签的单位"
               "来表示。"),
        "b": T("Only the wording: the coefficients exist but are stored as `coef_`, and scaling the "
               "features first makes them comparable across features.",
               "只是用词问题：系数是存在的，只不过存放在 `coef_` 里，先对特征做标准化就能让它们在不同特征之间"
               "可比。"),
        "c": T("A forest does have coefficients, but only for the features used in the first split of each "
               "tree, so most are zero.",
               "随机森林确实有系数，但只针对每棵树第一次分裂用到的特征，所以大多数系数为零。"),
        "d": T("A forest has no coefficients; `feature_importances_` is an unsigned, biased impurity share "
               "on training rows.",
               "随机森林没有系数；`feature_importances_` 是训练行上不带符号、有偏的不纯度份额。"),
    },
    answer=sol.COEFFICIENTS_RULE,
    explanations={
        "a": T("Impurity shares are non-negative and sum to one; they say neither direction nor size of an "
               "effect.", "不纯度份额非负且总和为一；它既不表示效应的方向，也不表示大小。"),
        "b": T("`RandomForestClassifier` has no `coef_`; scaling changes nothing for trees.",
               "`RandomForestClassifier` 没有 `coef_`；标准化对树模型没有任何影响。"),
        "c": T("There are no coefficients at all; every split of every tree contributes to the impurity "
               "shares.", "根本没有系数；每棵树的每一次分裂都会计入不纯度份额。"),
        "d": T("Coefficients belong to linear models; a forest's built-in importance is the mean impurity "
               "decrease on its training rows, with the biases of section 2.",
               "系数属于线性模型；随机森林内置的重要性是训练行上不纯度下降的平均值，带有第 2 节所示的偏差。"),
    },
    hints=[T("Look for `coef_` on a fitted `RandomForestClassifier`.",
             "在一个拟合好的 `RandomForestClassifier` 上找找 `coef_`。")],
)

SEED_CODE = ChoiceQuestion(
    id="fi.seed_code",
    level="junior",
    follow_ups=[
        T("What happens when you run the script as it is?", "按原样运行这段脚本会发生什么？"),
        T("Rewrite the script so that its ranking can be trusted.", "重写这段脚本，让它给出的排名值得信任。"),
    ],
    name="seed_code_choice",
    title=T("Review the original coding task 5", "审查原题编程题 5"),
    prompt=T("The original answer to coding task 5 (feature importance) imports pandas and "
             "`RandomForestClassifier`, splits with `train_test_split(X, y, test_size=0.2, random_state=42)`, "
             "fits `RandomForestClassifier(n_estimators=100, random_state=42)` on `X_train`, and prints "
             "`model.feature_importances_` sorted. Which are real defects? Select every one that applies.",
             "原题编程题 5（特征重要性）的答案导入了 pandas 和 `RandomForestClassifier`，用 "
             "`train_test_split(X, y, test_size=0.2, random_state=42)` 划分数据，在 `X_train` 上拟合 "
             "`RandomForestClassifier(n_estimators=100, random_state=42)`，然后打印排序后的 "
             "`model.feature_importances_`。哪些是真正的缺陷？请选出所有符合的选项。"),
    options={
        "a": T("`train_test_split` is never imported, so the script stops with a `NameError` before any "
               "model is fitted.",
               "`train_test_split` 从未导入，所以脚本在拟合任何模型之前就以 `NameError` 中止。"),
        "b": T("`feature_importances_` must be divided by `n_estimators` before sorting, or else the "
               "ranking is scaled wrongly across trees.",
               "`feature_importances_` 在排序前必须除以 `n_estimators`，否则排名的尺度不对。"),
        "c": T("`random_state=42` in the forest makes its importances biased toward the first columns of "
               "the data frame.",
               "随机森林中的 `random_state=42` 会让重要性偏向数据框靠前的列。"),
        "d": T("It ranks by impurity on the training rows and never uses its held-out split: noisy "
               "columns can rank high.",
               "它按训练行上的不纯度排名，从未用到自己划分出的留出集：连续或嘈杂的列可能排得很靠前。"),
    },
    answer=sol.SEED_CODE_RULE,
    explanations={
        "a": T("The import list has pandas and the forest only; the split line raises `NameError`.",
               "导入列表里只有 pandas 和随机森林；划分那一行会抛出 `NameError`。"),
        "b": T("scikit-learn already averages over the trees and normalises the shares to sum to one.",
               "scikit-learn 已经对所有树取平均，并把份额归一化为总和为一。"),
        "c": T("A seed makes the run reproducible; it does not favour any column's position.",
               "随机种子让运行可以复现；它不会偏向任何位置的列。"),
        "d": T("The test split is made and then ignored; importance that matters is measured on it, e.g. "
               "by permutation.",
               "测试集划分出来后就被晾在一边；真正有意义的重要性应在它上面衡量，例如用置换重要性。"),
    },
    hints=[T("Run the imports in your head, then ask on which rows the ranking is computed.",
             "在脑子里把导入语句跑一遍，再问问排名是在哪些行上算出来的。")],
)


# =========================================================================================
# 5. Interview questions
# =========================================================================================
SELECTION = OpenQuestion(
    id="fi.selection",
    level="mid",
    follow_ups=[
        T("Where in cross-validation does the selection step belong, and why?",
          "特征选择这一步应该放在交叉验证的哪个位置？为什么？"),
        T("Chi-squared or mutual information for `recency`? Why?", "对 `recency` 用卡方还是互信息？为什么？"),
    ],
    name="selection_answer",
    title=T("Interview: choosing the features that matter", "面试题：挑选真正重要的特征"),
    prompt=T("Original interview question 1: given a data set of e-commerce customer features, how do you "
             "select the features that matter most for customer value assessment? (The original answer: "
             "information gain, gain ratio or chi-squared; a random forest's 'model coefficients'; AutoML.)",
             "原题第 1 问：给定一个电商客户特征数据集，如何选择对客户价值评估最重要的特征？（题库原文的答案：信息增益、"
             "增益率或卡方检验；随机森林的“模型系数”；自动机器学习（AutoML）。）"),
    model_answer=T(
        sol.SELECTION_ANSWER,
        "先从业务问题和快照日出发：只有在快照日已知的特征才是候选，"
        "任何由标签窗口算出来的东西都是数据泄漏，不管它的分数多高。"
        "然后做低成本的筛选：去掉常数列和近似重复的列，看相关性，"
        "用单变量过滤方法，例如对任意类型特征用互信息（信息增益），"
        "对非负的计数和类别特征、针对类别标签用卡方检验；过滤方法快，"
        "但逐个特征单独评判，会漏掉交互作用、保留冗余的特征对。"
        "更有力的检验是模型本身：在训练数据上拟合，在留出数据上（或在交叉验证中）"
        "衡量置换重要性，并以一列随机噪声作为特征必须"
        "越过的门槛；然后删掉候选特征，确认验证分数（营销名单用平均精确率）"
        "没有下降，或者在交叉验证的流水线内部做 RFE / 顺序"
        "选择，让选择过程永远看不到验证折。题库原文中“通过随机森林的模型系数评估特征”是错的：随机森林没有系数；"
        "feature_importances_ 是训练行上不纯度下降的平均值，"
        "不带符号，偏向连续和高基数特征，还会在相关特征之间分摊功劳。"
        "系数属于线性模型，即便在线性模型里，系数也取决于特征的尺度和与之相关的其他特征。"
        "AutoML 工具只是把同样的步骤自动化，"
        "并不能免去检查泄漏、在留出（最好是更晚时期的）数据上验证的必要。"
        "最后，重要性说的是模型，而不是因果：模型不需要的特征，"
        "对业务可能依然重要。"),
    rubric=[
        (T("Only features known at the snapshot; leakage ruled out first",
           "只用快照日已知的特征；先排除数据泄漏"), 1.0),
        (T("Filters (mutual information / information gain, chi-squared) with what each is for and their "
           "limits (univari"
           "ate, redundancy)", "过滤方法（互信息/信息增益、卡方）及各自适用场景和局限（单变量、冗余）"), 1.0),
        (T("Model-based importance on held-out data (permutation), with a noise baseline, confirmed by the "
           "validation score; selection inside cross-validation",
           "基于模型、在留出数据上的重要性（置换），以噪声列为基线，并用验证分数确认；选择放在交叉验证内部"), 1.0),
        (T("Corrects the original answer: a forest has no coefficients; impurity importance is biased and "
           "splits credit between correlated features",
           "纠正题库原文：随机森林没有系数；基于不纯度的重要性有偏，还会在相关特征之间分摊功劳"), 1.0),
    ],
    hints=[T("Three steps: what may enter at all, a cheap screen, and a test on held-out data.",
             "三步：哪些特征有资格进入、低成本的筛选、在留出数据上的检验。")],
    points=4,
)

MARKETING = OpenQuestion(
    id="fi.marketing",
    level="senior",
    follow_ups=[
        T("Marketing wants to raise customers' scores. What do you say?", "营销想提高客户的分数。你怎么回应？"),
        T("Two customers have the same score but different drivers. What would you offer each?",
          "两位客户分数相同但驱动因素不同。你会分别给他们什么方案？"),
    ],
    name="marketing_answer",
    title=T("Interview: explaining a score to marketing", "面试题：向营销解释一个分数"),
    prompt=T("A marketing manager asks why customer 1042 got a high-value score of 0.83 and what the team "
             "should do with it. How do you explain the score, and what do you warn them about?",
             "一位营销经理问：为什么客户 1042 的高价值分数是 0.83，团队应该据此做什么？你如何解释这个分数？又会提醒他们"
             "注意什么？"),
    model_answer=T(
        sol.MARKETING_ANSWER,
        "先说清分数是什么：模型根据过去的客户学到的、这位客户在未来六个月成为头部消费者的可能性估计；它用来给客户排序，"
        "不承诺收入。再讲这位客户的驱动因素，来自模型对数几率上的 SHAP 值："
        "从平均客户的分数出发，她最近的购买、较多的订单和"
        "消费额各把分数推高了多少，较高的退货率把分数拉低了多少；"
        "这些推力加起来恰好等于她的分数。用通俗的语言，讲两三个驱动"
        "因素，不要甩出一张二十行的表。然后说清它不代表什么：这些是模型里的原因，"
        "不是因果；发一张优惠券让她的 recency 变小，"
        "并不会让她成为头部消费者；贡献小的特征对业务也可能重要。相关特征会分摊功劳，"
        "所以 frequency 和 monetary 最好放在一起解读。"
        "解释的质量取决于模型：要确认模型在留出数据上的表现，"
        "并让个体解释与全局图景（置换重要性、部分依赖）保持一致。最后落到"
        "行动和衡量上：哪个客户群或哪种信息适合这些驱动因素，"
        "并用 A/B 测试或增量（uplift）模型去了解触达这类客户是否真的改变了"
        "他们的行为。"),
    rubric=[
        (T("Says what the score is (a ranked probability of a future-window label), in plain words",
           "用通俗的话说明分数是什么（对未来窗口标签的概率，用于排序）"), 1.0),
        (T("Explains the customer's drivers with SHAP: contributions from a base value that add up to the "
           "score", "用 SHAP 解释这位客户的驱动因素：从基准值出发、加起来等于分数的贡献"), 1.0),
        (T("Warns that drivers are not causes; changing a feature need not change behaviour; correlated "
           "features share credit", "提醒驱动因素不是因果；改变某个特征不一定改变行为；相关特征会分摊功劳"), 1.0),
        (T("Turns it into action with measurement (segment/message, A/B test or uplift)",
           "落到可衡量的行动上（客户群/信息、A/B 测试或增量模型）"), 1.0),
    ],
    hints=[T("Three parts: what the number is, why this customer got it, what it does not tell you.",
             "三部分：这个数字是什么、为什么这位客户得到它、它不能告诉你什么。")],
    points=4,
)


QUESTIONS = [HELDOUT, BEATS_NOISE, NOISE, DUPLICATE, TOP_DRIVER, COEFFICIENTS, SEED_CODE, SELECTION, MARKETING]
