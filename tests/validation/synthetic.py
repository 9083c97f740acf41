"""Small synthetic case folders in the case format, for tests of the back-test machinery.

Each case is a two-state dyad just after a war, coded by fixed rules from a
seeded Generator, the way a rule-coded library is: capability and revisionism
drawn, the outcome drawn with a probability that rises with revisionism.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

TEMPLATE = """\
id: {id}
name: Synthetic dyad {i}
adversary: a{i}
protected: b{i}
start: settlement
seed: {i}
actors:
  - id: a{i}
    name: State A{i}
    capability: {cap_a}
    revisionism: {rev}
    source: "synthetic test case"
  - id: b{i}
    name: State B{i}
    capability: {cap_b}
    source: "synthetic test case"
policies:
  - id: ceasefire
    name: Ceasefire
    terms: {{adversary_gain: 0.5}}
    source: "synthetic test case"
coded_as_of: 1960-01-01
hindsight: >
  A synthetic case coded by fixed rules from a seeded generator; no outcome informs a feature.
case:
  title: Synthetic dyad {i}
  start_date: 1960-01-01
  start_event: War ends
  start_source: "synthetic test case"
outcome:
  war: {war}
  guarantor_drawn_in: {{occurred: null, source: "synthetic test case"}}
  spoiler_violence: {{occurred: false, source: "synthetic test case"}}
"""


def write_cases(folder: Path, n: int, seed: int, prefix: str = "syn") -> Path:
    """Write ``n`` synthetic case files into ``folder``; return it."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        rev = float(np.round(rng.uniform(0.0, 1.0), 2))
        y = bool(rng.uniform() < 0.1 + 0.7 * rev)
        month = int(rng.integers(0, 120))
        war = (f'{{occurred: true, month: {month}, source: "synthetic test case"}}' if y
               else '{occurred: false, source: "synthetic test case"}')
        text = TEMPLATE.format(id=f"{prefix}-{i:03d}", i=i, rev=rev, war=war,
                               cap_a=float(np.round(rng.uniform(0.001, 0.05), 4)),
                               cap_b=float(np.round(rng.uniform(0.001, 0.05), 4)))
        (folder / f"{prefix}-{i:03d}.yaml").write_text(text, encoding="utf-8")
    return folder
