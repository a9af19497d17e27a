"""`rosetta import --from torch`: the catalogue's own renderings come back as the catalogue's graphs, import ∘
render is a fixed point, models written as users write them import and pass parity in the other frameworks,
and models a spec cannot describe are refused with their file:line."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from frameworks.base import get_framework
from rosetta.cli import main
from rosetta.importing import class_name_of, load_user_model, parse_argument, parse_shape, parse_weights, spec_model
from shared_specs import weights
from shared_specs.errors import RosettaError
from shared_specs.loader import load_file
from shared_specs.normal_form import CaptureError, differences, from_model, spec_text
from shared_specs.registry import get_model

from .conftest import TEST_SPECS, framework_params, model_params, needs, needs_all_frameworks, rendered_test_module

FIXTURES = Path(__file__).parent / "import_fixtures"


def torch_capture(model):
    fw = get_framework("torch")
    return fw.capture(fw.build(model), model.input_shape)


def written_spec(layers: list, model, folder: Path):
    """The spec rosetta import writes for a capture, given the catalogue's auxiliary loss weights, loaded back;
    its auxiliary outputs are the catalogue's, in the catalogue's order (the order the renderings return them)."""
    text, paths = spec_text(layers, model.name, model.class_name, model.input_shape, "test", tuple(model.aux.values()))
    path = folder / f"{model.name}.yaml"
    path.write_text(text)
    written = load_file(path)[0]
    assert list(written.aux.values()) == list(model.aux.values())
    return written, text, paths


def block_uses(nodes: list) -> dict[str, str]:
    """Each use of a block in a model, its path to the block's name (repeats and groups looked through)."""
    found = {}
    for node in nodes:
        if not node.is_primitive and node.op not in ("repeat", "sequential"):
            found[node.path] = node.op
        found |= block_uses(node.children)
    return found


def output_path(model, name: str) -> str:
    """The path of the layer with weights whose value a model's layer `name` is (a block's: its output row's)."""
    node = next(n for n in model.nodes if n.name == name)
    while not node.is_primitive:
        node = next(c for c in node.children if c.name == node.output)
    return node.path


@pytest.mark.parametrize("name", model_params())
@needs("torch")
def test_the_rendered_torch_model_imports_as_the_catalogue_graph(name: str, tmp_path: Path) -> None:
    """Every op, field and shape of the catalogue spec, matched by weight path, come back from its PyTorch
    rendering; and the spec written from that capture, blocks recovered, loads as the same graph with every weight
    path where the rendering has it."""
    model = get_model(name)
    layers = torch_capture(model)
    assert differences(layers, from_model(model)) == []
    assert differences(written_graph(layers, model, tmp_path), from_model(model)) == []


def written_graph(layers: list, model, folder: Path, source_of=lambda path: path) -> list:
    """The normal form of the spec written from a capture, each weighted layer under its source's path (flat rows
    are named by their path with _ for .; `paths` takes their weights back). Its auxiliary outputs are the
    catalogue's, in the catalogue's order (the renderings return them so), by the source's paths (`source_of`)."""
    written, _, paths = written_spec(layers, model, folder)
    uses, catalogue_uses = block_uses(written.nodes), block_uses(model.nodes)
    assert {path: op for path, op in uses.items() if path in catalogue_uses} == {  # the catalogue's block names
        path: op for path, op in catalogue_uses.items() if path in uses}
    assert [paths.get(output_path(written, name)) for name in written.aux] == [
        source_of(output_path(model, name)) for name in model.aux]
    got = from_model(written)
    for layer in got:
        layer.source = paths.get(layer.source, layer.source)
    return got


def catalogue_rows(family: str, variant: str) -> int:
    """The rows the catalogue's own spec file spends on `variant`: its model's rows (a group's included) and those
    of every block it uses (a block used by a block counted once), read from the YAML file itself."""
    import yaml

    raw = yaml.safe_load((Path(__file__).parents[1] / "shared_specs" / "specs" / f"{family}.yaml").read_text())
    model = next(m for m in raw["models"].values() if variant in (m.get("variants") or {}))
    params = {**(model.get("params") or {}), **raw["models"][next(iter(raw["models"]))]["variants"][variant]["params"]}
    rows = [row for top in model["layers"] for row in [top, *top.get("layers", [])]]  # a group's rows too
    used, todo = set(), [row["op"] for row in rows]
    while todo:
        op = todo.pop()
        op = params.get(op[2:-1], op) if op.startswith("${") else op
        if op in raw.get("blocks", {}) and op not in used:
            used.add(op)
            todo += [row["op"] for row in raw["blocks"][op]["layers"]]
    return len(rows) + sum(len(raw["blocks"][b]["layers"]) for b in used)


@pytest.mark.parametrize("framework", ["torch", "paddle"])
@pytest.mark.parametrize("name, family, catalogue, shown", [
    # resnet.yaml: 11 model rows, Bottleneck 12 (its squeeze-excite row among them, off for ResNet-50),
    # SqueezeExcite 5, Projection 2
    ("resnet50", "resnet", 30, ["repeat: 6", "when: \"${stride != 1 or in_channels != out_channels * 4}\""]),
    # densenet.yaml: 5 model rows (features one of them) and 12 inside features, DenseLayer 7, Transition 4
    ("densenet121", "densenet", 28, ["repeat: 24, repeat_names: denselayer"]),
])
def test_an_imported_spec_is_no_longer_than_the_catalogues(framework: str, name: str, family: str, catalogue: int,
                                                           shown: list[str], tmp_path: Path) -> None:
    """ResNet-50: the Bottleneck instances merge into one block (channels an argument, the expansion found as
    `* 4`, the stride `2 if i == 0 else 1`, the shortcut's `when` found as the catalogue's rule), each stage one
    `repeat` row. DenseNet-121: `features`, an nn.Sequential of named layers and blocks, becomes one `sequential`
    row, and each dense block (DenseLayer instances named denselayer1, denselayer2, ...) one row with `repeat` and
    `repeat_names`. No more rows than the catalogue's file spends on the model."""
    pytest.importorskip({"torch": "torch", "paddle": "paddle"}[framework])
    model = get_model(name)
    fw = get_framework(framework)
    written, text, _ = written_spec(fw.capture(fw.build(model), model.input_shape), model, tmp_path)
    assert differences(from_model(written), from_model(model)) == []  # every weight path as the catalogue's
    rows = sum(1 for line in text.splitlines() if line.lstrip().startswith("- "))
    assert rows <= catalogue_rows(family, name) == catalogue
    assert all(fragment in text for fragment in shown)


@needs("keras")
@pytest.mark.parametrize("name", model_params())
def test_the_rendered_keras_model_imports_as_the_catalogue_graph(name: str, tmp_path: Path) -> None:
    """The Keras renderings spell PyTorch's semantics their own way (ZeroPadding2D, a 1x1 average pool for an
    adaptive one of the same size, explicit padding for ceil_mode); the normal form settles them to one graph."""
    from frameworks.keras3.render import layer_name

    model = get_model(name)
    fw = get_framework("keras")
    want = from_model(model)
    for layer in want:  # Keras layers are named by their path with _ for .
        layer.source = layer_name(layer.source) if layer.source else ""
    layers = fw.capture(fw.build(model), None)
    assert differences(layers, want) == []
    assert differences(written_graph(layers, model, tmp_path, layer_name), want) == []


@pytest.mark.parametrize("name", ["lenet5_classic", "alexnet", "vgg11_bn", "resnet18", "densenet121", "googlenet",
                                  "nin", "seresnet18", "resnet50_gn"])
@needs("torch")
def test_import_of_the_rendering_is_a_fixed_point(name: str, tmp_path: Path) -> None:
    """import(render(import(render(spec)))) == import(render(spec)), as spec text."""
    model = get_model(name)
    first, _ = spec_text(torch_capture(model), name, model.class_name, model.input_shape, "test")
    path = tmp_path / f"{name}.yaml"
    path.write_text(first)
    again = load_file(path)[0]
    second, _ = spec_text(torch_capture(again), name, model.class_name, model.input_shape, "test")
    assert second == first
    assert again.num_params == model.num_params


@pytest.mark.parametrize("source", ["lenet5_classic", "alexnet", "resnet18", "densenet121", "googlenet_aux",
                                    "cifar_tutorial.py:Net", "lenet_view.py:LeNet", "small_resnet.py:SmallResNet",
                                    "shape_branch.py:ShapeBranch", "functional_net.py:FunctionalNet",
                                    "spellings.py:Spellings", "shufflenet_v2_x0_5", "shuffle_units.py:ShuffleNetV2",
                                    "shuffle_units.py:ShuffleSpellings"])
@needs("torch")
def test_export_and_symbolic_tracing_capture_one_spec(source: str, monkeypatch) -> None:
    """torch.export's graph (aten ops, lowered to module calls and torch functions) is what a capture reads; the
    spec it gives is the one fx's symbolic trace gives, two tracers agreeing to the letter (the shape branch
    followed, dropout, train-mode auxiliary heads, F.pad folded into a convolution included)."""
    import importlib

    from frameworks.pytorch import capture

    if ":" in source:
        file, name = source.split(":")
        net = getattr(importlib.import_module(f"parity_tests.import_fixtures.{file.removesuffix('.py')}"), name)()
        shape = {"lenet_view.py": (1, 28, 28), "shape_branch.py": (3, 16, 16), "functional_net.py": (3, 16, 16),
                 "spellings.py": (3, 14, 10), "shuffle_units.py": (3, 8, 8) if name == "ShuffleSpellings" else
                 (3, 32, 32)}.get(file, (3, 32, 32))
    else:
        model = get_model(source)
        net, shape = get_framework("torch").build(model), model.input_shape
    assert capture.exported(net.eval(), shape) is not None  # export is the path taken

    def spec(layers: list) -> str:
        return spec_text(layers, "net", "Net", shape, "test", (0.3,) * sum(1 for x in layers if x.returned))[0]

    exported = spec(capture.capture(net, shape))
    monkeypatch.setattr(capture, "exported", lambda *_: None)
    assert exported == spec(capture.capture(net, shape))


# what parity_tests/import_fixtures/spellings.py means, read off its source: each row (name, op, inputs, the
# attributes its spelling sets); a layer is named by its module's path, a second call's by the path and _2, a
# function by its kind and count (relu, relu1, ...), and a name taken already by the next free _2, _3
SPELLINGS = [
    ("conv", "conv2d", ["input"], {"padding": (0, 0, 0, 0)}),  # padding="valid"
    ("relu1", "relu", ["conv"], {}),
    ("pad_conv", "conv2d", ["relu1"], {"padding": (1, 1, 1, 1)}),  # F.pad(x, ..., value=0) folded in
    ("add", "add", ["pad_conv", "relu1"], {}),  # x.add(identity), identity = x.clone()
    ("relu", "relu", ["add"], {}),
    ("add1", "add", ["relu", "relu1"], {}),  # torch.add
    ("sigmoid", "sigmoid", ["relu"], {}),
    ("mul", "multiply", ["add1", "sigmoid"], {}),  # .mul
    ("tanh", "tanh", ["mul"], {}),  # x.tanh()
    ("mul1", "multiply", ["mul", "tanh"], {}),  # *
    ("relu1_2", "relu", ["mul1"], {}),  # the module relu1's second call
    ("tanh1", "tanh", ["relu1_2"], {}),  # the module tanh1
    ("tanh1_2", "tanh", ["relu1_2"], {}),  # x.tanh()'s second node wants tanh1: taken once
    ("add2", "add", ["tanh1", "tanh1_2"], {}),
    ("pool", "max_pool2d", ["add2"], {"kernel_size": (2, 2), "stride": (2, 2)}),  # dilation=(1, 1)
    ("relu1_3", "relu", ["pool"], {}),  # F.relu's second node wants relu1: taken twice
    ("instance_norm", "instance_norm", ["relu1_3"], {}),
    ("layer_norm", "layer_norm", ["relu1_3"], {}),
    ("cat", "concat", ["instance_norm", "layer_norm"], {}),  # torch.cat((a, b), 1)
    ("channel_softmax", "softmax", ["cat"], {}),  # nn.Softmax(dim=-3)
    ("cat1", "concat", ["cat", "channel_softmax"], {}),  # dim=-3
    ("avg_pool2d", "avg_pool2d", ["cat1"], {"kernel_size": (3, 3), "stride": (1, 1), "padding": (1, 1, 1, 1),
                                            "count_include_pad": False}),  # positional
    ("max_pool2d", "max_pool2d", ["avg_pool2d"], {"kernel_size": (2, 2), "stride": (2, 2)}),  # stride=None
    ("adaptive_avg_pool2d", "adaptive_avg_pool2d", ["max_pool2d"], {"output_size": (3, 2)}),
    ("dropout", "dropout", ["adaptive_avg_pool2d"], {"p": 0.5}),  # F.dropout's default rate
    ("flatten", "flatten", ["dropout"], {}),  # torch.flatten, then a reshape that keeps it
    ("fc", "linear", ["flatten"], {"out_features": 10}),
    ("softmax", "softmax", ["fc"], {}),  # .softmax(-1) of features
]


