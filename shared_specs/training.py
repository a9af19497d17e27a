"""What a training run is, independent of the framework that runs it: the recipe (optimizer and its
hyper-parameters in PyTorch's conventions, which each framework package maps onto its own), the order the
samples are seen in, and the record a run leaves.

The recipes are the seeds': seed 002 trains its LeNet5 with `optim.Adam(model.parameters())` (PyTorch's
defaults) at batch 64 for 10 epochs; `sgd` is plain SGD with momentum 0.9 (PyTorch's convention: no
dampening, the L2 term added to the gradient).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace

import numpy as np

from .errors import RosettaError

OPTIMIZERS = ("adam", "sgd")


@dataclass(frozen=True)
class Recipe:
    """Hyper-parameters as torch.optim spells them: Adam's `eps` is added to the bias-corrected sqrt(v̂);
    SGD's momentum buffer is v = momentum * v + g (no dampening); `weight_decay` is the coupled L2 term
    (weight_decay * w added to the gradient), not AdamW's decoupled decay."""

    optimizer: str = "adam"
    lr: float = 1e-3
    betas: tuple[float, float] = (0.9, 0.999)
    eps: float = 1e-8
    momentum: float = 0.0
    weight_decay: float = 0.0
    batch: int = 64
    epochs: int = 10
    seed: int = 0  # the shuffling order (and the initial weights of a fresh run)
    dropout: bool = True  # --compare turns it off: masks are drawn by each framework's own generator

    def __post_init__(self) -> None:
        if self.optimizer not in OPTIMIZERS:
            raise RosettaError(f"unknown optimizer '{self.optimizer}'; expected one of: {', '.join(OPTIMIZERS)}")

    def describe(self) -> str:
        if self.optimizer == "adam":
            what = f"Adam lr {self.lr:g}, betas {self.betas[0]:g}/{self.betas[1]:g}, eps {self.eps:g}"
        else:
            what = f"SGD lr {self.lr:g}, momentum {self.momentum:g}"
        decay = f", L2 weight decay {self.weight_decay:g}" if self.weight_decay else ""
        return f"{what}{decay}, batch {self.batch}, {self.epochs} epochs"


RECIPES = {
    "adam": Recipe(),  # seed 002
    "sgd": Recipe(optimizer="sgd", lr=1e-2, momentum=0.9),
}


def recipe(name: str, **overrides) -> Recipe:
    """A named recipe with the given fields replaced (those given as None are kept)."""
    if name not in RECIPES:
        raise RosettaError(f"unknown recipe '{name}'; expected one of: {', '.join(RECIPES)}")
    return replace(RECIPES[name], **{k: v for k, v in overrides.items() if v is not None})


def epoch_order(samples: int, epoch: int, seed: int) -> np.ndarray:
    """The shuffled sample order of one epoch: the same in every framework, a different one each epoch."""
    return np.random.default_rng([seed, epoch]).permutation(samples)


class EpochOrders:
    """The shared order epoch after epoch, for a framework's sampler: each call of next() gives the next epoch's."""

    def __init__(self, samples: int, seed: int) -> None:
        self.samples, self.seed, self.epoch = samples, seed, 0

    def next(self) -> list[int]:
        order = epoch_order(self.samples, self.epoch, self.seed)
        self.epoch += 1
        return order.tolist()


def batch_indices(samples: int, batch: int, epoch: int, seed: int) -> Iterator[np.ndarray]:
    """The index batches of one epoch, the last one short (no sample dropped)."""
    order = epoch_order(samples, epoch, seed)
    for start in range(0, samples, batch):
        yield order[start:start + batch]


def steps_per_epoch(samples: int, batch: int) -> int:
    return -(-samples // batch)


@dataclass
class History:
    """What a run leaves: the loss of every step, the mean loss and accuracy of every epoch, the test accuracy."""

    framework: str
    step_losses: list[float] = field(default_factory=list)
    epoch_losses: list[float] = field(default_factory=list)
    epoch_accuracies: list[float] = field(default_factory=list)
    test_accuracy: float | None = None
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)
