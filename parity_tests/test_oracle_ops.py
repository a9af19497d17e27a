"""Each oracle op against a naive direct formula written from its definition, on tiny inputs."""

from __future__ import annotations

import itertools
import math
import time

import numpy as np
import pytest

from shared_specs import oracle
from shared_specs.ops import pair, resolve_padding, window_out
from shared_specs.loader import load_file
from shared_specs.registry import get_model
from shared_specs.weights import init

from .conftest import TEST_SPECS, rendered_test_module

rng = np.random.default_rng(0)


def naive_conv(x, w, b, stride, pads, dilation, groups):
    n, c, h, wd = x.shape
    o, cg, kh, kw = w.shape
    top, bottom, left, right = pads
    xp = np.zeros((n, c, h + top + bottom, wd + left + right))
    xp[:, :, top:top + h, left:left + wd] = x
    oh = (h + top + bottom - dilation[0] * (kh - 1) - 1) // stride[0] + 1
    ow = (wd + left + right - dilation[1] * (kw - 1) - 1) // stride[1] + 1
    out = np.zeros((n, o, oh, ow))
    og = o // groups
    for b_, oc, i, j in itertools.product(range(n), range(o), range(oh), range(ow)):
        g = oc // og
        acc = 0.0
        for ic, p, q in itertools.product(range(cg), range(kh), range(kw)):
            acc += xp[b_, g * cg + ic, i * stride[0] + p * dilation[0], j * stride[1] + q * dilation[1]] * w[oc, ic, p, q]
        out[b_, oc, i, j] = acc + (b[oc] if b is not None else 0.0)
    return out


