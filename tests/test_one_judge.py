"""One judge for ``check`` and ``workbook grade``: the same record, the same verdict.

The shared contract (``check_one_judge``, ``check_rules_are_enforced`` in :mod:`grader.testing`)
proves it for every question's reference, recorded mistakes and rule mutants with the harvest
simulated in-process. Here: answers written beside the project's own (alternative correct
answers and realistic mistakes), the description the judge reads, and real ``workbook grade``
runs of representative estimator answers in a kernel.
"""

from __future__ import annotations

import json
import math
import textwrap

import pytest
from nbformat.v4 import new_code_cell, new_notebook

from grader import design, grading
from grader._harvest import _wb_describe, _wb_estimator_record
from grader.notebooks import write
from grader.outcomes import Correct, Incorrect
from grader.registry import find_question
from grader.testing import HIDDEN_SEEDS, graded_in_process

SEED = HIDDEN_SEEDS[0]
OPTIONS = grading.GradeOptions(seed=SEED, cell_timeout=120, timeout=600, memory=3 * 2**30)

#: (question id, name, source defining the learner's variable, passes?, misconception or None)
ANSWERS = [
    ("tune.search", "random search, another valid space", """
        from scipy.stats import loguniform, randint
        from sklearn.ensemble import HistGradientBoostingClassifier
        from sklearn.model_selection import RandomizedSearchCV, StratifiedKFold
        search = RandomizedSearchCV(
            HistGradientBoostingClassifier(max_iter=60, random_state=1),
            {"learning_rate": loguniform(0.05, 0.2), "max_depth": randint(2, 5),
             "min_samples_leaf": randint(20, 80)},
            n_iter=9, cv=StratifiedKFold(3, shuffle=True, random_state=1),
            scoring="average_precision", random_state=1)
        """, True, None),
    ("tune.search", "a pipeline wrapping a search", """
        from sklearn.impute import SimpleImputer
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import GridSearchCV
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler
        search = make_pipeline(SimpleImputer(strategy="median"), StandardScaler(), GridSearchCV(
            LogisticRegression(max_iter=500), {"C": [0.01, 0.1, 1.0, 10.0]}, cv=5,
            scoring="average_precision"))
        """, True, None),
    ("tune.search", "a callable scorer for average precision", """
        from sklearn.ensemble import HistGradientBoostingClassifier
        from sklearn.metrics import average_precision_score, make_scorer
        from sklearn.model_selection import GridSearchCV
        search = GridSearchCV(HistGradientBoostingClassifier(max_iter=40, random_state=0),
                              {"max_leaf_nodes": [8, 16], "learning_rate": [0.05, 0.1]}, cv=3,
                              scoring=make_scorer(average_precision_score, response_method="predict_proba"))
        """, True, None),
    ("tune.search", "a halving search within budget", """
        from sklearn.experimental import enable_halving_search_cv  # noqa: F401
        from sklearn.ensemble import HistGradientBoostingClassifier
        from sklearn.model_selection import HalvingGridSearchCV
        search = HalvingGridSearchCV(HistGradientBoostingClassifier(max_iter=40, random_state=0),
                                     {"max_leaf_nodes": [4, 8, 16], "min_samples_leaf": [20, 60]},
                                     factor=3, min_resources=200, cv=3, scoring="average_precision")
        """, True, None),
    ("tune.search", "a make_scorer of average precision on 0/1 predictions", """
        from sklearn.ensemble import HistGradientBoostingClassifier
        from sklearn.metrics import average_precision_score, make_scorer
        from sklearn.model_selection import GridSearchCV
        search = GridSearchCV(HistGradientBoostingClassifier(max_iter=40, random_state=0),
                              {"max_leaf_nodes": [8, 16]}, cv=3,
                              scoring=make_scorer(average_precision_score))
        """, False, "threshold_scoring"),
    ("tune.search", "the seed's 81 x 5 grid", """
        from sklearn.ensemble import HistGradientBoostingClassifier
        from sklearn.model_selection import GridSearchCV
        search = GridSearchCV(HistGradientBoostingClassifier(max_iter=40, random_state=0),
                              {"learning_rate": [0.03, 0.1, 0.3], "max_leaf_nodes": [4, 8, 16],
                               "min_samples_leaf": [10, 40, 80], "l2_regularization": [0.0, 0.1, 1.0]},
                              cv=5, scoring="average_precision")
        """, False, "over_budget"),
    ("tune.search", "a halving search over budget", """
        from sklearn.experimental import enable_halving_search_cv  # noqa: F401
        from sklearn.ensemble import HistGradientBoostingClassifier
        from sklearn.model_selection import HalvingGridSearchCV
        search = HalvingGridSearchCV(HistGradientBoostingClassifier(max_iter=40, random_state=0),
                                     {"max_leaf_nodes": [4, 8, 16], "min_samples_leaf": [10, 40, 80]},
                                     factor=3, cv=3, scoring="average_precision")
        """, False, "over_budget"),
    ("mt.tuned_model", "class weights instead of a tuned threshold", """
        import numpy as np
        from sklearn.impute import SimpleImputer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import FunctionTransformer, StandardScaler
        tuned_model = make_pipeline(SimpleImputer(strategy="median"), FunctionTransformer(np.log1p),
                                    StandardScaler(), LogisticRegression(class_weight="balanced"))
        """, False, "default_threshold"),
    ("mt.tuned_model", "a tuned forest", """
        from sklearn.ensemble import HistGradientBoostingClassifier
        from sklearn.model_selection import TunedThresholdClassifierCV
        tuned_model = TunedThresholdClassifierCV(HistGradientBoostingClassifier(max_iter=50, random_state=0),
                                                 scoring="f1", cv=3, thresholds=20)
        """, True, None),
    ("imb.model", "a balanced bagging ensemble", """
        from imblearn.ensemble import BalancedBaggingClassifier
        from sklearn.tree import DecisionTreeClassifier
        imb_model = BalancedBaggingClassifier(DecisionTreeClassifier(max_depth=4), n_estimators=30,
                                              random_state=0)
        """, True, None),
    ("imb.model", "a plain forest", """
        from sklearn.ensemble import RandomForestClassifier
        imb_model = RandomForestClassifier(n_estimators=50, random_state=0)
        """, False, "no_imbalance_handling"),
    ("ms.compare", "one splitter shuffled without a seed", """
        import pandas as pd
        from sklearn.model_selection import StratifiedKFold, cross_val_score
        def compare_models(models, X, y, n_splits=5, seed=0):
            cv = StratifiedKFold(n_splits, shuffle=True)
            return pd.DataFrame({name: cross_val_score(model, X, y, cv=cv, scoring="roc_auc")
                                 for name, model in models.items()})
        """, False, "unseeded_folds"),
    ("ms.oot_model", "a dummy at the end of a pipeline", """
        from sklearn.compose import make_column_transformer
        from sklearn.dummy import DummyClassifier
        from sklearn.pipeline import make_pipeline
        oot_model = make_pipeline(make_column_transformer(("passthrough", ["recency_days"])),
                                  DummyClassifier())
        """, False, "baseline_model"),
    ("md.value_model", "an L1 model imputing inside the pipeline", """
        from sklearn.compose import make_column_transformer
        from sklearn.impute import SimpleImputer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import OneHotEncoder, StandardScaler
        from grader.tables import CATEGORICAL_FEATURES, NUMERIC_FEATURES
        import sklearn
        # an L1 penalty as each scikit-learn spells it (before 1.8 a lone l1_ratio is ignored)
        new = tuple(int(x) for x in sklearn.__version__.split(".")[:2]) >= (1, 8)
        L1 = {"l1_ratio": 1.0} if new else {"penalty": "l1"}
        model = make_pipeline(make_column_transformer(
            (make_pipeline(SimpleImputer(strategy="median", add_indicator=True), StandardScaler()), NUMERIC_FEATURES),
            (make_pipeline(SimpleImputer(strategy="constant", fill_value="missing"),
                           OneHotEncoder(handle_unknown="ignore")), CATEGORICAL_FEATURES)),
            LogisticRegression(C=0.05, solver="liblinear", **L1))
        """, True, None),
    ("md.value_model", "a dummy", """
        from sklearn.dummy import DummyClassifier
        model = DummyClassifier()
        """, False, "constant"),
    ("pp.value_model", "target encoding and gradient boosting with native NaN", """
        from sklearn.compose import make_column_transformer
        from sklearn.ensemble import HistGradientBoostingClassifier
        from sklearn.impute import SimpleImputer
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import TargetEncoder
        from grader.tables import CATEGORICAL_FEATURES, NUMERIC_FEATURES
        model = make_pipeline(make_column_transformer(
            (make_pipeline(SimpleImputer(strategy="constant", fill_value="missing"), TargetEncoder()),
             CATEGORICAL_FEATURES),
            ("passthrough", NUMERIC_FEATURES)),
            HistGradientBoostingClassifier(max_iter=60, learning_rate=0.05, random_state=0))
        """, True, None),
    ("pp.value_model", "an ordinal encoder left at handle_unknown='error'", """
        from sklearn.compose import make_column_transformer
        from sklearn.ensemble import HistGradientBoostingClassifier
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import OrdinalEncoder
        from grader.tables import CATEGORICAL_FEATURES, NUMERIC_FEATURES
        model = make_pipeline(make_column_transformer(
            (OrdinalEncoder(encoded_missing_value=-1), CATEGORICAL_FEATURES), ("passthrough", NUMERIC_FEATURES)),
            HistGradientBoostingClassifier(max_iter=60, random_state=0))
        """, False, "unknown_categories_raise"),
    ("fi.top_driver", "shap.Explainer and a numpy argmax", """
        import numpy as np
        import pandas as pd
        import shap
        def top_driver(model, X):
            values = shap.Explainer(model)(X).values
            return pd.Series(np.asarray(X.columns)[np.abs(values).argmax(axis=1)], index=X.index,
                             name="top_driver")
        """, True, None),
    ("fi.heldout", "permutation importance scored by ROC-AUC", """
        import pandas as pd
        from sklearn.inspection import permutation_importance
        def heldout_importance(model, X_train, y_train, X_test, y_test, n_repeats=5, random_state=0):
            result = permutation_importance(model, X_test, y_test, scoring="roc_auc", n_repeats=n_repeats,
                                            random_state=random_state)
            return pd.Series(result.importances_mean, index=X_test.columns, name="importance")
        """, False, None),
    ("fi.beats_noise", "a loop over the items", """
        def beats_noise(importances, noise="random"):
            bar = importances[noise]
            kept = [(value, name) for name, value in importances.items() if name != noise and value > bar]
            return [name for value, name in sorted(kept, key=lambda pair: -pair[0])]
        """, True, None),
    ("auto.psi", "binning with pd.cut (closed on the right)", """
        import numpy as np
        import pandas as pd
        def population_stability_index(expected, actual, bins=10):
            e = pd.Series(expected, dtype=float).dropna()
            a = pd.Series(actual, dtype=float).dropna()
            edges = np.unique(np.quantile(e, np.arange(1, bins) / bins))
            cuts = [-np.inf, *edges, np.inf]
            e_share = pd.cut(e, cuts).value_counts(normalize=True, sort=False).clip(lower=1e-4).to_numpy()
            a_share = pd.cut(a, cuts).value_counts(normalize=True, sort=False).clip(lower=1e-4).to_numpy()
            return float(np.sum((a_share - e_share) * np.log(a_share / e_share)))
        """, False, "right_closed"),
    ("auto.psi", "binning with pd.cut(right=False)", """
        import numpy as np
        import pandas as pd
        def population_stability_index(expected, actual, bins=10):
            e = pd.Series(expected, dtype=float).dropna()
            a = pd.Series(actual, dtype=float).dropna()
            cuts = [-np.inf, *np.unique(np.quantile(e, np.arange(1, bins) / bins)), np.inf]
            shares = [pd.cut(x, cuts, right=False).value_counts(normalize=True, sort=False).clip(lower=1e-4)
                      for x in (e, a)]
            return float(((shares[1] - shares[0]) * np.log(shares[1] / shares[0])).sum())
        """, True, None),
    ("auto.schema", "dtype names compared as text", """
        def schema_problems(lines, schema=None):
            schema = schema or {"order_id": "int", "customer_id": "int", "order_time": "datetime",
                                "category": "str", "quantity": "int", "unit_price": "number", "discount": "number"}
            names = {"int": "int64", "number": "float64", "datetime": "datetime64[ns]", "str": "object"}
            return sorted(c for c, kind in schema.items()
                          if c not in lines or str(lines[c].dtype) != names[kind])
        """, False, "exact_dtype_names"),
    ("auto.customer_sql", "recency with date_diff('day', ...)", """
        import duckdb
        def customer_table_sql(lines, snapshot, window_end, share=0.2):
            con = duckdb.connect()
            con.register("lines", lines)
            return con.execute(\"\"\"
                WITH l AS (SELECT DISTINCT * FROM lines),
                o AS (SELECT customer_id, order_id, MIN(order_time) FILTER (WHERE quantity > 0) AS t
                      FROM l WHERE order_time < $s GROUP BY ALL),
                g AS (SELECT *, epoch(t) - epoch(LAG(t) OVER (PARTITION BY customer_id ORDER BY t, order_id)) AS gap,
                             ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY t DESC, order_id DESC) AS back
                      FROM o),
                f AS (SELECT customer_id, date_diff('day', MAX(t), $s) AS recency, COUNT(*) AS frequency,
                             AVG(gap) / 86400 AS mean_gap_days,
                             MAX(gap) FILTER (WHERE back = 1) / 86400 AS last_gap_days
                      FROM g GROUP BY customer_id),
                m AS (SELECT customer_id, SUM(quantity * unit_price * (1 - discount)) AS monetary
                      FROM l WHERE order_time < $s GROUP BY customer_id),
                w AS (SELECT customer_id, SUM(quantity * unit_price * (1 - discount)) AS future_spend
                      FROM l WHERE order_time >= $s AND order_time < $e GROUP BY customer_id),
                j AS (SELECT f.customer_id, recency, frequency, monetary, mean_gap_days, last_gap_days,
                             COALESCE(future_spend, 0.0) AS future_spend
                      FROM f JOIN m USING (customer_id) LEFT JOIN w USING (customer_id))
                SELECT *, future_spend > 0 AND ROW_NUMBER() OVER (ORDER BY future_spend DESC, customer_id)
                          <= $share * COUNT(*) OVER () AS high_value
                FROM j ORDER BY customer_id
            \"\"\", {"s": snapshot.to_pydatetime(), "e": window_end.to_pydatetime(), "share": share}).df()
        """, False, "calendar_days"),
    ("clv.bgnbd_ll", "Beta functions through gammaln, the indicator by np.where", """
        import numpy as np
        from scipy.special import gammaln

        def lbeta(a, b):
            return gammaln(a) + gammaln(b) - gammaln(a + b)

        def bgnbd_ll(params, x, t_x, T):
            r, alpha, a, b = params
            x, t_x, T = np.asarray(x, float), np.asarray(t_x, float), np.asarray(T, float)
            head = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
            alive = lbeta(a, b + x) - lbeta(a, b) - (r + x) * np.log(alpha + T)
            safe = np.maximum(x, 1)
            gone = lbeta(a + 1, b + safe - 1) - lbeta(a, b) - (r + x) * np.log(alpha + t_x)
            return head + np.where(x > 0, np.logaddexp(alive, gone), alive)
        """, True, None),
    ("clv.bgnbd_ll", "the dropout term for every customer", """
        import numpy as np
        from scipy.special import betaln, gammaln

        def bgnbd_ll(params, x, t_x, T):
            r, alpha, a, b = params
            x, t_x, T = np.asarray(x, float), np.asarray(t_x, float), np.asarray(T, float)
            alive = betaln(a, b + x) - betaln(a, b) - (r + x) * np.log(alpha + T)
            gone = betaln(a + 1, b + x - 1) - betaln(a, b) - (r + x) * np.log(alpha + t_x)
            return gammaln(r + x) - gammaln(r) + r * np.log(alpha) + np.logaddexp(alive, gone)
        """, False, "no_x_indicator"),
    ("clv.fit_bgnbd", "L-BFGS-B on the raw parameters with positive bounds", """
        import numpy as np
        from scipy.optimize import minimize
        from scipy.special import betaln, gammaln

        def bgnbd_ll(params, x, t_x, T):
            r, alpha, a, b = params
            alive = betaln(a, b + x) - betaln(a, b) - (r + x) * np.log(alpha + T)
            gone = np.where(x > 0, betaln(a + 1, b + np.maximum(x, 1) - 1) - betaln(a, b)
                            - (r + x) * np.log(alpha + t_x), -np.inf)
            return gammaln(r + x) - gammaln(r) + r * np.log(alpha) + np.logaddexp(alive, gone)

        def fit_bgnbd(x, t_x, T):
            x, t_x, T = np.asarray(x, float), np.asarray(t_x, float), np.asarray(T, float)
            res = minimize(lambda th: -bgnbd_ll(th, x, t_x, T).sum(), [1.0, 1.0, 1.0, 1.0], method="L-BFGS-B",
                           bounds=[(1e-4, None)] * 4, options={"ftol": 1e-12, "gtol": 1e-8})
            r, alpha, a, b = res.x
            return {"r": r, "alpha": alpha, "a": a, "b": b, "ll": -res.fun}
        """, True, None),
    ("clv.summary", "one record's amount kept per day", """
        import pandas as pd

        def rfm_summary(log, calibration_end, holdout_end):
            days = log.sort_values(["customer_id", "date"]).drop_duplicates(["customer_id", "date"])
            days = days[days.groupby("customer_id")["date"].transform("min") <= calibration_end]
            calib, rest = days[days["date"] <= calibration_end], days[days["date"] > calibration_end]
            g = calib.groupby("customer_id")["date"]
            first, last, n = g.min(), g.max(), g.size()
            repeat = calib[calib["date"] > calib["customer_id"].map(first)]
            holdout = rest[rest["date"] <= holdout_end].groupby("customer_id").size()
            return pd.DataFrame({
                "customer_id": n.index, "x": (n - 1).to_numpy(), "t_x": ((last - first).dt.days / 7).to_numpy(),
                "T": ((calibration_end - first).dt.days / 7).to_numpy(),
                "m": repeat.groupby("customer_id")["amount"].mean().reindex(n.index).to_numpy(),
                "x_star": holdout.reindex(n.index, fill_value=0).to_numpy()})
        """, False, "day_amount_not_summed"),
    ("clv.clv_table", "a loop over periods", """
        import numpy as np
        import pandas as pd
        from scipy.special import hyp2f1

        def conditional_expectation(params, t, x, t_x, T):
            r, alpha, a, b = params
            hyp = hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
            alive = 1 + np.where(x > 0, a / np.maximum(b + x - 1, 1e-12) * ((alpha + T) / (alpha + t_x)) ** (r + x), 0)
            return (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp) / alive

        def clv_table(summary, bgnbd, gg, margin, periods, discount):
            p, q, v = gg
            x, t_x, T = (summary[c].to_numpy(float) for c in ("x", "t_x", "T"))
            m = summary["m"].fillna(0).to_numpy(float)
            spend = p * (v + m * x) / (p * x + q - 1)
            value, before = 0.0, 0.0
            for k in range(1, periods + 1):
                now = conditional_expectation(bgnbd, 4 * k, x, t_x, T)
                value = value + (now - before) / (1 + discount) ** k
                before = now
            out = pd.DataFrame({"customer_id": summary["customer_id"].to_numpy(), "expected_transactions": before,
                                "expected_spend": spend, "clv": margin * spend * value})
            return out.sort_values(["clv", "customer_id"], ascending=[False, True]).reset_index(drop=True)
        """, True, None),
    ("llm.text_model", "counts of white-space words", """
        from sklearn.compose import make_column_transformer
        from sklearn.feature_extraction.text import CountVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        text_model = make_pipeline(make_column_transformer((CountVectorizer(tokenizer=str.split, token_pattern=None),
                                                            "tokens")), LogisticRegression(C=0.3, max_iter=2000))
        """, True, None),
    ("llm.text_model", "TF-IDF with the default token pattern", """
        from sklearn.compose import ColumnTransformer
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        text_model = make_pipeline(ColumnTransformer([("w", TfidfVectorizer(min_df=3), "tokens")]),
                                   LogisticRegression())
        """, False, "drops_one_char_words"),
    ("llm.redact_pii", "phones found as digit runs, checked by length", """
        import re
        def redact_pii(text, names):
            text = re.sub(r"\\S+@\\S+\\.[A-Za-z]+", "[EMAIL]", text)
            def phone(m):
                digits = re.sub(r"\\D", "", m.group(0))
                digits = digits[2:] if digits.startswith("86") and len(digits) == 13 else digits
                return "[PHONE]" if len(digits) == 11 and digits[1] in "3456789" else m.group(0)
            text = re.sub(r"(?<![\\d+])(?:\\+86[ -]?)?1\\d{2}(?:[ -]?\\d{4}){2}(?!\\d)", phone, text)
            for name in names:
                text = text.replace(name, "[NAME]")
            return text
        """, True, None),
    ("llm.cohen_kappa", "from the confusion table", """
        import pandas as pd
        def cohen_kappa(labels_a, labels_b):
            table = pd.crosstab(pd.Series(list(labels_a)), pd.Series(list(labels_b))).astype(float)
            labels = table.index.union(table.columns)
            table = table.reindex(index=labels, columns=labels, fill_value=0) / table.to_numpy().sum()
            p_o = float(np.trace(table.to_numpy()))
            p_e = float(table.sum(axis=1).to_numpy() @ table.sum(axis=0).to_numpy())
            return (p_o - p_e) / (1 - p_e)
        import numpy as np
        """, True, None),
    ("seg.kmeans", "named steps, log1p written as a lambda", """
        import numpy as np
        from sklearn.cluster import KMeans
        from sklearn.pipeline import Pipeline
        from sklearn.preprocessing import FunctionTransformer, StandardScaler
        kmeans = Pipeline([("log", FunctionTransformer(lambda X: np.log(1 + X))), ("scale", StandardScaler()),
                           ("km", KMeans(n_clusters=4, n_init=10, random_state=0))])
        """, True, None),
    ("seg.kmeans", "five clusters", """
        import numpy as np
        from sklearn.cluster import KMeans
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import FunctionTransformer, StandardScaler
        kmeans = make_pipeline(FunctionTransformer(np.log1p), StandardScaler(),
                               KMeans(n_clusters=5, n_init=10, random_state=0))
        """, False, None),
    ("seg.kmeans", "a bare KMeans on the raw values", """
        from sklearn.cluster import KMeans
        kmeans = KMeans(n_clusters=4, n_init=10, random_state=0)
        """, False, "no_scaler"),
    ("seg.rfm_segments", "if/elif row by row with apply", """
        def rfm_segments(scored):
            def one(row):
                r, f, m = row["r_score"], row["f_score"], row["m_score"]
                if r >= 4 and f >= 4 and m >= 4:
                    return "champions"
                if r >= 3 and f >= 3:
                    return "loyal"
                if r >= 4 and f <= 2:
                    return "new"
                if r <= 2:
                    return "at_risk" if f >= 3 else "hibernating"
                return "needs_attention"
            return scored.apply(one, axis=1).rename("segment")
        """, True, None),
    ("seg.choose_segments", "sorted with a key, skipping what does not fit", """
        def choose_segments(segments, budget, cost):
            rows = sorted(segments.itertuples(index=False), key=lambda s: (-(s.uplift - cost), s.segment))
            chosen = []
            for s in rows:
                if s.uplift > cost and s.customers * cost <= budget:
                    chosen.append(s.segment)
                    budget -= s.customers * cost
            return chosen
        """, True, None),
]


