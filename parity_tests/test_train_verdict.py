"""The arithmetic of `rosetta train --compare`'s verdicts and report on made-up loss curves: divergence, the first
step over a level, the moved start, the fp32 bound and its judged steps, each framework's agreement and the
markdown. Values are chosen so that each is worked out by hand in the comment beside it."""

from __future__ import annotations

import numpy as np
import pytest

from rosetta import train
from shared_specs.training import History, Recipe


def run(name: str, losses: list[float], **more) -> History:
    return History(name, list(losses), **more)


def test_divergence_is_relative_to_the_reference_losss_size() -> None:
    assert train.divergence([1.5, 2.0, -1.0], [1.0, 4.0, -2.0]).tolist() == [0.5, 0.5, 0.5]


def test_the_first_step_over_a_level_counts_from_one_and_nan_is_over() -> None:
    curve = np.array([0.1, 0.3, np.nan, 0.5])
    assert (train._first(curve, 0.2), train._first(curve, 0.3), train._first(curve[:2], 0.3)) == (2, 3, None)
    assert train._first(np.array([1.0, 2.0, 3.0]), np.array([1.0, 1.0, 5.0])) == 2  # against a level per step


def test_the_moved_start_moves_every_weight_that_many_units_in_the_last_place_either_way() -> None:
    start = {"w": np.array([1.0, 3.0, -0.5, 2.0, 1.0, 1.0, 1.0, 1.0], np.float32), "b": np.ones(64, np.float32)}
    moved = train.moved_start(start, 256, seed=7)
    for key, value in start.items():
        step = moved[key].astype(np.float64) - value
        assert moved[key].dtype == np.float32
        np.testing.assert_array_equal(np.abs(step), 256 * np.abs(np.spacing(value)).astype(np.float64))
    signs = np.sign(moved["b"] - start["b"])
    assert (signs > 0).any() and (signs < 0).any()
    again, other = train.moved_start(start, 256, seed=7), train.moved_start(start, 256, seed=8)
    assert np.array_equal(again["b"], moved["b"]) and not np.array_equal(other["b"], moved["b"])


def test_the_fp32_bound_is_the_moved_runs_envelope_or_the_losss_rounding_judged_until_chaos() -> None:
    """Reference loss 3 (fp32's spacing there is 2^-22): 16 units are 16 * 2^-22 / 3 = 1.27e-6 of it. The moved run
    parts by 1e-7, 5e-8, 2e-5, 2e-4, 1e-3: its envelope 1e-7, 1e-7, 2e-5, 2e-4, 1e-3 passes TARGET (1e-4) at step
    4, so 3 steps are judged."""
    reference = run("ref", [3.0] * 5)
    moved = run("moved", [3.0 * (1 + d) for d in (1e-7, 5e-8, 2e-5, 2e-4, 1e-3)])
    bound, judged = train.fp32_bound(moved, reference, 5)
    rounding = 16 * 2.0 ** -22 / 3
    np.testing.assert_allclose(bound, [rounding, rounding, 2e-5, 2e-4, 1e-3], rtol=1e-6)
    assert judged == 3
    assert train.fp32_bound(moved, reference, 2)[1] == 2  # fewer steps than that
    calm = run("calm", [3.0 * (1 + 1e-7)] * 5)
    assert train.fp32_bound(calm, reference, 5)[1] == 5  # never chaos: every step
    lost = run("lost", [np.nan] + [3.0] * 4)
    bound, judged = train.fp32_bound(lost, reference, 5)
    assert judged == 1 and np.isinf(bound).all()  # chaos at once still judges the first step


