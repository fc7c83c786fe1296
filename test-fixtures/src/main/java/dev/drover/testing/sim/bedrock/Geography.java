package dev.drover.testing.sim.bedrock;

import java.util.List;

/**
 * Cross-region inference profile prefixes: a model that needs an inference profile is invoked as
 * {@code <geography>.<modelId>}, and the geography must contain the region the call is sent to
 * ({@code us.} for us-* and ca-*, {@code eu.} for eu-*, {@code apac.} for ap-*, {@code us-gov.} for us-gov-*).
 */
public final class Geography {

    private static final List<String> PREFIXES = List.of("us-gov.", "us.", "eu.", "apac.");

    private Geography() {
    }

    /** The prefix (with its dot) a profile call from {@code region} uses; empty when the region has none. */
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

    /** {@code modelId} without its geography prefix, if it has one. */
    public static String stripPrefix(String modelId) {
        for (String p : PREFIXES) {
            if (modelId.startsWith(p)) {
                return modelId.substring(p.length());
            }
        }
        return modelId;
    }

    /** True when {@code modelId} has no prefix, or the prefix of {@code region}'s geography. */
    static boolean prefixFits(String modelId, String region) {
        if (stripPrefix(modelId).equals(modelId)) {
            return true;
        }
        String expected = prefixFor(region);
        return !expected.isEmpty() && modelId.startsWith(expected);
    }
}
