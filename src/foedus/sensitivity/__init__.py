"""Global sensitivity analysis: Sobol' indices and Morris screening over a lens's priors.

Modules: :mod:`.problem` (factors and their inverse CDFs), :mod:`.outcomes` (one outcome value
per design point), :mod:`.evaluate` (evaluators and the batched, parallel design runner),
:mod:`.sobol` and :mod:`.morris` (the analyses), :mod:`.result` (typed results) and
:mod:`.estimator` (the :class:`~foedus.sensitivity.estimator.Sensitivity` entry point).
"""
