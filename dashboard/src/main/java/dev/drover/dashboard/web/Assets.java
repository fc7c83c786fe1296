package dev.drover.dashboard.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.webjars.WebJarVersionLocator;

/**
 * The static files the pages load, by fixed name under {@code /assets/}: the dashboard's own CSS and JavaScript, and
 * htmx, its SSE extension and Chart.js from their WebJars (versions found by the WebJars locator, so a version bump
 * is a pom change only). Nothing else on the classpath can be fetched.
 */
public final class Assets {

    private static final String OWN = "/dev/drover/dashboard/assets/";
    private final Map<String, String> files;

    public Assets() {
        WebJarVersionLocator webjars = new WebJarVersionLocator();
        this.files = Map.of(
                "dashboard.css", OWN + "dashboard.css",
                "dashboard.js", OWN + "dashboard.js",
                "htmx.min.js", webjar(webjars, "htmx.org", "dist/htmx.min.js"),
                "sse.js", webjar(webjars, "htmx-ext-sse", "sse.js"),
                "chart.umd.min.js", webjar(webjars, "chart.js", "dist/chart.umd.min.js"));
    }

    private static String webjar(WebJarVersionLocator webjars, String name, String file) {
        String path = webjars.fullPath(name, file);
        if (path == null) {
            throw new IllegalStateException("WebJar " + name + " (" + file + ") is not on the classpath");
        }
        return path.startsWith("/") ? path : "/" + path;
    }

    /** Sends asset {@code name}; false when there is no such asset. */
    public boolean send(String name, HttpServletResponse resp) throws IOException {
        String resource = files.get(name);
        if (resource == null) {
            return false;
        }
        try (InputStream in = Assets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("asset " + resource + " is missing from the classpath");
            }
            resp.setContentType(name.endsWith(".css") ? "text/css;charset=UTF-8" : "text/javascript;charset=UTF-8");
            resp.setHeader("Cache-Control", "max-age=3600");
            in.transferTo(resp.getOutputStream());
        }
        return true;
    }
}
