package dev.drover.dashboard.queues;

import dev.drover.dashboard.view.Fmt;
import dev.drover.queue.QueueEvents;
import dev.drover.queue.QueueOptions;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes queue changes to open pages as Server-Sent Events. One {@link QueueEvents} per watched queue follows its
 * events stream; any event marks the queue changed, and every {@value #PERIOD_MS} ms each changed queue's fragments
 * are rendered once and sent to the pages watching it, as SSE events named after the fragment's element id (htmx's
 * SSE extension swaps them in). Bursts of events thus cost one re-render, and pages never poll.
 *
 * <p>A page that watches every queue (the queues page) also learns of queues created after it opened: every
 * {@value #DISCOVER_MS} ms, while such a page is open, the queue names are listed again, and the rows of new ones
 * are sent to it as one {@value #ADDED_EVENT} event (appended to its table), then kept current like the others.
 * On the same tick, queues that no open page shows any more stop being followed: each follower holds a thread and
 * a Redis connection.
 */
public final class LiveUpdates implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);
    static final long PERIOD_MS = 250;
    private static final long HEARTBEAT_MS = 15_000;
    static final long DISCOVER_MS = 5_000;
    /** The SSE event carrying the rows of queues created since a page that watches every queue opened. */
    public static final String ADDED_EVENT = "queues-added";

    private final QueueOptions options;
    private final Supplier<? extends Collection<String>> names;
    /** Queue name to its fragments: SSE event name to HTML. */
    private final Function<String, Map<String, String>> fragments;
    private final Function<String, String> scrub;
    private final Map<String, QueueEvents> watched = new ConcurrentHashMap<>();
    private final Set<String> changed = ConcurrentHashMap.newKeySet();
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "drover-dashboard-live");
        t.setDaemon(true);
        return t;
    });

    /** A page's stream; {@code queues} grows when {@code everyQueue} and new queues are found. */
    private record Client(AsyncContext ctx, PrintWriter out, Set<String> queues, boolean everyQueue) {
    }

    /**
     * @param names     the queue names now (for pages that watch every queue)
     * @param fragments a queue's fragments: SSE event name to HTML; its row is under {@code eventName("row", q)}
     * @param scrub     applied to every HTML sent
     */
    public LiveUpdates(QueueOptions options, Supplier<? extends Collection<String>> names,
                       Function<String, Map<String, String>> fragments, Function<String, String> scrub) {
        this.options = options;
        this.names = names;
        this.fragments = fragments;
        this.scrub = scrub;
        timer.scheduleWithFixedDelay(this::flush, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT_MS, HEARTBEAT_MS, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> {
            discover();
            unwatchUnseen();
        }, DISCOVER_MS, DISCOVER_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Keeps {@code ctx}'s response open and streams the fragments of {@code queues} to it from now on; with
     * {@code everyQueue}, also the rows of queues created later (see the class comment).
     */
    public void subscribe(AsyncContext ctx, Set<String> queues, boolean everyQueue) throws IOException {
        PrintWriter out = ctx.getResponse().getWriter();
        out.write("retry: 2000\n\n");
        out.flush();
        Set<String> watching = ConcurrentHashMap.newKeySet();
        watching.addAll(queues);
        Client client = new Client(ctx, out, watching, everyQueue);
        clients.add(client);
        queues.forEach(this::watch);
        ctx.addListener(new AsyncListener() {
            @Override public void onComplete(AsyncEvent e) { clients.remove(client); }
            @Override public void onTimeout(AsyncEvent e) { drop(client); }
            @Override public void onError(AsyncEvent e) { drop(client); }
            @Override public void onStartAsync(AsyncEvent e) { }
        });
    }

    private void watch(String queue) {
        synchronized (watched) {
            watched.computeIfAbsent(queue, q -> new QueueEvents(q, options, e -> changed.add(q)).start());
        }
    }

    /**
     * Stops following the queues no open page shows. A page is added to {@code clients} (and a new queue to its set)
     * before its queues are watched, so a queue being subscribed to is always seen here and kept.
     */
    private void unwatchUnseen() {
        List<QueueEvents> idle = new ArrayList<>();
        synchronized (watched) {
            Set<String> seen = new HashSet<>();
            clients.forEach(c -> seen.addAll(c.queues()));
            watched.entrySet().removeIf(e -> !seen.contains(e.getKey()) && idle.add(e.getValue()));
        }
        idle.forEach(QueueEvents::close); // outside the lock: close waits for the reader's thread
    }

    private void flush() {
        if (changed.isEmpty()) {
            return;
        }
        for (String queue : List.copyOf(changed)) {
            changed.remove(queue);
            if (clients.stream().noneMatch(c -> c.queues().contains(queue))) {
                continue;
            }
            try {
                StringBuilder msg = new StringBuilder();
                fragments.apply(queue).forEach((event, html) -> msg.append(sse(event, scrub.apply(html))));
                clients.stream().filter(c -> c.queues().contains(queue)).forEach(c -> send(c, msg.toString()));
            } catch (RuntimeException e) {
                log.warn("live update of queue {} failed: {}", queue, e.toString());
            }
        }
    }

    /** Sends each page that watches every queue the rows of queues it does not show yet. */
    private void discover() {
        List<Client> every = clients.stream().filter(Client::everyQueue).toList();
        if (every.isEmpty()) {
            return;
        }
        try {
            Collection<String> now = names.get();
            Map<String, String> rows = new java.util.HashMap<>();
            for (Client c : every) {
                StringBuilder added = new StringBuilder();
                for (String queue : now) {
                    if (c.queues().add(queue)) {
                        watch(queue);
                        added.append(rows.computeIfAbsent(queue,
                                q -> scrub.apply(fragments.apply(q).get(eventName("row", q)))));
                    }
                }
                if (!added.isEmpty()) {
                    send(c, sse(ADDED_EVENT, added.toString()));
                }
            }
        } catch (RuntimeException e) {
            log.warn("looking for new queues failed: {}", e.toString());
        }
    }

    private static String sse(String event, String data) {
        StringBuilder b = new StringBuilder("event: ").append(event).append('\n');
        data.lines().forEach(l -> b.append("data: ").append(l).append('\n'));
        return b.append('\n').toString();
    }

    private void heartbeat() {
        clients.forEach(c -> send(c, ": keep-alive\n\n"));
    }

    private void send(Client c, String text) {
        synchronized (c) {
            c.out().write(text);
            c.out().flush();
            if (c.out().checkError()) {
                drop(c);
            }
        }
    }

    private void drop(Client c) {
        clients.remove(c);
        try {
            c.ctx().complete();
        } catch (RuntimeException ignored) {
            // the container already ended it
        }
    }

    /** The SSE event name of a queue's fragment: {@code kind-<hex of name>}, safe for any queue name. */
    public static String eventName(String kind, String queue) {
        return kind + "-" + Fmt.hex(queue);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        clients.forEach(this::drop);
        watched.values().forEach(QueueEvents::close);
        watched.clear();
    }
}
