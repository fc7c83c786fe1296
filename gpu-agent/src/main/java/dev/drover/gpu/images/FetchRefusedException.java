package dev.drover.gpu.images;

import java.io.IOException;

/**
 * A URL the {@link FetchRules} do not allow, or an answer that is not an acceptable image (too large, not an image).
 * Permanent: fetching the same URL again gives the same refusal, so callers fail the work at once instead of retrying.
 */
public final class FetchRefusedException extends IOException {

    public FetchRefusedException(String message) {
        super(message);
    }
}
