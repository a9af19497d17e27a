"""Spec registry, parameter audit and published figures."""

from __future__ import annotations

import pytest

from shared_specs.loader import load_file
from shared_specs.registry import SPEC_DIR, get_model, list_models
from shared_specs.summary import layer_rows, multiply_adds


@pytest.mark.parametrize("name", list_models())
def test_count_equals_published_figure(name: str) -> None:
    model = get_model(name)
    assert model.published is not None, f"{name} cites no published parameter count"
    assert model.published.source, f"{name}'s published count has no source"
    assert model.num_params == model.published.count


def test_lenet5_classic_rows_match_seed_001_arithmetic() -> None:
    # seed 001's analysis, recomputed by hand: C1 (5*5+1)*6, S2 none, C3 (5*5*6+1)*16, S4 none,
    # (flatten none), C5 (400+1)*120, F6 (120+1)*84, OUTPUT (84+1)*10. The tutorial's "146" for C1 is a slip.
    rows = {r["name"]: r["params"] for r in layer_rows(get_model("lenet5_classic"))}
    assert rows == {"c1": (5 * 5 + 1) * 6, "s2": 0, "c3": (5 * 5 * 6 + 1) * 16, "s4": 0, "flatten": 0,
                    "c5": (400 + 1) * 120, "f6": (120 + 1) * 84, "output": (84 + 1) * 10}
    assert sum(rows.values()) == 61706


def test_paddle_lenet_counts_for_one_and_ten_classes() -> None:
    # issue 3: 41,221 parameters at num_classes=1 and 41,806 at 10; the last layer is (64+1)*num_classes
    assert get_model("lenet_paddle").num_params == 41221
    assert get_model("lenet_paddle_mnist").num_params == 41221 - 65 + 650


def test_buffers_are_separate_from_trainable_params() -> None:
    # BatchNorm channels of torchvision's ResNet-18, counted by hand: stem 64; stage 1 two blocks of 2 BNs
    # (64 each); stages 2-4: first block 2 BNs + the projection BN, second block 2 BNs.
    # Each channel holds running_mean and running_var: 2 buffer values.
    channels = 64 + 2 * 128 + (3 * 128 + 2 * 128) + (3 * 256 + 2 * 256) + (3 * 512 + 2 * 512)
    assert get_model("resnet18").num_buffers == 2 * channels


@pytest.mark.parametrize("name", list_models())
def test_shapes_inferred_down_to_the_output(name: str) -> None:
    model = get_model(name)
    assert model.output_shape == (model.arguments["num_classes"],)


def _basic_conv(k: int, c_in: int, c_out: int) -> int:
    """A conv without bias followed by batch norm: k*k*in*out weights, a scale and a shift per channel."""
    return k * k * c_in * c_out + 2 * c_out


def test_bninception_count_and_widths_follow_the_papers_table() -> None:
    # Ioffe & Szegedy 2015, Figure 5: per module #1x1, #3x3 reduce, #3x3, double #3x3 reduce, double #3x3,
    # pool projection; the stride-2 modules 3c and 4e pass the pooled input through. Output widths 256 ... 1024
    # are the table's own column.
    regular = {"3a": (64, 64, 64, 64, 96, 32), "3b": (64, 64, 96, 64, 96, 64), "4a": (224, 64, 96, 96, 128, 128),
               "4b": (192, 96, 128, 96, 128, 128), "4c": (160, 128, 160, 128, 160, 128),
               "4d": (96, 128, 192, 160, 192, 128), "5a": (352, 192, 320, 160, 224, 128),
               "5b": (352, 192, 320, 192, 224, 128)}
    reduce = {"3c": (128, 160, 64, 96), "4e": (128, 192, 192, 256)}
    table_widths = [256, 320, 576, 576, 576, 608, 608, 1056, 1024, 1024]
    total, channels, widths = _basic_conv(7, 3, 64) + _basic_conv(1, 64, 64) + _basic_conv(3, 64, 192), 192, []
    for name in ["3a", "3b", "3c", "4a", "4b", "4c", "4d", "4e", "5a", "5b"]:
        if name in regular:
            c1, r3, c3, rd, d, pp = regular[name]
            total += (_basic_conv(1, channels, c1) + _basic_conv(1, channels, r3) + _basic_conv(3, r3, c3)
                      + _basic_conv(1, channels, rd) + _basic_conv(3, rd, d) + _basic_conv(3, d, d)
                      + _basic_conv(1, channels, pp))
            channels = c1 + c3 + d + pp
        else:
            r3, c3, rd, d = reduce[name]
            total += (_basic_conv(1, channels, r3) + _basic_conv(3, r3, c3) + _basic_conv(1, channels, rd)
                      + _basic_conv(3, rd, d) + _basic_conv(3, d, d))
            channels += c3 + d
        widths.append(channels)
    total += channels * 1000 + 1000
    assert widths == table_widths
    model = get_model("bninception")
    assert [model.node(f"inception{m}").out_shape[0] for m in
            ["3a", "3b", "3c", "4a", "4b", "4c", "4d", "4e", "5a", "5b"]] == table_widths
    assert model.num_params == total == model.published.count


