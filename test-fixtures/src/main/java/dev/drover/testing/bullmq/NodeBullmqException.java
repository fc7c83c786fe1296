package dev.drover.testing.bullmq;

/**
 * Thrown when the Node driver reports an error (BullMQ threw), does not answer in time, or has exited.
 * {@link #nodeStack()} holds the JavaScript stack when BullMQ threw.
 */
public final class NodeBullmqException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String nodeStack;

    /** Creates the exception; {@code nodeStack} may be {@code null}. */
    public NodeBullmqException(String message, String nodeStack) {
        super(nodeStack == null ? message : message + "\n--- node stack ---\n" + nodeStack);
        this.nodeStack = nodeStack;
    }

    /** The JavaScript stack of the error BullMQ threw, or {@code null}. */
    public String nodeStack() {
        return nodeStack;
    }
}
