package dev.drover.db.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The SQL scripts shipped beside the migrations ({@code db/roles/}, {@code db/rollback/}), read from the classpath
 * so that the jar runs exactly the file the repository documents: one source of truth for psql and for Java.
 */
public final class SqlResource {

    /** Creates or updates the runtime role; see {@link RuntimeRole}. */
    public static final String RUNTIME_ROLE = "db/roles/create_runtime_role.sql";

    private SqlResource() {
    }

    /** The text of classpath resource {@code path}; throws when the jar lacks it. */
    public static String read(String path) {
        try (InputStream in = SqlResource.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path + " (a broken jar?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + path, e);
        }
    }
}
