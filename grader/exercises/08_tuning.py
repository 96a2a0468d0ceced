"""Questions of notebook 08: hyperparameter tuning on a budget.

Function questions (counting a search's fits, the successive-halving schedule, reading
``cv_results_``, nested cross-validation), an estimator question (a randomized search built
for the ranked campaign list and the fit budget), three choice questions (scoring, refit,
what to report) and two interview questions on the original answer to the tuning task.

Public cases come from the shipped customer table (``read_customer_table``) and hand-built
inputs; hidden cases from :func:`grader.tables.variant_table` with the grading seed and from
random grids. Each recorded misconception is a small private function named ``_<name>``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.stats import rankdata
from sklearn.model_selection import (
    GridSearchCV,
    StratifiedKFold,
    cross_val_score,
    train_test_split,
)
from sklearn.tree import DecisionTreeClassifier

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
from grader.tables import LABEL, NUMERIC_FEATURES, read_customer_table, variant_table

#: the frames this notebook's questions work from: an assignment ships the customer table
INPUT_FRAMES = ("customer_table",)
sol = solutions("08")

#: customers per generated variant (about 70% are active before the snapshot)
N_CUSTOMERS = 1500


def _shipped_xy(start, stop):
    table = read_customer_table().iloc[start:stop]
    return table[NUMERIC_FEATURES].reset_index(drop=True), table[LABEL].reset_index(drop=True)


def _variant_xy(seed, n_rows=None):
    table = variant_table(seed, n_customers=N_CUSTOMERS)
    if n_rows is not None:
        table = table.sample(n=min(n_rows, len(table)), random_state=seed).sort_index()
    return table[NUMERIC_FEATURES].reset_index(drop=True), table[LABEL].reset_index(drop=True)


def _variant_label(seed, n):
    return T(f"{n} customers of a generated shop variant (seed {seed})",
             f"一个生成的商店变体（随机种子 {seed}）中的 {n} 位客户")


# =========================================================================================
# 1. n_fits: what a grid search costs
# =========================================================================================
_LR_GRIDS = [
    {"logisticregression__C": [0.01, 0.1, 1.0, 10.0], "logisticregression__penalty": ["l2"]},
    {"logisticregression__C": [0.1, 1.0], "logisticregression__penalty": ["l1"],
     "logisticregression__solver": ["liblinear", "saga"]},
]


def _n_fits_cases(seed):
    yield Case((sol.SEED_PARAM_GRID, sol.SEED_CV), label=T(
        "the random-forest grid of the original answer (four parameters with three values each) on 5 folds",
        "题库原文答案中的随机森林网格（四个参数，各三个取值），5 折"))
    yield Case((_LR_GRIDS, 3), label=T(
        "a list of two grids for a logistic regression (4 candidates with l2, 2 × 2 with l1) on 3 folds",
        "逻辑回归的两个网格组成的列表（l2 下 4 个候选，l1 下 2 × 2 个），3 折"))
    yield Case(({"max_depth": [2, 4, 8], "min_samples_leaf": [1, 20]}, 4), {"refit": False}, label=T(
        "a 3 × 2 grid on 4 folds with refit=False", "3 × 2 的网格，4 折，refit=False"))
    yield Case(({}, 5), label=T("an empty grid (only the default parameters) on 5 folds",
                                "空网格（只有默认参数），5 折"))
    yield Case(({"C": [0.1, 1.0, 10.0]}, 3), {"refit": "average_precision"}, label=T(
        "a 3-value grid on 3 folds with refit given as a metric name (refit='average_precision')",
        "3 个取值的网格，3 折，refit 以指标名给出（refit='average_precision'）"))
    rng = np.random.default_rng(seed)
    names = ["max_depth", "min_samples_leaf", "learning_rate", "max_leaf_nodes", "l2_regularization"]
    for _ in range(2):
        grids = [{name: list(range(int(rng.integers(1, 5)))) for name in
                  rng.choice(names, size=int(rng.integers(1, 4)), replace=False)}
                 for _ in range(int(rng.integers(1, 4)))]
        refit = [True, False, "average_precision"][int(rng.integers(0, 3))]
        yield Case((grids if len(grids) > 1 else grids[0], int(rng.integers(2, 8))), {"refit": refit},
                   label=T("a random grid", "一个随机网格"))


def _candidates(param_grid, combine):
    grids = [param_grid] if isinstance(param_grid, dict) else list(param_grid)
    return combine([math.prod(len(v) for v in grid.values()) for grid in grids])


def _refit_only_if_true(param_grid, cv, refit=True):
    return _candidates(param_grid, sum) * cv + (1 if refit is True else 0)


def _forgets_refit(param_grid, cv, refit=True):
    return _candidates(param_grid, sum) * cv


def _forgets_folds(param_grid, cv, refit=True):
    return _candidates(param_grid, sum) + (1 if refit else 0)


def _multiplies_grids(param_grid, cv, refit=True):
    return _candidates(param_grid, math.prod) * cv + (1 if refit else 0)


def _adds_lengths(param_grid, cv, refit=True):
    grids = [param_grid] if isinstance(param_grid, dict) else list(param_grid)
    candidates = sum(max(1, sum(len(v) for v in grid.values())) for grid in grids)
    return candidates * cv + (1 if refit else 0)


N_FITS = FunctionQuestion(
    id="tune.n_fits",
    level="junior",
    follow_ups=[
        T("What does `refit=True` add to the bill, and why is it usually the most expensive fit?",
          "`refit=True` 在账单上增加了什么？为什么它通常是最贵的一次拟合？"),
        T("How many fits does the original answer's grid with 5 folds cost?",
          "题库原文答案里的网格用 5 折时要拟合多少次？"),
    ],
    title=T("What a grid search costs", "网格搜索的代价"),
    prompt=T(
        "Before launching a search, know its bill. Write `n_fits(param_grid, cv, refit=True)`: the "
        "number of times `GridSearchCV` calls the estimator's `fit`. Within one grid the candidates "
        "are every combination (the product of the lists' lengths; an empty dict is one candidate); "
        "a list of grids adds up the candidates of each grid. Every candidate is fitted once per "
        "fold, and a truthy `refit` adds one final fit on all training rows.",
        "启动搜索之前先算清账单。请编写 `n_fits(param_grid, cv, refit=True)`：返回 `GridSearchCV` "
        "调用估计器 `fit` 的次数。一个网格内的候选是所有组合（各列表长度的乘积；空字典算一个候选）；"
        "多个网格组成的列表则把各网格的候选数相加。每个候选在每一折上拟合一次，`refit` 为真时再加上一次"
        "在全部训练行上的最终拟合。"),
    hints=[
        T("Count candidates first, then multiply by `cv`, then think about `refit`.",
          "先数候选数，再乘以 `cv`，最后考虑 `refit`。"),
        T("A dict is one grid: `math.prod(len(v) for v in grid.values())`. A list of dicts is several "
          "grids side by side: add their counts.",
          "一个字典是一个网格：`math.prod(len(v) for v in grid.values())`。字典列表是并列的多个网格："
          "把它们的候选数相加。"),
        T("`grids = [param_grid] if isinstance(param_grid, dict) else param_grid`, then "
          "`sum(...) * cv + (1 if refit else 0)`. Check yourself: `len(ParameterGrid(param_grid))` "
          "counts the candidates.",
          "`grids = [param_grid] if isinstance(param_grid, dict) else param_grid`，然后 "
          "`sum(...) * cv + (1 if refit else 0)`。自查：`len(ParameterGrid(param_grid))` 就是候选数。"),
    ],
    points=1,
    reference=sol.n_fits,
    cases=_n_fits_cases,
    rules=[Rule("refit_by_name", T("anything truthy adds the refit (a metric name too)",
                                   "任何为真的值都会加上 refit（指标名也算）"),
                _refit_only_if_true, case="refit given as a metric name")],
    misconceptions=[
        Misconception("forgets_refit", fn=_forgets_refit, message=T(
            "You forgot the refit: with `refit=True` (the default) the search fits the best candidate "
            "once more on all training rows, and that fit is the most expensive one (it uses every "
            "row). A budget planned without it runs over, which matters when one forest fit takes "
            "minutes.",
            "你漏掉了 refit：`refit=True`（默认）时，搜索会在全部训练行上再拟合一次最佳候选，而这次拟合"
            "用到全部数据，是最贵的一次。不计入它的预算会超支——当一次随机森林拟合要几分钟时，这很关键。")),
        Misconception("forgets_folds", fn=_forgets_folds, message=T(
            "You counted candidates, not fits: cross-validation fits every candidate once per fold, "
            "so the cost is candidates × folds (plus the refit). The original answer's 81-candidate grid on 5 "
            "folds is 406 fits, not 82; planned as 82 it takes five times longer than promised.",
            "你数的是候选数而不是拟合次数：交叉验证会在每一折上各拟合一次每个候选，所以代价是候选数 × 折数"
            "（再加 refit）。题库原文答案中 81 个候选、5 折的网格是 406 次拟合，而不是 82 次；按 82 次规划，"
            "实际耗时会是承诺的五倍。")),
        Misconception("multiplies_grids", fn=_multiplies_grids, message=T(
            "You multiplied the sizes of the grids in a list. A list of dicts means separate grids "
            "searched one after the other (e.g. l1 settings and l2 settings that do not mix), so their "
            "candidates add up. Multiplying overstates the cost and may make you drop a search you "
            "could afford.",
            "你把列表中各网格的大小相乘了。字典列表表示分别搜索的独立网格（例如互不组合的 l1 设置和 l2 设置），"
            "候选数应相加。相乘会高估代价，可能让你放弃一个本来负担得起的搜索。")),
        Misconception("adds_lengths", fn=_adds_lengths, message=T(
            "You added the lengths of the value lists. A grid tries every *combination*: 3 values of "
            "one parameter and 3 of another are 3 × 3 = 9 candidates, not 6. This is why grids explode "
            "(the original answer's four parameters with three values are 81 candidates) and why random search "
            "exists.",
            "你把各取值列表的长度相加了。网格会尝试每一种*组合*：一个参数 3 个值、另一个参数 3 个值，"
            "是 3 × 3 = 9 个候选，而不是 6 个。这正是网格会爆炸的原因（题库原文答案四个参数各三个值就是 81 "
            "个候选），也是随机搜索存在的理由。")),
    ],
)


# =========================================================================================
# 2. halving_schedule: successive halving's rounds
# =========================================================================================
def _exact_float_log(value, factor):
    """True when ``floor(log(value, factor))`` is the exact integer logarithm (scikit-learn uses floats)."""
    k = 0
    while factor ** (k + 1) <= value:
        k += 1
    return math.floor(math.log(value, factor)) == k


def _halving_cases(seed):
    yield Case((81, 600, 20), label=T(
        "81 candidates (the original answer's grid), 600 rows, 20 rows in the first round, factor 3: the rows "
        "run out before one candidate is left",
        "81 个候选（题库原文答案的网格）、600 行、第一轮 20 行、factor 为 3：在只剩一个候选之前行数就用完了"))
    yield Case((10, 2000, 50), label=T(
        "10 candidates, 2000 rows, 50 rows in the first round, factor 3",
        "10 个候选、2000 行、第一轮 50 行、factor 为 3"))
    yield Case((30, 1000, 100), {"factor": 2}, label=T(
        "30 candidates, 1000 rows, 100 rows in the first round, factor 2",
        "30 个候选、1000 行、第一轮 100 行、factor 为 2"))
    yield Case((2, 500, 40), label=T(
        "only 2 candidates (fewer than the factor 3): a single round",
        "只有 2 个候选（少于 factor 3）：只有一轮"))
    yield Case((243, 1000, 4), label=T(
        "243 = 3⁵ candidates, 1000 rows, 4 rows in the first round, factor 3: an exact power",
        "243 = 3⁵ 个候选、1000 行、第一轮 4 行、factor 为 3：恰好是幂"))
    yield Case((1000, 50_000, 20), {"factor": 10}, label=T(
        "1000 = 10³ candidates, 50,000 rows, 20 rows in the first round, factor 10: an exact power",
        "1000 = 10³ 个候选、50,000 行、第一轮 20 行、factor 为 10：恰好是幂"))
    rng = np.random.default_rng(seed)
    made = 0
    while made < 3:
        factor = int(rng.integers(2, 5))
        n_candidates, min_resources = int(rng.integers(1, 300)), int(rng.integers(10, 120))
        n_samples = int(rng.integers(min_resources, 5000))
        if _exact_float_log(n_candidates, factor) and _exact_float_log(n_samples // min_resources, factor):
            made += 1
            yield Case((n_candidates, n_samples, min_resources), {"factor": factor},
                       label=T("random sizes", "随机规模"))


def _schedule(rows):
    return pd.DataFrame(rows, columns=["iter", "n_candidates", "n_resources"], dtype="int64")


def _float_logarithm(n_candidates, n_samples, min_resources, factor=3):
    """The round counts from floating-point logarithms (as scikit-learn computes them)."""
    required = 1 + math.floor(math.log(n_candidates, factor))
    possible = 1 + math.floor(math.log(n_samples // min_resources, factor))
    rows, candidates = [], n_candidates
    for r in range(min(required, possible)):
        rows.append((r, candidates, min_resources * factor**r))
        candidates = -(-candidates // factor)
    return _schedule(rows)


def _floor_survivors(n_candidates, n_samples, min_resources, factor=3):
    rounds, candidates, r = [], n_candidates, 0
    while factor**r <= n_candidates and min_resources * factor**r <= n_samples:
        rounds.append((r, candidates, min_resources * factor**r))
        candidates //= factor
        r += 1
    return _schedule(rounds)


def _same_resources(n_candidates, n_samples, min_resources, factor=3):
    rounds, candidates, r = [], n_candidates, 0
    while factor**r <= n_candidates:
        rounds.append((r, candidates, min_resources))
        candidates = -(-candidates // factor)
        r += 1
    return _schedule(rounds)


def _until_one_left(n_candidates, n_samples, min_resources, factor=3):
    rounds, candidates, r = [], n_candidates, 0
    while factor**r <= n_candidates:
        rounds.append((r, candidates, min_resources * factor**r))
        candidates = -(-candidates // factor)
        r += 1
    return _schedule(rounds)


def _halves(n_candidates, n_samples, min_resources, factor=3):
    return sol.halving_schedule(n_candidates, n_samples, min_resources, factor=2)


HALVING = FunctionQuestion(
    id="tune.halving",
    level="mid",
    follow_ups=[
        T("Why do the later rounds use more rows?",
          "为什么后面的轮次使用更多的行？"),
        T("Which candidates can successive halving wrongly throw out early?",
          "连续减半可能会在早期错误地淘汰哪些候选？"),
    ],
    title=T("Successive halving, round by round", "逐轮看连续减半"),
    prompt=T(
        "Successive halving screens many candidates cheaply: round 0 fits every candidate on a "
        "small sample of rows, and each later round keeps the best `1/factor` of them and gives them "
        "`factor` times more rows. Write `halving_schedule(n_candidates, n_samples, min_resources, "
        "factor=3)`: one row per round with int columns `iter`, `n_candidates`, `n_resources`, as "
        "`HalvingGridSearchCV` runs it with resource `n_samples` and an integer `min_resources`. "
        "Round r uses `min_resources * factor**r` rows; its candidates are `ceil(previous / factor)`. "
        "Round r takes place only while `factor**r <= n_candidates` and `min_resources * factor**r "
        "<= n_samples`; use integer arithmetic (scikit-learn itself uses floating-point logarithms, so at "
        "exact powers such as 243 = 3⁵ it may stop one round earlier).",
        "连续减半（successive halving）用很低的代价筛选大量候选：第 0 轮在一小部分行上拟合所有候选，之后"
        "每一轮保留其中最好的 `1/factor`，并给它们 `factor` 倍的行数。请编写 `halving_schedule(n_candidates, "
        "n_samples, min_resources, factor=3)`：每轮一行，整数列 `iter`、`n_candidates`、`n_resources`，"
        "与 `HalvingGridSearchCV` 以 `n_samples` 为资源、`min_resources` 为整数时的运行方式一致。第 r 轮"
        "使用 `min_resources * factor**r` 行；该轮候选数为 `ceil(上一轮候选数 / factor)`。只有当 "
        "`factor**r <= n_candidates` 且 `min_resources * factor**r <= n_samples` 时才进行第 r 轮；请用整数运算"
        "（scikit-learn 自身用浮点对数计算，所以在 243 = 3⁵ 这样恰好是幂的地方可能少跑一轮）。"),
    hints=[
        T("A `while` loop over r = 0, 1, 2, ... with both conditions; append `(r, candidates, rows)` "
          "and update the candidates after each round.",
          "对 r = 0, 1, 2, ... 写一个同时检查两个条件的 `while` 循环；每轮追加 `(r, 候选数, 行数)`，"
          "并在每轮之后更新候选数。"),
        T("Survivors round *up*: 10 candidates with factor 3 keep 4, not 3 (`-(-n // factor)` is an "
          "integer ceiling). Rows grow geometrically: 20, 60, 180, ...",
          "幸存者向*上*取整：10 个候选、factor 3 时保留 4 个而不是 3 个（`-(-n // factor)` 是整数向上取整）。"
          "行数按几何级数增长：20、60、180……"),
        T("`pd.DataFrame(rounds, columns=['iter', 'n_candidates', 'n_resources'], dtype='int64')`. "
          "Check against scikit-learn: a fitted `HalvingGridSearchCV` has `n_candidates_` and "
          "`n_resources_`.",
          "`pd.DataFrame(rounds, columns=['iter', 'n_candidates', 'n_resources'], dtype='int64')`。可以用 "
          "scikit-learn 对照：拟合后的 `HalvingGridSearchCV` 有 `n_candidates_` 和 `n_resources_`。"),
    ],
    points=2,
    reference=sol.halving_schedule,
    cases=_halving_cases,
    rules=[Rule("integer_arithmetic", T("integer arithmetic (exact at powers of the factor)",
                                        "整数运算（在 factor 的整数次幂处也精确）"),
                _float_logarithm, case="an exact power")],
    compare_options={"ignore_index": True},
    misconceptions=[
        Misconception("floor_survivors", fn=_floor_survivors, message=T(
            "Your survivors are rounded down (`n // factor`); scikit-learn keeps `ceil(n / factor)`. "
            "Rounding down drops a candidate that earned its place (10 candidates keep 4, not 3), so "
            "the search may throw away the model you were looking for, and your plan undercounts the "
            "fits of every later round.",
            "你的幸存者数是向下取整（`n // factor`）；scikit-learn 保留的是 `ceil(n / factor)`。向下取整会"
            "丢掉本该晋级的候选（10 个候选应保留 4 个而不是 3 个），搜索可能因此扔掉你要找的模型，你的计划也会"
            "少算之后每一轮的拟合次数。")),
        Misconception("same_resources", fn=_same_resources, message=T(
            "Every round of yours uses the same number of rows. Successive halving trades candidates for "
            "data: each round gives the survivors `factor` times more rows, so the final decision "
            "between the best few is made on (nearly) all the data. Judged on a small sample to the "
            "end, the winner is picked by noise.",
            "你的每一轮都使用相同的行数。连续减半是用候选数换数据量：每一轮给幸存者 `factor` 倍的行，所以"
            "最后几个最佳候选之间的决定是在（几乎）全部数据上做出的。若一直在小样本上评判，胜者就是由噪声选出"
            "来的。")),
        Misconception("until_one_left", fn=_until_one_left, message=T(
            "Your rounds continue until one candidate is left even when that needs more rows than exist "
            "(`min_resources * factor**r > n_samples`). scikit-learn stops when the rows run out and "
            "picks the best of the last round; a schedule that asks for 1,620 rows from 600 customers "
            "is a budget you cannot spend.",
            "你的轮次会一直进行到只剩一个候选，即使这需要的行数超过现有数据（`min_resources * factor**r > "
            "n_samples`）。scikit-learn 在行数用完时停止，并从最后一轮中选出最佳；一个要求从 600 位客户中"
            "拿出 1,620 行的计划，是一笔花不出去的预算。")),
        Misconception("halves", fn=_halves, message=T(
            "You halved (factor 2) whatever `factor` was given. Despite the name, successive halving "
            "divides by `factor`, and scikit-learn's default is 3: a third of the candidates survive "
            "each round and the rows triple. With the wrong factor your plan has more rounds and a "
            "different cost than the search that will run.",
            "无论传入的 `factor` 是多少，你都按 2 减半了。虽然名字叫“减半”，连续减半实际按 `factor` 相除，"
            "scikit-learn 的默认值是 3：每轮保留三分之一的候选，行数增至三倍。用错 factor，你规划的轮数和代价"
            "就与实际运行的搜索不一致。")),
    ],
)


# =========================================================================================
# 3. best_params_from_cv_results: reading cv_results_
# =========================================================================================
def _tree_results(X, y, grid, scoring, refit=True):
    search = GridSearchCV(DecisionTreeClassifier(random_state=0), grid, cv=3, scoring=scoring,
                          refit=refit, return_train_score=True)
    return search.fit(X, y).cv_results_


def _hand_results(mean_test, mean_train, params, metric="score"):
    """``cv_results_``-like dict ranked as scikit-learn ranks: ties share the best rank, NaN last."""
    test = np.asarray(mean_test, dtype=float)
    filled = np.where(np.isnan(test), np.nanmin(test) - 1, test)
    return {"params": params, f"mean_test_{metric}": test,
            f"rank_test_{metric}": rankdata(-filled, method="min").astype(np.int32),
            f"mean_train_{metric}": np.asarray(mean_train, dtype=float)}


_FAILED_FIT = _hand_results(
    [np.nan, 0.48, 0.52, 0.52, 0.41], [np.nan, 0.55, 0.66, 0.71, 0.95],
    [{"penalty": "l1", "solver": "lbfgs"}, {"penalty": "l2", "C": 0.01}, {"penalty": "l2", "C": 0.1},
     {"penalty": "l2", "C": 1.0}, {"penalty": "l2", "C": 100.0}])


def _best_params_cases(seed):
    if seed == PUBLIC_SEED:
        X, y = _shipped_xy(0, 800)
        yield Case((_tree_results(X, y, {"max_depth": [2, 4, None], "min_samples_leaf": [1, 300]},
                                  "average_precision"),), label=T(
            "a tree's grid search scored by average precision, with training scores (800 customers of "
            "the shipped table)",
            "一棵决策树的网格搜索，按平均精确率评分，含训练分数（随附的客户表中的 800 位客户）"))
        X, y = _shipped_xy(800, 1600)
        scoring = {"average_precision": "average_precision", "accuracy": "accuracy"}
        yield Case((_tree_results(X, y, {"min_samples_leaf": [1, 100], "max_depth": [3, None]},
                                  scoring, refit="average_precision"), "average_precision"), label=T(
            "a multi-metric search (average_precision and accuracy); read average_precision",
            "一个多指标搜索（average_precision 与 accuracy）；读取 average_precision"))
        yield Case((_FAILED_FIT,), label=T(
            "hand-built results: the first candidate failed to fit (NaN score, worst rank) and two "
            "candidates tie for rank 1",
            "手工构造的结果：第一个候选拟合失败（分数为 NaN、排名最差），另有两个候选并列第 1"))
        return
    rng = np.random.default_rng(seed)
    X, y = _variant_xy(seed, n_rows=700)
    depths = sorted(rng.choice([1, 2, 3, 4, 5, 6, 8, 10], size=3, replace=False).tolist())
    leaves = sorted(rng.choice([1, 5, 10, 25, 50, 100, 200], size=2, replace=False).tolist())
    yield Case((_tree_results(X, y, {"max_depth": depths, "min_samples_leaf": leaves},
                              {"roc_auc": "roc_auc", "accuracy": "accuracy"}, refit="roc_auc"), "roc_auc"),
               label=_variant_label(seed, len(X)))
    n = 6
    test = rng.uniform(0.3, 0.7, n).round(2)
    test[rng.integers(0, n)] = np.nan
    yield Case((_hand_results(test, rng.uniform(0.5, 1.0, n), [{"C": float(c)} for c in range(n)],
                              metric="average_precision"), "average_precision"),
               label=T("random results with a failed candidate", "含一个失败候选的随机结果"))


def _train_score(cv_results, metric="score"):
    return cv_results["params"][int(np.nanargmax(cv_results[f"mean_train_{metric}"]))]


def _nan_argmax(cv_results, metric="score"):
    return cv_results["params"][int(np.argmax(cv_results[f"mean_test_{metric}"]))]


def _worst_ranked(cv_results, metric="score"):
    return cv_results["params"][int(np.argmax(cv_results[f"rank_test_{metric}"]))]


BEST_PARAMS = FunctionQuestion(
    id="tune.best_params",
    level="mid",
    follow_ups=[
        T("Why rank by `mean_test_score`, not by the best single fold?",
          "为什么按 `mean_test_score` 排序，而不是看单折最好成绩？"),
        T("Two candidates tie. Which would you pick and why?",
          "两个候选并列第一。你会选哪个？为什么？"),
    ],
    title=T("Reading cv_results_", "读懂 cv_results_"),
    prompt=T(
        "A search's `cv_results_` is the record of every candidate. Write "
        "`best_params_from_cv_results(cv_results, metric=\"score\")`: the `params` dict of the "
        "candidate ranked 1 on the *validation* score `rank_test_<metric>` (the first one when "
        "several tie, as `best_index_` does). `metric` is `\"score\"` for a single-metric search, "
        "else the metric's name. A candidate whose fits failed has a NaN score and the worst rank.",
        "搜索的 `cv_results_` 记录了每一个候选。请编写 `best_params_from_cv_results(cv_results, "
        "metric=\"score\")`：返回在*验证*分数 `rank_test_<metric>` 上排名第 1 的候选的 `params` 字典"
        "（若多个并列，取第一个，与 `best_index_` 一致）。单指标搜索时 `metric` 为 `\"score\"`，否则为指标名。"
        "拟合失败的候选分数为 NaN、排名最差。"),
    hints=[
        T("The keys are built from the metric: `f\"rank_test_{metric}\"`. Rank 1 is the best.",
          "键名由指标拼出：`f\"rank_test_{metric}\"`。排名 1 是最好的。"),
        T("`np.argmin(ranks)` returns the first position of the smallest rank; use it to index "
          "`cv_results[\"params\"]`. Ignore `mean_train_*`: it is not what the search selects on.",
          "`np.argmin(ranks)` 返回最小排名第一次出现的位置；用它去索引 `cv_results[\"params\"]`。忽略 "
          "`mean_train_*`：搜索并不依据它来选择。"),
    ],
    points=1,
    reference=sol.best_params_from_cv_results,
    cases=_best_params_cases,
    misconceptions=[
        Misconception("train_score", fn=_train_score, message=T(
            "You picked the candidate with the best *training* score (`mean_train_*`). Training scores "
            "reward memorising: the deepest, least regularised candidate always wins there and is often "
            "the worst on new customers. The search selects on the validation score "
            "(`mean_test_*`, `rank_test_*`); a campaign list built from the training-best model ranks "
            "customers worse than the one the search chose.",
            "你选择了*训练*分数（`mean_train_*`）最好的候选。训练分数奖励的是对训练数据的记忆（过拟合）：最深、正则化最弱的候选"
            "总在这里胜出，却常常在新客户上表现最差。搜索依据的是验证分数（`mean_test_*`、`rank_test_*`）；"
            "用训练分数最好的模型生成的营销名单，排序会比搜索选出的模型更差。")),
        Misconception("nan_argmax", fn=_nan_argmax, message=T(
            "You took `np.argmax` of the mean test scores, which returns the position of the first NaN "
            "when a candidate failed to fit: you selected a model that does not work. Use the ranks "
            "(`rank_test_*`, where failed candidates rank last) or `np.nanargmax`.",
            "你对平均测试分数取了 `np.argmax`；当某个候选拟合失败时，它返回的是第一个 NaN 的位置：你选中了一个"
            "根本不能用的模型。请使用排名（`rank_test_*`，失败的候选排在最后）或 `np.nanargmax`。")),
        Misconception("worst_ranked", fn=_worst_ranked, message=T(
            "You took the largest rank number: rank 1 is the best candidate and the largest rank the "
            "worst. Deploying the worst candidate puts the wrong customers at the top of the campaign "
            "list.",
            "你取了最大的排名数字：排名 1 才是最佳候选，最大的排名是最差的。部署最差的候选，会把错误的客户放到"
            "营销名单的最前面。")),
    ],
)


# =========================================================================================
# 4. nested_cv_scores: an honest estimate of a tuned model
# =========================================================================================
def _nested_cases(seed):
    if seed == PUBLIC_SEED:
        X, y = _shipped_xy(0, 600)
        yield Case(kwargs=dict(estimator=DecisionTreeClassifier(random_state=0),
                               param_grid={"max_depth": [2, 4], "min_samples_leaf": [5, 30]}, X=X, y=y,
                               inner_cv=2),
                   label=T("a decision tree, a 2 × 2 grid, 600 customers of the shipped table, 2 inner and "
                           "3 outer folds, average precision",
                           "决策树、2 × 2 的网格、随附的客户表中的 600 位客户、内层 2 折、外层 3 折、平均精确率"))
        X, y = _shipped_xy(600, 1200)
        yield Case(kwargs=dict(estimator=DecisionTreeClassifier(random_state=0),
                               param_grid={"max_depth": [3, 5], "min_samples_leaf": [40]}, X=X, y=y,
                               inner_cv=2, outer_cv=4, scoring="roc_auc"),
                   label=T("a decision tree, another 600 customers, 2 inner and 4 outer folds, ROC-AUC",
                           "决策树、另外 600 位客户、内层 2 折、外层 4 折、ROC-AUC"))
        return
    rng = np.random.default_rng(seed)
    X, y = _variant_xy(seed, n_rows=500)
    depths = sorted(rng.choice([2, 3, 4, 5, 6, 8], size=2, replace=False).tolist())
    leaves = sorted(rng.choice([1, 5, 15, 40, 80], size=2, replace=False).tolist())
    yield Case(kwargs=dict(estimator=DecisionTreeClassifier(random_state=0),
                           param_grid={"max_depth": depths, "min_samples_leaf": leaves}, X=X, y=y,
                           inner_cv=int(rng.integers(2, 4)), outer_cv=int(rng.integers(3, 5)),
                           scoring=["average_precision", "roc_auc"][seed % 2]),
               label=_variant_label(seed, len(X)))


def _tuned_on_all_data(estimator, param_grid, X, y, inner_cv=3, outer_cv=3, scoring="average_precision"):
    search = GridSearchCV(estimator, param_grid, cv=inner_cv, scoring=scoring).fit(X, y)
    return cross_val_score(search.best_estimator_, X, y, cv=outer_cv, scoring=scoring)


def _inner_best_scores(estimator, param_grid, X, y, inner_cv=3, outer_cv=3, scoring="average_precision"):
    scores = []
    for train, _ in StratifiedKFold(outer_cv).split(X, y):
        search = GridSearchCV(estimator, param_grid, cv=inner_cv, scoring=scoring)
        scores.append(search.fit(X.iloc[train], y.iloc[train]).best_score_)
    return np.array(scores)


def _inner_default_scoring(estimator, param_grid, X, y, inner_cv=3, outer_cv=3, scoring="average_precision"):
    return cross_val_score(GridSearchCV(estimator, param_grid, cv=inner_cv), X, y, cv=outer_cv,
                           scoring=scoring)


NESTED = FunctionQuestion(
    id="tune.nested",
    level="senior",
    follow_ups=[
        T("What does the outer loop estimate: one model or the procedure?",
          "外层循环估计的是一个模型，还是整个建模流程？"),
        T("How many fits does your nested CV cost?",
          "你的嵌套交叉验证一共要拟合多少次？"),
        T("When is nested CV not worth its cost?",
          "什么时候嵌套交叉验证不值得它的计算成本？"),
    ],
    title=T("Nested cross-validation", "嵌套交叉验证"),
    prompt=T(
        "A tuned model's honest score needs data the tuning never saw. Write "
        "`nested_cv_scores(estimator, param_grid, X, y, inner_cv=3, outer_cv=3, "
        "scoring=\"average_precision\")`: for each of `outer_cv` stratified folds, fit "
        "`GridSearchCV(estimator, param_grid, cv=inner_cv, scoring=scoring)` on the fold's training "
        "part only and score it with `scoring` on the fold's held-out part. Return the `outer_cv` "
        "scores as a numpy array. Integer folds mean `StratifiedKFold` without shuffling, as "
        "scikit-learn uses for a classifier.",
        "调好参的模型要得到诚实的分数，需要调参从未见过的数据。请编写 `nested_cv_scores(estimator, "
        "param_grid, X, y, inner_cv=3, outer_cv=3, scoring=\"average_precision\")`：在 `outer_cv` 个分层"
        "折的每一折上，只用该折的训练部分拟合 `GridSearchCV(estimator, param_grid, cv=inner_cv, "
        "scoring=scoring)`，再用 `scoring` 在该折的留出部分上打分。以 numpy 数组返回这 `outer_cv` 个分数。"
        "整数折数表示不打乱的 `StratifiedKFold`，与 scikit-learn 对分类器的默认做法一致。"),
    hints=[
        T("A `GridSearchCV` is itself an estimator: whatever fits it also tunes it.",
          "`GridSearchCV` 本身就是一个估计器：拟合它的过程同时也完成了调参。"),
        T("So cross-validate the search: `cross_val_score(search, X, y, cv=outer_cv, scoring=scoring)`. "
          "Pass `scoring` to the search too, or it tunes for accuracy.",
          "所以对搜索本身做交叉验证：`cross_val_score(search, X, y, cv=outer_cv, scoring=scoring)`。"
          "也要把 `scoring` 传给搜索，否则它会按准确率调参。"),
    ],
    points=2,
    reference=sol.nested_cv_scores,
    cases=_nested_cases,
    misconceptions=[
        Misconception("tuned_on_all_data", fn=_tuned_on_all_data, message=T(
            "You tuned on all rows first and then cross-validated the winner. Every outer test fold "
            "already took part in choosing the parameters, so the scores are optimistic: the "
            "selection has seen the answers. Tune inside each outer training fold (cross-validate the "
            "search object itself); otherwise the business is promised a campaign lift the model will "
            "not deliver.",
            "你先在全部行上调参，再对选出的模型做交叉验证。每个外层测试折都已经参与了参数选择，所以分数是乐观的："
            "选择过程看过了答案。请在每个外层训练折内部调参（对搜索对象本身做交叉验证）；否则向业务方承诺的营销"
            "提升，模型兑现不了。")),
        Misconception("inner_best_scores", fn=_inner_best_scores, message=T(
            "You returned each inner search's `best_score_`. That is the maximum of several noisy "
            "validation scores, measured on the very data used to choose: selection biases it upwards "
            "(the more candidates, the more), and it never tests the tuned model on new rows. Score the "
            "fitted search on the outer fold's held-out rows instead.",
            "你返回的是每个内层搜索的 `best_score_`。它是多个带噪声验证分数中的最大值，而且正是在用于选择的数据上"
            "测得的：选择过程使它系统性偏高（候选越多偏高越多），也从未在新的行上检验调好参的模型。请改为在外层折"
            "的留出行上为拟合好的搜索打分。")),
        Misconception("inner_default_scoring", fn=_inner_default_scoring, message=T(
            "Your inner search does not get `scoring`, so it tunes for accuracy while the outer loop "
            "reports another metric. On a label with 20% positives accuracy prefers models that "
            "predict 'not high value', so the parameters are chosen for the wrong goal. Give the search "
            "the same `scoring` as the evaluation.",
            "你的内层搜索没有拿到 `scoring`，于是它按准确率调参，而外层报告的是另一个指标。在正例只占 20% 的"
            "标签上，准确率偏爱预测“非高价值”的模型，参数就是为错误的目标选出来的。请给搜索与评估相同的 "
            "`scoring`。")),
    ],
)


# =========================================================================================
# 5. The estimator question: a search for the campaign list, within budget
# =========================================================================================
def _split(X, y, train_size, seed):
    X_train, X_test, y_train, y_test = train_test_split(X, y, train_size=train_size, stratify=y,
                                                        random_state=seed)
    return X_train, y_train, X_test, y_test


def _search_cases(seed):
    if seed == PUBLIC_SEED:
        X, y = _shipped_xy(0, None)
        yield Case(_split(X, y, 1000, 0), label=T(
            "the shipped table: 1000 training customers, the other 2500 held out",
            "随附的客户表：1000 位训练客户，其余 2500 位留出"))
        return
    X, y = _variant_xy(seed)
    yield Case(_split(X, y, 0.5, seed), label=_variant_label(seed, len(X)))


def _not_a_search(description, case):
    return design.search_of(description) is None


def _no_refit(description, case):
    search = design.search_of(description)
    return search is not None and design.param(search, "refit") is False


def _threshold_scoring(description, case):
    """The search selects on accuracy (no ``scoring``) or a yes/no metric, or scores hard predictions."""
    search = design.search_of(description)
    if search is None:
        return False
    metric = design.selection_metric(search)
    return metric is None or metric.startswith(design.THRESHOLD_METRICS) or metric.endswith("_on_predictions")


def _over_budget(description, case):
    fits = design.search_fits(description, case)
    return fits is not None and fits > sol.FIT_BUDGET


#: splitters that ignore the label: a fold can get noticeably fewer high-value customers
_UNSTRATIFIED = ("KFold", "RepeatedKFold", "ShuffleSplit", "LeaveOneOut")


def _unstratified(description, case):
    search = design.search_of(description)
    cv = search["params"].get("cv") if search is not None else None
    return (isinstance(cv, dict) and cv.get("t") == "splitter"
            and cv["class"].startswith("sklearn.") and design.class_name(cv) in _UNSTRATIFIED)


def _tree_search(**overrides):
    from sklearn.model_selection import RandomizedSearchCV

    options = dict(param_distributions={"max_depth": list(range(2, 8)), "min_samples_leaf": [5, 20, 50]},
                   n_iter=4, cv=StratifiedKFold(3, shuffle=True, random_state=0), scoring="average_precision",
                   random_state=0)
    options.update(overrides)
    return RandomizedSearchCV(DecisionTreeClassifier(random_state=0), **options)


def _single_model():
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(max_iter=40, learning_rate=0.1, max_leaf_nodes=8, min_samples_leaf=40,
                                          random_state=0)


def _refit_off():
    return _tree_search(refit=False)


def _default_scoring():
    return _tree_search(scoring=None)


def _big_grid():
    return GridSearchCV(DecisionTreeClassifier(random_state=0),
                        {"max_depth": [2, 3, 4, 5], "min_samples_leaf": [5, 20, 50]},
                        cv=StratifiedKFold(3, shuffle=True, random_state=0), scoring="average_precision")


def _plain_folds():
    from sklearn.model_selection import KFold

    return _tree_search(cv=KFold(3, shuffle=True, random_state=0))


SEARCH = EstimatorQuestion(
    id="tune.search",
    level="senior",
    follow_ups=[
        T("Walk me through your fit budget.",
          "带我算一遍你的拟合预算。"),
        T("Which parameters did you search on a log scale, and why?",
          "哪些参数你是在对数尺度上搜索的？为什么？"),
        T("How would you make the search reproducible and cheap to rerun every month?",
          "你会如何让这次搜索可复现，并且每月重跑的成本很低？"),
    ],
    name="search",
    title=T("A search for the campaign list, on a budget", "为营销名单而做、控制预算的搜索"),
    prompt=T(
        f"Build an unfitted scikit-learn search (e.g. `RandomizedSearchCV` over a "
        f"`HistGradientBoostingClassifier`) for the high-value flag from the numeric features "
        f"(NaN allowed). Marketing calls the customers the model ranks highest, so the search must "
        f"select on average precision; it must be refit so it can score customers; and it may spend "
        f"at most {sol.FIT_BUDGET} fits (candidates × folds + the refit). It is fitted on training "
        f"customers and judged by average precision on held-out customers.",
        f"构建一个未拟合的 scikit-learn 搜索（例如对 `HistGradientBoostingClassifier` 做 "
        f"`RandomizedSearchCV`），用数值特征（允许 NaN）预测高价值标记。营销会联系模型排名最靠前的客户，"
        f"所以搜索必须按平均精确率选择；必须 refit，才能给客户打分；最多只能花 {sol.FIT_BUDGET} 次拟合"
        f"（候选数 × 折数 + refit）。它会在训练客户上拟合，并以留出客户上的平均精确率评判。"),
    hints=[
        T("`RandomizedSearchCV(HistGradientBoostingClassifier(max_iter=40, random_state=0), "
          "param_distributions, n_iter=..., cv=..., scoring=..., random_state=0)`",
          "`RandomizedSearchCV(HistGradientBoostingClassifier(max_iter=40, random_state=0), "
          "param_distributions, n_iter=..., cv=..., scoring=..., random_state=0)`"),
        T("Sample `learning_rate` and `l2_regularization` on a log scale (`scipy.stats.loguniform`), "
          "`max_leaf_nodes` and `min_samples_leaf` as integers (`scipy.stats.randint`).",
          "在对数尺度上采样 `learning_rate` 和 `l2_regularization`（`scipy.stats.loguniform`），"
          "`max_leaf_nodes` 和 `min_samples_leaf` 取整数（`scipy.stats.randint`）。"),
        T("Budget: `n_iter=6` with `cv=StratifiedKFold(3, shuffle=True, random_state=0)` is "
          "6 × 3 + 1 = 19 fits. `scoring=\"average_precision\"`; keep `refit=True`.",
          "预算：`n_iter=6` 配合 `cv=StratifiedKFold(3, shuffle=True, random_state=0)` 是 6 × 3 + 1 = 19 "
          "次拟合。`scoring=\"average_precision\"`；保持 `refit=True`。"),
    ],
    points=3,
    reference=sol.tuned_search,
    cases=_search_cases,
    metric="average_precision",
    tolerance=0.06,
    time_limit=20.0,
    fit_budget=sol.FIT_BUDGET,
    misconceptions=[
        Misconception("not_a_search", design=_not_a_search, message=T(
            "This is a single model, not a search: nothing was tuned, so its parameters are whatever "
            "the defaults happen to be, and untuned defaults may be far from the best for a table of "
            "this size. "
            "Wrap it in `RandomizedSearchCV`, `GridSearchCV` or a halving search.",
            "这是单个模型，而不是搜索：什么都没有调，参数只是碰巧的默认值，而未经调优的默认值可能离这种规模的表上的最佳设置相去甚远。"
            "请把它包进 `RandomizedSearchCV`、`GridSearchCV` 或减半搜索中。")),
        Misconception("no_refit", design=_no_refit, message=T(
            "Your search has `refit=False`: it only reports scores and keeps no fitted model, so it has "
            "no `predict_proba` and cannot rank a single customer. Leave `refit=True`: the search then "
            "refits the best candidate on all training rows, ready to use (no second `fit` needed).",
            "你的搜索设置了 `refit=False`：它只报告分数，不保留拟合好的模型，因此没有 `predict_proba`，无法给任何"
            "客户排序。保持 `refit=True`：搜索会在全部训练行上重新拟合最佳候选，直接可用（不需要再 `fit` 一次）。")),
        Misconception("threshold_scoring", design=_threshold_scoring, message=T(
            "Your search selects on accuracy (the default when `scoring` is not given) or another "
            "yes/no metric. With 20% high-value customers, a model that calls nobody high value is 80% "
            "accurate, and accuracy says nothing about who is at the top of the list. The campaign "
            "calls the best-ranked customers, so select on `scoring=\"average_precision\"`.",
            "你的搜索按准确率（未指定 `scoring` 时的默认值）或其他是/否型指标来选择。高价值客户只占 20%，一个谁都"
            "不判为高价值的模型准确率就有 80%，而准确率完全不反映谁排在名单前面。营销联系的是排名最靠前的客户，"
            "所以请用 `scoring=\"average_precision\"` 来选择。")),
        Misconception("over_budget", design=_over_budget, message=T(
            f"Your search makes more than {sol.FIT_BUDGET} fits (candidates × folds + refit). On the "
            f"full customer base every fit costs real minutes; the original answer's 81 × 5 grid is 406 fits. Use "
            f"fewer candidates (`n_iter`), 3 folds, or a halving search that screens candidates on a "
            f"sample.",
            f"你的搜索拟合次数超过了 {sol.FIT_BUDGET} 次（候选数 × 折数 + refit）。在全量客户上每次拟合都要实打实"
            f"的几分钟；题库原文答案中 81 × 5 的网格是 406 次拟合。请减少候选数（`n_iter`）、用 3 折，或者用在样本上"
            f"筛选候选的减半搜索。")),
        Misconception("unstratified", design=_unstratified, message=T(
            "Your folds are not stratified (`KFold`/`ShuffleSplit`): with 20% positives some folds get "
            "noticeably fewer high-value customers, their average precision is noisier, and the search "
            "partly picks its winner by luck. Use `StratifiedKFold(n_splits, shuffle=True, "
            "random_state=0)` (or an integer `cv`, which stratifies for a classifier).",
            "你的折没有分层（`KFold`/`ShuffleSplit`）：正例只占 20%，有些折里的高价值客户会明显偏少，平均精确率"
            "噪声更大，搜索在一定程度上是靠运气选出胜者。请用 `StratifiedKFold(n_splits, shuffle=True, "
            "random_state=0)`（或整数 `cv`，对分类器会自动分层）。")),
    ],
    rules=[
        Rule("a_search", T("a search, not a single model", "一个搜索，而不是单个模型"), _single_model,
             misconception="not_a_search"),
        Rule("refit", T("refit, so it can score customers", "refit，才能给客户打分"), _refit_off,
             misconception="no_refit"),
        Rule("average_precision", T("selects on average precision", "按平均精确率选择"), _default_scoring,
             misconception="threshold_scoring"),
        Rule("budget", T(f"at most {sol.FIT_BUDGET} fits", f"最多 {sol.FIT_BUDGET} 次拟合"), _big_grid,
             misconception="over_budget"),
        Rule("stratified", T("stratified folds", "分层的折"), _plain_folds, misconception="unstratified"),
    ],
)


# =========================================================================================
# 6. Choice questions: scoring, refit, reporting
# =========================================================================================
SCORING = ChoiceQuestion(
    id="tune.scoring",
    level="mid",
    follow_ups=[
        T("What happens to the chosen model if the search optimises accuracy?",
          "如果搜索优化的是准确率，被选中的模型会怎样？"),
        T("How would you score a search on profit at the top 500 directly?",
          "你会如何让搜索直接按前 500 名的利润来打分？"),
    ],
    name="scoring_choice",
    title=T("Which scoring for the search?", "搜索用哪个 scoring？"),
    prompt=T("Marketing will send a costly retention offer to the 500 customers the model ranks "
             "highest. Which `scoring` should the search optimise?",
             "营销将向模型排名最高的 500 位客户发送一份成本不低的挽留优惠。搜索应当优化哪个 `scoring`？"),
    options={
        "a": T("`\"average_precision\"`: how well high-value customers are concentrated at the top.",
               "`\"average_precision\"`：高价值客户在排名前列的集中程度。"),
        "b": T("`scoring=None`: the classifier's default score (accuracy), which every model reports.",
               "`scoring=None`：分类器默认的分数（准确率），每个模型都会报告它。"),
        "c": T("`\"f1\"` at the default 0.5 threshold, balancing precision and recall of the "
               "high-value class.",
               "默认 0.5 阈值下的 `\"f1\"`，兼顾高价值类别的精确率和召回率。"),
        "d": T("`\"neg_mean_squared_error\"` on the 0/1 label, which also rewards well-calibrated "
               "probabilities.",
               "在 0/1 标签上用 `\"neg_mean_squared_error\"`，它还会奖励校"
               "准良好的概率。"),
    },
    answer=sol.SCORING_RULE,
    explanations={
        "a": T("Average precision summarises precision down the ranked list, which is what a top-N "
               "campaign spends its budget on.",
               "平均精确率综合了排名列表自上而下各截断位置的精确率，这正是前 N 名营销花预算的依据。"),
        "b": T("Accuracy rewards calling nobody high value (80% right on a 20% label) and ignores the "
               "order of the list the campaign uses.",
               "准确率奖励“谁都不是高价值”（在 20% 的标签上能对 80%），也不关心营销使用的名单顺序。"),
        "c": T("F1 judges one threshold (0.5) that the campaign does not use: it takes the top 500, "
               "whatever their probabilities.",
               "F1 只评判一个营销并不使用的阈值（0.5）：营销取的是前 500 名，不管它们的概率是多少。"),
        "d": T("A regression loss on a yes/no label is neither the business goal nor a ranking metric; "
               "it mostly rewards calibrated probabilities.",
               "在是/否标签上用回归损失，既不是业务目标也不是排序指标；它主要奖励概率校准。"),
    },
    hints=[T("What does the campaign use: a yes/no prediction at 0.5, or the order of the list?",
             "营销用的是什么：0.5 处的是/否预测，还是名单的顺序？")],
)

REFIT = ChoiceQuestion(
    id="tune.refit",
    level="mid",
    follow_ups=[
        T("What would a second `fit` on different data do to the selected model?",
          "在不同的数据上再 `fit` 一次，会对选中的模型产生什么影响？"),
        T("When would you set `refit=False`?",
          "什么时候你会设置 `refit=False`？"),
    ],
    name="refit_choice",
    title=T("What does refit=True already do?", "refit=True 已经做了什么？"),
    prompt=T("After `search = GridSearchCV(model, grid, cv=5, scoring=\"average_precision\")` and "
             "`search.fit(X_train, y_train)` (refit left at its default), what is "
             "`search.best_estimator_`?",
             "执行 `search = GridSearchCV(model, grid, cv=5, scoring=\"average_precision\")` 和 "
             "`search.fit(X_train, y_train)`（refit 保持默认）之后，`search.best_estimator_` 是什么？"),
    options={
        "a": T("The model fitted on the training part of the fold with the best validation score.",
               "在验证分数最好的那一折的训练部分上拟合的模型。"),
        "b": T("The model with the best parameters, fitted on X_train and the test set together.",
               "带最佳参数、在 X_train 和测试集合并后的数据上拟合的模型。"),
        "c": T("An unfitted copy of the model with the best parameters: call "
               "`best_estimator_.fit(X_train, y_train)` before predicting.",
               "带最佳参数、尚未拟合的模型副本：预测之前要调用 `best_estimator_.fit"
               "(X_train, y_train)`。"),
        "d": T("The model with the best parameters, already refit on all of X_train: ready to "
               "predict.",
               "带最佳参数、已在全部 X_train 上重新拟合的模型：可以直接用于预测。"),
    },
    answer=sol.REFIT_RULE,
    explanations={
        "a": T("The fold models are discarded; with refit=True the search fits the best candidate once "
               "more on every training row.",
               "各折上的模型都会被丢弃；refit=True 时，搜索会在全部训练行上再拟合一次最佳候选。"),
        "b": T("The search never sees the test set; that is what keeps the test score honest.",
               "搜索从不接触测试集；测试分数正是因此才可信。"),
        "c": T("That is the original answer's mistake: `best_estimator_` is already fitted (see `refit_time_`); the "
               "second fit on X_train wastes a full fit, and on other data it would change the model "
               "you selected.",
               "这正是题库原文答案的错误：`best_estimator_` 已经拟合好了（见 `refit_time_`）；在 X_train 上再拟合"
               "一次浪费一整次拟合，换成其他数据还会改变你选中的模型。"),
        "d": T("refit=True fits the best candidate on all of X_train once; use it directly.",
               "refit=True 会在全部 X_train 上把最佳候选拟合一次；直接使用即可。"),
    },
    hints=[T("Look for `refit_time_` on a fitted search: what was timed there?",
             "看看拟合后搜索对象上的 `refit_time_`：它计时的是什么？")],
)

REPORT = ChoiceQuestion(
    id="tune.report",
    level="senior",
    follow_ups=[
        T("Why does `best_score_` overstate more as the number of candidates grows?",
          "为什么候选越多，`best_score_` 高估得越厉害？"),
        T("No test set is left. What do you report, and at what compute cost?",
          "没有剩余的测试集了。你会报告什么？计算成本是多少？"),
    ],
    name="report_choice",
    title=T("Which scores can you report?", "可以汇报哪些分数？"),
    prompt=T("A random search over 60 candidates ends with `best_score_` = 0.62 average precision. "
             "Which numbers can you give the business as the expected quality of the model? Select "
             "every one that applies.",
             "一次包含 60 个候选的随机搜索结束时 `best_score_` = 0.62（平均精确"
             "率）。哪些数字可以作为模型的预期质量告诉业务方？请选出所有符合的选项。"),
    options={
        "a": T("The average precision of `best_estimator_` on a test set the search never saw.",
               "`best_estimator_` 在搜索从未见过的测试集上的平均精确率。"),
        "b": T("0.62 itself: it is a cross-validated score on held-out folds, so it is unbiased.",
               "就是 0.62：它是在留出折上算出的交叉验证分数，所以是无偏的。"),
        "c": T("A nested cross-validation estimate: the search repeated inside each outer fold.",
               "嵌套交叉验证的估计：在每个外层折内重新做一遍搜索。"),
        "d": T("The mean of `mean_test_score` over all 60 candidates, which evens out the lucky ones.",
               "全部 60 个候选 `mean_test_score` 的平均值，可以抵消运气好的候选。"),
        "e": T("The best `mean_train_score`, since the final model is trained on all the training "
               "rows.",
               "最好的 `mean_train_score`，因为最终模型是在全部训练行上训练的。"),
    },
    answer=sol.REPORT_RULE,
    explanations={
        "a": T("Only data that played no part in the choice gives an honest estimate.",
               "只有完全没有参与选择的数据，才能给出诚实的估计。"),
        "b": T("Each CV score is noisy and `best_score_` is the largest of 60 of them: it was chosen "
               "for being high, so it overstates the model (the more candidates, the more).",
               "每个交叉验证分数都有噪声，而 `best_score_` 是其中 60 个里的最大值：它因为高才被选中，所以会高估"
               "模型（候选越多高估越多）。"),
        "c": T("Nested cross-validation repeats the whole choice inside each outer fold, so no outer "
               "score is one the choice was made on.",
               "嵌套交叉验证在每个外层折内重做整个选择过程，所以外层分数都没有参与过选择。"),
        "d": T("That describes the average candidate, not the model you deploy.",
               "这描述的是一个平均水平的候选，而不是你部署的模型。"),
        "e": T("Training scores measure memorisation; they overstate performance on new customers "
               "most of all.", "训练分数衡量的是记忆程度；它对新客户表现的高估最严重。"),
    },
    hints=[T("Was 0.62 chosen *because* it was the highest of many noisy numbers?",
             "0.62 是不是*因为*它在许多带噪声的数字里最高才被选出来的？")],
)


# =========================================================================================
# 7. Closing interview
# =========================================================================================
#: the script the question reviews (the notebook's section 1 shows it too): the prompt carries it into
#: assignments
_SEED_SCRIPT = """```python
# `model`: the RandomForestClassifier(n_estimators=100, random_state=42) fitted in the previous task
param_grid = {"n_estimators": [100, 200, 300], "max_depth": [10, 20, 30],
              "min_samples_split": [2, 5, 10], "min_samples_leaf": [1, 2, 4]}
grid_search = GridSearchCV(estimator=model, param_grid=param_grid, cv=5, scoring="accuracy")
grid_search.fit(X_train, y_train)
best_model = grid_search.best_estimator_
best_model.fit(X_train, y_train)   # "retrain with the best parameters"
print("test accuracy:", accuracy_score(y_test, best_model.predict(X_test)))
```"""

SEED_REVIEW = OpenQuestion(
    id="tune.seed_review",
    level="mid",
    follow_ups=[
        T("How many forest fits does the script make?",
          "这段脚本一共拟合了多少次随机森林？"),
        T("What is wrong with `tuned.fit(X_train, y_train)` after the search?",
          "搜索之后再调用 `tuned.fit(X_train, y_train)` 有什么问题？"),
        T("Rewrite the search for a one-hour budget.",
          "在一小时的预算内重写这次搜索。"),
    ],
    name="seed_review",
    title=T("Interview: review the original tuning script", "面试题：审查题库原文的调参脚本"),
    prompt=T("The original answer to 'tune the model to improve the customer value assessment' is "
             "this script. What is wrong with it, and what would you do instead? (original coding "
             "task 3)\n\n" + _SEED_SCRIPT,
             "题库原文对“对模型进行调优，提高客户价值评估的准确性”给出的答案是下面这段脚本。它有哪些问题？"
             "你会怎么做？（原题编程题 3）\n\n" + _SEED_SCRIPT),
    model_answer=T(
        sol.SEED_REVIEW_ANSWER,
        "1）代价：网格有 3 × 3 × 3 × 3 = 81 个候选，5 折交叉验证就是 81 × 5 = 405 次随机森林拟合，加上 refit "
        "共 406 次，每次最多 300 棵树，而调的参数大多影响不大（三个 max_depth 取值都让树长得很深）。用 20–30 个"
        "候选、3 折的随机搜索或连续减半搜索，能以十分之一的代价探索更多不同取值。2）指标：在正例占 20% 的标签上"
        "用 scoring='accuracy'，会奖励把谁都判为非高价值的模型（准确率 80%），也完全不反映营销名单的顺序；业务是"
        "对客户排序，所以搜索应优化 average_precision（或 ROC-AUC）。3）refit：refit=True（默认）时，"
        "grid_search.best_estimator_ 已经用最佳参数在全部 X_train 上重新拟合过；best_model.fit(X_train, "
        "y_train) 只是重复这项工作（白白多拟合一次森林），若在其他数据上拟合，还会悄悄改变选中的模型。4）汇报："
        "best_score_ 是 81 个带噪声的交叉验证估计中的最大值，会高估模型；应报告在未动用的测试集上的分数（用业务"
        "指标而不是准确率）或嵌套交叉验证的估计，并固定 random_state、使用分层且打乱的交叉验证划分器，保证结果可"
        "复现。5）两处细节：搜索拿到的是 `model`，即上一题已经拟合好的随机森林；这没有害处（搜索会克隆估计器，"
        "不会用到它的拟合结果），但说明作者以为搜索会在它的基础上继续。另外，n_estimators 不是要调的超参数，"
        "而是预算：树越多，随机森林的期望表现不会变差，只是更耗时，所以应把它固定（在预算允许的范围内尽量多），"
        "把搜索花在树的形状上（max_depth、min_samples_leaf、max_features）。"),
    rubric=[
        (T("Counts the cost (81 candidates × 5 folds + refit = 406 fits) and proposes a randomized or "
           "halving search on a budget", "算出代价（81 个候选 × 5 折 + refit = 406 次拟合），并提出有预算的随机"
           "搜索或减半搜索"), 1.0),
        (T("Rejects accuracy on the skewed label and names a ranking metric (average precision)",
           "指出在偏斜标签上不应使用准确率，并给出排序指标（平均精确率）"), 1.0),
        (T("Explains that best_estimator_ is already refit, so the second fit is wasted (and wrong on "
           "other data)", "解释 best_estimator_ 已经重新拟合过，第二次拟合是浪费（换数据则是错误）"), 1.0),
        (T("Says best_score_ is optimistic and reports a test-set or nested-CV score",
           "指出 best_score_ 偏乐观，应报告测试集或嵌套交叉验证的分数"), 1.0),
        (T("Senior: notices that the search is handed an already-fitted model (harmless: it is cloned) and "
           "that a forest's n_estimators is a budget to fix, not a hyper-parameter to tune",
           "资深：注意到搜索拿到的是已经拟合过的模型（无害：会被克隆），并指出随机森林的 n_estimators 是应当"
           "固定的预算，而不是要调的超参数"), 1.0),
    ],
    hints=[T("Go through it line by line: how many fits, which metric, what does the second `fit` do, "
             "which number is reported?",
             "逐行过一遍：拟合多少次、用什么指标、第二次 `fit` 做了什么、汇报的是哪个数字？")],
    points=5,
)

BUDGET = OpenQuestion(
    id="tune.budget",
    level="senior",
    follow_ups=[
        T("Which parameters matter most for gradient boosting, in your experience?",
          "根据你的经验，梯度提升模型中最重要的参数是哪些？"),
        T("How do you know when to stop tuning?",
          "你怎么知道什么时候该停止调参？"),
    ],
    name="budget_answer",
    title=T("Interview: tuning on a budget without overfitting", "面试题：在预算内调参且不过拟合"),
    prompt=T("The original question bank lists overfitting and compute cost among the common problems "
             "of customer value models. How do you tune a model when compute is limited, and how do you "
             "make sure the tuning itself does not overfit?",
             "题库原文把过拟合和计算资源需求列为客户价值模型的常见问题。在计算资源有限时你如何调参？又如何确保调参"
             "本身不会过拟合？"),
    model_answer=T(
        sol.BUDGET_ANSWER,
        "先定预算（拟合次数或分钟数），再把它花在回报最高的地方。从合理的默认值和一个基线出发，然后只调对该模型族"
        "真正重要的少数参数（梯度提升：学习率、叶子数或深度、最小叶子样本数、正则化），在对数尺度的范围上做随机搜索，"
        "或者用连续减半搜索：先在样本上筛选大量候选，只把全量数据留给最好的几个；通常 3 个分层折就够了。优化业务"
        "使用的指标（排序营销名单用平均精确率），在噪声范围内相当的候选中选更简单的那个。防止对验证数据过拟合：保留一"
        "个搜索从未见过的测试集（最好是更晚的时期，即跨时间验证），或用嵌套交叉验证诚实地估计调参后的流水线；记住 "
        "best_score_ 是乐观的，试过的候选越多越乐观；把所有预处理都放进流水线，避免折间泄漏；不要反复对同一个测试集"
        "调参。直接使用 refit 得到的 best_estimator_，而不是再拟合一次。"),
    rubric=[
        (T("Budget-aware strategy: few important parameters, randomized or halving search, few folds",
           "有预算意识的策略：少数重要参数、随机或减半搜索、较少的折数"), 1.0),
        (T("Selects on the business metric", "按业务指标选择"), 1.0),
        (T("Keeps an untouched (ideally out-of-time) test set or uses nested CV; knows best_score_ is "
           "optimistic", "保留未动用（最好是跨时间）的测试集或使用嵌套交叉验证；知道 best_score_ 偏乐观"), 1.0),
        (T("Avoids leakage and repeated tuning on the test set", "避免泄漏以及反复对测试集调参"), 1.0),
    ],
    hints=[T("Two halves: spending the budget well, and keeping one score the tuning never touched.",
             "分两部分回答：如何把预算花好，以及如何保留一个调参从未碰过的分数。")],
    points=4,
)


QUESTIONS = [N_FITS, HALVING, BEST_PARAMS, SCORING, REFIT, REPORT, NESTED, SEARCH, SEED_REVIEW, BUDGET]
