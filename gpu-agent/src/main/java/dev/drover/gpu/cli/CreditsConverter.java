package dev.drover.gpu.cli;

import dev.drover.gpu.billing.Money;
import java.math.BigDecimal;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** An amount of credits typed by an operator: plain decimal digits, taken exactly ({@link Money#exactCredits}). */
final class CreditsConverter implements ITypeConverter<BigDecimal> {

    private static final Pattern PLAIN = Pattern.compile("[+-]?\\d+(\\.\\d+)?");

    @Override
    public BigDecimal convert(String text) {
        if (!PLAIN.matcher(text).matches()) {
            throw new TypeConversionException("'" + text + "' is not an amount of credits (e.g. 25 or 12.5)");
        }
        try {
            return Money.exactCredits(new BigDecimal(text));
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
