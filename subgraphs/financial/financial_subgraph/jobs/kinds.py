"""Every job kind financial's worker runs: kind -> handler."""

from __future__ import annotations

from financial_subgraph.jobs import schedule_run
from service_runtime.jobs import JobHandler

HANDLERS: dict[str, JobHandler] = {schedule_run.KIND: schedule_run.run_schedules_job}
