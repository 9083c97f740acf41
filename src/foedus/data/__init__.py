"""Importers for public conflict datasets (COW wars and MIDs, ICB crises).

Each importer checks a file's header against the dataset's documented columns
and every value it uses against the dataset's codes; a problem is reported as
``FILE:ROW: field: message`` (:class:`foedus.data.table.DataError`), never
skipped silently.
"""
