package dev.drover.certification;

import static dev.drover.db.generated.certification.Tables.CERTIFICATION_JOBS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.db.Database;
import dev.drover.db.DatabaseUrl;
import dev.drover.db.generated.certification.enums.CertificationJobType;
import dev.drover.testing.FreePort;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator commands ({@code submit}, {@code status}, ...) as their own JVM, stdout and stderr together: they print
 * their answer and nothing else, their own options never come from the shell's variables, and a database or Redis
 * URL they cannot use is reported without its password, malformed or not.
 */
@ExtendWith({RedisExtension.class, PostgresExtension.class})
class OperatorCommandsTest {

    private static final String SECRET = "pw-s3cret-4f9a";

    private static String run(Map<String, String> env, int expectedExit, String... args) throws Exception {
        try (DaemonProcess p = DaemonProcess.start(env, args)) {
            assertThat(p.awaitExit(60)).as(p.output()).isEqualTo(expectedExit);
            return p.output();
        }
    }

    @Test
    void statusPrintsOnlyTheBatchAndSubmitIgnoresTheShellsVariables(TestRedis redis, TestDatabase db) throws Exception {
        UUID id = UUID.randomUUID();
        try (Database database = Database.open(DatabaseUrl.parse(db.url(), Map.of()), "test", 1)) {
            database.dsl().insertInto(CERTIFICATION_JOBS).set(CERTIFICATION_JOBS.ID, id)
                    .set(CERTIFICATION_JOBS.TYPE, CertificationJobType.ALL_MODELS)
                    .set(CERTIFICATION_JOBS.REGIONS, new String[] {"us-east-1"}).execute();
        }
        Map<String, String> env = new HashMap<>(Map.of("REDIS_URL", redis.url(), "DATABASE_URL", db.url(),
                "QUEUE_PREFIX", redis.prefix(), "TZ", ":/etc/localtime", "TYPE", "ALL_MODELS", "REGIONS", "x",
                "USER", "root", "CREATED_BY", "someone", "JOB_ID", "from-the-shell"));

        String status = run(env, 0, "status", id.toString());
        assertThat(status).startsWith("id         " + id + "\n").contains("status     PENDING").doesNotContain("INFO")
                .doesNotContain("jOOQ").doesNotContain("Hikari");
        assertThat(status.lines()).hasSize(9);

        String jobId = run(env, 0, "submit", "--type", "SINGLE_MODEL", "--regions", "us-east-1", "--models", "m1");
        assertThat(jobId).matches("\\d+\n").isNotEqualTo("from-the-shell\n");
        assertThat(run(env, 2, "submit", "--regions", "us-east-1"))
                .contains("missing required option: --type");
    }

    @Test
    void urlsWithPasswordsAreNeverEchoed(TestRedis redis, TestDatabase db) throws Exception {
        int closed = FreePort.pick();
        Map<String, String> malformedDb = Map.of("REDIS_URL", redis.url(),
                "DATABASE_URL", "postgres://drover:" + SECRET + " x@db host:5432/drover");
        Map<String, String> wrongSchemeDb = Map.of("REDIS_URL", redis.url(),
                "DATABASE_URL", "postgress://drover:" + SECRET + "@localhost:5432/drover");
        Map<String, String> unreachableDb = Map.of("REDIS_URL", redis.url(),
                "DATABASE_URL", "postgres://drover:" + SECRET + "@127.0.0.1:" + closed + "/drover");
        Map<String, String> malformedRedis = Map.of("REDIS_URL", "redis://:" + SECRET + " x@redis host:6379",
                "DATABASE_URL", db.url());
        Map<String, String> unreachableRedis = Map.of("REDIS_URL", "redis://:" + SECRET + "@127.0.0.1:" + closed,
                "DATABASE_URL", db.url());

        for (Map<String, String> env : new Map[] {malformedDb, wrongSchemeDb, malformedRedis}) {
            assertThat(run(env, 2, "status", "1")).as(env.toString()).doesNotContain(SECRET)
                    .contains("is not a valid").hasLineCount(1);
        }
        assertThat(run(unreachableDb, 3, "status", "1")).doesNotContain(SECRET)
                .contains("127.0.0.1:" + closed);
        assertThat(run(malformedRedis, 2, "submit", "--type", "ALL_MODELS", "--regions", "us-east-1"))
                .doesNotContain(SECRET).hasLineCount(1);
        assertThat(run(unreachableRedis, 3, "submit", "--type", "ALL_MODELS", "--regions", "us-east-1"))
                .doesNotContain(SECRET);
    }
}
