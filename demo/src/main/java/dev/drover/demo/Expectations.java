package dev.drover.demo;

import dev.drover.testing.sim.bedrock.SimModel;
import java.util.ArrayList;
import java.util.List;

/**
 * What the demo's workload must have produced, checked against what Postgres (and the CRM simulator) say. Only the
 * parts that were submitted are checked; a missing daemon's part is reported by {@link Workload}, never passed.
 */
final class Expectations {

    private final DemoSize size;
    private final Simulators sims;

    Expectations(DemoSize size, Simulators sims) {
        this.size = size;
        this.sims = sims;
    }

    /** Every active catalog model × every region. */
    int certificationItems() {
        return (int) SimModel.defaultCatalog().stream().filter(SimModel::active).count() * size.regions().size();
    }

    /** True when every submitted part has reached its end (successfully or not). */
    boolean settled(Report r, Workload workload) {
        boolean cert = !submitted(workload, "certification batch") || r.certification().batches().stream()
                .allMatch(b -> b.status().equals("COMPLETED") || b.status().equals("FAILED")
                        || b.status().equals("CANCELLED")) && !r.certification().batches().isEmpty();
        boolean sync = !submitted(workload, "CRM segment " + Simulators.SEGMENT_A)
                || (!r.sync().successes(Simulators.SEGMENT_A).isEmpty()
                && !r.sync().successes(Simulators.SEGMENT_B).isEmpty());
        boolean gpu = r.gpu().jobs().stream().allMatch(j -> GpuReport.isFinal(j.status()))
                && r.gpu().imageBatches().stream().allMatch(b -> b.status().equals("completed")
                || b.status().equals("failed"));
        return cert && sync && gpu;
    }

    List<Check> check(Report r, Workload workload) {
        List<Check> checks = new ArrayList<>();
        workload.parts().stream().filter(p -> !p.submitted())
                .forEach(p -> checks.add(Check.of(p.name() + " ran", false, p.detail())));
        if (submitted(workload, "certification batch")) {
            certification(r.certification(), checks);
        }
        if (submitted(workload, "CRM segment " + Simulators.SEGMENT_A)) {
            sync(r.sync(), checks);
        }
        if (submitted(workload, "GPU training (succeeds)")) {
            gpu(r.gpu(), checks);
        }
        if (submitted(workload, GpuWorkload.IMAGE_BATCH)) {
            var batches = r.gpu().imageBatches();
            checks.add(Check.of("image batch completed, every image stored", batches.size() == 1
                    && batches.getFirst().status().equals("completed")
                    && batches.getFirst().completed() == GpuWorkload.IMAGE_COUNT, batches));
            var requests = sims.gemini().requests();
            checks.add(Check.of("the reference image was fetched and sent with every image request",
                    !requests.isEmpty() && requests.stream().allMatch(q -> q.inlineImages() == 1),
                    requests.size() + " Gemini requests"));
        }
        return checks;
    }

    private void certification(CertificationReport c, List<Check> checks) {
        int items = certificationItems();
        checks.add(Check.of("one ALL_MODELS batch, COMPLETED", c.batches().size() == 1
                && c.batches().getFirst().status().equals("COMPLETED"), c.batches()));
        if (!c.batches().isEmpty()) {
            var b = c.batches().getFirst();
            checks.add(Check.of("batch counted each (model, region) exactly once", b.total() == items
                    && b.processed() == items && b.success() + b.failure() == items,
                    b.processed() + "/" + b.total() + " processed, expected " + items));
        }
        checks.add(Check.of("a certification per (model, region)", c.items().size() == items, c.items().size()));
        var throttled = c.item(Simulators.THROTTLED_MODEL, size.regions().getFirst());
        checks.add(Check.of("throttled model certified after retries", throttled != null
                && Boolean.TRUE.equals(throttled.passed()), throttled));
        var unavailable = c.item(Simulators.UNAVAILABLE_MODEL, size.regions().getLast());
        checks.add(Check.of("unavailable model not certified, with a category", unavailable != null
                && !Boolean.TRUE.equals(unavailable.passed()) && unavailable.errorCategory() != null, unavailable));
    }

    private void sync(SyncReport s, List<Check> checks) {
        checks.add(Check.of("segment " + Simulators.SEGMENT_A + " synced all leads",
                s.leads().getOrDefault(Simulators.SEGMENT_A, 0) == size.leadsA()
                        && !s.successes(Simulators.SEGMENT_A).isEmpty(),
                s.leads().getOrDefault(Simulators.SEGMENT_A, 0) + "/" + size.leadsA() + " leads"));
        checks.add(Check.of("segment " + Simulators.SEGMENT_B + " synced all leads",
                s.leads().getOrDefault(Simulators.SEGMENT_B, 0) == size.leadsB()
                        && !s.successes(Simulators.SEGMENT_B).isEmpty(),
                s.leads().getOrDefault(Simulators.SEGMENT_B, 0) + "/" + size.leadsB() + " leads"));
        long failingRequests = sims.crm().pagesRequested(Simulators.SEGMENT_B).stream()
                .filter(p -> p == size.failingPage()).count();
        checks.add(Check.of("failing page " + size.failingPage() + " retried until it succeeded",
                failingRequests >= Simulators.FAILING_PAGE_FAULTS + 1, "requested " + failingRequests + " times"));
    }

    private void gpu(GpuReport g, List<Check> checks) {
        var ok = g.job("train-ok");
        checks.add(Check.of("training job COMPLETED, exit 0, billed", ok != null && ok.status().equals("COMPLETED")
                && Integer.valueOf(0).equals(ok.exitCode()) && ok.cost() != null && ok.cost().signum() > 0, ok));
        var fail = g.job("train-fail");
        checks.add(Check.of("failing job FAILED with exit 3", fail != null && fail.status().equals("FAILED")
                && Integer.valueOf(3).equals(fail.exitCode()), fail));
        var cancel = g.job("train-cancel");
        checks.add(Check.of("cancelled job CANCELLED", cancel != null && cancel.status().equals("CANCELLED"), cancel));
        checks.add(Check.of("ledger balances (no credit appeared or vanished)", g.creditsBalance() && g.debitsBalance(),
                g.ledger() + ", user credits " + g.userCredits()));
    }

    private static boolean submitted(Workload workload, String name) {
        return workload.parts().stream().anyMatch(p -> p.name().equals(name) && p.submitted());
    }
}
