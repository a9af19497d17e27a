"""Rendered files: checked in, identical to what the renderer emits, deterministic, and refusals are clear."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from frameworks.base import FRAMEWORK_NAMES, get_framework
from frameworks.codegen import RenderError
from shared_specs.loader import load_file
from shared_specs.ops import OPS
from shared_specs.registry import families, load_family


@pytest.mark.parametrize("framework", FRAMEWORK_NAMES)
@pytest.mark.parametrize("family", families())
def test_checked_in_model_file_is_current(framework: str, family: str) -> None:
    fw = get_framework(framework)
    path = fw.model_file(family)
    assert path.exists(), f"{path} is missing: run `make render`"
    assert path.read_text() == fw.render(list(load_family(family))), f"{path} drifted: run `make render`"


@pytest.mark.parametrize("framework", FRAMEWORK_NAMES)
def test_model_file_is_marked_generated(framework: str) -> None:
    text = get_framework(framework).model_file("lenet").read_text()
    assert text.startswith('"""lenet: generated from shared_specs/specs/lenet.yaml by `rosetta render`; do not edit.')


@pytest.mark.parametrize("framework", FRAMEWORK_NAMES)
def test_rendering_is_deterministic(framework: str) -> None:
    fw = get_framework(framework)
    models = list(load_family("resnet"))
    assert fw.render(models) == fw.render(models)


def spec(tmp_path: Path, rows: str, size: int = 8) -> list:
    path = tmp_path / "probe.yaml"
    path.write_text(f"family: probe\nmodels:\n  probe:\n    class_name: Probe\n    input: [2, {size}, {size}]\n"
                    f"    layers:\n" + textwrap.indent(textwrap.dedent(rows), "      "))
    return load_file(path)


@pytest.mark.parametrize("framework,rows,message", [
    ("torch", "- {name: features, op: sequential, layers: [{op: conv2d, out_channels: 2, kernel_size: 3, stride: 2, "
              "padding: same}]}\n",
     "cannot render layer '0' (conv2d) of model probe for torch: an nn.Sequential calls its modules on their input as "
     "it is, and this one needs it padded first"),
    ("keras", "- {name: c, op: conv2d, out_channels: 2, kernel_size: 3}\n"
              "- {name: p, op: max_pool2d, kernel_size: 3, stride: 2, padding: 1}\n",
     "cannot render layer 'p' (max_pool2d) of model probe for keras: this padding/ceil_mode has no exact Keras "
     "equivalent"),
    ("keras", "- {name: c, op: conv2d, out_channels: 2, kernel_size: 3}\n"
              "- {name: p, op: avg_pool2d, kernel_size: 2, padding: same}\n",
     "cannot render layer 'p' (avg_pool2d) of model probe for keras: Keras 'same' average pooling excludes padding"),
])
def test_inexpressible_layer_is_a_clear_render_error(tmp_path: Path, framework: str, rows: str, message: str) -> None:
    with pytest.raises(RenderError) as caught:
        get_framework(framework).render(spec(tmp_path, rows))
    assert message in str(caught.value)


def test_a_torch_block_whose_strided_same_paddings_differ_is_a_render_error(tmp_path: Path) -> None:
    """TensorFlow's 'same' pads a 3 x 3 stride-2 window by (1, 1) on a 7-wide map and by (0, 1) on a 4-wide one."""
    path = tmp_path / "down.yaml"
    path.write_text(textwrap.dedent("""\
        family: down
        blocks:
          Down:
            layers:
              - {name: conv, op: conv2d, out_channels: 2, kernel_size: 3, stride: 2, padding: same}
        models:
          down:
            class_name: Down2
            input: [2, 7, 7]
            layers:
              - {name: a, op: Down}
              - {name: b, op: Down}
        """))
    with pytest.raises(RenderError, match=r"its instances need different 'same' paddings at their stride "
                                          r"\(\(0, 1, 0, 1\), \(1, 1, 1, 1\)\)"):
        get_framework("torch").render(load_file(path))


def test_keras_max_pool_padding_after_relu_uses_zero_padding(tmp_path: Path) -> None:
    # after a ReLU every value is >= 0, so zero padding can never win the max: exact, as keras.applications does.
    # 6x6 map, k3 s2 p1: windows start at -1, 1, 3 and end by index 5, so the far side needs no padding.
    rows = "- {name: c, op: conv2d, out_channels: 2, kernel_size: 3, activation: relu}\n" \
           "- {name: p, op: max_pool2d, kernel_size: 3, stride: 2, padding: 1}\n"
    source = get_framework("keras").render(spec(tmp_path, rows))
    assert 'layers.ZeroPadding2D(padding=((1, 0), (1, 0)), name="p_pad")' in source


def test_keras_layer_names_that_would_clash_are_a_render_error(tmp_path: Path) -> None:
    """Keras names are paths with '_' for '.', so block instance `a`'s layer `x` and a layer `a_x` collide."""
    path = tmp_path / "clash.yaml"
    path.write_text(textwrap.dedent("""\
        family: clash
        blocks:
          Unit:
            layers:
              - {name: x, op: relu}
        models:
          clash:
            class_name: Clash
            input: [2, 4, 4]
            layers:
              - {name: a, op: Unit}
              - {name: a_x, op: relu}
        """))
    with pytest.raises(RenderError, match="layer paths a.x, a_x give the same Keras name"):
        get_framework("keras").render(load_file(path))


def test_every_op_has_a_spelling_in_every_framework() -> None:
    """Adding an op to the registry without teaching a renderer to write it fails here, by name."""
    from frameworks.keras3.render import FUNCTIONS, LAYERS
    from frameworks.paddlepaddle.render import PaddleRenderer
    from frameworks.pytorch.render import TorchRenderer

    spelled = {"torch": {*TorchRenderer.constructors, *TorchRenderer.stateless_ops},
               "paddle": {*PaddleRenderer.constructors, *PaddleRenderer.stateless_ops}, "keras": {*LAYERS, *FUNCTIONS}}
    missing = {framework: sorted(set(OPS) - ops) for framework, ops in spelled.items() if set(OPS) - ops}
    assert not missing, f"ops without a spelling: {missing}"
    for renderer in (TorchRenderer, PaddleRenderer):  # stateless ops are applied in forward, never held
        assert {op for op in OPS if OPS[op].stateless} <= set(renderer.stateless_ops)
