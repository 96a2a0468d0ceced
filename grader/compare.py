"""One tolerant comparison for DataFrames, Series, arrays, scalars and containers.

:func:`compare` returns ``None`` when ``actual`` matches ``expected`` and otherwise a
:class:`Diff` naming the *first* problem in the order a person would look for it: the
type, then the columns, the number of rows, the index, the dtypes, and finally the
values (with the first differing rows). Every diff has two renderings: ``public`` may
show expected values (for public cases), ``hidden`` shows only structure and the
learner's own values (for hidden grading cases).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import messages as M
from .i18n import T

__all__ = ["Diff", "compare", "describe"]

_MAX_ROWS_SHOWN = 5


@dataclass(frozen=True)
class Diff:
    """The first difference between an expected and an actual value.

    Parameters
    ----------
    kind : str
        ``"type"``, ``"columns"``, ``"rows"``, ``"index"``, ``"dtype"``, ``"name"``,
        ``"keys"`` or ``"values"``.
    public : T
        The description, possibly quoting expected values.
    hidden : T
        The same without any expected value, safe to show for a hidden case.
    want, got : T, optional
        The first differing value, expected and received, with where it is (e.g.
        ``"column 'recency' at customer_id=17: 12"``): the summary rows of the feedback.
    direction : T, optional
        For numbers: which way and how far the received value is off (e.g. "about 12% too
        high"), without the expected value.
    """

    kind: str
    public: T
    hidden: T
    want: T | None = None
    got: T | None = None
    direction: T | None = None

    def message(self, hidden: bool = False) -> T:
        """Return the rendering fit for a public (default) or a hidden case."""
        return self.hidden if hidden else self.public


class _RowName(str):
    """A row's name built from a key column, shown as is (no quotes)."""


def _same(kind: str, text: T) -> Diff:
    return Diff(kind, text, text)


def _fmt(value, width: int = 60) -> str:
    """A short, readable rendering of one value."""
    try:
        if value is None:
            return "None"
        if isinstance(value, np.generic) and not isinstance(value, np.datetime64):
            value = value.item()
        if isinstance(value, float):
            if math.isnan(value):
                return "NaN"
            if math.isinf(value):
                return str(value)
            return f"{float(value):.1f}" if float(value).is_integer() else f"{float(value):.6g}"
        if isinstance(value, (pd.Timestamp, np.datetime64)):
            return "NaT" if pd.isna(value) else str(pd.Timestamp(value))
        if value is pd.NA or value is pd.NaT:
            return str(value)
        text = repr(value)
    except Exception:  # a hostile __repr__ must not break the feedback
        text = f"<{type(value).__name__} object>"
    return text if len(text) <= width else text[: width - 1] + "…"


def a_or_an(word: str) -> str:
    """``word`` with its English indefinite article: ``"an int"``, ``"a DataFrame"``.

    Examples
    --------
    >>> a_or_an("int"), a_or_an("float"), a_or_an("ndarray")
    ('an int', 'a float', 'an ndarray')
    """
    bare = word.lstrip("`").lower()
    vowel_sound = bare[:1] in ("a", "e", "i", "o") or bare.startswith("nd")  # "an ndarray"
    return f"{'an' if vowel_sound else 'a'} {word}"


def n_items(n: int, word: str = "item", words: str | None = None) -> str:
    """A count with the noun in the right number: ``"1 item"``, ``"3 items"``, ``"1 row"``.

    Examples
    --------
    >>> n_items(1), n_items(3), n_items(1, "row"), n_items(2, "column")
    ('1 item', '3 items', '1 row', '2 columns')
    """
    return f"{n} {word if n == 1 else (words or word + 's')}"


def counted(n: int, word: str, zh_unit: str) -> T:
    """A count in both languages: ``"1 case"`` / ``"3 cases"`` and ``"3 个用例"``.

    Examples
    --------
    >>> counted(1, "case", "个用例").en, counted(3, "case", "个用例").zh
    ('1 case', '3 个用例')
    """
    return T(n_items(n, word), f"{n} {zh_unit}")


def type_phrase(type_name: str) -> T:
    """"an int", "a DataFrame" for a type name, in both languages."""
    return T(a_or_an(type_name), f"一个 {type_name}")


def _type_name(obj) -> str:
    if obj is None:
        return "None"
    if isinstance(obj, pd.DataFrame):
        return "a pandas DataFrame"
    if isinstance(obj, pd.Series):
        return "a pandas Series"
    if isinstance(obj, np.ndarray):
        return "a numpy array"
    return a_or_an(type(obj).__name__)


def describe(obj, *, show_values: bool = True) -> T:
    """Describe a value briefly: its type, shape and columns (and a few values).

    Parameters
    ----------
    obj : object
        Any value, typically a learner's result.
    show_values : bool, default True
        Whether a scalar's value may be shown.

    Returns
    -------
    T
        E.g. ``"a pandas DataFrame with 3 rows × 2 columns ['a', 'b']"``.

    Examples
    --------
    >>> str(describe(pd.DataFrame({"a": [1, 2]})))
    "a pandas DataFrame with 2 rows × 1 column ['a']"
    """
    try:
        if isinstance(obj, pd.DataFrame):
            cols = [str(c) for c in obj.columns[:12]] + (["…"] if obj.shape[1] > 12 else [])
            index = "" if isinstance(obj.index, pd.RangeIndex) else f", index {obj.index.name!r}"
            return T(
                f"a pandas DataFrame with {n_items(obj.shape[0], 'row')} × {n_items(obj.shape[1], 'column')} "
                f"{cols}{index}",
                f"一个 pandas DataFrame，{obj.shape[0]} 行 × {obj.shape[1]} 列 {cols}{index}",
            )
        if isinstance(obj, pd.Series):
            return T(
                f"a pandas Series named {obj.name!r} of length {len(obj)} ({obj.dtype})",
                f"一个名为 {obj.name!r} 的 pandas Series，长度 {len(obj)}（{obj.dtype}）",
            )
        if isinstance(obj, np.ndarray):
            return T(f"a numpy array of shape {obj.shape} ({obj.dtype})",
                     f"一个形状为 {obj.shape} 的 numpy 数组（{obj.dtype}）")
        if isinstance(obj, (list, tuple, set, frozenset, dict)):
            return T(f"{a_or_an(type(obj).__name__)} of {n_items(len(obj))}",
                     f"一个包含 {len(obj)} 个元素的 {type(obj).__name__}")
        if show_values:
            return T(f"{_fmt(obj)} ({type(obj).__name__})", f"{_fmt(obj)}（{type(obj).__name__}）")
        return T(_type_name(obj))
    except Exception:
        return T(f"{a_or_an(type(obj).__name__)} object", f"一个 {type(obj).__name__} 对象")


def _is_number(x) -> bool:
    return isinstance(x, numbers.Number) and not isinstance(x, (bool, np.bool_))


def _as_float_array(values) -> np.ndarray | None:
    """Values as float64 with NaN for missing, or None when they are not numeric."""
    series = pd.Series(values) if not isinstance(values, pd.Series) else values
    if isinstance(series.dtype, pd.CategoricalDtype):
        series = series.astype(object)
    if pd.api.types.is_bool_dtype(series.dtype) or pd.api.types.is_numeric_dtype(series.dtype):
        try:
            return series.to_numpy(dtype="float64", na_value=np.nan)
        except (TypeError, ValueError):
            return None
    return None


def _kind(series: pd.Series) -> str:
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        dtype = dtype.categories.dtype
    if pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_numeric_dtype(dtype):
        return "number"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "datetime"
    if pd.api.types.is_timedelta64_dtype(dtype):
        return "timedelta"
    if pd.api.types.is_object_dtype(dtype):  # by the values, missing skipped: NaN among booleans is no text
        inferred = pd.api.types.infer_dtype(series, skipna=True)
        if inferred in ("boolean", "integer", "floating", "mixed-integer-float", "decimal"):
            return "number"
        if inferred in ("datetime64", "datetime", "date"):
            return "datetime"
        return "text" if inferred == "string" else "object"
    if pd.api.types.is_string_dtype(dtype):
        return "text"
    return "object"


_KIND_NAMES = {
    "number": T("numeric", "数值"),
    "datetime": T("datetime", "日期时间"),
    "timedelta": T("timedelta", "时间间隔"),
    "text": T("text", "文本"),
    "object": T("mixed (object)", "混合（object）"),
    "bool": T("boolean", "布尔"),
    "integer": T("integer", "整数"),
    "float": T("floating-point", "浮点"),
}


def _number_kind(series: pd.Series) -> str:
    """``"bool"``, ``"integer"`` or ``"float"`` for a numeric series (nullable dtypes included)."""
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_integer_dtype(dtype):
        return "integer"
    return "float"


def _mismatch_mask(exp: pd.Series, act: pd.Series, rtol: float, atol: float) -> np.ndarray:
    """Boolean array: True where two aligned series differ (missing equals missing)."""
    exp_f, act_f = _as_float_array(exp), _as_float_array(act)
    if exp_f is not None and act_f is not None:
        both_nan = np.isnan(exp_f) & np.isnan(act_f)
        with np.errstate(invalid="ignore"):
            close = np.isclose(exp_f, act_f, rtol=rtol, atol=atol)
        return ~(close | both_nan)
    if _kind(exp) in ("datetime", "timedelta") and _kind(act) == _kind(exp):
        exp_na, act_na = exp.isna().to_numpy(), act.isna().to_numpy()
        same = (exp.to_numpy() == act.to_numpy())
        return ~(same | (exp_na & act_na))
    exp_v, act_v = exp.astype(object).tolist(), act.astype(object).tolist()
    out = np.zeros(len(exp_v), dtype=bool)
    for i, (e, a) in enumerate(zip(exp_v, act_v, strict=True)):
        e_na, a_na = _is_missing(e), _is_missing(a)
        if e_na or a_na:
            out[i] = e_na != a_na
            continue
        out[i] = not _equal_scalar(e, a)
    return out


def _is_missing(x) -> bool:
    try:
        return bool(pd.isna(x)) if np.ndim(x) == 0 else False
    except (TypeError, ValueError):
        return False


def _equal_scalar(e, a, rtol: float = 1e-6, atol: float = 1e-8) -> bool:
    if _is_number(e) and _is_number(a):
        return math.isclose(float(e), float(a), rel_tol=rtol, abs_tol=atol) or (
            math.isnan(float(e)) and math.isnan(float(a)))
    if isinstance(e, (bool, np.bool_)):
        return isinstance(a, (bool, np.bool_)) and bool(e) == bool(a)
    if isinstance(e, str):
        return isinstance(a, str) and e == a
    if isinstance(e, (pd.Timestamp, np.datetime64)):
        try:
            return bool(pd.Timestamp(e) == pd.Timestamp(a))
        except (TypeError, ValueError):
            return False
    try:  # other types: equal only to the same type, and never trust a foreign __eq__'s type
        return type(a) is type(e) and bool(e == a)
    except Exception:
        return False


def _values_diff(what: T, exp: pd.Series, act: pd.Series, where: list, rtol, atol) -> Diff | None:
    mask = _mismatch_mask(exp, act, rtol, atol)
    k = int(mask.sum())
    if not k:
        return None
    positions = np.flatnonzero(mask)[:_MAX_ROWS_SHOWN]
    rows = [M.D_VALUE_ROW.format(where=where[p] if isinstance(where[p], _RowName) else _fmt(where[p]),
                                 want=_fmt(exp.iloc[p]), got=_fmt(act.iloc[p]))
            for p in positions]
    joined = rows[0]
    for r in rows[1:]:
        joined = joined + "\n" + r
    n = len(exp)
    first = positions[0]
    where_first = where[first] if isinstance(where[first], _RowName) else _fmt(where[first])
    at = M.D_AT.format(what=what, where=where_first)
    off = _direction(exp.iloc[first], act.iloc[first])
    values = counted(n, "value", "个值")
    return Diff("values", M.D_VALUES.format(what=what, k=k, n=n, values=values, rows=joined),
                M.D_VALUES_HIDDEN.format(what=what, k=k, n=n, values=values),
                want=at + _fmt(exp.iloc[first]), got=at + _fmt(act.iloc[first]),
                direction=None if off is None else at + off)


def _direction(expected, actual) -> T | None:
    """How far and which way a received number is off, without the expected value."""
    if not (_is_number(expected) and _is_number(actual)) or isinstance(expected, (bool, np.bool_)):
        return None
    e, a = float(expected), float(actual)
    if math.isnan(e) or math.isnan(a) or math.isinf(e) or math.isinf(a) or e == a:
        return None
    rel = abs(a - e) / abs(e) if e else math.inf
    if rel < 0.01:
        size = M.D_SIZE_SLIGHT
    elif rel < 1:
        pct = rel * 100
        size = M.D_SIZE_PCT.format(pct=round(pct / 5) * 5 if pct >= 10 else max(1, round(pct)))
    else:
        size = M.D_SIZE_FAR
    return (M.D_TOO_HIGH if a > e else M.D_TOO_LOW).format(size=size)


def _index_diff(exp: pd.Index, act: pd.Index) -> Diff | None:
    if list(exp.names) != list(act.names):
        want = exp.name if exp.nlevels == 1 else list(exp.names)
        got = act.name if act.nlevels == 1 else list(act.names)
        return _same("index", M.D_INDEX_NAME.format(want=_fmt(want), got=_fmt(got)))
    mask = _mismatch_mask(pd.Series(exp.to_flat_index(), dtype=object) if exp.nlevels > 1
                          else pd.Series(exp), pd.Series(act.to_flat_index(), dtype=object)
                          if act.nlevels > 1 else pd.Series(act), 0.0, 0.0)
    if mask.any():
        pos = int(np.flatnonzero(mask)[0])
        return Diff("index", M.D_INDEX.format(pos=pos, want=_fmt(exp[pos]), got=_fmt(act[pos])),
                    M.D_INDEX_HIDDEN)
    return None


def _column_kind_diff(col, exp: pd.Series, act: pd.Series, check_dtype: bool = False) -> Diff | None:
    ek, ak = _kind(exp), _kind(act)
    if check_dtype and ek == ak == "number" and _number_kind(exp) != _number_kind(act):
        return _dtype_diff(col, _number_kind(exp), _number_kind(act))
    if ek == ak or exp.isna().all() or act.isna().all():
        return None
    if {ek, ak} <= {"text", "object"}:
        return None
    return _dtype_diff(col, ek, ak)


def _dtype_diff(col, want: str, got: str) -> Diff:
    text = M.D_DTYPE.format(col=repr(col), want=_KIND_NAMES[want], got=_KIND_NAMES[got])
    return Diff("dtype", text, text, want=M.D_KIND_OF.format(col=repr(col), kind=_KIND_NAMES[want]),
                got=M.D_KIND_OF.format(col=repr(col), kind=_KIND_NAMES[got]))


def _sorted_rows(df: pd.DataFrame) -> pd.DataFrame:
    """Rows in a canonical order (by every column, missing last), index dropped."""
    keys = pd.DataFrame({i: df.iloc[:, i] for i in range(df.shape[1])})
    for c in keys.columns:
        if _kind(keys[c]) == "object":
            keys[c] = keys[c].map(repr)
        elif _kind(keys[c]) == "text":
            keys[c] = keys[c].astype(object)
    order = keys.sort_values(list(keys.columns), kind="mergesort", na_position="last").index
    return df.loc[order].reset_index(drop=True)


def _frame_diff(expected: pd.DataFrame, actual, opts) -> Diff | None:
    if not isinstance(actual, pd.DataFrame):
        return _wrong_type(expected, actual)
    exp_cols, act_cols = list(expected.columns), list(actual.columns)
    missing = [c for c in exp_cols if c not in act_cols]
    extra = [c for c in act_cols if c not in exp_cols]
    if missing:
        hint = [c for c in missing if c in actual.index.names]
        text = M.D_MISSING_COLUMNS.format(cols=", ".join(map(repr, missing)))
        if hint:
            text = text + T(
                f" ({hint[0]!r} is in your index; `.reset_index()` turns it into a column)",
                f"（{hint[0]!r} 在你的索引中；`.reset_index()` 可将其变成列）")
        return _same("columns", text)
    if extra and not opts["allow_extra_columns"]:
        text = M.D_EXTRA_COLUMNS.format(cols=", ".join(map(repr, extra)))
        if expected.index.name in extra:
            text = text + T(f" (expected {expected.index.name!r} as the index: `.set_index(...)`)",
                            f"（期望 {expected.index.name!r} 为索引：使用 `.set_index(...)`）")
        return _same("columns", text)
    actual = actual[exp_cols]
    if opts["check_column_order"] and [c for c in act_cols if c in exp_cols] != exp_cols:
        return _same("columns", M.D_COLUMN_ORDER.format(want=exp_cols, got=act_cols))
    if len(expected) != len(actual):
        return Diff("rows", M.D_ROWS.format(want=counted(len(expected), "row", "行"),
                                            got=counted(len(actual), "row", "行")),
                    M.D_ROWS_HIDDEN.format(got=len(actual)),
                    want=T(n_items(len(expected), "row"), f"{len(expected)} 行"),
                    got=T(n_items(len(actual), "row"), f"{len(actual)} 行"))
    for col in exp_cols:
        d = _column_kind_diff(col, expected[col], actual[col], opts["check_dtype"])
        if d:
            return d
    expected, actual = _align(expected, actual, opts)
    if isinstance(expected, Diff):
        return expected
    key = opts["key"]
    if key is not None and key in exp_cols:
        where = [_RowName(f"{key}={_fmt(v)}") for v in expected[key]]
    else:
        where = list(expected.index)
    for col in exp_cols:
        d = _values_diff(M.D_COLUMN.format(col=repr(col)), expected[col], actual[col], where,
                         opts["rtol"], opts["atol"])
        if d:
            return d
    return None


def _align(expected, actual, opts):
    """Put rows in a comparable order; returns (expected, actual) or (Diff, None)."""
    if opts["ignore_index"]:
        expected, actual = expected.reset_index(drop=True), actual.reset_index(drop=True)
        if opts["ignore_row_order"]:
            if isinstance(expected, pd.Series):
                expected = _sorted_rows(expected.to_frame()).iloc[:, 0]
                actual = _sorted_rows(actual.to_frame()).iloc[:, 0]
            else:
                expected, actual = _sorted_rows(expected), _sorted_rows(actual)
        return expected, actual
    if opts["ignore_row_order"] and expected.index.is_unique and actual.index.is_unique:
        names_d = _index_diff(expected.index[:0], actual.index[:0])
        if names_d:
            return names_d, None
        if set(map(_fmt, expected.index)) == set(map(_fmt, actual.index)):
            expected = expected.sort_index(kind="mergesort")
            actual = actual.sort_index(kind="mergesort")
    d = _index_diff(expected.index, actual.index)
    if d:
        return d, None
    return expected, actual


def _series_diff(expected: pd.Series, actual, opts) -> Diff | None:
    if not isinstance(actual, pd.Series):
        return _wrong_type(expected, actual)
    if len(expected) != len(actual):
        return Diff("rows", M.D_LENGTH.format(want=len(expected), got=len(actual)),
                    M.D_ROWS_HIDDEN.format(got=len(actual)),
                    want=M.D_LEN.format(n=len(expected)), got=M.D_LEN.format(n=len(actual)))
    if opts["check_names"] and expected.name != actual.name:
        text = M.D_NAME.format(want=_fmt(expected.name), got=_fmt(actual.name))
        return Diff("name", text, text, want=M.D_NAMED.format(name=_fmt(expected.name)),
                    got=M.D_NAMED.format(name=_fmt(actual.name)))
    d = _column_kind_diff(expected.name, expected, actual, opts["check_dtype"])
    if d:
        return d
    expected, actual = _align(expected, actual, opts)
    if isinstance(expected, Diff):
        return expected
    return _values_diff(M.D_SERIES, expected, actual, list(expected.index), opts["rtol"], opts["atol"])


def _array_diff(expected: np.ndarray, actual, opts) -> Diff | None:
    if isinstance(actual, (pd.Series, pd.Index, list, tuple)):
        actual = np.asarray(actual)
    if not isinstance(actual, np.ndarray):
        return _wrong_type(expected, actual)
    if expected.shape != actual.shape:
        return _same("rows", M.D_SHAPE.format(want=expected.shape, got=actual.shape))
    exp_s, act_s = pd.Series(expected.ravel()), pd.Series(actual.ravel())
    where = [np.unravel_index(i, expected.shape) if expected.ndim > 1 else i
             for i in range(expected.size)]
    return _values_diff(M.D_SERIES, exp_s, act_s, where, opts["rtol"], opts["atol"])


def _wrong_type(expected, actual) -> Diff:
    text = M.D_WRONG_TYPE.format(want=_type_name(expected), got=_type_name(actual))
    return _same("type", text)


def _scalar_diff(expected, actual, opts) -> Diff | None:
    if _is_number(expected):
        if not _is_number(actual):
            return _wrong_type(expected, actual)
        if _equal_scalar(expected, actual, opts["rtol"], opts["atol"]):
            return None
    elif isinstance(expected, (bool, np.bool_, str, pd.Timestamp, np.datetime64)):
        if _equal_scalar(expected, actual):
            return None
        if not isinstance(actual, (type(expected), np.bool_, np.datetime64, pd.Timestamp)):
            return _wrong_type(expected, actual)
    elif expected is None:
        if actual is None:
            return None
    elif _equal_scalar(expected, actual):
        return None
    return Diff("values", M.D_SCALAR.format(want=_fmt(expected), got=_fmt(actual)),
                M.D_SCALAR_HIDDEN.format(got=_fmt(actual)), want=T(_fmt(expected)), got=T(_fmt(actual)),
                direction=_direction(expected, actual))


def _within(key, d: Diff) -> Diff:
    """A difference inside item ``key`` of a container."""
    def item(inner):
        return None if inner is None else M.D_ITEM.format(key=key, inner=inner)
    return Diff(d.kind, item(d.public), item(d.hidden), item(d.want), item(d.got), item(d.direction))


def _mapping_diff(expected: Mapping, actual, opts) -> Diff | None:
    if not isinstance(actual, Mapping):
        return _wrong_type(expected, actual)
    missing = [k for k in expected if k not in actual]
    extra = [k for k in actual if k not in expected]
    if missing or extra:
        return _same("keys", M.D_KEYS.format(missing=_fmt(missing), extra=_fmt(extra)))
    for key in expected:
        d = _compare(expected[key], actual[key], opts)
        if d:
            return _within(repr(key), d)
    return None


def _sequence_diff(expected, actual, opts) -> Diff | None:
    if isinstance(expected, (set, frozenset)):
        if not isinstance(actual, (set, frozenset, list, tuple)):
            return _wrong_type(expected, actual)
        if set(actual) == set(expected):
            return None
        return Diff("values", M.D_SCALAR.format(want=_fmt(sorted(expected, key=repr)),
                                               got=_fmt(sorted(set(actual), key=repr))),
                    M.D_SCALAR_HIDDEN.format(got=_fmt(actual)))
    if not isinstance(actual, (list, tuple, np.ndarray, pd.Series)):
        return _wrong_type(expected, actual)
    actual = list(actual)
    if len(actual) != len(expected):
        return Diff("rows", M.D_LENGTH.format(want=len(expected), got=len(actual)),
                    M.D_ROWS_HIDDEN.format(got=len(actual)),
                    want=M.D_LEN.format(n=len(expected)), got=M.D_LEN.format(n=len(actual)))
    for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
        d = _compare(e, a, opts)
        if d:
            return _within(i, d)
    return None


def _compare(expected, actual, opts) -> Diff | None:
    if isinstance(expected, pd.DataFrame):
        return _frame_diff(expected, actual, opts)
    if isinstance(expected, pd.Series):
        return _series_diff(expected, actual, opts)
    if isinstance(expected, np.ndarray):
        return _array_diff(expected, actual, opts)
    if isinstance(expected, Mapping):
        return _mapping_diff(expected, actual, opts)
    if isinstance(expected, (list, tuple, set, frozenset)):
        return _sequence_diff(expected, actual, opts)
    return _scalar_diff(expected, actual, opts)


def compare(expected, actual, *, rtol: float = 1e-6, atol: float = 1e-8,
            ignore_row_order: bool = False, ignore_index: bool = False,
            check_column_order: bool = False, allow_extra_columns: bool = False,
            check_names: bool = False, check_dtype: bool = False, key: str | None = None) -> Diff | None:
    """Compare a result with the expected one; return the first difference or ``None``.

    Parameters
    ----------
    expected : DataFrame, Series, ndarray, mapping, sequence or scalar
        The reference's result. Its type decides how ``actual`` is judged.
    actual : object
        The result to judge; any object (a wrong type is a difference, not an error).
    rtol, atol : float
        Tolerances for numbers (as in :func:`numpy.isclose`). Missing equals missing.
    ignore_row_order : bool, default False
        Rows may come in any order (matched by index label, or by value when
        ``ignore_index`` is also set).
    ignore_index : bool, default False
        Do not compare index labels.
    check_column_order : bool, default False
        Columns must come in the expected order.
    allow_extra_columns : bool, default False
        Extra columns in ``actual`` are not a difference.
    check_names : bool, default False
        A Series must carry the expected ``name``.
    check_dtype : bool, default False
        Numbers must be of the expected kind: boolean, integer or floating-point (a task
        that asks for ``int64`` labels rejects booleans and floats).
    key : str, optional
        A column that identifies rows (e.g. ``"customer_id"``): differing rows are named
        by it ("customer_id=17") instead of by position.

    Returns
    -------
    Diff or None

    Notes
    -----
    Dtypes are compared leniently: int vs float, bool vs number, category vs its
    values, ``str`` vs ``object`` all match when the values do; numbers vs text or
    dates vs text do not.

    Examples
    --------
    >>> compare(pd.Series([1.0, 2.0]), pd.Series([1, 2])) is None
    True
    >>> d = compare(pd.DataFrame({"a": [1], "b": [2]}), pd.DataFrame({"a": [1]}))
    >>> str(d.public)
    "missing column(s): 'b'"
    """
    opts = dict(rtol=rtol, atol=atol, ignore_row_order=ignore_row_order,
                ignore_index=ignore_index, check_column_order=check_column_order,
                allow_extra_columns=allow_extra_columns, check_names=check_names, check_dtype=check_dtype,
                key=key)
    return _compare(expected, actual, opts)
