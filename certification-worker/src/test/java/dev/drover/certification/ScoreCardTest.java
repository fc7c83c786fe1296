package dev.drover.certification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScoreCardTest {

    @ParameterizedTest(name = "{0}/{1} passed -> {2} {3} passed={4}")
    @CsvSource({
            "7, 7, 100.00, A, true",
            "10, 9, 90.00, A, true",
            "7, 6, 85.71, B, true",
            "5, 4, 80.00, B, true",
            "100, 79, 79.00, C, false",
            "10, 7, 70.00, C, false",
            "7, 5, 71.43, C, false",
            "10, 6, 60.00, D, false",
            "7, 4, 57.14, F, false",
            "7, 0, 0.00, F, false",
    })
    void scoreRatingAndVerdict(int total, int passed, String score, String rating, boolean verdict) {
        ScoreCard card = ScoreCard.of(results(total, passed, ErrorCategory.INVALID_RESPONSE));

        assertThat(card.score()).isEqualByComparingTo(score);
        assertThat(card.rating()).isEqualTo(rating);
        assertThat(card.passed()).isEqualTo(verdict);
    }

    @ParameterizedTest
    @CsvSource({"UNAVAILABLE", "PERMISSION", "AUTHENTICATION", "CONFIGURATION", "PROVISIONING_REQUIRED"})
    void aCriticalCategoryFailsEvenAHighScore(ErrorCategory category) {
        ScoreCard card = ScoreCard.of(results(10, 9, category));

        assertThat(card.rating()).isEqualTo("A");
        assertThat(card.passed()).isFalse();
        assertThat(card.criticalCategory()).contains(category);
    }

    @ParameterizedTest
    @CsvSource({"THROTTLING", "TIMEOUT", "VALIDATION", "SERVICE_ERROR", "NETWORK", "INVALID_RESPONSE", "UNKNOWN"})
    void nonCriticalCategoriesOnlyCostTheirTest(ErrorCategory category) {
        assertThat(ScoreCard.of(results(10, 9, category)).passed()).isTrue();
    }

    @Test
    void noTestsScoresZero() {
        ScoreCard card = ScoreCard.of(List.of());
        assertThat(card.score()).isEqualByComparingTo("0");
        assertThat(card.rating()).isEqualTo("F");
        assertThat(card.passed()).isFalse();
    }

    @Test
    void wireNamesAreLowerSnakeCase() {
        assertThat(ErrorCategory.PROVISIONING_REQUIRED.wireName()).isEqualTo("provisioning_required");
    }

    private static List<TestResult> results(int total, int passed, ErrorCategory failureCategory) {
        List<TestResult> out = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            out.add(i < passed ? TestResult.pass("t" + i, "t" + i, 1)
                    : TestResult.fail("t" + i, "t" + i, 1, "boom", failureCategory));
        }
        return out;
    }
}
