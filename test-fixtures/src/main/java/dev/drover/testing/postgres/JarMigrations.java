package dev.drover.testing.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The versions of the Flyway migrations on the test's class path ({@code db/migration/V<n>__*.sql}), so tests state
 * "the newest version of this build" instead of a number that every new migration would break.
 */
public final class JarMigrations {

    private static final String LOCATION = "db/migration";
    private static final Pattern FILE = Pattern.compile("V(\\d+)__.+\\.sql");

    private JarMigrations() {
    }

    /** The newest migration's version, e.g. {@code 6}. */
    public static int latest() {
        return versions().getLast();
    }

    /** Every version, ascending. */
    public static List<Integer> versions() {
        List<Integer> versions = new ArrayList<>();
        for (String name : fileNames()) {
            Matcher m = FILE.matcher(name);
            if (m.matches()) {
                versions.add(Integer.parseInt(m.group(1)));
            }
        }
        if (versions.isEmpty()) {
            throw new IllegalStateException("no migration found under " + LOCATION + " on the class path");
        }
        Collections.sort(versions);
        return versions;
    }

    private static List<String> fileNames() {
        URL url = JarMigrations.class.getClassLoader().getResource(LOCATION);
        if (url == null) {
            throw new IllegalStateException(LOCATION + " is not on the class path");
        }
        try {
            if (url.getProtocol().equals("jar")) {
                try (JarFile jar = ((JarURLConnection) url.openConnection()).getJarFile()) {
                    return jar.stream().map(e -> e.getName()).filter(n -> n.startsWith(LOCATION + "/"))
                            .map(n -> n.substring(LOCATION.length() + 1)).toList();
                }
            }
            try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                return files.map(p -> p.getFileName().toString()).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
