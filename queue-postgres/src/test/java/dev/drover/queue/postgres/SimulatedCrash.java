package dev.drover.queue.postgres;

/**
 * An in-process stand-in for a process dying at a given point: an Error, so no code on the way out treats it as a
 * failure to record (a relay rolls its claim back, a worker's processor never returns normally).
 */
final class SimulatedCrash extends Error {

    SimulatedCrash(String where) {
        super(where);
    }
}
