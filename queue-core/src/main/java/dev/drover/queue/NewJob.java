package dev.drover.queue;

import java.util.Objects;

/** One job to add: its name, its data (anything Jackson can write; a JsonNode as is) and its options. */
public record NewJob(String name, Object data, JobOptions opts) {

    public NewJob {
        Objects.requireNonNull(name, "job name");
        Objects.requireNonNull(opts, "job opts");
    }

    public static NewJob of(String name, Object data) {
        return new NewJob(name, data, JobOptions.DEFAULTS);
    }
}
