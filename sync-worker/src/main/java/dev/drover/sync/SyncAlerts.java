package dev.drover.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.db.generated.lead_sync.enums.AlertLevel;
import dev.drover.sync.store.AlertStore;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's alert thresholds, checked after every run attempt inside its final transaction. Each alert becomes a
 * {@code system_alerts} row and a WARN log line:
 * <ul>
 *   <li>{@code low_success_rate}: success rate below {@link #MIN_SUCCESS_RATE} %;
 *   <li>{@code slow_run}: the attempt took longer than {@link #MAX_RUN_TIME};
 *   <li>{@code consecutive_failures}: more than {@link #MAX_CONSECUTIVE_FAILURES} failed attempts in a row, raised once
 *       when the segment is switched to status {@code error};
 *   <li>{@code authentication_failed} (critical): the CRM refused the token or the instance (401/403), raised on the
 *       first such failure: no retry can succeed until someone fixes the configuration.
 * </ul>
 */
final class SyncAlerts {

    static final BigDecimal MIN_SUCCESS_RATE = BigDecimal.valueOf(95);
    static final Duration MAX_RUN_TIME = Duration.ofMinutes(10);
    static final int MAX_CONSECUTIVE_FAILURES = 5;

    private static final Logger LOG = LoggerFactory.getLogger(SyncAlerts.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlertStore alerts;

    SyncAlerts(AlertStore alerts) {
        this.alerts = alerts;
    }

    /** {@code consecutiveFailures} is the count after this attempt (0 after a success). */
    void check(DSLContext tx, SyncRequest req, SyncStats stats, Duration took, int consecutiveFailures, Instant now) {
        long segment = req.segmentId();
        if (stats.processed() > 0 && stats.successRate().compareTo(MIN_SUCCESS_RATE) < 0) {
            raise(tx, req, AlertLevel.warning, "low_success_rate", "segment " + segment + ": success rate "
                    + stats.successRate() + " % is below " + MIN_SUCCESS_RATE + " % (" + stats.errors() + " of "
                    + stats.processed() + " leads failed)", Map.of("successRate", stats.successRate(), "stats", stats), now);
        }
        if (took.compareTo(MAX_RUN_TIME) > 0) {
            raise(tx, req, AlertLevel.warning, "slow_run", "segment " + segment + ": run took " + took.toSeconds()
                    + " s, more than " + MAX_RUN_TIME.toMinutes() + " min", Map.of("durationSeconds", took.toSeconds()), now);
        }
        if (consecutiveFailures == MAX_CONSECUTIVE_FAILURES + 1) {
            raise(tx, req, AlertLevel.critical, "consecutive_failures", "segment " + segment + ": "
                    + consecutiveFailures + " consecutive failures; status set to error, no longer scheduled until resumed",
                    Map.of("consecutiveFailures", consecutiveFailures), now);
        }
    }

    /** The CRM refused the credentials: {@code message} names the call with its token redacted. */
    void authenticationFailed(DSLContext tx, SyncRequest req, String message, Instant now) {
        raise(tx, req, AlertLevel.critical, "authentication_failed", "segment " + req.segmentId()
                + ": SprintHub refused the credentials; fix SPRINTHUB_API_TOKEN / SPRINTHUB_INSTANCE: " + message,
                Map.of("reason", message), now);
    }

    private void raise(DSLContext tx, SyncRequest req, AlertLevel level, String type, String message,
                       Map<String, Object> details, Instant now) {
        String json = JSON.valueToTree(details).toString();
        if (alerts.raise(tx, new AlertStore.Alert(req.segmentId(), req.runId(), level, type, message, json), now)) {
            LOG.warn("ALERT {} [{}] run {}: {}", type, level, req.runId(), message);
        }
    }
}
