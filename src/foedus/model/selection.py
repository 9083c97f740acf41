"""One private value for signing and attacking: the selection link of a signed deal.

A side decides at month 0 whether to sign with the quantal-response rule
(:mod:`foedus.model.bargaining`): it signs when ``λ·gap + ε > 0``, ``ε`` its
private value of the deal over war, a standard logistic draw, so that
``a = P(sign) = σ(λ·gap)``. The engine draws ``ε`` through the uniform ``u`` of
the decision (sign iff ``u < a``)::

    ε = ln((1 − u) / u)                       (ε > c = ln((1 − a) / a)  ⇔  u < a)

The same private value carries into every later month. Once the deal is
signed, the side's attack hazard (and, for the adversary, its escalation) is
scaled by

    S = HR_sel^(−(ε − μ_ref)),     μ_ref = E[ε | ε > c_ref] = c_ref + ln(1 + e^(−c_ref)) / a_ref,

``a_ref`` the acceptance of the fitted population's typical signer (the
post-war dyads the recurrence hazard was fitted on), so the reference signer
keeps the fitted hazard. ``HR_sel`` is the hazard ratio of reneging per
logistic unit a signer was closer to rejecting:

- ``HR_sel > 1``: the signature reveals intent; a side that barely accepted
  reneges more, and a deal that is hard to accept is signed only by sides that
  mean it (terms select their signers; Fearon 1995 on private information,
  Fortna 2004 on the selection of agreements);
- ``HR_sel = 1``: no link (two unconnected decisions, model v1);
- ``HR_sel < 1``: the eager signer reneges more ("signs to buy time").

A side played by a wargame player carries no private value (its decisions are
the player's): ``S = 1``, as for a decision the draw would not have given. A case
without a deal stage (a crisis) has no signers: ``S = 1``.
``HR_sel`` is fitted by simulated likelihood to the rule-coded post-war dyads
(:mod:`foedus.fitting.selection`). Scalars: one replication, one side.
"""

from __future__ import annotations

import math

from foedus.model.jit import rule

#: Bounds that keep ``ε`` finite for a draw of exactly 0 or 1.
_U_MIN = 1e-12


@rule
def private_value(u: float) -> float:
    """``ε = ln((1 − u)/u)``: the side's private value of the deal from its decision draw."""
    v = min(1.0 - _U_MIN, max(_U_MIN, u))
    return math.log((1.0 - v) / v)


@rule
def signer_mean(a: float) -> float:
    """``E[ε | ε > c]`` for a standard logistic ``ε`` and acceptance ``a = P(ε > c)``."""
    q = min(1.0 - _U_MIN, max(_U_MIN, a))
    c = math.log((1.0 - q) / q)
    return c + math.log1p(math.exp(-c)) / q


@rule
def selection_factor(hr: float, a_ref: float, u: float, a: float) -> float:
    """``S = HR_sel^(−(ε − μ_ref))`` of a side that signed with draw ``u`` and acceptance ``a``
    (1 where the draw would not have signed: the decision was a player's)."""
    if u >= a or hr == 1.0:
        return 1.0
    return math.exp(min(50.0, -math.log(hr) * (private_value(u) - signer_mean(a_ref))))
