"""Ember: a distributed DataFrame engine with Spark's programming model, written in C++.

Use it as PySpark: ``from ember.sql import SparkSession``.
"""

from ember import errors  # registers the engine errors' Python exceptions
from ember._ember import __version__

__all__ = ["__version__", "errors"]
