"""A seeded synthetic e-commerce shop: customers, order lines and browsing sessions.

The shop is drawn from a buy-till-you-die behaviour model (a BG/NBD-like purchase and dropout
process, gamma-gamma-like spend: not the textbook models, see the data card) whose rates depend
on observable traits, with weekly/yearly seasonality and
the Double 11 (Nov 11) and 618 (Jun 18) shopping festivals, missing values by three documented
mechanisms (MCAR, MAR, MNAR) and realistic dirt (exact duplicate lines, bulk-order outliers,
returns).  ``datasets/DATACARD.md`` documents the schema and the model; the simulation itself
lives in :mod:`grader._shop_model`.

The calendar is fixed: events start at :data:`DATA_START`; features must use history strictly
before :data:`SNAPSHOT`; labels are measured in the window ``[SNAPSHOT, WINDOW_END)``.  No event
happens at or after :data:`WINDOW_END`.
"""

from __future__ import annotations

import operator
import pathlib
from dataclasses import dataclass

import pandas as pd

from grader import _shop_model

__all__ = [
    "AGE_MISSING_RATE_OTHER",
    "AGE_MISSING_RATE_SOCIAL",
    "CATEGORIES",
    "DATA_START",
    "DEFAULT_N_CUSTOMERS",
    "DEFAULT_SEED",
    "FILE_NAMES",
    "GENDER_MISSING_RATE",
    "HIGH_VALUE_SHARE",
    "REGION_LOW_SPEND_QUANTILE",
    "REGION_MISSING_RATE_LOW_SPEND",
    "REGION_MISSING_RATE_OTHER",
    "SNAPSHOT",
    "WINDOW_END",
    "Shop",
    "generate_shop",
    "read_shop",
    "write_shop",
]

DATA_START = pd.Timestamp("2024-01-01")
SNAPSHOT = pd.Timestamp("2025-07-01")  # features use history strictly before this
WINDOW_END = pd.Timestamp("2026-01-01")  # label window is [SNAPSHOT, WINDOW_END)
DEFAULT_SEED = 2024
DEFAULT_N_CUSTOMERS = 5000
HIGH_VALUE_SHARE = 0.2  # top 20% of future net spend is "high value"

#: MCAR: ``gender`` is blank completely at random with this probability.
GENDER_MISSING_RATE = 0.05
#: MAR: ``age`` is missing with this probability when ``acquisition_channel == "social"`` ...
AGE_MISSING_RATE_SOCIAL = 0.30
#: ... and with this probability for every other channel.
AGE_MISSING_RATE_OTHER = 0.05
#: MNAR: ``region`` is withheld with this probability by customers whose latent mean order value
#: lies in the lowest :data:`REGION_LOW_SPEND_QUANTILE` of the population ...
REGION_MISSING_RATE_LOW_SPEND = 0.25
#: ... and with this probability by everybody else.
REGION_MISSING_RATE_OTHER = 0.05
REGION_LOW_SPEND_QUANTILE = 1 / 3

#: The product categories, in the order the generator knows them.
CATEGORIES = _shop_model.CATEGORIES

#: File name of each frame inside a dataset folder.
FILE_NAMES = {
    "customers": "customers.csv.gz",
    "order_lines": "order_lines.csv.gz",
    "sessions": "sessions.csv.gz",
}
REGENERATE_COMMAND = "workbook data --out datasets/"
DEFAULT_DIRECTORY = pathlib.Path(__file__).resolve().parents[1] / "datasets"

#: pandas 3's text dtype keeps missing values missing; pandas 2 (the last for Python 3.10) has no
#: "str" dtype that does, so text columns stay ``object`` there
TEXT_DTYPE = "str" if int(pd.__version__.split(".")[0]) >= 3 else "object"
_STR = TEXT_DTYPE
_DTYPES = {
    "customers": {
        "customer_id": "int64",
        "signup_date": "datetime64[ns]",
        "age": "float64",
        "gender": _STR,
        "region": _STR,
        "city_tier": "int64",
        "membership_level": _STR,
        "acquisition_channel": _STR,
    },
    "order_lines": {
        "order_id": "int64",
        "customer_id": "int64",
        "order_time": "datetime64[ns]",
        "category": _STR,
        "quantity": "int64",
        "unit_price": "float64",
        "discount": "float64",
    },
    "sessions": {
        "customer_id": "int64",
        "date": "datetime64[ns]",
        "visits": "int64",
        "page_views": "int64",
        "cart_adds": "int64",
    },
}
_DATE_FORMATS = {
    ("customers", "signup_date"): "%Y-%m-%d",
    ("order_lines", "order_time"): "%Y-%m-%d %H:%M:%S",
    ("sessions", "date"): "%Y-%m-%d",
}


