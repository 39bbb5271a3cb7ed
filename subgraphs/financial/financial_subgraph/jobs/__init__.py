"""Financial's background jobs: the job table, the job kinds its worker runs
(`python -m financial_subgraph.worker`), and the GraphQL surface (job, cancelJob,
startScheduleRun). The machinery is service_runtime.jobs (docs/jobs.md)."""
