"""The rule set compiled with numba: the production engine, and its reference twin.

:func:`block_function` returns :func:`foedus.engine.rules.run_block` compiled
by numba (``engine="compiled"``) or as written (``engine="reference"``): one
source, two ways to run it, identical numbers. :func:`run_chunk` runs a
chunk's inputs through either and returns :class:`ChunkOutcomes`.

The compiled function is cached on disk by numba. numba checks only the file
of the compiled function for changes, not the rules it calls in other files,
so the cache is keyed here by a hash of every rule source
(:mod:`foedus.model` and :mod:`foedus.engine.rules`): editing any rule
recompiles.
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from foedus.engine import rules
from foedus.engine.inputs import BlockInputs
from foedus.engine.outcomes import ChunkOutcomes
from foedus.engine.pack import pack
from foedus.engine.structure import Structure
from foedus.model import params as model_params
from foedus.model.decisions import new_control

BlockFunction = Callable[..., None]


def rules_hash() -> str:
    """SHA-256 of every rule source file (the compiled cache's key)."""
    files = sorted(Path(model_params.__file__).parent.glob("*.py")) + [Path(rules.__file__)]
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()


@cache
def _compiled() -> BlockFunction:
    import numba  # compiled lazily: importing the engine compiles nothing

    # no reference counting: the compiled rules allocate nothing, and counting the arrays
    # of the state and network tuples at every call costs more than the month itself
    options: dict[str, Any] = {"nogil": True, "_nrt": False}
    fn: Any = numba.njit(rules.run_block, **options)
    try:  # cache on disk, keyed by the hash of every rule source (see the module docstring)
        fn.enable_caching()
        fn._cache._cache_file._source_stamp = ("foedus-rules", rules_hash())
    except (AttributeError, RuntimeError):  # an unknown numba layout or no writable cache
        pass
    return fn


def block_function(compiled: bool) -> BlockFunction:
    """:func:`~foedus.engine.rules.run_block`, compiled by numba or as written."""
    return _compiled() if compiled else rules.run_block


def run_chunk(st: Structure, inp: BlockInputs, compiled: bool = True,
              skip: bool = True) -> ChunkOutcomes:
    """Simulate the replications of ``inp`` (each with its own random stream).

    Parameters
    ----------
    st : Structure
        The compiled scenario and policy.
    inp : BlockInputs
        Parameter draws, month-0 credibilities, deal uniforms and stream seeds.
    compiled : bool
        Run the numba-compiled rules (True) or the same rules in Python.
    skip : bool
        Skip quiet months (exact in distribution; False draws every month,
        a different random stream: for the conformance tests).

    Returns
    -------
    ChunkOutcomes
        Per-replication outcomes, identical for ``compiled`` True and False.
    """
    net = pack(st)
    n, C = inp.n, len(st.commitments)
    params = np.ascontiguousarray(
        np.stack([inp.params[k] for k in model_params.NAMES], axis=1), dtype=np.float64)
    x = rules.new_state(net, new_control(-1, -1, False, skip))
    out = np.zeros((n, len(rules.OUTCOMES)), np.int64)
    cstate = np.zeros((n, C), np.int64)
    with warnings.catch_warnings():  # numba's pedantic notes while inlining the month
        warnings.simplefilter("ignore")
        _call(compiled, net, x, params, inp, out, cstate)
    col = {k: out[:, i] for i, k in enumerate(rules.OUTCOMES)}
    return ChunkOutcomes(
        deal=col["deal"] != 0, first_war=col["first_war"].astype(np.int16),
        peace_months=col["peace_months"].astype(np.int16),
        guarantor_combat=col["guarantor_combat"] != 0,
        great_power_war=col["great_power_war"] != 0, nuclear_use=col["nuclear_use"] != 0,
        max_level=col["max_level"].astype(np.int8),
        spoiler_strikes=col["spoiler_strikes"].astype(np.int16),
        peacekeepers_struck=col["peacekeepers_struck"] != 0,
        honoured=cstate == 1, defected=cstate == 2)


def _call(compiled: bool, net: rules.Net, x: rules.State, params: np.ndarray,
          inp: BlockInputs, out: np.ndarray, cstate: np.ndarray) -> None:
    block_function(compiled)(net, x, params, np.ascontiguousarray(inp.cred0, np.float64),
                             np.ascontiguousarray(inp.deal_u, np.float64),
                             np.ascontiguousarray(inp.seeds, np.int64), out, cstate)


def acceptances(st: Structure, inp: BlockInputs) -> np.ndarray:
    """``(n, 2)`` each replication's month-0 P(accept) of the adversary and the protected
    state (:func:`foedus.engine.rules.acceptances`, run as written; a settlement policy)."""
    net = pack(st)
    params = np.ascontiguousarray(
        np.stack([inp.params[k] for k in model_params.NAMES], axis=1), dtype=np.float64)
    x = rules.new_state(net, new_control(-1, -1, False, True))
    cred0 = np.ascontiguousarray(inp.cred0, np.float64)
    deal_u = np.ascontiguousarray(inp.deal_u, np.float64)
    seeds = np.ascontiguousarray(inp.seeds, np.int64)
    out = np.empty((inp.n, 2))
    for r in range(inp.n):
        rules.month0(net, params[r], x, cred0[r], deal_u[r], seeds[r])
        out[r] = rules.acceptances(net, params[r], x, x.cred)
    return out
