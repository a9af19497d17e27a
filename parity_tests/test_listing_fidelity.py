"""The rendered seed-listing specs are the listings restated: names, shapes, step order, outputs."""

from __future__ import annotations

import numpy as np
import pytest

from frameworks.base import get_framework, installed
from shared_specs.registry import get_model

from . import fixtures_listings as listings

needs = {name: pytest.mark.skipif(not installed(name), reason=f"{name} is not installed")
         for name in ("torch", "paddle", "keras")}


def same_state(listing_state: dict, rendered_state: dict) -> None:
    assert list(listing_state) == list(rendered_state)  # same names, same order
    for key, value in listing_state.items():
        assert tuple(value.shape) == tuple(rendered_state[key].shape), key


def copy_and_compare(listing, rendered, to_tensor, x: np.ndarray, run) -> None:
    rendered.set_state_dict({k: v for k, v in listing.state_dict().items()}) if hasattr(rendered, "set_state_dict") \
        else rendered.load_state_dict(listing.state_dict())
    np.testing.assert_allclose(run(rendered, to_tensor(x)), run(listing, to_tensor(x)), rtol=0, atol=0)


@needs["torch"]
@pytest.mark.parametrize("spec,make_listing", [("lenet5_torch", listings.seed_002_torch_lenet5),
                                               ("lenet_cifar", listings.seed_004_torch_lenet)])
def test_torch_listing(spec: str, make_listing) -> None:
    import torch

    listing, rendered = make_listing().eval(), get_framework("torch").build(get_model(spec))
    same_state(listing.state_dict(), rendered.state_dict())
    assert [n for n, _ in listing.named_children()] == [n for n, _ in rendered.named_children()]
    x = np.random.default_rng(0).standard_normal((3, *get_model(spec).input_shape)).astype(np.float32)

    def run(m, t):
        with torch.no_grad():
            return m(t).numpy()
    copy_and_compare(listing, rendered, torch.from_numpy, x, run)


@needs["paddle"]
@pytest.mark.parametrize("spec,num_classes", [("lenet_paddle", 1), ("lenet_paddle_mnist", 10)])
def test_paddle_listing(spec: str, num_classes: int) -> None:
    import paddle

    listing = listings.seed_000_paddle_lenet(num_classes)
    listing.eval()
    rendered = get_framework("paddle").build(get_model(spec))
    same_state(listing.state_dict(), rendered.state_dict())
    x = np.random.default_rng(0).standard_normal((3, 1, 28, 28)).astype(np.float32)

    def run(m, t):
        with paddle.no_grad():
            return m(t).numpy()
    copy_and_compare(listing, rendered, paddle.to_tensor, x, run)


@needs["keras"]
def test_keras_listing() -> None:
    listing = listings.seed_001_keras_lenet5()
    rendered = get_framework("keras").build(get_model("lenet5_keras"))
    assert [type(layer) for layer in listing.layers] == [type(layer) for layer in rendered.layers]
    keys = ("filters", "kernel_size", "strides", "padding", "activation", "pool_size", "units", "data_format")
    for mine, theirs in zip(rendered.layers, listing.layers):
        a, b = mine.get_config(), theirs.get_config()
        assert {k: a[k] for k in keys if k in a} == {k: b[k] for k in keys if k in b}, mine.name
    rendered.set_weights(listing.get_weights())
    x = np.random.default_rng(0).standard_normal((3, 28, 28, 1)).astype(np.float32)
    np.testing.assert_array_equal(np.asarray(rendered(x)), np.asarray(listing(x)))
