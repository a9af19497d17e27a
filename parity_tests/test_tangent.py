"""The oracle's forward-mode derivative (shared_specs/tangent.py) against central differences of the
oracle's own loss: no framework involved, so the gradient reference it judges cannot vouch for itself."""

from __future__ import annotations

import numpy as np
import pytest

from shared_specs import oracle, tangent
from shared_specs.loader import load_file
from shared_specs.registry import get_model
from shared_specs.weights import init

from .conftest import TEST_SPECS

# central difference: truncation ~ STEP^2, float64 rounding ~ 1e-16 / STEP (hence an absolute 1e-8 of slack),
# and short enough not to straddle a max-pool tie (at 1e-6, lenet5_classic with seed 1 did: -11.372 against
# the tangent's -11.36604251, which the difference reproduces to 2e-10 at 1e-7)
STEP = 1e-7


def central_difference(model, x, w, labels, direction) -> float:
    def loss_at(t: float) -> float:
        moved = {k: v.astype(np.float64) + t * direction[k] if k in direction else v for k, v in w.items()}
        return oracle.cross_entropy(model, oracle.forward(model, x, moved, batch_stats={}), labels)
    return (loss_at(STEP) - loss_at(-STEP)) / (2 * STEP)


def random_direction(model, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {k: rng.standard_normal(s) for k, s in model.param_shapes().items()}


@pytest.mark.parametrize("model", [
    load_file(TEST_SPECS / "tangent_probe.yaml")[0],  # train-mode BN, LRN, both poolings, multiply, concat, add
    load_file(TEST_SPECS / "norm_probe.yaml")[0],  # group, instance and layer norm
    get_model("lenet_paddle"),  # one binary logit
    get_model("lenet5_classic"),  # softmax probabilities, flatten of a 5x5 map
    get_model("lenet_cifar"),  # logits
    load_file(TEST_SPECS / "block_probe.yaml")[0],  # blocks, a three-way add, a linear without bias
    load_file(TEST_SPECS / "log_softmax_probe.yaml")[0],  # log-softmax fused over channels; log-probabilities out
    load_file(TEST_SPECS / "hard_activations_probe.yaml")[0],  # ReLU6, hard-swish, hard-sigmoid fused and alone
    load_file(TEST_SPECS / "shuffle_probe.yaml")[0],  # channel parts and shuffles
], ids=lambda m: m.name)
@pytest.mark.parametrize("seed", [0, 1])
def test_forward_mode_derivative_matches_central_differences(model, seed: int) -> None:
    w = init(model, seed=seed)
    rng = np.random.default_rng(seed + 10)
    x = rng.standard_normal((3, *model.input_shape))
    labels = rng.integers(0, model.num_labels, 3)
    direction = random_direction(model, seed)
    loss, derivative = tangent.loss_derivative(model, x, w, labels, direction)
    assert loss == pytest.approx(oracle.cross_entropy(model, oracle.forward(model, x, w, batch_stats={}), labels))
    assert derivative == pytest.approx(central_difference(model, x, w, labels, direction), rel=1e-6, abs=1e-8)


def test_each_tensor_is_differentiated() -> None:
    """Per-tensor directions: a rule that ignored one parameter's tangent would give 0 here, not the difference."""
    model = load_file(TEST_SPECS / "tangent_probe.yaml")[0]
    w, rng = init(model, seed=3), np.random.default_rng(4)
    x, labels = rng.standard_normal((3, *model.input_shape)), rng.integers(0, 5, 3)
    for key, shape in model.param_shapes().items():
        direction = {key: rng.standard_normal(shape)}
        want = central_difference(model, x, w, labels, direction)
        # conv.bias feeds a train-mode batch norm, which subtracts it right back out: 0 both ways
        assert (abs(want) < 1e-8) == (key == "conv.bias"), key
        got = tangent.loss_derivative(model, x, w, labels, direction)[1]
        assert got == pytest.approx(want, rel=1e-6, abs=1e-8), key


def test_relu_has_no_slope_at_zero() -> None:
    """PyTorch, Paddle and TensorFlow all take ReLU's derivative at exactly 0 as 0."""
    pre = np.array([-1.0, 0.0, 2.0])
    np.testing.assert_array_equal(tangent._activation_tangent("relu", pre, np.maximum(pre, 0), np.ones(3)), [0, 0, 1])


@pytest.mark.parametrize("name", ["relu", "relu6", "hardswish", "hardsigmoid"])
def test_piecewise_activation_tangents_match_differences_on_every_piece(name: str) -> None:
    """Inputs on every piece, beyond each point where the slope jumps (0 and 6; -3 and 3), none within the step
    of one: each activation's tangent equals its central difference there."""
    f = oracle.ACTIVATIONS[name]
    x = np.linspace(-8.0, 8.0, 161) + 0.05  # 0.05 off the grid: no point lands on a kink
    d = np.random.default_rng(0).standard_normal(x.shape)
    step = 1e-6
    got = tangent._activation_tangent(name, x, f(x), d)
    np.testing.assert_allclose(got, (f(x + step * d) - f(x - step * d)) / (2 * step), rtol=1e-7, atol=1e-9)


def test_at_each_kink_the_slope_is_the_one_pytorch_takes() -> None:
    """Exactly on a kink the derivative is a convention; the oracle takes the reference framework's, as PyTorch
    2.13's float64 autograd gives them at -3, 0, 3 and 6: ReLU 0 at 0, ReLU6 and hard-sigmoid 0 at their ends,
    hard-swish the outer pieces' slopes (0 at -3, 1 at 3), not the middle one's (-1/2, 3/2)."""
    x = np.array([-3.0, 0.0, 3.0, 6.0])
    ones = np.ones_like(x)
    slopes = {name: tangent._activation_tangent(name, x, oracle.ACTIVATIONS[name](x), ones).tolist()
              for name in ("relu", "relu6", "hardsigmoid", "hardswish")}
    assert slopes == {"relu": [0, 0, 1, 1], "relu6": [0, 0, 1, 0], "hardsigmoid": [0, 1 / 6, 0, 0],
                      "hardswish": [0, 0.5, 1, 1]}


def test_the_derivative_moves_with_hard_sigmoid_s_slope_by_its_paths_share() -> None:
    """The derivative is affine in hard-sigmoid's slope s (every hard-sigmoid path, fused or standalone, carries it
    once): D(s) = D(0) + 6 s (D(1/6) - D(0)). Taken with float32's sixth, as PyTorch's float64 backward does, it
    moves by exactly (6 float32(1/6) - 1) times the part that runs through hard-sigmoid slopes."""
    from shared_specs.compare import REFERENCE_SIXTH

    model = load_file(TEST_SPECS / "hard_activations_probe.yaml")[0]
    w, rng = init(model, seed=3), np.random.default_rng(4)
    x, labels = 4 * rng.standard_normal((3, *model.input_shape)), rng.integers(0, 10, 3)
    direction = random_direction(model, 5)

    def derivative(slope: float) -> float:
        return tangent.loss_derivative(model, x, w, labels, direction, slope)[1]

    exact, through_gates = derivative(1 / 6), derivative(1 / 6) - derivative(0.0)
    assert abs(through_gates) > 1e-3 * abs(exact)  # the probe's gates carry a part worth checking
    # a move of 3e-8 of the gates' part, taken as a difference of two float64 derivatives: good to ~1e-3 of itself
    assert derivative(REFERENCE_SIXTH) - exact == pytest.approx((6 * REFERENCE_SIXTH - 1) * through_gates, rel=1e-2)
