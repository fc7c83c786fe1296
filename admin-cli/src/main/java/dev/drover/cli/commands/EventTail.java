package dev.drover.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drover.cli.output.Humanize;
import dev.drover.cli.output.Output;
import dev.drover.cli.output.TerminalText;
import dev.drover.queue.QueueEvent;
import dev.drover.queue.QueueEventListener;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Prints a queue's events as they arrive (one line each, or one JSON object per line) and, once a second, how many
 * of each type arrived in that second. Stops when asked, after {@code maxEvents} events, or at a deadline.
 * Events arrive on the QueueEvents thread; printing is synchronised so lines never interleave.
 */
final class EventTail implements QueueEventListener {

    private final Output out;
    private final long maxEvents;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Map<String, Long> second = new TreeMap<>();
    private final Map<String, Long> total = new TreeMap<>();
    private long seen;

    /** @param maxEvents stop after this many events; 0 for no limit */
    EventTail(Output out, long maxEvents) {
        this.out = out;
        this.maxEvents = maxEvents;
    }

    @Override
    public synchronized void onEvent(QueueEvent e) {
        if (stop.getCount() == 0) {
            return;
        }
        if (out.json()) {
            out.printJsonLine(json(e));
        } else {
            out.println(line(e));
            out.out().flush();
        }
        second.merge(e.type(), 1L, Long::sum);
        total.merge(e.type(), 1L, Long::sum);
        if (maxEvents > 0 && ++seen >= maxEvents) {
            stop.countDown();
        }
    }

    /** Blocks until stopped or until {@code limit} has passed (null: no limit), printing rates each second. */
    void runFor(java.time.Duration limit) throws InterruptedException {
        long end = limit == null ? 0 : System.nanoTime() + limit.toNanos();
        while (true) {
            long slice = TimeUnit.SECONDS.toNanos(1);
            if (limit != null) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                slice = Math.min(slice, left);
            }
            if (stop.await(slice, TimeUnit.NANOSECONDS)) {
                break;
            }
            printRates();
        }
        printRates();
    }

    void stop() {
        stop.countDown();
    }

    private synchronized void printRates() {
        if (second.isEmpty()) {
            return;
        }
        if (out.json()) {
            ObjectNode o = out.object().put("type", "rates").put("perSecond", true);
            second.forEach(o::put);
            out.printJsonLine(o);
        } else {
            StringBuilder sb = new StringBuilder("  -- per second:");
            second.forEach((type, n) -> sb.append(' ').append(TerminalText.escape(type)).append(' ').append(n));
            out.println(out.style("faint", sb.toString()));
            out.out().flush();
        }
        second.clear();
    }

    /** Totals per event type since the tail started. */
    synchronized Map<String, Long> totals() {
        return Map.copyOf(total);
    }

    private String line(QueueEvent e) {
        String time = Humanize.clock(eventTime(e));
        String type = String.format("%-17s", TerminalText.escape(e.type()));
        String job = e.jobId().map(id -> "job " + TerminalText.escape(id)).orElse("");
        return time + "  " + out.style(StateStyle.of(e.type()), type) + " " + job + details(e);
    }

    private static String details(QueueEvent e) {
        Map<String, String> f = e.fields();
        StringBuilder sb = new StringBuilder();
        f.forEach((k, v) -> {
            if (!k.equals("event") && !k.equals("jobId")) {
                sb.append("  ").append(TerminalText.escape(k)).append('=')
                        .append(TerminalText.escape(JobView.oneLine(v)));
            }
        });
        return sb.toString();
    }

    private static ObjectNode json(QueueEvent e) {
        ObjectNode o = Output.mapper().createObjectNode().put("id", e.id()).put("type", e.type())
                .put("time", eventTime(e).toEpochMilli());
        ObjectNode fields = o.putObject("fields");
        e.fields().forEach(fields::put);
        return o;
    }

    /** The event's time: the millisecond part of its stream id. */
    static Instant eventTime(QueueEvent e) {
        int dash = e.id().indexOf('-');
        try {
            return Instant.ofEpochMilli(Long.parseLong(dash < 0 ? e.id() : e.id().substring(0, dash)));
        } catch (NumberFormatException ex) {
            return Instant.now();
        }
    }
}
