# Every target bootstraps .venv from requirements.lock when it is missing or older than the lock.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.rosetta-installed
SPECS ?=
DEVICE ?= cpu
PYTEST_ARGS ?=
# the backend every Keras cell and test runs on: tensorflow, jax or torch
KERAS_BACKEND ?= tensorflow
export KERAS_BACKEND

.PHONY: parity parity-full test test-full zoo fuzz bench bench-full train mutate render clean-venv

$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

parity: $(STAMP)  # every variant at or below 5 G multiply-adds per image, and each family's lightest
	$(PY) -m rosetta parity --device $(DEVICE) $(SPECS)

parity-full: $(STAMP)  # every variant: the heavy VGGs, ResNet-101/152, ResNeXt-101, Wide ResNets, Inception v3 too
	$(PY) -m rosetta parity --full --device $(DEVICE) $(SPECS)

test: $(STAMP)
	$(PY) -m pytest -q -n auto --dist loadgroup $(PYTEST_ARGS)

test-full: $(STAMP)
	$(PY) -m pytest -q -n auto --dist loadgroup -m "" $(PYTEST_ARGS)

zoo: $(STAMP)
	$(PY) -m pytest -q -n auto --dist loadgroup -m zoo $(PYTEST_ARGS)

fuzz: $(STAMP)  # 10,000 mutated spec files: each loads or fails with one file:line message
	ROSETTA_FUZZ_EXAMPLES=10000 $(PY) -m pytest -q parity_tests/test_fuzz_specs.py $(PYTEST_ARGS)

bench: $(STAMP)  # throughput of the LeNets and ResNet-18/50 in every framework and mode, and against the zoos
	$(PY) -m rosetta bench --device $(DEVICE) $(SPECS)

bench-full: $(STAMP)  # every spec variant
	$(PY) -m rosetta bench --all --device $(DEVICE)

train: $(STAMP)  # seed 002's LeNet5 trained in the three frameworks side by side: reports/train-lenet5_torch.*
	$(PY) -m rosetta train lenet5_torch --compare --epochs 30

mutate: $(STAMP)  # each small change to a module whose bugs would make Rosetta say something untrue, against its tests
	$(PY) -m parity_tests.mutate $(MODULES)

render: $(STAMP)
	$(PY) -m rosetta render --all

clean-venv:
	rm -rf $(VENV)
