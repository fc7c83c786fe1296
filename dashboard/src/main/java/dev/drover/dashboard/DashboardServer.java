package dev.drover.dashboard;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The standalone dashboard ({@code drover dashboard}): an embedded Jetty serving {@link DashboardServlet} at the
 * root. It binds to 127.0.0.1 by default; on any other address it refuses to start without credentials, so a
 * dashboard that can change queues is never open to a network by accident.
 */
public final class DashboardServer implements AutoCloseable {

    private final Server server;
    private final URI url;

    private DashboardServer(Server server, URI url) {
        this.server = server;
        this.url = url;
    }

    /**
     * Starts serving on {@code bind}:{@code port} (0: a free port).
     *
     * @throws IllegalArgumentException for a non-loopback address without credentials, or an unknown address
     * @throws IllegalStateException    when the port cannot be bound
     */
    public static DashboardServer start(DashboardConfig config, String bind, int port) {
        if (!isLoopback(bind) && !config.credentials().required()) {
            throw new IllegalArgumentException("the dashboard listens on " + bind + ", beyond this machine: set "
                    + "DASHBOARD_TOKEN or DASHBOARD_PASSWORD (and DASHBOARD_USER) in the environment first");
        }
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(bind);
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder holder = new ServletHolder("drover-dashboard", new DashboardServlet(config));
        holder.setAsyncSupported(true);
        holder.setInitOrder(0);
        context.addServlet(holder, "/*");
        server.setHandler(context);
        server.setStopTimeout(2_000);
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            throw new IllegalStateException("cannot serve the dashboard on " + bind + ":" + port + ": " + e.getMessage(), e);
        }
        String host = bind.contains(":") ? "[" + bind + "]" : bind;
        return new DashboardServer(server, URI.create("http://" + host + ":" + connector.getLocalPort() + "/"));
    }

    static boolean isLoopback(String bind) {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown bind address '" + bind + "'");
        }
    }

    /** Where it serves, e.g. {@code http://127.0.0.1:8080/}. */
    public URI url() {
        return url;
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() {
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping is best effort: the process is going away
        }
    }
}
