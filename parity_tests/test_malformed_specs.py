"""Bad specs: each error is one line naming file:line, the layer and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared_specs.errors import SpecError
from shared_specs.loader import load_file

HEAD = "family: broken\nmodels:\n  net:\n    class_name: Net\n    input: [1, 8, 8]\n    layers:\n"
FIRST_ROW = 7  # line of the first layer row under HEAD


def rows(*layer_rows: str) -> str:
    return HEAD + "".join(f"      - {r}\n" for r in layer_rows)


BLOCK_HEAD = ("family: broken\nblocks:\n  Unit:\n    args: {channels: null}\n    layers:\n"
              "      - {name: conv, op: conv2d, out_channels: '${channels}', kernel_size: 1}\n"
              "models:\n  net:\n    class_name: Net\n    input: [1, 8, 8]\n    layers:\n")
BLOCK_ROW = 12
ACTIVATION_HEAD = BLOCK_HEAD.replace("Unit:\n    args: {channels: null}", "Act:\n    args: {act: relu}").replace(
    "{name: conv, op: conv2d, out_channels: '${channels}', kernel_size: 1}", "{name: a, op: '${act}'}")


CASES = [
    ("unknown op", rows("{name: c, op: conv2}"), FIRST_ROW, "c", "unknown op 'conv2' (did you mean 'conv2d'?)"),
    ("unknown field", rows("{name: c, op: conv2d, out_channels: 2, kernal_size: 3}"), FIRST_ROW, "c",
     "unknown field 'kernal_size' for conv2d (did you mean 'kernel_size'?)"),
    ("missing field", rows("{name: c, op: conv2d, kernel_size: 3}"), FIRST_ROW, "c",
     "conv2d is missing required field 'out_channels'"),
    ("linear in_features", rows("{name: c, op: conv2d, out_channels: 4, kernel_size: 1}", "{op: flatten}",
                                "{name: fc, op: linear, in_features: 400, out_features: 10}"), FIRST_ROW + 2, "fc",
     "linear declares in_features 400 but the inferred input is (256), i.e. 256"),
    ("conv in_channels", rows("{name: c, op: conv2d, in_channels: 3, out_channels: 4, kernel_size: 1}"), FIRST_ROW,
     "c", "conv2d declares in_channels 3 but the inferred input is (1, 8, 8), i.e. 1"),
    ("duplicate name", rows("{name: c, op: conv2d, out_channels: 2, kernel_size: 1}",
                            "{name: c, op: conv2d, out_channels: 2, kernel_size: 1}"), FIRST_ROW + 1, "c",
     "duplicate layer name 'c'"),
    ("from unknown", rows("{name: c, op: conv2d, out_channels: 2, kernel_size: 1}", "{op: relu, from: cc}"),
     FIRST_ROW + 1, "relu_1", "'from' names 'cc', which is not a layer here (did you mean 'c'?)"),
    ("from later", rows("{op: relu, from: c}", "{name: c, op: conv2d, out_channels: 2, kernel_size: 1}"),
     FIRST_ROW, "relu_1", "'from' names 'c', which is defined later"),
    ("kind int", rows("{name: c, op: conv2d, out_channels: 2, kernel_size: five}"), FIRST_ROW, "c",
     "conv2d field 'kernel_size' must be an integer or [h, w], got 'five'"),
    ("activation choice", rows("{name: c, op: conv2d, out_channels: 2, kernel_size: 1, activation: gelu}"),
     FIRST_ROW, "c", "conv2d field 'activation' must be one of relu, relu6, hardswish, hardsigmoid, tanh, sigmoid, softmax, log_softmax, None, got 'gelu'"),
    ("linear needs flat", rows("{name: fc, op: linear, out_features: 3}"), FIRST_ROW, "fc",
     "expects a flat (features,) input, got (1, 8, 8): add a flatten step before it"),
    ("kernel too big", rows("{name: c, op: conv2d, out_channels: 2, kernel_size: 9}"), FIRST_ROW, "c",
     "does not fit the input (1, 8, 8)"),
    ("unknown name in expression", rows("{name: c, op: conv2d, out_channels: '${num_clases}', kernel_size: 1}"),
     FIRST_ROW, "c", "unknown name 'num_clases'"),
    ("call in expression", rows("{name: c, op: conv2d, out_channels: \"${__import__('os')}\", kernel_size: 1}"),
     FIRST_ROW, "c", "only ['int', 'len', 'make_divisible', 'max', 'min'] may be called"),
    ("attribute in expression", rows("{name: c, op: conv2d, out_channels: '${x.real}', kernel_size: 1}"),
     FIRST_ROW, "c", "Attribute is not allowed"),
    ("groups", rows("{name: c, op: conv2d, out_channels: 3, kernel_size: 1, groups: 2}"), FIRST_ROW, "c",
     "groups=2 must divide in_channels=1 and out_channels=3"),
    ("add shapes", rows("{name: a, op: conv2d, out_channels: 2, kernel_size: 1}",
                        "{name: b, op: conv2d, out_channels: 3, kernel_size: 1, from: input}", "{op: add, from: [a, b]}"),
     FIRST_ROW + 2, "add_1", "inputs (2, 8, 8), (3, 8, 8) must have equal shapes"),
    ("concat spatial", rows("{name: a, op: max_pool2d, kernel_size: 2}", "{op: concat, from: [a, input]}"),
     FIRST_ROW + 1, "concat_1", "differ outside the channel axis"),
    ("arity", rows("{op: add}"), FIRST_ROW, "add_1", "add takes two or more input(s), got 1 in 'from'"),
    ("unnamed conv", rows("{op: conv2d, out_channels: 2, kernel_size: 1}"), FIRST_ROW, None,
     "a 'conv2d' layer needs a name"),
    ("pool padding", rows("{name: p, op: max_pool2d, kernel_size: 2, padding: 2}"), FIRST_ROW, "p",
     "padding 2 must be at most half the kernel (2, 2)"),
    ("kernel too wide only", rows("{name: c, op: conv2d, out_channels: 2, kernel_size: [3, 9]}"), FIRST_ROW, "c",
     "kernel (3, 9) does not fit the input (1, 8, 8)"),
    ("pool padding on one side", rows("{name: p, op: max_pool2d, kernel_size: 3, padding: [2, 0]}"), FIRST_ROW, "p",
     "padding [2, 0] must be at most half the kernel (3, 3)"),
    ("groups and out_channels", rows("{name: a, op: conv2d, out_channels: 4, kernel_size: 1}",
                                     "{name: c, op: conv2d, out_channels: 3, kernel_size: 1, groups: 2}"),
     FIRST_ROW + 1, "c", "groups=2 must divide in_channels=4 and out_channels=3"),
    ("groups and in_channels", rows("{name: a, op: conv2d, out_channels: 4, kernel_size: 1}",
                                    "{name: c, op: conv2d, out_channels: 6, kernel_size: 1, groups: 3}"),
     FIRST_ROW + 1, "c", "groups=3 must divide in_channels=4 and out_channels=6"),
    ("multiply channels", rows("{name: a, op: conv2d, out_channels: 2, kernel_size: 1}",
                               "{name: b, op: conv2d, out_channels: 3, kernel_size: 1, from: input}",
                               "{name: g, op: adaptive_avg_pool2d, output_size: 1}", "{op: multiply, from: [a, g]}"),
     FIRST_ROW + 3, "multiply_1", "multiply inputs (2, 8, 8), (3, 1, 1) do not broadcast"),
    ("multiply rank", rows("{name: a, op: conv2d, out_channels: 2, kernel_size: 1}",
                           "{name: g, op: adaptive_avg_pool2d, output_size: 1}", "{op: flatten}",
                           "{name: f, op: linear, out_features: 2}", "{op: multiply, from: [a, f]}"),
     FIRST_ROW + 4, "multiply_1", "multiply inputs (2, 8, 8), (2) do not broadcast"),
    ("chunks", rows("{name: a, op: conv2d, out_channels: 6, kernel_size: 1}", "{op: chunk, chunks: 4, index: 0}"),
     FIRST_ROW + 1, "chunk_1", "chunks=4 must divide the 6 input channels"),
    ("chunk index", rows("{name: a, op: conv2d, out_channels: 6, kernel_size: 1}", "{op: chunk, chunks: 3, index: 3}"),
     FIRST_ROW + 1, "chunk_1", "index=3 must be below chunks=3"),
    ("chunk of features", rows("{op: flatten}", "{op: chunk, chunks: 2, index: 1}"), FIRST_ROW + 1, "chunk_1",
     "expects a (C, H, W) input, got (64)"),
    ("shuffle groups", rows("{name: a, op: conv2d, out_channels: 6, kernel_size: 1}",
                            "{op: channel_shuffle, groups: 4}"), FIRST_ROW + 1, "channel_shuffle_1",
     "groups=4 must divide the 6 input channels"),
    ("pair with a bool", rows("{name: c, op: conv2d, out_channels: 2, kernel_size: [3, true]}"), FIRST_ROW, "c",
     "must be an integer or [h, w], got [3, True]"),
    ("pair with a string", rows("{name: c, op: conv2d, out_channels: 2, kernel_size: [3, x]}"), FIRST_ROW, "c",
     "must be an integer or [h, w], got [3, 'x']"),
    ("pair of one", rows("{name: c, op: conv2d, out_channels: 2, kernel_size: [3]}"), FIRST_ROW, "c",
     "must be an integer or [h, w], got [3]"),
    ("block argument", BLOCK_HEAD + "      - {name: u, op: Unit, channel: 4}\n", BLOCK_ROW, "u",
     "unknown argument 'channel' for block 'Unit' (did you mean 'channels'?)"),
    ("block required", BLOCK_HEAD + "      - {name: u, op: Unit}\n", BLOCK_ROW, "u", "block 'Unit' needs argument 'channels'"),
    ("repeat count", BLOCK_HEAD + "      - {name: u, op: Unit, channels: 2, repeat: 0}\n", BLOCK_ROW, "u",
     "'repeat' must be an integer from 1 to 1000, got 0"),
    ("top-level key", "family: broken\nmodles: {}\n", 2, None, "unknown spec file key 'modles' (did you mean 'models'?)"),
    ("model key", HEAD.replace("    layers:\n", "    layer:\n"), 6, None,
     "unknown model 'net' key 'layer' (did you mean 'layers'?)"),
    ("family name", "family: other\nmodels: {}\n", 1, None, "family 'other' must match the file name 'broken'"),
    ("input shape", HEAD.replace("[1, 8, 8]", "[8, 8]") + "      - {op: relu}\n", 5, None,
     "'input' must be [C, H, W] of integers from 1 to 1048576"),
    ("invalid yaml", HEAD + "      - {name: c, op: conv2d, out_channels: [2\n", FIRST_ROW + 1, None, "invalid YAML"),
    ("duplicate key", HEAD + "      - {name: c, op: relu, name: d}\n", FIRST_ROW, None, "duplicate key 'name'"),
    ("group mixes names", rows("{name: g, op: sequential, layers: [{name: c, op: relu}, {op: relu}]}"), FIRST_ROW,
     "g", "group 'g' names some rows and not others"),
    ("group from", rows("{name: g, op: sequential, layers: [{name: a, op: relu}, {name: b, op: relu, from: input}]}"),
     FIRST_ROW, "b", "a 'sequential' group is a chain: 'from' is not allowed inside it"),
    ("group activation", rows("{name: g, op: sequential, layers: [{op: conv2d, out_channels: 2, kernel_size: 1, "
                              "activation: relu}]}"), FIRST_ROW, "row0", "write the activation as a layer of its own"),
    ("group nests", rows("{name: g, op: sequential, layers: [{op: sequential, layers: [{op: relu}]}]}"), FIRST_ROW,
     "row0", "'sequential' groups do not nest"),
    ("group repeats", rows("{name: g, op: sequential, repeat: 2, layers: [{op: relu}]}"), FIRST_ROW, "g",
     "a 'sequential' group cannot repeat"),
    ("layers without group", rows("{name: c, op: relu, layers: [{op: relu}]}"), FIRST_ROW, "c",
     "only a 'sequential' group has 'layers'"),
    ("sequential block row name", BLOCK_HEAD.replace("    args: {channels: null}\n", "    sequential: true\n    args: "
                                                     "{channels: null}\n") + "      - {op: relu}\n", 7, None,
     "a sequential block's layers are numbered and chained: 'name' is not allowed"),
    ("splice not a bool", BLOCK_HEAD.replace("    args: {channels: null}\n", "    sequential: true\n    splice: no way\n"
                                             "    args: {channels: null}\n").replace("{name: conv, ", "{") +
     "      - {op: relu}\n", 5, None, "'splice' must be true or false"),
    ("splice without sequential", BLOCK_HEAD.replace("    args: {channels: null}\n", "    splice: false\n    args: "
                                                     "{channels: null}\n") + "      - {op: relu}\n", 4, None,
     "'splice' is for a sequential block"),
    ("requires not a list", BLOCK_HEAD.replace("    args: {channels: null}\n", "    args: {channels: null}\n"
                                               "    requires: '${channels > 1}'\n") + "      - {op: relu}\n", 5, None,
     "'requires' must be a list of \"${...}\" conditions on the block's arguments"),
    ("requires a constant", BLOCK_HEAD.replace("    args: {channels: null}\n", "    args: {channels: null}\n"
                                               "    requires: [true]\n") + "      - {op: relu}\n", 5, None,
     "'requires' must be a list of \"${...}\" conditions on the block's arguments"),
    ("requires broken", BLOCK_HEAD.replace("    args: {channels: null}\n", "    args: {channels: null}\n"
                                           "    requires: ['${channels > 2}']\n")
     + "      - {name: u, op: Unit, channels: 2}\n", BLOCK_ROW + 1, "u", "block 'Unit' requires channels > 2"),
    ("repeat names", BLOCK_HEAD + "      - {name: u, op: Unit, channels: 2, repeat_names: unit}\n", BLOCK_ROW, "u",
     "'repeat_names' needs 'repeat'"),
    ("aux output", HEAD.replace("    layers:\n", "    aux_outputs: {c: 0.3}\n    layers:\n") + "      - {op: relu}\n",
     6, None, "aux output 'c' is not a model layer other than the output"),
    ("class name is a block", BLOCK_HEAD.replace("class_name: Net", "class_name: Unit") + "      - {op: relu}\n", 8,
     None, "has class_name 'Unit', the name of a block"),
    ("published source", HEAD.replace("    layers:\n", "    published_params: {count: 5}\n    layers:\n")
     + "      - {op: relu}\n", 6, None, "is missing required key 'source'"),
    # ranges: each of these once crashed the loader or loaded silently
    ("pool stride 0", rows("{name: p, op: max_pool2d, kernel_size: 2, stride: 0}"), FIRST_ROW, "p",
     "max_pool2d field 'stride' must be between 1 and 1048576, got 0"),
    ("pool kernel 0", rows("{name: p, op: avg_pool2d, kernel_size: 0}"), FIRST_ROW, "p",
     "avg_pool2d field 'kernel_size' must be between 1 and 1048576, got 0"),
    ("conv out_channels 0", rows("{name: c, op: conv2d, out_channels: 0, kernel_size: 1}"), FIRST_ROW, "c",
     "conv2d field 'out_channels' must be between 1 and 1048576, got 0"),
    ("conv out_channels -6", rows("{name: c, op: conv2d, out_channels: -6, kernel_size: 1}"), FIRST_ROW, "c",
     "conv2d field 'out_channels' must be between 1 and 1048576, got -6"),
    ("negative padding", rows("{name: c, op: conv2d, out_channels: 2, kernel_size: 3, padding: [1, -10]}"),
     FIRST_ROW, "c", "conv2d field 'padding' must be between 0 and 1048576, got [1, -10]"),
    ("dropout p 7", rows("{name: d, op: dropout, p: 7}"), FIRST_ROW, "d",
     "dropout field 'p' must be in [0, 1), got 7"),
    ("batch norm eps 0", rows("{name: b, op: batch_norm, eps: 0}"), FIRST_ROW, "b",
     "batch_norm field 'eps' must be greater than 0, got 0"),
    ("batch norm momentum 2", rows("{name: b, op: batch_norm, momentum: 2.0}"), FIRST_ROW, "b",
     "batch_norm field 'momentum' must be in [0, 1], got 2.0"),
    ("required field null", rows("{name: c, op: conv2d, out_channels: null, kernel_size: 1}"), FIRST_ROW, "c",
     "conv2d field 'out_channels' must be an integer, got None"),
    ("input dim 0", HEAD.replace("input: [1, 8, 8]", "input: [0, 8, 8]") + "      - {op: relu}\n", 5, None,
     "'input' must be [C, H, W] of integers from 1 to 1048576"),
    ("input dim negative", HEAD.replace("input: [1, 8, 8]", "input: [1, -8, 8]") + "      - {op: relu}\n", 5, None,
     "'input' must be [C, H, W] of integers from 1 to 1048576"),
    ("huge power", rows("{name: c, op: conv2d, out_channels: '${9 ** 9 ** 9}', kernel_size: 1}"), FIRST_ROW, "c",
     "is larger than a spec value may be (64-bit)"),
    ("repeat too many", BLOCK_HEAD + "      - {name: u, op: Unit, channels: 2, repeat: 100000000}\n", BLOCK_ROW, "u",
     "'repeat' must be an integer from 1 to 1000, got 100000000"),
    ("weight too large", rows("{op: flatten}", "{name: fc, op: linear, out_features: 1048576}",
                              "{name: fc2, op: linear, out_features: 1048576}"), FIRST_ROW + 2, "fc2",
     "linear weight would hold 1,099,511,627,776 elements; at most 2,147,483,648"),
    ("op not a name", rows("{name: c, op: [conv2d]}"), FIRST_ROW, "c", "'op' must be an op or block name, got a list"),
    ("activation argument names a layer", ACTIVATION_HEAD + "      - {name: u, op: Act, act: conv2d}\n", BLOCK_ROW,
     "u", "block 'Act' argument 'act' names an activation (one of relu, relu6, hardswish, hardsigmoid, tanh, "
     "sigmoid), got 'conv2d'"),
    ("activation passed on names a layer", ACTIVATION_HEAD.replace("models:", "  Outer:\n    args: {act: relu}\n"
                                                                   "    layers:\n"
                                                                   "      - {name: inner, op: Act, act: '${act}'}\n"
                                                                   "models:")
     + "      - {name: u, op: Outer, act: conv2d}\n", BLOCK_ROW + 4, "u",
     "block 'Outer' argument 'act' names an activation"),
    ("activation passed on through a block defined later", (
        "family: broken\nblocks:\n"
        "  Outer:\n    args: {act: relu}\n    layers:\n      - {name: middle, op: Middle, act: '${act}'}\n"
        "  Middle:\n    args: {act: relu}\n    layers:\n      - {name: inner, op: Act, act: '${act}'}\n"
        "  Act:\n    args: {act: relu}\n    layers:\n      - {name: a, op: '${act}'}\n"
        "models:\n  net:\n    class_name: Net\n    input: [1, 8, 8]\n    layers:\n"
        "      - {name: u, op: Outer, act: conv2d}\n"), 20, "u", "block 'Outer' argument 'act' names an activation"),
    ("op named by a name that is no argument", ACTIVATION_HEAD.replace("'${act}'", "'${act2}'")
     + "      - {name: u, op: Act}\n", 6, "a", "a layer inside a block names its op, or one of the block's arguments"),
    ("int of a string", rows("{name: c, op: conv2d, out_channels: '${int(width * 40)}', kernel_size: 1}").replace(
        "    layers:", "    params: {width: '${channels * -1}'}\n    layers:"), FIRST_ROW + 1, "c",
     "in '${int(width * 40)}': ValueError: invalid literal for int() with base 10: '${channels * -1}${channels"),
    ("op chosen by a model parameter after a block", ACTIVATION_HEAD.replace("    layers:\n      - {name: u", "x")
     .replace("input: [1, 8, 8]\n", "input: [1, 8, 8]\n    params: {act: relu}\n")
     + "      - {name: u, op: Act}\n      - {name: a, op: '${act}'}\n", BLOCK_ROW + 2, "a",
     "a model's row chooses a block by a parameter, not an op ('relu')"),
    ("op chosen by an expression in a block", ACTIVATION_HEAD.replace("'${act}'", "\"${'re' + 'lu'}\"")
     + "      - {name: u, op: Act}\n", 6, "a", "a layer inside a block names its op, or one of the block's arguments "
     "as an activation"),
    ("op chosen by a model parameter", rows("{name: a, op: '${act}'}").replace("    layers:", "    params: {act: relu}\n"
                                                                              "    layers:"), FIRST_ROW + 1, "a",
     "a model's row chooses a block by a parameter, not an op ('relu')"),
    ("from not a name", rows("{name: c, op: relu, from: [[input]]}"), FIRST_ROW, "c",
     "'from' must name a layer or list layers"),
    ("newline in a value", rows("{name: c, op: \"conv\\n2d\"}"), FIRST_ROW, "c", "unknown op 'conv\\n2d'"),
]


@pytest.mark.parametrize("text,line,layer,message", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_malformed_spec_names_file_line_layer_and_problem(tmp_path: Path, monkeypatch, text: str, line: int,
                                                         layer: str | None, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    Path("broken.yaml").write_text(text)
    with pytest.raises(SpecError) as caught:
        load_file("broken.yaml")
    error = str(caught.value)
    assert "\n" not in error
    assert error.startswith(f"broken.yaml:{line}: "), error
    if layer is not None:
        assert f"layer '{layer}': " in error, error
    assert message in error, error


def test_there_are_at_least_twenty_malformed_cases() -> None:
    assert len(CASES) >= 20


FILE_CASES = [  # whole files a loader meets in the wild; each once ended in a traceback or a crash
    ("not UTF-8", b"family: broken\n" + b"\xff\xfe\x00" * 50, 2, "not UTF-8 text: byte 0xff at offset 15"),
    ("control characters", b"family: broken\nmodels:\x00\x01\n", 2, "invalid YAML: control characters are not allowed"),
    ("too large", b"family: broken\n" + b"#" * 9_000_000, 0, "9,000,015 bytes; a spec file may hold at most 8,388,608"),
    ("nested brackets", b"[" * 100_000 + b"]" * 100_000, 1, "brackets nested more than 1000 deep"),
    ("deep indentation", b"family: broken\nmodels:\n" + b" " * 2000 + b"x: 1\n", 3, "indented more than 1000 spaces"),
]


@pytest.mark.parametrize("data,line,message", [c[1:] for c in FILE_CASES], ids=[c[0] for c in FILE_CASES])
def test_hostile_spec_files_are_one_line(tmp_path: Path, monkeypatch, data: bytes, line: int, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    Path("broken.yaml").write_bytes(data)
    with pytest.raises(SpecError) as caught:
        load_file("broken.yaml")
    error = str(caught.value)
    assert "\n" not in error and error.startswith(f"broken.yaml:{line}: "), error
    assert message in error, error


@pytest.mark.parametrize("row, shape", [
    ("{name: p, op: max_pool2d, kernel_size: 4, padding: 2}", (1, 3, 3)),  # PyTorch's limit: padding <= kernel // 2
    ("{name: c, op: conv2d, out_channels: 2, kernel_size: 3, padding: valid}", (2, 6, 6)),
    ("{name: c, op: conv2d, out_channels: 2, kernel_size: [3, 2], stride: [2, 3], padding: [1, 0], dilation: [2, 1]}",
     (2, 3, 3)),  # H: (8 + 2 - 2*2 - 1) // 2 + 1 = 2 + 1; W: (8 - 1 - 1) // 3 + 1 = 2 + 1 (torch agrees)
], ids=["pool padding at half the kernel", "valid", "every pair unequal"])
def test_edge_values_load_with_the_shape_pytorch_gives(row: str, shape: tuple, tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(rows(row))
    assert load_file(path)[0].output_shape == shape
