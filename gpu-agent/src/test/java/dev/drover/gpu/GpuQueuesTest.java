package dev.drover.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import dev.drover.testing.bullmq.NodeBullmq;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A GPU model's queue is one a Node service on stock bullmq can open: bullmq refuses queue names with a ':'. */
@ExtendWith(RedisExtension.class)
class GpuQueuesTest {

    @ParameterizedTest
    @EnumSource(NodeBullmq.Version.class)
    void nodeBullmqOpensAModelQueueAndSeesItsJobs(NodeBullmq.Version version, TestRedis redis) {
        String name = GpuQueues.forModel("NVIDIA H100 80GB HBM3");
        QueueOptions options = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        String id;
        try (Queue queue = new Queue(name, options)) {
            id = queue.add(GpuQueues.JOB_NAME, Map.of("jobId", "00000000-0000-0000-0000-000000000001"));
        }

        try (NodeBullmq node = NodeBullmq.start(version)) {
            assertThat(node.queue(redis.url(), redis.prefix(), name).getJobState(id)).isEqualTo("waiting");
        }
        assertThat(name).isEqualTo("gpu-jobs.nvidia-h100-80gb-hbm3");
    }
}
