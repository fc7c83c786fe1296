package dev.drover.queue.parity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import redis.clients.jedis.Jedis;

/**
 * bullmq and Drover taking turns on one prefix, as a mixed fleet would. Each worker is one process: worker
 * {@code wA} runs on one side and {@code wB} on the other (which one, the seed says), so a fetch goes to its worker's
 * side, and a step on a lock token to the side whose worker fetched under it (a job is settled by the worker that
 * took it; a worker's own state, such as a rate-limit wait, stays with it). Every other step (adds, flows, queue
 * operations, the stalled check) goes to the side the seed picks.
 */
final class MixedSide extends Side {

    private final NodeSide node;
    private final DroverSide drover;
    private final SplittableRandom turns;
    private final Map<String, Side> owners = new HashMap<>();
    private final boolean nodeRunsWorkerA;

    MixedSide(NodeSide node, DroverSide drover, long seed, String url) {
        super(new Jedis(java.net.URI.create(url)), node.prefix(), node.maxStalledCount);
        this.node = node;
        this.drover = drover;
        this.turns = new SplittableRandom(seed ^ 0x5DEECE66DL);
        this.nodeRunsWorkerA = turns.nextBoolean();
    }

    @Override
    String run(Op op) {
        Side chosen = turns.nextBoolean() ? node : drover;
        String token = switch (op) {
            case Op.Complete c -> c.token();
            case Op.Fail f -> f.token();
            case Op.MoveToDelayed d -> d.token();
            case Op.RateLimit l -> l.token();
            case Op.LoseLock l -> l.token();
            default -> null;
        };
        if (op instanceof Op.FinishBatch b) {
            return finishBatch(b);
        }
        if (op instanceof Op.Fetch f) {
            chosen = f.worker().equals(Side.CHECKER) == nodeRunsWorkerA ? node : drover;
            owners.put(f.token(), chosen);
        } else if (token != null && owners.containsKey(token)) {
            chosen = owners.get(token);
        }
        String result = chosen.apply(op);
        return (chosen == node ? "node " : "drover ") + result;
    }

    /** Each run of consecutive items whose slots one side holds goes to that side as one batch, in order. */
    private String finishBatch(Op.FinishBatch b) {
        List<String> out = new ArrayList<>();
        List<Op.Settle> run = new ArrayList<>();
        Side runSide = null;
        for (Op.Settle i : b.items()) {
            Side side = owners.getOrDefault(i.token(), node);
            if (side != runSide && !run.isEmpty()) {
                out.add((runSide == node ? "node " : "drover ") + runSide.apply(new Op.FinishBatch(run, b.random())));
                run = new ArrayList<>();
            }
            runSide = side;
            run.add(i);
        }
        if (!run.isEmpty()) {
            out.add((runSide == node ? "node " : "drover ") + runSide.apply(new Op.FinishBatch(run, b.random())));
        }
        return String.join("; ", out);
    }

    @Override
    boolean holds(String token) {
        return node.holds(token) || drover.holds(token);
    }

    @Override
    public void close() {
        try {
            drover.close();
        } finally {
            node.close();
            super.close();
        }
    }
}
