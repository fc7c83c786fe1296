package dev.drover.queue.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.testing.bullmq.NodeBullmq;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Next fire times agree with the cron-parser of the real bullmq (5.x ships cron-parser 4, 6.x cron-parser 5) for a
 * table of patterns and zones, across DST changes, so mixed fleets compute the same slot ids.
 */
class CronParityTest {

    private static final int COUNT = 12;
    private static NodeBullmq v5;
    private static NodeBullmq v6;

    @BeforeAll
    static void start() {
        v5 = NodeBullmq.v5();
        v6 = NodeBullmq.v6();
    }

    @AfterAll
    static void stop() {
        v5.close();
        v6.close();
    }

    @ParameterizedTest(name = "{0} in {1} from {2}")
    @CsvSource(delimiter = '|', value = {
            "*/2 * * * * *      | Europe/Berlin       | 2026-03-29T00:59:57.300Z",
            "* * * * * *        | UTC                 | 2026-05-01T10:07:12.345Z",
            "0 */15 * * * *     | UTC                 | 2026-05-01T10:07:12.000Z",
            "30 2 * * *         | Europe/Berlin       | 2026-03-28T00:00:00Z",
            "30 2 * * *         | Europe/Berlin       | 2026-10-24T00:00:00Z",
            "0 30 1 * * *       | America/New_York    | 2026-11-01T00:00:00Z",
            "0 2 * * *          | America/New_York    | 2026-03-07T00:00:00Z",
            "0 9 * * 1-5        | Asia/Tokyo          | 2026-01-01T00:00:00Z",
            "0 0 1 * *          | Australia/Sydney    | 2026-03-15T00:00:00Z",
            "0 12 * * MON,FRI   | Europe/London       | 2026-03-27T00:00:00Z",
            "0 0 * * 0          | UTC                 | 2026-06-01T00:00:00Z",
            "0 0 * * 7          | UTC                 | 2026-06-01T00:00:00Z",
            "15 10 L * *        | Europe/Paris        | 2026-01-01T00:00:00Z",
            "0 8 1,15 * *       | Asia/Kolkata        | 2026-02-01T00:00:00Z",
            "0 0 13 * 5         | UTC                 | 2026-01-01T00:00:00Z",
            "0 0 12 * * 5#2     | UTC                 | 2026-01-01T00:00:00Z",
            "45 23 * * *        | Pacific/Chatham     | 2026-04-04T00:00:00Z",
            "0 0 0 29 2 *       | UTC                 | 2026-01-01T00:00:00Z",
            "5 4 * JAN-MAR *    | America/Sao_Paulo   | 2026-01-30T00:00:00Z",
            "0 */30 * * * *     | Europe/Berlin       | 2026-10-24T23:10:00Z",
            "0 */20 1 * * *     | America/New_York    | 2026-11-01T04:50:00Z",
            "0 0 8 * * *        | Europe/Berlin       | 2026-10-25T00:45:00Z",
    })
    void nextTimesMatchNodeCronParser(String pattern, String tz, String from) {
        long fromMs = Instant.parse(from).toEpochMilli();
        List<Long> ours = nextTimes(pattern.trim(), tz.trim(), fromMs);
        assertThat(ours).as("bullmq 5 " + v5.cronParserVersion()).isEqualTo(v5.cronNext(pattern.trim(), tz.trim(), fromMs, COUNT));
        assertThat(ours).as("bullmq 6 " + v6.cronParserVersion()).isEqualTo(v6.cronNext(pattern.trim(), tz.trim(), fromMs, COUNT));
    }

    private static List<Long> nextTimes(String pattern, String tz, long fromMs) {
        CronSchedule c = CronSchedule.parse(pattern);
        List<Long> out = new ArrayList<>();
        long t = fromMs;
        for (int i = 0; i < COUNT; i++) {
            OptionalLong n = c.next(t, ZoneId.of(tz));
            if (n.isEmpty()) break;
            t = n.getAsLong();
            out.add(t);
        }
        return out;
    }

    @Test
    void invalidPatternsAreRejectedWithTheirReason() {
        assertThatThrownBy(() -> CronSchedule.parse("61 * * * *")).hasMessageContaining("invalid cron pattern '61 * * * *'");
        assertThatThrownBy(() -> CronSchedule.parse("* * *")).hasMessageContaining("expected 5 fields");
        assertThatThrownBy(() -> CronSchedule.parse("")).hasMessageContaining("blank");
    }
}
