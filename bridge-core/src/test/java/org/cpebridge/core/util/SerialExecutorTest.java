package org.cpebridge.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

    @Test
    void runsTasksInOrderOnTheDelegate() {
        List<Integer> ran = new ArrayList<>();
        SerialExecutor serial = new SerialExecutor(Runnable::run, "test");
        for (int i = 0; i < 100; i++) {
            int n = i;
            serial.execute(() -> ran.add(n));
        }
        assertEquals(100, ran.size());
        assertEquals(List.of(0, 1, 2), ran.subList(0, 3));
        assertEquals(0, serial.queued());
    }

    /** Issue 23: a task that died of an Error (an OutOfMemoryError) left the executor deaf to every later task. */
    @Test
    void theTaskAfterOneThatThrowsAnErrorStillRuns() {
        List<String> ran = new ArrayList<>();
        SerialExecutor serial = new SerialExecutor(Runnable::run, "test");
        serial.execute(() -> {
            throw new OutOfMemoryError("injected");
        });
        serial.execute(() -> ran.add("after an Error"));
        serial.execute(() -> {
            throw new IllegalStateException("injected");
        });
        serial.execute(() -> ran.add("after a RuntimeException"));
        assertEquals(List.of("after an Error", "after a RuntimeException"), ran);
    }
}
