"""Time and peak memory of building the customer table with pandas, DuckDB and Spark (local mode).

The table is notebook 12's RFM and future-window label (``solutions/12_automation.py``:
``rfm_label_pandas``), built from 10^5, 10^6 and 10^7 order lines read from a CSV file:

- **pandas**: ``pd.read_csv`` then notebook 02's reference functions;
- **DuckDB**: ``CREATE TABLE ... AS SELECT * FROM read_csv(...)`` then one SQL query (the query of
  ``customer_table_sql`` without the gaps), two threads;
- **Spark**: ``spark.read.csv`` (cached and counted) then the DataFrame pipeline of
  ``customer_table_spark``, ``local[2]`` with :func:`grader.spark.local_session`'s settings and a
  larger heap (``--spark-memory``).

Each (tool, size) runs in a fresh process; the parent samples the resident memory of that process
and all its children (Spark's Java process included) every 50 ms and reports the peak of the sum.
The 10^5 and 10^6 line files come from :func:`grader.shop.generate_shop` (whole customers, cut to
the exact count); the 10^7 file is the 10^6 one repeated ten times with new customer and order ids
(written by DuckDB). Every tool's table is compared with pandas' (row count and totals; on 10^5
lines, the whole table).

Usage (from the repository root, with the project's virtualenv)::

    .venv/bin/python benchmarks/scale.py                         # 10^5 and 10^6 lines, all tools
    .venv/bin/python benchmarks/scale.py --lines 10000000        # the large case (minutes, ~10 GB)
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SNAPSHOT, WINDOW_END = pd.Timestamp("2025-07-01"), pd.Timestamp("2026-01-01")
LINES_PER_CUSTOMER = 9.8  # about 977,600 lines for 100,000 customers (benchmarks/README.md)
COLUMNS = ["customer_id", "recency", "frequency", "monetary", "future_spend", "high_value"]

SQL = """
WITH l AS (SELECT DISTINCT * FROM lines),
history AS (SELECT * FROM l WHERE order_time < $snapshot),
orders AS (SELECT customer_id, order_id, MIN(order_time) FILTER (WHERE quantity > 0) AS placed
           FROM history GROUP BY customer_id, order_id),
rfm AS (SELECT customer_id, CAST(floor((epoch($snapshot) - epoch(MAX(placed))) / 86400) AS BIGINT) AS recency,
               COUNT(*) AS frequency FROM orders GROUP BY customer_id),
money AS (SELECT customer_id, SUM(quantity * unit_price * (1 - discount)) AS monetary FROM history
          GROUP BY customer_id),
spend AS (SELECT customer_id, SUM(quantity * unit_price * (1 - discount)) AS future_spend FROM l
          WHERE order_time >= $snapshot AND order_time < $window_end GROUP BY customer_id),
joined AS (SELECT r.customer_id, r.recency, r.frequency, m.monetary, COALESCE(s.future_spend, 0.0) AS future_spend
           FROM rfm r JOIN money m USING (customer_id) LEFT JOIN spend s USING (customer_id))
SELECT *, (ROW_NUMBER() OVER (ORDER BY future_spend DESC, customer_id) <= 0.2 * COUNT(*) OVER ())
          AND future_spend > 0 AS high_value
