"""The data card's caveats about BG/NBD and gamma-gamma, checked against the generator.

``datasets/DATACARD.md`` calls the shop *BG/NBD-like*: the traits correlate purchase rate,
dropout and spend, the calendar makes purchases non-stationary, 12% of customers do not buy on
their signup day, and frequency and spend per order are not independent. Each statement is
checked here from the generator's constants or the data it makes, so the card cannot drift.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr

from grader import _shop_model as model
from grader.shop import DATA_START, WINDOW_END, _simulate
from grader.tables import read_customer_table


@pytest.fixture(scope="module")
def simulated():
    return _simulate(2024, 5000)


def test_the_card_says_bg_nbd_like_and_warns_about_fitted_parameters():
    from pathlib import Path

    card = (Path(__file__).resolve().parents[1] / "datasets" / "DATACARD.md").read_text(encoding="utf-8")
    assert "Buy till you die (BG/NBD-like)" in card
    assert "will **not** recover the generator's constants" in card
    assert '["frequency", "avg_order_value"]].corr(method="spearman")' in card


def test_membership_moves_rate_spend_and_dropout_together():
    """Shared traits: higher levels raise rate and spend and lower dropout (the card's first bullet)."""
    assert np.all(np.diff(model.RATE_MEMBERSHIP) > 0)
    assert np.all(np.diff(model.SPEND_MEMBERSHIP) > 0)
    assert np.all(np.diff(model.DROPOUT_MEMBERSHIP) < 0)
    assert np.any(model.RATE_TIER != 0) and np.any(model.SPEND_TIER != 0)


def test_latent_rate_spend_and_dropout_are_correlated(simulated):
    """Independent heterogeneity (BG/NBD, gamma-gamma) would give rank correlations near 0."""
    _, latent = simulated
    n = len(latent)
    noise = 3 / np.sqrt(n)  # three standard errors of a rank correlation under independence
    rate_spend = spearmanr(latent["purchase_rate"], latent["mean_order_value"])[0]
    rate_dropout = spearmanr(latent["purchase_rate"], latent["dropout_prob"])[0]
    assert rate_spend > noise
    assert rate_dropout < -noise


def test_festivals_make_the_process_non_stationary():
    days = pd.date_range("2025-01-01", "2025-12-31", freq="D")
    s = pd.Series(model.day_intensity(days), index=days)
    week_later = s.shift(-7)  # the same weekday, same season, no festival
    assert s["2025-11-11"] / week_later["2025-11-11"] == pytest.approx(6, rel=0.02)  # Double 11
    assert s["2025-06-18"] / week_later["2025-06-18"] == pytest.approx(3.5, rel=0.02)  # 618


def test_twelve_percent_do_not_buy_on_their_signup_day(simulated):
    assert model.FIRST_PURCHASE_P == pytest.approx(0.88)
    shop, _ = simulated
    customers = shop.customers.set_index("customer_id")
    observed = customers[(customers["signup_date"] >= DATA_START) & (customers["signup_date"] < WINDOW_END)]
    buys = shop.order_lines[shop.order_lines["quantity"] > 0]
    first = buys.groupby("customer_id")["order_time"].min().dt.normalize().reindex(observed.index)
    on_signup_day = (first == observed["signup_date"]).mean()
    se = np.sqrt(0.88 * 0.12 / len(observed))
    assert abs(on_signup_day - 0.88) < 4 * se
    assert (first > observed["signup_date"]).any()  # a first purchase after signup exists


def test_frequency_and_spend_per_order_are_not_independent():
    """The check the card recommends before gamma-gamma: a small positive rank correlation."""
    table = read_customer_table()
    repeat = table[table["frequency"] > 1]
    rho = spearmanr(repeat["frequency"], repeat["avg_order_value"])[0]
    assert 3 / np.sqrt(len(repeat)) < rho < 0.5  # clearly above noise, yet small