@pytest.mark.parametrize("tracer", ["export", "symbolic tracing"])
@needs("torch")
def test_a_mean_over_h_and_w_imports_as_a_global_average_pool(tracer: str, monkeypatch) -> None:
    """`x.mean([2, 3])` is a pool to 1x1 and a flatten; with keepdim=True the pool alone."""
    from frameworks.pytorch import capture
    from parity_tests.import_fixtures.spellings import GlobalMeans

    if tracer == "symbolic tracing":
        monkeypatch.setattr(capture, "exported", lambda *_: None)
    layers = get_framework("torch").capture(GlobalMeans().eval(), (3, 8, 8))
    assert [(x.op, x.inputs, x.shape) for x in layers] == [
        ("conv2d", ("input",), (8, 6, 6)),
        ("adaptive_avg_pool2d", ("conv",), (8, 1, 1)),  # keepdim=True: the pool alone
        ("adaptive_avg_pool2d", ("conv",), (8, 1, 1)), ("flatten", (layers[2].name,), (8,)),  # x.mean([2, 3])
        ("flatten", (layers[1].name,), (8,)),  # torch.flatten(kept, 1)
        ("concat", (layers[3].name, layers[4].name), (16,)), ("linear", (layers[5].name,), (4,))]
    assert all(x.attrs["output_size"] == (1, 1) for x in layers if x.op == "adaptive_avg_pool2d")


@pytest.mark.parametrize("tracer", ["export", "symbolic tracing"])
@needs("torch")
def test_relu6_hard_swish_and_hard_sigmoid_import_in_every_spelling(tracer: str, monkeypatch) -> None:
    """nn.ReLU6 (in place), F.relu6, nn.Hardtanh(0, 6) and F.hardtanh(x, 0, 6) are relu6; nn.Hardswish and
    F.hardswish are hardswish; nn.Hardsigmoid and F.hardsigmoid (in place) are hardsigmoid."""
    from frameworks.pytorch import capture
    from parity_tests.import_fixtures.spellings import HardActivations

    if tracer == "symbolic tracing":
        monkeypatch.setattr(capture, "exported", lambda *_: None)
    layers = get_framework("torch").capture(HardActivations().eval(), (3, 8, 8))
    assert [(x.op, list(x.inputs)) for x in layers] == [
        ("conv2d", ["input"]), ("relu6", ["conv"]), ("relu6", [layers[1].name]), ("hardswish", [layers[2].name]),
        ("hardswish", [layers[3].name]), ("hardsigmoid", [layers[3].name]),
        ("multiply", [layers[4].name, layers[5].name]), ("relu6", [layers[6].name]),
        ("hardsigmoid", [layers[7].name]), ("relu6", [layers[8].name])]


@pytest.mark.parametrize("tracer", ["export", "symbolic tracing"])
@needs("torch")
def test_every_spelling_of_an_op_imports_as_the_op_it_means(tracer: str, monkeypatch) -> None:
    """The spec the spellings fixture gives is the one its source means, row by row, by either tracer."""
    from frameworks.pytorch import capture
    from parity_tests.import_fixtures.spellings import Spellings

    if tracer == "symbolic tracing":
        monkeypatch.setattr(capture, "exported", lambda *_: None)
    else:
        assert capture.exported(Spellings().eval(), (3, 14, 10)) is not None
    layers = capture.capture(Spellings(), (3, 14, 10))
    assert [(x.name, x.op, list(x.inputs)) for x in layers] == [row[:3] for row in SPELLINGS]
    for layer, (_, _, _, attrs) in zip(layers, SPELLINGS):
        assert {key: layer.attrs[key] for key in attrs} == attrs, layer.name


@needs("paddle")
def test_a_paddle_mean_over_h_and_w_is_a_global_average_pool() -> None:
    """x.mean([2, 3]) and paddle.mean(..., keepdim=True) then flatten: a (C, 1, 1) pool and a flatten each."""
    from parity_tests.import_fixtures.paddle_functional import GlobalMeans

    layers = get_framework("paddle").capture(GlobalMeans(), (3, 8, 8))
    assert [(x.op, x.shape) for x in layers] == [
        ("conv2d", (4, 6, 6)), ("adaptive_avg_pool2d", (4, 1, 1)), ("flatten", (4,)), ("adaptive_avg_pool2d", (4, 1, 1)),
        ("flatten", (4,)), ("add", (4,)), ("linear", (2,))]


@needs("torch")
def test_a_written_out_channel_shuffle_is_one_row_named_shuffle() -> None:
    """torchvision's view, transpose, contiguous, view: one channel_shuffle row per use, named shuffle,
    shuffle_2, ... (the last view's own name would say nothing)."""
    from frameworks.pytorch import capture
    from parity_tests.import_fixtures.shuffle_units import ShuffleNetV2

    layers = capture.capture(ShuffleNetV2(), (3, 32, 32))
    assert [(x.name, x.attrs) for x in layers if x.op == "channel_shuffle"] == [
        (name, {"groups": 2}) for name in ("shuffle", "shuffle_2", "shuffle_3", "shuffle_4")]


@needs("torch")
def test_a_branch_on_values_leaves_export_to_symbolic_tracing_which_names_it() -> None:
    from frameworks.pytorch import capture
    from parity_tests.import_fixtures.hostile import DataDependentIf

    assert capture.exported(DataDependentIf().eval(), (3, 8, 8)) is None
    with pytest.raises(CaptureError, match=r"hostile\.py:\d+: data-dependent control flow `if x.mean\(\) > 0:`"):
        capture.capture(DataDependentIf(), (3, 8, 8))


def import_fixture(target: str, shape: str, out: Path, *extra: str) -> int:
    return main(["import", str(FIXTURES / target), "--from", "torch", "--input", shape, "-o", str(out), *extra])


def source_lines(file: str) -> int:
    return len((FIXTURES / file).read_text().splitlines())


def assert_short_and_equal_everywhere(spec: Path, file: str, tmp_path: Path, capsys) -> None:
    """The imported spec has fewer rows than its source file has lines, and passes parity in every column."""
    rows = sum(1 for line in spec.read_text().splitlines() if line.lstrip().startswith("- "))
    assert rows < source_lines(file)
    assert main(["parity", str(spec), "--weights", str(spec.with_suffix(".safetensors")),
                 "--reports", str(tmp_path / "reports")]) == 0, capsys.readouterr().err
    cells = json.loads((tmp_path / "reports" / "parity.json").read_text())["cells"]
    assert {c["framework"]: c["status"] for c in cells} == {"torch": "pass", "paddle": "pass", "keras": "pass",
                                                            "onnx": "pass"}


@needs_all_frameworks
@pytest.mark.parametrize("target, shape, published", [
    ("cifar_tutorial.py:Net", "3x32x32", 62_006),  # the count pytorch.org's "Training a Classifier" gives
    ("lenet_view.py:LeNet", "1x28x28", None),
    ("small_resnet.py:SmallResNet", "3x32x32", None),
    ("shape_branch.py:ShapeBranch", "3x16x16", None),  # `if x.shape[1] != y.shape[1]:` followed at that shape
    ("functional_net.py:FunctionalNet", "3x16x16", None),  # F.max_pool2d without a stride, F.dropout, x * gate
    ("small_resnet.py:book_resnet", "1x32x32", None),  # rows named 0, 1, ... in the source
    ("spellings.py:Spellings", "3x14x10", None),  # each op in the other ways users write it
    ("mnist_example.py:Net", "1x28x28", None),  # log-probabilities at the output, for NLLLoss
    ("shuffle_units.py:ShuffleNetV2", "3x32x32", None),  # x.chunk, view-transpose-view, x.mean([2, 3])
    ("shuffle_units.py:ShuffleSpellings", "3x8x8", None),  # torch.split, nn.ChannelShuffle, a permute
    ("activation_blocks.py:Activations", "3x16x16", None),  # one block class given its activation as a class
])
def test_user_models_import_render_and_pass_parity(target: str, shape: str, published: int | None, tmp_path: Path,
                                                   capsys) -> None:
    """The spec holds the source model's own parameter count (torch counts it) and is shorter than its file."""
    import importlib

    file, name = target.split(":")
    own = sum(p.numel() for p in getattr(importlib.import_module(
        f"parity_tests.import_fixtures.{file.removesuffix('.py')}"), name)().parameters())
    assert published in (None, own)
    spec = tmp_path / f"{file.removesuffix('.py')}.yaml"
    assert import_fixture(target, shape, spec) == 0, capsys.readouterr().err
    assert "proof: the spec's float64 oracle" in capsys.readouterr().out
    model = load_file(spec)[0]
    assert model.num_params == own
    assert_short_and_equal_everywhere(spec, file, tmp_path, capsys)


@needs("torch")
def test_a_blocks_activation_given_as_a_class_becomes_its_argument(tmp_path: Path, capsys) -> None:
    """One block class built with nn.Hardswish, nn.ReLU and nn.ReLU6 merges into one block whose activation row is
    chosen by an argument, each use naming its own (no two alike: the argument has no default); an nn.Sequential
    class likewise, its rows numbered."""
    spec = tmp_path / "activations.yaml"
    assert import_fixture("activation_blocks.py:Activations", "3x16x16", spec) == 0, capsys.readouterr().err
    text = spec.read_text()
    assert "args: {activation_layer: null, out_channels: 8, stride: 1}" in text
    assert '{name: act, op: "${activation_layer}"}' in text
    assert [re.search(r"activation_layer: (\w+)", line)[1] for line in text.splitlines()
            if "op: ConvNormActivation" in line] == ["hardswish", "relu", "relu6"]
    assert '    sequential: true\n    args: {activation_layer: null}\n    layers:\n' in text  # numbered rows
    assert '      - {op: "${activation_layer}"}\n' in text
    assert [re.search(r"activation_layer: (\w+)", line)[1] for line in text.splitlines()
            if "op: PointwiseNormActivation" in line] == ["hardswish", "relu"]


def test_a_written_spec_that_does_not_load_is_named_by_its_file_not_by_a_deleted_folder() -> None:
    """The written text is loaded from a temporary folder gone by the time the message is read."""
    text = "family: net\nmodels:\n  net:\n    class_name: Net\n    input: [1, 8, 8]\n    layers:\n" \
           "      - {name: 0, op: relu}\n"
    with pytest.raises(RosettaError) as caught:
        spec_model(text, "net")
    assert "(net.yaml:7: layer '0': layer name 0 must be a Python identifier); this is a rosetta import bug" \
        in str(caught.value)


@needs("torch")
@pytest.mark.parametrize("target, shape, uses", [
    ("small_resnet.py:SmallResNet", "3x32x32", {**{f"layer{s}.{i}": "BasicBlock" for s in (1, 2) for i in (0, 1)},
                                                "layer2.0.shortcut": "Projection"}),
    # the stage is the last row of a named group, the pool after it reads the group
    ("small_resnet.py:StagedNet", "3x16x16", {f"features.stage.{i}": "BasicBlock" for i in (0, 1)}),
    ("small_resnet.py:OneBlockStage", "3x16x16", {"stage.0": "BasicBlock"}),  # a row repeated once
])
def test_a_users_block_that_computes_a_catalogue_block_takes_its_name(target: str, shape: str, uses: dict,
                                                                      tmp_path: Path, capsys) -> None:
    """small_resnet.py's `Block` (two 3x3 convolutions with batch norm, a shortcut, an add) and its `shortcut`
    Sequential (a 1x1 convolution and batch norm) compute what resnet.yaml's BasicBlock and Projection do: the
    spec reads with the catalogue's names."""
    spec = tmp_path / "small.yaml"
    assert import_fixture(target, shape, spec) == 0, capsys.readouterr().err
    assert block_uses(load_file(spec)[0].nodes) == uses


@needs_all_frameworks
def test_a_container_of_numbered_and_named_stages_is_looked_into_for_blocks(tmp_path: Path, capsys) -> None:
    """d2l's ResNet (PyTorch edition) keeps its stages in one nn.Sequential whose items are named 0, b2, b3, ...,
    last, of lazy layers: each stage of Residuals is a repeated use of one block (the spec used to be every layer
    flat), and the spec passes parity everywhere."""
    spec = tmp_path / "d2l_resnet.yaml"
    assert import_fixture("d2l_resnet.py:ResNet", "1x32x32", spec, "--arg", "arch=((2, 64), (2, 128))") == 0, \
        capsys.readouterr().err
    assert block_uses(load_file(spec)[0].nodes) == {f"b{s}.{i}": "Residual" for s in (2, 3) for i in (0, 1)}
    assert_short_and_equal_everywhere(spec, "d2l_resnet.py", tmp_path, capsys)


@needs("torch")
def test_the_weights_are_the_models_own_and_a_checkpoint_replaces_them(tmp_path: Path, capsys) -> None:
    import torch

    from parity_tests.import_fixtures.cifar_tutorial import Net

    trained = Net()
    torch.manual_seed(5)
    for p in trained.parameters():
        p.data.normal_()
    torch.save({"state_dict": trained.state_dict(), "epoch": 3}, tmp_path / "trained.pt")
    spec = tmp_path / "net.yaml"
    assert import_fixture("cifar_tutorial.py:Net", "3x32x32", spec, "--weights", str(tmp_path / "trained.pt")) == 0
    canonical = weights.load(tmp_path / "net.safetensors")
    for key, value in trained.state_dict().items():
        np.testing.assert_array_equal(canonical[key], value.numpy(), err_msg=key)
    assert "relative error" in capsys.readouterr().out


