"""`python -m jobs.worker_process '<world config json>'`: a real job worker process of a test
world, as `python -m <package>.worker` is for a subgraph (the kill test SIGKILLs one)."""

from __future__ import annotations

import json
import sys

from sqlalchemy import MetaData

from jobs.world import WorldConfig, handlers
from service_runtime.jobs import jobs_table
from service_runtime.jobs.worker import WorkerDefinition, run_worker

if __name__ == "__main__":
    config = WorldConfig(**json.loads(sys.argv[1]))
    table = jobs_table(MetaData(schema=config.schema))
    run_worker(WorkerDefinition(config.settings(), table, handlers()))
