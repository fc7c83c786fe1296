package dev.drover.dashboard.view;

/**
 * What every page's frame needs.
 *
 * @param title    the page title
 * @param base     where the dashboard is mounted ("" or "/admin/queues"): every link starts with it
 * @param section  the navigation entry to highlight: queues, certification, crm, gpu
 * @param csrf     the token every form carries
 * @param readOnly whether actions are hidden
 * @param server   "host:port prefix P" of Redis, never its password
 * @param domain   whether the Postgres pages exist
 * @param notice   a one-shot message from the last action, or null
 */
public record Page(String title, String base, String section, String csrf, boolean readOnly, String server,
                   boolean domain, String notice) {

    public Page titled(String t, String s) {
        return new Page(t, base, s, csrf, readOnly, server, domain, notice);
    }
}