def _answer(qid, source):
    q = find_question(qid)
    namespace = {}
    exec(compile(textwrap.dedent(source), f"<answer to {qid}>", "exec"), namespace)
    return q, namespace[q.name]


def _cause(q, name):
    return None if name is None else next(m.message for m in q.misconceptions if m.name == name)


@pytest.mark.parametrize(("qid", "source", "passes", "mistake"), [a[:1] + a[2:] for a in ANSWERS],
                         ids=[f"{a[0]}: {a[1]}" for a in ANSWERS])
def test_check_and_grading_agree_on_answers_written_from_the_text(qid, source, passes, mistake):
    q, answer = _answer(qid, source)
    checked = q.evaluate(answer)
    assert isinstance(checked, Correct if passes else Incorrect), str(checked)
    assert checked.cause == _cause(q, mistake), str(checked)
    hidden = q.evaluate(answer, seed=SEED)
    graded = graded_in_process(q, answer, SEED)
    assert (type(hidden), hidden.cause) == (type(graded), graded.cause), f"{hidden}\n---\n{graded}"
    assert math.isclose(hidden.points, graded.points)


def test_an_over_budget_search_is_rejected_before_any_fit():
    q, answer = _answer("tune.search", ANSWERS[5][2])
    fitted = []
    record = _wb_estimator_record(answer, [case.args[:3] for case in q.case_list()], (), 30.0, q.fit_budget,
                                  call=lambda fn, args, seconds: fitted.append(fn) or {"value": {}})
    assert fitted == [] and record["runs"][0]["skipped"] == "over_budget"
    assert record["runs"][0]["fits"] == 81 * 5 + 1
    assert q.judge_record(record).cause == _cause(q, "over_budget")


