package org.cpebridge.zigbee;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** The inbox keeps per-topic order, bounds each topic's backlog and lets the latest message win. */
class InboxTest {

    /** Runs tasks only when the test says so, like a busy adapter executor. */
    private static final class HeldExecutor implements Executor {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            while (!tasks.isEmpty()) {
                tasks.poll().run();
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keepsOrderPerTopic() {
        HeldExecutor executor = new HeldExecutor();
        List<String> seen = new ArrayList<>();
        Inbox inbox = new Inbox(executor, (topic, payload) -> seen.add(topic + "=" + new String(payload,
                StandardCharsets.UTF_8)), 8, 16);
        inbox.offer("a", bytes("1"));
        inbox.offer("b", bytes("1"));
        inbox.offer("a", bytes("2"));
        executor.runAll();
        assertEquals(List.of("a=1", "a=2", "b=1"), seen);
        assertEquals(0, inbox.queued());
    }

    @Test
    void aFloodOnOneTopicIsBoundedAndTheLatestWins() {
        HeldExecutor executor = new HeldExecutor();
        List<String> seen = new ArrayList<>();
        Inbox inbox = new Inbox(executor, (topic, payload) -> seen.add(new String(payload, StandardCharsets.UTF_8)),
                8, 16);
        for (int i = 0; i < 10_000; i++) {
            inbox.offer("plug", bytes(Integer.toString(i)));
        }
        assertEquals(8, inbox.queued());
        assertEquals(1, executor.tasks.size(), "one drain task, not one per message");
        executor.runAll();
        assertEquals(List.of("9992", "9993", "9994", "9995", "9996", "9997", "9998", "9999"), seen);
        assertEquals(9_992, inbox.dropped());
        assertEquals(8, inbox.maxQueued());
    }

    @Test
    void tooManyTopicsDropNewOnes() {
        HeldExecutor executor = new HeldExecutor();
        List<String> seen = new ArrayList<>();
        Inbox inbox = new Inbox(executor, (topic, payload) -> seen.add(topic), 4, 2);
        inbox.offer("a", bytes("x"));
        inbox.offer("b", bytes("x"));
        inbox.offer("c", bytes("x"));
        executor.runAll();
        assertEquals(List.of("a", "b"), seen);
        inbox.offer("c", bytes("x"));
        executor.runAll();
        assertTrue(seen.contains("c"), "accepted again once the backlog drained");
    }

    @Test
    void longBacklogsYieldTheExecutor() {
        HeldExecutor executor = new HeldExecutor();
        List<String> seen = new ArrayList<>();
        Inbox inbox = new Inbox(executor, (topic, payload) -> seen.add(topic), 100, 16);
        for (int i = 0; i < 40; i++) {
            inbox.offer("a", bytes("x"));
        }
        inbox.offer("b", bytes("x"));
        executor.tasks.poll().run();
        // The first drain handled a batch of 32, then queued itself behind b's drain.
        assertEquals(32, seen.size());
        executor.runAll();
        assertEquals("b", seen.get(32));
        assertEquals(41, seen.size());
    }
}
