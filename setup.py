"""The one build step pyproject.toml cannot declare: MathJax for the preview, zipped into the
package before its files are collected (tools/mathjax_bundle.py says what, from where, why)."""

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

sys.path.insert(0, str(Path(__file__).resolve().parent / "tools"))
import mathjax_bundle


class BuildPy(build_py):
    def run(self) -> None:
        mathjax_bundle.bundle()
        super().run()


class Sdist(sdist):
    """The sdist carries the bundle too: a wheel built from it needs neither npm nor network."""

    def run(self) -> None:
        mathjax_bundle.bundle()
        super().run()


setup(cmdclass={"build_py": BuildPy, "sdist": Sdist})
