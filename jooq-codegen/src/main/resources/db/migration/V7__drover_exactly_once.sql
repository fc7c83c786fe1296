-- Exactly-once effects of queue jobs and the transactional outbox (module queue-postgres; the guarantee is
-- stated in docs/exactly-once.md). Schema drover: the library's own tables, used by any queue.

CREATE SCHEMA drover;

-- One row per queue job whose work runs through JobEffects, keyed by (queue, job id). An attempt registers
-- itself when it starts (job_timestamp, attempt, lock_token: the fence); the transaction that commits the
-- job's work also sets completed_at and result, but only while lock_token is still its own. A redelivered
-- job whose row is completed returns the stored result without running its work again.
CREATE TABLE drover.processed_jobs (
    queue         text        NOT NULL,
    job_id        text        NOT NULL,
    -- The queue job's creation time (ms, the hash's `timestamp`): tells the job from a later one added under
    -- the same custom id after it was removed.
    job_timestamp bigint      NOT NULL,
    -- The job's attemptsStarted (`ats`) when the registered attempt began; an attempt with a lower one is
    -- stale (its lock expired and the job was fetched again).
    attempt       integer     NOT NULL,
    -- The registered attempt's lock token: the only attempt that may commit.
    lock_token    text        NOT NULL,
    started_at    timestamptz NOT NULL DEFAULT now(),
    completed_at  timestamptz,
    -- The work's return value, as the queue job's result (json keeps the text as written).
    result        json,
    CONSTRAINT processed_jobs_pkey PRIMARY KEY (queue, job_id),
    CONSTRAINT processed_jobs_result_check CHECK ((completed_at IS NULL) = (result IS NULL))
);

-- Retention prunes by the last thing that happened to a row.
CREATE INDEX processed_jobs_age_idx ON drover.processed_jobs ((coalesce(completed_at, started_at)));

-- Jobs to enqueue when the transaction that wrote them commits. A relay in every worker process claims
-- pending rows (FOR UPDATE SKIP LOCKED), adds each to Redis under its job id with an add-once marker named
-- after the row, and sets relayed_at in the same transaction; see docs/exactly-once.md for why a row is
-- added exactly once even when a relay dies between the add and its commit.
CREATE TABLE drover.outbox (
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    -- The queue the job (a flow: its root) is added to.
    queue           text        NOT NULL,
    -- The queue job id: the caller's custom id, else the row id.
    job_id          text        NOT NULL,
    -- {"name", "data", "opts" (BullMQ's opts JSON), "children": [...]}: a job, or a flow's root and its tree.
    job             json        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    relayed_at      timestamptz,
    -- Failed relays of this row (Redis down, a flow Redis refused) and the last reason; it is tried again
    -- from next_attempt_at on.
    relay_attempts  integer     NOT NULL DEFAULT 0,
    last_error      text,
    next_attempt_at timestamptz,
    CONSTRAINT outbox_pkey PRIMARY KEY (id),
    CONSTRAINT outbox_relay_attempts_check CHECK (relay_attempts >= 0)
);

CREATE INDEX outbox_pending_idx ON drover.outbox (created_at) WHERE relayed_at IS NULL;
CREATE INDEX outbox_relayed_at_idx ON drover.outbox (relayed_at) WHERE relayed_at IS NOT NULL;
