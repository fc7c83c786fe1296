package dev.drover.gpu.agent;

import dev.drover.gpu.images.FetchRules;
import dev.drover.gpu.images.GeminiConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How an agent runs seed 004's jobs.
 *
 * @param gemini      where to call Gemini; null when no API key is configured: the agent then takes no
 *                    {@code generate-images} jobs (it says so at start) and leaves them to agents that have one
 * @param storageDir  {@code STORAGE_DIR}: images go to {@code batches/<batch>/<index>.<ext>}, trained models to
 *                    {@code models/<model>/model.bin}; jobs run elsewhere, in {@code JOBS_DIR}
 * @param concurrency {@code generate-images} jobs run at once (they wait on HTTP, not on a GPU)
 * @param fetch       what users' reference and training image URLs may reach ({@code ALLOW_INSECURE_FETCH},
 *                    {@code ALLOW_FETCH_FROM}); {@link FetchRules#STRICT} unless the operator opts in
 */
public record ImageSettings(GeminiConfig gemini, Path storageDir, int concurrency, FetchRules fetch) {

    public ImageSettings {
        Objects.requireNonNull(storageDir, "storageDir");
        Objects.requireNonNull(fetch, "fetch");
        if (concurrency < 1) {
            throw new IllegalArgumentException("image concurrency must be at least 1, got " + concurrency);
        }
    }

    /** With {@link FetchRules#STRICT}. */
    public ImageSettings(GeminiConfig gemini, Path storageDir, int concurrency) {
        this(gemini, storageDir, concurrency, FetchRules.STRICT);
    }

    /** No Gemini: GPU and train-model jobs only, storing under {@code storageDir}. */
    public static ImageSettings withoutGemini(Path storageDir) {
        return new ImageSettings(null, storageDir, 1);
    }

    public ImageSettings withFetch(FetchRules rules) {
        return new ImageSettings(gemini, storageDir, concurrency, rules);
    }

    public boolean takesImageBatches() {
        return gemini != null;
    }
}
