-- Which provider took each GPU sample. A job whose agent died mid-run is taken over by another agent, so its
-- samples come from two providers; the daily roll-up (provider_metrics) credits each provider with its own
-- samples. Rows written before this migration have NULL here and count for the job's provider, as before.
ALTER TABLE gpu.job_metrics ADD COLUMN provider_id uuid;

ALTER TABLE gpu.job_metrics ADD CONSTRAINT job_metrics_provider_id_fkey FOREIGN KEY (provider_id)
    REFERENCES gpu.providers (id) ON DELETE SET NULL;
