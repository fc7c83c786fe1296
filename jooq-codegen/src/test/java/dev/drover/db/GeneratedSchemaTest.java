package dev.drover.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.db.generated.certification.Certification;
import dev.drover.db.generated.drover.Drover;
import dev.drover.db.generated.gpu.Gpu;
import dev.drover.db.generated.lead_sync.LeadSync;
import java.util.List;
import org.jooq.Named;
import org.jooq.Schema;
import org.junit.jupiter.api.Test;

/** The jOOQ classes generated from the migrations cover every table SPEC section 4 names. */
class GeneratedSchemaTest {

    @Test
    void certificationSchema() {
        assertThat(tables(Certification.CERTIFICATION)).contains("ai_models", "model_certifications",
                "certification_jobs", "model_certifications_legacy", "certification_job_items");
    }

    @Test
    void leadSyncSchema() {
        assertThat(tables(LeadSync.LEAD_SYNC)).contains("sync_segments_control", "sync_segments_logs", "leads", "system_alerts");
    }

    @Test
    void gpuSchema() {
        assertThat(tables(Gpu.GPU)).contains("users", "providers", "jobs", "job_logs", "job_metrics", "benchmarks",
                "transactions", "provider_metrics", "trained_models", "image_batches", "photos");
    }

    @Test
    void droverSchema() {
        assertThat(tables(Drover.DROVER)).contains("processed_jobs", "outbox");
    }

    private static List<String> tables(Schema schema) {
        return schema.getTables().stream().map(Named::getName).toList();
    }
}
