package dev.drover.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The test every daemon module runs by extending this class: its production classes ({@code target/classes}) carry
 * no test seam ({@link ProductionClasses}); crash points live in test-only mains.
 */
public abstract class NoTestSeamsContract {

    @Test
    void productionClassesHaveNoTestHooks() {
        Path classes = Path.of("target", "classes");
        assertTrue(Files.isDirectory(classes), classes.toAbsolutePath() + " is not built");
        assertEquals(List.of(), ProductionClasses.withTestSeams(classes), "production classes with a test seam");
    }
}
