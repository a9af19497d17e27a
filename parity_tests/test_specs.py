"""Spec registry, parameter audit and published figures."""

from __future__ import annotations

import pytest

from shared_specs.registry import get_model, list_models
from shared_specs.summary import layer_rows


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
