"""Reference solutions for notebook 11: probabilistic customer lifetime value on CDNOW.

Every answer of ``notebooks/11_clv_models.ipynb`` is computed here. The functions use only
``np``, ``pd``, the scipy names imported below (the notebook imports the same ones) and the
functions defined before them, because the notebook shows each one as a cell of its own after
the earlier ones.

Conventions (those of Fader, Hardie & Lee 2005): time is in **weeks** (days / 7); purchases on
the same day are one transaction; ``x`` is the number of *repeat* transactions in the
calibration period, ``t_x`` the time of the last one measured from the first purchase (0 when
``x == 0``), ``T`` the time from the first purchase to the end of the calibration period.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import betaln, gammaln, hyp2f1

__all__ = [
    "CLV_ANSWER",
    "RIDGE_CHOICE",
    "SHOP_ANSWER",
    "bgnbd_ll",
    "clv_table",
    "conditional_expectation",
    "fit_bgnbd",
    "gamma_gamma_ll",
    "rfm_summary",
]

#: the right option of the flat-ridge question
RIDGE_CHOICE = "c"

#: a model answer for "explain probabilistic CLV to marketing, and when you would use it"
CLV_ANSWER = (
    "BG/NBD describes each customer by two hidden traits: how often she buys while she is still a "
    "customer (a Poisson rate, gamma-distributed across customers) and the chance that she leaves "
    "after any purchase (a coin, beta-distributed across customers). From three numbers per "
    "customer - repeat purchases x, the time of the last one t_x and the time since the first "
    "purchase T - it infers both, so a frequent buyer who has been silent for long is probably "
    "gone, while the same silence from a rare buyer is normal. It gives P(alive) and the expected "
    "number of purchases in any future period. The gamma-gamma model shrinks each repeat buyer's "
    "average spend towards the population mean, more for customers with few purchases, and "
    "assumes spend is independent of frequency (check the correlation first). CLV is expected "
    "purchases x expected spend x margin, discounted period by period over a finite horizon. "
    "Strengths: it needs only the transaction log, works for new cohorts, extrapolates to any "
    "horizon, and is validated on a holdout period (expected vs actual purchases by calibration "
    "frequency). Limits: non-contractual, stationary buying (no seasonality or marketing "
    "effects), independence of rate, dropout and spend, no covariates. I would use it for a "
    "baseline valuation, a budget for acquisition and retention, and as features for a machine "
    "learning model; when the business question is a ranking for a specific campaign and rich "
    "covariates exist, a supervised model on a future-window label, validated out of time, "
    "usually ranks better, and I compare both on the same holdout."
)

#: a model answer for "would you use BG/NBD and gamma-gamma on the synthetic shop?"
SHOP_ANSWER = (
    "Only as a baseline, after checking its assumptions. The shop is BG/NBD-like - a Poisson "
    "purchase rate and a dropout chance after each repeat purchase - but it breaks the model in "
    "three ways. (1) Traits are correlated: membership raises the purchase rate, lowers dropout "
    "and raises spend at the same time, so rate and dropout are not independent and spend is "
    "correlated with frequency, which the gamma-gamma model excludes (the correlation check shows "
    "it). (2) Buying is seasonal: 618 and Double 11 multiply the daily intensity several times, "
    "so a stationary rate misreads a festival burst as a high rate and a quiet spring as dropout; "
    "the horizon's share of festival days decides how far off the forecast is. (3) History is "
    "left-truncated: customers who signed up before 2024 have earlier purchases that are not in "
    "the log, so their t_x and T are wrong. I would fit the model, compare expected with actual "
    "purchases in a holdout window that contains a festival, compare its ranking with the "
    "supervised model's on the same future-window label, and most likely use the model's P(alive) "
    "and expected purchases as features of the supervised model rather than as the answer."
)


def rfm_summary(log, calibration_end, holdout_end):
    """Summarise a transaction log per customer for BG/NBD and gamma-gamma, in weeks.

    Parameters
    ----------
    log : pandas.DataFrame
        One row per purchase record with the columns ``customer_id``, ``date`` (datetime64,
        midnight) and ``amount`` (money); other columns are ignored. Several records of one
        customer on one day are one transaction (their amounts add up).
    calibration_end : pandas.Timestamp
        The last day of the calibration period (inclusive).
    holdout_end : pandas.Timestamp
        The last day of the holdout period (inclusive); the holdout starts the day after
        ``calibration_end``.

    Returns
    -------
    pandas.DataFrame
        One row per customer whose first purchase is on or before ``calibration_end``, sorted by
        ``customer_id``, with a fresh RangeIndex and the columns

        - ``customer_id``
        - ``x``: repeat transactions in the calibration period (transactions after the first)
        - ``t_x``: weeks from the first purchase to the last calibration transaction (0 if x is 0)
        - ``T``: weeks from the first purchase to ``calibration_end``
        - ``m``: mean amount of the *repeat* calibration transactions (the first purchase
          excluded), NaN when x is 0
        - ``x_star``: transactions in the holdout period

        Weeks are days / 7 (floats).
    """
    daily = (log.groupby(["customer_id", "date"], as_index=False)["amount"].sum()
             .sort_values(["customer_id", "date"]))
    first = daily.groupby("customer_id")["date"].transform("min")
    daily = daily[first <= calibration_end].assign(first=first)
    calib = daily[daily["date"] <= calibration_end]
    holdout = daily[(daily["date"] > calibration_end) & (daily["date"] <= holdout_end)]
    repeat = calib[calib["date"] > calib["first"]]
    per = calib.groupby("customer_id").agg(n=("date", "size"), first=("first", "min"), last=("date", "max"))
    out = pd.DataFrame({
        "customer_id": per.index.to_numpy(),
        "x": (per["n"] - 1).to_numpy(),
        "t_x": ((per["last"] - per["first"]).dt.days / 7).to_numpy(),
        "T": ((calibration_end - per["first"]).dt.days / 7).to_numpy(),
        "m": repeat.groupby("customer_id")["amount"].mean().reindex(per.index).to_numpy(),
        "x_star": holdout.groupby("customer_id").size().reindex(per.index, fill_value=0).to_numpy(),
    })
    return out.astype({"x": "int64", "x_star": "int64", "t_x": "float64", "T": "float64"})


def bgnbd_ll(params, x, t_x, T):
    """The BG/NBD log-likelihood of each customer (Fader, Hardie & Lee 2005, equation 6).

    Parameters
    ----------
    params : sequence of 4 floats
        ``(r, alpha, a, b)``, all positive: the gamma shape and rate of the purchase rates and
        the beta parameters of the dropout probabilities.
    x, t_x, T : array-like of length n
        Repeat transactions, time of the last one and length of the calibration period of each
        customer, in weeks.

    Returns
    -------
    numpy.ndarray of shape (n,)
        ``log L_i`` for each customer, where ``L_i = B(a, b + x)/B(a, b) * G(x, T) +
        [x > 0] * B(a + 1, b + x - 1)/B(a, b) * G(x, t_x)`` and ``G(x, t) = Gamma(r + x) alpha^r
        / (Gamma(r) (alpha + t)^(r + x))``. The second term exists only for ``x > 0``.
    """
    r, alpha, a, b = params
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    common = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    alive = betaln(a, b + x) - betaln(a, b) - (r + x) * np.log(alpha + T)
    repeat = x > 0
    gone = np.full_like(x, -np.inf)
    gone[repeat] = (betaln(a + 1, b + x[repeat] - 1) - betaln(a, b)
                    - (r + x[repeat]) * np.log(alpha + t_x[repeat]))
    return common + np.logaddexp(alive, gone)


def fit_bgnbd(x, t_x, T):
    """Fit the BG/NBD model by maximum likelihood.

    Parameters
    ----------
    x, t_x, T : array-like of length n
        As in :func:`bgnbd_ll` (weeks).

    Returns
    -------
    dict
        ``{"r": float, "alpha": float, "a": float, "b": float, "ll": float}``: the parameters
        that maximise the total log-likelihood ``sum(bgnbd_ll(params, x, t_x, T))``, and that
        maximum (a negative number).
    """
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))

    def negative_ll(log_params):
        return -np.sum(bgnbd_ll(np.exp(log_params), x, t_x, T))

    start = np.log([0.5, max(np.mean(T), 1.0) / 4, 1.0, 2.0])
    fit = minimize(negative_ll, start, method="BFGS", options={"gtol": 1e-6})
    r, alpha, a, b = np.exp(fit.x)
    return {"r": float(r), "alpha": float(alpha), "a": float(a), "b": float(b), "ll": float(-fit.fun)}


def conditional_expectation(params, t, x, t_x, T):
    """Expected repeat transactions in the next ``t`` weeks, given each customer's history.

    Parameters
    ----------
    params : sequence of 4 floats
        The BG/NBD ``(r, alpha, a, b)``; ``a != 1``.
    t : float
        The length of the future period, in weeks, starting at the end of the calibration period.
    x, t_x, T : array-like of length n
        As in :func:`bgnbd_ll` (weeks).

    Returns
    -------
    numpy.ndarray of shape (n,)
        ``E[Y(t) | x, t_x, T]`` (Fader, Hardie & Lee 2005, equation 10)::

            (a + b + x - 1) / (a - 1)
            * (1 - ((alpha + T) / (alpha + T + t))**(r + x)
                   * 2F1(r + x, b + x; a + b + x - 1; t / (alpha + T + t)))
            / (1 + [x > 0] * a / (b + x - 1) * ((alpha + T) / (alpha + t_x))**(r + x))
    """
    r, alpha, a, b = params
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    hyp = hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
    numerator = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp)
    odds = np.where(x > 0, a / np.maximum(b + x - 1, 1e-12) * ((alpha + T) / (alpha + t_x)) ** (r + x), 0.0)
    return numerator / (1 + odds)


def gamma_gamma_ll(params, x, m):
    """The gamma-gamma log-likelihood of each repeat buyer's average spend (Fader & Hardie 2013).

    Parameters
    ----------
    params : sequence of 3 floats
        ``(p, q, v)``, all positive: a transaction's value is gamma(p, nu) around the customer's
        mean p / nu, and nu is gamma(q, v) across customers.
    x : array-like of length n
        Repeat transactions of each customer (all > 0).
    m : array-like of length n
        The mean value of those x repeat transactions (all > 0).

    Returns
    -------
    numpy.ndarray of shape (n,)
        ``log f(m | x)``, the density of the mean of x transactions::

            lnGamma(p x + q) - lnGamma(p x) - lnGamma(q) + q ln v
            + (p x - 1) ln m + p x ln x - (p x + q) ln(v + m x)
    """
    p, q, v = params
    x, m = np.asarray(x, dtype=float), np.asarray(m, dtype=float)
    px = p * x
    return (gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(v)
            + (px - 1) * np.log(m) + px * np.log(x) - (px + q) * np.log(v + m * x))


def clv_table(summary, bgnbd, gg, margin, periods, discount):
    """Customer lifetime value over a horizon, customers ranked from the most valuable.

    Parameters
    ----------
    summary : pandas.DataFrame
        The output of :func:`rfm_summary` (``customer_id``, ``x``, ``t_x``, ``T``, ``m``).
    bgnbd : sequence of 4 floats
        The BG/NBD ``(r, alpha, a, b)``.
    gg : sequence of 3 floats
        The gamma-gamma ``(p, q, v)``, with ``q > 1``.
    margin : float
        The share of spend that is profit.
    periods : int
        The horizon, in periods of 4 weeks.
    discount : float
        The discount rate per 4-week period.

    Returns
    -------
    pandas.DataFrame
        One row per customer with the columns ``customer_id``, ``expected_transactions`` (over
        the whole horizon, :func:`conditional_expectation` at ``4 * periods`` weeks),
        ``expected_spend`` (the gamma-gamma mean ``p (v + m x) / (p x + q - 1)``; for ``x == 0``
        the population mean ``p v / (q - 1)``) and ``clv`` = margin * expected_spend * sum over
        k = 1..periods of (E[Y(4k)] - E[Y(4(k - 1))]) / (1 + discount)**k. Sorted by ``clv``
        from the highest, ties by ``customer_id``, with a fresh RangeIndex.
    """
    p, q, v = gg
    x, t_x, T = (summary[c].to_numpy(dtype=float) for c in ("x", "t_x", "T"))
    m = np.where(x > 0, summary["m"].to_numpy(dtype=float), 0.0)
    spend = p * (v + m * x) / (p * x + q - 1)
    cumulative = np.array([conditional_expectation(bgnbd, 4.0 * k, x, t_x, T) if k else np.zeros_like(x)
                           for k in range(periods + 1)])
    factors = (1.0 + discount) ** -np.arange(1.0, periods + 1)
    discounted = np.sum(np.diff(cumulative, axis=0) * factors[:, None], axis=0)  # equal inputs, equal values
    table = pd.DataFrame({"customer_id": summary["customer_id"].to_numpy(),
                          "expected_transactions": cumulative[-1],
                          "expected_spend": spend,
                          "clv": margin * spend * discounted})
    return table.sort_values(["clv", "customer_id"], ascending=[False, True], kind="stable").reset_index(drop=True)
