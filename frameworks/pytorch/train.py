"""Seed 002's training loop, as a PyTorch user writes it: a DataLoader, a torch.optim optimizer, a
cross-entropy criterion, zero_grad / backward / step. Rosetta's recipes are spelt in torch.optim's own
conventions, so nothing is mapped here."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import torch
from torch import nn
from torch.utils.data import DataLoader, Sampler, TensorDataset

from shared_specs.datasets import Dataset
from shared_specs.ir import Model
from shared_specs.training import EpochOrders, History, Recipe


class EpochOrder(Sampler):
    """The shared shuffling order (shared_specs.training.epoch_order), so every framework sees the same batches."""

    def __init__(self, samples: int, seed: int) -> None:
        self.orders = EpochOrders(samples, seed)

    def __iter__(self) -> Iterator[int]:
        return iter(self.orders.next())

    def __len__(self) -> int:
        return self.orders.samples


def make_optimizer(recipe: Recipe, parameters) -> torch.optim.Optimizer:
    if recipe.optimizer == "adam":
        return torch.optim.Adam(parameters, lr=recipe.lr, betas=recipe.betas, eps=recipe.eps,
                                weight_decay=recipe.weight_decay)
    return torch.optim.SGD(parameters, lr=recipe.lr, momentum=recipe.momentum, weight_decay=recipe.weight_decay)


def make_criterion(model: Model) -> Callable:
    if model.output_kind == "probabilities":  # the net ends in softmax: NLL of its log
        nll = nn.NLLLoss()
        return lambda outputs, labels: nll(torch.log(outputs), labels)
    # logits, or log-probabilities (log_softmax's: logits whose log-sum-exp is 0, so that this is their NLL)
    return nn.CrossEntropyLoss()


def fit(net: nn.Module, model: Model, recipe: Recipe, data: Dataset, device: str,
        train_mode: Callable[[], None], on_step: Callable[[float], None]) -> History:
    """Train `net` in place; `train_mode` is net.train(), with dropout left off where the recipe says."""
    dtype = next(net.parameters()).dtype
    train_set = TensorDataset(torch.from_numpy(data.train_images), torch.from_numpy(data.train_labels))
    loader = DataLoader(train_set, batch_size=recipe.batch, sampler=EpochOrder(len(train_set), recipe.seed))
    optimizer, criterion = make_optimizer(recipe, net.parameters()), make_criterion(model)
    history = History("torch")
    for _ in range(recipe.epochs):
        train_mode()
        total_loss, correct = 0.0, 0
        for images, labels in loader:
            images, labels = images.to(device, dtype), labels.to(device)
            optimizer.zero_grad()
            outputs = net(images)
            loss = criterion(outputs, labels)
            loss.backward()
            optimizer.step()
            history.step_losses.append(loss.item())
            total_loss += loss.item() * len(labels)
            correct += (outputs.argmax(dim=1) == labels).sum().item()
            on_step(loss.item())
        history.epoch_losses.append(total_loss / len(train_set))
        history.epoch_accuracies.append(correct / len(train_set))
    net.eval()
    return history

