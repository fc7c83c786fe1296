package dev.drover.queue.internal.script;

import java.util.List;

/**
 * How an added job sits in a flow: its parent's key and {@code parent} field JSON (both "" for none), and the
 * full keys of the children it waits for (empty: it does not wait, it is ready or delayed at once).
 */
public record FlowLink(String parentKey, String parentJson, List<String> childKeys) {

    public static final FlowLink NONE = new FlowLink("", "", List.of());

    public FlowLink {
        childKeys = List.copyOf(childKeys);
    }
}
