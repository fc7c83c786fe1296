-- Certification domain, first shape: the model catalogue and the pre-regional certification table
-- (one certification per model, no region). V2 renames that table to model_certifications_legacy and
-- creates the regional one, as seed 002 did; this file keeps the old shape so that history is real and
-- the rollback script (db/rollback/) has something to restore.
--
-- Every name is schema-qualified: Flyway may keep its history table in another schema, and the three
-- domains each have an enum called job_status.

CREATE SCHEMA IF NOT EXISTS certification;

-- The id is the provider's model id (e.g. 'anthropic.claude-3-haiku-20240307-v1:0'), so that queue job
-- payloads and the Bedrock calls use one identifier without a lookup.
CREATE TABLE certification.ai_models (
    id                         text        NOT NULL,
    name                       text        NOT NULL,
    provider                   text        NOT NULL,
    active                     boolean     NOT NULL DEFAULT true,
    -- Bedrock refuses on-demand calls for some models; they must be called through a geography
    -- prefixed inference profile ('us.', 'eu.', 'apac.').
    requires_inference_profile boolean     NOT NULL DEFAULT false,
    supports_streaming         boolean     NOT NULL DEFAULT true,
    input_modalities           text[]      NOT NULL DEFAULT '{}',
    output_modalities          text[]      NOT NULL DEFAULT '{}',
    created_at                 timestamptz NOT NULL DEFAULT now(),
    updated_at                 timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ai_models_pkey PRIMARY KEY (id),
    CONSTRAINT ai_models_id_not_blank CHECK (btrim(id) <> ''),
    CONSTRAINT ai_models_name_not_blank CHECK (btrim(name) <> '')
);

-- ALL_MODELS expands to the active models only.
CREATE INDEX ai_models_active_idx ON certification.ai_models (active);
CREATE INDEX ai_models_provider_idx ON certification.ai_models (provider);

-- The old shape: status was free text checked against a list (no enum yet), and a model had exactly one
-- certification. Constraint and index names are spelled out because V2 renames each of them and the
-- rollback renames them back; relying on generated names would make both scripts guess.
CREATE TABLE certification.model_certifications (
    id           uuid         NOT NULL DEFAULT gen_random_uuid(),
    model_id     text         NOT NULL,
    status       text         NOT NULL DEFAULT 'pending',
    passed       boolean,
    score        numeric(5,2),
    rating       text,
    test_results jsonb,
    error        text,
    certified_at timestamptz,
    created_at   timestamptz  NOT NULL DEFAULT now(),
    updated_at   timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT model_certifications_pkey PRIMARY KEY (id),
    CONSTRAINT model_certifications_model_id_key UNIQUE (model_id),
    CONSTRAINT model_certifications_model_id_fkey FOREIGN KEY (model_id)
        REFERENCES certification.ai_models (id) ON DELETE CASCADE,
    CONSTRAINT model_certifications_status_check
        CHECK (status IN ('pending', 'running', 'certified', 'failed')),
    CONSTRAINT model_certifications_score_check CHECK (score BETWEEN 0 AND 100),
    CONSTRAINT model_certifications_rating_check CHECK (rating IN ('A', 'B', 'C', 'D', 'F'))
);

CREATE INDEX model_certifications_status_idx ON certification.model_certifications (status);
