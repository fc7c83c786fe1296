package dev.drover.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.cli.CliContext;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Help.Ansi;

class FormattingTest {

    @Test
    void humanisesDurations() {
        assertThat(Humanize.duration(Duration.ofMillis(350))).isEqualTo("350ms");
        assertThat(Humanize.duration(Duration.ofMillis(4200))).isEqualTo("4.2s");
        assertThat(Humanize.duration(Duration.ofSeconds(185))).isEqualTo("3m 5s");
        assertThat(Humanize.duration(Duration.ofMinutes(130))).isEqualTo("2h 10m");
        assertThat(Humanize.duration(Duration.ofHours(76))).isEqualTo("3d 4h");
        Instant now = Instant.parse("2026-08-01T12:00:00Z");
        assertThat(Humanize.relative(now.minusSeconds(180), now)).isEqualTo("3m ago");
        assertThat(Humanize.relative(now.plusSeconds(5), now)).isEqualTo("in 5.0s");
        assertThat(Humanize.relative(now, now)).isEqualTo("just now");
    }

    @Test
    void alignsColumnsAndRightAlignsNumbers() {
        Table t = new Table("NAME", ">COUNT").row("a", 5).row("longer-name", 12345);
        List<String> lines = t.render(context(Ansi.OFF));
        assertThat(lines).containsExactly(
                "NAME         COUNT",
                "a                5",
                "longer-name  12345");
    }

    @Test
    void colourKeepsAlignment() {
        Table t = new Table("STATE", "N").row(Table.styled("failed", "red"), 1).row("ok", 2);
        List<String> lines = t.render(context(Ansi.ON));
        assertThat(lines.get(1)).contains("\u001b[").contains("failed");
        String plain = lines.get(1).replaceAll("\u001b\\[[;\\d]*m", "");
        assertThat(plain).isEqualTo("failed  1");
    }

    private static CliContext context(Ansi ansi) {
        return new CliContext(new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(new java.io.StringWriter()), null, false, Map.of(), ansi, InstantSource.system());
    }
}
