package dev.drover.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FiguresTest {

    @Test
    void redisDeltasLeaveOutTheHarnessesOwnProbesAndCountLuaCalls() {
        RedisStats before = RedisStats.parse("""
                cmdstat_evalsha:calls=10,usec=5,usec_per_call=0.5,rejected_calls=0,failed_calls=0
                cmdstat_lpush:calls=10,usec=1,usec_per_call=0.1
                cmdstat_info:calls=1,usec=1,usec_per_call=1
                used_cpu_sys:1.000000
                used_cpu_user:2.000000
                """);
        RedisStats after = RedisStats.parse("""
                cmdstat_evalsha:calls=20,usec=5,usec_per_call=0.5
                cmdstat_lpush:calls=20,usec=1,usec_per_call=0.1
                cmdstat_zadd:calls=5,usec=1,usec_per_call=0.1
                cmdstat_info:calls=9,usec=1,usec_per_call=1
                used_cpu_sys:1.500000
                used_cpu_user:2.250000
                """);
        RedisStats.Delta d = after.since(before);
        assertThat(d.commands()).isEqualTo(25);
        assertThat(d.luaCalls()).isEqualTo(10);
        assertThat(d.cpuMicros()).isCloseTo(750_000, within(1.0));
    }

    @Test
    void percentilesAndMedians() {
        double[] v = {5, 1, 4, 2, 3, 6, 7, 8, 9, 10};
        assertThat(Percentiles.of(v, 50)).isEqualTo(5);
        assertThat(Percentiles.of(v, 99)).isEqualTo(10);
        assertThat(Percentiles.of(v, 100)).isEqualTo(10);
        assertThat(Percentiles.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(Percentiles.median(List.of(4.0, 1.0, Double.NaN, 2.0, 3.0))).isEqualTo(2.5);
    }

    @Test
    void specRoundTripsThroughItsMap() {
        RunSpec spec = new RunSpec(Scenario.LATENCY, "redis://h:1", "q", 10, 50, 3, 1, 1000, 2000, 7);
        assertThat(RunSpec.fromMap(Map.copyOf(spec.toMap()))).isEqualTo(spec);
    }

    @Test
    void configScalesJobCountsAndRejectsUnknownOptions() {
        BenchConfig c = BenchConfig.parse(new String[] {"--scale", "0.1", "--bulk-size", "20", "--no-audit"},
                java.nio.file.Path.of("/r"));
        assertThat(c.jobs("bulk-jobs", 1)).isEqualTo(10_000);
        assertThat(c.size("bulk-size")).isEqualTo(20);
        assertThat(c.audit()).isFalse();
        assertThat(c.scenarios()).hasSize(Scenario.values().length);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BenchConfig.parse(new String[] {"--nope", "1"},
                java.nio.file.Path.of("/r"))).isInstanceOf(IllegalArgumentException.class);
    }
}
