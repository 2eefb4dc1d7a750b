"""The Python finders and metrics as they were before they moved into the compiled core.

Kept only as the reference that tests/core/test_repairs_equivalence.py holds the core to
(and that benchmarks/repairs_rust.py times against it); nothing in the package imports them.
"""
