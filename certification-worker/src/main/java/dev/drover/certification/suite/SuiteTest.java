package dev.drover.certification.suite;

/**
 * One certification test: a stable id, a human name, and a check that returns normally when the model passes. A check
 * fails by throwing {@link TestFailure} (wrong answer) or letting a
 * {@link dev.drover.certification.bedrock.BedrockCallException} through (the call failed).
 *
 * @param id    stable id stored with the result, e.g. {@code json_output}
 * @param name  human name
 * @param check what the test does
 */
public record SuiteTest(String id, String name, Check check) {

    /** The body of a test. */
    @FunctionalInterface
    public interface Check {
        void run(ModelSession model);
    }
}
