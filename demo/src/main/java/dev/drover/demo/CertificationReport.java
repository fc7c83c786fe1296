package dev.drover.demo;

import static dev.drover.db.generated.certification.Tables.CERTIFICATION_JOBS;
import static dev.drover.db.generated.certification.Tables.MODEL_CERTIFICATIONS;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.DSLContext;

/**
 * The certification results read from Postgres.
 *
 * @param byRegion region → rating ("-" when none) → certifications
 * @param items    every (model, region) certification
 * @param batches  every certification job
 */
record CertificationReport(Map<String, Map<String, Integer>> byRegion, List<Item> items, List<Batch> batches) {

    /** One {@code model_certifications} row. */
    record Item(String modelId, String region, String status, Boolean passed, String rating, String errorCategory) {
    }

    /** One {@code certification_jobs} row. */
    record Batch(String type, String status, int total, int processed, int success, int failure) {
    }

    static CertificationReport read(DSLContext dsl) {
        var mc = MODEL_CERTIFICATIONS;
        List<Item> items = dsl.select(mc.MODEL_ID, mc.REGION, mc.STATUS, mc.PASSED, mc.RATING, mc.ERROR_CATEGORY)
                .from(mc).orderBy(mc.REGION, mc.MODEL_ID).fetch()
                .map(r -> new Item(r.value1(), r.value2(), r.value3().getLiteral(), r.value4(), r.value5(), r.value6()));
        Map<String, Map<String, Integer>> byRegion = new TreeMap<>();
        for (Item i : items) {
            byRegion.computeIfAbsent(i.region(), k -> new TreeMap<>())
                    .merge(i.rating() == null ? "-" : i.rating(), 1, Integer::sum);
        }
        var cj = CERTIFICATION_JOBS;
        List<Batch> batches = dsl.select(cj.TYPE, cj.STATUS, cj.TOTAL_MODELS, cj.PROCESSED_MODELS, cj.SUCCESS_COUNT,
                        cj.FAILURE_COUNT).from(cj).orderBy(cj.CREATED_AT).fetch()
                .map(r -> new Batch(r.value1().getLiteral(), r.value2().getLiteral(), r.value3(), r.value4(),
                        r.value5(), r.value6()));
        return new CertificationReport(byRegion, items, batches);
    }

    /** The certification of {@code modelId} in {@code region}, if any. */
    Item item(String modelId, String region) {
        return items.stream().filter(i -> i.modelId().equals(modelId) && i.region().equals(region)).findFirst()
                .orElse(null);
    }

    long passed() {
        return items.stream().filter(i -> Boolean.TRUE.equals(i.passed())).count();
    }

    /** The table printed by the demo. */
    String render() {
        StringBuilder b = new StringBuilder("Certifications by region and rating\n");
        b.append(String.format("  %-16s %4s %4s %4s %4s %4s %4s %7s%n", "region", "A", "B", "C", "D", "F", "none", "passed"));
        for (var e : byRegion.entrySet()) {
            Map<String, Integer> r = e.getValue();
            long passedHere = items.stream().filter(i -> i.region().equals(e.getKey()) && Boolean.TRUE.equals(i.passed()))
                    .count();
            b.append(String.format("  %-16s %4d %4d %4d %4d %4d %4d %7d%n", e.getKey(), r.getOrDefault("A", 0),
                    r.getOrDefault("B", 0), r.getOrDefault("C", 0), r.getOrDefault("D", 0), r.getOrDefault("F", 0),
                    r.getOrDefault("-", 0), passedHere));
        }
        items.stream().filter(i -> i.errorCategory() != null).forEach(i -> b.append(String.format(
                "  not certified: %s in %s (%s)%n", i.modelId(), i.region(), i.errorCategory())));
        for (Batch x : batches) {
            b.append(String.format("  batch %s: %s, %d/%d processed, %d passed, %d failed%n", x.type(), x.status(),
                    x.processed(), x.total(), x.success(), x.failure()));
        }
        return b.toString();
    }
}
