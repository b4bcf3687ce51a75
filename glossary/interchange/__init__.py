"""Moving data in and out: the importer drives a format reader into the store's bulk
loaders in one transaction; the exporter reads the store and hands records to a
format writer.

Public: `importer.Importer` (and `ImportCancelled`), `exporter.Exporter` with
`ExportReport`.
"""
