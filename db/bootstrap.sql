-- Database bootstrap, run by a superuser; idempotent.
-- One schema per service, owned by that service's login role; no role can use another's schema.
-- Passwords are set separately (db/init.sh in Docker, devstack in development), never here.

CREATE EXTENSION IF NOT EXISTS vector;  -- pgvector, for embeddings (ai schema)

-- The public schema holds only extensions: nobody creates objects there.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

DO $$
DECLARE
    service text;
BEGIN
    FOREACH service IN ARRAY ARRAY['auth', 'financial', 'ai', 'trading', 'comm', 'monitoring']
    LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = service || '_svc') THEN
            EXECUTE format('CREATE ROLE %I LOGIN NOINHERIT', service || '_svc');
        END IF;
        EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', service, service || '_svc');
        EXECUTE format('ALTER SCHEMA %I OWNER TO %I', service, service || '_svc');
        EXECUTE format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', service);
        EXECUTE format('ALTER ROLE %I SET search_path = %I, public', service || '_svc', service);
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), service || '_svc');
    END LOOP;
END
$$;

-- The audit log (service_runtime/service_runtime/audit): every service's mutations, written by
-- the services' own roles, which may only INSERT. The table belongs to monitoring_svc, which no
-- service connects as, so no service can UPDATE, DELETE, TRUNCATE or ALTER a record.
CREATE TABLE IF NOT EXISTS monitoring.audit_log (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    service text NOT NULL,
    organization_id uuid,
    principal_subject text,
    request_id text,
    operation_name text,
    mutation text NOT NULL,
    arguments jsonb NOT NULL,
    outcome text NOT NULL CHECK (outcome IN ('OK', 'REJECTED', 'FAILED')),
    error_code text
);
ALTER TABLE monitoring.audit_log OWNER TO monitoring_svc;
-- What an organisation's admins page through: newest first, keyset on (occurred_at, id).
CREATE INDEX IF NOT EXISTS audit_log_organization_recent
    ON monitoring.audit_log (organization_id, occurred_at DESC, id DESC);

-- Defence in depth behind the queries' own scoping: a service records only the organisation its
-- transaction is scoped to (app.organization_id, or none for anonymous mutations such as login),
-- and reads only that organisation's records.
ALTER TABLE monitoring.audit_log ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS audit_log_insert ON monitoring.audit_log;
CREATE POLICY audit_log_insert ON monitoring.audit_log FOR INSERT WITH CHECK (
    organization_id IS NOT DISTINCT FROM
        nullif(current_setting('app.organization_id', true), '')::uuid
);
DROP POLICY IF EXISTS audit_log_read ON monitoring.audit_log;
CREATE POLICY audit_log_read ON monitoring.audit_log FOR SELECT USING (
    organization_id = nullif(current_setting('app.organization_id', true), '')::uuid
);

REVOKE ALL ON monitoring.audit_log FROM PUBLIC;
DO $$
DECLARE
    service_role text;
BEGIN
    -- Every service role, read back so a subgraph added to the list above is covered too.
    FOR service_role IN
        SELECT rolname FROM pg_roles WHERE rolname LIKE '%\_svc' AND rolname <> 'monitoring_svc'
    LOOP
        EXECUTE format('GRANT USAGE ON SCHEMA monitoring TO %I', service_role);
        EXECUTE format('GRANT INSERT ON monitoring.audit_log TO %I', service_role);
    END LOOP;
END
$$;
-- The auth subgraph serves the auditLog query to organisation admins.
GRANT SELECT ON monitoring.audit_log TO auth_svc;
