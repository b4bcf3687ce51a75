"""The compiled kernels: search (glossary/tm/_kernels*.c: the one-pass count and indel
distances) and index building (glossary/tm/_postings.c); everything else is in
pyproject.toml.

optional=True: without a C compiler the install still succeeds, and searches and index
builds run their numpy fallbacks (same results, slower on large memories).

GLOSSARY_CFLAGS adds compiler and linker flags (.ci/sanitize builds with
AddressSanitizer and UBSan through it), keeps one version of each loop (no
per-processor clones, which the sanitizers follow badly), and makes a failed build an
error rather than a silent fallback.
"""

import os
import shlex

from setuptools import Extension, setup

EXTRA = shlex.split(os.environ.get("GLOSSARY_CFLAGS", ""))
PLAIN = [("KERNELS_PLAIN", "1")] if EXTRA else []  # no per-processor clones under sanitizers
KERNELS = ["_kernels", "_kernels_args", "_kernels_bound", "_kernels_count", "_kernels_indel"]


def extension(name: str, files: list[str], depends: list[str]) -> Extension:
    return Extension(f"glossary.tm.{name}", [f"glossary/tm/{f}.c" for f in files],
                     depends=[f"glossary/tm/{f}" for f in depends], optional=not EXTRA,
                     define_macros=PLAIN, extra_compile_args=["-O3", "-Wall", *EXTRA],
                     extra_link_args=EXTRA)


setup(ext_modules=[extension("_kernels", KERNELS, ["_kernels.h"]),
                   extension("_postings", ["_postings"], [])])
