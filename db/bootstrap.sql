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
