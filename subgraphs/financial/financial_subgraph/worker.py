"""`python -m financial_subgraph.worker`: run financial's background jobs.

Needs only FINANCIAL_DATABASE_URL and FINANCIAL_REDIS_URL (and the FINANCIAL_JOBS_* tuning);
start as many as the work needs, on any machine (docs/jobs.md).
"""

from financial_subgraph.jobs.kinds import HANDLERS
from financial_subgraph.jobs.models import jobs
from financial_subgraph.settings import FinancialSettings
from service_runtime.jobs.worker import WorkerDefinition, run_worker

if __name__ == "__main__":
    run_worker(WorkerDefinition(FinancialSettings(), jobs, HANDLERS))