def test_the_description_is_json_and_holds_what_get_params_deep_holds():
    q, answer = _answer("tune.search", ANSWERS[1][2])
    description = json.loads(json.dumps(_wb_describe(answer)))
    flat = design.deep_params(description)
    for key, value in answer.get_params(deep=True).items():
        assert key in flat
        if isinstance(value, (bool, int, float, str)) or value is None:
            assert flat[key] == value or (value != value and flat[key] != flat[key]), key
    search = design.search_of(description)
    assert design.class_name(search) == "GridSearchCV" and search["search"]["n_candidates"] == 4
    assert design.selection_metric(search) == "average_precision"


def test_callables_and_arrays_in_parameters_are_data():
    import numpy as np
    from sklearn.preprocessing import FunctionTransformer

    description = _wb_describe(FunctionTransformer(np.log1p, kw_args={"w": np.arange(5.0)}))
    params = description["params"]
    assert params["func"] == {"t": "callable", "name": "numpy.log1p"}
    weights = design.value(params["kw_args"])["w"]
    assert weights["t"] == "array_summary" and weights["shape"] == [5] and weights["max"] == 4.0


# --- real `workbook grade` runs: the kernel's harvest and the grader's judge -----------------
GRADED = [("08_tuning", "tune.search", 5), ("08_tuning", "tune.search", 1), ("06_metrics", "mt.tuned_model", 7)]


