"""Model layer: one module per mechanism.

Each module states its equation, its sources and the shapes of its arrays
(axis 0 is always replications, ``R``). Functions are pure numpy on
per-replication arrays; the engine's kernel calls them in monthly order.
"""