@pytest.mark.parametrize("target, shape, key", [
    ("lenet_view.py:LeNet", "1x28x28", lambda key: key),  # numbered groups of layers keep their keys
    ("small_resnet.py:book_resnet", "1x32x32", lambda key: f"layer_{key}"),  # rows numbered at the top level
    ("lenet_view.py:NamedRows", "1x28x28", lambda key: key.replace(".", "_", 1)),  # named rows; an nn.Identity
])
@needs("torch")
def test_a_top_level_sequential_keeps_its_weights_keys_only_as_a_numbered_group_of_layers(
        target: str, shape: str, key: Callable[[str], str], tmp_path: Path) -> None:
    """An nn.Sequential of numbered layers is a group: its weights keep the source's keys (`features.0.weight`),
    so a checkpoint of the source loads into the rendering. Any other is rows named by their paths."""
    import importlib

    file, name = target.split(":")
    source = getattr(importlib.import_module(f"parity_tests.import_fixtures.{file.removesuffix('.py')}"), name)()
    assert import_fixture(target, shape, tmp_path / "net.yaml") == 0
    assert sorted(weights.load(tmp_path / "net.safetensors")) == sorted(
        key(k) for k in source.state_dict() if not k.endswith("num_batches_tracked"))


@needs("torch")
def test_a_checkpoint_that_does_not_fit_is_named(tmp_path: Path, capsys) -> None:
    import torch

    torch.save({"conv1.weight": torch.zeros(6, 3, 5, 5)}, tmp_path / "partial.pt")
    assert import_fixture("cifar_tutorial.py:Net", "3x32x32", tmp_path / "n.yaml", "--weights",
                          str(tmp_path / "partial.pt")) == 2
    err = capsys.readouterr().err
    assert "partial.pt does not fit the model: missing conv1.bias" in err and not list(tmp_path.glob("n.*"))


def line_of(code: str, file: str = "hostile.py") -> str:
    """file:N for the one line of the fixture file that reads `code`: where the user wrote the construct."""
    lines = (FIXTURES / file).read_text().splitlines()
    (number,) = [i for i, text in enumerate(lines, 1) if text.strip() == code]
    return f"{file}:{number}"


NOT_ZEROS_BEFORE_A_CONV = " (F.pad): F.pad(1, 1, 1, 1) other than zero padding of the H and W sides right before an"
NORM_WITHOUT = " (nn.BatchNorm2d): batch norm without affine weights, running statistics or a momentum"
LAYER_NORM_OVER_LESS = " (nn.LayerNorm): layer norm over less than every non-batch axis, or without affine weights"
OVER_THE_WIDTH = "softmax over dim {}; a spec's softmax is over the channels or features"
ROWS = "reshapes [3, 8, 8] to [3, 64]; a spec only flattens all but the batch"
OVER_H_AND_W = "a spec averages maps over H and W together (a global average pool)"
POOLING_WITH = "pooling with dilation, returned indices or a divisor override"
PADDLE_UNEQUAL_OR_ACROSS = ("other than into equal parts along the channels of a map; a spec's chunk cuts the "
                            "channels (axis 1) into equal parts")
UNEQUAL_OR_ACROSS = ("other than into equal parts along the channels of a map; a spec's chunk cuts the channels "
                     "(dim 1) into equal parts")


# a message the two tracers word alike, or {tracer: message or None} where what they see differs (a tensor made
# inside forward is an op to export and a constant to symbolic tracing; a loop over a tensor is ops to export)
@pytest.mark.parametrize("model, shape, problems", [
    ("DataDependentIf", "3x8x8", [("if x.mean() > 0:", ": data-dependent control flow `if x.mean() > 0:`")]),
    ("Gelu", "3x8x8", [("return self.act(self.conv(x))", " (nn.GELU): nn.GELU has no Rosetta op (layer act)")]),
    ("FunctionalGelu", "3x8x8", [("return F.gelu(self.conv(x))", " (F.gelu): F.gelu has no Rosetta op")]),
    ("Delegates", "3x8x8", [("return F.gelu(x)", " (F.gelu): F.gelu has no Rosetta op")]),  # not forward's line
    ("LogSoftmaxOverTheBatch", "3x8x8", [("return F.log_softmax(x, dim=0)",  # a helper's line, the user's call
                                          (" (F.log_softmax): log_softmax over dim 0; a spec's log_softmax is over "
                                           "the channels or features"))]),
    ("ConstantAdd", "3x8x8", [("return self.conv(x) + 1.0", " (operator.add): adds a constant (1.0) to a tensor")]),
    ("ClipsOtherThanRelu6", "3x8x8", [
        ("x = self.clip(self.conv(x))", " (nn.Hardtanh): nn.Hardtanh(-1.0, 1.0); a spec's relu6 clips to [0, 6] "
                                        "(layer clip)"),
        ("return F.hardtanh(x, 0.0, 4.0)", " (F.hardtanh): hardtanh to [0.0, 4.0]; a spec's relu6 clips to [0, 6]")]),
    ("SharedConv", "4x8x8", [("return self.conv(F.relu(self.conv(x)))",
                              " (nn.Conv2d): nn.Conv2d 'conv' is called a second time")]),
    ("DownscaleDropout", "3x8x8", [("return self.drop(self.conv(x))",
                                    " (nn.Dropout2d): nn.Dropout2d has no Rosetta op")]),
    ("AsymmetricPad", "3x8x8", [("return self.conv(F.pad(x, (0, 2, 0, 2)))",
                                 (" (nn.Conv2d): asymmetric padding [0, 2, 0, 2] (top, bottom, left, right) before it "
                                  "that is not 'same'"))]),
    ("Several", "4x8x8", [("x = self.act(self.conv(x))", " (nn.LeakyReLU): nn.LeakyReLU has no Rosetta op"),
                          ("x = x * 2.0", " (operator.mul): multiplies a tensor by a constant (2.0)"),
                          ("return self.conv(x)", " (nn.Conv2d): nn.Conv2d 'conv' is called a second time")]),
    ("NormsASpecCannotHold", "3x8x8", [
        ("a = self.untracked(x)", f"{NORM_WITHOUT} (layer untracked)"),
        ("b = self.unscaled_stats(self.unscaled_stats(x))", f"{NORM_WITHOUT} (layer unscaled_stats)"),
        ("b = self.unscaled_stats(self.unscaled_stats(x))",  # weights or not, buffers are not shared either
         " (nn.BatchNorm2d): nn.BatchNorm2d 'unscaled_stats' is called a second time"),
        ("c = self.tracked_instances(x)",
         " (nn.InstanceNorm2d): instance norm needs affine=True and no running statistics"),
        ("d = self.row_norm(x)", f"{LAYER_NORM_OVER_LESS} (layer row_norm)"),
        ("e = self.unbiased_norm(x)", f"{LAYER_NORM_OVER_LESS} (layer unbiased_norm)")]),
    ("PoolsASpecCannotHold", "3x8x8", [
        ("a = self.dilated(x)", " (nn.MaxPool2d): max pooling with dilation or returned indices"),
        ("b = self.divided(x)", " (nn.AvgPool2d): average pooling with divisor_override"),
        ("c = F.max_pool2d(x, 2, dilation=(2, 2))", f" (F.max_pool2d): {POOLING_WITH}"),
        ("d = F.avg_pool2d(x, 2, divisor_override=3)", f" (F.avg_pool2d): {POOLING_WITH}"),
        ("e = F.max_pool2d(x, 2, return_indices=True)[0]", f" (F.max_pool2d_with_indices): {POOLING_WITH}")]),
    ("SoftmaxesASpecCannotHold", "3x8x8", [
        ("a = self.over_width(x)", f" (nn.Softmax): {OVER_THE_WIDTH.format(-1)}"),
        ("b = F.softmax(x, dim=2)", f" (F.softmax): {OVER_THE_WIDTH.format(2)}"),
        ("c = x.softmax(-1)", f" (x.softmax): {OVER_THE_WIDTH.format(-1)}"),
        ("d = torch.cat([x, x])", " (torch.cat): concatenates along dim 0; a spec concatenates channels (dim 1)"),
        # downstream of the three softmaxes, named all the same
        ("return torch.cat((a, b, c, x), 2), d",
         " (torch.cat): concatenates along dim 2; a spec concatenates channels (dim 1)")]),
    ("MeansASpecCannotHold", "3x8x8", [
        ("a = x.mean(1, keepdim=True)", f" (x.mean): averages over dims [1]; {OVER_H_AND_W}"),
        ("b = torch.mean(x, dim=(2,))", f" (torch.mean): averages over dims [2]; {OVER_H_AND_W}"),
        ("c = x.mean()", f" (x.mean): averages over every axis; {OVER_H_AND_W}")]),
    ("PadsASpecCannotHold", "3x8x8", [
        ('a = self.conv(F.pad(x, (1, 1, 1, 1), mode="reflect"))', NOT_ZEROS_BEFORE_A_CONV),
        ("b = self.padded_conv(F.pad(x, (1, 1, 1, 1)))", NOT_ZEROS_BEFORE_A_CONV),
        ('c = F.max_pool2d(F.pad(x, [1, 1, 1, 1], "constant", 0.0), 3, 1)', NOT_ZEROS_BEFORE_A_CONV),
        ("shared = F.pad(x, (2, 2, 2, 2))", NOT_ZEROS_BEFORE_A_CONV.replace("1, 1, 1, 1", "2, 2, 2, 2"))]),
    ("OnesPaddedConv", "3x8x8", [("return self.conv(F.pad(x, (1, 1, 1, 1), value=1.0))", NOT_ZEROS_BEFORE_A_CONV)]),
    ("ReflectPaddedConv", "3x8x8", [("return self.reflecting(x)", (" (nn.Conv2d): padding_mode='reflect': a spec's "
                                                                   "convolution pads with zeros"))]),
    ("ReshapesASpecCannotHold", "3x8x8", [
        ("a = self.fc(self.rows(x))", " (nn.Flatten): nn.Flatten(2, -1); a spec flattens all but the batch"),
        ("b = x.view(x.size(0), 3, -1)", f" (x.view): {ROWS}"),
        ("c = torch.flatten(x, 2)", f" (torch.flatten): {ROWS}"),
        ("d = self.head(x.flatten(1)).view(-1, 2, 2)", " (x.view): reshapes [4] to [2, 2]; a spec only flattens")]),
    ("SliceOfChannels", "3x8x8", [("return self.conv(x)[:, :2]", " (x[...]): x[...] has no Rosetta op")]),
    ("SplitsASpecCannotHold", "3x8x8", [
        ("a, b = torch.split(x, [2, 4], dim=1)", f" (torch.split): torch.split {UNEQUAL_OR_ACROSS}"),
        ("c, d = x.chunk(2, dim=2)", f" (x.chunk): x.chunk {UNEQUAL_OR_ACROSS}"),
        # a view to a grid that no transpose and view back make a channel shuffle: each of the three named
        ("e = x.view(x.size(0), 2, 3, 8, 8).transpose(1, 2).reshape(x.size(0), 6, 64)",
         " (x.view): reshapes [6, 8, 8] to [2, 3, 8, 8]; a spec only flattens"),
        ("e = x.view(x.size(0), 2, 3, 8, 8).transpose(1, 2).reshape(x.size(0), 6, 64)",
         " (x.transpose): x.transpose has no Rosetta op"),
        ("e = x.view(x.size(0), 2, 3, 8, 8).transpose(1, 2).reshape(x.size(0), 6, 64)",
         {"export": " (x.view): reshapes [3, 2, 8, 8] to [6, 64]; a spec only flattens",  # aten's view
          "symbolic tracing": " (x.reshape): reshapes [3, 2, 8, 8] to [6, 64]; a spec only flattens"}),
        ("f = torch.split(x, 4, dim=1)[0]", f" (torch.split): torch.split {UNEQUAL_OR_ACROSS}")]),
    # a flip where the transpose would be; a grid of 6 x 4 rows of 8 (not 2 x 3 channels of 8 x 8); a grid read
    # twice: each view, transpose and view named, none read as a shuffle
    # a size is a number to export, a size node to symbolic tracing: a constant factor either way
    ("SizeScaled", "3x8x8", [("return x * (x.size(1) // 2)", {
        "export": " (operator.mul): multiplies a tensor by a constant (3)",
        "symbolic tracing": " (operator.mul): multiplies a tensor by a constant (a size of a tensor)"})]),
    ("ShufflesASpecCannotHold", "3x8x8", [
        *((code, {"export": f" (x.view): reshapes {shape}; a spec only flattens",
                  "symbolic tracing": f" (x.{view}): reshapes {shape}; a spec only flattens"})
          for code, shape, view in [
              ("a = x.view(n, 2, 3, 8, 8).flip(1).reshape(n, 6, 8, 8)", "[6, 8, 8] to [2, 3, 8, 8]", "view"),
              ("a = x.view(n, 2, 3, 8, 8).flip(1).reshape(n, 6, 8, 8)", "[2, 3, 8, 8] to [6, 8, 8]", "reshape"),
              ("b = x.view(n, 2, 6, 4, 8).transpose(1, 2).reshape(n, 6, 8, 8)", "[6, 8, 8] to [2, 6, 4, 8]", "view"),
              ("b = x.view(n, 2, 6, 4, 8).transpose(1, 2).reshape(n, 6, 8, 8)", "[6, 2, 4, 8] to [6, 8, 8]",
               "reshape"),
              ("grid = x.view(n, 3, 2, 8, 8)", "[6, 8, 8] to [3, 2, 8, 8]", "view"),
              ("c = grid.transpose(1, 2).reshape(n, 6, 8, 8) * grid.reshape(n, 6, 8, 8)", "[2, 3, 8, 8] to [6, 8, 8]",
               "reshape"),
              ("c = grid.transpose(1, 2).reshape(n, 6, 8, 8) * grid.reshape(n, 6, 8, 8)", "[3, 2, 8, 8] to [6, 8, 8]",
               "reshape"),
              ("d = x.view(n, 2, 3, 8, 8).transpose(1, 2).relu().reshape(n, 6, 8, 8)", "[6, 8, 8] to [2, 3, 8, 8]",
               "view"),
              ("d = x.view(n, 2, 3, 8, 8).transpose(1, 2).relu().reshape(n, 6, 8, 8)", "[3, 2, 8, 8] to [6, 8, 8]",
               "reshape")]),
        ("d = x.view(n, 2, 3, 8, 8).transpose(1, 2).relu().reshape(n, 6, 8, 8)", " (x.transpose): x.transpose has no"),
        ("a = x.view(n, 2, 3, 8, 8).flip(1).reshape(n, 6, 8, 8)", " (x.flip): x.flip has no Rosetta op"),
        ("b = x.view(n, 2, 6, 4, 8).transpose(1, 2).reshape(n, 6, 8, 8)", " (x.transpose): x.transpose has no"),
        ("c = grid.transpose(1, 2).reshape(n, 6, 8, 8) * grid.reshape(n, 6, 8, 8)",
         " (grid.transpose): grid.transpose has no Rosetta op")]),
    ("sequential_with_a_misspelt_forward", "3x8x8", [(None, ("forward: tracing stopped: NotImplementedError: Module "
                                                             "[MisspeltForward] is missing the required \"forward\""))]),
    ("ReparametrizedWeights", "3x8x8", [
        ("a = self.normed(x)", (" (nn.ParametrizedConv2d): its weights are parametrized (weight_norm, spectral_norm): "
                                "a spec's layer holds its weights itself")),
        ("b = self.hooked(x)", (" (nn.Conv2d): hooks run around its call (the older torch.nn.utils.weight_norm): a "
                                "spec's layer is its op alone"))]),
    ("ValuesThatAreNoLayersOutput", "3x8x8", [
        ("a = torch.cat([y, torch.zeros(2, 4, 6, 6)], 1)", {
            "export": " (torch.zeros): torch.zeros makes a tensor of constants inside forward, no layer's output",
            "symbolic tracing": ": reads the tensor attribute '_tensor_constant0' inside forward (a constant"}),
        ("b = y * self.gain", ": reads the tensor attribute 'gain' inside forward (a constant or a parameter"),
        ("c = torch.add(y, y, alpha=2)", " (torch.add): adds alpha=2 times a tensor; a spec's add is a plain sum")]),
    ("ThroughNumPy", "3x8x8", [("return torch.from_numpy(np.asarray(self.conv(x)))",
                                ": tracing stopped `return torch.from_numpy(np.asarray(self.conv(x)))`: ValueError")]),
    ("IteratesOverATensor", "3x8x8", [
        ("return torch.stack([self.conv(image[None])[0] for image in x])", {
            "export": " (nn.Conv2d): nn.Conv2d 'conv' is called a second time",
            "symbolic tracing": ": data-dependent control flow `return torch.stack([self.conv(image[None])[0] for"}),
        ("return torch.stack([self.conv(image[None])[0] for image in x])", {
            "export": " (aten.unbind.int): aten.unbind.int has no Rosetta op", "symbolic tracing": None}),
        # downstream of the unbind, each once though the loop runs twice
        ("return torch.stack([self.conv(image[None])[0] for image in x])", {
            "export": " (aten.unsqueeze): aten.unsqueeze has no Rosetta op", "symbolic tracing": None}),
        ("return torch.stack([self.conv(image[None])[0] for image in x])", {
            "export": " (torch.stack): torch.stack has no Rosetta op", "symbolic tracing": None})]),
    ("ReturnsTwoInEval", "3x8x8", [(None, "forward: returns several values in eval mode; a spec has one output")]),
    ("ReturnsItsInput", "3x8x8", [(None, "forward: returns something that is not a layer's output")]),
    ("ShapesThatDoNotMatch", "3x8x8", [("return self.conv(x) + x", (": running it on zeros of shape [3, 8, 8] failed: "
                                                                   "RuntimeError: The size of tensor a (4) must"))]),
    ("ProblemsDownstreamOfProblems", "3x8x8", [
        ("y = self.leaky(x)", " (nn.LeakyReLU): nn.LeakyReLU has no Rosetta op (layer leaky)"),
        ("y = self.spatial_dropout(y)", " (nn.Dropout2d): nn.Dropout2d has no Rosetta op (layer spatial_dropout)"),
        ("y = F.gelu(y)", " (F.gelu): F.gelu has no Rosetta op"),
        ("return y.mean(1)", f" (y.mean): averages over dims [1]; {OVER_H_AND_W}")]),  # the user's spelling
])
@pytest.mark.parametrize("tracer", ["export", "symbolic tracing"])
@needs("torch")
def test_models_a_spec_cannot_describe_are_refused_with_their_lines(model: str, shape: str, problems: list,
                                                                   tracer: str, tmp_path: Path, capsys,
                                                                   monkeypatch) -> None:
    """Every construct is named at its line, by torch.export (the path taken wherever it traces the model) and by
    fx's symbolic trace (where it does not) alike."""
    from frameworks.pytorch import capture

    exported, graphs = capture.exported, []
    if tracer == "export":
        monkeypatch.setattr(capture, "exported", lambda *args: graphs.append(exported(*args)) or graphs[-1])
    else:
        monkeypatch.setattr(capture, "exported", lambda *_: None)
    assert import_fixture(f"hostile.py:{model}", shape, tmp_path / "h.yaml") == 2
    err = capsys.readouterr().err
    expected = [(code, message[tracer] if isinstance(message, dict) else message) for code, message in problems
                if not isinstance(message, dict) or message[tracer]]
    for code, message in expected:
        assert f"{line_of(code) if code else ''}{message}" in err, err
    count = len(expected)
    assert err.strip().splitlines()[-1].endswith(f"{count} construct{'s' if count > 1 else ''} above "
                                                 f"that a spec cannot express; no spec written")
    assert "Traceback" not in err and not list(tmp_path.iterdir())
    traceable = model not in ("DataDependentIf", "ThroughNumPy", "ReturnsItsInput", "ShapesThatDoNotMatch",
                              "sequential_with_a_misspelt_forward")
    assert tracer != "export" or all(graph is not None for graph in graphs) == traceable