@dataclass(frozen=True)
class Shop:
    """One variant of the synthetic shop.

    Attributes
    ----------
    customers : pandas.DataFrame
        One row per customer: ``customer_id``, ``signup_date``, ``age``, ``gender``, ``region``,
        ``city_tier``, ``membership_level``, ``acquisition_channel``.
    order_lines : pandas.DataFrame
        One row per order line (returns are lines with a negative ``quantity``):
        ``order_id``, ``customer_id``, ``order_time``, ``category``, ``quantity``,
        ``unit_price``, ``discount``.
    sessions : pandas.DataFrame
        One row per customer and day with at least one visit: ``customer_id``, ``date``,
        ``visits``, ``page_views``, ``cart_adds``.
    seed : int
        The seed the shop was generated from (``-1`` when unknown, e.g. read from files).
    snapshot : pandas.Timestamp
        Features use history strictly before this instant.
    window_end : pandas.Timestamp
        End (exclusive) of the label window ``[snapshot, window_end)``.
    """

    customers: pd.DataFrame
    order_lines: pd.DataFrame
    sessions: pd.DataFrame
    seed: int
    snapshot: pd.Timestamp = SNAPSHOT
    window_end: pd.Timestamp = WINDOW_END


def _as_int(name: str, value, minimum: int) -> int:
    """``value`` as a plain int (numpy integers accepted) or a ValueError."""
    try:
        if isinstance(value, bool):
            raise TypeError
        number = operator.index(value)
    except TypeError:
        raise ValueError(f"{name} must be an int, got {value!r}") from None
    if number < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {number}")
    return int(number)


def _simulate(seed: int, n_customers: int) -> tuple[Shop, pd.DataFrame]:
    """Generate a shop and return it with the latent per-customer parameters.

    The latent frame (``customer_id``, ``purchase_rate``, ``dropout_prob``,
    ``mean_order_value``, ``low_spend``, ``dropout_time``) is for tests and teaching material
    only: it is never shipped and never reaches a learner's features.
    """
    seed = _as_int("seed", seed, minimum=0)
    n_customers = _as_int("n_customers", n_customers, minimum=1)
    calendar = _shop_model.Calendar(DATA_START, SNAPSHOT, WINDOW_END)
    rates = _shop_model.MissingRates(
        gender_mcar=GENDER_MISSING_RATE,
        age_mar_social=AGE_MISSING_RATE_SOCIAL,
        age_mar_other=AGE_MISSING_RATE_OTHER,
        region_mnar_low_spend=REGION_MISSING_RATE_LOW_SPEND,
        region_mnar_other=REGION_MISSING_RATE_OTHER,
        low_spend_quantile=REGION_LOW_SPEND_QUANTILE,
    )
    customers, order_lines, sessions, latent = _shop_model.simulate(
        seed, n_customers, calendar, rates
    )
    frames = {"customers": customers, "order_lines": order_lines, "sessions": sessions}
    frames = {name: _conform(name, frame) for name, frame in frames.items()}
    return Shop(seed=seed, **frames), latent


def generate_shop(seed: int = DEFAULT_SEED, n_customers: int = DEFAULT_N_CUSTOMERS) -> Shop:
    """Generate one variant of the synthetic shop.

    The same ``seed`` and ``n_customers`` always give identical frames (on the same numpy
    and pandas versions).  Rows are sorted deterministically: customers by ``customer_id``,
    order lines by ``order_time`` then ``order_id`` (a return follows its purchase), sessions
    by ``customer_id`` then ``date``; every frame has a fresh ``RangeIndex``.

    Parameters
    ----------
    seed : int, default DEFAULT_SEED
        Seed of the random generator (a non-negative int).  The shipped files in
        ``datasets/`` are the default seed; hidden grading variants use other seeds.
    n_customers : int, default DEFAULT_N_CUSTOMERS
        Number of customers (``customer_id`` runs from 1 to ``n_customers``).  A few hundred
        customers generate in a few milliseconds.

    Returns
    -------
    Shop
        The three frames ``customers``, ``order_lines`` and ``sessions`` plus the seed, the
        snapshot and the end of the label window.

    Raises
    ------
    ValueError
        If ``seed`` is negative or ``n_customers`` is smaller than 1.

    Examples
    --------
    >>> shop = generate_shop(seed=7, n_customers=300)
    >>> len(shop.customers)
    300
    >>> list(shop.order_lines.columns)
    ['order_id', 'customer_id', 'order_time', 'category', 'quantity', 'unit_price', 'discount']
    >>> bool((shop.order_lines["order_time"] < shop.window_end).all())
    True
    """
    return _simulate(seed, n_customers)[0]


