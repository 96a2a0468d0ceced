"""The comparator: one check per property, diagnostics a person can act on."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.pandas import column, data_frames, range_indexes

from grader.compare import compare, describe


@pytest.fixture
def rfm():
    return pd.DataFrame({"customer_id": [1, 2, 3, 4],
                         "recency": [5, 40, 12, 300],
                         "monetary": [120.5, np.nan, 33.0, 8.25],
                         "segment": ["loyal", "at risk", "new", "lost"]})


def test_equal_frames_match(rfm):
    assert compare(rfm, rfm.copy()) is None


def test_missing_column_is_named(rfm):
    d = compare(rfm, rfm.drop(columns="monetary"))
    assert d.kind == "columns" and "'monetary'" in d.public.en


def test_key_left_in_the_index_is_explained(rfm):
    d = compare(rfm, rfm.set_index("customer_id"))
    assert "reset_index" in d.public.en


def test_extra_columns(rfm):
    d = compare(rfm, rfm.assign(extra=1))
    assert d.kind == "columns" and "'extra'" in d.public.en
    assert compare(rfm, rfm.assign(extra=1), allow_extra_columns=True) is None


def test_column_order_only_when_asked(rfm):
    shuffled = rfm[["segment", "monetary", "recency", "customer_id"]]
    assert compare(rfm, shuffled) is None
    assert compare(rfm, shuffled, check_column_order=True).kind == "columns"


def test_row_count(rfm):
    d = compare(rfm, rfm.iloc[:3])
    assert d.kind == "rows" and "4 rows expected, got 3 rows" in d.public.en
    assert "4" not in d.hidden.en  # the expected count is not revealed for hidden cases


def test_values_name_column_count_and_first_rows(rfm):
    other = rfm.copy()
    other.loc[[1, 3], "recency"] = [41, 301]
    d = compare(rfm, other)
    assert d.kind == "values"
    assert "column 'recency': differences in 2 of 4 values" in d.public.en
    assert "expected 40, got 41" in d.public.en and "expected 300, got 301" in d.public.en
    assert "40" not in d.hidden.en and "300" not in d.hidden.en


def test_rows_named_by_key(rfm):
    other = rfm.iloc[::-1].reset_index(drop=True)
    other.loc[other["customer_id"] == 2, "recency"] = 41
    d = compare(rfm, other, ignore_row_order=True, ignore_index=True, key="customer_id")
    assert "at customer_id=2: expected 40, got 41" in d.public.en


def test_float_tolerance_and_nan_equality(rfm):
    close = rfm.assign(monetary=rfm["monetary"] * (1 + 1e-9))
    assert compare(rfm, close) is None
    assert compare(rfm, rfm.assign(monetary=rfm["monetary"] + 0.01)) is not None
    assert compare(rfm, rfm.assign(monetary=rfm["monetary"] + 0.01), atol=0.1) is None
    filled = rfm.assign(monetary=rfm["monetary"].fillna(0))
    assert "expected NaN, got 0.0" in compare(rfm, filled).public.en


def test_dtype_leniency(rfm):
    assert compare(rfm, rfm.astype({"recency": "float64"})) is None
    assert compare(rfm, rfm.astype({"recency": "Int64"})) is None
    assert compare(rfm, rfm.astype({"segment": "category"})) is None
    assert compare(rfm, rfm.astype({"segment": object})) is None
    d = compare(rfm, rfm.astype({"recency": str}))
    assert d.kind == "dtype" and "text" in d.public.en and "numeric" in d.public.en


def test_dates_vs_text():
    frame = pd.DataFrame({"t": pd.to_datetime(["2025-01-01", "2025-02-01"])})
    assert compare(frame, frame.astype({"t": "datetime64[s]"})) is None
    assert compare(frame, frame.astype({"t": str})).kind == "dtype"
    later = frame.assign(t=frame["t"] + pd.Timedelta(days=1))
    assert "2025-01-01" in compare(frame, later).public.en


def test_row_order(rfm):
    reversed_rows = rfm.iloc[::-1]
    assert compare(rfm, reversed_rows).kind == "index"
    assert compare(rfm, reversed_rows, ignore_row_order=True) is None
    renumbered = reversed_rows.reset_index(drop=True)
    assert compare(rfm, renumbered, ignore_row_order=True) is not None
    assert compare(rfm, renumbered, ignore_row_order=True, ignore_index=True) is None


def test_index_names_and_labels(rfm):
    keyed = rfm.set_index("customer_id")
    assert compare(keyed, rfm.set_index("recency").drop(columns=[]), allow_extra_columns=True)
    d = compare(keyed, keyed.rename_axis("cid"))
    assert d.kind == "index" and "'cid'" in d.public.en
    shifted = keyed.set_axis(keyed.index + 1)
    assert "labels differ" in compare(keyed, shifted).public.en


def test_series(rfm):
    s = rfm.set_index("customer_id")["monetary"]
    assert compare(s, s.copy()) is None
    assert compare(s, s.rename("spend")) is None
    assert compare(s, s.rename("spend"), check_names=True).kind == "name"
    assert compare(s, s.to_frame()).kind == "type"
    assert compare(s, s.iloc[:2]).kind == "rows"
    assert compare(s, s.to_numpy()).kind == "type"


def test_arrays_and_lists():
    a = np.array([[1.0, 2.0], [3.0, 4.0]])
    assert compare(a, a.tolist()) is None
    assert compare(a, a.T).kind == "values"
    assert compare(a, a[:1]).kind == "rows"
    assert compare(a, "nope").kind == "type"


def test_scalars():
    assert compare(0.3, 0.1 + 0.2) is None
    assert compare(3, 3.0) is None
    assert compare(3.0, "3").kind == "type"
    assert compare(3.0, None).kind == "type"
    assert compare(True, 1).kind == "type"
    assert compare("gold", "gold") is None
    assert compare("gold", "Gold").kind == "values"
    assert compare(pd.Timestamp("2025-07-01"), np.datetime64("2025-07-01")) is None
    assert compare(float("nan"), float("nan")) is None


def test_containers():
    assert compare({"a": 1, "b": [1, 2]}, {"a": 1, "b": [1, 2]}) is None
    assert compare({"a": 1}, {"b": 1}).kind == "keys"
    d = compare({"a": 1, "b": [1, 2]}, {"a": 1, "b": [1, 3]})
    assert "item 'b'" in d.public.en and "item 1" in d.public.en
    assert compare({"a", "b"}, ["b", "a"]) is None
    assert compare((1, 2), [1, 2]) is None


def test_hostile_objects_never_escape():
    class AlwaysEqual:
        def __eq__(self, other):
            return True

    class Explodes:
        def __eq__(self, other):
            raise RuntimeError("no")

        def __repr__(self):
            raise RuntimeError("no repr either")

    assert compare(1.5, AlwaysEqual()) is not None
    assert compare("x", AlwaysEqual()) is not None
    assert compare(pd.DataFrame({"a": [1]}), Explodes()) is not None
    assert compare({"k": 1}, {"k": Explodes()}) is not None
    assert compare(pd.Series(["a", "b"]), pd.Series([Explodes(), "b"])) is not None
    assert "object" in describe(Explodes()).en


def test_chinese_diagnostics(rfm):
    d = compare(rfm, rfm.drop(columns="monetary"))
    assert "缺少列" in d.public.zh


frames = data_frames(
    columns=[column("x", dtype=float), column("n", dtype=int),
             column("s", elements=st.sampled_from(["a", "b", "c"]))],
    index=range_indexes(min_size=1, max_size=20))


@settings(max_examples=60, deadline=None)
@given(frames)
def test_a_frame_always_matches_itself(df):
    assert compare(df, df.copy()) is None
    assert compare(df, df.sample(frac=1, random_state=0), ignore_row_order=True) is None


@settings(max_examples=60, deadline=None)
@given(frames, st.data())
def test_any_changed_number_is_found(df, data):
    finite = df[np.isfinite(df["x"]) & (df["x"].abs() < 1e12)]
    if finite.empty:
        return
    row = data.draw(st.sampled_from(list(finite.index)))
    changed = df.copy()
    changed.loc[row, "x"] = df.loc[row, "x"] + 1 + abs(df.loc[row, "x"]) * 1e-3
    d = compare(df, changed)
    assert d is not None and d.kind == "values" and "column 'x'" in d.public.en
