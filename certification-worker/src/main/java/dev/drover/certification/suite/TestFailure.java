package dev.drover.certification.suite;

import dev.drover.certification.ErrorCategory;

/** Thrown by a test whose call succeeded but whose answer is wrong; carries the category to record. */
public final class TestFailure extends RuntimeException {

    private final ErrorCategory category;

    public TestFailure(ErrorCategory category, String message) {
        super(message);
        this.category = category;
    }

    public static TestFailure invalidResponse(String message) {
        return new TestFailure(ErrorCategory.INVALID_RESPONSE, message);
    }

    public ErrorCategory category() {
        return category;
    }
}
