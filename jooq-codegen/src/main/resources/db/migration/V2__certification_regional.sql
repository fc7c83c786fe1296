-- Regional certification (seed 002): a model is certified per cloud region, and certifications are
-- produced by batch jobs. The pre-regional table is kept, rows and all, as model_certifications_legacy;
-- nothing reads it any more, but its rows are the only record of certifications done before regions.
--
-- Undo: db/rollback/rollback_V2_regional_certifications.sql (drops what this file creates, renames the
-- legacy table and its constraints back, deletes this version's row from flyway_schema_history).

ALTER TABLE certification.model_certifications RENAME TO model_certifications_legacy;

-- Every constraint and index of the old table is renamed, not only the primary key: the regional table
-- reuses the plain names (model_certifications_pkey, model_certifications_status_idx, ...) and index
-- names share one namespace per schema. Renaming an index-backed constraint renames its index too.
ALTER TABLE certification.model_certifications_legacy
    RENAME CONSTRAINT model_certifications_pkey TO model_certifications_legacy_pkey;
ALTER TABLE certification.model_certifications_legacy
    RENAME CONSTRAINT model_certifications_model_id_key TO model_certifications_legacy_model_id_key;
ALTER TABLE certification.model_certifications_legacy
    RENAME CONSTRAINT model_certifications_model_id_fkey TO model_certifications_legacy_model_id_fkey;
ALTER TABLE certification.model_certifications_legacy
    RENAME CONSTRAINT model_certifications_status_check TO model_certifications_legacy_status_check;
ALTER TABLE certification.model_certifications_legacy
    RENAME CONSTRAINT model_certifications_score_check TO model_certifications_legacy_score_check;
ALTER TABLE certification.model_certifications_legacy
    RENAME CONSTRAINT model_certifications_rating_check TO model_certifications_legacy_rating_check;
ALTER INDEX certification.model_certifications_status_idx
    RENAME TO model_certifications_legacy_status_idx;

COMMENT ON TABLE certification.model_certifications_legacy IS
    'Pre-regional certifications (one per model), renamed by V2. Read-only history.';

-- The status of one (model, region) certification.
CREATE TYPE certification.certification_status AS ENUM (
    'PENDING', 'QUEUED', 'PROCESSING', 'COMPLETED', 'FAILED', 'CANCELLED'
);

CREATE TYPE certification.certification_job_type AS ENUM (
    'SINGLE_MODEL', 'MULTIPLE_MODELS', 'ALL_MODELS', 'RECERTIFY'
);

-- A batch can be paused, which a single certification cannot.
CREATE TYPE certification.job_status AS ENUM (
    'PENDING', 'QUEUED', 'PROCESSING', 'COMPLETED', 'FAILED', 'CANCELLED', 'PAUSED'
);

-- What a processed (job, model, region) contributed to the batch counters.
CREATE TYPE certification.certification_item_outcome AS ENUM ('SUCCESS', 'FAILURE', 'CANCELLED');

CREATE TABLE certification.certification_jobs (
    id               uuid                                 NOT NULL DEFAULT gen_random_uuid(),
    type             certification.certification_job_type NOT NULL,
    regions          text[]                               NOT NULL,
    -- Empty for ALL_MODELS and RECERTIFY, whose model set is resolved when the batch expands.
    model_ids        text[]                               NOT NULL DEFAULT '{}',
    status           certification.job_status             NOT NULL DEFAULT 'PENDING',
    -- Counts (model, region) pairs, not models: total = models x regions once expanded.
    total_models     integer                              NOT NULL DEFAULT 0,
    processed_models integer                              NOT NULL DEFAULT 0,
    success_count    integer                              NOT NULL DEFAULT 0,
    failure_count    integer                              NOT NULL DEFAULT 0,
    -- Items of a cancelled batch are settled here so they are never mistaken for failures.
    cancelled_count  integer                              NOT NULL DEFAULT 0,
    -- The parent (flow) job's id in the queue. A batch is created or adopted by it, so it is unique.
    queue_job_id     text,
    config           jsonb                                NOT NULL DEFAULT '{}',
    error            text,
    created_by       text,
    created_at       timestamptz                          NOT NULL DEFAULT now(),
    updated_at       timestamptz                          NOT NULL DEFAULT now(),
    started_at       timestamptz,
    completed_at     timestamptz,
    CONSTRAINT certification_jobs_pkey PRIMARY KEY (id),
    -- A plain UNIQUE (NULLs stay distinct) rather than a partial index, so that
    -- INSERT ... ON CONFLICT (queue_job_id) can name it without repeating a WHERE clause.
    CONSTRAINT certification_jobs_queue_job_id_key UNIQUE (queue_job_id),
    CONSTRAINT certification_jobs_regions_not_empty CHECK (cardinality(regions) > 0),
    CONSTRAINT certification_jobs_counters_non_negative CHECK (
        total_models >= 0 AND processed_models >= 0 AND success_count >= 0
        AND failure_count >= 0 AND cancelled_count >= 0),
    -- A retried item counted twice would break one of these, so they fail loudly instead of drifting.
    CONSTRAINT certification_jobs_processed_within_total CHECK (processed_models <= total_models),
    CONSTRAINT certification_jobs_outcomes_within_total
        CHECK (success_count + failure_count + cancelled_count <= total_models),
    CONSTRAINT certification_jobs_config_is_object CHECK (jsonb_typeof(config) = 'object')
);

CREATE INDEX certification_jobs_status_idx ON certification.certification_jobs (status);
CREATE INDEX certification_jobs_type_idx ON certification.certification_jobs (type);
CREATE INDEX certification_jobs_created_at_idx ON certification.certification_jobs (created_at);

CREATE TABLE certification.model_certifications (
    id                    uuid                               NOT NULL DEFAULT gen_random_uuid(),
    model_id              text                               NOT NULL,
    region                text                               NOT NULL,
    status                certification.certification_status NOT NULL DEFAULT 'PENDING',
    passed                boolean,
    score                 numeric(5,2),
    rating                text,
    test_results          jsonb,
    -- The per-(model, region) queue job that last worked on this row.
    job_id                text,
    -- The batch that last (re)certified this row; a later batch takes the row over.
    certification_job_id  uuid,
    error                 text,
    error_category        text,
    started_at            timestamptz,
    completed_at          timestamptz,
    duration_ms           bigint,
    created_by            text,
    created_at            timestamptz                        NOT NULL DEFAULT now(),
    updated_at            timestamptz                        NOT NULL DEFAULT now(),
    CONSTRAINT model_certifications_pkey PRIMARY KEY (id),
    CONSTRAINT model_certifications_model_id_region_key UNIQUE (model_id, region),
    CONSTRAINT model_certifications_model_id_fkey FOREIGN KEY (model_id)
        REFERENCES certification.ai_models (id) ON DELETE CASCADE,
    -- A deleted batch leaves its certifications standing: they describe the model, not the batch.
    CONSTRAINT model_certifications_certification_job_id_fkey FOREIGN KEY (certification_job_id)
        REFERENCES certification.certification_jobs (id) ON DELETE SET NULL,
    CONSTRAINT model_certifications_region_not_blank CHECK (btrim(region) <> ''),
    CONSTRAINT model_certifications_score_check CHECK (score BETWEEN 0 AND 100),
    CONSTRAINT model_certifications_rating_check CHECK (rating IN ('A', 'B', 'C', 'D', 'F')),
    CONSTRAINT model_certifications_duration_non_negative CHECK (duration_ms >= 0)
);

CREATE INDEX model_certifications_status_idx ON certification.model_certifications (status);
CREATE INDEX model_certifications_region_idx ON certification.model_certifications (region);
CREATE INDEX model_certifications_job_id_idx ON certification.model_certifications (job_id);
CREATE INDEX model_certifications_created_at_idx ON certification.model_certifications (created_at);
CREATE INDEX model_certifications_certification_job_id_idx
    ON certification.model_certifications (certification_job_id);

-- The processed-items ledger. A queue job can run more than once (retries, stalled-job recovery), so
-- the batch counters are moved in the same transaction as an INSERT here: the primary key lets exactly
-- one attempt per (job, model, region) through, and the others find the row and leave counters alone.
-- model_id has no foreign key on purpose: the ledger must still explain the counters after a model is
-- deleted.
CREATE TABLE certification.certification_job_items (
    certification_job_id uuid                                     NOT NULL,
    model_id             text                                     NOT NULL,
    region               text                                     NOT NULL,
    outcome              certification.certification_item_outcome NOT NULL,
    queue_job_id         text,
    processed_at         timestamptz                              NOT NULL DEFAULT now(),
    CONSTRAINT certification_job_items_pkey PRIMARY KEY (certification_job_id, model_id, region),
    CONSTRAINT certification_job_items_certification_job_id_fkey FOREIGN KEY (certification_job_id)
        REFERENCES certification.certification_jobs (id) ON DELETE CASCADE
);
