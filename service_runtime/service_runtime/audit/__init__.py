"""The audit log: every mutation of every subgraph recorded once, by the shared runtime.

`ServiceSchema` puts `AuditedMutation` on every mutation field, so a subgraph writes no code of
its own. Records go to `monitoring.audit_log` (created by db/bootstrap.sql), which service roles
may only INSERT into; the auth subgraph serves them to organisation admins (`auditLog`).
"""

from service_runtime.audit.recorder import AuditedMutation, audit_every_mutation
from service_runtime.audit.table import audit_log

__all__ = ["AuditedMutation", "audit_every_mutation", "audit_log"]
