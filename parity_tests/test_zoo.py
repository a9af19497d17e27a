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
from frameworks.paddlepaddle.zoo import PADDLE_VISION, RENAMED, build_vision_model, by_position
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
                 "googlenet", "inception_v3", "mobilenet_v2", "mobilenet_v3_small", "mobilenet_v3_large",
                 "shufflenet_v2_x0_5", "shufflenet_v2_x1_0", "squeezenet1_0", "squeezenet1_1"]:
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


@needs_keras
@pytest.mark.parametrize("name", ["mobilenet_v1", "mobilenet_v2", "mobilenet_v3_small", "mobilenet_v3_large"])
def test_a_keras_applications_mobilenet_is_refused_as_another_function(tmp_path, capsys, name: str) -> None:
    source = tmp_path / "zoo.weights.h5"
    source.write_bytes(b"not read")
    assert main(["port", name, "--from", "keras_applications", "--weights", str(source), "--to", "torch",
                 "-o", str(tmp_path / "out.pt")]) == 2
    err = capsys.readouterr().err
    assert f"to the spec's {name} can keep; `rosetta import FILE.py:FACTORY --from keras" in err
    assert "pads its stride-2 convolutions as TensorFlow's 'same'" in err and "Traceback" not in err
    assert not (tmp_path / "out.pt").exists()


@needs_keras
@pytest.mark.parametrize("name, application", [("mobilenet_v3_small", "MobileNetV3Small"),
                                               pytest.param("mobilenet_v2", "MobileNetV2", marks=pytest.mark.zoo)])