FROM joined ORDER BY customer_id
"""


# --------------------------------------------------------------------------------------------
# data
# --------------------------------------------------------------------------------------------
def make_file(n: int, folder: Path) -> Path:
    """A CSV of exactly ``n`` order lines (reused when it exists)."""
    import duckdb

    from grader.shop import generate_shop

    path = folder / f"lines_{n}.csv"
    if path.exists():
        return path
    if n > 1_000_000:
        if n % 1_000_000:
            raise SystemExit("sizes above 10^6 must be whole millions (the 10^6 file is repeated)")
        base = make_file(1_000_000, folder)
        offset = 10**9
        duckdb.sql(f"""COPY (SELECT order_id + k * {offset} AS order_id, customer_id + k * {offset} AS customer_id,
                                    order_time, category, quantity, unit_price, discount
                             FROM read_csv('{base}'), range({n // 1_000_000}) t(k))
                       TO '{path}' (HEADER)""")
        return path
    lines = generate_shop(7, n_customers=math.ceil(n / LINES_PER_CUSTOMER * 1.05)).order_lines
    counts = lines.groupby("customer_id").size().cumsum()
    keep = counts.index[: counts.searchsorted(n) + 1]
    lines = lines[lines["customer_id"].isin(keep)].sort_values(["customer_id", "order_time"]).head(n)
    if len(lines) < n:
        raise SystemExit(f"the generated shop has only {len(lines)} lines")
    duckdb.sql(f"COPY (SELECT * FROM lines) TO '{path}' (HEADER)")
    return path


# --------------------------------------------------------------------------------------------
# one tool, in its own process
# --------------------------------------------------------------------------------------------
def run_pandas(path: Path) -> tuple[pd.DataFrame, dict]:
    import importlib

    sol = importlib.import_module("solutions.12_automation")
    start = time.perf_counter()
    lines = pd.read_csv(path, parse_dates=["order_time"])
    read = time.perf_counter() - start
    table = sol.rfm_label_pandas(lines, SNAPSHOT, WINDOW_END)
    return table, {"read_s": read, "build_s": time.perf_counter() - start - read}


def run_duckdb(path: Path) -> tuple[pd.DataFrame, dict]:
    import duckdb

    con = duckdb.connect(config={"threads": 2})
    start = time.perf_counter()
    con.execute(f"CREATE TABLE lines AS SELECT * FROM read_csv('{path}')")
    read = time.perf_counter() - start
    params = {"snapshot": SNAPSHOT.to_pydatetime(), "window_end": WINDOW_END.to_pydatetime()}
    table = con.execute(SQL, params).df()
    return table, {"read_s": read, "build_s": time.perf_counter() - start - read}


def run_spark(path: Path, memory: str) -> tuple[pd.DataFrame, dict]:
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    from pyspark.sql.types import DoubleType, LongType, StringType, StructField, StructType, TimestampType

    import grader.spark as gs

    gs.SPARK_CONF.update({"spark.driver.memory": memory, "spark.sql.shuffle.partitions": "8"})
    start = time.perf_counter()
    spark = gs.local_session()
    started = time.perf_counter() - start
    schema = StructType([StructField("order_id", LongType()), StructField("customer_id", LongType()),
                         StructField("order_time", TimestampType()), StructField("category", StringType()),
                         StructField("quantity", LongType()), StructField("unit_price", DoubleType()),
                         StructField("discount", DoubleType())])
    df = spark.read.csv(str(path), header=True, schema=schema).cache()
    df.count()
    read = time.perf_counter() - start - started
    snap, end = F.lit(SNAPSHOT.to_pydatetime()), F.lit(WINDOW_END.to_pydatetime())
    df = df.dropDuplicates()
    net = F.col("quantity") * F.col("unit_price") * (1 - F.col("discount"))
    history = df.where(F.col("order_time") < snap)
    orders = (history.groupBy("customer_id", "order_id")
              .agg(F.min(F.when(F.col("quantity") > 0, F.col("order_time"))).alias("placed")))
    rfm = (orders.groupBy("customer_id").agg(F.max("placed").alias("last"), F.count("*").alias("frequency"))
           .withColumn("recency", F.floor((F.unix_timestamp(snap) - F.unix_timestamp("last")) / 86400).cast("long")))
    money = history.groupBy("customer_id").agg(F.sum(net).alias("monetary"))
    spend = (df.where((F.col("order_time") >= snap) & (F.col("order_time") < end))
             .groupBy("customer_id").agg(F.sum(net).alias("future_spend")))
    table = rfm.join(money, "customer_id").join(spend, "customer_id", "left").fillna(0.0, subset=["future_spend"])
    rank = F.row_number().over(Window.orderBy(F.col("future_spend").desc(), F.col("customer_id")))
    table = table.withColumn("high_value", (rank <= 0.2 * F.count("*").over(Window.partitionBy()))
                             & (F.col("future_spend") > 0))
    out = table.select(*COLUMNS).orderBy("customer_id").toPandas()
    return out, {"start_s": started, "read_s": read, "build_s": time.perf_counter() - start - started - read}


def child(tool: str, path: Path, out: Path, memory: str) -> None:
    start = time.perf_counter()
    table, parts = {"pandas": run_pandas, "duckdb": run_duckdb,
                    "spark": lambda p: run_spark(p, memory)}[tool](path)
    parts["total_s"] = time.perf_counter() - start
    table[COLUMNS].to_pickle(out)
    print(json.dumps(parts))


# --------------------------------------------------------------------------------------------
# the parent: runs, memory sampling, agreement, the table
# --------------------------------------------------------------------------------------------
def measure(tool: str, path: Path, out: Path, memory: str) -> dict:
    import psutil

    proc = subprocess.Popen([sys.executable, __file__, "--run", tool, "--file", str(path), "--out", str(out),
                             "--spark-memory", memory], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    parent, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        try:
            tree = [parent, *parent.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)
    stdout = proc.stdout.read()
    if proc.returncode != 0:
        return {"error": f"exit {proc.returncode}"}
    result = json.loads(stdout.strip().splitlines()[-1])
    result["peak_mib"] = peak / 2**20
    return result


def agree(reference: pd.DataFrame, other: pd.DataFrame, whole: bool) -> str:
    from grader.compare import compare

    if whole:
        diff = compare(reference.reset_index(drop=True), other.reset_index(drop=True), rtol=1e-6, atol=1e-6)
        return "same table" if diff is None else f"differs: {diff.message(False).en[:80]}"
    same = (len(reference) == len(other) and int(reference["frequency"].sum()) == int(other["frequency"].sum())
            and math.isclose(reference["monetary"].sum(), other["monetary"].sum(), rel_tol=1e-9)
            and int(reference["high_value"].sum()) == int(other["high_value"].sum()))
    return "same rows and totals" if same else "DIFFERS"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--tools", nargs="+", default=["pandas", "duckdb", "spark"])
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "workbook-scale")
    parser.add_argument("--spark-memory", default="6g", help="Spark's driver heap (default: %(default)s)")
    parser.add_argument("--run", help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run:
        return child(args.run, args.file, args.out, args.spark_memory)
    args.data.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} cores; data in {args.data}")
    print("| order lines | customers | tool | start (s) | read (s) | build (s) | total (s) | peak RSS (MiB) | agrees |")
    print("|---|---|---|---|---|---|---|---|---|")
    for n in args.lines:
        t = time.perf_counter()
        path = make_file(n, args.data)
        print(f"<!-- {path.name}: {path.stat().st_size / 2**20:.0f} MiB, ready in {time.perf_counter() - t:.0f} s -->")
        reference = None
        for tool in args.tools:
            out = args.data / f"table_{tool}_{n}.pkl"
            r = measure(tool, path, out, args.spark_memory)
            if "error" in r:
                print(f"| {n:,} | | {tool} | {r['error']} | | | | | |")
                continue
            table = pd.read_pickle(out)
            if reference is None:
                reference, verdict = table, "(reference)"
            else:
                verdict = agree(reference, table, whole=n <= 100_000)
            start = f"{r['start_s']:.1f}" if "start_s" in r else "–"
            print(f"| {n:,} | {len(table):,} | {tool} | {start} | {r['read_s']:.1f} | {r['build_s']:.1f} | "
                  f"{r['total_s']:.1f} | {r['peak_mib']:,.0f} | {verdict} |", flush=True)
            out.unlink()


if __name__ == "__main__":
    main()
