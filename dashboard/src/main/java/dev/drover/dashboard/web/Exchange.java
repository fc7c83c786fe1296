package dev.drover.dashboard.web;

import dev.drover.dashboard.view.Page;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One request and its response as a handler sees them: parameters, the mount point ({@link #base()}: context path
 * plus servlet path, so links work wherever a host mounts the servlet), who made it, and ways to answer (HTML through
 * the {@link Redactor}, a redirect with a one-shot notice, an error status).
 */
public final class Exchange {

    private static final String NOTICE_COOKIE = "drover_notice";

    private final HttpServletRequest req;
    private final HttpServletResponse resp;
    private final String user;
    private final Redactor redactor;
    private final Page frame;

    /** {@code frame}: what every page of this dashboard shares (read-only, server label, domain pages). */
    public Exchange(HttpServletRequest req, HttpServletResponse resp, String user, Redactor redactor, Page frame) {
        this.req = req;
        this.resp = resp;
        this.user = user;
        this.redactor = redactor;
        this.frame = frame;
    }

    /** A page's frame: title, section, this request's CSRF token and the last action's notice (consumed). */
    public Page page(String title, String section) {
        return new Page(title, base(), section, Csrf.token(req, resp, base()), frame.readOnly(), frame.server(),
                frame.domain(), takeNotice().orElse(null));
    }

    public boolean readOnly() {
        return frame.readOnly();
    }

    public HttpServletRequest request() { return req; }
    public HttpServletResponse response() { return resp; }
    public String user() { return user; }
    public String remote() { return req.getRemoteAddr(); }

    /** Where the dashboard is mounted: "" at the root, "/admin/queues" under a host's path. */
    public String base() {
        return req.getContextPath() + req.getServletPath();
    }

    /** The path below {@link #base()}: "/" for the queues page, "/queue"... */
    public String path() {
        String p = req.getPathInfo();
        return p == null || p.isEmpty() ? "/" : p;
    }

    public Optional<String> param(String name) {
        String v = req.getParameter(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    public String require(String name) {
        return param(name).orElseThrow(() -> new BadRequest("missing parameter '" + name + "'"));
    }

    public List<String> params(String name) {
        String[] v = req.getParameterValues(name);
        return v == null ? List.of() : Arrays.stream(v).filter(s -> !s.isBlank()).toList();
    }

    public long longParam(String name, long fallback) {
        try {
            return param(name).map(Long::parseLong).orElse(fallback);
        } catch (NumberFormatException e) {
            throw new BadRequest("parameter '" + name + "' must be a whole number");
        }
    }

    /** Sends a page; known secrets are scrubbed on the way out. */
    public void html(int status, String page) {
        resp.setStatus(status);
        resp.setContentType("text/html;charset=UTF-8");
        write(page);
    }

    public void text(int status, String message) {
        resp.setStatus(status);
        resp.setContentType("text/plain;charset=UTF-8");
        write(message + "\n");
    }

    private void write(String body) {
        try {
            resp.getWriter().write(redactor.scrub(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 303 to {@code pathAndQuery} (below {@link #base()}), showing {@code notice} once on the next page. */
    public void redirect(String pathAndQuery, String notice) {
        if (notice != null) {
            jakarta.servlet.http.Cookie c = new jakarta.servlet.http.Cookie(NOTICE_COOKIE,
                    URLEncoder.encode(notice, StandardCharsets.UTF_8));
            c.setPath(base().isEmpty() ? "/" : base());
            c.setHttpOnly(true);
            c.setAttribute("SameSite", "Strict");
            resp.addCookie(c);
        }
        resp.setStatus(303);
        resp.setHeader("Location", base() + pathAndQuery);
    }

    /** The notice a redirect left, cleared as it is read. */
    public Optional<String> takeNotice() {
        jakarta.servlet.http.Cookie[] cookies = req.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (jakarta.servlet.http.Cookie c : cookies) {
            if (c.getName().equals(NOTICE_COOKIE) && c.getValue() != null && !c.getValue().isEmpty()) {
                jakarta.servlet.http.Cookie gone = new jakarta.servlet.http.Cookie(NOTICE_COOKIE, "");
                gone.setPath(base().isEmpty() ? "/" : base());
                gone.setMaxAge(0);
                resp.addCookie(gone);
                return Optional.of(URLDecoder.decode(c.getValue(), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    /** A request the handler refuses with 400 and this message. */
    public static final class BadRequest extends RuntimeException {
        public BadRequest(String message) {
            super(message);
        }
    }

    /** A thing that is not there: 404 with this message. */
    public static final class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message);
        }
    }
}
