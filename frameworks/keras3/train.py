"""The seed recipes as a Keras user writes them: `compile` with an optimizer, a loss and metrics, then
`fit` on a `keras.utils.PyDataset`, with a callback for the per-step record.

Where Keras' conventions differ from torch.optim's (in which recipes are spelt), the optimizers here are Keras'
own with torch's `update_step`:
- Adam: Keras adds `epsilon` to sqrt(v), torch adds `eps` to the bias-corrected sqrt(v̂) = sqrt(v / (1 -
  beta2^t)): the same eps is a different optimizer (it matters where v is small: tiny or rare gradients).
- SGD with momentum: Keras keeps m = momentum * m - lr * g and adds m; torch keeps v = momentum * v + g and
  subtracts lr * v. Equal in exact arithmetic at a constant learning rate, rounded differently.
- weight decay: Keras' `weight_decay` is decoupled (w -= lr * wd * w, as AdamW); torch's is the L2 term
  wd * w added to the gradient.
- constants: Keras' update steps cast Python floats through float32 (beta_2 = 0.999 becomes 0.99900001),
  harmless in float32 but a 6e-6 error in a float64 run; here they are converted exactly.
- the loss: Keras' `loss` log is the epoch's running mean, so the loss of each step is its own metric.
"""

from __future__ import annotations

from collections.abc import Callable

import keras
import numpy as np
from keras import ops

from shared_specs.datasets import Dataset
from shared_specs.ir import Model
from shared_specs.training import EpochOrders, History, Recipe, steps_per_epoch


