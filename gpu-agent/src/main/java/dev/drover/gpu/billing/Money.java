package dev.drover.gpu.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Credit arithmetic at the ledger's scale: every amount is rounded to {@link #SCALE} places here, before the legs that
 * must add up are computed, because Postgres would otherwise round each stored leg on its own and lose the balance.
 */
public final class Money {

    /** The scale of every {@code numeric(14,4)} amount column. */
    public static final int SCALE = 4;
    /** The largest amount a {@code numeric(14,4)} column holds. */
    public static final BigDecimal MAX = new BigDecimal("9999999999.9999");
    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    private Money() {
    }

    public static BigDecimal of(String amount) {
        return round(new BigDecimal(amount));
    }

    /**
     * An amount of credits given by a person (a deposit), taken exactly as written: it must be positive, have at most
     * {@link #SCALE} decimal places and fit the column. Returns it at the ledger's scale.
     *
     * @throws IllegalArgumentException saying which rule it breaks; nothing is ever rounded
     */
    public static BigDecimal exactCredits(BigDecimal amount) {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("the amount must be positive, got " + amount.toPlainString());
        }
        if (amount.stripTrailingZeros().scale() > SCALE) {
            throw new IllegalArgumentException("the amount " + amount.toPlainString() + " has more than " + SCALE
                    + " decimal places");
        }
        if (amount.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("the amount " + amount.toPlainString() + " is above the largest "
                    + MAX.toPlainString());
        }
        return amount.setScale(SCALE);
    }

    public static BigDecimal round(BigDecimal amount) {
        return amount.setScale(SCALE, RoundingMode.HALF_UP);
    }

    /** {@code duration × pricePerHour}, to the millisecond, rounded half up to the ledger's scale. */
    public static BigDecimal charge(Duration duration, BigDecimal pricePerHour) {
        BigDecimal seconds = BigDecimal.valueOf(duration.toMillis()).movePointLeft(3);
        return round(seconds.multiply(pricePerHour).divide(SECONDS_PER_HOUR, SCALE + 4, RoundingMode.HALF_UP));
    }

    /** {@code duration} in hours at the ledger's scale, for GPU-hour counters. */
    public static BigDecimal hours(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis()).divide(SECONDS_PER_HOUR.movePointRight(3), SCALE, RoundingMode.HALF_UP);
    }
}
