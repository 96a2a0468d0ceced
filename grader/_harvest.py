"""Harvest code, executed *inside* the learner's kernel after the notebook has run.

This module is self-contained on purpose: ``workbook grade`` sends its source to the sandbox
kernel as a cell (executed in a namespace of its own, so it shadows none of the learner's names),
where ``grader`` may be unavailable or tampered with. The engine imports its stub test and its
column shuffle from here, so ``check`` and grading judge alike. It calls the learner's
objects on the hidden inputs the grader wrote (pickles the grader itself made: inputs only, never
a test label or an expected value), and sends what came back as plain JSON (never pickle) in
display messages for the grader process to judge. Nothing here decides whether an answer is
right, and nothing here is trusted: it runs in the learner's process, so its records count as
the learner's own output.
"""

from __future__ import annotations

import json
import math
import pickle
import signal
import sys
import time

MAX_CELLS = 2_000_000  # a frame larger than this is reported, not encoded
#: the MIME type of the display messages that carry records back to the grader
RECORD_MIME = "application/vnd.workbook.record+json"
#: a record larger than this is replaced by a note saying so (the grader's transport refuses more)
MAX_RECORD_CHARS = 24 * 2**20


class _WbDeadline(BaseException):
    pass


def _wb_kind(series):
    import pandas as pd

    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return _wb_kind(series.astype(object))
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_integer_dtype(dtype):
        return "int"
    if pd.api.types.is_float_dtype(dtype):
        return "float"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "datetime"
    if pd.api.types.is_timedelta64_dtype(dtype):
        return "timedelta"
    if pd.api.types.is_string_dtype(dtype) and all(isinstance(v, str) or v is None or v != v
                                                    for v in series.tolist()):
        return "str"
    return "object"


def _wb_float(v):
    v = float(v)
    if math.isnan(v):
        return None
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def _wb_column(values):
    """One column (or Series, or flat array) as {"kind", "values"}; missing values are null."""
    import pandas as pd

    series = pd.Series(values) if not isinstance(values, pd.Series) else values
    kind = _wb_kind(series)
    missing = series.isna().tolist() if kind not in ("object",) else [False] * len(series)
    raw = series.astype(object).tolist()
    if kind == "bool":
        out = [None if m else bool(v) for v, m in zip(raw, missing, strict=True)]
    elif kind == "int":
        out = [None if m else int(v) for v, m in zip(raw, missing, strict=True)]
    elif kind == "float":
        out = [None if m else _wb_float(v) for v, m in zip(raw, missing, strict=True)]
    elif kind == "datetime":
        out = [None if m else pd.Timestamp(v).isoformat() for v, m in zip(raw, missing, strict=True)]
    elif kind == "timedelta":
        out = [None if m else int(pd.Timedelta(v).value) for v, m in zip(raw, missing, strict=True)]
    elif kind == "str":
        out = [v if isinstance(v, str) else None for v in raw]
    else:
        out = [_wb_encode(v) for v in raw]
    return {"kind": kind, "values": out}


def _wb_index(index):
    return {"names": [None if n is None else _wb_encode(n) for n in index.names],
            "levels": [_wb_column(index.get_level_values(i)) for i in range(index.nlevels)]}


def _wb_encode(obj):
    """Any value as tagged JSON data."""
    import numpy as np
    import pandas as pd

    if obj is None:
        return {"t": "none"}
    if isinstance(obj, (bool, np.bool_)):
        return {"t": "bool", "v": bool(obj)}
    if isinstance(obj, (int, np.integer)):
        return {"t": "int", "v": int(obj)}
    if isinstance(obj, (float, np.floating)):
        return {"t": "float", "v": _wb_float(obj), "nan": bool(obj != obj)}
    if isinstance(obj, str):
        return {"t": "str", "v": str(obj)}
    if isinstance(obj, (pd.Timestamp, np.datetime64)):
        return {"t": "ts", "v": None if pd.isna(obj) else pd.Timestamp(obj).isoformat()}
    if isinstance(obj, pd.DataFrame):
        if obj.size > MAX_CELLS:
            return {"t": "too_large", "type": "DataFrame", "shape": list(obj.shape)}
        return {"t": "frame", "columns": [_wb_encode(c) for c in obj.columns],
                "data": [_wb_column(obj.iloc[:, i]) for i in range(obj.shape[1])],
                "index": _wb_index(obj.index), "range_index": isinstance(obj.index, pd.RangeIndex)}
    if isinstance(obj, pd.Series):
        if obj.size > MAX_CELLS:
            return {"t": "too_large", "type": "Series", "shape": [len(obj)]}
        return {"t": "series", "name": _wb_encode(obj.name), "data": _wb_column(obj),
                "index": _wb_index(obj.index), "range_index": isinstance(obj.index, pd.RangeIndex)}
    if isinstance(obj, np.ndarray):
        if obj.size > MAX_CELLS:
            return {"t": "too_large", "type": "ndarray", "shape": list(obj.shape)}
        return {"t": "array", "shape": list(obj.shape), "data": _wb_column(obj.ravel())}
    if isinstance(obj, (list, tuple, set, frozenset)):
        items = sorted(obj, key=repr) if isinstance(obj, (set, frozenset)) else list(obj)
        return {"t": type(obj).__name__ if type(obj) in (list, tuple, set, frozenset) else "list",
                "items": [_wb_encode(v) for v in items[:100_000]]}
    if isinstance(obj, dict):
        return {"t": "dict", "items": [[_wb_encode(k), _wb_encode(v)] for k, v in list(obj.items())[:100_000]]}
    return {"t": "unsupported", "type": type(obj).__name__}


