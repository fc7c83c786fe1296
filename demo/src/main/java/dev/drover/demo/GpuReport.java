package dev.drover.demo;

import static dev.drover.db.generated.gpu.Tables.IMAGE_BATCHES;
import static dev.drover.db.generated.gpu.Tables.JOBS;
import static dev.drover.db.generated.gpu.Tables.TRANSACTIONS;
import static dev.drover.db.generated.gpu.Tables.USERS;

import dev.drover.db.generated.gpu.enums.TransactionType;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The GPU jobs, image batches and the credit ledger read from Postgres.
 *
 * @param jobs         every GPU job, oldest first
 * @param imageBatches every image batch
 * @param ledger       transaction type → total amount
 * @param userCredits  the users' credits now, summed
 */
record GpuReport(List<Job> jobs, List<ImageBatch> imageBatches, Map<TransactionType, BigDecimal> ledger,
                 BigDecimal userCredits) {

    /** One {@code gpu.jobs} row; {@code label} is its {@code params.label} (the demo names its jobs). */
    record Job(String id, String label, String type, String status, Integer exitCode, BigDecimal cost,
               BigDecimal reserved) {
    }

    /** One {@code gpu.image_batches} row. */
    record ImageBatch(long id, String status, int total, int completed, int failed) {
    }

    static GpuReport read(DSLContext dsl) {
        List<Job> jobs = dsl.select(JOBS.ID, DSL.field("{0}->>'label'", String.class, JOBS.PARAMS), JOBS.TYPE,
                        JOBS.STATUS, JOBS.EXIT_CODE, JOBS.COST, JOBS.RESERVED_AMOUNT)
                .from(JOBS).orderBy(JOBS.CREATED_AT).fetch()
                .map(r -> new Job(r.value1().toString(), r.value2(), r.value3().getLiteral(), r.value4().getLiteral(),
                        r.value5(), r.value6(), r.value7()));
        List<ImageBatch> batches = dsl.select(IMAGE_BATCHES.ID, IMAGE_BATCHES.STATUS, IMAGE_BATCHES.TOTAL_IMAGES,
                        IMAGE_BATCHES.COMPLETED_IMAGES, IMAGE_BATCHES.FAILED_IMAGES).from(IMAGE_BATCHES)
                .orderBy(IMAGE_BATCHES.ID).fetch()
                .map(r -> new ImageBatch(r.value1(), r.value2().getLiteral(), r.value3(), r.value4(), r.value5()));
        Map<TransactionType, BigDecimal> ledger = new EnumMap<>(TransactionType.class);
        for (TransactionType t : TransactionType.values()) {
            ledger.put(t, BigDecimal.ZERO);
        }
        dsl.select(TRANSACTIONS.TYPE, DSL.sum(TRANSACTIONS.AMOUNT)).from(TRANSACTIONS).groupBy(TRANSACTIONS.TYPE)
                .fetch().forEach(r -> ledger.put(r.value1(), r.value2()));
        BigDecimal credits = dsl.select(DSL.coalesce(DSL.sum(USERS.CREDITS), BigDecimal.ZERO)).from(USERS).fetchOne()
                .value1();
        return new GpuReport(jobs, batches, ledger, credits);
    }

    private BigDecimal leg(TransactionType t) {
        return ledger.getOrDefault(t, BigDecimal.ZERO);
    }

    /** Users' credits = deposits − debits + refunds: no credit appeared or vanished. */
    boolean creditsBalance() {
        return leg(TransactionType.DEPOSIT).subtract(leg(TransactionType.DEBIT)).add(leg(TransactionType.REFUND))
                .compareTo(userCredits) == 0;
    }

    /** Every debit is accounted for: refunded, earned by a provider, taken as fee, or still reserved by a live job. */
    boolean debitsBalance() {
        BigDecimal settled = leg(TransactionType.REFUND).add(leg(TransactionType.EARNING))
                .add(leg(TransactionType.PLATFORM_FEE));
        BigDecimal open = jobs.stream().filter(j -> !isFinal(j.status())).map(Job::reserved)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        return leg(TransactionType.DEBIT).compareTo(settled.add(open)) == 0;
    }

    static boolean isFinal(String status) {
        return status.equals("COMPLETED") || status.equals("FAILED") || status.equals("CANCELLED");
    }

    /** The job the demo labelled {@code label}, if any. */
    Job job(String label) {
        return jobs.stream().filter(j -> label.equals(j.label())).findFirst().orElse(null);
    }

    String render() {
        StringBuilder b = new StringBuilder("GPU jobs\n");
        b.append(String.format("  %-10s %-18s %-17s %-10s %5s %10s%n", "job", "label", "type", "status", "exit", "cost"));
        for (Job j : jobs) {
            b.append(String.format("  %-10s %-18s %-17s %-10s %5s %10s%n", j.id().substring(0, 8),
                    j.label() == null ? "-" : j.label(), j.type(), j.status(), j.exitCode() == null ? "-" : j.exitCode(),
                    j.cost() == null ? "-" : j.cost().toPlainString()));
        }
        for (ImageBatch i : imageBatches) {
            b.append(String.format("  image batch %d: %s, %d/%d images, %d failed%n", i.id(), i.status(), i.completed(),
                    i.total(), i.failed()));
        }
        b.append("  ledger:");
        ledger.forEach((t, v) -> b.append(' ').append(t.getLiteral()).append(' ').append(v.toPlainString()));
        b.append(String.format("%n  user credits now %s; balanced: %s%n", userCredits.toPlainString(),
                creditsBalance() && debitsBalance() ? "yes" : "NO"));
        return b.toString();
    }
}
