#!/usr/bin/env bash
# Docker entrypoint init script (mounted as 20-role-passwords.sh, so it runs after
# 10-bootstrap.sql has created the roles): gives every <service>_svc role its login password
# from <SERVICE>_DB_PASSWORD and lets it connect to the database.
# The entrypoint runs it once, when the data volume is first initialised.
set -euo pipefail

psql_admin() {
    psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" \
        --dbname "$POSTGRES_DB" "$@"
}

variable_for() {  # auth_svc -> AUTH_DB_PASSWORD
    local service="${1%_svc}"
    printf '%s_DB_PASSWORD' "${service^^}"
}

# The roles bootstrap.sql made, read back so this script never keeps its own list.
roles=$(psql_admin --tuples-only --no-align \
    --command "SELECT rolname FROM pg_roles WHERE rolname LIKE '%\_svc' ORDER BY rolname")

# Check every password before changing anything. A failure stops the container, and the
# entrypoint then treats the volume as initialised: remove the volume before starting again.
for role in $roles; do
    variable=$(variable_for "$role")
    password=${!variable:-}
    if [[ ${#password} -lt 16 || $password == replace-with-* ]]; then
        echo "init.sh: set $variable to a generated secret of at least 16 characters" >&2
        exit 1
    fi
done

for role in $roles; do
    variable=$(variable_for "$role")
    # psql variables (:'pw' a quoted literal, :"name" a quoted identifier) keep any
    # character in the password from being read as SQL; -c would not interpolate them.
    psql_admin --set role="$role" --set pw="${!variable}" --set db="$POSTGRES_DB" <<'SQL'
ALTER ROLE :"role" PASSWORD :'pw';
GRANT CONNECT ON DATABASE :"db" TO :"role";
SQL
    echo "init.sh: password set for $role"
done
