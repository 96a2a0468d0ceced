"""Reference solutions for notebook 12: the value pipeline as code, in SQL (DuckDB) and on Spark.

Each data question has two answers here. The **pandas** one (``customer_table_pandas``,
``rfm_label_pandas``) is the reference the grader judges against: it is built from notebook 02's
own references, so SQL, Spark and pandas must agree to the cent. The **SQL** and **Spark** ones
(``customer_table_sql``, ``customer_table_spark``) are the solutions a learner is shown and the
answer key runs. The calendar is always passed in (``snapshot``, ``window_end``): nothing reads
"today".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from grader.registry import solutions

__all__ = [
    "INTERVIEW_ANSWER",
    "LINE_SCHEMA",
    "PERSIST_CHOICE",
    "RERUN_CHOICE",
    "SKEW_CHOICE",
    "R_ANSWER",
    "customer_table_pandas",
    "customer_table_spark",
    "customer_table_sql",
    "population_stability_index",
    "rfm_label_pandas",
    "schema_problems",
]

_fe = solutions("02")

#: the columns of the order lines and the kind of values each must hold
LINE_SCHEMA = {"order_id": "int", "customer_id": "int", "order_time": "datetime", "category": "str",
               "quantity": "int", "unit_price": "number", "discount": "number"}


def _gaps(lines, snapshot):
    """Mean and last gap in days between consecutive orders placed before ``snapshot``."""
    orders = _fe.orders_from_lines(lines[lines["order_time"] < snapshot])
    orders = orders.sort_values(["customer_id", "order_time", "order_id"], kind="stable")
    gap = orders.groupby("customer_id")["order_time"].diff().dt.total_seconds() / 86400
    per = pd.DataFrame({"customer_id": orders["customer_id"], "gap": gap})
    return per.groupby("customer_id", sort=True).agg(mean_gap_days=("gap", "mean"),
                                                     last_gap_days=("gap", "last")).reset_index()


def rfm_label_pandas(lines, snapshot, window_end, share=0.2):
    """RFM as of ``snapshot`` and the future-window value label, with notebook 02's references.

    Parameters
    ----------
    lines : pandas.DataFrame
        Order lines (the schema of :data:`LINE_SCHEMA`), covering history and the window.
    snapshot, window_end : pandas.Timestamp
        History is ``order_time < snapshot``; the label window is ``[snapshot, window_end)``.
    share : float, default 0.2
        The share of customers labelled high value.

    Returns
    -------
    pandas.DataFrame
        One row per customer with an order before ``snapshot``, sorted by ``customer_id``, fresh
        RangeIndex: ``customer_id, recency, frequency, monetary, future_spend, high_value``.
    """
    rfm = _fe.rfm_table(lines, snapshot)
    label = _fe.value_label(lines, snapshot, window_end, share)
    return rfm.merge(label, on="customer_id", how="left").reset_index(drop=True)


def customer_table_pandas(lines, snapshot, window_end, share=0.2):
    """:func:`rfm_label_pandas` with the inter-purchase gaps between ``monetary`` and the label.

    Returns
    -------
    pandas.DataFrame
        ``customer_id, recency, frequency, monetary, mean_gap_days, last_gap_days,
        future_spend, high_value``; the gaps are NaN for a customer with one order.
    """
    table = rfm_label_pandas(lines, snapshot, window_end, share)
    table = table.merge(_gaps(lines, snapshot), on="customer_id", how="left")
    columns = ["customer_id", "recency", "frequency", "monetary", "mean_gap_days", "last_gap_days",
               "future_spend", "high_value"]
    return table[columns]


def customer_table_sql(lines, snapshot, window_end, share=0.2):
    """The customer table as of ``snapshot`` in one DuckDB query: RFM, gaps and the label.

    Parameters
    ----------
    lines : pandas.DataFrame
        Order lines: ``order_id, customer_id, order_time, category, quantity, unit_price,
        discount`` (a return is a later line with a negative quantity; exact duplicate lines
        are export errors and count once).
    snapshot, window_end : pandas.Timestamp
        History is ``order_time < snapshot``; the label window is ``[snapshot, window_end)``.
    share : float, default 0.2
        The share of customers labelled high value.

    Returns
    -------
    pandas.DataFrame
        One row per customer with an order placed before ``snapshot``, sorted by
        ``customer_id``, with a fresh RangeIndex and the columns

        - ``recency``: whole days from the last order to the snapshot (24-hour days, as
          ``(snapshot - last).days`` in pandas), ``frequency``: distinct orders,
          ``monetary``: net spend of the history lines
        - ``mean_gap_days``, ``last_gap_days``: days (fractional) between consecutive orders,
          from ``LAG`` over the customer's orders; NULL (NaN) for a one-order customer
        - ``future_spend``: net spend in the window (0.0 without lines there), ``high_value``:
          the top ``share * n`` by ``future_spend`` (ties to the smaller id), and only if > 0
    """
    import duckdb

    query = """
    WITH l AS (SELECT DISTINCT * FROM lines),
    history AS (SELECT * FROM l WHERE order_time < $snapshot),
    orders AS (
        SELECT customer_id, order_id, MIN(order_time) FILTER (WHERE quantity > 0) AS placed
        FROM history GROUP BY customer_id, order_id),
    gaps AS (
        SELECT customer_id, placed,
               epoch(placed) - epoch(LAG(placed) OVER (PARTITION BY customer_id
                                                       ORDER BY placed, order_id)) AS gap
        FROM orders),
    per_gap AS (
        SELECT customer_id, AVG(gap) / 86400 AS mean_gap_days,
               arg_max(gap, placed) / 86400 AS last_gap_days
        FROM gaps GROUP BY customer_id),
    rfm AS (
        SELECT o.customer_id,
               CAST(floor((epoch($snapshot) - epoch(MAX(o.placed))) / 86400) AS BIGINT) AS recency,
               COUNT(*) AS frequency
        FROM orders o GROUP BY o.customer_id),
    money AS (
        SELECT customer_id, SUM(quantity * unit_price * (1 - discount)) AS monetary
        FROM history GROUP BY customer_id),
    spend AS (
        SELECT customer_id, SUM(quantity * unit_price * (1 - discount)) AS future_spend
        FROM l WHERE order_time >= $snapshot AND order_time < $window_end GROUP BY customer_id),
    joined AS (
        SELECT r.customer_id, r.recency, r.frequency, m.monetary, g.mean_gap_days, g.last_gap_days,
               COALESCE(s.future_spend, 0.0) AS future_spend
        FROM rfm r JOIN money m USING (customer_id) JOIN per_gap g USING (customer_id)
        LEFT JOIN spend s USING (customer_id))
    SELECT *, (ROW_NUMBER() OVER (ORDER BY future_spend DESC, customer_id) <= $share * COUNT(*) OVER ())
              AND future_spend > 0 AS high_value
    FROM joined ORDER BY customer_id
    """
    con = duckdb.connect()
    try:
        con.register("lines", lines)
        params = {"snapshot": pd.Timestamp(snapshot).to_pydatetime(),
                  "window_end": pd.Timestamp(window_end).to_pydatetime(), "share": float(share)}
        return con.execute(query, params).df()
    finally:
        con.close()


def customer_table_spark(lines, snapshot, window_end, share=0.2):
    """RFM as of ``snapshot`` and the future-window label with Spark's DataFrame API.

    Parameters
    ----------
    lines : pandas.DataFrame
        Order lines (see :func:`customer_table_sql`). They are handed to Spark with
        ``spark.createDataFrame(lines)``; on a cluster they would be read from the warehouse.
    snapshot, window_end : pandas.Timestamp
        History is ``order_time < snapshot``; the label window is ``[snapshot, window_end)``.
    share : float, default 0.2
        The share of customers labelled high value.

    Returns
    -------
    pandas.DataFrame
        ``.toPandas()`` of the result: one row per customer with an order placed before
        ``snapshot``, sorted by ``customer_id``, with a fresh RangeIndex and the columns
        ``customer_id, recency, frequency, monetary, future_spend, high_value``, defined as in
        :func:`customer_table_sql` (recency in whole 24-hour days).
    """
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    from grader.spark import local_session

    spark = local_session()
    snap, end = F.lit(pd.Timestamp(snapshot).to_pydatetime()), F.lit(pd.Timestamp(window_end).to_pydatetime())
    seconds = lambda c: F.unix_timestamp(c)  # noqa: E731 - seconds since the epoch, in the session's UTC
    df = spark.createDataFrame(lines).dropDuplicates()
    net = F.col("quantity") * F.col("unit_price") * (1 - F.col("discount"))
    history = df.where(F.col("order_time") < snap)
    orders = (history.groupBy("customer_id", "order_id")
              .agg(F.min(F.when(F.col("quantity") > 0, F.col("order_time"))).alias("placed")))
    rfm = (orders.groupBy("customer_id")
           .agg(F.max("placed").alias("last"), F.count("*").alias("frequency"))
           .withColumn("recency", F.floor((seconds(snap) - seconds(F.col("last"))) / 86400).cast("long")))
    money = history.groupBy("customer_id").agg(F.sum(net).alias("monetary"))
    spend = (df.where((F.col("order_time") >= snap) & (F.col("order_time") < end))
             .groupBy("customer_id").agg(F.sum(net).alias("future_spend")))
    table = (rfm.join(money, "customer_id").join(spend, "customer_id", "left")
             .fillna(0.0, subset=["future_spend"]))
    rank = F.row_number().over(Window.orderBy(F.col("future_spend").desc(), F.col("customer_id")))
    n = F.count("*").over(Window.partitionBy())
    table = table.withColumn("high_value", (rank <= F.lit(float(share)) * n) & (F.col("future_spend") > 0))
    columns = ["customer_id", "recency", "frequency", "monetary", "future_spend", "high_value"]
    return table.select(*columns).orderBy("customer_id").toPandas()


def schema_problems(lines, schema=None):
    """The columns of ``lines`` that are missing or hold the wrong kind of values.

    Parameters
    ----------
    lines : pandas.DataFrame
        A batch of order lines as it arrives.
    schema : dict, optional
        Column name -> kind: ``"int"`` (an integer dtype), ``"number"`` (an integer or float
        dtype, never bool), ``"datetime"`` (a datetime64 dtype) or ``"str"`` (an object or
        string dtype). :data:`LINE_SCHEMA` by default. Extra columns are allowed.

    Returns
    -------
    list of str
        The names of the missing or mistyped columns, sorted; empty when the batch is fine.
    """
    schema = LINE_SCHEMA if schema is None else schema
    api = pd.api.types
    accepts = {
        "int": lambda s: api.is_integer_dtype(s) and not api.is_bool_dtype(s),
        "number": lambda s: api.is_numeric_dtype(s) and not api.is_bool_dtype(s),
        "datetime": api.is_datetime64_any_dtype,
        "str": lambda s: api.is_object_dtype(s) or api.is_string_dtype(s),
    }
    return sorted(col for col, kind in schema.items()
                  if col not in lines.columns or not accepts[kind](lines[col]))


def population_stability_index(expected, actual, bins=10):
    """Population stability index of ``actual`` against the ``expected`` (reference) sample.

    Parameters
    ----------
    expected, actual : array-like of float
        One feature in the reference snapshot and in the new one; missing values are dropped.
    bins : int, default 10
        Bins are cut at the quantiles ``1/bins, ..., (bins-1)/bins`` of ``expected`` (repeated
        edges kept once), open at both ends, and closed on the left: a value equal to an edge
        falls in the bin that starts there (``np.searchsorted(edges, x, side="right")``).

    Returns
    -------
    float
        ``sum((a - e) * ln(a / e))`` over the bins, with ``e`` and ``a`` the shares of each
        sample in the bin, each floored at ``1e-4`` so that an empty bin keeps it finite.
    """
    e = np.asarray(expected, dtype=float)
    a = np.asarray(actual, dtype=float)
    e, a = e[~np.isnan(e)], a[~np.isnan(a)]
    edges = np.unique(np.quantile(e, np.arange(1, bins) / bins))
    shares = [np.bincount(np.searchsorted(edges, x, side="right"), minlength=len(edges) + 1) / len(x)
              for x in (e, a)]
    e_share, a_share = (np.clip(s, 1e-4, None) for s in shares)
    return float(np.sum((a_share - e_share) * np.log(a_share / e_share)))


#: skops loads only trusted types; a pickle can run any code
PERSIST_CHOICE = "c"
#: the output depends on the snapshot and model only, written atomically
RERUN_CHOICE = "d"
#: a few heavy keys hold most lines
SKEW_CHOICE = "b"

R_ANSWER = (
    "R is the right tool where the work is statistical analysis and reporting rather than a "
    "service: a team of analysts who already know it, survival or BTYD models with mature "
    "packages (BTYD, CLVTools), and reports in R Markdown or Quarto. Scheduled scoring can run "
    "in R (Rscript from the scheduler, sparklyr on the same cluster), but the model must then "
    "be deployed and monitored in R too, or handed over as a format both sides read (SQL, "
    "PMML/ONNX, or the coefficients). A team mixing languages pays for two environments, two "
    "sets of tests and definitions that drift; I would keep the feature definitions in SQL "
    "that both read, and pick one language for the production model.")

INTERVIEW_ANSWER = (
    "1) Features in SQL or Spark, run by a scheduler for a snapshot date passed in, never "
    "'today'. 2) Input validation at the door: the schema and simple range checks fail the "
    "run loudly instead of scoring rubbish. 3) The model is trained by a script, saved with "
    "skops (or ONNX) and versioned with its training snapshot and metrics; loading never runs "
    "code from the file. 4) Batch scoring writes one file per snapshot and model version, "
    "overwritten atomically, so rerunning a day gives the same file. 5) Monitoring: PSI of "
    "the main features and of the scores between snapshots, with an alert above about 0.25, "
    "and the realised label compared with the prediction once the window has passed. "
    "6) Resources: pandas up to a few million lines on one machine, DuckDB up to the "
    "hundreds of millions, Spark when the data no longer fits one machine or already lives "
    "in a cluster; measured, not guessed.")
