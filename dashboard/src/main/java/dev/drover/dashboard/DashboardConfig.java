package dev.drover.dashboard;

import dev.drover.dashboard.web.Credentials;
import dev.drover.queue.QueueOptions;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jooq.DSLContext;

/**
 * What a dashboard shows and allows.
 *
 * @param queues      the Redis server and key prefix of the queues
 * @param domain      jOOQ over the workers' Postgres for the certification, CRM and GPU pages; null: no such pages
 * @param readOnly    hide every action and refuse it (403) on the server
 * @param credentials who may look (see {@link Credentials}); {@link Credentials#NONE} for a loopback-only server
 *                    or a host application that authenticates itself
 * @param secrets     strings never to send to a browser (passwords, API keys); each page is scrubbed of them
 */
public record DashboardConfig(QueueOptions queues, DSLContext domain, boolean readOnly, Credentials credentials,
                              Set<String> secrets) {

    /** Environment variables whose values count as secrets: *PASSWORD, *TOKEN, *SECRET*, *API_KEY, *_KEY... */
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|PASSWD|TOKEN|SECRET|API_?KEY|_KEY)$|.*SECRET.*");
    /** Shorter values are too likely to occur by chance in page text to be scrubbed. */
    private static final int MIN_SECRET_LENGTH = 4;

    public DashboardConfig {
        Objects.requireNonNull(queues, "queues");
        Objects.requireNonNull(credentials, "credentials");
        TreeSet<String> all = new TreeSet<>();
        addSecret(all, queues.redis().password());
        addSecret(all, credentials.password());
        addSecret(all, credentials.token());
        (secrets == null ? Set.<String>of() : secrets).forEach(s -> addSecret(all, s));
        secrets = Set.copyOf(all);
    }

    /** Queues only, read-write, no credentials. */
    public static DashboardConfig of(QueueOptions queues) {
        return new DashboardConfig(queues, null, false, Credentials.NONE, Set.of());
    }

    public DashboardConfig withDomain(DSLContext dsl) {
        return new DashboardConfig(queues, dsl, readOnly, credentials, secrets);
    }

    public DashboardConfig withReadOnly(boolean on) {
        return new DashboardConfig(queues, domain, on, credentials, secrets);
    }

    public DashboardConfig withCredentials(Credentials c) {
        return new DashboardConfig(queues, domain, readOnly, c, secrets);
    }

    /** Adds {@code values} to the strings scrubbed from every page. */
    public DashboardConfig withSecrets(Collection<String> values) {
        TreeSet<String> all = new TreeSet<>(secrets);
        all.addAll(values);
        return new DashboardConfig(queues, domain, readOnly, credentials, all);
    }

    /** The values of the secret-looking variables of {@code env} (e.g. DATABASE_PASSWORD, GEMINI_API_KEY). */
    public static Set<String> secretsIn(Map<String, String> env) {
        TreeSet<String> out = new TreeSet<>();
        env.forEach((k, v) -> {
            if (SECRET_NAME.matcher(k.toUpperCase(java.util.Locale.ROOT)).matches()) {
                addSecret(out, v);
            }
        });
        return out;
    }

    private static void addSecret(Set<String> into, String s) {
        if (s != null && s.length() >= MIN_SECRET_LENGTH) {
            into.add(s);
        }
    }

    @Override
    public String toString() {
        return "DashboardConfig[" + queues.redis().host() + ":" + queues.redis().port() + " prefix " + queues.prefix()
                + (domain == null ? "" : ", with Postgres") + (readOnly ? ", read-only" : "") + ", " + credentials + "]";
    }
}
