package org.cpebridge.mqtt.link;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A {@link LinkTimer} whose time moves only in {@link #advance}: due tasks run there, on the test's thread, in
 * due-time order. Thread-safe for scheduling; advance from one thread.
 */
final class ManualTimer implements LinkTimer {
    private final List<Task> tasks = new ArrayList<>();
    private long now;
    private long sequence;

    private record Task(long due, long sequence, Runnable action) {
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Task scheduled = new Task(now + delay.toNanos(), sequence++, task);
        tasks.add(scheduled);
        return () -> {
            synchronized (this) {
                tasks.remove(scheduled);
            }
        };
    }

    /** Moves time forward, running every task that falls due on the way. */
    void advance(Duration duration) {
        long end = now + duration.toNanos();
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(t -> t.due() <= end)
                        .min(Comparator.comparingLong(Task::due).thenComparingLong(Task::sequence)).orElse(null);
                if (next == null) {
                    break;
                }
                tasks.remove(next);
                now = Math.max(now, next.due());
            }
            next.action().run();
        }
        synchronized (this) {
            now = end;
        }
    }

    /** Tasks waiting to run. */
    synchronized int pendingTasks() {
        return tasks.size();
    }
}
