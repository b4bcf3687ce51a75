"""Term lookup as the translator types: exact, then prefix, then substring, on search keys.

Every query is keyed like the stored terms (normalize.search_key), so 知識產權 finds
知识产权 and ＩＰＲ finds IPR. Within a match kind, a preferred term ranks above an
admitted one, and so on down to forbidden; forbidden entries are still returned,
with their status, because a translator needs to see that a term is banned.
"""

from __future__ import annotations

from .database import Store
from .models import STATUS_RANK, LookupHit, Term
from .normalize import search_key
from .termbase import Termbase

KIND_RANK = {"exact": 0, "prefix": 1, "substring": 2}
_TOP = "\U0010ffff"


def _score(kind: str, query_key: str, term_key: str) -> int:
    """100 for an exact match; below that, how much of the term the query covers."""
    if kind == "exact":
        return 100
    cover = len(query_key) / max(len(term_key), 1)
    ceiling = 95 if kind == "prefix" else 85
    return max(1, min(ceiling, round(ceiling * cover)))


def _kind(query_key: str, term_key: str) -> str:
    if term_key == query_key:
        return "exact"
    return "prefix" if term_key.startswith(query_key) else "substring"


class Lookup:
    def __init__(self, store: Store, termbase: Termbase):
        self.store = store
        self.termbase = termbase

    def candidates(self, key: str, limit: int) -> list[dict]:
        """Term rows whose key equals, starts with or contains the query key."""
        sql = """
            SELECT id, concept_id, key, status FROM terms WHERE key >= :q AND key < :top
            UNION
            SELECT id, concept_id, key, status FROM (
                SELECT id, concept_id, key, status FROM terms WHERE instr(key, :q) > 1
                LIMIT :cap
            )
        """
        return self.store.query(sql, {"q": key, "top": key + _TOP, "cap": limit * 20})

    def lookup(self, query: str, limit: int = 20) -> list[LookupHit]:
        key = search_key(query)
        if not key:
            return []
        best: dict[int, tuple[tuple, str, int, int]] = {}
        for row in self.candidates(key, limit):
            kind = _kind(key, row["key"])
            score = _score(kind, key, row["key"])
            rank = (KIND_RANK[kind], STATUS_RANK.get(row["status"], 9), -score)
            current = best.get(row["concept_id"])
            if current is None or rank < current[0]:
                best[row["concept_id"]] = (rank, kind, score, row["id"])
        ordered = sorted(best.items(), key=lambda item: (item[1][0], item[0]))[:limit]
        concepts = {c.id: c for c in self.termbase.get_many([cid for cid, _ in ordered])}
        hits = []
        for cid, (_, kind, score, term_id) in ordered:
            concept = concepts[cid]
            term = next((t for t in concept.terms if t.id == term_id), Term("", ""))
            hits.append(LookupHit(concept, kind, score, term))
        return hits
