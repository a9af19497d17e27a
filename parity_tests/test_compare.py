"""The comparisons every verdict rests on, checked against numbers worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from shared_specs.compare import gradient_spread, relative_error, within, within_fp32_floor, worst_relative_error


def test_an_error_at_its_bound_passes_and_one_past_it_or_nan_fails() -> None:
    """"max relative error <= 1e-5": the bound itself passes (every verdict goes through `within`)."""
    assert within(1e-5, 1e-5) and within(0.0, 1e-5)
    assert not within(math.nextafter(1e-5, 1.0), 1e-5)
    assert not within(math.nan, 1e-5) and not within(math.inf, 1e-5)


def test_relative_error_is_the_largest_difference_over_the_largest_reference_value() -> None:
    want = np.array([4.0, -2.0, 0.5])
    assert relative_error(want, want) == 0.0
    assert relative_error(np.array([4.0, -1.0, 0.5]), want) == pytest.approx(1.0 / 4.0)
    assert relative_error(np.ones(2), want) == math.inf  # shapes differ


def test_a_scale_stands_in_for_a_reference_that_is_zero_by_construction() -> None:
    """A running mean folded from a batch mean that is 0 up to rounding (1e-17, a bias-free convolution of a freshly
    initialised batch norm's output) is judged against the size of the averaged values, not the rounding."""
    want, got = np.array([1e-17, -1e-18]), np.array([3e-9, 0.0])
    assert relative_error(got, want) > 1e8
    assert relative_error(got, want, scale=0.1) == pytest.approx(3e-8)
    assert relative_error(np.array([2.0, 0.0]), np.array([1.0, 0.0]), scale=0.1) == pytest.approx(1.0)  # max|want|


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_relative_error_of_a_non_finite_value_fails_every_bound(bad: float) -> None:
    error = relative_error(np.array([1.0, bad]), np.array([1.0, 2.0]))
    assert not error <= 1e30


def test_worst_relative_error_names_the_worst_tensor() -> None:
    want = {"a.weight": np.array([10.0, -10.0]), "b.weight": np.array([1.0, 2.0]), "c.bias": np.zeros(3)}
    got = {"a.weight": np.array([10.5, -10.0]), "b.weight": np.array([1.0, 2.5]), "c.bias": np.full(3, 1e-6)}
    # a: 0.5 / 10 = 0.05; b: 0.5 / 2 = 0.25; c: an all-zero reference is scaled by 1e-6 x 10, so 1e-6 / 1e-5 = 0.1
    assert worst_relative_error(got, want) == (pytest.approx(0.25), "b.weight")
    assert worst_relative_error(want, want) == (0.0, "c.bias")
    assert worst_relative_error({**got, "a.weight": np.ones(3)}, want) == (math.inf, "a.weight")


@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_worst_relative_error_lets_no_nan_or_inf_pass(bad: float) -> None:
    want = {"a.weight": np.array([1.0, 2.0]), "b.weight": np.array([3.0, 4.0])}
    got = {"a.weight": np.array([1.0, bad]), "b.weight": np.array([3.0, 4.0])}
    error, name = worst_relative_error(got, want)
    assert not error <= 1e30 and name == "a.weight"


def test_gradient_spread_by_hand() -> None:
    want = {"a": np.array([3.0, 4.0]), "b": np.array([1.0, 0.0]), "c": np.array([0.0, 2.0])}
    got = {"a": np.array([3.0, 4.0]), "b": np.array([0.0, 1.0]), "c": np.array([0.0, 2.2])}
    spread = gradient_spread(got, want)
    # per-tensor L2-relative: a 0, b sqrt(2) / 1, c 0.2 / 2; cosines 1, 0, 1
    assert spread.l2_relative == pytest.approx(math.sqrt(2))
    assert spread.median_l2_relative == pytest.approx(0.1)
    assert spread.min_cosine == pytest.approx(0.0)
    assert not within_fp32_floor(gradient_spread({k: v * math.nan for k, v in got.items()}, want), spread)


def test_gradient_spread_judges_only_the_rows_no_near_kink_reaches() -> None:
    """Reached rows leave the median (and a tensor with no other rows leaves it whole); the worst-tensor figures
    and cosines still see every row, and nothing left to judge fails."""
    want = {"a": np.array([[3.0, 4.0], [1.0, 0.0]]), "b": np.array([1.0, 2.0]), "c": np.array([2.0, 0.0])}
    got = {"a": np.array([[3.0, 4.0], [0.0, 1.0]]), "b": np.array([1.1, 2.0]), "c": np.array([2.0, 2.0])}
    reached = {"a": np.array([False, True]), "c": np.array([True, True])}
    spread = gradient_spread(got, want, reached)
    # free rows: a[0] exact (0), b 0.1 / sqrt(5); c is reached whole
    assert spread.judged_tensors == 2
    assert spread.median_l2_relative == pytest.approx(0.05 / math.sqrt(5))
    assert spread.l2_relative == pytest.approx(1.0)  # c over every row: 2 / 2
    assert spread.min_cosine == pytest.approx(1 / math.sqrt(2))  # c over every row: 4 / (2 x 2 sqrt(2))
    nothing = gradient_spread(got, want, {k: np.ones(len(v), bool) for k, v in want.items()})
    assert nothing.judged_tensors == 0 and not within_fp32_floor(nothing, spread)


def test_small_references_are_not_rescaled() -> None:
    """All values far below 1: the relative error is the ratio of the maxima, with no floor of 1 creeping in."""
    want = {"a.weight": np.full(4, 1e-3), "b.bias": np.full(2, 1e-3)}
    got = {"a.weight": np.full(4, 1.1e-3), "b.bias": np.full(2, 1e-3)}
    assert math.isclose(relative_error(got["a.weight"], want["a.weight"]), 0.1)
    assert math.isclose(worst_relative_error(got, want)[0], 0.1)
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0  # both zero: no error, not 0 / 1e-30


def test_gradient_spread_by_hand_on_a_zero_tensor_and_opposite_directions() -> None:
    """A tensor whose reference is zero: L2 error 0 if the gradient is zero too, inf if not; a gradient pointing
    the opposite way has cosine -1 and L2-relative error 2."""
    want = {"a.weight": np.array([1.0, 0.0]), "b.bias": np.zeros(2)}
    flipped = gradient_spread({"a.weight": np.array([-1.0, 0.0]), "b.bias": np.zeros(2)}, want)
    assert (flipped.l2_relative, flipped.min_cosine, flipped.median_l2_relative) == (2.0, -1.0, 1.0)
    assert gradient_spread({"a.weight": np.array([1.0, 0.0]), "b.bias": np.array([0.0, 1e-9])}, want).l2_relative \
        == math.inf


def test_the_fp32_floor_has_a_minimum_and_the_bound_is_inclusive() -> None:
    """A floor of 0 counts as FP32_GRADIENT_FLOOR_MIN; a median exactly at 10 x the floor passes."""
    from shared_specs.compare import FP32_GRADIENT_FACTOR, FP32_GRADIENT_FLOOR_MIN, GradientSpread

    def spread(median: float) -> GradientSpread:
        return GradientSpread(0.0, 0.0, median, 1.0, 1)

    assert within_fp32_floor(spread(FP32_GRADIENT_FACTOR * FP32_GRADIENT_FLOOR_MIN), spread(0.0))
    assert not within_fp32_floor(spread(2 * FP32_GRADIENT_FACTOR * FP32_GRADIENT_FLOOR_MIN), spread(0.0))
    assert within_fp32_floor(spread(0.5), spread(0.05))


def test_the_train_bound_grows_by_its_step_per_batch_norm() -> None:
    from shared_specs.compare import TRAIN_FORWARD_PER_BATCH_NORM, TRAIN_FORWARD_TOLERANCE, train_forward_tolerance

    assert train_forward_tolerance(0) == TRAIN_FORWARD_TOLERANCE
    assert math.isclose(train_forward_tolerance(3) - train_forward_tolerance(1), 2 * TRAIN_FORWARD_PER_BATCH_NORM)


def test_gradient_spread_scales_cosines_by_both_norms_and_reports_the_worst_tensor() -> None:
    want = {"a.weight": np.array([3.0, 4.0]), "b.bias": np.array([1.0, 0.0])}
    got = {"a.weight": np.array([-6.0, -8.0]), "b.bias": np.array([1.0, 0.0])}
    spread = gradient_spread(got, want)
    assert spread.min_cosine == pytest.approx(-1.0)  # -50 / (5 x 10)
    assert spread.max_relative == worst_relative_error(got, want)[0] == pytest.approx(12 / 4)  # max|g - r| / max|r|
    assert gradient_spread({"b.bias": np.zeros(2)}, {"b.bias": np.zeros(2)}).min_cosine == 1.0  # zero and zero agree


def test_the_zero_tensor_floor_follows_the_largest_reference_even_far_below_one() -> None:
    """A reference that is all zeros is judged against 1e-6 x the largest reference value, however small that is:
    here 1e-9, so a 1e-9 difference on it is a relative error of 1."""
    want = {"a.weight": np.full(3, 1e-3), "b.bias": np.zeros(2)}
    got = {"a.weight": np.full(3, 1e-3), "b.bias": np.array([0.0, 1e-9])}
    error, name = worst_relative_error(got, want)
    assert name == "b.bias" and error == pytest.approx(1.0)



def test_a_tensor_of_no_axes_is_compared_as_one_value() -> None:
    """A learned scalar (a 0-d tensor) is one row of one value."""
    assert relative_error(np.float64(3.0), np.float64(2.0)) == 0.5
    assert worst_relative_error({"s": np.float32(3.0)}, {"s": np.float64(2.0)}) == (0.5, "s")
    spread = gradient_spread({"s": np.float32(3.0), "w": np.ones(2)}, {"s": np.float64(2.0), "w": np.ones(2)})
    assert spread.l2_relative == 0.5 and spread.min_cosine == pytest.approx(1.0) and spread.median_l2_relative == 0.25
