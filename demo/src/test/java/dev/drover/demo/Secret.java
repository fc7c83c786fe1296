package dev.drover.demo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A random secret no output contains by chance, and the marks whose presence in a text proves it leaked: its random
 * core (which survives being written raw, URL-encoded or JSON-escaped) and its base64 forms at every byte alignment
 * (so {@code base64("user:" + secret)}, as in an HTTP basic header, is caught too).
 *
 * @param label what the secret is, for reports
 * @param value the secret itself: the core wrapped in characters that URL-encoding changes
 */
record Secret(String label, String value) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String WRAP_START = "S3c!";
    private static final String WRAP_END = "/+=";

    static Secret random(String label) {
        StringBuilder core = new StringBuilder("q");
        for (int i = 0; i < 24; i++) {
            core.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return new Secret(label, WRAP_START + core + WRAP_END);
    }

    /** As it goes into a URL's user-info or query. */
    String urlEncoded() {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    String core() {
        return value.substring(WRAP_START.length(), value.length() - WRAP_END.length());
    }

    /** Substrings that only a leak of this secret can put into a text. */
    List<String> marks() {
        List<String> marks = new ArrayList<>(List.of(core()));
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (int shift = 0; shift < 3; shift++) {
            byte[] shifted = new byte[shift + bytes.length];
            System.arraycopy(bytes, 0, shifted, shift, bytes.length);
            String b64 = Base64.getEncoder().withoutPadding().encodeToString(shifted);
            // the characters whose six bits all come from the secret, whatever came before it
            String window = b64.substring((8 * shift + 5) / 6, 8 * (shift + bytes.length) / 6);
            marks.add(window);
            marks.add(window.replace('+', '-').replace('/', '_'));
        }
        return marks;
    }
}
