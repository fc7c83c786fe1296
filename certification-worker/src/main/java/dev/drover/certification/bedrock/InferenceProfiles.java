package dev.drover.certification.bedrock;

/**
 * Cross-region inference profile ids. A model that Bedrock will not run on demand is invoked through a system
 * inference profile whose id is the model id behind a geography prefix; the geography must contain the region the call
 * goes to: {@code us.} for us-* and ca-*, {@code eu.} for eu-*, {@code apac.} for ap-*, {@code us-gov.} for us-gov-*.
 */
public final class InferenceProfiles {

    private InferenceProfiles() {
    }

    /** The prefix, dot included, for {@code region}; empty for a region in no known geography. */
    public static String prefixFor(String region) {
        if (region.startsWith("us-gov-")) {
            return "us-gov.";
        }
        if (region.startsWith("us-") || region.startsWith("ca-")) {
            return "us.";
        }
        if (region.startsWith("eu-")) {
            return "eu.";
        }
        if (region.startsWith("ap-")) {
            return "apac.";
        }
        return "";
    }

    /** {@code modelId} as the inference profile of {@code region}'s geography; the bare id when there is none. */
    public static String profileId(String modelId, String region) {
        return prefixFor(region) + modelId;
    }
}
