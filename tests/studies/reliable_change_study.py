"""Simulation study: how often each reliable-change rule flags a change that did not happen,
and how often it catches one that did, when daily scores carry over from day to day.

Run from the repository root: ``python -m tests.studies.reliable_change_study`` (full, about
2 minutes on one core) or ``--quick``. :func:`run` returns the figures for tests.

Each simulated couple has a history of 4 to 6 intervals between sessions. The two compared
intervals (the last two) have the length under study; earlier ones last 7 to 21 days. Each
partner's four daily scores (pursue, withdraw, anxiety, closeness) follow one continuous
AR(1) process across the whole history with lag-1 autocorrelation ``phi`` (the same for every
score of the couple), correlated between scores and a little between partners, around a
level of 2.5 to 7.5 with a day-to-day SD of 1 to 2 scale points; the level moves a little
between earlier intervals (therapy progress). Scores are rounded to whole numbers and kept
within 0-10; each partner misses 15% of days at random. Stance, polarization and cycle
intensity are derived as in ``dashboard/analytics/metrics.py`` (couple metrics on paired
days only).

False flags (shift 0): the two compared intervals have the same level; the rate is over all
12 verdicts of a couple (4 scores and stance per partner, polarization, cycle intensity).
Power (shift > 0): every score of both partners moves by ``shift`` day-to-day SDs toward the
middle of the scale in the last interval; the rate is over the 8 score verdicts.

Rules compared:

- ``old``: the current rule, |d| > 1.96 sqrt(s1²/n1 + s2²/n2);
- ``naive``: carry-over allowed for with the pooled autocorrelation, not bias-corrected;
- ``local``: bias-corrected, but estimated from the two compared intervals only;
- ``all_scores``: bias-corrected, pooled over the whole history and all four scores of both
  partners on each partner's own days;
- ``new``: what the dashboard does (:mod:`dashboard.analytics.carry_over` and
  :mod:`dashboard.analytics.reliable_change`): bias-corrected, pooled over the whole history,
  from each partner's pursue and withdraw on the days both checked in (the days the caseload
  also holds);
- ``oracle``: the same verdict given the true autocorrelation (a reference no real rule can
  reach).
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

from dashboard.analytics import reliable_change as rc

PHIS = (0.0, 0.3, 0.5, 0.7)
LENGTHS = (7, 14, 21)
SHIFTS = (0.0, 1.0, 1.5)
METHODS = ("old", "naive", "local", "all_scores", "new", "oracle")
MISSING = 0.15
SEED = 19
COUPLES = 2000
QUICK_COUPLES = 300
_EARLIER = 4  # at most 4 intervals before the two compared ones
_LONGEST = 21
_BLOCK = 500

# Correlation of the daily innovations: pursue, withdraw, anxiety, closeness of A, then of B.
_WITHIN = np.array([[1.0, -0.2, 0.4, -0.1],
                    [-0.2, 1.0, 0.2, -0.4],
                    [0.4, 0.2, 1.0, -0.4],
                    [-0.1, -0.4, -0.4, 1.0]])
_INNOVATION = np.block([[_WITHIN, 0.2 * np.eye(4)], [0.2 * np.eye(4), _WITHIN]])
_CHOLESKY = np.linalg.cholesky(_INNOVATION)


def _simulate_block(rng, couples: int, phi: float, length: int, shift: float):
    """Daily scores of `couples` couples: (couples, 8 series, days) with NaN on missed days,
    plus interval boundaries. The compared intervals are the last 2 x length days."""
    earlier = rng.integers(2, _EARLIER + 1, couples)  # 2-4 earlier intervals: 4-6 in all
    lengths = rng.integers(7, _LONGEST + 1, (couples, _EARLIER))
    lengths[np.arange(_EARLIER)[None, :] >= earlier[:, None]] = 0
    days = _EARLIER * _LONGEST + 2 * length
    # AR(1) over the whole history, stationary from the first day.
    noise = rng.standard_normal((couples, days, 8)) @ _CHOLESKY.T
    latent = np.empty((couples, 8, days))
    latent[:, :, 0] = noise[:, 0]
    scale = np.sqrt(1 - phi**2)
    for day in range(1, days):
        latent[:, :, day] = phi * latent[:, :, day - 1] + scale * noise[:, day]
    level = rng.uniform(2.5, 7.5, (couples, 8))
    sd = rng.uniform(1.0, 2.0, (couples, 8))
    # Level per day: earlier intervals drift a little; the last interval moves by `shift`.
    start_compared = days - 2 * length
    bounds = start_compared - np.cumsum(lengths, axis=1)  # earlier starts, newest first
    mean = np.repeat(level[:, :, None], days, axis=2)
    day = np.arange(days)
    for k in range(_EARLIER):
        inside = (day[None, :] >= bounds[:, k:k + 1]) & (day[None, :] < bounds[:, k:k + 1]
                                                         + lengths[:, k:k + 1])
        drift = rng.normal(0, 0.5, (couples, 8)) * sd
        mean += drift[:, :, None] * inside[:, None, :]
    toward_middle = np.where(level > 5, -1.0, 1.0)
    mean[:, :, days - length:] += (shift * sd * toward_middle)[:, :, None]
    scores = np.clip(np.rint(mean + sd[:, :, None] * latent), 0, 10)
    missed = rng.random((couples, 2, days)) < MISSING
    scores[np.repeat(missed, 4, axis=1)] = np.nan
    return scores, bounds, lengths, start_compared


def _metrics(scores: np.ndarray) -> np.ndarray:
    """The 12 daily metrics (couples, 12, days): per partner 4 scores and stance, then
    polarization and cycle intensity (NaN unless both partners checked in)."""
    a, b = scores[:, :4], scores[:, 4:]
    stance_a, stance_b = a[:, 0] - a[:, 1], b[:, 0] - b[:, 1]
    polarization = np.abs(stance_a - stance_b) / 2
    cycle = np.maximum(np.minimum(a[:, 0], b[:, 1]), np.minimum(b[:, 0], a[:, 1]))
    return np.concatenate([a, stance_a[:, None], b, stance_b[:, None],
                           polarization[:, None], cycle[:, None]], axis=1)


_SCORE_ROWS = np.array([0, 1, 2, 3, 5, 6, 7, 8])  # the 8 score verdicts among the 12


def _history_series(scores, bounds, lengths, start_compared, length):
    """The couple's daily score series per interval for pooling: (couples, 48, 21)."""
    couples = scores.shape[0]
    series = np.full((couples, (_EARLIER + 2) * 8, _LONGEST), np.nan)
    offsets = np.arange(_LONGEST)
    for k in range(_EARLIER):
        index = np.clip(bounds[:, k:k + 1] + offsets[None, :], 0, scores.shape[2] - 1)
        taken = np.take_along_axis(scores, np.repeat(index[:, None, :], 8, axis=1), axis=2)
        taken[np.broadcast_to((offsets[None, :] >= lengths[:, k:k + 1])[:, None, :],
                              taken.shape)] = np.nan
        series[:, 8 * k:8 * k + 8] = taken
    for k, start in enumerate((start_compared, start_compared + length)):
        series[:, 8 * (_EARLIER + k):8 * (_EARLIER + k + 1), :length] = \
            scores[:, :, start:start + length]
    return series


