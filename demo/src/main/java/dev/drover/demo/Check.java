package dev.drover.demo;

/**
 * One expectation of the demo and whether the run met it.
 *
 * @param what   the expectation, in words
 * @param ok     met
 * @param detail what was found
 */
record Check(String what, boolean ok, String detail) {

    static Check of(String what, boolean ok, Object detail) {
        return new Check(what, ok, String.valueOf(detail));
    }

    String render() {
        return (ok ? "  ok    " : "  FAIL  ") + what + " (" + detail + ")";
    }
}
