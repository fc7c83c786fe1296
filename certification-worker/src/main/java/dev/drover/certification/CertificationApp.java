package dev.drover.certification;

import dev.drover.certification.batch.BatchExpander;
import dev.drover.certification.batch.BatchProcessor;
import dev.drover.certification.batch.BatchStore;
import dev.drover.certification.batch.BatchTuning;
import dev.drover.certification.batch.ModelProcessor;
import dev.drover.certification.batch.SummaryProcessor;
import dev.drover.certification.bedrock.BedrockClients;
import dev.drover.certification.bedrock.BedrockGateway;
import dev.drover.certification.bedrock.ModelCatalog;
import dev.drover.certification.suite.StandardSuite;
import dev.drover.queue.FlowProducer;
import dev.drover.queue.Processor;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import java.time.Clock;
import java.util.Map;
import org.jooq.DSLContext;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Wires the certification worker's parts around one Postgres and one Redis: Bedrock clients, gateway (behind the
 * given {@link RegionRateLimiter}), catalogue and certifier, and the three job handlers of queue
 * {@value #QUEUE}: {@code certify-batch}, {@code certify-batch-summary} and {@code certify-model}. Owns the Bedrock
 * clients, the queue handle and the flow producer; closing it closes them (not the limiter, not the database).
 */
public final class CertificationApp implements AutoCloseable {

    public static final String QUEUE = "certification";
    public static final String BATCH_JOB = "certify-batch";

    private final BedrockClients clients;
    private final Queue queue;
    private final FlowProducer flows;
    private final Processor processor;

    public CertificationApp(DSLContext dsl, QueueOptions queueOptions, CertificationConfig config,
                            AwsCredentialsProvider credentials, RegionRateLimiter limiter, BatchTuning tuning,
                            ModelProcessor.CommitHook afterCommit) {
        Clock clock = Clock.systemUTC();
        this.clients = new BedrockClients(config, credentials);
        BedrockGateway gateway = new BedrockGateway(clients, limiter, config);
        Certifier certifier = new Certifier(new ModelCatalog(gateway, config.modelListTtl(), clock), gateway,
                StandardSuite.tests(), clock);
        this.queue = new Queue(QUEUE, queueOptions);
        this.flows = new FlowProducer(queueOptions);
        BatchStore store = new BatchStore(dsl);
        this.processor = Processor.byName(Map.of(
                BATCH_JOB, new BatchProcessor(new BatchExpander(dsl), queue, flows, tuning, clock),
                BatchProcessor.SUMMARY_JOB, new SummaryProcessor(store, queue),
                BatchProcessor.ITEM_JOB, new ModelProcessor(dsl, certifier, clock, tuning.pausedRecheck(),
                        afterCommit)));
    }

    /** Dispatches the queue's jobs by name; any other name fails at once with a reason. */
    public Processor processor() {
        return processor;
    }

    @Override
    public void close() {
        flows.close();
        queue.close();
        clients.close();
    }
}
