-- The workers' least-privilege runtime role (seed 001's database guide, minus its GRANT ALL): read and
-- write rows in the three domain schemas and in drover (the exactly-once ledger and the outbox; retention
-- deletes old rows), nothing else. No DDL, no TRUNCATE; Flyway's history is read-only (daemons check at start that the schema matches their code). The migration owner (the role Flyway connects as, which owns the schemas and tables) stays
-- a separate role that the workers never use.
--
-- Run after the migrations, as a superuser or as a role that has CREATEROLE and is (a member of) the
-- schemas' owner, because default privileges are set on the owner's behalf. Safe to run again: it
-- creates what is missing and re-grants, so run it again whenever a migration adds a schema.
--
-- Parameters are session settings, read with current_setting, so the script needs no psql variables
-- and runs unchanged from psql or JDBC (the whole file as one statement):
--   drover.runtime_role      role name, default drover_runtime
--   drover.runtime_password  when set: the role gets LOGIN with this password. When unset: a new role
--                            is created NOLOGIN (a group role; grant it to login roles with
--                            GRANT drover_runtime TO some_login), and an existing role's LOGIN and
--                            password are left as they are.
-- e.g. psql -v ON_ERROR_STOP=1 -c "SET drover.runtime_password = '...'" -f create_runtime_role.sql
-- `drover db create-role NAME --password-env VAR` runs this file as it is, with both settings bound as
-- parameters and the password turned into a SCRAM verifier before it leaves the operator's machine (the
-- value may be a verifier: ALTER ROLE stores one as given).
-- The script clears drover.runtime_password from the session when it ends. A SET statement is written
-- to the server log when log_statement is 'all', so on such servers prefer the group role and set the
-- login role's password with psql's \password.

DO $$
DECLARE
    role_name      text := coalesce(nullif(current_setting('drover.runtime_role', true), ''),
                                    'drover_runtime');
    login_password text := nullif(current_setting('drover.runtime_password', true), '');
    schemas        text[] := ARRAY['certification', 'lead_sync', 'gpu', 'drover'];
    schema_name    text;
    owner_name     text;
    existing       pg_roles%ROWTYPE;
    history        record;
    is_drover      boolean;
BEGIN
    PERFORM set_config('drover.runtime_password', '', false);

    SELECT * INTO existing FROM pg_roles WHERE rolname = role_name;
    IF NOT FOUND THEN
        -- Roles are cluster-wide: sessions preparing several databases at once (parallel tests) can
        -- race here, and losing the race is as good as winning it.
        BEGIN
            EXECUTE format('CREATE ROLE %I NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION '
                           'NOBYPASSRLS INHERIT', role_name);
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    ELSIF existing.rolsuper OR existing.rolcreatedb OR existing.rolcreaterole
          OR existing.rolreplication OR existing.rolbypassrls THEN
        -- Altering these attributes needs superuser, and silently keeping them would defeat the
        -- point of the role; an operator has to look at it.
        RAISE EXCEPTION 'role % already exists with SUPERUSER, CREATEDB, CREATEROLE, REPLICATION or '
            'BYPASSRLS; it cannot be the least-privilege runtime role', role_name;
    END IF;

    IF login_password IS NOT NULL THEN
        EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', role_name, login_password);
    END IF;

    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), role_name);
    EXECUTE format('REVOKE CREATE ON DATABASE %I FROM %I', current_database(), role_name);

    FOREACH schema_name IN ARRAY schemas LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = schema_name) THEN
            RAISE EXCEPTION 'schema % does not exist: run the migrations (drover db migrate) before '
                'this script', schema_name;
        END IF;

        EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', schema_name, role_name);
        EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM %I', schema_name, role_name);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO %I',
                       schema_name, role_name);
        -- Identity columns draw from sequences; USAGE covers nextval, SELECT covers currval.
        EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I',
                       schema_name, role_name);

        -- Tables a later migration creates get the same grants without re-running this script.
        -- Default privileges belong to the creating role, so they are set for every role that owns
        -- the schema or a table in it (normally just the migration owner).
        FOR owner_name IN
            SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = schema_name
            UNION
            SELECT pg_get_userbyid(c.relowner)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = schema_name AND c.relkind IN ('r', 'p', 'S', 'v', 'm')
        LOOP
            EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I '
                           'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I',
                           owner_name, schema_name, role_name);
            EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I '
                           'GRANT USAGE, SELECT ON SEQUENCES TO %I',
                           owner_name, schema_name, role_name);
        END LOOP;
    END LOOP;

    -- Workers must never rewrite migration history, wherever a history table is (Flyway may keep it
    -- inside a domain schema, where the grants above would have reached it). They may read Drover's own
    -- history, the table that records Drover's V1, to check at start that the schema matches their code;
    -- another application's history stays closed to them.
    FOR history IN
        SELECT n.nspname AS nsp
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relname = 'flyway_schema_history' AND c.relkind IN ('r', 'p')
    LOOP
        EXECUTE format('REVOKE ALL ON TABLE %I.flyway_schema_history FROM %I',
                       history.nsp, role_name);
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.flyway_schema_history WHERE script = %L)',
                       history.nsp, 'V1__certification_initial.sql') INTO is_drover;
        IF is_drover THEN
            EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', history.nsp, role_name);
            EXECUTE format('GRANT SELECT ON TABLE %I.flyway_schema_history TO %I',
                           history.nsp, role_name);
        END IF;
    END LOOP;

    -- The public schema: no CREATE for anyone but its owner. PostgreSQL 15+ already ships that way;
    -- this restores it where someone loosened it, and removes any direct grant to the runtime role.
    IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'public') THEN
        REVOKE CREATE ON SCHEMA public FROM PUBLIC;
        EXECUTE format('REVOKE CREATE ON SCHEMA public FROM %I', role_name);
    END IF;
END
$$;
