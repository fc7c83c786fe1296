package dev.drover.dashboard.domain;

import dev.drover.queue.Job;
import java.util.Optional;
import java.util.UUID;

/**
 * Which domain row a queue job works on, by the workers' queue contracts (README): {@code certification} jobs
 * belong to a certification batch, a {@code lead-sync} job is a segment's run (its id is the run id), a job on a
 * {@code gpu-jobs.<model>} queue is the GPU job whose id is in its data.
 */
public final class DomainLinks {

    public static final String CERTIFICATION_QUEUE = "certification";
    public static final String SYNC_QUEUE = "lead-sync";
    public static final String GPU_QUEUE_PREFIX = "gpu-jobs.";

    private final CertificationReader certification;
    private final CrmReader crm;
    private final GpuReader gpu;

    /** Null readers: no database, so no links. */
    public DomainLinks(CertificationReader certification, CrmReader crm, GpuReader gpu) {
        this.certification = certification;
        this.crm = crm;
        this.gpu = gpu;
    }

    public static DomainLinks none() {
        return new DomainLinks(null, null, null);
    }

    public Optional<DomainLink> forJob(String queue, Job job) {
        if (certification == null) {
            return Optional.empty();
        }
        if (queue.equals(CERTIFICATION_QUEUE)) {
            return certification.batchOfQueueJob(job.id())
                    .map(id -> new DomainLink("certification batch " + id, "/certification/batch?id=" + id));
        }
        if (queue.equals(SYNC_QUEUE)) {
            Optional<Long> segment = crm.segmentOfRun(job.id());
            if (segment.isEmpty() && job.data() != null && job.data().path("segmentId").canConvertToLong()) {
                segment = Optional.of(job.data().path("segmentId").asLong());
            }
            return segment.map(s -> new DomainLink("CRM segment " + s, "/crm#segment-" + s));
        }
        if (queue.startsWith(GPU_QUEUE_PREFIX) && job.data() != null) {
            return uuid(job.data().path("jobId").asText()).filter(gpu::exists)
                    .map(id -> new DomainLink("GPU job " + id, "/gpu/job?id=" + id));
        }
        return Optional.empty();
    }

    public static Optional<UUID> uuid(String s) {
        try {
            return s == null || s.isBlank() ? Optional.empty() : Optional.of(UUID.fromString(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
