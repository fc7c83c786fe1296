package dev.drover.sync.crm;

import java.util.regex.Pattern;

/** Removes the API token from anything that may reach a log or an exception message. */
public final class Secrets {

    private static final Pattern TOKEN_PARAM = Pattern.compile("(?i)(apitoken=)[^&\\s\"']*");

    private Secrets() {
    }

    /** Replaces every {@code apitoken=...} value with {@code ***}. */
    public static String redact(String text) {
        return text == null ? null : TOKEN_PARAM.matcher(text).replaceAll("$1***");
    }
}
