package dev.drover.sync.crm;

/** A lead in a CRM answer cannot be stored (no numeric id, an unreadable date); the run counts it as an error. */
public final class InvalidLeadException extends RuntimeException {

    public InvalidLeadException(String message) {
        super(message);
    }
}
