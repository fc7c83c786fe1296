package dev.drover.certification;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;

/**
 * The verdict over a set of test results (SPEC 4.1): score = passed / total x 100, rounded half-up to two decimals
 * (the column is numeric(5,2)); rating A at 90 or more, B at 80, C at 70, D at 60, else F; passed when the score is at
 * least 80 and no test failed with a critical {@link ErrorCategory}. No tests at all scores 0.
 *
 * @param score            0 to 100
 * @param rating           A, B, C, D or F
 * @param passed           the certification verdict
 * @param criticalCategory the first critical category met, if any
 */
public record ScoreCard(BigDecimal score, String rating, boolean passed, Optional<ErrorCategory> criticalCategory) {

    public static final BigDecimal PASS_MARK = BigDecimal.valueOf(80);

    public static ScoreCard of(List<TestResult> results) {
        long passedCount = results.stream().filter(TestResult::passed).count();
        BigDecimal score = results.isEmpty() ? BigDecimal.ZERO.setScale(2)
                : BigDecimal.valueOf(passedCount * 100L)
                        .divide(BigDecimal.valueOf(results.size()), 2, RoundingMode.HALF_UP);
        Optional<ErrorCategory> critical = results.stream()
                .map(TestResult::errorCategory)
                .filter(c -> c != null && c.critical())
                .findFirst();
        boolean passed = score.compareTo(PASS_MARK) >= 0 && critical.isEmpty();
        return new ScoreCard(score, rating(score), passed, critical);
    }

    static String rating(BigDecimal score) {
        if (score.compareTo(BigDecimal.valueOf(90)) >= 0) {
            return "A";
        }
        if (score.compareTo(BigDecimal.valueOf(80)) >= 0) {
            return "B";
        }
        if (score.compareTo(BigDecimal.valueOf(70)) >= 0) {
            return "C";
        }
        return score.compareTo(BigDecimal.valueOf(60)) >= 0 ? "D" : "F";
    }
}
