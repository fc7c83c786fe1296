package dev.drover.bench;

import dev.drover.queue.NewJob;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Drover's producer scenarios: queue-add (single adds) and queue-add-bulk. */
final class DroverProducerTrials {

    private DroverProducerTrials() {
    }

    /** queue-add: {@code jobs} single adds of a 10 x 10 UUID payload, {@code addConcurrency} at a time. */
    static Trial singleAdds(RunSpec spec, QueueOptions qo) {
        return new Trial() {
            private Queue queue;
            private final List<List<List<String>>> payloads = new ArrayList<>();

            @Override
            public void prepare() throws Exception {
                DroverSupport.warmUp(qo, spec.redisUrl(), spec.queue() + "-warm", spec.warmupJobs(), 1);
                for (int i = 0; i < 100; i++) {
                    payloads.add(DroverSupport.uuidPayload());
                }
                queue = new Queue(spec.queue(), qo);
            }

            @Override
            public long run() throws Exception {
                AtomicInteger next = new AtomicInteger();
                Runnable producer = () -> {
                    for (int i; (i = next.getAndIncrement()) < spec.jobs(); ) {
                        queue.add("job", payloads.get(i % payloads.size()));
                    }
                };
                if (spec.addConcurrency() <= 1) {
                    producer.run();
                } else {
                    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                        for (int t = 0; t < spec.addConcurrency(); t++) {
                            ex.submit(producer);
                        }
                    }
                }
                return spec.jobs();
            }

            @Override
            public void close() {
                queue.close();
            }
        };
    }

    /** queue-add-bulk: {@code jobs} tiny jobs in addBulk calls of {@code bulk}. */
    static Trial bulkAdds(RunSpec spec, QueueOptions qo) {
        return new Trial() {
            private Queue queue;
            private final List<List<NewJob>> batches = new ArrayList<>();

            @Override
            public void prepare() throws Exception {
                DroverSupport.warmUp(qo, spec.redisUrl(), spec.queue() + "-warm", spec.warmupJobs(), 1);
                for (int i = 0; i < spec.jobs(); i += spec.bulk()) {
                    List<NewJob> batch = new ArrayList<>(spec.bulk());
                    for (int k = i; k < Math.min(spec.jobs(), i + spec.bulk()); k++) {
                        batch.add(NewJob.of("job", Map.of("i", k)));
                    }
                    batches.add(batch);
                }
                queue = new Queue(spec.queue(), qo);
            }

            @Override
            public long run() {
                for (List<NewJob> batch : batches) {
                    queue.addBulk(batch);
                }
                return spec.jobs();
            }

            @Override
            public void close() {
                queue.close();
            }
        };
    }
}
