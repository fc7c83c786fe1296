package dev.drover.bench;

import java.util.Arrays;
import java.util.List;

/** Nearest-rank percentiles and medians of small samples. */
final class Percentiles {

    private Percentiles() {
    }

    /** The p-th percentile (0 < p <= 100, nearest rank) of {@code values}; NaN when empty. Sorts a copy. */
    static double of(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** The median (mean of the middle two for even sizes) of the non-NaN values; NaN when there are none. */
    static double median(List<Double> values) {
        double[] v = values.stream().filter(d -> d != null && !d.isNaN()).mapToDouble(Double::doubleValue).sorted()
                .toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }
}
