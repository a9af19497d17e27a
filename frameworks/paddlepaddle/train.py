"""The seed 002 recipe as a Paddle user writes it: a paddle.io.Dataset and DataLoader, a paddle.optimizer,
paddle.nn.CrossEntropyLoss, backward / step / clear_grad.

Mapped from torch.optim's conventions: Adam's betas are beta1/beta2 and its `epsilon` sits where torch's
`eps` does (added to sqrt(v) * sqrt(1 - beta2^t), i.e. to the bias-corrected sqrt(v̂)); SGD with momentum
is paddle.optimizer.Momentum, whose velocity = momentum * velocity + g matches torch's undampened buffer;
torch's coupled `weight_decay` is Paddle's L2Decay regularizer (a float `weight_decay` means the same).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import paddle
from paddle import nn

from shared_specs.datasets import Dataset
from shared_specs.ir import Model
from shared_specs.training import EpochOrders, History, Recipe


class ArrayDataset(paddle.io.Dataset):
    def __init__(self, images: np.ndarray, labels: np.ndarray) -> None:
        super().__init__()
        self.images, self.labels = images, labels

    def __getitem__(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        return self.images[index], self.labels[index]

    def __len__(self) -> int:
        return len(self.labels)


class EpochOrder(paddle.io.Sampler):
    """The shared shuffling order (shared_specs.training.epoch_order), so every framework sees the same batches."""

    def __init__(self, samples: int, seed: int) -> None:
        super().__init__()
        self.orders = EpochOrders(samples, seed)

    def __iter__(self) -> Iterator[int]:
        return iter(self.orders.next())

    def __len__(self) -> int:
        return self.orders.samples


def make_optimizer(recipe: Recipe, parameters: list) -> paddle.optimizer.Optimizer:
    decay = paddle.regularizer.L2Decay(recipe.weight_decay) if recipe.weight_decay else None
    if recipe.optimizer == "adam":
        return paddle.optimizer.Adam(learning_rate=recipe.lr, beta1=recipe.betas[0], beta2=recipe.betas[1],
                                     epsilon=recipe.eps, parameters=parameters, weight_decay=decay)
    return paddle.optimizer.Momentum(learning_rate=recipe.lr, momentum=recipe.momentum, parameters=parameters,
                                     weight_decay=decay)


def make_criterion(model: Model) -> Callable:
    if model.output_kind == "probabilities":  # the net ends in softmax: NLL of its log
        nll = nn.NLLLoss()
        return lambda outputs, labels: nll(paddle.log(outputs), labels)
    # logits, or log-probabilities (log_softmax's: logits whose log-sum-exp is 0, so that this is their NLL)
    return nn.CrossEntropyLoss()


def fit(net: nn.Layer, model: Model, recipe: Recipe, data: Dataset, train_mode: Callable[[], None],
        on_step: Callable[[float], None]) -> History:
    """Train `net` in place; `train_mode` is net.train(), with dropout left off where the recipe says."""
    dtype = str(net.parameters()[0].dtype)  # pragma: no mutate: every parameter has the model's dtype
    dtype = dtype.split(".")[-1]  # paddle.float32 -> float32
    train_set = ArrayDataset(data.train_images.astype(dtype), data.train_labels)
    sampler = paddle.io.BatchSampler(sampler=EpochOrder(len(train_set), recipe.seed), batch_size=recipe.batch)
    loader = paddle.io.DataLoader(train_set, batch_sampler=sampler)
    optimizer, criterion = make_optimizer(recipe, net.parameters()), make_criterion(model)
    history = History("paddle")
    for _ in range(recipe.epochs):
        train_mode()
        total_loss, correct = 0.0, 0
        for images, labels in loader:
            outputs = net(images)
            loss = criterion(outputs, labels)
            loss.backward()
            optimizer.step()
            optimizer.clear_grad()
            history.step_losses.append(float(loss))
            total_loss += float(loss) * len(labels)
            correct += int((outputs.argmax(axis=1) == labels).sum())
            on_step(float(loss))
        history.epoch_losses.append(total_loss / len(train_set))
        history.epoch_accuracies.append(correct / len(train_set))
    net.eval()
    return history
