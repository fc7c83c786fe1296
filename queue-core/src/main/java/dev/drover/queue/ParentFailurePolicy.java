package dev.drover.queue;

/**
 * What a child job of a flow does to its parent when it fails for good (no attempts left), in BullMQ's opts
 * encoding. With {@link #WAIT} (the default) the parent stays in waiting-children until someone retries or removes
 * the child.
 */
public enum ParentFailurePolicy {
    /** The parent stays waiting for this child. */
    WAIT(null),
    /** {@code fpof}: the parent fails (the next worker to take it fails it with "child &lt;key&gt; failed"). */
    FAIL_PARENT("fpof"),
    /** {@code cpof}: the parent runs at once; the failure shows in its ignored failures. */
    CONTINUE_PARENT("cpof"),
    /** {@code idof}: the dependency counts as done; the parent runs once the others finish; failure recorded. */
    IGNORE_DEPENDENCY("idof"),
    /** {@code rdof}: the dependency is dropped without a trace; the parent runs once the others finish. */
    REMOVE_DEPENDENCY("rdof");

    private final String optsKey;

    ParentFailurePolicy(String optsKey) {
        this.optsKey = optsKey;
    }

    /** The short key BullMQ stores in job opts and in the child's {@code parent} field; null for WAIT. */
    public String optsKey() {
        return optsKey;
    }
}