@pytest.mark.parametrize("kernel,stride,padding,dilation,groups,cin,cout,size", [
    (3, 1, 0, 1, 1, 2, 3, (5, 6)),
    (3, 2, 1, 1, 1, 2, 4, (7, 7)),
    ([2, 3], [2, 1], [1, 0], 1, 1, 3, 2, (6, 5)),
    (3, 1, 2, 2, 1, 2, 2, (6, 6)),
    (3, 1, 1, 1, 2, 4, 6, (5, 5)),  # groups
    (3, 1, 1, 1, 4, 4, 4, (5, 5)),  # depthwise
    (4, 1, "same", 1, 1, 2, 3, (6, 6)),  # even kernel: the odd pixel goes bottom/right
    (2, 2, "same", 1, 1, 1, 2, (5, 5)),
    (3, 2, "same", 1, 1, 2, 2, (6, 7)),
])
def test_conv2d_matches_direct_sum(kernel, stride, padding, dilation, groups, cin, cout, size) -> None:
    x = rng.standard_normal((2, cin, *size))
    k, s, d = pair(kernel), pair(stride), pair(dilation)
    w = rng.standard_normal((cout, cin // groups, *k))
    b = rng.standard_normal(cout)
    attrs = {"kernel_size": kernel, "stride": stride, "padding": padding, "dilation": dilation, "groups": groups}
    pads = resolve_padding(padding, k, s, d, size)
    np.testing.assert_allclose(oracle.conv2d(x, attrs, w, b), naive_conv(x, w, b, s, pads, d, groups), rtol=1e-12,
                               atol=1e-12)


def test_same_padding_even_kernel_is_asymmetric() -> None:
    # TensorFlow's rule: total padding k-1 = 3 for a 4-wide kernel at stride 1, split 1 before and 2 after
    assert resolve_padding("same", (4, 4), (1, 1), (1, 1), (6, 6)) == (1, 2, 1, 2)


def window_starts(size: int, k: int, s: int, p: int, ceil_mode: bool) -> list[int]:
    """Where each window starts, counted one window at a time on the padded input (not by a formula): the
    next window is taken while it fits whole, or, with ceil_mode, while the last one left input uncovered;
    a window starting in the right padding is dropped (PyTorch's rule). Returned in unpadded coordinates."""
    length = size + 2 * p
    starts = [0]
    while starts[-1] + s + k <= length or (ceil_mode and starts[-1] + k < length):
        starts.append(starts[-1] + s)
    return [start - p for start in starts if start < size + p]


def naive_pool(x, kind, k, s, p, ceil_mode, count_include_pad):
    """PyTorch's definition: windows start at i*s - p; the divisor counts the window clipped to the
    padded input (count_include_pad) or to the real input (exclusive); padding never wins a max."""
    n, c, h, w = x.shape
    rows, cols = window_starts(h, k[0], s[0], p[0], ceil_mode), window_starts(w, k[1], s[1], p[1], ceil_mode)
    out = np.zeros((n, c, len(rows), len(cols)))
    for (i, h0), (j, w0) in itertools.product(enumerate(rows), enumerate(cols)):
        h1, w1 = min(h0 + k[0], h + p[0]), min(w0 + k[1], w + p[1])
        pool_area = (h1 - h0) * (w1 - w0)
        rh0, rw0, rh1, rw1 = max(h0, 0), max(w0, 0), min(h1, h), min(w1, w)
        window = x[:, :, rh0:rh1, rw0:rw1]
        if kind == "max":
            out[:, :, i, j] = window.max(axis=(2, 3))
        else:
            divisor = pool_area if count_include_pad else (rh1 - rh0) * (rw1 - rw0)
            out[:, :, i, j] = window.sum(axis=(2, 3)) / divisor
    return out


def test_window_counts_by_hand() -> None:
    """The counting above against sizes worked out on paper: 6 wide, kernel 3, stride 2: windows at 0 and 2
    (floor), plus one at 4 covering the last column (ceil); with padding 1 and ceil_mode, 5 wide, kernel 3,
    stride 3: windows at -1 and 2, and the third would start at 5, in the right padding: dropped."""
    assert window_starts(6, 3, 2, 0, False) == [0, 2]
    assert window_starts(6, 3, 2, 0, True) == [0, 2, 4]
    assert window_starts(5, 3, 3, 1, True) == [-1, 2]
    assert window_starts(7, 3, 2, 1, False) == [-1, 1, 3, 5]


def test_shape_inference_counts_the_windows_the_counting_above_does() -> None:
    """ops.window_out, the formula shape inference uses, against the window-by-window count for every small case
    PyTorch accepts (padding at most half the kernel), ceil_mode's window that would start in the padding included."""
    for size, k, s, p, ceil_mode in itertools.product(range(1, 10), range(1, 4), range(1, 4), range(2), (False, True)):
        if p <= k // 2 and size + 2 * p >= k:
            assert window_out(size, k, s, 1, p, p, ceil_mode) == len(window_starts(size, k, s, p, ceil_mode)), \
                (size, k, s, p, ceil_mode)


POOL_CASES = [
    (2, 2, 0, False, True, (6, 6)),
    (3, 2, 1, False, True, (7, 7)),
    (3, 2, 1, False, False, (7, 7)),
    (3, 2, 0, True, True, (6, 6)),  # ceil_mode adds a clipped last window
    (3, 2, 1, True, True, (6, 6)),
    (3, 2, 1, True, False, (8, 5)),
    ([3, 2], [2, 1], [1, 0], True, True, (7, 4)),
    (3, 3, 1, True, True, (5, 5)),  # ceil_mode whose extra window would start in the padding is dropped
]


@pytest.mark.parametrize("kind", ["max", "avg"])
@pytest.mark.parametrize("kernel,stride,padding,ceil_mode,count_include_pad,size", POOL_CASES)
def test_pooling_matches_pytorch_definition(kind, kernel, stride, padding, ceil_mode, count_include_pad, size) -> None:
    x = rng.standard_normal((1, 2, *size)) - 3.0  # negative, so zero padding would win a max
    attrs = {"kernel_size": kernel, "stride": stride, "padding": padding, "ceil_mode": ceil_mode,
             "count_include_pad": count_include_pad}
    got = (oracle.max_pool2d if kind == "max" else oracle.avg_pool2d)(x, attrs)
    want = naive_pool(x, kind, pair(kernel), pair(stride), pair(padding), ceil_mode, count_include_pad)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("kernel,stride,padding,ceil_mode,count_include_pad,size", POOL_CASES)
def test_pooling_matches_torch_functional(kernel, stride, padding, ceil_mode, count_include_pad, size) -> None:
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    x = rng.standard_normal((2, 3, *size))  # a batch and channels of their own sizes: no divisor broadcasts by luck
    attrs = {"kernel_size": kernel, "stride": stride, "padding": padding, "ceil_mode": ceil_mode,
             "count_include_pad": count_include_pad}
    t = torch.from_numpy(x)
    kw = dict(kernel_size=tuple(pair(kernel)), stride=tuple(pair(stride)), padding=tuple(pair(padding)),
              ceil_mode=ceil_mode)
    np.testing.assert_allclose(oracle.max_pool2d(x, attrs), F.max_pool2d(t, **kw).numpy(), rtol=1e-12)
    np.testing.assert_allclose(oracle.avg_pool2d(x, attrs),
                               F.avg_pool2d(t, count_include_pad=count_include_pad, **kw).numpy(), rtol=1e-12)


@pytest.mark.parametrize("size,out", [((6, 6), 1), ((7, 5), [3, 2]), ((5, 5), 5)])
def test_adaptive_avg_pool_bins(size, out) -> None:
    x = rng.standard_normal((2, 3, *size))
    oh, ow = pair(out)
    want = np.zeros((2, 3, oh, ow))
    for i, j in itertools.product(range(oh), range(ow)):
        r0, r1 = math.floor(i * size[0] / oh), math.ceil((i + 1) * size[0] / oh)
        c0, c1 = math.floor(j * size[1] / ow), math.ceil((j + 1) * size[1] / ow)
        want[:, :, i, j] = x[:, :, r0:r1, c0:c1].mean(axis=(2, 3))
    np.testing.assert_allclose(oracle.adaptive_avg_pool2d(x, {"output_size": out}), want, rtol=1e-12)


@pytest.mark.parametrize("size", [1, 2, 3, 5])
def test_local_response_norm_definition(size) -> None:
    # Krizhevsky et al. 2012 with PyTorch's convention: alpha is divided by size;
    # the window spans channels c - size//2 .. c + (size-1)//2, clipped at the edges.
    x = rng.standard_normal((2, 7, 3, 3))
    alpha, beta, k = 1e-2, 0.75, 2.0
    want = np.empty_like(x)
    for c in range(7):
        lo, hi = max(0, c - size // 2), min(7, c + (size - 1) // 2 + 1)
        want[:, c] = x[:, c] / (k + alpha / size * (x[:, lo:hi] ** 2).sum(axis=1)) ** beta
    got = oracle.local_response_norm(x, {"size": size, "alpha": alpha, "beta": beta, "k": k})
    np.testing.assert_allclose(got, want, rtol=1e-12)


def test_batch_norm_eval_formula() -> None:
    x = rng.standard_normal((2, 3, 2, 2))
    w, b, mean, var = (rng.standard_normal(3) for _ in range(4))
    var = np.abs(var)
    got = oracle.batch_norm(x, {"eps": 1e-3}, w, b, mean, var)
    for c in range(3):
        np.testing.assert_allclose(got[:, c], (x[:, c] - mean[c]) / math.sqrt(var[c] + 1e-3) * w[c] + b[c])


@pytest.mark.parametrize("groups", [1, 2, 6])
def test_group_norm_definition(groups) -> None:
    # Wu & He 2018: per sample, mean and biased variance over each group's channels and all positions
    x = rng.standard_normal((2, 6, 3, 4)) * 3 + 1
    w, b = rng.standard_normal(6), rng.standard_normal(6)
    want = np.empty_like(x)
    per = 6 // groups
    for n, g in itertools.product(range(2), range(groups)):
        part = x[n, g * per:(g + 1) * per]
        mean = sum(part.flat) / part.size
        var = sum((v - mean) ** 2 for v in part.flat) / part.size
        for c in range(g * per, (g + 1) * per):
            want[n, c] = (x[n, c] - mean) / math.sqrt(var + 1e-5) * w[c] + b[c]
    np.testing.assert_allclose(oracle.group_norm(x, groups, 1e-5, w, b), want, rtol=1e-12, atol=1e-12)


def test_norms_match_torch_functional() -> None:
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    x = rng.standard_normal((2, 6, 3, 4))
    w, b = rng.standard_normal(6), rng.standard_normal(6)
    t = torch.from_numpy(x)
    np.testing.assert_allclose(oracle.group_norm(x, 3, 1e-3, w, b),
                               F.group_norm(t, 3, torch.from_numpy(w), torch.from_numpy(b), eps=1e-3).numpy(),
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(oracle.group_norm(x, 6, 1e-5, w, b),
                               F.instance_norm(t, weight=torch.from_numpy(w), bias=torch.from_numpy(b)).numpy(),
                               rtol=1e-12, atol=1e-12)
    lw, lb = rng.standard_normal((6, 3, 4)), rng.standard_normal((6, 3, 4))
    np.testing.assert_allclose(oracle.layer_norm(x, 1e-5, lw, lb),
                               F.layer_norm(t, (6, 3, 4), torch.from_numpy(lw), torch.from_numpy(lb)).numpy(),
                               rtol=1e-12, atol=1e-12)


def test_activations() -> None:
    x = np.array([[-800.0, -1.0, 0.0, 2.0, 800.0]])
    np.testing.assert_allclose(oracle.ACTIVATIONS["sigmoid"](x), [[0.0, 1 / (1 + math.e), 0.5,
                                                                   1 / (1 + math.exp(-2)), 1.0]])
    np.testing.assert_allclose(oracle.ACTIVATIONS["relu"](x), [[0, 0, 0, 2, 800]])
    p = oracle.softmax(np.array([[1.0, 2.0, 3.0]]))
    np.testing.assert_allclose(p[0], np.exp([1, 2, 3]) / np.exp([1, 2, 3]).sum())
    assert np.isfinite(oracle.softmax(x)).all()


def test_oracle_vgg16_sized_forward_is_fast() -> None:
    """A VGG-16 shaped stack (13 3x3 convs, 224x224, batch 1) through the oracle's conv path.

    The time is printed for the record; the assertion is the brief's 'well under a minute'."""
    x = rng.standard_normal((1, 3, 224, 224))
    cfg = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]
    start = time.perf_counter()
    c = 3
    for v in cfg:
        if v == "M":
            x = oracle.max_pool2d(x, {"kernel_size": 2, "stride": 2, "padding": 0})
            continue
        w = rng.standard_normal((v, c, 3, 3)) * math.sqrt(2 / (9 * c))
        x = np.maximum(oracle.conv2d(x, {"kernel_size": 3, "stride": 1, "padding": 1, "dilation": 1, "groups": 1},
                                     w, np.zeros(v)), 0)
        c = v
    elapsed = time.perf_counter() - start
    print(f"oracle VGG-16 conv stack at 224x224: {elapsed:.1f}s")
    assert x.shape == (1, 512, 7, 7)
    assert elapsed < 60


@pytest.mark.parametrize("name", ["lenet5_classic", "resnet18"])
def test_trace_records_every_node(name: str) -> None:
    model = get_model(name)
    trace: dict = {}
    x = rng.standard_normal((1, *model.input_shape))
    out = oracle.forward(model, x, init(model), trace)
    assert set(trace) == {n.path for n in model.walk()}
    np.testing.assert_array_equal(trace[model.output], out)


# ---------------------------------------------------------------- what mutation testing found unguarded

BLOCK_PROBE = TEST_SPECS / "block_probe.yaml"


@pytest.mark.parametrize("kernel,stride,padding,dilation,size", [
    ([3, 2], [2, 3], [1, 0], [2, 1], (9, 11)),  # every pair unequal: an index mixed up shows
    (3, 2, 0, 1, (8, 8)),  # a stride that does not divide: a convolution never rounds up
])
def test_conv2d_matches_torch_functional(kernel, stride, padding, dilation, size) -> None:
    torch = pytest.importorskip("torch")
    x, w, b = rng.standard_normal((2, 2, *size)), rng.standard_normal((3, 2, *pair(kernel))), rng.standard_normal(3)
    attrs = {"kernel_size": kernel, "stride": stride, "padding": padding, "dilation": dilation, "groups": 1}
    want = torch.nn.functional.conv2d(torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(b),
                                      stride=pair(stride), padding=pair(padding), dilation=pair(dilation)).numpy()
    np.testing.assert_allclose(oracle.conv2d(x, attrs, w, b), want, rtol=1e-12, atol=1e-12)


def test_block_probe_forward_and_running_statistics_match_torch(tmp_path) -> None:
    """Blocks, a shortcut present in one instance only, a three-way add and a bias-free linear, against the rendered
    PyTorch model in float64 (eval forward, then one train-mode step's running statistics)."""
    torch = pytest.importorskip("torch")
    (model,), module = rendered_test_module("torch", BLOCK_PROBE, tmp_path)
    net = getattr(module, model.builder)(**model.arguments).double().eval()
    w = init(model, seed=2)
    net.load_state_dict({k: torch.from_numpy(v.astype(np.float64)) for k, v in w.items()}, strict=False)
    x = rng.standard_normal((3, *model.input_shape)) + 2.0
    with torch.no_grad():
        np.testing.assert_allclose(oracle.forward(model, x, w), net(torch.from_numpy(x)).numpy(), rtol=1e-12)
        net.train()
        net(torch.from_numpy(x))
    stats: dict = {}
    oracle.forward(model, x, w, batch_stats=stats)
    for path, seen in stats.items():
        bn = model.node_at(path)
        old_mean, old_var = (w[f"{path}.{name}"].astype(np.float64) for name in ("running_mean", "running_var"))
        mean, var = seen.updated_running(bn.attrs, old_mean, old_var, bessel=True)
        state = net.state_dict()
        np.testing.assert_allclose(mean, state[f"{path}.running_mean"].numpy(), rtol=1e-12)
        np.testing.assert_allclose(var, state[f"{path}.running_var"].numpy(), rtol=1e-12)


def test_running_statistics_without_bessel_use_the_biased_variance() -> None:
    x = rng.standard_normal((2, 3, 2, 2)) * 2 + 1
    seen = oracle.BatchStats(x.mean(axis=(0, 2, 3)), x.var(axis=(0, 2, 3)), 8)
    old_mean, old_var = np.array([0.5, -0.5, 1.0]), np.array([1.0, 2.0, 0.5])
    mean, var = seen.updated_running({"momentum": 0.3}, old_mean, old_var, bessel=False)
    for c in range(3):
        values = x[:, c].ravel()
        assert mean[c] == pytest.approx(0.7 * old_mean[c] + 0.3 * sum(values) / 8, rel=1e-12)
        assert var[c] == pytest.approx(0.7 * old_var[c] + 0.3 * sum((values - values.mean()) ** 2) / 8, rel=1e-12)


def test_forward_refuses_an_input_of_another_shape() -> None:
    model = get_model("lenet5_torch")
    with pytest.raises(ValueError, match=r"input shape \(1, 1, 28, 27\) does not match"):
        oracle.forward(model, np.zeros((1, 1, 28, 27)), init(model))


def test_log_softmax_is_stable_for_large_logits() -> None:
    np.testing.assert_allclose(oracle.log_probabilities("logits", np.array([[1000.0, 0.0]])), [[0.0, -1000.0]])
    np.testing.assert_allclose(oracle.ACTIVATIONS["log_softmax"](np.array([[1000.0, 0.0]])), [[0.0, -1000.0]])


def test_log_softmax_is_the_log_of_the_softmax_over_channels() -> None:
    """Over axis 1 of maps (each pixel's channels) as of features; an output of log-probabilities is read as it
    is: log(1/2) and log(1/2) for two equal logits."""
    x = np.random.default_rng(0).standard_normal((2, 3, 4, 5))
    np.testing.assert_allclose(oracle.ACTIVATIONS["log_softmax"](x), np.log(oracle.softmax(x)), rtol=1e-12)
    halves = np.log([[0.5, 0.5]])
    np.testing.assert_array_equal(oracle.log_probabilities("log_probabilities", halves), halves)
    np.testing.assert_allclose(oracle.log_probabilities("logits", np.array([[3.0, 3.0]])), halves, rtol=1e-15)


def test_auxiliary_classifiers_add_their_weighted_losses() -> None:
    """GoogLeNet's auxiliary losses count with weight 0.3 each (Szegedy et al. 2015, section 5)."""
    model = get_model("googlenet_aux")
    assert model.aux == {"aux1": 0.3, "aux2": 0.3}
    out, aux1, aux2 = (rng.standard_normal((2, 1000)) for _ in range(3))
    labels = np.array([3, 7])

    def ce(logits: np.ndarray) -> float:
        return float(np.mean([math.log(np.exp(row).sum()) - row[y] for row, y in zip(logits, labels)]))

    got = oracle.cross_entropy(model, out, labels, aux={"aux1": aux1, "aux2": aux2})
    assert got == pytest.approx(ce(out) + 0.3 * ce(aux1) + 0.3 * ce(aux2), rel=1e-12)


@pytest.mark.parametrize("size, kernel, stride, want", [
    (5, 3, 2, (1, 1)),  # out = ceil(5 / 2) = 3; total = max((3 - 1) * 2 + 3 - 5, 0) = 2
    (6, 3, 2, (0, 1)),  # total 1: the odd pixel after
    (7, 4, 3, (1, 2)),  # out 3, total 3
    (5, 1, 3, (0, 0)),  # out 2, total -1: no padding, never negative
    (8, 5, 1, (2, 2)),
])
def test_same_padding_is_tensorflows_rule(size: int, kernel: int, stride: int, want: tuple) -> None:
    """TensorFlow's documented 'SAME': out = ceil(in / stride), total = max((out - 1) * stride + kernel - in, 0),
    total // 2 before and the rest after; worked by hand for each case."""
    top, bottom, left, right = resolve_padding("same", (kernel, 1), (stride, 1), (1, 1), (size, 4))
    assert (top, bottom) == want and (left, right) == (0, 0)
    assert resolve_padding("valid", (kernel, kernel), (stride, stride), (1, 1), (size, size)) == (0, 0, 0, 0)


def test_layer_norm_weights_take_the_normalised_shape() -> None:
    model = load_file(TEST_SPECS / "norm_probe.yaml")[0]
    norms = [n for n in model.primitives() if n.op == "layer_norm"]
    assert norms and all(n.params() == {"weight": n.in_shapes[0], "bias": n.in_shapes[0]} for n in norms)


def test_the_hard_activations_by_hand() -> None:
    """ReLU6 clips to [0, 6]; hard-sigmoid is relu6(x + 3) / 6 (0 up to -3, 1 from 3, a slope of exactly 1/6 between:
    0.5 at 0, 2/3 at 1); hard-swish is x times it (0 up to -3, x from 3, 1 * 4/6 at 1, -1 * 2/6 at -1)."""
    x = np.array([-7.0, -3.0, -1.0, 0.0, 1.0, 3.0, 6.0, 7.5])
    np.testing.assert_array_equal(oracle.ACTIVATIONS["relu6"](x), [0, 0, 0, 0, 1, 3, 6, 6])
    np.testing.assert_allclose(oracle.ACTIVATIONS["hardsigmoid"](x), [0, 0, 1 / 3, 0.5, 2 / 3, 1, 1, 1], rtol=1e-15)
    np.testing.assert_allclose(oracle.ACTIVATIONS["hardswish"](x), [0, 0, -1 / 3, 0, 2 / 3, 3, 6, 7.5], rtol=1e-15)


def test_channel_parts_and_shuffles_by_hand() -> None:
    """A chunk is a run of C / chunks channels; a shuffle in g groups puts input channel i * C / g + j at output
    j * g + i (ShuffleNet's definition, written out channel by channel)."""
    model = load_file(TEST_SPECS / "shuffle_probe.yaml")[0]
    trace: dict[str, np.ndarray] = {}
    oracle.forward(model, rng.standard_normal((2, *model.input_shape)), init(model, seed=0), trace)
    np.testing.assert_array_equal(trace["first_half"], trace["bn"][:, :6])
    np.testing.assert_array_equal(trace["second_half"], trace["bn"][:, 6:])
    np.testing.assert_array_equal(trace["last_third"], trace["bn"][:, 8:])
    x = rng.standard_normal((2, 12, 3, 3))
    for groups in (2, 3, 4, 6):
        want = np.empty_like(x)
        for i, j in itertools.product(range(groups), range(12 // groups)):
            want[:, j * groups + i] = x[:, i * (12 // groups) + j]
        np.testing.assert_array_equal(oracle.channel_shuffle(x, groups), want)
    joined = trace["joined"]
    np.testing.assert_array_equal(trace["shuffle4"], oracle.channel_shuffle(oracle.channel_shuffle(joined, 2), 4))
