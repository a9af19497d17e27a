"""Rosetta's command line: the top layer, above shared_specs and frameworks."""
