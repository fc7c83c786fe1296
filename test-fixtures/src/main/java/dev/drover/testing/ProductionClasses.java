package dev.drover.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Looks into a module's compiled production classes ({@code target/classes}) for traces of test seams: a class named
 * {@code TestHooks}, or a constant naming a {@code DROVER_TEST_*} variable or the {@link CrashPoint} fixture. Crash
 * points and other hooks belong in test code, injected through the production code's extension points.
 */
public final class ProductionClasses {

    private static final List<String> MARKERS = List.of("DROVER_TEST_", "TestHooks", "dev/drover/testing/");

    private ProductionClasses() {
    }

    /** The class files under {@code classesDir} that carry a test seam, relative to it. */
    public static List<String> withTestSeams(Path classesDir) {
        try (Stream<Path> files = Files.walk(classesDir)) {
            return files.filter(f -> f.toString().endsWith(".class")).filter(ProductionClasses::hasMarker)
                    .map(f -> classesDir.relativize(f).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean hasMarker(Path classFile) {
        try {
            // constant-pool strings are modified UTF-8, which is plain ASCII for these markers
            String bytes = new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
            return MARKERS.stream().anyMatch(bytes::contains) || classFile.getFileName().toString().startsWith("TestHooks");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
