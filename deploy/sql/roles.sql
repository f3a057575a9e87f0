-- Leernet's two database roles and its database; run once per server, as a superuser (or a
-- managed service's admin role: docs/operations.md "Database roles"). Idempotent.
--
--   psql -v ON_ERROR_STOP=1 -v dbname=leernet -v owner_password=... -v app_password=... \
--        -f deploy/sql/roles.sql
--
-- leernet_owner owns the database and every table: it runs `manage.py migrate` and then
-- `manage.py db_roles`, which gives leernet_app its privileges (core/db_roles.py).
-- leernet_app is what web, worker and beat connect as: it owns nothing, so it cannot truncate,
-- alter, or drop or disable a trigger, and on the audit log it may only read and add.

\set ON_ERROR_STOP on

SELECT 'CREATE ROLE leernet_owner'
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'leernet_owner') \gexec
SELECT 'CREATE ROLE leernet_app'
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'leernet_app') \gexec

ALTER ROLE leernet_owner WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
    PASSWORD :'owner_password';
ALTER ROLE leernet_app WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
    PASSWORD :'app_password';
-- The app must not act as the owner through membership.
SELECT 'REVOKE leernet_owner FROM leernet_app'
WHERE pg_has_role('leernet_app', 'leernet_owner', 'MEMBER') \gexec

SELECT format('CREATE DATABASE %I OWNER leernet_owner', :'dbname')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'dbname') \gexec
SELECT format('ALTER DATABASE %I OWNER TO leernet_owner', :'dbname') \gexec
SELECT format('REVOKE CREATE, TEMPORARY ON DATABASE %I FROM PUBLIC', :'dbname') \gexec

\connect :dbname
-- Before PostgreSQL 15 everyone could create tables in public; only the owner role may now.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA public TO leernet_owner;
