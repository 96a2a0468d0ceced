"""Tests of the CDNOW loader (grader.cdnow).

Row counts are checked against the raw text files, counted independently of pandas.
"""

from __future__ import annotations

import importlib.metadata
import pathlib
import sys

import pandas as pd
import pytest

from grader import cdnow
from grader.cdnow import CdnowDataNotFound, cdnow_path, load_cdnow

DTYPES = {
    "customer_id": "int64",
    "date": "datetime64[ns]",
    "n_items": "int64",
    "amount": "float64",
}


def _data_lines(path: pathlib.Path) -> list[list[str]]:
    """Non-empty lines of a raw file, split on whitespace, without a header line."""
    rows = [line.split() for line in path.read_text().splitlines() if line.strip()]
    return [r for r in rows if r[0].isdigit()]


@pytest.fixture(scope="module")
def master() -> pd.DataFrame:
    return load_cdnow()


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return load_cdnow(sample=True)


def test_files_are_located_in_the_lifetimes_distribution():
    dist = importlib.metadata.distribution("lifetimes")
    root = pathlib.Path(str(dist.locate_file(""))).resolve()
    for flag, name in [(False, "CDNOW_master.txt"), (True, "CDNOW_sample.txt")]:
        path = cdnow_path(flag)
        assert path.name == name and path.is_file()
        assert root in path.resolve().parents


def test_lifetimes_is_not_imported():
    before = "lifetimes" in sys.modules
    load_cdnow(sample=True)
    assert ("lifetimes" in sys.modules) == before


@pytest.mark.parametrize("flag", [False, True])
def test_row_count_equals_the_raw_file(flag):
    raw = _data_lines(cdnow_path(flag))
    frame = load_cdnow(flag)
    assert len(frame) == len(raw)
    # value by value against the raw text: id first, then date, items, amount last
    assert frame["customer_id"].tolist() == [int(r[0]) for r in raw]
    assert frame["date"].dt.strftime("%Y%m%d").tolist() == [r[-3] for r in raw]
    assert frame["n_items"].tolist() == [int(r[-2]) for r in raw]
    assert frame["amount"].tolist() == [float(r[-1]) for r in raw]


def test_master_facts_from_the_literature(master):
    assert len(master) == 69_659
    assert master["customer_id"].nunique() == 23_570
    assert master["customer_id"].min() == 1 and master["customer_id"].max() == 23_570
    # the cohort made its first purchase in the first quarter of 1997, followed to mid-1998
    first = master.groupby("customer_id")["date"].min()
    assert first.max() < pd.Timestamp("1997-04-01")
    assert master["date"].max() <= pd.Timestamp("1998-06-30")


def test_sample_facts(sample, master):
    assert sample["customer_id"].nunique() == 2_357
    # customer_id is the master id: every sample record is a master record
    joined = sample.merge(master.drop_duplicates(), how="left", indicator=True)
    assert (joined["_merge"] == "both").all()
    assert set(sample["customer_id"]) <= set(master["customer_id"])


@pytest.mark.parametrize("flag", [False, True])
def test_dtypes_and_values(flag):
    frame = load_cdnow(flag)
    assert list(frame.columns) == list(DTYPES)
    assert {c: str(t) for c, t in frame.dtypes.items()} == DTYPES
    assert isinstance(frame.index, pd.RangeIndex)
    assert (frame["amount"] >= 0).all()
    assert (frame["n_items"] >= 1).all()
    assert (frame["date"] == frame["date"].dt.normalize()).all()
    assert not frame.isna().any().any()


def test_missing_file_raises_a_clear_error(monkeypatch, tmp_path):
    class FakeDist:
        version = "0.0"
        files = []

        def locate_file(self, path):
            return tmp_path / path

    monkeypatch.setattr(cdnow.importlib.metadata, "distribution", lambda name: FakeDist())
    with pytest.raises(FileNotFoundError) as err:
        load_cdnow()
    assert isinstance(err.value, CdnowDataNotFound)
    assert "pip install lifetimes" in str(err.value)
    assert "CDNOW_master.txt" in str(err.value)


def test_missing_distribution_raises_a_clear_error(monkeypatch):
    def no_dist(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(cdnow.importlib.metadata, "distribution", no_dist)
    with pytest.raises(CdnowDataNotFound, match="pip install lifetimes"):
        load_cdnow(sample=True)


def test_locator_can_be_replaced(monkeypatch, tmp_path):
    """load_cdnow reads whatever cdnow_path returns (the seam used to test the error path)."""
    missing = tmp_path / "CDNOW_master.txt"

    def locator(sample=False):
        raise CdnowDataNotFound(f"{missing} is absent; pip install lifetimes")

    monkeypatch.setattr(cdnow, "cdnow_path", locator)
    with pytest.raises(FileNotFoundError, match="pip install lifetimes"):
        load_cdnow()
