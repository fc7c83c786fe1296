package dev.drover.queue.parity;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Delta debugging (ddmin over complements) of a failing operation sequence: drops chunks of steps, halving the chunk
 * size when no chunk can go, while the run still shows the same divergence. Ends at a sequence from which no single
 * step can be dropped, or when the run budget is spent (then the shortest sequence found so far).
 */
final class Shrinker {

    private Shrinker() {
    }

    static List<Op> shrink(List<Op> ops, Predicate<List<Op>> stillFails, int budget) {
        List<Op> current = new ArrayList<>(ops);
        int n = 2;
        int runs = 0;
        while (current.size() >= 2 && runs < budget) {
            int chunk = (int) Math.ceil(current.size() / (double) n);
            boolean reduced = false;
            for (int start = 0; start < current.size() && runs < budget; start += chunk) {
                List<Op> complement = new ArrayList<>(current.subList(0, start));
                complement.addAll(current.subList(Math.min(start + chunk, current.size()), current.size()));
                runs++;
                if (!complement.isEmpty() && stillFails.test(complement)) {
                    current = complement;
                    n = Math.max(n - 1, 2);
                    reduced = true;
                    break;
                }
            }
            if (!reduced) {
                if (chunk == 1) {
                    break;
                }
                n = Math.min(n * 2, current.size());
            }
        }
        return current;
    }
}
