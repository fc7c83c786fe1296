package dev.drover.sync.crm;

/** SprintHub refused the token or the instance (401/403): no retry can help until the configuration is fixed. */
public final class SprintHubAuthException extends SprintHubException {

    public SprintHubAuthException(String message, int status, int attempts) {
        super(message, status, attempts, false, null);
    }
}