def test_an_agreement_judges_the_fp32_run_on_the_judged_steps_and_the_float64_twin_on_all() -> None:
    """The fp32 run parts by 1e-6, 3e-5, 2e-3, 5e-2 from the reference; the bound is 2e-5 at every step and two
    steps are judged: out of bound at step 2, first above 1e-4 at step 3, above 1 % at 4. Its float64 twin
    parts from the twin reference by at most 4e-11, at step 4 (after the judged steps)."""
    reference = run("ref", [2.0] * 4)
    fp32 = run("fp32", [2.0 * (1 + d) for d in (1e-6, 3e-5, 2e-3, 5e-2)], test_accuracy=0.5)
    twin = run("twin", [2.0, 2.0, 2.0, 2.0 * (1 + 4e-11)])
    floor = np.array([1e-7, 3e-7, 1.0, 1.0])
    found = train.agreement("fw", fp32, twin, reference, floor, np.full(4, 2e-5), 2, reference)
    assert found.framework == "fw" and found.test_accuracy == 0.5
    assert found.worst_fp32 == pytest.approx(3e-5, rel=1e-9) and found.own_floor == 3e-7
    assert found.worst_float64 == pytest.approx(4e-11, rel=1e-4)
    assert (found.first_above_target, found.first_above_percent, found.first_out_of_bound) == (3, 4, 2)
    assert found.float64_ok and not found.ok
    inside = train.agreement("fw", fp32, None, reference, floor, np.full(4, 2e-5), 1, reference)
    assert inside.worst_float64 is None and inside.first_out_of_bound is None and inside.ok
    shifted = train.agreement("fw", fp32, twin, reference, floor, np.full(4, 2e-5), 2, run("other", [4.0] * 4))
    assert shifted.worst_float64 == pytest.approx(0.5)  # against the twin reference it is given


@pytest.mark.parametrize("worst, ok", [(None, True), (train.FLOAT64_TOLERANCE, True),
                                       (2 * train.FLOAT64_TOLERANCE, False), (float("nan"), False)])
def test_the_float64_verdict_holds_up_to_its_tolerance_and_nan_fails(worst: float | None, ok: bool) -> None:
    found = train.Agreement("fw", 0.0, 0.0, worst, None, None, None, 1.0)
    assert found.float64_ok is ok and found.ok is ok


def test_the_report_names_the_rule_the_machine_and_every_run() -> None:
    recipe = Recipe(optimizer="sgd", lr=0.01, momentum=0.9, batch=4, epochs=7)
    summary = {"spec": "net", "recipe": {**recipe.__dict__, "betas": list(recipe.betas)}, "steps": 14,
               "judged_steps": 5, "sensitivity": "torch float64, start moved 256 ulps", "sensitivity_ulps": 256,
               "loss_ulps": 16, "reference": "torch float64", "machine": "A CPU (2 cores)",
               "data": {"name": "digits", "transform": "framed", "train": 8, "test": 3}}
    agreements = [train.Agreement("torch", 1e-6, 2e-7, 0.0, None, 9, 3, 0.75),
                  train.Agreement("keras", 1e-3, 2e-7, None, 2, 2, None, 0.5)]
    runs = [run("torch", [1.0], epoch_losses=[0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0.01],
                epoch_accuracies=[0.1] * 7, test_accuracy=0.75, seconds=2.5)]
    lines = train.markdown(summary, agreements, runs).splitlines()
    assert lines[0] == "# Training net in every framework"
    assert lines[2].startswith("SGD lr 0.01, momentum 0.9, batch 4, 7 epochs; 8 digits training images (framed), "
                               "3 test images; 14 steps,")
    assert "Measured on A CPU (2 cores)." in lines
    assert "| torch | 0.0e+00 | 1.0e-06 | 2.0e-07 | step never | step 9 | 75.00% | ✗ |" in lines  # out at step 3
    assert "| keras | – | 1.0e-03 | 2.0e-07 | step 2 | step 2 | 50.00% | ✓ |" in lines
    assert "| torch | 0.5000 0.4000 0.3000 … 0.0500 0.0100 | 10.0% 10.0% 10.0% … 10.0% 10.0% | 75.00% | 2.5 |" \
        in lines
    assert train._few([0.5] * 6, ".1f") == "0.5 0.5 0.5 0.5 0.5 0.5"  # six epochs are shown whole


def test_a_rounded_hyper_parameter_is_named_as_the_framework_holds_it() -> None:
    recipe = Recipe(optimizer="sgd", momentum=0.9)
    held = Recipe(optimizer="sgd", momentum=float(np.float32(0.9)))
    assert train._changes(recipe, held) == "momentum 0.8999999761581421"
    assert train._changes(recipe, recipe) == ""
