package dev.drover.gpu.cli;

import dev.drover.gpu.images.BatchView;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code gpu-agent images status ID}: the batch's state and progress, one {@code key: value} per line. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show an image batch.")
public final class ImagesStatusCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "ID", description = "The batch id.")
    long id;

    @Override
    public Integer call() {
        try (JobsConnection c = new JobsConnection(client)) {
            Optional<BatchView> view = c.images.batch(id);
            if (view.isEmpty()) {
                System.err.println("gpu-agent images status: no image batch with id " + id);
                return 1;
            }
            BatchView v = view.get();
            System.out.printf("id: %d%nstatus: %s%nqueue: %s (%s)%nimages: %d%nstored: %d%ncompleted: %d%nfailed: %d%n"
                            + "error: %s%ncreated: %s%ncompleted at: %s%n", v.id(), v.status(), v.queueState(),
                    v.queueJobId(), v.total(), v.stored(), v.completed(), v.failed(), v.error(), v.createdAt(),
                    v.completedAt());
            return 0;
        }
    }
}
