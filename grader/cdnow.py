"""The CDNOW transaction log, read from the data files inside the ``lifetimes`` distribution.

CDNOW is the classic data set of the customer-base-analysis papers (Fader, Hardie & Lee 2005,
"Counting your customers the easy way"): every purchase of the 23,570 customers who made their
first purchase at the online CD retailer CDNOW in the first quarter of 1997, followed until the
end of June 1998.  The ``lifetimes`` wheel ships the full log (``CDNOW_master.txt``) and the
2,357-customer 1/10th sample used in the papers (``CDNOW_sample.txt``).

``lifetimes`` itself is never imported (its import chain is fragile on recent pandas/scipy): the
files are located through :mod:`importlib.metadata`.
"""

from __future__ import annotations

import importlib.metadata
import pathlib

import pandas as pd

__all__ = ["CDNOW_FILES", "CdnowDataNotFound", "cdnow_path", "load_cdnow"]

DISTRIBUTION = "lifetimes"
CDNOW_FILES = {False: "CDNOW_master.txt", True: "CDNOW_sample.txt"}
_DATA_FOLDER = "lifetimes/datasets"
_COLUMNS = ["customer_id", "date", "n_items", "amount"]
_DTYPES = {
    "customer_id": "int64",
    "date": "datetime64[ns]",
    "n_items": "int64",
    "amount": "float64",
}


class CdnowDataNotFound(FileNotFoundError):
    """The CDNOW files (shipped inside the ``lifetimes`` distribution) cannot be found."""


def _not_found(detail: str) -> CdnowDataNotFound:
    return CdnowDataNotFound(
        f"CDNOW data not found: {detail}. The CDNOW files ship inside the `lifetimes` "
        "distribution: install the project (`pip install -e .`, which depends on lifetimes) "
        "or run `pip install lifetimes`."
    )


def cdnow_path(sample: bool = False) -> pathlib.Path:
    """Locate ``CDNOW_master.txt`` (or ``CDNOW_sample.txt``) in the installed ``lifetimes``.

    Parameters
    ----------
    sample : bool, default False
        ``False`` for the full log, ``True`` for the 2,357-customer sample.

    Returns
    -------
    pathlib.Path
        The path of the file inside the installed distribution.

    Raises
    ------
    CdnowDataNotFound
        A subclass of :class:`FileNotFoundError`, when ``lifetimes`` is not installed or its
        distribution does not contain the file.

    Examples
    --------
    >>> cdnow_path().name
    'CDNOW_master.txt'
    """
    name = CDNOW_FILES[bool(sample)]
    try:
        dist = importlib.metadata.distribution(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        raise _not_found(f"the `{DISTRIBUTION}` distribution is not installed") from None
    path = pathlib.Path(str(dist.locate_file(f"{_DATA_FOLDER}/{name}")))
    if path.is_file():
        return path
    for entry in dist.files or ():  # unusual layouts: scan the installed-files record
        if entry.name == name:
            candidate = pathlib.Path(str(entry.locate()))
            if candidate.is_file():
                return candidate
    raise _not_found(f"`{name}` is not in the installed `{DISTRIBUTION}` {dist.version}")


def load_cdnow(sample: bool = False) -> pd.DataFrame:
    """Load the CDNOW transaction log: one row per purchase record.

    The master file has a header line and four whitespace-separated columns (customer id, date
    as ``YYYYMMDD``, number of CDs, dollar value).  The sample file has no header and five
    columns: the customer's id in the master file, the customer's id within the sample
    (1..2357), then date, number of CDs and dollar value.  For both, ``customer_id`` is the
    **master** id, so the sample is a subset of the master rows and the two can be joined.
    Several records of one customer on one day are kept as they are (aggregate them per day
    for BG/NBD-style models, as the papers do).

    Parameters
    ----------
    sample : bool, default False
        ``False``: the full log (69,659 records, 23,570 customers).  ``True``: the 1/10th
        sample of the papers (2,357 customers).

    Returns
    -------
    pandas.DataFrame
        Columns ``customer_id`` (int64), ``date`` (datetime64[ns]), ``n_items`` (int64, CDs
        bought), ``amount`` (float64, US dollars), in file order with a RangeIndex.

    Raises
    ------
    CdnowDataNotFound
        A subclass of :class:`FileNotFoundError`, when ``lifetimes`` or its data files are
        missing; the message says how to install them.

    Examples
    --------
    >>> cdnow = load_cdnow()
    >>> list(cdnow.columns)
    ['customer_id', 'date', 'n_items', 'amount']
    >>> int(cdnow["customer_id"].nunique())
    23570
    >>> int(load_cdnow(sample=True)["customer_id"].nunique())
    2357
    """
    path = cdnow_path(sample)
    if sample:
        names = ["customer_id", "sample_id", "date", "n_items", "amount"]
        header = None
    else:
        names = _COLUMNS
        header = 0
    frame = pd.read_csv(
        path,
        sep=r"\s+",
        header=header,
        names=names,
        dtype={"customer_id": "int64", "date": "str", "n_items": "int64", "amount": "float64"},
    )
    frame["date"] = pd.to_datetime(frame["date"], format="%Y%m%d")
    return frame[_COLUMNS].astype(_DTYPES).reset_index(drop=True)
