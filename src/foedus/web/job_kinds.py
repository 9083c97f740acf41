"""The kinds of background job: a comparison, a sensitivity analysis, a claim audit.

Each ``start_*`` checks its inputs at once (a bad request fails before any work, with
the same messages as the command line), then queues the work on the app's
:class:`~foedus.web.jobs.JobManager`. Defaults and limits are those of the command
line: ``foedus compare`` (20,000 replications per policy), ``foedus sensitivity``
(Sobol', n = 256, 1,000 replications per point) and ``foedus audit`` (5,000
replications per cell and policy). Finished work is recorded in the results store as
the command line records it.
"""

from __future__ import annotations

from typing import Any

from foedus.scenario.loader import Document
from foedus.store.store import StoreError, audit_rows, sensitivity_rows, utcnow
from foedus.web import compute
from foedus.web.jobs import Job
from foedus.web.state import AppState

#: ``foedus sensitivity`` defaults.
SENSITIVITY_N = 256
SENSITIVITY_REPS = 1000
#: ``foedus audit`` default.
AUDIT_REPS = 5000


def _record(st: AppState, fn: Any) -> int | None:
    """Record a finished result, or ``None`` when the store cannot take it."""
    if st.store.read_only:
        return None
    try:
        rid: int | None = fn()
    except StoreError:
        return None
    return rid


def start_compare(st: AppState, sid: str, doc: Document, lens: str, replications: int,
                  seed: int | None) -> Job:
    """Compare every policy (the Compare page's numbers) with progress; recorded."""
    compute.check_replications(replications, st.settings.max_replications)
    compute.resolve(doc, lens)
    s = doc.scenario
    total = replications * len(s.policies)
    url = f"/compare/{sid}?lens={lens}&replications={replications}" + (
        "" if seed is None else f"&seed={seed}")

    def work(job: Job) -> tuple[int | None, str]:
        started = utcnow()
        res = compute.compare(doc, lens, replications, seed, st.runner, progress=job.tick,
                              deadline=compute.Deadline(job.limit_s))
        rid = _record(st, lambda: st.store.record_result(
            "compare", res, s, started_at=started,
            meta={"command": "web compare (job)", "scenario_arg": sid}))
        return rid, url

    return st.jobs.submit("compare", f"Compare · {s.name} · lens {lens} · "
                          f"{replications:,} replications per policy", total,
                          st.settings.job_time_limit_s,
                          {"scenario": sid, "lens": lens, "replications": replications,
                           "seed": seed}, work)


def start_sensitivity(st: AppState, sid: str, doc: Document, policy: str, outcome: str,
                      lens: str, method: str, n: int, replications: int,
                      seed: int | None) -> Job:
    """A sensitivity analysis of one policy's outcome (``foedus sensitivity``); recorded."""
    from foedus.sensitivity.estimator import Sensitivity

    compute.check_replications(replications, st.settings.max_replications)
    sa = Sensitivity(policy, outcome, lens=lens, method=method, n=n,
                     replications=replications, seed=seed, workers=1)
    total = sa.points(doc)  # validates every input before any work

    def work(job: Job) -> tuple[int | None, str]:
        started = utcnow()
        sa.run(doc, on_progress=job.tick)
        res = sa.result_
        rid = _record(st, lambda: st.store.record(
            "sensitivity", payload=res.to_dict(), rows=sensitivity_rows(res),
            scenario=doc.scenario,
            lens=res.lens, policies=[res.policy], seed=res.seed,
            replications=res.replications, horizon_months=doc.scenario.horizon,
            fixed=False, started_at=started,
            meta={"command": "web sensitivity (job)", "method": method, "n": n,
                  "outcome": res.outcome}))
        return rid, "" if rid is None else f"/runs/{rid}"

    return st.jobs.submit("sensitivity", f"Sensitivity · {doc.scenario.name} · {policy} · "
                          f"{outcome} · {method} n={n}", total, st.settings.job_time_limit_s,
                          {"scenario": sid, "policy": policy, "outcome": outcome,
                           "lens": lens, "method": method, "n": n,
                           "replications": replications, "seed": seed}, work)


def start_audit(st: AppState, sid: str, doc: Document, claims: str, lens: str,
                replications: int, seed: int | None) -> Job:
    """A claim audit of a bundled claims file (``foedus audit``, of the scenario as written:
    without its negotiated policy); recorded."""
    from foedus.audit.audit import ClaimAudit, record_meta
    from foedus.evidence.claims_schema import bundled_claims, load_claims

    compute.check_replications(replications, st.settings.max_replications)
    if claims not in bundled_claims():
        raise ValueError(f"unknown claims '{claims}' (bundled: {', '.join(bundled_claims())})")
    from foedus.negotiation.policy import without_negotiated

    doc = without_negotiated(doc)
    doc_claims = load_claims(claims)
    aud = ClaimAudit(doc_claims, None, lens, replications, seed, "auto")
    _objective, cells, _design = aud.check(doc)
    total = (len(cells) + 3) * len(doc.scenario.policies)

    def work(job: Job) -> tuple[int | None, str]:
        started = utcnow()
        aud.run(doc, on_progress=job.tick)
        res = aud.result_
        rid = _record(st, lambda: st.store.record(
            "audit", payload=res.to_dict(), rows=audit_rows(res), scenario=doc.scenario,
            lens=res.lens,
            policies=sorted({e.policy for e in res.effects}), seed=res.seed,
            replications=res.replications, horizon_months=doc.scenario.horizon, fixed=False,
            started_at=started,
            meta={**record_meta(res, doc_claims), "command": "web audit (job)"}))
        return rid, "" if rid is None else f"/runs/{rid}"

    return st.jobs.submit("audit", f"Claim audit · {claims} on {doc.scenario.name} · lens "
                          f"{lens}", total, st.settings.job_time_limit_s,
                          {"scenario": sid, "claims": claims, "lens": lens,
                           "replications": replications, "seed": seed}, work)