@pytest.mark.parametrize("framework, model, layer, path", [
    ("torch", "Unused", "nn.Linear", "head"), ("torch", "TrainOnlyStep", "nn.Conv2d", "extra"),
    ("torch", "HeadOnOutput", "nn.Linear", "head"), ("torch", "ReturnsItsInputBesideAHead", "nn.Conv2d", "aux"),
    ("paddle", "Unused", "nn.Linear", "head"), ("paddle", "TrainOnlyStep", "nn.Conv2D", "extra"),
    ("paddle", "ReturnsItsInputBesideAHead", "nn.Conv2D", "aux")])
def test_layers_that_only_train_mode_calls_are_kept_only_as_auxiliary_heads(framework: str, model: str, layer: str,
                                                                            path: str, tmp_path: Path,
                                                                            capsys) -> None:
    """A layer eval mode leaves uncalled is kept only where train mode returns it after the output and the
    output's own graph is eval mode's. A layer no mode calls (beside a true auxiliary head), one on the output's
    path in train mode only, a head on the output itself, or a head returned beside the input itself is refused by
    its path: its weights would be lost, or the spec would compute another function in train mode."""
    pytest.importorskip(framework)
    file = "hostile.py" if framework == "torch" else "paddle_hostile.py"
    assert main(["import", str(FIXTURES / f"{file}:{model}"), "--from", framework, "--input", "3x8x8", "-o",
                 str(tmp_path / "h.yaml")]) == 2
    err = capsys.readouterr().err
    why = ("in eval mode or train mode" if model == "Unused" else "in eval mode, and train mode returns it as no "
           "auxiliary output beside an output whose graph is eval mode's")
    assert f"forward: {layer} is never called by forward at this input {why}: its weights would be lost (layer {path})" \
        in err, err
    assert ("(layer aux)" in err) == (model == "TrainOnlyStep" or path == "aux")  # named only where train mode fails
    assert "Traceback" not in err and not list(tmp_path.iterdir())


@needs_all_frameworks
def test_an_auxiliary_head_imports_with_its_loss_weight_and_passes_parity(tmp_path: Path, capsys) -> None:
    """A head that runs in train mode only (forward returns (logits, aux) there) becomes an auxiliary output,
    its loss weight given by the user, whom a missing weight is asked for by the head's path; the spec then
    passes parity, whose train-mode checks take the head's loss."""
    spec = tmp_path / "aux_net.yaml"
    assert import_fixture("aux_head.py:SmallAuxNet", "3x16x16", spec) == 2
    err = capsys.readouterr().err.strip()
    assert err.endswith("aux_head.py:SmallAuxNet returns 1 auxiliary output after its output in train mode (aux.fc);"
                        " --aux-weights gives 0 loss weights: give one for each, in that order, e.g. --aux-weights "
                        "0.3"), err
    assert not list(tmp_path.iterdir())
    assert import_fixture("aux_head.py:SmallAuxNet", "3x16x16", spec, "--aux-weights", "0.4") == 0, \
        capsys.readouterr().err
    model = load_file(spec)[0]
    assert model.aux == {"aux_fc": 0.4}  # the head (one instance: flat rows) ends in aux.fc, named by its path
    from parity_tests.import_fixtures.aux_head import SmallAuxNet

    assert model.num_params == sum(p.numel() for p in SmallAuxNet().parameters())
    assert_short_and_equal_everywhere(spec, "aux_head.py", tmp_path, capsys)


