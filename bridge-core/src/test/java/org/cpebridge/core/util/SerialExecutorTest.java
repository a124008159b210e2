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

    @Test
    void anIdleExecutorRunsTheTaskInlineAndHandsWhatItQueuedToTheDelegate() {
        List<Runnable> handedOver = new ArrayList<>();
        List<String> ran = new ArrayList<>();
        SerialExecutor serial = new SerialExecutor(handedOver::add, "test");
        Thread caller = Thread.currentThread();
        boolean inline = serial.runInlineIfIdle(() -> {
            ran.add(Thread.currentThread() == caller ? "inline on the caller" : "elsewhere");
            serial.execute(() -> ran.add("queued by the inline task"));
            assertEquals(List.of(), handedOver, "nothing runs beside the inline task");
        });
        assertEquals(true, inline);
        assertEquals(List.of("inline on the caller"), ran);
        assertEquals(1, handedOver.size(), "what it queued went to the delegate when it returned");
        handedOver.remove(0).run();
        assertEquals(List.of("inline on the caller", "queued by the inline task"), ran);
        assertEquals(true, serial.runInlineIfIdle(() -> ran.add("inline again")), "idle again");
    }

    @Test
    void aBusyExecutorQueuesTheTaskBehindTheOthers() {
        List<Runnable> handedOver = new ArrayList<>();
        List<String> ran = new ArrayList<>();
        SerialExecutor serial = new SerialExecutor(handedOver::add, "test");
        serial.execute(() -> ran.add("first"));
        assertEquals(false, serial.runInlineIfIdle(() -> ran.add("second")));
        assertEquals(List.of(), ran);
        handedOver.remove(0).run();
        assertEquals(List.of("first", "second"), ran);
        assertEquals(List.of(), handedOver);
    }

    @Test
    void anInlineTaskThatThrowsLeavesTheExecutorUsable() {
        List<String> ran = new ArrayList<>();
        SerialExecutor serial = new SerialExecutor(Runnable::run, "test");
        assertEquals(true, serial.runInlineIfIdle(() -> {
            throw new IllegalStateException("injected");
        }));
        serial.execute(() -> ran.add("after"));
        assertEquals(List.of("after"), ran);
    }
}
