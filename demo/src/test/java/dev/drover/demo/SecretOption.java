package dev.drover.demo;

import java.util.List;

/** The options through which a secret reaches a command, with the variable each reads instead. */
enum SecretOption {
    REDIS_URL("REDIS_URL", "--redis-url", "--redis"),
    DATABASE_URL("DATABASE_URL", "--database-url"),
    SPRINTHUB_API_TOKEN("SPRINTHUB_API_TOKEN", "--sprinthub-api-token"),
    GEMINI_API_KEY("GEMINI_API_KEY", "--gemini-api-key");

    private final String variable;
    private final List<String> flags;

    SecretOption(String variable, String... flags) {
        this.variable = variable;
        this.flags = List.of(flags);
    }

    String variable() {
        return variable;
    }

    /** The option of this kind for {@code flag}, or null. */
    static SecretOption byFlag(String flag) {
        for (SecretOption s : values()) {
            if (s.flags.contains(flag)) {
                return s;
            }
        }
        return null;
    }
}
