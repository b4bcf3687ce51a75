"""Checks over the user's files: terminology QA of a translated file against the
glossary, and discovery of candidate terms in a bilingual file."""
