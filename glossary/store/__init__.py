"""Storage: the only package that speaks SQL.

The connection and its pragmas (`sqlite`), the schema and its migrations (`schema`),
entries and their change log (`termbase`), TM units (`memory`), the rows the in-memory
term indexes are built from (`termrows`), the bulk loaders an import feeds
(`loaders`, `sink`, `reference`) and the reads an export walks (`export_rows`).
Everything above this package asks it for rows and records and never writes SQL.
"""
