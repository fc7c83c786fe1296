package dev.drover.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.testing.ProductionClasses;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The production classes carry no test seam: crash points live in test-only mains (issue 14). */
class NoTestSeamsTest {

    @Test
    void productionClassesHaveNoTestHooks() {
        Path classes = Path.of("target", "classes");
        assertThat(classes).isDirectory();
        assertThat(ProductionClasses.withTestSeams(classes)).isEmpty();
    }
}
