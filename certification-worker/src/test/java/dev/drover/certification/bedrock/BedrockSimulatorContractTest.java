package dev.drover.certification.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.testing.sim.bedrock.AwsError;
import dev.drover.testing.sim.bedrock.BedrockSimulator;
import dev.drover.testing.sim.bedrock.BedrockSimulator.Op;
import dev.drover.testing.sim.bedrock.SimModel;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.FoundationModelLifecycleStatus;
import software.amazon.awssdk.services.bedrock.model.FoundationModelSummary;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * The simulator's wire contract, checked with the stock AWS SDK clients (no worker code): if the SDK parses its JSON,
 * its event-stream frames (prelude and message CRCs verified by the SDK) and its errors into the typed exceptions,
 * the simulator speaks Bedrock's protocol.
 */
class BedrockSimulatorContractTest {

    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final StaticCredentialsProvider CREDS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret"));

    private final BedrockSimulator sim = BedrockSimulator.startWithDefaultCatalog();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        sim.close();
    }

    @Test
    void listFoundationModelsParsesIntoSummariesPerRegion() {
        List<FoundationModelSummary> east = control("us-east-1").listFoundationModels(b -> { }).modelSummaries();
        List<FoundationModelSummary> eu = control("eu-west-1").listFoundationModels(b -> { }).modelSummaries();

        FoundationModelSummary haiku = east.stream().filter(m -> m.modelId().equals(HAIKU)).findFirst().orElseThrow();
        assertThat(haiku.providerName()).isEqualTo("Anthropic");
        assertThat(haiku.modelLifecycle().status()).isEqualTo(FoundationModelLifecycleStatus.ACTIVE);
        assertThat(haiku.inferenceTypesSupportedAsStrings()).containsExactly("ON_DEMAND");
        assertThat(haiku.responseStreamingSupported()).isTrue();
        assertThat(east).extracting(FoundationModelSummary::modelId).contains("meta.llama3-8b-instruct-v1:0");
        assertThat(eu).extracting(FoundationModelSummary::modelId).doesNotContain("meta.llama3-8b-instruct-v1:0");
        assertThat(sim.requestCount("eu-west-1", BedrockSimulator.NO_MODEL, Op.LIST_FOUNDATION_MODELS)).isEqualTo(1);
    }

    @Test
    void converseAnswersDeterministicallyWithUsage() {
        ConverseResponse r = runtime("us-west-2").converse(b -> b.modelId(HAIKU)
                .messages(user("What is the capital of France? Reply with exactly: Paris"))).join();

        assertThat(r.output().message().content().getFirst().text()).isEqualTo("Paris");
        assertThat(r.stopReasonAsString()).isEqualTo("end_turn");
        assertThat(r.usage().outputTokens()).isEqualTo(1);
        assertThat(sim.requestCount("us-west-2", HAIKU, Op.CONVERSE)).isEqualTo(1);
    }

    @Test
    void converseStreamDeliversEventStreamChunks() {
        StringBuilder text = new StringBuilder();
        List<String> stops = new ArrayList<>();
        var visitor = ConverseStreamResponseHandler.Visitor.builder()
                .onContentBlockDelta(e -> text.append(e.delta().text()))
                .onMessageStop(e -> stops.add(e.stopReasonAsString()))
                .build();
        runtime("eu-central-1").converseStream(b -> b.modelId(HAIKU).messages(user("tell me about rivers")),
                ConverseStreamResponseHandler.builder().subscriber(visitor).build()).join();

        assertThat(text.toString()).isEqualTo("Echo: tell me about rivers");
        assertThat(stops).containsExactly("end_turn");
        assertThat(sim.requestCount("eu-central-1", HAIKU, Op.CONVERSE_STREAM)).isEqualTo(1);
    }

    @Test
    void errorsArriveAsTheSdksTypedExceptions() {
        sim.throttle("us-east-1", HAIKU, 1).denyAccess("ap-southeast-1", HAIKU);
        BedrockRuntimeAsyncClient east = runtime("us-east-1");

        assertThatThrownBy(() -> east.converse(b -> b.modelId(HAIKU).messages(user("hi"))).join())
                .hasCauseInstanceOf(ThrottlingException.class);
        assertThat(east.converse(b -> b.modelId(HAIKU).messages(user("hi"))).join().output()).isNotNull();
        assertThatThrownBy(() -> runtime("ap-southeast-1").converse(b -> b.modelId(HAIKU).messages(user("hi"))).join())
                .hasCauseInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> east.converse(b -> b.modelId(HAIKU).messages(user(""))).join())
                .hasCauseInstanceOf(ValidationException.class);
    }

    @Test
    void profileOnlyModelNeedsTheRegionsGeographyPrefix() {
        sim.addModel(SimModel.onDemand("acme.big-v1:0", "Big", "Acme").inferenceProfileOnly());
        BedrockRuntimeAsyncClient eu = runtime("eu-west-3");

        assertThatThrownBy(() -> eu.converse(b -> b.modelId("acme.big-v1:0").messages(user("hi"))).join())
                .hasCauseInstanceOf(ValidationException.class).hasMessageContaining("inference profile");
        assertThatThrownBy(() -> eu.converse(b -> b.modelId("us.acme.big-v1:0").messages(user("hi"))).join())
                .hasMessageContaining("model identifier is invalid");
        assertThat(eu.converse(b -> b.modelId("eu.acme.big-v1:0").messages(user("hi"))).join().output()).isNotNull();
        assertThat(sim.requestCount("eu-west-3", "acme.big-v1:0", Op.CONVERSE)).isEqualTo(3);
    }

    @Test
    void scriptedServiceErrorCarriesStatusAndType() {
        sim.fail("us-east-1", HAIKU, AwsError.serviceUnavailable(), 1);
        assertThatThrownBy(() -> runtime("us-east-1").converse(b -> b.modelId(HAIKU).messages(user("hi"))).join())
                .rootCause().hasMessageContaining("Service unavailable").hasMessageContaining("503");
    }

    private static Message user(String text) {
        return Message.builder().role("user").content(ContentBlock.fromText(text)).build();
    }

    private BedrockClient control(String region) {
        BedrockClient c = BedrockClient.builder().region(Region.of(region)).credentialsProvider(CREDS)
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create(sim.endpoint(region))).build();
        closeables.add(c);
        return c;
    }

    private BedrockRuntimeAsyncClient runtime(String region) {
        BedrockRuntimeAsyncClient c = BedrockRuntimeAsyncClient.builder().region(Region.of(region))
                .credentialsProvider(CREDS).httpClient(NettyNioAsyncHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .endpointOverride(URI.create(sim.endpoint(region))).build();
        closeables.add(c);
        return c;
    }
}
