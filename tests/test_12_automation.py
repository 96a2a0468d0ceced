"""Notebook 12 (automation and scale): the shared contract, the SQL and Spark solutions against the
pandas reference, hand-computed tables, and Spark inside the grading sandbox.

Independent sources: a customer table worked out by hand from the dates of the edge case (calendar
arithmetic written in the comments), the PSI formula on samples small enough to do on paper, and
the schema rules applied to frames built for each rule. No expected value is pasted from a run.

The Spark tests share one session (one per pytest worker: they are grouped on one worker with
``xdist_group``), started by :func:`grader.spark.local_session`, as the notebook does.
"""

from __future__ import annotations

import importlib
import math
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import grader
from grader import Correct, Incorrect, LearnerCodeRaised
from grader.grading import isolation
from grader.grading.execute import _kernel_env
from grader.grading.limits import KernelCgroup, seccomp_filter
from grader.shop import SNAPSHOT, WINDOW_END
from grader.testing import HIDDEN_SEEDS, graded_in_process, question_checks

mod = importlib.import_module("grader.exercises.12_automation")
sol = importlib.import_module("solutions.12_automation")
EX = grader.load("12")
CODING = [q for q in EX if q.kind in ("function", "value", "estimator")]
MISCONCEPTIONS = [(q, m) for q in CODING for m in q.misconceptions]
SPARK = pytest.mark.xdist_group("spark")


# --- the declarations ------------------------------------------------------------------
def test_the_notebook_has_the_questions_the_issue_asks_for():
    auto = [q for q in EX if q.kind in ("function", "value", "choice", "estimator")]
    assert len(auto) >= 5
    assert all(q.id.startswith("auto.") for q in EX)
    assert {"auto.customer_sql", "auto.customer_spark", "auto.psi", "auto.schema"} <= {q.id for q in EX}
    assert sum(q.kind == "open" for q in EX) >= 2
    for q in CODING:
        assert len(q.misconceptions) >= 2, q.id


def test_sql_and_spark_are_judged_against_the_pandas_reference_of_notebook_02():
    assert EX.customer_sql.reference is sol.customer_table_pandas
    assert EX.customer_sql.shown is sol.customer_table_sql
    assert EX.customer_spark.reference is sol.rfm_label_pandas
    assert EX.customer_spark.shown is sol.customer_table_spark
    # what the learner sees and what the answer key runs is the SQL / Spark code, not pandas
    assert "duckdb" in EX.customer_sql.solution_code() and "LAG(" in EX.customer_sql.solution_code()
    assert "createDataFrame" in EX.customer_spark.solution_code()
    assert EX.customer_spark.stub_source().startswith("def customer_table_spark(lines, snapshot, window_end")


CONTRACT = question_checks("12")


@pytest.mark.parametrize(("question", "check"), [(q, c) for _, q, c in CONTRACT],
                         ids=[i for i, _, _ in CONTRACT])
def test_question_contract(question, check):
    """The shared contract: reference passes (public and hidden), stub NotAttempted, ..."""
    check(question)


@pytest.mark.parametrize(("q", "m"), MISCONCEPTIONS, ids=[f"{q.short}-{m.name}" for q, m in MISCONCEPTIONS])
def test_each_misconception_is_named_as_the_cause(q, m):
    outcome = q.evaluate(m.fn)
    assert isinstance(outcome, (Incorrect, LearnerCodeRaised)), str(outcome)
    assert outcome.cause == m.message, str(outcome)


