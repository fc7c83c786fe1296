package dev.drover.certification.suite;

import dev.drover.certification.ErrorCategory;
import dev.drover.certification.TestResult;
import dev.drover.certification.bedrock.BedrockCallException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs tests in order and records each one's result and latency (monotonic clock). Once a test fails with a critical
 * category (no permission, bad credentials, ...) the remaining tests cannot tell anything new, so they are recorded as
 * failed with the same category instead of being sent to Bedrock.
 */
public final class SuiteRunner {

    private SuiteRunner() {
    }

    public static List<TestResult> run(ModelSession model, List<SuiteTest> tests) {
        List<TestResult> results = new ArrayList<>(tests.size());
        TestResult blocker = null;
        for (SuiteTest t : tests) {
            TestResult r = blocker == null ? runOne(model, t) : TestResult.fail(t.id(), t.name(), 0,
                    "not run: " + blocker.id() + " failed with " + blocker.errorCategory().wireName(),
                    blocker.errorCategory());
            if (blocker == null && !r.passed() && r.errorCategory().critical()) {
                blocker = r;
            }
            results.add(r);
        }
        return results;
    }

    /** Every test failed with {@code category}, none run: for a model that cannot be reached at all. */
    public static List<TestResult> allFailed(List<SuiteTest> tests, String error, ErrorCategory category) {
        return tests.stream().map(t -> TestResult.fail(t.id(), t.name(), 0, error, category)).toList();
    }

    static TestResult runOne(ModelSession model, SuiteTest test) {
        long start = System.nanoTime();
        try {
            test.check().run(model);
            return TestResult.pass(test.id(), test.name(), elapsedMs(start));
        } catch (TestFailure f) {
            return TestResult.fail(test.id(), test.name(), elapsedMs(start), f.getMessage(), f.category());
        } catch (BedrockCallException e) {
            return TestResult.fail(test.id(), test.name(), elapsedMs(start), e.getMessage(), e.category());
        } catch (RuntimeException e) {
            return TestResult.fail(test.id(), test.name(), elapsedMs(start), String.valueOf(e), ErrorCategory.UNKNOWN);
        }
    }

    private static long elapsedMs(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
