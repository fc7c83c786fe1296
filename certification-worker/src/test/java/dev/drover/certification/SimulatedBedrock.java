package dev.drover.certification;

import dev.drover.certification.bedrock.BedrockClients;
import dev.drover.certification.bedrock.BedrockGateway;
import dev.drover.certification.bedrock.ModelCatalog;
import dev.drover.certification.suite.StandardSuite;
import dev.drover.testing.sim.bedrock.BedrockSimulator;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Test wiring: a {@link BedrockSimulator} and the worker's real clients, gateway, catalogue and certifier pointed at
 * it, with fake credentials and millisecond backoff so retries do not slow the suite. Share one per test class
 * and call {@link #reset()} before each test.
 */
final class SimulatedBedrock implements AutoCloseable {

    final BedrockSimulator sim;
    final CertificationConfig config;
    final BedrockClients clients;
    final BedrockGateway gateway;
    ModelCatalog catalog;
    Certifier certifier;

    SimulatedBedrock() {
        this(BedrockSimulator.startWithDefaultCatalog(), 4, Duration.ofSeconds(5));
    }

    SimulatedBedrock(BedrockSimulator sim, int retryAttempts, Duration callTimeout) {
        this.sim = sim;
        this.config = CertificationConfig.defaults()
                .withEndpoints(sim.endpointTemplate())
                .withRetry(retryAttempts, Duration.ofMillis(10))
                .withCallTimeout(callTimeout);
        this.clients = new BedrockClients(config,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret")));
        this.gateway = new BedrockGateway(clients, RegionRateLimiter.unlimited(), config);
        reset();
    }

    AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret"));
    }

    /**
     * Forgets the simulator's scripts and counts and the catalogue's cached listings, keeping the clients: closing a
     * Netty client takes about two seconds (its event loop's quiet period), so test classes share one.
     */
    void reset() {
        sim.reset();
        this.catalog = new ModelCatalog(gateway, config.modelListTtl(), Clock.systemUTC());
        this.certifier = new Certifier(catalog, gateway, StandardSuite.tests(), Clock.systemUTC());
    }

    @Override
    public void close() {
        clients.close();
        sim.close();
    }
}
