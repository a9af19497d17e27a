"""Zoo checkpoints load as they are: paddle.vision's own models, with random weights and randomised batch-norm
statistics (nothing downloaded), load into the rendered Paddle classes with strict keys; the same tensors,
through the Paddle adapter into canonical form, load into the rendered PyTorch classes with
`load_state_dict(strict=True)` (paddle.vision keeps torchvision's keys and layouts for these nets) and into
the Keras renderings; every output equals the zoo model's.

torchvision and timm cannot run beside the CPU torch build used here; on a machine with both, the
same check runs against them (`test_torchvision_state_dict_loads_strictly`)."""

from __future__ import annotations

import numpy as np
import pytest

from frameworks.base import get_framework, installed
from frameworks.keras3.zoo import APPLICATIONS, build_application, from_application
from frameworks.paddlepaddle.framework import from_state
from rosetta.cli import main
from shared_specs.compare import FORWARD_TOLERANCE, relative_error
from frameworks.paddlepaddle.zoo import PADDLE_VISION, build_vision_model
from shared_specs.registry import get_model

from .conftest import OneModel, framework_params

needs_paddle = pytest.mark.skipif(not installed("paddle"), reason="paddle.vision is the zoo here")

QUICK = {"resnet18", "resnet50", "vgg11_bn", "mobilenet_v2"}  # the rest run in `make zoo`


def zoo_params() -> list:
    return [pytest.param(name, marks=() if name in QUICK else pytest.mark.zoo) for name in PADDLE_VISION]


def randomised(zoo) -> dict[str, np.ndarray]:
    """The zoo model's own state with every tensor redrawn: batch-norm variances in [0.5, 1.5), everything
    else around the scale the zoo initialised it at, so that no statistic is the trivial 0 / 1."""
    rng = np.random.default_rng(7)
    state = {}
    for key, tensor in zoo.state_dict().items():
        shape = tuple(tensor.shape)
        if key.endswith("_variance"):
            state[key] = rng.uniform(0.5, 1.5, shape)
        elif len(shape) == 1:
            state[key] = rng.normal(0.0, 0.5, shape)
        else:
            fan_in = int(np.prod(shape[1:])) if len(shape) == 4 else shape[0]  # Paddle Linear is [in, out]
            state[key] = rng.normal(0.0, 1.0 / np.sqrt(fan_in), shape)
    zoo.set_state_dict({k: v.astype(np.float32) for k, v in state.items()})
    return {k: v.astype(np.float32) for k, v in state.items()}


@pytest.fixture(scope="module")
def zoo_runs() -> dict:
    return OneModel()


def zoo_run(cache: dict, name: str):
    """(model, zoo state, probe input, zoo output), built once per variant."""
    if name not in cache:
        paddle = get_framework("paddle").require()
        zoo = build_vision_model(paddle, name)
        zoo.eval()
        state = randomised(zoo)
        model = get_model(name)
        x = np.random.default_rng(8).standard_normal((1, *model.input_shape)).astype(np.float32)
        with paddle.no_grad():
            out = zoo(paddle.to_tensor(x)).numpy()
        cache[name] = (model, state, x, out)
    return cache[name]


@needs_paddle
@pytest.mark.parametrize("name", zoo_params())
def test_paddle_vision_state_dict_loads_strictly_into_the_rendered_paddle_class(zoo_runs, name: str) -> None:
    model, state, x, want = zoo_run(zoo_runs, name)
    fw = get_framework("paddle")
    native = fw.build(model)
    missing, unexpected = native.set_state_dict(state)
    assert (missing, unexpected) == ([], []), (missing, unexpected)
    assert relative_error(fw.forward(native, x), want) <= FORWARD_TOLERANCE


@needs_paddle
@pytest.mark.parametrize("framework", [p for p in framework_params() if p.values[0] != "paddle"])
@pytest.mark.parametrize("name", zoo_params())
def test_the_zoo_weights_carry_over_to_torch_and_keras(zoo_runs, framework: str, name: str) -> None:
    """Through canonical form: PyTorch takes the tensors with strict keys (torchvision's), Keras by its adapter."""
    model, state, x, want = zoo_run(zoo_runs, name)
    canonical = from_state(model, state)
    fw = get_framework(framework)
    native = fw.build(model)
    if framework == "torch":  # a torchvision state dict: canonical tensors plus batch norm's step counters
        torch = fw.require()
        counters = {k: v for k, v in native.state_dict().items() if k.endswith("num_batches_tracked")}
        native.load_state_dict({**{k: torch.from_numpy(v) for k, v in canonical.items()}, **counters}, strict=True)
    else:
        fw.load_canonical(native, model, canonical)
    assert relative_error(fw.forward(native, x), want) <= FORWARD_TOLERANCE


