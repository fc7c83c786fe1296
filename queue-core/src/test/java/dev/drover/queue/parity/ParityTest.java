package dev.drover.queue.parity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import dev.drover.testing.bullmq.NodeBullmq;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Differential test: random operation sequences run through the real bullmq and through Drover, and the Redis state
 * they leave must be the same after every step (see {@link RedisState} for what is normalized and why).
 *
 * <p>Sizes (system properties): {@code drover.diff.seeds} (default 200) sequences of {@code drover.diff.ops}
 * (default 60) steps against bullmq 6; {@code drover.diff.v5.seeds} (default a quarter of that) against bullmq 5;
 * {@code drover.diff.mixed.seeds} (default a quarter) where bullmq and Drover take turns on one queue, compared with
 * bullmq alone. Seeds run from {@code drover.diff.firstSeed} (default 1); {@code drover.diff.seed} replays one seed
 * in every mode. A divergence is reported with its seed, the bullmq version, the sequence shrunk by delta debugging
 * and the first differing keys with both sides' content.
 */
@ExtendWith(RedisExtension.class)
class ParityTest {

    private static final int SHRINK_BUDGET = 200;
    private static final int OPS = Integer.getInteger("drover.diff.ops", 60);
    private static final int SEEDS = Integer.getInteger("drover.diff.seeds", 200);
    private final String url;

    ParityTest(TestRedis redis) {
        this.url = redis.url();
    }

    @Test
    void droverLeavesTheStateBullmq6Leaves() {
        try (NodeBullmq node = NodeBullmq.v6()) {
            check(node, "bullmq " + node.bullmqVersion(), ParityRun.Setup.bullmqVersusDrover(node, Profile.BULLMQ_6), Profile.BULLMQ_6,
                    seeds(SEEDS));
        }
    }

    @Test
    void droverLeavesTheStateBullmq5Leaves() {
        try (NodeBullmq node = NodeBullmq.v5()) {
            check(node, "bullmq " + node.bullmqVersion(),
                    ParityRun.Setup.bullmqVersusDrover(node, Profile.BULLMQ_5), Profile.BULLMQ_5,
                    seeds(Integer.getInteger("drover.diff.v5.seeds", Math.max(SEEDS / 4, 1))));
        }
    }

    @Test
    void droverAndBullmqTakingTurnsLeaveTheStateBullmqAloneLeaves() {
        try (NodeBullmq node = NodeBullmq.v6()) {
            check(node, "mixed fleet with bullmq " + node.bullmqVersion(),
                    ParityRun.Setup.bullmqVersusMixedFleet(node), Profile.BULLMQ_6,
                    seeds(Integer.getInteger("drover.diff.mixed.seeds", Math.max(SEEDS / 4, 1))));
        }
    }

    private static List<Long> seeds(int count) {
        String one = System.getProperty("drover.diff.seed");
        if (one != null && !one.isBlank()) {
            return List.of(Long.parseLong(one.trim()));
        }
        long first = Long.getLong("drover.diff.firstSeed", 1L);
        return LongStream.range(first, first + count).boxed().toList();
    }

    private void check(NodeBullmq node, String what, ParityRun.Setup setup, Profile profile, List<Long> seeds) {
        node.defaultTimeout(Duration.ofSeconds(60));
        ParityRun runner = new ParityRun(url, setup);
        long started = System.nanoTime();
        Map<String, List<Long>> bySignature = new LinkedHashMap<>();
        Map<String, ParityRun.Divergence> firstOf = new LinkedHashMap<>();
        for (long seed : seeds) {
            Optional<ParityRun.Divergence> d = runner.run(OpGenerator.generate(seed, OPS, profile), seed);
            d.ifPresent(div -> {
                bySignature.computeIfAbsent(div.signature(), k -> new ArrayList<>()).add(seed);
                firstOf.putIfAbsent(div.signature(), div);
            });
        }
        System.out.printf("parity %s: %d seeds x %d ops in %.1f s, %d diverged (Drover jobs ended in batches so far: %d)%n",
                what, seeds.size(), OPS, (System.nanoTime() - started) / 1e9,
                bySignature.values().stream().mapToInt(List::size).sum(), DroverSide.BATCHED_JOBS.get());
        List<String> reports = new ArrayList<>();
        bySignature.forEach((signature, failing) -> reports.add(report(runner, what, profile, signature, failing,
                firstOf.get(signature))));
        reports.forEach(System.out::println);
        assertThat(bySignature).as("divergences from %s (first differing key: seeds; details above)", what)
                .isEmpty();
    }

    private static String report(ParityRun runner, String what, Profile profile, String signature, List<Long> seeds,
                                 ParityRun.Divergence first) {
        long seed = seeds.get(0);
        List<Op> ops = OpGenerator.generate(seed, OPS, profile).subList(0, first.step() + 1);
        List<Op> shrunk = Shrinker.shrink(ops, candidate -> runner.run(candidate, seed)
                .map(d -> d.signature().equals(signature)).orElse(false), SHRINK_BUDGET);
        ParityRun.Divergence last = runner.run(shrunk, seed).orElse(first);
        StringBuilder b = new StringBuilder();
        b.append("\n=== divergence from ").append(what).append(" at ").append(signature).append(": seeds ")
                .append(seeds).append("\n  replay: -Ddrover.diff.seed=").append(seed).append(" -Ddrover.diff.ops=")
                .append(OPS).append("\n  shrunk to ").append(shrunk.size()).append(" of ").append(ops.size())
                .append(" steps:\n");
        last.trace().forEach(t -> b.append("    ").append(t).append('\n'));
        b.append("  first differing keys after step ").append(last.step()).append(":\n");
        last.diffs().forEach(d -> b.append("    ").append(d).append('\n'));
        return b.toString();
    }
}