def _paired_cycle_series(series):
    """Of the history's series, each partner's pursue and withdraw on paired days only."""
    couples, rows, days = series.shape
    blocks = series.reshape(couples, rows // 8, 8, days)
    paired = ~np.isnan(blocks[:, :, 0]) & ~np.isnan(blocks[:, :, 4])
    cycle = blocks[:, :, [0, 1, 4, 5]].copy()
    cycle[~np.broadcast_to(paired[:, :, None], cycle.shape)] = np.nan
    return cycle.reshape(couples, -1, days)


def _old_rule(before, after):
    """The current metrics.py rule, vectorised: (reliable) per row."""
    n1, n2 = (~np.isnan(before)).sum(1), (~np.isnan(after)).sum(1)
    enough = np.minimum(n1, n2) >= 3
    before, after = before[enough], after[enough]
    shift = np.nanmean(after, 1) - np.nanmean(before, 1)
    threshold = 1.96 * np.sqrt(np.nanvar(before, 1, ddof=1) / n1[enough]
                               + np.nanvar(after, 1, ddof=1) / n2[enough])
    reliable = np.zeros(len(enough), dtype=bool)
    reliable[enough] = np.abs(shift) > threshold
    return reliable


def _naive(series):
    """Pooled lag-1 autocorrelation without the bias correction, kept within [0, 0.9]."""
    products, squares, _ = rc._moments(series)
    return np.clip(products.sum(1) / squares.sum(1), rc.PHI_LOW, rc.PHI_HIGH)


def _cell(rng, couples: int, phi: float, length: int, shift: float) -> dict:
    flagged = {method: [] for method in METHODS}
    estimates = []
    for done in range(0, couples, _BLOCK):
        size = min(_BLOCK, couples - done)
        scores, bounds, lengths, start = _simulate_block(rng, size, phi, length, shift)
        daily = _metrics(scores)
        before = daily[:, :, start:start + length].reshape(-1, length)
        after = daily[:, :, start + length:].reshape(-1, length)
        series = _history_series(scores, bounds, lengths, start, length)
        phis = {"naive": _naive(series),
                "local": rc.pooled_autocorrelations(series[:, 8 * _EARLIER:]),
                "all_scores": rc.pooled_autocorrelations(series),
                "new": rc.pooled_autocorrelations(_paired_cycle_series(series)),
                "oracle": np.full(size, phi)}
        estimates.append(phis["new"])
        flagged["old"].append(_old_rule(before, after).reshape(size, 12))
        for method, estimate in phis.items():
            found = rc.verdicts(before, after, np.repeat(estimate, 12))
            flagged[method].append(found["reliable"].reshape(size, 12))
    rows = slice(None) if shift == 0 else _SCORE_ROWS
    return {"phi": phi, "days": length, "shift": shift,
            "phi_hat": float(np.concatenate(estimates).mean()),
            **{method: float(np.concatenate(found)[:, rows].mean())
               for method, found in flagged.items()}}


def run(couples: int = COUPLES, seed: int = SEED, phis=PHIS, lengths=LENGTHS,
        shifts=SHIFTS) -> list[dict]:
    """The study's figures: one dict per (phi, days, shift) with the mean estimated phi and,
    per method, the share of verdicts flagged reliable (false flags at shift 0, power
    otherwise)."""
    rng = np.random.default_rng(seed)
    return [_cell(rng, couples, phi, length, shift)
            for phi in phis for length in lengths for shift in shifts]


def table(rows: list[dict]) -> str:
    """The figures as a Markdown table, in percent."""
    lines = ["| phi | days | shift (SD) | what | mean phi estimate | "
             + " | ".join(METHODS) + " |",
             "|---" * (5 + len(METHODS)) + "|"]
    for row in rows:
        what = "false flags" if row["shift"] == 0 else "power"
        lines.append(f"| {row['phi']:.1f} | {row['days']} | {row['shift']:.1f} | {what} | "
                     f"{row['phi_hat']:.2f} | "
                     + " | ".join(f"{100 * row[method]:.1f}" for method in METHODS) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_COUPLES} couples a cell")
    parser.add_argument("--couples", type=int, default=None)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    couples = args.couples or (QUICK_COUPLES if args.quick else COUPLES)
    began = time.perf_counter()
    rows = run(couples=couples, seed=args.seed)
    print(f"{couples} simulated couples per row, seed {args.seed}, {MISSING:.0%} of days "
          f"missed; rates in % (false flags over 12 verdicts a couple, power over 8).")
    print(table(rows))
    print(f"({time.perf_counter() - began:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