def test_nin_and_alexnet_counts_by_hand() -> None:
    def conv(k: int, c_in: int, c_out: int) -> int:
        return (k * k * c_in + 1) * c_out

    nin = (conv(11, 3, 96) + 2 * conv(1, 96, 96) + conv(5, 96, 256) + 2 * conv(1, 256, 256) + conv(3, 256, 384)
           + 2 * conv(1, 384, 384) + conv(3, 384, 1024) + conv(1, 1024, 1024) + conv(1, 1024, 1000))
    assert get_model("nin").num_params == nin
    convs = conv(11, 3, 96) + conv(5, 96, 256) + conv(3, 256, 384) + conv(3, 384, 384) + conv(3, 384, 256)
    fcs = conv(1, 9216, 4096) + conv(1, 4096, 4096)
    assert get_model("alexnet_cifar10").num_params == convs + fcs + conv(1, 4096, 10) == 58322314  # seed 004
    assert get_model("alexnet_single_tower").num_params == convs + fcs + conv(1, 4096, 1000)
    halved = (5 * 5 * 96 * 256 + 3 * 3 * 384 * 384 + 3 * 3 * 384 * 256) // 2  # conv2, conv4, conv5 in two towers
    assert get_model("alexnet_two_tower").num_params == convs + fcs + conv(1, 4096, 1000) - halved


@pytest.mark.parametrize("name,giga", [
    # torchvision's weights meta "_ops" (GFLOPS, counted as multiply-adds) for the same layouts, as printed
    ("alexnet", "0.714"), ("vgg16", "15.47"), ("vgg19_bn", "19.63"), ("resnet50", "4.089"), ("resnet152", "11.514"),
    ("densenet121", "2.834"), ("googlenet", "1.498"), ("inception_v3", "5.713"), ("resnext50_32x4d", "4.23"),
    ("wide_resnet50_2", "11.398"), ("squeezenet1_0", "0.819"), ("squeezenet1_1", "0.349"), ("mobilenet_v2", "0.301"),
    ("shufflenet_v2_x1_5", "0.296"), ("shufflenet_v2_x2_0", "0.583"), ("mobilenet_v3_large", "0.217"),
    ("mobilenet_v3_small", "0.057"),
])
def test_multiply_adds_match_torchvision(name: str, giga: str) -> None:
    """Equal to the figure rounded to the digits it is printed with."""
    digits = len(giga.partition(".")[2])
    assert round(multiply_adds(get_model(name)) / 1e9, digits) == float(giga)


def test_mobilenet_v3_numbers_a_blocks_layers_among_those_it_has_as_torchvision_does() -> None:
    """torchvision's InvertedResidual appends the layers a bneck has to one nn.Sequential, so its state dict keys
    number them among those present: Small's first bneck (no expansion, squeeze-excite) is depthwise, gate,
    projection at block.0, .1, .2; Large's first (neither) depthwise and projection at .0, .1; Large's fifth
    (expansion 72, squeeze-excite of make_divisible(72 // 4) = 24) all four."""
    models = {m.name: m for m in load_file(SPEC_DIR / "mobilenetv3.yaml")}  # read afresh, not the registry's
    small, large = (models[name].tensor_shapes() for name in ("mobilenet_v3_small", "mobilenet_v3_large"))
    assert {key: small[key] for key in ("features.1.block.0.0.weight", "features.1.block.1.fc1.weight",
                                         "features.1.block.2.0.weight")} == {
        "features.1.block.0.0.weight": (16, 1, 3, 3), "features.1.block.1.fc1.weight": (8, 16, 1, 1),
        "features.1.block.2.0.weight": (16, 16, 1, 1)}
    assert {key: large[key] for key in ("features.1.block.1.0.weight", "features.4.block.0.0.weight",
                                         "features.4.block.2.fc1.weight", "features.4.block.3.0.weight",
                                         "features.16.0.weight")} == {
        "features.1.block.1.0.weight": (16, 16, 1, 1), "features.4.block.0.0.weight": (72, 24, 1, 1),
        "features.4.block.2.fc1.weight": (24, 72, 1, 1), "features.4.block.3.0.weight": (40, 72, 1, 1),
        "features.16.0.weight": (960, 160, 1, 1)}
    assert not any(key.startswith("features.1.block.2.") for key in large)
