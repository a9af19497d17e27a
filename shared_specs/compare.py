"""How outputs, activations and gradients are compared, and the tolerances they must meet.

The relative error is max|got - want| / max|want|: one number per tensor that does not blow
up where individual values cross zero (a per-element ratio would).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

FORWARD_TOLERANCE = 1e-5  # fp32 eval-mode forward against the float64 oracle
# Train-mode forward. The strict check is the float64 twin's against the oracle: it proves the rendering
# normalises by the batch's mean and biased variance with the spec's epsilon (an epsilon or variance slip
# shows at 1e-6 and above); measured ~1e-14 (PyTorch, Keras) and up to 1.6e-9 (Paddle's float64 batch
# norm, Inception v3 with its auxiliary head), hence 1e-8.
TRAIN_FORWARD_F64_TOLERANCE = 1e-8
# In fp32 every batch norm reduces mean and variance over N*H*W values and the error grows with the chain,
# in every framework alike: ResNet-50 (53 batch norms) 1.7e-5 at batch 2 and 3.5e-5 at batch 8, Inception v3
# with its auxiliary head (95) 5.0e-5, ResNet-152 (155) 2.8e-4 (PyTorch) to 3.6e-4 (Keras) at batch 2. So the
# bound grows with the count: 5e-5 + 4e-6 per batch norm (ResNet-152: 6.7e-4; a net without one: 5e-5).
TRAIN_FORWARD_TOLERANCE = 5e-5
TRAIN_FORWARD_PER_BATCH_NORM = 4e-6


def train_forward_tolerance(batch_norms: int) -> float:
    """The fp32 train-mode bound (output and running statistics) for a net with this many batch norms."""
    return TRAIN_FORWARD_TOLERANCE + TRAIN_FORWARD_PER_BATCH_NORM * batch_norms
# Gradients are compared in float64 (every framework builds a float64 twin): fp32 gradients of
# ReLU nets cannot meet a tight bound, because a pre-activation within fp32 rounding of 0 takes
# the other side of the kink and moves its weight's gradient by one position's whole
# contribution (measured up to 26% on ResNet-50 at random init, in every framework alike).
# Paddle's float64 batch norm backward agrees with the others to ~2e-8 (measured), hence 1e-7.
GRADIENT_TOLERANCE = 1e-7
# fp32 gradients are judged against fp32 itself: the reference framework's own fp32 gradients against its float64
# ones on the same weights and batch (the floor). A kink flip (a ReLU input or a max-pool near-tie within rounding
# taking the other branch) is a random event that moves every row it reaches by a whole position's gradient: one
# correct rendering's worst tensor measured 2.2e3 x another's (VGG-11: Paddle 6.7e-3 where PyTorch had no flip,
# 3.0e-6), and a deep flip moved the median tensor too (4 of 70 Keras cells on JAX and torch, 1.1e-3 to 1.4e-3
# against floors of 3.7e-7 to 2.4e-6). So the rows a near-kink may reach are left out (shared_specs/kinks.py),
# and over what is left the median tensor's L2-relative error is the bulk's rounding, while a systematic loss of
# precision (a lower-precision kernel, an epsilon lost in fp32) raises every tensor's. A mapping error, which may
# hit one tensor, is the float64 twin's check (same adapter code, <= 1e-7 per tensor).
# Hence: median over the rows no near-kink reaches <= 10 x the floor over the same rows.
FP32_GRADIENT_FACTOR = 10.0
FP32_GRADIENT_FLOOR_MIN = 1e-7  # a floor below this (fp32 and float64 agreeing to the last bits) counts as this
# The float64 reference gradient, projected on a random direction, against the oracle's exact
# forward-mode derivative (shared_specs/tangent.py): both float64, measured worst 1.7e-13
# (ResNet-50, batch 8), so 1e-10 leaves room for summation order only.
ORACLE_GRADIENT_TOLERANCE = 1e-10
# PyTorch's float64 hard-sigmoid backward multiplies by 1/6 rounded to fp32 (ATen's `one_sixth(1.0f / 6.0f)`,
# 3.0e-8 above 1/6, measured; its forward is exact). For a net with a hard-sigmoid the reference gradients are
# held to the bound above plus how far the oracle's own derivative moves when taken with that slope (how much of
# the derivative runs through hard-sigmoid slopes): a fixed allowance is no bound where other paths cancel them.
REFERENCE_SIXTH = float(np.float32(1 / 6))


def within(error: float, bound: float) -> bool:
    """An error meets its bound: at the bound it passes, above it or NaN it fails. Every verdict goes through
    here, so that "max relative error <= 1e-5" means the same thing in every check."""
    return error <= bound


# Elements a comparison takes at once. Temporaries of a whole tensor (VGG-11's 103M-element fc weight) are fresh
# memory that the kernel must first fault in, page by page: one max|a - b| over that tensor took 11.4 s, row blocks
# of this size 0.3 s (measured on the parity machine, 2 cores).
BLOCK = 1 << 20


def _blocks(got: np.ndarray, want: np.ndarray) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
    """Both arrays (of one shape) in float64 blocks of whole rows (first axis) of about BLOCK elements, each with
    its first row's index."""
    rows = want.shape[0] if want.ndim else 1
    got, want = got.reshape(rows, -1), want.reshape(rows, -1)  # pragma: no mutate: NumPy takes -2 as it takes -1
    step = max(BLOCK // max(want.shape[1], 1), 1)  # pragma: no mutate: the block size moves the speed alone
    for first in range(0, rows, step):
        yield first, got[first:first + step].astype(np.float64), want[first:first + step].astype(np.float64)


def _max_abs(values: list[np.ndarray]) -> float:
    """The largest |value| over these blocks: NaN if any is NaN, 0 for no values."""
    return float(np.max([np.abs(v).max(initial=0.0) for v in values], initial=0.0))


def relative_error(got: np.ndarray, want: np.ndarray, scale: float = 0.0) -> float:
    """max|got - want| / max|want|, or / `scale` where that is larger (the size of what `want` was computed
    from, where `want` itself may be zero); infinite when the shapes differ."""
    got, want = np.asarray(got), np.asarray(want)
    if got.shape != want.shape:
        return float("inf")
    blocks = _blocks(got, want)
    differences, sizes = [], []
    for _, g, w in blocks:
        differences.append(np.abs(g - w).max(initial=0.0))
        sizes.append(np.abs(w).max(initial=0.0))
    return float(_max_abs(differences) / max(_max_abs(sizes), scale, 1e-30))


def worst(errors: list[float]) -> float:
    """The largest error, NaN if any is NaN: Python's max() keeps whichever comes first against NaN."""
    return float("nan") if any(math.isnan(e) for e in errors) else max(errors)


def worst_relative_error(got: dict[str, np.ndarray], want: dict[str, np.ndarray]) -> tuple[float, str]:
    """The largest per-tensor relative error over `want`'s names and the tensor it belongs to; a tensor
    whose reference is (nearly) all zeros, e.g. a bias cancelled by the batch norm after it, is scaled
    by 1e-6 x the largest reference magnitude of all tensors instead, so rounding noise is not inflated."""
    sizes = {key: _max_abs([w for _, _, w in _blocks(ref, ref)]) for key, ref in want.items()}
    floor = max(max(sizes.values()) * 1e-6, 1e-30)
    worst, name = 0.0, ""
    for key, ref in want.items():
        scale = max(sizes[key], floor)
        if got[key].shape != ref.shape:
            error = float("inf")
        else:
            error = _max_abs([g - w for _, g, w in _blocks(np.asarray(got[key]), ref)]) / scale
        if math.isnan(error):  # NaN or Inf on either side: nothing is worse, and no comparison may pass it
            return float("nan"), key
        if error >= worst:
            worst, name = error, key
    return worst, name


@dataclass(frozen=True)
class GradientSpread:
    """fp32 gradients against float64 ones: the worst tensor's max-relative and L2-relative error and the smallest
    per-tensor cosine (over every row: what kink flips do shows there), and the median tensor's L2-relative error
    over the rows no near-kink reaches (what is judged), with how many tensors have such rows."""

    max_relative: float
    l2_relative: float
    median_l2_relative: float
    min_cosine: float
    judged_tensors: int


def _l2_relative(difference_squared: float, want_squared: float, got_squared: float) -> float:
    """||got - want|| / ||want|| from the sums of squares; for a zero `want`, 0 where `got` is zero too, else
    infinite (NaN anywhere: not zero)."""
    if want_squared > 0:
        return math.sqrt(difference_squared) / math.sqrt(want_squared)
    return 0.0 if got_squared == 0 else float("inf")


def gradient_spread(got: dict[str, np.ndarray], want: dict[str, np.ndarray],
                    reached: dict[str, np.ndarray] | None = None) -> GradientSpread:
    """`reached`: the rows (first axis) of each tensor that a near-kink may move (kinks.NearKinks.reached); the
    median leaves them out, and a tensor with no other rows."""
    l2, free, cosines = [], [], []
    reached = reached or {}
    for key, ref in want.items():
        every = np.zeros(4)  # sums over every row of (got - want)^2, want^2, got^2, got * want
        kept = np.zeros(3)  # the first three over the rows no near-kink reaches
        free_rows = ~reached[key] if key in reached else np.ones(np.shape(ref)[:1] or 1, bool)
        for first, g, w in _blocks(np.asarray(got[key]), np.asarray(ref)):
            d = g - w
            every += (np.vdot(d, d), np.vdot(w, w), np.vdot(g, g), np.vdot(g, w))
            rows = free_rows[first:first + len(g)]
            kept += (np.vdot(d[rows], d[rows]), np.vdot(w[rows], w[rows]), np.vdot(g[rows], g[rows]))
        l2.append(_l2_relative(*every[:3]))
        both = math.sqrt(every[1]) * math.sqrt(every[2])
        cosines.append(float(every[3]) / both if both > 0 else 1.0)
        if free_rows.any():
            free.append(_l2_relative(*kept))
    values = np.array(free)
    median = float(np.median(values)) if len(values) else float("nan")  # NumPy's median of a NaN is NaN
    return GradientSpread(worst_relative_error(got, want)[0], float(np.max(l2)), median, min(cosines), len(free))


def within_fp32_floor(spread: GradientSpread, floor: GradientSpread) -> bool:
    """The judgment of fp32 gradients: no more rounding in the bulk than fp32 itself gives (NaN fails)."""
    return within(spread.median_l2_relative, FP32_GRADIENT_FACTOR * max(floor.median_l2_relative,
                                                                         FP32_GRADIENT_FLOOR_MIN))
