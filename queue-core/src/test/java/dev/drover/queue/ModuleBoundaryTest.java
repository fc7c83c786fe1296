package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Modifier;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * queue-core's public surface: the module {@code dev.drover.queue} exports the API packages and nothing under
 * {@code internal}, no other module of the repository names an internal class, and (in surefire's
 * {@code module-path} execution, which says so with {@code drover.modulePath=true}) queue-core runs as that named
 * module with its real dependencies, where class-path code can reach the API but not the internals.
 */
@ExtendWith(RedisExtension.class)
class ModuleBoundaryTest {

    static final Set<String> EXPORTED = Set.of("dev.drover.queue", "dev.drover.queue.micrometer",
            "dev.drover.queue.opentelemetry");

    @Test
    void theModuleExportsTheApiAndNoInternalPackage() throws Exception {
        Path classes = Path.of(Queue.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor d = ModuleFinder.of(classes).find("dev.drover.queue").orElseThrow().descriptor();
        assertThat(d.exports()).allMatch(e -> !e.isQualified())
                .extracting(ModuleDescriptor.Exports::source).containsExactlyInAnyOrderElementsOf(EXPORTED);
        assertThat(d.opens()).isEmpty();
        assertThat(d.packages()).contains("dev.drover.queue.internal", "dev.drover.queue.internal.redis");
        assertThat(d.packages().stream().filter(p -> !EXPORTED.contains(p)))
                .as("a package outside internal is API: export it or move it under internal")
                .allMatch(p -> p.startsWith("dev.drover.queue.internal") || p.startsWith("dev.drover.queue.lua"));
    }

    @Test
    void noOtherModuleUsesQueueCoreInternals() throws IOException {
        Path root = repositoryRoot();
        List<String> offenders = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                return dir.equals(root.resolve("queue-core")) || Set.of("target", "node_modules", ".git").contains(name)
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String name = file.getFileName().toString();
                if ((name.endsWith(".java") || name.endsWith(".kt")) && read(file).contains("dev.drover.queue.internal")) {
                    offenders.add(root.relativize(file).toString());
                }
                return FileVisitResult.CONTINUE;
            }
        });
        assertThat(offenders).as("queue-core's internal packages are not API; give what these need a place in "
                + "dev.drover.queue instead").isEmpty();
    }

    @Test
    void onTheModulePathClassPathCodeReachesTheApiButNotTheInternals(TestRedis redis) throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("drover.modulePath"), "runs in the module-path execution only");
        Module queueCore = Queue.class.getModule();
        assertThat(queueCore.isNamed()).as("queue-core loaded as a named module").isTrue();
        assertThat(queueCore.getName()).isEqualTo("dev.drover.queue");
        assertThat(queueCore.getLayer()).isSameAs(ModuleLayer.boot());

        MethodHandles.Lookup anyModule = MethodHandles.publicLookup(); // what code in any other module may use
        anyModule.findConstructor(Queue.class, MethodType.methodType(void.class, String.class, QueueOptions.class));
        Class<?> internal = Class.forName("dev.drover.queue.internal.QueueClient");
        assertThat(Modifier.isPublic(internal.getModifiers())).isTrue(); // public, yet out of reach
        assertThatThrownBy(() -> anyModule.findConstructor(internal,
                MethodType.methodType(void.class, String.class, QueueOptions.class)))
                .isInstanceOf(IllegalAccessException.class);

        // the named module works end to end: Lua scripts found among its own resources, jobs in and out
        QueueOptions options = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        try (Queue q = new Queue("modular", options);
             Worker w = new Worker("modular", job -> job.name(), WorkerOptions.DEFAULTS, options).start()) {
            String id = q.add("hello", Map.of("n", 1));
            await().atMost(Duration.ofSeconds(30)).until(() -> q.getJobState(id) == JobState.COMPLETED);
        }
    }

    /** The directory of the parent pom, found upwards from queue-core (surefire's working directory). */
    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !read(dir.resolve("pom.xml")).contains("<module>queue-core</module>")) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository root above " + Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return ""; // not text: holds no Java import
        }
    }

}
