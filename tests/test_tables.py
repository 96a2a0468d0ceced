"""The shipped customer table equals notebook 02's reference applied to the shipped shop."""

from __future__ import annotations

import pandas as pd
import pytest

from grader.shop import DEFAULT_DIRECTORY, SNAPSHOT, read_shop
from grader.tables import (
    CATEGORICAL_FEATURES,
    LABEL,
    NUMERIC_FEATURES,
    PANEL_SNAPSHOTS,
    TARGET_SPEND,
    build_customer_panel,
    build_customer_table,
    read_customer_panel,
    read_customer_table,
    variant_table,
    write_customer_panel,
    write_customer_table,
)


def test_shipped_table_is_the_reference_on_the_shipped_shop(tmp_path):
    shipped = read_customer_table()
    rebuilt = build_customer_table(read_shop())
    pd.testing.assert_frame_equal(shipped, rebuilt)
    written = write_customer_table(rebuilt, tmp_path)
    assert written.read_bytes() == (DEFAULT_DIRECTORY / written.name).read_bytes()


def test_columns_split_into_features_label_and_target():
    table = read_customer_table()
    assert set(NUMERIC_FEATURES) | set(CATEGORICAL_FEATURES) | {LABEL, TARGET_SPEND, "customer_id",
                                                                 "signup_date"} == set(table.columns)
    assert table[LABEL].dtype == bool and 0.15 < table[LABEL].mean() <= 0.2


def test_variants_are_cached_copies_and_deterministic():
    a = variant_table(5, 400)
    a.loc[:, "recency"] = -1
    b = variant_table(5, 400)
    assert (b["recency"] >= 0).all()
    assert not b.equals(variant_table(6, 400))


def test_an_earlier_snapshot_gives_an_out_of_time_table():
    early = variant_table(5, 400, snapshot="2025-01-01", window_end=SNAPSHOT)
    late = variant_table(5, 400)
    assert len(early) < len(late)
    assert early["recency"].median() != late["recency"].median()


def test_missing_file_names_the_regenerate_command(tmp_path):
    with pytest.raises(FileNotFoundError, match="workbook data --out datasets/"):
        read_customer_table(tmp_path)


def test_shipped_panel_is_the_reference_at_each_snapshot(tmp_path):
    shipped = read_customer_panel()
    rebuilt = build_customer_panel(read_shop())
    pd.testing.assert_frame_equal(shipped, rebuilt)
    assert list(shipped["snapshot"].unique()) == list(pd.to_datetime(PANEL_SNAPSHOTS))
    latest = shipped[shipped["snapshot"] == SNAPSHOT].drop(columns=["snapshot", "window_end"])
    pd.testing.assert_frame_equal(latest.reset_index(drop=True), read_customer_table())
    written = write_customer_panel(rebuilt, tmp_path)
    assert written.read_bytes() == (DEFAULT_DIRECTORY / written.name).read_bytes()


def test_missing_panel_names_how_to_regenerate_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="write_customer_panel"):
        read_customer_panel(tmp_path)