# --- the customer table, by hand ---------------------------------------------------------------
def _by_hand():
    """The edge case of the SQL and Spark questions (``mod._SQL_LINES``), worked out on paper.

    Snapshot 2025-07-01 00:00, window to 2026-01-01, share 0.2. Customer 4's only order is at the
    snapshot instant: not history, so not in the table. The population is 1, 2, 3, 13, 14 (n = 5,
    so 0.2 * 5 = 1 customer is high value).

    - 1: orders 101 (01-05 10:00; the duplicated toys line counts once: 2*20 + 15 = 55), 102 (03-06
      22:00, 30), 103 (06-30 23:00, 40). Recency 1 hour -> 0 days. Gaps: 60 days 12 h = 60.5, and
      116 days 1 h = 116 + 1/24. Window: order 107, 2 * 25 = 50.
    - 2: orders 104 (04-10 12:00; 3*10*0.8 + 2*5 = 34) and 105 (06-01 08:00, 9). Recency 29 days 16 h
      -> 29. Gap 51 days 20 h. Window: order 108, 50: tied with customer 1, who wins on the id.
    - 3: order 106 (05-20 09:00, 60); recency 41 days 15 h -> 41. The return of 07-03 is in the
      window: future spend -60.
    - 13: order 110 (02-14 19:00, 2*12.5*0.9 = 22.5); recency 136 days 5 h -> 136.
    - 14: order 111 (05-05 05:05, 70*0.7 = 49); recency 56 days 18 h 55 min -> 56.
    """
    nan = float("nan")
    return pd.DataFrame({
        "customer_id": [1, 2, 3, 13, 14],
        "recency": [0, 29, 41, 136, 56],
        "frequency": [3, 2, 1, 1, 1],
        "monetary": [125.0, 43.0, 60.0, 22.5, 49.0],
        "mean_gap_days": [(60.5 + 116 + 1 / 24) / 2, 51 + 20 / 24, nan, nan, nan],
        "last_gap_days": [116 + 1 / 24, 51 + 20 / 24, nan, nan, nan],
        "future_spend": [50.0, 50.0, -60.0, 0.0, 0.0],
        "high_value": [True, False, False, False, False],
    })


def test_the_pandas_reference_matches_the_table_worked_out_by_hand():
    pd.testing.assert_frame_equal(sol.customer_table_pandas(mod._SQL_LINES, SNAPSHOT, WINDOW_END), _by_hand(),
                                  check_dtype=False, atol=1e-9, rtol=0)


def test_the_sql_solution_matches_the_table_worked_out_by_hand():
    pd.testing.assert_frame_equal(sol.customer_table_sql(mod._SQL_LINES, SNAPSHOT, WINDOW_END), _by_hand(),
                                  check_dtype=False, atol=1e-9, rtol=0)


@pytest.mark.parametrize("seed", [None, *HIDDEN_SEEDS])
def test_the_sql_solution_passes_public_and_hidden_cases(seed):
    assert isinstance(EX.customer_sql.evaluate(sol.customer_table_sql, seed=seed), Correct)


def test_the_sql_solution_is_correct_in_grading_too():
    assert isinstance(graded_in_process(EX.customer_sql, sol.customer_table_sql, HIDDEN_SEEDS[0]), Correct)


# --- Spark ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def spark():
    from grader.spark import local_session

    return local_session()


@SPARK
def test_the_spark_solution_matches_the_table_worked_out_by_hand(spark):
    want = _by_hand().drop(columns=["mean_gap_days", "last_gap_days"])
    got = sol.customer_table_spark(mod._SQL_LINES, SNAPSHOT, WINDOW_END)
    pd.testing.assert_frame_equal(got, want, check_dtype=False, atol=1e-9, rtol=0)


@SPARK
@pytest.mark.parametrize("seed", [None, *HIDDEN_SEEDS])
def test_the_spark_solution_passes_public_and_hidden_cases(spark, seed):
    outcome = EX.customer_spark.evaluate(sol.customer_table_spark, seed=seed)
    assert isinstance(outcome, Correct), str(outcome)


@SPARK
def test_the_spark_solution_is_correct_in_grading_too(spark):
    """The harvest's own record of the Spark answer (the grading transport) judges it Correct."""
    outcome = graded_in_process(EX.customer_spark, sol.customer_table_spark, HIDDEN_SEEDS[1])
    assert isinstance(outcome, Correct), str(outcome)


