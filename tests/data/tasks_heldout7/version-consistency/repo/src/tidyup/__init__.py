"""Cleans up download folders."""

__version__ = "2.3.1"
