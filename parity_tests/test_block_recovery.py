"""Block recovery's pure rules: how an argument reads over a repeat's instances, and which runs of instances are
named by a stem. No framework is needed; every expected value is written out by hand."""

from __future__ import annotations

from typing import Any

import pytest

from shared_specs.block_recovery import Instance, _stem, repeat_value


@pytest.mark.parametrize("values, written", [
    ([3, 3, 3], 3),  # one value: a constant
    ([2, 1, 1], "${2 if i == 0 else 1}"),  # the first differs: torchvision's stride of a stage's first block
    ([2, 1], "${2 if i == 0 else 1}"),  # two instances
    ([True, False], "${i == 0}"),
    ([1, False, False], "${1 if i == 0 else False}"),  # `i == 0` only for True, then False
    ([True, False, False], "${i == 0}"),  # a projection in the first block only
    ([False, True, True], "${False if i == 0 else True}"),
    ([True, True, False], "${[True, True, False][i]}"),  # the first two alike: a list
    ([1, 2, 3], "${[1, 2, 3][i]}"),
    ([[1, 2], [3, 4], [3, 4]], "${[1, 2] if i == 0 else [3, 4]}"),  # list values written as lists
    ([[1, 2], [3, 4], [5, 6]], "${[[1, 2], [3, 4], [5, 6]][i]}"),
])
def test_an_argument_over_a_repeat_reads_as_a_constant_a_first_or_a_list(values: list[Any], written: Any) -> None:
    assert repeat_value(values) == written


@pytest.mark.parametrize("attributes, stem", [
    (["denselayer1", "denselayer2", "denselayer3"], "denselayer"),  # torchvision's DenseNet
    (["0", "1"], None),  # numbered as nn.Sequential numbers them
    (["block1", "block3"], None),  # not counted from 1 up
    (["block2", "block3"], None),
    (["block1", "layer2"], None),  # two stems
])
def test_only_instances_counted_from_one_under_one_stem_are_named_by_it(attributes: list[str],
                                                                         stem: str | None) -> None:
    assert _stem([Instance(f"features.{a}", "DenseLayer") for a in attributes]) == stem
