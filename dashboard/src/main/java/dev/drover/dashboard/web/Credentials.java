package dev.drover.dashboard.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Who may use the dashboard: a bearer token ({@code Authorization: Bearer T}, or basic auth with any user name and
 * T as the password, so a browser can log in with it), and/or a user and password for basic auth. Read from the
 * environment ({@code DASHBOARD_TOKEN}, {@code DASHBOARD_USER} default {@code admin}, {@code DASHBOARD_PASSWORD}),
 * never from a flag, so the secret never shows in {@code ps}. {@link #NONE} lets everyone in.
 */
public record Credentials(String token, String user, String password) {

    public static final Credentials NONE = new Credentials(null, null, null);
    public static final String DEFAULT_USER = "admin";

    public Credentials {
        token = blankToNull(token);
        password = blankToNull(password);
        user = password == null ? null : user == null || user.isBlank() ? DEFAULT_USER : user;
    }

    /** From {@code DASHBOARD_TOKEN}, {@code DASHBOARD_USER} and {@code DASHBOARD_PASSWORD}. */
    public static Credentials fromEnv(Map<String, String> env) {
        return new Credentials(env.get("DASHBOARD_TOKEN"), env.get("DASHBOARD_USER"), env.get("DASHBOARD_PASSWORD"));
    }

    /** Whether any credential is set (then every request must present one). */
    public boolean required() {
        return token != null || password != null;
    }

    /**
     * The user an {@code Authorization} header proves, or empty when it proves nothing. With no credentials set,
     * everyone is "anonymous".
     */
    public Optional<String> authenticate(String authorization) {
        if (!required()) {
            return Optional.of("anonymous");
        }
        if (authorization == null) {
            return Optional.empty();
        }
        if (token != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && same(authorization.substring(7).trim(), token)) {
            return Optional.of("token");
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return basic(authorization.substring(6).trim());
        }
        return Optional.empty();
    }

    private Optional<String> basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String u = decoded.substring(0, colon);
        String p = decoded.substring(colon + 1);
        // evaluate both comparisons, so timing does not tell which credential a guess was close to
        boolean byPassword = password != null & same(u, user) & same(p, password);
        boolean byToken = token != null && same(p, token);
        return byPassword ? Optional.of(user) : byToken ? Optional.of("token") : Optional.empty();
    }

    private static boolean same(String a, String b) {
        return b != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Never the secrets. */
    @Override
    public String toString() {
        return "Credentials[token " + (token == null ? "unset" : "set") + ", basic user "
                + (user == null ? "unset" : user) + "]";
    }
}
