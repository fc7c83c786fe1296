package dev.drover.dashboard;

import dev.drover.dashboard.domain.CertificationReader;
import dev.drover.dashboard.domain.CrmReader;
import dev.drover.dashboard.domain.DomainLinks;
import dev.drover.dashboard.domain.DomainPages;
import dev.drover.dashboard.domain.GpuReader;
import dev.drover.dashboard.queues.LiveUpdates;
import dev.drover.dashboard.queues.QueueActions;
import dev.drover.dashboard.queues.QueuePages;
import dev.drover.dashboard.queues.QueueReader;
import dev.drover.dashboard.view.Page;
import dev.drover.dashboard.view.Views;
import dev.drover.dashboard.web.Assets;
import dev.drover.dashboard.web.Audit;
import dev.drover.dashboard.web.Csrf;
import dev.drover.dashboard.web.Exchange;
import dev.drover.dashboard.web.Handler;
import dev.drover.dashboard.web.Redactor;
import dev.drover.queue.QueueAdmin;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard behind {@link DashboardServlet}: its parts wired from a {@link DashboardConfig}, and the request
 * pipeline every route goes through: security headers, authentication, then for an action (every POST) the
 * read-only refusal, a same-origin check and the CSRF token, then the route, with errors as pages.
 */
final class Dashboard implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Dashboard.class);
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final DashboardConfig config;
    private final QueueAdmin admin;
    private final Views views = new Views();
    private final Assets assets = new Assets();
    private final Redactor redactor;
    private final LiveUpdates live;
    private final Page frame;
    private final Map<String, Handler> gets = new HashMap<>();
    private final Map<String, Handler> posts;
    /** Where the servlet is mounted, learned from the first request; live fragments link from it. */
    private volatile String base = "";

    Dashboard(DashboardConfig config) {
        this.config = config;
        this.admin = new QueueAdmin(config.queues());
        this.redactor = new Redactor(config.secrets());
        DomainLinks links = DomainLinks.none();
        if (config.domain() != null) {
            CertificationReader certification = new CertificationReader(config.domain());
            CrmReader crm = new CrmReader(config.domain());
            GpuReader gpu = new GpuReader(config.domain());
            links = new DomainLinks(certification, crm, gpu);
            gets.putAll(new DomainPages(certification, crm, gpu, views).routes());
        }
        QueueReader reader = new QueueReader(admin, config.queues().clock(), links);
        QueuePages pages = new QueuePages(reader, views);
        this.live = new LiveUpdates(config.queues(), reader::names, q -> pages.fragments(q, base), redactor::scrub);
        gets.putAll(pages.routes(live));
        this.posts = new QueueActions(admin).routes();
        this.frame = new Page(null, null, null, null, config.readOnly(), config.queues().redis().host() + ":"
                + config.queues().redis().port() + " · prefix " + config.queues().prefix(), config.domain() != null, null);
    }

    void handle(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Content-Security-Policy", CSP);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("Referrer-Policy", "same-origin");
        Optional<String> user = config.credentials().authenticate(req.getHeader("Authorization"));
        Exchange ex = new Exchange(req, resp, user.orElse(null), redactor, frame);
        if (user.isEmpty()) {
            resp.setHeader("WWW-Authenticate", "Basic realm=\"Drover dashboard\", charset=\"UTF-8\"");
            ex.text(401, "authentication required: a bearer token, or basic auth");
            return;
        }
        base = ex.base();
        String path = ex.path();
        if (path.startsWith("/assets/")) {
            if (!assets.send(path.substring("/assets/".length()), resp)) {
                ex.text(404, "no such asset");
            }
            return;
        }
        resp.setHeader("Cache-Control", "no-store");
        boolean post = "POST".equalsIgnoreCase(req.getMethod());
        Handler handler = (post ? posts : gets).get(path);
        if (handler == null) {
            refuse(ex, (post ? gets : posts).containsKey(path) ? 405 : 404, "no page " + path);
        } else if (!post || actionAllowed(ex, path)) {
            run(ex, handler);
        }
    }

    private boolean actionAllowed(Exchange ex, String path) {
        String action = path.substring(path.lastIndexOf('/') + 1);
        String why = config.readOnly() ? "the dashboard is read-only"
                : !sameOrigin(ex.request()) ? "the request comes from another site"
                : !Csrf.valid(ex.request()) ? "missing or wrong CSRF token (reload the page and try again)" : null;
        if (why != null) {
            Audit.record(ex.user(), ex.remote(), action, ex.request().getParameter("queue"),
                    ex.request().getParameter("id"), "refused: " + why);
            refuse(ex, 403, action + " refused: " + why);
        }
        return why == null;
    }

    /** An {@code Origin} header, when the browser sends one, must name this host. */
    private static boolean sameOrigin(HttpServletRequest req) {
        String origin = req.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        try {
            URI o = URI.create(origin);
            String host = req.getHeader("Host");
            return o.getHost() != null && host != null
                    && host.equalsIgnoreCase(o.getHost() + (o.getPort() < 0 ? "" : ":" + o.getPort()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void run(Exchange ex, Handler handler) throws IOException {
        try {
            handler.handle(ex);
        } catch (Exchange.NotFound e) {
            refuse(ex, 404, e.getMessage());
        } catch (Exchange.BadRequest e) {
            refuse(ex, 400, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("{} {} failed", ex.request().getMethod(), ex.path(), e);
            refuse(ex, 500, "the dashboard could not do that: " + e.getMessage());
        }
    }

    private void refuse(Exchange ex, int status, String message) {
        if (ex.response().isCommitted()) {
            return;
        }
        ex.response().resetBuffer();
        ex.html(status, views.render("error.jte", Map.of("page", ex.page("Error", "queues"), "status", status,
                "message", message)));
    }

    @Override
    public void close() {
        live.close();
        admin.close();
    }
}
