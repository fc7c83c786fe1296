package dev.drover.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.gpu.agent.GpuAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The allocator alone: whole requests or nothing, never a held GPU, each lease given back once. */
class GpuAllocatorTest {

    @Test
    void handsOutTheLowestFreeGpusAndNothingWhenTooFewAreFree() {
        GpuAllocator gpus = new GpuAllocator(List.of(0, 1, 2, 3));
        var two = gpus.tryAcquire(2).orElseThrow();
        var one = gpus.tryAcquire(1).orElseThrow();

        assertThat(two.gpus()).containsExactly(0, 1);
        assertThat(one.gpus()).containsExactly(2);
        assertThat(gpus.tryAcquire(2)).isEmpty();
        assertThat(gpus.free()).isEqualTo(1);

        two.close();
        two.close(); // a second close must not free GPUs that another job may hold by then
        assertThat(gpus.free()).isEqualTo(3);
        assertThat(gpus.tryAcquire(3).orElseThrow().gpus()).containsExactly(0, 1, 3);
        assertThat(gpus.free()).isZero();
    }

    @Test
    void tellsItsListenerOfEveryChangeAndRefusesNonsense() {
        GpuAllocator gpus = new GpuAllocator(List.of(4, 5));
        List<Boolean> events = new ArrayList<>();
        gpus.listener(events::add);

        gpus.tryAcquire(1).orElseThrow().close();
        gpus.tryAcquire(3);

        assertThat(events).containsExactly(false, true);
        assertThatThrownBy(() -> gpus.tryAcquire(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GpuAllocator(List.of(0, 0))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomAcquiresAndReleasesNeverShareAGpu() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        GpuAllocator gpus = new GpuAllocator(List.of(0, 1, 2, 3, 4, 5, 6, 7));
        List<GpuAllocator.Lease> held = new ArrayList<>();
        for (int step = 0; step < 2_000; step++) {
            if (!held.isEmpty() && random.nextBoolean()) {
                held.remove(random.nextInt(held.size())).close();
            } else {
                int want = 1 + random.nextInt(4);
                int freeBefore = gpus.free();
                var lease = gpus.tryAcquire(want);
                assertThat(lease.isPresent()).as("seed %d step %d: %d wanted, %d free", seed, step, want, freeBefore)
                        .isEqualTo(want <= freeBefore);
                lease.ifPresent(held::add);
            }
            List<Integer> inUse = held.stream().flatMap(l -> l.gpus().stream()).toList();
            assertThat(inUse).as("seed %d step %d", seed, step).doesNotHaveDuplicates();
            assertThat(gpus.free()).as("seed %d step %d", seed, step).isEqualTo(8 - inUse.size());
        }
    }
}
