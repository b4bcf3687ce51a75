"""Translation-memory matching: the gram index stored in the database (build, upkeep,
grams, spans), the lossless candidate filter and its native kernels, fuzzy search with
CAT-style percentages, concordance, and pre-translation of whole files.

Public: `search.TMSearch` (top-N fuzzy matches, `TMMatch`) and `search.scan` (the
exhaustive twin the tests compare it with), `concordance.Concordance`, `index.TMIndex`
(build and upkeep), `pretranslate.pretranslate`.

Start at `search.py` for how a query is answered, `candidates.py` for the filter that
keeps it exact, and `index.py` for how the index lives inside memory.db.
"""
