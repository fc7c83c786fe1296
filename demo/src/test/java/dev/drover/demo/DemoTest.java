package dev.drover.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs the whole demo at its small size — embedded Redis and Postgres, the simulators, every daemon as its own
 * process — and asserts the summary it reads back from Postgres.
 */
class DemoTest {

    @Test
    void smallDemoRunsEveryPartAndItsSummaryIsAsExpected() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("REDIS_URL");
        env.remove("DATABASE_URL");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Demo.Result result;
        try (Resources resources = new Resources()) {
            Demo demo = new Demo(new DemoOptions(false, DemoSize.SMALL, Duration.ofSeconds(150)), env,
                    new Console(new PrintStream(out, true, StandardCharsets.UTF_8)), resources);
            result = demo.run();
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(result.checks()).as(printed).allMatch(Check::ok);
        assertThat(result.missing()).as(printed).isEmpty();

        CertificationReport cert = result.report().certification();
        assertThat(cert.items()).hasSize(15);
        assertThat(cert.byRegion()).containsOnlyKeys("eu-west-1", "us-east-1", "us-west-2");
        assertThat(cert.batches()).singleElement().satisfies(b -> {
            assertThat(b.status()).isEqualTo("COMPLETED");
            assertThat(b.processed()).isEqualTo(15);
            assertThat(b.success() + b.failure()).isEqualTo(15);
        });
        assertThat(cert.item(Simulators.UNAVAILABLE_MODEL, "eu-west-1").errorCategory()).isEqualTo("unavailable");

        SyncReport sync = result.report().sync();
        assertThat(sync.leads()).containsEntry(Simulators.SEGMENT_A, DemoSize.SMALL.leadsA())
                .containsEntry(Simulators.SEGMENT_B, DemoSize.SMALL.leadsB());
        assertThat(sync.successes(Simulators.SEGMENT_A).getLast().stat("pages"))
                .isGreaterThanOrEqualTo(DemoSize.SMALL.pagesA());

        GpuReport gpu = result.report().gpu();
        assertThat(gpu.job("train-ok").status()).isEqualTo("COMPLETED");
        assertThat(gpu.job("train-fail").status()).isEqualTo("FAILED");
        assertThat(gpu.job("train-cancel").status()).isEqualTo("CANCELLED");
        assertThat(gpu.imageBatches()).singleElement().satisfies(b -> {
            assertThat(b.status()).isEqualTo("completed");
            assertThat(b.completed()).isEqualTo(GpuWorkload.IMAGE_COUNT);
        });
        assertThat(gpu.creditsBalance()).isTrue();
        assertThat(gpu.debitsBalance()).isTrue();
    }
}
