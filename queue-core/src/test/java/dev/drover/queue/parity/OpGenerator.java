package dev.drover.queue.parity;

import dev.drover.queue.ParentFailurePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * A seeded generator of operation sequences over queue {@value #MAIN} and the flow pair {@value #MAIN} (parents) /
 * {@value #CHILD} (children): the same seed always gives the same sequence. Names come from small pools (custom
 * ids, deduplication ids, lock tokens, scheduler ids) so steps keep meeting each other's jobs: duplicates, dedup
 * hits, settling a job another step fetched, retrying what failed. Real-time ttls (deduplication, rate limits) are
 * long, and their expiry is a step of its own.
 */
final class OpGenerator {

    static final String MAIN = "main";
    static final String CHILD = "child";
    private static final String[] CUSTOM_IDS = {"a", "b", "c", "d", "e", "f"};
    private static final String[] TOKENS = {"t1", "t2", "t3"};
    private static final String[] STATES = {"wait", "paused", "active", "prioritized", "delayed", "completed",
            "failed", "waiting-children"};
    private static final String[] CLEAN_STATES = {"completed", "failed", "wait", "delayed", "prioritized", "paused"};
    private static final long[] ADVANCES = {1, 500, 1_000, 3_000, 10_000, 61_000, 700_000};

    private final SplittableRandom r;
    private int counter;
    // steps left out where bullmq 6.7 and Drover differ on purpose (docs/compatibility.md, "How parity is tested")
    private boolean schedulerInMain;
    private final boolean[] flowIn = new boolean[2];
    private boolean rateLimited;

    private final Profile profile;
    /** Steps a composite step queued to follow it (a batch's own fetches, then the batch). */
    private final java.util.ArrayDeque<Op> pending = new java.util.ArrayDeque<>();

    private OpGenerator(long seed, Profile profile) {
        this.r = new SplittableRandom(seed);
        this.profile = profile;
    }

    /** The sequence of {@code seed} for bullmq 6. */
    static List<Op> generate(long seed, int count) {
        return generate(seed, count, Profile.BULLMQ_6);
    }

    /** The sequence of {@code seed} for {@code profile}. */
    static List<Op> generate(long seed, int count, Profile profile) {
        OpGenerator g = new OpGenerator(seed, profile);
        List<Op> ops = new ArrayList<>(count);
        while (ops.size() < count) {
            ops.add(g.next());
        }
        return ops;
    }

    private record Weighted(int weight, Supplier<Op> op) { }

    private Op next() {
        if (!pending.isEmpty()) {
            return pending.poll();
        }
        List<Weighted> table = List.of(
                new Weighted(16, this::add), new Weighted(3, this::addBulk), new Weighted(5, this::flow),
                new Weighted(16, this::fetch), new Weighted(10, this::complete), new Weighted(8, this::fail),
                new Weighted(8, this::finishBatch),
                new Weighted(2, () -> new Op.MoveToDelayed(token(), ms(1_000L, 5_000L))),
                new Weighted(1, this::rateLimit),
                new Weighted(3, () -> new Op.LoseLock(token())), new Weighted(4, () -> new Op.StalledCheck(queue())),
                new Weighted(3, () -> new Op.Remove(queue(), ref())),
                new Weighted(1, this::drain),
                new Weighted(2, () -> new Op.Clean(queue(), pick(CLEAN_STATES), ms(0L, 1_000L, 60_000L),
                        r.nextInt(3))),
                new Weighted(2, this::retryJobs), new Weighted(2, this::retryJob),
                new Weighted(2, () -> new Op.Promote(queue(), Op.Ref.in("delayed", r.nextInt(4)))),
                new Weighted(1, () -> new Op.PromoteJobs(queue())),
                new Weighted(2, () -> new Op.ChangeDelay(queue(), Op.Ref.in("delayed", r.nextInt(4)),
                        ms(0L, 2_000L, 30_000L))),
                new Weighted(2, () -> new Op.ChangePriority(queue(), ref(), r.nextInt(4), r.nextInt(4) == 0)),
                new Weighted(1, () -> new Op.UpdateData(queue(), ref(), "{\"u\":" + r.nextInt(100) + "}")),
                new Weighted(1, () -> v6() ? new Op.Pause(queue()) : new Op.Advance(1)),
                new Weighted(2, () -> v6() ? new Op.Resume(queue()) : new Op.Advance(1)),
                new Weighted(1, this::obliterate), new Weighted(2, this::upsertScheduler),
                new Weighted(1, () -> new Op.RemoveScheduler(MAIN, pick("s1", "s2"))),
                new Weighted(9, () -> new Op.Advance(ms(ADVANCES))),
                new Weighted(1, () -> new Op.ExpireDedup(queue(), pick("d1", "d2"))),
                new Weighted(1, () -> new Op.ExpireLimiter(queue())));
        int total = table.stream().mapToInt(Weighted::weight).sum();
        int x = r.nextInt(total);
        for (Weighted w : table) {
            x -= w.weight();
            if (x < 0) {
                return w.op().get();
            }
        }
        throw new AssertionError();
    }

    private Op add() {
        return new Op.Add(queue(), "n" + counter++, data(), spec(true));
    }

    private Op addBulk() {
        String q = queue();
        List<Op.Add> jobs = new ArrayList<>();
        for (int i = 1 + r.nextInt(3); i > 0; i--) {
            jobs.add(new Op.Add(q, "n" + counter++, data(), spec(true)));
        }
        return new Op.AddBulk(q, jobs);
    }

    /** A parent in main with 1-3 children (custom ids: bullmq and Drover would each draw a random UUID). */
    private Op flow() {
        int f = counter++;
        List<Op.FlowNode> children = new ArrayList<>();
        for (int i = 1 + r.nextInt(3); i > 0; i--) {
            ParentFailurePolicy policy = pick(ParentFailurePolicy.values());
            if (!v6() && policy == ParentFailurePolicy.FAIL_PARENT) {
                policy = ParentFailurePolicy.WAIT;
            }
            JobSpec spec = childSpec().withJobId("f" + f + "c" + i).withPolicy(policy);
            List<Op.FlowNode> grandChildren = r.nextInt(6) == 0
                    ? List.of(new Op.FlowNode(CHILD, "g", data(), JobSpec.PLAIN.withJobId("f" + f + "g" + i), List.of()))
                    : List.of();
            children.add(new Op.FlowNode(r.nextInt(4) == 0 ? MAIN : CHILD, "c" + i, data(), spec, grandChildren));
        }
        JobSpec parent = spec(false).withJobId(r.nextInt(5) == 0 ? pick(CUSTOM_IDS) : "f" + f + "p");
        flowIn[0] = true;
        flowIn[1] = true;
        return new Op.AddFlow(new Op.FlowNode(MAIN, "p" + f, data(), parent, children));
    }

    /** A flow child: attempts and keep options, no delay, priority or deduplication (kept plain on purpose). */
    private JobSpec childSpec() {
        JobSpec s = spec(false);
        return new JobSpec(null, 0, 0, false, s.attempts(), s.backoffType(), s.backoffDelay(), 0,
                s.removeOnComplete(), s.removeOnFail(), null, 0, false, false, ParentFailurePolicy.WAIT);
    }

    private Op fetch() {
        return new Op.Fetch(r.nextInt(3) == 0 ? CHILD : MAIN, pick("wA", "wB"), token());
    }

    private Op complete() {
        return new Op.Complete(token(), "{\"r\":" + r.nextInt(100) + "}", r.nextBoolean());
    }

    private Op fail() {
        return new Op.Fail(token(), "boom " + r.nextInt(10), r.nextInt(5) == 0, r.nextBoolean(), r.nextDouble());
    }

    /**
     * 2-3 distinct slots, mixed completions and failures, some with their lock lost, with and without fetch-next.
     * Half the time the slots first fetch from one worker of one queue, so that the batch is one worker's (what
     * Drover sends as one script call); else they end whatever they hold.
     */
    private Op finishBatch() {
        Op.FinishBatch batch = batchOfSlots();
        if (r.nextBoolean()) {
            String q = queue();
            String w = pick("wA", "wB");
            batch.items().forEach(i -> pending.add(new Op.Fetch(q, w, i.token())));
            pending.add(batch);
            return pending.poll();
        }
        return batch;
    }

    private Op.FinishBatch batchOfSlots() {
        List<String> tokens = new ArrayList<>(List.of(TOKENS));
        for (int i = tokens.size() - 1; i > 0; i--) {
            java.util.Collections.swap(tokens, i, r.nextInt(i + 1));
        }
        List<Op.Settle> items = new ArrayList<>();
        for (String t : tokens.subList(0, 2 + r.nextInt(tokens.size() - 1))) {
            items.add(new Op.Settle(t, r.nextInt(3) != 0, "{\"r\":" + r.nextInt(100) + "}", "boom " + r.nextInt(10),
                    r.nextInt(5) == 0, r.nextInt(4) != 0, r.nextInt(5) == 0));
        }
        return new Op.FinishBatch(items, r.nextDouble());
    }

    private boolean v6() {
        return profile == Profile.BULLMQ_6;
    }

    private Op retryJobs() {
        Op op = new Op.RetryJobs(queue(), pick("failed", "completed"));
        return v6() || !flowIn[0] && !flowIn[1] ? op : new Op.Advance(1);
    }

    private Op retryJob() {
        Op op = new Op.RetryJob(queue(), Op.Ref.in("failed", r.nextInt(4)), "failed");
        return v6() ? op : new Op.Advance(1);
    }

    private Op rateLimit() {
        rateLimited = true;
        return new Op.RateLimit(token(), ms(600_000L, 900_000L));
    }

    /** Not of a queue with a job scheduler: bullmq 6.7's drain then drops the wrong ids from the wait list. */
    private Op drain() {
        String q = queue();
        return new Op.Drain(schedulerInMain ? CHILD : q, r.nextBoolean());
    }

    /**
     * Not of a queue a flow was added to, nor once the limiter may be set: bullmq 6.7's obliterate leaves jobs in
     * waiting-children and the limiter behind, Drover's deletes them. Not for bullmq 5 either: obliterate pauses.
     */
    private Op obliterate() {
        String q = queue();
        boolean force = r.nextBoolean();
        if (rateLimited || flowIn[q.equals(MAIN) ? 0 : 1] || !v6()) {
            return new Op.Advance(1);
        }
        return new Op.Obliterate(q, force);
    }

    private Op upsertScheduler() {
        schedulerInMain = true;
        boolean every = r.nextInt(3) != 0;
        JobSpec template = r.nextBoolean() ? JobSpec.PLAIN
                : new JobSpec(null, 0, r.nextInt(3), false, r.nextInt(3), null, 0, 0, null, null, null, 0, false,
                        false, ParentFailurePolicy.WAIT);
        return new Op.UpsertScheduler(MAIN, pick("s1", "s2"), every ? ms(2_000L, 10_000L, 60_000L) : 0,
                every ? null : pick("*/10 * * * * *", "0 * * * *"), r.nextInt(3) == 0 ? 1 + r.nextInt(3) : null,
                "sched", data(), template);
    }

    private JobSpec spec(boolean allowDedup) {
        String id = r.nextInt(10) < 3 ? pick(CUSTOM_IDS) : null;
        long delay = r.nextInt(4) == 0 ? ms(1_000L, 5_000L, 60_000L) : 0;
        int priority = r.nextInt(5) == 0 ? 1 + r.nextInt(5) : 0;
        boolean lifo = r.nextInt(10) == 0;
        int attempts = r.nextInt(5) < 2 ? 2 + r.nextInt(3) : 0;
        String backoff = attempts > 0 && r.nextBoolean() ? pick("fixed", "exponential") : null;
        long backoffDelay = backoff == null ? 0 : ms(1_000L, 3_000L);
        double jitter = backoff != null && r.nextInt(5) == 0 ? 0.5 : 0;
        JobSpec.Keep onComplete = r.nextInt(4) == 0 ? keep() : null;
        JobSpec.Keep onFail = r.nextInt(4) == 0 ? keep() : null;
        String dedup = allowDedup && r.nextInt(7) == 0 ? pick("d1", "d2") : null;
        long ttl = dedup != null && r.nextBoolean() ? ms(600_000L, 900_000L) : 0;
        boolean extend = ttl > 0 && r.nextInt(3) == 0;
        boolean replace = ttl > 0 && delay > 0 && r.nextInt(3) == 0;
        return new JobSpec(id, delay, priority, lifo, attempts, backoff, backoffDelay, jitter, onComplete, onFail,
                dedup, ttl, extend, replace, ParentFailurePolicy.WAIT);
    }

    /**
     * Keep options in the one form both APIs write for them: {@code true}, a count >= 1, {age, count?}. (bullmq
     * stores what it was given, so {@code false} or {@code 0} would differ from Drover's equivalent by spelling.)
     */
    private JobSpec.Keep keep() {
        return switch (r.nextInt(3)) {
            case 0 -> JobSpec.Keep.bool(true);
            case 1 -> JobSpec.Keep.count(1 + r.nextInt(2));
            default -> JobSpec.Keep.age(ms(1L, 30L, 120L), r.nextBoolean() ? -1 : 1 + r.nextInt(2));
        };
    }

    /** A job: a custom id, an auto id, or whatever sits at some position of some state at run time. */
    private Op.Ref ref() {
        return switch (r.nextInt(3)) {
            case 0 -> Op.Ref.id(pick(CUSTOM_IDS));
            case 1 -> Op.Ref.id(String.valueOf(1 + r.nextInt(Math.max(counter, 1))));
            default -> Op.Ref.in(pick(STATES), r.nextInt(4));
        };
    }

    private String data() {
        return "{\"n\":" + r.nextInt(1000) + "}";
    }

    private String queue() {
        return r.nextInt(4) == 0 ? CHILD : MAIN;
    }

    private String token() {
        return pick(TOKENS);
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[r.nextInt(options.length)];
    }

    private long ms(long... options) {
        return options[r.nextInt(options.length)];
    }
}
