package dev.drover.demo;

import java.util.List;

/**
 * How big the demo's workload is.
 *
 * @param regions          the regions of the ALL_MODELS certification batch
 * @param leadsA           leads in the first CRM segment
 * @param leadsB           leads in the second CRM segment (the one with a failing page)
 * @param pageSize         leads per CRM page
 * @param failingPage      the page of segment B that fails (twice) before it succeeds
 * @param trainingSeconds  how long a successful training job runs
 * @param images           images in the image batch
 */
record DemoSize(String name, List<String> regions, int leadsA, int leadsB, int pageSize, int failingPage,
                double trainingSeconds, int images) {

    /** What {@code ./demo.sh} runs: thousands of leads over dozens of pages. */
    static final DemoSize FULL = new DemoSize("full", List.of("us-east-1", "us-west-2", "eu-west-1"),
            3_000, 2_000, 100, 7, 3, 4);

    /** For the test suite: the same shape, smaller. */
    static final DemoSize SMALL = new DemoSize("small", List.of("us-east-1", "us-west-2", "eu-west-1"),
            450, 300, 50, 2, 1, 2);

    static DemoSize named(String name) {
        return switch (name) {
            case "full" -> FULL;
            case "small" -> SMALL;
            default -> throw new IllegalArgumentException("unknown size '" + name + "' (full or small)");
        };
    }

    int pagesA() {
        return (leadsA + pageSize - 1) / pageSize;
    }

    int pagesB() {
        return (leadsB + pageSize - 1) / pageSize;
    }
}