def test_a_keras_applications_mobilenet_pads_its_strided_convolutions_where_the_spec_does_not(
        name: str, application: str) -> None:
    """The reason the port refuses, read off both: at 224 x 224 every stride-2 convolution of keras.applications'
    model pads (top, bottom, left, right) as TensorFlow's 'same', the odd row and column at the bottom and right;
    the spec's, padded both sides alike (the bottom and right rows no window reaches settled away), start their
    windows one row and one column further up and left."""
    import keras

    from shared_specs.normal_form import from_model

    app = getattr(keras.applications, application)(weights=None, input_shape=(224, 224, 3), **(
        {"include_preprocessing": False} if "V3" in application else {}))
    theirs = [(x.attrs["padding"], x.attrs["kernel_size"][0]) for x in get_framework("keras").capture(app, None)
              if x.op == "conv2d" and x.attrs["stride"] == (2, 2)]
    ours = [x.attrs["padding"] for x in from_model(get_model(name)) if x.op == "conv2d" and x.attrs["stride"] == (2, 2)]
    assert len(theirs) == len(ours) > 3
    assert all(pad == (k // 2 - 1, k // 2, k // 2 - 1, k // 2) for pad, k in theirs)
    assert all(o[0] == t[0] + 1 and o[2] == t[2] + 1 for o, (t, _) in zip(ours, theirs))


def zoo_probe(zoo, model, traps: list) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """A paddle.vision model under other names (randomised) paired with the spec's tensors position by position,
    every shape equal, with `traps` mapped: the canonical weights, a probe and the zoo's own output on it."""
    paddle = get_framework("paddle").require()
    zoo.eval()
    weights = by_position(model, randomised(zoo), "zoo", traps)
    x = np.random.default_rng(8).standard_normal((1, *model.input_shape)).astype(np.float32)
    with paddle.no_grad():
        return weights, x, zoo(paddle.to_tensor(x)).numpy()


def matches_in_every_framework(model, weights: dict[str, np.ndarray], x: np.ndarray, want: np.ndarray) -> dict:
    """framework -> whether the spec's rendering, given the zoo's tensors, gives the zoo's output."""
    found = {}
    for framework in (name for name in ("paddle", "torch", "keras") if installed(name)):
        fw = get_framework(framework)
        native = fw.build(model)
        fw.load_canonical(native, model, weights)
        found[framework] = relative_error(fw.forward(native, x), want) <= FORWARD_TOLERANCE
    return found


@needs_paddle
@pytest.mark.parametrize("name", [pytest.param(n, marks=() if n == "alexnet" else pytest.mark.zoo) for n in RENAMED])
def test_paddle_vision_models_under_other_names_match_by_position(name: str) -> None:
    """paddle.vision's AlexNet, DenseNets, Inception v3 and ShuffleNets under PaddleClas's names, and its MobileNet
    v3 in its own layout (named attributes where torchvision numbers a block's layers): position by
    position, every shape equal, with the traps frameworks/paddlepaddle/zoo.py maps (AlexNet's and Inception v3's
    downscale_in_infer dropout, Inception v3's epsilon); without them AlexNet and Inception v3 do not match."""
    paddle = get_framework("paddle").require()
    model = get_model(name)
    traps = RENAMED[name][2]
    found = matches_in_every_framework(model, *zoo_probe(build_vision_model(paddle, name), model, traps))
    assert all(found.values()), found
    if traps:
        untrapped = matches_in_every_framework(model, *zoo_probe(build_vision_model(paddle, name), model, []))
        assert not any(untrapped.values()), untrapped


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
    probe = zoo_probe(getattr(paddle.vision.models, name)(), spec, [("classifier.1.weight", 0.5, 0.0)])
    assert all(matches_in_every_framework(as_paddle, *probe).values())
    assert not any(matches_in_every_framework(spec, *probe).values())


@needs_paddle
@pytest.mark.zoo
def test_paddle_vision_shufflenet_x2_0_is_the_class_with_a_224_channel_first_stage(tmp_path) -> None:
    """paddle.vision's shufflenet_v2_x2_0 makes the first stage 224 channels wide where the paper's Table 5 and
    torchvision have 244 (the catalogue's variant): the catalogue's class at [24, 224, 488, 976, 2048] holds the
    7,366,536 trainable parameters paddle.vision's model counts and, given its tensors by position, gives its
    outputs in every framework."""
    from shared_specs.loader import load_file
    from shared_specs.registry import SPEC_DIR

    paddle = get_framework("paddle").require()
    text = (SPEC_DIR / "shufflenet.yaml").read_text()
    assert "[24, 244, 488, 976, 2048]" in text
    (tmp_path / "shufflenet.yaml").write_text(text.replace("[24, 244, 488, 976, 2048]", "[24, 224, 488, 976, 2048]"))
    as_paddle = next(m for m in load_file(tmp_path / "shufflenet.yaml") if m.name == "shufflenet_v2_x2_0")
    zoo = paddle.vision.models.shufflenet_v2_x2_0()
    assert as_paddle.num_params == sum(int(np.prod(p.shape)) for p in zoo.parameters() if not p.stop_gradient) \
        == 7_366_536
    assert all(matches_in_every_framework(as_paddle, *zoo_probe(zoo, as_paddle, [])).values())


@needs_paddle
@pytest.mark.parametrize("name, targets", [
    ("alexnet", [("torch", ".pt"), ("keras", ".weights.h5")]),  # PaddleClas names, downscale_in_infer dropout
    pytest.param("shufflenet_v2_x0_5", [("torch", ".pt")], marks=pytest.mark.zoo),  # PaddleClas names
    pytest.param("inception_v3", [("keras", ".weights.h5")], marks=pytest.mark.zoo),  # and epsilon 1e-5
    pytest.param("resnet18", [("canonical", ".safetensors")], marks=pytest.mark.zoo),  # torchvision's names
])
def test_paddle_vision_checkpoints_port_to_every_stack(tmp_path, capsys, name: str, targets: list) -> None:
    """A paddle.vision model's state dict (random weights, randomised statistics) saved with paddle.save goes
    through `rosetta port --from paddle_vision`, read without unpickling anything but arrays; the port's probe
    check runs the zoo model itself on the same batch against each target, so a trap left unmapped fails it."""
    paddle = get_framework("paddle").require()
    zoo = build_vision_model(paddle, name)
    randomised(zoo)
    source = tmp_path / "zoo.pdparams"
    paddle.save(zoo.state_dict(), str(source))
    for target, suffix in targets:
        out = tmp_path / f"ported{suffix}"
        assert main(["port", name, "--from", "paddle_vision", "--weights", str(source), "--to", target,
                     "-o", str(out), "--batch", "1"]) == 0, capsys.readouterr().err
        assert out.is_file() and "tensors bitwise equal" in capsys.readouterr().out


@needs_paddle
@pytest.mark.parametrize("spec, zoo_model, message", [
    ("squeezenet1_0", "squeezenet1_0", "paddle.vision's squeezenet1_0 pools with floor where the spec (torchvision) "
                                       "uses ceil_mode: another function"),
    ("shufflenet_v2_x2_0", "shufflenet_v2_x2_0", "has a 224-channel first stage where the spec (the paper, "
                                                 "torchvision) has 244: another function"),
    ("alexnet", "shufflenet_v2_x0_5", "zoo.pdparams holds {tensors} tensors, paddle.vision's alexnet 16"),
    # the first tensor whose shape differs: x0.5's first stage has 24 channels a branch, x1.0's 58
    ("shufflenet_v2_x1_0", "shufflenet_v2_x0_5", "zoo.pdparams: tensor 2_1._conv_linear_1.0.weight [24, 24, 1, 1] "
                                                 "faces stage2.0.branch1.2.weight [58, 24, 1, 1]"),
    ("lenet5_classic", "alexnet", "paddle.vision has no model of lenet5_classic's layout; these port: alexnet, "),
])
def test_a_paddle_vision_checkpoint_that_does_not_port_is_named(tmp_path, capsys, spec: str, zoo_model: str,
                                                                message: str) -> None:
    paddle = get_framework("paddle").require()
    source = tmp_path / "zoo.pdparams"
    state = getattr(paddle.vision.models, zoo_model)().state_dict()
    paddle.save(state, str(source))
    assert main(["port", spec, "--from", "paddle_vision", "--weights", str(source), "--to", "torch",
                 "-o", str(tmp_path / "out.pt")]) == 2
    err = capsys.readouterr().err
    assert message.format(tensors=len(state)) in err and "Traceback" not in err
    assert not (tmp_path / "out.pt").exists()


def test_the_paddle_vision_traps_scale_and_shift_the_tensors_they_name() -> None:
    """by_position on a zero-and-one state of Inception v3's shapes: its epsilon trap adds 1e-5 - 1e-3 to every
    running variance, its dropout trap takes fc's weight times 0.8, every other tensor passes unchanged (the
    paddle.vision model itself checks the same in `make zoo`)."""
    from frameworks.paddlepaddle.framework import native_shapes

    model = get_model("inception_v3")
    state = {f"t{i}": np.ones(shape, np.float32) for i, shape in enumerate(native_shapes(model).values())}
    weights = by_position(model, state, "state", RENAMED["inception_v3"][2])
    shift = np.float32(1) + np.float32(1e-5 - 1e-3)
    for key, value in weights.items():
        want = shift if key.endswith("running_var") else np.float32(0.8) if key == "fc.weight" else np.float32(1)
        assert np.all(value == want), key