def test_torchvision_state_dict_loads_strictly() -> None:
    torchvision = pytest.importorskip("torchvision", reason="torchvision does not import beside the CPU torch build")
    torch = get_framework("torch").require()
    fw = get_framework("torch")
    for name in ["resnet18", "resnet50", "resnext50_32x4d", "wide_resnet50_2", "vgg11_bn", "alexnet", "densenet121",
                 "googlenet", "inception_v3", "mobilenet_v2", "squeezenet1_0", "squeezenet1_1"]:
        model = get_model(name)
        kwargs = {"aux_logits": False, "init_weights": False} if name in ("googlenet", "inception_v3") else {}
        zoo = getattr(torchvision.models, name)(**kwargs).eval()
        native = fw.build(model)
        native.load_state_dict(zoo.state_dict(), strict=True)
        x = torch.randn(1, *model.input_shape)
        with torch.no_grad():
            assert relative_error(native(x).numpy(), zoo(x).numpy()) <= FORWARD_TOLERANCE, name


needs_keras = pytest.mark.skipif(not installed("keras"), reason="keras.applications is the zoo here")


@needs_keras
@pytest.mark.parametrize("name", [pytest.param(n, marks=() if n == "densenet121" else pytest.mark.zoo)
                                  for n in APPLICATIONS])
def test_keras_applications_weights_port_to_every_stack(tmp_path, capsys, name: str) -> None:
    """A keras.applications model (random weights, randomised batch-norm statistics) saved with save_weights
    goes through `rosetta port --from keras_applications`; the port's probe check runs the zoo model itself
    against each target, and the rendered Keras model reproduces the zoo's output bit for bit."""
    model, fw = get_model(name), get_framework("keras")
    app = build_application(model, fw)
    rng = np.random.default_rng(9)
    for layer in app.layers:
        if type(layer).__name__ == "BatchNormalization":
            gamma, beta, mean, var = layer.get_weights()
            layer.set_weights([rng.uniform(0.5, 1.5, gamma.shape), rng.normal(0, 0.1, beta.shape),
                               rng.normal(0, 0.1, mean.shape), rng.uniform(0.5, 1.5, var.shape)])
    source = tmp_path / "zoo.weights.h5"
    app.save_weights(source)
    x = rng.standard_normal((1, *model.input_shape)).astype(np.float32)
    native = fw.build(model)
    fw.load_canonical(native, model, from_application(app, model))
    np.testing.assert_array_equal(fw.forward(native, x), fw.forward(app, x))
    for target, suffix in [("torch", ".pt"), ("paddle", ".pdparams"), ("canonical", ".safetensors")]:
        out = tmp_path / f"ported{suffix}"
        assert main(["port", name, "--from", "keras_applications", "--weights", str(source), "--to", target,
                     "-o", str(out), "--batch", "1"]) == 0
        assert out.is_file() and "tensors bitwise equal" in capsys.readouterr().out


@needs_keras
def test_keras_applications_layer_that_does_not_fit_is_named() -> None:
    from shared_specs.errors import WeightsError

    fw = get_framework("keras")
    app = build_application(get_model("vgg16"), fw)
    with pytest.raises(WeightsError, match="has 16 layers with weights, vgg19 19"):
        from_application(app, get_model("vgg19"))


# paddle.vision models of the same architecture under other names (PaddleClas's): their state dicts pair
# with the spec's tensors position by position, every shape equal.
RENAMED = {"alexnet": "alexnet", "densenet121": "densenet121", "densenet169": "densenet169",
           "densenet201": "densenet201", "inception_v3": "inception_v3"}
# Porting traps these zoo models carry, each mapped exactly:
# - paddle.vision's AlexNet and Inception v3 drop out with mode="downscale_in_infer": at inference they multiply
#   by 1 - p where torchvision's dropout passes values through, so the linear layer after such a dropout takes
#   its weight times 1 - p (without it AlexNet's outputs differ by 39%);
# - paddle.vision's Inception v3 normalises with epsilon 1e-5 where torchvision's uses 1e-3: the running variance
#   carries the difference, var + 1e-5 - 1e-3, so every denominator sqrt(var + eps) is the same.
def _scaled(keep: float):
    return lambda key, value: value * np.float32(keep)


