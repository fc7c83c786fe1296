package dev.drover.gpu.images;

import java.util.Arrays;

/** Recognizes an image by its first bytes, whatever its name or Content-Type claims. */
final class ImageTypes {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};
    private static final byte[] RIFF = {'R', 'I', 'F', 'F'};
    private static final byte[] WEBP = {'W', 'E', 'B', 'P'};

    private ImageTypes() {
    }

    /** {@code image/png}, {@code image/jpeg} or {@code image/webp} (what Gemini accepts inline); null for anything else. */
    static String sniff(byte[] data) {
        if (startsWith(data, 0, PNG)) {
            return "image/png";
        }
        if (startsWith(data, 0, JPEG)) {
            return "image/jpeg";
        }
        if (startsWith(data, 0, RIFF) && startsWith(data, 8, WEBP)) {
            return "image/webp";
        }
        return null;
    }

    private static boolean startsWith(byte[] data, int at, byte[] magic) {
        return data.length >= at + magic.length && Arrays.equals(data, at, at + magic.length, magic, 0, magic.length);
    }
}
