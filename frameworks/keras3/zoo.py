"""keras.applications models as weight sources: their weighted layers, in the order Keras created them,
map one to one onto a spec's convolutions, batch norms and linear layers (their names differ:
block1_conv1 / conv2_block1_1_conv against features_0 / features_denseblock1_denselayer1_conv1)."""

from __future__ import annotations

from typing import Any

import numpy as np

from shared_specs.errors import WeightsError
from shared_specs.ir import Model

from .framework import ORDER, KerasFramework, canonical_to_keras, keras_to_canonical

# spec variant -> the keras.applications builder of the same architecture
APPLICATIONS = {"vgg16": "VGG16", "vgg19": "VGG19", "densenet121": "DenseNet121"}
LAYER_OPS = {"Conv2D": "conv2d", "BatchNormalization": "batch_norm", "Dense": "linear"}


# catalogue variants whose keras.applications namesake computes another function: said, never paired
STRIDED_SAME = "pads its stride-2 convolutions as TensorFlow's 'same' (the odd row and column at the bottom and right)"
OTHER_FUNCTIONS = {
    "mobilenet_v1": ("MobileNet", f"{STRIDED_SAME}, clips with ReLU6 and normalises with epsilon 1e-3, where the "
                                  f"spec (paddle.vision) pads both sides, uses ReLU and 1e-5"),
    "mobilenet_v2": ("MobileNetV2", f"{STRIDED_SAME} and normalises with epsilon 1e-3, where the spec (torchvision) "
                                    f"pads both sides and uses 1e-5"),
    "mobilenet_v3_small": ("MobileNetV3Small", f"{STRIDED_SAME}, where the spec (paddle.vision, torchvision) pads "
                                               f"both sides"),
    "mobilenet_v3_large": ("MobileNetV3Large", f"{STRIDED_SAME}, where the spec (paddle.vision, torchvision) pads "
                                               f"both sides"),
}


def application_name(model: Model) -> str:
    if model.name in OTHER_FUNCTIONS:
        application, why = OTHER_FUNCTIONS[model.name]
        raise WeightsError(f"keras.applications' {application} {why}: another function, which no port of its weights "
                           f"to the spec's {model.name} can keep; `rosetta import FILE.py:FACTORY --from keras "
                           f"--weights WEIGHTS.weights.h5` writes a spec of its own function with those weights")
    if model.name not in APPLICATIONS:
        raise WeightsError(f"no keras.applications model has {model.name}'s layout; these do: "
                           f"{', '.join(f'{k} ({v})' for k, v in APPLICATIONS.items())}")
    return APPLICATIONS[model.name]


def build_application(model: Model, fw: KerasFramework) -> Any:
    """The keras.applications model for `model`, untrained, ending in logits as the spec does."""
    keras = fw.require()
    c, h, w = model.input_shape
    builder = getattr(keras.applications, application_name(model))
    with fw._scope():
        return builder(weights=None, input_shape=(h, w, c), classes=model.output_shape[0],
                       classifier_activation=None)


def _pairs(app: Any, model: Model) -> list[tuple[Any, Any, list[str]]]:
    """(spec node, application layer, parameter names) for every layer with weights, kinds checked."""
    ours = [node for node in model.primitives() if node.op in ORDER]
    theirs = [layer for layer in app.layers if layer.weights]
    if len(ours) != len(theirs):
        raise WeightsError(f"{app.name} has {len(theirs)} layers with weights, {model.name} {len(ours)}")
    pairs = []
    for node, layer in zip(ours, theirs):
        kind = LAYER_OPS.get(type(layer).__name__)
        if kind != node.op:
            raise WeightsError(f"{app.name} layer {layer.name} ({type(layer).__name__}) faces {node.path} ({node.op})")
        names = [p for p in ORDER[node.op] if p in {**node.params(), **node.buffers()}]
        if len(layer.weights) != len(names):
            raise WeightsError(f"{app.name} layer {layer.name} holds {len(layer.weights)} tensors, "
                               f"{node.path} {len(names)}")
        pairs.append((node, layer, names))
    return pairs


def to_application(app: Any, model: Model, weights: dict[str, np.ndarray]) -> None:
    """Canonical weights into a keras.applications model, the inverse of from_application."""
    for node, layer, names in _pairs(app, model):
        layer.set_weights([canonical_to_keras(node, p, weights[f"{node.path}.{p}"], tuple(variable.shape))
                           for p, variable in zip(names, layer.weights)])


def from_application(app: Any, model: Model) -> dict[str, np.ndarray]:
    """Canonical weights from a keras.applications model: layer k with weights is the spec's k-th
    convolution / batch norm / linear layer; kinds and shapes are checked pair by pair."""
    weights: dict[str, np.ndarray] = {}
    for node, layer, names in _pairs(app, model):
        values = layer.get_weights()
        for param, value in zip(names, values):
            key = f"{node.path}.{param}"
            weights[key] = np.ascontiguousarray(keras_to_canonical(node, param, value), dtype=np.float32)
            want = model.tensor_shapes()[key]
            if weights[key].shape != want:
                raise WeightsError(f"{app.name} layer {layer.name}: {key} expected {list(want)} "
                                   f"got {list(weights[key].shape)}")
    return weights
