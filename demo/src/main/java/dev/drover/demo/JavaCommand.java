package dev.drover.demo;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** The {@code java} this JVM runs on, its classpath, and main classes found on it by simple name. */
final class JavaCommand {

    private JavaCommand() {
    }

    /** The {@code java} executable of the running JVM, so the daemons run on the same JDK. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The classpath the daemons are started with: this JVM's own (it depends on every daemon module). */
    static String classpath() {
        return System.getProperty("java.class.path");
    }

    /** The fully qualified name of the class {@code simpleName} in a package under {@code packagePrefix}, if any. */
    static Optional<String> findClass(String classpath, String packagePrefix, String simpleName) {
        String prefix = packagePrefix.replace('.', '/') + "/";
        String suffix = "/" + simpleName + ".class";
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!isDroverEntry(entry)) {
                continue;
            }
            Optional<String> found = Files.isDirectory(Path.of(entry))
                    ? inDirectory(Path.of(entry), prefix, suffix) : inJar(Path.of(entry), prefix, suffix);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    // the project's own modules: a reactor build's target dirs/jars or ~/.m2's dev/drover artifacts
    private static boolean isDroverEntry(String entry) {
        String e = entry.replace(File.separatorChar, '/');
        return e.contains("/target/") || e.contains("/dev/drover/");
    }

    private static Optional<String> inDirectory(Path root, String prefix, String suffix) {
        Path base = root.resolve(prefix);
        if (!Files.isDirectory(base)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(base)) {
            return files.map(p -> root.relativize(p).toString().replace(File.separatorChar, '/'))
                    .filter(p -> p.endsWith(suffix)).findFirst().map(JavaCommand::className);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<String> inJar(Path jar, String prefix, String suffix) {
        if (!jar.toString().endsWith(".jar") || !Files.isRegularFile(jar)) {
            return Optional.empty();
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                String n = e.nextElement().getName();
                if (n.startsWith(prefix) && n.endsWith(suffix)) {
                    return Optional.of(className(n));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String className(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }
}
