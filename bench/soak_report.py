"""Figures from the load generator's records: rate, latency percentiles and outcomes of a
phase, and what each fault cost (requests failed, how long until requests succeeded again).

A record is (operation, started at [wall clock], latency [s], outcome); outcome "ok" and
"429" (the router's rate limit, by design) are not errors, everything else is.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from common import percentile
from faults import FaultTimes

Record = tuple[str, float, float, str]
NOT_ERRORS = {"ok", "429"}


def is_error(record: Record) -> bool:
    return record[3] not in NOT_ERRORS


def phase_figures(records: list[Record], seconds: float) -> dict[str, Any]:
    ok = [r[2] for r in records if r[3] == "ok"]
    errors = Counter(r[3] for r in records if is_error(r))
    by_operation = {}
    for name in sorted({r[0] for r in records}):
        mine = [r for r in records if r[0] == name]
        latencies = [r[2] for r in mine if r[3] == "ok"]
        by_operation[name] = {
            "requests": len(mine),
            "errors": sum(map(is_error, mine)),
            "p50_ms": 1000 * percentile(latencies, 0.5),
            "p99_ms": 1000 * percentile(latencies, 0.99),
        }
    return {
        "requests": len(records),
        "requests_per_second": len(records) / seconds if seconds else math.nan,
        "ok": len(ok),
        "rate_limited": sum(r[3] == "429" for r in records),
        "errors": sum(errors.values()),
        "errors_by_kind": dict(errors.most_common()),
        "p50_ms": 1000 * percentile(ok, 0.5),
        "p90_ms": 1000 * percentile(ok, 0.9),
        "p99_ms": 1000 * percentile(ok, 0.99),
        "max_ms": 1000 * max(ok, default=math.nan),
        "by_operation": by_operation,
    }


def fault_figures(records: list[Record], fault: FaultTimes, window_end: float) -> dict[str, Any]:
    """What the clients saw of one fault: requests sent from its injection until the next
    fault (or the end), the failures among them, and when each operation that failed
    first succeeded again with a request sent after the fault was lifted."""
    mine = [r for r in records if fault.injected <= r[1] < window_end]
    failed = [r for r in mine if is_error(r)]
    recovered: dict[str, float | None] = {}
    for name in sorted({r[0] for r in failed}):
        # Searched to the end of the run: a rare operation may see no request in the window.
        back = [
            r[1] + r[2] for r in records if r[0] == name and r[3] == "ok" and r[1] >= fault.lifted
        ]
        recovered[name] = min(back) - fault.lifted if back else None
    finishes = [r[1] + r[2] - fault.injected for r in failed]
    never = [name for name, after in recovered.items() if after is None]
    latencies = [r[2] for r in mine]
    return {
        "fault": fault.name,
        "notes": fault.notes,
        "came_back": fault.came_back,
        "lasted_s": fault.lifted - fault.injected,
        "requests": len(mine),
        "failed": len(failed),
        "failed_by_kind": dict(Counter(r[3] for r in failed).most_common()),
        "failed_by_operation": dict(Counter(r[0] for r in failed).most_common()),
        # Of every request in the window, failed or not: a fault can also just stall requests.
        "p50_ms": 1000 * percentile(latencies, 0.5),
        "p99_ms": 1000 * percentile(latencies, 0.99),
        "first_failure_s": min(finishes, default=None),
        "last_failure_s": max(finishes, default=None),
        "recovered_after_lift_s": max(
            (v for v in recovered.values() if v is not None), default=0.0
        ),
        "never_recovered": never,
    }


def timeline(records: list[Record], start: float) -> list[tuple[int, int, int]]:
    """(second since `start`, successes, errors) of the requests sent in each second: where
    a fault's failures begin and end (in the --json output)."""
    seconds: dict[int, list[int]] = {}
    for record in records:
        counts = seconds.setdefault(int(record[1] - start), [0, 0])
        counts[is_error(record)] += 1
    return [(second, ok, failed) for second, (ok, failed) in sorted(seconds.items())]
