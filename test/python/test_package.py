"""The package imports from the build tree (or install prefix) on Debian's python3."""

import re
import sys

import ember


def test_version_is_the_project_version():
    assert re.fullmatch(r"\d+\.\d+\.\d+", ember.__version__)


def test_runs_on_debian_python_with_numpy_and_pandas():
    import numpy
    import pandas

    assert sys.executable.startswith("/usr/bin/python3")
    assert numpy.__version__ and pandas.__version__


def test_extension_lives_inside_the_package():
    import ember._ember as extension

    assert extension.__file__.startswith(ember.__path__[0])
