package dev.drover.gpu.billing;

import java.math.BigDecimal;

/** The user's credits do not cover the job's reserve; nothing was written. */
public final class InsufficientCreditsException extends SubmitRefusedException {

    private final BigDecimal available;
    private final BigDecimal required;

    public InsufficientCreditsException(String message, BigDecimal available, BigDecimal required) {
        super(message);
        this.available = available;
        this.required = required;
    }

    public BigDecimal available() {
        return available;
    }

    public BigDecimal required() {
        return required;
    }
}
