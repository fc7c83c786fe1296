package dev.drover.demo;

import dev.drover.testing.sim.bedrock.BedrockSimulator;
import dev.drover.testing.sim.gemini.GeminiSimulator;
import dev.drover.testing.sim.nvidia.FakeNvidiaSmi;
import dev.drover.testing.sim.sprinthub.SimFault;
import dev.drover.testing.sim.sprinthub.SprintHubSimulator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The local stand-ins for the external APIs, scripted for the demo's story:
 * <ul>
 *   <li>Bedrock with its default catalog; {@link #THROTTLED_MODEL} is throttled twice in the first region (the worker
 *       retries and certifies it) and {@link #UNAVAILABLE_MODEL} is not offered in the last region;</li>
 *   <li>SprintHub with two segments, {@link #SEGMENT_A} and {@link #SEGMENT_B}; page {@link DemoSize#failingPage()} of
 *       B answers 503 {@link #FAILING_PAGE_FAULTS} times, then succeeds;</li>
 *   <li>Gemini, a local web server with the image batch's reference image (the agent is told to allow fetching
 *       from loopback over plain http, which it refuses by default), and a fake {@code nvidia-smi} with one H100.</li>
 * </ul>
 *
 * @param env the variables that point a daemon at these simulators
 */
record Simulators(BedrockSimulator bedrock, SprintHubSimulator crm, GeminiSimulator gemini, FakeNvidiaSmi nvidiaSmi,
                  ReferenceImageServer referenceImage, Map<String, String> env) {

    static final long SEGMENT_A = 101;
    static final long SEGMENT_B = 202;
    static final String THROTTLED_MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
    static final String UNAVAILABLE_MODEL = "mistral.mistral-7b-instruct-v0:2";
    /** Page faults of segment B: more than one job attempt's HTTP retries, so the run also resumes from its checkpoint. */
    static final int FAILING_PAGE_FAULTS = 4;
    static final String GPU_MODEL = "NVIDIA H100 80GB HBM3";
    private static final String CRM_TOKEN = "demo-crm-token";
    private static final String CRM_INSTANCE = "demo";
    private static final String GEMINI_KEY = "demo-gemini-key";

    /** Starts every simulator, registering each with {@code resources}. */
    static Simulators start(DemoSize size, Resources resources, Console console) {
        BedrockSimulator bedrock = resources.add(BedrockSimulator.startWithDefaultCatalog());
        bedrock.throttle(size.regions().getFirst(), THROTTLED_MODEL, 2);
        bedrock.unavailable(size.regions().getLast(), UNAVAILABLE_MODEL);
        SprintHubSimulator crm = resources.add(SprintHubSimulator.start(CRM_TOKEN, CRM_INSTANCE));
        crm.segment(SEGMENT_A).addLeads(1_000_000, size.leadsA());
        crm.segment(SEGMENT_B).addLeads(2_000_000, size.leadsB());
        crm.failPage(SEGMENT_B, size.failingPage(), SimFault.status(503), FAILING_PAGE_FAULTS);
        GeminiSimulator gemini = resources.add(GeminiSimulator.start(GEMINI_KEY));
        FakeNvidiaSmi smi = resources.add(FakeNvidiaSmi.install());
        ReferenceImageServer reference = resources.add(ReferenceImageServer.start());
        console.step("simulators: Bedrock " + bedrock.baseUrl() + ", SprintHub CRM " + crm.baseUrl()
                + ", Gemini " + gemini.baseUrl() + ", reference image " + reference.url() + ", fake nvidia-smi "
                + smi.path());
        return new Simulators(bedrock, crm, gemini, smi, reference, daemonEnv(bedrock, crm, gemini, smi, size));
    }

    private static Map<String, String> daemonEnv(BedrockSimulator bedrock, SprintHubSimulator crm,
                                                 GeminiSimulator gemini, FakeNvidiaSmi smi, DemoSize size) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("BEDROCK_ENDPOINT", bedrock.endpointTemplate());
        env.put("BEDROCK_RUNTIME_ENDPOINT", bedrock.endpointTemplate());
        env.put("BEDROCK_RETRY_BACKOFF_MS", "100");
        env.put("BEDROCK_REGION_RATE_PER_SECOND", "50");
        env.put("AWS_ACCESS_KEY_ID", "demo");
        env.put("AWS_SECRET_ACCESS_KEY", "demo-secret");
        env.put("AWS_REGION", size.regions().getFirst());
        env.put("SPRINTHUB_BASE_URL", crm.baseUrl());
        env.put("SPRINTHUB_API_TOKEN", CRM_TOKEN);
        env.put("SPRINTHUB_INSTANCE", CRM_INSTANCE);
        env.put("SPRINTHUB_PAGE_SIZE", Integer.toString(size.pageSize()));
        env.put("SPRINTHUB_REQUESTS_PER_SECOND", "100");
        env.put("SPRINTHUB_BACKOFF_MS", "200");
        env.put("SPRINTHUB_MAX_ATTEMPTS", "3");
        env.put("GEMINI_BASE_URL", gemini.baseUrl());
        env.put("GEMINI_API_KEY", GEMINI_KEY);
        // users' image URLs may not reach loopback, nor use plain http, unless the operator says so: the demo does
        env.put("ALLOW_FETCH_FROM", "127.0.0.1");
        env.put("ALLOW_INSECURE_FETCH", "true");
        env.put("NVIDIA_SMI", smi.path().toString());
        return Map.copyOf(env);
    }
}
