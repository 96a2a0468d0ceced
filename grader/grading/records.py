"""Decoding what the harvest wrote: tagged JSON back into pandas/numpy values (data only)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..running import Run, run_from_error_record
from ..shop import TEXT_DTYPE

__all__ = ["Unsupported", "decode", "run_from_record"]


class Unsupported:
    """A learner value the harvest could not encode (shown by type name only)."""

    def __init__(self, type_name: str):
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"<{self.type_name} object>"


def _decode_column(col: dict) -> pd.Series:
    kind, values = col["kind"], col["values"]
    if kind == "float":
        return pd.Series([np.nan if v is None else float(v) for v in values], dtype="float64")
    if kind == "int":
        return pd.Series(values, dtype="Int64" if None in values else "int64")
    if kind == "bool":
        return pd.Series(values, dtype="boolean" if None in values else "bool")
    if kind == "datetime":
        return pd.Series(pd.to_datetime(values))
    if kind == "timedelta":
        return pd.Series(pd.to_timedelta(values))
    if kind == "str":
        return pd.Series(values, dtype=TEXT_DTYPE)
    return pd.Series([decode(v) for v in values], dtype=object)


def _decode_index(data: dict, range_index: bool, n: int) -> pd.Index:
    if range_index:
        return pd.RangeIndex(n)
    levels = [_decode_column(c) for c in data["levels"]]
    names = [None if nm is None else decode(nm) for nm in data["names"]]
    if len(levels) == 1:
        return pd.Index(levels[0], name=names[0])
    return pd.MultiIndex.from_arrays(levels, names=names)


def decode(obj: dict):
    """Rebuild a value from the harvest's tagged JSON (data only: nothing is executed)."""
    tag = obj.get("t") if isinstance(obj, dict) else None
    if tag == "none":
        return None
    if tag in ("bool", "int", "str"):
        return obj["v"]
    if tag == "float":
        v = obj["v"]
        return float("nan") if v is None else float(v)
    if tag == "ts":
        return pd.NaT if obj["v"] is None else pd.Timestamp(obj["v"])
    if tag == "frame":
        columns = [decode(c) for c in obj["columns"]]
        data = [_decode_column(c) for c in obj["data"]]
        n = len(data[0]) if data else len(obj["index"]["levels"][0]["values"])
        frame = pd.concat([s.rename(i) for i, s in enumerate(data)], axis=1) if data else pd.DataFrame(index=range(n))
        frame.columns = columns
        frame.index = _decode_index(obj["index"], obj["range_index"], n)
        return frame
    if tag == "series":
        series = _decode_column(obj["data"])
        series.index = _decode_index(obj["index"], obj["range_index"], len(series))
        return series.rename(decode(obj["name"]))
    if tag == "array":
        series = _decode_column(obj["data"])
        values = series.to_numpy(dtype=object) if series.dtype == object else series.to_numpy()
        return values.reshape(obj["shape"])
    if tag in ("list", "tuple", "set", "frozenset"):
        items = [decode(v) for v in obj["items"]]
        return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[tag](items)
    if tag == "dict":
        return {_hashable(decode(k)): decode(v) for k, v in obj["items"]}
    if tag == "too_large":
        return Unsupported(f"{obj.get('type')} of shape {obj.get('shape')} (too large to collect)")
    return Unsupported(str(obj.get("type", "unknown") if isinstance(obj, dict) else type(obj).__name__))


def _hashable(value):
    try:
        hash(value)
        return value
    except TypeError:
        return repr(value)


def run_from_record(record: dict) -> Run:
    """A harvested run record as a :class:`~grader.running.Run` (its value decoded)."""
    if record.get("timed_out") or "error" in record:
        return run_from_error_record(record)
    return Run(value=decode(record.get("value", {"t": "none"})))
