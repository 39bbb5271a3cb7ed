"""Background jobs on taskiq over Redis, with the job row in the service's schema as the truth
(docs/jobs.md)."""

from service_runtime.jobs.context import JobContext, JobHandler
from service_runtime.jobs.errors import JobCancelled, JobFailed, JobLeaseLost
from service_runtime.jobs.queue import JobQueue
from service_runtime.jobs.status import FINISHED, JobStatus
from service_runtime.jobs.table import jobs_table

__all__ = [
    "FINISHED",
    "JobCancelled",
    "JobContext",
    "JobFailed",
    "JobHandler",
    "JobLeaseLost",
    "JobQueue",
    "JobStatus",
    "jobs_table",
]
