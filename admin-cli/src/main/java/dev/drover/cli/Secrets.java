package dev.drover.cli;

import java.util.regex.Pattern;

/** Keeps Redis and Postgres passwords out of anything the CLI prints. */
public final class Secrets {

    private static final Pattern USER_INFO = Pattern.compile("((?:rediss?|postgres(?:ql)?)://)[^@/\\[\\]]*@");

    private Secrets() {
    }

    /** {@code text} with any URL credentials replaced by {@code ***} and every occurrence of {@code password} removed. */
    public static String redact(String text, String password) {
        if (text == null) {
            return "";
        }
        String out = USER_INFO.matcher(text).replaceAll("$1***@");
        return password == null || password.isEmpty() ? out : out.replace(password, "***");
    }
}
