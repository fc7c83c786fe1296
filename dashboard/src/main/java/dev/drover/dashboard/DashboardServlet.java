package dev.drover.dashboard;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The dashboard as a Jakarta Servlet (6.0), the one entry point both {@code drover dashboard} and host applications
 * use. A Servlet is what Spring Boot ({@code ServletRegistrationBean}), Jetty, Tomcat, Undertow and Javalin can all
 * mount, so a team adds the dashboard to the server it already runs instead of opening another port. Map it to a
 * path with a wildcard ({@code /ops/queues/*}) and mark it async-supported (the live updates are Server-Sent Events):
 *
 * <pre>{@code
 * DashboardConfig config = DashboardConfig.of(QueueOptions.of("redis://redis:6379")).withReadOnly(true);
 * ServletRegistration.Dynamic r = servletContext.addServlet("drover", new DashboardServlet(config));
 * r.addMapping("/ops/queues/*");
 * r.setAsyncSupported(true);
 * }</pre>
 *
 * <p>Every link is relative to where it is mounted. The servlet authenticates by itself when the config has
 * {@linkplain dev.drover.dashboard.web.Credentials credentials}; with {@link dev.drover.dashboard.web.Credentials#NONE}
 * it trusts the host's own security in front of it. Actions always need the CSRF token of a page it rendered.
 * It opens its Redis connections in {@link #init()} and closes them in {@link #destroy()}.
 */
public class DashboardServlet extends HttpServlet {

    private final transient DashboardConfig config;
    private transient Dashboard dashboard;

    public DashboardServlet(DashboardConfig config) {
        this.config = config;
    }

    @Override
    public void init() {
        dashboard = new Dashboard(config);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        dashboard.handle(req, resp);
    }

    @Override
    public void destroy() {
        if (dashboard != null) {
            dashboard.close();
        }
    }
}
