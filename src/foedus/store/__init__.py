"""The results store: every run, comparison, sensitivity analysis and audit, with provenance.

See :mod:`foedus.store.store` (the :class:`~foedus.store.store.ResultsStore`)
and :mod:`foedus.store.schema` (tables and their columns).
"""
