"""Reliable change between two intervals when daily scores carry over from one day to the next.

Daily diary scores are not independent: a tense Tuesday tends to be followed by a tense
Wednesday (emotional inertia, lag-1 autocorrelation). Twelve such days carry less
information than twelve independent days, so the usual standard error of a mean,
``s / sqrt(n)``, is too small and too many ordinary wobbles look like real change. This module
works out reliable change with that carry-over accounted for.

The method, in three steps:

1. **How strongly scores carry over** (:func:`pooled_autocorrelation`). One lag-1
   autocorrelation per couple, pooled over all of the couple's daily series (every interval,
   both partners, every score). Each series is compared with its own mean, and only pairs of
   consecutive days that were both observed count. A short series compared with its own mean
   always looks less carried-over than it is, so the estimate is bias-corrected: it is the
   autocorrelation under which the expected pooled value, for exactly these series with
   exactly these missed days, equals the observed pooled value. The result is kept in
   ``[0, 0.9]``.
2. **The standard error of each interval's mean** (:func:`verdict`). With lag-1
   autocorrelation ``phi``, two observed days ``k`` days apart are correlated ``phi**k``. The
   variance of the mean of the ``n`` observed days is ``sigma² x V`` with
   ``V = (1/n²) x sum over all pairs of observed days of phi**|day_i - day_j|``
   (``V = 1/n`` when ``phi = 0``). The day-to-day variance ``sigma²`` is estimated from the
   sum of squared deviations, corrected for the same carry-over (the sample variance of
   correlated days is too small on average).
3. **The verdict.** The difference of the two means is reliable when it exceeds
   ``t x sqrt(sigma1² V1 + sigma2² V2)``, where ``t`` is the two-sided 95% point of Student's
   t with Welch-Satterthwaite degrees of freedom; each interval's degrees of freedom are
   those of its carried-over variance estimate (``n - 1`` when ``phi = 0``, fewer otherwise).
   At ``phi = 0`` this is Welch's t test, so the rule only departs from the textbook one as
   far as the carry-over requires.

Pure numpy and scipy; the arrays are day-indexed (position ``k`` = the ``k``-th calendar day
of the interval) with NaN on missed days. The simulation study that chose this method is
``tests/studies/reliable_change_study.py``; the reasoning and its results are in
``docs/reliable-change.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from scipy import optimize, stats

MIN_VALUES = 3  # observed days needed on each side for a verdict
LEVEL = 0.95  # two-sided
PHI_LOW, PHI_HIGH = 0.0, 0.9  # range the pooled autocorrelation is kept in
_GRID = np.linspace(PHI_LOW, PHI_HIGH, 19)  # 0.05 apart, for the many-couples version


@dataclass(frozen=True)
class Verdict:
    """The reliable-change verdict for one metric between two intervals.

    ``shift`` is mean(after) - mean(before) over observed days; ``threshold`` the half-width
    |shift| must exceed (strictly) to be reliable; ``low``/``high`` the 95% interval of the
    difference (``shift -/+ threshold``). ``reliable``, ``threshold``, ``low``, ``high`` and the
    rest are None when either interval has fewer than 3 observed days. ``autocorrelation`` is
    the lag-1 autocorrelation the verdict assumed; ``effective_before``/``effective_after`` the
    number of independent days each mean is worth under it (equal to the observed days when
    it is 0); ``df`` the degrees of freedom of the t critical value ``critical``.
    """

    shift: float | None
    threshold: float | None
    reliable: bool | None
    low: float | None
    high: float | None
    standard_error: float | None
    critical: float | None
    df: float | None
    autocorrelation: float
    n_before: int
    n_after: int
    effective_before: float | None
    effective_after: float | None


def pooled_autocorrelation(series: Iterable[np.ndarray]) -> float:
    """One lag-1 autocorrelation for a couple from all its daily series, bias-corrected.

    ``series``: day-indexed arrays (NaN on missed days), typically the four scores of both
    partners in every interval of the couple's history (not the derived stance, polarization
    or cycle intensity, which repeat the same days). Each series is centred on its own mean;
    the pooled value is sum(products of consecutive observed days) / sum(squared deviations).
    The returned autocorrelation is the one whose expected pooled value, for these exact
    series and missed days, equals the observed pooled value (solved with Brent's method),
    kept within [0, 0.9]. With no usable pairs of consecutive days it is 0.
    """
    rows = [np.asarray(one, dtype=float).ravel() for one in series]
    if not rows:
        return PHI_LOW
    width = max(len(one) for one in rows)
    values = np.full((len(rows), width), np.nan)
    for row, one in enumerate(rows):
        values[row, :len(one)] = one
    products, squares, observed = _moments(values[None])
    usable = (observed.sum(axis=-1) >= 2)[0]
    mask, product, square = observed[0, usable], products[0, usable], squares[0, usable]
    if not _has_pairs(mask) or square.sum() == 0:
        return PHI_LOW

    def gap(phi: float) -> float:
        expected_product, expected_square = _expected_moments(mask, np.array([phi]))
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.where(expected_square > 0, expected_product / expected_square, 0.0)
        return float(product.sum() - (square * ratio).sum())

    low, high = gap(PHI_LOW), gap(PHI_HIGH)
    if low <= 0:
        return PHI_LOW
    if high >= 0:
        return PHI_HIGH
    return float(optimize.brentq(gap, PHI_LOW, PHI_HIGH, xtol=1e-6))


def verdict(before: np.ndarray, after: np.ndarray, phi: float) -> Verdict:
    """Whether the mean moved reliably from ``before`` to ``after``, allowing for carry-over.

    ``before``/``after``: one interval each, day-indexed (NaN on missed days); ``phi``: the
    lag-1 autocorrelation (from :func:`pooled_autocorrelation`; 0 gives Welch's t test).
    Reliable when |mean(after) - mean(before)| is strictly greater than the threshold
    ``t x standard error`` (see the module docstring). When neither interval varied at all the
    threshold is 0, so any change is reliable and no change is not. Fewer than 3 observed days
    on either side: the shift is still given, but no verdict.
    """
    before = np.atleast_2d(np.asarray(before, dtype=float))
    after = np.atleast_2d(np.asarray(after, dtype=float))
    found = verdicts(before, after, np.array([float(phi)]))
    n_before, n_after = int(found["n_before"][0]), int(found["n_after"][0])
    shift = found["shift"][0]

    def plain(name):
        value = found[name][0]
        return None if np.isnan(value) else float(value)

    reliable = None if np.isnan(found["threshold"][0]) else bool(found["reliable"][0])
    return Verdict(
        shift=None if np.isnan(shift) else float(shift), threshold=plain("threshold"),
        reliable=reliable, low=plain("low"), high=plain("high"),
        standard_error=plain("standard_error"), critical=plain("critical"), df=plain("df"),
        autocorrelation=float(phi), n_before=n_before, n_after=n_after,
        effective_before=plain("effective_before"), effective_after=plain("effective_after"))


def verdicts(before: np.ndarray, after: np.ndarray, phi: np.ndarray) -> dict[str, np.ndarray]:
    """Many verdicts at once: rows of ``before`` (m x days) and ``after`` (m x days), each row
    with its own ``phi`` (length m). Returns arrays of length m: shift, threshold, reliable,
    low, high, standard_error, critical, df, n_before, n_after, effective_before,
    effective_after (NaN, and reliable False, where there is no verdict)."""
    phi = np.broadcast_to(np.asarray(phi, dtype=float), (before.shape[0],))
    sides = [_side(values, phi) for values in (before, after)]
    (n1, mean1, a1, df1, v1), (n2, mean2, a2, df2, v2) = sides
    enough = (n1 >= MIN_VALUES) & (n2 >= MIN_VALUES)
    with np.errstate(invalid="ignore", divide="ignore"):
        shift = mean2 - mean1
        variance = a1 + a2
        df = variance**2 / (np.where(a1 > 0, a1**2 / df1, 0) + np.where(a2 > 0, a2**2 / df2, 0))
        df = np.where(enough & (variance > 0), df, np.nan)
        critical = np.where(np.isnan(df), np.nan, stats.t.ppf(0.5 + LEVEL / 2, np.nan_to_num(
            df, nan=1.0)))
        standard_error = np.where(enough, np.sqrt(variance), np.nan)
        threshold = np.where(enough, np.where(variance > 0, critical * standard_error, 0.0),
                             np.nan)
        reliable = enough & (np.abs(shift) > threshold)
        return {
            "shift": shift, "threshold": threshold, "reliable": reliable,
            "low": shift - threshold, "high": shift + threshold,
            "standard_error": standard_error, "critical": critical, "df": df,
            "n_before": n1, "n_after": n2,
            "effective_before": np.where(enough, 1 / v1, np.nan),
            "effective_after": np.where(enough, 1 / v2, np.nan),
        }


def pooled_autocorrelations(values: np.ndarray) -> np.ndarray:
    """:func:`pooled_autocorrelation` for many couples at once: ``values`` is couples x series
    x days (NaN = missed or padding). Solved on a 0.05 grid with linear interpolation (within
    about 0.001 of the scalar version)."""
    products, squares, observed = _moments(values)
    couples, count, days = observed.shape
    flat = observed.reshape(-1, days)
    gaps = np.empty((couples, len(_GRID)))
    for k, phi in enumerate(_GRID):
        expected_product, expected_square = _expected_moments(flat, np.full(len(flat), phi))
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.where(expected_square > 0, expected_product / expected_square, 0.0)
        gaps[:, k] = (products - squares * ratio.reshape(couples, count)).sum(axis=1)
    # gap falls with phi; find the first grid point where it is no longer positive.
    below = gaps <= 0
    first = np.where(below.any(axis=1), below.argmax(axis=1), len(_GRID))
    estimate = np.full(couples, PHI_HIGH)
    estimate[first == 0] = PHI_LOW
    inside = (first > 0) & (first < len(_GRID))
    rows, right = np.flatnonzero(inside), first[inside]
    g0, g1 = gaps[rows, right - 1], gaps[rows, right]
    estimate[rows] = _GRID[right - 1] + (_GRID[right] - _GRID[right - 1]) * g0 / (g0 - g1)
    return estimate


def _has_pairs(mask: np.ndarray) -> bool:
    return bool((mask[:, 1:] & mask[:, :-1]).any())


def _moments(values: np.ndarray):
    """Per series (last axis = days): sum of products of consecutive observed deviations from
    the series mean, sum of squared deviations, and the observed-day mask."""
    observed = ~np.isnan(values)
    n = observed.sum(axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.nansum(values, axis=-1, keepdims=True) / n
    deviation = np.where(observed, values - mean, 0.0)
    products = (deviation[..., 1:] * deviation[..., :-1]).sum(axis=-1)
    squares = (deviation**2).sum(axis=-1)
    enough = n[..., 0] >= 2
    return np.where(enough, products, 0.0), np.where(enough, squares, 0.0), observed


def _correlations(days: int, phi: np.ndarray) -> np.ndarray:
    """phi**|i - j| for every row's phi: rows x days x days."""
    lag = np.abs(np.subtract.outer(np.arange(days), np.arange(days)))
    return np.power(phi[:, None, None], lag[None])


def _expected_moments(mask: np.ndarray, phi: np.ndarray):
    """Expected (sum of consecutive products, sum of squares) / sigma² of a centred AR(1)
    series observed on `mask` (rows x days), for each row's phi (a single phi broadcasts)."""
    mask = mask.astype(float)
    rows, days = mask.shape
    n = mask.sum(axis=1)
    if len(phi) == 1 and rows > 1:
        phi = np.full(rows, phi[0])
    if np.all(phi == phi[0]):
        corr = _correlations(days, phi[:1])[0]
        spread = mask @ corr  # sum over observed j of phi**|i - j|
    else:
        spread = np.einsum("rij,rj->ri", _correlations(days, phi), mask)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = spread / n[:, None]  # mean correlation of day i with the observed days
        v = (r * mask).sum(axis=1) / n  # variance factor of the mean
        squares = n - n * v
        pairs = mask[:, 1:] * mask[:, :-1]
        products = (pairs * (phi[:, None] - r[:, 1:] - r[:, :-1] + v[:, None])).sum(axis=1)
    return np.where(n >= 2, products, 0.0), np.where(n >= 2, squares, 0.0)


def _side(values: np.ndarray, phi: np.ndarray):
    """One interval per row: observed days n, mean, the variance of the mean a = sigma² V,
    the degrees of freedom of a, and V."""
    observed = ~np.isnan(values)
    n = observed.sum(axis=1)
    mask = observed.astype(float)
    days = values.shape[1]
    corr = _correlations(days, phi) * mask[:, :, None] * mask[:, None, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.nansum(values, axis=1) / n
        squares = np.where(observed, values - mean[:, None], 0.0) ** 2
        r = corr.sum(axis=2) / n[:, None]
        v = r.sum(axis=1) / n
        # C R C restricted to observed days: R_ij - r_i - r_j + v.
        centred = (corr - r[:, :, None] - r[:, None, :] + v[:, None, None]) * (
            mask[:, :, None] * mask[:, None, :])
        trace = n * (1 - v)  # tr(C R): expected sum of squares / sigma²
        trace_squared = (centred**2).sum(axis=(1, 2))  # tr((C R)²)
        sigma2 = squares.sum(axis=1) / trace
        df = trace**2 / trace_squared
    return n, mean, sigma2 * v, df, v