TRAPS = {
    "alexnet": [("classifier.1.weight", _scaled(0.5)), ("classifier.4.weight", _scaled(0.5))],
    "inception_v3": [("fc.weight", _scaled(0.8)),
                     ("._variance", lambda key, value: value + np.float32(1e-5 - 1e-3))],
}


def by_position(zoo, model, traps: list) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """A paddle.vision model under other names (randomised) paired with the spec's tensors position by position,
    every shape equal, with `traps` mapped (key ending, function); a probe and the zoo's own output on it."""
    from frameworks.paddlepaddle.framework import native_shapes

    paddle = get_framework("paddle").require()
    zoo.eval()
    state = randomised(zoo)
    ours = native_shapes(model)
    assert [state[k].shape for k in state] == [tuple(s) for s in ours.values()]
    renamed = dict(zip(ours, state.values()))
    for ending, mapped in traps:
        renamed.update({key: mapped(key, value) for key, value in renamed.items() if key.endswith(ending)})
    x = np.random.default_rng(8).standard_normal((1, *model.input_shape)).astype(np.float32)
    with paddle.no_grad():
        return renamed, x, zoo(paddle.to_tensor(x)).numpy()


def matches_in_every_framework(model, renamed: dict[str, np.ndarray], x: np.ndarray, want: np.ndarray) -> dict:
    """framework -> whether the spec's rendering, given the zoo's tensors, gives the zoo's output."""
    found = {}
    for framework in (name for name in ("paddle", "torch", "keras") if installed(name)):
        fw = get_framework(framework)
        native = fw.build(model)
        fw.load_canonical(native, model, from_state(model, renamed))
        found[framework] = relative_error(fw.forward(native, x), want) <= FORWARD_TOLERANCE
    return found


@needs_paddle
@pytest.mark.parametrize("name", [pytest.param(n, marks=() if n == "alexnet" else pytest.mark.zoo) for n in RENAMED])
def test_paddle_vision_models_under_other_names_match_by_position(name: str) -> None:
    paddle = get_framework("paddle").require()
    model = get_model(name)
    found = matches_in_every_framework(model, *by_position(getattr(paddle.vision.models, RENAMED[name])(), model,
                                                           TRAPS.get(name, [])))
    assert all(found.values()), found


# paddle.vision's SqueezeNets as edits of the spec's text: each pools with floor where torchvision uses ceil_mode,
# and its 1.1 pads the stem convolution by one pixel where torchvision's does not
PADDLE_SQUEEZENETS = {
    "squeezenet1_0": [("ceil_mode: true", "ceil_mode: false")],
    "squeezenet1_1": [("ceil_mode: true", "ceil_mode: false"),
                      ("{op: conv2d, out_channels: 64, kernel_size: 3, stride: 2}",
                       "{op: conv2d, out_channels: 64, kernel_size: 3, stride: 2, padding: 1}")],
}


@needs_paddle
@pytest.mark.parametrize("name", ["squeezenet1_0", pytest.param("squeezenet1_1", marks=pytest.mark.zoo)])
def test_paddle_vision_squeezenet_is_another_function_of_the_same_tensors(tmp_path, name: str) -> None:
    """paddle.vision's SqueezeNet has torchvision's tensors in PaddleClas's names, but pools with floor where
    torchvision (and the spec) use ceil_mode, and its 1.1 pads the stem: the maps differ (26 against 27 wide after
    1.0's second pool, 55 against 56 after 1.1's first), so it is another function. It pairs with the spec's
    tensors by position; with its differences written into a copy of the spec every output matches, and the spec
    as it is does not (neither is a detail a port may drop). Its dropout downscales at inference: the 1x1
    classifier convolution takes the factor."""
    from shared_specs.loader import load_file
    from shared_specs.registry import SPEC_DIR

    paddle = get_framework("paddle").require()
    text = (SPEC_DIR / "squeezenet.yaml").read_text()
    for spec_text, paddle_text in PADDLE_SQUEEZENETS[name]:
        assert spec_text in text
        text = text.replace(spec_text, paddle_text)
    (tmp_path / "squeezenet.yaml").write_text(text)
    as_paddle = next(m for m in load_file(tmp_path / "squeezenet.yaml") if m.name == name)
    spec = get_model(name)
    probe = by_position(getattr(paddle.vision.models, name)(), spec, [("classifier.1.weight", _scaled(0.5))])
    assert all(matches_in_every_framework(as_paddle, *probe).values())
    assert not any(matches_in_every_framework(spec, *probe).values())
