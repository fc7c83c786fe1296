package dev.drover.queue.parity;

import dev.drover.queue.FlowJob;
import dev.drover.queue.FlowProducer;
import dev.drover.queue.Job;
import dev.drover.queue.JobState;
import dev.drover.queue.JobTemplate;
import dev.drover.queue.NewJob;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.queue.RepeatSpec;
import dev.drover.queue.UnrecoverableJobException;
import dev.drover.queue.Worker;
import dev.drover.queue.WorkerAccess;
import dev.drover.queue.WorkerOptions;
import dev.drover.queue.internal.runtime.ManualProcessing;
import dev.drover.testing.ManualClock;
import dev.drover.testing.bullmq.NodeBullmq;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import redis.clients.jedis.Jedis;

/**
 * Drover carrying out {@link Op}s on one prefix through its public API: {@link Queue}, {@link FlowProducer}, and
 * {@link Worker}s used for manual processing ({@code getNextJob(token)}, {@code job.moveToCompleted(…, token, …)}),
 * which settle attempts with the same code as the running worker. Its clock is the run's {@link ManualClock} and its
 * jitter source yields the failing step's value.
 */
final class DroverSide extends Side {

    private final QueueOptions options;
    private final ManualClock clock;
    private final AtomicReference<Double> random = new AtomicReference<>(0.5);
    private final Map<String, Queue> queues = new HashMap<>();
    private final Map<String, Worker> workers = new HashMap<>();
    private final Map<String, Job> jobs = new HashMap<>();
    private FlowProducer flows;

    DroverSide(String url, String prefix, ManualClock clock, int maxStalledCount) {
        super(new Jedis(java.net.URI.create(url)), prefix, maxStalledCount);
        this.clock = clock;
        this.options = QueueOptions.builder().redisUrl(url).prefix(prefix).clock(clock).maxConnections(2)
                .random(random::get).build();
    }

    private Queue queue(String name) {
        return queues.computeIfAbsent(name, n -> new Queue(n, options));
    }

    private Worker worker(String queue, String name) {
        return workers.computeIfAbsent(queue + "/" + name, k -> new Worker(queue, null, WorkerOptions.builder()
                .name(name).lockDuration(Duration.ofMillis(LOCK_MS)).stalledInterval(Duration.ofMillis(STALLED_INTERVAL_MS))
                .maxStalledCount(maxStalledCount).build(), options));
    }

    private static Object data(String json) {
        return NodeBullmq.parse(json);
    }

