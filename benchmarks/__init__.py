"""Throughput of the rendered models framework against framework, mode against mode, rendered against each
framework's own zoo model: `rosetta bench` / `make bench` (see run.py)."""
