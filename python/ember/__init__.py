"""Ember: a distributed DataFrame engine with Spark's programming model, written in C++.

Use it as PySpark: ``from ember.sql import SparkSession``.
"""

from ember._ember import __version__

__all__ = ["__version__"]
