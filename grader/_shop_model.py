"""Private simulation internals of :mod:`grader.shop`.

Everything here is vectorised numpy: no Python loop runs per customer, per order or per line
(the only loops run over a handful of calendar entries).  The public entry point is
:func:`grader.shop.generate_shop`; this module only knows the behaviour model and receives the
calendar (start, snapshot, window end) and the missingness rates as arguments, so that
``grader.shop`` remains the single place where those public constants live.

The model, in short (DATACARD.md tells the full story):

* **Traits.** membership level, acquisition channel, city tier, age, gender, region.
* **Buy till you die (BG/NBD-like: shared traits correlate rate, dropout and spend, and the
  calendar makes the process non-stationary; see DATACARD.md).** Customer *i* has a purchase rate ``lam_i`` (orders per
  average day; gamma-distributed across customers, shifted by traits) and a dropout
  probability ``p_i`` (beta-distributed, shifted by traits on the logit scale).  A customer
  usually buys on the signup day; afterwards purchases arrive as a Poisson process whose
  intensity is ``lam_i`` times the calendar intensity (weekly and yearly seasonality,
  Double 11 and 618).  After every repeat purchase the customer drops out with probability
  ``p_i`` and never buys again.
* **Spend (gamma-gamma-like).** Customer *i* has a latent mean order value
  ``m_i = BASE_SPEND * traits / nu_i`` with ``nu_i ~ Gamma(SPEND_Q, 1/(SPEND_Q - 1))``;
  each order's value is ``Gamma(ORDER_VALUE_SHAPE)`` around ``m_i``.  That value is split
  over 1..5 lines of distinct categories; quantities follow from category prices.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

# ----------------------------------------------------------------------------------------
# Calendar
# ----------------------------------------------------------------------------------------
GRID_START = pd.Timestamp("2022-01-01")  # earliest possible signup date
SECONDS_PER_DAY = 86_400
PRE_START_SIGNUP_FROM = pd.Timestamp("2022-01-01")

#: Multipliers Monday..Sunday of the daily purchase intensity.
WEEKLY = np.array([0.94, 0.91, 0.93, 0.97, 1.04, 1.13, 1.08])
#: Amplitude of the yearly cosine (peak mid-December, trough mid-June before 618).
YEARLY_AMPLITUDE = 0.12
YEARLY_PEAK_DAY_OF_YEAR = 350
#: (month, first day, last day, multiplier) of shopping festivals and their pre-sales.
FESTIVALS = (
    (6, 1, 17, 1.25),  # 618 pre-sale
    (6, 18, 18, 3.5),  # 618 (JD.com anniversary sale)
    (11, 1, 10, 1.5),  # Double 11 pre-sale
    (11, 11, 11, 6.0),  # Double 11 (Singles' Day)
    (11, 12, 12, 1.6),  # Double 11 tail
    (12, 12, 12, 1.8),  # Double 12
)
#: Days with festival-level discounts (month, first day, last day).
DISCOUNT_DAYS = ((6, 1, 18), (11, 1, 12), (12, 12, 12))
#: Chinese New Year: logistics pause from 3 days before to 7 days after.
SPRING_FESTIVALS = ("2022-02-01", "2023-01-22", "2024-02-10", "2025-01-29", "2026-02-17")
SPRING_FESTIVAL_MULTIPLIER = 0.6
#: Probability of each hour of the day for an order (before normalisation).
HOUR_WEIGHTS = np.array(
    [20, 12, 7, 5, 4, 5, 10, 20, 33, 45, 55, 58, 55, 50, 48, 47, 48, 50, 52, 60, 70, 78, 72, 48],
    dtype=float,
)
#: Share of Double-11 orders placed in the first hour (the midnight rush).
DOUBLE11_MIDNIGHT_SHARE = 0.3

# ----------------------------------------------------------------------------------------
# Traits
# ----------------------------------------------------------------------------------------
MEMBERSHIP_LEVELS = ("basic", "silver", "gold", "platinum")
MEMBERSHIP_P = (0.55, 0.25, 0.15, 0.05)
CHANNELS = ("organic", "search_ads", "social", "referral", "app_store")
CHANNEL_P = (0.30, 0.25, 0.20, 0.10, 0.15)
CITY_TIERS = (1, 2, 3)
CITY_TIER_P = (0.30, 0.40, 0.30)
REGIONS = ("North", "South", "East", "West", "Central")
REGION_P = (0.22, 0.24, 0.26, 0.13, 0.15)
GENDERS = ("F", "M")
GENDER_P = (0.55, 0.45)
AGE_MIN, AGE_MAX = 18, 75
AGE_GAMMA_SHAPE, AGE_GAMMA_SCALE = 4.0, 4.5  # age = 18 + Gamma(4, 4.5): mean 36
#: Share of signups before DATA_START, in [DATA_START, SNAPSHOT), in [SNAPSHOT, WINDOW_END).
SIGNUP_SHARES = (0.25, 0.63, 0.12)

# ----------------------------------------------------------------------------------------
# Behaviour: purchase rate (gamma), dropout (beta), spend (gamma-gamma)
# ----------------------------------------------------------------------------------------
RATE_SHAPE = 0.8  # gamma shape r of the purchase rate across customers
RATE_MEAN = 1 / 25  # mean purchases per (average) day before trait effects
DROPOUT_A, DROPOUT_B = 1.5, 6.0  # beta(a, b) dropout probability after each repeat purchase
SPEND_Q = 3.5  # gamma shape of nu_i (gamma-gamma "q")
ORDER_VALUE_SHAPE = 3.0  # gamma shape of one order's value around m_i (gamma-gamma "p")
BASE_SPEND = 220.0  # CNY, mean order value before trait effects
FIRST_PURCHASE_P = 0.88  # probability of buying on the signup day

# log-multipliers of the purchase rate / mean order value, logit shifts of the dropout
RATE_MEMBERSHIP = np.array([0.0, 0.35, 0.7, 1.1])
RATE_CHANNEL = np.array([0.0, -0.15, 0.05, 0.2, 0.3])
RATE_TIER = np.array([0.2, 0.0, -0.2])
RATE_AGE = -0.012  # per year above 35
DROPOUT_MEMBERSHIP = np.array([0.0, -0.3, -0.6, -0.9])
DROPOUT_CHANNEL = np.array([0.0, 0.25, 0.45, -0.4, -0.1])
SPEND_MEMBERSHIP = np.array([0.0, 0.15, 0.3, 0.5])
SPEND_CHANNEL = np.array([0.0, 0.05, -0.25, 0.1, 0.0])
SPEND_TIER = np.array([0.3, 0.0, -0.25])
SPEND_REGION = np.array([0.0, 0.05, 0.1, -0.1, -0.05])
SPEND_AGE = 0.01  # per year above 35, clipped to [-0.15, 0.25]

# ----------------------------------------------------------------------------------------
# Orders and lines
# ----------------------------------------------------------------------------------------
CATEGORIES = ("apparel", "beauty", "electronics", "home", "grocery", "books", "sports", "toys")
CATEGORY_PRICE = np.array([150.0, 110.0, 800.0, 160.0, 35.0, 45.0, 220.0, 95.0])
CATEGORY_WEIGHT = np.array([0.20, 0.14, 0.08, 0.13, 0.20, 0.08, 0.08, 0.09])
CATEGORY_RETURN_RATE = np.array([0.10, 0.04, 0.06, 0.05, 0.01, 0.02, 0.06, 0.04])
#: Category tilts of the preference: women x beauty/apparel, men x electronics/sports.
FEMALE_TILT = np.array([1.3, 2.0, 0.7, 1.0, 1.0, 1.0, 0.8, 1.0])
MALE_TILT = np.array([0.8, 0.4, 1.8, 1.0, 1.0, 1.0, 1.5, 1.0])
PARENT_AGE_TILT = np.array([1.0, 1.0, 1.0, 1.1, 1.0, 1.0, 1.0, 1.8])  # ages 28..45: toys
PREFERENCE_CONCENTRATION = 3.0  # Dirichlet concentration of a customer's category mix
EXTRA_LINES_MEAN = 0.65  # lines per order = 1 + min(Poisson(0.65 * sqrt(value / m_i)), 4)
MAX_LINES = 5
PRICE_SIGMA = 0.45  # lognormal spread of a unit price around the category level
PRICE_SPEND_ELASTICITY = 0.3  # big spenders buy pricier items: price ~ (m_i / BASE_SPEND)^0.3
PRICE_ENDINGS = np.array([0.0, 0.5, 0.9, 0.99])
PRICE_ENDINGS_P = (0.3, 0.1, 0.3, 0.3)
MAX_REGULAR_QUANTITY = 10
DISCOUNT_P_REGULAR, DISCOUNT_P_FESTIVAL = 0.3, 0.85
DISCOUNT_LEVELS_REGULAR = np.array([0.05, 0.10, 0.15, 0.20, 0.30])
DISCOUNT_LEVELS_REGULAR_P = (0.3, 0.3, 0.2, 0.15, 0.05)
DISCOUNT_LEVELS_FESTIVAL = np.array([0.10, 0.20, 0.30, 0.40, 0.50, 0.60])
DISCOUNT_LEVELS_FESTIVAL_P = (0.15, 0.2, 0.25, 0.2, 0.15, 0.05)
ORDER_ID_START = 1_000_001

# ----------------------------------------------------------------------------------------
# Dirt
# ----------------------------------------------------------------------------------------
ORDER_RETURN_RATE = 0.01  # share of orders returned completely
RETURNER_SHAPE = 2.0  # customer propensity to return: Gamma(2, 1/2), mean 1
RETURN_FULL_QUANTITY_P = 0.6  # a partial return takes back everything with this probability
RETURN_DELAY_DAYS = (1, 30)
BULK_RATE = 0.001  # share of purchase lines turned into bulk orders
BULK_QUANTITY = (40, 300)
DUPLICATE_RATE = 0.005  # share of purchase lines repeated verbatim

# ----------------------------------------------------------------------------------------
# Sessions
# ----------------------------------------------------------------------------------------
BROWSE_BASE = 0.004  # background browsing days per day while active ...
BROWSE_PER_RATE = 0.5  # ... plus this times the purchase rate
BROWSE_AFTER_DROPOUT = 0.15  # relative browsing rate after dropping out
PRE_PURCHASE_BROWSE_P = 0.35  # a browsing day 1..7 days before an order
PRE_PURCHASE_MAX_DAYS = 7


@dataclass(frozen=True)
class Calendar:
    """The dates the simulation needs (all midnight timestamps)."""

    data_start: pd.Timestamp
    snapshot: pd.Timestamp
    window_end: pd.Timestamp


@dataclass(frozen=True)
class MissingRates:
    """Missing-value rates of the three mechanisms."""

    gender_mcar: float
    age_mar_social: float
    age_mar_other: float
    region_mnar_low_spend: float
    region_mnar_other: float
    low_spend_quantile: float


def _day_index(ts: pd.Timestamp) -> int:
    return int((ts - GRID_START) // pd.Timedelta(days=1))


def day_intensity(days: pd.DatetimeIndex) -> np.ndarray:
    """Calendar multiplier of the purchase intensity for each day (before normalising)."""
    weekly = WEEKLY[days.day_of_week.to_numpy()]
    doy = days.day_of_year.to_numpy()
    yearly = 1.0 + YEARLY_AMPLITUDE * np.cos(2 * np.pi * (doy - YEARLY_PEAK_DAY_OF_YEAR) / 365.25)
    month, day = days.month.to_numpy(), days.day.to_numpy()
    fest = np.ones(len(days))
    for m, first, last, mult in FESTIVALS:
        fest[(month == m) & (day >= first) & (day <= last)] = mult
    for date in SPRING_FESTIVALS:
        t = pd.Timestamp(date)
        in_lull = (days >= t - pd.Timedelta(days=3)) & (days < t + pd.Timedelta(days=7))
        fest[np.asarray(in_lull)] *= SPRING_FESTIVAL_MULTIPLIER
    return weekly * yearly * fest


def _discount_day(days: pd.DatetimeIndex) -> np.ndarray:
    month, day = days.month.to_numpy(), days.day.to_numpy()
    out = np.zeros(len(days), dtype=bool)
    for m, first, last in DISCOUNT_DAYS:
        out |= (month == m) & (day >= first) & (day <= last)
    return out


def _draw_days(rng, cum, start_day, end_day):
    """One day index per row, in [start_day, end_day), with density ∝ the calendar intensity."""
    u = rng.uniform(cum[start_day], cum[end_day])
    day = np.searchsorted(cum, u, side="right") - 1
    return np.clip(day, start_day, end_day - 1)


def _seconds_in_day(rng, days, double11):
    """A time of day (seconds) per event, from the hour profile (+ Double 11 midnight rush)."""
    hours = rng.choice(24, size=len(days), p=HOUR_WEIGHTS / HOUR_WEIGHTS.sum())
    rush = double11[days] & (rng.random(len(days)) < DOUBLE11_MIDNIGHT_SHARE)
    hours = np.where(rush, 0, hours)
    return hours * 3600 + rng.integers(0, 3600, size=len(days))


def _group_sums(keys, values, n):
    return np.bincount(keys, weights=values, minlength=n)


def _rank_within(groups_sorted):
    """0-based position of each row inside its run of equal (sorted) group keys."""
    n = len(groups_sorted)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.r_[0, np.flatnonzero(np.diff(groups_sorted)) + 1]
    run_lengths = np.diff(np.r_[starts, n])
    return np.arange(n) - np.repeat(starts, run_lengths)


def simulate(seed: int, n: int, cal: Calendar, miss: MissingRates):
    """Simulate a shop; return (customers, order_lines, sessions, latent) frames."""
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(6)]
    rng_traits, rng_behaviour, rng_orders, rng_dirt, rng_sessions, rng_missing = streams

    # ---------------- calendar grid --------------------------------------------------------
    end_day = _day_index(cal.window_end)
    start_day = _day_index(cal.data_start)
    snap_day = _day_index(cal.snapshot)
    grid = pd.date_range(GRID_START, periods=end_day, freq="D")
    intensity = day_intensity(grid)
    intensity = intensity / intensity.mean()
    cum = np.r_[0.0, np.cumsum(intensity)]
    double11 = np.asarray((grid.month == 11) & (grid.day == 11))
    discount_day = _discount_day(grid)

    # ---------------- traits -----------------------------------------------------------------
    r = rng_traits
    membership = r.choice(len(MEMBERSHIP_LEVELS), size=n, p=MEMBERSHIP_P)
    channel = r.choice(len(CHANNELS), size=n, p=CHANNEL_P)
    tier = r.choice(len(CITY_TIERS), size=n, p=CITY_TIER_P)
    region = r.choice(len(REGIONS), size=n, p=REGION_P)
    gender = r.choice(len(GENDERS), size=n, p=GENDER_P)
    age = np.minimum(AGE_MIN + np.round(r.gamma(AGE_GAMMA_SHAPE, AGE_GAMMA_SCALE, size=n)), AGE_MAX)
    segment = r.choice(3, size=n, p=SIGNUP_SHARES)
    signup_day = np.empty(n, dtype=np.int64)
    pre = segment == 0
    signup_day[pre] = r.integers(_day_index(PRE_START_SIGNUP_FROM), start_day, size=pre.sum())
    hist = segment == 1
    signup_day[hist] = _draw_days(
        r, cum, np.full(hist.sum(), start_day), np.full(hist.sum(), snap_day)
    )
    fut = segment == 2
    signup_day[fut] = _draw_days(r, cum, np.full(fut.sum(), snap_day), np.full(fut.sum(), end_day))

    # ---------------- latent behaviour ---------------------------------------------------------
    b = rng_behaviour
    age_dev = age - 35.0
    log_rate = (
        RATE_MEMBERSHIP[membership] + RATE_CHANNEL[channel] + RATE_TIER[tier] + RATE_AGE * age_dev
    )
    rate = b.gamma(RATE_SHAPE, RATE_MEAN / RATE_SHAPE, size=n) * np.exp(log_rate)
    p0 = b.beta(DROPOUT_A, DROPOUT_B, size=n)
    logit = np.log(p0) - np.log1p(-p0) + DROPOUT_MEMBERSHIP[membership] + DROPOUT_CHANNEL[channel]
    dropout = np.clip(1.0 / (1.0 + np.exp(-logit)), 1e-4, 0.999)
    nu = b.gamma(SPEND_Q, 1.0 / (SPEND_Q - 1.0), size=n)
    log_spend = (
        SPEND_MEMBERSHIP[membership]
        + SPEND_CHANNEL[channel]
        + SPEND_TIER[tier]
        + SPEND_REGION[region]
        + np.clip(SPEND_AGE * age_dev, -0.15, 0.25)
    )
    mean_value = BASE_SPEND * np.exp(log_spend) / nu
    returner = b.gamma(RETURNER_SHAPE, 1.0 / RETURNER_SHAPE, size=n)

    # ---------------- purchases: first purchase + BG/NBD repeat process ----------------------
    buys_first = b.random(n) < FIRST_PURCHASE_P
    first_cust = np.flatnonzero(buys_first)
    first_day = signup_day[first_cust]
    first_sec = first_day * SECONDS_PER_DAY + _seconds_in_day(b, first_day, double11)

    repeat_from = signup_day + 1
    exposure = cum[end_day] - cum[np.minimum(repeat_from, end_day)]  # integrated intensity
    n_arrivals = b.poisson(rate * exposure)
    n_repeat_max = b.geometric(dropout)  # repeat purchases until (and including) dropout
    arr_cust = np.repeat(np.arange(n), n_arrivals)
    arr_day = _draw_days(b, cum, repeat_from[arr_cust], np.full(len(arr_cust), end_day))
    arr_sec = arr_day * SECONDS_PER_DAY + _seconds_in_day(b, arr_day, double11)
    order = np.lexsort((arr_sec, arr_cust))
    arr_cust, arr_sec = arr_cust[order], arr_sec[order]
    arr_rank = _rank_within(arr_cust)
    kept = arr_rank < n_repeat_max[arr_cust]
    # dropout time = time of the last allowed repeat purchase, if it happened before the end
    dies = kept & (arr_rank == n_repeat_max[arr_cust] - 1)
    dropout_sec = np.full(n, np.iinfo(np.int64).max)
    dropout_sec[arr_cust[dies]] = arr_sec[dies]
    rep_cust, rep_sec = arr_cust[kept], arr_sec[kept]

    o_cust = np.r_[first_cust, rep_cust]
    o_sec = np.r_[first_sec, rep_sec]
    observed = o_sec >= start_day * SECONDS_PER_DAY
    o_cust, o_sec = o_cust[observed], o_sec[observed]
    # order ids follow time (ties broken by customer): deterministic and chronological
    order = np.lexsort((o_cust, o_sec))
    o_cust, o_sec = o_cust[order], o_sec[order]
    n_orders = len(o_cust)
    order_id = ORDER_ID_START + np.arange(n_orders, dtype=np.int64)
    o_day = o_sec // SECONDS_PER_DAY

    # ---------------- order values and lines --------------------------------------------------
    g = rng_orders
    m = mean_value[o_cust]
    value = g.gamma(ORDER_VALUE_SHAPE, m / ORDER_VALUE_SHAPE)
    n_lines = 1 + np.minimum(g.poisson(EXTRA_LINES_MEAN * np.sqrt(value / m)), MAX_LINES - 1)

    tilt = np.where(gender[:, None] == 0, FEMALE_TILT, MALE_TILT)
    parent = (age >= 28) & (age <= 45)
    tilt = tilt * np.where(parent[:, None], PARENT_AGE_TILT, 1.0)
    alpha = PREFERENCE_CONCENTRATION * CATEGORY_WEIGHT * tilt
    pref = g.gamma(alpha)
    pref = pref / pref.sum(axis=1, keepdims=True)
    keys = np.log(pref[o_cust] + 1e-300) + g.gumbel(size=(n_orders, len(CATEGORIES)))
    ranked = np.argsort(-keys, axis=1, kind="stable")
    row, col = np.nonzero(np.arange(len(CATEGORIES))[None, :] < n_lines[:, None])
    l_order = row  # index into orders
    l_cat = ranked[row, col]
    n_l = len(l_order)

    weights = g.gamma(2.0, size=n_l)
    share = weights / _group_sums(l_order, weights, n_orders)[l_order] * value[l_order]
    festive = discount_day[o_day[l_order]]
    has_disc = g.random(n_l) < np.where(festive, DISCOUNT_P_FESTIVAL, DISCOUNT_P_REGULAR)
    disc_regular = g.choice(DISCOUNT_LEVELS_REGULAR, size=n_l, p=DISCOUNT_LEVELS_REGULAR_P)
    disc_festival = g.choice(DISCOUNT_LEVELS_FESTIVAL, size=n_l, p=DISCOUNT_LEVELS_FESTIVAL_P)
    discount = np.where(has_disc, np.where(festive, disc_festival, disc_regular), 0.0)
    discount = np.round(discount, 2)

    l_cust = o_cust[l_order]
    raw = (
        CATEGORY_PRICE[l_cat]
        * np.exp(g.normal(0.0, PRICE_SIGMA, size=n_l))
        * (mean_value[l_cust] / BASE_SPEND) ** PRICE_SPEND_ELASTICITY
    )
    ending = g.choice(PRICE_ENDINGS, size=n_l, p=PRICE_ENDINGS_P)
    unit_price = np.round(np.floor(np.maximum(raw, 1.0)) + ending, 2)
    ideal = share / (unit_price * (1.0 - discount)) * np.exp(g.normal(0.0, 0.25, size=n_l))
    quantity = np.clip(np.round(ideal), 1, MAX_REGULAR_QUANTITY).astype(np.int64)

    # ---------------- dirt: bulk outliers, returns, duplicates --------------------------------
    d = rng_dirt
    bulk = d.random(n_l) < BULK_RATE
    quantity[bulk] = d.integers(BULK_QUANTITY[0], BULK_QUANTITY[1] + 1, size=bulk.sum())

    delay_lo, delay_hi = (x * SECONDS_PER_DAY for x in RETURN_DELAY_DAYS)
    whole = d.random(n_orders) < ORDER_RETURN_RATE
    whole_delay = d.integers(delay_lo, delay_hi + 1, size=n_orders)
    p_ret = np.minimum(CATEGORY_RETURN_RATE[l_cat] * returner[l_cust], 0.9)
    partial = d.random(n_l) < p_ret
    full_qty = d.random(n_l) < RETURN_FULL_QUANTITY_P
    some_qty = np.floor(d.random(n_l) * quantity).astype(np.int64) + 1  # 1..quantity
    line_delay = d.integers(delay_lo, delay_hi + 1, size=n_l)
    l_whole = whole[l_order]
    returned = l_whole | partial
    ret_qty = np.where(l_whole | full_qty, quantity, some_qty)
    ret_sec = o_sec[l_order] + np.where(l_whole, whole_delay[l_order], line_delay)
    returned &= ret_sec < end_day * SECONDS_PER_DAY
    dup = d.random(n_l) < DUPLICATE_RATE

    line_ids = np.r_[np.arange(n_l), np.flatnonzero(returned), np.flatnonzero(dup)]
    lines_sec = np.r_[o_sec[l_order], ret_sec[returned], o_sec[l_order][dup]]
    lines_qty = np.r_[quantity, -ret_qty[returned], quantity[dup]]
    # position inside an order (purchase lines first, each return after its purchase line)
    kind = np.r_[np.zeros(n_l), np.ones(returned.sum()), np.zeros(dup.sum())]
    sort = np.lexsort((kind, line_ids, l_order[line_ids], lines_sec))
    line_ids, lines_sec, lines_qty = line_ids[sort], lines_sec[sort], lines_qty[sort]

    order_lines = pd.DataFrame(
        {
            "order_id": order_id[l_order[line_ids]],
            "customer_id": (l_cust[line_ids] + 1).astype(np.int64),
            "order_time": _to_datetime(lines_sec),
            "category": pd.Series(np.asarray(CATEGORIES)[l_cat[line_ids]], dtype="str"),
            "quantity": lines_qty.astype(np.int64),
            "unit_price": unit_price[line_ids],
            "discount": discount[line_ids],
        }
    )

    # ---------------- sessions ------------------------------------------------------------------
    s = rng_sessions
    browse = BROWSE_BASE + BROWSE_PER_RATE * rate
    active_from = np.maximum(signup_day, start_day)
    dropout_day = np.where(
        dropout_sec == np.iinfo(np.int64).max, end_day, dropout_sec // SECONDS_PER_DAY + 1
    )
    active_to = np.clip(dropout_day, active_from, end_day)
    n_bg = s.poisson(browse * (active_to - active_from))
    n_late = s.poisson(BROWSE_AFTER_DROPOUT * browse * (end_day - active_to))
    bg_cust = np.r_[np.repeat(np.arange(n), n_bg), np.repeat(np.arange(n), n_late)]
    lo = np.r_[np.repeat(active_from, n_bg), np.repeat(active_to, n_late)]
    hi = np.r_[np.repeat(active_to, n_bg), np.repeat(np.full(n, end_day), n_late)]
    bg_day = lo + np.floor(s.random(len(lo)) * (hi - lo)).astype(np.int64)
    bg_visits = 1 + s.poisson(0.3, size=len(bg_cust))
    bg_carts = s.poisson(0.15 * bg_visits)

    pre_mask = s.random(n_orders) < PRE_PURCHASE_BROWSE_P
    pre_day = o_day[pre_mask] - s.integers(1, PRE_PURCHASE_MAX_DAYS + 1, size=pre_mask.sum())
    pre_cust = o_cust[pre_mask]
    keep_pre = pre_day >= np.maximum(signup_day[pre_cust], start_day)
    pre_day, pre_cust = pre_day[keep_pre], pre_cust[keep_pre]
    pre_visits = 1 + s.poisson(0.6, size=len(pre_cust))
    pre_carts = s.poisson(0.8 * pre_visits)

    buy_visits = 1 + s.poisson(0.8, size=n_orders)
    buy_carts = n_lines + s.poisson(0.3, size=n_orders)

    ev_cust = np.r_[bg_cust, pre_cust, o_cust]
    ev_day = np.r_[bg_day, pre_day, o_day]
    ev_visits = np.r_[bg_visits, pre_visits, buy_visits]
    ev_carts = np.r_[bg_carts, pre_carts, buy_carts]
    ev_views = ev_visits + s.poisson(3.0 * ev_visits)
    sessions = _aggregate_sessions(ev_cust, ev_day, ev_visits, ev_views, ev_carts)

    # ---------------- customers and missingness -----------------------------------------------
    q = rng_missing
    low_spend = mean_value < np.quantile(mean_value, miss.low_spend_quantile)
    gender_missing = q.random(n) < miss.gender_mcar
    social = np.asarray(CHANNELS)[channel] == "social"
    age_missing = q.random(n) < np.where(social, miss.age_mar_social, miss.age_mar_other)
    region_missing = q.random(n) < np.where(
        low_spend, miss.region_mnar_low_spend, miss.region_mnar_other
    )
    customers = pd.DataFrame(
        {
            "customer_id": np.arange(1, n + 1, dtype=np.int64),
            "signup_date": _to_datetime(signup_day * SECONDS_PER_DAY),
            "age": np.where(age_missing, np.nan, age).astype(np.float64),
            "gender": _str_with_missing(np.asarray(GENDERS)[gender], gender_missing),
            "region": _str_with_missing(np.asarray(REGIONS)[region], region_missing),
            "city_tier": np.asarray(CITY_TIERS, dtype=np.int64)[tier],
            "membership_level": pd.Series(np.asarray(MEMBERSHIP_LEVELS)[membership], dtype="str"),
            "acquisition_channel": pd.Series(np.asarray(CHANNELS)[channel], dtype="str"),
        }
    )
    alive = dropout_sec == np.iinfo(np.int64).max
    latent = pd.DataFrame(
        {
            "customer_id": customers["customer_id"],
            "purchase_rate": rate,
            "dropout_prob": dropout,
            "mean_order_value": mean_value,
            "low_spend": low_spend,
            "dropout_time": _to_datetime(np.where(alive, 0, dropout_sec)).mask(pd.Series(alive)),
        }
    )
    return customers, order_lines, sessions, latent


def _to_datetime(seconds_since_grid) -> pd.Series:
    ns = GRID_START.value + np.asarray(seconds_since_grid, dtype=np.int64) * 1_000_000_000
    return pd.Series(ns.astype("datetime64[ns]"))


def _str_with_missing(values, missing) -> pd.Series:
    return pd.Series(values, dtype="str").mask(pd.Series(missing))


def _aggregate_sessions(cust, day, visits, views, carts) -> pd.DataFrame:
    key = cust.astype(np.int64) * (1 << 20) + day
    uniq, inverse = np.unique(key, return_inverse=True)
    k = len(uniq)
    return pd.DataFrame(
        {
            "customer_id": (uniq >> 20) + 1,
            "date": _to_datetime((uniq & ((1 << 20) - 1)) * SECONDS_PER_DAY),
            "visits": np.bincount(inverse, weights=visits, minlength=k).astype(np.int64),
            "page_views": np.bincount(inverse, weights=views, minlength=k).astype(np.int64),
            "cart_adds": np.bincount(inverse, weights=carts, minlength=k).astype(np.int64),
        }
    )
