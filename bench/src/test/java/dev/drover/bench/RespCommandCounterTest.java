package dev.drover.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RespCommandCounterTest {

    private static final String TWO_COMMANDS = "*3\r\n$3\r\nSET\r\n$1\r\n*\r\n$4\r\n\r\n*2\r\n"
            + "*2\r\n$4\r\nPING\r\n$0\r\n\r\n";

    @Test
    void countsArraysWhoseBulkStringsLookLikeHeaders() {
        AtomicLong n = new AtomicLong();
        byte[] bytes = TWO_COMMANDS.getBytes(StandardCharsets.UTF_8);
        new RespCommandCounter(n).feed(bytes, bytes.length);
        assertThat(n.get()).isEqualTo(2);
    }

    @Test
    void countsTheSameWhenFedOneByteAtATime() {
        AtomicLong n = new AtomicLong();
        RespCommandCounter counter = new RespCommandCounter(n);
        for (byte b : (TWO_COMMANDS + "PING\r\n").getBytes(StandardCharsets.UTF_8)) {
            counter.feed(new byte[] {b}, 1);
        }
        assertThat(n.get()).isEqualTo(3);
    }
}
