"""Loyalty Till: a cashier companion for a loyalty program."""

__version__ = "0.1.0"