class EpochBatches(keras.utils.PyDataset):
    """Batches in the shared shuffling order (shared_specs.training.epoch_order), a new order each epoch."""

    def __init__(self, images: np.ndarray, labels: np.ndarray, batch: int, seed: int) -> None:
        super().__init__()
        self.images, self.labels, self.batch = images, labels, batch
        self.orders = EpochOrders(len(labels), seed)
        self.order = list(range(len(labels)))  # what Keras reads before the first epoch (for shapes) only

    def on_epoch_begin(self) -> None:
        self.order = self.orders.next()

    def __len__(self) -> int:
        return steps_per_epoch(len(self.labels), self.batch)

    def __getitem__(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        rows = self.order[index * self.batch:(index + 1) * self.batch]
        return self.images[rows], self.labels[rows]


def _constant(value: float, dtype: str):
    """A Python float as a tensor of `dtype`, exactly: keras.ops.cast would round it through float32 first."""
    return ops.convert_to_tensor(value, dtype=dtype)


def _with_l2(gradient, variable, l2: float):
    """torch's `weight_decay`: the L2 term added to the gradient, before the optimizer's own update."""
    return ops.add(gradient, ops.multiply(_constant(l2, variable.dtype), variable)) if l2 else gradient


class TorchAdam(keras.optimizers.Adam):
    """torch.optim.Adam's update in Keras: epsilon added to the bias-corrected sqrt(v̂), coupled weight decay.
    Keras' Adam keeps the slot variables (m, v) and the step counter."""

    def __init__(self, eps: float, l2: float, **kwargs) -> None:
        super().__init__(epsilon=eps, **kwargs)
        self.l2 = l2

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype
        gradient = _with_l2(ops.cast(gradient, dtype), variable, self.l2)
        beta_1, beta_2 = _constant(self.beta_1, dtype), _constant(self.beta_2, dtype)
        step = ops.cast(self.iterations + 1, dtype)
        m = self._momentums[self._get_variable_index(variable)]
        v = self._velocities[self._get_variable_index(variable)]
        self.assign_add(m, ops.multiply(ops.subtract(gradient, m), 1 - beta_1))  # torch: exp_avg.lerp_(grad, 1 - beta1)
        self.assign(v, ops.add(ops.multiply(v, beta_2), ops.multiply(ops.square(gradient), 1 - beta_2)))
        step_size = ops.divide(ops.cast(learning_rate, dtype), 1 - ops.power(beta_1, step))
        denominator = ops.add(ops.divide(ops.sqrt(v), ops.sqrt(1 - ops.power(beta_2, step))),
                              _constant(self.epsilon, dtype))
        self.assign_sub(variable, ops.multiply(step_size, ops.divide(m, denominator)))


class TorchSGD(keras.optimizers.SGD):
    """torch.optim.SGD's update in Keras: buffer = momentum * buffer + g, w -= lr * buffer, coupled weight decay.
    Keras' SGD keeps the momentum buffers."""

    def __init__(self, l2: float, **kwargs) -> None:
        super().__init__(**kwargs)
        self.l2 = l2

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype
        gradient = _with_l2(ops.cast(gradient, dtype), variable, self.l2)
        step = gradient
        if self.momentum != 0:
            buffer = self.momentums[self._get_variable_index(variable)]
            self.assign(buffer, ops.add(ops.multiply(buffer, _constant(self.momentum, dtype)), gradient))
            step = buffer
        self.assign_sub(variable, ops.multiply(ops.cast(learning_rate, dtype), step))


def make_optimizer(recipe: Recipe) -> keras.optimizers.Optimizer:
    if recipe.optimizer == "adam":
        return TorchAdam(eps=recipe.eps, l2=recipe.weight_decay, learning_rate=recipe.lr,
                         beta_1=recipe.betas[0], beta_2=recipe.betas[1])
    return TorchSGD(l2=recipe.weight_decay, learning_rate=recipe.lr, momentum=recipe.momentum)


class BatchLoss(keras.metrics.Metric):
    """The loss of the last batch alone."""

    def __init__(self, loss: keras.losses.Loss, dtype: str, name: str = "batch_loss") -> None:
        super().__init__(name=name, dtype=dtype)
        self.loss = loss
        self.value = self.add_variable(shape=(), initializer="zeros", name="value")

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        self.value.assign(self.loss(y_true, y_pred))

    def result(self):
        return self.value

    def reset_state(self) -> None:
        self.value.assign(0.0)  # pragma: no mutate: every batch overwrites it


class StepRecord(keras.callbacks.Callback):
    def __init__(self, history: History, on_step: Callable[[float], None]) -> None:
        super().__init__()
        self.record, self.on_step = history, on_step

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        loss = float(logs["batch_loss"])
        self.record.step_losses.append(loss)
        self.on_step(loss)


def fit(net: keras.Model, model: Model, recipe: Recipe, data: Dataset, on_step: Callable[[float], None]) -> History:
    """Train `net` in place (dropout as the recipe says, by the caller). Keras casts data and creates the
    optimizer's learning rate in its default float type, so a float64 model trains with that set to float64."""
    dtype = net.weights[0].dtype  # pragma: no mutate: every weight has the model's dtype
    floatx = keras.config.floatx()
    keras.config.set_floatx(dtype)
    try:
        # log-probabilities are logits whose log-sum-exp is 0: the loss on logits is their NLL
        loss = keras.losses.SparseCategoricalCrossentropy(from_logits=model.output_kind != "probabilities")
        net.compile(optimizer=make_optimizer(recipe), loss=loss, metrics=["accuracy", BatchLoss(loss, dtype)])
        images = np.ascontiguousarray(data.train_images.transpose(0, 2, 3, 1), dtype=dtype)  # channels_last
        history = History("keras")
        batches = EpochBatches(images, data.train_labels, recipe.batch, recipe.seed)
        logs = net.fit(batches, epochs=recipe.epochs, shuffle=False,  # the order is the dataset's own
                       verbose=0, callbacks=[StepRecord(history, on_step)])  # pragma: no mutate: Keras' own bar
    finally:
        keras.config.set_floatx(floatx)
    history.epoch_losses = [float(v) for v in logs.history["loss"]]
    history.epoch_accuracies = [float(v) for v in logs.history["accuracy"]]
    return history
