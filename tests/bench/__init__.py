"""Benchmarks: ``python -m tests.bench`` prints a table of figures (``--json`` for JSON).

They never assert timings; every figure is a median of several runs, and comparisons are
ratios measured in the same run. See the README's "Benchmarks" section for the budgets.
"""