def _wb_is_stub(fn):
    import ast
    import dis
    import inspect
    import textwrap

    code = getattr(fn, "__code__", None)
    if code is None:
        return False
    ops = [(i.opname, i.argval) for i in dis.get_instructions(code) if i.opname not in ("RESUME", "NOP", "CACHE")]
    if ops not in ([("LOAD_CONST", None), ("RETURN_VALUE", None)], [("RETURN_CONST", None)]):
        return False
    if getattr(fn, "__name__", "") == "<lambda>":
        return False
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except Exception:
        return True
    return not any(isinstance(node, ast.Return) for node in ast.walk(tree))


def _wb_call(fn, args, seconds):
    """Run fn(*args) under an alarm; returns a JSON-ready run record."""
    def on_alarm(signum, frame):
        raise _WbDeadline()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.1)
    start = time.perf_counter()
    fired = False
    try:
        value = fn(*args)
        record = {"value": value}
    except _WbDeadline:
        fired = True
        record = {}
    except BaseException as exc:  # learner code may raise anything
        record = {"error": {"type": type(exc).__name__, "message": str(exc)[:500]}}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if fired or time.perf_counter() - start > seconds:
        return {"timed_out": True}
    return record


def _wb_scores(fitted, X):
    if hasattr(fitted, "predict_proba"):
        return [_wb_float(v) for v in fitted.predict_proba(X)[:, -1]]
    if hasattr(fitted, "decision_function"):
        return [_wb_float(v) for v in fitted.decision_function(X)]
    return None


def _wb_fit_predict(estimator, X_train, y_train, X_test, probes=()):
    """Fit a clone, predict the test rows, and score them again with each probe's columns shuffled."""
    from sklearn.base import clone

    fitted = clone(estimator).fit(X_train, y_train)
    out = {"pred": list(map(_wb_plain, fitted.predict(X_test))), "proba": _wb_scores(fitted, X_test)}
    out["probes"] = [_wb_scores(fitted, _wb_permuted(X_test, columns)) for columns in probes]
    return out


def _wb_permuted(X, columns, seed=0):
    """A copy of ``X`` with ``columns`` shuffled together (the same row order for all of them)."""
    import numpy as np

    order = np.random.default_rng(seed).permutation(len(X))
    out = X.copy()
    for c in columns:
        out[c] = X[c].iloc[order].to_numpy()
    return out


def _wb_plain(v):
    import numpy as np

    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return _wb_float(v)
    return str(v)


def _wb_emit(record):
    """Send one record to the grader as a display message (the kernel has no file the grader reads)."""
    from IPython.display import publish_display_data

    text = json.dumps(record)
    if len(text) > MAX_RECORD_CHARS:
        text = json.dumps({"id": record.get("id"), "harvest_error": "the answer was too large to collect"})
    publish_display_data({RECORD_MIME: text})


def _wb_harvest(spec_path, namespace, emit=None):
    """Call every question's object as the spec says and send one JSON record per question."""
    emit = emit or _wb_emit
    with open(spec_path) as f:
        spec = json.load(f)
    for q in spec["questions"]:
        result = {"id": q["id"], "present": q["name"] in namespace}
        obj = namespace.get(q["name"])
        result["type"] = type(obj).__name__
        try:
            if q["kind"] == "function":
                result["callable"] = callable(obj) and not isinstance(obj, type)
                result["stub"] = bool(result["callable"] and _wb_is_stub(obj))
                runs = []
                if result["callable"] and not result["stub"]:
                    for path in q["cases"]:
                        with open(path, "rb") as f:
                            args, kwargs = pickle.load(f)
                        run = _wb_call(lambda *a, _f=obj, _kw=kwargs: _f(*a, **_kw), args, q["time_limit"])
                        if "value" in run:
                            run["value"] = _wb_encode(run["value"])
                        runs.append(run)
                        if run.get("timed_out"):
                            break
                result["runs"] = runs
            elif q["kind"] == "estimator":
                result["estimator"] = hasattr(obj, "fit") and hasattr(obj, "get_params") and not isinstance(obj, type)
                runs = []
                if result["estimator"]:
                    for path in q["cases"]:
                        with open(path, "rb") as f:
                            (X_train, y_train, X_test), _ = pickle.load(f)
                        run = _wb_call(_wb_fit_predict, (obj, X_train, y_train, X_test, q.get("probes", [])),
                                       q["time_limit"])
                        runs.append(run)
                        if run.get("timed_out"):
                            break
                result["runs"] = runs
            else:
                result["value"] = _wb_encode(obj)
        except BaseException as exc:
            result["harvest_error"] = f"{type(exc).__name__}: {str(exc)[:300]}"
        emit(result)
    imported = sorted(m for m in sys.modules if m == "solutions" or m.startswith("solutions."))
    emit({"id": "_kernel", "imported_solutions": imported})
