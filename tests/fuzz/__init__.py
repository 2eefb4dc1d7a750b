"""Fuzz targets for the JSONL reader, the runner and the rule loader (see targets.py)."""
