package dev.drover.dashboard.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Cross-site request forgery protection by double submit: every page sets a random token in an HttpOnly,
 * SameSite=Strict cookie and renders the same token into its forms; a POST passes only when its {@code _csrf} field
 * (or {@code X-CSRF-Token} header) equals the cookie. Another site can make a browser send the cookie (and basic
 * auth) but can read neither, so it cannot forge the field.
 */
public final class Csrf {

    public static final String COOKIE = "drover_csrf";
    public static final String FIELD = "_csrf";
    public static final String HEADER = "X-CSRF-Token";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Csrf() {
    }

    /** The request's token, issuing a new cookie (scoped to {@code base}) when it has none. */
    public static String token(HttpServletRequest req, HttpServletResponse resp, String base) {
        return cookie(req).orElseGet(() -> {
            byte[] bytes = new byte[24];
            RANDOM.nextBytes(bytes);
            String t = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Cookie c = new Cookie(COOKIE, t);
            c.setHttpOnly(true);
            c.setPath(base.isEmpty() ? "/" : base);
            c.setSecure(req.isSecure());
            c.setAttribute("SameSite", "Strict");
            resp.addCookie(c);
            return t;
        });
    }

    /** True when the request carries a token that matches its cookie. */
    public static boolean valid(HttpServletRequest req) {
        Optional<String> cookie = cookie(req);
        String sent = req.getHeader(HEADER) != null ? req.getHeader(HEADER) : req.getParameter(FIELD);
        return cookie.isPresent() && sent != null && MessageDigest.isEqual(
                cookie.get().getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<String> cookie(HttpServletRequest req) {
        Cookie[] cookies = req.getCookies();
        return cookies == null ? Optional.empty() : Arrays.stream(cookies).filter(c -> c.getName().equals(COOKIE))
                .map(Cookie::getValue).filter(v -> v != null && v.length() >= 16).findFirst();
    }
}