@SPARK
def test_a_spark_answer_with_a_calendar_datediff_is_named(spark):
    """A realistic Spark mistake, written in Spark, gets the message of the recorded misconception."""
    from pyspark.sql import functions as F

    def customer_table_spark(lines, snapshot, window_end, share=0.2):
        out = sol.customer_table_spark(lines, snapshot, window_end, share)
        sdf = spark.createDataFrame(out.drop(columns="recency"))
        last = (spark.createDataFrame(lines).dropDuplicates().where(F.col("order_time") < F.lit(snapshot))
                .where(F.col("quantity") > 0).groupBy("customer_id").agg(F.max("order_time").alias("last")))
        sdf = sdf.join(last, "customer_id").withColumn("recency", F.datediff(F.lit(snapshot), "last"))
        return sdf.select(*out.columns).orderBy("customer_id").toPandas()

    outcome = EX.customer_spark.evaluate(customer_table_spark)
    assert isinstance(outcome, Incorrect)
    assert outcome.cause == next(m.message for m in EX.customer_spark.misconceptions if m.name == "datediff")


_SANDBOX_JOB = textwrap.dedent("""
    import os
    import pandas as pd
    from pyspark.sql import functions as F
    from grader.spark import local_session

    def threads():  # every thread of every process of the sandbox (its own PID namespace)
        total = 0
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                total += len(os.listdir(f"/proc/{pid}/task"))
            except OSError:
                pass
        return total

    spark = local_session()
    lines = pd.DataFrame({"customer_id": [1, 2, 1, 3], "amount": [10.0, 5.0, 2.5, 1.0],
                          "order_time": pd.to_datetime(["2025-01-01 10:00"] * 4)})
    most = 0
    for _ in range(6):  # joins and shuffles, query after query, as a harvest of several cases makes them
        sdf = spark.createDataFrame(lines)
        sums = sdf.groupBy("customer_id").agg(F.sum("amount").alias("s"))
        counts = sdf.groupBy("customer_id").count()
        out = sums.join(counts, "customer_id").orderBy("customer_id").toPandas()
        most = max(most, threads())
    print("RESULT", out["s"].tolist(), out["count"].tolist(), "THREADS", most)
""")


@SPARK
def test_spark_starts_and_answers_inside_the_grading_sandbox_with_the_default_limits(tmp_path):
    """The hard part: a JVM under RLIMIT_AS 3 GiB, 128 processes and threads, no network but loopback, a
    fresh uid without a name, the seccomp filter and (as root) the kernel's cgroup, exactly as
    ``workbook grade`` builds them for every notebook (no limit is raised for this one). Spark's
    default thread pools exceed 128 threads after a few queries; :data:`grader.spark.SPARK_CONF`
    keeps the whole sandbox far below."""
    sandbox = isolation.detect()
    limits = isolation.Limits()
    assert (limits.memory, limits.nproc) == (3 * 2**30, 128)
    (tmp_path / "job.py").write_text(_SANDBOX_JOB)
    tmp_path.chmod(0o755)  # the sandbox's user is not the owner: bound read-only at ~/data
    connection = tmp_path / "kernel.json"
    connection.write_text("{}")
    seccomp = tmp_path / "seccomp.bpf"
    program = seccomp_filter()
    if program is not None:
        seccomp.write_bytes(program)
    cgroup = KernelCgroup(memory=limits.memory, pids=limits.nproc) if sandbox.as_root else None
    try:
        cmd = sandbox.command([sys.executable, f"{isolation.HOME}/data/job.py"], env=_kernel_env(isolation.HOME),
                              limits=limits, connection_file=str(connection), data=str(tmp_path),
                              seccomp=str(seccomp) if program is not None else None, cgroup=cgroup)
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    finally:
        if cgroup is not None:
            cgroup.remove()
    assert "RESULT [12.5, 5.0, 1.0] [2, 1, 1]" in result.stdout, result.stdout[-2000:] + result.stderr[-3000:]
    # room under the 128 of RLIMIT_NPROC for the kernel's own threads (about ten) and Python workers
    assert int(result.stdout.split("THREADS")[1]) <= 90, result.stdout


