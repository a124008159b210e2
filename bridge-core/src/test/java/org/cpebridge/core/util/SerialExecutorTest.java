package org.cpebridge.core.util;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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

    /**
     * The service stops the shared pool after its faces and adapters: a drain still running then (more than one
     * batch of tasks queued) cannot hand the rest over. It used to throw RejectedExecutionException out of the pool's
     * thread (on the bridge's output at SIGTERM with 200 DECT plugs); the pool is stopping for good, so what is left
     * is dropped, and the executor is idle and consistent afterwards.
     */
    @Test
    void aDrainThatThePoolShuttingDownCutsOffDropsTheRestAndThrowsNothing() {
        List<Runnable> drains = new ArrayList<>();
        AtomicBoolean shutDown = new AtomicBoolean();
        Executor pool = task -> {
            if (shutDown.get()) {
                throw new RejectedExecutionException("pool is shutting down");
            }
            drains.add(task);
        };
        SerialExecutor serial = new SerialExecutor(pool, "test");
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            serial.execute(ran::incrementAndGet);
        }
        assertEquals(1, drains.size(), "one drain for the whole queue");
        shutDown.set(true);

        assertDoesNotThrow(() -> drains.get(0).run(), "a drain never throws into the pool's thread");
        assertTrue(ran.get() > 0 && ran.get() < 100, "the first batch ran, the rest could not: " + ran.get());
        assertEquals(0, serial.queued(), "what the stopped pool cannot run is dropped");
        assertFalse(serial.inExecutor());
        assertTrue(serial.runNowIfIdle(ran::incrementAndGet), "idle afterwards, not stuck as running");
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
    void anIdleExecutorRunsATaskOnTheCallingThreadAndWhatItSubmitsOnTheDelegateAfterIt() {
        List<String> ran = new ArrayList<>();
        List<Runnable> delegated = new ArrayList<>();
        SerialExecutor serial = new SerialExecutor(delegated::add, "test");
        Thread caller = Thread.currentThread();
        assertFalse(serial.inExecutor());
        assertTrue(serial.runNowIfIdle(() -> {
            ran.add("inline on " + (Thread.currentThread() == caller ? "caller" : "other"));
            assertTrue(serial.inExecutor());
            serial.execute(() -> ran.add("submitted by it"));
            ran.add("inline done");
        }));
        assertFalse(serial.inExecutor());
        assertEquals(List.of("inline on caller", "inline done"), ran);
        assertEquals(1, delegated.size(), "the queued task goes to the delegate once the inline one is done");
        delegated.remove(0).run();
        assertEquals(List.of("inline on caller", "inline done", "submitted by it"), ran);
        assertEquals(0, serial.queued());
        assertTrue(serial.runNowIfIdle(() -> ran.add("idle again")));
        assertTrue(delegated.isEmpty());
    }

    @Test
    void aBusyExecutorRunsNothingInlineAndKeepsItsOrder() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            SerialExecutor serial = new SerialExecutor(pool, "test");
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            List<String> ran = java.util.Collections.synchronizedList(new ArrayList<>());
            serial.execute(() -> {
                started.countDown();
                await(release);
                ran.add("slow");
                assertTrue(serial.inExecutor());
            });
            assertTrue(started.await(5, TimeUnit.SECONDS));
            assertFalse(serial.runNowIfIdle(() -> ran.add("must not run")), "a task is running");
            serial.execute(() -> ran.add("queued"));
            assertFalse(serial.runNowIfIdle(() -> ran.add("must not run")), "a task is queued");
            release.countDown();
            CountDownLatch done = new CountDownLatch(1);
            serial.execute(done::countDown);
            assertTrue(done.await(5, TimeUnit.SECONDS));
            assertEquals(List.of("slow", "queued"), ran);
            // The drain that ran `done` marks the executor idle just after the task returns, on the pool's thread: the
            // executor becomes idle soon after, not at the instant the latch opens.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            boolean ranInline = false;
            while (!ranInline && System.nanoTime() < deadline) {
                ranInline = serial.runNowIfIdle(() -> ran.add("inline"));
                if (!ranInline) {
                    Thread.sleep(1);
                }
            }
            assertTrue(ranInline, "the executor becomes idle once its queue has drained");
            assertEquals(List.of("slow", "queued", "inline"), ran);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anInlineTaskThatThrowsLeavesTheExecutorUsable() {
        List<String> ran = new ArrayList<>();
        SerialExecutor serial = new SerialExecutor(Runnable::run, "test");
        assertTrue(serial.runNowIfIdle(() -> {
            throw new IllegalStateException("injected");
        }));
        serial.execute(() -> ran.add("after"));
        assertTrue(serial.runNowIfIdle(() -> ran.add("inline after")));
        assertEquals(List.of("after", "inline after"), ran);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
