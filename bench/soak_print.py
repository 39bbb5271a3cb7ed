"""The soak's figures as plain-text tables (the JSON from --json has them all)."""

from __future__ import annotations

from typing import Any

from common import print_table


def print_figures(figures: dict[str, Any]) -> None:
    print_load(figures)
    if figures["faults"]:
        print_faults(figures["faults"])
    print_data_and_events(figures)
    print(f"\ntimings (s): {figures['timings_s']}")
    print("\nmissed goals: " + ("; ".join(figures["missed"]) or "none"))


def print_load(figures: dict[str, Any]) -> None:
    phases = [("steady", figures["steady"]), ("under faults", figures["fault_phase"])]
    if figures["capacity_probe"]:
        phases.insert(0, ("capacity probe", figures["capacity_probe"]))
    print_table(
        "Load through the router (latencies of successful requests)",
        ["phase", "users", "requests", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms",
         "429", "errors", "conns peak", "conns opened", "loadgen CPU/req ms"],
        [
            [name, p["users"], p["requests"], p["requests_per_second"], p["p50_ms"],
             p["p90_ms"], p["p99_ms"], p["max_ms"], p["rate_limited"], p["errors"],
             p["router_connections_peak"], p["connections_opened"], p["loadgen_cpu_ms_per_request"]]
            for name, p in phases
        ],
    )  # fmt: skip
    for name, phase in phases:
        rows = [[op, v["requests"], v["errors"], v["p50_ms"], v["p99_ms"]]
                for op, v in phase["by_operation"].items()]  # fmt: skip
        if rows:
            headers = ["operation", "requests", "errors", "p50 ms", "p99 ms"]
            print_table(f"By operation ({name})", headers, rows)
        for kind, count in phase["errors_by_kind"].items():
            print(f"  error {kind}: {count}")


def print_faults(faults: list[dict[str, Any]]) -> None:
    print_table(
        "Faults under load (times in s; failures counted from injection to the next fault)",
        ["fault", "lasted", "requests", "failed", "first fail", "last fail", "ok again after lift",
         "p50 ms", "p99 ms"],
        [[f["fault"], f["lasted_s"], f["requests"], f["failed"], f["first_failure_s"] or "-",
          f["last_failure_s"] or "-", f["recovered_after_lift_s"], f["p50_ms"], f["p99_ms"]]
         for f in faults],
    )  # fmt: skip
    for fault in faults:
        for kind, count in fault["failed_by_kind"].items():
            print(f"  {fault['fault']}: {kind}: {count}")
        for note in fault["notes"]:
            print(f"  {fault['fault']}: {note}")


def print_data_and_events(figures: dict[str, Any]) -> None:
    v = figures["verdict"]
    missing = {name: len(ids) for name, ids in v["missing_writes"].items()}
    print("\nData and events")
    print(f"  acknowledged writes: {v['acked']}; missing from the database: {missing}")
    print(f"  outbox events {v['outbox_events']}, unpublished {v['unpublished']}, on streams "
          f"{v['on_streams']}, lost {len(v['lost'])}, published twice {v['stream_duplicates']} "
          f"(at-least-once relay), applied {v['applied']}, not applied {v['not_applied']}, "
          f"applied twice {v['applied_twice']}, dead-lettered {v['dead_letters']}, "
          f"drained in {v['drain_seconds']:.1f} s")  # fmt: skip
    print(f"  audit consumer's log: {figures['audit_consumer_log']}")
