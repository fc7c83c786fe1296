package dev.drover.queue.internal.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.queue.Deduplication;
import dev.drover.queue.JobOptions;
import dev.drover.queue.KeepJobs;
import java.time.Duration;
import java.util.List;
import dev.drover.queue.QueueException;
import dev.drover.queue.internal.keys.QueueKeys;
import org.junit.jupiter.api.Test;

/** Argument building, without Redis. */
class ScriptsTest {

    private final Scripts scripts = new Scripts(new QueueKeys("bull", "mail"));

    @Test
    void addJobPassesKeysInTheHeaderOrderAndPlainStringArgs() {
        JobOptions o = JobOptions.builder().priority(5).lifo(true)
                .deduplication(new Deduplication("seg-1", Duration.ofSeconds(2), true, false)).build();
        ScriptCall c = scripts.addJob(null, "send", "{\"to\":1}", "{}", 1000, o,
                new FlowLink("bull:p:9", "{}", List.of("bull:c:1")));
        assertThat(c.keys()).containsExactly("bull:mail:wait", "bull:mail:paused", "bull:mail:meta", "bull:mail:id",
                "bull:mail:delayed", "bull:mail:prioritized", "bull:mail:pc", "bull:mail:marker", "bull:mail:events",
                "bull:mail:waiting-children");
        assertThat(c.args()).containsExactly("bull:mail:", "", "send", "{\"to\":1}", "{}", "1000", "0", "5", "1",
                "seg-1", "2000", "1", "0", "bull:p:9", "{}", "[\"bull:c:1\"]");
    }

    @Test
    void moveToFinishedTargetsTheRightSetAndEncodesKeepJobs() {
        Finish f = new Finish("7", "tok:1", 5000, false, "boom", "[]", KeepJobs.ageAndCount(60, 10), true, 0);
        ScriptCall c = scripts.moveToFinished(f, new FetchArgs("tok:2", 30000, "w1", 0, 0));
        assertThat(c.keys().subList(11, 14)).containsExactly("bull:mail:failed", "bull:mail:7",
                "bull:mail:metrics:failed");
        assertThat(c.args()).containsExactly("bull:mail:", "7", "tok:1", "5000", "failed", "boom", "[]", "10", "60",
                "1", "30000", "w1", "0", "0", "0", "1", "tok:2");
    }

    @Test
    void finishBatchCarriesEachFinishsOwnArgumentsAndBothFinishedSets() {
        ScriptCall done = scripts.moveToFinished(new Finish("7", "t1", 5000, true, "1", "", KeepJobs.KEEP_ALL, false, 0),
                new FetchArgs("t2", 30000, "w1", 0, 0));
        ScriptCall failed = scripts.moveToFinished(new Finish("8", "t3", 5001, false, "boom", "[]",
                KeepJobs.ageAndCount(60, 10), true, 0), null);
        ScriptCall batch = scripts.finishBatch(List.of(done, failed), false);
        assertThat(batch.script().toString()).isEqualTo("finishBatch-15");
        assertThat(batch.keys().subList(11, 15)).containsExactly("bull:mail:completed", "bull:mail:failed",
                "bull:mail:metrics:completed", "bull:mail:metrics:failed");
        assertThat(batch.args().subList(0, 2)).containsExactly("bull:mail:", "0");
        assertThat(batch.args().subList(2, 18)).isEqualTo(done.args().subList(1, 17));
        assertThat(batch.args().subList(18, 34)).isEqualTo(failed.args().subList(1, 17));
        assertThat(scripts.finishBatch(List.of(done), true).args().get(1)).isEqualTo("1");
        ScriptCall otherQueue = new Scripts(new QueueKeys("bull", "other")).moveToFinished(
                new Finish("7", "t1", 5000, true, "1", "", KeepJobs.KEEP_ALL, false, 0), null);
        assertThatThrownBy(() -> scripts.finishBatch(List.of(done, otherQueue), false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> scripts.finishBatch(List.of(scripts.retryJob("7", "t1", "r", "[]", false, 1)), false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void singleJobChangesPassTheJobKeyFirst() {
        ScriptCall delay = scripts.changeDelay("7", 1500, 1000);
        assertThat(delay.keys()).containsExactly("bull:mail:7", "bull:mail:delayed", "bull:mail:meta",
                "bull:mail:marker", "bull:mail:events");
        assertThat(delay.args()).containsExactly("7", "1500", "1000");
        ScriptCall prio = scripts.changePriority("7", 3, true);
        assertThat(prio.keys()).containsExactly("bull:mail:7", "bull:mail:wait", "bull:mail:prioritized",
                "bull:mail:pc", "bull:mail:meta", "bull:mail:marker", "bull:mail:active");
        assertThat(prio.args()).containsExactly("7", "3", "1");
        assertThat(scripts.updateData("7", "{}").keys()).containsExactly("bull:mail:7");
    }

    @Test
    void removalCallsPassKeysAndArgsInTheHeaderOrder() {
        ScriptCall remove = scripts.removeJob("7", true);
        assertThat(remove.keys()).containsExactly("bull:mail:7", "bull:mail:repeat");
        assertThat(remove.args()).containsExactly("7", "1", "bull:mail:");
        ScriptCall drain = scripts.drainPage("delayed", false, 3, 1000);
        assertThat(drain.keys()).containsExactly("bull:mail:delayed", "bull:mail:repeat");
        assertThat(drain.args()).containsExactly("bull:mail:", "zset", "3", "1000");
        ScriptCall clean = scripts.cleanPage("bull:mail:wait", "wait", 5000, 1000, 10, 2, 4);
        assertThat(clean.keys()).containsExactly("bull:mail:wait", "bull:mail:events", "bull:mail:meta",
                "bull:mail:repeat");
        assertThat(clean.args()).containsExactly("bull:mail:", "5000", "wait", "1000", "10", "2", "4");
        assertThat(scripts.requeueJob("7", "failed", true).args()).containsExactly("bull:mail:", "7", "failed", "1");
    }

    @Test
    void workerKeysAreElevenInTheIncludeOrder() {
        assertThat(new QueueKeys("bull", "q").workerKeys()).hasSize(11).startsWith("bull:q:wait", "bull:q:active")
                .endsWith("bull:q:pc", "bull:q:marker");
    }

    @Test
    void clientNameIsPrefixAndBase64QueueName() {
        assertThat(new QueueKeys("bull", "mail").clientName()).isEqualTo("bull:bWFpbA==");
    }

    @Test
    void negativeRepliesMapToTypedExceptions() {
        assertThat(ScriptError.of(-6L)).isEqualTo(ScriptError.LOCK_MISMATCH);
        // BullMQ's ErrorCode numbers; Drover's own replies start at -20
        assertThat(ScriptError.of(-4L)).isEqualTo(ScriptError.PENDING_CHILDREN);
        assertThat(ScriptError.of(-9L)).isEqualTo(ScriptError.FAILED_CHILDREN);
        assertThat(ScriptError.of(-20L)).isEqualTo(ScriptError.JOB_LOCKED);
        assertThat(ScriptError.of("5")).isNull();
        assertThatThrownBy(() -> ScriptError.check(-2L, "moveToFinished", "9"))
                .isInstanceOf(QueueException.class).hasMessageContaining("job 9")
                .extracting(e -> ((QueueException) e).kind()).isEqualTo(QueueException.Kind.LOCK_MISSING);
    }
}
