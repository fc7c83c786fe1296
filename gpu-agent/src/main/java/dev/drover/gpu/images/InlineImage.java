package dev.drover.gpu.images;

/** Image bytes with their MIME type: a reference image sent to Gemini, or an image it returned. */
public record InlineImage(String mimeType, byte[] data) {

    /** The file extension for storing it. */
    public String extension() {
        return switch (mimeType) {
            case "image/jpeg" -> "jpg";
            case "image/webp" -> "webp";
            default -> "png";
        };
    }
}
