package dev.drover.certification;

/**
 * The outcome of one certification test.
 *
 * @param id            stable id, e.g. {@code basic_prompt}
 * @param name          human name
 * @param passed        whether it passed
 * @param latencyMs     wall time of the test, retries included
 * @param error         why it failed; null when passed
 * @param errorCategory the failure's category; null when passed
 */
public record TestResult(String id, String name, boolean passed, long latencyMs, String error,
                         ErrorCategory errorCategory) {

    public static TestResult pass(String id, String name, long latencyMs) {
        return new TestResult(id, name, true, latencyMs, null, null);
    }

    public static TestResult fail(String id, String name, long latencyMs, String error, ErrorCategory category) {
        return new TestResult(id, name, false, latencyMs, error, category);
    }
}