    @Override
    String run(Op op) {
        String expired = simulateExpiry(op);
        if (expired != null) {
            return expired;
        }
        return switch (op) {
            case Op.Add a -> queue(a.queue()).add(a.name(), data(a.dataJson()), a.spec().toDrover());
            case Op.AddBulk b -> queue(b.queue()).addBulk(b.jobs().stream()
                    .map(a -> new NewJob(a.name(), data(a.dataJson()), a.spec().toDrover())).toList()).toString();
            case Op.AddFlow f -> flows().add(flow(f.root())).job().id();
            case Op.Fetch f -> hold(f.token(), f.queue(), f.worker(), worker(f.queue(), f.worker()).getNextJob(f.token()));
            case Op.Complete c -> settle(c.token(), true, c.fetchNext(), j -> j.moveToCompleted(data(c.returnJson()),
                    c.token(), c.fetchNext()));
            case Op.Fail f -> {
                random.set(f.random());
                Exception error = f.unrecoverable() ? new UnrecoverableJobException(f.message())
                        : new IllegalStateException(f.message());
                yield settle(f.token(), true, f.fetchNext(), j -> j.moveToFailed(error, f.token(), f.fetchNext()));
            }
            case Op.FinishBatch b -> finishBatch(b);
            case Op.MoveToDelayed d -> settle(d.token(), false, false, j -> {
                j.moveToDelayed(Instant.ofEpochMilli(clock.millis() + d.delayMs()), d.token());
                return Optional.empty();
            });
            case Op.RateLimit l -> {
                Held h = slots.get(l.token());
                yield settle(l.token(), false, false, j -> {
                    worker(h.queue(), h.worker()).rateLimit(Duration.ofMillis(l.ms()));
                    j.moveToWait(l.token());
                    return Optional.empty();
                });
            }
            case Op.StalledCheck s -> {
                openStalledGate(s.queue());
                yield worker(s.queue(), CHECKER).moveStalledJobsToWait().toString();
            }
            case Op.Remove r -> String.valueOf(queue(r.queue()).remove(resolve(r.queue(), r.job())));
            case Op.Drain d -> String.valueOf(queue(d.queue()).drain(d.delayed()));
            case Op.Clean c -> queue(c.queue()).clean(JobState.parse(c.state()), Duration.ofMillis(c.graceMs()),
                    c.limit()).toString();
            case Op.RetryJobs r -> {
                queue(r.queue()).retryJobs(JobState.parse(r.state()));
                yield null;
            }
            case Op.RetryJob r -> {
                queue(r.queue()).retryJob(resolve(r.queue(), r.job()));
                yield null;
            }
            case Op.Promote p -> {
                queue(p.queue()).promoteJob(resolve(p.queue(), p.job()));
                yield null;
            }
            case Op.PromoteJobs p -> {
                queue(p.queue()).promoteJobs();
                yield null;
            }
            case Op.ChangeDelay c -> {
                queue(c.queue()).changeDelay(resolve(c.queue(), c.job()), Duration.ofMillis(c.delayMs()));
                yield null;
            }
            case Op.ChangePriority c -> {
                queue(c.queue()).changePriority(resolve(c.queue(), c.job()), c.priority(), c.lifo());
                yield null;
            }
            case Op.UpdateData u -> {
                queue(u.queue()).updateData(resolve(u.queue(), u.job()), data(u.dataJson()));
                yield null;
            }
            case Op.Pause p -> {
                queue(p.queue()).pause();
                yield null;
            }
            case Op.Resume r -> {
                queue(r.queue()).resume();
                yield null;
            }
            case Op.Obliterate o -> {
                // bullmq's Queue.obliterate pauses the queue itself first
                queue(o.queue()).pause();
                queue(o.queue()).obliterate(o.force());
                yield null;
            }
            case Op.UpsertScheduler u -> queue(u.queue()).upsertJobScheduler(u.id(), repeat(u),
                    new JobTemplate(u.name(), data(u.dataJson()), u.template().toDrover())).orElse(null);
            case Op.RemoveScheduler r -> String.valueOf(queue(r.queue()).removeJobScheduler(r.id()));
            case Op.Advance a -> null;
            default -> throw new IllegalStateException("unhandled op " + op);
        };
    }

    private FlowProducer flows() {
        if (flows == null) {
            flows = new FlowProducer(options);
        }
        return flows;
    }

    private static FlowJob flow(Op.FlowNode n) {
        return new FlowJob(n.queue(), n.name(), data(n.dataJson()), n.spec().toDrover(),
                n.children().stream().map(DroverSide::flow).toList());
    }

    private static RepeatSpec repeat(Op.UpsertScheduler u) {
        RepeatSpec.Builder b = u.everyMs() > 0 ? RepeatSpec.builder().every(Duration.ofMillis(u.everyMs()))
                : RepeatSpec.builder().pattern(u.pattern()).tz("UTC");
        return b.limit(u.limit()).build();
    }

    private String hold(String token, String queue, String worker, Optional<Job> job) {
        if (job.isEmpty()) {
            slots.remove(token);
            jobs.remove(token);
            return null;
        }
        Job j = job.get();
        slots.put(token, new Held(queue, worker, j.id(), j.deferredFailure().orElse(null)));
        jobs.put(token, j);
        return j.id();
    }

