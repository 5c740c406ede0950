"""Reliable change with day-to-day carry-over: hand-computed cases and a small simulation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from dashboard.analytics import reliable_change as rc
from tests.studies import reliable_change_study as study

NAN = math.nan


# --- verdict -------------------------------------------------------------------------------

def test_no_carry_over_is_welchs_t_test():
    # 1, 2, 3 -> 4, 5, 6: means 2 and 5, shift 3; s² = 1 each, so each mean's variance is
    # 1/3 and the standard error sqrt(2/3) = 0.8165. Each side has 3 - 1 = 2 degrees of
    # freedom; Welch: (2/3)² / ((1/3)²/2 + (1/3)²/2) = 4. t(0.975, 4) = 2.7764, so the
    # threshold is 2.7764 x 0.8165 = 2.2670 < 3: reliable. 95% interval 3 -/+ 2.2670.
    found = rc.verdict(np.array([1.0, 2, 3]), np.array([4.0, 5, 6]), 0.0)
    assert found.shift == 3
    assert found.standard_error == pytest.approx(math.sqrt(2 / 3))
    assert found.df == pytest.approx(4)
    assert found.critical == pytest.approx(2.776445, abs=1e-6)
    assert found.threshold == pytest.approx(2.266958, abs=1e-6)
    assert (found.low, found.high) == pytest.approx((3 - 2.266958, 3 + 2.266958), abs=1e-6)
    assert found.reliable is True
    assert found.effective_before == found.effective_after == pytest.approx(3)
    assert found.autocorrelation == 0
    welch = stats.ttest_ind([1, 2, 3], [4, 5, 6], equal_var=False)
    assert welch.pvalue < 0.05


def test_carry_over_widens_the_threshold():
    # phi = 0.5, three consecutive days: correlations R = [[1, .5, .25], [.5, 1, .5],
    # [.25, .5, 1]], sum 5.5, so V = 5.5/9 = 11/18 (the mean is worth 18/11 = 1.64 days).
    # Expected sum of squares / sigma² = 3 (1 - 11/18) = 7/6, so sigma² = 2 / (7/6) = 12/7
    # and each mean's variance is 12/7 x 11/18 = 22/21; standard error sqrt(44/21).
    # C R C (R centred on both sides) = [[16, -5, -11], [-5, 10, -5], [-11, -5, 16]] / 36:
    # trace 7/6, sum of squares 954/1296 = 53/72, so each side has (7/6)² / (53/72) = 98/53
    # degrees of freedom and Welch gives 2 x 98/53 = 196/53 = 3.698.
    found = rc.verdict(np.array([1.0, 2, 3]), np.array([4.0, 5, 6]), 0.5)
    assert found.effective_before == pytest.approx(18 / 11)
    assert found.standard_error == pytest.approx(math.sqrt(44 / 21))
    assert found.df == pytest.approx(196 / 53)
    critical = stats.t.ppf(0.975, 196 / 53)  # 2.83
    assert found.threshold == pytest.approx(critical * math.sqrt(44 / 21))  # 4.10
    assert found.reliable is False  # the same 3-point shift is reliable at phi = 0
    assert found.autocorrelation == 0.5


def test_missed_days_are_skipped():
    # NaN days drop out; with no carry-over their position does not matter.
    spaced = rc.verdict(np.array([1.0, NAN, 2, 3]), np.array([NAN, 4.0, 5, 6]), 0.0)
    assert spaced.n_before == spaced.n_after == 3
    assert spaced.threshold == pytest.approx(2.266958, abs=1e-6)


def test_three_values_give_a_verdict_two_do_not():
    three = rc.verdict(np.array([1.0, NAN, 2, 3]), np.array([4.0, 5, 6]), 0.3)
    assert three.reliable is not None and three.threshold is not None
    two = rc.verdict(np.array([1.0, NAN, NAN, 3]), np.array([4.0, 5, 6]), 0.3)
    assert two.reliable is None
    assert two.threshold is None and two.low is None and two.high is None
    assert two.shift == 3  # the shift is still given
    assert (two.n_before, two.n_after) == (2, 3)


def test_a_shift_equal_to_the_threshold_is_not_reliable():
    # Neither interval varied: the threshold is 0. A shift of exactly 0 equals it and is not
    # reliable (strictly greater is needed); any other shift is.
    same = rc.verdict(np.array([4.0, 4, 4]), np.array([4.0, 4, 4]), 0.5)
    assert same.threshold == 0 and same.reliable is False
    moved = rc.verdict(np.array([4.0, 4, 4]), np.array([5.0, 5, 5]), 0.5)
    assert moved.threshold == 0 and moved.reliable is True


def test_verdict_is_frozen():
    found = rc.verdict(np.array([1.0, 2, 3]), np.array([4.0, 5, 6]), 0.0)
    with pytest.raises(AttributeError):
        found.reliable = False


# --- pooled_autocorrelation ----------------------------------------------------------------

def test_bias_corrected_autocorrelation_of_three_day_series():
    # For three consecutive days the expected pooled lag-1 value (each series centred on its
    # own mean) is -(3 - phi) / (3 (3 + phi)): -1/3 with no carry-over at all.
    # [0, 0, 3]: deviations -1, -1, 2: products 1 - 2 = -1, squares 6.
    # [0, 3, 0]: deviations -1, 2, -1: products -2 - 2 = -4, squares 6.
    # Five of the first and one of the second: -9 / 36 = -1/4 (the naive estimate).
    # -(3 - phi) / (3 (3 + phi)) = -1/4  =>  phi = 3 (1 - 3/4) / (1 + 3/4) = 3/7.
    series = [np.array([0.0, 0, 3])] * 4 + [np.array([3.0, 0, 0, NAN])] + [np.array([0.0, 3, 0])]
    assert rc.pooled_autocorrelation(series) == pytest.approx(3 / 7, abs=1e-5)
    # The many-couples version agrees (to its grid).
    padded = np.full((1, 6, 4), NAN)
    for row, one in enumerate(series):
        padded[0, row, :len(one)] = one
    assert rc.pooled_autocorrelations(padded)[0] == pytest.approx(3 / 7, abs=2e-3)


def test_white_noise_looking_series_give_zero():
    # [0, 0, 3], [3, 0, 0], [0, 3, 0]: products -1 - 1 - 4 = -6, squares 18: -1/3, exactly
    # what three independent days give on average, so no carry-over.
    series = [np.array([0.0, 0, 3]), np.array([3.0, 0, 0]), np.array([0.0, 3, 0])]
    assert rc.pooled_autocorrelation(series) == pytest.approx(0.0, abs=1e-9)


def test_autocorrelation_is_kept_in_range():
    # Alternating days: strongly negative, kept at 0. A steady climb: kept at 0.9.
    assert rc.pooled_autocorrelation([np.array([0.0, 5, 0, 5, 0, 5])]) == 0
    assert rc.pooled_autocorrelation([np.arange(8.0)]) == rc.PHI_HIGH


def test_without_consecutive_days_the_autocorrelation_is_zero():
    assert rc.pooled_autocorrelation([np.array([1.0, NAN, 2, NAN, 3])]) == 0
    assert rc.pooled_autocorrelation([np.array([2.0, 2, 2, 2])]) == 0
    assert rc.pooled_autocorrelation([]) == 0


# --- the simulation study ------------------------------------------------------------------

@pytest.fixture(scope="module")
def false_flags():
    return study.run(couples=1000, seed=7, phis=(0.5, 0.7), lengths=(7, 14, 21),
                     shifts=(0.0,))


def test_new_rule_keeps_false_flags_near_five_percent(false_flags):
    for row in false_flags:
        assert row["new"] <= 0.075, row
        assert row["old"] > 0.15, row  # the old rule does not


def test_new_rule_catches_most_large_shifts():
    (row,) = study.run(couples=1000, seed=8, phis=(0.5,), lengths=(14,), shifts=(1.5,))
    assert row["new"] >= 0.50, row
