package dev.drover.queue;

import java.util.Map;

/**
 * A connected worker as CLIENT LIST shows it (BullMQ's getWorkers): a connection named {@code P:<base64(Q)>} or
 * {@code P:<base64(Q)>:w:<workerName>}.
 *
 * @param name     the worker name, or null for an unnamed worker
 * @param addr     the client address
 * @param ageSec   connection age in seconds
 * @param idleSec  seconds since its last command
 * @param fields   every CLIENT LIST field of the connection
 */
public record WorkerInfo(String name, String addr, long ageSec, long idleSec, Map<String, String> fields) {
}
