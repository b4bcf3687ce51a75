"""Checks over the user's files: terminology QA of a translated file against the
glossary, and discovery of candidate terms in a bilingual file.

Public: `qa.run_qa` with `QAReport`/`QAIssue`; `discover.discover`, `accept`, `render`,
`to_json`; `source.TermSource`, the protocol a glossary passed to them satisfies.
"""
