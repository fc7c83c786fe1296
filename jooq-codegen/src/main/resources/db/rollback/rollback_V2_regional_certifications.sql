-- Undo V2__certification_regional (seed 002's documented rollback), as one transaction:
--   1. drop the regional tables and the enums V2 created (their rows are lost: export them first if
--      they matter);
--   2. rename model_certifications_legacy, its constraints and its index back to the V1 names, which
--      brings the pre-regional rows back under model_certifications;
--   3. delete Drover's V2 row from flyway_schema_history, so Flyway's record matches the database again.
--
-- Plain SQL with no psql meta-commands, so it runs the same from psql (-v ON_ERROR_STOP=1 -f) and from
-- JDBC (the whole file as one Statement.execute; pgjdbc splits it and respects the $$ quoting).
-- Run it as the migration owner (the role Flyway uses), never as the runtime role.
--
-- After it, Flyway sees V2 as pending. If it was the last applied migration, a plain migrate re-applies
-- it; if later versions are applied (V3..), migrate and validate refuse until either outOfOrder=true
-- (roll forward again) or V2 is taken out of the migration locations (stay rolled back).

BEGIN;

-- Refuse early with a clear message rather than half-way through with a missing-relation error.
DO $$
BEGIN
    IF to_regclass('certification.model_certifications_legacy') IS NULL THEN
        RAISE EXCEPTION 'certification.model_certifications_legacy does not exist: V2 is not applied '
            'or was already rolled back';
    END IF;
END
$$;

-- No CASCADE: an object added later that depends on these tables must stop the rollback, not be
-- dropped with it silently.
DROP TABLE certification.certification_job_items;
DROP TABLE certification.model_certifications;
DROP TABLE certification.certification_jobs;

DROP TYPE certification.certification_item_outcome;
DROP TYPE certification.job_status;
DROP TYPE certification.certification_job_type;
DROP TYPE certification.certification_status;

ALTER TABLE certification.model_certifications_legacy RENAME TO model_certifications;
ALTER TABLE certification.model_certifications
    RENAME CONSTRAINT model_certifications_legacy_pkey TO model_certifications_pkey;
ALTER TABLE certification.model_certifications
    RENAME CONSTRAINT model_certifications_legacy_model_id_key TO model_certifications_model_id_key;
ALTER TABLE certification.model_certifications
    RENAME CONSTRAINT model_certifications_legacy_model_id_fkey TO model_certifications_model_id_fkey;
ALTER TABLE certification.model_certifications
    RENAME CONSTRAINT model_certifications_legacy_status_check TO model_certifications_status_check;
ALTER TABLE certification.model_certifications
    RENAME CONSTRAINT model_certifications_legacy_score_check TO model_certifications_score_check;
ALTER TABLE certification.model_certifications
    RENAME CONSTRAINT model_certifications_legacy_rating_check TO model_certifications_rating_check;
ALTER INDEX certification.model_certifications_legacy_status_idx
    RENAME TO model_certifications_status_idx;
COMMENT ON TABLE certification.model_certifications IS NULL;

-- Flyway keeps its history table in its default schema, which depends on how it is configured (Drover
-- uses public; other setups the first of the schemas, or the connection's search_path), so every table of
-- that name is cleaned, of Drover's V2 row only: another application's history in the same database keeps
-- its own version 2. A history table renamed with Flyway's "table" setting is not found: delete its
-- V2__certification_regional.sql row by hand.
DO $$
DECLARE
    history record;
    deleted integer;
BEGIN
    FOR history IN
        SELECT n.nspname AS schema_name
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relname = 'flyway_schema_history' AND c.relkind IN ('r', 'p')
    LOOP
        EXECUTE format('DELETE FROM %I.flyway_schema_history WHERE version = %L AND script = %L',
                       history.schema_name, '2', 'V2__certification_regional.sql');
        GET DIAGNOSTICS deleted = ROW_COUNT;
        RAISE NOTICE 'removed % row(s) for version 2 from %.flyway_schema_history',
            deleted, history.schema_name;
    END LOOP;
    IF NOT FOUND THEN
        RAISE NOTICE 'no flyway_schema_history table found; nothing to remove from Flyway''s history';
    END IF;
END
$$;

COMMIT;
