"""The audit log for organisation admins: the `auditLog` query over `monitoring.audit_log`,
which every subgraph's runtime writes (service_runtime.audit). Served here because auth owns
organisations and their admin scope (`org:manage`)."""
