package dev.drover.sync.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.testing.PostgresExtension;
import dev.drover.testing.TestDatabase;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Operator commands as their own JVM, stdout and stderr together: they print their answer and nothing else (no jOOQ
 * logo or tips, no Hikari lines), whatever the shell's common variables hold, {@code TZ=:/etc/localtime} included.
 */
@ExtendWith(PostgresExtension.class)
class OperatorOutputTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static String run(Map<String, String> env, int expectedExit, String... args) throws Exception {
        try (DaemonProcess p = DaemonProcess.start(env, args)) {
            assertThat(p.awaitExit(WAIT)).as(p.output()).isEqualTo(expectedExit);
            return p.output();
        }
    }

    @Test
    void operatorCommandsPrintOnlyTheirAnswer(TestDatabase db) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("DATABASE_URL", db.url(), "TZ", ":/etc/localtime",
                "NAME", "my-laptop", "FULL", "true", "EVERY", "1m", "CRON", "0 6 * * *", "USER", "root"));

        assertThat(run(env, 0, "segments", "add", "51", "--cron", "0 6 * * *"))
                .isEqualTo("segment 51 added (cron '0 6 * * *' UTC, INCREMENTAL), due now\n");
        String list = run(env, 0, "segments", "list");
        assertThat(list.lines()).hasSize(2);
        assertThat(list.lines().toList().get(1)).startsWith("51       -     active  INCREMENTAL  cron '0 6 * * *' UTC");
        assertThat(run(env, 1, "segments", "pause", "52"))
                .isEqualTo("sync-worker segments: segment 52 is not configured for sync; add it with "
                        + "`sync-worker segments add 52`\n");

        assertThat(run(env, 0, "segments", "list", "--verbose")).as("--verbose shows the INFO lines")
                .contains("INFO").contains("SEGMENT");
    }
}
