package dev.drover.queue.parity;

import dev.drover.testing.ManualClock;
import dev.drover.testing.bullmq.NodeBullmq;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;
import redis.clients.jedis.Jedis;

/**
 * Runs one operation sequence through a reference side (bullmq) and a subject side (Drover, or a mixed fleet), each
 * in its own database of the same Redis under one fresh prefix and one {@link ManualClock}, and compares their
 * normalized {@link RedisState} after every step. The first step after which they differ is a {@link Divergence}.
 */
final class ParityRun {

    /** Where every run's clock starts (2030-03-17); delayed scores (ms*4096) stay below 2^53. */
    static final long START_MS = 1_900_000_000_000L;

    /** Builds the two sides of a run, each on its Redis URL (database) and the run's prefix. */
    interface Setup {
        Side reference(String url, String prefix, ManualClock clock);

        Side subject(String url, String prefix, ManualClock clock, long seed);

        /** Normalization flags for {@link RedisState#snapshot}. */
        int flags();

        /** bullmq on one prefix against Drover on the other. */
        static Setup bullmqVersusDrover(NodeBullmq node, Profile profile) {
            return new Setup() {
                @Override
                public Side reference(String url, String prefix, ManualClock clock) {
                    return new NodeSide(node, url, prefix, clock, profile.maxStalledCount());
                }

                @Override
                public Side subject(String url, String prefix, ManualClock clock, long seed) {
                    return new DroverSide(url, prefix, clock, profile.maxStalledCount());
                }

                @Override
                public int flags() {
                    return profile.normalization();
                }
            };
        }

        /** bullmq alone on one prefix against bullmq and Drover taking turns (by the seed) on the other. */
        static Setup bullmqVersusMixedFleet(NodeBullmq node) {
            return new Setup() {
                @Override
                public Side reference(String url, String prefix, ManualClock clock) {
                    return new NodeSide(node, url, prefix, clock, 1);
                }

                @Override
                public Side subject(String url, String prefix, ManualClock clock, long seed) {
                    return new MixedSide(new NodeSide(node, url, prefix, clock, 1), new DroverSide(url, prefix, clock, 1),
                            seed, url);
                }

                @Override
                public int flags() {
                    return 0;
                }
            };
        }
    }

    /**
     * The first difference of a run.
     *
     * @param step  the index of the step after which the states differed
     * @param diffs the differing keys with both sides' content
     * @param trace every step up to it, with both sides' outcome
     */
    record Divergence(int step, String firstKey, List<String> diffs, List<String> trace) {

        private static final java.util.Set<String> QUEUE_KEYS = java.util.Set.of("wait", "paused", "active",
                "prioritized", "pc", "delayed", "completed", "failed", "waiting-children", "stalled", "stalled-check",
                "id", "meta", "events", "marker", "limiter", "repeat");

        /** The first differing key with ids blanked: what "the same divergence" means while shrinking. */
        String signature() {
            String[] parts = firstKey.split(":", 2);
            String rest = parts[1];
            String sub = "";
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("^(.*)(:(lock|logs|dependencies|processed|failed|unsuccessful))$").matcher(rest);
            if (m.matches() && !QUEUE_KEYS.contains(rest)) {
                rest = m.group(1);
                sub = m.group(2);
            }
            String kind = QUEUE_KEYS.contains(rest) || rest.startsWith("metrics:") ? rest
                    : rest.startsWith("de:") ? "de:<id>"
                    : rest.matches("repeat:[^:]+") ? "repeat:<id>"
                    : "<job>";
            return parts[0] + ":" + kind + sub;
        }
    }

    /** The databases the two sides use (tests of other classes use 0). */
    static final int REFERENCE_DB = 1;
    static final int SUBJECT_DB = 2;

    private final String url;
    private final Setup setup;

    ParityRun(String url, Setup setup) {
        this.url = url;
        this.setup = setup;
    }

    Optional<Divergence> run(List<Op> ops, long seed) {
        ManualClock clock = new ManualClock(Instant.ofEpochMilli(START_MS));
        // one prefix in two databases: the keys are then the same strings on both sides, so Redis iterates sets the
        // same way on both (a flow parent's removed children, for one, go in :dependencies order)
        String prefix = "p" + UUID.randomUUID().toString().substring(0, 8);
        String refUrl = withDatabase(url, REFERENCE_DB);
        String subUrl = withDatabase(url, SUBJECT_DB);
        List<String> trace = new ArrayList<>();
        try (Jedis refRedis = new Jedis(java.net.URI.create(refUrl));
             Jedis subRedis = new Jedis(java.net.URI.create(subUrl));
             Side ref = setup.reference(refUrl, prefix, clock);
             Side sub = setup.subject(subUrl, prefix, clock, seed)) {
            try {
                for (int i = 0; i < ops.size(); i++) {
                    Op op = ops.get(i);
                    if (op instanceof Op.Advance a) {
                        clock.advance(java.time.Duration.ofMillis(a.ms()));
                    }
                    String a = ref.apply(op);
                    String b = sub.apply(op);
                    trace.add(i + ": " + op + "\n      bullmq: " + a + "\n      subject: " + b);
                    SortedMap<String, List<String>> x = RedisState.snapshot(refRedis, prefix, setup.flags());
                    SortedMap<String, List<String>> y = RedisState.snapshot(subRedis, prefix, setup.flags());
                    if (!x.equals(y)) {
                        return Optional.of(divergence(i, x, y, trace));
                    }
                }
                return Optional.empty();
            } finally {
                for (Jedis j : List.of(refRedis, subRedis)) {
                    var keys = j.keys(prefix + ":*");
                    if (!keys.isEmpty()) j.unlink(keys.toArray(String[]::new));
                }
            }
        }
    }

    private static Divergence divergence(int step, SortedMap<String, List<String>> x,
                                         SortedMap<String, List<String>> y, List<String> trace) {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(x.keySet());
        all.addAll(y.keySet());
        // a key other than the event stream says more about what went wrong
        List<String> differing = all.stream().filter(k -> !java.util.Objects.equals(x.get(k), y.get(k))).toList();
        String first = differing.stream().filter(k -> !k.endsWith(":events")).findFirst().orElse(differing.get(0));
        return new Divergence(step, first, RedisState.diff(x, y, "bullmq ", "subject", 6), trace);
    }

    /** {@code url} with its database replaced (redis://host:port[/db]). */
    static String withDatabase(String url, int db) {
        java.net.URI u = java.net.URI.create(url);
        return u.getScheme() + "://" + (u.getRawUserInfo() == null ? "" : u.getRawUserInfo() + "@") + u.getHost() + ":"
                + u.getPort() + "/" + db;
    }
}
