package dev.drover.testing.postgres;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The versions of Drover's Flyway migrations on the class path ({@code db/migration/V<n>__*.sql}), so that tests
 * about schema versions say "the newest" instead of a number that every new migration would have to update.
 */
public final class DroverMigrations {

    private static final String LOCATION = "db/migration";
    private static final Pattern FILE = Pattern.compile("(?:.*/)?V(\\d+)__[^/]+\\.sql");

    private DroverMigrations() {
    }

    /** Every version, ascending (e.g. {@code [1, 2, 3]}). */
    public static List<Integer> versions() {
        URL dir = Thread.currentThread().getContextClassLoader().getResource(LOCATION);
        if (dir == null) {
            throw new IllegalStateException("no " + LOCATION + " on the class path (is jooq-codegen a dependency?)");
        }
        List<String> names = new ArrayList<>();
        try {
            if (dir.getProtocol().equals("jar")) {
                try (JarFile jar = ((JarURLConnection) dir.openConnection()).getJarFile()) {
                    jar.stream().map(e -> e.getName()).filter(n -> n.startsWith(LOCATION + "/")).forEach(names::add);
                }
            } else {
                File[] files = new File(dir.toURI()).listFiles();
                for (File f : files == null ? new File[0] : files) {
                    names.add(f.getName());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<Integer> versions = new ArrayList<>();
        for (String name : names) {
            Matcher m = FILE.matcher(name);
            if (m.matches()) {
                versions.add(Integer.parseInt(m.group(1)));
            }
        }
        versions.sort(Comparator.naturalOrder());
        return Collections.unmodifiableList(versions);
    }

    /** The newest version, as Flyway prints it ({@code "7"}). */
    public static String latest() {
        return String.valueOf(versions().getLast());
    }

    /** The versions from {@code from} on, as the schema status lists them ({@code "V3, V4, V5"}). */
    public static String listFrom(int from) {
        return String.join(", ", versions().stream().filter(v -> v >= from).map(v -> "V" + v).toList());
    }

    /** How many there are. */
    public static int count() {
        return versions().size();
    }
}