# --- schema_problems --------------------------------------------------------------------------
def _clean():
    return mod._SQL_LINES.copy()


@pytest.mark.parametrize(("change", "want"), [
    (lambda f: f, []),
    (lambda f: f.assign(channel="app", note=None), []),                              # extra columns are fine
    (lambda f: f.drop(columns=["discount", "category"]), ["category", "discount"]),
    (lambda f: f.assign(customer_id=f["customer_id"].astype(str)), ["customer_id"]),
    (lambda f: f.assign(order_time=f["order_time"].astype(str)), ["order_time"]),
    (lambda f: f.assign(quantity=f["quantity"] * 1.0), ["quantity"]),                # 'int' means integers
    (lambda f: f.assign(unit_price=f["unit_price"].round().astype("int16")), []),    # 'number' takes ints
    (lambda f: f.assign(discount=f["discount"] > 0), ["discount"]),                  # never bool
    (lambda f: f.assign(order_id=f["order_id"].astype("Int64")), []),                # nullable ints are ints
    (lambda f: f.assign(category=f["category"].astype("string")), []),
    (lambda f: f.iloc[:0], []),                                                      # an empty batch
], ids=["clean", "extra", "missing", "id_text", "time_text", "qty_float", "int_price", "bool_discount",
        "nullable_int", "string_dtype", "empty"])
def test_schema_problems_follows_each_rule(change, want):
    assert sol.schema_problems(change(_clean())) == want


def test_schema_problems_takes_another_schema():
    frame = pd.DataFrame({"a": [1], "b": ["x"]})
    assert sol.schema_problems(frame, {"a": "str", "b": "str", "c": "int"}) == ["a", "c"]


# --- population_stability_index ---------------------------------------------------------------
def test_psi_of_a_sample_with_itself_is_zero():
    x = np.random.default_rng(0).normal(size=300)
    assert sol.population_stability_index(x, x) == 0.0


def test_psi_on_paper():
    # expected 1..10, two bins: the edge is the median 5.5; shares 0.5 / 0.5.
    # actual [1, 1, 1, 9]: shares 0.75 / 0.25 -> 0.25 ln(1.5) + (-0.25) ln(0.5) = 0.25 ln 3
    assert math.isclose(sol.population_stability_index(np.arange(1, 11), [1, 1, 1, 9], bins=2),
                        0.25 * math.log(3), rel_tol=1e-12)


def test_psi_bins_are_closed_on_the_left_and_empty_bins_are_floored():
    # expected [1, 2, 2, 3], two bins: the edge is 2; a 2 goes right -> shares 1/4, 3/4.
    # actual all 2: shares 0 -> 1e-4 and 1.
    e, a = np.array([0.25, 0.75]), np.array([1e-4, 1.0])
    want = float(np.sum((a - e) * np.log(a / e)))
    assert math.isclose(sol.population_stability_index([1, 2, 2, 3], [2, 2, 2, 2], bins=2), want, rel_tol=1e-12)


def test_psi_drops_missing_values_and_is_never_negative():
    rng = np.random.default_rng(3)
    e, a = rng.exponential(size=200), rng.exponential(2.0, size=200)
    with_nan = np.concatenate([e, [np.nan] * 30])
    assert sol.population_stability_index(with_nan, a) == sol.population_stability_index(e, a) > 0


# --- the notebook's claims about where each tool fits are backed by benchmarks/README.md -------------
def test_the_benchmark_figures_are_recorded():
    readme = (Path(__file__).resolve().parents[1] / "benchmarks" / "README.md").read_text()
    section = readme.split("## Scale: pandas, DuckDB and Spark", 1)[-1]
    assert "benchmarks/scale.py" in section
    for size in ("100,000", "1,000,000", "10,000,000"):
        assert size in section, size
