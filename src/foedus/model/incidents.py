"""Incidents on the contact line during a ceasefire.

When the main dyad is at peace (level 0), an incident raises it to 1 with::

    h = h_I · (1 − m_mon) · (1 − m_Z · (1 − e^(−km/10))) · (1 − m_J · commission)

``m_mon`` is ``m_U`` for unarmed observers, ``m_A`` for armed peacekeepers, 0
for none; the DMZ effect saturates with its width (10 km scale, an
assumption). The terms apply only where the deal is signed.

Sources: Fortna (2003, 2004): demilitarised zones, peacekeeping, third-party
guarantees and joint commissions lengthen peace (hazard ratios not recovered;
sizes are priors). Scalars: one replication.
"""

from __future__ import annotations

import math

from foedus.model.jit import rule

DMZ_SCALE_KM = 10.0


@rule
def incident_hazard(h_inc: float, m_monitor: float, m_dmz: float, dmz_km: float,
                    m_joint: float, joint_commission: bool) -> float:
    """Monthly incident hazard under the settlement's terms."""
    dmz = m_dmz * (1.0 - math.exp(-dmz_km / DMZ_SCALE_KM))
    joint = m_joint if joint_commission else 0.0
    return min(1.0, max(0.0, h_inc * (1.0 - m_monitor) * (1.0 - dmz) * (1.0 - joint)))
