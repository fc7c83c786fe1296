package dev.drover.queue.postgres;

import org.jooq.DSLContext;

/** jOOQ transactions that hand a checked exception of the body back as it was thrown, not wrapped by jOOQ. */
final class Transactions {

    @FunctionalInterface
    interface Body<T> {
        T run(DSLContext tx) throws Exception;
    }

    private Transactions() {
    }

    static <T> T inTransaction(DSLContext dsl, Body<T> body) throws Exception {
        try {
            return dsl.transactionResult(cfg -> {
                try {
                    return body.run(cfg.dsl());
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new Checked(e);
                }
            });
        } catch (Checked c) {
            throw (Exception) c.getCause();
        }
    }

    /** Carries a checked exception out of jOOQ's transaction (which rolls back on it) untouched. */
    private static final class Checked extends RuntimeException {
        Checked(Exception cause) {
            super(cause);
        }
    }
}
