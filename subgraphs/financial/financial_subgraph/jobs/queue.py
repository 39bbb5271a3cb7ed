"""The financial job queue of this process (a process resource like the database pool, kept
on the app's state and closed with it)."""

from __future__ import annotations

from financial_subgraph.context import Info
from service_runtime.jobs import JobQueue


def job_queue_of(info: Info) -> JobQueue:
    request = info.context.request
    assert request is not None  # strawberry sets it on every HTTP and websocket request
    queue: JobQueue = request.app.state.job_queue
    return queue
