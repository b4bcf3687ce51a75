"""The termbase's search side: as-you-type lookup (exact, prefix, substring, pinyin,
typo) and recognition of every glossary term in a text, over in-memory indexes kept in
step with the stored entries.

Public: `lookup.Lookup` (as-you-type search), `recognize.Recognizer` and its
`Recognized` hits; `keyindex.KeyIndex` is the near-word table behind typo matching.
"""
