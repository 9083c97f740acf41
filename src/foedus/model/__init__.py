"""Model layer: one module per mechanism.

Each module states its equation and its sources. Its functions are *rules*
(:mod:`foedus.model.jit`): scalar functions over one replication's values and
arrays, run as written by Python and compiled by numba from the same source.
The engine (:mod:`foedus.engine.rules`) calls them in monthly order.
"""
