package dev.drover.db;

import static dev.drover.db.generated.certification.Tables.AI_MODELS;
import static dev.drover.db.generated.certification.Tables.CERTIFICATION_JOBS;
import static dev.drover.db.generated.certification.Tables.MODEL_CERTIFICATIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.db.generated.certification.enums.CertificationJobType;
import dev.drover.db.generated.certification.enums.CertificationStatus;
import dev.drover.db.generated.certification.enums.JobStatus;
import dev.drover.db.generated.certification.tables.records.CertificationJobsRecord;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.TestDatabase;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The schema refuses bad rows with errors that name the rule, and jOOQ round-trips its richer types. */
@ExtendWith(PostgresExtension.class)
class SchemaConstraintsTest {

    @Test
    void aSecondCertificationOfOneModelInOneRegionIsRefused(TestDatabase db) {
        DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
        insertModel(dsl, "m1");
        insertCertification(dsl, "m1", "us-east-1");
        insertCertification(dsl, "m1", "eu-west-1");
        assertThatThrownBy(() -> insertCertification(dsl, "m1", "us-east-1"))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("model_certifications_model_id_region_key");
    }

    @Test
    void aNegativeCounterIsRefused(TestDatabase db) {
        DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
        assertThatThrownBy(() -> dsl.insertInto(CERTIFICATION_JOBS)
                .set(CERTIFICATION_JOBS.TYPE, CertificationJobType.ALL_MODELS)
                .set(CERTIFICATION_JOBS.REGIONS, new String[] {"us-east-1"})
                .set(CERTIFICATION_JOBS.FAILURE_COUNT, -1)
                .execute())
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("certification_jobs_counters_non_negative");
    }

    @Test
    void anUnknownEnumValueIsRefused(TestDatabase db) {
        DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
        assertThatThrownBy(() -> dsl.execute(
                "insert into certification.certification_jobs (type, regions) values ('SOME_MODELS', '{us-east-1}')"))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("invalid input value for enum certification.certification_job_type: \"SOME_MODELS\"");
    }

    @Test
    void jooqRoundTripsJsonbArraysAndEnums(TestDatabase db) {
        DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
        CertificationJobsRecord inserted = dsl.insertInto(CERTIFICATION_JOBS)
                .set(CERTIFICATION_JOBS.TYPE, CertificationJobType.MULTIPLE_MODELS)
                .set(CERTIFICATION_JOBS.REGIONS, new String[] {"us-east-1", "eu-west-1"})
                .set(CERTIFICATION_JOBS.MODEL_IDS, new String[] {"a", "b"})
                .set(CERTIFICATION_JOBS.CONFIG, JSONB.valueOf("{\"suite\": \"full\", \"maxTokens\": 64}"))
                .returning()
                .fetchOne();

        CertificationJobsRecord read = dsl.selectFrom(CERTIFICATION_JOBS)
                .where(CERTIFICATION_JOBS.ID.eq(inserted.getId())).fetchOne();
        assertThat(read.getRegions()).containsExactly("us-east-1", "eu-west-1");
        assertThat(read.getModelIds()).containsExactly("a", "b");
        assertThat(read.getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(read.getType()).isEqualTo(CertificationJobType.MULTIPLE_MODELS);
        String suite = dsl.select(DSL.field("config->>'suite'", String.class)).from(CERTIFICATION_JOBS)
                .where(CERTIFICATION_JOBS.ID.eq(inserted.getId())).fetchOne(0, String.class);
        assertThat(suite).isEqualTo("full");
        assertThat(read.getConfig().data()).contains("\"maxTokens\": 64");
    }

    private static void insertModel(DSLContext dsl, String id) {
        dsl.insertInto(AI_MODELS).set(AI_MODELS.ID, id).set(AI_MODELS.NAME, "Model " + id)
                .set(AI_MODELS.PROVIDER, "anthropic").execute();
    }

    private static void insertCertification(DSLContext dsl, String modelId, String region) {
        dsl.insertInto(MODEL_CERTIFICATIONS)
                .set(MODEL_CERTIFICATIONS.MODEL_ID, modelId)
                .set(MODEL_CERTIFICATIONS.REGION, region)
                .set(MODEL_CERTIFICATIONS.STATUS, CertificationStatus.PENDING)
                .execute();
    }
}
