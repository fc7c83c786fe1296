package dev.drover.certification.bedrock;

import dev.drover.certification.CertificationConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;

/**
 * One Bedrock control-plane client and one runtime client per region, built on first use and kept: SDK clients are
 * thread-safe and costly to build. All of them share one HTTP client per kind, owned and closed here.
 *
 * <p>The runtime client is the asynchronous one because ConverseStream exists only there. The SDK's own retries are
 * switched off: {@link BedrockGateway} retries with resilience4j so that every attempt passes the shared rate limit
 * and is classified the same way.
 */
public final class BedrockClients implements AutoCloseable {

    private final CertificationConfig config;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;
    private final SdkAsyncHttpClient asyncHttp;
    private final Map<String, BedrockClient> control = new ConcurrentHashMap<>();
    private final Map<String, BedrockRuntimeAsyncClient> runtime = new ConcurrentHashMap<>();

    /** {@code credentials}: {@code DefaultCredentialsProvider.builder().build()} in production. */
    public BedrockClients(CertificationConfig config, AwsCredentialsProvider credentials) {
        this.config = config;
        this.credentials = credentials;
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(config.connectTimeout())
                .socketTimeout(config.callTimeout())
                .build();
        this.asyncHttp = NettyNioAsyncHttpClient.builder()
                .connectionTimeout(config.connectTimeout())
                .readTimeout(config.callTimeout())
                .build();
    }

    public BedrockClient control(String region) {
        return control.computeIfAbsent(region, r -> {
            var b = BedrockClient.builder().region(Region.of(r)).credentialsProvider(credentials)
                    .httpClient(http).overrideConfiguration(overrides());
            config.controlEndpointFor(r).ifPresent(b::endpointOverride);
            return b.build();
        });
    }

    public BedrockRuntimeAsyncClient runtime(String region) {
        return runtime.computeIfAbsent(region, r -> {
            var b = BedrockRuntimeAsyncClient.builder().region(Region.of(r)).credentialsProvider(credentials)
                    .httpClient(asyncHttp).overrideConfiguration(overrides());
            config.runtimeEndpointFor(r).ifPresent(b::endpointOverride);
            return b.build();
        });
    }

    private ClientOverrideConfiguration overrides() {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallTimeout(config.callTimeout())
                .build();
    }

    @Override
    public void close() {
        control.values().forEach(BedrockClient::close);
        runtime.values().forEach(BedrockRuntimeAsyncClient::close);
        http.close();
        asyncHttp.close();
    }
}
