"""The compiled kernels: search (glossary/tm/_kernels.c) and index building
(glossary/tm/_postings.c); everything else is in pyproject.toml.

optional=True: without a C compiler the install still succeeds, and searches and index
builds run their numpy fallbacks (same results, slower on large memories).
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension(f"glossary.tm.{name}", [f"glossary/tm/{name}.c"], optional=True,
                             extra_compile_args=["-O3", "-Wall", "-pthread"],
                             extra_link_args=["-pthread"])
                   for name in ("_kernels", "_postings")])
