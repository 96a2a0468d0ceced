"""Questions of notebook 04: preprocessing (scaling, outliers, encoding, PCA, t-SNE) and feature selection.

References live in ``solutions/04_preprocessing.py``. Public cases are hand-built edge cases
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
)
from grader.registry import solutions
from grader.tables import CATEGORICAL_FEATURES, LABEL, NUMERIC_FEATURES, TARGET_SPEND, variant_table

#: the frames this notebook's questions work from: an assignment ships the customer table
INPUT_FRAMES = ("customer_table",)
sol = solutions("04")

#: customers per generated shop for function questions (about 70% are active: ~280 rows)
N_SMALL = 400
#: customers per generated shop for the model question (~1,050 rows)
N_MODEL = 1500
#: numeric features without missing values (PCA and selection need complete columns)
COMPLETE_NUMERIC = [c for c in NUMERIC_FEATURES if c not in ("age", "mean_days_between_orders")]
#: the heavy-tailed spend columns
SPEND = ["monetary", "avg_order_value"]


def _generated(n, what_en="", what_zh=""):
    return T(f"a generated shop of {n} customers{what_en}", f"一个随机生成的、含 {n} 位客户的商店{what_zh}")


def _split(table, seed, share=0.3):
    test = np.random.default_rng(seed).random(len(table)) < share
    return table[~test], table[test]


# =========================================================================================
# 1. scale_matters (choice)
# =========================================================================================
SCALE = ChoiceQuestion(
    id="pp.scale_matters",
    level="mid",
    follow_ups=[
        T("Why does a k-nearest-neighbours model change even with StandardScaler kept after the log?",
          "为什么即使对数变换之后仍保留 StandardScaler，k 近邻模型的结果也会变？"),
        T("When would you still transform spend before a tree model?",
          "什么情况下你仍会在树模型之前变换消费金额？"),
    ],
    name="scale_matters",
    title=T("Which models does a log of spend change?", "对消费取对数会改变哪些模型？"),
    prompt=T("Three pipelines score the same customers: k-nearest neighbours, a logistic regression and "
             "a histogram gradient boosting model, each with `StandardScaler` on the numeric columns. You "
             "put `np.log1p` in front of the scaler for `monetary` and `avg_order_value`. Whose "
             "predictions can change?",
             "三条流水线给同一批客户打分：k 近邻、逻辑回归和直方图梯度提升，它们都对数值列使用 `StandardScaler`。"
             "你在 `monetary` 和 `avg_order_value` 的缩放器前加上 `np.log1p`。哪些模型的预测可能改变？"),
    options={
        "a": T("All three: each model now receives different numbers, so every prediction can move.",
               "三个都会：每个模型收到的数字都变了，所以每个预测都可能变化。"),
        "b": T("Only k-NN: logistic regression learns a weight per column and so absorbs any rescaling.",
               "只有 k 近邻：逻辑回归为每一列学习一个权重，因此能吸收任何缩放。"),
        "c": T("k-NN and logistic regression; the boosted trees split on the order of values, which "
               "the log keeps.",
               "k 近邻和逻辑回归；提升树按取值的顺序分裂，而对数变换保持了这个顺序。"),
        "d": T("Only gradient boosting: its histogram bins are cut on the raw values, the others rescale.",
               "只有梯度提升：它的直方图分箱是按原始值切分的，其他模型都会重新缩放。"),
    },
    answer=sol.SCALE_MATTERS,
    explanations={
        "a": T("A tree only asks 'is the value above a threshold?'; a monotone transform changes the "
               "threshold, not which customers fall on each side, so its predictions stay the same.",
               "树只问“取值是否超过某个阈值？”；单调变换改变的是阈值，而不是哪些客户落在阈值两侧，所以预测不变。"),
        "b": T("A weight absorbs a *linear* rescaling only; the log changes the shape of the "
               "relation (a whale no longer sits 30 standard deviations out), so the fit changes.",
               "权重只能吸收*线性*缩放；对数改变了关系的形状（大客户不再远在 30 个标准差之外），所以拟合会变。"),
        "c": T("Distances and linear scores depend on the values themselves; tree splits depend only "
               "on their order, which any increasing transform keeps.",
               "距离和线性得分取决于取值本身；树的分裂只取决于取值的顺序，而任何递增变换都保持顺序。"),
        "d": T("The bins are quantiles of the training values: an increasing transform puts every "
               "customer in the same bin, so gradient boosting is the one model that does not change.",
               "分箱是训练值的分位数：递增变换让每位客户落在同一个箱里，所以梯度提升恰恰是唯一不变的模型。"),
    },
    hints=[T("For each model ask: does it use the values themselves (distances, weighted sums) or "
             "only their order (thresholds)?",
             "对每个模型问一句：它用的是取值本身（距离、加权和），还是只用取值的顺序（阈值）？")],
)


# =========================================================================================
# 2. winsorise
# =========================================================================================
_WIN_TRAIN = pd.DataFrame({
    "customer_id": [1, 2, 3, 4, 5, 6],
    "monetary": [120.0, 80.0, 15000.0, 300.0, np.nan, 95.0],
    "avg_order_value": [60.0, 40.0, 7500.0, 100.0, 55.0, 95.0],
    "region": pd.Series(["North", "South", "East", "North", None, "West"], dtype="str"),
    "future_spend": [0.0, 50.0, 9000.0, 120.0, 0.0, 30.0],
}, index=[10, 11, 12, 13, 14, 15])
_WIN_TEST = pd.DataFrame({
    "customer_id": [7, 8, 9],
    "monetary": [40000.0, 10.0, 200.0],
    "avg_order_value": [20000.0, 5.0, np.nan],
    "region": pd.Series(["South", "East", "North"], dtype="str"),
    "future_spend": [25000.0, 0.0, 60.0],
}, index=[20, 21, 22])


def _win_cases(seed):
    yield Case((_WIN_TRAIN, _WIN_TEST, SPEND, 0.1), label=T(
        "six training and three test customers, q = 0.1: one whale in train, a bigger one in test, "
        "a missing value in each frame",
        "六位训练客户、三位测试客户，q = 0.1：训练集里有一位大客户，测试集里有一位更大的，两个表各有一个缺失值"))
    train, test = _split(variant_table(seed, N_SMALL), seed)
    yield Case((train, test, SPEND + ["views_per_order"], 0.01), label=_generated(
        N_SMALL, ", split 70/30; every column of the customer table, q = 0.01",
        "，按 70/30 拆分；客户表的全部列，q = 0.01"))
    yield Case((train, test, ["return_rate"], 0.05), label=_generated(
        N_SMALL, ", the same split, return_rate only, q = 0.05", "，同样的拆分，只处理 return_rate，q = 0.05"))


def _clip_with(train, test, columns, q, bounds_from):
    low, high = bounds_from[columns].quantile(q), bounds_from[columns].quantile(1 - q)
    return tuple(f.assign(**{c: f[c].clip(low[c], high[c]) for c in columns}) for f in (train, test))


def _pooled_bounds(train, test, columns, q=0.01):
    return _clip_with(train, test, columns, q, pd.concat([train, test]))


def _refit_on_test(train, test, columns, q=0.01):
    return _clip_with(train, train, columns, q, train)[0], _clip_with(test, test, columns, q, test)[1]


def _label_clipped(train, test, columns, q=0.01):
    numeric = [c for c in train.select_dtypes("number").columns if train[c].dtype != bool]
    return _clip_with(train, test, numeric, q, train)


WINSORISE = FunctionQuestion(
    id="pp.winsorise",
    level="mid",
    follow_ups=[
        T("Why must the bounds come from the training rows only?",
          "为什么截断边界只能来自训练行？"),
        T("A customer spends 40,000 next month. What does your model see, and what does the "
          "campaign report see?",
          "某位客户下个月消费了 40,000。你的模型看到的是什么？营销报告看到的又是什么？"),
        T("How would you put this step inside a scikit-learn pipeline?",
          "你会如何把这一步放进 scikit-learn 流水线？"),
    ],
    title=T("Winsorise with bounds learnt on training rows", "用训练行学到的边界做缩尾"),
    prompt=T(
        "Write `winsorise(train, test, columns, q=0.01)` returning new `(train, test)` frames in which "
        "each column of `columns` is clipped to its `q` and `1 - q` quantiles *in train* "
        "(`DataFrame.quantile`); every other column (ids, `future_spend`, the label) is unchanged, "
        "missing values stay missing, the index is kept.",
        "请编写 `winsorise(train, test, columns, q=0.01)`，返回新的 `(train, test)` 两个表：`columns` 中的"
        "每一列都截断到它在*训练集*上的 `q` 和 `1 - q` 分位数（`DataFrame.quantile`）之间；其余各列（编号、"
        "`future_spend`、标签）保持不变，缺失值仍为缺失，索引保留。"),
    hints=[
        T("Compute `low = train[columns].quantile(q)` and `high = train[columns].quantile(1 - q)` once.",
          "只计算一次 `low = train[columns].quantile(q)` 和 `high = train[columns].quantile(1 - q)`。"),
        T("Apply the same bounds to both frames: `frame[c].clip(low[c], high[c])`.",
          "对两个表使用同样的边界：`frame[c].clip(low[c], high[c])`。"),
        T("`frame.assign(**{c: frame[c].clip(low[c], high[c]) for c in columns})` for each frame.",
          "对每个表 `frame.assign(**{c: frame[c].clip(low[c], high[c]) for c in columns})`。"),
    ],
    reference=sol.winsorise,
    cases=_win_cases,
    compare_options={"rtol": 1e-9, "atol": 1e-9},
    rules=[
        Rule("train_bounds", T("the bounds come from the training rows only", "边界只来自训练行"),
             _pooled_bounds, misconception="pooled_bounds"),
        Rule("only_columns", T("only `columns` are clipped: never `future_spend` or the label",
                               "只截断 `columns`：绝不截断 `future_spend` 或标签"),
             _label_clipped, misconception="label_clipped"),
    ],
    misconceptions=[
        Misconception("pooled_bounds", fn=_pooled_bounds, message=T(
            "Your bounds come from train and test together. The test rows stand for customers you have "
            "not seen yet: their whales must not move the cap the model is trained with, and next "
            "month's batch cannot take part in this month's fit. Learn the quantiles on `train` alone "
            "and apply them to both frames.",
            "你的边界是由训练集和测试集合并后算出的。测试行代表你尚未见过的客户：他们中的大客户不能影响模型训练时的"
            "上限，下个月的批次也不可能参与这个月的拟合。请只在 `train` 上学习分位数，再用到两个表上。")),
        Misconception("refit_on_test", fn=_refit_on_test, message=T(
            "You clipped the test rows with quantiles of the test rows themselves. The model learnt "
            "what 'the cap' means on the training bounds; a scoring batch with its own bounds caps a "
            "different amount (and a batch of ten customers has absurd quantiles). Fit on train, "
            "apply to both.",
            "你用测试行自身的分位数截断了测试行。模型学到的“上限”是训练集的边界；打分批次使用自己的边界，截断的"
            "金额就不同了（十位客户的批次，其分位数更是毫无意义）。应在训练集上拟合，再用于两个表。")),
        Misconception("label_clipped", fn=_label_clipped, message=T(
            "You clipped columns outside `columns` — every numeric column, `future_spend` (the spend "
            "the label is computed from) and the ids among them. Clipping the target changes the "
            "question: the whales the campaign most wants to find now look like ordinary good "
            "customers, and the evaluation no longer counts their real value. Clip the listed "
            "features only.",
            "你截断了 `columns` 之外的列——所有数值列，包括 `future_spend`（计算标签所依据的消费）和编号。截断"
            "目标就改变了问题本身：营销最想找到的大客户现在看起来只是普通的好客户，评估也不再计入他们真实的价值。"
            "请只截断列出的特征。")),
    ],
)


# =========================================================================================
# 3. cross_fitted_encoding
# =========================================================================================
_ENC_CATEGORIES = pd.Series(
    ["North", "South", "North", "East", "South", "North", "East", "South", "North", "East",
     "South", "North", "Overseas", "East", "South", "North", "East", "South", "North", "East"],
    dtype="str", name="region", index=range(100, 120))
_ENC_Y = pd.Series([1, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0], index=range(100, 120),
                   name="high_value")


def _enc_cases(seed):
    yield Case((_ENC_CATEGORIES, _ENC_Y), label=T(
        "twenty customers in five regions; 'Overseas' appears once, so the other folds never saw it",
        "二十位客户分布在五个地区；'Overseas' 只出现一次，所以其他各折都没见过它"))
    table = variant_table(seed, N_SMALL)
    y = table[LABEL].astype("int64")
    yield Case((table["region"].fillna("missing"), y), label=_generated(
        N_SMALL, ": region, gaps as 'missing'", "：region，缺失值记为 'missing'"))
    yield Case((table["acquisition_channel"], y), label=_generated(
        N_SMALL, ": the acquisition channel", "：获客渠道"))


def _folds(categories, y):
    from sklearn.model_selection import StratifiedKFold

    return StratifiedKFold(n_splits=5, shuffle=True, random_state=0).split(categories.to_frame(), y)


def _in_sample_means(categories, y):
    means = y.groupby(categories.to_numpy()).mean()
    return categories.map(means).astype(float)


def _own_fold_means(categories, y):
    encoded = np.empty(len(categories))
    for _, rows in _folds(categories, y):
        part = y.iloc[rows]
        encoded[rows] = categories.iloc[rows].map(part.groupby(categories.iloc[rows].to_numpy()).mean())
    return pd.Series(encoded, index=categories.index, name=categories.name)


def _unseen_left_missing(categories, y):
    encoded = np.empty(len(categories))
    for fit_rows, rows in _folds(categories, y):
        means = y.iloc[fit_rows].groupby(categories.iloc[fit_rows].to_numpy()).mean()
        encoded[rows] = categories.iloc[rows].map(means).to_numpy(dtype=float)
    return pd.Series(encoded, index=categories.index, name=categories.name)


ENCODING = FunctionQuestion(
    id="pp.cross_fitted_encoding",
    level="senior",
    follow_ups=[
        T("Why is the plain mean of the label per category a leak, and when is it a big one?",
          "为什么按类别直接取标签均值是一种泄漏？什么时候泄漏会很严重？"),
        T("How does scikit-learn's TargetEncoder use cross-fitting in `fit_transform` but not in "
          "`transform`?",
          "scikit-learn 的 TargetEncoder 为什么在 `fit_transform` 中使用交叉拟合，而在 `transform` 中不用？"),
        T("What does smoothing add for a category with three customers?",
          "对只有三位客户的类别，平滑起了什么作用？"),
    ],
    title=T("Target encoding without seeing your own label", "不看自己标签的目标编码"),
    prompt=T(
        "Write `cross_fitted_encoding(categories, y)`: split the rows with "
        "`StratifiedKFold(n_splits=5, shuffle=True, random_state=0)` (on `y`); encode each fold with "
        "the mean of `y` per category over the *other* folds; a category the other folds never saw "
        "gets their overall mean of `y`. Return floats, same index and name as `categories`.",
        "请编写 `cross_fitted_encoding(categories, y)`：用 `StratifiedKFold(n_splits=5, shuffle=True, "
        "random_state=0)`（按 `y` 分层）拆分各行；每一折用*其他*各折中每个类别的 `y` 均值编码；其他各折从未见过的"
        "类别，取其他各折全部行的 `y` 均值。返回浮点数，索引和名称与 `categories` 相同。"),
    hints=[
        T("`for fit_rows, encode_rows in folds.split(categories.to_frame(), y):` — the means come from "
          "`fit_rows`, the values go to `encode_rows`.",
          "`for fit_rows, encode_rows in folds.split(categories.to_frame(), y):`——均值来自 `fit_rows`，"
          "编码值写到 `encode_rows`。"),
        T("`means = y.iloc[fit_rows].groupby(categories.iloc[fit_rows].to_numpy()).mean()`, then "
          "`.map(means).fillna(y.iloc[fit_rows].mean())`.",
          "`means = y.iloc[fit_rows].groupby(categories.iloc[fit_rows].to_numpy()).mean()`，再 "
          "`.map(means).fillna(y.iloc[fit_rows].mean())`。"),
        T("Collect the values in a NumPy array by position and wrap it in a Series at the end.",
          "按位置把编码值存进一个 NumPy 数组，最后包装成 Series。"),
    ],
    reference=sol.cross_fitted_encoding,
    cases=_enc_cases,
    compare_options={"rtol": 1e-9, "atol": 1e-12},
    rules=[
        Rule("other_folds", T("each row is encoded from the other folds only", "每一行只用其他各折编码"),
             _in_sample_means, misconception="in_sample_means"),
        Rule("unseen_mean", T("a category the other folds never saw gets their overall mean",
                              "其他各折没见过的类别取它们的总体均值"),
             _unseen_left_missing, misconception="unseen_left_missing", case="appears once"),
    ],
    misconceptions=[
        Misconception("in_sample_means", fn=_in_sample_means, message=T(
            "You encoded every row with the mean label of its category over *all* rows, its own label "
            "included. For a category with few customers the encoding nearly *is* the label: a lone "
            "high-value customer in a rare region gets 1.0. The model learns to trust the encoding, "
            "the validation score soars, and on new customers it collapses. Encode each fold from the "
            "other folds.",
            "你用每个类别在*全部*行上的标签均值来编码每一行，其中包括这一行自己的标签。对客户很少的类别，编码几乎"
            "*就是*标签：冷门地区里唯一的高价值客户得到 1.0。模型学会了信任这个编码，验证分数飙升，到了新客户上却"
            "一落千丈。请用其他各折为每一折编码。")),
        Misconception("own_fold_means", fn=_own_fold_means, message=T(
            "You split into folds but encoded each fold with the means of *that same fold*: every row "
            "still sees its own label, on a fifth of the data, so the leak is even larger than with "
            "the plain mean. The statistics must come from the other folds.",
            "你划分了折，但用*同一折*自己的均值来编码这一折：每一行仍然看到了自己的标签，而且只用五分之一的数据，"
            "泄漏比直接取均值还要大。统计量必须来自其他各折。")),
        Misconception("unseen_left_missing", fn=_unseen_left_missing, message=T(
            "A category that the other folds never saw is left as NaN. In production a new region "
            "or a brand-new channel appears all the time; the model needs a value for it, and the "
            "honest one is the overall rate of the rows the statistics came from. Fill it with the "
            "other folds' mean of `y`.",
            "其他各折没见过的类别被留成了 NaN。在生产中，新地区或全新的渠道随时会出现；模型需要给它一个值，而诚实的"
            "取值是统计量所来自各行的总体比例。请用其他各折的 `y` 均值填充。")),
    ],
)


# =========================================================================================
# 4. value_model (estimator): ColumnTransformer done right
# =========================================================================================
def _with_new_categories(table, seed):
    """A few test customers come from a channel and a region launched after training."""
    rng = np.random.default_rng(seed)
    new = rng.random(len(table)) < 0.1
    table = table.copy()
    table.loc[new, "acquisition_channel"] = "livestream"
    table.loc[rng.random(len(table)) < 0.05, "region"] = "Overseas"
    return table


def _model_cases(seed):
    for k in (1, 2):
        train, test = _split(variant_table(seed * 10 + k, N_MODEL), seed + k)
        test = _with_new_categories(test, seed + k)
        yield Case((train.drop(columns=LABEL), train[LABEL].astype("int64"),
                    test.drop(columns=LABEL), test[LABEL].astype("int64")), label=T(
            f"a generated shop of {N_MODEL} customers split 70/30; some test customers come from a new "
            f"channel ('livestream') or region ('Overseas')" + (" (another shop)" if k == 2 else ""),
            f"一个随机生成的、含 {N_MODEL} 位客户的商店，按 70/30 拆分；部分测试客户来自新渠道（'livestream'）"
            f"或新地区（'Overseas'）" + ("（另一个商店）" if k == 2 else "")))


def _model_with(numeric, categorical, unknown="ignore"):
    from sklearn.compose import make_column_transformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    return make_pipeline(make_column_transformer(
        (make_pipeline(SimpleImputer(strategy="median", add_indicator=True), StandardScaler()), numeric),
        (make_pipeline(SimpleImputer(strategy="constant", fill_value="missing"),
                       OneHotEncoder(handle_unknown=unknown)), categorical)),
        LogisticRegression(max_iter=1000))


def _constant():
    from sklearn.dummy import DummyClassifier

    return DummyClassifier(strategy="prior")


def _future_spend_feature():
    return _model_with(NUMERIC_FEATURES + [TARGET_SPEND], CATEGORICAL_FEATURES)


def _unknown_categories_raise():
    return _model_with(NUMERIC_FEATURES, CATEGORICAL_FEATURES, unknown="error")


def _dummy_final_step(description, case):
    return design.is_a(design.final_step(description), "sklearn.DummyClassifier")


def _encoder_rejects_unknown(description, case):
    """An encoder step that raises on a category it did not see in training."""
    return any(design.is_a(p, "sklearn.OneHotEncoder", "sklearn.OrdinalEncoder")
               and design.param(p, "handle_unknown") == "error" for p in design.parts(description))


MODEL = EstimatorQuestion(
    id="pp.value_model",
    level="mid",
    follow_ups=[
        T("Which columns does your ColumnTransformer drop, and why is `future_spend` among them?",
          "你的 ColumnTransformer 丢掉了哪些列？为什么 `future_spend` 也在其中？"),
        T("What does your pipeline do with a customer from a channel launched last week?",
          "你的流水线如何处理来自上周才上线渠道的客户？"),
        T("When would you use TargetEncoder instead of one-hot encoding here?",
          "什么情况下你会在这里用 TargetEncoder 代替独热编码？"),
    ],
    name="model",
    title=T("A ColumnTransformer done right", "正确使用 ColumnTransformer"),
    prompt=T(
        "Build an unfitted scikit-learn pipeline for `high_value`. It receives every column of the "
        "customer table except the label (ids, dates and `future_spend` included), with gaps, and "
        "its test rows contain categories never seen in training. Use the features only, encode the "
        "categoricals so that new categories do not break scoring, and beat the reference's ROC-AUC "
        "minus 0.03.",
        "为 `high_value` 构建一个未拟合的 scikit-learn 流水线。它会收到客户表中除标签以外的所有列（包括编号、日期"
        "和 `future_spend`）及其缺失值，而且测试行中含有训练时从未见过的类别。只使用特征列，对类别变量进行编码，"
        "使新类别不会让打分出错，并达到参考答案的 ROC-AUC 减 0.03 以上。"),
    hints=[
        T("`make_column_transformer((numeric_steps, NUMERIC_FEATURES), (categorical_steps, "
          "CATEGORICAL_FEATURES))`: every column not listed is dropped.",
          "`make_column_transformer((numeric_steps, NUMERIC_FEATURES), (categorical_steps, "
          "CATEGORICAL_FEATURES))`：没有列出的列都会被丢弃。"),
        T("Numeric: `SimpleImputer(strategy='median', add_indicator=True)` then `StandardScaler()`. "
          "Categorical: `SimpleImputer(strategy='constant', fill_value='missing')` then "
          "`OneHotEncoder(handle_unknown='ignore')`.",
          "数值列：`SimpleImputer(strategy='median', add_indicator=True)` 再接 `StandardScaler()`。"
          "类别列：`SimpleImputer(strategy='constant', fill_value='missing')` 再接 "
          "`OneHotEncoder(handle_unknown='ignore')`。"),
        T("End with `LogisticRegression(max_iter=1000)`; `TargetEncoder()` for the categoricals works "
          "too (it encodes an unseen category with the overall rate).",
          "最后接 `LogisticRegression(max_iter=1000)`；类别列用 `TargetEncoder()` 也可以（它用总体比例编码未见过"
          "的类别）。"),
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
        Misconception("unknown_categories_raise", design=_encoder_rejects_unknown, message=T(
            "Your pipeline has an encoder with `handle_unknown='error'` (the default of `OneHotEncoder` "
            "and `OrdinalEncoder`). The first customer from a channel launched after training — here "
            "'livestream' — makes the whole batch fail, and the morning's scoring job with it. Use "
            "`OneHotEncoder(handle_unknown='ignore')` (all zeros for a new category), "
            "`OrdinalEncoder(handle_unknown='use_encoded_value', unknown_value=-1)` or `TargetEncoder`.",
            "你的流水线里有一个 `handle_unknown='error'` 的编码器（这是"
            " `OneHotEncoder` 和 `OrdinalEncoder` 的默认值）。"
            "训练之后才上线的渠道——这里是 'livestream'——的第一位客户就会让整批打分失败，早上的打分任务也随之失败。"
            "请用 `OneHotEncoder(handle_unknown='ignore')`（新类别编码为全零）、"
            "`OrdinalEncoder(handle_unknown='use_encoded_value', unknown_value=-1)` 或 `TargetEncoder`。")),
        Misconception("future_spend_feature", permute=(TARGET_SPEND,), message=T(
            "Your model's scores change when `future_spend` changes: a column of the export that the "
            "ColumnTransformer lets through is the spend the label is computed from. Offline it looks "
            "nearly perfect; on the morning of the snapshot that spend does not exist yet. List the "
            "feature columns explicitly (and leave `remainder='drop'`).",
            "当 `future_spend` 变化时你的模型分数也随之变化：ColumnTransformer 放进来的这一列正是计算标签所依据的"
            "消费。离线时它看起来近乎完美；但在快照当天早上，这笔消费还不存在。请显式列出特征列（并保持 "
            "`remainder='drop'`）。")),
    ],
    rules=[
        Rule("a_model", T("a model, not a constant baseline", "一个模型，而不是常数基线"), _constant,
             misconception="constant"),
        Rule("new_categories", T("categories unseen in training must not break scoring",
                                 "训练时没见过的类别不能让打分出错"),
             _unknown_categories_raise, misconception="unknown_categories_raise"),
        Rule("no_future_spend", T("features only: not `future_spend`", "只用特征：不用 `future_spend`"),
             _future_spend_feature, misconception="future_spend_feature"),
    ],
    points=3,
)


# =========================================================================================
# 5. n_components
# =========================================================================================
def _pca_cases(seed):
    rng = np.random.default_rng(seed)
    a = rng.normal(size=150)
    scales = pd.DataFrame({"orders": a, "spend_yuan": 1000 * (a + 0.05 * rng.normal(size=150)),
                           "age": rng.normal(size=150), "views": rng.normal(size=150)})
    yield Case((scales, 0.9), label=T(
        "150 rows: spend in yuan almost a multiple of orders, two independent columns; 90%",
        "150 行：以元计的消费几乎是订单数的倍数，另有两列相互独立；90%"))
    table = variant_table(seed, N_SMALL)[COMPLETE_NUMERIC]
    yield Case((table, 0.9), label=_generated(N_SMALL, ": its complete numeric features, 90%",
                                              "：其完整的数值特征，90%"))
    yield Case((table, 0.5), label=_generated(N_SMALL, ": the same features, 50%", "：同样的特征，50%"))


def _unscaled(X, share=0.9):
    from sklearn.decomposition import PCA

    ratio = PCA().fit(X).explained_variance_ratio_
    return int(np.argmax(np.cumsum(ratio) >= share - 1e-12) + 1)


def _off_by_one(X, share=0.9):
    from sklearn.decomposition import PCA
    from sklearn.preprocessing import StandardScaler

    ratio = PCA().fit(StandardScaler().fit_transform(X)).explained_variance_ratio_
    return int(np.argmax(np.cumsum(ratio) >= share - 1e-12))


N_COMPONENTS = FunctionQuestion(
    id="pp.n_components",
    level="mid",
    follow_ups=[
        T("Why does PCA on unscaled customer columns say one component is enough?",
          "为什么对未缩放的客户列做 PCA 会说一个主成分就够了？"),
        T("Would you choose the number of components by this threshold or by a cross-validated "
          "score? Why?",
          "你会按这个阈值还是按交叉验证分数来选择主成分个数？为什么？"),
    ],
    title=T("How many components explain 90%?", "多少个主成分能解释 90%？"),
    prompt=T(
        "Write `n_components(X, share=0.9)`: the smallest `k` such that the first `k` components of "
        "`PCA()` fitted on the *standardised* columns (`StandardScaler`) explain at least `share` of "
        "the variance (an int).",
        "请编写 `n_components(X, share=0.9)`：在*标准化*（`StandardScaler`）后的列上拟合 `PCA()`，返回使前 `k` "
        "个主成分解释至少 `share` 方差的最小 `k`（整数）。"),
    hints=[
        T("`PCA().fit(StandardScaler().fit_transform(X)).explained_variance_ratio_` is sorted from the "
          "largest component down.",
          "`PCA().fit(StandardScaler().fit_transform(X)).explained_variance_ratio_` 已按主成分从大到小排列。"),
        T("`np.cumsum(ratio) >= share` is True from the k-th component on; `np.argmax` finds the first "
          "True at position k - 1.",
          "`np.cumsum(ratio) >= share` 从第 k 个主成分起为 True；`np.argmax` 找到第一个 True 的位置 k - 1。"),
    ],
    reference=sol.n_components,
    cases=_pca_cases,
    misconceptions=[
        Misconception("unscaled", fn=_unscaled, message=T(
            "You ran PCA on the raw columns. Variance depends on units: spend in yuan has a variance "
            "millions of times that of the number of orders, so the first component is simply "
            "'spend' and seems to explain almost everything. Standardise first, so that each column "
            "counts by its correlations, not its unit.",
            "你在原始列上做了 PCA。方差取决于单位：以元计的消费，方差是订单数的数百万倍，于是第一个主成分就是"
            "“消费”本身，看起来几乎解释了一切。请先标准化，让每一列按相关关系而不是单位来计。")),
        Misconception("off_by_one", fn=_off_by_one, message=T(
            "Your count is one short: `np.argmax` returns the *position* of the first component that "
            "reaches the share, counting from 0. The number of components is that position plus one.",
            "你的结果少了一个：`np.argmax` 返回的是第一个达到该比例的主成分的*位置*（从 0 开始计数）。主成分个数是"
            "这个位置加一。")),
    ],
)


# =========================================================================================
# 6. tsne_features (choice)
# =========================================================================================
TSNE = ChoiceQuestion(
    id="pp.tsne_features",
    level="mid",
    follow_ups=[
        T("What can a t-SNE picture of customers legitimately show a marketing team?",
          "一张客户的 t-SNE 图能正当地向营销团队展示什么？"),
        T("If you need a nonlinear reduction that transforms new rows, what would you try?",
          "如果你需要一种能变换新行的非线性降维，你会尝试什么？"),
    ],
    name="tsne_features",
    title=T("t-SNE coordinates as model features?", "把 t-SNE 坐标当作模型特征？"),
    prompt=T("The original answer to question 3 suggests reducing the customer features with t-SNE and "
             "training the value model on the two coordinates. What is the decisive problem?",
             "题库原文对原题第 3 问的回答建议用 t-SNE 对客户特征降维，再用得到的两个坐标训练价值模型。"
             "决定性的问题是什么？"),
    options={
        "a": T("It is too slow for 3,500 customers; run PCA to 50 columns first and the plan works.",
               "它对 3,500 位客户来说太慢；先用 PCA 降到 50 列，这个方案就可行了。"),
        "b": T("It has no transform: new customers can only be placed by refitting on all rows, which "
               "moves every point.",
               "它没有 transform：新客户只能通过在全部行上重新拟合来放置，而这会移动每一个点。"),
        "c": T("It uses the label to pull customers of the same class together, so the coordinates "
               "leak the target.",
               "它利用标签把同一类别的客户拉到一起，所以坐标泄漏了目标。"),
        "d": T("It keeps the global distances between customers exactly, so it adds nothing a linear "
               "model lacks.",
               "它精确地保持客户之间的全局距离，所以没有为线性模型增加任何东西。"),
    },
    answer=sol.TSNE_FEATURES,
    explanations={
        "a": T("Speed is not the issue (it runs in seconds here): even fast, the embedding cannot map a "
               "customer it was not fitted on.",
               "速度不是问题（这里几秒就能跑完）：即使很快，嵌入也无法映射一位拟合时不在场的客户。"),
        "b": T("scikit-learn's TSNE has only `fit_transform`: scoring tomorrow's customers means a new "
               "embedding with new axes, and putting the test rows into the fit leaks them.",
               "scikit-learn 的 TSNE 只有 `fit_transform`：给明天的客户打分意味着一个坐标轴全新的嵌入，而把测试行"
               "放进拟合又会造成泄漏。"),
        "c": T("t-SNE is unsupervised: it never sees the label. Colouring the picture by the label "
               "comes after the fit.",
               "t-SNE 是无监督的：它从不看标签。按标签给图上色是拟合之后的事。"),
        "d": T("The opposite: it keeps local neighbourhoods and distorts global distances and cluster "
               "sizes — one more reason to read it as a picture only.",
               "恰恰相反：它保持局部邻域，而扭曲全局距离和簇的大小——这也是只把它当作一张图来看的又一个理由。"),
    },
    hints=[T("Look for a `transform` method on `sklearn.manifold.TSNE`. What must happen to score a "
             "customer who signs up tomorrow?",
             "在 `sklearn.manifold.TSNE` 上找一找 `transform` 方法。要给明天注册的客户打分，必须做什么？")],
)


# =========================================================================================
# 7. cv_with_selection
# =========================================================================================
def _selection_cases(seed):
    rng = np.random.default_rng(seed)
    noise = pd.DataFrame(rng.normal(size=(250, 100))).add_prefix("noise_")
    y = pd.Series((rng.random(250) < 0.2).astype("int64"), name=LABEL)
    yield Case((noise, y, 10), label=T(
        "250 customers, 100 columns of pure noise and a random label; keep 10",
        "250 位客户，100 列纯噪声，标签随机；保留 10 列"))
    table = variant_table(seed, N_SMALL)
    extra = pd.DataFrame(rng.normal(size=(len(table), 30)), index=table.index).add_prefix("noise_")
    yield Case((pd.concat([table[COMPLETE_NUMERIC], extra], axis=1), table[LABEL].astype("int64"), 5),
               label=_generated(N_SMALL, ": its complete numeric features and 30 noise columns; keep 5",
                                "：其完整的数值特征加 30 列噪声；保留 5 列"))


def _selected_before_cv(X, y, k):
    from sklearn.feature_selection import SelectKBest, f_classif
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    kept = SelectKBest(f_classif, k=k).fit_transform(X, y)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    return float(cross_val_score(model, kept, y, cv=folds, scoring="roc_auc").mean())


def _no_selection(X, y, k):
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    return float(cross_val_score(model, X, y, cv=folds, scoring="roc_auc").mean())


SELECTION = FunctionQuestion(
    id="pp.cv_with_selection",
    level="senior",
    follow_ups=[
        T("On pure noise, what score should an honest procedure report, and why does selecting first "
          "beat it?",
          "在纯噪声上，诚实的流程应报告多少分？为什么先做选择会超过它？"),
        T("How would you pick `k` itself without fooling yourself?",
          "你会如何选择 `k` 本身而不自欺欺人？"),
        T("Does the same trap apply to RFE, to L1 selection and to a correlation filter done in SQL?",
          "同样的陷阱是否也适用于 RFE、L1 选择以及在 SQL 里做的相关性筛选？"),
    ],
    title=T("Feature selection inside the folds", "在每折内部做特征选择"),
    prompt=T(
        "Write `cv_with_selection(X, y, k)`: the mean `cross_val_score` (`scoring=\"roc_auc\"`, "
        "`cv=StratifiedKFold(n_splits=5, shuffle=True, random_state=0)`) of "
        "`make_pipeline(StandardScaler(), SelectKBest(f_classif, k=k), LogisticRegression(max_iter=1000))` "
        "on all of `X`, so that the selection is refitted in every training fold.",
        "请编写 `cv_with_selection(X, y, k)`：在全部 `X` 上，对 `make_pipeline(StandardScaler(), "
        "SelectKBest(f_classif, k=k), LogisticRegression(max_iter=1000))` 做 `cross_val_score`"
        "（`scoring=\"roc_auc\"`，`cv=StratifiedKFold(n_splits=5, shuffle=True, random_state=0)`），返回其均值，"
        "使特征选择在每个训练折中重新拟合。"),
    hints=[
        T("The selector is a step of the pipeline, between the scaler and the model.",
          "选择器是流水线中的一步，位于缩放器和模型之间。"),
        T("Pass the whole `X` to `cross_val_score`; never call `SelectKBest(...).fit` yourself first.",
          "把整个 `X` 传给 `cross_val_score`；不要事先自己调用 `SelectKBest(...).fit`。"),
        T("`float(cross_val_score(model, X, y, cv=folds, scoring='roc_auc').mean())`",
          "`float(cross_val_score(model, X, y, cv=folds, scoring='roc_auc').mean())`"),
    ],
    reference=sol.cv_with_selection,
    cases=_selection_cases,
    compare_options={"rtol": 1e-6},
    rules=[Rule("inside_folds", T("the selection is refitted inside every training fold",
                                  "特征选择在每个训练折内部重新拟合"),
                _selected_before_cv, misconception="selected_before_cv")],
    misconceptions=[
        Misconception("selected_before_cv", fn=_selected_before_cv, message=T(
            "You chose the columns on all rows, then cross-validated. The validation rows already "
            "voted for the columns they are scored with: on pure noise this reports a model that "
            "'works' (ROC-AUC well above 0.5) and would fail on the first new customers. Put "
            "`SelectKBest` inside the pipeline so every fold chooses its own columns.",
            "你先在全部行上选好了列，然后才做交叉验证。验证行事先已经为自己将被评估时所用的列“投了票”：在纯噪声上，"
            "这会报告一个“有效”的模型（ROC-AUC 明显高于 0.5），而它在第一批新客户上就会失效。请把 `SelectKBest` "
            "放进流水线，让每一折选择自己的列。")),
        Misconception("no_selection", fn=_no_selection, message=T(
            "Your score does not depend on `k`: the model uses every column. Put "
            "`SelectKBest(f_classif, k=k)` between the scaler and the model.",
            "你的分数与 `k` 无关：模型用了所有列。请把 `SelectKBest(f_classif, k=k)` 放在缩放器和模型之间。")),
    ],
)


# =========================================================================================
# Closing interview
# =========================================================================================
NORMALISE_REDUCE = OpenQuestion(
    id="pp.normalise_reduce",
    level="senior",
    follow_ups=[
        T("Which of our models need scaling, and which transform would you use for spend?",
          "我们的哪些模型需要缩放？对消费金额你会用哪种变换？"),
        T("A colleague wants t-SNE features in production. What do you tell them?",
          "一位同事想在生产中使用 t-SNE 特征。你会怎么跟他说？"),
        T("When does PCA before a linear model pay off, and how would you prove it?",
          "什么时候在线性模型之前做 PCA 是值得的？你会如何证明？"),
    ],
    name="normalise_reduce",
    title=T("Interview: normalisation and dimensionality reduction", "面试题：归一化与降维"),
    prompt=T("Original question 3 asks about data preprocessing: normalisation and dimensionality "
             "reduction (its answer names PCA and t-SNE for making features). When do you normalise, "
             "how, and when do you reduce dimensions, with which method?",
             "原题第 3 问问的是数据预处理：归一化和降维（题库原文的回答把 PCA 和 t-SNE 都列为构造特征的方法）。"
             "什么时候需要归一化、怎么做？什么时候需要降维、用什么方法？"),
    model_answer=T(sol.NORMALISE_REDUCE_ANSWER,
                   "归一化：比较距离或用惩罚项约束系数的模型（k 近邻、k "
                   "均值、SVM、带正则化的线性和逻辑回归、神经网络、PCA）"
                   "需要各特征处在可比的尺度上，否则单位最大的列（以元计的"
                   "消费、以天计的注册时长）会主导结果；树模型按阈值分裂，"
                   "任何单调变换都不改变它，因此不需要归一化。对重尾的消费金额，S"
                   "tandardScaler 保留了尾部（一位大客户仍在 30 "
                   "个标准差之外）：log1p、分位数变换或 RobustScal"
                   "er（中位数和四分位距）更合适，离群值还可以按训练集分位数截断。"
                   "每个缩放器都是要拟合的步骤：在流水线内部、只在训练行上学"
                   "习。降维：在标准化后的列上做 PCA，得到按解释方差排序、"
                   "互不相关的线性主成分；当列很多且共线时它能帮助线性模型"
                   "，但会损失可解释性，而且它是无监督的（方差大的方向不一定"
                   "能预测价值），对树模型则很少有帮助，因为树失去了原本用"
                   "来分裂的坐标轴。主成分个数要按交叉验证分数来选，而不只是"
                   "按方差阈值。t-SNE（以及不加小心的 UMAP）只能用来"
                   "画图：它保持局部邻域，而不保持距离或簇的大小；它是随机的；"
                   "而且 scikit-learn 的 TSNE 没有 transfo"
                   "rm，新客户只能通过在全部行上重新拟合来放置，这会移动每一个点，还把"
                   "测试行放进了拟合。所以它不能用来构造模型特征，这一点"
                   "与题库原文的回答相反。对高基数的类别变量，应使用（交叉"
                   "拟合的）目标编码或哈希来降维。"),
    rubric=[
        (T("Says which models need scaling (distance, penalised linear, PCA) and which do not (trees), "
           "and why", "说明哪些模型需要缩放（基于距离的、带惩罚的线性模型、PCA）、哪些不需要（树），以及原因"), 2.0),
        (T("Handles heavy-tailed spend: log/quantile/robust scaling or clipping, fitted on training rows "
           "inside the pipeline", "处理重尾的消费：对数/分位数/稳健缩放或截断，在流水线内部只用训练行拟合"), 2.0),
        (T("PCA: standardise first, explained variance, helps linear models on collinear columns, rarely "
           "trees; choose components by CV", "PCA：先标准化，解释方差，对共线列上的线性模型有帮助、对树很少有帮助；"
                                            "按交叉验证选择主成分个数"), 2.0),
        (T("Rejects t-SNE for model features: no transform for new rows, stochastic, distorts distances; "
           "a picture only", "否定用 t-SNE 构造模型特征：不能变换新行、结果随机、扭曲距离；只能用于画图"), 2.0),
    ],
    hints=[T("Structure it: which models care → which transform for which column → where it is fitted "
             "→ PCA → t-SNE.",
             "按结构回答：哪些模型在意尺度 → 哪一列用哪种变换 → 在哪里拟合 → PCA → t-SNE。")],
    points=8,
)

DATA_QUALITY = OpenQuestion(
    id="pp.data_quality",
    level="mid",
    follow_ups=[
        T("A customer spent 70,000 in a year. Error or whale? How do you decide?",
          "某位客户一年消费了 70,000。是错误还是大客户？你如何判断？"),
        T("How would you make these checks run every day without you?",
          "你会如何让这些检查每天自动运行，而不需要你亲自盯着？"),
    ],
    name="data_quality",
    title=T("Interview: data quality beyond missing values", "面试题：缺失值之外的数据质量"),
    prompt=T("Besides missing values, which data-quality problems do you expect in an e-commerce "
             "customer table (outliers, noise, duplicates, ...), how do you find them and what do you "
             "do about each?",
             "除了缺失值，你预计电商客户表里还会有哪些数据质量问题（离群值、噪声、重复……）？你如何发现它们，又如何"
             "逐一处理？"),
    model_answer=T(sol.DATA_QUALITY_ANSWER,
                   "缺失值之外：重复（导出重试产生的重复订单明细、同一位"
                   "客户有两个编号）会虚增消费频次和金额：按业务主键去重，"
                   "并统计删除了多少。离群值：先问它是错误（价格 999999"
                   "、负数量、200 岁：修正或置为缺失）还是真实的（批发买家："
                   "保留，但对尺度敏感的模型要截断或取对数，边界只在训练行"
                   "上学习；衡量价值时绝不截断标签所依据的消费，并决定转售"
                   "商是否属于建模总体）。噪声：标签噪声（窗口结束后才处理的"
                   "退货、测试订单）和测量噪声（机器人刷高浏览量）——用清晰"
                   "的定义、过滤规则和稳健特征（中位数、排名）来降低，并抽"
                   "样人工核查来度量。还要检查一致性（未来的日期、注册晚于"
                   "首单、货币和单位混用）、按“今天”取值而造成泄漏的过时"
                   "属性，以及训练数据与打分数据之间的漂移。把这些检查自动化"
                   "（流水线中的断言或校验模式），按每项检查报告数量，并告知数据负责人，从源头修复。"),
    rubric=[
        (T("Duplicates: how they arise, dedup on a business key, count what was removed",
           "重复：如何产生，按业务主键去重，统计删除数量"), 1.0),
        (T("Outliers: error vs real; fix errors, clip/transform real ones with training bounds, never "
           "clip the label", "离群值：区分错误与真实；修正错误，对真实值用训练集边界截断或变换，绝不截断标签"), 2.0),
        (T("Noise in labels and measurements, with concrete e-commerce examples and remedies",
           "标签和测量中的噪声，有具体的电商例子和处理方法"), 1.0),
        (T("Consistency/leakage/drift checks, automated in the pipeline and reported to the data owners",
           "一致性、泄漏和漂移检查，在流水线中自动化，并报告给数据负责人"), 1.0),
    ],
    hints=[T("Go through the life of an order line: how can it be duplicated, wrong, noisy, or late?",
             "沿着一条订单明细的生命周期想：它可能怎样被重复、出错、带噪声或迟到？")],
    points=5,
)


QUESTIONS = [SCALE, WINSORISE, ENCODING, MODEL, N_COMPONENTS, TSNE, SELECTION, NORMALISE_REDUCE, DATA_QUALITY]
