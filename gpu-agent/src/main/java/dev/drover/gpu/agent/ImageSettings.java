package dev.drover.gpu.agent;

import dev.drover.gpu.images.GeminiConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How an agent runs seed 004's jobs.
 *
 * @param gemini      where to call Gemini; null when no API key is configured: the agent then takes no
 *                    {@code generate-images} jobs (it says so at start) and leaves them to agents that have one
 * @param storageDir  {@code STORAGE_DIR}: images go to {@code batches/<batch>/<index>.<ext>}, trained models to
 *                    {@code models/<model>/model.bin}, training work dirs to {@code work/<job>} (removed after)
 * @param concurrency {@code generate-images} jobs run at once (they wait on HTTP, not on a GPU)
 */
public record ImageSettings(GeminiConfig gemini, Path storageDir, int concurrency) {

    public ImageSettings {
        Objects.requireNonNull(storageDir, "storageDir");
        if (concurrency < 1) {
            throw new IllegalArgumentException("image concurrency must be at least 1, got " + concurrency);
        }
    }

    /** No Gemini: GPU and train-model jobs only, storing under {@code storageDir}. */
    public static ImageSettings withoutGemini(Path storageDir) {
        return new ImageSettings(null, storageDir, 1);
    }

    public boolean takesImageBatches() {
        return gemini != null;
    }
}
