"""The compiled search kernels (glossary/_kernels.c); everything else is in pyproject.toml.

optional=True: without a C compiler the install still succeeds, and the search runs
its numpy fallbacks (same results, slower on large English memories).
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("glossary._kernels", ["glossary/_kernels.c"], optional=True,
                             extra_compile_args=["-O3", "-Wall"])])