@pytest.fixture(scope="module")
def graded_notebooks(tmp_path_factory):
    paths = []
    for i, (topic, _, answer_index) in enumerate(GRADED):
        setup = f"import grader\nex = grader.load({topic[:2]!r})"
        nb = new_notebook(cells=[new_code_cell(setup),
                                 new_code_cell(textwrap.dedent(ANSWERS[answer_index][2]))])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nb.metadata["workbook"] = {"topic": topic}
        paths.append(write(nb, tmp_path_factory.mktemp(f"answer{i}") / f"{topic}.ipynb"))
    return grading.grade_many(paths, OPTIONS, jobs=2)


@pytest.mark.parametrize("index", range(len(GRADED)), ids=[f"{g[1]}: {ANSWERS[g[2]][1]}" for g in GRADED])
def test_workbook_grade_and_check_reach_the_same_verdict(graded_notebooks, index):
    _, qid, answer_index = GRADED[index]
    q, answer = _answer(qid, ANSWERS[answer_index][2])
    graded = next(g.outcome for g in graded_notebooks[index].questions if g.id == qid)
    checked = q.evaluate(answer, seed=SEED)
    assert graded.status == checked.status, f"{graded}\n---\n{checked}"
    assert graded.cause == checked.cause and math.isclose(graded.points, checked.points)


def test_check_after_grading_reuses_the_reference_scores():
    """Grading computes a reference score in place; a later check must reuse it as it is."""
    q = find_question("mt.tuned_model")
    q._cache.pop(("ref", None, 0), None)
    score = q.reference_score(0)  # as the grading judge does: computed here, a plain float
    assert isinstance(q._cache[("ref", None, 0)], float)
    first, again = q.evaluate(q.reference()), q.evaluate(q.reference())
    assert isinstance(first, Correct) and isinstance(again, Correct)
    assert q.reference_score(0) == score
