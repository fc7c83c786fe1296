package dev.drover.cli.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.queue.Backoff;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

    @Test
    void parsesMillisUnitsAndIso() {
        assertThat(DurationConverter.parse("1500")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationConverter.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DurationConverter.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(DurationConverter.parse("PT2H")).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void rejectsGarbage() {
        for (String bad : new String[] {"", "soon", "5x", "1h 30m", "-5", "m5"}) {
            assertThatThrownBy(() -> DurationConverter.parse(bad)).as(bad).isInstanceOf(TypeConversionException.class);
        }
    }

    @Test
    void parsesBackoff() {
        assertThat(new BackoffConverter().convert("fixed:1000")).isEqualTo(Backoff.fixed(1000));
        assertThat(new BackoffConverter().convert("exponential:2s")).isEqualTo(Backoff.exponential(2000));
        assertThatThrownBy(() -> new BackoffConverter().convert("fixed")).isInstanceOf(TypeConversionException.class);
    }
}
