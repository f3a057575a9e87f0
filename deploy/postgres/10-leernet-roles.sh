#!/bin/sh
# docker-compose.yml mounts this into the postgres image's /docker-entrypoint-initdb.d: on the
# first start of an empty volume it creates leernet_owner, leernet_app and their database
# (deploy/sql/roles.sql). For a volume that already holds data, see docs/operations.md.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v dbname="$LEERNET_DB_NAME" \
    -v owner_password="$LEERNET_DB_OWNER_PASSWORD" \
    -v app_password="$LEERNET_DB_APP_PASSWORD" \
    -f /leernet/roles.sql
