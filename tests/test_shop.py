"""Tests of the synthetic shop generator (grader.shop) and of the shipped datasets/ files.

Expectations come from the module constants, the model parameters or independent computation:
no figure here was pasted from a run.
"""

from __future__ import annotations

import gzip
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from grader import _shop_model as model
from grader import shop as shop_mod
from grader.shop import (
    AGE_MISSING_RATE_OTHER,
    AGE_MISSING_RATE_SOCIAL,
    DATA_START,
    DEFAULT_N_CUSTOMERS,
    DEFAULT_SEED,
    GENDER_MISSING_RATE,
    HIGH_VALUE_SHARE,
    REGION_LOW_SPEND_QUANTILE,
    REGION_MISSING_RATE_LOW_SPEND,
    REGION_MISSING_RATE_OTHER,
    SNAPSHOT,
    WINDOW_END,
    Shop,
    generate_shop,
    read_shop,
    write_shop,
)

SIGMAS = 4.0  # tolerance of every rate check, in binomial standard errors

SCHEMA = {
    "customers": {
        "customer_id": "int64",
        "signup_date": "datetime64[ns]",
        "age": "float64",
        "gender": shop_mod.TEXT_DTYPE,
        "region": shop_mod.TEXT_DTYPE,
        "city_tier": "int64",
        "membership_level": shop_mod.TEXT_DTYPE,
        "acquisition_channel": shop_mod.TEXT_DTYPE,
    },
    "order_lines": {
        "order_id": "int64",
        "customer_id": "int64",
        "order_time": "datetime64[ns]",
        "category": shop_mod.TEXT_DTYPE,
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
FRAMES = tuple(SCHEMA)


@pytest.fixture(scope="module")
def simulated():
    return shop_mod._simulate(DEFAULT_SEED, DEFAULT_N_CUSTOMERS)


@pytest.fixture(scope="module")
def shop(simulated) -> Shop:
    return simulated[0]


@pytest.fixture(scope="module")
def latent(simulated) -> pd.DataFrame:
    return simulated[1]


@pytest.fixture(scope="module")
def lines(shop) -> pd.DataFrame:
    """Order lines without the exact duplicates, with the net amount of each line."""
    ol = shop.order_lines.drop_duplicates().copy()
    ol["amount"] = ol["quantity"] * ol["unit_price"] * (1.0 - ol["discount"])
    return ol


def _within(observed_k: int, n: int, p: float) -> bool:
    se = math.sqrt(p * (1 - p) / n)
    return abs(observed_k / n - p) <= SIGMAS * se


def _assert_shops_equal(a: Shop, b: Shop) -> None:
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)


# ---------------------------------------------------------------------------------------------
# API, determinism, schema
# ---------------------------------------------------------------------------------------------


def test_public_constants():
    assert DATA_START == pd.Timestamp("2024-01-01")
    assert SNAPSHOT == pd.Timestamp("2025-07-01")
    assert WINDOW_END == pd.Timestamp("2026-01-01")
    assert (DEFAULT_SEED, DEFAULT_N_CUSTOMERS, HIGH_VALUE_SHARE) == (2024, 5000, 0.2)
    s = generate_shop(3, 50)
    assert (s.seed, s.snapshot, s.window_end) == (3, SNAPSHOT, WINDOW_END)


def test_same_seed_gives_identical_frames(shop):
    _assert_shops_equal(generate_shop(), shop)
    _assert_shops_equal(generate_shop(11, 300), generate_shop(11, 300))


def test_different_seeds_give_different_frames():
    a, b = generate_shop(11, 300), generate_shop(12, 300)
    assert not a.customers.equals(b.customers)
    assert len(a.order_lines) != len(b.order_lines) or not a.order_lines.equals(b.order_lines)
    assert not a.sessions.equals(b.sessions)


@pytest.mark.parametrize("bad", [0, -5, 2.5, "10", True])
def test_invalid_size_rejected(bad):
    with pytest.raises(ValueError):
        generate_shop(1, bad)


def test_invalid_seed_rejected():
    with pytest.raises(ValueError):
        generate_shop(-1, 10)
    with pytest.raises(ValueError):
        generate_shop(1.5, 10)


def test_numpy_integers_accepted():
    a = generate_shop(np.int64(11), np.int32(40))
    assert a.seed == 11 and type(a.seed) is int
    _assert_shops_equal(a, generate_shop(11, 40))


@pytest.mark.parametrize("name", FRAMES)
def test_schema_dtypes_and_index(shop, name):
    frame = getattr(shop, name)
    assert list(frame.columns) == list(SCHEMA[name])
    assert {c: str(t) for c, t in frame.dtypes.items()} == SCHEMA[name]
    assert isinstance(frame.index, pd.RangeIndex)
    assert frame.index.start == 0 and frame.index.step == 1 and len(frame) > 0


def test_rows_sorted(shop):
    assert shop.customers["customer_id"].tolist() == list(range(1, DEFAULT_N_CUSTOMERS + 1))
    for frame, keys in [
        (shop.order_lines, ["order_time", "order_id"]),
        (shop.sessions, ["customer_id", "date"]),
    ]:
        order = frame.sort_values(keys, kind="stable").index  # identity iff already sorted
        assert (order == frame.index).all()


def test_customer_columns(shop):
    c = shop.customers
    assert (c["signup_date"] == c["signup_date"].dt.normalize()).all()
    assert set(c["gender"].dropna()) == {"F", "M"}
    assert set(c["region"].dropna()) == set(model.REGIONS) and len(model.REGIONS) == 5
    assert set(c["city_tier"]) == {1, 2, 3}
    assert set(c["membership_level"]) == {"basic", "silver", "gold", "platinum"}
    assert set(c["acquisition_channel"]) == {
        "organic",
        "search_ads",
        "social",
        "referral",
        "app_store",
    }
    age = c["age"].dropna()
    assert (age == age.round()).all() and age.between(model.AGE_MIN, model.AGE_MAX).all()
    assert (
        c[["customer_id", "signup_date", "city_tier", "membership_level", "acquisition_channel"]]
        .notna()
        .all()
        .all()
    )
    # some customers predate the data, some join only after the snapshot
    assert (c["signup_date"] < DATA_START).any()
    assert (c["signup_date"] >= SNAPSHOT).any()
    assert (c["signup_date"] < WINDOW_END).all()


def test_order_line_columns(shop):
    ol = shop.order_lines
    assert ol.notna().all().all()
    assert (
        ol["order_time"].dt.as_unit("s").astype("int64") * 10**9 == ol["order_time"].astype("int64")
    ).all(), "second resolution"
    assert set(ol["category"]) == set(shop_mod.CATEGORIES) and len(shop_mod.CATEGORIES) == 8
    assert (ol["quantity"] != 0).all()
    assert (ol["unit_price"] > 0).all()
    assert np.allclose(ol["unit_price"], ol["unit_price"].round(2), rtol=0, atol=1e-9)
    assert ol["discount"].between(0, 0.6).all()
    assert np.allclose(ol["discount"], ol["discount"].round(2), rtol=0, atol=1e-12)
    assert set(ol["customer_id"]) <= set(shop.customers["customer_id"])


def test_category_price_levels_differ(lines):
    medians = lines[lines["quantity"] > 0].groupby("category")["unit_price"].median()
    levels = dict(zip(model.CATEGORIES, model.CATEGORY_PRICE, strict=True))
    ranked = sorted(medians.index, key=medians.get)
    assert ranked[0] == min(levels, key=levels.get)
    assert ranked[-1] == max(levels, key=levels.get)


def test_orders_have_one_to_several_lines_of_distinct_categories(lines):
    purchases = lines[lines["quantity"] > 0]
    per_order = purchases.groupby("order_id")
    assert per_order.size().between(1, model.MAX_LINES).all()
    assert (per_order["category"].nunique() == per_order.size()).all()
    assert (per_order.size() > 1).any()
    assert (per_order["customer_id"].nunique() == 1).all()
    assert (per_order["order_time"].nunique() == 1).all()


# ---------------------------------------------------------------------------------------------
# Calendar
# ---------------------------------------------------------------------------------------------


def test_no_event_outside_the_data_period(shop):
    t = shop.order_lines["order_time"]
    assert t.min() >= DATA_START and t.max() < WINDOW_END
    d = shop.sessions["date"]
    assert d.min() >= DATA_START and d.max() < WINDOW_END
    assert (d == d.dt.normalize()).all()


def test_no_event_before_signup(shop):
    signup = shop.customers.set_index("customer_id")["signup_date"]
    ol, se = shop.order_lines, shop.sessions
    assert (ol["order_time"] >= ol["customer_id"].map(signup)).all()
    assert (se["date"] >= se["customer_id"].map(signup)).all()


def test_late_signups_only_have_future_orders(shop):
    c = shop.customers
    late = set(c.loc[c["signup_date"] >= SNAPSHOT, "customer_id"])
    ol = shop.order_lines
    assert late & set(ol["customer_id"]), "some late signups buy"
    assert (ol.loc[ol["customer_id"].isin(late), "order_time"] >= SNAPSHOT).all()


def test_festival_spikes(lines):
    purchases = lines[lines["quantity"] > 0].drop_duplicates("order_id")
    daily = purchases.groupby(purchases["order_time"].dt.normalize()).size()
    days = pd.date_range(DATA_START, WINDOW_END - pd.Timedelta(days=1), freq="D")
    daily = daily.reindex(days, fill_value=0)
    intensity = pd.Series(model.day_intensity(days), index=days)
    for day in ["2024-11-11", "2025-11-11", "2024-06-18", "2025-06-18"]:
        day = pd.Timestamp(day)
        october = (days.month == 10) & (days.year == day.year)
        # the model's lift over an ordinary month; observed must reach at least half of it
        lift = intensity[day] / intensity[october].mean()
        assert lift > 2
        assert daily[day] / daily[october].mean() > lift / 2, day
    # Double 11 is the busiest day of each year
    for year in (2024, 2025):
        assert daily[daily.index.year == year].idxmax() == pd.Timestamp(f"{year}-11-11")


def test_weekly_seasonality(lines):
    purchases = lines[lines["quantity"] > 0].drop_duplicates("order_id")
    dow = purchases["order_time"].dt.day_of_week.value_counts()
    busiest, quietest = int(np.argmax(model.WEEKLY)), int(np.argmin(model.WEEKLY))
    assert dow[busiest] > dow[quietest]


# ---------------------------------------------------------------------------------------------
# Dirt: returns, duplicates, bulk outliers
# ---------------------------------------------------------------------------------------------


def test_returns_refer_to_an_earlier_purchase_of_the_same_order(shop, lines):
    returns = lines[lines["quantity"] < 0]
    purchases = lines[lines["quantity"] > 0]
    assert len(returns) > 0
    keys = ["order_id", "customer_id", "category", "unit_price", "discount"]
    assert not purchases.duplicated(["order_id", "category"]).any()
    assert not returns.duplicated(["order_id", "category"]).any()
    merged = returns.merge(
        purchases,
        on=keys,
        how="left",
        suffixes=("_ret", "_buy"),
        validate="one_to_one",
        indicator=True,
    )
    assert (merged["_merge"] == "both").all(), "every return matches a purchase line"
    assert (-merged["quantity_ret"] <= merged["quantity_buy"]).all()
    delay = merged["order_time_ret"] - merged["order_time_buy"]
    lo, hi = model.RETURN_DELAY_DAYS
    assert (delay >= pd.Timedelta(days=lo)).all() and (delay <= pd.Timedelta(days=hi)).all()
    # the sort puts each return after its purchase: order_time is strictly later
    assert (merged["order_time_ret"] > merged["order_time_buy"]).all()


def test_some_orders_are_returned_completely(lines):
    purchases = lines[lines["quantity"] > 0].set_index(["order_id", "category"])["quantity"]
    returned = -lines[lines["quantity"] < 0].set_index(["order_id", "category"])["quantity"]
    back = returned.reindex(purchases.index, fill_value=0)
    whole = (back == purchases).groupby(level="order_id").all()
    multi = purchases.groupby(level="order_id").size() > 1
    assert (whole & multi).sum() > 0
    # at least the whole-order returns drawn by the model, except those of orders placed in the
    # last RETURN_DELAY_DAYS[1] days (their return may fall after WINDOW_END and is dropped)
    first_times = lines[lines["quantity"] > 0].groupby("order_id")["order_time"].first()
    cutoff = WINDOW_END - pd.Timedelta(days=model.RETURN_DELAY_DAYS[1])
    n, p = int((first_times < cutoff).sum()), model.ORDER_RETURN_RATE
    assert whole.sum() >= n * p - SIGMAS * math.sqrt(n * p * (1 - p))


def test_exact_duplicates(shop):
    ol = shop.order_lines
    dup = ol.duplicated(keep="first")
    purchases = int((ol["quantity"] > 0).sum() - (dup & (ol["quantity"] > 0)).sum())
    assert dup.sum() > 0
    assert (ol.loc[dup, "quantity"] > 0).all(), "only purchase lines are duplicated"
    assert _within(int(dup.sum()), purchases, model.DUPLICATE_RATE)
    # duplicates are verbatim copies placed next to their original
    idx = np.flatnonzero(dup.to_numpy())
    assert ol.iloc[idx].reset_index(drop=True).equals(ol.iloc[idx - 1].reset_index(drop=True))


def test_bulk_order_outliers(lines):
    q = lines.loc[lines["quantity"] > 0, "quantity"]
    bulk = q > model.MAX_REGULAR_QUANTITY
    assert bulk.sum() > 0
    assert q[bulk].between(*model.BULK_QUANTITY).all()
    assert _within(int(bulk.sum()), len(q), model.BULK_RATE)
    assert q[bulk].min() > 3 * q.quantile(0.99)


# ---------------------------------------------------------------------------------------------
# Missing values
# ---------------------------------------------------------------------------------------------


def test_missing_values_only_in_the_three_columns(shop):
    c = shop.customers
    assert set(c.columns[c.isna().any()]) == {"age", "gender", "region"}
    assert not shop.order_lines.isna().any().any()
    assert not shop.sessions.isna().any().any()


def test_mcar_gender(shop):
    c = shop.customers
    miss = c["gender"].isna()
    assert _within(int(miss.sum()), len(c), GENDER_MISSING_RATE)
    for _, group in miss.groupby(c["acquisition_channel"]):  # independent of the channel
        assert _within(int(group.sum()), len(group), GENDER_MISSING_RATE)
    for _, group in miss.groupby(c["membership_level"]):
        assert _within(int(group.sum()), len(group), GENDER_MISSING_RATE)


def test_mar_age_depends_on_channel(shop):
    c = shop.customers
    miss = c["age"].isna()
    social = c["acquisition_channel"] == "social"
    assert _within(int(miss[social].sum()), int(social.sum()), AGE_MISSING_RATE_SOCIAL)
    assert _within(int(miss[~social].sum()), int((~social).sum()), AGE_MISSING_RATE_OTHER)
    p1, p0 = miss[social].mean(), miss[~social].mean()
    se = math.sqrt(p1 * (1 - p1) / social.sum() + p0 * (1 - p0) / (~social).sum())
    assert p1 - p0 > SIGMAS * se
    expected = (
        social.mean() * AGE_MISSING_RATE_SOCIAL + (1 - social.mean()) * AGE_MISSING_RATE_OTHER
    )
    assert _within(int(miss.sum()), len(c), expected)


def test_mnar_region_depends_on_latent_spend(shop, latent):
    c = shop.customers
    miss = c["region"].isna().to_numpy()
    low = latent["low_spend"].to_numpy()
    value = latent["mean_order_value"].to_numpy()
    assert low.mean() == pytest.approx(REGION_LOW_SPEND_QUANTILE, abs=1 / len(c))
    assert value[low].max() <= value[~low].min()
    assert _within(int(miss[low].sum()), int(low.sum()), REGION_MISSING_RATE_LOW_SPEND)
    assert _within(int(miss[~low].sum()), int((~low).sum()), REGION_MISSING_RATE_OTHER)
    p1, p0 = miss[low].mean(), miss[~low].mean()
    se = math.sqrt(p1 * (1 - p1) / low.sum() + p0 * (1 - p0) / (~low).sum())
    assert p1 - p0 > SIGMAS * se


def test_mnar_region_visible_in_observed_spend(shop, lines):
    """Learners cannot see the latent spend, but the mechanism leaves a trace in the orders."""
    purchases = lines[lines["quantity"] > 0]
    aov = purchases.groupby("order_id").agg(c=("customer_id", "first"), v=("amount", "sum"))
    aov = aov.groupby("c")["v"].mean()
    missing = shop.customers.set_index("customer_id")["region"].isna().reindex(aov.index)
    assert aov[missing].median() < aov[~missing].median()


# ---------------------------------------------------------------------------------------------
# Sessions
# ---------------------------------------------------------------------------------------------


def test_sessions(shop, lines):
    se = shop.sessions
    assert not se.duplicated(["customer_id", "date"]).any()
    assert (se["visits"] >= 1).all()
    assert (se["page_views"] >= se["visits"]).all()
    assert (se["cart_adds"] >= 0).all()
    assert 5 <= len(se) / len(shop.customers) <= 15
    # every purchase day has a session row
    purchases = lines[lines["quantity"] > 0]
    buy_days = purchases[["customer_id"]].assign(date=purchases["order_time"].dt.normalize())
    merged = buy_days.drop_duplicates().merge(se, on=["customer_id", "date"], how="left")
    assert merged["visits"].notna().all()


def test_sessions_track_engagement(shop, lines):
    ids = shop.customers["customer_id"]
    orders = lines[lines["quantity"] > 0].groupby("customer_id")["order_id"].nunique()
    orders = orders.reindex(ids, fill_value=0)
    days = shop.sessions.groupby("customer_id").size().reindex(ids, fill_value=0)
    assert orders.corr(days, method="spearman") > 0.5


# ---------------------------------------------------------------------------------------------
# Realism and signal
# ---------------------------------------------------------------------------------------------


def test_size_of_the_default_variant(shop):
    assert 40_000 <= len(shop.order_lines) <= 100_000


def test_heavy_tails(lines, shop):
    purchases = lines[lines["quantity"] > 0]
    ids = shop.customers["customer_id"]
    orders = purchases.groupby("customer_id")["order_id"].nunique().reindex(ids, fill_value=0)
    spend = lines.groupby("customer_id")["amount"].sum().reindex(ids, fill_value=0)
    for x in (orders, spend.clip(lower=0)):
        top = x.sort_values(ascending=False).iloc[: len(x) // 5]
        assert top.sum() / x.sum() > 0.5  # Pareto-like: top 20% hold most of the total
        assert x.mean() > x.median()
    assert (orders == 0).any() and (orders == 1).any()


def test_share_of_customers_buying_in_the_label_window(lines, shop):
    future = lines[(lines["order_time"] >= SNAPSHOT) & (lines["quantity"] > 0)]
    share = future["customer_id"].nunique() / len(shop.customers)
    assert 0.2 <= share <= 0.4


def test_traits_carry_signal(lines, shop):
    """Membership level shifts the purchase rate: platinum members buy more often than basic."""
    ids = shop.customers.set_index("customer_id")
    orders = lines[lines["quantity"] > 0].groupby("customer_id")["order_id"].nunique()
    orders = orders.reindex(ids.index, fill_value=0)
    level = ids["membership_level"]
    hi, lo = orders[level == "platinum"], orders[level == "basic"]
    se = math.sqrt(hi.var() / len(hi) + lo.var() / len(lo))
    assert hi.mean() - lo.mean() > SIGMAS * se


def _rfm_and_label(lines: pd.DataFrame):
    hist = lines[lines["order_time"] < SNAPSHOT]
    future = lines[(lines["order_time"] >= SNAPSHOT) & (lines["order_time"] < WINDOW_END)]
    bought = hist[hist["quantity"] > 0].groupby("customer_id")
    x = pd.DataFrame(
        {
            "recency": (SNAPSHOT - bought["order_time"].max()).dt.total_seconds() / 86_400,
            "frequency": np.log1p(bought["order_id"].nunique()),
        }
    )
    net = hist.groupby("customer_id")["amount"].sum().reindex(x.index, fill_value=0)
    x["monetary"] = np.log1p(net.clip(lower=0))
    value = future.groupby("customer_id")["amount"].sum().reindex(x.index, fill_value=0.0)
    y = (value >= value.quantile(1 - HIGH_VALUE_SHARE)) & (value > 0)
    return x, y.astype(int)


def test_rfm_predicts_future_high_value(lines):
    x, y = _rfm_and_label(lines)
    assert abs(y.mean() - HIGH_VALUE_SHARE) < 0.01

    def holdout_auc(labels) -> float:
        x_tr, x_te, y_tr, y_te = train_test_split(
            x, labels, test_size=0.3, random_state=0, stratify=labels
        )
        fitted = make_pipeline(StandardScaler(), LogisticRegression()).fit(x_tr, y_tr)
        return roc_auc_score(y_te, fitted.predict_proba(x_te)[:, 1])

    real = holdout_auc(y.to_numpy())
    # permutation baseline (as sklearn's permutation_test_score): the same procedure on
    # shuffled labels, so whatever it scores comes from chance alone
    rng = np.random.default_rng(0)
    shuffled = np.array([holdout_auc(rng.permutation(y.to_numpy())) for _ in range(8)])
    baseline, spread = shuffled.mean(), shuffled.std(ddof=1)
    assert abs(baseline - 0.5) < SIGMAS * spread  # the baseline is indeed chance level
    assert real > baseline + SIGMAS * spread
    # and it closes at least half of the gap between the chance baseline and a perfect ranking
    assert real > baseline + 0.5 * (1 - baseline)


# ---------------------------------------------------------------------------------------------
# Shipped files, writing, reading
# ---------------------------------------------------------------------------------------------


def test_shipped_files_equal_the_generator(shop):
    shipped = read_shop()
    _assert_shops_equal(shipped, shop)
    assert shipped.seed == DEFAULT_SEED


def test_shipped_files_are_byte_identical_to_a_fresh_write(shop, tmp_path):
    written = write_shop(shop, tmp_path)
    assert [p.name for p in written] == list(shop_mod.FILE_NAMES.values())
    for path in written:
        shipped = shop_mod.DEFAULT_DIRECTORY / path.name
        assert path.read_bytes() == shipped.read_bytes(), path.name


def test_written_files_are_plain_gzip_csv(tmp_path):
    small = generate_shop(5, 300)
    write_shop(small, tmp_path)
    with gzip.open(tmp_path / "order_lines.csv.gz", "rt", newline="") as fh:
        header, first = fh.readline(), fh.readline()
    assert header == ",".join(SCHEMA["order_lines"]) + "\n"
    stamp = first.split(",")[2]
    assert pd.Timestamp(stamp) == small.order_lines["order_time"].iloc[0]
    assert len(stamp) == len("2024-01-01 00:00:00")
    with gzip.open(tmp_path / "customers.csv.gz", "rt") as fh:
        fh.readline()
        assert ".0," not in fh.read(), "ages are written as whole numbers"
    # gzip header: no modification time, so bytes are stable
    assert (tmp_path / "sessions.csv.gz").read_bytes()[4:8] == b"\x00\x00\x00\x00"


@pytest.mark.parametrize("n", [1, 2, 300])
def test_small_variants_round_trip(tmp_path, n):
    small = generate_shop(99, n)
    assert len(small.customers) == n
    write_shop(small, tmp_path)
    back = read_shop(tmp_path)
    _assert_shops_equal(back, small)
    assert back.seed == -1


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**63), n=st.integers(1, 400))
def test_invariants_hold_for_any_seed_and_size(seed, n):
    small = generate_shop(seed, n)
    for name in FRAMES:
        frame = getattr(small, name)
        assert {c: str(t) for c, t in frame.dtypes.items()} == SCHEMA[name]
    assert small.customers["customer_id"].tolist() == list(range(1, n + 1))
    ol, se = small.order_lines, small.sessions
    for times in (ol["order_time"], se["date"], small.customers["signup_date"]):
        assert (times < WINDOW_END).all()
    assert (ol["order_time"] >= DATA_START).all() and (se["date"] >= DATA_START).all()
    assert not ol.isna().any().any() and not se.isna().any().any()
    lines = ol.drop_duplicates()
    buys, rets = lines[lines["quantity"] > 0], lines[lines["quantity"] < 0]
    merged = rets.merge(buys, on=["order_id", "category"], how="left", suffixes=("", "_buy"))
    assert merged["quantity_buy"].notna().all()
    assert (-merged["quantity"] <= merged["quantity_buy"]).all()
    assert (merged["order_time"] > merged["order_time_buy"]).all()
    assert (se["visits"] >= 1).all() and (se["page_views"] >= se["visits"]).all()


def test_small_variant_has_content():
    small = generate_shop(7, 300)
    assert small.order_lines["customer_id"].nunique() > 150
    assert (small.order_lines["quantity"] < 0).any()
    assert small.customers[["age", "gender", "region"]].isna().any().all()
    assert (small.order_lines["order_time"] >= SNAPSHOT).any()
    assert (small.order_lines["order_time"] < SNAPSHOT).any()


def test_read_shop_missing_folder(tmp_path):
    folder = tmp_path / "nowhere"
    with pytest.raises(FileNotFoundError) as err:
        read_shop(folder)
    assert str(folder) in str(err.value)
    assert "workbook data --out datasets/" in str(err.value)


def test_read_shop_rejects_wrong_columns(tmp_path):
    small = generate_shop(5, 20)
    write_shop(small, tmp_path)
    small.sessions.rename(columns={"visits": "visit"}).to_csv(
        tmp_path / "sessions.csv.gz", index=False
    )
    with pytest.raises(ValueError, match="columns"):
        read_shop(tmp_path)