    /**
     * Ends the attempt held under {@code token}, as a worker would: a job with a deferred failure is failed
     * unrecoverably with that reason whatever the step asked for ({@code finishing}: whether the step was a
     * complete/fail that may fetch the next job).
     */
    private String settle(String token, boolean finishing, boolean fetchNext,
                          java.util.function.Function<Job, Optional<Job>> end) {
        Held h = slots.remove(token);
        Job job = jobs.remove(token);
        if (h == null) {
            return "no slot";
        }
        Optional<Job> next = h.deferredFailure() != null
                ? job.moveToFailed(new UnrecoverableJobException(h.deferredFailure()), token, finishing && fetchNext)
                : end.apply(job);
        return hold(token, h.queue(), h.worker(), next);
    }

    /**
     * Each run of consecutive items held by one worker ends in one {@link ManualProcessing#endAll} call (one
     * finishBatch script for its finishes), as that worker's finish batcher would send them; runs go in order.
     */
    private String finishBatch(Op.FinishBatch b) {
        b.items().stream().filter(Op.Settle::loseLock).forEach(i -> simulateExpiry(new Op.LoseLock(i.token())));
        random.set(b.random());
        List<String> out = new ArrayList<>();
        List<Op.Settle> run = new ArrayList<>();
        for (Op.Settle i : b.items()) {
            Held h = slots.get(i.token());
            if (h == null) {
                out.add("no slot");
                continue;
            }
            if (!run.isEmpty() && !sameWorker(slots.get(run.get(0).token()), h)) {
                out.addAll(endAll(run));
                run.clear();
            }
            run.add(i);
        }
        out.addAll(endAll(run));
        return out.toString();
    }

    private static boolean sameWorker(Held a, Held b) {
        return a.queue().equals(b.queue()) && a.worker().equals(b.worker());
    }

    /** Jobs that ended in a batch of two or more (printed by ParityTest, so a run shows that batches happened). */
    static final java.util.concurrent.atomic.AtomicLong BATCHED_JOBS = new java.util.concurrent.atomic.AtomicLong();

    private List<String> endAll(List<Op.Settle> run) {
        if (run.isEmpty()) {
            return List.of();
        }
        Held first = slots.get(run.get(0).token());
        List<ManualProcessing.Ending> endings = new ArrayList<>();
        List<Held> held = new ArrayList<>();
        for (Op.Settle i : run) {
            Held h = slots.remove(i.token());
            Job job = jobs.remove(i.token());
            held.add(h);
            Throwable error = h.deferredFailure() != null ? new UnrecoverableJobException(h.deferredFailure())
                    : i.complete() ? null
                    : i.unrecoverable() ? new UnrecoverableJobException(i.message()) : new IllegalStateException(i.message());
            endings.add(new ManualProcessing.Ending(job, i.token(), error == null ? data(i.returnJson()) : null, error,
                    i.fetchNext()));
        }
        if (run.size() > 1) {
            BATCHED_JOBS.addAndGet(run.size());
        }
        List<ManualProcessing.Ended> ended = manual(first.queue(), first.worker()).endAll(endings);
        List<String> out = new ArrayList<>();
        for (int k = 0; k < run.size(); k++) {
            ManualProcessing.Ended e = ended.get(k);
            Held h = held.get(k);
            out.add(e.error() != null ? "error: " + e.error().getMessage()
                    : String.valueOf(hold(run.get(k).token(), h.queue(), h.worker(), e.next())));
        }
        return out;
    }

    /** The worker's own manual processing (its settings, its rate-limit wait); Worker does not expose it. */
    private ManualProcessing manual(String queue, String name) {
        return WorkerAccess.manual(worker(queue, name));
    }

    @Override
    public void close() {
        workers.values().forEach(Worker::close);
        queues.values().forEach(Queue::close);
        if (flows != null) flows.close();
        super.close();
    }
}
