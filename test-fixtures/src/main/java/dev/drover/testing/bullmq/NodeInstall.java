package dev.drover.testing.bullmq;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the harness's node directory and the {@code node} binary, and checks that a version's npm packages
 * are installed as pinned, so that a missing {@code npm install} fails with instructions rather than as an
 * obscure {@code require} error inside the driver.
 */
final class NodeInstall {

    private NodeInstall() {
    }

    /**
     * The directory holding {@code driver/}, {@code bullmq5/} and {@code bullmq6/}: the system property
     * {@value NodeBullmq#NODE_DIR_PROPERTY}, else the first {@code test-fixtures/src/main/node} (or, from inside
     * test-fixtures, {@code src/main/node}) found walking up from the working directory.
     */
    static Path nodeDir() {
        String configured = System.getProperty(NodeBullmq.NODE_DIR_PROPERTY);
        return configured != null && !configured.isBlank() ? configuredNodeDir(configured) : searchNodeDir();
    }

    /** The {@code node} executable: {@value NodeBullmq#NODE_BIN_PROPERTY}, else {@code node} on the PATH. */
    static String nodeBin() {
        return System.getProperty(NodeBullmq.NODE_BIN_PROPERTY, "node");
    }

    private static Path configuredNodeDir(String configured) {
        Path p = Path.of(configured).toAbsolutePath().normalize();
        if (!hasDriver(p)) {
            throw new IllegalStateException("-D" + NodeBullmq.NODE_DIR_PROPERTY + "=" + p + " has no driver/driver.js");
        }
        return p;
    }

    private static Path searchNodeDir() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path d = start; d != null; d = d.getParent()) {
            for (Path candidate : List.of(d.resolve("test-fixtures/src/main/node"), d.resolve("src/main/node"))) {
                if (hasDriver(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("cannot find test-fixtures/src/main/node above " + start
                + "; run from inside the Drover checkout or set -D" + NodeBullmq.NODE_DIR_PROPERTY);
    }

    private static boolean hasDriver(Path nodeDir) {
        return Files.isRegularFile(nodeDir.resolve("driver").resolve("driver.js"));
    }

    /** Fails with instructions when the version's node_modules is missing or differs from its package.json. */
    static void checkInstalled(Path versionDir) {
        Path packageJson = versionDir.resolve("package.json");
        Path installed = versionDir.resolve("node_modules/bullmq/package.json");
        if (!Files.isRegularFile(packageJson)) {
            throw new IllegalStateException("missing " + packageJson);
        }
        if (!Files.isRegularFile(installed)) {
            throw new IllegalStateException("bullmq is not installed in " + versionDir + "." + howToInstall(versionDir));
        }
        try {
            String wanted = Json.MAPPER.readTree(packageJson.toFile()).path("dependencies").path("bullmq").asText();
            String have = Json.MAPPER.readTree(installed.toFile()).path("version").asText();
            if (!wanted.equals(have)) {
                throw new IllegalStateException("bullmq " + have + " is installed in " + versionDir + " but package.json pins "
                        + wanted + "." + howToInstall(versionDir));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + packageJson, e);
        }
    }

    private static String howToInstall(Path versionDir) {
        return " Install it with `./mvnw -pl test-fixtures generate-resources` from the repository root, or `node "
                + versionDir.resolveSibling("driver").resolve("install.js")
                + "` (runs `npm install` with the committed lockfile).";
    }
}