def _conform(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Columns in schema order with the exact dtypes, sorted, with a fresh RangeIndex."""
    dtypes = _DTYPES[name]
    frame = frame[list(dtypes)].astype(dtypes)
    keys = {
        "customers": ["customer_id"],
        "order_lines": ["order_time", "order_id"],
        "sessions": ["customer_id", "date"],
    }[name]
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


def write_shop(shop: Shop, out_dir) -> list[pathlib.Path]:
    """Write the three frames of a shop as reproducible gzip-compressed CSV files.

    Dates are written in ISO form (``2024-03-05``, ``2024-03-05 14:07:09``), missing values as
    empty fields, and the gzip header carries no timestamp, so the same shop always gives the
    same bytes.

    Parameters
    ----------
    shop : Shop
        The shop to write, e.g. ``generate_shop()``.
    out_dir : str or os.PathLike
        Destination folder; created if absent.  Existing files of the same names are replaced.

    Returns
    -------
    list of pathlib.Path
        The paths written: ``customers.csv.gz``, ``order_lines.csv.gz``, ``sessions.csv.gz``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     paths = write_shop(generate_shop(n_customers=300), tmp)
    ...     [p.name for p in paths]
    ['customers.csv.gz', 'order_lines.csv.gz', 'sessions.csv.gz']
    """
    out = pathlib.Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, file_name in FILE_NAMES.items():
        frame = getattr(shop, name).copy()
        for (frame_name, column), fmt in _DATE_FORMATS.items():
            if frame_name == name:
                frame[column] = frame[column].dt.strftime(fmt)
        if name == "customers":
            # whole years without a trailing ".0"; missing stays an empty field
            age = frame["age"]
            frame["age"] = age.fillna(0).astype("int64").astype("str").where(age.notna(), "")
        path = out / file_name
        frame.to_csv(
            path,
            index=False,
            lineterminator="\n",
            compression={"method": "gzip", "mtime": 0, "compresslevel": 9},
        )
        written.append(path)
    return written


def read_shop(directory=None) -> Shop:
    """Read a shop written by :func:`write_shop`, with exactly the generator's dtypes.

    Parameters
    ----------
    directory : str or os.PathLike, optional
        Folder holding ``customers.csv.gz``, ``order_lines.csv.gz`` and ``sessions.csv.gz``.
        Defaults to the repository's ``datasets/`` folder (the shipped default variant).

    Returns
    -------
    Shop
        The three frames, dtypes and row order as from :func:`generate_shop`.  ``seed`` is
        :data:`DEFAULT_SEED` when reading the shipped folder and ``-1`` (unknown) otherwise.

    Raises
    ------
    FileNotFoundError
        If the folder or one of the files is missing; the message names the folder and the
        command that regenerates the files (``workbook data --out datasets/``).

    Examples
    --------
    >>> shop = read_shop()  # the shipped default variant
    >>> len(shop.customers) == DEFAULT_N_CUSTOMERS
    True
    >>> str(shop.order_lines["order_time"].dtype)
    'datetime64[ns]'
    """
    folder = DEFAULT_DIRECTORY if directory is None else pathlib.Path(directory)
    missing = [f for f in FILE_NAMES.values() if not (folder / f).is_file()]
    if missing:
        raise FileNotFoundError(
            f"shop data not found in {folder}: missing {', '.join(missing)}. "
            f"Regenerate it with `{REGENERATE_COMMAND}` (run from the repository root), or in "
            "Python: `from grader.shop import generate_shop, write_shop; "
            "write_shop(generate_shop(), 'datasets')`."
        )
    frames = {}
    for name, file_name in FILE_NAMES.items():
        dtypes = _DTYPES[name]
        dates = [col for (frame_name, col) in _DATE_FORMATS if frame_name == name]
        frame = pd.read_csv(
            folder / file_name,
            dtype={col: dt for col, dt in dtypes.items() if col not in dates},
            keep_default_na=False,
            na_values=[""],
        )
        for (frame_name, col), fmt in _DATE_FORMATS.items():
            if frame_name == name:
                frame[col] = pd.to_datetime(frame[col], format=fmt)
        if list(frame.columns) != list(dtypes):
            raise ValueError(
                f"{folder / file_name} has columns {list(frame.columns)}, expected {list(dtypes)}"
            )
        frames[name] = frame.astype(dtypes)
    is_default = directory is None or folder.resolve() == DEFAULT_DIRECTORY
    return Shop(seed=DEFAULT_SEED if is_default else -1, **frames)
