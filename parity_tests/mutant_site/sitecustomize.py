"""Imported at start-up only by interpreters that `make mutate` (parity_tests/mutate.py) starts with this folder
on PYTHONPATH: a test that runs Rosetta in a fresh interpreter then runs it under the same mutant, or records
which of the module's functions that interpreter calls."""

import os
import sys

if os.environ.get("ROSETTA_MUTANT") or os.environ.get("ROSETTA_MUTATE_RECORD"):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    from parity_tests.mutate import in_subprocess

    in_subprocess()