@pytest.mark.parametrize("argv, message", [
    (["import", "net.py", "--from", "torch", "--input", "3x8x8"], "net.py: expected path/to/file.py:ClassOrFactory"),
    (["import", "absent.py:Net", "--from", "torch", "--input", "3x8x8"], "absent.py: no such file"),
    (["import", str(FIXTURES / "hostile.py:Nope"), "--from", "torch", "--input", "3x8x8"], "defines no Nope"),
    (["import", str(FIXTURES / "hostile.py:Gelu"), "--from", "torch"], "give --input C x H x W"),
    (["import", str(FIXTURES / "hostile.py:Gelu"), "--from", "torch", "--input", "3x8"], "expected C x H x W"),
    (["import", str(FIXTURES / "lenet_view.py:LeNet"), "--from", "torch", "--input", "1x28x28", "--arg", "depth=2"],
     "LeNet(**{'depth': 2}) raised TypeError"),
    (["import", str(FIXTURES / "lenet_view.py:LeNet"), "--from", "paddle", "--input", "1x28x28"],
     "lenet_view.py:LeNet is a torch LeNet, not a paddle model: give --from the framework it is written in"),
    (["import", str(FIXTURES / "lenet_view.py:LeNet"), "--from", "keras"],
     "lenet_view.py:LeNet is a torch LeNet, not a keras model"),
    (["import", str(FIXTURES / "keras_models.py:lenet5"), "--from", "torch", "--input", "1x28x28"],
     "keras_models.py:lenet5 is a keras Sequential, not a torch model"),
    (["import", str(FIXTURES / "aux_head.py:SmallAuxNet"), "--from", "torch", "--input", "3x16x16", "--aux-weights",
      "0.3,x"], "--aux-weights '0.3,x': expected positive numbers separated by commas"),
    (["import", str(FIXTURES / "aux_head.py:SmallAuxNet"), "--from", "torch", "--input", "3x16x16", "--aux-weights",
      "0"], "--aux-weights '0': expected positive numbers"),
    (["import", str(FIXTURES / "cifar_tutorial.py:Net"), "--from", "torch", "--input", "3x32x32", "--aux-weights",
      "0.3"], "returns 0 auxiliary outputs after its output in train mode; --aux-weights gives 1 loss weight"),
])
@needs_all_frameworks
def test_bad_import_arguments_give_one_line(argv: list[str], message: str, capsys, tmp_path: Path) -> None:
    assert main([*argv, "-o", str(tmp_path / "x.yaml")]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1, err


@needs("torch")
def test_keyword_arguments_reach_the_class(tmp_path: Path, capsys) -> None:
    spec = tmp_path / "lenet4.yaml"
    assert main(["import", str(FIXTURES / "lenet_view.py:LeNet"), "--from", "torch", "--input", "1x28x28",
                 "--arg", "num_classes=4", "-o", str(spec)]) == 0, capsys.readouterr().err
    assert load_file(spec)[0].output_shape == (4,)


@pytest.mark.parametrize("framework", framework_params())
@pytest.mark.parametrize("probe_spec, counts", [
    ("log_softmax_probe", {"log_softmax": 2}),
    ("hard_activations_probe", {"relu6": 3, "hardswish": 2, "hardsigmoid": 2}),
    ("shuffle_probe", {"chunk": 3, "channel_shuffle": 2}),
    ("same_stride_probe", {"conv2d": 3}),
    ("switched_rows_probe", {"conv2d": 9, "multiply": 2}),
])
def test_a_rendered_probe_net_imports_as_its_spec(framework: str, tmp_path: Path, probe_spec: str,
                                                  counts: dict[str, int]) -> None:
    """Log-softmax fused into a convolution and at the output, as each framework's rendering spells it
    (F.log_softmax, paddle's log_softmax op, Keras' Activation("log_softmax")); ReLU6, hard-swish and hard-sigmoid
    fused and standalone (F.relu6 / nn.ReLU6, Paddle's ops with hard-sigmoid's slope, Keras' ReLU(max_value=6) and
    its hard_silu / hard_sigmoid activations); parts of the channels and shuffles (x.chunk / paddle.chunk /
    keras.ops.split, F.channel_shuffle / Reshape-Permute-Reshape); strided 'same' convolutions (torch's F.pad
    before an unpadded one, Paddle's 'SAME', Keras' 'same'); a sequential block's rows numbered among those a
    condition leaves: each captures as the spec's graph."""
    (model,), module = rendered_test_module(framework, TEST_SPECS / f"{probe_spec}.yaml", tmp_path)
    fw = get_framework(framework)
    layers = fw.capture(fw.build(model, module=module), model.input_shape)
    assert {op: [x.op for x in layers].count(op) for op in counts} == counts
    want = from_model(model)
    if framework == "keras":  # Keras layers are named by their path with _ for .
        from frameworks.keras3.render import layer_name

        for layer in want:
            layer.source = layer_name(layer.source)
    assert differences(layers, want) == []


# ---------------------------------------------------------------- --from paddle

@needs("paddle")
@pytest.mark.parametrize("name", model_params())
def test_the_rendered_paddle_model_imports_as_the_catalogue_graph(name: str, tmp_path: Path) -> None:
    """Paddle's program spells a Linear as matmul + add, a convolution's bias as reshape + add, a flatten as a
    reshape and a LocalResponseNorm as five ops, with float32 epsilons and 1 - torch's BN momentum; the normal form
    is the catalogue's all the same."""
    model = get_model(name)
    fw = get_framework("paddle")
    layers = fw.capture(fw.build(model), model.input_shape)
    assert differences(layers, from_model(model)) == []
    assert differences(written_graph(layers, model, tmp_path), from_model(model)) == []


def import_paddle(target: str, shape: str, out: Path, *extra: str) -> int:
    return main(["import", str(FIXTURES / target), "--from", "paddle", "--input", shape, "-o", str(out), *extra])


@needs_all_frameworks
@pytest.mark.parametrize("target, shape, arguments", [
    ("../fixtures_listings.py:seed_000_paddle_lenet", "1x28x28", {"num_classes": 10}),  # the listing verbatim
    ("paddle_resnet.py:SmallResNet", "3x32x32", {}),
    ("paddle_functional.py:Forms", "3x8x8", {}),
    ("paddle_resnet.py:book_resnet", "1x32x32", {}),  # rows named 0, 1, ... in the source
    ("paddle_functional.py:OlderBatchNorm", "3x8x8", {}),
    ("paddle_functional.py:HardActivations", "3x8x8", {}),
    ("paddle_functional.py:ChannelSplitsAndShuffles", "3x6x6", {}),
    ("paddle_functional.py:GlobalMeans", "3x8x8", {}),
])
def test_paddle_models_import_render_and_pass_parity(target: str, shape: str, arguments: dict, tmp_path: Path,
                                                     capsys) -> None:
    """The spec holds the Paddle model's own trainable count (Paddle's parameters less its BN statistics, which
    it keeps as parameters that take no gradient), is shorter than its file, and passes parity everywhere."""
    import importlib

    file, name = target.split(":")
    source = importlib.import_module(f"parity_tests.{file.removeprefix('../').removesuffix('.py')}" if
                                     file.startswith("../") else f"parity_tests.import_fixtures.{file[:-3]}")
    own = sum(int(np.prod(p.shape)) for p in getattr(source, name)(**arguments).parameters() if not p.stop_gradient)
    spec = tmp_path / f"{name.lower()}.yaml"
    extra = [a for k, v in arguments.items() for a in ("--arg", f"{k}={v}")]
    assert import_paddle(target, shape, spec, *extra) == 0, capsys.readouterr().err
    assert "vs paddle, probe batch of 2" in capsys.readouterr().out
    assert load_file(spec)[0].num_params == own
    assert_short_and_equal_everywhere(spec, file, tmp_path, capsys)


@needs("paddle")
def test_a_squeeze_excite_gate_written_first_imports_as_the_specs_product(tmp_path: Path, capsys) -> None:
    """paddle.vision's SqueezeExcitation returns `scale * input`, the (C, 1, 1) gate first; the spec's multiply
    takes the full map first and broadcasts the second, so the written spec holds the operands the other way."""
    spec = tmp_path / "mobilenetv3small.yaml"
    assert import_paddle("paddle_zoo.py:MobileNetV3Small", "3x64x64", spec) == 0, capsys.readouterr().err
    assert "vs paddle, probe batch of 2" in capsys.readouterr().out
    model = load_file(spec)[0]
    assert model.num_params == 2_542_856  # torchvision's MobileNet_V3_Small_Weights meta num_params
    products = [n for n in model.primitives() if n.op == "multiply"]
    assert len(products) == 9  # one squeeze-excite gate in each bneck but the second and third
    assert all(n.in_shapes[0] == n.out_shape != n.in_shapes[1] for n in products)


@needs("paddle")
@pytest.mark.parametrize("target, rows", [
    # the first relu's own name is an attribute's: relu_2, written relu2 (relu_1... are the loader's names for
    # unnamed rows); the second function call of relu is relu1, as torch.fx counts
    ("paddle_functional.py:Functional", ["{name: relu, op: conv2d, out_channels: 4, kernel_size: 3, padding: 1}",
                                         ("{name: conv, op: conv2d, from: input, out_channels: 4, kernel_size: 3, "
                                          "padding: 1}"),
                                         "{op: add, from: [relu, conv]}", "{name: relu2, op: relu}",
                                         "{op: add, from: [relu2, relu]}", "{name: relu1, op: relu}",
                                         "{op: add, from: [relu1, relu2]}"]),
    # a name taken twice takes the third suffix; a function's third call is relu2
    ("paddle_functional.py:Clashes", ["{name: relu, op: conv2d, out_channels: 4, kernel_size: 3, padding: 1}",
                                      ("{name: relu2x, op: conv2d, from: input, out_channels: 4, kernel_size: 3, "
                                       "padding: 1}"),
                                      "{op: add, from: [relu, relu2x]}", "{name: relu3, op: relu}",
                                      "{op: add, from: [relu3, relu]}", "{name: relu1, op: relu}",
                                      "{op: add, from: [relu1, relu3]}", "{name: relu2, op: relu}",
                                      "{op: add, from: [relu2, relu1]}"]),
    # 'VALID' is no padding, [0, 1, 0, 1] an even kernel's 'same'; an average pool leaves its padding out of the mean unless told; a reshape to the same
    # shape is no row
    ("paddle_functional.py:Forms", ["{name: valid, op: conv2d, out_channels: 4, kernel_size: 3}",
                                    "{name: same, op: conv2d, out_channels: 4, kernel_size: 2, padding: same}",
                                    "{name: mix, op: conv2d, out_channels: 4, kernel_size: 1, bias: false}",
                                    ("{name: pool, op: avg_pool2d, kernel_size: 3, stride: 1, padding: 1, "
                                     "count_include_pad: false}"),
                                    "{op: concat, from: [same, pool]}", "{name: norm, op: layer_norm}",
                                    "{op: softmax}", "{op: flatten}",
                                    "{name: fc, op: linear, out_features: 5, bias: false}"]),
    # a top-level nn.Sequential that holds another is no numbered group: its rows are named by their paths
    ("paddle_functional.py:Nested", ["{name: features_0, op: conv2d, out_channels: 4, kernel_size: 3, activation: relu}",
                                     "{name: features_1_1, op: max_pool2d, kernel_size: 2}", "{op: flatten}",
                                     "{name: fc, op: linear, out_features: 5}"]),
    # nn.ReLU6 and F.hardtanh(x, 0, 6) are relu6; nn.Hardsigmoid's slope of 0.1666667 and F.hardsigmoid's of 1 / 6
    # are both 1/6
    ("paddle_functional.py:HardActivations", ["{name: conv, op: conv2d, out_channels: 4, kernel_size: 3, "
                                              "activation: relu6}", "{name: hardswish, op: hardswish}",
                                              "{op: relu6}", "{name: gate, op: hardsigmoid}",
                                              "{op: multiply, from: [hardswish, gate]}", "{op: hardsigmoid}"]),
    # a bare nn.Sequential's paths are numbers, which no name may start with
    ("paddle_functional.py:numbered", [("{name: layer_0, op: conv2d, out_channels: 4, kernel_size: 3, "
                                        "activation: relu}"), "{op: flatten}",
                                       "{name: layer_3, op: linear, out_features: 5}"]),
])
def test_paddle_rows_without_an_attribute_of_their_own_are_named_by_rule(target: str, rows: list[str],
                                                                        tmp_path: Path, capsys) -> None:
    spec = tmp_path / "net.yaml"
    assert import_paddle(target, "3x8x8", spec) == 0, capsys.readouterr().err
    written = [line.strip().removeprefix("- ") for line in spec.read_text().split("layers:\n")[1].splitlines()]
    assert written[:len(rows)] == rows, written


@needs("paddle")
def test_a_paddle_checkpoint_is_read_without_unpickling_objects_and_replaces_the_weights(tmp_path: Path,
                                                                                          capsys) -> None:
    """paddle.save's .pdparams goes through the restricted reader; Paddle's [in, out] Linear weights come out as
    the canonical [out, in], its BN `_mean` / `_variance` as running_mean / running_var."""
    import paddle

    from parity_tests.import_fixtures.paddle_resnet import SmallResNet

    trained = SmallResNet()
    paddle.seed(5)
    state = {k: paddle.randn(v.shape) if not k.endswith("_variance") else paddle.rand(v.shape) + 0.5
             for k, v in trained.state_dict().items()}
    paddle.save(state, str(tmp_path / "trained.pdparams"))
    spec = tmp_path / "net.yaml"
    assert import_paddle("paddle_resnet.py:SmallResNet", "3x32x32", spec, "--weights",
                         str(tmp_path / "trained.pdparams")) == 0, capsys.readouterr().err
    canonical = weights.load(tmp_path / "net.safetensors")
    np.testing.assert_array_equal(canonical["fc.weight"], state["fc.weight"].numpy().T)
    np.testing.assert_array_equal(canonical["stem.0.weight"], state["stem.0.weight"].numpy())
    np.testing.assert_array_equal(canonical["blocks.1.bn2.running_var"], state["blocks.1.bn2._variance"].numpy())
    np.testing.assert_array_equal(canonical["blocks.1.short.0.weight"], state["blocks.1.short.0.weight"].numpy())


@needs("paddle")
def test_a_paddle_checkpoint_that_does_not_fit_is_named(tmp_path: Path, capsys) -> None:
    import paddle

    paddle.save({"conv1.weight": paddle.zeros([6, 1, 5, 5])}, str(tmp_path / "partial.pdparams"))
    assert import_paddle("../fixtures_listings.py:seed_000_paddle_lenet", "1x28x28", tmp_path / "n.yaml", "--weights",
                         str(tmp_path / "partial.pdparams")) == 2
    err = capsys.readouterr().err
    assert "partial.pdparams does not fit the model" in err and "conv1.bias" in err
    assert not list(tmp_path.glob("n.*"))


@pytest.mark.parametrize("model, shape, problems", [
    ("DataDependentIf", "3x8x8", [("if x.mean() > 0:", ": data-dependent control flow `if x.mean() > 0:`")]),
    ("Gelu", "3x8x8", [("return self.act(self.conv(x))", " (nn.GELU): nn.GELU has no Rosetta op (layer act)")]),
    ("ConstantAdd", "3x8x8", [("return self.conv(x) + 1.0", " (paddle.scale): adds a constant (1.0) to a tensor")]),
    ("SharedConv", "4x8x8", [("return self.conv(F.relu(self.conv(x)))",
                              " (nn.Conv2D): nn.Conv2D 'conv' is called a second time")]),
    ("DownscaleDropout", "3x8x8", [("return self.drop(self.conv(x))",
                                    " (nn.Dropout): Dropout(mode='downscale_in_infer') scales by 1 - p at inference")]),
    ("AsymmetricPad", "3x8x8", [("return self.conv(x)", (" (nn.Conv2D): asymmetric padding [0, 2, 0, 2] (top, "
                                                         "bottom, left, right) that is not 'same'"))]),
    ("Several", "4x8x8", [("x = self.act(self.conv(x))", " (nn.LeakyReLU): nn.LeakyReLU has no Rosetta op"),
                          ("x = x * 2.0", " (paddle.scale): multiplies a tensor by a constant (2.0)"),
                          ("return paddle.add(self.conv(x), x)",
                           " (nn.Conv2D): nn.Conv2D 'conv' is called a second time")]),
    ("ChannelsLastConv", "8x8x3", [("return self.conv_nhwc(x)",
                                    " (nn.Conv2D): a convolution in NHWC; a spec's maps are NCHW")]),
    ("ChannelsLastPool", "8x8x3", [("return self.pool_nhwc(x)",
                                    " (nn.MaxPool2D): pooling over NHWC, or with a computed window")]),
    ("RowLayerNorm", "3x8x8", [("return self.norm(x)",
                                " (nn.LayerNorm): layer norm over less than every non-batch axis")]),
    ("SoftmaxOverWidth", "3x8x8", [("return F.softmax(self.conv(x), axis=-1)",
                                    " (paddle.softmax): softmax over axis -1; a spec's softmax is over the channels")]),
    ("GroupNormWithoutScale", "4x8x8", [("return self.unscaled(x)", (" (nn.GroupNorm): group norm without affine "
                                                                     "weights (or running statistics)"))]),
    ("TransposedMatmul", "3x4x4", [("return paddle.matmul(paddle.flatten(x, 1), self.weight, transpose_y=True)",
                                    (" (paddle.matmul): matmul other than a [batch, in] input times an [in, out] "
                                     "weight"))]),
    ("ConditionBesideARefusedOp", "3x8x8", [("z = F.gelu(y)", " (paddle.gelu): paddle's gelu has no Rosetta op"),
                                            ("if y.mean() > 0:", ": data-dependent control flow `if y.mean() > 0:`")]),
    ("ReturnsItsInput", "3x8x8", [(None, "forward: returns something that is not a layer's output")]),
    ("SliceOfChannels", "3x8x8", [("return self.conv(x)[:, :2]", " (paddle.slice): slice of a tensor has no Rosetta op")]),
    ("ConstantTensors", "3x8x8", [
        ("x = self.conv(x) * paddle.full([1], 0.1)", (" (paddle.multiply): multiplies a tensor by a constant (0.1); a "
                                                      "spec's multiply takes layers' outputs only")),
        ("x = paddle.full([1], 0.3) + F.gelu(x)", (" (paddle.add): adds a constant (0.3) to a tensor; a spec's add "
                                                   "takes layers' outputs only")),
        ("x = paddle.full([1], 0.3) + F.gelu(x)", " (paddle.gelu): paddle's gelu has no Rosetta op"),  # downstream
        ("return paddle.scale(x, scale=2.0, bias=1.0)", (" (paddle.scale): multiplies a tensor by a constant (2.0) and "
                                                         "adds a constant (1.0) to a tensor; a spec's multiply and add "
                                                         "take layers' outputs only"))]),
    ("ScaleByAShape", "3x8x8", [("return paddle.scale(self.conv(x), scale=paddle.shape(x)[2])",
                                 (" (paddle.scale): multiplies a tensor by a factor computed from a shape or a "
                                  "refused op"))]),
    ("LooseParameters", "3x8x8", [
        ("return paddle.concat([y * self.gain, y + self.offset], axis=1)",
         " (paddle.multiply): multiply of a tensor and a parameter outside any layer"),
        ("return paddle.concat([y * self.gain, y + self.offset], axis=1)",
         " (paddle.add): adds the parameter 'offset' to a tensor outside its layer")]),
    ("ChannelsLastBatchNorm", "8x8x3", [("return self.bn_nhwc(x)", (" (nn.BatchNorm2D): batch norm over NHWC, or one "
                                                                   "that normalises by batch statistics in eval mode"))]),
    ("BatchStatisticsInEval", "3x8x8", [("return self.bn(x)", (" (nn.BatchNorm2D): batch norm over NHWC, or one that "
                                                              "normalises by batch statistics in eval mode"))]),
    ("ComputedPoolSize", "3x8x8", [("return F.adaptive_avg_pool2d(self.conv(x), paddle.shape(x)[2:])",
                                    " (paddle.pool2d): pooling over NHWC, or with a computed window")]),
    # one line for the layer, though Paddle builds it of a pool and two multiplications
    ("DivisorOverride", "3x8x8", [("return self.pool(x)", " (nn.AvgPool2D): average pooling with a divisor override")]),
    ("ReshapeToRows", "3x8x8", [("return paddle.reshape(self.conv(x), [-1, 4, 36])",
                                 " (paddle.reshape): reshapes [4, 6, 6] to [4, 36]; a spec only flattens all but")]),
    ("ConcatWithZeros", "3x8x8", [("return paddle.concat([self.conv(x), paddle.zeros([2, 4, 6, 6])], axis=1)",
                                   " (paddle.concat): concatenates values that are not layers' outputs")]),
    ("ConcatAlongHeight", "3x8x8", [("return paddle.concat([y, y], axis=2)",
                                     " (paddle.concat): concatenates along axis 2; a spec concatenates channels")]),
    ("ChannelsLastResponseNorm", "8x8x3", [("return self.lrn_nhwc(x)", (" (nn.LocalResponseNorm): local response "
                                                                        "norm over NHWC, or of a value that is not"))]),
    ("ThroughNumPy", "3x8x8", [("return paddle.to_tensor(np.asarray(self.conv(x)))",
                                (": paddle.jit.to_static stopped: TypeError: The type of received input == `object`, "
                                 "it is not supported to convert to tensor"))]),
    # weights are read back from the model by the names Paddle's own layers give them
    ("WeightOfTheModel", "3x8x8", [("return F.gelu(F.conv2d(x, self.weight, padding=1))",
                                    " (paddle.conv2d): conv2d of 'weight', not a layer's own weight"),
                                   ("return F.gelu(F.conv2d(x, self.weight, padding=1))",
                                    " (paddle.gelu): paddle's gelu has no Rosetta op")]),  # downstream of it
    ("NamedOtherwise", "3x8x8", [("return F.conv2d(x, self.kernel)", (" (nn.Kernel): conv2d of 'conv.kernel', not a "
                                                                      "layer's own weight")),
                                 ("return F.conv2d(x, self.weight, self.shift)",
                                  " (paddle.add): conv2d of 'shifted.shift', not a layer's own bias")]),
    ("TiedWeights", "3x8x8", [("return F.conv2d(x, self.weight, padding=1)",
                               " (nn.Tied): uses the weights of 'conv' inside 'tied' (layer tied)")]),
    ("OtherHardSigmoids", "3x8x8", [
        ("return F.hardsigmoid(y, slope=0.2) + F.hardtanh(y)", (" (paddle.hardsigmoid): hardsigmoid with slope 0.2 "
                                                                "and offset 0.5; a spec's hardsigmoid is relu6(x + 3) / 6")),
        ("return F.hardsigmoid(y, slope=0.2) + F.hardtanh(y)", (" (paddle.hardtanh): hardtanh to [-1.0, 1.0]; a "
                                                                "spec's relu6 clips to [0, 6]"))]),
    ("NearlyHardSigmoid", "3x8x8", [
        ("return F.relu6(self.conv(x) + 3) / 5", (" (paddle.scale): adds a constant (3.0) to a tensor; a spec's add "
                                                  "takes layers' outputs only")),
        ("return F.relu6(self.conv(x) + 3) / 5", (" (paddle.scale): multiplies a tensor by a constant (0.2); a spec's "
                                                  "multiply takes layers' outputs only"))]),
    # relu6(x + 3) / 6 is read as one hard-sigmoid only when each step is the only use of the one before
    ("HardSigmoidLookalikes", "3x8x8", [
        ("clipped = F.relu6(y + 3)", " (paddle.scale): adds a constant (3.0) to a tensor"),
        ("return F.hardsigmoid(y, slope=1 / 6, offset=0.4) + clipped / 6 + clipped + F.relu6(y + 2) / 6 + "
         "F.relu(y + 3) / 6",
         " (paddle.hardsigmoid): hardsigmoid with slope 0.16666667 and offset 0.4"),
        ("return F.hardsigmoid(y, slope=1 / 6, offset=0.4) + clipped / 6 + clipped + F.relu6(y + 2) / 6 + "
         "F.relu(y + 3) / 6",
         " (paddle.scale): multiplies a tensor by a constant (0.16666667)"),
        ("return F.hardsigmoid(y, slope=1 / 6, offset=0.4) + clipped / 6 + clipped + F.relu6(y + 2) / 6 + "
         "F.relu(y + 3) / 6",
         " (paddle.scale): adds a constant (2.0) to a tensor"),
        ("return F.hardsigmoid(y, slope=1 / 6, offset=0.4) + clipped / 6 + clipped + F.relu6(y + 2) / 6 + "
         "F.relu(y + 3) / 6",
         " (paddle.scale): adds a constant (3.0) to a tensor")]),
    ("ProblemsDownstreamOfProblems", "3x8x8", [("y = self.leaky(x)", " (nn.LeakyReLU): nn.LeakyReLU has no Rosetta op"),
                                               ("return F.gelu(y)", " (paddle.gelu): paddle's gelu has no Rosetta op")]),
    ("SplitsASpecCannotHold", "3x8x8", [
        ("a, b = paddle.split(x, [2, 4], axis=1)", f" (paddle.split): split {PADDLE_UNEQUAL_OR_ACROSS}"),
        ("c, d = paddle.split(x, 2, axis=2)", f" (paddle.split_with_num): split_with_num {PADDLE_UNEQUAL_OR_ACROSS}"),
        # a reshape to a grid that no transpose and reshape back make a channel shuffle
        ("e = paddle.transpose(paddle.reshape(x, [-1, 2, 3, 8, 8]), perm=[0, 2, 1, 3, 4])",
         " (paddle.reshape): reshapes [6, 8, 8] to [2, 3, 8, 8]; a spec only flattens all but the batch"),
        ("e = paddle.transpose(paddle.reshape(x, [-1, 2, 3, 8, 8]), perm=[0, 2, 1, 3, 4])",
         " (paddle.transpose): paddle's transpose has no Rosetta op"),
        (None, "forward: returns several values in eval mode; a spec has one output there")]),
    # a transpose of other axes; a grid of 6 x 4 rows of 8; a grid read twice; sections computed from a shape
    ("ShufflesASpecCannotHold", "3x8x8", [
        *((code, f" (paddle.reshape): reshapes {shape}; a spec only flattens all but the batch") for code, shape in [
            ("a = paddle.reshape(paddle.transpose(paddle.reshape(x, [-1, 2, 3, 8, 8]), [0, 1, 2, 4, 3]), [-1, 6, 8, 8])",
             "[6, 8, 8] to [2, 3, 8, 8]"),
            ("b = paddle.reshape(paddle.transpose(paddle.reshape(x, [-1, 2, 6, 4, 8]), [0, 2, 1, 3, 4]), [-1, 6, 8, 8])",
             "[6, 8, 8] to [2, 6, 4, 8]"),
            ("grid = paddle.reshape(x, [-1, 3, 2, 8, 8])", "[6, 8, 8] to [3, 2, 8, 8]")]),
        *((code, " (paddle.transpose): paddle's transpose has no Rosetta op") for code in [
            "a = paddle.reshape(paddle.transpose(paddle.reshape(x, [-1, 2, 3, 8, 8]), [0, 1, 2, 4, 3]), [-1, 6, 8, 8])",
            "b = paddle.reshape(paddle.transpose(paddle.reshape(x, [-1, 2, 6, 4, 8]), [0, 2, 1, 3, 4]), [-1, 6, 8, 8])",
            "c = paddle.reshape(paddle.transpose(grid, [0, 2, 1, 3, 4]), [-1, 6, 8, 8]) * again"]),
        ("d = paddle.split(x, [paddle.shape(x)[1] // 2, paddle.shape(x)[1] // 2], axis=1)[0]",
         " (paddle.floor_divide): floor_divide of a value that is not a layer's output"),
        (None, "forward: returns several values in eval mode; a spec has one output there")]),
    ("MeansASpecCannotHold", "3x8x8", [
        ("return x.mean(1) + x.mean()", f" (paddle.mean): averages over axes [1]; {OVER_H_AND_W}"),
        ("return x.mean(1) + x.mean()", f" (paddle.mean): averages over every axis; {OVER_H_AND_W}")]),
])
@needs("paddle")
def test_paddle_models_a_spec_cannot_describe_are_refused_with_their_lines(model: str, shape: str, problems: list,
                                                                          tmp_path: Path, capsys) -> None:
    assert import_paddle(f"paddle_hostile.py:{model}", shape, tmp_path / "h.yaml") == 2
    err = capsys.readouterr().err
    for code, message in problems:
        assert f"{line_of(code, 'paddle_hostile.py') if code else ''}{message}" in err, err
    assert f"{len(problems)} construct{'s' if len(problems) > 1 else ''} above that a spec cannot express" in err
    assert "Traceback" not in err and not list(tmp_path.iterdir())


@pytest.mark.parametrize("framework, target, code", [
    pytest.param("torch", "hostile.py:DataDependentIf", "if x.mean() > 0:", marks=needs("torch")),
    pytest.param("paddle", "paddle_hostile.py:MeansASpecCannotHold", "return x.mean(1) + x.mean()",
                 marks=needs("paddle"))])
def test_a_virtual_environment_reached_through_a_symlink_still_names_the_users_line(
        framework: str, target: str, code: str, tmp_path: Path) -> None:
    """Through a symlinked virtual environment the framework's files are named by the link, not by where they
    lie; they are still the framework's, and the refusal names the user's line, not one inside the framework."""
    (tmp_path / "venv").symlink_to(sys.prefix, target_is_directory=True)
    python = tmp_path / "venv" / Path(sys.executable).relative_to(sys.prefix)
    run = subprocess.run([str(python), "-m", "rosetta", "import", str(FIXTURES / target), "--from", framework,
                          "--input", "3x8x8", "-o", str(tmp_path / "h.yaml")], capture_output=True, text=True,
                         check=False, cwd=Path(__file__).parents[1], timeout=300)
    assert run.returncode == 2 and f"{line_of(code, target.split(':')[0])}" in run.stderr, run.stderr


@needs("paddle")
def test_a_paddle_zoo_models_refusal_names_the_zoos_line_not_rosettas(tmp_path: Path, capsys) -> None:
    """A model a paddle.vision factory builds in the user's file: the zoo's file is the code to read, not Paddle's
    internals nor Rosetta's own lines (ShuffleNet v2 with swish, which has no op yet, refused at the zoo's calls of
    its units' layers). ShuffleNet v2 x0.25 (paddle.split, a reshape-transpose-reshape shuffle) and MobileNet v2,
    refused here before the channel ops and ReLU6 were ops, now import with paddle.vision's own counts."""
    import paddle
    from paddle.vision.models import shufflenetv2

    source = tmp_path / "zoo.py"
    source.write_text("import paddle\n\n\ndef Net():\n"
                      "    return paddle.vision.models.shufflenet_v2_swish(num_classes=10)"
                      "\n\n\ndef Shuffle():\n    return paddle.vision.models.shufflenet_v2_x0_25(num_classes=10)"
                      "\n\n\ndef Mobile():\n    return paddle.vision.models.mobilenet_v2(num_classes=10)\n")
    out = tmp_path / "out"
    out.mkdir()
    assert main(["import", f"{source}:Net", "--from", "paddle", "--input", "3x32x32", "-o", str(out / "n.yaml")]) == 2
    lines = Path(shufflenetv2.__file__).read_text().splitlines()
    (call,) = [i for i, text in enumerate(lines, 1) if text.strip() == "x2 = self._conv_pw(x2)"]
    assert f"shufflenetv2.py:{call} (nn.Swish): nn.Swish has no Rosetta op" in capsys.readouterr().err
    assert not list(out.iterdir())
    for factory, zoo in [("Shuffle", paddle.vision.models.shufflenet_v2_x0_25),
                         ("Mobile", paddle.vision.models.mobilenet_v2)]:
        spec = out / f"{factory}.yaml"
        assert main(["import", f"{source}:{factory}", "--from", "paddle", "--input", "3x32x32", "-o", str(spec)]) == 0
        own = sum(int(np.prod(p.shape)) for p in zoo(num_classes=10).parameters() if not p.stop_gradient)
        assert load_file(spec)[0].num_params == own


@needs("paddle")
def test_paddle_forwards_that_read_alike_are_each_named_at_their_own_lines(tmp_path: Path, capsys) -> None:
    """paddle.jit.to_static converts a source text once and reuses it, with the file and lines it came from: two
    blocks whose forwards read alike, and the same model copied into a second file imported in the same process,
    must each be named where they are."""
    source = (FIXTURES / "paddle_hostile.py").read_text()
    lines = [i for i, text in enumerate(source.splitlines(), 1) if text.strip() == "return F.gelu(self.conv(x))"]
    assert len(lines) == 2
    copy = tmp_path / "copied.py"
    copy.write_text("\n\n" + source)  # the same text two lines further down
    out = tmp_path / "out"
    out.mkdir()
    for target, file, shift in ((FIXTURES / "paddle_hostile.py", "paddle_hostile.py", 0), (copy, "copied.py", 2)):
        assert main(["import", f"{target}:BlocksWithOneForwardText", "--from", "paddle", "--input", "3x8x8",
                     "-o", str(out / "h.yaml")]) == 2
        err = capsys.readouterr().err
        for line in lines:
            assert f"{file}:{line + shift} (paddle.gelu): paddle's gelu has no Rosetta op" in err, err
        assert "2 constructs above that a spec cannot express" in err
    assert not list(out.iterdir())


# ---------------------------------------------------------------- --from keras

def import_keras(factory: str, out: Path, *extra: str) -> int:
    return main(["import", str(FIXTURES / f"keras_models.py:{factory}"), "--from", "keras", "-o", str(out), *extra])


@needs_all_frameworks
@pytest.mark.parametrize("factory", ["lenet5", "two_branches", "channels_last_forms", "sum_written_with_plus",
                                     "mobile_activations", "depthwise_forms", "channel_splits_and_shuffles",
                                     "written_hard_sigmoids", "keras_mobilenet", "keras_mobilenet_v3_small"])
def test_keras_models_import_render_and_pass_parity(factory: str, tmp_path: Path, capsys) -> None:
    """The spec holds the Keras model's own trainable count (Keras counts it)."""
    from parity_tests.import_fixtures import keras_models

    own = sum(int(np.prod(w.shape)) for w in getattr(keras_models, factory)().trainable_weights)
    spec = tmp_path / f"{factory}.yaml"
    assert import_keras(factory, spec) == 0, capsys.readouterr().err
    assert load_file(spec)[0].num_params == own
    assert main(["parity", str(spec), "--weights", str(spec.with_suffix(".safetensors")),
                 "--reports", str(tmp_path / "reports")]) == 0, capsys.readouterr().err


@needs("keras")
def test_keras_relu6_hard_swish_and_hard_sigmoid_import_in_every_spelling() -> None:
    """Conv2D(activation="relu6"), ReLU(6.0), keras.activations.relu(max_value=6) and keras.ops.relu6 are relu6;
    Activation("hard_swish") and keras.ops.hard_silu are hardswish; Activation("hard_sigmoid") and
    keras.ops.hard_sigmoid are hardsigmoid."""
    from parity_tests.import_fixtures.keras_models import mobile_activations

    layers = get_framework("keras").capture(mobile_activations(), None)
    assert [x.op for x in layers] == ["conv2d", "relu6", "max_pool2d", "relu6", "relu6", "hardswish", "hardsigmoid",
                                      "max_pool2d", "multiply", "relu", "relu6", "hardsigmoid", "max_pool2d",
                                      "hardswish", "flatten", "linear"]


@needs("keras")
def test_keras_hard_sigmoid_written_out_imports_as_one_row() -> None:
    """`layers.ReLU(6.0)(x + 3.0) * (1.0 / 6.0)` (keras.applications' MobileNetV3) and `keras.ops.relu6(x + 3.0) /
    6.0` are each one hardsigmoid of x, the add and the clip passing x on; its output is >= 0, so zero padding
    before a max pool of it is the spec's padding."""
    from parity_tests.import_fixtures.keras_models import written_hard_sigmoids

    layers = get_framework("keras").capture(written_hard_sigmoids(), None)
    assert [(x.op, x.inputs) for x in layers[:5]] == [("conv2d", ("input",)), ("hardsigmoid", ("conv",)),
                                                      ("multiply", ("conv", layers[1].name)),
                                                      ("hardsigmoid", ("gated",)), ("max_pool2d", (layers[3].name,))]


@needs_all_frameworks
@pytest.mark.parametrize("target, shape", [("SubclassedLeNet", "1x28x28"), ("resnet_without_input", "3x16x16")])
def test_a_keras_model_without_an_input_is_built_at_the_given_input(target: str, shape: str, tmp_path: Path,
                                                                   capsys) -> None:
    """A subclassed model (layers in `__init__`, a `call`) and a Sequential without an Input have no graph until
    they are called: import calls them on a symbolic input of --input's shape, running the user's own blocks'
    `call` in place, and reads `y += x` and keras.activations.relu as the add and relu they are. The spec holds
    the model's own count and passes parity; without --input, import asks for it."""
    from parity_tests.import_fixtures import keras_models

    native = getattr(keras_models, target)()
    channels, height, width = map(int, shape.split("x"))
    native(np.zeros((1, height, width, channels), np.float32))
    own = sum(int(np.prod(w.shape)) for w in native.trainable_weights)
    spec = tmp_path / f"{target.lower()}.yaml"
    assert import_keras(target, spec) == 2
    assert "give --input C x H x W" in capsys.readouterr().err
    assert import_keras(target, spec, "--input", shape) == 0, capsys.readouterr().err
    model = load_file(spec)[0]
    assert model.num_params == own
    assert ("add" in {node.op for node in model.primitives()}) == (target == "resnet_without_input")
    assert main(["parity", str(spec), "--weights", str(spec.with_suffix(".safetensors")),
                 "--reports", str(tmp_path / "reports")]) == 0, capsys.readouterr().err


@needs("keras")
def test_a_subclassed_keras_models_weights_file_is_read_after_it_is_built(tmp_path: Path, capsys) -> None:
    """Keras reads a `.weights.h5` only into a built model: import builds a subclassed one at --input first."""
    from parity_tests.import_fixtures.keras_models import SubclassedLeNet

    trained = SubclassedLeNet()
    trained(np.zeros((1, 28, 28, 1), np.float32))
    trained.save_weights(tmp_path / "trained.weights.h5")
    spec = tmp_path / "lenet.yaml"
    assert import_keras("SubclassedLeNet", spec, "--input", "1x28x28", "--weights",
                        str(tmp_path / "trained.weights.h5")) == 0, capsys.readouterr().err
    (last,) = [value for value in weights.load(spec.with_suffix(".safetensors")).values() if value.shape == (10, 84)]
    np.testing.assert_array_equal(last, trained.fc3.kernel.numpy().T)  # Keras' automatic names count up


@needs("keras")
@pytest.mark.parametrize("target, message", [
    ("SquareRootInCall", "layer 'sqrt' (Sqrt): keras.ops Sqrt has no Rosetta op"),
    ("BranchOnAValueInCall", (": BranchOnAValueInCall.call on a symbolic input stopped: TypeError: A symbolic "
                              "KerasTensor cannot be used as a boolean"))])
def test_a_keras_model_without_an_input_is_refused_by_its_line(target: str, message: str, tmp_path: Path,
                                                              capsys) -> None:
    assert import_keras(target, tmp_path / "h.yaml", "--input", "3x8x8") == 2
    err = capsys.readouterr().err
    where = line_of("if keras.ops.mean(x) > 0:", "keras_models.py") if target.startswith("Branch") else ""
    assert f"{where}{message}" in err, err
    assert "Traceback" not in err and not list(tmp_path.iterdir())


@needs("keras")
def test_a_saved_keras_file_imports_as_its_factory_does(tmp_path: Path, capsys) -> None:
    from parity_tests.import_fixtures.keras_models import two_branches

    two_branches().save(tmp_path / "saved.keras")
    assert main(["import", str(tmp_path / "saved.keras"), "--from", "keras", "-o", str(tmp_path / "saved.yaml")]) == 0
    assert import_keras("two_branches", tmp_path / "factory.yaml") == 0, capsys.readouterr().err
    body = [(tmp_path / f"{n}.yaml").read_text().split("class_name:")[1] for n in ("saved", "factory")]
    assert body[0] == body[1]


@needs("keras")
def test_a_keras_weights_file_replaces_the_models_weights(tmp_path: Path, capsys) -> None:
    """--weights takes the user's trained `.weights.h5` (HDF5, no pickle) into the canonical file; an --input
    that is the model's own is accepted (any other is refused: the model fixes its shape)."""
    from parity_tests.import_fixtures.keras_models import lenet5

    trained = lenet5()
    rng = np.random.default_rng(5)
    trained.set_weights([rng.standard_normal(w.shape).astype(np.float32) / 10 for w in trained.get_weights()])
    trained.save_weights(tmp_path / "trained.weights.h5")
    assert import_keras("lenet5", tmp_path / "n.yaml", "--input", "1x28x28",
                        "--weights", str(tmp_path / "trained.weights.h5")) == 0, capsys.readouterr().err
    canonical = weights.load(tmp_path / "n.safetensors")
    want = sorted(tuple(layer.get_weights()[1]) for layer in trained.layers if layer.get_weights())
    assert sorted(tuple(v) for k, v in canonical.items() if k.endswith(".bias")) == want  # biases keep their layout


@needs("keras")
@pytest.mark.parametrize("file, message", [
    ("wider.weights.h5", ("wider.weights.h5 does not fit the model: layer c1: variable.shape=(5, 5, 1, 6), "
                          "Received: value.shape=(5, 5, 1, 8)")),
    ("other.weights.h5", "other.weights.h5 does not fit the model: layer c1: 2 weights expected, 1 in the file"),
    ("trained.pt", "trained.pt: Keras weights files end in .weights.h5"),
])
def test_a_keras_weights_file_that_does_not_fit_is_named(file: str, message: str, tmp_path: Path, capsys) -> None:
    """Another model's weights (the two-branch model's, whose first layer has no bias), the same model's with
    eight filters in c1 instead of six, a file of another kind: each named in one line, nothing written."""
    keras = get_framework("keras").require()
    from parity_tests.import_fixtures.keras_models import lenet5, two_branches

    def wider(layer):
        config = layer.get_config()
        if layer.name == "c1":
            config["filters"] = 8
        return type(layer).from_config(config)

    keras.models.clone_model(lenet5(), clone_function=wider).save_weights(tmp_path / "wider.weights.h5")
    two_branches().save_weights(tmp_path / "other.weights.h5")
    (tmp_path / "trained.pt").write_bytes(b"not weights")
    assert import_keras("lenet5", tmp_path / "n.yaml", "--weights", str(tmp_path / file)) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1 and not list(tmp_path.glob("n.*")), err


@needs("keras")
def test_a_saved_keras_model_with_code_in_it_is_refused_unread(tmp_path: Path, capsys) -> None:
    """A Lambda layer carries marshalled Python code: Keras' safe mode will not load it, so neither does Rosetta."""
    keras = get_framework("keras").require()
    inputs = keras.Input(shape=(8, 8, 3))
    keras.Model(inputs, keras.layers.Lambda(lambda t: t * 2.0)(inputs)).save(tmp_path / "lambda.keras")
    assert main(["import", str(tmp_path / "lambda.keras"), "--from", "keras", "-o", str(tmp_path / "l.yaml")]) == 2
    err = capsys.readouterr().err
    assert "lambda.keras: not a Keras model Rosetta can load safely" in err and not (tmp_path / "l.yaml").exists()


@needs("keras")
def test_the_flatten_to_dense_row_permutation_is_needed(tmp_path: Path, monkeypatch, capsys) -> None:
    """Keras' Flatten of an H, W, C map feeds its Dense rows in H, W, C order; without turning them to the spec's
    C, H, W order the imported weights compute something else, and the proof refuses them."""
    from frameworks.keras3 import framework as keras_framework

    original = keras_framework.keras_to_canonical

    def unpermuted(node, param, value):
        return value.T if node.op == "linear" and param == "weight" else original(node, param, value)

    monkeypatch.setattr(keras_framework, "keras_to_canonical", unpermuted)
    assert import_keras("two_branches", tmp_path / "p.yaml") == 2
    assert "the spec's oracle output differs from keras's on a probe batch" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


@needs("keras")
@pytest.mark.parametrize("factory, message", [
    ("leaky", "layer 'act' (LeakyReLU): keras.layers.LeakyReLU has no Rosetta op"),
    ("dense_on_a_map", "layer 'dense' (Dense): a Dense on a map (it acts on the last axis); flatten first"),
    ("shared_layer", "layer 'conv' (Conv2D): is called more than once: its weights would be shared"),
    ("shared_relu", ("layer 'relu' (ReLU): is called more than once; a spec's row is one call: give each call a "
                     "layer of its own")),
    ("asymmetric_padding", ("layer 'conv' (Conv2D): asymmetric padding [0, 2, 0, 2] (top, bottom, left, right) "
                            "before it that is not 'same'")),
    ("padded_max_pool", "layer 'pool' (MaxPooling2D): zero padding before a max pool whose input may be negative"),
    ("conv_of_a_relu_padded_max_pool", "layer 'pool' (MaxPooling2D): zero padding before a max pool whose input"),
    ("sum_with_a_signed_term_padded_max_pool", "layer 'pool' (MaxPooling2D): zero padding before a max pool whose"),
    ("batch_norm_over_height", "layer 'bn' (BatchNormalization): batch norm over another axis than the channels"),
    ("batch_norm_without_beta", ("layer 'bn' (BatchNormalization): batch norm over another axis than the channels, "
                                 "or without gamma and beta")),
    ("group_norm_without_gamma", ("layer 'gn' (GroupNormalization): group norm over another axis than the "
                                  "channels, or without gamma and beta")),
    ("hard_swish_padded_max_pool", "layer 'pool' (MaxPooling2D): zero padding before a max pool whose input may"),
    ("relu_to_four", ("layer 'relu4' (ReLU): ReLU with max_value=4.0, negative_slope=0.0, threshold=0.0; a spec's "
                      "relu and relu6 take none but max_value=6")),
    ("spatial_dropout", "layer 'drop' (SpatialDropout2D): keras.layers.SpatialDropout2D has no Rosetta op"),
    ("unknown_local_response_norm", ("layer 'lrn' (LocalResponseNorm): keras.layers.LocalResponseNorm has no "
                                     "Rosetta op")),
    ("returns_its_input", "model: returns something that is not a layer's output"),
    ("constant_added_with_plus", ("(Add): keras.ops Add of a constant, or of tensors of two shapes; a spec's add "
                                  "takes layers' outputs of one shape")),
    ("relu_to_four_as_a_function", ("(ReLU): relu with max_value=4.0, negative_slope=0.0, threshold=0.0; a spec's "
                                    "relu and relu6 take none but max_value=6")),
    ("split_into_unequal_parts", ("(Split): keras.ops split other than into equal parts along the channels of a map; "
                                  "a spec's chunk cuts the channels (axis -1) into equal parts")),
    ("permute_that_is_no_shuffle", "layer 'grid' (Reshape): keras.layers.Reshape has no Rosetta op"),
    ("transpose_of_other_axes", "(Reshape): keras.ops Reshape has no Rosetta op"),
    ("grid_read_twice", "layer 'grid' (Reshape): keras.layers.Reshape has no Rosetta op"),
    ("grid_of_other_rows", "layer 'grid' (Reshape): keras.layers.Reshape has no Rosetta op"),
    ("grid_through_a_relu", "layer 'grid' (Reshape): keras.layers.Reshape has no Rosetta op"),
    ("relu6_of_a_shift_by_a_fifth", "(Add): keras.ops Add of a constant, or of tensors of two shapes"),
    ("relu_of_a_shift_over_six", "(Add): keras.ops Add of a constant, or of tensors of two shapes"),
    ("relu6_of_a_shift_over_five", "(Add): keras.ops Add of a constant, or of tensors of two shapes"),
    ("relu6_of_a_product_over_six", "(Multiply): keras.ops Multiply of a constant, or of tensors of two shapes"),
    ("of_any_height", "model: takes inputs of any size (None, None, 8, 3)"),
    ("keras_mobilenet_v3_small_of_any_size", ("model: takes inputs of any size (None, None, None, 3); a spec's input "
                                              "has one: build it with input_shape=(height, width, channels)")),
    ("keras_mobilenet_v3_small_rescaled", ("layer 'rescaling' (Rescaling): keras.layers.Rescaling has no Rosetta op; "
                                           "a spec's model takes its input scaled (keras.applications: "
                                           "include_preprocessing=False)")),
])
def test_keras_models_a_spec_cannot_describe_are_refused(factory: str, message: str, tmp_path: Path, capsys) -> None:
    assert import_keras(factory, tmp_path / "h.yaml") == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and not list(tmp_path.iterdir())


@needs("keras")
def test_keras_names_the_problems_downstream_of_a_problem(tmp_path: Path, capsys) -> None:
    """A layer reading a refused layer's output is still checked (on a stand-in of that output's shape), so all
    three are named in one try, as the torch and Paddle imports name theirs."""
    assert import_keras("problems_downstream_of_problems", tmp_path / "h.yaml") == 2
    err = capsys.readouterr().err.rstrip().splitlines()
    assert err[:3] == ["  layer 'act' (LeakyReLU): keras.layers.LeakyReLU has no Rosetta op (layer act)",
                       "  layer 'drop' (SpatialDropout2D): keras.layers.SpatialDropout2D has no Rosetta op (layer drop)",
                       "  layer 'dense' (Dense): a Dense on a map (it acts on the last axis); flatten first (layer dense)"]
    assert err[3].endswith("3 constructs above that a spec cannot express; no spec written")


@pytest.mark.zoo
@needs_all_frameworks
def test_keras_applications_resnet50_imports_and_passes_parity(tmp_path: Path, capsys) -> None:
    """keras.applications.ResNet50 with random weights: 25,583,592 trainable and 25,636,712 weights in all, as
    Keras' own model summary counts them; its spec renders into all three frameworks and passes parity."""
    spec = tmp_path / "resnet50_keras.yaml"
    assert import_keras("resnet50", spec) == 0, capsys.readouterr().err
    model = load_file(spec)[0]
    assert (model.num_params, model.num_params + model.num_buffers) == (25_583_592, 25_636_712)
    rows = sum(1 for line in spec.read_text().splitlines() if line.lstrip().startswith("- "))
    assert rows <= catalogue_rows("resnet", "resnet50")  # its blocks read from the layer names
    assert block_uses(model.nodes) == {f"conv{stage}.{i}": "Bottleneck" for stage, count in zip(
        range(2, 6), (3, 4, 6, 3)) for i in range(count)}  # resnet.yaml's name for what its blocks compute
    assert main(["parity", str(spec), "--weights", str(spec.with_suffix(".safetensors")), "--batch", "1",
                 "--reports", str(tmp_path / "reports")]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("text, parsed", [("depth=2", ("depth", 2)), ("act='relu'", ("act", "relu")),
                                          ("padding=same", ("padding", "same")), ("sizes=[1, 2]", ("sizes", [1, 2]))])
def test_an_argument_is_a_name_and_a_literal_or_else_a_string(text: str, parsed: tuple) -> None:
    assert parse_argument(text) == parsed


@pytest.mark.parametrize("text", ["depth", "=2", "1st=2", "a b=2"])
def test_an_argument_without_a_name_is_refused(text: str) -> None:
    with pytest.raises(RosettaError, match="expected name=value"):
        parse_argument(text)


def test_an_input_shape_is_three_positive_sizes() -> None:
    assert parse_shape("3x32x32") == (3, 32, 32) and parse_shape("1X28X28") == (1, 28, 28)
    for text in ("3x8", "3x8x8x1", "3x0x8", "0x1x1", "ax8x8", "3x-1x8", "3x8.5x8", ""):
        with pytest.raises(RosettaError, match="expected C x H x W"):
            parse_shape(text)


def test_auxiliary_loss_weights_are_positive_finite_numbers() -> None:
    assert parse_weights("0.3,0.3") == (0.3, 0.3) and parse_weights("1e-9") == (1e-9,)
    for text in ("0", "-1", "inf", "nan", "", "0.3,x", "0.3,,0.3", "0.3,0"):
        with pytest.raises(RosettaError, match="expected positive numbers"):
            parse_weights(text)


@pytest.mark.parametrize("name, class_name", [("resnet50", "Resnet50"), ("my-net", "MyNet"), ("a", "A"),
                                              ("50_layers", "Model50Layers"), ("---", "Model")])
def test_a_saved_models_name_becomes_a_class_name(name: str, class_name: str) -> None:
    assert class_name_of(name) == class_name


@pytest.mark.parametrize("target", ["net.txt:Net", "net.py:1Net", "net.py"])
def test_a_target_is_a_python_file_and_an_identifier(tmp_path: Path, target: str) -> None:
    with pytest.raises(RosettaError, match="expected path/to/file.py:ClassOrFactory"):
        load_user_model(str(tmp_path / target), {})


USER_NET = '''import torch
from torch import nn

CHANNELS = 4


class Small_Net(nn.Module):
    def __init__(self, fail: bool = False):
        super().__init__()
        if fail:
            raise ValueError("asked to fail")
        self.conv = nn.Conv2d(3, CHANNELS, 3)
        self.fc = nn.Linear(CHANNELS * 6 * 6, 5)

    def forward(self, x):
        return self.fc(torch.flatten(torch.relu(self.conv(x)), 1))
'''


@needs("torch")
def test_a_users_class_keeps_its_name_and_the_report_counts_the_rows(tmp_path: Path, capsys) -> None:
    """A class name is kept as written (Small_Net, not SmallNet); the rows the report counts are the spec's."""
    (tmp_path / "user_net.py").write_text(USER_NET)
    spec = tmp_path / "user_net.yaml"
    assert main(["import", f"{tmp_path / 'user_net.py'}:Small_Net", "--from", "torch", "--input", "3x8x8", "-o",
                 str(spec)]) == 0, capsys.readouterr().err
    assert load_file(spec)[0].class_name == "Small_Net"
    rows = sum(line.lstrip().startswith("- ") for line in spec.read_text().splitlines())
    assert f"wrote {spec} ({rows} rows, " in capsys.readouterr().out


@needs("torch")
@pytest.mark.parametrize("source, line, message", [
    (USER_NET.replace("CHANNELS = 4", "CHANNELS = 4\nraise KeyError('at import')"), 5,
     "importing it raised KeyError: 'at import'"),
    (USER_NET, 11, "Small_Net(**{'fail': True}) raised ValueError: asked to fail")])
def test_an_error_in_the_users_file_names_its_line(tmp_path: Path, capsys, source: str, line: int,
                                                   message: str) -> None:
    (tmp_path / "user_net.py").write_text(source)
    assert main(["import", f"{tmp_path / 'user_net.py'}:Small_Net", "--from", "torch", "--input", "3x8x8",
                 "--arg", "fail=True", "-o", str(tmp_path / "n.yaml")]) == 2
    assert f"user_net.py:{line}: {message}" in capsys.readouterr().err
    assert ("rosetta_user_user_net" in sys.modules) == ("importing it raised" not in message)  # none half-imported


@needs("torch")
def test_a_users_file_is_imported_as_a_module_registered_where_python_looks(tmp_path: Path, capsys) -> None:
    """A dataclass in a file with postponed annotations looks its module up in sys.modules while the file runs,
    as inspect and pickle do: the file is registered there as any import registers it."""
    assert import_fixture("configured.py:ConfiguredNet", "3x32x32", tmp_path / "configured.yaml") == 0, \
        capsys.readouterr().err
    assert load_file(tmp_path / "configured.yaml")[0].num_params == (3 * 25 * 6 + 6) + (6 * 14 * 14 * 10 + 10)


@needs("torch")
@pytest.mark.parametrize("name", ["net.yml", "1net.yaml"])
def test_the_spec_file_is_an_identifier_dot_yaml(tmp_path: Path, capsys, name: str) -> None:
    assert main(["import", str(FIXTURES / "lenet_view.py:LeNet"), "--from", "torch", "--input", "1x28x28", "-o",
                 str(tmp_path / name)]) == 2
    assert "a spec file is named <identifier>.yaml" in capsys.readouterr().err
